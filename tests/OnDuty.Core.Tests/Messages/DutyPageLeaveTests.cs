using System.Net;
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
}
