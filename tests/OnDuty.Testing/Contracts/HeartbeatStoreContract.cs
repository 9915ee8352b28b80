using OnDuty.Core.Alerts;
using OnDuty.Core.Common;
using OnDuty.Core.Heartbeats;

namespace OnDuty.Testing.Contracts;

/// <summary>
/// What every <see cref="IHeartbeatStore"/> does: the table adapter on Azurite and the in-memory fake run these same tests, so
/// the fake the Core tests lean on cannot be kinder than the store production uses.
/// </summary>
public abstract class HeartbeatStoreContract : IAsyncLifetime
{
    protected static readonly CancellationToken None = CancellationToken.None;
    protected static readonly TimeSpan Tokyo = TimeSpan.FromHours(9);
    protected static readonly DateTimeOffset T0 = new(2026, 12, 1, 23, 0, 0, Tokyo);

    private static readonly IReadOnlyDictionary<string, string> NoLabels = new Dictionary<string, string>();

    protected IHeartbeatStore Sut { get; private set; } = null!;

    /// <summary>A new, empty store.</summary>
    protected abstract Task<IHeartbeatStore> CreateStoreAsync();

    public virtual async Task InitializeAsync() => Sut = await CreateStoreAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task AddAsync_EveryField_GetAndListRoundTripIt()
    {
        var heartbeat = NewHeartbeat("nightly-batch") with
        {
            Title = "夜間バッチ（売上集計）",
            Description = "毎晩 2 時に売上を集計するジョブ。止まったら ジョブ基盤 のログを確認 & 再実行 <手順書 参照>。",
            Interval = TimeSpan.FromDays(1),
            Grace = TimeSpan.FromMinutes(45),
            Severity = AlertSeverity.Sev1,
            Labels = new Dictionary<string, string> { ["service"] = "決済", ["env"] = "本番", ["team"] = "sre" },
            ChangedBy = "山田 太郎 <yamada@example.jp>",
            ChangedAt = T0.AddHours(-3),
            LastPingAt = T0.AddHours(-2),
            LastFailAt = T0.AddMinutes(-30),
            LastFailure = "集計が失敗しました: タイムアウト (exit 1)\n再試行 3 回",
            DownSince = T0.AddMinutes(-30),
            Reported = HeartbeatReport.Firing,
            ReportPending = true,
            ReportedAt = T0.AddMinutes(-29),
            WorkingDaysOnly = true,
            ExpectedBy = T0.AddDays(2),
            MaxRun = TimeSpan.FromMinutes(30),
            LastStartAt = T0.AddMinutes(-40),
        };

        var etag = await Sut.AddAsync(heartbeat, None);

        var read = await Sut.GetAsync("nightly-batch", None);
        AssertSameHeartbeat(heartbeat, read!.Value);
        Assert.Equal(etag, read.ETag);
        var listed = Assert.Single(await Sut.ListAsync(None));
        AssertSameHeartbeat(heartbeat, listed.Value);
        Assert.Equal(etag, listed.ETag);
        Assert.Equal(HeartbeatState.Failed, read.Value.StateAt(T0));
    }

    /// <summary>Every report, pending or not, as each check leaves it.</summary>
    [Theory]
    [InlineData(HeartbeatReport.None, false)]
    [InlineData(HeartbeatReport.Firing, true)]
    [InlineData(HeartbeatReport.Firing, false)]
    [InlineData(HeartbeatReport.Resolved, true)]
    [InlineData(HeartbeatReport.Resolved, false)]
    public async Task AddAsync_EachReport_RoundTrips(HeartbeatReport reported, bool pending)
    {
        var heartbeat = NewHeartbeat("watchdog") with { LastPingAt = T0, Reported = reported, ReportPending = pending };

        await Sut.AddAsync(heartbeat, None);

        var read = (await Sut.GetAsync("watchdog", None))!.Value;
        Assert.Equal((reported, pending), (read.Reported, read.ReportPending));
        AssertSameHeartbeat(heartbeat, read);
    }

    /// <summary>What is not set comes back not set: no description, labels, change, ping, failure or report.</summary>
    [Fact]
    public async Task AddAsync_OnlyRequiredFields_ReadBackUnset()
    {
        var heartbeat = new Heartbeat
        {
            Name = "watchdog",
            Title = "watchdog",
            Interval = TimeSpan.FromMinutes(5),
            Grace = TimeSpan.Zero,
            CreatedBy = "ito",
            CreatedAt = T0,
        };

        await Sut.AddAsync(heartbeat, None);

        var read = (await Sut.GetAsync("watchdog", None))!.Value;
        AssertSameHeartbeat(heartbeat, read);
        Assert.Equal(
            (null, AlertSeverity.Sev2, null, null, null, null, null, null, HeartbeatReport.None, false, TimeSpan.Zero),
            (read.Description, read.Severity, read.ChangedBy, read.ChangedAt, read.LastPingAt, read.LastFailAt, read.LastFailure, read.DownSince, read.Reported, read.ReportPending, read.Grace));
        Assert.Empty(read.Labels);
        Assert.Equal(HeartbeatState.Waiting, read.StateAt(T0));
    }

    /// <summary>Times given in Tokyo come back as the same instants, whatever offset the store keeps them at.</summary>
    [Fact]
    public async Task AddAsync_TimesWithAnOffset_ReadBackAsTheSameInstants()
    {
        var heartbeat = NewHeartbeat("nightly-batch") with
        {
            ChangedAt = T0.AddMinutes(1),
            LastPingAt = T0.AddMinutes(2).AddTicks(1234567),
            LastFailAt = T0.AddMinutes(3),
            DownSince = T0.AddMinutes(4),
        };
        Assert.Equal(Tokyo, heartbeat.LastPingAt!.Value.Offset);

        await Sut.AddAsync(heartbeat, None);

        foreach (var read in new[] { (await Sut.GetAsync("nightly-batch", None))!.Value, Assert.Single(await Sut.ListAsync(None)).Value })
        {
            Assert.Equal(
                (heartbeat.CreatedAt.UtcDateTime, heartbeat.ChangedAt!.Value.UtcDateTime, heartbeat.LastPingAt!.Value.UtcDateTime, heartbeat.LastFailAt!.Value.UtcDateTime, heartbeat.DownSince!.Value.UtcDateTime),
                (read.CreatedAt.UtcDateTime, read.ChangedAt!.Value.UtcDateTime, read.LastPingAt!.Value.UtcDateTime, read.LastFailAt!.Value.UtcDateTime, read.DownSince!.Value.UtcDateTime));
            Assert.Equal(new DateTimeOffset(2026, 12, 1, 14, 2, 0, TimeSpan.Zero).AddTicks(1234567), read.LastPingAt);
            Assert.Equal(heartbeat.DueAt, read.DueAt);
        }
    }

    /// <summary>
    /// A heartbeat with every text at its limit, all Japanese (and characters JSON escapes), round-trips: it is what a person may
    /// define, and a failure its sender may report.
    /// </summary>
    [Fact]
    public async Task AddAsync_EveryTextAtItsLimitInJapanese_RoundTrips()
    {
        var heartbeat = NewHeartbeat("nightly-batch") with
        {
            Title = new string('監', Heartbeat.MaxTitleLength),
            Description = string.Concat(Enumerable.Repeat("止<&>\"", Heartbeat.MaxDescriptionLength / 5)),
            Labels = Enumerable.Range(0, Heartbeat.MaxLabels).ToDictionary(
                i => i.ToString("D2", System.Globalization.CultureInfo.InvariantCulture) + new string('ラ', Heartbeat.MaxLabelLength - 2),
                i => new string('値', Heartbeat.MaxLabelLength)),
            LastFailAt = T0,
            LastFailure = new string('失', Heartbeat.MaxFailureLength),
            ChangedBy = "山田 太郎 <yamada@example.jp>",
            ChangedAt = T0,
        };

        var etag = await Sut.AddAsync(heartbeat, None);

        AssertSameHeartbeat(heartbeat, (await Sut.GetAsync("nightly-batch", None))!.Value);
        var replaced = heartbeat with { LastPingAt = T0.AddMinutes(1) };
        await Sut.ReplaceAsync(replaced, etag, None);
        AssertSameHeartbeat(replaced, Assert.Single(await Sut.ListAsync(None)).Value);
    }

    /// <summary>
    /// The name is the row key, escaped and sent as it is: storage refuses one longer than 512 characters (400 InvalidInput, which
    /// the adapter does not map), and the fake refuses it the same way.
    /// </summary>
    [Fact]
    public async Task AddAsync_NameLongerThanAKey_RefusedByStorageAndNothingStored()
    {
        var error = await Assert.ThrowsAsync<Azure.RequestFailedException>(() => Sut.AddAsync(NewHeartbeat(new string('n', TableStorageRules.MaxKeyLength + 1)), None));

        Assert.Equal((400, "InvalidInput"), (error.Status, error.ErrorCode));
        Assert.Empty(await Sut.ListAsync(None));
    }

    /// <summary>The heartbeat is one JSON property: past 32K characters storage refuses it, as a 400 naming the body.</summary>
    [Fact]
    public async Task AddAsync_JsonLongerThanAProperty_ValidationNamingBodyAndNothingStored()
    {
        var heartbeat = NewHeartbeat("nightly-batch") with { Description = new string('d', TableStorageRules.MaxStringLength) };

        var error = await Assert.ThrowsAsync<ValidationException>(() => Sut.AddAsync(heartbeat, None));

        Assert.Contains("PropertyValueTooLarge", Assert.Single(error.Errors["body"]), StringComparison.Ordinal);
        Assert.Empty(await Sut.ListAsync(None));
    }

    /// <summary>The store keeps what it was given: changing the caller's dictionary afterwards changes nothing stored.</summary>
    [Fact]
    public async Task AddAsync_CallersLabelsChangedAfterwards_StoredHeartbeatUnchanged()
    {
        var labels = new Dictionary<string, string> { ["service"] = "決済" };
        await Sut.AddAsync(NewHeartbeat("nightly-batch") with { Labels = labels }, None);

        labels["service"] = "payments";
        labels["env"] = "prod";

        Assert.Equal([new("service", "決済")], (await Sut.GetAsync("nightly-batch", None))!.Value.Labels);
    }

    [Fact]
    public async Task AddAsync_NameExists_ThrowsConcurrencyAndKeepsTheFirst()
    {
        var first = NewHeartbeat("nightly-batch") with { Title = "first" };
        var etag = await Sut.AddAsync(first, None);

        await Assert.ThrowsAsync<ConcurrencyException>(() => Sut.AddAsync(NewHeartbeat("nightly-batch") with { Title = "second", Interval = TimeSpan.FromHours(1) }, None));

        var stored = await Sut.GetAsync("nightly-batch", None);
        AssertSameHeartbeat(first, stored!.Value);
        Assert.Equal(etag, stored.ETag);
        Assert.Single(await Sut.ListAsync(None));
    }

    /// <summary>A name deleted is free again.</summary>
    [Fact]
    public async Task AddAsync_NameDeletedBefore_AddsItAfresh()
    {
        await Sut.AddAsync(NewHeartbeat("nightly-batch") with { Title = "old", LastPingAt = T0 }, None);
        Assert.True(await Sut.DeleteAsync("nightly-batch", None));
        var fresh = NewHeartbeat("nightly-batch") with { Title = "new" };

        var etag = await Sut.AddAsync(fresh, None);

        var stored = await Sut.GetAsync("nightly-batch", None);
        AssertSameHeartbeat(fresh, stored!.Value);
        Assert.Equal(etag, stored.ETag);
    }

    [Fact]
    public async Task ReplaceAsync_AtCurrentETag_StoresItWithANewETag()
    {
        var added = await Sut.AddAsync(NewHeartbeat("nightly-batch"), None);
        var pinged = NewHeartbeat("nightly-batch") with { LastPingAt = T0.AddMinutes(5), Reported = HeartbeatReport.Resolved, ReportPending = true };

        var replaced = await Sut.ReplaceAsync(pinged, added, None);

        Assert.NotEqual(added, replaced);
        var stored = await Sut.GetAsync("nightly-batch", None);
        AssertSameHeartbeat(pinged, stored!.Value);
        Assert.Equal(replaced, stored.ETag);

        var changed = pinged with
        {
            Title = "夜間バッチ",
            Interval = TimeSpan.FromHours(12),
            Labels = new Dictionary<string, string> { ["env"] = "本番" },
            ChangedBy = "sato",
            ChangedAt = T0.AddHours(1),
            ReportPending = false,
        };
        var again = await Sut.ReplaceAsync(changed, replaced, None);
        Assert.NotEqual(replaced, again);
        Assert.NotEqual(added, again);
        var final = await Sut.GetAsync("nightly-batch", None);
        AssertSameHeartbeat(changed, final!.Value);
        Assert.Equal(again, final.ETag);
    }

    [Fact]
    public async Task ReplaceAsync_AtStaleETag_ThrowsConcurrencyAndKeepsTheStoredHeartbeat()
    {
        var stale = await Sut.AddAsync(NewHeartbeat("nightly-batch"), None);
        var pinged = NewHeartbeat("nightly-batch") with { LastPingAt = T0.AddMinutes(5) };
        var current = await Sut.ReplaceAsync(pinged, stale, None);

        await Assert.ThrowsAsync<ConcurrencyException>(() => Sut.ReplaceAsync(NewHeartbeat("nightly-batch") with { LastFailAt = T0.AddMinutes(6), LastFailure = "disk full" }, stale, None));

        var stored = await Sut.GetAsync("nightly-batch", None);
        AssertSameHeartbeat(pinged, stored!.Value);
        Assert.Equal(current, stored.ETag);
    }

    [Fact]
    public async Task ReplaceAsync_ETagNeverHandedOut_ThrowsConcurrencyAndKeepsTheStoredHeartbeat()
    {
        var heartbeat = NewHeartbeat("nightly-batch");
        var etag = await Sut.AddAsync(heartbeat, None);

        await Assert.ThrowsAsync<ConcurrencyException>(() => Sut.ReplaceAsync(heartbeat with { Title = "changed" }, "W/\"bogus\"", None));

        var stored = await Sut.GetAsync("nightly-batch", None);
        AssertSameHeartbeat(heartbeat, stored!.Value);
        Assert.Equal(etag, stored.ETag);
    }

    /// <summary>A heartbeat deleted since it was read is not brought back by a replace (a check racing its deletion).</summary>
    [Fact]
    public async Task ReplaceAsync_HeartbeatDeleted_ThrowsConcurrencyAndStoresNothing()
    {
        var heartbeat = NewHeartbeat("nightly-batch");
        var etag = await Sut.AddAsync(heartbeat, None);
        Assert.True(await Sut.DeleteAsync("nightly-batch", None));

        await Assert.ThrowsAsync<ConcurrencyException>(() => Sut.ReplaceAsync(heartbeat with { LastPingAt = T0 }, etag, None));

        Assert.Null(await Sut.GetAsync("nightly-batch", None));
        Assert.Empty(await Sut.ListAsync(None));
    }

    /// <summary>A replace of a name never added (at an ETag another heartbeat was handed) creates nothing.</summary>
    [Fact]
    public async Task ReplaceAsync_HeartbeatNeverAdded_ThrowsConcurrencyAndStoresNothing()
    {
        var other = await Sut.AddAsync(NewHeartbeat("watchdog"), None);

        await Assert.ThrowsAsync<ConcurrencyException>(() => Sut.ReplaceAsync(NewHeartbeat("nightly-batch"), other, None));

        Assert.Null(await Sut.GetAsync("nightly-batch", None));
        Assert.Equal(["watchdog"], (await Sut.ListAsync(None)).Select(h => h.Value.Name));
        Assert.Equal(other, (await Sut.GetAsync("watchdog", None))!.ETag);
    }

    [Fact]
    public async Task DeleteAsync_Stored_TrueThenFalseAndGone()
    {
        await Sut.AddAsync(NewHeartbeat("nightly-batch"), None);
        var kept = await Sut.AddAsync(NewHeartbeat("watchdog"), None);

        Assert.True(await Sut.DeleteAsync("nightly-batch", None));
        Assert.False(await Sut.DeleteAsync("nightly-batch", None));

        Assert.Null(await Sut.GetAsync("nightly-batch", None));
        var listed = Assert.Single(await Sut.ListAsync(None));
        Assert.Equal(("watchdog", kept), (listed.Value.Name, listed.ETag));
    }

    [Fact]
    public async Task DeleteAsync_UnknownName_ReturnsFalseAndDeletesNothing()
    {
        await Sut.AddAsync(NewHeartbeat("nightly-batch"), None);

        Assert.False(await Sut.DeleteAsync("watchdog", None));
        Assert.False(await Sut.DeleteAsync("Nightly-Batch", None));
        Assert.False(await Sut.DeleteAsync("nightly-batc", None));

        Assert.Equal(["nightly-batch"], (await Sut.ListAsync(None)).Select(h => h.Value.Name));
    }

    /// <summary>Names are compared exactly: another case or a prefix is another heartbeat.</summary>
    [Fact]
    public async Task GetAsync_UnknownName_ReturnsNull()
    {
        await Sut.AddAsync(NewHeartbeat("nightly-batch"), None);

        Assert.Null(await Sut.GetAsync("watchdog", None));
        Assert.Null(await Sut.GetAsync("Nightly-Batch", None));
        Assert.Null(await Sut.GetAsync("nightly-batc", None));
        Assert.Null(await Sut.GetAsync("nightly-batch-2", None));
    }

    /// <summary>A name as long as any caller may send (from a URL) finds nothing and deletes nothing, and does not fail.</summary>
    [Fact]
    public async Task GetAndDeleteAsync_NameOf2000Characters_NullAndFalse()
    {
        await Sut.AddAsync(NewHeartbeat("nightly-batch"), None);

        Assert.Null(await Sut.GetAsync(new string('x', 2_000), None));
        Assert.Null(await Sut.GetAsync("nightly-batch" + new string('/', 1_987), None));
        Assert.False(await Sut.DeleteAsync(new string('x', 2_000), None));
        Assert.False(await Sut.DeleteAsync("nightly-batch" + new string('/', 1_987), None));

        Assert.Single(await Sut.ListAsync(None));
    }

    [Fact]
    public async Task ListAsync_Empty_ReturnsNothing()
    {
        Assert.Empty(await Sut.ListAsync(None));
    }

    [Fact]
    public async Task ListAsync_SeveralHeartbeats_ReturnsEachWithItsETag()
    {
        var etags = new Dictionary<string, string>();
        foreach (var name in new[] { "watchdog", "alertmanager-watchdog", "nightly-batch" })
        {
            etags[name] = await Sut.AddAsync(NewHeartbeat(name) with { Title = "title of " + name }, None);
        }

        etags["nightly-batch"] = await Sut.ReplaceAsync(NewHeartbeat("nightly-batch") with { Title = "changed" }, etags["nightly-batch"], None);
        await Sut.AddAsync(NewHeartbeat("gone"), None);
        await Sut.DeleteAsync("gone", None);

        var listed = await Sut.ListAsync(None);

        Assert.Equal(
            [("alertmanager-watchdog", "title of alertmanager-watchdog", etags["alertmanager-watchdog"]), ("nightly-batch", "changed", etags["nightly-batch"]), ("watchdog", "title of watchdog", etags["watchdog"])],
            listed.Select(h => (h.Value.Name, h.Value.Title, h.ETag)).OrderBy(h => h.Name, StringComparer.Ordinal));
    }

    /// <summary>The check reads every heartbeat with one list and writes each back at the ETag the list gave.</summary>
    [Fact]
    public async Task ListAsync_ETag_IsTheOneGetGivesAndReplacesIt()
    {
        await Sut.AddAsync(NewHeartbeat("nightly-batch"), None);
        await Sut.AddAsync(NewHeartbeat("watchdog"), None);

        var listed = await Sut.ListAsync(None);

        foreach (var heartbeat in listed)
        {
            Assert.Equal((await Sut.GetAsync(heartbeat.Value.Name, None))!.ETag, heartbeat.ETag);
        }

        var watchdog = listed.Single(h => h.Value.Name == "watchdog");
        var late = watchdog.Value with { Reported = HeartbeatReport.Firing, ReportPending = true, DownSince = T0 };
        var etag = await Sut.ReplaceAsync(late, watchdog.ETag, None);

        Assert.NotEqual(watchdog.ETag, etag);
        var stored = await Sut.GetAsync("watchdog", None);
        AssertSameHeartbeat(late, stored!.Value);
        Assert.Equal(etag, stored.ETag);
        await Assert.ThrowsAsync<ConcurrencyException>(() => Sut.ReplaceAsync(watchdog.Value, watchdog.ETag, None));
    }

    protected static Heartbeat NewHeartbeat(string name) => new()
    {
        Name = name,
        Title = "Nightly batch",
        Interval = TimeSpan.FromHours(1),
        Grace = TimeSpan.FromMinutes(12),
        CreatedBy = "ito",
        CreatedAt = T0.AddDays(-1),
    };

    /// <summary>Every field alike, the labels by content (a record compares a dictionary by reference).</summary>
    protected static void AssertSameHeartbeat(Heartbeat expected, Heartbeat actual)
    {
        Assert.Equal(expected with { Labels = NoLabels }, actual with { Labels = NoLabels });
        Assert.Equal(expected.Labels.OrderBy(l => l.Key, StringComparer.Ordinal), actual.Labels.OrderBy(l => l.Key, StringComparer.Ordinal));
    }
}
