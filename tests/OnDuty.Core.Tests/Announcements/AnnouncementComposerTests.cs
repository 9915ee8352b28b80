using System.Text.Json;
using OnDuty.Core.Calendar;
using OnDuty.Core.Notifications;
using OnDuty.Core.Rotations;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;
using OnDuty.Testing;

namespace OnDuty.Core.Tests.Announcements;

public sealed class AnnouncementComposerTests
{
    private static readonly DateTimeOffset Starts = new(2026, 11, 30, 1, 0, 0, TimeSpan.Zero); // 10:00 JST

    private static DutyAnnouncement Announcement(IReadOnlyList<Member> members, Rotation? rotation = null, IReadOnlyList<string>? continuing = null) => new(
        rotation ?? TeamData.Rotation("pm-team@example.com"),
        "2026-W49",
        Starts,
        Starts.AddDays(7),
        members,
        continuing ?? [members[0].Id],
        "2026-W50",
        [members[^1], TeamData.Member("tanaka", "田中 健")]);

    [Fact]
    public void Compose_HandoffMovedOffHoliday_EmailAndCardSayWhenAndWhy()
    {
        var calendar = new DutyCalendar(TeamData.Rotation(), new OnDuty.Core.Calendar.WorkingCalendar("JP", []));
        var moved = calendar.HandoffMoveOf(3)!; // Monday 2026-11-23, 勤労感謝の日
        var a = Announcement([TeamData.Member("yamada", "山田 太郎"), TeamData.Member("emma", "Emma Wilson", Language.En)]) with
        {
            Week = "2026-W48",
            StartsAt = calendar.ShiftStartsAt(3),
            EndsAt = calendar.ShiftEndsAt(3),
            HandoffMoved = moved,
        };

        var messages = new AnnouncementComposer(TestRenderer.Instance).Compose(a, Language.Ja, includeTeams: true);

        var emma = messages.Single(m => m.Recipient == "emma@example.com");
        Assert.Contains("Handoff moved to Tue 24 Nov 2026 10:00 (JST; Mon 23 Nov 2026: Labour Thanksgiving Day, public holiday)", emma.TextBody);
        Assert.Contains("Tue 24 Nov 2026 10:00", emma.TextBody);
        Assert.Contains("Handoff moved to Tue 24 Nov 2026 10:00", emma.HtmlBody);
        var team = messages.Single(m => m.Recipient == "pm-team@example.com");
        Assert.Contains("引き継ぎは 2026年11月24日(火) 10:00（JST）に変更（2026年11月23日(月)は勤労感謝の日（祝日）のため）", team.TextBody);
        var card = messages.Single(m => m.Channel == Channel.Teams).CardJson!;
        Assert.Contains("勤労感謝の日", CardTexts.Plain(card).First(t => t.Contains("引き継ぎ")));
    }

    [Fact]
    public void Compose_WithAPublicBaseUrl_EveryReaderIsToldWhereToFindAReplacement_AndTheCardLinksBothPages()
    {
        var a = Announcement([TeamData.Member("yamada", "山田 太郎"), TeamData.Member("emma", "Emma Wilson", Language.En)]);
        var team = Microsoft.Extensions.Options.Options.Create(new OnDuty.Core.Common.TeamOptions { PublicBaseUrl = "https://onduty.example/" });

        var messages = new AnnouncementComposer(TestRenderer.Instance, team).Compose(a, Language.Ja, includeTeams: true);

        var yamada = messages.Single(m => m.Recipient == "yamada@example.com");
        Assert.Contains("当日でも当番表の「代わりを立てる」で交代を手配してください", yamada.TextBody);
        Assert.Contains("当番表を開く：https://onduty.example/api/status/duty", yamada.TextBody);
        Assert.Contains("呼び出しの連絡先を確認：https://onduty.example/api/status/me", yamada.TextBody);
        Assert.Contains("<a href=\"https://onduty.example/api/status/duty\">当番表を開く</a>", yamada.HtmlBody);
        var emma = messages.Single(m => m.Recipient == "emma@example.com");
        Assert.Contains("Open the duty page: https://onduty.example/api/status/duty", emma.TextBody);
        var card = messages.Single(m => m.Channel == Channel.Teams).CardJson!;
        Assert.Contains("https://onduty.example/api/status/duty", card);
        Assert.Contains("https://onduty.example/api/status/me", card);
    }

    /// <summary>
    /// Session 44 reader pass: the English mail set its two links apart with the Japanese 「・」 ("Open the duty page ・ Check how
    /// pages reach you"). Both languages now use " · ", as the PM pages' link rows do.
    /// </summary>
    [Fact]
    public void Compose_TheTwoLinks_AreSetApartAsOnThePages_NotWithAJapaneseMiddleDotInEnglish()
    {
        var a = Announcement([TeamData.Member("yamada", "山田 太郎"), TeamData.Member("emma", "Emma Wilson", Language.En)]);
        var team = Microsoft.Extensions.Options.Options.Create(new OnDuty.Core.Common.TeamOptions { PublicBaseUrl = "https://onduty.example/" });

        var messages = new AnnouncementComposer(TestRenderer.Instance, team).Compose(a, Language.Ja, includeTeams: false);

        var emma = messages.Single(m => m.Recipient == "emma@example.com").HtmlBody;
        Assert.Contains("<a href=\"https://onduty.example/api/status/duty\">Open the duty page</a> · <a href=\"https://onduty.example/api/status/me\">Check how pages reach you</a>", emma);
        Assert.DoesNotContain("・", emma);
        var yamada = messages.Single(m => m.Recipient == "yamada@example.com").HtmlBody;
        Assert.Contains("<a href=\"https://onduty.example/api/status/duty\">当番表を開く</a> · <a href=\"https://onduty.example/api/status/me\">呼び出しの連絡先を確認</a>", yamada);
    }

    /// <summary>
    /// Trial 37 M6: a maintenance rotation's mail led to the duty page, which shows the paging rotation. Every rotation but the
    /// paging one links its own page (<c>?rotation={id}</c>); the paging rotation's link stays the plain address.
    /// </summary>
    [Fact]
    public void Compose_ARotationOtherThanThePagingOne_LinksItsOwnDutyPage_ThePagingOneThePlainAddress()
    {
        var team = Microsoft.Extensions.Options.Options.Create(new OnDuty.Core.Common.TeamOptions { PublicBaseUrl = "https://onduty.example/" });
        var paging = Microsoft.Extensions.Options.Options.Create(new OnDuty.Core.Incidents.IncidentOptions { RotationId = "incident-duty" });
        var composer = new AnnouncementComposer(TestRenderer.Instance, team, paging);
        var members = new[] { TeamData.Member("yamada", "山田 太郎"), TeamData.Member("emma", "Emma Wilson", Language.En) };
        var maintenance = Announcement(members) with { Rotation = TeamData.Rotation() with { Id = "release-duty", Name = "Release duty", NameJa = "リリース当番" } };

        var messages = composer.Compose(maintenance, Language.Ja, includeTeams: true);

        Assert.Contains("当番表を開く：https://onduty.example/api/status/duty?rotation=release-duty", messages.Single(m => m.Recipient == "yamada@example.com").TextBody);
        Assert.Contains("<a href=\"https://onduty.example/api/status/duty?rotation=release-duty\">当番表を開く</a>", messages.Single(m => m.Recipient == "yamada@example.com").HtmlBody);
        Assert.Contains("Open the duty page: https://onduty.example/api/status/duty?rotation=release-duty", messages.Single(m => m.Recipient == "emma@example.com").TextBody);
        Assert.Contains("https://onduty.example/api/status/duty?rotation=release-duty", messages.Single(m => m.Channel == Channel.Teams).CardJson!);

        var incident = composer.Compose(Announcement(members), Language.Ja, includeTeams: false);
        Assert.All(incident.Where(m => m.Channel == Channel.Email), m => Assert.DoesNotContain("?rotation=", m.TextBody + m.HtmlBody));
        Assert.Contains("当番表を開く：https://onduty.example/api/status/duty\n", incident.Single(m => m.Recipient == "yamada@example.com").TextBody.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Compose_WithoutAPublicBaseUrl_NamesNoPage()
    {
        var a = Announcement([TeamData.Member("yamada", "山田 太郎"), TeamData.Member("sato", "佐藤 花子")]);

        var messages = new AnnouncementComposer(TestRenderer.Instance).Compose(a, Language.Ja, includeTeams: true);

        Assert.All(messages.Where(m => m.Channel == Channel.Email), m => Assert.DoesNotContain("/api/status/duty", m.TextBody + m.HtmlBody));
        Assert.DoesNotContain("代わりを立てる", messages.Single(m => m.Channel == Channel.Teams).CardJson!);
    }

    [Fact]
    public void Compose_JapaneseMembers_SubjectReadsNaturally()
    {
        var a = Announcement([TeamData.Member("yamada", "山田 太郎"), TeamData.Member("sato", "佐藤 花子")]);

        var messages = new AnnouncementComposer(TestRenderer.Instance).Compose(a, Language.Ja, includeTeams: false);

        Assert.Equal("【障害当番】11月30日(月)からの週 山田さん・佐藤さん", messages[0].Subject);
    }

    /// <summary>
    /// The English subject named the week by its ISO label (2026-W49) until 12-06; readers do not know ISO weeks, so it now names the
    /// week by its first day as the duty page lists it ("Week of Mon 30 Nov"), as the Japanese subject always did. The API and ids keep the ISO label.
    /// </summary>
    [Theory]
    [InlineData(DayOfWeek.Monday, 1, "【障害当番】11月30日(月)からの週 山田さん・佐藤さん", "[Incident duty] Week of Mon 30 Nov: 山田 太郎 & 佐藤 花子")]
    [InlineData(DayOfWeek.Wednesday, 1, "【障害当番】12月2日(水)からの週 山田さん・佐藤さん", "[Incident duty] Week of Wed 2 Dec: 山田 太郎 & 佐藤 花子")]
    [InlineData(DayOfWeek.Sunday, 1, "【障害当番】12月6日(日)からの週 山田さん・佐藤さん", "[Incident duty] Week of Sun 6 Dec: 山田 太郎 & 佐藤 花子")]
    [InlineData(DayOfWeek.Monday, 4, "【障害当番】11月30日(月)からの4週間 山田さん・佐藤さん", "[Incident duty] 4 weeks from Mon 30 Nov: 山田 太郎 & 佐藤 花子")]
    public void AnnouncementSubject_ByTheShiftsFirstDay_InBothLanguages(DayOfWeek handoff, int shiftWeeks, string ja, string en)
    {
        var rotation = TeamData.Rotation("pm-team@example.com") with { HandoffDay = handoff, ShiftWeeks = shiftWeeks };
        var a = Announcement([TeamData.Member("yamada", "山田 太郎"), TeamData.Member("sato", "佐藤 花子")], rotation);

        Assert.Equal(ja, OnDuty.Messages.NoticeRenderer.AnnouncementSubject(a, OnDuty.Messages.Phrases.For(Language.Ja)));
        Assert.Equal(en, OnDuty.Messages.NoticeRenderer.AnnouncementSubject(a, OnDuty.Messages.Phrases.For(Language.En)));
    }

    /// <summary>Monday 30 Nov a holiday, the handoff on Tuesday: the week is named by the day the shift really starts, in English too.</summary>
    [Theory]
    [InlineData(1, "2026-12-01", "【障害当番】12月1日(火)からの週 山田さん・佐藤さん", "[Incident duty] Week of Tue 1 Dec: 山田 太郎 & 佐藤 花子")]
    [InlineData(4, "2026-12-01", "【障害当番】12月1日(火)からの4週間 山田さん・佐藤さん", "[Incident duty] 4 weeks from Tue 1 Dec: 山田 太郎 & 佐藤 花子")]
    // A day outside the shift is no start of it: the nominal Monday stays.
    [InlineData(1, "2026-12-08", "【障害当番】11月30日(月)からの週 山田さん・佐藤さん", "[Incident duty] Week of Mon 30 Nov: 山田 太郎 & 佐藤 花子")]
    public void AnnouncementSubject_HandoffMovedOffAHolidayMonday_NamesTheDayItStarts_InBothLanguages(int shiftWeeks, string movedTo, string ja, string en)
    {
        var rotation = TeamData.Rotation("pm-team@example.com") with { HandoffDay = DayOfWeek.Monday, ShiftWeeks = shiftWeeks };
        var monday = new DateOnly(2026, 11, 30);
        var a = Announcement([TeamData.Member("yamada", "山田 太郎"), TeamData.Member("sato", "佐藤 花子")], rotation) with
        {
            HandoffMoved = new HandoffMove(monday, DateOnly.Parse(movedTo, System.Globalization.CultureInfo.InvariantCulture), [new NonWorkingDay(monday, NonWorkingKind.PublicHoliday, "Holiday", "祝日")]),
        };

        Assert.Equal(ja, OnDuty.Messages.NoticeRenderer.AnnouncementSubject(a, OnDuty.Messages.Phrases.For(Language.Ja)));
        Assert.Equal(en, OnDuty.Messages.NoticeRenderer.AnnouncementSubject(a, OnDuty.Messages.Phrases.For(Language.En)));
    }

    [Fact]
    public void Compose_EnglishMember_GetsEnglishEmailWithWeekLabel()
    {
        var a = Announcement([TeamData.Member("yamada", "山田 太郎"), TeamData.Member("emma", "Emma Wilson", Language.En)]);

        var messages = new AnnouncementComposer(TestRenderer.Instance).Compose(a, Language.Ja, includeTeams: false);

        var emma = messages.Single(m => m.Recipient == "emma@example.com");
        Assert.Equal("[Incident duty] Week of Mon 30 Nov: 山田 太郎 & Emma Wilson", emma.Subject);
        Assert.Contains("On duty this week:", emma.TextBody);
        Assert.Contains("Next week (the week of Mon 7 Dec): Emma Wilson, 田中 健", emma.TextBody);
        Assert.DoesNotContain("2026-W", emma.TextBody);
        Assert.Contains("Mon 30 Nov 2026 10:00", emma.TextBody);
    }

    [Fact]
    public void Compose_MembersAndTeamList_EachRecipientOnceWithDeterministicIds()
    {
        var rotation = TeamData.Rotation("pm-team@example.com", "YAMADA@example.com");
        var a = Announcement([TeamData.Member("yamada", "山田 太郎"), TeamData.Member("sato", "佐藤 花子")], rotation);

        var first = new AnnouncementComposer(TestRenderer.Instance).Compose(a, Language.Ja, includeTeams: true);
        var second = new AnnouncementComposer(TestRenderer.Instance).Compose(a, Language.Ja, includeTeams: true);

        Assert.Equal(
            ["duty:incident-duty:2026-W49:email:yamada@example.com", "duty:incident-duty:2026-W49:email:sato@example.com", "duty:incident-duty:2026-W49:email:pm-team@example.com", "duty:incident-duty:2026-W49:teams"],
            first.Select(m => m.Id));
        Assert.Equal(first.Select(m => m.Id), second.Select(m => m.Id));
        Assert.Equal(Channel.Teams, first[^1].Channel);
    }

    [Fact]
    public void Compose_HostileDisplayName_IsEncodedInHtmlAndEscapedInCard()
    {
        var evil = TeamData.Member("evil", "<script>alert(1)</script> [click](http://evil.example) **bold**", Language.En);
        var a = Announcement([evil, TeamData.Member("sato", "佐藤 花子")]);

        var messages = new AnnouncementComposer(TestRenderer.Instance).Compose(a, Language.En, includeTeams: true);

        var html = messages.First(m => m.Channel == Channel.Email).HtmlBody!;
        Assert.DoesNotContain("<script>", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
        var card = messages.Single(m => m.Channel == Channel.Teams).CardJson!;
        // In a TextRun, which Teams shows without markdown: as typed, no link, no bold, no backslashes (Teams mobile shows them).
        Assert.Contains(CardTexts.Plain(card), t => t.Contains("<script>alert(1)</script> [click](http://evil.example) **bold**", StringComparison.Ordinal));
        Assert.DoesNotContain(CardTexts.Markdown(card), t => t.Contains("click", StringComparison.Ordinal));
    }

    [Fact]
    public void Compose_Card_IsAnAdaptiveCardWithFallbackText()
    {
        var a = Announcement([TeamData.Member("yamada", "山田 太郎"), TeamData.Member("sato", "佐藤 花子")]);

        var card = new AnnouncementComposer(TestRenderer.Instance).Compose(a, Language.Ja, includeTeams: true).Single(m => m.Channel == Channel.Teams).CardJson!;

        using var doc = JsonDocument.Parse(card);
        Assert.Equal("AdaptiveCard", doc.RootElement.GetProperty("type").GetString());
        Assert.Equal("1.4", doc.RootElement.GetProperty("version").GetString());
        Assert.Equal("【障害当番】11月30日(月)からの週 山田さん・佐藤さん", doc.RootElement.GetProperty("fallbackText").GetString());
        var lines = CardTexts.Plain(card);
        Assert.Contains(lines, l => l.EndsWith(" 山田 太郎（継続）、佐藤 花子（今週から）", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("来週の当番（12月7日(月)からの週） ", StringComparison.Ordinal));
    }
}
