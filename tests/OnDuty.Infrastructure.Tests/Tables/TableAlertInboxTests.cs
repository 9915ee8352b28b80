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

    /// <summary>
    /// A group commit of a hundred is one transaction writing three rows (40, 40, 20: a row holds at most 40), not a hundred; the
    /// sweep lists a row once its youngest delivery is old enough, whole, oldest first per inbox; removing all of a row's
    /// deliveries deletes it, and removing them again is no error.
    /// </summary>
    [Fact]
    public async Task Append_AHundredInOneRequest_InSharedRows_ListedWholeOldestFirstPerInbox_RemovedOnce()
    {
        var tables = await CountingTables.CreateAsync(azurite.ConnectionString, "inbox1");
        var sut = new TableAlertInbox(tables.Tables);
        var batch = Enumerable.Range(0, 100).Select(n => Delivery("a", n, Now.AddSeconds(-100 + n))).ToList();

        var stored = await sut.AppendAsync(batch, None);
        await sut.AppendAsync([Delivery("b", 0, Now.AddMinutes(-5))], None);

        Assert.Equal(batch, stored.Select(d => d with { Row = null, RowCount = 0 }));
        Assert.Equal(["0000", "0040", "0080"], stored.Select(d => d.Row).Distinct());
        Assert.Equal([40, 40, 20], stored.GroupBy(d => d.Row).Select(r => r.First().RowCount));
        Assert.Equal(4, await RowsAsync(tables, "inbox|"));

        var before = await sut.ListAcceptedBeforeAsync(Now.AddSeconds(-10), 1000, None);
        Assert.Equal(81, before.Count); // a's rows 0..39 and 40..79 (its youngest 21 s old), not 80..99 (1 s); and b's one
        Assert.Equal(stored.Take(80), before.Where(d => d.Inbox == "a"));
        Assert.Equal(Delivery("b", 0, Now.AddMinutes(-5)) with { Row = "0000", RowCount = 1 }, Assert.Single(before, d => d.Inbox == "b"));

        await sut.RemoveAsync([.. before], None);
        await sut.RemoveAsync([.. before.Take(3)], None); // removed already: no error
        Assert.Equal(stored.Skip(80), await sut.ListAcceptedBeforeAsync(Now.AddDays(1), 1000, None));
        Assert.Equal(1, await RowsAsync(tables, "inbox|"));
    }

    /// <summary>
    /// Some deliveries of a shared row removed (an incident's apply failed, or one group settled first): the row keeps the
    /// others, found and listed as stored; removing those as the accepting instance knew the row (written with three) deletes it.
    /// </summary>
    [Fact]
    public async Task Remove_SomeOfASharedRow_KeepsTheOthers_TheLastRemovalDeletesIt()
    {
        var tables = await CountingTables.CreateAsync(azurite.ConnectionString, "inbox5");
        var sut = new TableAlertInbox(tables.Tables);
        var stored = await sut.AppendAsync([Delivery("a", 1, Now), Delivery("a", 2, Now), Delivery("a", 3, Now)], None);

        await sut.RemoveAsync([stored[1]], None);

        Assert.Equal([stored[0] with { RowCount = 2 }, stored[2] with { RowCount = 2 }], await sut.ListAcceptedBeforeAsync(Now.AddDays(1), 1000, None));
        Assert.Null(await sut.FindAsync(stored[1], None));
        Assert.Equal(stored[2].Notification, (await sut.FindAsync(stored[2] with { Notification = "" }, None))!.Notification);

        await sut.RemoveAsync([stored[0], stored[2]], None);
        Assert.Empty(await sut.ListAcceptedBeforeAsync(Now.AddDays(1), 1000, None));
        Assert.Equal(0, await RowsAsync(tables, "inbox|"));
    }

    /// <summary>
    /// The sweep applies a dead instance's shared row an incident at a time and removes each incident's deliveries once applied:
    /// one write each at the ETag it read (the last a delete), no read — it was a read and a rewrite each. A sweep that dies midway
    /// leaves the row holding exactly the deliveries still to apply, which the next sweep lists (nothing applied twice or lost).
    /// </summary>
    [Fact]
    public async Task SweepRemovals_ASharedRowOfFourIncidents_OneWriteEachAtTheETagRead_NoRead_ADeadSweepLeavesTheRest()
    {
        var tables = await CountingTables.CreateAsync(azurite.ConnectionString, "inbox7");
        var dead = new TableAlertInbox(tables.Tables);
        var stored = await dead.AppendAsync([.. Enumerable.Range(0, 8).Select(n => Delivery("a", n, Now.AddMinutes(-5)) with { IncidentId = $"INC-2026-{n / 2:D4}" })], None);
        Assert.Single(stored.Select(d => d.Row).Distinct());
        var sweep = new TableAlertInbox(tables.Tables);
        var listed = await sweep.ListAcceptedBeforeAsync(Now.AddMinutes(-2), 1000, None);
        var incidents = listed.GroupBy(d => d.IncidentId).ToList();
        Assert.Equal(4, incidents.Count);

        var (reads, writes) = (tables.Reads, tables.Writes);
        await sweep.RemoveAsync([.. incidents[0]], None);
        await sweep.RemoveAsync([.. incidents[1]], None);

        Assert.Equal((0, 2), (tables.Reads - reads, tables.Writes - writes));
        // The sweep died here: the next one finds the two incidents not yet applied, as stored.
        Assert.Equal(
            stored.Skip(4).Select(d => d with { RowCount = 4 }),
            await new TableAlertInbox(tables.Tables).ListAcceptedBeforeAsync(Now.AddMinutes(-2), 1000, None));

        (reads, writes) = (tables.Reads, tables.Writes);
        await sweep.RemoveAsync([.. incidents[2]], None);
        await sweep.RemoveAsync([.. incidents[3]], None);

        Assert.Equal((0, 2), (tables.Reads - reads, tables.Writes - writes));
        Assert.Equal(0, await RowsAsync(tables, "inbox|"));
    }

    /// <summary>A shared row changed by another remover since the sweep read it: the sweep's write at the old ETag is refused, and it reads the row again.</summary>
    [Fact]
    public async Task SweepRemovals_TheRowChangedSinceTheSweepReadIt_ReadAgain_NothingElseRemoved()
    {
        var tables = await CountingTables.CreateAsync(azurite.ConnectionString, "inbox8");
        var owner = new TableAlertInbox(tables.Tables);
        var stored = await owner.AppendAsync([Delivery("a", 1, Now.AddMinutes(-5)), Delivery("a", 2, Now.AddMinutes(-5)), Delivery("a", 3, Now.AddMinutes(-5))], None);
        var sweep = new TableAlertInbox(tables.Tables);
        Assert.Equal(3, (await sweep.ListAcceptedBeforeAsync(Now.AddMinutes(-2), 1000, None)).Count);

        await owner.RemoveAsync([stored[0]], None);
        await sweep.RemoveAsync([stored[1]], None);

        Assert.Equal([stored[2] with { RowCount = 1 }], await owner.ListAcceptedBeforeAsync(Now.AddMinutes(-2), 1000, None));
    }

    /// <summary>
    /// A row of one delivery, as the builds before 12-06 stored each (an instance of the earlier build died with it in its
    /// inbox, or wrote it during a rolling deploy): listed, found and removed as before.
    /// </summary>
    [Fact]
    public async Task RowOfOneDelivery_AsStoredBefore_ListedFoundRemoved()
    {
        var tables = await CountingTables.CreateAsync(azurite.ConnectionString, "inbox6");
        var sut = new TableAlertInbox(tables.Tables);
        var old = Delivery("a", 7, Now.AddMinutes(-3));
        await tables.Tables.AlertGroups.AddEntityAsync(new Azure.Data.Tables.TableEntity("inbox|a", old.Id)
        {
            ["IncidentId"] = old.IncidentId,
            ["AlertVersion"] = old.AlertVersion,
            ["AcceptedAt"] = old.AcceptedAt,
            ["Notification"] = old.Notification,
        });
        var stored = await sut.AppendAsync([Delivery("a", 8, Now.AddMinutes(-3))], None);

        Assert.Equal([old, stored[0]], await sut.ListAcceptedBeforeAsync(Now, 1000, None));
        Assert.Equal(old, await sut.FindAsync(old with { Notification = "" }, None));

        await sut.RemoveAsync([old, stored[0]], None);
        Assert.Equal(0, await RowsAsync(tables, "inbox|"));
    }

    /// <summary>An append of two rows, the second's key stored already, fails whole: nothing of it is written (one transaction).</summary>
    [Fact]
    public async Task Append_ARowKeyTaken_NothingWritten()
    {
        var tables = await CountingTables.CreateAsync(azurite.ConnectionString, "inbox2");
        var sut = new TableAlertInbox(tables.Tables);
        await sut.AppendAsync([Delivery("a", 1, Now)], None);

        await Assert.ThrowsAnyAsync<Exception>(() => sut.AppendAsync([.. Enumerable.Range(100, 40).Select(n => Delivery("a", n, Now)), Delivery("a", 1, Now)], None));

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
        var stored = await sut.AppendAsync([accepted, Delivery("a", 2, Now)], None);
        var kept = stored[0] with { Notification = "" };

        Assert.Equal(accepted with { Repeat = null, Row = "0001", RowCount = 2 }, await sut.FindAsync(kept, None));
        Assert.Equal(repeat, stored[0].Repeat); // what the instance keeps in memory is returned, not stored
        Assert.Null(await sut.FindAsync(Delivery("b", 1, Now), None));

        await sut.RemoveAsync([kept], None);
        Assert.Null(await sut.FindAsync(kept, None));
        Assert.Equal(2, (await sut.FindAsync(stored[1], None))!.AlertVersion);
    }

    /// <summary>Set aside as unreadable: out of the sweep's read, listed with everything it had, and moving it again is no error.</summary>
    [Fact]
    public async Task SetAside_OutOfTheSweepsRead_ListedWhole_Idempotent()
    {
        var tables = await CountingTables.CreateAsync(azurite.ConnectionString, "inbox3");
        var sut = new TableAlertInbox(tables.Tables);
        var stuck = Delivery("a", 1, Now.AddHours(-2)) with { Notification = "{not json" };
        var stored = await sut.AppendAsync([stuck, Delivery("a", 2, Now.AddHours(-2))], None);
        Assert.Empty(await sut.ListSetAsideAsync(10, None));

        await sut.SetAsideAsync([stored[0]], "'n' is an invalid start of a property name", None);
        await sut.SetAsideAsync([stored[0]], "'n' is an invalid start of a property name", None);

        Assert.Equal(["0002"], (await sut.ListAcceptedBeforeAsync(Now, 1000, None)).Select(d => d.Id));
        Assert.Equal(stuck, Assert.Single(await sut.ListSetAsideAsync(10, None)));
        var row = await tables.Tables.AlertGroups.GetEntityAsync<Azure.Data.Tables.TableEntity>("unreadable|a", "0001");
        Assert.Equal("'n' is an invalid start of a property name", row.Value.GetString("Error"));

        await sut.RemoveSetAsideAsync([stuck], None);
        await sut.RemoveSetAsideAsync([stuck], None); // gone already: no error
        Assert.Empty(await sut.ListSetAsideAsync(10, None));
    }

    private static async Task<int> RowsAsync(CountingTables tables, string prefix)
    {
        var rows = 0;
        await foreach (var _ in tables.Tables.AlertGroups.QueryAsync<Azure.Data.Tables.TableEntity>($"PartitionKey ge '{prefix}' and PartitionKey lt '{prefix[..^1]}}}'"))
        {
            rows++;
        }

        return rows;
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
