using System.Net;
using OnDuty.Core.Common;
using OnDuty.Core.Messages;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Messages;

/// <summary>
/// The duty page's leave list and its leads-on-leave row say each day with its weekday in both languages. Session 44 reader pass:
/// English showed 「2027-01-18 – 2027-01-22」 where Japanese shows 「1月18日(月)〜1月22日(金)」.
/// </summary>
public sealed class DutyPageLeaveTests
{
    private static string Render(string name, Language language) =>
        WebUtility.HtmlDecode(TestRenderer.Instance.Page(NoticeSamples.All(language).First(s => s.Name == name && s.Form == NoticeForm.Page).Notice));

    [Theory]
    [InlineData(Language.En, "<b>鈴木 一郎</b> Mon 18 Jan – Fri 22 Jan<span class=\"meta\">")]
    [InlineData(Language.Ja, "<b>鈴木 一郎</b> 1月18日(月)〜1月22日(金)<span class=\"meta\">")]
    public void LeaveList_EachDayWithItsWeekday(Language language, string expected)
    {
        var html = Render("duty-page", language);

        Assert.Contains(expected, html, StringComparison.Ordinal);
        Assert.DoesNotContain("2027-01-18", html, StringComparison.Ordinal);
    }

    private static string RenderDuty(Language language, Func<DutyPageNotice, DutyPageNotice> after) =>
        WebUtility.HtmlDecode(TestRenderer.Instance.Page(after((DutyPageNotice)NoticeSamples.All(language).First(s => s.Name == "duty-page" && s.Form == NoticeForm.Page).Notice)));

    /// <summary>
    /// Session 53: leave the Outlook sync added (a PM out of office from Mon 12/28 over 年末年始) is listed with where it came from in
    /// the reader's words — not the sync's English note, which the Japanese page showed as it was.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, "<b>Liam Chen</b> 12月28日(月)〜1月3日(日) <span class=\"kind\">Outlook から取得（変更は Outlook で）</span>")]
    [InlineData(Language.En, "<b>Liam Chen</b> Mon 28 Dec – Sun 3 Jan <span class=\"kind\">")]
    public void LeaveList_FromOutlook_SaysSoWithoutTheSyncsEnglishNote(Language language, string expected)
    {
        var outlook = new Leave
        {
            Id = Leave.OutlookId("2026-W53"), MemberId = "liam", From = new DateOnly(2026, 12, 28), To = new DateOnly(2027, 1, 3),
            Source = Leave.OutlookSource, Note = "Outlook: out of office 100% of the working hours",
        };

        var html = RenderDuty(language, n => n with { Leave = [outlook, .. n.Leave] });

        Assert.Contains(expected, html, StringComparison.Ordinal);
        Assert.DoesNotContain("out of office", html, StringComparison.Ordinal);
        Assert.Contains("夏季休暇", RenderDuty(Language.Ja, n => n with { Leave = [outlook, .. n.Leave] }), StringComparison.Ordinal); // a note typed in still shows
    }

    private static readonly (DateOnly From, DateOnly To) MonTue = (new DateOnly(2027, 1, 11), new DateOnly(2027, 1, 12));

    private static readonly (DateOnly From, DateOnly To) WedFri = (new DateOnly(2027, 1, 13), new DateOnly(2027, 1, 15));

    /// <summary>
    /// Leave entered on Wed 13 Jan for Mon 11 – Tue 12 Jan: the page confirms it with its days and says the rota does not change —
    /// no advice to replace anyone for days nobody can be replaced any more.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, "<p class=\"done\" role=\"status\" id=\"done\">1月11日(月)〜1月12日(火)の休暇を記録しました。過ぎた日のため、当番の割り当ては変わりません。</p>")]
    [InlineData(Language.En, "<p class=\"done\" role=\"status\" id=\"done\">Leave recorded for Mon 11 Jan – Tue 12 Jan. It is already past, so the duty rota does not change.</p>")]
    public void Done_LeaveEntirelyPast_SaysItsDaysAreRecordedAndNothingElse(Language language, string expected)
    {
        var html = RenderDuty(language, n => n with { Done = "leavePast", LeaveDays = MonTue });

        Assert.Contains(expected, html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"warning\"", html, StringComparison.Ordinal);
    }

    /// <summary>A single past day is said as one day; a link without its days still says what was done.</summary>
    [Theory]
    [InlineData(Language.Ja, "id=\"done\">1月11日(月)の休暇を記録しました。", "id=\"done\">休暇を記録しました。過ぎた日のため、当番の割り当ては変わりません。</p>")]
    [InlineData(Language.En, "id=\"done\">Leave recorded for Mon 11 Jan. It is", "id=\"done\">Leave recorded. It is already past, so the duty rota does not change.</p>")]
    public void Done_LeavePastOneDayOrNoDays_SaidAsSuch(Language language, string oneDay, string noDays)
    {
        Assert.Contains(oneDay, RenderDuty(language, n => n with { Done = "leavePast", LeaveDays = (MonTue.From, MonTue.From) }), StringComparison.Ordinal);
        Assert.Contains(noDays, RenderDuty(language, n => n with { Done = "leavePast" }), StringComparison.Ordinal);
    }

    /// <summary>
    /// Leave entered on Wed 13 Jan for Mon 11 – Fri 15 Jan by a member on duty that week: the past days are said as recorded only,
    /// and the note of the announced week names the days from today on.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja,
        "id=\"done\">休暇を登録しました。お知らせ前の当番の割り当てに反映されます。過ぎた日（1月11日(月)〜1月12日(火)）は記録のみです。</p>",
        "id=\"warning\">ご注意：今日以降の休暇（1月13日(水)〜1月15日(金)）は、伊藤さんのお知らせ済みの当番期間と重なっています。休暇を登録しても当番は変わらず、呼び出しは届き続けます。「代わりを立てる」で交代してください。同じ当番の方とリーダーにもメールで連絡します。</p>")]
    [InlineData(Language.En,
        "id=\"done\">Leave entered. Shifts not yet announced are planned around it. The days already past (Mon 11 Jan – Tue 12 Jan) are only recorded.</p>",
        "id=\"warning\">Note: the leave's days from today (Wed 13 Jan – Fri 15 Jan) fall in a week already announced with 伊藤 さくら on duty. Leave does not change it, and pages keep reaching them: replace them for that week. The others on duty and the leads are being told by email.</p>")]
    public void Done_LeaveStartedInThePast_PastDaysRecordedAndTheWarningNamesTheDaysFromToday(Language language, string done, string warning)
    {
        var html = RenderDuty(language, n => n with { Done = "leaveAdded", PastLeaveDays = MonTue, LeaveDays = WedFri, OnDutyDuringLeave = ["ito"] });

        Assert.Contains(done, html, StringComparison.Ordinal);
        Assert.Contains(warning, html, StringComparison.Ordinal);
    }

    /// <summary>Leave from today on reads as before: no days in the note of the announced week.</summary>
    [Theory]
    [InlineData(Language.Ja, "id=\"done\">休暇を登録しました。お知らせ前の当番の割り当てに反映されます。</p>", "id=\"warning\">ご注意：伊藤さんはお知らせ済みの当番期間中です。")]
    [InlineData(Language.En, "id=\"done\">Leave entered. Shifts not yet announced are planned around it.</p>", "id=\"warning\">Note: 伊藤 さくら is on duty in a week already announced.")]
    public void Done_LeaveFromToday_AsBefore(Language language, string done, string warning)
    {
        var html = RenderDuty(language, n => n with { Done = "leaveAdded", OnDutyDuringLeave = ["ito"] });

        Assert.Contains(done, html, StringComparison.Ordinal);
        Assert.Contains(warning, html, StringComparison.Ordinal);
    }

    /// <summary>Leave that ended longer ago than leave is kept: the form's error at the last day, as the other leave refusals.</summary>
    [Theory]
    [InlineData(Language.Ja, "365日より前に終わった休暇は登録できません（休暇の記録は終了から365日で削除されます）。")]
    [InlineData(Language.En, "Leave that ended more than 365 days ago cannot be entered: leave is kept for 365 days after it ends.")]
    public void LeaveForm_EndedLongerAgoThanKept_SaidAtTheLastDay(Language language, string expected)
    {
        var html = RenderDuty(language, n => n with
        {
            FailedForm = "leave",
            Values = new Dictionary<string, string> { ["memberId"] = "ito", ["from"] = "2025-12-01", ["to"] = "2025-12-02" },
            Errors = new Dictionary<string, string[]> { ["to"] = ["is more than 365 days ago: leave is kept 365 days after it ends (Retention__Leave)"] },
            Refusals = new Dictionary<string, Refusal> { ["to"] = Refusal.Of(LeaveRefusals.TooOld, ("days", 365)) },
        });

        Assert.Contains(expected, html, StringComparison.Ordinal);
        Assert.DoesNotContain("Retention__Leave", html, StringComparison.Ordinal);
    }

    /// <summary>
    /// Session 51 reader pass: a PM falling ill enters leave on her phone; both dates started empty, two date pickers to work
    /// through. The first day is today as the team reads it (Tokyo: 01:30 on the 13th is the 12th in UTC), the last day hers to
    /// choose; a form sent back with a problem keeps the day she typed, not today.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja)]
    [InlineData(Language.En)]
    public void LeaveForm_StartsTodayInTheTeamsZone_KeepsWhatWasTypedOnAnError(Language language)
    {
        var lateAtNight = new DateTimeOffset(2027, 1, 12, 16, 30, 0, TimeSpan.Zero);

        var html = RenderDuty(language, n => n with { Now = lateAtNight });
        var failed = RenderDuty(language, n => n with
        {
            Now = lateAtNight,
            FailedForm = "leave",
            Values = new Dictionary<string, string> { ["memberId"] = "ito", ["from"] = "2027-01-20", ["to"] = "" },
            Errors = new Dictionary<string, string[]> { ["to"] = ["is required"] },
        });

        Assert.Contains("<input type=\"date\" id=\"leave-from\" name=\"from\" value=\"2027-01-13\" required", html, StringComparison.Ordinal);
        Assert.Contains("<input type=\"date\" id=\"leave-to\" name=\"to\" value=\"\" required", html, StringComparison.Ordinal);
        Assert.Contains("<input type=\"date\" id=\"leave-from\" name=\"from\" value=\"2027-01-20\" required", failed, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"from\" value=\"2027-01-13\"", failed, StringComparison.Ordinal);
    }
}
