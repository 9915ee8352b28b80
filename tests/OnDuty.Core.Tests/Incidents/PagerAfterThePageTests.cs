using OnDuty.Core.Alerts;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Notifications;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;
using static OnDuty.Core.Tests.Incidents.IncidentHarness;

namespace OnDuty.Core.Tests.Incidents;

/// <summary>
/// What the pager tells people after a page: that an incident nobody took recovered by itself (M7), who took it (never to the
/// person who did, L4), and the update reminders reaching whoever took it (M5).
/// </summary>
public sealed class PagerAfterThePageTests
{
    private static AlertNotification Firing(string group) => Notification(group, Alert("err", severity: AlertSeverity.Sev2));

    private static AlertNotification Resolved(string group) => Notification(group, Alert("err", AlertStatus.Resolved, AlertSeverity.Sev2));

    private static List<OutboxMessage> RecoveredOf(IncidentHarness h, string id) =>
        [.. h.Outbox.All.Where(m => m.Topic == $"incident:{id}:recovered").OrderBy(m => m.Id, StringComparer.Ordinal)];

    /// <summary>
    /// Paged at night, resolved by monitoring a minute later, nobody acknowledged: the pair gets 「【SEV2 復旧】…対応は不要です」 by
    /// mail in each one's language, the member whose page was texted a short text too, the channel a card — once, however often
    /// the resolve is delivered or announced.
    /// </summary>
    [Fact]
    public async Task AnnounceRecovery_ResolvedByMonitoringUnacknowledged_EveryoneReachedToldOnce_ByTextWhereTexted()
    {
        var h = await CreateAsync();
        var phones = await h.PhonesForDutyAsync(1);
        var id = (await h.Intake.IntakeAsync(Firing("g1"), default)).IncidentId!;
        await h.DrainQueueAsync();
        var pair = (await h.IncidentAsync(id)).Assignees;
        var texted = Assert.Single(phones);
        h.Time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(AlertIntakeOutcome.Resolved, (await h.Intake.IntakeAsync(Resolved("g1"), default)).Outcome);
        await h.Intake.IntakeAsync(Resolved("g1"), default);
        await h.SecondInstance().IntakeAsync(Resolved("g1"), default);
        await h.Pager.AnnounceRecoveryAsync(id, default); // told again: the same ids, nothing more goes out
        await h.DrainQueueAsync();

        Assert.Equal(
            [.. pair.Select(a => $"incident:{id}:recovered:email:{a.Email.ToLowerInvariant()}").Append($"incident:{id}:recovered:sms:{texted.Key}").Append($"incident:{id}:recovered:teams").Order(StringComparer.Ordinal)],
            RecoveredOf(h, id).Select(m => m.Id));
        Assert.All(RecoveredOf(h, id), m => Assert.Equal(OutboxStatus.Sent, m.Status));
        foreach (var a in pair)
        {
            var mail = Assert.Single(h.Email.Sent, s => s.Id == $"incident:{id}:recovered:email:{a.Email.ToLowerInvariant()}").Message;
            Assert.StartsWith(a.Language == Language.Ja ? $"【SEV2 復旧】{id} " : $"[SEV2 recovered] {id}: ", mail.Subject, StringComparison.Ordinal);
            Assert.Contains(
                a.Language == Language.Ja ? $"{id} は監視で自動復旧しました。対応は不要です（気になる点があれば障害の状況を確認してください）。" : $"{id} recovered on its own: monitoring resolved it. Nothing needs doing",
                mail.TextBody, StringComparison.Ordinal);
            Assert.Contains($"/api/incidents/{id}/page", mail.TextBody, StringComparison.Ordinal);
        }

        var text = Assert.Single(h.Sms.Sent, s => s.Id.StartsWith($"incident:{id}:recovered:", StringComparison.Ordinal)).Message;
        Assert.Equal(texted.Value, text.To);
        Assert.Contains("対応は不要です", text.Text, StringComparison.Ordinal);
        Assert.StartsWith($"【SEV2 復旧】{id} ", Assert.Single(RecoveredOf(h, id), m => m.Channel == Channel.Teams).Subject, StringComparison.Ordinal);
        Assert.Equal(2, h.Teams.Cards.Count); // the page's, and this one
    }

    /// <summary>
    /// Session 60, scaled out: the four recoveries of a storm (Incidents__StormPages 2) reach two instances, one after the other. Two
    /// are told at once in all — not two on each — and the next escalation run tells the other two together. A count that cannot be
    /// read (on a third instance, by its own count below the limit) holds no notice.
    /// </summary>
    [Fact]
    public async Task AnnounceRecovery_TwoInstances_CountTogether_TheRestToldTogether_AFailedCountHoldsNothing()
    {
        var h = await CreateAsync(o => o.StormPages = 2);
        var (otherIntake, otherPager) = h.OtherInstance();
        var ids = new List<string>();
        for (var n = 0; n < 5; n++)
        {
            ids.Add((await h.Intake.IntakeAsync(Firing($"g{n}"), default)).IncidentId!);
            h.Time.Advance(TimeSpan.FromSeconds(5));
        }

        await h.Pager.EscalateOpenIncidentsAsync(default);
        await h.DrainQueueAsync();
        h.Time.Advance(TimeSpan.FromMinutes(3)); // the pages' storm has passed
        for (var n = 0; n < 4; n++)
        {
            var intake = n % 2 == 0 ? h.Intake : otherIntake;
            Assert.Equal(AlertIntakeOutcome.Resolved, (await intake.IntakeAsync(Resolved($"g{n}"), default)).Outcome);
        }

        Assert.Equal(ids[..2], ids[..4].Where(id => RecoveredOf(h, id).Any()));
        var held = ids[2..4];
        Assert.All(held, id => Assert.True(h.IncidentAsync(id).GetAwaiter().GetResult().OwesRecoveredNotice));

        // A third instance cannot read the shared count: its own (none) allows the notice, which goes out now.
        var (third, _) = h.OtherInstance();
        h.Incidents.FailStormCount = () => new OnDuty.Core.Common.DependencyUnavailableException("Table Storage", new IOException("503"));
        Assert.Equal(AlertIntakeOutcome.Resolved, (await third.IntakeAsync(Resolved("g4"), default)).Outcome);
        Assert.NotEmpty(RecoveredOf(h, ids[4]));
        h.Incidents.FailStormCount = null;

        h.Time.Advance(TimeSpan.FromSeconds(30));
        await otherPager.EscalateOpenIncidentsAsync(default);
        await h.DrainQueueAsync();
        var together = h.Outbox.All.Where(m => m.Topic.StartsWith("recoveries:", StringComparison.Ordinal)).ToList();
        Assert.Single(together, m => m.Channel == Channel.Teams);
        Assert.All(together, m => Assert.Equal(held.Order(StringComparer.Ordinal), m.About.Order(StringComparer.Ordinal)));
        Assert.All(held, id => Assert.False(h.IncidentAsync(id).GetAwaiter().GetResult().OwesRecoveredNotice));
    }

    /// <summary>
    /// A storm (Incidents__StormPages 2) of four incidents monitoring resolves unacknowledged within the window: the first two are
    /// told as ever, one notice each; the other two are held, and the next escalation run tells them together — one mail per duty
    /// member listing both, in their language, and one card — not a mail per incident. Run again, nothing more goes out.
    /// </summary>
    [Fact]
    public async Task AnnounceRecovery_AStormsRecoveries_EachPersonGetsOneMailListingThem_NotOnePerIncident()
    {
        var h = await CreateAsync(o => o.StormPages = 2);
        var ids = new List<string>();
        for (var n = 0; n < 4; n++)
        {
            ids.Add((await h.Intake.IntakeAsync(Firing($"g{n}"), default)).IncidentId!);
            h.Time.Advance(TimeSpan.FromSeconds(5));
        }

        await h.Pager.EscalateOpenIncidentsAsync(default); // the two pages held are told together
        await h.DrainQueueAsync();
        var pair = (await h.IncidentAsync(ids[0])).Assignees;
        h.Time.Advance(TimeSpan.FromMinutes(1));
        for (var n = 0; n < 4; n++)
        {
            Assert.Equal(AlertIntakeOutcome.Resolved, (await h.Intake.IntakeAsync(Resolved($"g{n}"), default)).Outcome);
        }

        Assert.All(ids[..2], id => Assert.NotEmpty(RecoveredOf(h, id)));
        var held = ids[2..];
        Assert.All(held, id => Assert.Empty(RecoveredOf(h, id)));
        Assert.All(held, id => Assert.True(h.IncidentAsync(id).GetAwaiter().GetResult().OwesRecoveredNotice));

        h.Time.Advance(TimeSpan.FromSeconds(30));
        await h.Pager.EscalateOpenIncidentsAsync(default);
        await h.Pager.EscalateOpenIncidentsAsync(default);
        await h.DrainQueueAsync();

        var together = h.Outbox.All.Where(m => m.Topic.StartsWith("recoveries:", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            pair.Select(a => a.Email.ToLowerInvariant()).Order(StringComparer.Ordinal),
            together.Where(m => m.Channel == Channel.Email).Select(m => m.Recipient.ToLowerInvariant()).Order(StringComparer.Ordinal));
        Assert.Single(together, m => m.Channel == Channel.Teams);
        Assert.All(together, m => Assert.Equal(held.Order(StringComparer.Ordinal), m.About.Order(StringComparer.Ordinal)));
        Assert.All(held, id => Assert.Empty(RecoveredOf(h, id)));
        foreach (var a in pair)
        {
            var mail = Assert.Single(h.Email.Sent, s => s.Id.StartsWith("recoveries:", StringComparison.Ordinal) && string.Equals(s.Message.To, a.Email, StringComparison.OrdinalIgnoreCase)).Message;
            Assert.Equal(a.Language == Language.Ja ? "【SEV2 復旧】障害2件（監視で自動復旧）" : "[SEV2 recovered] 2 incidents (monitoring resolved them)", mail.Subject);
            Assert.Contains(a.Language == Language.Ja ? "次の障害2件は、誰も対応する前に監視で自動復旧しました。対応は不要です" : "These 2 incidents recovered on their own", mail.TextBody, StringComparison.Ordinal);
            Assert.All(held, id => Assert.Contains(id, mail.TextBody, StringComparison.Ordinal));
        }

        Assert.All(held, id => Assert.True(h.IncidentAsync(id).GetAwaiter().GetResult().RecoveredTold));
    }

    /// <summary>
    /// Storage refuses the "recovered" notice at the resolve (the outbox cannot be written): the delivery still succeeds, and the
    /// next escalation run queues the notice the pair never got, under the same ids; the run after that queues nothing more.
    /// </summary>
    [Fact]
    public async Task AnnounceRecovery_QueuingFailedAtTheResolve_TheEscalationTimerQueuesItOnce()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Firing("g1"), default)).IncidentId!;
        await h.DrainQueueAsync();
        var pair = (await h.IncidentAsync(id)).Assignees;
        h.Time.Advance(TimeSpan.FromMinutes(1));
        h.Outbox.BeforeEnqueue = m =>
        {
            if (m.Topic == $"incident:{id}:recovered")
            {
                throw new DependencyUnavailableException("Table Storage", new IOException("down"));
            }
        };

        Assert.Equal(AlertIntakeOutcome.Resolved, (await h.Intake.IntakeAsync(Resolved("g1"), default)).Outcome);
        Assert.Empty(RecoveredOf(h, id));
        Assert.True((await h.IncidentAsync(id)).OwesRecoveredNotice);

        h.Outbox.BeforeEnqueue = null;
        h.Time.Advance(TimeSpan.FromMinutes(1));
        await h.Pager.EscalateOpenIncidentsAsync(default);
        await h.Pager.EscalateOpenIncidentsAsync(default);
        await h.DrainQueueAsync();

        Assert.Equal(
            [.. pair.Select(a => $"incident:{id}:recovered:email:{a.Email.ToLowerInvariant()}").Append($"incident:{id}:recovered:teams").Order(StringComparer.Ordinal)],
            RecoveredOf(h, id).Select(m => m.Id));
        Assert.All(pair, a => Assert.Single(h.Email.Sent, s => s.Id == $"incident:{id}:recovered:email:{a.Email.ToLowerInvariant()}"));
        var stored = await h.IncidentAsync(id);
        Assert.True(stored.RecoveredTold);
        Assert.False(stored.OwesRecoveredNotice);
    }

    /// <summary>Told at the resolve: the record says so, and the escalation timer queues nothing more (it does not read the timeline again).</summary>
    [Fact]
    public async Task AnnounceRecovery_ToldAtTheResolve_RecordedSoTheTimerLeavesIt()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Firing("g1"), default)).IncidentId!;
        await h.DrainQueueAsync();
        await h.Intake.IntakeAsync(Resolved("g1"), default);
        var queued = RecoveredOf(h, id).Count;
        Assert.True((await h.IncidentAsync(id)).RecoveredTold);

        Assert.Equal(0, await h.Pager.AnnounceRecoveriesOwedAsync([await h.IncidentAsync(id)], h.Time.GetUtcNow(), default));
        Assert.Equal(queued, RecoveredOf(h, id).Count);
    }

    /// <summary>
    /// Two incidents acknowledged together, one of which escalated to the lead while nobody answered: the lead hears who took them
    /// in the one combined mail, as the single 対応開始 mail would have told them, and so does the other duty member; the person who
    /// acknowledged is not told, and nobody gets two.
    /// </summary>
    [Fact]
    public async Task AnnounceAcknowledgements_OneEscalatedToTheLead_TheLeadGetsTheCombinedMailToo()
    {
        var h = await CreateAsync();
        var first = (await h.Intake.IntakeAsync(Firing("g1"), default)).IncidentId!;
        await h.DrainQueueAsync();
        for (var n = 0; n < 12 && (await h.IncidentAsync(first)).NotifiedStep < 2; n++)
        {
            h.Time.Advance(TimeSpan.FromMinutes(5));
            await h.Pager.EscalateOpenIncidentsAsync(default);
            await h.DrainQueueAsync();
        }

        Assert.Equal(2, (await h.IncidentAsync(first)).NotifiedStep);
        var second = (await h.Intake.IntakeAsync(Firing("g2"), default)).IncidentId!;
        await h.DrainQueueAsync();
        var pair = (await h.IncidentAsync(first)).Assignees;

        var done = await h.Service.AcknowledgeManyAsync([first, second], pair[0].Id, default);

        Assert.Equal(2, done.Acknowledged.Count);
        var topic = OutboxIds.AcknowledgementsTopic(pair[0].Id, done.Acknowledged);
        Assert.Equal(
            [.. new[] { OutboxIds.Email(topic, pair[1].Email), OutboxIds.Email(topic, "lead@example.com"), OutboxIds.Teams(topic) }.Order(StringComparer.Ordinal)],
            h.Outbox.All.Where(m => m.Topic == topic).Select(m => m.Id).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(h.Outbox.All, m => m.Topic == topic && m.Recipient.Equals(pair[0].Email, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// It came back before the "recovered" notice went out (the alert fired again within the reopen window): the notice is dropped
    /// unsent — "nothing needs doing" would be wrong — and the reopen pages again.
    /// </summary>
    [Fact]
    public async Task AnnounceRecovery_ReopenedBeforeItWentOut_NoticeDropped()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Firing("g1"), default)).IncidentId!;
        await h.DrainQueueAsync();
        h.Queue.Consumer = null; // the send queue falls behind
        await h.Intake.IntakeAsync(Resolved("g1"), default);
        Assert.NotEmpty(RecoveredOf(h, id));
        h.Time.Advance(TimeSpan.FromMinutes(1));

        await h.Intake.IntakeAsync(Firing("g1"), default);
        Assert.True((await h.IncidentAsync(id)).IsOpen);
        await h.DrainQueueAsync();

        Assert.All(RecoveredOf(h, id), m => Assert.Equal(OutboxStatus.Cancelled, m.Status));
        Assert.DoesNotContain(h.Email.Sent, s => s.Id.StartsWith($"incident:{id}:recovered:", StringComparison.Ordinal));
        Assert.Contains(h.Email.Sent, s => s.Id.StartsWith($"incident:{id}:page:r1:email:", StringComparison.Ordinal));
    }

    /// <summary>Someone acknowledged before monitoring resolved it: they own it (the recovery-owed flow applies), nobody is told it recovered.</summary>
    [Fact]
    public async Task AnnounceRecovery_Acknowledged_NobodyTold()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Firing("g1"), default)).IncidentId!;
        await h.DrainQueueAsync();
        await h.Service.AcknowledgeAsync(id, (await h.IncidentAsync(id)).Assignees[0].Id, null, default);
        h.Time.Advance(TimeSpan.FromMinutes(1));

        await h.Intake.IntakeAsync(Resolved("g1"), default);

        Assert.Empty(RecoveredOf(h, id));
        Assert.Equal(0, await h.Pager.AnnounceRecoveryAsync(id, default));
    }

    /// <summary>A person already posted an update (working on it without pressing acknowledge): it is theirs, nobody is told it recovered.</summary>
    [Fact]
    public async Task AnnounceRecovery_APersonUpdatedIt_NobodyTold()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Firing("g1"), default)).IncidentId!;
        await h.DrainQueueAsync();
        await h.Service.PostUpdateAsync(id, IncidentStatus.Investigating, "調査中です。", null, "sato", null, null, default);
        h.Time.Advance(TimeSpan.FromMinutes(1));

        await h.Intake.IntakeAsync(Resolved("g1"), default);

        Assert.Empty(RecoveredOf(h, id));
    }

    /// <summary>
    /// The page was queued and not yet sent when monitoring resolved it: the page is dropped unsent (as it was before this
    /// notice existed), and as it reached nobody, nobody is told it recovered.
    /// </summary>
    [Fact]
    public async Task AnnounceRecovery_PageQueuedNotSent_PageDroppedAndNobodyTold()
    {
        var h = await CreateAsync();
        h.Queue.Consumer = null; // the send queue has not run yet
        var id = (await h.Intake.IntakeAsync(Firing("g1"), default)).IncidentId!;
        var page = h.Outbox.All.Where(m => m.Topic == $"incident:{id}:page").ToList();
        Assert.NotEmpty(page);

        await h.Intake.IntakeAsync(Resolved("g1"), default);
        await h.DrainQueueAsync();

        Assert.All(page, m => Assert.Equal(OutboxStatus.Cancelled, h.Outbox.All.Single(x => x.Id == m.Id).Status));
        Assert.Empty(h.Email.Sent);
        Assert.Empty(h.Sms.Sent);
        Assert.Empty(RecoveredOf(h, id));
    }

    /// <summary>
    /// L4: on the incident page someone acknowledges typing a duty member's name (without the space, in another case): that member
    /// is not sent the 対応開始 mail about their own acknowledgement; the other one is.
    /// </summary>
    [Fact]
    public async Task AnnounceAcknowledgement_TypedNameOfAPairMember_NotToldOfTheirOwnAcknowledgement()
    {
        var h = await CreateAsync();
        var id = (await h.Service.CreateAsync(new NewIncident { Title = "Search is slow", Severity = AlertSeverity.Sev3 }, "api", null, default)).Incident.Value.Id;
        var pair = (await h.IncidentAsync(id)).Assignees;
        var typed = " " + pair[0].DisplayName.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant() + " ";

        await h.Service.AcknowledgeAsync(id, typed, null, default);

        Assert.Equal(
            [pair[1].Email.ToLowerInvariant()],
            h.Outbox.All.Where(m => m.Topic == $"incident:{id}:ack" && m.Channel == Channel.Email).Select(m => m.Recipient.ToLowerInvariant()));
    }

    /// <summary>
    /// M5: a member not on duty (a lead, by their link) acknowledged: the update reminder (【更新のお願い】) goes to them as well as
    /// the pair, in their language.
    /// </summary>
    [Fact]
    public async Task Nudge_AcknowledgedByAMemberNotOnDuty_RemindsThemAndThePair()
    {
        var h = await CreateAsync();
        var id = (await h.Service.CreateAsync(new NewIncident { Title = "Checkout fails", Severity = AlertSeverity.Sev1 }, "api", null, default)).Incident.Value.Id;
        var pair = (await h.IncidentAsync(id)).Assignees;
        var other = TeamData.Members().First(m => pair.All(a => a.Id != m.Id));
        await h.Service.AcknowledgeAsync(id, other.Id, null, default);
        h.Time.Advance(TimeSpan.FromHours(2));

        Assert.True(await h.Nudger.NudgeAsync(id, default));

        Assert.Equal(
            [.. pair.Select(a => a.Email).Append(other.Email).Order(StringComparer.Ordinal)],
            h.Outbox.All.Where(m => m.Topic.StartsWith($"incident:{id}:nudge:", StringComparison.Ordinal)).Select(m => m.Recipient).Order(StringComparer.Ordinal));
    }
}
