using System.Text;
using Azure.Data.Tables;
using OnDuty.Core.Common;
using OnDuty.Core.Notifications;
using OnDuty.Testing;

namespace OnDuty.Infrastructure.Tests.Tables;

public class TableOutboxStoreTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 1, 0, 0, TimeSpan.Zero);

    private TablesHarness _harness = null!;

    private IOutboxStore Sut => _harness.Outbox;

    public async Task InitializeAsync() => _harness = await TablesHarness.CreateAsync(azurite.ConnectionString, "outbox");

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task TryEnqueueAsync_New_RoundTripsEveryField()
    {
        var message = new OutboxMessage
        {
            Id = "duty:incident-duty:2026-W50|yamada@example.jp/#?%.",
            Channel = Channel.Teams,
            Recipient = "PM channel",
            RecipientName = "山田 太郎",
            Subject = "今週の障害当番",
            TextBody = "Ann and Bob are on duty.",
            HtmlBody = "<p>Ann and Bob are on duty.</p>",
            CardJson = """{"type":"AdaptiveCard","version":"1.5"}""",
            Topic = "duty:incident-duty:2026-W50",
            Attempts = 0,
            CreatedAt = T0,
            NextAttemptAt = T0.AddMinutes(1),
            LastError = "none yet",
        };

        Assert.True(await Sut.TryEnqueueAsync(message, T0.AddMinutes(2), None));

        Assert.Equal(message, await Sut.GetAsync(message.Id, None));
    }

    [Fact]
    public async Task TryEnqueueAsync_MinimalMessage_RoundTrips()
    {
        var message = new OutboxMessage { Id = "m1", Channel = Channel.Email, Recipient = "a@example.com" };

        Assert.True(await Sut.TryEnqueueAsync(message, default, None));

        Assert.Equal(message, await Sut.GetAsync("m1", None));
        Assert.Equal(["m1"], (await Sut.ListDueAsync(T0, 10, None)).Select(m => m.Id));
    }

    [Fact]
    public async Task TryEnqueueAsync_SameIdTwice_ReturnsFalseAndKeepsFirst()
    {
        var first = NewMessage("notice:ann", T0) with { Subject = "first" };

        Assert.True(await Sut.TryEnqueueAsync(first, T0, None));
        Assert.False(await Sut.TryEnqueueAsync(first with { Subject = "second", NextAttemptAt = T0.AddHours(-1) }, T0, None));

        Assert.Equal("first", (await Sut.GetAsync("notice:ann", None))!.Subject);
        Assert.Single(await Sut.ListAsync(OutboxStatus.Pending, 10, None));
        Assert.Single(await Sut.ListDueAsync(T0, 10, None));
    }

    [Fact]
    public async Task TryEnqueueAsync_AfterSent_ReturnsFalseAndStaysSent()
    {
        await Sut.TryEnqueueAsync(NewMessage("m1", T0), T0, None);
        await Sut.MarkSentAsync("m1", T0, None);

        Assert.False(await Sut.TryEnqueueAsync(NewMessage("m1", T0), T0, None));

        Assert.Equal(OutboxStatus.Sent, (await Sut.GetAsync("m1", None))!.Status);
        Assert.Empty(await Sut.ListDueAsync(T0.AddDays(1), 10, None));
    }

    [Fact]
    public async Task GetAsync_Missing_ReturnsNull()
    {
        Assert.Null(await Sut.GetAsync("nope", None));
    }

    [Fact]
    public async Task ListDueAsync_HonoursNextAttemptAndLease_OldestFirstUpToMax()
    {
        await Sut.TryEnqueueAsync(NewMessage("later", T0.AddMinutes(10)), T0, None);
        await Sut.TryEnqueueAsync(NewMessage("newer", T0.AddMinutes(-1)), T0, None);
        await Sut.TryEnqueueAsync(NewMessage("older", T0.AddMinutes(-5)), T0, None);
        await Sut.TryEnqueueAsync(NewMessage("oldest", T0.AddMinutes(-9)), T0, None);
        await Sut.TryEnqueueAsync(NewMessage("leased", T0.AddMinutes(-20)), leaseUntil: T0.AddMinutes(3), None);

        Assert.Equal(["oldest", "older", "newer"], (await Sut.ListDueAsync(T0, 10, None)).Select(m => m.Id));
        Assert.Equal(["oldest", "older"], (await Sut.ListDueAsync(T0, 2, None)).Select(m => m.Id));
        Assert.Equal(["leased", "oldest", "older", "newer"], (await Sut.ListDueAsync(T0.AddMinutes(3), 10, None)).Select(m => m.Id));
        Assert.Equal(5, (await Sut.ListDueAsync(T0.AddMinutes(10), 10, None)).Count);
    }

    [Fact]
    public async Task TryLeaseAsync_TwoInstancesAtOnce_ExactlyOneGetsIt()
    {
        await Sut.TryEnqueueAsync(NewMessage("m1", T0), T0, None);
        await using var otherInstance = TablesHarness.OnTablesOf(_harness, azurite.ConnectionString);

        var results = await Task.WhenAll(
            Sut.TryLeaseAsync("m1", T0, T0.AddMinutes(5), None),
            otherInstance.Outbox.TryLeaseAsync("m1", T0, T0.AddMinutes(5), None));

        Assert.Single(results, r => r is not null);
        Assert.Empty(await Sut.ListDueAsync(T0.AddMinutes(1), 10, None));
        Assert.Single(await Sut.ListDueAsync(T0.AddMinutes(5), 10, None));
    }

    [Fact]
    public async Task TryLeaseAsync_LeasedNotDueOrMissing_ReturnsFalse()
    {
        await Sut.TryEnqueueAsync(NewMessage("leased", T0), T0.AddMinutes(5), None);
        await Sut.TryEnqueueAsync(NewMessage("future", T0.AddMinutes(5)), T0, None);

        Assert.Null(await Sut.TryLeaseAsync("leased", T0, T0.AddMinutes(10), None));
        Assert.Null(await Sut.TryLeaseAsync("future", T0, T0.AddMinutes(10), None));
        Assert.Null(await Sut.TryLeaseAsync("missing", T0, T0.AddMinutes(10), None));
        Assert.NotNull(await Sut.TryLeaseAsync("leased", T0.AddMinutes(5), T0.AddMinutes(10), None));
    }

    [Fact]
    public async Task MarkSentAsync_Pending_RecordsSentAndLeavesDueIndex()
    {
        await Sut.TryEnqueueAsync(NewMessage("m1", T0), T0.AddMinutes(1), None);
        await Sut.TryLeaseAsync("m1", T0.AddMinutes(1), T0.AddMinutes(2), None);

        await Sut.MarkSentAsync("m1", T0.AddSeconds(90), None);
        await Sut.MarkSentAsync("m1", T0.AddSeconds(95), None);

        var stored = await Sut.GetAsync("m1", None);
        Assert.Equal(OutboxStatus.Sent, stored!.Status);
        Assert.Equal(T0.AddSeconds(90), stored.SentAt);
        Assert.Equal(1, stored.Attempts);
        Assert.Empty(await Sut.ListDueAsync(T0.AddDays(1), 10, None));
        Assert.Empty(await Sut.ListAsync(OutboxStatus.Pending, 10, None));
        Assert.Equal(["m1"], (await Sut.ListAsync(OutboxStatus.Sent, 10, None)).Select(m => m.Id));
    }

    [Fact]
    public async Task MarkRetryAsync_Leased_CountsAttemptAndFreesMessageAtNextAttempt()
    {
        await Sut.TryEnqueueAsync(NewMessage("m1", T0), T0.AddMinutes(30), None);

        await Sut.MarkRetryAsync("m1", "429 Too Many Requests", T0.AddMinutes(2), None);
        await Sut.MarkRetryAsync("m1", "503 Service Unavailable", T0.AddMinutes(4), None);

        var stored = await Sut.GetAsync("m1", None);
        Assert.Equal(OutboxStatus.Pending, stored!.Status);
        Assert.Equal(2, stored.Attempts);
        Assert.Equal("503 Service Unavailable", stored.LastError);
        Assert.Equal(T0.AddMinutes(4), stored.NextAttemptAt);
        Assert.Empty(await Sut.ListDueAsync(T0.AddMinutes(3), 10, None));
        Assert.Equal(["m1"], (await Sut.ListDueAsync(T0.AddMinutes(4), 10, None)).Select(m => m.Id));
        Assert.NotNull(await Sut.TryLeaseAsync("m1", T0.AddMinutes(4), T0.AddMinutes(5), None));
    }

    [Fact]
    public async Task MarkFailedAsync_Pending_GivesUpAndListsNewestFirst()
    {
        await Sut.TryEnqueueAsync(NewMessage("m1", T0), T0, None);
        await Sut.TryEnqueueAsync(NewMessage("m2", T0), T0, None);
        await Sut.TryEnqueueAsync(NewMessage("m3", T0), T0, None);

        await Sut.MarkFailedAsync("m2", "550 mailbox unavailable", T0.AddMinutes(1), None);
        await Sut.MarkFailedAsync("m1", "400 bad address", T0.AddMinutes(2), None);
        await Sut.MarkFailedAsync("m1", "again", T0.AddMinutes(3), None);

        var failed = await Sut.ListAsync(OutboxStatus.Failed, 10, None);
        Assert.Equal(["m1", "m2"], failed.Select(m => m.Id));
        Assert.All(failed, m => Assert.Equal(OutboxStatus.Failed, m.Status));
        Assert.Equal("400 bad address", failed[0].LastError);
        Assert.Equal(1, failed[0].Attempts);
        Assert.Equal(["m1"], (await Sut.ListAsync(OutboxStatus.Failed, 1, None)).Select(m => m.Id));
        Assert.Equal(["m3"], (await Sut.ListDueAsync(T0.AddDays(1), 10, None)).Select(m => m.Id));
        Assert.Equal(["m3"], (await Sut.ListAsync(OutboxStatus.Pending, 10, None)).Select(m => m.Id));
        Assert.Null(await Sut.TryLeaseAsync("m1", T0.AddDays(1), T0.AddDays(2), None));
    }

    [Fact]
    public async Task MarkRetryAsync_AfterSent_ThrowsConcurrency()
    {
        await Sut.TryEnqueueAsync(NewMessage("m1", T0), T0, None);
        await Sut.MarkSentAsync("m1", T0, None);

        await Assert.ThrowsAsync<ConcurrencyException>(() => Sut.MarkRetryAsync("m1", "late", T0.AddMinutes(1), None));

        Assert.Equal(OutboxStatus.Sent, (await Sut.GetAsync("m1", None))!.Status);
    }

    [Fact]
    public async Task MarkSentAsync_Missing_ThrowsNotFound()
    {
        await Assert.ThrowsAsync<NotFoundException>(() => Sut.MarkSentAsync("nope", T0, None));
    }

    [Fact]
    public async Task ListAsync_ByStatus_NewestFirstAndMax()
    {
        for (var i = 1; i <= 3; i++)
        {
            await Sut.TryEnqueueAsync(NewMessage($"p{i}", T0) with { CreatedAt = T0.AddMinutes(i) }, T0, None);
            await Sut.TryEnqueueAsync(NewMessage($"s{i}", T0), T0, None);
            await Sut.MarkSentAsync($"s{i}", T0.AddMinutes(10 - i), None);
        }

        Assert.Equal(["p3", "p2", "p1"], (await Sut.ListAsync(OutboxStatus.Pending, 10, None)).Select(m => m.Id));
        Assert.Equal(["s1", "s2"], (await Sut.ListAsync(OutboxStatus.Sent, 2, None)).Select(m => m.Id));
        Assert.Empty(await Sut.ListAsync(OutboxStatus.Failed, 10, None));
    }

    [Fact]
    public async Task TryEnqueueAsync_100KbHtmlBody_RoundTripsAcrossProperties()
    {
        // Emoji (surrogate pairs) throughout, so chunk boundaries land on pairs.
        var html = new StringBuilder("<html><body>");
        for (var i = 0; html.Length < 100_000; i++)
        {
            html.Append("<p>障害 ").Append(i).Append(" 🚨🔥</p>");
        }

        html.Append("</body></html>");
        var message = NewMessage("big", T0) with { HtmlBody = html.ToString(), TextBody = new string('x', 40_000), CardJson = "{}" };

        Assert.True(await Sut.TryEnqueueAsync(message, T0, None));

        var stored = await Sut.GetAsync("big", None);
        Assert.Equal(message.HtmlBody, stored!.HtmlBody);
        Assert.Equal(message.TextBody, stored.TextBody);
        Assert.Equal(message, stored);
        var raw = await _harness.Tables.Outbox.GetEntityAsync<TableEntity>("outbox", "msg|big");
        Assert.True(raw.Value.ContainsKey("HtmlBody_3"));
        Assert.All(raw.Value.Select(p => p.Value).OfType<string>(), s => Assert.True(s.Length <= 32_000));
    }

    [Fact]
    public async Task TryEnqueueAsync_BodiesOver900Kb_ThrowsValidationAndStoresNothing()
    {
        var message = NewMessage("huge", T0) with { HtmlBody = new string('h', 400_000), TextBody = new string('t', 70_000) };

        var ex = await Assert.ThrowsAsync<ValidationException>(() => Sut.TryEnqueueAsync(message, T0, None));

        Assert.Contains("900 KB", ex.Errors["body"][0]);
        Assert.Null(await Sut.GetAsync("huge", None));
        Assert.Empty(await Sut.ListDueAsync(T0, 10, None));
    }

    [Fact]
    public async Task MarkRetryAsync_LongError_IsTruncated()
    {
        await Sut.TryEnqueueAsync(NewMessage("m1", T0), T0, None);

        await Sut.MarkRetryAsync("m1", new string('e', 100_000), T0.AddMinutes(1), None);

        Assert.InRange((await Sut.GetAsync("m1", None))!.LastError!.Length, 1000, 8_001);
    }

    [Fact]
    public async Task RenewLeaseAsync_HolderRenews_AnotherHolderAfterExpiryCannotBeRenewedByTheFirst()
    {
        await Sut.TryEnqueueAsync(NewMessage("m1", T0), T0, None);
        var first = await Sut.TryLeaseAsync("m1", T0, T0.AddMinutes(1), None);

        var renewed = await Sut.RenewLeaseAsync(first!, T0.AddMinutes(2), None);
        Assert.Equal(T0.AddMinutes(2), renewed!.Until);
        Assert.Null(await Sut.TryLeaseAsync("m1", T0.AddSeconds(90), T0.AddMinutes(3), None));
        Assert.Empty(await Sut.ListDueAsync(T0.AddSeconds(90), 10, None));

        // The holder stalls past its lease; another sender takes the message; the first can no longer renew.
        var second = await Sut.TryLeaseAsync("m1", T0.AddMinutes(2), T0.AddMinutes(3), None);
        Assert.NotNull(second);
        Assert.Null(await Sut.RenewLeaseAsync(renewed, T0.AddMinutes(4), None));
        Assert.NotNull(await Sut.RenewLeaseAsync(second!, T0.AddMinutes(4), None));
    }

    [Fact]
    public async Task RenewLeaseAsync_MessageSettled_ReturnsNull()
    {
        await Sut.TryEnqueueAsync(NewMessage("m1", T0), T0, None);
        var lease = await Sut.TryLeaseAsync("m1", T0, T0.AddMinutes(1), None);
        await Sut.MarkSentAsync("m1", T0, None);

        Assert.Null(await Sut.RenewLeaseAsync(lease!, T0.AddMinutes(2), None));
    }

    [Fact]
    public async Task MarkCancelledAsync_Pending_LeavesDueIndexAndListsAsCancelled()
    {
        await Sut.TryEnqueueAsync(NewMessage("m1", T0) with { Priority = OutboxPriority.Page }, T0, None);
        await Sut.TryEnqueueAsync(NewMessage("m2", T0), T0, None);

        await Sut.MarkCancelledAsync("m1", "incident INC-2026-0001 was acknowledged", T0.AddMinutes(1), None);
        await Sut.MarkCancelledAsync("m1", "again", T0.AddMinutes(2), None);

        var cancelled = Assert.Single(await Sut.ListAsync(OutboxStatus.Cancelled, 10, None));
        Assert.Equal("m1", cancelled.Id);
        Assert.Equal(OutboxPriority.Page, cancelled.Priority);
        Assert.Equal("incident INC-2026-0001 was acknowledged", cancelled.LastError);
        Assert.Equal(0, cancelled.Attempts);
        Assert.Equal(["m2"], (await Sut.ListDueAsync(T0.AddDays(1), 10, None)).Select(m => m.Id));
        await Assert.ThrowsAsync<ConcurrencyException>(() => Sut.MarkSentAsync("m1", T0, None));
    }

    [Fact]
    public async Task PurgeSentAsync_DeletesOnlySentMessagesOlderThanTheCutoff()
    {
        for (var i = 0; i < 130; i++)
        {
            await Sut.TryEnqueueAsync(NewMessage($"old{i:000}", T0), T0, None);
            await Sut.MarkSentAsync($"old{i:000}", T0.AddDays(-40), None);
        }

        await Sut.TryEnqueueAsync(NewMessage("recent", T0), T0, None);
        await Sut.MarkSentAsync("recent", T0.AddDays(-1), None);
        await Sut.TryEnqueueAsync(NewMessage("failed", T0), T0, None);
        await Sut.MarkFailedAsync("failed", "550", T0.AddDays(-40), None);
        await Sut.TryEnqueueAsync(NewMessage("pending", T0), T0, None);

        Assert.Equal(120, await Sut.PurgeSentAsync(T0.AddDays(-30), 120, None));
        Assert.Equal(10, await Sut.PurgeSentAsync(T0.AddDays(-30), 120, None));
        Assert.Equal(0, await Sut.PurgeSentAsync(T0.AddDays(-30), 120, None));

        Assert.Equal(["recent"], (await Sut.ListAsync(OutboxStatus.Sent, 1000, None)).Select(m => m.Id));
        Assert.NotNull(await Sut.GetAsync("failed", None));
        Assert.NotNull(await Sut.GetAsync("pending", None));
        Assert.Null(await Sut.GetAsync("old000", None));
    }

    private static OutboxMessage NewMessage(string id, DateTimeOffset nextAttemptAt) => new()
    {
        Id = id,
        Channel = Channel.Email,
        Recipient = "ann@example.com",
        Subject = "Duty",
        TextBody = "You are on duty.",
        CreatedAt = T0,
        NextAttemptAt = nextAttemptAt,
    };
}
