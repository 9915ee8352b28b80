using OnDuty.Core.Alerts;
using OnDuty.Core.Comms;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
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
}
