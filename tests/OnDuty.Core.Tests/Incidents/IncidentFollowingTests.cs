using OnDuty.Core.Alerts;
using OnDuty.Core.Comms;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Messages;
using OnDuty.Core.Notifications;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;
using static OnDuty.Core.Tests.Incidents.IncidentHarness;

namespace OnDuty.Core.Tests.Incidents;

public sealed class IncidentFollowingTests
{
    private static NewIncident Details() => new() { Title = "決済画面が開かない", Severity = AlertSeverity.Sev2 };

    /// <summary>SEV2 tells the executives (ja); sato is among them by address.</summary>
    private static void Execs(CommsOptions c)
    {
        c.Audiences["execs"] = new AudienceOptions { Members = ["ceo@example.com", "sato@example.com"], Language = "ja" };
        c.BySeverity.Sev2 = ["execs"];
    }

    private static List<OutboxMessage> Notice(IncidentHarness h, string id, int n) =>
        [.. h.Outbox.All.Where(m => m.Topic == $"incident:{id}:notice:{n}" && m.Channel == Channel.Email).OrderBy(m => m.Id, StringComparer.Ordinal)];

    private static Member Person(string id, Language language = Language.Ja, string? email = null, bool active = true) =>
        TeamData.Member(id, id, language, email: email) with { Active = active };

    [Fact]
    public void Recipients_FollowerAlsoAReader_ToldOnceAsTheReader()
    {
        var readers = new[] { new StakeholderRecipient("ceo@example.com", Language.Ja) { Audiences = ["execs"] } };

        var told = IncidentFollowing.Recipients([Person("ceo", email: "CEO@Example.com"), Person("emma", Language.En)], readers);

        // ceo reads the audience's mail (any case of the address is one reader); emma, in no audience, gets a follower's, in English.
        var only = Assert.Single(told);
        Assert.Equal("emma@example.com", only.Address);
        Assert.Equal(Language.En, only.Language);
        Assert.Empty(only.Audiences);
    }

    [Fact]
    public void Recipients_InactiveOrWithoutAnAddressOrTwice_NotTold()
    {
        var told = IncidentFollowing.Recipients(
            [Person("gone", active: false), Person("nomail", email: "not-an-address"), Person("sato"), Person("sato2", email: "SATO@example.com")], []);

        Assert.Equal(["sato@example.com"], told.Select(r => r.Address));
    }

    [Fact]
    public void Active_FollowerTakenOffTheRoster_NotListed()
    {
        var listed = IncidentFollowing.Active(["sato", "gone", "old"], [Person("sato"), Person("old", active: false), Person("emma")]);

        Assert.Equal(["sato"], listed.Select(m => m.Id));
    }

    [Fact]
    public async Task Create_ByAMember_DeclarerFollowsAndGetsTheNextUpdateInTheirLanguage_NotTheFirstNotice()
    {
        var h = await CreateAsync(comms: Execs);

        var (created, _) = await h.Service.CreateAsync(Details(), "emma", null, default, declarerFollows: true);
        var id = created.Value.Id;
        Assert.Equal(["emma"], await h.Followers.ListAsync(id, default));
        Assert.Equal([$"incident:{id}:notice:1:email:ja:0"], Notice(h, id, 1).Select(m => m.Id));

        await h.Service.PostUpdateAsync(id, IncidentStatus.Identified, "決済代行の障害と判明しました", null, "yamada", null, null, default);

        var rows = Notice(h, id, 2);
        Assert.Equal([$"incident:{id}:notice:2:email:en.followers:0", $"incident:{id}:notice:2:email:ja:0"], rows.Select(m => m.Id));
        Assert.Equal(["emma@example.com"], rows[0].Bcc);
        Assert.Equal($"[Incident · Identified] {id}: 決済画面が開かない (update 2)", rows[0].Subject);
        Assert.Contains("決済代行の障害と判明しました", rows[0].TextBody, StringComparison.Ordinal);
        // The audiences' mail as before.
        Assert.Equal(["ceo@example.com", "sato@example.com"], rows[1].Bcc);
    }

    /// <summary>
    /// Trial 51: an executive or a partner manager put on an audience's list had nothing telling them whom to ask to come off it.
    /// The audience's mail ends with that (its contact, named above it); a follower stops it on the incident page and gets none, nor
    /// does the team's channel.
    /// </summary>
    [Fact]
    public async Task Update_TheAudiencesMailEndsWithWhomToAskToStopIt_TheFollowersMailAndTheCardDoNot()
    {
        var h = await CreateAsync(comms: Execs);
        var (created, _) = await h.Service.CreateAsync(Details(), "emma", null, default, declarerFollows: true);
        var id = created.Value.Id;

        await h.Service.PostUpdateAsync(id, IncidentStatus.Identified, "決済代行の障害と判明しました", null, "yamada", null, null, default);

        var rows = Notice(h, id, 2);
        var follower = rows.Single(m => m.Id.Contains(".followers:", StringComparison.Ordinal));
        var audience = rows.Single(m => m.Id.EndsWith(":email:ja:0", StringComparison.Ordinal));
        Assert.Contains("\n■お問い合わせ先\n", audience.TextBody.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.EndsWith("\n\n障害の状況：https://onduty.example/api/incidents/" + id + "/overview?lang=ja&for=execs\n\n配信の停止や宛先の変更は、上記のお問い合わせ先にご連絡ください。\n",
            audience.TextBody.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains(">配信の停止や宛先の変更は、上記のお問い合わせ先にご連絡ください。</p>\n</body>", audience.HtmlBody!.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.DoesNotContain("To stop these notices", follower.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("To stop these notices", follower.HtmlBody, StringComparison.Ordinal);
        var card = h.Outbox.All.Single(m => m.Topic == $"incident:{id}:notice:2" && m.Channel == Channel.Teams);
        Assert.DoesNotContain("配信の停止", card.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u914D\\u4FE1\\u306E\\u505C\\u6B62", card.CardJson!, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Create_ByAMemberInTheAudience_OneCopyOfEachNotice()
    {
        var h = await CreateAsync(comms: Execs);
        var (created, _) = await h.Service.CreateAsync(Details(), "sato", null, default, declarerFollows: true);
        var id = created.Value.Id;

        await h.Service.PostUpdateAsync(id, IncidentStatus.Resolved, "復旧しました", null, "sato", null, null, default);

        var row = Assert.Single(Notice(h, id, 2));
        Assert.Equal($"incident:{id}:notice:2:email:ja:0", row.Id);
        Assert.Single(row.Bcc, "sato@example.com");
    }

    [Fact]
    public async Task Create_ByANameNotOnTheRoster_NobodyFollows()
    {
        var h = await CreateAsync(comms: Execs);

        var (created, _) = await h.Service.CreateAsync(Details(), "Visitor Name", null, default, declarerFollows: true);

        Assert.Empty(await h.Followers.ListAsync(created.Value.Id, default));
    }

    /// <summary>Through the API (a tool, a script), naming a member as <c>by</c> follows nothing: only the declare form does.</summary>
    [Fact]
    public async Task Create_NotAskedToFollow_NobodyFollows()
    {
        var h = await CreateAsync(comms: Execs);

        var (created, _) = await h.Service.CreateAsync(Details(), "emma", null, default);

        Assert.Empty(await h.Followers.ListAsync(created.Value.Id, default));
    }

    [Fact]
    public async Task Follow_TwiceThenUnfollow_OneFollowerThenNone_TheResolveIsNotSentToThem()
    {
        var h = await CreateAsync(comms: Execs);
        var (created, _) = await h.Service.CreateAsync(Details(), "yamada", null, default);
        var id = created.Value.Id;

        Assert.True(await h.Following.FollowAsync(id, "tanaka", default));
        Assert.False(await h.Following.FollowAsync(id, "tanaka", default));
        Assert.Equal(["tanaka"], (await h.Following.ListAsync(id, default)).Select(m => m.Id));
        await h.Service.PostUpdateAsync(id, IncidentStatus.Identified, "原因が判明しました", null, "yamada", null, null, default);
        Assert.Contains(Notice(h, id, 2), m => m.Id.EndsWith(":ja.followers:0", StringComparison.Ordinal) && m.Bcc.SequenceEqual(["tanaka@example.com"]));

        Assert.True(await h.Following.UnfollowAsync(id, "tanaka", default));
        Assert.False(await h.Following.UnfollowAsync(id, "tanaka", default));
        await h.Service.PostUpdateAsync(id, IncidentStatus.Resolved, "復旧しました", null, "yamada", null, null, default);

        Assert.DoesNotContain(Notice(h, id, 3), m => m.Bcc.Contains("tanaka@example.com"));
    }

    [Fact]
    public async Task Follow_MemberTakenOffTheRosterSince_NotTold()
    {
        var h = await CreateAsync(comms: Execs);
        var (created, _) = await h.Service.CreateAsync(Details(), "yamada", null, default);
        var id = created.Value.Id;
        await h.Following.FollowAsync(id, "tanaka", default);

        await h.Roster.DeleteMemberAsync("tanaka", default);
        await h.Service.PostUpdateAsync(id, IncidentStatus.Resolved, "復旧しました", null, "yamada", null, null, default);

        Assert.DoesNotContain(Notice(h, id, 2), m => m.Id.Contains("followers", StringComparison.Ordinal));
        Assert.Empty(await h.Following.ListAsync(id, default));
    }

    [Fact]
    public async Task Follow_UnknownIncidentOrMember_Refused()
    {
        var h = await CreateAsync(comms: Execs);
        var (created, _) = await h.Service.CreateAsync(Details(), "yamada", null, default);

        await Assert.ThrowsAsync<NotFoundException>(() => h.Following.FollowAsync("INC-2026-9999", "tanaka", default));
        await Assert.ThrowsAsync<NotFoundException>(() => h.Following.UnfollowAsync("INC-2026-9999", "tanaka", default));
        var refused = await Assert.ThrowsAsync<ValidationException>(() => h.Following.FollowAsync(created.Value.Id, "nobody", default));
        Assert.Contains("memberId", refused.Errors.Keys);
        Assert.Empty(await h.Followers.ListAsync(created.Value.Id, default));
    }

    /// <summary>
    /// A notice's row counts the followers it went to besides the audiences' readers (the page says it): a follower who is a reader
    /// is not one of them; with no audience for the severity, the followers alone.
    /// </summary>
    [Fact]
    public async Task Notice_RowCountsTheFollowersItWentTo_NotThoseAmongTheReaders()
    {
        var h = await CreateAsync(comms: Execs);
        var (created, _) = await h.Service.CreateAsync(Details(), "yamada", null, default);
        var id = created.Value.Id;
        await h.Following.FollowAsync(id, "tanaka", default);
        await h.Following.FollowAsync(id, "sato", default); // in the executives' audience

        await h.Service.PostUpdateAsync(id, IncidentStatus.Identified, "原因が判明しました", null, "yamada", null, null, default);

        var rows = (await h.TimelineAsync(id)).Where(t => t.Kind == TimelineKind.StakeholdersNotified).ToList();
        Assert.Equal([(1, (int?)null), (2, 1)], rows.Select(r => (r.Step!.Value, r.Followers)));
        Assert.Equal(["execs"], rows[1].Recipients);

        var nobody = await CreateAsync();
        var (quiet, _) = await nobody.Service.CreateAsync(Details(), "yamada", null, default);
        await nobody.Following.FollowAsync(quiet.Value.Id, "tanaka", default);
        await nobody.Following.FollowAsync(quiet.Value.Id, "emma", default);
        await nobody.Service.PostUpdateAsync(quiet.Value.Id, IncidentStatus.Identified, "原因が判明しました", null, "yamada", null, null, default);

        var row = Assert.Single(await nobody.TimelineAsync(quiet.Value.Id), t => t is { Kind: TimelineKind.StakeholdersNotified, Step: 2 });
        Assert.Empty(row.Recipients);
        Assert.Equal(2, row.Followers);
        Assert.Equal(2, Notice(nobody, quiet.Value.Id, 2).Count);
    }

    /// <summary>
    /// Merging a duplicate: its followers follow the incident merged into — once, however often the merge is repeated, and one who
    /// followed both stays one follower —, their copy of the 統合 notice says so (the audiences' does not), and the next update of
    /// the incident merged into reaches them.
    /// </summary>
    [Fact]
    public async Task Merge_TheDuplicatesFollowersFollowTheOneMergedInto_OnceEvenRepeated_AndTheirCopySaysSo()
    {
        var h = await CreateAsync(comms: Execs);
        var keep = (await h.Service.CreateAsync(Details(), "yamada", null, default)).Incident.Value.Id;
        var duplicate = (await h.Service.CreateAsync(new NewIncident { Title = "決済が失敗する", Severity = AlertSeverity.Sev2 }, "yamada", null, default)).Incident.Value.Id;
        await h.Following.FollowAsync(duplicate, "tanaka", default);
        await h.Following.FollowAsync(duplicate, "emma", default);
        await h.Following.FollowAsync(keep, "emma", default);

        await h.Merger.MergeAsync(duplicate, keep, "sato", default);
        await h.Merger.MergeAsync(duplicate, keep, "sato", default);

        Assert.Equal(["emma", "tanaka"], await h.Followers.ListAsync(keep, default));
        var merged = Notice(h, duplicate, 2);
        var ja = Assert.Single(merged, m => m.Id.EndsWith(":ja.followers:0", StringComparison.Ordinal));
        Assert.Equal(["tanaka@example.com"], ja.Bcc);
        Assert.Contains($"この障害をフォローしていたため、統合先の {keep} をフォローするようにしました。以降の続報は {keep} の報告として届きます。", ja.TextBody, StringComparison.Ordinal);
        var en = Assert.Single(merged, m => m.Id.EndsWith(":en.followers:0", StringComparison.Ordinal));
        Assert.Equal(["emma@example.com"], en.Bcc);
        Assert.Contains($"You followed this incident, so you now follow {keep}, which it was merged into: further updates come to you from {keep}.", en.TextBody, StringComparison.Ordinal);
        var audience = Assert.Single(merged, m => m.Id.EndsWith(":ja:0", StringComparison.Ordinal));
        Assert.DoesNotContain("フォローしていたため", audience.TextBody, StringComparison.Ordinal);

        await h.Service.PostUpdateAsync(keep, IncidentStatus.Identified, "原因が判明しました", null, "yamada", null, null, default);

        Assert.Contains(h.Outbox.All, m => m.Topic.StartsWith($"incident:{keep}:notice:", StringComparison.Ordinal) && m.Bcc.Contains("tanaka@example.com"));
    }

    /// <summary>
    /// A member's own list: the open incidents they follow, newest first — not one resolved since, nor one their index still names
    /// after an unfollow that failed half-way (the incident's own rows are the truth).
    /// </summary>
    [Fact]
    public async Task FollowedOpen_TheOpenOnesTheyFollow_NewestFirst_NotResolvedNorAStaleIndexRow()
    {
        var h = await CreateAsync(comms: Execs);
        var ids = new List<string>();
        for (var k = 0; k < 4; k++)
        {
            ids.Add((await h.Service.CreateAsync(Details() with { Title = $"障害 {k}" }, "yamada", null, default)).Incident.Value.Id);
            h.Time.Advance(TimeSpan.FromMinutes(1));
        }

        await h.Following.FollowAsync(ids[0], "tanaka", default);
        await h.Following.FollowAsync(ids[1], "tanaka", default);
        await h.Following.FollowAsync(ids[2], "tanaka", default);
        await h.Service.PostUpdateAsync(ids[2], IncidentStatus.Resolved, "復旧しました", null, "yamada", null, null, default);
        h.Followers.StaleIndex(ids[3], "tanaka");

        Assert.Equal([ids[1], ids[0]], (await h.Following.FollowedOpenAsync("tanaka", default)).Select(i => i.Id));
        Assert.Empty(await h.Following.FollowedOpenAsync("emma", default));
    }

    /// <summary>The incident's duty members, and the roster members who are not (the harness's pair on duty).</summary>
    private static async Task<(string[] Duty, string[] Others)> DutyAsync(IncidentHarness h, string id)
    {
        var duty = (await h.IncidentAsync(id)).Assignees.Select(a => a.Id).ToArray();
        Assert.NotEmpty(duty);
        return (duty, [.. new[] { "yamada", "sato", "emma", "tanaka" }.Except(duty).Order(StringComparer.Ordinal)]);
    }

    /// <summary>
    /// A duty member of the incident who follows it gets no follower copy (they are paged and work on its page, as incident.io sends
    /// responders no subscriber updates); the row counts only those told; they still follow it and are listed.
    /// </summary>
    [Fact]
    public async Task Notice_ADutyMemberWhoFollows_GetsNoFollowerCopy_TheOthersDo()
    {
        var h = await CreateAsync();
        var (created, _) = await h.Service.CreateAsync(Details(), "someone", null, default);
        var id = created.Value.Id;
        var (duty, others) = await DutyAsync(h, id);
        await h.Following.FollowAsync(id, duty[0], default);
        await h.Following.FollowAsync(id, others[0], default);

        await h.Service.PostUpdateAsync(id, IncidentStatus.Identified, "原因が判明しました", null, "someone", null, null, default);

        var told = Notice(h, id, 2).SelectMany(m => m.Bcc).ToList();
        Assert.Equal([$"{others[0]}@example.com"], told);
        var row = Assert.Single(await h.TimelineAsync(id), t => t is { Kind: TimelineKind.StakeholdersNotified, Step: 2 });
        Assert.Equal(1, row.Followers);
        Assert.Contains(duty[0], await h.Followers.ListAsync(id, default));
    }

    /// <summary>
    /// 障害の状況 (the general view) lists a notice that went only to the incident's followers, saying so as the incident page's row
    /// does; an audience's own view does not (it was not theirs: the executives are told from SEV1, raised to after it).
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, "この重大度には関係者の宛先が設定されていないため、この障害をフォローしている1人にだけ送りました。")]
    [InlineData(Language.En, "No stakeholder audience is set for this severity: sent only to the one person following this incident.")]
    public async Task Overview_NoticeOnlyToFollowers_ListedSayingSo(Language language, string said)
    {
        var h = await CreateAsync(comms: c =>
        {
            c.Audiences["execs"] = new AudienceOptions { Members = ["ceo@example.com"], Language = "ja" };
            c.BySeverity.Sev1 = ["execs"];
        });
        var (created, _) = await h.Service.CreateAsync(Details(), "someone", null, default);
        var id = created.Value.Id;
        var (_, others) = await DutyAsync(h, id);
        await h.Following.FollowAsync(id, others[0], default);
        await h.Service.PostUpdateAsync(id, IncidentStatus.Identified, "決済代行の障害と判明しました", null, "someone", null, null, default);

        var tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
        var overview = IncidentOverview.From(await h.IncidentAsync(id), await h.TimelineAsync(id), TimeSpan.FromMinutes(30), tokyo);

        var notice = Assert.Single(overview.Notices);
        Assert.Equal((2, 1), (notice.Number, notice.FollowersOnly));
        Assert.Empty(notice.Audiences);
        var html = TestRenderer.Instance.Page(new IncidentOverviewNotice(language, overview, "Asia/Tokyo", h.Time.GetUtcNow()));
        Assert.Contains(said, html, StringComparison.Ordinal);
        Assert.Contains("決済代行の障害と判明しました", html, StringComparison.Ordinal);

        await h.Service.PostUpdateAsync(id, null, "影響が広がっています", new IncidentEdit { Severity = AlertSeverity.Sev1 }, "someone", null, null, default);
        var timeline = await h.TimelineAsync(id);
        var general = IncidentOverview.From(await h.IncidentAsync(id), timeline, TimeSpan.FromMinutes(30), tokyo);
        // Newest first; the raise is the executives' 第1報, the followers' copy before it the incident's 2nd.
        Assert.Equal([(1, 0), (2, 1)], general.Notices.Select(n => (n.Number, n.FollowersOnly)));
        var execs = IncidentOverview.From(await h.IncidentAsync(id), timeline, TimeSpan.FromMinutes(30), tokyo, reader: "execs");
        Assert.Equal([1], execs.Notices.Select(n => n.Number));
    }

    /// <summary>
    /// The member's index is pruned of incidents off the board (resolved more than its 7 days ago), not before: their follower row
    /// stays, so a person's reopen still reaches them, and the reopened incident is listed (and indexed) again.
    /// </summary>
    [Fact]
    public async Task FollowedOpen_ResolvedPastTheBoard_IndexRowPruned_FollowStays_AReopenListsItAgain()
    {
        var h = await CreateAsync();
        var (created, _) = await h.Service.CreateAsync(Details(), "someone", null, default);
        var id = created.Value.Id;
        await h.Service.PostUpdateAsync(id, IncidentStatus.Resolved, "復旧しました", null, "someone", null, null, default);
        h.Time.Advance(IncidentService.StatusBoardResolvedWindow - TimeSpan.FromHours(1));
        // Neither of its duty members then nor of the pair on duty now, who the reopen pages: a follower told by copy.
        var (_, others) = await DutyAsync(h, id);
        var now = (await h.Rotations.GetOnCallAsync("incident-duty", default)).Members.Select(m => m.Id);
        var follower = others.Except(now).First();
        await h.Following.FollowAsync(id, follower, default);

        Assert.Empty(await h.Following.FollowedOpenAsync(follower, default));
        Assert.Empty(h.Followers.Pruned); // still on the board: a monitoring reopen may come yet

        h.Time.Advance(TimeSpan.FromHours(2));
        Assert.Empty(await h.Following.FollowedOpenAsync(follower, default));
        Assert.Equal([(id, follower)], h.Followers.Pruned);
        Assert.Empty(await h.Followers.FollowedByAsync(follower, default));
        Assert.Equal([follower], await h.Followers.ListAsync(id, default));
        // Their index is empty now, but marked pruned: the page still looks at the board, as a reopen is owed a row.
        var index = await h.Followers.IndexOfAsync(follower, default);
        Assert.Equal((0, true), (index.Ids.Count, index.Pruned));
        var reads = h.Incidents.BoardReads;
        Assert.Empty(await h.Following.FollowedOpenAsync(follower, default));
        Assert.Equal(reads + 1, h.Incidents.BoardReads);

        await h.Service.PostUpdateAsync(id, IncidentStatus.Investigating, "再発しました", null, "someone", null, null, default);

        Assert.Contains(Notice(h, id, 3), m => m.Bcc.Contains($"{follower}@example.com"));
        Assert.Equal([id], (await h.Following.FollowedOpenAsync(follower, default)).Select(i => i.Id));
        Assert.Equal([(id, follower)], h.Followers.Indexed);
        Assert.Equal([id], await h.Followers.FollowedByAsync(follower, default));
    }

    /// <summary>
    /// A member who follows nothing (no index row, none ever pruned): their own page lists nothing without reading the status board,
    /// even with incidents open on it; once they follow one, it is read and the incident listed.
    /// </summary>
    [Fact]
    public async Task FollowedOpen_FollowingNothing_TheBoardIsNotRead()
    {
        var h = await CreateAsync();
        var (created, _) = await h.Service.CreateAsync(Details(), "someone", null, default);
        var reads = h.Incidents.BoardReads;

        Assert.Empty(await h.Following.FollowedOpenAsync("sato", default));
        Assert.Equal(reads, h.Incidents.BoardReads);

        await h.Following.FollowAsync(created.Value.Id, "sato", default);
        Assert.Equal([created.Value.Id], (await h.Following.FollowedOpenAsync("sato", default)).Select(i => i.Id));
        Assert.Equal(reads + 1, h.Incidents.BoardReads);
    }

    /// <summary>Unfollowing checks the incident and the id as following does, but not the roster: one taken off it can still stop.</summary>
    [Fact]
    public async Task Unfollow_BadIdRefused_OneTakenOffTheRosterStops()
    {
        var h = await CreateAsync();
        var (created, _) = await h.Service.CreateAsync(Details(), "someone", null, default);
        var id = created.Value.Id;
        await h.Following.FollowAsync(id, "tanaka", default);
        await h.Roster.DeleteMemberAsync("tanaka", default);

        var refused = await Assert.ThrowsAsync<ValidationException>(() => h.Following.UnfollowAsync(id, "Not An Id", default));
        Assert.Contains("memberId", refused.Errors.Keys);
        await Assert.ThrowsAsync<ValidationException>(() => h.Following.UnfollowAsync(id, " ", default));
        Assert.True(await h.Following.UnfollowAsync(id, "tanaka", default));
        Assert.Empty(await h.Followers.ListAsync(id, default));
    }
}
