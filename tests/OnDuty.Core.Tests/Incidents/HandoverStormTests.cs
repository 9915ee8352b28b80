using OnDuty.Core.Alerts;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Notifications;
using OnDuty.Core.Rotations;
using OnDuty.Core.Team;
using static OnDuty.Core.Tests.Incidents.IncidentHarness;

namespace OnDuty.Core.Tests.Incidents;

/// <summary>
/// Trial 36 L6: an alert storm still open and unanswered at the Monday handoff. The incoming member got one mail (and the channel
/// one card) per incident handed over to them, while the same storm's escalations were one mail listing them. Handed over in one
/// run, several are told together now: one mail per incoming member listing them, saying they were open and unanswered when duty
/// passed to them and from whom, and one card; one alone is told as before.
/// </summary>
public sealed class HandoverStormTests
{
    /// <summary>
    /// <paramref name="count"/> SEV3 incidents opened at 08:30 JST on the Monday <paramref name="monday"/> (December 2026), their
    /// escalation 1 told together to the outgoing pair at 09:31, and the clock at 10:01: past the 10:00 handoff, before step 2 (10:31).
    /// </summary>
    private static async Task<(IncidentHarness H, List<string> Ids, List<string> Outgoing)> OpenAtTheHandoffAsync(int count, int monday = 7)
    {
        var h = await CreateAsync();
        h.Time.SetUtcNow(new DateTimeOffset(2026, 12, monday, 8, 30, 0, TimeSpan.FromHours(9)));
        var outgoing = await h.DutyEmailsAsync();
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var (created, _) = await h.Service.CreateAsync(new NewIncident { Title = $"Service {i} down", Severity = AlertSeverity.Sev3 }, "api", null, default);
            ids.Add(created.Value.Id);
        }

        await h.DrainQueueAsync();
        h.Time.Advance(TimeSpan.FromMinutes(61));
        await h.Pager.EscalateOpenIncidentsAsync(default);
        await h.DrainQueueAsync();
        foreach (var id in ids)
        {
            Assert.Equal(1, (await h.IncidentAsync(id)).NotifiedStep);
        }

        h.Time.Advance(TimeSpan.FromMinutes(30));
        Assert.NotEqual(outgoing, await h.DutyEmailsAsync());
        return (h, ids, outgoing);
    }

    /// <summary>The pages (escalation 1, alone or together) each incident's handed-over step sent <paramref name="to"/>, as queued.</summary>
    private static List<OutboxMessage> PagesTo(IncidentHarness h, string to, DateTimeOffset since) =>
        [.. h.Outbox.All.Where(m => m.Channel == Channel.Email && m.Recipient == to && m.CreatedAt >= since
            && (m.Id.StartsWith("escalations:1:", StringComparison.Ordinal) || m.Id.Contains(":escalation:1:email:", StringComparison.Ordinal)))];

    private static IEnumerable<string> IncidentsIn(OutboxMessage m) => m.About.Count > 0 ? m.About : [m.Id.Split(':')[1]];

    [Theory]
    [InlineData(7)]
    [InlineData(14)]
    public async Task EscalateOpenIncidents_ThreeHandedOverInOneRun_TheIncomingMemberGetsOneMailListingThem_TheChannelOneCard(int monday)
    {
        var (h, ids, outgoing) = await OpenAtTheHandoffAsync(3, monday);
        var since = h.Time.GetUtcNow();
        var sentBefore = h.Email.Sent.Count;
        var cards = h.Teams.Cards.Count;

        await h.Pager.EscalateOpenIncidentsAsync(default);
        await h.DrainQueueAsync();

        var incoming = await h.DutyEmailsAsync();
        var newcomer = Assert.Single(incoming.Except(outgoing));
        var stayed = Assert.Single(incoming.Intersect(outgoing));
        var left = Assert.Single(outgoing.Except(incoming));
        var roster = await h.Rotations.RosterAsync(default);
        var reader = roster[newcomer.Split('@')[0]];
        var sent = h.Email.Sent.Skip(sentBefore).ToList();
        Assert.Equal(monday == 7 ? Language.En : Language.Ja, reader.Language); // the two handoffs: an English reader, then a Japanese one

        // The incoming member: one mail listing the three, each with their own acknowledge link and page.
        var page = Assert.Single(sent, s => s.Message.To == newcomer);
        Assert.StartsWith("escalations:1:handover-", page.Id, StringComparison.Ordinal);
        var mail = page.Message;
        var (from, stays) = (roster[left.Split('@')[0]].DisplayName, roster[stayed.Split('@')[0]].DisplayName);
        if (reader.Language == Language.En)
        {
            Assert.Equal($"[SEV3 handed over, not acknowledged] 3 incidents: {ids[0]} Service 0 down and more", mail.Subject);
            Assert.StartsWith(
                $"These 3 incidents were handed over to you unanswered: you took over from {from}, and {stays} stays on duty. They were open and unacknowledged when duty passed to you, and all opened before your shift. Please check them and acknowledge each one, or take them all together.",
                mail.TextBody, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal($"【SEV3 引き継ぎ・未応答】障害3件（{ids[0]} Service 0 down ほか）", mail.Subject);
            Assert.StartsWith(
                $"{Called(from)}からあなたに当番が交代し、応答がないまま引き継がれた障害が3件あります。{Called(stays)}は引き続き当番です。いずれもあなたの当番が始まる前に発生し、交代の時点で未対応でした。状況を確認し、それぞれ「対応します」を押すか、まとめて対応してください。",
                mail.TextBody, StringComparison.Ordinal);
        }

        foreach (var id in ids)
        {
            Assert.Contains($"/api/incidents/{id}/page", mail.TextBody, StringComparison.Ordinal);
        }

        Assert.Equal(3, mail.TextBody.Split("/api/ack/").Length - 1);
        // Said once, in the opening: not again on each line.
        Assert.DoesNotContain(reader.Language == Language.En ? "Handed over to you unanswered by" : "が応答しないまま引き継がれました", mail.TextBody, StringComparison.Ordinal);

        // The channel: one card. The member who stayed heard escalation 1 already: nothing again. The member taken off them: no new
        // page, only who has them now, in one mail listing them (as the incoming side's), worded as each one's own mail is.
        Assert.Equal(cards + 1, h.Teams.Cards.Count);
        Assert.DoesNotContain(sent, s => s.Message.To == stayed);
        var told = Assert.Single(sent, s => s.Message.To == left);
        Assert.StartsWith("handedover:", told.Id, StringComparison.Ordinal);
        var leaver = roster[left.Split('@')[0]];
        var to = roster[newcomer.Split('@')[0]].DisplayName;
        if (leaver.Language == Language.En)
        {
            Assert.Equal($"[SEV3 handed over] 3 incidents: {ids[0]} Service 0 down and more", told.Message.Subject);
            Assert.StartsWith(
                $"These 3 incidents were handed over from you to {to}: the shift changed before anyone acknowledged them. {stays} stays on duty. From now on their pages go to the pair on duty now.",
                told.Message.TextBody, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal($"【SEV3 引き継ぎ】障害3件（{ids[0]} Service 0 down ほか）", told.Message.Subject);
            Assert.StartsWith(
                $"次の障害3件は、応答がないまま当番が交代したため、あなたから{Called(to)}に引き継ぎました。{Called(stays)}は引き続き当番です。以後の連絡は今の当番に届きます。",
                told.Message.TextBody, StringComparison.Ordinal);
        }

        foreach (var id in ids)
        {
            Assert.Contains($"/api/incidents/{id}/page", told.Message.TextBody, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("/api/ack/", told.Message.TextBody, StringComparison.Ordinal); // theirs no longer: nothing to acknowledge from it
        Assert.Equal(2, sent.Count);

        // Each incident's timeline as before: one handed-over row naming the newcomer; each step marked queued.
        foreach (var id in ids)
        {
            Assert.Single(await h.TimelineAsync(id), e => e.Kind == TimelineKind.Escalated && e.Message == $"handed over unanswered: escalation step 1 to {newcomer}");
            Assert.True((await h.IncidentAsync(id)).StepQueued);
        }

        // The next run: nothing again.
        h.Time.Advance(TimeSpan.FromMinutes(1));
        await h.Pager.EscalateOpenIncidentsAsync(default);
        await h.DrainQueueAsync();
        Assert.Equal(sentBefore + 2, h.Email.Sent.Count);
        Assert.Single(PagesTo(h, newcomer, since));
    }

    /// <summary>「山田さん」: a Japanese member as a Japanese reader's sentence names them; an English name as written, with さん.</summary>
    private static string Called(string displayName) => (displayName.Contains(' ', StringComparison.Ordinal) && displayName[0] > 0x3000 ? displayName.Split(' ')[0] : displayName) + "さん";

    /// <summary>The hand-over's mail waited through a mail outage while one of its incidents was acknowledged: it lists the others, still as handed over.</summary>
    [Fact]
    public async Task HandedOverMailSentAfterOneOfItsIncidentsWasAcknowledged_ListsTheOthers_StillAsHandedOver()
    {
        var (h, ids, outgoing) = await OpenAtTheHandoffAsync(3);
        var refused = new SendResult.Transient("SMTP: Connection refused");
        h.Email.Script(refused, refused, refused, refused); // the hand-over's mails meet the outage
        await h.Pager.EscalateOpenIncidentsAsync(default);
        await h.DrainQueueAsync();
        var incoming = await h.DutyEmailsAsync();
        var newcomer = Assert.Single(incoming.Except(outgoing));
        Assert.DoesNotContain(h.Email.Sent, s => s.Message.To == newcomer && s.Id.StartsWith("escalations:1:handover-", StringComparison.Ordinal));
        await h.Service.AcknowledgeAsync(ids[0], Assert.Single(incoming.Intersect(outgoing)).Split('@')[0], null, default);

        h.Time.Advance(TimeSpan.FromMinutes(3));
        await h.Dispatcher.RetryDueAsync(default);
        await h.DrainQueueAsync();

        var mail = Assert.Single(h.Email.Sent, s => s.Message.To == newcomer && s.Id.StartsWith("escalations:1:handover-", StringComparison.Ordinal)).Message;
        Assert.Equal($"[SEV3 handed over, not acknowledged] 2 incidents: {ids[1]} Service 1 down and more", mail.Subject); // Dec 7: an English reader
        Assert.StartsWith("Acknowledged so far: 1 of 3 incidents. Nobody has acknowledged the other 2 yet.", mail.TextBody, StringComparison.Ordinal);
        Assert.Equal(2, mail.TextBody.Split("Handed over to you unanswered by the previous duty members (").Length - 1);
        Assert.DoesNotContain(ids[0], mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EscalateOpenIncidents_OneHandedOver_IsToldAsBefore_ItsOwnMail()
    {
        var (h, ids, outgoing) = await OpenAtTheHandoffAsync(1);
        var id = ids[0];
        var cards = h.Teams.Cards.Count;

        await h.Pager.EscalateOpenIncidentsAsync(default);
        await h.DrainQueueAsync();

        var newcomer = Assert.Single((await h.DutyEmailsAsync()).Except(outgoing));
        Assert.Single(h.Email.Sent, s => s.Id == $"incident:{id}:escalation:1:email:{newcomer}");
        Assert.DoesNotContain(h.Outbox.All, m => m.Id.StartsWith("escalations:1:handover-", StringComparison.Ordinal));
        Assert.Equal(cards, h.Teams.Cards.Count); // its escalation-1 card was posted when the pair before was paged: the same id
        Assert.True((await h.IncidentAsync(id)).StepQueued);
    }

    /// <summary>
    /// A storm's escalation 1 went to the pair in one mail listing them; by the handoff all but one were acknowledged, so that one is
    /// handed over alone. The member who stays heard its escalation 1 in the storm's mail (other ids than its own step's): not again.
    /// </summary>
    [Fact]
    public async Task EscalateOpenIncidents_OneHandedOverAfterItsEscalationOneWasToldTogether_TheMemberWhoStaysIsNotPagedAgain()
    {
        var (h, ids, outgoing) = await OpenAtTheHandoffAsync(2);
        var incoming = await h.DutyEmailsAsync();
        var newcomer = Assert.Single(incoming.Except(outgoing));
        var stayed = Assert.Single(incoming.Intersect(outgoing));
        var left = Assert.Single(outgoing.Except(incoming));
        Assert.Single(h.Email.Sent, s => s.Message.To == stayed && s.Id.StartsWith("escalations:1:", StringComparison.Ordinal)); // told together
        await h.Service.AcknowledgeAsync(ids[1], stayed.Split('@')[0], null, default);
        await h.DrainQueueAsync();
        var since = h.Time.GetUtcNow();
        var sentBefore = h.Email.Sent.Count;
        var cards = h.Teams.Cards.Count;

        await h.Pager.EscalateOpenIncidentsAsync(default);
        await h.DrainQueueAsync();

        var id = ids[0];
        var sent = h.Email.Sent.Skip(sentBefore).ToList();
        // The newcomer: its own escalation 1, worded as handed over. The member taken off it: who has it now. The stayer: nothing.
        Assert.Equal([$"incident:{id}:escalation:1:email:{newcomer}", $"incident:{id}:handedOver:email:{left}"], sent.Select(s => s.Id).Order(StringComparer.Ordinal));
        Assert.Empty(PagesTo(h, stayed, since));
        Assert.DoesNotContain(h.Outbox.All, m => m.Recipient == stayed && m.CreatedAt >= since);
        // The channel had escalation 1 of it in the storm's card: no second card of the same step.
        Assert.Equal(cards, h.Teams.Cards.Count);
        Assert.Single(await h.TimelineAsync(id), e => e.Kind == TimelineKind.Escalated && e.Message == $"handed over unanswered: escalation step 1 to {newcomer}");
        Assert.True((await h.IncidentAsync(id)).StepQueued);
    }

    /// <summary>
    /// A sick member replaced mid-week (an override saved through the API or the duty page) after a storm's escalation 1 reached the
    /// pair in one mail: the replacement gets one mail listing them, worded as handed over, as at the weekly handoff; the partner who
    /// stays, nothing again.
    /// </summary>
    [Fact]
    public async Task ReplacementSavedAfterAStormsEscalationOne_TheReplacementGetsOneHandedOverMailListingThem()
    {
        var h = await CreateAsync();
        var shift = (await h.Rotations.GetOnCallAsync("incident-duty", default)).Current!;
        await h.RotationStore.TryFreezeShiftAsync("incident-duty", new FrozenShift { ShiftStart = shift.StartDate, Week = shift.Week, Members = shift.MemberIds, Status = FrozenShiftStatus.Announced }, default);
        var ids = new List<string>();
        foreach (var title in new[] { "Checkout down", "Search down", "Login down" })
        {
            var (created, _) = await h.Service.CreateAsync(new NewIncident { Title = title, Severity = AlertSeverity.Sev3 }, "api", null, default);
            ids.Add(created.Value.Id);
        }

        await h.DrainQueueAsync();
        h.Time.Advance(h.Options.AckTimeouts.For(AlertSeverity.Sev3) + TimeSpan.FromMinutes(1));
        await h.Pager.EscalateOpenIncidentsAsync(default);
        await h.DrainQueueAsync();
        var (sick, partner) = (shift.MemberIds[0], shift.MemberIds[1]);
        var replacement = new[] { "yamada", "sato", "emma", "tanaka" }.First(m => !shift.MemberIds.Contains(m));
        Assert.Single(h.Email.Sent, s => s.Message.To == $"{partner}@example.com" && s.Id.StartsWith("escalations:1:", StringComparison.Ordinal));
        var sentBefore = h.Email.Sent.Count;
        var cards = h.Teams.Cards.Count;

        // Saved: the hand-over is queued at once, no timer run.
        await h.Rotations.AddOverrideAsync("incident-duty", shift.Week, sick, replacement, "sick", default);
        await h.DrainQueueAsync();

        var sent = h.Email.Sent.Skip(sentBefore).ToList();
        var page = Assert.Single(sent, s => s.Message.To == $"{replacement}@example.com" && !s.Id.Contains(":handedOver:", StringComparison.Ordinal));
        Assert.StartsWith("escalations:1:handover-", page.Id, StringComparison.Ordinal);
        var roster = await h.Rotations.RosterAsync(default);
        Assert.Equal(
            roster[replacement].Language == Language.En
                ? $"[SEV3 handed over, not acknowledged] 3 incidents: {ids[0]} Checkout down and more"
                : $"【SEV3 引き継ぎ・未応答】障害3件（{ids[0]} Checkout down ほか）",
            page.Message.Subject);
        foreach (var id in ids)
        {
            Assert.Contains($"/api/incidents/{id}/page", page.Message.TextBody, StringComparison.Ordinal);
            Assert.Single(await h.TimelineAsync(id), e => e.Kind == TimelineKind.Escalated && e.Message == $"handed over unanswered: escalation step 1 to {replacement}@example.com");
            Assert.True((await h.IncidentAsync(id)).StepQueued);
        }

        Assert.DoesNotContain(sent, s => s.Message.To == $"{partner}@example.com");
        Assert.StartsWith("handedover:", Assert.Single(sent, s => s.Message.To == $"{sick}@example.com").Id, StringComparison.Ordinal); // who has them now: one mail
        Assert.Equal(2, sent.Count);
        Assert.Equal(cards + 1, h.Teams.Cards.Count);

        // The timer's next run: nothing again.
        h.Time.Advance(TimeSpan.FromMinutes(1));
        var after = h.Email.Sent.Count;
        await h.Pager.EscalateOpenIncidentsAsync(default);
        await h.DrainQueueAsync();
        Assert.Equal(after, h.Email.Sent.Count);
    }

    [Fact]
    public async Task EscalateOpenIncidents_TwoRunsAtOnce_EachHandedOverStepIsToldOnce()
    {
        var (h, ids, outgoing) = await OpenAtTheHandoffAsync(3);
        var since = h.Time.GetUtcNow();

        await Task.WhenAll(
            Task.Run(() => h.Pager.EscalateOpenIncidentsAsync(default)),
            Task.Run(() => h.Pager.EscalateOpenIncidentsAsync(default)));
        await h.Pager.EscalateOpenIncidentsAsync(default);
        await h.DrainQueueAsync();

        var newcomer = Assert.Single((await h.DutyEmailsAsync()).Except(outgoing));
        var pages = PagesTo(h, newcomer, since);
        foreach (var id in ids)
        {
            Assert.Single(pages, m => IncidentsIn(m).Contains(id));
            Assert.Single(await h.TimelineAsync(id), e => e.Kind == TimelineKind.Escalated && e.Message == $"handed over unanswered: escalation step 1 to {newcomer}");
            Assert.True((await h.IncidentAsync(id)).StepQueued);
        }

        Assert.All(pages, m => Assert.Single(h.Email.Sent, s => s.Id == m.Id));
    }

    [Fact]
    public async Task EscalateOpenIncidents_TellingThemTogetherFails_EachIsToldOnItsOwn()
    {
        var (h, ids, outgoing) = await OpenAtTheHandoffAsync(3);
        var cards = h.Teams.Cards.Count;
        h.Outbox.BeforeEnqueue = m =>
        {
            if (m.Id.StartsWith("escalations:1:handover-", StringComparison.Ordinal))
            {
                throw new DependencyUnavailableException("outbox down", new IOException("refused"));
            }
        };

        await h.Pager.EscalateOpenIncidentsAsync(default);
        h.Outbox.BeforeEnqueue = null;
        await h.DrainQueueAsync();

        var newcomer = Assert.Single((await h.DutyEmailsAsync()).Except(outgoing));
        foreach (var id in ids)
        {
            Assert.Single(h.Email.Sent, s => s.Id == $"incident:{id}:escalation:1:email:{newcomer}");
            Assert.True((await h.IncidentAsync(id)).StepQueued);
        }

        Assert.DoesNotContain(h.Outbox.All, m => m.Id.StartsWith("escalations:1:handover-", StringComparison.Ordinal));
        // One by one, each under its own step's ids: the member who stays heard them in the storm's mail and the channel in its
        // card, so neither is told again.
        var stayed = Assert.Single((await h.DutyEmailsAsync()).Intersect(outgoing));
        Assert.DoesNotContain(h.Email.Sent, s => s.Message.To == stayed && s.Id.StartsWith("incident:", StringComparison.Ordinal) && s.Id.Contains(":escalation:1:", StringComparison.Ordinal));
        Assert.Equal(cards, h.Teams.Cards.Count);
    }
}
