using OnDuty.Core.Messages;
using OnDuty.Core.Retros;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Messages;

/// <summary>The fair-load page's own navigation and its warning when one member carried the nights (trial 55, a lead's quarter review).</summary>
public sealed class LoadReportPageTests
{
    private static LoadReport Report(DateOnly from, DateOnly to, params MemberLoad[] members) =>
        new(from, to, "Asia/Tokyo", 10, false, members) { AsOf = new DateOnly(2026, 12, 6) };

    private static MemberLoad Member(string id, string name, int pagesOutOfHours) =>
        new(id, name, true, 4, 2, pagesOutOfHours, 1, 1) { DutyWeeksServed = 4, DutyHours = 672 };

    [Fact]
    public void Page_OneMemberTookFarMorePagesOutOfHours_SaysSo()
    {
        var report = Report(new(2026, 10, 1), new(2026, 12, 6), Member("sato", "佐藤 花子", 7), Member("tanaka", "田中 健", 2), Member("emma", "Emma Wilson", 1));

        var ja = TestRenderer.Instance.Page(new LoadReportPageNotice(Language.Ja, report));
        var en = TestRenderer.Instance.Page(new LoadReportPageNotice(Language.En, report));

        Assert.Contains("<p class=\"problem\" id=\"skew\">時間外の呼び出しが佐藤 花子さんに偏っています：7回（ほかの当番のメンバーは平均1.5回）。</p>", ja, StringComparison.Ordinal);
        Assert.Contains("<p class=\"problem\" id=\"skew\">Out-of-hours pages fell mostly on 佐藤 花子: 7 (the others on duty averaged 1.5).</p>", en, StringComparison.Ordinal);
    }

    [Fact]
    public void Page_PagesSharedOrFew_NoWarning()
    {
        var shared = Report(new(2026, 10, 1), new(2026, 12, 6), Member("sato", "佐藤 花子", 5), Member("tanaka", "田中 健", 3));
        var few = Report(new(2026, 10, 1), new(2026, 12, 6), Member("sato", "佐藤 花子", 2), Member("tanaka", "田中 健", 0));

        Assert.DoesNotContain("id=\"skew\"", TestRenderer.Instance.Page(new LoadReportPageNotice(Language.Ja, shared)), StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"skew\"", TestRenderer.Instance.Page(new LoadReportPageNotice(Language.Ja, few)), StringComparison.Ordinal);
    }

    [Fact]
    public void Page_MonthSoFar_StepsBackAMonthAndLinksItsQuarter_NotAMonthToCome()
    {
        var html = TestRenderer.Instance.Page(new LoadReportPageNotice(Language.Ja, Report(new(2026, 12, 1), new(2026, 12, 6), Member("sato", "佐藤 花子", 0))));

        Assert.Contains(
            "<nav id=\"periods\"><a href=\"/api/reports/load/page?lang=ja&amp;from=2026-11-01&amp;to=2026-11-30\">← 前月</a>"
            + "<a href=\"/api/reports/load/page?lang=ja&amp;from=2026-10-01&amp;to=2026-12-31\">四半期で見る（2026年10月〜12月）</a></nav>",
            html, StringComparison.Ordinal);
    }
}
