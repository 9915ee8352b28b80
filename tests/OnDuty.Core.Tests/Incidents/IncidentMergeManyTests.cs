using OnDuty.Core.Alerts;
using OnDuty.Core.Comms;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Notifications;
using static OnDuty.Core.Tests.Incidents.IncidentHarness;

namespace OnDuty.Core.Tests.Incidents;

/// <summary>
/// Merging a storm's duplicates into the real cause at once (<see cref="IncidentMerger.MergeManyAsync"/>): each goes as a merge of
/// one does, one refused leaves the others merged, and the answer says which were merged and which not, and why.
/// </summary>
public sealed class IncidentMergeManyTests
{
    private static NewIncident Declared(string title, AlertSeverity severity = AlertSeverity.Sev2) => new() { Title = title, Severity = severity };

    [Fact]
    public async Task AStormsDuplicates_AreMergedIntoTheCause_AndThoseThatCannotBe_AreSkippedSayingWhy()
    {
        var h = await CreateAsync();
        var (cause, _) = await h.Service.CreateAsync(Declared("DB primary down"), "sato", null, default);
        var first = (await h.Intake.IntakeAsync(Notification("api", Alert("a1")), default)).IncidentId!;
        var second = (await h.Intake.IntakeAsync(Notification("web", Alert("w1"), Alert("w2")), default)).IncidentId!;
        var resolved = (await h.Intake.IntakeAsync(Notification("batch", Alert("b1")), default)).IncidentId!;
        await h.Service.PostUpdateAsync(resolved, IncidentStatus.Resolved, "fixed", null, "ito", null, null, default);
        var (elsewhere, _) = await h.Service.CreateAsync(Declared("Search down"), "ito", null, default);
        var chained = (await h.Intake.IntakeAsync(Notification("search", Alert("s1")), default)).IncidentId!;
        await h.Merger.MergeAsync(chained, elsewhere.Value.Id, "ito", default);

        var done = await h.Merger.MergeManyAsync(
            cause.Value.Id, [first, second.ToLowerInvariant(), resolved, cause.Value.Id, chained, "INC-2099-9999", first], "sato", default);

        Assert.Equal(cause.Value.Id, done.Into);
        Assert.Equal([first, second], done.Merged);
        Assert.Equal(
            [new SkippedMerge(resolved, "resolved"), new SkippedMerge(cause.Value.Id, "itself"), new SkippedMerge(chained, "merged", elsewhere.Value.Id), new SkippedMerge("INC-2099-9999", "notFound")],
            done.Skipped);
        var kept = await h.IncidentAsync(cause.Value.Id);
        Assert.Equal([first, second], kept.MergedIncidents);
        Assert.Equal(["a1", "w1", "w2"], (await h.Incidents.GetAlertsAsync(cause.Value.Id, default)).Select(a => a.Value.DedupKey).Order(StringComparer.Ordinal));
        Assert.Equal(cause.Value.Id, (await h.Incidents.GetOpenGroupAsync("alertmanager", "web", default))?.IncidentId);
        foreach (var id in new[] { first, second })
        {
            Assert.Equal((IncidentStatus.Resolved, cause.Value.Id), ((await h.IncidentAsync(id)).Status, (await h.IncidentAsync(id)).MergedInto));
        }

        // Those skipped are left as they were.
        Assert.Null((await h.IncidentAsync(resolved)).MergedInto);
        Assert.Equal(elsewhere.Value.Id, (await h.IncidentAsync(chained)).MergedInto);
        Assert.Equal([chained], (await h.IncidentAsync(elsewhere.Value.Id)).MergedIncidents);
    }

    [Fact]
    public async Task ADuplicateThatWouldRaiseTheSeverity_IsSkippedUnlessConfirmed_AndTheOthersAreMergedStill()
    {
        var h = await CreateAsync();
        var (cause, _) = await h.Service.CreateAsync(Declared("Checkout down", AlertSeverity.Sev3), "sato", null, default);
        var (urgent, _) = await h.Service.CreateAsync(Declared("Checkout fails", AlertSeverity.Sev1), "ito", null, default);
        var (same, _) = await h.Service.CreateAsync(Declared("Cart slow", AlertSeverity.Sev3), "ito", null, default);

        var done = await h.Merger.MergeManyAsync(cause.Value.Id, [urgent.Value.Id, same.Value.Id], "sato", default, confirmSeverity: false);

        Assert.Equal([same.Value.Id], done.Merged);
        Assert.Equal([new SkippedMerge(urgent.Value.Id, "severity")], done.Skipped);
        Assert.True((await h.IncidentAsync(urgent.Value.Id)).IsOpen);
        Assert.Null((await h.IncidentAsync(urgent.Value.Id)).MergingInto);
        Assert.Equal(AlertSeverity.Sev3, (await h.IncidentAsync(cause.Value.Id)).Severity);

        var confirmed = await h.Merger.MergeManyAsync(cause.Value.Id, [urgent.Value.Id, same.Value.Id], "sato", default, confirmSeverity: true);

        // Asked again confirming: the one merged (and told of) before is listed as merged already, and nothing is merged twice.
        Assert.Equal([urgent.Value.Id], confirmed.Merged);
        Assert.Equal([new SkippedMerge(same.Value.Id, "merged", cause.Value.Id)], confirmed.Skipped);
        var kept = await h.IncidentAsync(cause.Value.Id);
        Assert.Equal(AlertSeverity.Sev1, kept.Severity);
        Assert.Equal([same.Value.Id, urgent.Value.Id], kept.MergedIncidents);
    }

    /// <summary>SEV2 tells the executives (ja); SEV1 the executives and support (en).</summary>
    private static void Audiences(CommsOptions c)
    {
        c.Audiences["execs"] = new AudienceOptions { Members = ["ceo@example.com"], Language = "ja" };
        c.Audiences["support"] = new AudienceOptions { Members = ["support@example.com"], Language = "en" };
        c.BySeverity.Sev1 = ["execs", "support"];
        c.BySeverity.Sev2 = ["execs"];
    }

    /// <summary>The rows of the request's one 統合 notice (<see cref="OutboxIds.MergesTopic"/>): stakeholders' and followers' batches, the team's mails, the card.</summary>
    private static List<OutboxMessage> MergesRows(IncidentHarness h) =>
        [.. h.Outbox.All.Where(m => m.Topic.StartsWith("merges:", StringComparison.Ordinal)).OrderBy(m => m.Id, StringComparer.Ordinal)];

    private static List<OutboxMessage> StakeholderRows(IncidentHarness h) =>
        [.. MergesRows(h).Where(m => m.Topic.EndsWith(":notice", StringComparison.Ordinal))];

    /// <summary>Any row of a duplicate's own 統合 notice: its stakeholder notice after the first, or its 【統合】 mail and card to those paged.</summary>
    private static List<string> SingleMergeRows(IncidentHarness h, params string[] duplicates) =>
        [.. h.Outbox.All.Select(m => m.Id).Where(id => duplicates.Any(d => id.StartsWith($"incident:{d}:notice:2:", StringComparison.Ordinal) || id.StartsWith($"incident:{d}:merged", StringComparison.Ordinal)))];

    /// <summary>
    /// Three duplicates stakeholders were told about and one they were not (opened by monitoring): each audience gets one 統合 notice
    /// listing the duplicates it was told about — the executives all three, support only the SEV1 —, a follower of two one naming those
    /// two, each duty member one mail and the channel one card; no duplicate sends its own. Each duplicate records its notice as queued.
    /// </summary>
    [Fact]
    public async Task SeveralDuplicatesMerged_EachAudienceFollowerAndPartner_GetsOneNotice_NamingTheDuplicatesTheyWereToldOf()
    {
        var h = await CreateAsync(comms: Audiences);
        var (cause, _) = await h.Service.CreateAsync(Declared("DB primary down", AlertSeverity.Sev1), "sato", null, default);
        var (a, _) = await h.Service.CreateAsync(Declared("API errors"), "yamada", null, default);
        var (b, _) = await h.Service.CreateAsync(Declared("Web errors"), "yamada", null, default);
        var (c, _) = await h.Service.CreateAsync(Declared("Checkout fails", AlertSeverity.Sev1), "yamada", null, default);
        var silent = (await h.Intake.IntakeAsync(Notification("batch", Alert("b1")), default)).IncidentId!;
        await h.Following.FollowAsync(a.Value.Id, "emma", default);
        await h.Following.FollowAsync(b.Value.Id, "emma", default);
        await h.DrainQueueAsync();
        var sent = h.Email.Sent.Count;

        var done = await h.Merger.MergeManyAsync(cause.Value.Id, [a.Value.Id, b.Value.Id, c.Value.Id, silent], "sato", default);

        Assert.Equal([a.Value.Id, b.Value.Id, c.Value.Id, silent], done.Merged);
        Assert.Empty(SingleMergeRows(h, a.Value.Id, b.Value.Id, c.Value.Id, silent));
        var stakeholders = StakeholderRows(h);
        Assert.Equal(3, stakeholders.Count);
        var execs = Assert.Single(stakeholders, m => m.Id.EndsWith(".for.execs:0", StringComparison.Ordinal) && m.Id.Contains(":email:ja.", StringComparison.Ordinal));
        Assert.Equal(["ceo@example.com"], execs.Bcc);
        Assert.Equal($"【統合】{cause.Value.Id} DB primary down（障害3件を統合）", execs.Subject);
        Assert.Contains($"次の障害は {cause.Value.Id}（DB primary down）と同一の障害であることがわかったため、{cause.Value.Id} に統合しました。", execs.TextBody, StringComparison.Ordinal);
        Assert.Contains($"{a.Value.Id}（API errors）\n{b.Value.Id}（Web errors）\n{c.Value.Id}（Checkout fails）", execs.TextBody.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains($"以降の続報は {cause.Value.Id} でお知らせします。", execs.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(silent, execs.TextBody, StringComparison.Ordinal);
        var support = Assert.Single(stakeholders, m => m.Id.EndsWith(".for.support:0", StringComparison.Ordinal));
        Assert.Equal(["support@example.com"], support.Bcc);
        Assert.Equal($"[Merged] {cause.Value.Id}: DB primary down (1 incident merged into it)", support.Subject);
        Assert.Contains($"This incident was found to be the same as {cause.Value.Id} (DB primary down), and was merged into it:", support.TextBody, StringComparison.Ordinal);
        Assert.Contains($"{c.Value.Id} (Checkout fails)", support.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(a.Value.Id, support.TextBody, StringComparison.Ordinal);
        var follower = Assert.Single(stakeholders, m => m.Id.EndsWith(".followers:0", StringComparison.Ordinal));
        Assert.Equal(["emma@example.com"], follower.Bcc);
        Assert.Contains($"You followed these incidents, so you now follow {cause.Value.Id}, which they were merged into", follower.TextBody, StringComparison.Ordinal);
        Assert.Contains(a.Value.Id, follower.TextBody, StringComparison.Ordinal);
        Assert.Contains(b.Value.Id, follower.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(c.Value.Id, follower.TextBody, StringComparison.Ordinal);
        foreach (var id in new[] { a.Value.Id, b.Value.Id, c.Value.Id })
        {
            var comms = (await h.IncidentAsync(id)).Comms;
            Assert.Equal((2, 2), (comms.Issued, comms.Queued));
        }

        Assert.Equal(0, (await h.IncidentAsync(silent)).Comms.Issued);

        // The team: one mail per person (the duty members paged about all four but sato who merged them; yamada, who declared
        // three, about those), and one card.
        var team = MergesRows(h).Where(m => m.Channel == Channel.Email && !m.Topic.EndsWith(":notice", StringComparison.Ordinal)).ToList();
        Assert.Equal(team.Count, team.Select(m => m.Recipient.ToLowerInvariant()).Distinct().Count());
        var paged = (await h.DutyEmailsAsync()).Where(e => e != "sato@example.com").ToList();
        Assert.NotEmpty(paged);
        foreach (var address in paged)
        {
            var mine = Assert.Single(team, m => m.Recipient == address);
            Assert.All(new[] { a.Value.Id, b.Value.Id, c.Value.Id, silent }, id => Assert.Contains(id, mine.TextBody, StringComparison.Ordinal));
        }

        var card = Assert.Single(MergesRows(h), m => m.Channel == Channel.Teams);
        Assert.Contains(silent, card.CardJson!, StringComparison.Ordinal);

        await h.DrainQueueAsync();
        Assert.Equal(sent + stakeholders.Count + team.Count, h.Email.Sent.Count);
    }

    /// <summary>The same request again — after it was sent, or after a crash between its rows and the duplicates' records — queues nothing more.</summary>
    [Fact]
    public async Task RepeatingTheRequest_SendsNothingMore()
    {
        var h = await CreateAsync(comms: Audiences);
        var (cause, _) = await h.Service.CreateAsync(Declared("DB primary down"), "sato", null, default);
        var (a, _) = await h.Service.CreateAsync(Declared("API errors"), "ito", null, default);
        var (b, _) = await h.Service.CreateAsync(Declared("Web errors"), "ito", null, default);
        await h.DrainQueueAsync();
        // The request stops after queuing the notice, before b records its notice as queued.
        h.Incidents.FailSave = i => i.Id == b.Value.Id && i.Comms.Queued == i.Comms.Issued && i.MergedInto is not null ? new DependencyUnavailableException("storage", new IOException("down")) : null;
        await Assert.ThrowsAsync<DependencyUnavailableException>(() => h.Merger.MergeManyAsync(cause.Value.Id, [a.Value.Id, b.Value.Id], "sato", default));
        var told = Assert.Single(StakeholderRows(h)).Id;
        Assert.Equal(2, (await h.IncidentAsync(a.Value.Id)).Comms.Queued);
        Assert.True((await h.IncidentAsync(b.Value.Id)).Comms.Queued < (await h.IncidentAsync(b.Value.Id)).Comms.Issued);
        h.Incidents.FailSave = null;

        var again = await h.Merger.MergeManyAsync(cause.Value.Id, [a.Value.Id, b.Value.Id], "sato", default);

        // The stakeholders' notice not again (a is recorded told in it, b still owed: the same list, the same id); the team's, left
        // by the crash, now.
        Assert.Equal([a.Value.Id, b.Value.Id], again.Merged);
        Assert.Equal([told], StakeholderRows(h).Select(m => m.Id));
        Assert.Equal(2, (await h.IncidentAsync(b.Value.Id)).Comms.Queued);
        Assert.Contains(MergesRows(h), m => m.Channel == Channel.Teams);
        var rows = h.Outbox.All.Select(m => m.Id).Order(StringComparer.Ordinal).ToList();
        await h.DrainQueueAsync();
        var sent = h.Email.Sent.Count;

        await h.Merger.MergeManyAsync(cause.Value.Id, [a.Value.Id, b.Value.Id], "sato", default);
        await h.DrainQueueAsync();

        Assert.Equal(rows, h.Outbox.All.Select(m => m.Id).Order(StringComparer.Ordinal));
        Assert.Equal(sent, h.Email.Sent.Count);
        Assert.Empty(SingleMergeRows(h, a.Value.Id, b.Value.Id));
    }

    /// <summary>
    /// A request that stops between the merges (storage failing on the third): nothing is told yet, the two merged owe their notices;
    /// the request repeated merges the third and tells all three in one notice.
    /// </summary>
    [Fact]
    public async Task ACrashBetweenTheMerges_TheRepeatTellsAllInOneNotice()
    {
        var h = await CreateAsync(comms: Audiences);
        var (cause, _) = await h.Service.CreateAsync(Declared("DB primary down"), "sato", null, default);
        var (a, _) = await h.Service.CreateAsync(Declared("API errors"), "ito", null, default);
        var (b, _) = await h.Service.CreateAsync(Declared("Web errors"), "ito", null, default);
        var (c, _) = await h.Service.CreateAsync(Declared("Cart errors"), "ito", null, default);
        h.Incidents.FailSave = i => i.Id == c.Value.Id && i.MergedInto is not null ? new DependencyUnavailableException("storage", new IOException("down")) : null;
        await Assert.ThrowsAsync<DependencyUnavailableException>(() => h.Merger.MergeManyAsync(cause.Value.Id, [a.Value.Id, b.Value.Id, c.Value.Id], "sato", default));
        Assert.Empty(MergesRows(h));
        Assert.Empty(SingleMergeRows(h, a.Value.Id, b.Value.Id, c.Value.Id));
        h.Incidents.FailSave = null;

        await h.Merger.MergeManyAsync(cause.Value.Id, [a.Value.Id, b.Value.Id, c.Value.Id], "sato", default);

        var execs = Assert.Single(StakeholderRows(h));
        Assert.All(new[] { a.Value.Id, b.Value.Id, c.Value.Id }, id => Assert.Contains(id, execs.TextBody, StringComparison.Ordinal));
        Assert.Empty(SingleMergeRows(h, a.Value.Id, b.Value.Id, c.Value.Id));
    }

    /// <summary>One refused (resolved meanwhile) is left out of the notice; the two merged are told together.</summary>
    [Fact]
    public async Task OneRefused_TheNoticeNamesTheOthers()
    {
        var h = await CreateAsync(comms: Audiences);
        var (cause, _) = await h.Service.CreateAsync(Declared("DB primary down"), "sato", null, default);
        var (a, _) = await h.Service.CreateAsync(Declared("API errors"), "ito", null, default);
        var (b, _) = await h.Service.CreateAsync(Declared("Web errors"), "ito", null, default);
        var (c, _) = await h.Service.CreateAsync(Declared("Cart errors"), "ito", null, default);
        await h.Service.PostUpdateAsync(b.Value.Id, IncidentStatus.Resolved, "fixed", null, "ito", null, null, default);

        var done = await h.Merger.MergeManyAsync(cause.Value.Id, [a.Value.Id, b.Value.Id, c.Value.Id], "sato", default);

        Assert.Equal([a.Value.Id, c.Value.Id], done.Merged);
        Assert.Equal([new SkippedMerge(b.Value.Id, "resolved")], done.Skipped);
        var execs = Assert.Single(StakeholderRows(h));
        Assert.Contains("（障害2件を統合）", execs.Subject, StringComparison.Ordinal);
        Assert.Contains(a.Value.Id, execs.TextBody, StringComparison.Ordinal);
        Assert.Contains(c.Value.Id, execs.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(b.Value.Id, execs.TextBody, StringComparison.Ordinal);
        Assert.Empty(SingleMergeRows(h, a.Value.Id, c.Value.Id));
    }

    /// <summary>
    /// Session 53: a duplicate merged into the cause on its own (its stakeholders, partners and the channel told then), listed again
    /// with others in another request: skipped as merged already, and its partners and the channel are not told of it again —
    /// the request's one notice names only the two it merged; its stakeholders' notice is not repeated either.
    /// </summary>
    [Fact]
    public async Task ADuplicateMergedBeforeOnItsOwn_ListedInAnotherRequest_IsMergedAlready_AndNobodyIsToldOfItAgain()
    {
        var h = await CreateAsync(comms: Audiences);
        var (cause, _) = await h.Service.CreateAsync(Declared("DB primary down"), "sato", null, default);
        var (a, _) = await h.Service.CreateAsync(Declared("API errors"), "yamada", null, default);
        var (b, _) = await h.Service.CreateAsync(Declared("Web errors"), "yamada", null, default);
        var (c, _) = await h.Service.CreateAsync(Declared("Cart errors"), "yamada", null, default);
        await h.Merger.MergeAsync(a.Value.Id, cause.Value.Id, "sato", default);
        var alone = SingleMergeRows(h, a.Value.Id);
        Assert.Contains(alone, id => id.StartsWith($"incident:{a.Value.Id}:merged", StringComparison.Ordinal));
        Assert.Contains($"incident:{a.Value.Id}:notice:2:email:ja:0", alone);
        await h.DrainQueueAsync();
        var sent = h.Email.Sent.Count;

        var done = await h.Merger.MergeManyAsync(cause.Value.Id, [a.Value.Id, b.Value.Id, c.Value.Id], "sato", default);

        Assert.Equal([b.Value.Id, c.Value.Id], done.Merged);
        Assert.Equal([new SkippedMerge(a.Value.Id, "merged", cause.Value.Id)], done.Skipped);
        Assert.Equal(alone, SingleMergeRows(h, a.Value.Id));
        var rows = MergesRows(h);
        Assert.Contains(rows, m => m.Channel == Channel.Email && !m.Topic.EndsWith(":notice", StringComparison.Ordinal));
        Assert.Contains(rows, m => m.Channel == Channel.Teams);
        Assert.All(rows, m =>
        {
            Assert.DoesNotContain(a.Value.Id, (m.TextBody ?? "") + m.CardJson, StringComparison.Ordinal);
            Assert.Contains(b.Value.Id, (m.TextBody ?? "") + m.CardJson, StringComparison.Ordinal);
        });
        Assert.Equal([a.Value.Id, b.Value.Id, c.Value.Id], (await h.IncidentAsync(cause.Value.Id)).MergedIncidents);

        // Asked again, the same: nothing more is queued.
        var all = h.Outbox.All.Select(m => m.Id).Order(StringComparer.Ordinal).ToList();
        var again = await h.Merger.MergeManyAsync(cause.Value.Id, [a.Value.Id, b.Value.Id, c.Value.Id], "sato", default);
        Assert.Equal(done.Merged, again.Merged);
        Assert.Equal(done.Skipped, again.Skipped);
        Assert.Equal(all, h.Outbox.All.Select(m => m.Id).Order(StringComparer.Ordinal));
        await h.DrainQueueAsync();
        Assert.Equal(sent + rows.Count(m => m.Channel == Channel.Email), h.Email.Sent.Count);
    }

    /// <summary>One merged (the others refused) is told as a merge of one: its own 統合 notice, as before.</summary>
    [Fact]
    public async Task OneMerged_IsToldAsOnItsOwn()
    {
        var h = await CreateAsync(comms: Audiences);
        var (cause, _) = await h.Service.CreateAsync(Declared("DB primary down"), "sato", null, default);
        var (a, _) = await h.Service.CreateAsync(Declared("API errors"), "ito", null, default);

        await h.Merger.MergeManyAsync(cause.Value.Id, [a.Value.Id, "INC-2099-9999"], "sato", default);

        Assert.Empty(MergesRows(h));
        Assert.Contains($"incident:{a.Value.Id}:notice:2:email:ja:0", h.Outbox.All.Select(m => m.Id));
    }

    [Fact]
    public async Task NoIds_TooMany_OrAnUnknownTarget_AreRefusedBeforeAnythingIsMerged()
    {
        var h = await CreateAsync();
        var (cause, _) = await h.Service.CreateAsync(Declared("DB primary down"), "sato", null, default);
        var (a, _) = await h.Service.CreateAsync(Declared("API errors"), "ito", null, default);

        Assert.Contains("ids", (await Assert.ThrowsAsync<ValidationException>(() => h.Merger.MergeManyAsync(cause.Value.Id, [], "sato", default))).Errors.Keys);
        Assert.Contains("ids", (await Assert.ThrowsAsync<ValidationException>(() => h.Merger.MergeManyAsync(cause.Value.Id, [a.Value.Id, " "], "sato", default))).Errors.Keys);
        var tooMany = Enumerable.Range(0, IncidentMerger.MaxMergedTogether).Select(i => $"INC-2026-{i:0000}").Append(a.Value.Id).ToList();
        Assert.Contains("ids", (await Assert.ThrowsAsync<ValidationException>(() => h.Merger.MergeManyAsync(cause.Value.Id, tooMany, "sato", default))).Errors.Keys);
        await Assert.ThrowsAsync<NotFoundException>(() => h.Merger.MergeManyAsync("INC-2099-9999", [a.Value.Id], "sato", default));

        Assert.True((await h.IncidentAsync(a.Value.Id)).IsOpen);
        Assert.Empty((await h.IncidentAsync(cause.Value.Id)).MergedIncidents);
    }
}
