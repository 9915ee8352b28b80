using OnDuty.Core.Alerts;
using OnDuty.Core.Comms;
using OnDuty.Core.Incidents;
using OnDuty.Core.Notifications;
using OnDuty.Core.Team;
using OnDuty.Messages;
using static OnDuty.Core.Tests.Incidents.IncidentHarness;

namespace OnDuty.Core.Tests.Incidents;

/// <summary>
/// Session 52, the handoff with an incident still open (read as the incoming 伊藤 and Liam): a SEV2 the outgoing member took stays
/// theirs, but the reminders of it — the update reminder, the recovery notice owed — go to the pair on duty now as well, not to the
/// outgoing pair alone; and an alert firing again after the handoff pages the pair on duty now, never only someone gone off duty.
/// </summary>
public sealed class OpenAtTheHandoffTests
{
    /// <summary>Monday 7 December 2026, 08:30 JST: the staggered pair hands over at 10:00 (one member stays, one leaves, one comes in).</summary>
    private static readonly DateTimeOffset Opened = new(2026, 12, 7, 8, 30, 0, TimeSpan.FromHours(9));

    /// <summary>The handoff: Monday 10:00, or Tuesday 10:00 in the week the office is closed on Monday (case 4: the handoff moved).</summary>
    private static DateTimeOffset HandoffOf(bool moved) => new(2026, 12, moved ? 8 : 7, 10, 0, 0, TimeSpan.FromHours(9));

    /// <summary>The team's calendar: Monday 7 December closed (臨時休業) when the handoff moved; Japan's holidays either way.</summary>
    private static OnDuty.Core.Calendar.WorkingCalendar Working(bool moved) => new("JP", moved
        ? [new OnDuty.Core.Calendar.ClosureOptions { From = new DateOnly(2026, 12, 7), To = new DateOnly(2026, 12, 7), Name = "臨時休業", NameEn = "Closure" }]
        : []);

    private sealed record Pairs(string Leaver, string Stayer, string Newcomer);

    /// <summary>
    /// A SEV2 monitoring opened at 08:30, acknowledged by the outgoing member who leaves at the handoff (<paramref name="leaverTakesIt"/>,
    /// 田中's case) or by the one who stays, who posts the first update at 08:40; the handoff at Monday 10:00, or Tuesday 10:00 when
    /// <paramref name="moved"/>. Returns the harness, the incident (paged to the outgoing pair) and who is who (member ids).
    /// </summary>
    private static async Task<(IncidentHarness H, string Id, Pairs Who)> TakenBeforeTheHandoffAsync(bool leaverTakesIt, Action<CommsOptions>? comms = null, bool moved = false)
    {
        var h = await CreateAsync(comms: c =>
        {
            c.UpdateInterval.Sev2 = "01:00:00";
            c.FirstNoticeReminder.Sev2 = UpdateIntervals.Off;
            comms?.Invoke(c);
        }, working: Working(moved));
        // Who is on duty after the handoff, read on a second harness of the same team (its clock cannot go back).
        var later = await CreateAsync(working: Working(moved));
        later.Time.SetUtcNow(HandoffOf(moved).AddMinutes(1));
        var incoming = (await later.DutyEmailsAsync()).Select(e => e.Split('@')[0]).ToList();
        h.Time.SetUtcNow(Opened);
        var outgoing = (await h.DutyEmailsAsync()).Select(e => e.Split('@')[0]).ToList();
        var who = new Pairs(Assert.Single(outgoing.Except(incoming)), Assert.Single(outgoing.Intersect(incoming)), Assert.Single(incoming.Except(outgoing)));

        var id = (await h.Intake.IntakeAsync(Notification("g1", Alert("checkout", severity: AlertSeverity.Sev2)), default)).IncidentId!;
        await h.DrainQueueAsync();
        h.Time.Advance(TimeSpan.FromMinutes(5));
        var taker = leaverTakesIt ? who.Leaver : who.Stayer;
        await h.Service.AcknowledgeAsync(id, taker, null, default);
        h.Time.Advance(TimeSpan.FromMinutes(5));
        await h.Service.PostUpdateAsync(id, IncidentStatus.Investigating, "決済APIでエラー。調査中です。", null, taker, null, null, default);
        await h.DrainQueueAsync();
        Assert.Equal(Sorted(who.Leaver, who.Stayer), (await h.IncidentAsync(id)).Assignees.Select(a => a.Email).Order(StringComparer.Ordinal).ToList());
        return (h, id, who);
    }

    /// <summary>
    /// Taken before the handoff (<see cref="TakenBeforeTheHandoffAsync"/>), resolved by monitoring 10 minutes before it, fired again 20
    /// minutes after it (within the reopen window) and the pages sent: returns the harness, the incident, who is who and when it fired.
    /// </summary>
    private static async Task<(IncidentHarness H, string Id, Pairs Who, DateTimeOffset Since)> FlappedAcrossTheHandoffAsync(bool leaverTakesIt, bool moved)
    {
        var (h, id, who) = await TakenBeforeTheHandoffAsync(leaverTakesIt, moved: moved);
        h.Time.SetUtcNow(HandoffOf(moved).AddMinutes(-10));
        await h.Intake.IntakeAsync(Notification("g1", Alert("checkout", AlertStatus.Resolved, AlertSeverity.Sev2)), default);
        h.Time.SetUtcNow(HandoffOf(moved).AddMinutes(20));
        var since = h.Time.GetUtcNow();

        var again = await h.Intake.IntakeAsync(Notification("g1", Alert("checkout", severity: AlertSeverity.Sev2)), default);
        await h.DrainQueueAsync();

        Assert.Equal(AlertIntakeOutcome.Reopened, again.Outcome);
        return (h, id, who, since);
    }

    private static string Email(string id) => $"{id}@example.com";

    private static List<string> Sorted(params string[] ids) => [.. ids.Select(Email).Order(StringComparer.Ordinal)];

    private static List<string> EmailsUnder(IncidentHarness h, string prefix, DateTimeOffset since) =>
        [.. h.Outbox.All.Where(m => m.Channel == Channel.Email && m.Id.StartsWith(prefix, StringComparison.Ordinal) && m.CreatedAt >= since)
            .Select(m => m.Recipient).Order(StringComparer.Ordinal)];

    /// <summary>
    /// The update reminder an hour after the last update comes at 10:40, after the handoff: it reaches the incoming pair (they answer
    /// for the incident now) and whoever took it; the outgoing member who did not take it, off duty now, is reminded no more. Before
    /// this, the reminder went to the outgoing pair only and the newcomer heard nothing of an overdue update all week.
    /// </summary>
    [Theory]
    [InlineData(true, false)]
    [InlineData(false, false)]
    [InlineData(true, true)]
    [InlineData(false, true)]
    public async Task UpdateReminderAfterTheHandoff_GoesToThePairOnDutyNowAndWhoeverTookIt(bool leaverTakesIt, bool moved)
    {
        var (h, id, who) = await TakenBeforeTheHandoffAsync(leaverTakesIt, moved: moved);
        h.Time.SetUtcNow(HandoffOf(moved).AddMinutes(41)); // 10:41: intervals missed since the 08:40 update, one reminder
        var since = h.Time.GetUtcNow();

        Assert.Equal(1, await h.Nudger.NudgeOpenIncidentsAsync(default));

        var expected = leaverTakesIt ? Sorted(who.Leaver, who.Stayer, who.Newcomer) : Sorted(who.Stayer, who.Newcomer);
        Assert.Equal(expected, EmailsUnder(h, $"incident:{id}:nudge:", since));
        var row = Assert.Single(await h.TimelineAsync(id), e => e.Kind == TimelineKind.UpdateNudged);
        Assert.Equal(expected, row.Recipients.Select(Email).Order(StringComparer.Ordinal).ToList());
        // Whoever took it keeps it: the reminder does not move the acknowledgement.
        Assert.Equal(leaverTakesIt ? who.Leaver : who.Stayer, (await h.IncidentAsync(id)).AcknowledgedBy);
    }

    /// <summary>
    /// The newcomer takes it over from the outgoing member after the handoff (「引き継ぐ」): from then on it is theirs, and the update
    /// reminder reaches the pair on duty now alone — the outgoing member, who no longer holds it, is reminded no more.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task TakenOverByTheNewcomer_TheReminderNoLongerReachesTheOutgoingMember(bool moved)
    {
        var (h, id, who) = await TakenBeforeTheHandoffAsync(leaverTakesIt: true, moved: moved);
        h.Time.SetUtcNow(HandoffOf(moved).AddMinutes(5));
        await h.Service.TakeOverAsync(id, who.Newcomer, null, default);
        await h.DrainQueueAsync();
        h.Time.SetUtcNow(HandoffOf(moved).AddMinutes(41));
        var since = h.Time.GetUtcNow();

        Assert.Equal(1, await h.Nudger.NudgeOpenIncidentsAsync(default));

        Assert.Equal(who.Newcomer, (await h.IncidentAsync(id)).AcknowledgedBy);
        Assert.Equal(Sorted(who.Stayer, who.Newcomer), EmailsUnder(h, $"incident:{id}:nudge:", since));
        Assert.Equal([Email(who.Leaver)], EmailsUnder(h, $"incident:{id}:tookOver:{who.Newcomer}", HandoffOf(moved)));
    }

    /// <summary>
    /// Before the handoff the same reminder goes to the pair it was paged to, as before — in the week the handoff moved to Tuesday,
    /// on Monday at 10:41 too: the outgoing pair are still on duty then.
    /// </summary>
    [Theory]
    [InlineData(false, 71)]
    [InlineData(true, 71)]
    [InlineData(true, 131)]
    public async Task UpdateReminderBeforeTheHandoff_GoesToThePairOnDuty(bool moved, int minutes)
    {
        var (h, id, who) = await TakenBeforeTheHandoffAsync(leaverTakesIt: true, moved: moved);
        h.Time.SetUtcNow(Opened.AddMinutes(minutes)); // 09:41, or 10:41 on the Monday of the moved week

        Assert.Equal(1, await h.Nudger.NudgeOpenIncidentsAsync(default));

        Assert.Equal(Sorted(who.Leaver, who.Stayer), EmailsUnder(h, $"incident:{id}:nudge:", Opened));
    }

    /// <summary>
    /// Monitoring resolves it at 10:20, after the handoff, with the execs told it started: the recovery notice owed is reminded to the
    /// incoming pair and to the one who took it (who wrote the 第1報), not to the outgoing pair alone.
    /// </summary>
    [Fact]
    public async Task RecoveryReminderAfterTheHandoff_GoesToThePairOnDutyNowAndWhoeverTookIt()
    {
        var (h, id, who) = await TakenBeforeTheHandoffAsync(leaverTakesIt: true, c =>
        {
            c.Audiences["execs"] = new AudienceOptions { Members = ["ceo@example.com"], Language = "ja" };
            c.BySeverity.Sev2 = ["execs"];
            c.RecoveryAskSettle = TimeSpan.Zero; // asked at the resolve: whom it asks is the point here
        });
        Assert.Equal(["execs"], (await h.IncidentAsync(id)).Comms.ToldAudiences);
        h.Time.SetUtcNow(HandoffOf(false).AddMinutes(20));
        var since = h.Time.GetUtcNow();

        await h.Intake.IntakeAsync(Notification("g1", Alert("checkout", AlertStatus.Resolved, AlertSeverity.Sev2)), default);

        Assert.True((await h.IncidentAsync(id)).RecoveryNoticeOwed);
        Assert.Equal(Sorted(who.Leaver, who.Stayer, who.Newcomer), EmailsUnder(h, $"incident:{id}:recovery:", since));
    }

    /// <summary>
    /// Case 3 of the walk: the outgoing member resolved it at 09:50 though its alert still fired; it fires again at 10:20, after the
    /// handoff. The page goes to the pair on duty now — the newcomer with the one who stays — not to the member gone off duty.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ResolvedByTheOutgoingMember_FiresAgainAfterTheHandoff_PagesThePairOnDutyNow(bool moved)
    {
        var (h, id, who) = await TakenBeforeTheHandoffAsync(leaverTakesIt: true, moved: moved);
        h.Time.SetUtcNow(HandoffOf(moved).AddMinutes(-10));
        await h.Service.PostUpdateAsync(id, IncidentStatus.Resolved, "再起動で復旧", null, who.Leaver, null, null, default);
        h.Time.SetUtcNow(HandoffOf(moved).AddMinutes(20));
        var since = h.Time.GetUtcNow();

        var again = await h.Intake.IntakeAsync(Notification("g1", Alert("checkout", severity: AlertSeverity.Sev2)), default);
        await h.DrainQueueAsync();

        Assert.Equal(AlertIntakeOutcome.Reopened, again.Outcome);
        Assert.Equal(Sorted(who.Stayer, who.Newcomer), EmailsUnder(h, $"incident:{id}:page:r1:email:", since));
        Assert.Equal(Sorted(who.Stayer, who.Newcomer), (await h.IncidentAsync(id)).Assignees.Select(a => a.Email).Order(StringComparer.Ordinal).ToList());
    }

    /// <summary>
    /// Monitoring resolved it at 09:50 under the outgoing member's acknowledgement (flapping under a person's watch), and it fires
    /// again at 10:20: that person is off duty now, so their acknowledgement no longer covers it and the pair on duty now is paged —
    /// before this nobody was told at all. The timeline says why, in both languages.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task MonitoringResolvedUnderTheOutgoingMember_FiresAgainAfterTheHandoff_PagesThePairOnDutyNow(bool moved)
    {
        var (h, id, who, since) = await FlappedAcrossTheHandoffAsync(leaverTakesIt: true, moved);

        var incident = await h.IncidentAsync(id);
        Assert.Null(incident.AcknowledgedBy);
        Assert.Equal(0, incident.NotifiedStep);
        Assert.Equal(Sorted(who.Stayer, who.Newcomer), EmailsUnder(h, $"incident:{id}:page:r1:email:", since));
        var row = Assert.Single(await h.TimelineAsync(id), t => t.Kind == TimelineKind.Reopened);
        Assert.Equal(TimelineTexts.ReopenedTakerOffDuty, row.Message);
        Assert.Equal("監視で再び発生しましたが、対応を開始した方は当番を外れているため、今の当番を呼び出しました", TimelineText.For(row.Kind, row.Message, Language.Ja));
        Assert.Equal("monitoring reports it firing again, and the one who took it is no longer on duty, so the pair on duty now was paged", TimelineText.For(row.Kind, row.Message, Language.En));
    }

    /// <summary>The same flapping, taken by the member who stays on duty: their acknowledgement stands and nobody is paged, as before.</summary>
    [Fact]
    public async Task MonitoringResolvedUnderTheMemberWhoStays_FiresAgainAfterTheHandoff_AcknowledgementStands()
    {
        var (h, id, who, since) = await FlappedAcrossTheHandoffAsync(leaverTakesIt: false, moved: false);

        Assert.Equal(who.Stayer, (await h.IncidentAsync(id)).AcknowledgedBy);
        Assert.Empty(EmailsUnder(h, $"incident:{id}:page:", since));
        Assert.Equal(TimelineTexts.FiredWithinReopenWindow, Assert.Single(await h.TimelineAsync(id), t => t.Kind == TimelineKind.Reopened).Message);
    }

    /// <summary>
    /// Case 2 of the walk: a SEV3 nobody answered, opened at 08:30 and escalated (step 1) to the outgoing pair at 09:30, is open at the
    /// handoff (Monday, or Tuesday in the moved week). The escalation run after it hands it to the newcomer, the leads' step still
    /// comes, and from the handoff on nothing of it pages the member gone off duty — only a hand-over note telling them who has it.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task UnansweredAtTheHandoff_TheNewcomerIsPaged_TheLeadsStepStillComes_NothingPagesTheLeaver(bool moved)
    {
        var h = await CreateAsync(working: Working(moved));
        var later = await CreateAsync(working: Working(moved));
        later.Time.SetUtcNow(HandoffOf(moved).AddMinutes(1));
        var incoming = await later.DutyEmailsAsync();
        h.Time.SetUtcNow(moved ? HandoffOf(moved).AddMinutes(-90) : Opened);
        var outgoing = await h.DutyEmailsAsync();
        var (newcomer, leaver) = (Assert.Single(incoming.Except(outgoing)), Assert.Single(outgoing.Except(incoming)));
        var id = (await h.Service.CreateAsync(new NewIncident { Title = "検索が遅い", Severity = AlertSeverity.Sev3 }, "api", null, default)).Incident.Value.Id;
        await h.DrainQueueAsync();
        h.Time.Advance(TimeSpan.FromMinutes(61));
        await h.Pager.EscalateOpenIncidentsAsync(default);
        await h.DrainQueueAsync();
        Assert.Equal(1, (await h.IncidentAsync(id)).NotifiedStep);

        h.Time.SetUtcNow(HandoffOf(moved).AddMinutes(1));
        var since = h.Time.GetUtcNow();
        for (var run = 0; run < 24 && (await h.IncidentAsync(id)).NotifiedStep < EscalationPolicy.LeadsStep; run++)
        {
            await h.Pager.EscalateOpenIncidentsAsync(default);
            await h.DrainQueueAsync();
            h.Time.Advance(TimeSpan.FromMinutes(5));
        }

        Assert.Equal(EscalationPolicy.LeadsStep, (await h.IncidentAsync(id)).NotifiedStep);
        Assert.Contains(h.Email.Sent, s => s.Id == $"incident:{id}:escalation:1:email:{newcomer}");
        Assert.Contains(h.Email.Sent, s => s.Id.StartsWith($"incident:{id}:escalation:2:", StringComparison.Ordinal) && s.Message.To == "lead@example.com");
        var toLeaver = h.Outbox.All.Where(m => m.Recipient == leaver && m.CreatedAt >= since).Select(m => m.Id).ToList();
        Assert.Equal([$"incident:{id}:handedOver:email:{leaver}"], toLeaver);
        Assert.Equal(incoming, (await h.IncidentAsync(id)).Assignees.Select(a => a.Email).Order(StringComparer.Ordinal).ToList());
    }
}
