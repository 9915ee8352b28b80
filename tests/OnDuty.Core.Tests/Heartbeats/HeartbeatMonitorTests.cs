using Microsoft.Extensions.Logging.Abstractions;
using OnDuty.Core.Alerts;
using OnDuty.Core.Common;
using OnDuty.Core.Heartbeats;
using OnDuty.Core.Incidents;
using OnDuty.Core.Maintenance;
using OnDuty.Core.Messages;
using OnDuty.Core.Tests.Fakes;
using OnDuty.Core.Tests.Incidents;

namespace OnDuty.Core.Tests.Heartbeats;

/// <summary>
/// Heartbeats through the real intake, pager and outbox on the strict fakes: one that stops pages the duty pair once, one heard
/// again resolves its incident, a failure said pages at once, and nothing decided is lost to a failing send or a racing ping.
/// </summary>
public sealed class HeartbeatMonitorTests
{
    /// <summary>Japan's calendar with the company closed over 年末年始 (2026-12-29 to 2027-01-03).</summary>
    private static readonly OnDuty.Core.Calendar.WorkingCalendar Calendar =
        new("JP", [new OnDuty.Core.Calendar.ClosureOptions { From = new DateOnly(2026, 12, 29), To = new DateOnly(2027, 1, 3), Name = "年末年始" }]);

    private static readonly TimeSpan Tokyo = TimeSpan.FromHours(9);

    private static readonly HeartbeatRequest FiveMinutes = new() { Title = "夜間バッチ", IntervalMinutes = 5, GraceMinutes = 1, Severity = "sev2" };

    private sealed class Harness
    {
        public required IncidentHarness Incidents { get; init; }

        public required InMemoryHeartbeatStore Store { get; init; }

        public required HeartbeatMonitor Monitor { get; init; }

        public Microsoft.Extensions.Time.Testing.FakeTimeProvider Time => Incidents.Time;

        public async Task<Heartbeat> StoredAsync(string name) => (await Store.GetAsync(name, default))!.Value;

        /// <summary>The open incident of the heartbeat's alert group, if any.</summary>
        public async Task<Incident?> OpenIncidentAsync(string name) =>
            await Incidents.Incidents.GetOpenGroupAsync(AlertSources.Heartbeat, name, default) is { IncidentId: { } id } ? await Incidents.IncidentAsync(id) : null;
    }

    private static async Task<Harness> CreateAsync(string language = "ja", string? baseUrl = null)
    {
        var incidents = await IncidentHarness.CreateAsync();
        var store = new InMemoryHeartbeatStore();
        var monitor = new HeartbeatMonitor(store, incidents.Intake, incidents.Incidents, TestRenderer.Instance, incidents.Time,
            Microsoft.Extensions.Options.Options.Create(incidents.Options),
            Microsoft.Extensions.Options.Options.Create(new TeamOptions { Language = language, PublicBaseUrl = baseUrl }), NullLogger<HeartbeatMonitor>.Instance, Calendar, incidents.Dispatcher);
        return new Harness { Incidents = incidents, Store = store, Monitor = monitor };
    }

    private const string OwnerAddress = "nakamura@onduty.example";

    private static readonly HeartbeatRequest Owned = FiveMinutes with { Owner = new HeartbeatOwnerRequest { Email = " " + OwnerAddress + " ", Name = "中村" } };

    /// <summary>Mails to the heartbeat's owner (never a page: she is not on the roster).</summary>
    private static List<OnDuty.Core.Notifications.EmailMessage> OwnerMails(Harness h) =>
        [.. h.Incidents.Email.Sent.Select(s => s.Message).Where(m => m.To == OwnerAddress)];

    [Fact]
    public async Task Owner_ToldOnceWhenItStops_OnceWhenHeardAgain_NamedInThePairsPage()
    {
        var h = await CreateAsync();
        var (defined, _) = await h.Monitor.DefineAsync("nightly-batch", Owned, "nakamura", default);
        Assert.Equal(new HeartbeatOwner(OwnerAddress, "中村"), defined.Value.Owner);
        await h.Monitor.PingAsync("nightly-batch", default);

        h.Time.Advance(TimeSpan.FromMinutes(10));
        await h.Monitor.CheckAsync(default);
        await h.Incidents.DrainQueueAsync();
        var incident = (await h.OpenIncidentAsync("nightly-batch"))!;

        // The pair's page names her, so they know whom to call at night.
        var pages = h.Incidents.Email.Sent.Select(s => s.Message).Where(m => m.To != OwnerAddress).ToList();
        Assert.NotEmpty(pages);
        Assert.All(pages, m => Assert.Contains("ハートビートの担当者：中村さん（nakamura@onduty.example）", m.TextBody, StringComparison.Ordinal));
        var down = Assert.Single(OwnerMails(h));
        Assert.Equal(("【OnDuty】ハートビート途絶：夜間バッチ", "中村"), (down.Subject, down.ToName));
        Assert.Contains("中村さん\n\nご担当のハートビート「夜間バッチ」が止まったため、当番を呼び出しました。", down.TextBody, StringComparison.Ordinal);
        Assert.Contains("インシデント：" + incident.Id, down.TextBody, StringComparison.Ordinal);
        Assert.Contains("2026年12月1日(火) 10:06（JST）を過ぎても届いていません。", down.TextBody, StringComparison.Ordinal);
        // No base URL set: nothing to link.
        Assert.DoesNotContain("http", down.TextBody, StringComparison.Ordinal);

        // The report sent again (as after a failed clear) and later checks queue nothing new for her.
        var stored = (await h.Store.GetAsync("nightly-batch", default))!;
        await h.Store.ReplaceAsync(stored.Value with { ReportPending = true }, stored.ETag, default);
        h.Time.Advance(TimeSpan.FromHours(2));
        await h.Monitor.CheckAsync(default);
        await h.Incidents.DrainQueueAsync();
        Assert.Single(OwnerMails(h));

        var heardAt = h.Time.GetUtcNow();
        await h.Monitor.PingAsync("nightly-batch", default);
        await h.Monitor.CheckAsync(default);
        await h.Incidents.DrainQueueAsync();
        Assert.Equal(2, OwnerMails(h).Count);
        var back = OwnerMails(h)[1];
        Assert.Equal("【OnDuty】ハートビート復旧：夜間バッチ", back.Subject);
        Assert.Contains("ご担当のハートビート「夜間バッチ」を再び受信しました。", back.TextBody, StringComparison.Ordinal);
        // As the pair's recovery mail says it: when, and how long after it was due (10:06).
        Assert.Contains("ハートビート「夜間バッチ」を 2026年12月1日(火) 12:10（JST）に受信しました（期限 10:06 から", back.TextBody, StringComparison.Ordinal);
        Assert.Equal(2, h.Incidents.Outbox.All.Count(m => m.Id.StartsWith("hbowner:nightly-batch:", StringComparison.Ordinal)));
        Assert.Equal(heardAt, (await h.StoredAsync("nightly-batch")).LastPingAt);
    }

    [Fact]
    public async Task Owner_InEnglishTeam_MailInEnglish_NoOwnerNoMail()
    {
        var h = await CreateAsync("en");
        await h.Monitor.DefineAsync("nightly-batch", Owned, "nakamura", default);
        await h.Monitor.DefineAsync("other", FiveMinutes, "sato", default);
        await h.Monitor.PingAsync("nightly-batch", default);
        await h.Monitor.PingAsync("other", default);
        h.Time.Advance(TimeSpan.FromMinutes(10));
        await h.Monitor.CheckAsync(default);
        await h.Incidents.DrainQueueAsync();

        var down = Assert.Single(OwnerMails(h));
        Assert.Equal("[OnDuty] Heartbeat missed: 夜間バッチ", down.Subject);
        Assert.Contains("Your heartbeat “夜間バッチ” stopped, so the duty pair were paged.", down.TextBody, StringComparison.Ordinal);
        Assert.Single(h.Incidents.Outbox.All, m => m.Id.StartsWith("hbowner:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Owner_WithBaseUrl_MailsLinkHerStatusPageAndTheIncident()
    {
        var h = await CreateAsync(baseUrl: "https://onduty.example/");
        await h.Monitor.DefineAsync("nightly-batch", Owned, "nakamura", default);
        await h.Monitor.PingAsync("nightly-batch", default);
        h.Time.Advance(TimeSpan.FromMinutes(10));
        await h.Monitor.CheckAsync(default);
        await h.Incidents.DrainQueueAsync();
        var incident = (await h.OpenIncidentAsync("nightly-batch"))!;

        var down = Assert.Single(OwnerMails(h));
        Assert.EndsWith(
            $"\nハートビートの状況：https://onduty.example/api/status#h-heartbeats\n障害ページを開く：https://onduty.example/api/incidents/{incident.Id}/page",
            down.TextBody.ReplaceLineEndings("\n").TrimEnd(), StringComparison.Ordinal);
        Assert.Contains($"<a href=\"https://onduty.example/api/incidents/{incident.Id}/page\">", down.HtmlBody, StringComparison.Ordinal);

        await h.Monitor.PingAsync("nightly-batch", default);
        await h.Monitor.CheckAsync(default);
        await h.Incidents.DrainQueueAsync();
        var back = OwnerMails(h)[1];
        Assert.Contains("ハートビートの状況：https://onduty.example/api/status#h-heartbeats\n", back.TextBody.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains($"障害ページを開く：https://onduty.example/api/incidents/{incident.Id}/page", back.TextBody, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nakamura", null, "owner.email")]
    [InlineData("", "中村", "owner.email")]
    [InlineData("nakamura@onduty.example", "中村\nさん", "owner.name")]
    public void Define_BadOwner_ProblemNamingTheField(string email, string? name, string field)
    {
        var request = FiveMinutes with { Owner = new HeartbeatOwnerRequest { Email = email, Name = name } };

        var ex = Assert.Throws<ValidationException>(() => Heartbeat.Define("nightly-batch", request, null, "sato", DateTimeOffset.UnixEpoch));

        Assert.Equal([field], ex.Errors.Keys);
    }

    [Fact]
    public async Task Paused_SilentPagesNobody_EndOfPauseDueAnIntervalLater_ThenPages()
    {
        var h = await CreateAsync();
        await h.Monitor.DefineAsync("nightly-batch", Owned, "nakamura", default);
        await h.Monitor.PingAsync("nightly-batch", default);
        var until = h.Time.GetUtcNow().AddHours(3);
        var (paused, _) = await h.Monitor.DefineAsync("nightly-batch", Owned with { PausedUntil = until }, "nakamura", default);
        Assert.Equal(HeartbeatState.Paused, paused.Value.StateAt(h.Time.GetUtcNow()));

        for (var i = 0; i < 18; i++)
        {
            h.Time.Advance(TimeSpan.FromMinutes(10));
            Assert.Equal((0, 0), await h.Monitor.CheckAsync(default));
        }

        // 3 h: the pause ends; due 5 + 1 minutes later, not at once.
        Assert.Equal(until + TimeSpan.FromMinutes(6), (await h.StoredAsync("nightly-batch")).DueAt);
        h.Time.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal((0, 0), await h.Monitor.CheckAsync(default));
        Assert.Equal(0, h.Incidents.Incidents.Count);
        h.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal((1, 0), await h.Monitor.CheckAsync(default));
        await h.Incidents.DrainQueueAsync();
        Assert.NotNull(await h.OpenIncidentAsync("nightly-batch"));
        Assert.Single(OwnerMails(h));
    }

    [Fact]
    public async Task Paused_FirstPingResumes_WhileDownItsIncidentStaysOpen()
    {
        var h = await CreateAsync();
        await h.Monitor.DefineAsync("nightly-batch", FiveMinutes, "sato", default);
        await h.Monitor.PingAsync("nightly-batch", default);
        h.Time.Advance(TimeSpan.FromMinutes(10));
        await h.Monitor.CheckAsync(default);
        var id = (await h.OpenIncidentAsync("nightly-batch"))!.Id;

        // Paused while down: nothing is resolved as if it had been heard, nothing new raised.
        await h.Monitor.DefineAsync("nightly-batch", FiveMinutes with { PausedUntil = h.Time.GetUtcNow().AddDays(1) }, "sato", default);
        h.Time.Advance(TimeSpan.FromHours(2));
        Assert.Equal((0, 0), await h.Monitor.CheckAsync(default));
        Assert.Equal(id, (await h.OpenIncidentAsync("nightly-batch"))?.Id);

        // Its first ping resumes it (and resolves the incident, as any ping does).
        var pinged = await h.Monitor.PingAsync("nightly-batch", default);
        Assert.Null(pinged.Value.PausedUntil);
        Assert.Equal(HeartbeatState.Up, pinged.Value.StateAt(h.Time.GetUtcNow()));
        Assert.Null(await h.OpenIncidentAsync("nightly-batch"));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData(60 * 24 * 32)]
    public void Define_PauseInThePastOrTooFar_ProblemNamingPausedUntil(int minutes)
    {
        var now = DateTimeOffset.UnixEpoch.AddYears(50);
        var request = FiveMinutes with { PausedUntil = now.AddMinutes(minutes) };

        var ex = Assert.Throws<ValidationException>(() => Heartbeat.Define("nightly-batch", request, null, "sato", now));

        Assert.Equal(["pausedUntil"], ex.Errors.Keys);
        Assert.Equal("heartbeatPause", ex.Refusals["pausedUntil"].Code);
    }

    [Fact]
    public async Task Define_AgainWithoutOwner_ClearsIt()
    {
        var h = await CreateAsync();
        await h.Monitor.DefineAsync("nightly-batch", Owned, "nakamura", default);

        var (changed, created) = await h.Monitor.DefineAsync("nightly-batch", FiveMinutes, "nakamura", default);

        Assert.False(created);
        Assert.Null(changed.Value.Owner);
        Assert.Null((await h.StoredAsync("nightly-batch")).Owner);
    }

    [Fact]
    public async Task NeverPinged_WaitsAndPagesNobody_HoweverLong()
    {
        var h = await CreateAsync();
        var (defined, created) = await h.Monitor.DefineAsync("nightly-batch", FiveMinutes, "sato", default);

        h.Time.Advance(TimeSpan.FromDays(3));
        var checkedNow = await h.Monitor.CheckAsync(default);

        Assert.True(created);
        Assert.Equal(HeartbeatState.Waiting, defined.Value.StateAt(h.Time.GetUtcNow()));
        Assert.Equal((0, 0), checkedNow);
        Assert.Equal(0, h.Incidents.Incidents.Count);
        Assert.Empty(h.Incidents.Email.Sent);
        Assert.Equal(HeartbeatReport.None, (await h.StoredAsync("nightly-batch")).Reported);
    }

    [Fact]
    public async Task Stopped_OneIncidentPagesTheDutyPair_LaterChecksPageNoMore()
    {
        var h = await CreateAsync();
        await h.Monitor.DefineAsync("nightly-batch", FiveMinutes, "sato", default);
        await h.Monitor.PingAsync("nightly-batch", default);
        var lastPing = h.Time.GetUtcNow();

        h.Time.Advance(TimeSpan.FromMinutes(6)); // interval 5 + grace 1: due, not yet late
        Assert.Equal((0, 0), await h.Monitor.CheckAsync(default));
        Assert.Equal(0, h.Incidents.Incidents.Count);

        h.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal((1, 0), await h.Monitor.CheckAsync(default));
        h.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal((0, 0), await h.Monitor.CheckAsync(default));
        h.Time.Advance(TimeSpan.FromMinutes(1));
        await h.Monitor.CheckAsync(default);

        var incident = (await h.OpenIncidentAsync("nightly-batch"))!;
        Assert.Equal(1, h.Incidents.Incidents.Count);
        Assert.Equal(AlertSeverity.Sev2, incident.Severity);
        Assert.Equal(AlertSources.Heartbeat, incident.Source);
        Assert.Equal("ハートビート途絶：夜間バッチ", incident.Title);
        Assert.Equal(lastPing + TimeSpan.FromMinutes(6), incident.StartedAt);
        var duty = await h.Incidents.DutyEmailsAsync();
        Assert.Equal(duty, h.Incidents.Email.Sent.Select(s => s.Message.To).Order(StringComparer.Ordinal));
        var alert = Assert.Single(await h.Incidents.Incidents.GetAlertsAsync(incident.Id, default)).Value;
        Assert.Equal(AlertStatus.Firing, alert.Status);
        Assert.Contains(new KeyValuePair<string, string>("resource", "heartbeat/nightly-batch"), alert.Labels);
        Assert.Contains("夜間バッチ は 5分ごとに届く予定ですが、2026年12月1日(火) 10:06（JST）を過ぎても届いていません。最終受信は 2026年12月1日(火) 10:00（JST）です。", alert.Description);
        // What it says is kept as data too, so each reader's message words it in their language (M4): the heartbeat as it was.
        var said = alert.Heartbeat!;
        Assert.Equal(("nightly-batch", "夜間バッチ", TimeSpan.FromMinutes(5), lastPing, HeartbeatState.Late),
            (said.Heartbeat.Name, said.Heartbeat.Title, said.Heartbeat.Interval, said.Heartbeat.LastPingAt, said.Heartbeat.StateAt(said.At)));
        var english = TestRenderer.Instance.Email(new IncidentPageNotice(OnDuty.Core.Team.Language.En, incident, IncidentNotice.Page, "Asia/Tokyo", null)
        {
            Alerts = [new FiredAlert(alert.Summary, alert.Severity, alert.Status) { Description = alert.Description, Heartbeat = alert.Heartbeat }],
        });
        Assert.Equal($"[SEV2 incident] {incident.Id}: Heartbeat missed: 夜間バッチ", english.Subject);
        Assert.Contains("夜間バッチ is expected every 5 min, and nothing arrived by Tue 1 Dec 2026 10:06 (JST); it was last heard Tue 1 Dec 2026 10:00 (JST).", english.Text);
        Assert.DoesNotContain("届く予定", english.Text);
        var stored = await h.StoredAsync("nightly-batch");
        Assert.Equal((HeartbeatReport.Firing, false, lastPing + TimeSpan.FromMinutes(6)), (stored.Reported, stored.ReportPending, stored.DownSince));
        Assert.Equal(HeartbeatState.Late, stored.StateAt(h.Time.GetUtcNow()));
    }

    [Fact]
    public async Task HeardAgain_ItsIncidentResolvesAtOnce()
    {
        var h = await CreateAsync();
        await h.Monitor.DefineAsync("nightly-batch", FiveMinutes, "sato", default);
        await h.Monitor.PingAsync("nightly-batch", default);
        h.Time.Advance(TimeSpan.FromMinutes(10));
        await h.Monitor.CheckAsync(default);
        var id = (await h.OpenIncidentAsync("nightly-batch"))!.Id;

        h.Time.Advance(TimeSpan.FromMinutes(3));
        var pinged = await h.Monitor.PingAsync("nightly-batch", default);

        var incident = await h.Incidents.IncidentAsync(id);
        Assert.Equal(IncidentStatus.Resolved, incident.Status);
        Assert.Null(await h.OpenIncidentAsync("nightly-batch"));
        Assert.Equal(AlertStatus.Resolved, Assert.Single(await h.Incidents.Incidents.GetAlertsAsync(id, default)).Value.Status);
        Assert.Equal((HeartbeatReport.Resolved, false, (DateTimeOffset?)null), (pinged.Value.Reported, pinged.Value.ReportPending, pinged.Value.DownSince));
        Assert.Equal(HeartbeatState.Up, pinged.Value.StateAt(h.Time.GetUtcNow()));
        Assert.Equal((0, 0), await h.Monitor.CheckAsync(default));
    }

    [Fact]
    public async Task FailureSaid_PagesAtOnceWithWhatItSaid_NextPingResolves()
    {
        var h = await CreateAsync();
        await h.Monitor.DefineAsync("nightly-batch", FiveMinutes with { Description = "受注データの夜間集計。止まると翌朝の出荷指示が出ません。" }, "sato", default);
        await h.Monitor.PingAsync("nightly-batch", default);
        h.Time.Advance(TimeSpan.FromMinutes(2));

        var failed = await h.Monitor.FailAsync("nightly-batch", "exit code 3: 接続タイムアウト\u0007", default);

        var incident = (await h.OpenIncidentAsync("nightly-batch"))!;
        Assert.Equal("ハートビートが失敗を報告：夜間バッチ", incident.Title);
        Assert.Equal(HeartbeatState.Failed, failed.Value.StateAt(h.Time.GetUtcNow()));
        Assert.Equal("exit code 3: 接続タイムアウト", failed.Value.LastFailure); // the control character dropped, trimmed
        var description = Assert.Single(await h.Incidents.Incidents.GetAlertsAsync(incident.Id, default)).Value.Description;
        Assert.Equal(
            "夜間バッチ の送信元が 2026年12月1日(火) 10:02（JST）に失敗を報告しました。\n報告内容：exit code 3: 接続タイムアウト\n\nこのハートビートについて：受注データの夜間集計。止まると翌朝の出荷指示が出ません。",
            description);
        Assert.NotEmpty(h.Incidents.Email.Sent);

        // Still failed for the check: no second incident, nothing resolved.
        h.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal((0, 0), await h.Monitor.CheckAsync(default));
        await h.Monitor.PingAsync("nightly-batch", default);

        Assert.Equal(IncidentStatus.Resolved, (await h.Incidents.IncidentAsync(incident.Id)).Status);
        Assert.Equal(1, h.Incidents.Incidents.Count);
    }

    /// <summary>The intake cannot store the incident: the report stays pending, and the next check opens it and pages.</summary>
    [Fact]
    public async Task IntakeFails_ReportStaysPending_NextCheckPages()
    {
        var h = await CreateAsync();
        await h.Monitor.DefineAsync("nightly-batch", FiveMinutes, "sato", default);
        await h.Monitor.PingAsync("nightly-batch", default);
        h.Time.Advance(TimeSpan.FromMinutes(10));
        h.Incidents.Incidents.FailCreate = _ => new DependencyUnavailableException("Table Storage", new HttpRequestException("down"));

        await h.Monitor.CheckAsync(default);

        Assert.Equal(0, h.Incidents.Incidents.Count);
        var pending = await h.StoredAsync("nightly-batch");
        Assert.Equal((HeartbeatReport.Firing, true), (pending.Reported, pending.ReportPending));

        h.Incidents.Incidents.FailCreate = null;
        h.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal((0, 0), await h.Monitor.CheckAsync(default)); // nothing newly decided: the pending report is sent

        Assert.NotNull(await h.OpenIncidentAsync("nightly-batch"));
        Assert.NotEmpty(h.Incidents.Email.Sent);
        Assert.False((await h.StoredAsync("nightly-batch")).ReportPending);
    }

    /// <summary>
    /// A ping lands after the check decided "firing" and before the check sent it: the ping's resolve reaches the intake first
    /// (nothing open yet), then the check's firing opens the incident. The check, finding the heartbeat changed when it clears
    /// its mark, sends what it says now: the intake's last word is "resolved", and no incident is left open for a heartbeat that is up.
    /// </summary>
    [Fact]
    public async Task PingRacesTheCheck_IncidentNotLeftOpen()
    {
        var h = await CreateAsync();
        await h.Monitor.DefineAsync("nightly-batch", FiveMinutes, "sato", default);
        await h.Monitor.PingAsync("nightly-batch", default);
        h.Time.Advance(TimeSpan.FromMinutes(10));
        h.Store.AfterReplace = async written =>
        {
            if (written is { Reported: HeartbeatReport.Firing, ReportPending: true })
            {
                h.Store.AfterReplace = null; // the check decided: the ping gets in before it sends
                await h.Monitor.PingAsync("nightly-batch", default);
            }
        };

        await h.Monitor.CheckAsync(default);

        Assert.Null(h.Store.AfterReplace); // the race happened
        Assert.Equal(1, h.Incidents.Incidents.Count); // the check's firing did open one
        Assert.Null(await h.OpenIncidentAsync("nightly-batch"));
        var stored = await h.StoredAsync("nightly-batch");
        Assert.Equal((HeartbeatReport.Resolved, false, HeartbeatState.Up), (stored.Reported, stored.ReportPending, stored.StateAt(h.Time.GetUtcNow())));
    }

    /// <summary>A ping racing a ping, or the check deciding: each write is at the version it read, and the last ping wins.</summary>
    [Fact]
    public async Task PingAfterAnotherWrite_RetriesOnWhatIsStored()
    {
        var h = await CreateAsync();
        await h.Monitor.DefineAsync("nightly-batch", FiveMinutes, "sato", default);
        var replacesBefore = h.Store.Replaces;
        h.Store.BeforeReplace = async _ =>
        {
            h.Store.BeforeReplace = null;
            await h.Monitor.DefineAsync("nightly-batch", FiveMinutes with { Title = "夜間バッチ（新）" }, "ito", default);
        };

        await h.Monitor.PingAsync("nightly-batch", default);

        var stored = await h.StoredAsync("nightly-batch");
        Assert.Equal(("夜間バッチ（新）", "ito", h.Time.GetUtcNow()), (stored.Title, stored.ChangedBy, stored.LastPingAt));
        Assert.Equal(replacesBefore + 2, h.Store.Replaces); // the change, then the ping on top of it
    }

    /// <summary>A maintenance window naming the heartbeat's label holds its pages: the incident is recorded, nobody paged yet.</summary>
    [Fact]
    public async Task StoppedDuringMaintenance_IncidentRecordedPagesHeld()
    {
        var h = await CreateAsync();
        await h.Monitor.DefineAsync("nightly-batch", FiveMinutes, "sato", default);
        await h.Monitor.PingAsync("nightly-batch", default);
        await h.Incidents.Maintenance.PlanAsync(new MaintenanceRequest
        {
            Title = "バッチ基盤の更新",
            To = h.Time.GetUtcNow().AddHours(2),
            Sources = [AlertSources.Heartbeat],
            Labels = new Dictionary<string, string> { [Heartbeat.LabelName] = "nightly-batch" },
        }, "sato", default);
        h.Incidents.Email.Sent.Clear();

        h.Time.Advance(TimeSpan.FromMinutes(10));
        await h.Monitor.CheckAsync(default);

        var incident = (await h.OpenIncidentAsync("nightly-batch"))!;
        Assert.NotNull(incident.PagesHeldBy);
        Assert.Empty(h.Incidents.Email.Sent);
    }

    [Fact]
    public async Task English_TitleAndTextInEnglish()
    {
        var h = await CreateAsync("en");
        await h.Monitor.DefineAsync("watchdog", new HeartbeatRequest { Title = "Alertmanager Watchdog", IntervalMinutes = 2 }, "sato", default);
        await h.Monitor.PingAsync("watchdog", default);
        h.Time.Advance(TimeSpan.FromMinutes(4));

        await h.Monitor.CheckAsync(default);

        var incident = (await h.OpenIncidentAsync("watchdog"))!;
        Assert.Equal("Heartbeat missed: Alertmanager Watchdog", incident.Title);
        Assert.Equal(AlertSeverity.Sev2, incident.Severity); // the default
        var alert = Assert.Single(await h.Incidents.Incidents.GetAlertsAsync(incident.Id, default)).Value;
        Assert.StartsWith("Alertmanager Watchdog is expected every 2 min, and nothing arrived by Tue 1 Dec 2026 10:03", alert.Description);
    }

    /// <summary>Changing the interval is judged at once: a heartbeat late by the new interval raises its alert with the change.</summary>
    [Fact]
    public async Task ShorterInterval_LateNow_RaisedWithTheChange()
    {
        var h = await CreateAsync();
        await h.Monitor.DefineAsync("nightly-batch", FiveMinutes with { IntervalMinutes = 60 }, "sato", default);
        await h.Monitor.PingAsync("nightly-batch", default);
        h.Time.Advance(TimeSpan.FromMinutes(20));

        var (changed, created) = await h.Monitor.DefineAsync("nightly-batch", FiveMinutes, "ito", default);

        Assert.False(created);
        Assert.Equal((HeartbeatReport.Firing, false), (changed.Value.Reported, changed.Value.ReportPending));
        Assert.NotNull(await h.OpenIncidentAsync("nightly-batch"));
        Assert.Equal(IncidentHarness.T0, changed.Value.LastPingAt); // what it heard is kept
        Assert.Equal(("sato", "ito"), (changed.Value.CreatedBy, changed.Value.ChangedBy));
    }

    [Fact]
    public async Task UnknownName_PingAndFailAndDelete_NotFound()
    {
        var h = await CreateAsync();

        await Assert.ThrowsAsync<NotFoundException>(() => h.Monitor.PingAsync("nope", default));
        await Assert.ThrowsAsync<NotFoundException>(() => h.Monitor.FailAsync("nope", "x", default));
        await Assert.ThrowsAsync<NotFoundException>(() => h.Monitor.DeleteAsync("nope", "sato", default));
        Assert.Empty(await h.Store.ListAsync(default));
    }

    [Fact]
    public async Task Define_EveryProblemAtOnce_NothingStored()
    {
        var h = await CreateAsync();

        var ex = await Assert.ThrowsAsync<ValidationException>(() => h.Monitor.DefineAsync("Nightly Batch!", new HeartbeatRequest
        {
            Title = "a\nb",
            IntervalMinutes = 0,
            GraceMinutes = -1,
            Severity = "p1",
            Labels = new Dictionary<string, string> { [Heartbeat.LabelName] = "x" },
        }, "sato", default));

        Assert.Equal(["graceMinutes", "intervalMinutes", "labels", "name", "severity", "title"], ex.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Empty(await h.Store.ListAsync(default));
        var missing = await Assert.ThrowsAsync<ValidationException>(() => h.Monitor.DefineAsync("ok", new HeartbeatRequest(), "sato", default));
        Assert.Equal(["intervalMinutes"], missing.Errors.Keys);
    }

    /// <summary>
    /// The owner's runbook (what to check, whom to call) rides on the heartbeat's alert as an Alertmanager alert's
    /// <c>runbook_url</c> does: the incident's alert keeps it and the duty pair's page links it. (Trial of session 58: the
    /// billing export's page at night named neither what to do nor who owns the job.)
    /// </summary>
    [Fact]
    public async Task Runbook_KeptWithTheHeartbeat_OnItsAlertAndInThePage()
    {
        var h = await CreateAsync();
        var (defined, _) = await h.Monitor.DefineAsync("billing-export", FiveMinutes with { RunbookUrl = " https://wiki.example.com/data/billing-export " }, "nakamura", default);
        Assert.Equal(new Uri("https://wiki.example.com/data/billing-export"), defined.Value.Runbook);
        await h.Monitor.PingAsync("billing-export", default);
        h.Time.Advance(TimeSpan.FromMinutes(7));

        await h.Monitor.CheckAsync(default);

        var incident = (await h.OpenIncidentAsync("billing-export"))!;
        var alert = Assert.Single(await h.Incidents.Incidents.GetAlertsAsync(incident.Id, default)).Value;
        Assert.Equal(new Uri("https://wiki.example.com/data/billing-export"), alert.Runbook);
        Assert.All(h.Incidents.Email.Sent, s => Assert.Contains("https://wiki.example.com/data/billing-export", s.Message.TextBody, StringComparison.Ordinal));
        Assert.NotEmpty(h.Incidents.Email.Sent);

        // Changed without one: the runbook goes (PUT replaces the definition).
        var (changed, _) = await h.Monitor.DefineAsync("billing-export", FiveMinutes, "nakamura", default);
        Assert.Null(changed.Value.Runbook);
    }

    [Theory]
    [InlineData("wiki/billing-export")]
    [InlineData("javascript:alert(1)")]
    [InlineData("ftp://files.example.com/runbook.txt")]
    [InlineData("https://wiki.example.com/a b")]
    public async Task Runbook_NotAnHttpLink_RefusedNamingIt_NothingStored(string url)
    {
        var h = await CreateAsync();

        var ex = await Assert.ThrowsAsync<ValidationException>(() => h.Monitor.DefineAsync("billing-export", FiveMinutes with { RunbookUrl = url }, "nakamura", default));

        Assert.Equal(["runbookUrl"], ex.Errors.Keys);
        Assert.Empty(await h.Store.ListAsync(default));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(5, 1)]
    [InlineData(60, 12)]
    [InlineData(1440, 60)]
    public void DefaultGrace_AFifthOfTheIntervalWithinAMinuteAndAnHour(int intervalMinutes, int graceMinutes) =>
        Assert.Equal(TimeSpan.FromMinutes(graceMinutes), Heartbeat.DefaultGrace(TimeSpan.FromMinutes(intervalMinutes)));

    /// <summary>Health says which heartbeats were never heard (they could never page) and which alert the check keeps failing to send.</summary>
    [Fact]
    public async Task HealthCheck_NeverHeardAndStuckReports_NamedThenClear()
    {
        var h = await CreateAsync();
        var check = new OnDuty.Core.Health.HeartbeatCheck(h.Store, h.Time);
        await h.Monitor.DefineAsync("never-heard", FiveMinutes, "sato", default);
        await h.Monitor.DefineAsync("nightly-batch", FiveMinutes, "sato", default);
        await h.Monitor.PingAsync("nightly-batch", default);
        Assert.Null(await check.CheckAsync(default)); // just defined: not yet due

        h.Time.Advance(TimeSpan.FromMinutes(10));
        h.Incidents.Incidents.FailCreate = _ => new DependencyUnavailableException("Table Storage", new HttpRequestException("down"));
        await h.Monitor.CheckAsync(default);
        var early = await check.CheckAsync(default);
        h.Time.Advance(TimeSpan.FromMinutes(5));
        var late = await check.CheckAsync(default);
        h.Incidents.Incidents.FailCreate = null;
        await h.Monitor.CheckAsync(default);
        await h.Monitor.PingAsync("never-heard", default);

        Assert.Equal("heartbeats never heard since defined, so they cannot page: never-heard (check the sender's URL and key)", early);
        Assert.Equal(
            "heartbeats never heard since defined, so they cannot page: never-heard (check the sender's URL and key); "
            + "an alert decided and not yet sent to the incident intake: nightly-batch (CheckHeartbeats retries each minute; see its log)",
            late);
        Assert.Null(await check.CheckAsync(default));
    }

    /// <summary>
    /// A heartbeat paused before its first ping is silent on purpose: not "never heard" while paused; once the pause ends it is
    /// due its interval and grace from then, and named only when those pass unheard.
    /// </summary>
    [Fact]
    public async Task HealthCheck_NeverHeardWhilePaused_NotNamedUntilAnIntervalAfterThePauseEnds()
    {
        var h = await CreateAsync();
        var check = new OnDuty.Core.Health.HeartbeatCheck(h.Store, h.Time);
        var until = h.Time.GetUtcNow().AddHours(3);
        await h.Monitor.DefineAsync("paused-job", FiveMinutes with { PausedUntil = until }, "sato", default);

        h.Time.Advance(TimeSpan.FromMinutes(10)); // past its interval and grace (6 minutes) since it was defined, still paused
        var paused = await check.CheckAsync(default);
        h.Time.Advance(until - h.Time.GetUtcNow() + TimeSpan.FromMinutes(6)); // the pause ended 6 minutes ago: just due
        var justDue = await check.CheckAsync(default);
        h.Time.Advance(TimeSpan.FromMinutes(1));
        var late = await check.CheckAsync(default);

        Assert.Null(paused);
        Assert.Null(justDue);
        Assert.Equal("heartbeats never heard since defined, so they cannot page: paused-job (check the sender's URL and key)", late);
    }

    /// <summary>
    /// A failure said while paused is not silence: it ends the pause and pages at once (as a ping ends it), instead of waiting,
    /// unseen, to page when the pause ends.
    /// </summary>
    [Fact]
    public async Task Paused_FailSaid_EndsThePauseAndPagesAtOnce()
    {
        var h = await CreateAsync();
        await h.Monitor.DefineAsync("nightly-batch", Owned, "nakamura", default);
        await h.Monitor.PingAsync("nightly-batch", default);
        await h.Monitor.DefineAsync("nightly-batch", Owned with { PausedUntil = h.Time.GetUtcNow().AddDays(1) }, "nakamura", default);
        h.Time.Advance(TimeSpan.FromMinutes(30));

        var failed = await h.Monitor.FailAsync("nightly-batch", "export failed: disk full", default);
        await h.Incidents.DrainQueueAsync();

        Assert.Null(failed.Value.PausedUntil);
        Assert.Equal(HeartbeatState.Failed, failed.Value.StateAt(h.Time.GetUtcNow()));
        Assert.Equal(HeartbeatReport.Firing, (await h.StoredAsync("nightly-batch")).Reported);
        Assert.NotNull(await h.OpenIncidentAsync("nightly-batch"));
        Assert.Single(OwnerMails(h));
    }

    /// <summary>
    /// A start said while paused is the job running again: it ends the pause (as a ping or a failure does), and the run that
    /// hangs past its run time pages then — not only once the pause ends a day later.
    /// </summary>
    [Fact]
    public async Task Paused_StartSaid_EndsThePauseAndAnOverrunPagesAtOnce()
    {
        var h = await CreateAsync();
        var hourly = Owned with { IntervalMinutes = 60, GraceMinutes = 10, MaxRunMinutes = 30 };
        await h.Monitor.DefineAsync("nightly-batch", hourly, "nakamura", default);
        await h.Monitor.PingAsync("nightly-batch", default);
        await h.Monitor.DefineAsync("nightly-batch", hourly with { PausedUntil = h.Time.GetUtcNow().AddDays(1) }, "nakamura", default);
        h.Time.Advance(TimeSpan.FromMinutes(30));

        var started = await h.Monitor.StartAsync("nightly-batch", default);
        h.Time.Advance(TimeSpan.FromMinutes(29));
        var inTime = await h.Monitor.CheckAsync(default);
        h.Time.Advance(TimeSpan.FromMinutes(2));
        var overrun = await h.Monitor.CheckAsync(default);
        await h.Incidents.DrainQueueAsync();

        Assert.Null(started.Value.PausedUntil);
        Assert.Equal(HeartbeatState.Running, started.Value.StateAt(started.Value.LastStartAt!.Value));
        Assert.Equal(((0, 0), (1, 0)), (inTime, overrun));
        var stored = await h.StoredAsync("nightly-batch");
        Assert.Equal((HeartbeatState.Overrun, HeartbeatReport.Firing), (stored.StateAt(h.Time.GetUtcNow()), stored.Reported));
        Assert.Equal("ジョブが終了しません：夜間バッチ", (await h.OpenIncidentAsync("nightly-batch"))!.Title);
        Assert.Single(OwnerMails(h));
    }

    /// <summary>
    /// Order is what was stored, not what a clock says: a failure heard after a ping stamped by a clock behind still counts as
    /// failed, and a ping heard after that failure counts as recovered, even at the same instant.
    /// </summary>
    [Fact]
    public async Task ClocksDisagree_OrderHeardDecides()
    {
        var h = await CreateAsync();
        await h.Monitor.DefineAsync("nightly-batch", FiveMinutes, "sato", default);
        await h.Monitor.PingAsync("nightly-batch", default);
        h.Time.Advance(TimeSpan.FromMinutes(2));
        await h.Monitor.PingAsync("nightly-batch", default);
        var behind = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(h.Time.GetUtcNow().AddMinutes(-1)); // another instance's clock
        var other = new HeartbeatMonitor(h.Store, h.Incidents.Intake, h.Incidents.Incidents, TestRenderer.Instance, behind,
            Microsoft.Extensions.Options.Options.Create(h.Incidents.Options), Microsoft.Extensions.Options.Options.Create(new TeamOptions { Language = "ja" }),
            NullLogger<HeartbeatMonitor>.Instance);

        var failed = await other.FailAsync("nightly-batch", "exit code 3", default);
        var failedIncident = await h.OpenIncidentAsync("nightly-batch");
        var pinged = await other.PingAsync("nightly-batch", default);

        Assert.Equal(HeartbeatState.Failed, failed.Value.StateAt(h.Time.GetUtcNow()));
        Assert.Equal(HeartbeatReport.Firing, failed.Value.Reported);
        Assert.NotNull(failedIncident);
        Assert.Equal(HeartbeatState.Up, pinged.Value.StateAt(h.Time.GetUtcNow()));
        Assert.Equal(HeartbeatReport.Resolved, pinged.Value.Reported);
        Assert.Null(await h.OpenIncidentAsync("nightly-batch"));
    }

    /// <summary>The check timer not running is the one silence a heartbeat cannot report itself: health names what stopped unraised.</summary>
    [Fact]
    public async Task HealthCheck_StoppedAndNotRaised_SaysTheCheckIsNotRunning()
    {
        var h = await CreateAsync();
        var check = new OnDuty.Core.Health.HeartbeatCheck(h.Store, h.Time);
        await h.Monitor.DefineAsync("nightly-batch", FiveMinutes, "sato", default);
        await h.Monitor.PingAsync("nightly-batch", default);

        h.Time.Advance(TimeSpan.FromMinutes(10)); // due at 6, late since then: 4 minutes, within the allowance
        var soon = await check.CheckAsync(default);
        h.Time.Advance(TimeSpan.FromMinutes(2));
        var later = await check.CheckAsync(default);
        await h.Monitor.CheckAsync(default);

        Assert.Null(soon);
        Assert.Equal("heartbeats stopped over 5 minutes ago and no alert raised: nightly-batch (the CheckHeartbeats timer is not running, or fails before it gets to them)", later);
        Assert.Null(await check.CheckAsync(default));
    }

    /// <summary>
    /// A daily job that runs on working days only: heard on Friday at 02:00, it is not late over the weekend, and is late on
    /// Monday at 03:00 (interval and grace after the last working day's run); heard before 年末年始, it is due after the closure.
    /// </summary>
    [Fact]
    public async Task WorkingDaysOnly_NotLateOnWeekendsOrClosures_LateOnTheNextWorkingDay()
    {
        var h = await CreateAsync();
        var daily = new HeartbeatRequest { Title = "夜間バッチ", IntervalMinutes = 1440, GraceMinutes = 60, WorkingDaysOnly = true };
        await h.Monitor.DefineAsync("nightly-batch", daily, "sato", default);
        h.Time.Advance(new DateTimeOffset(2026, 12, 4, 2, 0, 0, Tokyo) - h.Time.GetUtcNow()); // Friday 02:00
        var friday = await h.Monitor.PingAsync("nightly-batch", default);

        h.Time.Advance(TimeSpan.FromHours(25) + TimeSpan.FromMinutes(1)); // Saturday 03:01: every day's heartbeat would be late
        var saturday = await h.Monitor.CheckAsync(default);
        h.Time.Advance(new DateTimeOffset(2026, 12, 7, 2, 59, 0, Tokyo) - h.Time.GetUtcNow()); // Monday 02:59
        var mondayEarly = await h.Monitor.CheckAsync(default);
        h.Time.Advance(TimeSpan.FromMinutes(2)); // Monday 03:01
        var monday = await h.Monitor.CheckAsync(default);

        Assert.Equal(new DateTimeOffset(2026, 12, 7, 3, 0, 0, Tokyo), friday.Value.DueAt);
        Assert.Equal((0, 0), saturday);
        Assert.Equal((0, 0), mondayEarly);
        Assert.Equal((1, 0), monday);
        var incident = (await h.OpenIncidentAsync("nightly-batch"))!;
        var alert = Assert.Single(await h.Incidents.Incidents.GetAlertsAsync(incident.Id, default)).Value;
        Assert.StartsWith("夜間バッチ は 24時間ごと（営業日のみ）に届く予定ですが、2026年12月7日(月) 03:00（JST）を過ぎても届いていません", alert.Description);

        // Heard on Monday 28 December, the last working day of the year: due after 年末年始, on Monday 4 January.
        h.Time.Advance(new DateTimeOffset(2026, 12, 28, 2, 0, 0, Tokyo) - h.Time.GetUtcNow());
        var yearEnd = await h.Monitor.PingAsync("nightly-batch", default);
        Assert.Equal(new DateTimeOffset(2027, 1, 4, 3, 0, 0, Tokyo), yearEnd.Value.DueAt);
        h.Time.Advance(TimeSpan.FromDays(6));
        Assert.Equal((0, 0), await h.Monitor.CheckAsync(default));
        Assert.Equal(HeartbeatState.Up, (await h.StoredAsync("nightly-batch")).StateAt(h.Time.GetUtcNow()));
    }

    /// <summary>Every day's heartbeat keeps plain arithmetic, and turning working days only on or off recomputes when it is due.</summary>
    [Fact]
    public async Task WorkingDaysOnly_ChangedLater_DueWorkedOutAgain()
    {
        var h = await CreateAsync();
        var daily = new HeartbeatRequest { Title = "夜間バッチ", IntervalMinutes = 1440, GraceMinutes = 60 };
        await h.Monitor.DefineAsync("nightly-batch", daily, "sato", default);
        h.Time.Advance(new DateTimeOffset(2026, 12, 4, 2, 0, 0, Tokyo) - h.Time.GetUtcNow()); // Friday 02:00
        var everyDay = await h.Monitor.PingAsync("nightly-batch", default);

        var (workingDays, _) = await h.Monitor.DefineAsync("nightly-batch", daily with { WorkingDaysOnly = true }, "sato", default);
        var (back, _) = await h.Monitor.DefineAsync("nightly-batch", daily, "sato", default);

        Assert.Equal(new DateTimeOffset(2026, 12, 5, 3, 0, 0, Tokyo), everyDay.Value.DueAt);
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 3, 0, 0, Tokyo), workingDays.Value.DueAt);
        Assert.Equal(new DateTimeOffset(2026, 12, 5, 3, 0, 0, Tokyo), back.Value.DueAt);
        Assert.Null(back.Value.ExpectedBy);
    }

    /// <summary>
    /// Resolved by hand while the job is still not heard: like Alertmanager repeating a firing alert, the heartbeat raises its
    /// alert again after its repeat time (here an hour) and pages; while its incident stays open (acknowledged, worked on),
    /// nothing more is raised.
    /// </summary>
    [Fact]
    public async Task ResolvedByHandWhileStillStopped_RaisedAgainAfterAnHour_NotWhileOpen()
    {
        var h = await CreateAsync();
        await h.Monitor.DefineAsync("nightly-batch", FiveMinutes, "sato", default);
        await h.Monitor.PingAsync("nightly-batch", default);
        h.Time.Advance(TimeSpan.FromMinutes(10));
        await h.Monitor.CheckAsync(default);
        var first = (await h.OpenIncidentAsync("nightly-batch"))!.Id;

        h.Time.Advance(TimeSpan.FromMinutes(70)); // open for 70 minutes: looked at, left alone
        var whileOpen = await h.Monitor.CheckAsync(default);
        await h.Incidents.Service.PostUpdateAsync(first, IncidentStatus.Resolved, "ジョブを再実行した", null, "sato", null, null, default);
        h.Incidents.Email.Sent.Clear();
        h.Time.Advance(TimeSpan.FromMinutes(30));
        var soonAfter = await h.Monitor.CheckAsync(default);
        h.Time.Advance(TimeSpan.FromMinutes(31)); // an hour since it was last looked at, still nothing heard
        var anHourOn = await h.Monitor.CheckAsync(default);
        await h.Incidents.Intake.DrainAsync(default); // this instance knew the alert as firing: its repeat is applied just after

        Assert.Equal((0, 0), whileOpen);
        Assert.Equal((0, 0), soonAfter);
        Assert.Equal((1, 0), anHourOn);
        var again = (await h.OpenIncidentAsync("nightly-batch"))!;
        Assert.Equal(IncidentStatus.Investigating, again.Status);
        Assert.NotEmpty(h.Incidents.Email.Sent);
        Assert.False((await h.StoredAsync("nightly-batch")).ReportPending);
    }

    /// <summary>
    /// A job that says when it starts: one that starts and hangs pages once its run time has passed, long before its next ping
    /// would be due; one that finishes in time pages nobody; its ping after a hang resolves.
    /// </summary>
    [Fact]
    public async Task Started_HangsPastItsRunTime_PagesBeforeTheIntervalWouldNotice()
    {
        var h = await CreateAsync();
        var daily = new HeartbeatRequest { Title = "夜間バッチ", IntervalMinutes = 1440, GraceMinutes = 60, MaxRunMinutes = 30 };
        await h.Monitor.DefineAsync("nightly-batch", daily, "sato", default);
        await h.Monitor.PingAsync("nightly-batch", default);

        // A run that finishes within its 30 minutes.
        h.Time.Advance(TimeSpan.FromHours(24));
        var started = await h.Monitor.StartAsync("nightly-batch", default);
        var running = started.Value.StateAt(h.Time.GetUtcNow());
        h.Time.Advance(TimeSpan.FromMinutes(20));
        Assert.Equal((0, 0), await h.Monitor.CheckAsync(default));
        await h.Monitor.PingAsync("nightly-batch", default);

        // The next one hangs.
        h.Time.Advance(TimeSpan.FromHours(24) - TimeSpan.FromMinutes(20));
        var hanging = await h.Monitor.StartAsync("nightly-batch", default);
        h.Time.Advance(TimeSpan.FromMinutes(29));
        var inTime = await h.Monitor.CheckAsync(default);
        h.Time.Advance(TimeSpan.FromMinutes(2));
        var overrun = await h.Monitor.CheckAsync(default);

        Assert.Equal(HeartbeatState.Running, running);
        Assert.Equal((0, 0), inTime);
        Assert.Equal((1, 0), overrun);
        var stored = await h.StoredAsync("nightly-batch");
        Assert.Equal((HeartbeatState.Overrun, hanging.Value.LastStartAt + TimeSpan.FromMinutes(30)), (stored.StateAt(h.Time.GetUtcNow()), stored.DownSince));
        var incident = (await h.OpenIncidentAsync("nightly-batch"))!;
        Assert.Equal("ジョブが終了しません：夜間バッチ", incident.Title);
        var alert = Assert.Single(await h.Incidents.Incidents.GetAlertsAsync(incident.Id, default)).Value;
        Assert.StartsWith("夜間バッチ は 2026年12月3日(木) 10:00（JST）に開始しましたが、30分以内の 2026年12月3日(木) 10:30（JST）までに終了の報告がありません。", alert.Description);
        Assert.Equal(1, h.Incidents.Incidents.Count); // the earlier run's start paged nobody

        await h.Monitor.PingAsync("nightly-batch", default);
        Assert.Null(await h.OpenIncidentAsync("nightly-batch"));
    }

    /// <summary>A heartbeat whose job only ever said it started was heard: health does not call it never heard (it pages when the run overruns).</summary>
    [Fact]
    public async Task HealthCheck_OnlyStartedNeverPinged_NotNeverHeard()
    {
        var h = await CreateAsync();
        var check = new OnDuty.Core.Health.HeartbeatCheck(h.Store, h.Time);
        await h.Monitor.DefineAsync("nightly-batch", FiveMinutes with { MaxRunMinutes = 600 }, "sato", default);
        h.Time.Advance(TimeSpan.FromMinutes(10));
        await h.Monitor.StartAsync("nightly-batch", default);
        h.Time.Advance(TimeSpan.FromMinutes(10));

        Assert.Equal(HeartbeatState.Running, (await h.StoredAsync("nightly-batch")).StateAt(h.Time.GetUtcNow()));
        Assert.Null(await check.CheckAsync(default));
    }
}
