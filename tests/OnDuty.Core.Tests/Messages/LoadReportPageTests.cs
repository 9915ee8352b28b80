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
    public void Page_PagesWithinTheDutyReportsRule_NoWarning()
    {
        // The duty report's rule (DutyFairness) since session 60: 3 against 2 and 1 is twice the others' mean but only 1.5 more, and a
        // tie for the most is no one's — the page's own rule (at least 3 and twice the average) named 佐藤 in both.
        var shared = Report(new(2026, 10, 1), new(2026, 12, 6), Member("sato", "佐藤 花子", 5), Member("tanaka", "田中 健", 3));
        var onlyOneAndAHalfMore = Report(new(2026, 10, 1), new(2026, 12, 6), Member("sato", "佐藤 花子", 3), Member("tanaka", "田中 健", 2), Member("emma", "Emma Wilson", 1));
        var tie = Report(new(2026, 10, 1), new(2026, 12, 6), Member("sato", "佐藤 花子", 4), Member("tanaka", "田中 健", 4), Member("emma", "Emma Wilson", 0));

        foreach (var report in new[] { shared, onlyOneAndAHalfMore, tie })
        {
            Assert.DoesNotContain("id=\"skew\"", TestRenderer.Instance.Page(new LoadReportPageNotice(Language.Ja, report)), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Page_TwoPagesAgainstNone_WarnsAsTheDutyReportDoes()
    {
        // Twice nothing and 2 more: the duty report names it, and so does this page now (its own rule wanted at least 3).
        var report = Report(new(2026, 10, 1), new(2026, 12, 6), Member("sato", "佐藤 花子", 2), Member("tanaka", "田中 健", 0));

        Assert.Contains("<p class=\"problem\" id=\"skew\">時間外の呼び出しが佐藤 花子さんに偏っています：2回（ほかの当番のメンバーは平均0回）。</p>",
            TestRenderer.Instance.Page(new LoadReportPageNotice(Language.Ja, report)), StringComparison.Ordinal);
    }

    [Fact]
    public void Page_MemberNotOnDuty_IsNotAmongTheOthers()
    {
        // A member paged while off duty (no weeks or hours served) does not lower the others' mean: 3 against 2 stays fair.
        var offDuty = new MemberLoad("ito", "伊藤 蓮", true, 0, 0, 0, 0, 0);
        var report = Report(new(2026, 10, 1), new(2026, 12, 6), Member("sato", "佐藤 花子", 3), Member("tanaka", "田中 健", 2), offDuty);

        Assert.DoesNotContain("id=\"skew\"", TestRenderer.Instance.Page(new LoadReportPageNotice(Language.Ja, report)), StringComparison.Ordinal);
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
