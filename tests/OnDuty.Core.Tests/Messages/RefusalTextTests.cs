using System.Text.RegularExpressions;
using OnDuty.Core.Common;
using OnDuty.Core.Retros;
using OnDuty.Core.Rotations;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;
using OnDuty.Messages;

namespace OnDuty.Core.Tests.Messages;

/// <summary>
/// What the rotation service refuses, said in the reader's language from its code and arguments (a Japanese team read
/// English reasons before): members by name (family name + さん), dates as the duty texts write them, weeks by their first day.
/// </summary>
public sealed partial class RefusalTextTests
{
    private static readonly IReadOnlyDictionary<string, Member> Roster =
        TeamData.Members().Append(TeamData.Members()[0] with { Id = "kimura", DisplayName = "木村 翔" }).ToDictionary(m => m.Id);

    /// <summary>The zone the service gives with a refusal's local times (the rotation's); before the samples, which use it.</summary>
    private static readonly (string Name, object? Value) Tokyo = ("timeZone", "Asia/Tokyo");

    /// <summary>One refusal per code with the arguments the service gives it (what a sample can carry).</summary>
    private static readonly IReadOnlyDictionary<string, Refusal> Samples = new Dictionary<string, Refusal>
    {
        [DutyRefusals.WeekRequired] = Refusal.Of(DutyRefusals.WeekRequired),
        [DutyRefusals.Week] = Refusal.Of(DutyRefusals.Week),
        [DutyRefusals.BeforeStart] = Refusal.Of(DutyRefusals.BeforeStart, ("firstStart", new DateOnly(2026, 11, 2))),
        [DutyRefusals.AmbiguousWeek] = Refusal.Of(DutyRefusals.AmbiguousWeek, ("week", "2027-W01"), ("starts", new[] { new DateOnly(2027, 1, 4), new DateOnly(2027, 1, 7) })),
        [DutyRefusals.Over] = Week(DutyRefusals.Over),
        [DutyRefusals.ReasonRequired] = Week(DutyRefusals.ReasonRequired),
        [DutyRefusals.NotOnShift] = Week(DutyRefusals.NotOnShift, ("member", "sato")),
        [DutyRefusals.NotActive] = Refusal.Of(DutyRefusals.NotActive, ("member", "sato")),
        [DutyRefusals.AlreadyOn] = Week(DutyRefusals.AlreadyOn, ("member", "sato")),
        [DutyRefusals.SameShift] = Refusal.Of(DutyRefusals.SameShift),
        [DutyRefusals.NotJoined] = Week(DutyRefusals.NotJoined, ("member", "kimura"), ("joinedOn", new DateOnly(2027, 1, 12)), ("first", new DateOnly(2027, 1, 11))),
        [DutyRefusals.Leaving] = Week(DutyRefusals.Leaving, ("member", "sato"), ("leavesOn", new DateOnly(2027, 1, 13)), ("last", new DateOnly(2027, 1, 17))),
        [DutyRefusals.OnLeave] = Week(DutyRefusals.OnLeave, ("member", "sato"), ("from", new DateOnly(2027, 1, 12)), ("to", new DateOnly(2027, 1, 14))),
        [DutyRefusals.BeingAnnounced] = Week(DutyRefusals.BeingAnnounced),
        [DutyRefusals.NoLongerOnShift] = Week(DutyRefusals.NoLongerOnShift, ("member", "sato")),
        [DutyRefusals.TooManyChanges] = Week(DutyRefusals.TooManyChanges, ("count", 50)),
        [DutyRefusals.TakenBack] = Refusal.Of(DutyRefusals.TakenBack, ("override", "abc123")),
        [DutyRefusals.IsUndo] = Refusal.Of(DutyRefusals.IsUndo, ("override", "abc123"), ("undoes", "def456")),
        [DutyRefusals.AnnouncedPair] = Refusal.Of(DutyRefusals.AnnouncedPair, ("override", "abc123")),
        [DutyRefusals.CoverOver] = Refusal.Of(DutyRefusals.CoverOver, ("override", "abc123")),
        [DutyRefusals.FrozenMeanwhile] = Week(DutyRefusals.FrozenMeanwhile),
        [DutyRefusals.CoverBoth] = Refusal.Of(DutyRefusals.CoverBoth),
        [DutyRefusals.CoverTime] = Refusal.Of(DutyRefusals.CoverTime),
        [DutyRefusals.CoverNoSuchTime] = Refusal.Of(DutyRefusals.CoverNoSuchTime, ("time", "2027-03-14T02:30"), ("timeZone", "America/New_York")),
        [DutyRefusals.CoverOrder] = Refusal.Of(DutyRefusals.CoverOrder, ("from", At(12, 19)), Tokyo),
        [DutyRefusals.CoverWithin] = Week(DutyRefusals.CoverWithin, ("starts", At(11, 10)), ("ends", At(18, 10)), Tokyo),
        [DutyRefusals.CoverEnd] = Week(DutyRefusals.CoverEnd, ("ends", At(18, 10)), Tokyo),
        [DutyRefusals.CoverPast] = Refusal.Of(DutyRefusals.CoverPast),
        [DutyRefusals.CoverOverlap] = Refusal.Of(DutyRefusals.CoverOverlap, ("member", "yamada"), ("replacement", "kimura"), ("from", At(12, 19)), ("to", At(12, 23)), Tokyo, ("override", "abc123")),
        [DutyRefusals.CoverBusy] = Refusal.Of(DutyRefusals.CoverBusy, ("member", "kimura"), ("covered", "tanaka"), ("from", At(12, 19)), ("to", At(12, 23)), Tokyo, ("override", "abc123")),
        [LeaveRefusals.Order] = Refusal.Of(LeaveRefusals.Order),
        [LeaveRefusals.TooLong] = Refusal.Of(LeaveRefusals.TooLong),
        [LeaveRefusals.TooOld] = Refusal.Of(LeaveRefusals.TooOld, ("days", 365)),
        [LeaveRefusals.Overlaps] = Refusal.Of(LeaveRefusals.Overlaps, ("from", new DateOnly(2027, 1, 18)), ("to", new DateOnly(2027, 1, 22)), ("leave", "20270118-20270122")),
        [RetroRefusals.SavedMeanwhile] = Refusal.Of(RetroRefusals.SavedMeanwhile, ("incident", "INC-2026-0042"), ("member", "sato"),
            ("at", new DateTimeOffset(2026, 12, 7, 10, 30, 0, TimeSpan.FromHours(9))), ("timeZone", "Asia/Tokyo"), ("version", 2)),
    };

    /// <summary>Every code a reader is told in their language: the duty changes', entering leave's and saving a retro's.</summary>
    private static IEnumerable<string> AllCodes => [.. DutyRefusals.All, .. LeaveRefusals.All, .. RetroRefusals.All];

    public static TheoryData<string> Codes() => [.. AllCodes];

    /// <summary>Catalog completeness: a code without a text in one language would reach its reader in the other one's English.</summary>
    [Theory]
    [MemberData(nameof(Codes))]
    public void EveryCode_HasJapaneseAndEnglish_WithNoPlaceholderLeft(string code)
    {
        Assert.True(RefusalText.Knows(code), code);
        Assert.True(Phrases.For(Language.Ja).Has($"Refusal.{code}"), code);
        Assert.True(Samples.TryGetValue(code, out var refusal), $"no sample for {code}");
        Assert.Matches(JapaneseScript(), Phrases.For(Language.Ja)[$"Refusal.{code}"]);
        Assert.DoesNotMatch(JapaneseScript(), Phrases.For(Language.En)[$"Refusal.{code}"]);

        foreach (var language in new[] { Language.Ja, Language.En })
        {
            foreach (var reader in new[] { RefusalReader.Page, RefusalReader.Api })
            {
                var text = RefusalText.Say(refusal, language, reader, Roster);
                Assert.DoesNotMatch(LeftOver(), text.Replace("/rotations/{id}/", "", StringComparison.Ordinal));
                if (refusal.Args.ContainsKey("member"))
                {
                    var member = Roster[refusal.Args["member"]];
                    Assert.Contains(language == Language.Ja ? member.DisplayName.Split(' ')[0] + "さん" : member.DisplayName, text, StringComparison.Ordinal);
                }
            }
        }
    }

    /// <summary>
    /// Session 58 (session 57's two-PMs walk): the 412 for a retro saved meanwhile named the other save's time in UTC
    /// (「2026-12-07 01:30:00Z」). It is said in the team's zone with its name, as the retro page's stale notice says it.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, "INC-2026-0042 の振り返りは、{0}さんが12月7日(月) 10:30（JST）に第2版を保存しています。その版はそのまま残っています。読み直してから、新しい ETag で保存し直してください。")]
    [InlineData(Language.En, "The retro of INC-2026-0042 was saved by {0} on Mon 7 Dec 10:30 (JST) (version 2); their version is kept. Read it again and retry with the new ETag.")]
    public void RetroSavedMeanwhile_SaysTheOtherSaveInTheTeamsZone(Language language, string expected)
    {
        var sato = Roster["sato"].DisplayName;
        Assert.Equal(string.Format(System.Globalization.CultureInfo.InvariantCulture, expected, language == Language.Ja ? sato.Split(' ')[0] : sato),
            RefusalText.Say(Samples[RetroRefusals.SavedMeanwhile], language, RefusalReader.Api, Roster));
    }

    /// <summary>
    /// Session 58: the API's 400 for a change already taken back said when in UTC (「2026-12-07 01:30:00Z」, English only). It says
    /// it in the team's zone with its name, in both languages; a refusal that does not know when says what it said before.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, "この変更は12月7日(月) 10:30（JST）にすでに取り消されています。新しく変更してください。")]
    [InlineData(Language.En, "This change was already taken back on Mon 7 Dec 10:30 (JST). Make a new change instead.")]
    public void DutyTakenBack_SaysWhenInTheTeamsZone(Language language, string expected)
    {
        var refusal = Refusal.Of(DutyRefusals.TakenBack, ("override", "abc123"), ("at", new DateTimeOffset(2026, 12, 7, 10, 30, 0, TimeSpan.FromHours(9))), ("timeZone", "Asia/Tokyo"));
        foreach (var reader in new[] { RefusalReader.Page, RefusalReader.Api })
        {
            Assert.Equal(expected, RefusalText.Say(refusal, language, reader, Roster));
            Assert.DoesNotContain("{at}", RefusalText.Say(Samples[DutyRefusals.TakenBack], language, reader, Roster), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Samples_CoverEveryCodeAndNoOther() => Assert.Equal(AllCodes.Order(), Samples.Keys.Order());

    /// <summary>
    /// Session 48 (brief F): entering leave is refused with a code too (the duty page read the service's English before), the
    /// same to a page and to the API; brief K: the leave it overlaps named by its days as the page says days (1月18日(月), not the
    /// date fields' 2027-01-18).
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, "1月18日(月)〜1月22日(金)はすでに休暇として登録されています。", "365日より前に終わった休暇は登録できません（休暇の記録は終了から365日で削除されます）。")]
    [InlineData(Language.En, "Mon 18 Jan – Fri 22 Jan is already entered as leave.", "Leave that ended more than 365 days ago cannot be entered: leave is kept for 365 days after it ends.")]
    public void Leave_SaysTheDaysAndTheRetention(Language language, string overlaps, string tooOld)
    {
        foreach (var reader in new[] { RefusalReader.Page, RefusalReader.Api })
        {
            Assert.Equal(overlaps, RefusalText.Say(Samples[LeaveRefusals.Overlaps], language, reader, Roster));
            Assert.Equal(tooOld, RefusalText.Say(Samples[LeaveRefusals.TooOld], language, reader, Roster));
        }
    }

    /// <summary>Leave of one day already entered is named as that day, not 「1月18日(月)〜1月18日(月)」.</summary>
    [Theory]
    [InlineData(Language.Ja, "1月18日(月)はすでに休暇として登録されています。")]
    [InlineData(Language.En, "Mon 18 Jan is already entered as leave.")]
    public void Leave_OverlapsOneDay_SaysThatDayOnce(Language language, string expected)
    {
        var oneDay = Refusal.Of(LeaveRefusals.Overlaps, ("from", new DateOnly(2027, 1, 18)), ("to", new DateOnly(2027, 1, 18)), ("leave", "20270118-20270118"));
        Assert.Equal(expected, RefusalText.Say(oneDay, language, RefusalReader.Page, Roster));
    }

    /// <summary>
    /// Session 52 (brief J): leave typed over days already entered (read from Outlook, say) tells a PM off sick that those days are
    /// leave already, with where that came from, and says what to do only when some of the days asked for are not in it.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, "outlook", false, "12月8日(火)〜12月9日(水)はすでに休暇として登録されています（Outlook の予定表から）。")]
    [InlineData(Language.En, "outlook", false, "Tue 8 Dec – Wed 9 Dec is already entered as leave (from the Outlook calendar).")]
    [InlineData(Language.Ja, "manual", false, "12月8日(火)〜12月9日(水)はすでに休暇として登録されています。")]
    [InlineData(Language.Ja, "outlook", true, "12月8日(火)〜12月9日(水)はすでに休暇として登録されています（Outlook の予定表から）。ほかの日は、重ならない日付で別に登録してください。")]
    [InlineData(Language.En, "manual", true, "Tue 8 Dec – Wed 9 Dec is already entered as leave. Enter the other days separately, with dates that do not overlap it.")]
    public void Leave_Overlaps_SaysTheDaysAreLeaveAlreadyAndWhereFrom(Language language, string source, bool partly, string expected)
    {
        var refusal = Refusal.Of(LeaveRefusals.Overlaps, ("from", new DateOnly(2026, 12, 8)), ("to", new DateOnly(2026, 12, 9)), ("leave", "outlook-2026-W50"),
            ("source", source), ("partly", partly ? "true" : null));
        Assert.Equal(expected, RefusalText.Say(refusal, language, RefusalReader.Page, Roster));
    }

    /// <summary>What entering leave over leave already there is refused with: its days, where it came from, and whether some days are left.</summary>
    [Theory]
    [InlineData(8, 9, null)]
    [InlineData(8, 11, "true")]
    [InlineData(7, 9, "true")]
    public void Leave_Validate_Overlap_NamesSourceAndWhetherSomeDaysAreLeft(int fromDay, int toDay, string? partly)
    {
        var outlook = new Leave { Id = "outlook-2026-W50", MemberId = "ito", From = new DateOnly(2026, 12, 8), To = new DateOnly(2026, 12, 9), Source = Leave.OutlookSource };
        var typed = new Leave { Id = "typed", MemberId = "ito", From = new DateOnly(2026, 12, fromDay), To = new DateOnly(2026, 12, toDay) };

        var refused = Assert.Throws<ValidationException>(() => typed.Validate([outlook]));

        var refusal = refused.Refusals["from"];
        Assert.Equal(LeaveRefusals.Overlaps, refusal.Code);
        Assert.Equal(("2026-12-08", "2026-12-09", "outlook"), (refusal.Args["from"], refusal.Args["to"], refusal.Args["source"]));
        Assert.Equal(partly, refusal.Args.GetValueOrDefault("partly"));
        Assert.Contains("overlaps existing leave 2026-12-08..2026-12-09", refused.Errors["from"].Single());
    }

    [Fact]
    public void NotJoined_Japanese_JoiningDayAndFamilyName()
    {
        Assert.Equal("1月12日(火)入社の木村さんは、それより前の週には入れません。別の方を選んでください。",
            RefusalText.Say(Samples[DutyRefusals.NotJoined], Language.Ja, RefusalReader.Page, Roster));
        Assert.Equal("木村 翔 joins on Tue 12 Jan and cannot be on duty in a week before that. Choose someone else.",
            RefusalText.Say(Samples[DutyRefusals.NotJoined], Language.En, RefusalReader.Page, Roster));
    }

    /// <summary>The page names its box, the API its field: the same refusal tells each reader what they can do.</summary>
    [Fact]
    public void OnLeave_PageSaysTheBox_ApiSaysForce()
    {
        var page = RefusalText.Say(Samples[DutyRefusals.OnLeave], Language.Ja, RefusalReader.Page, Roster);
        var api = RefusalText.Say(Samples[DutyRefusals.OnLeave], Language.Ja, RefusalReader.Api, Roster);

        Assert.StartsWith("佐藤さんは1月12日(火)〜1月14日(木)に休暇が登録されています（1月11日(月)からの週）。", page, StringComparison.Ordinal);
        Assert.EndsWith("「休暇中と承知のうえで変更する」にチェックしてください。", page, StringComparison.Ordinal);
        Assert.EndsWith("\"force\": true を付けて送ってください。", api, StringComparison.Ordinal);
        Assert.EndsWith("If they agreed, send \"force\": true.", RefusalText.Say(Samples[DutyRefusals.OnLeave], Language.En, RefusalReader.Api, Roster), StringComparison.Ordinal);
    }

    /// <summary>
    /// Trial 34 M5: a cover refused for the member's last day names the cover's own range (its end exclusive: until 1/2 00:00 is
    /// 「1月1日(金)まで」), not the week it is in; a whole-week change keeps the week.
    /// </summary>
    [Fact]
    public void Leaving_ForACover_NamesTheCoversRange_ForAWeek_TheWeek()
    {
        var cover = Week(DutyRefusals.Leaving, ("member", "sato"), ("leavesOn", new DateOnly(2026, 12, 31)), ("last", new DateOnly(2027, 1, 1)),
            ("coverFrom", new DateOnly(2026, 12, 31)), ("coverUntil", new DateOnly(2027, 1, 1)));
        var evening = Week(DutyRefusals.Leaving, ("member", "sato"), ("leavesOn", new DateOnly(2026, 12, 31)), ("last", new DateOnly(2027, 1, 1)),
            ("coverFrom", new DateTimeOffset(2026, 12, 31, 19, 0, 0, TimeSpan.FromHours(9))), ("coverUntil", new DateTimeOffset(2027, 1, 1, 9, 0, 0, TimeSpan.FromHours(9))), Tokyo);

        Assert.Equal("佐藤さんは12月31日(木)が最終出社日のため、12月31日(木)から1月1日(金)までの交代を務められません。それでも変更する場合は「休暇中と承知のうえで変更する」にチェックしてください。",
            RefusalText.Say(cover, Language.Ja, RefusalReader.Page, Roster));
        Assert.StartsWith("佐藤さんは12月31日(木)が最終出社日のため、12月31日(木) 19:00から1月1日(金) 09:00（JST）までの交代を務められません。",
            RefusalText.Say(evening, Language.Ja, RefusalReader.Api, Roster), StringComparison.Ordinal);
        Assert.StartsWith("佐藤 花子 leaves on Thu 31 Dec (their last day), so cannot cover from Thu 31 Dec until Fri 1 Jan.",
            RefusalText.Say(cover, Language.En, RefusalReader.Api, Roster), StringComparison.Ordinal);
        Assert.StartsWith("佐藤さんは1月13日(水)が最終出社日のため、1月11日(月)からの週の終わりまで当番を務められません。",
            RefusalText.Say(Samples[DutyRefusals.Leaving], Language.Ja, RefusalReader.Page, Roster), StringComparison.Ordinal);
    }

    /// <summary>Trial 34 L1: leave that meets a duty on part of a day (the handoff day) is said with the hours it overlaps.</summary>
    [Fact]
    public void OnLeave_PartOfADay_SaysTheHoursItOverlaps()
    {
        var refusal = Week(DutyRefusals.OnLeave, ("member", "sato"), ("from", new DateOnly(2027, 1, 18)), ("to", new DateOnly(2027, 1, 20)),
            ("overlapFrom", At(18, 0)), ("overlapTo", At(18, 10)), Tokyo);

        Assert.StartsWith("佐藤さんは1月18日(月)〜1月20日(水)に休暇が登録されていて、1月11日(月)からの週の当番と1月18日(月) 00:00〜1月18日(月) 10:00（JST）が重なります。",
            RefusalText.Say(refusal, Language.Ja, RefusalReader.Page, Roster), StringComparison.Ordinal);
        Assert.EndsWith("「休暇中と承知のうえで変更する」にチェックしてください。", RefusalText.Say(refusal, Language.Ja, RefusalReader.Page, Roster), StringComparison.Ordinal);
        Assert.StartsWith("佐藤 花子 has leave entered from Mon 18 Jan to Wed 20 Jan, which overlaps 2027-W02 from Mon 18 Jan 00:00 to Mon 18 Jan 10:00 (JST).",
            RefusalText.Say(refusal, Language.En, RefusalReader.Api, Roster), StringComparison.Ordinal);
    }

    /// <summary>One day of leave is said as that day: it read "from Wed 10 Feb to Wed 10 Feb" / 「2月10日(水)〜2月10日(水)」.</summary>
    [Fact]
    public void OnLeave_OneDay_SaysTheDayOnce()
    {
        var refusal = Week(DutyRefusals.OnLeave, ("member", "sato"), ("from", new DateOnly(2027, 1, 13)), ("to", new DateOnly(2027, 1, 13)));

        Assert.Equal("佐藤さんは1月13日(水)に休暇が登録されています（1月11日(月)からの週）。呼び出し（メール・SMS・電話）はそのまま届きます。本人に確認のうえ変更する場合は「休暇中と承知のうえで変更する」にチェックしてください。",
            RefusalText.Say(refusal, Language.Ja, RefusalReader.Page, Roster));
        Assert.Equal("佐藤 花子 has leave entered on Wed 13 Jan (the week of Mon 11 Jan). Pages (email, text, calls) would still reach them. If they agreed, tick “Make the change although they are on leave”.",
            RefusalText.Say(refusal, Language.En, RefusalReader.Page, Roster));
        // The API's callers keep the ISO label (session 47: only the page says the week in words).
        Assert.Contains("on Wed 13 Jan (2027-W02).", RefusalText.Say(refusal, Language.En, RefusalReader.Api, Roster), StringComparison.Ordinal);
    }

    [Fact]
    public void CoverBusy_TimesWithTheirDay_BothPeopleNamed()
    {
        Assert.Equal("木村さんは1月12日(火) 19:00〜1月12日(火) 23:00（JST）に、すでに田中さんの代わりで当番です。別の方を選んでください。",
            RefusalText.Say(Samples[DutyRefusals.CoverBusy], Language.Ja, RefusalReader.Page, Roster));
    }

    /// <summary>
    /// A refusal's times say their zone (the rotation's, named as every page names it): once after a span's end, after a time on
    /// its own — never in brackets inside brackets.
    /// </summary>
    [Fact]
    public void CoverTimes_SayTheirZone_OnceAfterASpan()
    {
        Assert.Equal("終了は開始の1月12日(火) 19:00（JST）より後にしてください。",
            RefusalText.Say(Samples[DutyRefusals.CoverOrder], Language.Ja, RefusalReader.Page, Roster));
        Assert.Equal("Until must be after from, Tue 12 Jan 19:00 (JST).",
            RefusalText.Say(Samples[DutyRefusals.CoverOrder], Language.En, RefusalReader.Page, Roster));
        Assert.Equal("開始は1月11日(月)からの週の期間内、1月11日(月) 10:00〜1月18日(月) 10:00（JST）にしてください。週をまたぐ場合は週ごとに変更してください。",
            RefusalText.Say(Samples[DutyRefusals.CoverWithin], Language.Ja, RefusalReader.Page, Roster));
        Assert.Equal("From must fall within the week of Mon 11 Jan, Mon 11 Jan 10:00 – Mon 18 Jan 10:00 (JST). Make one change per week.",
            RefusalText.Say(Samples[DutyRefusals.CoverWithin], Language.En, RefusalReader.Page, Roster));
        Assert.Equal("終了は1月11日(月)からの週の終わりの1月18日(月) 10:00（JST）までにしてください。週をまたぐ場合は週ごとに変更してください。",
            RefusalText.Say(Samples[DutyRefusals.CoverEnd], Language.Ja, RefusalReader.Page, Roster));
        Assert.Equal("Until must be by the end of the week of Mon 11 Jan, Mon 18 Jan 10:00 (JST). Make one change per week.",
            RefusalText.Say(Samples[DutyRefusals.CoverEnd], Language.En, RefusalReader.Page, Roster));
        Assert.Equal("山田 太郎 is already covered by 木村 翔 from Tue 12 Jan 19:00 to Tue 12 Jan 23:00 (JST). Choose a time that does not overlap.",
            RefusalText.Say(Samples[DutyRefusals.CoverOverlap], Language.En, RefusalReader.Page, Roster));
    }

    /// <summary>London's zone is named as it is at the time (GMT, BST); a refusal that carries no zone says the time's offset.</summary>
    [Fact]
    public void CoverOrder_NamesTheZoneAtThatTime_ElseTheOffset()
    {
        var winter = Refusal.Of(DutyRefusals.CoverOrder, ("from", new DateTimeOffset(2027, 1, 12, 19, 0, 0, TimeSpan.Zero)), ("timeZone", "Europe/London"));
        var summer = Refusal.Of(DutyRefusals.CoverOrder, ("from", new DateTimeOffset(2027, 7, 13, 19, 0, 0, TimeSpan.FromHours(1))), ("timeZone", "Europe/London"));
        var unnamed = Refusal.Of(DutyRefusals.CoverOrder, ("from", At(12, 19)));

        Assert.Equal("Until must be after from, Tue 12 Jan 19:00 (GMT).", RefusalText.Say(winter, Language.En, RefusalReader.Api, Roster));
        Assert.Equal("終了は開始の7月13日(火) 19:00（BST）より後にしてください。", RefusalText.Say(summer, Language.Ja, RefusalReader.Api, Roster));
        Assert.Equal("Until must be after from, Tue 12 Jan 19:00 (UTC+9).", RefusalText.Say(unnamed, Language.En, RefusalReader.Api, Roster));
    }

    /// <summary>A member the roster does not name (deleted meanwhile, or the roster could not be read) is said by id.</summary>
    [Fact]
    public void UnknownMember_SaidById()
    {
        Assert.StartsWith("ghostさんは", RefusalText.Say(Refusal.Of(DutyRefusals.NotActive, ("member", "ghost")), Language.Ja, RefusalReader.Api, Roster), StringComparison.Ordinal);
        Assert.StartsWith("sato is not", RefusalText.Say(Samples[DutyRefusals.NotActive], Language.En, RefusalReader.Api), StringComparison.Ordinal);
    }

    private static Refusal Week(string code, params (string Name, object? Value)[] args) =>
        Refusal.Of(code, [("week", "2027-W02"), ("weekStart", new DateOnly(2027, 1, 11)), .. args]);

    private static DateTimeOffset At(int day, int hour) => new(2027, 1, day, hour, 0, 0, TimeSpan.FromHours(9));

    [GeneratedRegex("\\{[A-Za-z]+\\}")]
    private static partial Regex LeftOver();

    [GeneratedRegex("[\\u3040-\\u30ff\\u3400-\\u9fff]")]
    private static partial Regex JapaneseScript();
}
