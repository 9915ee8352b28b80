using OnDuty.Core.Messages;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Messages;

/// <summary>
/// Session 44 reader pass: a rotation of 4-week shifts was told 「お知らせ前の週は予定です」 and 「比べたのは今後 32 週分です」 /
/// "next 32 weeks". Shifts longer than a week are said as shifts; weekly ones as before.
/// </summary>
public sealed class ScheduleChangedShiftsTests
{
    private static string Text(Language language, int shiftWeeks)
    {
        var notice = (ScheduleChangedNotice)NoticeSamples.All(language).First(s => s.Name == "schedule-changed-leave" && s.Form == NoticeForm.Email).Notice;
        return TestRenderer.Instance.Email(notice with { Rotation = notice.Rotation with { ShiftWeeks = shiftWeeks } }).Text;
    }

    [Theory]
    [InlineData(Language.Ja, "お知らせ前の当番期間は予定です。引き継ぎ時のお知らせで確定します。都合が悪い場合は当番表で交代を登録してください。", "比べたのは今後 8 回分の当番期間（32 週）です。それより先の当番も変わることがあります。当番表で確認してください。")]
    [InlineData(Language.En, "Shifts not yet announced are planned; the announcement at the handoff makes them final. If a shift does not suit you, arrange a change on the duty page.", "Only the next 8 shifts (32 weeks) are compared here; later shifts may change too. Check them on the duty page.")]
    public void FourWeekShifts_SaidAsShifts(Language language, string planned, string later)
    {
        var text = Text(language, 4);

        Assert.Contains(planned, text, StringComparison.Ordinal);
        Assert.Contains(later, text, StringComparison.Ordinal);
        Assert.DoesNotContain(language == Language.Ja ? "お知らせ前の週は予定です" : "next 32 weeks", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Language.Ja, "比べたのは今後 8 週分です。")]
    [InlineData(Language.En, "Only the next 8 weeks are compared here;")]
    public void WeeklyShifts_SaidAsWeeks(Language language, string later)
    {
        Assert.Contains(later, Text(language, 1), StringComparison.Ordinal);
    }
}
