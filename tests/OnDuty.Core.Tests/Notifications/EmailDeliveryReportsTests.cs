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

    private static EmailDeliveryReports Reports(IncidentHarness h) =>
        new(h.Outbox, [new IncidentMessageSubject(h.Incidents, h.Time, Microsoft.Extensions.Options.Options.Create(h.Options)), new UpdateNudgeSubject(h.Incidents)], h.Time, NullLogger<EmailDeliveryReports>.Instance);

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

        Assert.True(await Reports(h).HeardAsync("op:" + page, reader, "Bounced", "550 5.1.1 The email account that you tried to reach does not exist.", default));

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
        Assert.False(await Reports(h).HeardAsync("op:" + page, reader, "Bounced", "550 5.1.1 The email account that you tried to reach does not exist.", default));
        Assert.Equal(timeline.Count, (await h.TimelineAsync(id)).Count);
    }

    [Fact]
    public async Task Suppressed_WithoutDetails_SaysWhyInJapanese()
    {
        var (h, id) = await DeclaredAsync();
        var reader = (await h.DutyEmailsAsync())[1];

        Assert.True(await Reports(h).HeardAsync($"op:incident:{id}:page:email:{reader}", reader, "Suppressed", null, default));

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

        Assert.False(await Reports(h).HeardAsync($"op:incident:{id}:page:email:{reader}", reader, status, null, default));

        Assert.Equal(OutboxStatus.Sent, (await h.Outbox.GetAsync($"incident:{id}:page:email:{reader}", default))!.Status);
        Assert.Equal(before, (await h.TimelineAsync(id)).Count);
        Assert.Empty(await h.Outbox.ListAsync(OutboxStatus.Failed, 10, default));
    }

    [Fact]
    public async Task UnknownOperation_IsOnlyLogged()
    {
        var (h, id) = await DeclaredAsync();
        var before = (await h.TimelineAsync(id)).Count;

        Assert.False(await Reports(h).HeardAsync("0b8e2f9c-0000-4000-8000-000000000000", "someone@example.com", "Bounced", "550", default));

        Assert.Equal(before, (await h.TimelineAsync(id)).Count);
        Assert.Empty(await h.Outbox.ListAsync(OutboxStatus.Failed, 10, default));
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

        Assert.True(await Reports(h).HeardAsync("op:" + batch, "cto@example.com", "FilteredSpam", "Rejected by the recipient's spam filter", default));

        Assert.Equal(OutboxStatus.Sent, (await h.Outbox.GetAsync(batch, default))!.Status);
        var entry = Assert.Single((await h.TimelineAsync(id)).Skip(before));
        Assert.Null(entry.Step);
        Assert.Equal(["cto@example.com"], entry.Recipients);
        Assert.Equal("メールが cto@example.com に届きませんでした（迷惑メールとして拒否されました）：Rejected by the recipient's spam filter", TimelineText.For(entry.Kind, entry.Message, Language.Ja));
    }
}
