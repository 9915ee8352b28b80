using OnDuty.Core.Alerts;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Maintenance;
using static OnDuty.Core.Tests.Incidents.IncidentHarness;

namespace OnDuty.Core.Tests.Incidents;

/// <summary>Maintenance windows: pages held while planned work covers the alerts, sent when it ends if still needed.</summary>
public sealed class MaintenanceWindowTests
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    private static AlertInstance Labelled(string key, string service, AlertStatus status = AlertStatus.Firing, AlertSeverity severity = AlertSeverity.Sev3) =>
        Alert(key, status, severity) with { Labels = new Dictionary<string, string>(StringComparer.Ordinal) { ["service"] = service, ["env"] = "prod" } };

    private static async Task<MaintenanceWindow> PlanAsync(IncidentHarness h, TimeSpan? length = null, DateTimeOffset? from = null, string service = "payments") =>
        (await h.Maintenance.PlanAsync(new MaintenanceRequest
        {
            Title = "決済DBのメンテナンス",
            From = from,
            To = (from ?? h.Time.GetUtcNow()) + (length ?? Hour),
            Sources = ["alertmanager"],
            Labels = new Dictionary<string, string> { ["service"] = service },
        }, "sato", default)).Value;

    private static List<string> Messages(IncidentHarness h, string id, string notice) =>
        [.. h.Outbox.All.Where(m => m.Id.StartsWith($"incident:{id}:{notice}:", StringComparison.Ordinal)).Select(m => m.Id)];

    [Fact]
    public async Task AlertTheWindowCovers_OpensTheIncidentWithItsPagesHeld_AndPagesWhenTheWindowEnds()
    {
        var h = await CreateAsync();
        var window = await PlanAsync(h);

        var opened = await h.Intake.IntakeAsync(Notification("db", Labelled("db-cpu", "payments")), default);

        Assert.Equal(AlertIntakeOutcome.Opened, opened.Outcome);
        var id = opened.IncidentId!;
        var incident = await h.IncidentAsync(id);
        Assert.Equal(window.To, incident.PagesHeldUntil);
        Assert.Equal(window.Id, incident.PagesHeldBy);
        Assert.Equal("決済DBのメンテナンス", incident.PagesHeldFor);
        Assert.Equal(-1, incident.NotifiedStep);
        Assert.Empty(h.OutboxIds(id));
        var held = Assert.Single(await h.TimelineAsync(id), t => t.Kind == TimelineKind.PagesHeld);
        Assert.Equal($"pages held by maintenance {window.Id}: 決済DBのメンテナンス", held.Message);
        Assert.Contains(await h.Incidents.ListBoardAsync(h.Time.GetUtcNow(), default), i => i.Id == id && i.PagesHeldAt(h.Time.GetUtcNow()));

        h.Time.Advance(TimeSpan.FromMinutes(59)); // SEV3's ack timeout is an hour: without the hold, a step would be due by now
        Assert.Equal(0, await h.Pager.EscalateOpenIncidentsAsync(default));
        Assert.Empty(h.OutboxIds(id));

        h.Time.Advance(TimeSpan.FromMinutes(1)); // the window is over and the alert still fires
        Assert.Equal(1, await h.Pager.EscalateOpenIncidentsAsync(default));
        Assert.Equal((await h.DutyEmailsAsync()).Select(e => $"incident:{id}:page:email:{e}"), Messages(h, id, "page").Where(m => m.Contains(":email:")).Order(StringComparer.Ordinal));
        Assert.Equal(0, (await h.IncidentAsync(id)).NotifiedStep);
        await h.DrainQueueAsync();
        var pages = h.Email.Sent.Where(s => s.Id.StartsWith($"incident:{id}:page:email:", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, pages.Count);
        Assert.All(pages, s => Assert.Contains($"{window.Id}", s.Message.TextBody)); // the page says why it comes now
        Assert.Contains(pages, s => s.Message.TextBody.Contains($"まで保留していました（メンテナンス {window.Id}：決済DBのメンテナンス）", StringComparison.Ordinal));

        // Escalation counts from the end of the window, not from detection.
        h.Time.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(0, await h.Pager.EscalateOpenIncidentsAsync(default));
        h.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await h.Pager.EscalateOpenIncidentsAsync(default));
        Assert.Equal(1, (await h.IncidentAsync(id)).NotifiedStep);
    }

    /// <summary>
    /// Trial day 29, H1: the hold's look at the board (every minute while a window runs or ended within a day) asked for
    /// incidents resolved "since now", and the board dropped every other resolved row: resolved incidents left the status page,
    /// the lessons index and the recovery-notice reminder within a minute.
    /// </summary>
    [Fact]
    public async Task WindowsLookingForHeldPages_LeaveResolvedIncidentsOnTheStatusBoard()
    {
        var h = await CreateAsync();
        var window = await PlanAsync(h, service: "payments");
        var id = (await h.Intake.IntakeAsync(Notification("search", Labelled("search-latency", "search")), default)).IncidentId!;
        h.Time.Advance(TimeSpan.FromMinutes(10));
        await h.Intake.IntakeAsync(Notification("search", Labelled("search-latency", "search", AlertStatus.Resolved)), default);
        Assert.False((await h.IncidentAsync(id)).IsOpen);

        h.Time.Advance(TimeSpan.FromMinutes(1));
        await h.Maintenance.ReleaseEndedAsync(default);
        Assert.Empty((await h.Maintenance.HoldingMatchesAsync([window.Id], default))[window.Id]);
        await h.Maintenance.EndAsync(window.Id, "sato", default);
        h.Time.Advance(TimeSpan.FromMinutes(1));
        await h.Maintenance.ReleaseEndedAsync(default);

        Assert.Contains(await h.Service.StatusBoardAsync(default), e => e.Incident.Id == id);
        h.Time.Advance(TimeSpan.FromDays(6));
        Assert.Contains(await h.Incidents.ListBoardAsync(h.Time.GetUtcNow(), default), i => i.Id == id);
        h.Time.Advance(TimeSpan.FromDays(1)); // the board's own window is over: now it goes
        Assert.DoesNotContain(await h.Incidents.ListBoardAsync(h.Time.GetUtcNow(), default), i => i.Id == id);
    }

    [Fact]
    public async Task ResolvedWithinTheWindow_NobodyIsEverPaged()
    {
        var h = await CreateAsync();
        await PlanAsync(h);
        var id = (await h.Intake.IntakeAsync(Notification("db", Labelled("db-cpu", "payments")), default)).IncidentId!;

        h.Time.Advance(TimeSpan.FromMinutes(20));
        var resolved = await h.Intake.IntakeAsync(Notification("db", Labelled("db-cpu", "payments", AlertStatus.Resolved)), default);
        Assert.Equal(AlertIntakeOutcome.Resolved, resolved.Outcome);

        h.Time.Advance(3 * Hour);
        Assert.Equal(0, await h.Pager.EscalateOpenIncidentsAsync(default));
        Assert.Empty(h.OutboxIds(id));
        Assert.False((await h.IncidentAsync(id)).IsOpen);
    }

    [Theory]
    [InlineData("search", "payments")] // one alert of the group is outside the window
    [InlineData("search", "search")] // both are
    public async Task AnAlertTheWindowDoesNotCover_PagesAtOnce(string first, string second)
    {
        var h = await CreateAsync();
        await PlanAsync(h);

        var id = (await h.Intake.IntakeAsync(Notification("g", Labelled("a", first), Labelled("b", second)), default)).IncidentId!;

        var incident = await h.IncidentAsync(id);
        Assert.Null(incident.PagesHeldBy);
        Assert.Equal(0, incident.NotifiedStep);
        Assert.NotEmpty(Messages(h, id, "page"));
    }

    /// <summary>
    /// Trial day 29, M3: a window planned while a matching incident is open does not hold it (a window holds only what opens
    /// during it), and nothing said so: both phones rang during the migration. Planning lists the open, unacknowledged
    /// incidents it would cover and notes on each that its pages go on; their pages do go on.
    /// </summary>
    [Fact]
    public async Task PlanningAWindow_ListsTheOpenUnacknowledgedIncidentsItWouldCover_AndNotesOnEachThatItsPagesGoOn()
    {
        var h = await CreateAsync();
        var open = (await h.Intake.IntakeAsync(Notification("pay", Labelled("checkout-5xx", "payments", severity: AlertSeverity.Sev2)), default)).IncidentId!;
        var otherService = (await h.Intake.IntakeAsync(Notification("search", Labelled("search-latency", "search")), default)).IncidentId!;
        var acknowledged = (await h.Intake.IntakeAsync(Notification("pay-ack", Labelled("db-cpu", "payments")), default)).IncidentId!;
        await h.Service.AcknowledgeAsync(acknowledged, "sato", null, default);
        var azure = (await h.Intake.IntakeAsync(Notification("azure", Labelled("b", "payments")) with { Source = AlertSource.AzureMonitor }, default)).IncidentId!;
        var (declared, _) = await h.Service.CreateAsync(new NewIncident { Title = "決済できない", Severity = AlertSeverity.Sev2 }, "sato", null, default);
        var pagedBefore = h.OutboxIds(open).Count;
        Assert.NotEqual(0, pagedBefore);

        var planned = await h.Maintenance.PlanAsync(new MaintenanceRequest
        {
            Title = "決済DBの移行",
            To = h.Time.GetUtcNow() + Hour,
            Sources = ["alertmanager"],
            Labels = new Dictionary<string, string> { ["service"] = "payments" },
        }, "suzuki", default);

        var match = Assert.Single(planned.OpenMatches);
        Assert.Equal(new MaintenanceMatch(open, (await h.IncidentAsync(open)).Title, AlertSeverity.Sev2, false), match);
        var row = Assert.Single(await h.TimelineAsync(open), t => t.Kind == TimelineKind.MaintenanceNotHeld);
        Assert.Equal($"covered by maintenance {planned.Value.Id}: 決済DBの移行, but open before it: pages go on", row.Message);
        Assert.Equal("system", row.By);
        Assert.Equal($"メンテナンス {planned.Value.Id}（決済DBの移行）の対象ですが、開始前から発生していたため呼び出しを続けます",
            OnDuty.Messages.TimelineText.For(row.Kind, row.Message, OnDuty.Core.Team.Language.Ja));
        Assert.Equal($"Covered by maintenance {planned.Value.Id} (決済DBの移行), but open before it: the duty members are still paged",
            OnDuty.Messages.TimelineText.For(row.Kind, row.Message, OnDuty.Core.Team.Language.En));
        foreach (var other in new[] { otherService, acknowledged, azure, declared.Value.Id })
        {
            Assert.DoesNotContain(await h.TimelineAsync(other), t => t.Kind == TimelineKind.MaintenanceNotHeld);
        }

        // Not held: its pages go on (the next step at SEV2's timeout), as the row says.
        Assert.Null((await h.IncidentAsync(open)).PagesHeldBy);
        h.Time.Advance(TimeSpan.FromMinutes(30));
        await h.Pager.EscalateOpenIncidentsAsync(default);
        Assert.True((await h.IncidentAsync(open)).NotifiedStep >= 1);

        // A new alert in the window is held, and so not listed; the running window still lists the open one.
        var held = (await h.Intake.IntakeAsync(Notification("pay-new", Labelled("payments-queue", "payments")), default)).IncidentId!;
        Assert.NotNull((await h.IncidentAsync(held)).PagesHeldBy);
        var listed = (await h.Maintenance.OpenMatchesAsync([planned.Value], default))[planned.Value.Id];
        Assert.Equal([open], listed.Select(m => m.Id));
    }

    [Fact]
    public async Task OpenMatches_ALabelOnDutyKeeps_MustMatch_OneItDoesNotKeep_CannotBeComparedAndDoesNotMatch()
    {
        var h = await CreateAsync();
        var open = (await h.Intake.IntakeAsync(Notification("pay", Labelled("checkout-5xx", "payments")), default)).IncidentId!;
        MaintenanceWindow Window(string id, params (string Key, string Value)[] labels) => MaintenanceWindow.Plan(new MaintenanceRequest
        {
            Title = id,
            To = h.Time.GetUtcNow() + Hour,
            Labels = labels.ToDictionary(l => l.Key, l => l.Value),
            AllAlerts = true,
        }, id, "suzuki", h.Time.GetUtcNow());

        var windows = new[]
        {
            Window("MW-00000001", ("service", "payments"), ("env", "prod")),
            Window("MW-00000002", ("service", "payments"), ("env", "staging")),
            Window("MW-00000003", ("alertname", "CheckoutErrors")), // not kept: cannot be compared
            Window("MW-00000004", ("cluster", "east")), // kept, and the alert has none
            MaintenanceWindow.Plan(new MaintenanceRequest { Title = "SEV1 only", To = h.Time.GetUtcNow() + Hour, Severities = ["sev1"] }, "MW-00000005", "suzuki", h.Time.GetUtcNow()),
        };

        var matches = await h.Maintenance.OpenMatchesAsync(windows, default);

        Assert.Equal([open], matches["MW-00000001"].Select(m => m.Id));
        Assert.Empty(matches["MW-00000002"]);
        Assert.Empty(matches["MW-00000003"]);
        Assert.Empty(matches["MW-00000004"]);
        Assert.Empty(matches["MW-00000005"]);
    }

    [Fact]
    public async Task AWindowForSev3AndSev4_HoldsThose_AndASev1StillPages()
    {
        var h = await CreateAsync();
        var window = (await h.Maintenance.PlanAsync(new MaintenanceRequest
        {
            Title = "リリース作業", To = h.Time.GetUtcNow() + Hour, Severities = ["SEV3", "sev4", "sev3"],
        }, "sato", default)).Value;
        Assert.Equal([AlertSeverity.Sev3, AlertSeverity.Sev4], window.Severities);

        var minor = (await h.Intake.IntakeAsync(Notification("minor", Alert("latency", severity: AlertSeverity.Sev3)), default)).IncidentId!;
        var down = (await h.Intake.IntakeAsync(Notification("down", Alert("site-down", severity: AlertSeverity.Sev1)), default)).IncidentId!;
        var mixed = (await h.Intake.IntakeAsync(Notification("mixed", Alert("slow", severity: AlertSeverity.Sev4), Alert("errors", severity: AlertSeverity.Sev2)), default)).IncidentId!;

        Assert.Equal(window.Id, (await h.IncidentAsync(minor)).PagesHeldBy);
        Assert.Empty(h.OutboxIds(minor));
        Assert.NotEmpty(Messages(h, down, "page"));
        Assert.NotEmpty(Messages(h, mixed, "page")); // not every firing alert is covered
        var unknown = await Assert.ThrowsAsync<ValidationException>(() => h.Maintenance.PlanAsync(new MaintenanceRequest { Title = "x", To = h.Time.GetUtcNow() + Hour, Severities = ["critical"], Sources = ["grafana"] }, "sato", default));
        Assert.Equal(["severities"], unknown.Errors.Keys);
    }

    [Fact]
    public async Task OtherSourcesAndWindowsNotYetBegun_DoNotHold()
    {
        var h = await CreateAsync();
        await PlanAsync(h, from: h.Time.GetUtcNow() + Hour);
        var early = (await h.Intake.IntakeAsync(Notification("early", Labelled("a", "payments")), default)).IncidentId!;
        Assert.NotEmpty(Messages(h, early, "page"));

        await PlanAsync(h); // alertmanager only
        var azure = Notification("azure", Labelled("b", "payments")) with { Source = AlertSource.AzureMonitor };
        var other = (await h.Intake.IntakeAsync(azure, default)).IncidentId!;
        Assert.NotEmpty(Messages(h, other, "page"));
    }

    [Fact]
    public async Task AnIncidentAPersonDeclares_PagesAtOnce_EvenUnderAWindowHoldingEveryAlert()
    {
        var h = await CreateAsync();
        await h.Maintenance.PlanAsync(new MaintenanceRequest { Title = "全体メンテナンス", To = h.Time.GetUtcNow() + Hour, AllAlerts = true }, "sato", default);

        var (created, _) = await h.Service.CreateAsync(new NewIncident { Title = "決済できない", Severity = AlertSeverity.Sev2 }, "sato", null, default);
        var alert = (await h.Intake.IntakeAsync(Notification("any", Alert("x")), default)).IncidentId!;

        Assert.NotEmpty(Messages(h, created.Value.Id, "page"));
        Assert.Empty(h.OutboxIds(alert));
        Assert.NotNull((await h.IncidentAsync(alert)).PagesHeldBy);
    }

    [Fact]
    public async Task EndingTheWindowEarly_PagesWhatItHeldNow_Once()
    {
        var h = await CreateAsync();
        var window = await PlanAsync(h, length: 4 * Hour);
        var id = (await h.Intake.IntakeAsync(Notification("db", Labelled("db-cpu", "payments")), default)).IncidentId!;
        h.Time.Advance(TimeSpan.FromMinutes(10));

        var (ended, released) = await h.Maintenance.EndAsync(window.Id, "suzuki", default);

        Assert.Equal(h.Time.GetUtcNow(), ended.Value.Until);
        Assert.Equal("suzuki", ended.Value.EndedBy);
        Assert.Equal([id], released);
        var page = Messages(h, id, "page");
        Assert.NotEmpty(page);
        var incident = await h.IncidentAsync(id);
        Assert.Equal(0, incident.NotifiedStep);
        Assert.False(incident.PagesHeldAt(h.Time.GetUtcNow()));
        var row = Assert.Single(await h.TimelineAsync(id), t => t.Kind == TimelineKind.PagesReleased);
        Assert.Equal(("suzuki", $"maintenance {window.Id} ended early: pages go out"), (row.By, row.Message));

        // Repeating it, and the escalation run, change nothing more; a new alert now pages as usual.
        Assert.Empty((await h.Maintenance.EndAsync(window.Id, "suzuki", default)).Released);
        Assert.Equal(0, await h.Pager.EscalateOpenIncidentsAsync(default));
        Assert.Equal(page, Messages(h, id, "page"));
        var after = (await h.Intake.IntakeAsync(Notification("db2", Labelled("x", "payments")), default)).IncidentId!;
        Assert.NotEmpty(Messages(h, after, "page"));
    }

    [Fact]
    public async Task TheChannelIsToldOfEachChange_OnceEach()
    {
        var h = await CreateAsync();
        var window = await PlanAsync(h, length: 3 * Hour);
        var planned = await PlanAsync(h, from: h.Time.GetUtcNow() + (5 * Hour));
        var id = (await h.Intake.IntakeAsync(Notification("db", Labelled("db-cpu", "payments")), default)).IncidentId!;
        await h.Maintenance.MoveEndAsync(window.Id, window.To + Hour, "sato", default);
        await h.Maintenance.EndAsync(window.Id, "鈴木", default);
        await h.Maintenance.EndAsync(window.Id, "鈴木", default); // repeated: nothing more
        await h.Maintenance.EndAsync(planned.Id, "ito", default);
        await h.DrainQueueAsync();

        Assert.Equal(
            new[]
            {
                $"maintenance:{window.Id}:ended:teams", $"maintenance:{window.Id}:moved:{(window.To + Hour).UtcTicks}:teams", $"maintenance:{window.Id}:planned:teams",
                $"maintenance:{planned.Id}:cancelled:teams", $"maintenance:{planned.Id}:planned:teams"
            }.Order(StringComparer.Ordinal),
            h.Outbox.All.Where(m => m.Id.StartsWith("maintenance:", StringComparison.Ordinal)).Select(m => m.Id).Order(StringComparer.Ordinal));
        var cards = h.Teams.Cards.Select(c => string.Join("\n", OnDuty.Testing.CardTexts.Plain(c).Concat(OnDuty.Testing.CardTexts.Markdown(c)))).ToList();
        Assert.Contains(cards, c => c.Contains("【メンテナンス・実施中】決済DBのメンテナンス", StringComparison.Ordinal) && c.Contains("Alertmanager 連携、service=payments", StringComparison.Ordinal));
        Assert.Contains(cards, c => c.Contains("【メンテナンス・予定変更】", StringComparison.Ordinal));
        Assert.Contains(cards, c => c.Contains("【メンテナンス・予定】", StringComparison.Ordinal)); // the one planned for later
        Assert.Contains(cards, c => c.Contains("【メンテナンス・完了】", StringComparison.Ordinal) && c.Contains("保留していた障害1件について、当番に連絡しました。", StringComparison.Ordinal));
        Assert.Contains(cards, c => c.Contains("【メンテナンス・中止】", StringComparison.Ordinal) && c.Contains("中止：ito", StringComparison.Ordinal));
        Assert.NotEmpty(Messages(h, id, "page"));
    }

    private static List<string> Cards(IncidentHarness h) =>
        [.. h.Teams.Cards.Select(c => string.Join("\n", OnDuty.Testing.CardTexts.Plain(c).Concat(OnDuty.Testing.CardTexts.Markdown(c))))];

    private static List<string> ChannelIds(IncidentHarness h, MaintenanceWindow window) =>
        [.. h.Outbox.All.Where(m => m.Id.StartsWith($"maintenance:{window.Id}:", StringComparison.Ordinal)).Select(m => m.Id).Order(StringComparer.Ordinal)];

    /// <summary>
    /// The maintenance night walk: a window planned ahead began and ended by itself, and the channel heard neither (only a person's
    /// early end posted 【メンテナンス・完了】). The escalation run tells both, once each however often it runs, the 完了 card with what
    /// it held to its end: the one still unanswered paged (by the same run, right after), the one taken meanwhile not.
    /// </summary>
    [Fact]
    public async Task APlannedWindow_TheEscalationRunTellsTheChannelItBeganAndEnded_OnceEach_WithWhatItHeldAndPaged()
    {
        var h = await CreateAsync();
        var window = await PlanAsync(h, length: 2 * Hour, from: h.Time.GetUtcNow() + Hour);
        await h.Maintenance.ReleaseEndedAsync(default);
        Assert.Equal([$"maintenance:{window.Id}:planned:teams"], ChannelIds(h, window));

        h.Time.Advance(Hour);
        await h.Maintenance.ReleaseEndedAsync(default);
        await h.Maintenance.ReleaseEndedAsync(default); // every minute: told once
        Assert.Equal([$"maintenance:{window.Id}:began:teams", $"maintenance:{window.Id}:planned:teams"], ChannelIds(h, window));
        Assert.NotNull((await h.Maintenance.GetAsync(window.Id, default)).Value.BeganToldAt);
        var unanswered = (await h.Intake.IntakeAsync(Notification("db", Labelled("db-cpu", "payments")), default)).IncidentId!;
        var taken = (await h.Intake.IntakeAsync(Notification("db2", Labelled("db-io", "payments")), default)).IncidentId!;
        await h.Service.AcknowledgeAsync(taken, "sato", null, default);

        h.Time.Advance(2 * Hour); // its end came: nobody ended it; the run tells the channel, then pages
        await h.Maintenance.ReleaseEndedAsync(default);
        Assert.Equal(1, await h.Pager.EscalateOpenIncidentsAsync(default));
        Assert.NotEmpty(Messages(h, unanswered, "page"));
        h.Time.Advance(TimeSpan.FromMinutes(1));
        await h.Maintenance.ReleaseEndedAsync(default);
        Assert.Equal(
            [$"maintenance:{window.Id}:began:teams", $"maintenance:{window.Id}:finished:teams", $"maintenance:{window.Id}:planned:teams"],
            ChannelIds(h, window));
        Assert.NotNull((await h.Maintenance.GetAsync(window.Id, default)).Value.FinishedToldAt);
        Assert.Empty(Messages(h, taken, "page"));

        await h.DrainQueueAsync();
        var cards = Cards(h);
        Assert.Single(cards, c => c.Contains("【メンテナンス・実施中】決済DBのメンテナンス", StringComparison.Ordinal) && c.Contains("登録：佐藤 花子", StringComparison.Ordinal));
        var done = Assert.Single(cards, c => c.Contains("【メンテナンス・完了】決済DBのメンテナンス", StringComparison.Ordinal));
        Assert.Contains("終了予定の時刻になり、終了しました。", done, StringComparison.Ordinal);
        Assert.Contains("保留していた障害1件は未対応のため、当番に連絡します。", done, StringComparison.Ordinal);
        Assert.Contains("ほかに保留していた1件は、終了までに復旧したか、対応が始まっていました。", done, StringComparison.Ordinal);
    }

    /// <summary>
    /// Told already, or nothing to tell: a window planned to begin at once (its planned card said 実施中), one a person ended (its
    /// 完了 said so) or cancelled; and the timer down past <see cref="MaintenanceService.ToldLateGrace"/>: left unsaid rather than an
    /// old 完了 (or a deploy's card for every window of the last day). Within it, said late.
    /// </summary>
    [Fact]
    public async Task TheEscalationRun_TellsNothingTwice_NorLongAfter_ButSaysItLateWithinTheGrace()
    {
        var h = await CreateAsync();
        var start = h.Time.GetUtcNow();
        var atOnce = await PlanAsync(h, length: 2 * Hour); // 0:00–2:00
        var endedByHand = await PlanAsync(h, length: 2 * Hour, from: start + TimeSpan.FromMinutes(30)); // 0:30–2:30, ended at 0:40
        var cancelled = await PlanAsync(h, length: Hour, from: start + (3 * Hour));
        var missedEnd = await PlanAsync(h, length: Hour, from: start + TimeSpan.FromMinutes(10)); // 0:10–1:10
        var lateEnd = await PlanAsync(h, length: 2 * Hour, from: start + TimeSpan.FromMinutes(20)); // 0:20–2:20
        var missedStart = await PlanAsync(h, length: 3 * Hour, from: start + TimeSpan.FromMinutes(50)); // 0:50–3:50
        await h.Maintenance.EndAsync(cancelled.Id, "ito", default);

        h.Time.Advance(TimeSpan.FromMinutes(40)); // the first run since planning: missedEnd began 30 minutes ago, lateEnd 20
        await h.Maintenance.ReleaseEndedAsync(default);
        await h.Maintenance.EndAsync(endedByHand.Id, "suzuki", default);
        h.Time.Advance(2 * Hour); // 2:40, the timer down since 0:40
        await h.Maintenance.ReleaseEndedAsync(default);
        await h.Maintenance.ReleaseEndedAsync(default);

        string Planned(MaintenanceWindow w) => $"maintenance:{w.Id}:planned:teams";
        string Began(MaintenanceWindow w) => $"maintenance:{w.Id}:began:teams";
        string Finished(MaintenanceWindow w) => $"maintenance:{w.Id}:finished:teams";
        Assert.Equal([Finished(atOnce), Planned(atOnce)], ChannelIds(h, atOnce)); // ended 40 minutes ago: said late
        Assert.Equal([Began(endedByHand), $"maintenance:{endedByHand.Id}:ended:teams", Planned(endedByHand)], ChannelIds(h, endedByHand));
        Assert.Equal([$"maintenance:{cancelled.Id}:cancelled:teams", Planned(cancelled)], ChannelIds(h, cancelled));
        Assert.Equal([Began(missedEnd), Planned(missedEnd)], ChannelIds(h, missedEnd)); // ended 1h30 ago: not said
        Assert.Null((await h.Maintenance.GetAsync(missedEnd.Id, default)).Value.FinishedToldAt);
        Assert.Equal([Began(lateEnd), Finished(lateEnd), Planned(lateEnd)], ChannelIds(h, lateEnd));
        Assert.Equal([Planned(missedStart)], ChannelIds(h, missedStart)); // began 1h50 ago: not said; its end will be
    }

    [Fact]
    public async Task TheChannelsCards_NameMembersByDisplayName_AnyoneElseAsRecorded()
    {
        var h = await CreateAsync();
        var window = await PlanAsync(h, length: 3 * Hour); // by sato, a member
        var planned = await PlanAsync(h, from: h.Time.GetUtcNow() + (5 * Hour));
        await h.Maintenance.EndAsync(window.Id, "tanaka", default);
        await h.Maintenance.EndAsync(planned.Id, "gone-member", default); // no member has it (erased): the id as recorded
        await h.DrainQueueAsync();

        var cards = h.Teams.Cards.Select(c => string.Join("\n", OnDuty.Testing.CardTexts.Plain(c).Concat(OnDuty.Testing.CardTexts.Markdown(c)))).ToList();
        Assert.Contains(cards, c => c.Contains("【メンテナンス・実施中】", StringComparison.Ordinal) && c.Contains("登録：佐藤 花子", StringComparison.Ordinal));
        Assert.Contains(cards, c => c.Contains("【メンテナンス・完了】", StringComparison.Ordinal) && c.Contains("（終了：田中 健）", StringComparison.Ordinal));
        Assert.Contains(cards, c => c.Contains("【メンテナンス・中止】", StringComparison.Ordinal) && c.Contains("中止：gone-member", StringComparison.Ordinal));
        Assert.DoesNotContain(cards, c => c.Contains("：sato", StringComparison.Ordinal) || c.Contains("：tanaka", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AcknowledgedDuringTheWindow_NobodyIsPagedWhenItEnds()
    {
        var h = await CreateAsync();
        await PlanAsync(h);
        var id = (await h.Intake.IntakeAsync(Notification("db", Labelled("db-cpu", "payments")), default)).IncidentId!;
        await h.Service.AcknowledgeAsync(id, "sato", null, default);

        h.Time.Advance(2 * Hour);
        Assert.Equal(0, await h.Pager.EscalateOpenIncidentsAsync(default));
        Assert.Empty(Messages(h, id, "page"));
    }

    [Fact]
    public async Task AnAlertTheWindowDoesNotCover_FiringIntoAHeldIncident_ReleasesItsPagesAtOnce()
    {
        var h = await CreateAsync();
        var window = await PlanAsync(h);
        var id = (await h.Intake.IntakeAsync(Notification("g", Labelled("db-cpu", "payments")), default)).IncidentId!;
        Assert.Empty(h.OutboxIds(id));

        // The same group, a repeat of the covered alert: still held.
        await h.Intake.IntakeAsync(Notification("g", Labelled("db-cpu", "payments")), default);
        await h.Intake.DrainAsync(default);
        Assert.Empty(h.OutboxIds(id));

        await h.Intake.IntakeAsync(Notification("g", Labelled("db-cpu", "payments"), Labelled("api-5xx", "gateway")), default);

        Assert.NotEmpty(Messages(h, id, "page"));
        var row = Assert.Single(await h.TimelineAsync(id), t => t.Kind == TimelineKind.PagesReleased);
        Assert.Equal($"an alert maintenance {window.Id} does not cover fired: pages go out", row.Message);
    }

    [Fact]
    public async Task FiringAgainWithinTheReopenWindow_DuringTheMaintenance_IsHeldAgain()
    {
        var h = await CreateAsync();
        await PlanAsync(h, length: 2 * Hour);
        var id = (await h.Intake.IntakeAsync(Notification("db", Labelled("db-cpu", "payments")), default)).IncidentId!;
        await h.Intake.IntakeAsync(Notification("db", Labelled("db-cpu", "payments", AlertStatus.Resolved)), default);
        h.Time.Advance(TimeSpan.FromMinutes(1));

        var again = await h.Intake.IntakeAsync(Notification("db", Labelled("db-cpu", "payments")), default);

        Assert.Equal((AlertIntakeOutcome.Reopened, id), (again.Outcome, again.IncidentId));
        Assert.True((await h.IncidentAsync(id)).PagesHeldAt(h.Time.GetUtcNow()));
        Assert.Equal(0, await h.Pager.EscalateOpenIncidentsAsync(default));
        Assert.Empty(h.OutboxIds(id));
        h.Time.Advance(2 * Hour);
        Assert.Equal(1, await h.Pager.EscalateOpenIncidentsAsync(default));
        Assert.NotEmpty(Messages(h, id, "page"));
    }

    [Theory]
    [InlineData(false)] // its alert resolved it
    [InlineData(true)] // a person resolved it
    public async Task FiringAgainWithAnAlertTheWindowDoesNotCover_WhileItsOldHoldRuns_PagesAtOnce(bool byAPerson)
    {
        var h = await CreateAsync();
        var window = await PlanAsync(h, length: 2 * Hour);
        var id = (await h.Intake.IntakeAsync(Notification("db", Labelled("db-cpu", "payments")), default)).IncidentId!;
        if (byAPerson)
        {
            await h.Service.PostUpdateAsync(id, IncidentStatus.Resolved, "作業完了", null, "sato", null, null, default);
        }
        else
        {
            await h.Intake.IntakeAsync(Notification("db", Labelled("db-cpu", "payments", AlertStatus.Resolved)), default);
        }

        h.Time.Advance(TimeSpan.FromMinutes(1));

        var again = await h.Intake.IntakeAsync(Notification("db", Labelled("api-5xx", "gateway")), default);

        Assert.Equal((AlertIntakeOutcome.Reopened, id), (again.Outcome, again.IncidentId));
        Assert.False((await h.IncidentAsync(id)).PagesHeldAt(h.Time.GetUtcNow()));
        Assert.NotEmpty(Messages(h, id, "page:r1"));
        var row = Assert.Single(await h.TimelineAsync(id), t => t.Kind == TimelineKind.PagesReleased);
        Assert.Equal($"an alert maintenance {window.Id} does not cover fired: pages go out", row.Message);
    }

    [Fact]
    public async Task AMoreUrgentAlertWhileHeld_RaisesTheSeverity_AndStillPagesNobodyUntilTheEnd()
    {
        var h = await CreateAsync();
        var window = await PlanAsync(h);
        var id = (await h.Intake.IntakeAsync(Notification("db", Labelled("db-cpu", "payments")), default)).IncidentId!;

        await h.Intake.IntakeAsync(Notification("db", Labelled("db-cpu", "payments"), Labelled("db-down", "payments", severity: AlertSeverity.Sev1)), default);

        var incident = await h.IncidentAsync(id);
        Assert.Equal(AlertSeverity.Sev1, incident.Severity);
        Assert.Empty(h.OutboxIds(id));
        h.Time.SetUtcNow(window.To);
        Assert.Equal(1, await h.Pager.EscalateOpenIncidentsAsync(default));
        h.Time.Advance(TimeSpan.FromMinutes(5)); // SEV1's pace from the end of the window
        Assert.Equal(1, await h.Pager.EscalateOpenIncidentsAsync(default));
        Assert.Equal(1, (await h.IncidentAsync(id)).NotifiedStep);
    }

    [Fact]
    public async Task Extending_HoldsWhatItHoldsUntilTheNewEnd()
    {
        var h = await CreateAsync();
        var window = await PlanAsync(h);
        var id = (await h.Intake.IntakeAsync(Notification("db", Labelled("db-cpu", "payments")), default)).IncidentId!;
        h.Time.Advance(TimeSpan.FromMinutes(50));

        var (extended, changed) = await h.Maintenance.MoveEndAsync(window.Id, window.To + Hour, "sato", default);

        Assert.Equal(window.To + Hour, extended.Value.To);
        Assert.Equal([id], changed);
        h.Time.Advance(TimeSpan.FromMinutes(30)); // past the first end
        Assert.Equal(0, await h.Pager.EscalateOpenIncidentsAsync(default));
        Assert.Empty(h.OutboxIds(id));
        var another = (await h.Intake.IntakeAsync(Notification("db2", Labelled("x", "payments")), default)).IncidentId!;
        Assert.Empty(h.OutboxIds(another)); // this instance knows the new end at once
        h.Time.Advance(Hour);
        Assert.Equal(2, await h.Pager.EscalateOpenIncidentsAsync(default)); // both, told together
        Assert.Contains(h.Outbox.All, m => m.About.Contains(id) && m.About.Contains(another));
        Assert.Equal(0, (await h.IncidentAsync(id)).NotifiedStep);
    }

    /// <summary>
    /// Moving the end leaves a row on each incident the window holds (why nobody was paged at the old end), the new end in the team's
    /// zone; none on one it held that was taken meanwhile, nor on one it never held.
    /// </summary>
    [Fact]
    public async Task MovingTheEnd_WritesARowOnTheIncidentsItHolds_Only()
    {
        var h = await CreateAsync();
        var window = await PlanAsync(h, length: 2 * Hour);
        var held = (await h.Intake.IntakeAsync(Notification("db", Labelled("db-cpu", "payments")), default)).IncidentId!;
        var taken = (await h.Intake.IntakeAsync(Notification("db2", Labelled("db-io", "payments")), default)).IncidentId!;
        await h.Service.AcknowledgeAsync(taken, "sato", null, default);
        var other = (await h.Intake.IntakeAsync(Notification("search", Labelled("search-latency", "search")), default)).IncidentId!;

        var (_, changed) = await h.Maintenance.MoveEndAsync(window.Id, window.To + Hour, "sato", default);
        h.Time.Advance(TimeSpan.FromMinutes(1));
        await h.Maintenance.MoveEndAsync(window.Id, window.To + TimeSpan.FromMinutes(30), "sato", default);

        Assert.Equal([held], changed);
        var zone = OnDuty.Core.Common.TimeZones.Find(h.Options.TimeZone);
        string Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, zone).ToString("yyyy-MM-dd'T'HH:mmzzz", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(
            [
                $"maintenance {window.Id} now ends at {Local(window.To + Hour)}: pages held until then",
                $"maintenance {window.Id} now ends earlier, at {Local(window.To + TimeSpan.FromMinutes(30))}: pages held until then",
            ],
            (await h.TimelineAsync(held)).Where(t => t.Kind == TimelineKind.PagesHeld).Skip(1).Select(t => t.Message));
        Assert.Single(await h.TimelineAsync(taken), t => t.Kind == TimelineKind.PagesHeld); // the hold's own row only
        Assert.DoesNotContain(await h.TimelineAsync(other), t => t.Kind == TimelineKind.PagesHeld);
    }

    [Fact]
    public async Task Shortening_PagesWhatItHoldsAtTheNewEnd()
    {
        var h = await CreateAsync();
        var window = await PlanAsync(h, length: 3 * Hour);
        var id = (await h.Intake.IntakeAsync(Notification("db", Labelled("db-cpu", "payments")), default)).IncidentId!;

        var (shortened, changed) = await h.Maintenance.MoveEndAsync(window.Id, window.From + TimeSpan.FromMinutes(30), "sato", default);

        Assert.Equal([id], changed);
        Assert.Equal(window.From + TimeSpan.FromMinutes(30), (await h.IncidentAsync(id)).PagesHeldUntil);
        h.Time.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(0, await h.Pager.EscalateOpenIncidentsAsync(default));
        h.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await h.Pager.EscalateOpenIncidentsAsync(default));
        Assert.NotEmpty(Messages(h, id, "page"));
        Assert.Equal(shortened.Value.To, (await h.Maintenance.GetAsync(window.Id, default)).Value.Until);
    }

    [Fact]
    public async Task ShortenedThroughAnotherInstance_TheEscalationRunMovesTheHoldToTheNewEnd()
    {
        var h = await CreateAsync();
        var window = await PlanAsync(h, length: 3 * Hour);
        var other = h.SecondInstance(out _);
        await other.IntakeAsync(Notification("warm", Labelled("w", "payments")), default); // its copy is read
        await h.Maintenance.MoveEndAsync(window.Id, window.From + TimeSpan.FromMinutes(30), "sato", default);
        var id = (await other.IntakeAsync(Notification("db", Labelled("db-cpu", "payments")), default)).IncidentId!;
        Assert.Equal(window.To, (await h.IncidentAsync(id)).PagesHeldUntil); // held by its copy of before

        Assert.Empty(await h.Maintenance.ReleaseEndedAsync(default));
        Assert.Equal(window.From + TimeSpan.FromMinutes(30), (await h.IncidentAsync(id)).PagesHeldUntil);
        h.Time.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(2, await h.Pager.EscalateOpenIncidentsAsync(default));
        Assert.Equal(0, (await h.IncidentAsync(id)).NotifiedStep);
    }

    [Fact]
    public async Task MovingTheEnd_Refusals_ChangeNothing()
    {
        var h = await CreateAsync();
        var window = await PlanAsync(h);
        var past = await Assert.ThrowsAsync<ValidationException>(() => h.Maintenance.MoveEndAsync(window.Id, h.Time.GetUtcNow() - Hour, "sato", default));
        Assert.Contains("to", past.Errors.Keys);
        var tooLong = await Assert.ThrowsAsync<ValidationException>(() => h.Maintenance.MoveEndAsync(window.Id, window.From + TimeSpan.FromDays(8), "sato", default));
        Assert.Contains("to", tooLong.Errors.Keys);
        await Assert.ThrowsAsync<NotFoundException>(() => h.Maintenance.MoveEndAsync("MW-00000000", window.To + Hour, "sato", default));
        Assert.Equal(window.To, (await h.Maintenance.GetAsync(window.Id, default)).Value.To);
    }

    [Fact]
    public async Task EndedThroughAnotherInstance_AHoldThisInstanceStillMadeIsReleasedByTheNextEscalationRun()
    {
        var h = await CreateAsync();
        var window = await PlanAsync(h, length: 4 * Hour);
        var other = h.SecondInstance(out _);
        Assert.NotNull((await h.IncidentAsync((await other.IntakeAsync(Notification("warm", Labelled("w", "payments")), default)).IncidentId!)).PagesHeldBy); // its copy is read

        await h.Maintenance.EndAsync(window.Id, "suzuki", default); // through this instance
        var id = (await other.IntakeAsync(Notification("db", Labelled("db-cpu", "payments")), default)).IncidentId!;
        Assert.True((await h.IncidentAsync(id)).PagesHeldAt(h.Time.GetUtcNow())); // within its 5 seconds

        Assert.Equal([id], await h.Maintenance.ReleaseEndedAsync(default));
        Assert.NotEmpty(Messages(h, id, "page"));
        Assert.Empty(await h.Maintenance.ReleaseEndedAsync(default));
    }

    [Fact]
    public async Task AWindowPlannedThroughAnotherInstance_HoldsWithinFiveSeconds()
    {
        var h = await CreateAsync();
        var other = h.SecondInstance(out _);
        var before = (await other.IntakeAsync(Notification("before", Labelled("a", "payments")), default)).IncidentId!;
        Assert.NotEmpty(Messages(h, before, "page"));

        await PlanAsync(h);
        h.Time.Advance(MaintenanceCalendar.Freshness);
        var id = (await other.IntakeAsync(Notification("db", Labelled("db-cpu", "payments")), default)).IncidentId!;
        Assert.Empty(h.OutboxIds(id));
    }

    [Fact]
    public async Task WindowsThatCannotBeRead_HoldNothing()
    {
        var h = await CreateAsync();
        await PlanAsync(h);
        h.Calendar.Forget();
        h.MaintenanceStore.FailReads = true;

        var id = (await h.Intake.IntakeAsync(Notification("db", Labelled("db-cpu", "payments")), default)).IncidentId!;

        Assert.Null((await h.IncidentAsync(id)).PagesHeldBy);
        Assert.NotEmpty(Messages(h, id, "page"));
    }

    [Fact]
    public async Task Planning_BadRequests_NameEveryField_AndStoreNothing()
    {
        var h = await CreateAsync();
        var now = h.Time.GetUtcNow();
        var bad = await Assert.ThrowsAsync<ValidationException>(() => h.Maintenance.PlanAsync(new MaintenanceRequest
        {
            Title = " ",
            From = now + TimeSpan.FromDays(100),
            To = now - Hour,
            Sources = ["nagios"],
        }, "sato", default));
        Assert.Equal(["from", "sources", "title", "to"], bad.Errors.Keys.Order(StringComparer.Ordinal));

        var tooLong = await Assert.ThrowsAsync<ValidationException>(() => h.Maintenance.PlanAsync(new MaintenanceRequest { Title = "x", To = now + TimeSpan.FromDays(8), Sources = ["grafana"] }, "sato", default));
        Assert.Equal(["to"], tooLong.Errors.Keys);

        var longTitle = await Assert.ThrowsAsync<ValidationException>(() => h.Maintenance.PlanAsync(new MaintenanceRequest { Title = new string('移', 201), To = now + Hour, AllAlerts = true }, "sato", default));
        Assert.Equal(["must be at most 200 characters (got 201)"], longTitle.Errors["title"]);
        var longImpact = await Assert.ThrowsAsync<ValidationException>(() => h.Maintenance.PlanAsync(new MaintenanceRequest { Title = "x", To = now + Hour, AllAlerts = true, CustomerImpact = new string('決', 501) }, "sato", default));
        Assert.Equal(["must be at most 500 characters (got 501)"], longImpact.Errors["customerImpact"]);

        // No scope at all holds every alert of every source: only when said so.
        var unscoped = await Assert.ThrowsAsync<ValidationException>(() => h.Maintenance.PlanAsync(new MaintenanceRequest { Title = "x", To = now + Hour }, "sato", default));
        Assert.Equal(["labels"], unscoped.Errors.Keys);

        Assert.Empty(await h.Maintenance.ListAsync(ended: true, default));
    }

    /// <summary>
    /// A window customers are told of: what they will notice, given at planning (trimmed) or set later, cleared by a blank; refused
    /// (nothing changed) when too long, with a control character, or once the window is over.
    /// </summary>
    [Fact]
    public async Task CustomerImpact_PlannedOrSetLater_Checked_ClearedByABlank()
    {
        var h = await CreateAsync();
        var now = h.Time.GetUtcNow();
        var planned = await h.Maintenance.PlanAsync(new MaintenanceRequest
        {
            Title = "決済DBの移行", From = now + Hour, To = now + (3 * Hour), AllAlerts = true, CustomerImpact = "  決済が最大2時間ご利用いただけません\n",
        }, "ito", default);
        Assert.Equal("決済が最大2時間ご利用いただけません", (await h.Maintenance.GetAsync(planned.Value.Id, default)).Value.CustomerImpact);

        var set = await h.Maintenance.SetCustomerImpactAsync(planned.Value.Id, "カード決済が最大2時間ご利用いただけません", "ito", default);
        Assert.Equal("カード決済が最大2時間ご利用いただけません", set.Value.CustomerImpact);
        var bad = await Assert.ThrowsAsync<ValidationException>(() => h.Maintenance.SetCustomerImpactAsync(planned.Value.Id, "a\u0007b", "ito", default));
        Assert.Equal(["customerImpact"], bad.Errors.Keys);
        await Assert.ThrowsAsync<ValidationException>(() => h.Maintenance.SetCustomerImpactAsync(planned.Value.Id, new string('x', 501), "ito", default));
        Assert.Equal("カード決済が最大2時間ご利用いただけません", (await h.Maintenance.GetAsync(planned.Value.Id, default)).Value.CustomerImpact);

        Assert.Null((await h.Maintenance.SetCustomerImpactAsync(planned.Value.Id, " ", "ito", default)).Value.CustomerImpact);
        h.Time.Advance(4 * Hour);
        var over = await Assert.ThrowsAsync<ValidationException>(() => h.Maintenance.SetCustomerImpactAsync(planned.Value.Id, "x", "ito", default));
        Assert.Equal(["customerImpact"], over.Errors.Keys);
    }

    [Fact]
    public async Task Listing_RunningAndPlannedFirst_EndedOnlyWhenAsked()
    {
        var h = await CreateAsync();
        var later = await PlanAsync(h, from: h.Time.GetUtcNow() + (3 * Hour));
        var now = await PlanAsync(h);
        var ended = await PlanAsync(h);
        await h.Maintenance.EndAsync(ended.Id, "sato", default);

        Assert.Equal([now.Id, later.Id], (await h.Maintenance.ListAsync(ended: false, default)).Select(w => w.Value.Id));
        Assert.Equal([now.Id, later.Id, ended.Id], (await h.Maintenance.ListAsync(ended: true, default)).Select(w => w.Value.Id));

        h.Time.Advance(TimeSpan.FromDays(91));
        Assert.Equal(3, await h.Maintenance.PruneAsync(default));
        Assert.Empty(await h.Maintenance.ListAsync(ended: true, default));
    }

    private static Task<PlannedMaintenance> PlanHoldingOpenAsync(IncidentHarness h, TimeSpan length, DateTimeOffset? from = null) =>
        h.Maintenance.PlanAsync(new MaintenanceRequest
        {
            Title = "決済DBの移行",
            From = from,
            To = (from ?? h.Time.GetUtcNow()) + length,
            Sources = ["alertmanager"],
            Labels = new Dictionary<string, string> { ["service"] = "payments" },
            HoldOpen = true,
        }, "suzuki", default);

    /// <summary>
    /// Trial 30: with <c>holdOpen</c>, an incident open (and paged) before the window is held while it runs, a row naming who
    /// asked; at the end, still unanswered, the next step goes out at once and the one after a full ack timeout later.
    /// </summary>
    [Fact]
    public async Task HoldOpen_PausesTheEscalationOfAnIncidentOpenBeforeIt_AndResumesAtOnceAtItsEnd_WithAFullAckTimeout()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Notification("pay", Labelled("checkout-5xx", "payments")), default)).IncidentId!;
        Assert.Equal(0, (await h.IncidentAsync(id)).NotifiedStep);
        var timeout = h.Options.AckTimeouts.For(AlertSeverity.Sev3);
        h.Time.Advance(timeout / 2);

        var planned = await PlanHoldingOpenAsync(h, 3 * timeout);

        Assert.True(planned.Value.HoldOpen);
        var match = Assert.Single(planned.OpenMatches);
        Assert.True(match.Held);
        var incident = await h.IncidentAsync(id);
        Assert.Equal(planned.Value.Id, incident.PagesHeldBy);
        Assert.True(incident.PagesHeldAt(h.Time.GetUtcNow()));
        Assert.DoesNotContain(await h.TimelineAsync(id), t => t.Kind == TimelineKind.MaintenanceNotHeld);
        var row = Assert.Single(await h.TimelineAsync(id), t => t.Kind == TimelineKind.PagesHeld);
        Assert.Equal(("suzuki", $"pages held while maintenance {planned.Value.Id}: 決済DBの移行 runs, as suzuki asked (open before it)"), (row.By, row.Message));
        Assert.Equal($"メンテナンス {planned.Value.Id}（決済DBの移行）の間、呼び出しを保留します（suzukiさんが指定、開始前から発生）",
            OnDuty.Messages.TimelineText.For(row.Kind, row.Message, OnDuty.Core.Team.Language.Ja));
        Assert.Equal([id], await h.Maintenance.HoldingAsync(planned.Value.Id, default));
        Assert.Empty((await h.Maintenance.OpenMatchesAsync([planned.Value], default))[planned.Value.Id]); // held, so not "pages go on"

        // Without the hold, steps 1 and 2 would be due by now: nothing goes out while the window runs.
        var sent = h.Outbox.All.Count;
        h.Time.Advance(3 * timeout - TimeSpan.FromMinutes(1));
        Assert.Equal(0, await h.Pager.EscalateOpenIncidentsAsync(default));
        Assert.Equal(0, (await h.IncidentAsync(id)).NotifiedStep);
        Assert.Equal(sent, h.Outbox.All.Count);

        // The window is over and nobody answered: the next step at once, said on the timeline.
        h.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await h.Pager.EscalateOpenIncidentsAsync(default));
        Assert.Equal(1, (await h.IncidentAsync(id)).NotifiedStep);
        Assert.True(h.Outbox.All.Count > sent);
        var resumed = Assert.Single(await h.TimelineAsync(id), t => t.Kind == TimelineKind.PagesReleased);
        Assert.Equal($"maintenance {planned.Value.Id} is over: paging resumes now with step 1, the next step a full ack timeout later", resumed.Message);
        Assert.StartsWith($"メンテナンス {planned.Value.Id} が終わっても未対応のため、呼び出しを再開します",
            OnDuty.Messages.TimelineText.For(resumed.Kind, resumed.Message, OnDuty.Core.Team.Language.Ja), StringComparison.Ordinal);

        // The step after it a full ack timeout later, not sooner.
        h.Time.Advance(timeout - TimeSpan.FromMinutes(1));
        Assert.Equal(0, await h.Pager.EscalateOpenIncidentsAsync(default));
        h.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await h.Pager.EscalateOpenIncidentsAsync(default));
        Assert.Equal(2, (await h.IncidentAsync(id)).NotifiedStep);
        Assert.Single(await h.TimelineAsync(id), t => t.Kind == TimelineKind.PagesReleased);
    }

    /// <summary>A SEV1 is held only by a window that says so (holdOpen); ending the window early pages it at once.</summary>
    [Fact]
    public async Task HoldOpen_HoldsASev1OnlyWhenAsked_AndEndingTheWindowEarlyPagesItAtOnce()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Notification("pay", Labelled("checkout-5xx", "payments", severity: AlertSeverity.Sev1)), default)).IncidentId!;
        var timeout = h.Options.AckTimeouts.For(AlertSeverity.Sev1);

        // The default: it goes on paging.
        var plain = await PlanAsync(h, length: 10 * timeout);
        Assert.Null((await h.IncidentAsync(id)).PagesHeldBy);
        await h.Maintenance.EndAsync(plain.Id, "sato", default);

        var planned = await PlanHoldingOpenAsync(h, 10 * timeout);
        Assert.True(Assert.Single(planned.OpenMatches).Held);
        h.Time.Advance(3 * timeout);
        Assert.Equal(0, await h.Pager.EscalateOpenIncidentsAsync(default));
        Assert.Equal(0, (await h.IncidentAsync(id)).NotifiedStep);

        var (_, released) = await h.Maintenance.EndAsync(planned.Value.Id, "suzuki", default);

        Assert.Equal([id], released);
        var incident = await h.IncidentAsync(id);
        Assert.Equal(1, incident.NotifiedStep);
        Assert.False(incident.PagesHeldAt(h.Time.GetUtcNow()));
        Assert.Contains(await h.TimelineAsync(id), t => t.Kind == TimelineKind.PagesReleased && t.By == "suzuki");
        h.Time.Advance(timeout - TimeSpan.FromSeconds(1));
        Assert.Equal(0, await h.Pager.EscalateOpenIncidentsAsync(default));
        h.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await h.Pager.EscalateOpenIncidentsAsync(default));
    }

    /// <summary>A holdOpen window planned ahead holds nothing before it begins; the escalation run at its start holds what is open then.</summary>
    [Fact]
    public async Task HoldOpen_APlannedWindow_HoldsWhatIsOpenWhenItBegins_NotBefore()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Notification("pay", Labelled("checkout-5xx", "payments", severity: AlertSeverity.Sev2)), default)).IncidentId!;
        var planned = await PlanHoldingOpenAsync(h, Hour, from: h.Time.GetUtcNow() + TimeSpan.FromMinutes(30));

        Assert.False(Assert.Single(planned.OpenMatches).Held);
        Assert.Null((await h.IncidentAsync(id)).PagesHeldBy);
        await h.Maintenance.ReleaseEndedAsync(default);
        Assert.Null((await h.IncidentAsync(id)).PagesHeldBy);

        h.Time.Advance(TimeSpan.FromMinutes(30));
        await h.Maintenance.ReleaseEndedAsync(default);

        var incident = await h.IncidentAsync(id);
        Assert.Equal(planned.Value.Id, incident.PagesHeldBy);
        Assert.True(incident.PagesHeldAt(h.Time.GetUtcNow()));
        Assert.Single(await h.TimelineAsync(id), t => t.Kind == TimelineKind.PagesHeld);
        await h.Maintenance.ReleaseEndedAsync(default); // once
        Assert.Single(await h.TimelineAsync(id), t => t.Kind == TimelineKind.PagesHeld);
    }

    /// <summary>
    /// A window planned without holdOpen while incidents it covers page: asked afterwards (the page's button, the API's
    /// <c>PATCH</c> <c>holdOpen</c>), it holds them by planning's path — a row naming who asked, escalation paused, the next step at
    /// once at its end — one resolved meanwhile left alone; asked again, nothing changes.
    /// </summary>
    [Fact]
    public async Task HoldOpenMatches_OnAWindowPlannedWithoutIt_HoldsTheOpenMatchesAsPlanningWould_SkipsOneResolved_AndOnceOnly()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Notification("pay", Labelled("checkout-5xx", "payments")), default)).IncidentId!;
        var resolvedId = (await h.Intake.IntakeAsync(Notification("db", Labelled("db-cpu", "payments")), default)).IncidentId!;
        var timeout = h.Options.AckTimeouts.For(AlertSeverity.Sev3);
        var window = await PlanAsync(h, length: 3 * timeout);
        Assert.False(window.HoldOpen);
        Assert.Equal(new[] { id, resolvedId }.Order(StringComparer.Ordinal), (await h.Maintenance.OpenMatchesAsync([window], default))[window.Id].Select(m => m.Id));
        await h.Intake.IntakeAsync(Notification("db", Labelled("db-cpu", "payments", AlertStatus.Resolved)), default);

        var (saved, matches) = await h.Maintenance.HoldOpenMatchesAsync(window.Id, "suzuki", default);

        Assert.True(saved.Value.HoldOpen);
        Assert.True((await h.Maintenance.GetAsync(window.Id, default)).Value.HoldOpen);
        var match = Assert.Single(matches);
        Assert.Equal((id, true), (match.Id, match.Held));
        var incident = await h.IncidentAsync(id);
        Assert.Equal((window.Id, window.Until), (incident.PagesHeldBy, incident.PagesHeldUntil));
        var row = Assert.Single(await h.TimelineAsync(id), t => t.Kind == TimelineKind.PagesHeld);
        Assert.Equal(("suzuki", $"pages held while maintenance {window.Id}: 決済DBのメンテナンス runs, as suzuki asked (open before it)"), (row.By, row.Message));
        var resolved = await h.IncidentAsync(resolvedId);
        Assert.False(resolved.IsOpen);
        Assert.Null(resolved.PagesHeldBy);
        Assert.DoesNotContain(await h.TimelineAsync(resolvedId), t => t.Kind == TimelineKind.PagesHeld);
        Assert.Equal([id], await h.Maintenance.HoldingAsync(window.Id, default));
        Assert.Equal([id], (await h.Maintenance.HeldOpenAsync([window.Id], default)).HeldOpen[window.Id].Select(m => m.Id));
        Assert.Empty((await h.Maintenance.OpenMatchesAsync([saved.Value], default))[window.Id]);

        var (_, again) = await h.Maintenance.HoldOpenMatchesAsync(window.Id, "ito", default);

        Assert.Empty(again);
        Assert.Equal(incident.Revision, (await h.IncidentAsync(id)).Revision);
        Assert.Single(await h.TimelineAsync(id), t => t.Kind == TimelineKind.PagesHeld);

        // Paused while it runs; over and unanswered, the next step at once.
        h.Time.Advance(3 * timeout - TimeSpan.FromMinutes(1));
        Assert.Equal(0, await h.Pager.EscalateOpenIncidentsAsync(default));
        Assert.Equal(0, (await h.IncidentAsync(id)).NotifiedStep);
        h.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await h.Pager.EscalateOpenIncidentsAsync(default));
        Assert.Equal(1, (await h.IncidentAsync(id)).NotifiedStep);
    }

    /// <summary>
    /// Asked on a window planned ahead, holdOpen is set and nothing is held before it begins; the escalation run at its start holds
    /// what is open then, as for a window planned so. A window over is refused (400 on <c>holdOpen</c>), nothing changed.
    /// </summary>
    [Fact]
    public async Task HoldOpenMatches_OnAWindowPlannedAhead_HoldsWhenItBegins_AndAWindowOverIsRefused()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Notification("pay", Labelled("checkout-5xx", "payments")), default)).IncidentId!;
        var window = await PlanAsync(h, from: h.Time.GetUtcNow() + TimeSpan.FromMinutes(30));

        var (saved, matches) = await h.Maintenance.HoldOpenMatchesAsync(window.Id, "suzuki", default);

        Assert.True(saved.Value.HoldOpen);
        Assert.False(Assert.Single(matches).Held);
        Assert.Null((await h.IncidentAsync(id)).PagesHeldBy);
        h.Time.Advance(TimeSpan.FromMinutes(30));
        await h.Maintenance.ReleaseEndedAsync(default);
        Assert.Equal(window.Id, (await h.IncidentAsync(id)).PagesHeldBy);
        Assert.Single(await h.TimelineAsync(id), t => t.Kind == TimelineKind.PagesHeld);

        var over = await PlanAsync(h, service: "search");
        await h.Maintenance.EndAsync(over.Id, "sato", default);
        var refused = await Assert.ThrowsAsync<ValidationException>(() => h.Maintenance.HoldOpenMatchesAsync(over.Id, "suzuki", default));
        Assert.Equal(["holdOpen"], refused.Errors.Keys);
        Assert.False((await h.Maintenance.GetAsync(over.Id, default)).Value.HoldOpen);
    }
}
