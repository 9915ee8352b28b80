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
}
