using System.Text.RegularExpressions;
using OnDuty.Core.Alerts;
using OnDuty.Core.Calendar;
using OnDuty.Core.Incidents;
using OnDuty.Core.Messages;
using OnDuty.Core.Retros;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Messages;

/// <summary>
/// The monthly incident report (its mail to the leads, the channel card, the page and the CSV) with a confidential incident in it:
/// named by its id as 「非公開の障害」, counted with its severity and times, its title and areas withheld, and a note that its page
/// has them. December 2026 in Tokyo read on Wed 9 Dec.
/// </summary>
public sealed class ConfidentialIncidentReportTests
{
    private static readonly TimeZoneInfo Tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
    private static readonly DateOnly Today = new(2026, 12, 9);
    private const string Secret = "顧客リストの流出の疑い";
    private const string SecretArea = "会員管理";
    private const string Plain = "検索が遅い";

    private static DateTimeOffset J(int day, int hour, int minute = 0) => new(2026, 12, day, hour, minute, 0, TimeSpan.FromHours(9));

    private static ReportIncident Make(string id, string title, DateTimeOffset detected, bool confidential, string area) =>
        new(Incident.Restore(new IncidentSnapshot
        {
            Id = id,
            Title = title,
            Severity = AlertSeverity.Sev2,
            Status = IncidentStatus.Resolved,
            Source = "alertmanager",
            GroupKey = "g-" + title,
            DetectedAt = detected,
            StartedAt = detected,
            ResolvedAt = detected.AddMinutes(80),
            AffectedAreas = [area],
            Confidential = confidential,
        }), [], null);

    /// <summary>Two outages of the confidential alert (Thu 3 Dec, its retro overdue on the 9th; Fri 4 Dec) and one plain one.</summary>
    private static ReportIncident[] Incidents(bool confidential = true) =>
    [
        Make("INC-2026-0042", Secret, J(3, 2, 50), confidential, SecretArea),
        Make("INC-2026-0043", Secret, J(4, 2, 50), confidential, SecretArea),
        Make("INC-2026-0044", Plain, J(8, 10), false, "検索"),
    ];

    private static IncidentReport December(bool confidential = true)
    {
        var range = ReportRange.Of(new(2026, 12, 1), Today, Tokyo, 366);
        return IncidentReportCalculator.Compute(range, range.Previous(Tokyo, J(9, 12)), Incidents(confidential), false, Today, Tokyo, "Asia/Tokyo", new WorkingCalendar("JP", []), new ReportOptions(), 3);
    }

    /// <summary>A retro past due from November, of a confidential incident, as <see cref="PastDueRetroService"/> lists it.</summary>
    private static PastDueRetroList PastDue() => new(Today, new DateOnly(2026, 12, 1),
        [new PastDueRetro("INC-2026-0031", "管理者アカウントの乗っ取り", AlertSeverity.Sev1, new DateOnly(2026, 11, 20), new DateOnly(2026, 11, 25), ["伊藤 さくら"]) { Confidential = true }], 1);

    private static IncidentReportNotice Notice(Language language, bool confidential = true) =>
        new(language, December(confidential)) { PastDue = confidential ? PastDue() : null, Link = "https://onduty.example/api/reports/incidents/page" };

    public static TheoryData<Language, string, string> Notes => new()
    {
        { Language.Ja, "非公開の障害", "非公開の障害は、タイトルと内容を表示せず「非公開の障害」と記載しています（番号・重大度・時刻は集計に含みます）。内容は各障害のページで確認してください。" },
        { Language.En, "Confidential incident", "Confidential incidents are listed as “Confidential incident”, without their title or details (their id, severity and times count in the figures); each incident’s page has them." },
    };

    [Theory]
    [MemberData(nameof(Notes))]
    public void Page_ConfidentialRow_IdSeverityTimesAndLink_NoTitleOrArea_Noted(Language language, string shown, string note)
    {
        var html = TestRenderer.Instance.Page(Notice(language));

        Assert.DoesNotContain(Secret, html, StringComparison.Ordinal);
        Assert.DoesNotContain(SecretArea, html, StringComparison.Ordinal);
        Assert.DoesNotContain("管理者アカウントの乗っ取り", html, StringComparison.Ordinal);
        var row = Regex.Match(html, "<tr><td><a href=\"(/api/incidents/INC-2026-0042/page[^\"]*)\">INC-2026-0042</a></td><td>SEV2</td><td class=\"title\">([^<]*)</td><td class=\"when\"[^>]*>([^<]*)</td>");
        Assert.True(row.Success, html);
        Assert.Equal(shown, System.Net.WebUtility.HtmlDecode(row.Groups[2].Value));
        Assert.EndsWith(" 02:50", row.Groups[3].Value, StringComparison.Ordinal); // 検知 kept: 12/3 (木) 02:50
        Assert.Contains(Plain, html, StringComparison.Ordinal);
        Assert.Contains(note, System.Net.WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        // Counted: three outages, the confidential ones among them.
        Assert.Equal(3, December().Totals.Incidents);
    }

    [Theory]
    [MemberData(nameof(Notes))]
    public void EmailAndCard_RetroRecurringAndPastDueLines_ShowItConfidential_Noted(Language language, string shown, string note)
    {
        var notice = Notice(language);
        var email = TestRenderer.Instance.Email(notice);
        var card = TestRenderer.Instance.Card(notice);
        var cardJson = Regex.Unescape(card.CardJson);

        foreach (var said in new[] { email.Text, email.Html, email.Subject, cardJson, card.Text })
        {
            Assert.DoesNotContain(Secret, said, StringComparison.Ordinal);
            Assert.DoesNotContain(SecretArea, said, StringComparison.Ordinal);
            Assert.DoesNotContain("管理者アカウントの乗っ取り", said, StringComparison.Ordinal);
        }

        foreach (var said in new[] { email.Text, cardJson })
        {
            Assert.Contains(note, said, StringComparison.Ordinal);
            // The overdue retro (INC-2026-0042) and the past-due one from November name the incident by its id.
            Assert.Matches($"INC-2026-0042[ 「]*{shown}", said);
            Assert.Matches($"INC-2026-0031 {shown}", said);
        }
    }

    [Theory]
    [InlineData(Language.Ja)]
    [InlineData(Language.En)]
    public void NotConfidential_TitleShown_NoNote(Language language)
    {
        var notice = Notice(language, confidential: false);
        var html = TestRenderer.Instance.Page(notice);
        var email = TestRenderer.Instance.Email(notice).Text;

        Assert.Contains(Secret, html, StringComparison.Ordinal);
        Assert.Contains(SecretArea, html, StringComparison.Ordinal);
        Assert.Contains(Secret, email, StringComparison.Ordinal);
        Assert.DoesNotContain("confidential-note", html, StringComparison.Ordinal);
        Assert.DoesNotContain(language == Language.Ja ? "非公開" : "Confidential", email, StringComparison.Ordinal);
    }

    [Fact]
    public void Csv_ConfidentialRow_NoTitleNoAreas_TimesKept()
    {
        var incidents = Incidents();
        var list = new IncidentReportList(new DateOnly(2026, 12, 1), Today, "Asia/Tokyo", false, incidents)
        {
            Rows = incidents.ToDictionary(i => i.Incident.Id, i => IncidentReportCalculator.RowOf(i, Tokyo, new WorkingCalendar("JP", []), 3, null, Today)),
        };

        var csv = TestRenderer.Instance.Text(new IncidentReportCsvNotice(Language.Ja, list));
        var lines = csv.Split("\r\n");

        Assert.DoesNotContain(Secret, csv, StringComparison.Ordinal);
        Assert.DoesNotContain(SecretArea, csv, StringComparison.Ordinal);
        Assert.Equal("INC-2026-0042,非公開の障害,SEV2,SEV2,復旧済み,alertmanager,2026-12-03 02:50,,,2026-12-03 04:10,80,0,0,,,期限超過,", lines[1]);
        Assert.StartsWith($"INC-2026-0044,{Plain},", lines[3], StringComparison.Ordinal);
        Assert.Contains(",検索,", lines[3], StringComparison.Ordinal);
    }
}
