using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Tests.Fakes;
using static OnDuty.Core.Tests.Incidents.IncidentHarness;
using static OnDuty.Testing.AlertmanagerBody;

namespace OnDuty.Core.Tests.Incidents;

/// <summary>
/// The test button's dry run (<see cref="AlertTrial"/>) answers what the real delivery then does: each test asks the trial, checks it
/// wrote nothing, then sends the same delivery for real against the same fakes. Before, the trial kept its own resolve check (every
/// firing alert named in the delivery) and disagreed with the intake on the alerts a sender leaves out; until session 42 it said
/// "folded" or "reopened" where the delivery reopens or is stale, and "ignored" naming nothing for a resolve sent again.
/// </summary>
public sealed class AlertTrialTests
{
    private static AlertTrial CreateSut(IncidentHarness h) =>
        new(h.Incidents, h.Pager, h.Time, Microsoft.Extensions.Options.Options.Create(h.Options), h.Calendar);

    private static AlertNotification Delivery(AlertStatus status, int truncated, params AlertInstance[] alerts) =>
        Notification("g1", alerts) with { Status = status, TruncatedAlerts = truncated };

    /// <summary>What a trial must leave as it found: the incident's record and alerts, its timeline and the outbox.</summary>
    private static async Task<(string Record, string Alerts, int Timeline, int Outbox)> StoredAsync(IncidentHarness h, string id) =>
        (System.Text.Json.JsonSerializer.Serialize((await h.IncidentAsync(id)).ToSnapshot()),
         string.Join("|", (await h.Incidents.GetAlertsAsync(id, default)).Select(a => $"{a.Value.DedupKey}:{a.Value.Status}").Order(StringComparer.Ordinal)),
         (await h.TimelineAsync(id)).Count, h.Outbox.All.Count);

    /// <summary>
    /// Alertmanager left alerts out (<c>truncatedAlerts</c> 3): the incident tracks them as one alert, firing. The group then arrives
    /// resolved with every alert listed: the delivery resolves the incident. Before, the trial said "folded" (the unlisted alerts' entry
    /// was not in the delivery).
    /// </summary>
    [Fact]
    public async Task TryAsync_GroupResolvedWithEveryAlertListed_AfterAlertsLeftOut_PredictsResolved_AsTheDeliveryDoes()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Delivery(AlertStatus.Firing, 3, Alert("checkout")), default)).IncidentId!;
        Assert.Contains((await h.Incidents.GetAlertsAsync(id, default)).Select(a => a.Value), a => a is { DedupKey: AlertIntake.UnlistedAlertsKey, Status: AlertStatus.Firing });
        await h.DrainQueueAsync();
        h.MoveTo(T0.AddMinutes(10));
        var resolved = Delivery(AlertStatus.Resolved, 0, Alert("checkout", AlertStatus.Resolved));
        var (trial, _) = await TryThenSendAsync(h, resolved, id);

        Assert.Equal((AlertIntakeOutcome.Resolved, id), (trial.Outcome, trial.IncidentId));
        Assert.False((await h.IncidentAsync(id)).IsOpen);
    }

    /// <summary>
    /// Every alert listed resolves, but the sender now leaves 2 out (<c>truncatedAlerts</c> 2): the delivery tracks those as firing and
    /// the incident stays open. Before, the trial said "resolved".
    /// </summary>
    [Fact]
    public async Task TryAsync_ListedAlertsResolve_SomeLeftOut_PredictsFolded_AsTheDeliveryDoes()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Delivery(AlertStatus.Firing, 0, Alert("checkout")), default)).IncidentId!;
        await h.DrainQueueAsync();
        h.MoveTo(T0.AddMinutes(10));
        var partly = Delivery(AlertStatus.Resolved, 2, Alert("checkout", AlertStatus.Resolved));
        var (trial, _) = await TryThenSendAsync(h, partly, id);

        Assert.Equal((AlertIntakeOutcome.Folded, id), (trial.Outcome, trial.IncidentId));
        Assert.True((await h.IncidentAsync(id)).IsOpen);
    }

    /// <summary>
    /// 佐藤's declared incident merged into the alert's: the resolve predicts <c>alertsResolved</c>, and the delivery then answers
    /// the same and leaves it open.
    /// </summary>
    [Fact]
    public async Task TryAsync_DeclaredMergedIn_AlertResolves_PredictsAlertsResolved_AsTheDeliveryDoes()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Delivery(AlertStatus.Firing, 0, Alert("checkout")), default)).IncidentId!;
        var (declared, _) = await h.Service.CreateAsync(new NewIncident { Title = "決済できないとの問い合わせ", Severity = AlertSeverity.Sev2 }, "sato", null, default);
        await h.Merger.MergeAsync(declared.Value.Id, id, "sato", default);
        await h.DrainQueueAsync();
        h.MoveTo(T0.AddMinutes(10));
        var resolved = Delivery(AlertStatus.Resolved, 0, Alert("checkout", AlertStatus.Resolved));
        var (trial, _) = await TryThenSendAsync(h, resolved, id);

        Assert.Equal((AlertIntakeOutcome.AlertsResolved, id), (trial.Outcome, trial.IncidentId));
        Assert.True((await h.IncidentAsync(id)).IsOpen);
    }

    private static readonly DateTimeOffset Started = T0.AddMinutes(-10);

    /// <summary>
    /// Asks the trial, checks it wrote nothing (no incident, no outbox row; <paramref name="id"/>'s record, alerts and timeline as they
    /// were; the delivery's group claim and its source's alert-grouping row as they were), sends the same delivery for real and checks
    /// it answers the same.
    /// </summary>
    private static async Task<(AlertTrialResult Trial, AlertIntakeResult Real)> TryThenSendAsync(IncidentHarness h, AlertNotification delivery, string? id)
    {
        var before = id is null ? default : await StoredAsync(h, id);
        var count = h.Incidents.Count;
        var outbox = h.Outbox.All.Count;
        var claims = await ClaimsAsync(h, delivery);

        var trial = await CreateSut(h).TryAsync(delivery, default);

        Assert.Equal((count, outbox), (h.Incidents.Count, h.Outbox.All.Count));
        Assert.Equal(claims, await ClaimsAsync(h, delivery));
        if (id is not null)
        {
            Assert.Equal(before, await StoredAsync(h, id));
        }

        var real = await h.Intake.IntakeAsync(delivery, default);
        await h.Intake.DrainAsync(default);
        // An incident it would open has no id yet (taken as the delivery opens it), unless a claim names it already.
        Assert.Equal((trial.Outcome, trial.IncidentId), (real.Outcome, real.Outcome == AlertIntakeOutcome.Opened && trial.IncidentId is null ? null : real.IncidentId));
        // An ignored one says why as the delivery would (the test answer's reason).
        Assert.Equal(real.IgnoredReason, trial.IgnoredReason);
        return (trial, real);
    }

    /// <summary>
    /// The delivery's group claim, and the row naming the incident its new group would join, at the product's own key
    /// (<see cref="AlertIntake.GroupingOf"/>, <see cref="AlertIntake.GroupingSource"/>); null when its source does not group.
    /// </summary>
    private static async Task<(AlertGroupClaim? Group, AlertGroupClaim? Grouping)> ClaimsAsync(IncidentHarness h, AlertNotification delivery) =>
        (await h.Incidents.GetOpenGroupAsync(delivery.Source.ToRouteName(), delivery.GroupKey, default), await GroupingRowAsync(h, delivery));

    /// <summary>The alert-grouping row <paramref name="delivery"/>'s first firing reads, where the intake keeps it.</summary>
    private static async Task<AlertGroupClaim?> GroupingRowAsync(IncidentHarness h, AlertNotification delivery) =>
        AlertIntake.GroupingOf(h.Options, delivery) is { } grouping
            ? await h.Incidents.GetOpenGroupAsync(AlertIntake.GroupingSource(delivery.Source.ToRouteName()), grouping.TargetKey, default)
            : null;

    /// <summary>Alert grouping on for Alertmanager, window 10 minutes.</summary>
    private static Task<IncidentHarness> GroupingAsync() =>
        CreateAsync(o => o.Sources["alertmanager"] = new AlertSourceOptions { GroupWindow = TimeSpan.FromMinutes(10) });

    /// <summary>
    /// Alert grouping on (10 minutes): g1 opened an incident 9 minutes ago; g2's first firing joins it, pages nobody, and its alert is
    /// tracked there. Before, the trial said "opened" with no incident and listed the pair as paged.
    /// </summary>
    [Fact]
    public async Task TryAsync_NewGroupWithinTheGroupWindow_PredictsGrouped_IntoTheOpenIncident_AsTheDeliveryDoes()
    {
        var h = await GroupingAsync();
        var id = (await h.Intake.IntakeAsync(Notification("g1", Alert("a")), default)).IncidentId!;
        await h.DrainQueueAsync();
        h.Time.Advance(TimeSpan.FromMinutes(9));

        var (trial, _) = await TryThenSendAsync(h, Notification("g2", Alert("b", severity: AlertSeverity.Sev3)), id);

        Assert.Equal((AlertIntakeOutcome.Grouped, id, "Group g1", null), (trial.Outcome, trial.IncidentId, trial.Title, trial.HeldBy));
        Assert.Empty(trial.Paged);
        Assert.Equal(["g2"], (await h.IncidentAsync(id)).JoinedGroups);
        Assert.Equal(["a", "b"], (await h.Incidents.GetAlertsAsync(id, default)).Select(a => a.Value.DedupKey).Order(StringComparer.Ordinal));
    }

    /// <summary>Alert grouping on (10 minutes): g1's incident opened 10 minutes and a second ago, so g2 opens an incident of its own and pages.</summary>
    [Fact]
    public async Task TryAsync_NewGroupAfterTheGroupWindow_PredictsOpened_AsTheDeliveryDoes()
    {
        var h = await GroupingAsync();
        var id = (await h.Intake.IntakeAsync(Notification("g1", Alert("a")), default)).IncidentId!;
        await h.DrainQueueAsync();
        h.Time.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));

        var (trial, real) = await TryThenSendAsync(h, Notification("g2", Alert("b")), id);

        Assert.Equal((AlertIntakeOutcome.Opened, null), (trial.Outcome, trial.IncidentId));
        Assert.Equal(await h.DutyEmailsAsync(), [.. trial.Paged.Select(m => m.Email).Order(StringComparer.Ordinal)]);
        Assert.NotEqual(id, real.IncidentId);
        Assert.Empty((await h.IncidentAsync(id)).JoinedGroups);
    }

    /// <summary>
    /// The incident to join holds <see cref="Incident.MaxJoinedGroups"/> joined groups: the next group opens an incident of its own
    /// (and pages), and the group after it joins that one, as the delivery does.
    /// </summary>
    [Fact]
    public async Task TryAsync_NewGroup_TheIncidentToJoinIsFull_PredictsOpened_ThenTheNextGroupGroupedIntoTheNewOne()
    {
        var h = await GroupingAsync();
        for (var n = 0; n <= Incident.MaxJoinedGroups; n++)
        {
            await h.Intake.IntakeAsync(Notification($"g{n}", Alert($"a{n}")), default);
        }

        var full = "INC-2026-0001";
        Assert.Equal(Incident.MaxJoinedGroups, (await h.IncidentAsync(full)).JoinedGroups.Count);
        await h.DrainQueueAsync();

        var (overflow, opened) = await TryThenSendAsync(h, Notification("overflow", Alert("x")), full);
        Assert.Equal((AlertIntakeOutcome.Opened, null), (overflow.Outcome, overflow.IncidentId));
        Assert.Equal(await h.DutyEmailsAsync(), [.. overflow.Paged.Select(m => m.Email).Order(StringComparer.Ordinal)]);

        var (after, _) = await TryThenSendAsync(h, Notification("after", Alert("y")), opened.IncidentId);
        Assert.Equal((AlertIntakeOutcome.Grouped, opened.IncidentId), (after.Outcome, after.IncidentId));
        Assert.Empty(after.Paged);
    }

    /// <summary>
    /// 佐藤 resolved the incident to join (its groups freed, the grouping row still naming it within the window): a new group opens an
    /// incident of its own; the group after it joins that one.
    /// </summary>
    [Fact]
    public async Task TryAsync_NewGroup_TheIncidentToJoinResolved_PredictsOpened_ThenTheNextGroupGroupedIntoTheNewOne()
    {
        var h = await GroupingAsync();
        var id = (await h.Intake.IntakeAsync(Notification("g1", Alert("a")), default)).IncidentId!;
        await h.Service.PostUpdateAsync(id, IncidentStatus.Resolved, "fixed", null, "sato", null, null, default);
        await h.DrainQueueAsync();
        h.Time.Advance(TimeSpan.FromMinutes(1));

        var (trial, opened) = await TryThenSendAsync(h, Notification("g2", Alert("b")), id);
        Assert.Equal((AlertIntakeOutcome.Opened, null), (trial.Outcome, trial.IncidentId));
        Assert.NotEqual(id, opened.IncidentId);

        var (next, _) = await TryThenSendAsync(h, Notification("g3", Alert("c")), opened.IncidentId);
        Assert.Equal((AlertIntakeOutcome.Grouped, opened.IncidentId), (next.Outcome, next.IncidentId));
    }

    /// <summary>
    /// The incident to join was acknowledged at SEV3: a SEV3 group joins it, a SEV1 group opens an incident of its own and pages (it
    /// would hide a more urgent alert in an incident nobody will be paged for again).
    /// </summary>
    [Fact]
    public async Task TryAsync_NewGroup_MoreUrgentThanTheAcknowledgedIncidentToJoin_PredictsOpened_ASameSeverityOneGrouped()
    {
        var h = await GroupingAsync();
        var id = (await h.Intake.IntakeAsync(Notification("g1", Alert("a", severity: AlertSeverity.Sev3)), default)).IncidentId!;
        await h.Service.AcknowledgeAsync(id, "sato", null, default);
        await h.DrainQueueAsync();

        var (same, _) = await TryThenSendAsync(h, Notification("g2", Alert("b", severity: AlertSeverity.Sev3)), id);
        Assert.Equal((AlertIntakeOutcome.Grouped, id), (same.Outcome, same.IncidentId));

        var (urgent, real) = await TryThenSendAsync(h, Notification("g3", Alert("c", severity: AlertSeverity.Sev1)), id);
        Assert.Equal((AlertIntakeOutcome.Opened, null, AlertSeverity.Sev1), (urgent.Outcome, urgent.IncidentId, urgent.Severity));
        Assert.Equal(await h.DutyEmailsAsync(), [.. urgent.Paged.Select(m => m.Email).Order(StringComparer.Ordinal)]);
        Assert.NotEqual(id, real.IncidentId);
    }

    /// <summary>
    /// The incident to join was merged into 佐藤's declared one: the new group joins that one. The trial follows the merge without
    /// moving the grouping row (the delivery moves it).
    /// </summary>
    [Fact]
    public async Task TryAsync_NewGroup_TheIncidentToJoinMergedAway_PredictsGrouped_IntoTheOneMergedInto()
    {
        var h = await GroupingAsync();
        var (declared, _) = await h.Service.CreateAsync(new NewIncident { Title = "決済障害", Severity = AlertSeverity.Sev2 }, "sato", null, default);
        var grouped = (await h.Intake.IntakeAsync(Notification("g1", Alert("a")), default)).IncidentId!;
        await h.Merger.MergeAsync(grouped, declared.Value.Id, "sato", default);
        await h.DrainQueueAsync();
        Assert.Equal(grouped, (await GroupingRowAsync(h, Notification("g2", Alert("b"))))?.IncidentId);

        var (trial, _) = await TryThenSendAsync(h, Notification("g2", Alert("b")), declared.Value.Id);

        Assert.Equal((AlertIntakeOutcome.Grouped, declared.Value.Id, "決済障害"), (trial.Outcome, trial.IncidentId, trial.Title));
        Assert.Empty(trial.Paged);
        Assert.Equal(declared.Value.Id, (await GroupingRowAsync(h, Notification("g3", Alert("c"))))?.IncidentId);
    }

    /// <summary>
    /// A person resolved the incident a moment ago and its group still names it (the resolve's record is written, its group not yet
    /// freed): a firing reopens it and pages the pair again. Before, the trial said "folded".
    /// </summary>
    [Fact]
    public async Task TryAsync_FiringIntoIncidentItsGroupStillNames_ResolvedAMomentAgo_PredictsReopened_AsTheDeliveryDoes()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Delivery(AlertStatus.Firing, 0, Alert("checkout")), default)).IncidentId!;
        await h.DrainQueueAsync();
        h.MoveTo(T0.AddMinutes(10));
        await h.Incidents.MutateAsync(id, i => i.Resolve("sato", h.Time.GetUtcNow()), default);
        Assert.Equal(id, (await h.Incidents.GetGroupAsync("alertmanager", "g1", default)).Open?.IncidentId);

        var (trial, _) = await TryThenSendAsync(h, Delivery(AlertStatus.Firing, 0, Alert("checkout"), Alert("payments")), id);

        Assert.Equal((AlertIntakeOutcome.Reopened, id), (trial.Outcome, trial.IncidentId));
        Assert.Equal(await h.DutyEmailsAsync(), [.. trial.Paged.Select(m => m.Email).Order(StringComparer.Ordinal)]);
        Assert.True((await h.IncidentAsync(id)).IsOpen);
    }

    /// <summary>
    /// Open with two alerts, one resolved (endsAt recorded); the lagging HA peer then delivers that one firing with its old startsAt:
    /// stale, a timeline row and nothing else. Before, the trial said "folded".
    /// </summary>
    [Fact]
    public async Task TryAsync_StaleFiringIntoOpenIncident_PredictsStale_AsTheDeliveryDoes()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Alertmanager("g-ha", ("s-1", "firing", Started, null), ("s-2", "firing", Started, null)), default)).IncidentId!;
        h.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(AlertIntakeOutcome.Folded, (await h.Intake.IntakeAsync(Alertmanager("g-ha", ("s-1", "resolved", Started, T0.AddMinutes(1))), default)).Outcome);
        await h.DrainQueueAsync();
        h.Time.Advance(TimeSpan.FromSeconds(1));

        var (trial, _) = await TryThenSendAsync(h, Alertmanager("g-ha", ("s-1", "firing", Started, null)), id);

        Assert.Equal((AlertIntakeOutcome.Stale, id), (trial.Outcome, trial.IncidentId));
        Assert.Empty(trial.Paged);
        Assert.Contains(await h.Incidents.GetAlertsAsync(id, default), a => a.Value is { DedupKey: "s-1", Status: AlertStatus.Resolved });
    }

    /// <summary>
    /// The incident resolved (its group freed) and the HA peer's late firing comes a second later with the old startsAt: stale, folded
    /// as a timeline row into the resolved incident, no reopen, no page. Before, the trial said "reopened" and listed the pair as paged.
    /// </summary>
    [Fact]
    public async Task TryAsync_StaleFiringAfterTheIncidentResolved_PredictsStale_NotReopened_AsTheDeliveryDoes()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Alertmanager("g-ha", ("s-1", "firing", Started, null)), default)).IncidentId!;
        h.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(AlertIntakeOutcome.Resolved, (await h.Intake.IntakeAsync(Alertmanager("g-ha", ("s-1", "resolved", Started, T0.AddMinutes(1))), default)).Outcome);
        await h.DrainQueueAsync();
        h.Time.Advance(TimeSpan.FromSeconds(1));

        var (trial, _) = await TryThenSendAsync(h, Alertmanager("g-ha", ("s-1", "firing", Started, null)), id);

        Assert.Equal((AlertIntakeOutcome.Stale, id), (trial.Outcome, trial.IncidentId));
        Assert.Empty(trial.Paged);
        Assert.False((await h.IncidentAsync(id)).IsOpen);
    }

    /// <summary>
    /// A resolve with no incident (remembered a minute), then its stale firing: nothing opens. Before, the trial said "opened" and listed
    /// the pair as paged.
    /// </summary>
    [Fact]
    public async Task TryAsync_StaleFiringAfterAResolveWithNoIncident_PredictsStale_AsTheDeliveryDoes()
    {
        var h = await CreateAsync();
        Assert.Equal(AlertIntakeOutcome.Ignored, (await h.Intake.IntakeAsync(Alertmanager("g-rbf", ("r-1", "resolved", Started, T0)), default)).Outcome);

        var (trial, _) = await TryThenSendAsync(h, Alertmanager("g-rbf", ("r-1", "firing", Started, null)), null);

        Assert.Equal((AlertIntakeOutcome.Stale, null), (trial.Outcome, trial.IncidentId));
        Assert.Empty(trial.Paged);
        Assert.Equal(0, h.Incidents.Count);
    }

    /// <summary>
    /// The resolve sent again after the incident resolved: ignored, and the delivery names the incident it belonged to. Before, the trial
    /// named none.
    /// </summary>
    [Fact]
    public async Task TryAsync_ResolveSentAgainAfterTheIncidentResolved_PredictsIgnored_NamingItsIncident_AsTheDeliveryDoes()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Delivery(AlertStatus.Firing, 0, Alert("checkout")), default)).IncidentId!;
        h.MoveTo(T0.AddMinutes(10));
        var resolved = Delivery(AlertStatus.Resolved, 0, Alert("checkout", AlertStatus.Resolved));
        Assert.Equal(AlertIntakeOutcome.Resolved, (await h.Intake.IntakeAsync(resolved, default)).Outcome);
        await h.DrainQueueAsync();

        var (trial, _) = await TryThenSendAsync(h, resolved, id);

        Assert.Equal((AlertIntakeOutcome.Ignored, id, IgnoredReasons.AlreadyResolved), (trial.Outcome, trial.IncidentId, trial.IgnoredReason));
    }

    /// <summary>
    /// Alertmanager says the group fires while every alert it lists resolved (the firing ones left out): the delivery opens an incident
    /// and pages. Before, the trial said "ignored".
    /// </summary>
    [Fact]
    public async Task TryAsync_GroupFiringWithNoListedAlertFiring_PredictsOpened_AsTheDeliveryDoes()
    {
        var h = await CreateAsync();

        var (trial, real) = await TryThenSendAsync(h, Delivery(AlertStatus.Firing, 0, Alert("checkout", AlertStatus.Resolved)), null);

        Assert.Equal((AlertIntakeOutcome.Opened, null), (trial.Outcome, trial.IncidentId));
        Assert.Equal(await h.DutyEmailsAsync(), [.. trial.Paged.Select(m => m.Email).Order(StringComparer.Ordinal)]);
        Assert.True((await h.IncidentAsync(real.IncidentId!)).IsOpen);
    }

    /// <summary>An Azure Service Health announcement (planned maintenance) opens an incident that pages nobody. Before, the trial listed the pair as paged.</summary>
    [Fact]
    public async Task TryAsync_AnnouncementThatPagesNobody_PredictsOpened_PagingNobody()
    {
        var h = await CreateAsync();
        var announcement = Delivery(AlertStatus.Firing, 0, Alert("svc-health")) with { PagesNobody = "PlannedMaintenance" };

        var (trial, real) = await TryThenSendAsync(h, announcement, null);

        Assert.Equal(AlertIntakeOutcome.Opened, trial.Outcome);
        Assert.Empty(trial.Paged);
        Assert.Equal("PlannedMaintenance", (await h.IncidentAsync(real.IncidentId!)).PagesNobodyFor);
        Assert.Empty(h.OutboxIds(real.IncidentId!));
    }

    /// <summary>
    /// Opened during a maintenance window for payments (pages held): an alert of search fires into it, which the window does not cover,
    /// so the delivery releases the pages and they go out; a payments alert keeps them held. Before, the trial said nobody is paged and
    /// named no window either way.
    /// </summary>
    [Fact]
    public async Task TryAsync_AlertTheWindowDoesNotCover_FiringIntoHeldIncident_PredictsTheDutyPaged_OneItCoversTheWindow()
    {
        var h = await CreateAsync();
        var window = (await h.Maintenance.PlanAsync(new Maintenance.MaintenanceRequest
        {
            Title = "決済DBのメンテナンス",
            To = h.Time.GetUtcNow() + TimeSpan.FromHours(1),
            Sources = ["alertmanager"],
            Labels = new Dictionary<string, string> { ["service"] = "payments" },
        }, "sato", default)).Value;
        var id = (await h.Intake.IntakeAsync(Notification("db", Labelled("db-cpu", "payments")), default)).IncidentId!;
        Assert.Equal(window.Id, (await h.IncidentAsync(id)).PagesHeldBy);
        h.Time.Advance(TimeSpan.FromMinutes(5));

        var covered = await CreateSut(h).TryAsync(Notification("db", Labelled("db-cpu", "payments"), Labelled("db-disk", "payments")), default);
        Assert.Equal((AlertIntakeOutcome.Folded, id, window.Id), (covered.Outcome, covered.IncidentId, covered.HeldBy));
        Assert.Empty(covered.Paged);

        var (trial, _) = await TryThenSendAsync(h, Notification("db", Labelled("db-cpu", "payments"), Labelled("search-5xx", "search")), id);

        Assert.Equal((AlertIntakeOutcome.Folded, id, null), (trial.Outcome, trial.IncidentId, trial.HeldBy));
        Assert.Equal(await h.DutyEmailsAsync(), [.. trial.Paged.Select(m => m.Email).Order(StringComparer.Ordinal)]);
        Assert.False((await h.IncidentAsync(id)).PagesHeldAt(h.Time.GetUtcNow()));
        Assert.Contains(h.Outbox.All, m => m.Id.StartsWith($"incident:{id}:page:", StringComparison.Ordinal));
    }

    /// <summary>
    /// Alert grouping by label (<c>GroupBy__0=service</c>): payments opened an incident, search opened its own; a new payments group
    /// joins the payments one, a new search group the search one, each read from its own grouping row. Then 佐藤 merges the payments
    /// incident into his declared one: the next payments group joins that one, the trial leaving the payments row as it was and the
    /// delivery moving it, the search row untouched.
    /// </summary>
    [Fact]
    public async Task TryAsync_GroupBy_NewGroupsJoinTheIncidentOfTheirLabel_AndFollowAMergeAsTheDeliveryMovesIt()
    {
        var h = await CreateAsync(o => o.Sources["alertmanager"] = new AlertSourceOptions { GroupWindow = TimeSpan.FromMinutes(10), GroupBy = ["service"] });
        var payments = (await h.Intake.IntakeAsync(Notification("pay-1", Labelled("db-cpu", "payments")), default)).IncidentId!;
        var (searchOpened, search) = await TryThenSendAsync(h, Notification("search-1", Labelled("search-5xx", "search")), payments);
        Assert.Equal((AlertIntakeOutcome.Opened, null), (searchOpened.Outcome, searchOpened.IncidentId));
        Assert.Equal(await h.DutyEmailsAsync(), [.. searchOpened.Paged.Select(m => m.Email).Order(StringComparer.Ordinal)]);
        Assert.NotEqual(payments, search.IncidentId);
        await h.DrainQueueAsync();
        h.Time.Advance(TimeSpan.FromMinutes(1));

        var (paymentsJoined, _) = await TryThenSendAsync(h, Notification("pay-2", Labelled("db-disk", "payments")), payments);
        Assert.Equal((AlertIntakeOutcome.Grouped, payments), (paymentsJoined.Outcome, paymentsJoined.IncidentId));
        var (searchJoined, _) = await TryThenSendAsync(h, Notification("search-2", Labelled("search-latency", "search")), search.IncidentId);
        Assert.Equal((AlertIntakeOutcome.Grouped, search.IncidentId), (searchJoined.Outcome, searchJoined.IncidentId));
        Assert.Empty(paymentsJoined.Paged.Concat(searchJoined.Paged));

        var (declared, _) = await h.Service.CreateAsync(new NewIncident { Title = "決済障害", Severity = AlertSeverity.Sev2 }, "sato", null, default);
        await h.Merger.MergeAsync(payments, declared.Value.Id, "sato", default);
        await h.DrainQueueAsync();
        var next = Notification("pay-3", Labelled("db-lock", "payments"));
        Assert.Equal(payments, (await GroupingRowAsync(h, next))?.IncidentId);

        var trial = await CreateSut(h).TryAsync(next, default);
        Assert.Equal((AlertIntakeOutcome.Grouped, declared.Value.Id, "決済障害"), (trial.Outcome, trial.IncidentId, trial.Title));
        Assert.Equal(payments, (await GroupingRowAsync(h, next))?.IncidentId);
        await TryThenSendAsync(h, next, declared.Value.Id);
        Assert.Equal(declared.Value.Id, (await GroupingRowAsync(h, next))?.IncidentId);
        Assert.Equal(search.IncidentId, (await GroupingRowAsync(h, Notification("search-3", Labelled("search-x", "search"))))?.IncidentId);
    }

    /// <summary>
    /// Storm hold at two first pages (<c>Incidents__StormPages</c> 2): g1 was paged; g2's trial, asked twice, says its page goes out (the
    /// trial counts no page of its own: else the second would say held), and the delivery pages. g3's first page is then held: the trial
    /// says opened, the pair paged, held by the storm, and the delivery opens it with its page recorded and not queued. Before, the trial
    /// said the pair was paged, nothing held.
    /// </summary>
    [Fact]
    public async Task TryAsync_NewIncidentInAStorm_PredictsOpened_ThePairPaged_HeldByTheStorm_WithoutCountingAPage()
    {
        var h = await CreateAsync(o => o.StormPages = 2);
        var duty = await h.DutyEmailsAsync();
        await h.Intake.IntakeAsync(Notification("g1", Alert("a")), default);

        Assert.Null((await CreateSut(h).TryAsync(Notification("g2", Alert("b")), default)).HeldBy);
        var (calm, paged) = await TryThenSendAsync(h, Notification("g2", Alert("b")), null);
        Assert.Null(calm.HeldBy);
        Assert.Equal(duty, [.. calm.Paged.Select(m => m.Email).Order(StringComparer.Ordinal)]);
        Assert.Contains(h.OutboxIds(paged.IncidentId!), m => m.Contains(":page:", StringComparison.Ordinal));

        var (storm, held) = await TryThenSendAsync(h, Notification("g3", Alert("c")), null);

        Assert.Equal((AlertIntakeOutcome.Opened, AlertTrialResult.StormHold), (storm.Outcome, storm.HeldBy));
        Assert.Equal(duty, [.. storm.Paged.Select(m => m.Email).Order(StringComparer.Ordinal)]);
        var incident = await h.IncidentAsync(held.IncidentId!);
        Assert.Equal((0, false), (incident.NotifiedStep, incident.StepQueued));
        Assert.Empty(h.OutboxIds(held.IncidentId!));
    }

    /// <summary>
    /// Scaled out: the storm paged two on one instance; the test button on the other instance says the next first page is held by the
    /// storm (the count is every instance's), and that instance's delivery holds it. With the shared count failing to read, the trial
    /// says the page goes out and the delivery sends it: the trial agrees with the decision either way.
    /// </summary>
    [Fact]
    public async Task TryAsync_OnAnotherInstance_InAStormThePairPagedElsewhere_PredictsHeldAsItsDeliveryDoes_AndSentWhenTheCountFails()
    {
        var h = await CreateAsync(o => o.StormPages = 2);
        var (otherIntake, otherPager) = h.OtherInstance();
        var trialThere = new AlertTrial(h.Incidents, otherPager, h.Time, Microsoft.Extensions.Options.Options.Create(h.Options), h.Calendar);
        await h.Intake.IntakeAsync(Notification("g1", Alert("a")), default);
        await h.Intake.IntakeAsync(Notification("g2", Alert("b")), default);

        h.Incidents.FailStormCount = () => new OnDuty.Core.Common.DependencyUnavailableException("Table Storage", new IOException("503"));
        Assert.Null((await trialThere.TryAsync(Notification("g3", Alert("c")), default)).HeldBy);
        var sent = await otherIntake.IntakeAsync(Notification("g3", Alert("c")), default);
        Assert.Contains(h.OutboxIds(sent.IncidentId!), m => m.Contains(":page:", StringComparison.Ordinal));

        h.Incidents.FailStormCount = null;
        Assert.Equal(AlertTrialResult.StormHold, (await trialThere.TryAsync(Notification("g4", Alert("d")), default)).HeldBy);
        var held = await otherIntake.IntakeAsync(Notification("g4", Alert("d")), default);
        Assert.Equal((0, false), ((await h.IncidentAsync(held.IncidentId!)).NotifiedStep, (await h.IncidentAsync(held.IncidentId!)).StepQueued));
        Assert.Empty(h.OutboxIds(held.IncidentId!));
    }

    /// <summary>
    /// Another delivery is opening the incident later groups join (it claimed the grouping row; its create is under way): a new group's
    /// trial waits for it as the delivery does, and once it is written says grouped into it, as the delivery then answers. Before, the
    /// trial said opened and listed the pair as paged.
    /// </summary>
    [Fact]
    public async Task TryAsync_NewGroup_TheIncidentToJoinBeingCreated_WaitsForIt_PredictsGrouped_AsTheDeliveryDoes()
    {
        var h = await GroupingAsync();
        using var opening = await HoldCreateAsync(h, Notification("g1", Alert("a")));
        var g2 = Notification("g2", Alert("b"));
        var named = (await GroupingRowAsync(h, g2))!.IncidentId!;
        Assert.Null(await h.Incidents.GetAsync(named, default));

        var trying = CreateSut(h).TryAsync(g2, default);
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        Assert.False(trying.IsCompleted);
        var opened = await opening.ReleaseAsync();
        Assert.Equal((AlertIntakeOutcome.Opened, named), (opened.Outcome, opened.IncidentId));
        var trial = await trying;

        Assert.Equal((AlertIntakeOutcome.Grouped, named, "Group g1"), (trial.Outcome, trial.IncidentId, trial.Title));
        Assert.Empty(trial.Paged);
        Assert.Null(await h.Incidents.GetOpenGroupAsync("alertmanager", "g2", default));
        var real = await h.Intake.IntakeAsync(g2, default);
        Assert.Equal((AlertIntakeOutcome.Grouped, named), (real.Outcome, real.IncidentId));
    }

    /// <summary>
    /// The grouping row names an incident never written (its creator stopped after claiming the row, before its create): the delivery
    /// waits a few seconds for it, then opens the next one to join and pages; the trial, waiting the same, says opened with the pair.
    /// The repository has no way to delete an incident, so this is the one way a row names one that is not there.
    /// </summary>
    [Fact]
    public async Task TryAsync_NewGroup_TheIncidentToJoinNeverWritten_PredictsOpened_AsTheDeliveryDoes()
    {
        var h = await GroupingAsync();
        var g2 = Notification("g2", Alert("b"));
        var lost = await h.Incidents.AllocateIdAsync(2026, default);
        var (_, targetKey) = AlertIntake.GroupingOf(h.Options, g2)!.Value;
        Assert.NotNull(await h.Incidents.TryClaimGroupAsync(AlertIntake.GroupingSource("alertmanager"), targetKey, new AlertGroupClaim(lost, h.Time.GetUtcNow(), "stopped"), default));

        var (trial, real) = await TryThenSendAsync(h, g2, null);

        Assert.Equal((AlertIntakeOutcome.Opened, null), (trial.Outcome, trial.IncidentId));
        Assert.Equal(await h.DutyEmailsAsync(), [.. trial.Paged.Select(m => m.Email).Order(StringComparer.Ordinal)]);
        Assert.NotEqual(lost, real.IncidentId);
        Assert.Equal(real.IncidentId, (await GroupingRowAsync(h, g2))?.IncidentId);
    }

    /// <summary>
    /// g1's first firing is opening its incident (the group's claim names it; its create is under way) when the alert's resolve comes:
    /// the trial waits for the incident as the delivery does, and once it is written says resolved, as the delivery then answers.
    /// Before, the trial said folded (the incident not there when it looked).
    /// </summary>
    [Fact]
    public async Task TryAsync_ResolveWhileItsGroupIsStillOpeningTheIncident_WaitsForIt_PredictsResolved_AsTheDeliveryDoes()
    {
        var h = await CreateAsync();
        using var opening = await HoldCreateAsync(h, Notification("g1", Alert("a")));
        var claimed = (await h.Incidents.GetOpenGroupAsync("alertmanager", "g1", default))!.IncidentId!;
        Assert.Null(await h.Incidents.GetAsync(claimed, default));
        var resolve = Notification("g1", Alert("a", AlertStatus.Resolved));

        var trying = CreateSut(h).TryAsync(resolve, default);
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        Assert.False(trying.IsCompleted);
        var opened = await opening.ReleaseAsync();
        Assert.Equal((AlertIntakeOutcome.Opened, claimed), (opened.Outcome, opened.IncidentId));
        var trial = await trying;

        Assert.Equal((AlertIntakeOutcome.Resolved, claimed), (trial.Outcome, trial.IncidentId));
        Assert.True((await h.IncidentAsync(claimed)).IsOpen);
        var real = await h.Intake.IntakeAsync(resolve, default);
        Assert.Equal((AlertIntakeOutcome.Resolved, claimed), (real.Outcome, real.IncidentId));
    }

    /// <summary>
    /// The group's claim names an incident never written (its creator stopped after claiming the group, before its create): a delivery
    /// of the group waits a few seconds, then opens that incident from its own notification, as its creator would have, and pages the
    /// pair at once — answered opened (it was folded, the page left to the next escalation run). The trial, waiting the same, says
    /// opened, that incident, the pair paged.
    /// </summary>
    [Fact]
    public async Task TryAsync_FiringIntoAGroupWhoseClaimedIncidentWasNeverWritten_PredictsOpened_ThatIncident_ThePairPagedNow_AsTheDeliveryDoes()
    {
        var h = await CreateAsync();
        var lost = await h.Incidents.AllocateIdAsync(2026, default);
        Assert.NotNull(await h.Incidents.TryClaimGroupAsync("alertmanager", "g1", new AlertGroupClaim(lost, h.Time.GetUtcNow(), "stopped"), default));

        var (trial, real) = await TryThenSendAsync(h, Notification("g1", Alert("a")), null);

        Assert.Equal((AlertIntakeOutcome.Opened, lost, "Group g1", (string?)null), (trial.Outcome, trial.IncidentId, trial.Title, trial.HeldBy));
        Assert.Equal(new AlertIntakeResult(AlertIntakeOutcome.Opened, lost, 1, 0, 0), real);
        var duty = await h.DutyEmailsAsync();
        Assert.Equal(duty, [.. trial.Paged.Select(m => m.Email).Order(StringComparer.Ordinal)]);
        Assert.True((await h.IncidentAsync(lost)).IsOpen);
        Assert.Single(await h.TimelineAsync(lost), t => t.Kind == TimelineKind.AlertFired);
        await h.DrainQueueAsync();
        Assert.Equal(duty, h.Outbox.All.Where(m => m.Id.StartsWith($"incident:{lost}:page:email:", StringComparison.Ordinal)).Select(m => m.Recipient).Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// A claim naming no incident, left by an older version's request that stopped before binding one: once stale, a delivery takes it
    /// over and opens an incident from itself (no reopen of the group's last), paging the pair; the trial says opened with the pair.
    /// While fresh, the delivery waits for the claim to name an incident: the trial is refused for a retry.
    /// </summary>
    [Fact]
    public async Task TryAsync_GroupClaimedWithoutAnIncidentByAnOlderVersion_RefusedWhileFresh_PredictsOpenedOnceStale_AsTheDeliveryDoes()
    {
        var h = await CreateAsync();
        Assert.NotNull(await h.Incidents.TryClaimGroupAsync("alertmanager", "g1", new AlertGroupClaim(null, h.Time.GetUtcNow(), "older"), default));

        var fresh = await Assert.ThrowsAsync<OnDuty.Core.Common.ContentionException>(() => CreateSut(h).TryAsync(Notification("g1", Alert("a")), default));
        Assert.Contains("'g1'", fresh.Message, StringComparison.Ordinal);

        h.Time.Advance(AlertIntake.StaleClaim + TimeSpan.FromSeconds(1));
        var (trial, real) = await TryThenSendAsync(h, Notification("g1", Alert("a")), null);

        Assert.Equal((AlertIntakeOutcome.Opened, (string?)null, (string?)null), (trial.Outcome, trial.IncidentId, trial.HeldBy));
        Assert.Equal(await h.DutyEmailsAsync(), [.. trial.Paged.Select(m => m.Email).Order(StringComparer.Ordinal)]);
        Assert.Equal(AlertIntakeOutcome.Opened, real.Outcome);
        Assert.Equal(real.IncidentId, (await h.Incidents.GetOpenGroupAsync("alertmanager", "g1", default))?.IncidentId);
    }

    /// <summary>
    /// A tool acknowledges while the trigger of its group is still opening the incident (the group's claim names it; its create is under
    /// way): the delivery is refused for the sender to retry (503), and so is its trial — the same refusal. Before, the trial said
    /// acknowledged.
    /// </summary>
    [Fact]
    public async Task TryAsync_ToolAcknowledges_WhileItsTriggerIsStillOpeningTheIncident_RefusedForARetry_AsTheDeliveryIs()
    {
        var h = await CreateAsync();
        using var opening = await HoldCreateAsync(h, Notification("g1", Alert("err")));
        var ack = Notification("g1", Alert("err")) with { Alerts = [], Acknowledges = true, Client = "Datadog" };
        var outbox = h.Outbox.All.Count;

        var tried = await Assert.ThrowsAsync<OnDuty.Core.Common.ContentionException>(() => CreateSut(h).TryAsync(ack, default));
        var sent = await Assert.ThrowsAsync<OnDuty.Core.Common.ContentionException>(() => h.Intake.IntakeAsync(ack, default));

        Assert.Equal(sent.Message, tried.Message);
        Assert.Equal(outbox, h.Outbox.All.Count);
        var id = (await opening.ReleaseAsync()).IncidentId!;
        var (after, _) = await TryThenSendAsync(h, ack, id);
        Assert.Equal((AlertIntakeOutcome.Acknowledged, id), (after.Outcome, after.IncidentId));
    }

    /// <summary>
    /// A delivery of <paramref name="first"/> opening its group's incident, held inside the create (the group claimed, the incident not
    /// yet written) until <see cref="HeldCreate.ReleaseAsync"/>: another delivery is opening it right now.
    /// </summary>
    private static async Task<HeldCreate> HoldCreateAsync(IncidentHarness h, AlertNotification first)
    {
        var held = new HeldCreate(h);
        h.Incidents.FailCreate = _ =>
        {
            held.Creating.Set();
            held.Release.Wait(TimeSpan.FromSeconds(10));
            return null;
        };
        held.Opening = Task.Run(() => h.Intake.IntakeAsync(first, default));
        Assert.True(held.Creating.Wait(TimeSpan.FromSeconds(10)));
        return held;
    }

    private sealed class HeldCreate(IncidentHarness h) : IDisposable
    {
        public ManualResetEventSlim Creating { get; } = new();

        public ManualResetEventSlim Release { get; } = new();

        public Task<AlertIntakeResult> Opening { get; set; } = null!;

        /// <summary>Lets the create go on and returns the opening delivery's answer.</summary>
        public async Task<AlertIntakeResult> ReleaseAsync()
        {
            h.Incidents.FailCreate = null;
            Release.Set();
            return await Opening;
        }

        public void Dispose()
        {
            Release.Set();
            Creating.Dispose();
            Release.Dispose();
        }
    }

    private static AlertInstance Labelled(string key, string service) =>
        Alert(key) with { Labels = new Dictionary<string, string>(StringComparer.Ordinal) { ["service"] = service, ["env"] = "prod" } };

    /// <summary>
    /// The tool acknowledges: acknowledged. After a raise to SEV1 over its first acknowledgement, its acknowledge again is recorded
    /// and not counted (answered folded); once the incident resolved and its group still names it, ignored. Before, the trial said
    /// "acknowledged" each time.
    /// </summary>
    [Fact]
    public async Task TryAsync_ToolAcknowledges_PredictsAcknowledged_NotCountedOverSev1_IgnoredOnceResolved_AsTheDeliveryDoes()
    {
        var h = await CreateAsync();
        var ack = Notification("g1", Alert("err")) with { Alerts = [], Acknowledges = true, Client = "Datadog" };
        var id = (await h.Intake.IntakeAsync(Notification("g1", Alert("err", severity: AlertSeverity.Sev2)), default)).IncidentId!;

        var (first, _) = await TryThenSendAsync(h, ack, id);
        Assert.Equal((AlertIntakeOutcome.Acknowledged, id), (first.Outcome, first.IncidentId));

        await h.Intake.IntakeAsync(Notification("g1", Alert("err", severity: AlertSeverity.Sev1)), default);
        await h.Intake.DrainAsync(default);
        Assert.NotNull((await h.IncidentAsync(id)).RaisedOverToolAck);
        var (again, _) = await TryThenSendAsync(h, ack, id);
        Assert.Equal((AlertIntakeOutcome.Folded, id), (again.Outcome, again.IncidentId));

        await h.Incidents.MutateAsync(id, i => i.Resolve("sato", h.Time.GetUtcNow()), default);
        var (resolved, _) = await TryThenSendAsync(h, ack, id);
        Assert.Equal((AlertIntakeOutcome.Ignored, id, IgnoredReasons.AcknowledgeAfterResolve), (resolved.Outcome, resolved.IncidentId, resolved.IgnoredReason));
        Assert.Null(first.IgnoredReason);
    }

    [Fact]
    public async Task TryAsync_NothingToAcknowledgeOrClose_PredictsIgnored_SayingWhy_AsTheDeliveryDoes()
    {
        var h = await CreateAsync();
        var ack = Notification("g-none", Alert("err")) with { Alerts = [], Acknowledges = true };
        var resolve = Notification("g-none", Alert("err", AlertStatus.Resolved));

        var (acknowledged, _) = await TryThenSendAsync(h, ack, null);
        var (resolved, _) = await TryThenSendAsync(h, resolve, null);

        Assert.Equal((AlertIntakeOutcome.Ignored, IgnoredReasons.AcknowledgeWithoutIncident), (acknowledged.Outcome, acknowledged.IgnoredReason));
        Assert.Equal((AlertIntakeOutcome.Ignored, IgnoredReasons.ResolveWithoutIncident), (resolved.Outcome, resolved.IgnoredReason));
    }
}
