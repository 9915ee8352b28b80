using OnDuty.Core.Alerts;
using OnDuty.Core.Comms;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Notifications;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;
using OnDuty.Messages;
using static OnDuty.Core.Tests.Incidents.IncidentHarness;

namespace OnDuty.Core.Tests.Incidents;

/// <summary>
/// The communications lead (連絡担当, incident.io's "Communications Lead", PagerDuty's "Customer Liaison"): one of the pair works the
/// problem, the other keeps the stakeholders told. Set on the incident with a timeline row; the member made it by someone else is told
/// once by mail; the requests for updates go to them (the pair again when they cannot post); ■お問い合わせ先 names them first.
/// </summary>
public sealed class CommsLeadTests
{
    private static readonly DateTimeOffset Opened = new(2026, 12, 9, 13, 0, 0, TimeSpan.FromHours(9)); // a Wednesday: no handoff in the hours the tests move

    private static readonly Dictionary<string, string> Names = TeamData.Members().ToDictionary(m => m.Id, m => m.DisplayName);

    /// <summary>A SEV2 monitoring opened on a Wednesday at 13:00, its pages sent, acknowledged 5 minutes later by the first of its pair.</summary>
    private static async Task<(IncidentHarness H, string Id, IReadOnlyList<AssignedMember> Pair)> OpenAsync(Action<CommsOptions>? comms = null)
    {
        var h = await CreateAsync(comms: comms);
        h.Time.SetUtcNow(Opened);
        var id = (await h.Intake.IntakeAsync(Notification("g1", Alert("checkout", severity: AlertSeverity.Sev2)), default)).IncidentId!;
        await h.DrainQueueAsync();
        h.Time.Advance(TimeSpan.FromMinutes(5));
        var pair = (await h.IncidentAsync(id)).Assignees;
        await h.Service.AcknowledgeAsync(id, pair[0].Id, null, default);
        await h.DrainQueueAsync();
        return (h, id, pair);
    }

    private static List<OutboxMessage> LeadMails(IncidentHarness h, string id) =>
        [.. h.Outbox.All.Where(m => m.Id.StartsWith($"incident:{id}:commsLead:", StringComparison.Ordinal)).OrderBy(m => m.Id, StringComparer.Ordinal)];

    private static List<string> NudgedSince(IncidentHarness h, string id, DateTimeOffset since) =>
        [.. h.Outbox.All.Where(m => m.Channel == Channel.Email && m.Id.StartsWith($"incident:{id}:nudge:", StringComparison.Ordinal) && m.CreatedAt >= since)
            .Select(m => m.Recipient).Order(StringComparer.Ordinal)];

    /// <summary>The reminder went where it goes without a lead (the pair and whoever else those rules add), not to the lead.</summary>
    private static void AssertRemindedAsWithoutALead(List<string> reminded, IReadOnlyList<AssignedMember> pair, Member lead)
    {
        Assert.All(pair, a => Assert.Contains(a.Email!, reminded));
        Assert.DoesNotContain(lead.Email!, reminded);
    }

    /// <summary>An active roster member with an address who is not in <paramref name="pair"/>.</summary>
    private static async Task<Member> OutsideAsync(IncidentHarness h, IReadOnlyList<AssignedMember> pair, string? prefer = null) =>
        (await h.Roster.ListMembersAsync(default)).Select(m => m.Value)
            .Where(m => m.Active && !string.IsNullOrWhiteSpace(m.Email) && !pair.Any(a => a.Id == m.Id))
            .OrderBy(m => m.Id == prefer ? 0 : 1).First();

    [Fact]
    public async Task SetCommsLead_BySomeoneElse_StoresIt_SaysSo_AndTellsThemOnceInTheirLanguage()
    {
        var (h, id, pair) = await OpenAsync();
        var lead = await OutsideAsync(h, pair, prefer: "emma");
        var by = pair[0].Id;

        var saved = await h.Service.SetCommsLeadAsync(id, lead.Id, by, default);
        await h.Service.SetCommsLeadAsync(id, lead.Id, by, default); // a double click
        await h.DrainQueueAsync();

        Assert.Equal(lead.Id, saved.Value.CommsLead);
        var stored = await h.IncidentAsync(id);
        Assert.Equal(lead.Id, stored.CommsLead);
        Assert.Equal(1, stored.CommsLeadCount);
        Assert.Equal(pair[0].Id, stored.AcknowledgedBy); // the holder is untouched: the lead tells, the holder works it
        var row = Assert.Single(await h.TimelineAsync(id), e => e.Kind == TimelineKind.CommsLead);
        Assert.Equal($"{lead.Id} is the communications lead", row.Message);
        Assert.Equal(by, row.AssignedBy);
        Assert.Equal($"{Names[lead.Id]}さんが連絡担当になりました", TimelineText.For(row.Kind, row.Message, Language.Ja, who => Names.GetValueOrDefault(who)));

        var mail = Assert.Single(LeadMails(h, id));
        Assert.Equal($"incident:{id}:commsLead:{lead.Id}:1:email:{lead.Email}", mail.Id);
        Assert.Equal(lead.Email, mail.Recipient);
        if (lead.Language == Language.En)
        {
            Assert.StartsWith($"[SEV2 communications lead] {id}: ", mail.Subject, StringComparison.Ordinal);
            Assert.Contains("made you the communications lead of this incident", mail.TextBody, StringComparison.Ordinal);
        }
        else
        {
            Assert.StartsWith($"【SEV2 連絡担当の割り当て】{id} ", mail.Subject, StringComparison.Ordinal);
            Assert.Contains("あなたをこの障害の連絡担当にしました。", mail.TextBody, StringComparison.Ordinal);
        }

        // Stood down, then made it again: a new row each time, and told again under the next number.
        await h.Service.ClearCommsLeadAsync(id, by, default);
        Assert.Null((await h.IncidentAsync(id)).CommsLead);
        await h.Service.SetCommsLeadAsync(id, lead.Id, by, default);
        await h.DrainQueueAsync();
        Assert.Equal([$"incident:{id}:commsLead:{lead.Id}:1:email:{lead.Email}", $"incident:{id}:commsLead:{lead.Id}:2:email:{lead.Email}"], LeadMails(h, id).Select(m => m.Id));
        Assert.Equal(3, (await h.TimelineAsync(id)).Count(e => e.Kind == TimelineKind.CommsLead));
        Assert.Contains(await h.TimelineAsync(id), e => e.Kind == TimelineKind.CommsLead && e.Message == $"{lead.Id} is no longer the communications lead" && e.AssignedBy == by);
    }

    [Fact]
    public async Task SetCommsLead_Themselves_NoMail_TheRowSaysTheyBecameIt()
    {
        var (h, id, pair) = await OpenAsync();

        await h.Service.SetCommsLeadAsync(id, pair[1].Id, null, default);
        await h.DrainQueueAsync();

        Assert.Equal(pair[1].Id, (await h.IncidentAsync(id)).CommsLead);
        var row = Assert.Single(await h.TimelineAsync(id), e => e.Kind == TimelineKind.CommsLead);
        Assert.Equal(pair[1].Id, row.By);
        Assert.Null(row.AssignedBy);
        Assert.Equal($"{Names[pair[1].Id]}さんが連絡担当になりました", TimelineText.For(row.Kind, row.Message, Language.Ja, who => Names.GetValueOrDefault(who)));
        Assert.Equal($"{Names[pair[1].Id]} is the communications lead", TimelineText.For(row.Kind, row.Message, Language.En, who => Names.GetValueOrDefault(who)));
        Assert.Empty(LeadMails(h, id));

        // Standing down themselves: 「…が連絡担当をやめました」.
        await h.Service.ClearCommsLeadAsync(id, pair[1].Id, default);
        var cleared = Assert.Single(await h.TimelineAsync(id), e => e.Kind == TimelineKind.CommsLead && e.Message!.Contains("no longer", StringComparison.Ordinal));
        Assert.Equal($"{Names[pair[1].Id]}さんが連絡担当をやめました", TimelineText.For(cleared.Kind, cleared.Message, Language.Ja, who => Names.GetValueOrDefault(who)));
    }

    /// <summary>
    /// A merge keeps one person telling the stakeholders: the incident kept, without a lead, takes the duplicate's, with a row on its
    /// timeline (who merged it; 「統合した INC-… の連絡担当だった…さんが、この障害の連絡担当になりました」) and no mail — they are the
    /// lead already. One kept with a lead of its own keeps it.
    /// </summary>
    [Fact]
    public async Task Merge_TheKeptOneWithoutALead_TakesTheDuplicates_ARowAndNoMail_OneWithALeadKeepsIt()
    {
        var (h, id, pair) = await OpenAsync();
        var lead = await OutsideAsync(h, pair, prefer: "emma");
        await h.Service.SetCommsLeadAsync(id, lead.Id, pair[0].Id, default);
        await h.DrainQueueAsync();
        var (kept, _) = await h.Service.CreateAsync(new NewIncident { Title = "決済が失敗する", Severity = AlertSeverity.Sev2 }, "sato", null, default);
        h.Time.Advance(TimeSpan.FromMinutes(3));

        await h.Merger.MergeAsync(id, kept.Value.Id, "sato", default);
        await h.DrainQueueAsync();

        var stored = await h.IncidentAsync(kept.Value.Id);
        Assert.Equal((lead.Id, (DateTimeOffset?)h.Time.GetUtcNow(), 1), (stored.CommsLead, stored.CommsLeadAt, stored.CommsLeadCount));
        var row = Assert.Single(await h.TimelineAsync(kept.Value.Id), e => e.Kind == TimelineKind.CommsLead);
        Assert.Equal(($"{lead.Id} is the communications lead, as of {id} merged into it", "sato", (string?)null), (row.Message, row.By, row.AssignedBy));
        Assert.Equal($"統合した {id} の連絡担当だった{Names[lead.Id]}さんが、この障害の連絡担当になりました", TimelineText.For(row.Kind, row.Message, Language.Ja, who => Names.GetValueOrDefault(who)));
        Assert.Equal($"{Names[lead.Id]} is the communications lead, as of {id} merged into it", TimelineText.For(row.Kind, row.Message, Language.En, who => Names.GetValueOrDefault(who)));
        Assert.Empty(LeadMails(h, kept.Value.Id));
        Assert.Single(LeadMails(h, id)); // only the duplicate's assignment, as before the merge

        // Kept with a lead of its own: the duplicate's does not replace it.
        var other = (await h.Intake.IntakeAsync(Notification("g2", Alert("search", severity: AlertSeverity.Sev2)), default)).IncidentId!;
        await h.DrainQueueAsync();
        await h.Service.SetCommsLeadAsync(other, pair[1].Id, null, default);
        var (second, _) = await h.Service.CreateAsync(new NewIncident { Title = "検索が遅い", Severity = AlertSeverity.Sev2 }, "sato", null, default);
        await h.Service.SetCommsLeadAsync(second.Value.Id, "sato", null, default);

        await h.Merger.MergeAsync(other, second.Value.Id, "sato", default);

        var secondStored = await h.IncidentAsync(second.Value.Id);
        Assert.Equal(("sato", 1), (secondStored.CommsLead, secondStored.CommsLeadCount));
        Assert.Single(await h.TimelineAsync(second.Value.Id), e => e.Kind == TimelineKind.CommsLead);
    }

    /// <summary>
    /// Undoing the merge gives the lead back: the kept incident, whose lead came from the merge, no longer has one (a row:
    /// 「統合を解除した INC-… の連絡担当に戻ったため、…さんはこの障害の連絡担当ではなくなりました」); the split-off one has them again
    /// (「INC-… との統合を解除したため、…さんがこの障害の連絡担当に戻りました」), and its reminders go to them. A lead handed to someone
    /// else on the kept one meanwhile stays there.
    /// </summary>
    [Fact]
    public async Task Unmerge_TheLeadTheMergeBrought_GoesBackToTheSplitOffOne_WithRows()
    {
        var (h, id, pair) = await OpenAsync();
        var lead = await OutsideAsync(h, pair, prefer: "sato");
        await h.Service.SetCommsLeadAsync(id, lead.Id, pair[0].Id, default);
        var (kept, _) = await h.Service.CreateAsync(new NewIncident { Title = "決済が失敗する", Severity = AlertSeverity.Sev2 }, "yamada", null, default);
        await h.Merger.MergeAsync(id, kept.Value.Id, "yamada", default);
        await h.DrainQueueAsync();
        Assert.Equal(lead.Id, (await h.IncidentAsync(kept.Value.Id)).CommsLead);
        h.Time.Advance(TimeSpan.FromMinutes(5));

        await h.Unmerger.UnmergeAsync(id, "yamada", default);
        await h.DrainQueueAsync();

        var keptNow = await h.IncidentAsync(kept.Value.Id);
        Assert.Null(keptNow.CommsLead);
        var gone = (await h.TimelineAsync(kept.Value.Id)).Last(e => e.Kind == TimelineKind.CommsLead);
        Assert.Equal(($"{lead.Id} is no longer the communications lead, back on {id} unmerged from it", "yamada"), (gone.Message, gone.By));
        Assert.Equal($"統合を解除した {id} の連絡担当に戻ったため、{Names[lead.Id]}さんはこの障害の連絡担当ではなくなりました", TimelineText.For(gone.Kind, gone.Message, Language.Ja, who => Names.GetValueOrDefault(who)));

        var split = await h.IncidentAsync(id);
        Assert.True(split.IsOpen);
        Assert.Equal(lead.Id, split.CommsLead);
        var back = (await h.TimelineAsync(id)).Last(e => e.Kind == TimelineKind.CommsLead);
        Assert.Equal($"{lead.Id} is the communications lead again, unmerged from {kept.Value.Id}", back.Message);
        Assert.Equal($"{kept.Value.Id} との統合を解除したため、{Names[lead.Id]}さんがこの障害の連絡担当に戻りました", TimelineText.For(back.Kind, back.Message, Language.Ja, who => Names.GetValueOrDefault(who)));
        Assert.Equal($"{Names[lead.Id]} is the communications lead again, unmerged from {kept.Value.Id}", TimelineText.For(back.Kind, back.Message, Language.En, who => Names.GetValueOrDefault(who)));
        Assert.Single(LeadMails(h, id)); // nobody told again: they were the lead all along

        // Merged again, the lead handed to someone else on the kept one meanwhile: the undo leaves that lead there.
        await h.Merger.MergeAsync(id, kept.Value.Id, "yamada", default);
        await h.Service.SetCommsLeadAsync(kept.Value.Id, pair[1].Id, null, default);
        await h.Unmerger.UnmergeAsync(id, "yamada", default);
        Assert.Equal(pair[1].Id, (await h.IncidentAsync(kept.Value.Id)).CommsLead);
        Assert.Equal(lead.Id, (await h.IncidentAsync(id)).CommsLead);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("nobody")]
    [InlineData("stranger@example.org")]
    public async Task SetCommsLead_SomeoneNotAnActiveMember_Refused400_NothingWritten(string? member)
    {
        var (h, id, pair) = await OpenAsync();
        var before = (await h.TimelineAsync(id)).Count;

        var refused = await Assert.ThrowsAsync<ValidationException>(() => h.Service.SetCommsLeadAsync(id, member, pair[0].Id, default));

        Assert.Contains("member", refused.Errors.Keys);
        Assert.Null((await h.IncidentAsync(id)).CommsLead);
        Assert.Equal(before, (await h.TimelineAsync(id)).Count);
        Assert.Empty(LeadMails(h, id));
    }

    [Fact]
    public async Task SetCommsLead_OnAResolvedOrMergedOne_Refused409_NothingWritten()
    {
        var (h, id, pair) = await OpenAsync();
        await h.Service.PostUpdateAsync(id, IncidentStatus.Resolved, "復旧しました", null, pair[0].Id, null, null, default);

        await Assert.ThrowsAsync<ConflictException>(() => h.Service.SetCommsLeadAsync(id, pair[1].Id, pair[0].Id, default));
        await Assert.ThrowsAsync<ConflictException>(() => h.Service.ClearCommsLeadAsync(id, pair[0].Id, default));

        Assert.Null((await h.IncidentAsync(id)).CommsLead);
        Assert.DoesNotContain(await h.TimelineAsync(id), e => e.Kind == TimelineKind.CommsLead);
        await Assert.ThrowsAsync<NotFoundException>(() => h.Service.SetCommsLeadAsync("INC-2026-9999", pair[1].Id, pair[0].Id, default));
    }

    /// <summary>
    /// The point of the role: with a lead, the 【更新のお願い】 reminder goes to them alone — the holder keeps working the problem. A lead who
    /// cannot post (on leave today, or taken off the roster) leaves it to the pair and the holder, as without one: a reminder must reach
    /// someone who can post.
    /// </summary>
    [Fact]
    public async Task Reminder_GoesToTheCommsLead_ThePairWhenTheyAreOnLeaveOrGone()
    {
        var (h, id, pair) = await OpenAsync();
        var lead = await OutsideAsync(h, pair);
        await h.Service.SetCommsLeadAsync(id, lead.Id, pair[0].Id, default);
        await h.DrainQueueAsync();

        var since = h.Time.GetUtcNow();
        h.Time.Advance(TimeSpan.FromHours(2));
        await h.Nudger.NudgeOpenIncidentsAsync(default);
        Assert.Equal([lead.Email!], NudgedSince(h, id, since));
        var nudged = (await h.TimelineAsync(id)).Last(e => e.Kind == TimelineKind.UpdateNudged);
        Assert.Equal([lead.Id], nudged.Recipients);

        // On leave today: the pair (and the holder, one of them) are reminded instead.
        h.Time.Advance(TimeSpan.FromMinutes(1));
        var today = TimeZones.DateAt(h.Time.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo"));
        await h.Roster.AddLeaveAsync(new Leave { Id = "away", MemberId = lead.Id, From = today, To = today.AddDays(3) }, default);
        since = h.Time.GetUtcNow();
        h.Time.Advance(TimeSpan.FromHours(2));
        await h.Nudger.NudgeOpenIncidentsAsync(default);
        AssertRemindedAsWithoutALead(NudgedSince(h, id, since), pair, lead);

    }

    /// <summary>
    /// A lead who lets two reminders in a row pass without an update: the third goes to the pair and the holder as well, each told why
    /// (「連絡担当の…さんから、前回のお願いのあとも更新がありません。」), under the same ids a timer's second run would use (nothing twice);
    /// an update by a person gives the requests back to the lead alone.
    /// </summary>
    [Fact]
    public async Task Reminder_TwoToTheCommsLeadUnanswered_TheNextGoesToThePairToo_SayingWhy()
    {
        var (h, id, pair) = await OpenAsync();
        var lead = await OutsideAsync(h, pair, prefer: "emma");
        var holder = pair[0];
        await h.Service.SetCommsLeadAsync(id, lead.Id, holder.Id, default);
        await h.DrainQueueAsync();

        var since = h.Time.GetUtcNow();
        h.Time.Advance(TimeSpan.FromHours(2));
        await h.Nudger.NudgeOpenIncidentsAsync(default);
        h.Time.Advance(TimeSpan.FromHours(1));
        await h.Nudger.NudgeOpenIncidentsAsync(default);
        Assert.Equal([lead.Email!, lead.Email!], NudgedSince(h, id, since));
        Assert.Equal(2, (await h.IncidentAsync(id)).Comms.LeadNudges);

        h.Time.Advance(TimeSpan.FromMinutes(1));
        since = h.Time.GetUtcNow();
        h.Time.Advance(TimeSpan.FromMinutes(59));
        await h.Nudger.NudgeOpenIncidentsAsync(default);
        await h.Nudger.NudgeOpenIncidentsAsync(default); // the timer again: nothing twice
        var third = h.Outbox.All.Where(m => m.Channel == Channel.Email && m.Id.StartsWith($"incident:{id}:nudge:", StringComparison.Ordinal) && m.CreatedAt >= since).ToList();
        Assert.Equal(new[] { lead.Email!, pair[0].Email!, pair[1].Email! }.Order(StringComparer.Ordinal), third.Select(m => m.Recipient).Order(StringComparer.Ordinal));
        Assert.Single(third.Select(m => m.Topic).Distinct());
        var row = (await h.TimelineAsync(id)).Last(e => e.Kind == TimelineKind.UpdateNudged);
        Assert.Equal(new[] { lead.Id, pair[0].Id, pair[1].Id }.Order(StringComparer.Ordinal), row.Recipients!.Order(StringComparer.Ordinal));
        Assert.Equal(3, (await h.TimelineAsync(id)).Count(e => e.Kind == TimelineKind.UpdateNudged));
        var leadFamily = Names[lead.Id].Split(' ')[0];
        foreach (var member in pair)
        {
            var mail = third.Single(m => m.Recipient == member.Email);
            Assert.Contains(member.Language == Language.En
                ? $"No update from {Names[lead.Id]}, the communications lead, since the last reminder: the duty members and the holder get this reminder too."
                : $"連絡担当の{leadFamily}さんから、前回のお願いのあとも更新がありません。当番と対応者にも、このお願いを送っています。", mail.TextBody, StringComparison.Ordinal);
        }

        var toLead = third.Single(m => m.Recipient == lead.Email);
        Assert.Contains(lead.Language == Language.En
            ? "No update since the last reminder: the duty members and the holder get this reminder too."
            : "前回のお願いのあとも更新がないため、当番と対応者にも、このお願いを送っています。", toLead.TextBody, StringComparison.Ordinal);

        // The lead posts an update: the next reminder is theirs alone again.
        await h.Service.PostUpdateAsync(id, IncidentStatus.Identified, "原因を特定しました", null, lead.Id, null, null, default);
        Assert.Equal(0, (await h.IncidentAsync(id)).Comms.LeadNudges);
        h.Time.Advance(TimeSpan.FromMinutes(1));
        since = h.Time.GetUtcNow();
        h.Time.Advance(TimeSpan.FromHours(2));
        await h.Nudger.NudgeOpenIncidentsAsync(default);
        Assert.Equal([lead.Email!], NudgedSince(h, id, since));
    }

    /// <summary>
    /// The lead's leave is read with the others' in one pass: a lead who also declared it (off duty, reminded with the pair before the
    /// lead existed) has their leave read once per reminder, not twice.
    /// </summary>
    [Fact]
    public async Task Reminder_ALeadWhoDeclaredIt_TheirLeaveReadOnce()
    {
        var (h, _, pair) = await OpenAsync();
        var pm = await OutsideAsync(h, pair);
        var (declared, _) = await h.Service.CreateAsync(new NewIncident { Title = "決済が失敗する", Severity = AlertSeverity.Sev2 }, pm.Id, null, default);
        await h.Service.SetCommsLeadAsync(declared.Value.Id, pm.Id, null, default);
        await h.DrainQueueAsync();
        var before = h.Roster.LeaveReads.Count;

        h.Time.Advance(TimeSpan.FromHours(2));
        await h.Nudger.NudgeAsync(declared.Value.Id, default);

        Assert.Equal([pm.Id], h.Roster.LeaveReads.Skip(before));
        Assert.Equal([pm.Id], (await h.TimelineAsync(declared.Value.Id)).Last(e => e.Kind == TimelineKind.UpdateNudged).Recipients);
    }

    [Fact]
    public async Task Reminder_ACommsLeadTakenOffTheRoster_GoesToThePair()
    {
        var (h, id, pair) = await OpenAsync();
        var lead = await OutsideAsync(h, pair);
        await h.Service.SetCommsLeadAsync(id, lead.Id, pair[0].Id, default);
        var stored = (await h.Roster.GetMemberAsync(lead.Id, default))!;
        await h.Roster.SaveMemberAsync(stored.Value with { Active = false }, stored.ETag, default);

        var since = h.Time.GetUtcNow();
        h.Time.Advance(TimeSpan.FromHours(2));
        await h.Nudger.NudgeOpenIncidentsAsync(default);

        AssertRemindedAsWithoutALead(NudgedSince(h, id, since), pair, lead);
    }

    /// <summary>■お問い合わせ先 names the lead first, then the pair — the stakeholders ask the one who tells them.</summary>
    [Fact]
    public async Task Notice_NamesTheCommsLeadFirstUnderContact_ThenThePair()
    {
        static void Execs(CommsOptions c)
        {
            c.Audiences["execs"] = new AudienceOptions { Members = ["ceo@example.com"], Language = "ja" };
            c.Audiences["support"] = new AudienceOptions { Members = ["cs-lead@example.com"], Language = "en" };
            c.BySeverity.Sev2 = ["execs", "support"];
        }

        var (h, id, pair) = await OpenAsync(Execs);
        var lead = await OutsideAsync(h, pair);
        await h.Service.SetCommsLeadAsync(id, lead.Id, pair[0].Id, default);

        await h.Service.PostUpdateAsync(id, IncidentStatus.Identified, "原因を特定しました", null, lead.Id, null, null, default);

        var rows = h.Outbox.All.Where(m => m.Topic == $"incident:{id}:notice:1" && m.Channel == Channel.Email).ToList();
        var ja = rows.Single(r => r.Id.Contains(":ja", StringComparison.Ordinal));
        var en = rows.Single(r => r.Id.Contains(":en", StringComparison.Ordinal));
        var holder = pair[0];
        var other = pair[1];
        Assert.Contains($"■お問い合わせ先\n{lead.DisplayName}（{lead.Email}）\n{holder.DisplayName}（{holder.Email}）\n{other.DisplayName}（{other.Email}）\n", ja.TextBody, StringComparison.Ordinal);
        Assert.Contains($"Contact\n{lead.DisplayName} ({lead.Email})\n{holder.DisplayName} ({holder.Email})\n{other.DisplayName} ({other.Email})\n", en.TextBody, StringComparison.Ordinal);
    }
}
