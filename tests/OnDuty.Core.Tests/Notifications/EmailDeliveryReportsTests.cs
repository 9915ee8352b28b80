using Microsoft.Extensions.Logging.Abstractions;
using OnDuty.Core.Alerts;
using OnDuty.Core.Comms;
using OnDuty.Core.Incidents;
using OnDuty.Core.Notifications;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Incidents;
using OnDuty.Messages;
using static OnDuty.Core.Tests.Incidents.IncidentHarness;

namespace OnDuty.Core.Tests.Notifications;

/// <summary>
/// ACS's delivery reports of emails it took (<see cref="EmailDeliveryReports"/>): a page that bounced is a failed page, on
/// its incident's timeline in the reader's language; a notice's batch stays sent for its other readers.
/// </summary>
public sealed class EmailDeliveryReportsTests
{
    private static NewIncident Details(AlertSeverity severity = AlertSeverity.Sev2) => new() { Title = "決済画面が開かない", Severity = severity };

    private static EmailDeliveryReports Reports(IncidentHarness h) => h.EmailReports();

    /// <summary>Every email accepted as ACS does (202), under <c>op:{message id}</c>.</summary>
    private static async Task<(IncidentHarness H, string Id)> DeclaredAsync(Action<CommsOptions>? comms = null)
    {
        var h = await CreateAsync(comms: comms);
        h.Email.AcceptAs = id => "op:" + id;
        var id = (await h.Service.CreateAsync(Details(), "sato", null, default)).Incident.Value.Id;
        await h.DrainQueueAsync();
        return (h, id);
    }

    [Fact]
    public async Task PageBounced_IsAFailedPage_OnItsIncidentsTimelineWithItsStep_AndSaidInJapanese()
    {
        var (h, id) = await DeclaredAsync();
        var reader = (await h.DutyEmailsAsync())[0];
        var page = $"incident:{id}:page:email:{reader}";
        Assert.Equal(OutboxStatus.Sent, (await h.Outbox.GetAsync(page, default))!.Status);
        var before = (await h.TimelineAsync(id)).Count;

        Assert.True(await Reports(h).HeardAsync("op:" + page, reader, "Bounced", "550 5.1.1 The email account that you tried to reach does not exist.", h.Time.GetUtcNow(), default));

        var row = (await h.Outbox.GetAsync(page, default))!;
        Assert.Equal(OutboxStatus.Failed, row.Status);
        Assert.Equal($"not delivered to {reader} (Bounced: 550 5.1.1 The email account that you tried to reach does not exist.)", row.LastError);
        Assert.Contains(await h.Outbox.ListAsync(OutboxStatus.Failed, 10, default), m => m.Id == page);
        var timeline = await h.TimelineAsync(id);
        var entry = Assert.Single(timeline.Skip(before));
        Assert.Equal((TimelineKind.DeliveryFailed, 0, "system"), (entry.Kind, entry.Step, entry.By));
        Assert.Equal([reader], entry.Recipients);
        Assert.Equal($"email to {reader} was not delivered (Bounced): 550 5.1.1 The email account that you tried to reach does not exist.", entry.Message);
        Assert.Equal($"メールが {reader} に届きませんでした（宛先から差し戻されました）：550 5.1.1 The email account that you tried to reach does not exist.",
            TimelineText.For(entry.Kind, entry.Message, Language.Ja));
        Assert.Equal($"email to {reader} was not delivered (bounced): 550 5.1.1 The email account that you tried to reach does not exist.", TimelineText.For(entry.Kind, entry.Message, Language.En));

        // Event Grid delivers at least once: the same report again tells nobody twice.
        Assert.False(await Reports(h).HeardAsync("op:" + page, reader, "Bounced", "550 5.1.1 The email account that you tried to reach does not exist.", h.Time.GetUtcNow(), default));
        Assert.Equal(timeline.Count, (await h.TimelineAsync(id)).Count);
    }

    [Fact]
    public async Task Suppressed_WithoutDetails_SaysWhyInJapanese()
    {
        var (h, id) = await DeclaredAsync();
        var reader = (await h.DutyEmailsAsync())[1];

        Assert.True(await Reports(h).HeardAsync($"op:incident:{id}:page:email:{reader}", reader, "Suppressed", null, h.Time.GetUtcNow(), default));

        var entry = (await h.TimelineAsync(id)).Last();
        Assert.Equal($"email to {reader} was not delivered (Suppressed): -", entry.Message);
        Assert.Equal($"メールが {reader} に届きませんでした（以前に差し戻されたアドレスのため、ACS が送信を止めています）：-", TimelineText.For(entry.Kind, entry.Message, Language.Ja));
        Assert.Equal($"email to {reader} was not delivered (suppressed: the address bounced before, so ACS no longer sends to it): -", TimelineText.For(entry.Kind, entry.Message, Language.En));
        Assert.Equal($"not delivered to {reader} (Suppressed)", (await h.Outbox.GetAsync($"incident:{id}:page:email:{reader}", default))!.LastError);
    }

    [Theory]
    [InlineData("Delivered")]
    [InlineData("Expanded")]
    [InlineData("delivered")]
    public async Task Reached_IsNoNews_NothingChanges(string status)
    {
        var (h, id) = await DeclaredAsync();
        var reader = (await h.DutyEmailsAsync())[0];
        var before = (await h.TimelineAsync(id)).Count;

        Assert.False(await Reports(h).HeardAsync($"op:incident:{id}:page:email:{reader}", reader, status, null, h.Time.GetUtcNow(), default));

        Assert.Equal(OutboxStatus.Sent, (await h.Outbox.GetAsync($"incident:{id}:page:email:{reader}", default))!.Status);
        Assert.Equal(before, (await h.TimelineAsync(id)).Count);
        Assert.Empty(await h.Outbox.ListAsync(OutboxStatus.Failed, 10, default));
    }

    /// <summary>
    /// A report about an operation OnDuty has no record of: while it is recent, "retry" (the email may be recorded as sent
    /// a moment after ACS reported on it); after <see cref="EmailDeliveryReports.RecordWait"/>, logged only.
    /// </summary>
    [Fact]
    public async Task UnknownOperation_RecentIsRetried_OlderOnlyLogged()
    {
        var (h, id) = await DeclaredAsync();
        var before = (await h.TimelineAsync(id)).Count;
        const string Unknown = "0b8e2f9c-0000-4000-8000-000000000000";

        await Assert.ThrowsAsync<OnDuty.Core.Common.ContentionException>(() => Reports(h).HeardAsync(Unknown, "someone@example.com", "Bounced", "550", h.Time.GetUtcNow().AddMinutes(-9), default));
        Assert.False(await Reports(h).HeardAsync(Unknown, "someone@example.com", "Bounced", "550", h.Time.GetUtcNow().AddMinutes(-11), default));
        Assert.False(await Reports(h).HeardAsync(Unknown, "someone@example.com", "Delivered", null, h.Time.GetUtcNow(), default)); // delivered: nothing is looked up

        Assert.Equal(before, (await h.TimelineAsync(id)).Count);
        Assert.Empty(await h.Outbox.ListAsync(OutboxStatus.Failed, 10, default));
    }

    /// <summary>
    /// The request that heard a report failed after the timeline was written (storage gave up on marking the page failed):
    /// Event Grid's retry marks it failed, and the timeline still says it once.
    /// </summary>
    [Fact]
    public async Task RetriedAfterAFailurePartWay_FinishesTheWork_TellsItOnce()
    {
        var (h, id) = await DeclaredAsync();
        var reader = (await h.DutyEmailsAsync())[0];
        var page = $"incident:{id}:page:email:{reader}";
        var before = (await h.TimelineAsync(id)).Count;
        var failing = new FailingSettle(h.Outbox);
        var broken = new EmailDeliveryReports(failing, [new IncidentMessageSubject(h.Incidents, h.Time, Microsoft.Extensions.Options.Options.Create(h.Options), h.Outbox)], h.Time, NullLogger<EmailDeliveryReports>.Instance);

        await Assert.ThrowsAsync<OnDuty.Core.Common.DependencyUnavailableException>(() => broken.HeardAsync("op:" + page, reader, "Bounced", "550", h.Time.GetUtcNow(), default));
        Assert.Equal(OutboxStatus.Sent, (await h.Outbox.GetAsync(page, default))!.Status);
        Assert.Single((await h.TimelineAsync(id)).Skip(before));

        Assert.True(await Reports(h).HeardAsync("op:" + page, reader, "Bounced", "550", h.Time.GetUtcNow(), default));

        Assert.Equal(OutboxStatus.Failed, (await h.Outbox.GetAsync(page, default))!.Status);
        Assert.Single((await h.TimelineAsync(id)).Skip(before));
    }

    /// <summary>The same report of a notice batch twice (its row stays sent, so nothing else tells it was heard): one timeline line.</summary>
    [Fact]
    public async Task NoticeBatchReportedTwice_OneTimelineLine()
    {
        var (h, id) = await DeclaredAsync(c =>
        {
            c.Audiences["execs"] = new AudienceOptions { Members = ["ceo@example.com", "cto@example.com"], Language = "ja" };
            c.BySeverity.Sev2 = ["execs"];
        });
        var batch = $"incident:{id}:notice:1:email:ja:0";
        var before = (await h.TimelineAsync(id)).Count;

        Assert.True(await Reports(h).HeardAsync("op:" + batch, "cto@example.com", "Bounced", "550", h.Time.GetUtcNow(), default));
        Assert.True(await Reports(h).HeardAsync("op:" + batch, "cto@example.com", "Bounced", "550", h.Time.GetUtcNow(), default));

        Assert.Single((await h.TimelineAsync(id)).Skip(before));
    }

    /// <summary>
    /// An email ACS reports done on the send (a retry found its operation Succeeded): no status check is owed, but its bounce
    /// must still find it.
    /// </summary>
    [Fact]
    public async Task DeliveredOnTheSendUnderAnOperation_ItsBounceStillFindsIt()
    {
        var h = await CreateAsync();
        h.Email.Script(new SendResult.Delivered("op-done-1") { ReportId = "op-done-1" }, new SendResult.Delivered("250 2.0.0 Ok: queued as 4Bx9"));
        var id = (await h.Service.CreateAsync(Details(), "sato", null, default)).Incident.Value.Id;
        await h.DrainQueueAsync();
        var found = await h.Outbox.FindByProviderIdAsync("op-done-1", default);
        Assert.NotNull(found);
        Assert.StartsWith($"incident:{id}:page:email:", found.Id, StringComparison.Ordinal);

        // An SMTP server's reply is no id anything reports by: not kept.
        Assert.Null(await h.Outbox.FindByProviderIdAsync("250 2.0.0 Ok: queued as 4Bx9", default));

        Assert.True(await Reports(h).HeardAsync("op-done-1", found.Recipient, "Bounced", "550", h.Time.GetUtcNow(), default));
        Assert.Equal(OutboxStatus.Failed, (await h.Outbox.GetAsync(found.Id, default))!.Status);
    }

    /// <summary>An outbox whose confirmation writes fail, as storage that gives up.</summary>
    private sealed class FailingSettle(IOutboxStore inner) : IOutboxStore
    {
        public Task<bool> TryEnqueueAsync(OutboxMessage message, DateTimeOffset leaseUntil, CancellationToken cancellationToken) => inner.TryEnqueueAsync(message, leaseUntil, cancellationToken);
        public Task<OutboxMessage?> GetAsync(string id, CancellationToken cancellationToken) => inner.GetAsync(id, cancellationToken);
        public Task<OutboxMessage?> FindByProviderIdAsync(string providerId, CancellationToken cancellationToken) => inner.FindByProviderIdAsync(providerId, cancellationToken);
        public Task<IReadOnlyList<OutboxMessage>> ListDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken) => inner.ListDueAsync(now, max, cancellationToken);
        public Task<IReadOnlyList<OutboxMessage>> ListLatePagesAsync(DateTimeOffset queuedBefore, int max, CancellationToken cancellationToken) => inner.ListLatePagesAsync(queuedBefore, max, cancellationToken);
        public Task<OutboxLease?> TryLeaseAsync(string id, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken) => inner.TryLeaseAsync(id, now, leaseUntil, cancellationToken);
        public Task<OutboxLease?> RenewLeaseAsync(OutboxLease lease, DateTimeOffset leaseUntil, CancellationToken cancellationToken) => inner.RenewLeaseAsync(lease, leaseUntil, cancellationToken);
        public Task MarkSentAsync(string id, DateTimeOffset sentAt, CancellationToken cancellationToken) => inner.MarkSentAsync(id, sentAt, cancellationToken);
        public Task MarkAcceptedAsync(string id, DateTimeOffset sentAt, string providerId, DateTimeOffset confirmAt, CancellationToken cancellationToken) => inner.MarkAcceptedAsync(id, sentAt, providerId, confirmAt, cancellationToken);
        public Task MarkDeliveredAsync(string id, DateTimeOffset sentAt, string providerId, CancellationToken cancellationToken) => inner.MarkDeliveredAsync(id, sentAt, providerId, cancellationToken);
        public Task<IReadOnlyList<PendingConfirmation>> ListToConfirmAsync(DateTimeOffset now, int max, CancellationToken cancellationToken) => inner.ListToConfirmAsync(now, max, cancellationToken);
        public Task SettleConfirmationAsync(string id, string? error, DateTimeOffset at, CancellationToken cancellationToken) =>
            throw new OnDuty.Core.Common.DependencyUnavailableException("Table Storage", new TimeoutException("storage gave up"));
        public Task DeferConfirmationAsync(string id, DateTimeOffset confirmAt, CancellationToken cancellationToken) => inner.DeferConfirmationAsync(id, confirmAt, cancellationToken);
        public Task MarkRetryAsync(string id, string error, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken) => inner.MarkRetryAsync(id, error, nextAttemptAt, cancellationToken);

        public Task<bool> BringForwardAsync(string id, DateTimeOffset at, CancellationToken cancellationToken) => inner.BringForwardAsync(id, at, cancellationToken);
        public Task MarkFailedAsync(string id, string error, DateTimeOffset at, CancellationToken cancellationToken) => inner.MarkFailedAsync(id, error, at, cancellationToken);
        public Task MarkCancelledAsync(string id, string reason, DateTimeOffset at, CancellationToken cancellationToken) => inner.MarkCancelledAsync(id, reason, at, cancellationToken);
        public Task MarkResentAsync(string id, string resendId, CancellationToken cancellationToken) => inner.MarkResentAsync(id, resendId, cancellationToken);
        public Task<IReadOnlyList<OutboxMessage>> ListAsync(OutboxStatus status, int max, CancellationToken cancellationToken) => inner.ListAsync(status, max, cancellationToken);
        public Task<int> PurgeSentAsync(DateTimeOffset sentBefore, int max, CancellationToken cancellationToken) => inner.PurgeSentAsync(sentBefore, max, cancellationToken);
        public Task<IReadOnlyList<OutboxMessage>> ListFailedToAsync(IReadOnlyCollection<string> recipients, DateTimeOffset since, int max, CancellationToken cancellationToken) => inner.ListFailedToAsync(recipients, since, max, cancellationToken);
        public Task<int> PurgeFailedToAsync(DateTimeOffset failedBefore, int max, CancellationToken cancellationToken) => inner.PurgeFailedToAsync(failedBefore, max, cancellationToken);
    }

    [Fact]
    public async Task NoticeBatchBouncedForOneReader_StaysSentForTheOthers_AndTheTimelineNamesWhoItMissed()
    {
        var (h, id) = await DeclaredAsync(c =>
        {
            c.Audiences["execs"] = new AudienceOptions { Members = ["ceo@example.com", "cto@example.com"], Language = "ja" };
            c.BySeverity.Sev2 = ["execs"];
        });
        var batch = $"incident:{id}:notice:1:email:ja:0";
        Assert.Equal(["ceo@example.com", "cto@example.com"], (await h.Outbox.GetAsync(batch, default))!.Bcc);
        var before = (await h.TimelineAsync(id)).Count;

        Assert.True(await Reports(h).HeardAsync("op:" + batch, "cto@example.com", "FilteredSpam", "Rejected by the recipient's spam filter", h.Time.GetUtcNow(), default));

        Assert.Equal(OutboxStatus.Sent, (await h.Outbox.GetAsync(batch, default))!.Status);
        var entry = Assert.Single((await h.TimelineAsync(id)).Skip(before));
        Assert.Null(entry.Step);
        Assert.Equal(["cto@example.com"], entry.Recipients);
        Assert.Equal("メールが cto@example.com に届きませんでした（迷惑メールとして拒否されました）：Rejected by the recipient's spam filter", TimelineText.For(entry.Kind, entry.Message, Language.Ja));
    }
}
