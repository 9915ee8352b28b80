using OnDuty.Core.Incidents;
using OnDuty.Infrastructure.Tables;
using OnDuty.Infrastructure.Tests.Retros;
using OnDuty.Testing;

namespace OnDuty.Infrastructure.Tests.Tables;

/// <summary>The alert inbox on Azurite: an append is one transaction (all or nothing), a sweep finds every inbox's older deliveries, removal is idempotent.</summary>
public sealed class TableAlertInboxTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 3, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task Append_AHundredInOneRequest_ListedOldestFirstPerInbox_RemovedOnce()
    {
        var tables = await CountingTables.CreateAsync(azurite.ConnectionString, "inbox1");
        var sut = new TableAlertInbox(tables.Tables);
        var batch = Enumerable.Range(0, 100).Select(n => Delivery("a", n, Now.AddSeconds(-n))).ToList();

        await sut.AppendAsync(batch, None);
        await sut.AppendAsync([Delivery("b", 0, Now.AddMinutes(-5))], None);

        var before = await sut.ListAcceptedBeforeAsync(Now.AddSeconds(-49.5), 1000, None);
        Assert.Equal(51, before.Count); // a's 50..99 and b's one
        Assert.Equal(batch.Skip(50).Select(d => d.Id).Order(StringComparer.Ordinal), before.Where(d => d.Inbox == "a").Select(d => d.Id));
        var b = Assert.Single(before, d => d.Inbox == "b");
        Assert.Equal(Delivery("b", 0, Now.AddMinutes(-5)), b);

        await sut.RemoveAsync([.. before], None);
        await sut.RemoveAsync([.. before.Take(3)], None); // removed already: no error
        Assert.Equal(50, (await sut.ListAcceptedBeforeAsync(Now.AddDays(1), 1000, None)).Count);
    }

    /// <summary>One delivery whose id is stored already fails the whole append: nothing of it is written.</summary>
    [Fact]
    public async Task Append_OneIdTaken_NothingWritten()
    {
        var tables = await CountingTables.CreateAsync(azurite.ConnectionString, "inbox2");
        var sut = new TableAlertInbox(tables.Tables);
        await sut.AppendAsync([Delivery("a", 1, Now)], None);

        await Assert.ThrowsAnyAsync<Exception>(() => sut.AppendAsync([Delivery("a", 2, Now), Delivery("a", 1, Now)], None));

        Assert.Equal(["1".PadLeft(4, '0')], (await sut.ListAcceptedBeforeAsync(Now.AddDays(1), 1000, None)).Select(d => d.Id));
        await Assert.ThrowsAsync<ArgumentException>(() => sut.AppendAsync([.. Enumerable.Range(10, 101).Select(n => Delivery("a", n, Now))], None));
        await Assert.ThrowsAsync<ArgumentException>(() => sut.AppendAsync([Delivery("a", 7, Now), Delivery("b", 8, Now)], None));
    }

    /// <summary>
    /// A delivery the accepting instance kept only as its repeat (its notification not in memory) is found by its inbox and id
    /// with everything stored, the notification included, but not what was kept in memory; once removed, it is not found.
    /// </summary>
    [Fact]
    public async Task Find_ByInboxAndId_AsStored_NullOnceRemoved()
    {
        var tables = await CountingTables.CreateAsync(azurite.ConnectionString, "inbox4");
        var sut = new TableAlertInbox(tables.Tables);
        var repeat = new AcceptedRepeat("alertmanager", [new RepeatedAlert("cpu", "CPU high")], Core.Alerts.AlertSeverity.Sev2);
        var accepted = Delivery("a", 1, Now) with { Repeat = repeat };
        await sut.AppendAsync([accepted, Delivery("a", 2, Now)], None);
        var kept = accepted with { Notification = "" };

        Assert.Equal(accepted with { Repeat = null }, await sut.FindAsync(kept, None));
        Assert.Null(await sut.FindAsync(Delivery("b", 1, Now), None));

        await sut.RemoveAsync([kept], None);
        Assert.Null(await sut.FindAsync(kept, None));
        Assert.Equal(2, (await sut.FindAsync(Delivery("a", 2, Now), None))!.AlertVersion);
    }

    /// <summary>Set aside as unreadable: out of the sweep's read, listed with everything it had, and moving it again is no error.</summary>
    [Fact]
    public async Task SetAside_OutOfTheSweepsRead_ListedWhole_Idempotent()
    {
        var tables = await CountingTables.CreateAsync(azurite.ConnectionString, "inbox3");
        var sut = new TableAlertInbox(tables.Tables);
        var stuck = Delivery("a", 1, Now.AddHours(-2)) with { Notification = "{not json" };
        await sut.AppendAsync([stuck, Delivery("a", 2, Now.AddHours(-2))], None);
        Assert.Empty(await sut.ListSetAsideAsync(10, None));

        await sut.SetAsideAsync([stuck], "'n' is an invalid start of a property name", None);
        await sut.SetAsideAsync([stuck], "'n' is an invalid start of a property name", None);

        Assert.Equal(["0002"], (await sut.ListAcceptedBeforeAsync(Now, 1000, None)).Select(d => d.Id));
        Assert.Equal(stuck, Assert.Single(await sut.ListSetAsideAsync(10, None)));
        var row = await tables.Tables.AlertGroups.GetEntityAsync<Azure.Data.Tables.TableEntity>("unreadable|a", "0001");
        Assert.Equal("'n' is an invalid start of a property name", row.Value.GetString("Error"));

        await sut.RemoveSetAsideAsync([stuck], None);
        await sut.RemoveSetAsideAsync([stuck], None); // gone already: no error
        Assert.Empty(await sut.ListSetAsideAsync(10, None));
    }

    private static InboxDelivery Delivery(string inbox, int n, DateTimeOffset at) => new()
    {
        Inbox = inbox,
        Id = n.ToString("D4", System.Globalization.CultureInfo.InvariantCulture),
        IncidentId = $"INC-2026-{n:D4}",
        AlertVersion = n,
        AcceptedAt = at,
        Notification = $$"""{"source":"alertmanager","groupKey":"g{{n}}","text":"{{new string('x', 2000)}}"}""",
    };
}
