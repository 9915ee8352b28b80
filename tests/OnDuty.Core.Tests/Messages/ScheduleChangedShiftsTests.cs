using OnDuty.Core.Messages;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Messages;

/// <summary>
/// Session 44 reader pass: a rotation of 4-week shifts was told 「お知らせ前の週は予定です」 and 「比べたのは今後32週分です」 /
/// "next 32 weeks"; session 45: its 「…ため、お知らせ前の週の当番を組み直しました」 too. What is not yet announced is said by one
/// word that fits a shift of any length (「お知らせ前の当番」 / "shifts not yet announced"), the same for weekly and 4-week
/// rotations; only the span compared is counted by the cadence.
/// </summary>
public sealed class ScheduleChangedShiftsTests
{
    private static string Text(Language language, int shiftWeeks)
    {
        var notice = (ScheduleChangedNotice)NoticeSamples.All(language).First(s => s.Name == "schedule-changed-leave" && s.Form == NoticeForm.Email).Notice;
        return TestRenderer.Instance.Email(notice with { Rotation = notice.Rotation with { ShiftWeeks = shiftWeeks } }).Text;
    }

    private static string[] Lines(Language language, int shiftWeeks) => Text(language, shiftWeeks).Split('\n');

    public static TheoryData<Language, int, string, string, string> Wording => new()
    {
        {
            Language.Ja, 1,
            "鈴木さんの休暇・不在（2027年1月18日(月)〜2027年1月22日(金)）が登録されたため、お知らせ前の当番を組み直しました。",
            "お知らせ前の当番は予定です。引き継ぎ時のお知らせで確定します。都合が悪い場合は当番表で交代を登録してください。",
            "比べたのは今後8週分です。それより先の当番も変わることがあります。当番表で確認してください。"
        },
        {
            Language.Ja, 4,
            "鈴木さんの休暇・不在（2027年1月18日(月)〜2027年1月22日(金)）が登録されたため、お知らせ前の当番を組み直しました。",
            "お知らせ前の当番は予定です。引き継ぎ時のお知らせで確定します。都合が悪い場合は当番表で交代を登録してください。",
            "比べたのは今後8回分の当番期間（32週）です。それより先の当番も変わることがあります。当番表で確認してください。"
        },
        {
            Language.En, 1,
            "Leave was entered for 鈴木 一郎 (Mon 18 Jan 2027 – Fri 22 Jan 2027), so the shifts not yet announced were worked out again.",
            "Shifts not yet announced are planned; the announcement at the handoff makes them final. If a shift does not suit you, arrange a change on the duty page.",
            "Only the next 8 weeks are compared here; later weeks may change too. Check them on the duty page."
        },
        {
            Language.En, 4,
            "Leave was entered for 鈴木 一郎 (Mon 18 Jan 2027 – Fri 22 Jan 2027), so the shifts not yet announced were worked out again.",
            "Shifts not yet announced are planned; the announcement at the handoff makes them final. If a shift does not suit you, arrange a change on the duty page.",
            "Only the next 8 shifts (32 weeks) are compared here; later shifts may change too. Check them on the duty page."
        },
    };

    [Theory]
    [MemberData(nameof(Wording))]
    public void LeaveEntered_WeeklyAndFourWeekShifts_SayWhatIsNotAnnouncedOneWay(Language language, int shiftWeeks, string why, string planned, string later)
    {
        var lines = Lines(language, shiftWeeks);

        Assert.Equal(why, lines[1]);
        Assert.Contains(planned, lines);
        Assert.Equal(later, lines[Array.IndexOf(lines, planned) + 1]);
        Assert.DoesNotContain(language == Language.Ja ? "お知らせ前の週" : "weeks not yet announced", Text(language, shiftWeeks), StringComparison.Ordinal);
    }
}
