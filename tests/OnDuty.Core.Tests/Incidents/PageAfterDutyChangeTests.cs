using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Notifications;
using OnDuty.Core.Rotations;
using OnDuty.Core.Team;
using OnDuty.Messages;
using static OnDuty.Core.Tests.Incidents.IncidentHarness;

namespace OnDuty.Core.Tests.Incidents;

/// <summary>
/// Trial 30 M1: a page that waited in the outbox through a mail outage while the pair changed (a member replaced) goes to whoever
/// is on duty when it is tried again, or is dropped once a later step of the same incident went to the pair on duty — visibly.
/// </summary>
public sealed class PageAfterDutyChangeTests
{
    private static readonly SendResult Refused = new SendResult.Transient("SMTP: Connection refused");

    /// <summary>An announced shift, an incident paged while mail is down, then the first member replaced: (harness, id, sick, replacement, partner).</summary>
    private static async Task<(IncidentHarness H, string Id, string Sick, string Replacement, string Partner)> PagedDuringOutageThenReplacedAsync()
    {
        var h = await CreateAsync();
        var shift = (await h.Rotations.GetOnCallAsync("incident-duty", default)).Current!;
        await h.RotationStore.TryFreezeShiftAsync("incident-duty", new FrozenShift { ShiftStart = shift.StartDate, Week = shift.Week, Members = shift.MemberIds, Status = FrozenShiftStatus.Announced }, default);
        h.Email.Script(Refused, Refused); // both first-page emails meet the outage
        var (created, _) = await h.Service.CreateAsync(new NewIncident { Title = "Checkout down", Severity = AlertSeverity.Sev3 }, "api", null, default);
        var sick = shift.MemberIds[0];
        var replacement = new[] { "yamada", "sato", "emma", "tanaka" }.First(m => !shift.MemberIds.Contains(m));
        await h.Rotations.AddOverrideAsync("incident-duty", shift.Week, sick, replacement, "sick", default);
        Assert.Empty(h.Email.Sent);
        return (h, created.Value.Id, sick, replacement, shift.MemberIds[1]);
    }

    private static List<string> SentTo(IncidentHarness h, string id, string notice) =>
        [.. h.Email.Sent.Where(s => s.Id.StartsWith($"incident:{id}:{notice}:email:", StringComparison.Ordinal)).Select(s => s.Message.To).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task FirstPageRetriedAfterAMemberWasReplaced_GoesToTheReplacementNotTheReplacedMember_AndTheTimelineSaysSo()
    {
        var (h, id, sick, replacement, partner) = await PagedDuringOutageThenReplacedAsync();

        // Mail is back; the retry comes (step 1 is not due yet).
        h.Time.Advance(TimeSpan.FromMinutes(3));
        await h.DrainQueueAsync();

        Assert.Equal(new[] { $"{partner}@example.com", $"{replacement}@example.com" }.Order(StringComparer.Ordinal), SentTo(h, id, "page"));
        var dropped = await h.Outbox.GetAsync($"incident:{id}:page:email:{sick}@example.com", default);
        Assert.Equal(OutboxStatus.Cancelled, dropped!.Status);
        Assert.Contains("no longer on duty", dropped.LastError);

        var incident = await h.IncidentAsync(id);
        Assert.Equal(0, incident.NotifiedStep);
        Assert.True(incident.StepQueued);
        Assert.Contains(replacement, incident.Assignees.Select(a => a.Id));
        Assert.DoesNotContain(sick, incident.Assignees.Select(a => a.Id));
        var timeline = await h.TimelineAsync(id);
        Assert.Contains(timeline, e => e.Kind == TimelineKind.DutyChanged && e.Message!.StartsWith("on duty now:", StringComparison.Ordinal));
        var row = Assert.Single(timeline, e => e.Kind == TimelineKind.DutyChanged && e.Message == $"step 0 not sent to {sick}@example.com: no longer on duty, sent to the pair on duty now");
        Assert.Equal($"{sick}@example.com への最初の連絡は送りませんでした。送信待ちの間に当番から外れたため、今の当番に送りました", TimelineText.For(row.Kind, row.Message, Language.Ja));
        Assert.Equal($"the first page to {sick}@example.com was not sent: they came off duty while it waited, so it went to the pair on duty now", TimelineText.For(row.Kind, row.Message, Language.En));

        // Retrying again sends nothing twice.
        h.Time.Advance(TimeSpan.FromMinutes(3));
        await h.DrainQueueAsync();
        await h.Dispatcher.RetryDueAsync(default);
        Assert.Equal(2, SentTo(h, id, "page").Count);
    }

    [Fact]
    public async Task FirstPageRetriedAfterEscalationOneWentToTheNewPair_IsDroppedAsSuperseded_ForTheReplacedMemberAndThePartner()
    {
        var (h, id, sick, replacement, partner) = await PagedDuringOutageThenReplacedAsync();

        // Escalation 1 is due before the page's retry: it goes to the pair on duty now.
        h.Time.Advance(TimeSpan.FromMinutes(61));
        Assert.Equal([1], await h.Pager.NotifyDueAsync(id, default));
        await h.DrainQueueAsync();

        Assert.Equal(new[] { $"{partner}@example.com", $"{replacement}@example.com" }.Order(StringComparer.Ordinal), SentTo(h, id, "escalation:1"));
        Assert.Empty(SentTo(h, id, "page"));
        foreach (var member in new[] { sick, partner })
        {
            var page = await h.Outbox.GetAsync($"incident:{id}:page:email:{member}@example.com", default);
            Assert.Equal(OutboxStatus.Cancelled, page!.Status);
            Assert.StartsWith("superseded", page.LastError);
        }

        var timeline = await h.TimelineAsync(id);
        // The partner is still on duty: nobody's duty changed for them, escalation 1 to them replaces their first page (trial 32a M2).
        var row = Assert.Single(timeline, e => e.Kind == TimelineKind.DutyChanged && e.Message == $"step 0 not sent to {partner}@example.com: step 1 to the same person replaces it");
        Assert.Equal($"{partner}@example.com への最初の連絡は送らず、同じ宛先へのエスカレーション1段階目に置き換えました", TimelineText.For(row.Kind, row.Message, Language.Ja));
        Assert.Equal($"the first page to {partner}@example.com was not sent: escalation step 1 to the same person replaces it", TimelineText.For(row.Kind, row.Message, Language.En));
        var sick2 = Assert.Single(timeline, e => e.Kind == TimelineKind.DutyChanged && e.Message == $"step 0 not sent to {sick}@example.com: step 1 already went to the pair on duty now");
        Assert.Equal($"{sick}@example.com への最初の連絡は送りませんでした。送信待ちの間にエスカレーション1段階目が今の当番に送られたためです", TimelineText.For(sick2.Kind, sick2.Message, Language.Ja));
    }

    /// <summary>Trial 30 M3: at the handoff an unanswered incident reaches the incoming pair with a whole acknowledgement timeout of their own.</summary>
    [Fact]
    public async Task HandedOverUnanswered_TheIncomingPairGetsAWholeAckTimeoutBeforeTheLeads()
    {
        var h = await CreateAsync();
        h.Time.SetUtcNow(new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.Zero)); // Monday 09:00 in Tokyo, an hour before the handoff
        var outgoing = await h.DutyEmailsAsync();
        var (created, _) = await h.Service.CreateAsync(new NewIncident { Title = "Checkout down", Severity = AlertSeverity.Sev3 }, "api", null, default);
        var id = created.Value.Id;
        var timeout = h.Options.AckTimeouts.For(AlertSeverity.Sev3);

        h.Time.Advance(timeout + TimeSpan.FromMinutes(1)); // past the handoff and SEV3's first timeout
        Assert.Equal([1], await h.Pager.NotifyDueAsync(id, default));
        var incoming = EmailsOf(h, id, "escalation:1");
        Assert.NotEqual(outgoing, incoming);
        Assert.Equal(incoming, await h.DutyEmailsAsync());
        // A member new to it reads that it was handed over unanswered, by whom, and that it opened before their shift.
        var newcomer = incoming.First(e => !outgoing.Contains(e));
        var mail = Assert.Single(h.Email.Sent, s => s.Id == $"incident:{id}:escalation:1:email:{newcomer}").Message;
        var english = (await h.Rotations.RosterAsync(default))[newcomer.Split('@')[0]].Language == Language.En;
        // A staggered handover: one member changed, one stays — said so (session 32), not "the previous pair".
        Assert.Contains(english ? "This incident was handed over to you unanswered: you took over from " : "からあなたに当番が交代し、応答がないまま引き継がれた障害です。",
            mail.TextBody, StringComparison.Ordinal);
        Assert.Contains(english ? " stays on duty. It opened at " : "は引き続き当番です。あなたの当番が始まる前の", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains(english ? ", before your shift." : "に発生しました", mail.TextBody, StringComparison.Ordinal);
        var leaving = (await h.IncidentAsync(id)).PagedBefore;
        Assert.NotEmpty(leaving);
        var before = (await h.Rotations.RosterAsync(default))[leaving[0]].DisplayName;
        Assert.Contains(before.Split(' ')[0], mail.TextBody, StringComparison.Ordinal);

        // The member who left the pair is told, once, who has it now.
        var left = outgoing.First(e => !incoming.Contains(e));
        var told = Assert.Single(h.Email.Sent, s => s.Id.StartsWith($"incident:{id}:handedOver:", StringComparison.Ordinal)).Message;
        Assert.Equal(left, told.To);
        var leftEnglish = (await h.Rotations.RosterAsync(default))[left.Split('@')[0]].Language == Language.En;
        Assert.Contains(leftEnglish ? $"{id} was handed over from you to " : $"{id} は、応答がないまま当番が交代したため、あなたから", told.TextBody, StringComparison.Ordinal);
        var stayed = outgoing.Intersect(incoming).Single();
        var stayedName = (await h.Rotations.RosterAsync(default))[stayed.Split('@')[0]].DisplayName;
        Assert.Contains(leftEnglish ? $"{stayedName} stays on duty." : "さんは引き続き当番です。", told.TextBody, StringComparison.Ordinal);
        Assert.Contains(stayedName.Split(' ')[0], told.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(h.Email.Sent, s => s.Id.StartsWith($"incident:{id}:handedOver:", StringComparison.Ordinal) && incoming.Contains(s.Message.To));

        // The old clock would call the leads a minute before the incoming pair's timeout is over; theirs runs in full.
        h.Time.Advance(timeout - TimeSpan.FromMinutes(1));
        Assert.Empty(await h.Pager.NotifyDueAsync(id, default));
        Assert.Empty(EmailsOf(h, id, "escalation:2"));
        h.Time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal([2], await h.Pager.NotifyDueAsync(id, default));
        Assert.Equal(["lead@example.com"], EmailsOf(h, id, "escalation:2"));
    }

    /// <summary>
    /// An announced shift, an incident whose escalation 1 went to the pair, then the first member replaced:
    /// (harness, id, sick, replacement, partner). Escalation 1 reached them; <paramref name="leads"/> lets it reach the leads too.
    /// </summary>
    private static async Task<(IncidentHarness H, string Id, string Sick, string Replacement, string Partner)> EscalatedThenReplacedAsync(bool leads = false)
    {
        var h = await CreateAsync();
        var shift = (await h.Rotations.GetOnCallAsync("incident-duty", default)).Current!;
        await h.RotationStore.TryFreezeShiftAsync("incident-duty", new FrozenShift { ShiftStart = shift.StartDate, Week = shift.Week, Members = shift.MemberIds, Status = FrozenShiftStatus.Announced }, default);
        var (created, _) = await h.Service.CreateAsync(new NewIncident { Title = "Checkout down", Severity = AlertSeverity.Sev3 }, "api", null, default);
        var id = created.Value.Id;
        await h.DrainQueueAsync();
        var timeout = h.Options.AckTimeouts.For(AlertSeverity.Sev3);
        h.Time.Advance(timeout + TimeSpan.FromMinutes(1));
        await h.Pager.EscalateOpenIncidentsAsync(default);
        await h.DrainQueueAsync();
        Assert.Equal(1, (await h.IncidentAsync(id)).NotifiedStep);
        if (leads)
        {
            h.Time.Advance(timeout);
            await h.Pager.EscalateOpenIncidentsAsync(default);
            await h.DrainQueueAsync();
            Assert.Equal(["lead@example.com"], SentTo(h, id, "escalation:2"));
        }

        var sick = shift.MemberIds[0];
        var replacement = new[] { "yamada", "sato", "emma", "tanaka" }.First(m => !shift.MemberIds.Contains(m));
        Assert.Equal(shift.MemberIds.Select(m => $"{m}@example.com").Order(StringComparer.Ordinal), SentTo(h, id, "escalation:1"));
        await h.Rotations.AddOverrideAsync("incident-duty", shift.Week, sick, replacement, "sick", default);
        return (h, id, sick, replacement, shift.MemberIds[1]);
    }

    /// <summary>Session 31: a pair change after escalation 1 reached the old pair pages the incoming member at once, not only at the leads' step.</summary>
    [Fact]
    public async Task ReplacedAfterEscalationOneReachedTheOldPair_TheReplacementIsPagedAtOnceAsHandedOver_WithAWholeTimeout_AndTheLeaverIsTold()
    {
        var (h, id, sick, replacement, partner) = await EscalatedThenReplacedAsync();
        var timeout = h.Options.AckTimeouts.For(AlertSeverity.Sev3);

        // The next run of the escalation timer (a minute later), no step due.
        h.Time.Advance(TimeSpan.FromMinutes(1));
        await h.Pager.EscalateOpenIncidentsAsync(default);
        await h.DrainQueueAsync();

        Assert.Equal(new[] { partner, sick, replacement }.Select(m => $"{m}@example.com").Order(StringComparer.Ordinal), SentTo(h, id, "escalation:1"));
        Assert.Single(h.Email.Sent, s => s.Id == $"incident:{id}:escalation:1:email:{partner}@example.com"); // the partner not paged twice
        var mail = Assert.Single(h.Email.Sent, s => s.Id == $"incident:{id}:escalation:1:email:{replacement}@example.com").Message;
        var roster = await h.Rotations.RosterAsync(default);
        Assert.Contains(roster[replacement].Language == Language.En ? "This incident was handed over to you unanswered: you took over from " : "からあなたに当番が交代し、応答がないまま引き継がれた障害です",
            mail.TextBody, StringComparison.Ordinal);
        Assert.Contains(roster[replacement].Language == Language.En ? $"{roster[partner].DisplayName} stays on duty" : "さんは引き続き当番です",
            mail.TextBody, StringComparison.Ordinal);
        Assert.Contains(roster[partner].DisplayName.Split(' ')[0], mail.TextBody, StringComparison.Ordinal);
        Assert.Contains(roster[sick].DisplayName.Split(' ')[0], mail.TextBody, StringComparison.Ordinal);
        var told = Assert.Single(h.Email.Sent, s => s.Id.StartsWith($"incident:{id}:handedOver:", StringComparison.Ordinal)).Message;
        Assert.Equal($"{sick}@example.com", told.To);

        var incident = await h.IncidentAsync(id);
        Assert.Equal(1, incident.NotifiedStep);
        Assert.True(incident.StepQueued);
        Assert.Equal([sick], incident.PagedBefore);
        var timeline = await h.TimelineAsync(id);
        Assert.Contains(timeline, e => e.Kind == TimelineKind.DutyChanged && e.Message!.StartsWith("on duty now:", StringComparison.Ordinal));
        var row = Assert.Single(timeline, e => e.Kind == TimelineKind.Escalated && e.Message == $"handed over unanswered: escalation step 1 to {replacement}@example.com");
        Assert.Equal([$"{replacement}@example.com"], row.Recipients);
        Assert.Equal($"応答がないまま引き継がれたため、新しい当番（{replacement}@example.com）にエスカレーション1段階目を送りました", TimelineText.For(row.Kind, row.Message, Language.Ja));
        Assert.Equal($"handed over unanswered: escalation step 1 to the new duty members ({replacement}@example.com)", TimelineText.For(row.Kind, row.Message, Language.En));

        // A whole acknowledgement timeout for the replacement (paged as the override was saved, a minute ago) before the leads; then the leads, once.
        h.Time.Advance(timeout - TimeSpan.FromMinutes(2));
        await h.Pager.EscalateOpenIncidentsAsync(default);
        await h.DrainQueueAsync();
        Assert.Empty(SentTo(h, id, "escalation:2"));
        h.Time.Advance(TimeSpan.FromMinutes(2));
        await h.Pager.EscalateOpenIncidentsAsync(default);
        await h.DrainQueueAsync();
        Assert.Equal(["lead@example.com"], SentTo(h, id, "escalation:2"));
        Assert.Equal(3, SentTo(h, id, "escalation:1").Count);
        Assert.Single(h.Email.Sent, s => s.Id.StartsWith($"incident:{id}:handedOver:", StringComparison.Ordinal));
    }

    /// <summary>Session 32: the replacement is paged when the change is saved, not at the next escalation run a minute later.</summary>
    [Fact]
    public async Task ReplacedAfterEscalationOneReachedTheOldPair_TheReplacementIsPagedWhenTheChangeIsSaved_WithoutATimerRun()
    {
        var (h, id, sick, replacement, partner) = await EscalatedThenReplacedAsync();

        // No escalation run since the override was saved: only the queue trigger's turn.
        await h.DrainQueueAsync();

        Assert.Single(h.Email.Sent, s => s.Id == $"incident:{id}:escalation:1:email:{replacement}@example.com");
        Assert.Single(h.Email.Sent, s => s.Id == $"incident:{id}:escalation:1:email:{partner}@example.com"); // the partner not paged twice
        var told = Assert.Single(h.Email.Sent, s => s.Id.StartsWith($"incident:{id}:handedOver:", StringComparison.Ordinal)).Message;
        Assert.Equal($"{sick}@example.com", told.To);
        var incident = await h.IncidentAsync(id);
        Assert.True(incident.StepQueued);
        Assert.Contains(replacement, incident.Assignees.Select(a => a.Id));
        Assert.Single(await h.TimelineAsync(id), e => e.Kind == TimelineKind.Escalated && e.Message == $"handed over unanswered: escalation step 1 to {replacement}@example.com");

        // The timer's next runs find it handed over: nothing again.
        h.Time.Advance(TimeSpan.FromMinutes(1));
        await h.Pager.EscalateOpenIncidentsAsync(default);
        await h.DrainQueueAsync();
        Assert.Single(h.Email.Sent, s => s.Id == $"incident:{id}:escalation:1:email:{replacement}@example.com");
        Assert.Single(h.Email.Sent, s => s.Id.StartsWith($"incident:{id}:handedOver:", StringComparison.Ordinal));
        Assert.Single(await h.TimelineAsync(id), e => e.Kind == TimelineKind.Escalated && e.Message!.StartsWith("handed over unanswered:", StringComparison.Ordinal));
    }

    /// <summary>Session 32: the change saved while the escalation timer runs: the replacement is handed it once, on one timeline row.</summary>
    [Fact]
    public async Task ReplacedWhileTheTimerRuns_TheReplacementIsPagedOnce_OnOneTimelineRow()
    {
        var h = await CreateAsync();
        var shift = (await h.Rotations.GetOnCallAsync("incident-duty", default)).Current!;
        await h.RotationStore.TryFreezeShiftAsync("incident-duty", new FrozenShift { ShiftStart = shift.StartDate, Week = shift.Week, Members = shift.MemberIds, Status = FrozenShiftStatus.Announced }, default);
        var (created, _) = await h.Service.CreateAsync(new NewIncident { Title = "Checkout down", Severity = AlertSeverity.Sev3 }, "api", null, default);
        var id = created.Value.Id;
        h.Time.Advance(h.Options.AckTimeouts.For(AlertSeverity.Sev3) + TimeSpan.FromMinutes(1));
        await h.Pager.EscalateOpenIncidentsAsync(default);
        await h.DrainQueueAsync();
        var sick = shift.MemberIds[0];
        var replacement = new[] { "yamada", "sato", "emma", "tanaka" }.First(m => !shift.MemberIds.Contains(m));
        h.Time.Advance(TimeSpan.FromMinutes(1));

        await Task.WhenAll(
            Task.Run(() => h.Rotations.AddOverrideAsync("incident-duty", shift.Week, sick, replacement, "sick", default)),
            Task.Run(() => h.Pager.EscalateOpenIncidentsAsync(default)),
            Task.Run(() => h.Pager.EscalateOpenIncidentsAsync(default)));
        await h.Pager.EscalateOpenIncidentsAsync(default);
        await h.DrainQueueAsync();

        Assert.Single(h.Email.Sent, s => s.Id == $"incident:{id}:escalation:1:email:{replacement}@example.com");
        Assert.Single(h.Email.Sent, s => s.Id.StartsWith($"incident:{id}:handedOver:", StringComparison.Ordinal));
        Assert.Equal(3, h.Email.Sent.Count(s => s.Id.StartsWith($"incident:{id}:escalation:1:", StringComparison.Ordinal)));
        var timeline = await h.TimelineAsync(id);
        Assert.Single(timeline, e => e.Kind == TimelineKind.Escalated && e.Message == $"handed over unanswered: escalation step 1 to {replacement}@example.com");
        Assert.Single(timeline, e => e.Kind == TimelineKind.DutyChanged);
    }

    [Fact]
    public async Task ReplacedAfterTheLeadsStep_TheReplacementIsPagedAtOnceAsHandedOver_AndTheLeadsAreNotPagedAgain()
    {
        var (h, id, sick, replacement, _) = await EscalatedThenReplacedAsync(leads: true);

        h.Time.Advance(TimeSpan.FromMinutes(1));
        await h.Pager.EscalateOpenIncidentsAsync(default);
        await h.DrainQueueAsync();

        Assert.Contains($"{replacement}@example.com", SentTo(h, id, "escalation:1"));
        Assert.Equal(["lead@example.com"], SentTo(h, id, "escalation:2"));
        Assert.Single(h.Email.Sent, s => s.Id == $"incident:{id}:escalation:1:email:{replacement}@example.com");
        var told = Assert.Single(h.Email.Sent, s => s.Id.StartsWith($"incident:{id}:handedOver:", StringComparison.Ordinal)).Message;
        Assert.Equal($"{sick}@example.com", told.To);
        var incident = await h.IncidentAsync(id);
        Assert.Equal(2, incident.NotifiedStep);
        Assert.True(incident.StepQueued);
        Assert.Single(await h.TimelineAsync(id), e => e.Kind == TimelineKind.Escalated && e.Message == $"handed over unanswered: escalation step 1 to {replacement}@example.com");

        // Another run sends nothing again.
        h.Time.Advance(TimeSpan.FromMinutes(1));
        await h.Pager.EscalateOpenIncidentsAsync(default);
        await h.DrainQueueAsync();
        Assert.Single(h.Email.Sent, s => s.Id == $"incident:{id}:escalation:1:email:{replacement}@example.com");
    }

    /// <summary>An announced shift and two incidents paged to it: (harness, ids, sick, replacement, partner).</summary>
    private static async Task<(IncidentHarness H, string[] Ids, string Sick, string Replacement, string Partner)> TwoPagedAsync()
    {
        var h = await CreateAsync();
        var shift = (await h.Rotations.GetOnCallAsync("incident-duty", default)).Current!;
        await h.RotationStore.TryFreezeShiftAsync("incident-duty", new FrozenShift { ShiftStart = shift.StartDate, Week = shift.Week, Members = shift.MemberIds, Status = FrozenShiftStatus.Announced }, default);
        var ids = new List<string>();
        foreach (var title in new[] { "Checkout down", "Search down" })
        {
            var (created, _) = await h.Service.CreateAsync(new NewIncident { Title = title, Severity = AlertSeverity.Sev3 }, "api", null, default);
            ids.Add(created.Value.Id);
        }

        await h.DrainQueueAsync();
        var sick = shift.MemberIds[0];
        var replacement = new[] { "yamada", "sato", "emma", "tanaka" }.First(m => !shift.MemberIds.Contains(m));
        return (h, [.. ids], sick, replacement, shift.MemberIds[1]);
    }

    private static List<(string Id, EmailMessage Message)> Together(IncidentHarness h, int step) =>
        [.. h.Email.Sent.Where(s => s.Id.StartsWith($"escalations:{step}:", StringComparison.Ordinal)).Select(s => (s.Id, s.Message))];

    /// <summary>Session 31: escalation 1 of a storm, told together, waited through a mail outage while a member was replaced.</summary>
    [Fact]
    public async Task StormDigestRetriedAfterAMemberWasReplaced_GoesToTheReplacementNotTheReplacedMember_AndEachTimelineSaysSo()
    {
        var (h, ids, sick, replacement, partner) = await TwoPagedAsync();
        h.Email.Script(Refused, Refused); // both members' escalation-1 digests meet the outage
        h.Time.Advance(h.Options.AckTimeouts.For(AlertSeverity.Sev3) + TimeSpan.FromMinutes(1));
        await h.Pager.EscalateOpenIncidentsAsync(default);
        await h.DrainQueueAsync();
        Assert.Empty(Together(h, 1));
        var shift = (await h.Rotations.GetOnCallAsync("incident-duty", default)).Current!;
        await h.Rotations.AddOverrideAsync("incident-duty", shift.Week, sick, replacement, "sick", default);

        h.Time.Advance(TimeSpan.FromMinutes(3));
        await h.DrainQueueAsync();
        await h.Dispatcher.RetryDueAsync(default);
        await h.DrainQueueAsync();

        Assert.Equal(new[] { partner, replacement }.Select(m => $"{m}@example.com").Order(StringComparer.Ordinal),
            Together(h, 1).Select(s => s.Message.To).Order(StringComparer.Ordinal));
        var dropped = Assert.Single(h.Outbox.All, m => m.Id.StartsWith("escalations:1:", StringComparison.Ordinal) && m.Recipient == $"{sick}@example.com");
        Assert.Equal(OutboxStatus.Cancelled, (await h.Outbox.GetAsync(dropped.Id, default))!.Status);
        foreach (var id in ids)
        {
            var incident = await h.IncidentAsync(id);
            Assert.Contains(replacement, incident.Assignees.Select(a => a.Id));
            Assert.True(incident.StepQueued);
            Assert.Single(await h.TimelineAsync(id), e => e.Kind == TimelineKind.DutyChanged && e.Message == $"step 1 not sent to {sick}@example.com: no longer on duty, sent to the pair on duty now");
        }

        // Retrying again sends nothing twice.
        h.Time.Advance(TimeSpan.FromMinutes(3));
        await h.Dispatcher.RetryDueAsync(default);
        await h.DrainQueueAsync();
        Assert.Equal(2, Together(h, 1).Count);
    }

    /// <summary>
    /// Trial 36 M1: a storm's last step went to the organisation as one digest; a member replaced afterwards got escalation 1 (right),
    /// and the organisation got step 3 again, once per incident — the hand-over queued the step again under ids of its own, which
    /// the digest's id did not cover. Only the member new to them is paged; those the step already reached are not told twice.
    /// </summary>
    [Fact]
    public async Task StormHandedOverAfterItsLastStepWentTogether_OnlyTheReplacementIsPaged_TheOrganisationNotTwice()
    {
        var (h, ids, sick, replacement, _) = await TwoPagedAsync();
        var timeout = h.Options.AckTimeouts.For(AlertSeverity.Sev3);
        for (var step = 1; step <= EscalationPolicy.LastStep; step++)
        {
            h.Time.Advance(timeout + TimeSpan.FromSeconds(30));
            await h.Pager.EscalateOpenIncidentsAsync(default);
            await h.DrainQueueAsync();
        }

        Assert.Equal(["pm-org@example.com"], Together(h, EscalationPolicy.LastStep).Select(s => s.Message.To));
        var shift = (await h.Rotations.GetOnCallAsync("incident-duty", default)).Current!;

        await h.Rotations.AddOverrideAsync("incident-duty", shift.Week, sick, replacement, "sick", default);
        h.Time.Advance(TimeSpan.FromMinutes(1));
        await h.Pager.EscalateOpenIncidentsAsync(default);
        await h.DrainQueueAsync();

        // The replacement: escalation 1 of both in one mail, worded as handed over (session 39: as at the weekly handoff).
        var page = Assert.Single(h.Email.Sent, s => s.Message.To == $"{replacement}@example.com" && s.Id.StartsWith("escalations:1:handover-", StringComparison.Ordinal));
        foreach (var id in ids)
        {
            Assert.Contains($"/api/incidents/{id}/page", page.Message.TextBody, StringComparison.Ordinal);
            Assert.DoesNotContain($"{replacement}@example.com", SentTo(h, id, "escalation:1"));
            Assert.Empty(SentTo(h, id, $"escalation:{EscalationPolicy.LastStep}"));
            Assert.Empty(SentTo(h, id, "escalation:2"));
        }

        Assert.Single(h.Email.Sent, s => s.Message.To == "pm-org@example.com");
        Assert.Single(h.Email.Sent, s => s.Message.To == "lead@example.com");
    }

    /// <summary>Session 31: a storm handed over at escalation 1 tells the member taken off it who has each incident now, as single pages do.</summary>
    [Fact]
    public async Task StormHandedOverAtEscalationOne_TheMemberTakenOffIsToldWhoHasEach()
    {
        var (h, ids, sick, replacement, partner) = await TwoPagedAsync();
        var shift = (await h.Rotations.GetOnCallAsync("incident-duty", default)).Current!;
        await h.Rotations.AddOverrideAsync("incident-duty", shift.Week, sick, replacement, "sick", default);

        h.Time.Advance(h.Options.AckTimeouts.For(AlertSeverity.Sev3) + TimeSpan.FromMinutes(1));
        await h.Pager.EscalateOpenIncidentsAsync(default);
        await h.DrainQueueAsync();

        Assert.Contains(Together(h, 1), s => s.Message.To == $"{replacement}@example.com");
        // Session 32: the digest says of each that it was handed over unanswered, as the single mail does — to the replacement only:
        // the partner stayed on duty and had them all along.
        var roster = await h.Rotations.RosterAsync(default);
        var handedOver = roster[replacement].Language == Language.En ? "Handed over to you unanswered by the previous duty members (" : "が応答しないまま引き継がれました";
        var toReplacement = Assert.Single(Together(h, 1), s => s.Message.To == $"{replacement}@example.com").Message;
        Assert.Equal(2, toReplacement.TextBody.Split(handedOver).Length - 1);
        Assert.Contains(roster[sick].DisplayName.Split(' ')[0], toReplacement.TextBody, StringComparison.Ordinal);
        var toPartner = Assert.Single(Together(h, 1), s => s.Message.To == $"{partner}@example.com").Message;
        Assert.DoesNotContain("Handed over to you unanswered", toPartner.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("引き継がれました", toPartner.TextBody, StringComparison.Ordinal);
        foreach (var id in ids)
        {
            var told = Assert.Single(h.Email.Sent, s => s.Id.StartsWith($"incident:{id}:handedOver:", StringComparison.Ordinal)).Message;
            Assert.Equal($"{sick}@example.com", told.To);
        }
    }

    /// <summary>Session 32: a storm's escalation digest that waited while one of its incidents was acknowledged lists the other, saying how many still wait.</summary>
    [Fact]
    public async Task StormDigestSentAfterOneOfItsIncidentsWasAcknowledged_ListsTheOther_AndSaysHowManyStillWait()
    {
        var (h, ids, _, _, partner) = await TwoPagedAsync();
        h.Email.Script(Refused, Refused); // both members' escalation-1 digests meet the outage
        h.Time.Advance(h.Options.AckTimeouts.For(AlertSeverity.Sev3) + TimeSpan.FromMinutes(1));
        await h.Pager.EscalateOpenIncidentsAsync(default);
        await h.DrainQueueAsync();
        Assert.Empty(Together(h, 1));
        await h.Service.AcknowledgeAsync(ids[0], partner, null, default);

        h.Time.Advance(TimeSpan.FromMinutes(3));
        await h.Dispatcher.RetryDueAsync(default);
        await h.DrainQueueAsync();

        var sent = Together(h, 1);
        Assert.Equal(2, sent.Count);
        var roster = await h.Rotations.RosterAsync(default);
        foreach (var (_, mail) in sent)
        {
            var english = roster[mail.To.Split('@')[0]].Language == Language.En;
            Assert.Contains(english ? "Acknowledged so far: 1 of 2 incidents. Nobody has acknowledged the other 1 yet." : "障害2件のうち1件は応答がありました。次の1件には、まだ誰も応答していません。",
                mail.TextBody, StringComparison.Ordinal);
            Assert.DoesNotContain("次の障害2件に", mail.TextBody, StringComparison.Ordinal);
            Assert.Contains(ids[1], mail.TextBody, StringComparison.Ordinal);
            Assert.DoesNotContain(ids[0], mail.TextBody, StringComparison.Ordinal);
            Assert.Contains(ids[1], mail.Subject, StringComparison.Ordinal);
        }
    }

    private static List<string> EmailsOf(IncidentHarness h, string id, string notice) =>
        [.. h.Outbox.All.Where(m => m.Id.StartsWith($"incident:{id}:{notice}:email:", StringComparison.Ordinal)).Select(m => m.Recipient).Order(StringComparer.Ordinal)];
}
