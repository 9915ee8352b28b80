using OnDuty.Core.Comms;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Comms;

/// <summary>An audience's entries against the roster, as the stakeholder fan-out and the PM forms both read them.</summary>
public sealed class AudienceRosterTests
{
    private static AudienceRoster CreateSut(Action<CommsOptions> configure)
    {
        var comms = new CommsOptions();
        configure(comms);
        return new AudienceRoster(TeamData.Members(), comms, Language.Ja);
    }

    [Fact]
    public void EntriesOf_MemberIdAddressGroupUnknown_EachReadsTheirOwnLanguageByName()
    {
        var sut = CreateSut(c => c.Audiences["support"] = new AudienceOptions
        {
            Members = ["Support-Leads@example.com", "emma", "sato@example.com", "group:CS@example.com", "nobody"],
            Language = "ja",
        });

        var entries = sut.EntriesOf("support").ToList();

        Assert.Equal(
            [
                ("Support-Leads@example.com", new AudienceReader("support", "support-leads@example.com", Language.Ja, "support-leads@example.com")),
                ("emma", new AudienceReader("support", "emma@example.com", Language.En, "Emma Wilson")),
                ("sato@example.com", new AudienceReader("support", "sato@example.com", Language.Ja, "佐藤 花子")),
                ("group:CS@example.com", new AudienceReader("support", "group:cs@example.com", Language.Ja, "CS@example.com") { Group = true }),
                ("nobody", null),
            ],
            entries);
    }

    /// <summary>An English audience's address that is a Japanese member's reads Japanese; an unset language is the team's.</summary>
    [Fact]
    public void All_EveryAudienceByName_MembersOwnLanguageOverTheAudiences()
    {
        var sut = CreateSut(c =>
        {
            c.Audiences["global"] = new AudienceOptions { Members = ["vp@example.com", "yamada@example.com"], Language = "en" };
            c.Audiences["execs"] = new AudienceOptions { Members = ["ceo@example.com"] };
        });

        Assert.Equal(
            [
                new AudienceReader("execs", "ceo@example.com", Language.Ja, "ceo@example.com"),
                new AudienceReader("global", "vp@example.com", Language.En, "vp@example.com"),
                new AudienceReader("global", "yamada@example.com", Language.Ja, "山田 太郎"),
            ],
            sut.All());
    }

    /// <summary>A reader in two audiences is reached once, in the first by name, as the fan-out tells them; audiences not told are left out.</summary>
    [Fact]
    public void Reached_AReaderInTwoAudiences_OnceInTheFirstByName()
    {
        var sut = CreateSut(c =>
        {
            c.Audiences["support"] = new AudienceOptions { Members = ["cto@example.com", "emma"], Language = "en" };
            c.Audiences["execs"] = new AudienceOptions { Members = ["ceo@example.com", "CTO@example.com"], Language = "ja" };
            c.Audiences["pr"] = new AudienceOptions { Members = ["pr@example.com"], Language = "ja" };
        });

        var reached = AudienceReader.Reached(sut.All(), ["support", "EXECS"]);

        Assert.Equal(
            [
                new AudienceReader("execs", "ceo@example.com", Language.Ja, "ceo@example.com"),
                new AudienceReader("execs", "cto@example.com", Language.Ja, "cto@example.com"),
                new AudienceReader("support", "emma@example.com", Language.En, "Emma Wilson"),
            ],
            reached);
    }

    /// <summary>
    /// A reader reached only through a group: the form's note names them as the fan-out reaches them — a roster member (emma) by their
    /// roster name in their own language, anyone else by the directory's name in the audience's — where the directory knows the group.
    /// </summary>
    [Fact]
    public async Task AllWithGroupsAsync_AGroupTheDirectoryKnows_ItsPeopleAsTheFanOutReachesThem()
    {
        var sut = CreateSut(c => c.Audiences["support"] = new AudienceOptions { Members = ["cs-lead@example.com", "group:CS@example.com"], Language = "ja" });
        var directory = new InMemoryGroupDirectory();
        directory.Groups["CS@example.com"] = [new("Emma@example.com", "Emma W."), new("li@example.com", "Li Wei"), new("kim@example.com", null), new("not-an-address", "x")];

        var readers = await sut.AllWithGroupsAsync(directory, TimeSpan.FromSeconds(3), default);

        Assert.Equal(
            [
                new AudienceReader("support", "cs-lead@example.com", Language.Ja, "cs-lead@example.com"),
                new AudienceReader("support", "emma@example.com", Language.En, "Emma Wilson"),
                new AudienceReader("support", "li@example.com", Language.Ja, "Li Wei"),
                new AudienceReader("support", "kim@example.com", Language.Ja, "kim@example.com"),
            ],
            readers);
    }

    /// <summary>
    /// A group OnDuty cannot see into — not in the directory (an outside list), no directory configured, the directory down or not
    /// answering in time — stays one entry, its readers unknown; one that came back in part gives the people the fan-out tells.
    /// </summary>
    [Fact]
    public async Task AllWithGroupsAsync_AGroupItCannotSeeInto_StaysOneEntry()
    {
        var sut = CreateSut(c => c.Audiences["support"] = new AudienceOptions
        {
            Members = ["group:outside@partner.example", "group:down@example.com", "group:slow@example.com", "group:part@example.com"],
            Language = "en",
        });
        var directory = new InMemoryGroupDirectory();
        directory.Unreachable.Add("down@example.com");
        directory.Stalled.Add("slow@example.com");
        directory.Incomplete["part@example.com"] = ([new("yamada@example.com", "Taro Yamada")], 2);

        var readers = await sut.AllWithGroupsAsync(directory, TimeSpan.FromMilliseconds(200), default);

        Assert.Equal(
            [
                new AudienceReader("support", "group:outside@partner.example", Language.En, "outside@partner.example") { Group = true },
                new AudienceReader("support", "group:down@example.com", Language.En, "down@example.com") { Group = true },
                new AudienceReader("support", "group:slow@example.com", Language.En, "slow@example.com") { Group = true },
                new AudienceReader("support", "yamada@example.com", Language.Ja, "山田 太郎"),
            ],
            readers);
        directory.Enabled = false;
        Assert.Equal(sut.All(), await sut.AllWithGroupsAsync(directory, TimeSpan.FromSeconds(3), default));
    }
}
