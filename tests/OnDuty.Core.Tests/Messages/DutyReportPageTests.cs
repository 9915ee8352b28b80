using OnDuty.Core.Messages;
using OnDuty.Core.Retros;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Messages;

/// <summary>The duty report page (当番実績) as 山本 (庶務) enters it into payroll and 田中 (lead) reads it for fairness.</summary>
public sealed class DutyReportPageTests
{
    private static DutyReport Report(DateOnly from, DateOnly to, params MemberDuty[] members) =>
        new("incident-duty", "Incident duty", from, to, "Asia/Tokyo", true, false, members) { AsOf = new DateOnly(2026, 12, 7), RotationNameJa = "障害当番" };

    private static readonly MemberDuty[] November =
    [
        new("emma", "Emma Wilson", true, 8, 2, 168, 3, 1, 1) { IncidentsPaged = 2 },
        new("sato", "佐藤 <b>花子</b>", true, 9, 4, 192.5, 5, 4, 2) { IncidentsPaged = 3 },
        new("tanaka", "田中 健", false, 8, 1, 159.5, 2, 0, 1) { IncidentsPaged = 2 },
    ];

    private static string Page(Language language, DutyReport report) => TestRenderer.Instance.Page(new DutyReportPageNotice(language, report));

    [Fact]
    public void Page_Month_ARowPerMemberEncoded_AndTotals()
    {
        var html = Page(Language.Ja, Report(new(2026, 11, 1), new(2026, 11, 30), November));

        Assert.Contains("<title>当番実績：障害当番</title>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><th scope=\"row\">佐藤 &lt;b&gt;花子&lt;/b&gt;</th><td>9</td><td>4</td><td>192.5</td><td>5</td><td>4</td><td>3</td><td>2</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<tr class=\"inactive\"><th scope=\"row\">田中 健（休止中）</th><td>8</td><td>1</td><td>159.5</td>", html, StringComparison.Ordinal);
        // Incidents are not summed: one that paged both of the pair would count twice.
        Assert.Contains("<tr id=\"totals\"><th scope=\"row\">合計</th><td>25</td><td>7</td><td>520.0</td><td>10</td><td>5</td><td></td><td></td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"col\">氏名</th><th scope=\"col\">当番日数</th><th scope=\"col\">うち休日</th><th scope=\"col\">当番時間</th>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>花子", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Page_OneMemberCarriedTheHolidays_SaysSoInBothLanguages()
    {
        var report = Report(new(2026, 11, 1), new(2026, 11, 30), November);

        Assert.Contains("<p class=\"problem skew\">休日の当番が佐藤 &lt;b&gt;花子&lt;/b&gt;さんに偏っています（4日。ほかの方は平均1.5日）。</p>\n"
            + "<p class=\"problem skew\">時間外の呼び出しが佐藤 &lt;b&gt;花子&lt;/b&gt;さんに偏っています（4回。ほかの方は平均0.5回）。</p>", Page(Language.Ja, report), StringComparison.Ordinal);
        Assert.Contains("<p class=\"problem skew\">Holiday duty fell mostly on 佐藤 &lt;b&gt;花子&lt;/b&gt;: 4 days (the others averaged 1.5).</p>", Page(Language.En, report), StringComparison.Ordinal);
        var even = Report(new(2026, 11, 1), new(2026, 11, 30), [.. November.Select(m => m with { HolidayDutyDays = 2, PagesOutOfHours = 1 })]);
        Assert.DoesNotContain("skew", Page(Language.Ja, even), StringComparison.Ordinal);
    }

    [Fact]
    public void Page_Month_StepsAMonthLinksItsQuarterAndTheCsvOfTheSameMonth_NotAMonthToCome()
    {
        var html = Page(Language.Ja, Report(new(2026, 12, 1), new(2026, 12, 31), November));

        Assert.Contains(
            "<nav id=\"periods\"><a href=\"/api/rotations/incident-duty/duty-report/page?lang=ja&amp;month=2026-11\">← 前月</a>"
            + "<a href=\"/api/rotations/incident-duty/duty-report/page?lang=ja&amp;quarter=2026-Q4\">四半期で見る（2026年10月〜12月）</a></nav>",
            html, StringComparison.Ordinal);
        Assert.Contains("<a id=\"csv\" href=\"/api/rotations/incident-duty/duty-report/csv?lang=ja&amp;month=2026-12\">", html, StringComparison.Ordinal);
        Assert.Contains("<input type=\"month\" id=\"month\" name=\"month\" value=\"2026-12\" max=\"2026-12\">", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Page_Quarter_StepsAQuarterAndLinksItsMonths_CsvOfTheQuarter()
    {
        var html = Page(Language.En, Report(new(2026, 7, 1), new(2026, 9, 30), November));

        Assert.Contains(
            "<nav id=\"periods\"><a href=\"/api/rotations/incident-duty/duty-report/page?lang=en&amp;quarter=2026-Q2\">← Previous quarter</a>"
            + "<a href=\"/api/rotations/incident-duty/duty-report/page?lang=en&amp;quarter=2026-Q4\">Next quarter →</a>"
            + "<a href=\"/api/rotations/incident-duty/duty-report/page?lang=en&amp;month=2026-07\">July 2026</a>",
            html, StringComparison.Ordinal);
        Assert.Contains("<a id=\"csv\" href=\"/api/rotations/incident-duty/duty-report/csv?lang=en&amp;quarter=2026-Q3\">", html, StringComparison.Ordinal);
        Assert.Contains("<title>Duty report: Incident duty</title>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Page_NobodyOnDuty_SaysSo_NoTable()
    {
        var html = Page(Language.Ja, Report(new(2026, 11, 1), new(2026, 11, 30)));

        Assert.Contains("<p class=\"none\" id=\"none\">この期間に当番の記録はありません。</p>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<table", html, StringComparison.Ordinal);
    }
}
