using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Notifications;
using static OnDuty.Core.Tests.Incidents.IncidentHarness;

namespace OnDuty.Core.Tests.Incidents;

/// <summary>
/// Personal call rules (<see cref="Incident.PersonalCallsDue"/>, <see cref="Pager.CallByPersonalRulesAsync(CancellationToken)"/>): a duty
/// member rung N minutes after a first page nobody acknowledged (0: with it), sooner than the team's step-1 calls; never instead of
/// a page, once a round, stopped by an acknowledgement, counted in the call budget.
/// </summary>
public sealed class PersonalCallsTests
{
    private static NewIncident Details(AlertSeverity severity = AlertSeverity.Sev2, string title = "決済画面が開かない") => new() { Title = title, Severity = severity };

    /// <summary>Calls on (the team's from step 1), the duty member with a number and their own rule of <paramref name="minutes"/>.</summary>
    private static async Task<(IncidentHarness H, string Member, string Phone)> RuledAsync(int? minutes, Action<VoiceOptions>? voice = null)
    {
        var h = await CreateAsync();
        h.VoiceOptions.Enabled = true;
        voice?.Invoke(h.VoiceOptions);
        var (member, phone) = (await h.PhonesForDutyAsync()).Single();
        var stored = (await h.Roster.GetMemberAsync(member, default))!;
        await h.Roster.SaveMemberAsync(stored.Value with { CallAfterMinutes = minutes }, stored.ETag, default);
        return (h, member, phone);
    }

    private static List<OutboxMessage> Calls(IncidentHarness h) => [.. h.Outbox.All.Where(m => m.Channel == Channel.Voice)];

    private static async Task<string> OpenAsync(IncidentHarness h, AlertSeverity severity = AlertSeverity.Sev2) =>
        (await h.Service.CreateAsync(Details(severity), "api", null, default)).Incident.Value.Id;

    [Fact]
    public async Task CallByPersonalRules_FiveMinutesUnacknowledged_RingsThemOnceUnderItsOwnId_WithATimelineRow_AndTheTeamsCallStillComes()
    {
        var (h, member, phone) = await RuledAsync(5);
        var id = await OpenAsync(h); // SEV2: step 1 after 15 minutes
        Assert.Empty(Calls(h));

        h.Time.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(0, await h.Pager.CallByPersonalRulesAsync(default));
        Assert.Empty(Calls(h));

        h.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await h.Pager.CallByPersonalRulesAsync(default));
        var call = Assert.Single(Calls(h));
        Assert.Equal(($"incident:{id}:rule:voice:{member}", phone, OutboxPriority.Page), (call.Id, call.Recipient, call.Priority));
        var placed = Assert.Single(h.Voice.Placed).Call;
        Assert.Equal(phone, placed.To);
        Assert.Contains("まだ誰も応答していません。対応する場合は 1 を押してください。", placed.Text, StringComparison.Ordinal);
        var row = Assert.Single(await h.TimelineAsync(id), e => e.Kind == TimelineKind.PersonalCall);
        Assert.Equal(member, Assert.Single(row.Members!).Id);
        Assert.EndsWith("asked to be called 5 minutes after a page nobody acknowledged: called", row.Message, StringComparison.Ordinal);
        Assert.Equal([member], (await h.Incidents.GetAsync(id, default))!.Value.PersonalCalled);

        // Once a round: the next runs ring nobody again.
        h.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(0, await h.Pager.CallByPersonalRulesAsync(default));
        Assert.Single(Calls(h));

        // Added, not instead: step 1 rings the pair as ever.
        h.Time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal([1], await h.Pager.NotifyDueAsync(id, default));
        Assert.Contains(Calls(h), c => c.Id == $"incident:{id}:escalation:1:voice:{member}");
    }

    [Fact]
    public async Task CallByPersonalRules_ZeroMinutes_RingsWithTheFirstPage()
    {
        var (h, member, _) = await RuledAsync(0);
        var id = await OpenAsync(h);

        Assert.Equal(1, await h.Pager.CallByPersonalRulesAsync(default));

        Assert.Equal($"incident:{id}:rule:voice:{member}", Assert.Single(Calls(h)).Id);
        Assert.EndsWith("asked to be called at the first page: called", Assert.Single(await h.TimelineAsync(id), e => e.Kind == TimelineKind.PersonalCall).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallByPersonalRules_NoLaterThanStepOne_ChangesNothing()
    {
        // SEV1's step 1 comes after 5 minutes: a rule of 5 or more is no sooner.
        var (h, _, _) = await RuledAsync(5);
        var id = await OpenAsync(h, AlertSeverity.Sev1);
        h.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(0, await h.Pager.CallByPersonalRulesAsync(default));
        Assert.Equal([1], await h.Pager.NotifyDueAsync(id, default));
        h.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(0, await h.Pager.CallByPersonalRulesAsync(default));

        Assert.Equal([$"incident:{id}:escalation:1:voice:"], Calls(h).Select(c => c.Id[..c.Id.LastIndexOf(':')] + ":"));
        Assert.DoesNotContain(await h.TimelineAsync(id), e => e.Kind == TimelineKind.PersonalCall);
    }

    [Fact]
    public async Task CallByPersonalRules_NoRule_CallsOff_ASeverityThatDoesNotRing_OrTheTeamRingingAtOnce_AddNothing()
    {
        var (none, _, _) = await RuledAsync(null);
        await OpenAsync(none);
        none.Time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(0, await none.Pager.CallByPersonalRulesAsync(default));

        var (off, _, _) = await RuledAsync(0, v => v.Enabled = false);
        await OpenAsync(off);
        Assert.Equal(0, await off.Pager.CallByPersonalRulesAsync(default));

        var (sev1Only, _, _) = await RuledAsync(0, v => v.Severities = "sev1");
        await OpenAsync(sev1Only, AlertSeverity.Sev2);
        Assert.Equal(0, await sev1Only.Pager.CallByPersonalRulesAsync(default));

        // The team rings with the first page already: the rule brings nothing sooner, and nobody is rung twice.
        var (atOnce, member, _) = await RuledAsync(0, v => v.FromStep = 0);
        var id = await OpenAsync(atOnce);
        Assert.Equal(0, await atOnce.Pager.CallByPersonalRulesAsync(default));
        Assert.Equal($"incident:{id}:page:voice:{member}", Assert.Single(Calls(atOnce)).Id);

        Assert.All(new[] { none, off, sev1Only }, h => Assert.Empty(Calls(h)));
    }

    [Fact]
    public async Task CallByPersonalRules_AcknowledgedFirst_RingsNobody_AndACallQueuedIsCancelledWhenAcknowledged()
    {
        var (h, member, _) = await RuledAsync(5);
        var id = await OpenAsync(h);
        h.Time.Advance(TimeSpan.FromMinutes(3));
        await h.Service.AcknowledgeAsMemberAsync(id, member, null, default);
        h.Time.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(0, await h.Pager.CallByPersonalRulesAsync(default));
        Assert.Empty(Calls(h));

        var (later, other, _) = await RuledAsync(5);
        var second = await OpenAsync(later);
        later.Voice.Script(new SendResult.Transient("Twilio answered 503"));
        later.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(1, await later.Pager.CallByPersonalRulesAsync(default));
        await later.Service.AcknowledgeAsMemberAsync(second, other, null, default);
        later.Time.Advance(TimeSpan.FromMinutes(5));
        await later.DrainQueueAsync();
        await later.Dispatcher.RetryDueAsync(default);

        Assert.Empty(later.Voice.Placed);
        Assert.Equal(OutboxStatus.Cancelled, Assert.Single(Calls(later)).Status);
    }

    [Fact]
    public async Task CallByPersonalRules_CallBudgetSpentByAStorm_NotRung_SaidOnTheTimelineOnce()
    {
        var (h, member, _) = await RuledAsync(0, v => v.MaxCallsPerMember = 1);
        var first = await OpenAsync(h);
        Assert.Equal(1, await h.Pager.CallByPersonalRulesAsync(default));
        h.Time.Advance(TimeSpan.FromMinutes(1));
        var second = await OpenAsync(h);

        Assert.Equal(1, await h.Pager.CallByPersonalRulesAsync(default));
        Assert.Equal(0, await h.Pager.CallByPersonalRulesAsync(default));

        Assert.Equal($"incident:{first}:rule:voice:{member}", Assert.Single(Calls(h)).Id);
        var row = Assert.Single(await h.TimelineAsync(second), e => e.Kind == TimelineKind.PersonalCall);
        Assert.EndsWith("own call rule came due: not called, the most calls a member gets within the call window reached", row.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallByPersonalRules_AMemberTakenOffDutySinceItOpened_NotRung_ThePartnerOnDutyStillIs()
    {
        var h = await CreateAsync();
        h.VoiceOptions.Enabled = true;
        var phones = await h.PhonesForDutyAsync(withPhone: 2);
        foreach (var member in phones.Keys)
        {
            var stored = (await h.Roster.GetMemberAsync(member, default))!;
            await h.Roster.SaveMemberAsync(stored.Value with { CallAfterMinutes = 5 }, stored.ETag, default);
        }

        var shift = (await h.Rotations.GetOnCallAsync("incident-duty", default)).Current!;
        var id = await OpenAsync(h); // SEV2: step 1 after 15 minutes; the first page to the pair
        var (sick, partner) = (shift.MemberIds[0], shift.MemberIds[1]);
        Assert.Equal([partner, sick], (await h.IncidentAsync(id)).Assignees.Select(a => a.Id).Order(StringComparer.Ordinal));

        // Taken off this week's duty after the first page went to them: their own rule no longer rings them.
        var replacement = new[] { "yamada", "sato", "emma", "tanaka" }.First(m => !shift.MemberIds.Contains(m));
        await h.Rotations.AddOverrideAsync("incident-duty", shift.Week, sick, replacement, "sick", default);
        h.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(1, await h.Pager.CallByPersonalRulesAsync(default));
        h.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(0, await h.Pager.CallByPersonalRulesAsync(default));

        var call = Assert.Single(Calls(h));
        Assert.Equal(($"incident:{id}:rule:voice:{partner}", phones[partner]), (call.Id, call.Recipient));
        Assert.DoesNotContain(h.Outbox.All, m => m.Id == $"incident:{id}:rule:voice:{sick}");
        var row = Assert.Single(await h.TimelineAsync(id), e => e.Kind == TimelineKind.PersonalCall);
        Assert.Equal(partner, Assert.Single(row.Members!).Id);
        Assert.Equal([partner], (await h.IncidentAsync(id)).PersonalCalled);
    }
}
