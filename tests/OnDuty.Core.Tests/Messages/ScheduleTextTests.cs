using OnDuty.Core.Calendar;
using OnDuty.Testing;
using System.Text.RegularExpressions;
using OnDuty.Core.Rotations;
using OnDuty.Core.Team;
using OnDuty.Messages;

namespace OnDuty.Core.Tests.Messages;

public partial class ScheduleTextTests
{
    private static readonly Dictionary<string, Member> Roster = new(StringComparer.Ordinal)
    {
        ["tanaka"] = new() { Id = "tanaka", DisplayName = "田中 健", Email = "tanaka@onduty.example", Language = Language.Ja, TimeZone = TestZones.Tokyo },
        ["takahashi"] = new() { Id = "takahashi", DisplayName = "高橋 美咲", Email = "takahashi@onduty.example", Language = Language.Ja, TimeZone = TestZones.Tokyo },
        ["ito"] = new() { Id = "ito", DisplayName = "伊藤 さくら", Email = "ito@onduty.example", Language = Language.Ja, TimeZone = TestZones.Tokyo },
    };

    private static readonly Leave Day = new() { Id = "l1", MemberId = "ito", From = new(2026, 12, 8), To = new(2026, 12, 8) };

    private static readonly Leave Outlook = new() { Id = "l2", MemberId = "ito", From = new(2026, 12, 7), To = new(2026, 12, 13), Source = Leave.OutlookSource };

    /// <summary>One reason of every kind, each field the kind uses filled in.</summary>
    private static readonly AssignmentReason[] Reasons =
    [
        new(new ReasonPart(ReasonKind.FillsIn) { MemberId = "ito", Ineligible = new Ineligibility(IneligibleKind.OnLeave, Day) }, new ReasonPart(ReasonKind.Serves) { Count = 2, Week = "2026-W51" }),
        new(new ReasonPart(ReasonKind.AheadForExperience) { MemberId = "ito", MemberIds = ["tanaka", "takahashi"] }),
        new(new ReasonPart(ReasonKind.NextInQueue) { Week = "2026-W39" }, new ReasonPart(ReasonKind.Skipped) { Skipped = [new("ito", new Ineligibility(IneligibleKind.OnLeave, Outlook)), new("takahashi", Ineligibility.Inactive)] }),
        new(new ReasonPart(ReasonKind.FirstTurn), new ReasonPart(ReasonKind.StartsStagger)),
        new(new ReasonPart(ReasonKind.FirstTurn), new ReasonPart(ReasonKind.ServesOne)),
        new(new ReasonPart(ReasonKind.Continues) { Week = "2026-W39", Count = 2, Of = 2 }),
        new(new ReasonPart(ReasonKind.Replaces) { MemberId = "ito" }),
        new(new ReasonPart(ReasonKind.Replaces) { MemberId = "ito", Note = "通院" }),
        new(new ReasonPart(ReasonKind.Swapped) { MemberId = "ito", Week = "2026-W50", Note = "家族の用事" }),
        new(new ReasonPart(ReasonKind.Swapped) { MemberId = "ito" }),
        new(new ReasonPart(ReasonKind.AsAnnounced) { Week = "2026-W49" }, new ReasonPart(ReasonKind.FillsIn) { MemberId = "ito", Ineligible = Ineligibility.NotOnRoster }),
        new(new ReasonPart(ReasonKind.AsAnnounced) { Week = "2026-W49" }),
        new(new ReasonPart(ReasonKind.AnnouncedOnly) { Week = "2026-W49" }),
        new(new ReasonPart(ReasonKind.AnnouncedOnLeave) { MemberId = "ito" }),
        new(new ReasonPart(ReasonKind.ChangedAfterAnnouncement) { Week = "2026-W49" }, new ReasonPart(ReasonKind.Replaces) { MemberId = "ito", Note = "発熱" }),
        new(new ReasonPart(ReasonKind.Covers) { MemberId = "ito" }),
        new(new ReasonPart(ReasonKind.AheadForWorkingDays) { MemberId = "ito", MemberIds = ["tanaka"], WorkingDays = ["thu", "fri"] }),
        new(new ReasonPart(ReasonKind.Covers) { MemberId = "ito", Note = "通院" }),
        new(new ReasonPart(ReasonKind.BackAfterChange) { Week = "2026-W39", Count = 2, Of = 2 }),
        new(new ReasonPart(ReasonKind.BackAfterChange) { Week = "2026-W39" }),
        new(new ReasonPart(ReasonKind.Swapped) { MemberId = "tanaka", Week = "2026-W50" }, new ReasonPart(ReasonKind.ReplacedEarlier) { MemberId = "ito", MemberIds = ["tanaka"], Note = "通院" }),
        new(new ReasonPart(ReasonKind.ChangedAfterAnnouncement) { Week = "2026-W49" }, new ReasonPart(ReasonKind.Replaces) { MemberId = "tanaka" }, new ReasonPart(ReasonKind.SwappedEarlier) { MemberId = "ito", MemberIds = ["tanaka"] }),
    ];

    public static TheoryData<AssignmentReason> EveryReason() => [.. Reasons];

    private static readonly ScheduleNote[] Notes =
    [
        new(NoteKind.ShortHanded) { Count = 1, Of = 2 },
        new(NoteKind.NoExperiencedPartner) { MemberIds = ["tanaka"] },
        new(NoteKind.OverrideMemberNotOnShift) { MemberId = "ito", ReplacementId = "tanaka" },
        new(NoteKind.OverrideReplacementOnShift) { MemberId = "ito", ReplacementId = "tanaka", Swap = true },
        new(NoteKind.ReplacementIneligible) { ReplacementId = "ito", Ineligible = new Ineligibility(IneligibleKind.OnLeave, Day) },
        new(NoteKind.FrozenDiffers) { MemberIds = ["tanaka", "ito"] },
        new(NoteKind.FrozenDiffers),
        new(NoteKind.CoverReplacementGone) { MemberId = "ito", ReplacementId = "tanaka" },
        new(NoteKind.CoverConflicts) { MemberId = "ito", ReplacementId = "tanaka" },
        new(NoteKind.ShortShift) { Count = 24 },
        new(NoteKind.ShortShift) { Count = 25 },
        new(NoteKind.IncludesClosure) { Days = [new(new(2026, 12, 29), NonWorkingKind.Closure, "New Year closure", "年末年始"), new(new(2026, 12, 30), NonWorkingKind.Closure, "New Year closure", "年末年始")], Of = 1 },
        new(NoteKind.IncludesClosure) { Days = [new(new(2026, 8, 13), NonWorkingKind.Closure, "Summer closure", "夏季休業")], Of = 4 },
        new(NoteKind.IncludesHolidays) { Days = [new(new(2027, 1, 11), NonWorkingKind.PublicHoliday, "Coming of Age Day", "成人の日")], Of = 1 },
        new(NoteKind.IncludesHolidays) { Days = [new(new(2027, 4, 29), NonWorkingKind.PublicHoliday, "Showa Day", "昭和の日"), new(new(2027, 5, 3), NonWorkingKind.PublicHoliday, "Constitution Memorial Day", "憲法記念日")], Of = 2 },
        new(NoteKind.WorkingDaysThin) { WorkingDays = ["thu", "fri"], MemberIds = ["tanaka"] },
        new(NoteKind.WorkingDaysThin) { WorkingDays = ["fri"] },
        new(NoteKind.BeforeStart),
    ];

    public static TheoryData<ScheduleNote> EveryNote() => [.. Notes];

    [Fact]
    public void EveryKind_HasASample()
    {
        Assert.Equal(Enum.GetValues<ReasonKind>().Order(), Reasons.SelectMany(r => r.Parts).Select(p => p.Kind).Distinct().Order());
        Assert.Equal(Enum.GetValues<NoteKind>().Order(), Notes.Select(n => n.Kind).Distinct().Order());
    }

    [Theory]
    [MemberData(nameof(EveryReason))]
    public void Reason_Japanese_HasNoEnglishWords(AssignmentReason reason)
    {
        var text = ScheduleText.For(Language.Ja, Roster).Reason(reason);

        Assert.DoesNotMatch(LatinWord(), text.Replace("Outlook", "", StringComparison.Ordinal));
        Assert.All(reason.Parts.Where(p => p.Week is not null), p => Assert.Contains(p.Week!, text));
        // One member in a sentence by family name with さん, no space (JA-STYLE): 「伊藤さん」 of 伊藤 さくら.
        Assert.All(reason.Parts.Where(p => p.MemberId is not null), p => Assert.Contains(Roster[p.MemberId!].ShortName + "さん", text));
    }

    [Theory]
    [MemberData(nameof(EveryNote))]
    public void Note_Japanese_HasNoEnglishWords(ScheduleNote note)
    {
        var text = ScheduleText.For(Language.Ja, Roster).Note(note);

        Assert.DoesNotMatch(LatinWord(), text);
        // A part-timer's thin days name the one who works them in a sentence: by family name with さん (「木・金は田中さんのみ」).
        // So does the note that nobody experienced is free to pair with them (「田中さんと組める経験者がいません」, session 44).
        Assert.All(note.MemberIds, id => Assert.Contains(note.Kind is NoteKind.WorkingDaysThin or NoteKind.NoExperiencedPartner ? Roster[id].DisplayName.Split(' ')[0] + "さん" : Roster[id].DisplayName, text));
    }

    /// <summary>
    /// Session 47 B4: a replace and then a trade of the same week read as both — who holds it now, and the change before that.
    /// </summary>
    [Fact]
    public void Reason_ChangeAfterAnEarlierOne_SaysBoth()
    {
        var ja = ScheduleText.For(Language.Ja, Roster);
        var en = ScheduleText.For(Language.En, Roster);

        Assert.Equal("田中さんと入れ替え（田中さんが 2026-W50 を担当）。その前の変更：田中さんが伊藤さんの代わり（通院）", ja.Reason(Reasons[^2]));
        Assert.Equal("Traded with 田中 健, who serves in their place in 2026-W50; before that, 田中 健 had replaced 伊藤 さくら (通院)", en.Reason(Reasons[^2]));
        Assert.Equal("2026-W49 のお知らせ後の交代：田中さんの代わり（変更）。その前の変更：田中さんと伊藤さんの入れ替え", ja.Reason(Reasons[^1]));
        Assert.Equal("Changed after the announcement for 2026-W49: replaces 田中 健 (override); before that, 田中 健 had traded with 伊藤 さくら", en.Reason(Reasons[^1]));
    }

    [Fact]
    public void Reason_English_ReadsAsBefore()
    {
        var en = ScheduleText.For(Language.En, Roster);

        Assert.Equal("Continues from 2026-W39 (shift 2 of 2)", en.Reason(new(new ReasonPart(ReasonKind.Continues) { Week = "2026-W39", Count = 2, Of = 2 })));
        Assert.Equal(
            "Next in the queue (last rotated in 2026-W39); skipped: 伊藤 さくら is on leave Mon 7 Dec to Sun 13 Dec (Outlook), 高橋 美咲 is inactive",
            en.Reason(Reasons[2]));
        Assert.Equal("As announced for 2026-W49: fills in for 伊藤 さくら (not on the roster) for the rest of their turn", en.Reason(Reasons[10]));
        Assert.Equal("Traded with 伊藤 さくら, who serves in their place in 2026-W50 (家族の用事)", en.Reason(Reasons[8]));
        Assert.Equal("no experienced member available to pair with 田中 健", en.Note(new(NoteKind.NoExperiencedPartner) { MemberIds = ["tanaka"] }));
        Assert.Equal("trade of 伊藤 さくら with 田中 健 ignored: 田中 健 is already on this shift", en.Note(Notes[3]));
    }

    /// <summary>
    /// Session 44 reader pass: the duty page, the schedule page and the feed showed an English note as a line of its own starting
    /// in lower case ("this week includes the New Year closure …") under reasons that start with a capital. As lines they start
    /// with a capital; the API's notes and Japanese are as before.
    /// </summary>
    [Fact]
    public void NoteLines_English_StartWithACapital_NotesAndJapaneseAsBefore()
    {
        var en = ScheduleText.For(Language.En, Roster);
        ScheduleNote[] notes = [new(NoteKind.ShortHanded) { Count = 1, Of = 2 }, new(NoteKind.NoExperiencedPartner) { MemberIds = ["tanaka"] }];

        Assert.Equal(["Only 1 of 2 members available", "No experienced member available to pair with 田中 健"], en.NoteLines(notes));
        Assert.Equal(["only 1 of 2 members available", "no experienced member available to pair with 田中 健"], en.Notes(notes));
        Assert.Equal(["当番に入れるのは2人中1人だけです", "田中さんと組める経験者がいません"], ScheduleText.For(Language.Ja, Roster).NoteLines(notes));
    }

    /// <summary>Session 52: a week nobody is free for said 「2人中0人だけです」 / "only 0 of 2": it says nobody.</summary>
    [Fact]
    public void NoteLines_NobodyAvailable_SaysNobody()
    {
        ScheduleNote[] notes = [new(NoteKind.ShortHanded) { Count = 0, Of = 2 }];

        Assert.Equal(["Nobody on duty (0 of 2 members available)"], ScheduleText.For(Language.En, Roster).NoteLines(notes));
        Assert.Equal(["当番に入れる人がいません（2人中0人）"], ScheduleText.For(Language.Ja, Roster).NoteLines(notes));
    }

    /// <summary>Session 52: the announcement's and the leave mail's line for a week nobody is free for says nobody, then who is paged.</summary>
    [Fact]
    public void ShortHandedLine_Nobody_SaysNobody()
    {
        var week = new ShortHandedWeek(0, 2, ["山田 太郎"], null);

        Assert.Equal("当番に入れる人がいません（2人中0人）。応答がないときは、すぐにリーダー（山田 太郎）に連絡します。", NoticeRenderer.ShortHandedLine(week, Phrases.For(Language.Ja)));
        Assert.Equal("On duty: nobody (0 of 2 members available). If a page goes unanswered, the lead (山田 太郎) is paged at once.", NoticeRenderer.ShortHandedLine(week, Phrases.For(Language.En)));
        Assert.Equal("On duty: only 1 of 2 members. If a page goes unanswered, the leads (山田 太郎, lead2@example.com) are paged at once.", NoticeRenderer.ShortHandedLine(week with { Count = 1, NextLeads = ["山田 太郎", "lead2@example.com"] }, Phrases.For(Language.En)));
    }

    /// <summary>Trial 32b L: 「経験者を中村さんと組ませるため」, not 「中村 陽太さん」 (JA-STYLE: family names in sentences).</summary>
    [Fact]
    public void Reason_AheadForExperience_Japanese_NamesThePartnersByFamilyName()
    {
        var reason = new AssignmentReason(new ReasonPart(ReasonKind.AheadForExperience) { MemberId = "ito", MemberIds = ["tanaka", "takahashi"] });

        var text = ScheduleText.For(Language.Ja, Roster).Reason(reason);

        Assert.StartsWith($"経験者を{Roster["tanaka"].ShortName}さん・{Roster["takahashi"].ShortName}さんと組ませるため、", text);
        Assert.DoesNotContain(Roster["tanaka"].DisplayName, text);
    }

    [Fact]
    public void Note_DaysOff_NameTheClosureOrHolidays_AndTheShiftOfSeveralWeeks()
    {
        var ja = ScheduleText.For(Language.Ja, Roster);
        Assert.Equal("この当番期間は夏季休業（8月13日）を含みます。休業中も当番です", ja.Note(Notes.First(n => n.Kind == NoteKind.IncludesClosure && n.Of == 4)));
        Assert.Equal("この当番期間は祝日を含みます（4月29日(木)は昭和の日、5月3日(月)は憲法記念日）。祝日も当番です", ja.Note(Notes.First(n => n.Kind == NoteKind.IncludesHolidays && n.Of == 2)));
        Assert.Equal("this shift includes a public holiday (Showa Day on Thu 29 Apr, Constitution Memorial Day on Mon 3 May); duty continues on holidays",
            ScheduleText.For(Language.En, Roster).Note(Notes.First(n => n.Kind == NoteKind.IncludesHolidays && n.Of == 2)));
    }

    [Fact]
    public void Note_ShortShift_SaysHowLongTheMovedHandoffLeftIt()
    {
        Assert.Equal("引き継ぎ日が休業日を避けて移動したため、この当番の期間は1日だけです", ScheduleText.For(Language.Ja, Roster).Note(new(NoteKind.ShortShift) { Count = 24 }));
        Assert.Equal("引き継ぎ日が休業日を避けて移動したため、この当番の期間は25時間だけです", ScheduleText.For(Language.Ja, Roster).Note(new(NoteKind.ShortShift) { Count = 25 }));
        Assert.Equal("a handoff moved off non-working days, so this shift lasts only 1 day", ScheduleText.For(Language.En, Roster).Note(new(NoteKind.ShortShift) { Count = 24 }));
    }

    [Fact]
    public void Reason_Japanese_ReadsAsJapanese()
    {
        var ja = ScheduleText.For(Language.Ja, Roster);

        Assert.Equal("2026-W39 から継続（2週のうち2週目）", ja.Reason(new(new ReasonPart(ReasonKind.Continues) { Week = "2026-W39", Count = 2, Of = 2 })));
        Assert.Equal("伊藤さん（12月8日(火) 休暇）の残りの期間を代わりに担当。2週担当（2026-W51 まで）", ja.Reason(Reasons[0]));
    }

    [Fact]
    public void Reason_WithTheHandoffDay_NamesWeeksByTheirFirstDayInBothLanguages_TheApiKeepsIsoLabels()
    {
        var continues = new AssignmentReason([new ReasonPart(ReasonKind.Continues) { Week = "2026-W49", Count = 2, Of = 2 }]);
        var swapped = new AssignmentReason([new ReasonPart(ReasonKind.Swapped) { MemberId = "ito", Week = "2026-W52" }]);

        // The schedule page and the feed: the week as the row names it (a Wednesday handoff starts 2 Dec).
        var page = new ScheduleText(Phrases.For(Language.Ja), Roster, DayOfWeek.Wednesday);
        // No space around a week named by its day (trial 34 L5: 「11月30日(月)の週 のお知らせどおり」「1月18日(月)の週 まで」).
        Assert.Equal("12月2日(水)の週から継続（2週のうち2週目）", page.Reason(continues));
        Assert.Equal("伊藤さんと入れ替え（伊藤さんが12月23日(水)の週を担当）", page.Reason(swapped));
        Assert.Equal("12月2日(水)の週のお知らせどおり", page.Reason(new([new ReasonPart(ReasonKind.AsAnnounced) { Week = "2026-W49" }])));
        Assert.Equal("2週担当（12月9日(水)の週まで）", page.Reason(new([new ReasonPart(ReasonKind.Serves) { Week = "2026-W50", Count = 2 }])));
        Assert.Equal("順番どおり（前回は12月2日(水)の週）", page.Reason(new([new ReasonPart(ReasonKind.NextInQueue) { Week = "2026-W49" }])));
        Assert.Equal("2026-W49 のお知らせどおり", ScheduleText.For(Language.Ja, Roster).Reason(new([new ReasonPart(ReasonKind.AsAnnounced) { Week = "2026-W49" }])));
        // English too (session 50: the English page's rows read "Week of Wed 2 Dec"; a reason saying 2026-W49 beside them was a code to decode).
        var en = new ScheduleText(Phrases.For(Language.En), Roster, DayOfWeek.Wednesday);
        Assert.Equal("Continues from the week of Wed 2 Dec (shift 2 of 2)", en.Reason(continues));
        Assert.Equal("Traded with 伊藤 さくら, who serves in their place in the week of Wed 23 Dec", en.Reason(swapped));
        Assert.Equal("Serves 2 shifts, until the week of Wed 9 Dec", en.Reason(new([new ReasonPart(ReasonKind.Serves) { Week = "2026-W50", Count = 2 }])));

        // Without it (the API's reasons, beside its ISO week field): the ISO label.
        Assert.Equal("2026-W49 から継続（2週のうち2週目）", ScheduleText.For(Language.Ja, Roster).Reason(continues));
        Assert.Equal("Continues from 2026-W49 (shift 2 of 2)", ScheduleText.For(Language.En, Roster).Reason(continues));
    }

    [Fact]
    public void Cover_InTheReadersWordsAndTheZone_EndDateOnlyWhenAnotherDay()
    {
        var tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
        var from = new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero); // 19:00 in Tokyo
        var tonight = new Cover { Id = "c1", MemberId = "tanaka", ReplacementId = "ito", From = from, To = from.AddHours(4) };
        var overnight = tonight with { To = from.AddHours(15) };

        Assert.Equal("12月3日(木) 19:00〜23:00 は伊藤さんが田中さんの代わり", ScheduleText.For(Language.Ja, Roster).Cover(tonight, tokyo));
        Assert.Equal("Thu 3 Dec 2026 19:00 – 23:00: 伊藤 さくら covers for 田中 健", ScheduleText.For(Language.En, Roster).Cover(tonight, tokyo));
        Assert.Equal("12月3日(木) 19:00〜12月4日(金) 10:00 は伊藤さんが田中さんの代わり", ScheduleText.For(Language.Ja, Roster).Cover(overnight, tokyo));
    }

    /// <summary>Trial 46 N3: a cover line standing alone (a calendar event's) says its zone, in the range's own brackets.</summary>
    [Fact]
    public void Cover_StandingAlone_SaysItsZone()
    {
        var tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
        var from = new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero); // 19:00 in Tokyo
        var tonight = new Cover { Id = "c1", MemberId = "tanaka", ReplacementId = "ito", From = from, To = from.AddHours(4) };

        Assert.Equal("12月3日(木) 19:00〜23:00（JST）は伊藤さんが田中さんの代わり", ScheduleText.For(Language.Ja, Roster).Cover(tonight, tokyo, "Asia/Tokyo"));
        Assert.Equal("Thu 3 Dec 2026 19:00 – 23:00 (JST): 伊藤 さくら covers for 田中 健", ScheduleText.For(Language.En, Roster).Cover(tonight, tokyo, "Asia/Tokyo"));
    }

    [GeneratedRegex("[A-Za-z]{2,}")]
    private static partial Regex LatinWord();
}
