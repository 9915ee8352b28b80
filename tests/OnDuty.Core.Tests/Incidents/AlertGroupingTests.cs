using System.ComponentModel.DataAnnotations;
using OnDuty.Core.Alerts;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using static OnDuty.Core.Tests.Incidents.IncidentHarness;

namespace OnDuty.Core.Tests.Incidents;

/// <summary>
/// Alert grouping (<c>Incidents__Sources__{source}__GroupWindow</c>, <c>__GroupBy__N</c>): first firings of new groups from one
/// source within the window join the incident the first of them opened, instead of each opening one and paging the duty pair.
/// </summary>
public sealed class AlertGroupingTests
{
    private static Task<IncidentHarness> GroupingAsync(TimeSpan? window = null, params string[] groupBy) =>
        CreateAsync(o => o.Sources["alertmanager"] = new AlertSourceOptions { GroupWindow = window ?? TimeSpan.FromMinutes(10), GroupBy = [.. groupBy] });

    private static AlertInstance Labelled(string key, string label, string value, AlertSeverity severity = AlertSeverity.Sev3) =>
        Alert(key, severity: severity) with { Labels = new Dictionary<string, string>(StringComparer.Ordinal) { [label] = value } };

    [Fact]
    public async Task SecondGroupWithinTheWindow_JoinsTheIncident_TrackedThereAndNobodyPagedAgain()
    {
        var h = await GroupingAsync();
        var duty = await h.DutyEmailsAsync();

        var first = await h.Intake.IntakeAsync(Notification("g1", Alert("a")), default);
        h.Time.Advance(TimeSpan.FromMinutes(9));
        var second = await h.Intake.IntakeAsync(Notification("g2", Alert("b"), Alert("c")), default);
        var repeat = await h.Intake.IntakeAsync(Notification("g2", Alert("b")), default);
        await h.Intake.DrainAsync(default);

        Assert.Equal(new AlertIntakeResult(AlertIntakeOutcome.Opened, "INC-2026-0001", 1, 0, 0), first);
        Assert.Equal(new AlertIntakeResult(AlertIntakeOutcome.Grouped, "INC-2026-0001", 2, 0, 0), second);
        Assert.Equal(("INC-2026-0001", AlertIntakeOutcome.Folded), (repeat.IncidentId, repeat.Outcome));
        Assert.Equal(1, h.Incidents.Count);
        var incident = await h.IncidentAsync("INC-2026-0001");
        Assert.Equal(["g2"], incident.JoinedGroups);
        Assert.Equal(["g1", "g2"], incident.Groups);
        Assert.Equal("INC-2026-0001", (await h.Incidents.GetOpenGroupAsync("alertmanager", "g2", default))?.IncidentId);
        Assert.Equal(["a", "b", "c"], (await h.Incidents.GetAlertsAsync("INC-2026-0001", default)).Select(a => a.Value.DedupKey).Order(StringComparer.Ordinal));
        var timeline = await h.TimelineAsync("INC-2026-0001");
        Assert.Equal("g2", Assert.Single(timeline, t => t.Kind == TimelineKind.GroupJoined).Message);
        Assert.Equal(["a", "b", "c"], timeline.Where(t => t.Kind == TimelineKind.AlertFired).Select(t => t.AlertKey!).Order(StringComparer.Ordinal));

        // One page: the first group's. The second group's alerts are on the incident the duty pair already has.
        Assert.Equal(duty, h.Email.Sent.Select(s => s.Message.To).Order(StringComparer.Ordinal));
        Assert.Single(h.Teams.Cards);
        Assert.Single(timeline, t => t.Kind == TimelineKind.Notified);
    }

    [Fact]
    public async Task TheIncidentGroupsJoinWasMergedIntoAnother_TheNextGroupJoinsThatOne_NobodyPagedAgain()
    {
        var h = await GroupingAsync();
        var (declared, _) = await h.Service.CreateAsync(new NewIncident { Title = "決済障害", Severity = AlertSeverity.Sev2 }, "sato", null, default);
        var grouped = (await h.Intake.IntakeAsync(Notification("g1", Alert("a")), default)).IncidentId!;
        await h.Merger.MergeAsync(grouped, declared.Value.Id, "sato", default);
        await h.DrainQueueAsync();
        var sent = h.Email.Sent.Count;

        var next = await h.Intake.IntakeAsync(Notification("g2", Alert("b")), default);
        var after = await h.Intake.IntakeAsync(Notification("g3", Alert("c")), default);

        Assert.Equal((AlertIntakeOutcome.Grouped, declared.Value.Id), (next.Outcome, next.IncidentId));
        Assert.Equal((AlertIntakeOutcome.Grouped, declared.Value.Id), (after.Outcome, after.IncidentId));
        Assert.Equal(["g2", "g3"], (await h.IncidentAsync(declared.Value.Id)).JoinedGroups);
        Assert.Equal(declared.Value.Id, (await h.Incidents.GetOpenGroupAsync("alertmanager+grouping", "", default))?.IncidentId); // the row names it now
        await h.DrainQueueAsync();
        Assert.Equal(sent, h.Email.Sent.Count);
        Assert.Equal(2, h.Incidents.Count);
    }

    [Fact]
    public async Task ParallelFirstFiringsOfEightGroups_OpenOneIncident_TheOthersJoinIt()
    {
        var h = await GroupingAsync();
        var duty = await h.DutyEmailsAsync();

        var results = await Task.WhenAll(Enumerable.Range(1, 8).Select(n => Task.Run(() => h.Intake.IntakeAsync(Notification($"g{n}", Alert($"a{n}")), default))));
        await h.DrainQueueAsync();

        Assert.Single(results, r => r.Outcome == AlertIntakeOutcome.Opened);
        Assert.Equal(7, results.Count(r => r.Outcome == AlertIntakeOutcome.Grouped));
        var id = Assert.Single(results.Select(r => r.IncidentId).Distinct());
        Assert.Equal(1, h.Incidents.Count);
        var incident = await h.IncidentAsync(id!);
        Assert.Equal(Enumerable.Range(1, 8).Select(n => $"g{n}").Order(StringComparer.Ordinal), incident.Groups.Order(StringComparer.Ordinal));
        Assert.Equal(8, (await h.Incidents.GetAlertsAsync(id!, default)).Count);
        foreach (var n in Enumerable.Range(1, 8))
        {
            Assert.Equal(id, (await h.Incidents.GetOpenGroupAsync("alertmanager", $"g{n}", default))?.IncidentId);
        }

        Assert.Equal(duty, h.Email.Sent.Select(s => s.Message.To).Order(StringComparer.Ordinal));
        Assert.Single(h.Teams.Cards);
    }

    [Fact]
    public async Task AfterTheWindow_ANewGroupOpensAndPages_AndLaterGroupsJoinThatOne()
    {
        var h = await GroupingAsync(TimeSpan.FromMinutes(5));
        var duty = await h.DutyEmailsAsync();

        await h.Intake.IntakeAsync(Notification("g1", Alert("a")), default);
        h.Time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        var late = await h.Intake.IntakeAsync(Notification("g2", Alert("b")), default);
        h.Time.Advance(TimeSpan.FromMinutes(1));
        var next = await h.Intake.IntakeAsync(Notification("g3", Alert("c")), default);

        Assert.Equal(("INC-2026-0002", AlertIntakeOutcome.Opened), (late.IncidentId, late.Outcome));
        Assert.Equal(("INC-2026-0002", AlertIntakeOutcome.Grouped), (next.IncidentId, next.Outcome));
        Assert.Empty((await h.IncidentAsync("INC-2026-0001")).JoinedGroups);
        Assert.Equal(["g3"], (await h.IncidentAsync("INC-2026-0002")).JoinedGroups);
        Assert.Equal(duty.Concat(duty).Order(StringComparer.Ordinal), h.Email.Sent.Select(s => s.Message.To).Order(StringComparer.Ordinal));
        Assert.Equal(2, h.Teams.Cards.Count);
    }

    [Fact]
    public async Task GroupBy_OnlyGroupsWithTheSameLabelValuesJoin()
    {
        var h = await GroupingAsync(null, "cluster");

        var tokyo = await h.Intake.IntakeAsync(Notification("g1", Labelled("a", "cluster", "tokyo")), default);
        var osaka = await h.Intake.IntakeAsync(Notification("g2", Labelled("b", "cluster", "osaka")), default);
        var tokyoAgain = await h.Intake.IntakeAsync(Notification("g3", Labelled("c", "cluster", "tokyo")), default);
        var unlabelled = await h.Intake.IntakeAsync(Notification("g4", Alert("d")), default);

        Assert.Equal(("INC-2026-0001", AlertIntakeOutcome.Opened), (tokyo.IncidentId, tokyo.Outcome));
        Assert.Equal(("INC-2026-0002", AlertIntakeOutcome.Opened), (osaka.IncidentId, osaka.Outcome));
        Assert.Equal(("INC-2026-0001", AlertIntakeOutcome.Grouped), (tokyoAgain.IncidentId, tokyoAgain.Outcome));
        var unlabelledToo = await h.Intake.IntakeAsync(Notification("g5", Alert("e")), default);
        var partly = await h.Intake.IntakeAsync(Notification("g6", Labelled("f", "cluster", "tokyo"), Alert("g")), default);

        // Without the label grouping cannot place them: each opens its own (and pages), never folded into a stranger's.
        Assert.Equal(("INC-2026-0003", AlertIntakeOutcome.Opened), (unlabelled.IncidentId, unlabelled.Outcome));
        Assert.Equal(("INC-2026-0004", AlertIntakeOutcome.Opened), (unlabelledToo.IncidentId, unlabelledToo.Outcome));
        // One alert with the label and one without: "tokyo" and "" are not "tokyo" alone.
        Assert.Equal(("INC-2026-0005", AlertIntakeOutcome.Opened), (partly.IncidentId, partly.Outcome));
        Assert.Equal(5, h.Incidents.Count);
    }

    [Fact]
    public async Task EveryAlertOfEveryGroupResolved_ResolvesIt_FreesEachGroup_AndAJoinedGroupFiringAgainReopensIt()
    {
        var h = await GroupingAsync();
        await h.Intake.IntakeAsync(Notification("g1", Alert("a")), default);
        await h.Intake.IntakeAsync(Notification("g2", Alert("b")), default);

        var oneGroup = await h.Intake.IntakeAsync(Notification("g1", Alert("a", AlertStatus.Resolved)), default);
        Assert.Equal(AlertIntakeOutcome.Folded, oneGroup.Outcome);
        Assert.True((await h.IncidentAsync("INC-2026-0001")).IsOpen);

        var both = await h.Intake.IntakeAsync(Notification("g2", Alert("b", AlertStatus.Resolved)), default);
        Assert.Equal(("INC-2026-0001", AlertIntakeOutcome.Resolved), (both.IncidentId, both.Outcome));
        Assert.False((await h.IncidentAsync("INC-2026-0001")).IsOpen);
        Assert.Null(await h.Incidents.GetOpenGroupAsync("alertmanager", "g1", default));
        Assert.Null(await h.Incidents.GetOpenGroupAsync("alertmanager", "g2", default));
        Assert.Equal("INC-2026-0001", (await h.Incidents.GetLastGroupAsync("alertmanager", "g2", default))?.IncidentId);

        h.Time.Advance(TimeSpan.FromMinutes(1));
        var again = await h.Intake.IntakeAsync(Notification("g2", Alert("b")), default);
        Assert.Equal(("INC-2026-0001", AlertIntakeOutcome.Reopened), (again.IncidentId, again.Outcome));
        Assert.True((await h.IncidentAsync("INC-2026-0001")).IsOpen);
        Assert.Equal("INC-2026-0001", (await h.Incidents.GetOpenGroupAsync("alertmanager", "g1", default))?.IncidentId);
        Assert.Equal("INC-2026-0001", (await h.Incidents.GetOpenGroupAsync("alertmanager", "g2", default))?.IncidentId);
    }

    [Fact]
    public async Task ResolvedByAPerson_ItsGroupsAreFreed_AndANewGroupOpensAnIncidentOfItsOwn()
    {
        var h = await GroupingAsync();
        await h.Intake.IntakeAsync(Notification("g1", Alert("a")), default);
        await h.Intake.IntakeAsync(Notification("g2", Alert("b")), default);

        await h.Service.PostUpdateAsync("INC-2026-0001", IncidentStatus.Resolved, "fixed", null, "sato", null, null, default);
        var after = await h.Intake.IntakeAsync(Notification("g3", Alert("c")), default);

        Assert.Null(await h.Incidents.GetOpenGroupAsync("alertmanager", "g2", default));
        Assert.Equal(("INC-2026-0002", AlertIntakeOutcome.Opened), (after.IncidentId, after.Outcome));
        Assert.Empty((await h.IncidentAsync("INC-2026-0002")).JoinedGroups);
    }

    /// <summary>With no reopen window, its own group firing again after it resolved opens a new incident: grouping never reopens one.</summary>
    [Fact]
    public async Task TheResolvedIncidentsOwnGroupFiringAgainWithinTheWindow_OpensANewOne_WhenTheReopenWindowIsZero()
    {
        var h = await CreateAsync(o =>
        {
            o.ReopenWindow = TimeSpan.Zero;
            o.Sources["alertmanager"] = new AlertSourceOptions { GroupWindow = TimeSpan.FromMinutes(10) };
        });
        await h.Intake.IntakeAsync(Notification("g1", Alert("a")), default);
        await h.Intake.IntakeAsync(Notification("g1", Alert("a", AlertStatus.Resolved)), default);
        h.Time.Advance(TimeSpan.FromMinutes(1));

        var again = await h.Intake.IntakeAsync(Notification("g1", Alert("a")), default);

        Assert.Equal(("INC-2026-0002", AlertIntakeOutcome.Opened), (again.IncidentId, again.Outcome));
        Assert.False((await h.IncidentAsync("INC-2026-0001")).IsOpen);
        Assert.Equal(0, (await h.IncidentAsync("INC-2026-0001")).ReopenCount);
    }

    [Fact]
    public void JoinGroup_RecordsOnce_AndAResolvedIncidentTakesNone()
    {
        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "t", Severity = AlertSeverity.Sev2, Source = "alertmanager", GroupKey = "g1" }, [], "alert:alertmanager", T0);

        Assert.False(incident.JoinGroup("g1", "alert:alertmanager", T0));
        Assert.True(incident.JoinGroup("g2", "alert:alertmanager", T0));
        Assert.False(incident.JoinGroup("g2", "alert:alertmanager", T0));
        Assert.Equal(["g1", "g2"], incident.Groups);
        Assert.Single(incident.PendingTimeline, t => t.Kind == TimelineKind.GroupJoined);
        Assert.False(incident.CanJoin(new string('x', Incident.MaxJoinedGroupsLength)));
        Assert.True(incident.CanJoin(new string('x', 1400)));
        // As stored: a quote is six characters of the record's JSON (\u0022), so 1,400 of them would take 8,400.
        Assert.False(incident.CanJoin(new string('"', 1400)));

        incident.Resolve("sato", T0);
        Assert.False(incident.CanJoin("g1"));
        Assert.False(incident.CanJoin("g3"));
        Assert.Throws<InvalidOperationException>(() => incident.JoinGroup("g3", "alert:alertmanager", T0));
    }

    /// <summary>
    /// A more urgent group never disappears into an incident someone already took (nobody would be paged): it opens its own
    /// and pages. Into one nobody took it joins, raising the severity, so escalation runs at the more urgent pace.
    /// </summary>
    [Fact]
    public async Task AMoreUrgentGroup_OpensItsOwnIncidentWhenTheOneToJoinIsAcknowledged_AndRaisesTheSeverityOfOneThatIsNot()
    {
        var h = await GroupingAsync();
        var duty = await h.DutyEmailsAsync();
        await h.Intake.IntakeAsync(Notification("g1", Alert("a", severity: AlertSeverity.Sev3)), default);
        await h.Service.AcknowledgeAsync("INC-2026-0001", "sato", null, default);

        var sameSeverity = await h.Intake.IntakeAsync(Notification("g2", Alert("b", severity: AlertSeverity.Sev3)), default);
        var moreUrgent = await h.Intake.IntakeAsync(Notification("g3", Alert("c", severity: AlertSeverity.Sev1)), default);
        var afterIt = await h.Intake.IntakeAsync(Notification("g4", Alert("d", severity: AlertSeverity.Sev1)), default);
        await h.DrainQueueAsync();

        Assert.Equal(("INC-2026-0001", AlertIntakeOutcome.Grouped), (sameSeverity.IncidentId, sameSeverity.Outcome));
        Assert.Equal(("INC-2026-0002", AlertIntakeOutcome.Opened), (moreUrgent.IncidentId, moreUrgent.Outcome));
        Assert.Equal(("INC-2026-0002", AlertIntakeOutcome.Grouped), (afterIt.IncidentId, afterIt.Outcome));
        Assert.Equal(AlertSeverity.Sev3, (await h.IncidentAsync("INC-2026-0001")).Severity);
        Assert.Equal(AlertSeverity.Sev1, (await h.IncidentAsync("INC-2026-0002")).Severity);
        Assert.Equal(duty.Count, h.Email.Sent.Count(m => m.Message.Subject.Contains("INC-2026-0002", StringComparison.Ordinal)));

        var unacknowledged = await GroupingAsync();
        await unacknowledged.Intake.IntakeAsync(Notification("g1", Alert("a", severity: AlertSeverity.Sev3)), default);
        var raised = await unacknowledged.Intake.IntakeAsync(Notification("g2", Alert("b", severity: AlertSeverity.Sev1)), default);

        Assert.Equal(("INC-2026-0001", AlertIntakeOutcome.Grouped), (raised.IncidentId, raised.Outcome));
        var incident = await unacknowledged.IncidentAsync("INC-2026-0001");
        Assert.Equal(AlertSeverity.Sev1, incident.Severity);
        Assert.Single(await unacknowledged.TimelineAsync("INC-2026-0001"), t => t.Kind == TimelineKind.SeverityRaised);
    }

    [Fact]
    public async Task AFullIncident_TakesNoMoreGroups_TheNextOneOpensAnIncidentTheRestJoin()
    {
        var h = await GroupingAsync();
        for (var n = 0; n <= Incident.MaxJoinedGroups; n++)
        {
            var joined = await h.Intake.IntakeAsync(Notification($"g{n}", Alert($"a{n}")), default);
            Assert.Equal("INC-2026-0001", joined.IncidentId);
        }

        var overflow = await h.Intake.IntakeAsync(Notification("overflow", Alert("x")), default);
        var afterIt = await h.Intake.IntakeAsync(Notification("after", Alert("y")), default);

        Assert.Equal(Incident.MaxJoinedGroups, (await h.IncidentAsync("INC-2026-0001")).JoinedGroups.Count);
        Assert.Equal(("INC-2026-0002", AlertIntakeOutcome.Opened), (overflow.IncidentId, overflow.Outcome));
        Assert.Equal(("INC-2026-0002", AlertIntakeOutcome.Grouped), (afterIt.IncidentId, afterIt.Outcome));
    }

    [Fact]
    public async Task AnotherSource_AndGroupingOff_AreNotGrouped()
    {
        var h = await GroupingAsync();
        var alertmanager = await h.Intake.IntakeAsync(Notification("g1", Alert("a")), default);
        var grafana = await h.Intake.IntakeAsync(Notification("g2", Alert("b")) with { Source = AlertSource.Grafana }, default);
        var off = await CreateAsync();
        await off.Intake.IntakeAsync(Notification("g1", Alert("a")), default);
        var separate = await off.Intake.IntakeAsync(Notification("g2", Alert("b")), default);

        Assert.Equal(AlertIntakeOutcome.Opened, alertmanager.Outcome);
        Assert.Equal(("INC-2026-0002", AlertIntakeOutcome.Opened), (grafana.IncidentId, grafana.Outcome));
        Assert.Equal(("INC-2026-0002", AlertIntakeOutcome.Opened), (separate.IncidentId, separate.Outcome));
    }

    /// <summary>The incident a group would join was named but never written (its creator died): the next group opens one after a short wait.</summary>
    [Fact]
    public async Task TheIncidentToJoinWasNeverWritten_TheNextGroupOpensOneOfItsOwn()
    {
        var h = await GroupingAsync();
        await h.Incidents.TryClaimGroupAsync("alertmanager+grouping", "", new AlertGroupClaim("INC-2026-0099", T0, "dead"), default);

        var result = await h.Intake.IntakeAsync(Notification("g1", Alert("a")), default);
        var next = await h.Intake.IntakeAsync(Notification("g2", Alert("b")), default);

        Assert.Equal(("INC-2026-0001", AlertIntakeOutcome.Opened), (result.IncidentId, result.Outcome));
        Assert.Equal(("INC-2026-0001", AlertIntakeOutcome.Grouped), (next.IncidentId, next.Outcome));
        Assert.Null(await h.Incidents.GetAsync("INC-2026-0099", default));
    }

    /// <summary>Storage fails creating the incident groups would join: the sender gets the error, and neither its group nor the grouping row is left naming an incident that does not exist.</summary>
    [Fact]
    public async Task CreatingTheIncidentToJoinFails_TheSenderGetsTheError_NothingIsLeftNamingIt_TheRetryOpensIt()
    {
        var h = await GroupingAsync();
        h.Incidents.FailCreate = _ => new DependencyUnavailableException("Table Storage", new IOException("down"));

        await Assert.ThrowsAsync<DependencyUnavailableException>(() => h.Intake.IntakeAsync(Notification("g1", Alert("a")), default));

        Assert.Null(await h.Incidents.GetOpenGroupAsync("alertmanager", "g1", default));
        Assert.Null(await h.Incidents.GetOpenGroupAsync("alertmanager+grouping", "", default));
        h.Incidents.FailCreate = null;
        var retry = await h.Intake.IntakeAsync(Notification("g1", Alert("a")), default);
        var next = await h.Intake.IntakeAsync(Notification("g2", Alert("b")), default);
        Assert.Equal(AlertIntakeOutcome.Opened, retry.Outcome);
        Assert.Equal((retry.IncidentId, AlertIntakeOutcome.Grouped), (next.IncidentId, next.Outcome));
    }

    /// <summary>
    /// The retention timer deletes the grouping row and the groups' last-incident rows once no window reaches them: a group
    /// firing a week and more after its incident resolved opens a new incident, as it did before the rows were gone.
    /// </summary>
    [Fact]
    public async Task Retention_DeletesGroupRowsNoWindowReaches_AGroupFiringLaterOpensANewIncident()
    {
        var h = await GroupingAsync();
        await h.Intake.IntakeAsync(Notification("g1", Alert("a")), default);
        await h.Intake.IntakeAsync(Notification("g2", Alert("b")), default);
        await h.Intake.IntakeAsync(Notification("g1", Alert("a", AlertStatus.Resolved)), default);
        await h.Intake.IntakeAsync(Notification("g2", Alert("b", AlertStatus.Resolved)), default);
        var retention = new AlertGroupRetention(h.Incidents, h.Time);

        h.Time.Advance(AlertGroupRetention.GroupingKept - TimeSpan.FromMinutes(1));
        Assert.Equal(0, await retention.PurgeAsync(default));
        h.Time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, await retention.PurgeAsync(default));
        Assert.Null(await h.Incidents.GetOpenGroupAsync("alertmanager+grouping", "", default));
        h.Time.Advance(AlertGroupRetention.LastIncidentKept - AlertGroupRetention.GroupingKept);
        Assert.Equal(2, await retention.PurgeAsync(default));
        Assert.Null(await h.Incidents.GetLastGroupAsync("alertmanager", "g2", default));

        var later = await h.Intake.IntakeAsync(Notification("g2", Alert("b")), default);
        Assert.Equal(("INC-2026-0002", AlertIntakeOutcome.Opened), (later.IncidentId, later.Outcome));
    }

    [Theory]
    [InlineData("1.00:00:01", null, "GroupWindow must be between")]
    [InlineData("-00:00:01", null, "GroupWindow must be between")]
    [InlineData("00:00:00", "cluster", "GroupBy needs Incidents__Sources__alertmanager__GroupWindow")]
    [InlineData("00:10:00", " ", "GroupBy__0 is blank")]
    public void InvalidGroupingSettings_AreRefusedAtStartUp(string window, string? label, string expected)
    {
        var options = new IncidentOptions { AckTokenSecret = Convert.ToBase64String(new byte[32]), Leads = ["lead@example.com"], OrganisationList = "pm-org@example.com" };
        options.Sources["alertmanager"] = new AlertSourceOptions { GroupWindow = TimeSpan.Parse(window, System.Globalization.CultureInfo.InvariantCulture), GroupBy = label is null ? [] : [label] };

        var errors = options.Validate(new ValidationContext(options)).Select(e => e.ErrorMessage).ToList();

        Assert.Contains(errors, e => e!.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void GroupingKey_ListsEachLabelsValuesOfTheFiringAlerts()
    {
        var options = new AlertSourceOptions { GroupWindow = TimeSpan.FromMinutes(5), GroupBy = ["cluster", "team"] };
        var notification = Notification("g", Labelled("a", "cluster", "tokyo"), Labelled("b", "cluster", "osaka"), Labelled("c", "cluster", "kobe") with { Status = AlertStatus.Resolved });

        Assert.Equal("cluster=osaka,tokyo\nteam=", options.GroupingKey(notification));
        Assert.Equal("", new AlertSourceOptions { GroupWindow = TimeSpan.FromMinutes(5) }.GroupingKey(notification));
        Assert.Null(options.GroupingKey(Notification("g", Alert("d"))));
    }
}
