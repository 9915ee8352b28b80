using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OnDuty.EndToEnd.Tests.Support;

namespace OnDuty.EndToEnd.Tests.Rotations;

/// <summary>
/// The duty report through the whole app (LocalHost + Azurite): a one-person rotation of its own across 成人の日 (Mon 11 Jan 2027,
/// the handoff moved to Tue 12 Jan 10:00) with a cover of 19:00–23:00, as JSON and as the CSV for Excel.
/// </summary>
public sealed class DutyReportTests(OnDutyAppFixture app) : IClassFixture<OnDutyAppFixture>
{
    [Fact]
    public async Task DutyReport_AcrossAHolidayAndACover_JsonAndCsvCountDaysHolidaysAndHours()
    {
        using (var created = await app.Client.PutAsync("api/rotations/allowance-duty", new StringContent(
            """{"name":"Allowance duty","nameJa":"手当確認当番","startDate":"2027-01-04","members":["yamada","sato"],"peoplePerShift":1,"mixExperience":false}""", Encoding.UTF8, "application/json")))
        {
            Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        }

        var shifts = (await app.Client.GetFromJsonAsync<JsonElement>("api/rotations/allowance-duty/schedule?from=2027-01-04&weeks=2")).GetProperty("shifts");
        var first = shifts[0].GetProperty("members")[0].GetProperty("id").GetString()!;
        var second = shifts[1].GetProperty("members")[0].GetProperty("id").GetString()!;
        Assert.NotEqual(first, second);
        Assert.StartsWith("2027-01-12T10:00:00", shifts[1].GetProperty("startsAt").GetString(), StringComparison.Ordinal);
        using (var cover = await app.Client.PostAsJsonAsync("api/rotations/allowance-duty/overrides",
            new { memberId = second, replacementId = "takahashi", from = "2027-01-13T19:00", to = "2027-01-13T23:00", reason = "通院" }))
        {
            Assert.True(cover.StatusCode == HttpStatusCode.Created, await cover.Content.ReadAsStringAsync());
        }

        var report = await app.Client.GetFromJsonAsync<JsonElement>("api/rotations/allowance-duty/duty-report?from=2027-01-04&to=2027-01-13");

        Assert.Equal(("allowance-duty", "2027-01-04", "2027-01-13", "Asia/Tokyo"),
            (report.GetProperty("rotationId").GetString(), report.GetProperty("from").GetString(), report.GetProperty("to").GetString(), report.GetProperty("timeZone").GetString()));
        Assert.False(report.GetProperty("pagesIncidents").GetBoolean()); // not Incidents__RotationId: nothing of it pages
        var members = report.GetProperty("members").EnumerateArray().ToDictionary(m => m.GetProperty("memberId").GetString()!);
        Assert.Equal(new[] { first, second, "takahashi" }.Order(StringComparer.Ordinal), members.Keys.Order(StringComparer.Ordinal));
        (int, int, double) Counts(string id) =>
            (members[id].GetProperty("dutyDays").GetInt32(), members[id].GetProperty("holidayDutyDays").GetInt32(), members[id].GetProperty("dutyHours").GetDouble());
        // Mon 4 Jan 10:00 to Tue 12 Jan 10:00: 9 days, of them Sat 9, Sun 10 and 成人の日 11 Jan.
        Assert.Equal((9, 3, 192.0), Counts(first));
        Assert.Equal(["2027-01-09", "2027-01-10", "2027-01-11"], members[first].GetProperty("holidayDays").EnumerateArray().Select(d => d.GetString()));
        // From Tue 12 Jan 10:00 to the range's end, less the four hours covered: both days still count.
        Assert.Equal((2, 0, 34.0), Counts(second));
        Assert.Equal((1, 0, 4.0), Counts("takahashi"));
        Assert.Equal("高橋 美咲", members["takahashi"].GetProperty("displayName").GetString());
        Assert.Equal(0, members[first].GetProperty("pages").GetInt32());

        // The CSV: UTF-8 with a byte-order mark, headers in the team's language (ja), a row per member by id.
        using var csv = await app.Client.GetAsync("api/rotations/allowance-duty/duty-report?from=2027-01-04&to=2027-01-13&format=csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal(("text/csv", "utf-8"), (csv.Content.Headers.ContentType?.MediaType, csv.Content.Headers.ContentType?.CharSet));
        Assert.Equal("duty-allowance-duty-2027-01-04-2027-01-13.csv", csv.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var rows = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n");
        Assert.Equal("メンバーID,氏名,当番日数,うち休日,当番時間,呼び出し回数,うち時間外,呼び出しのあった障害,うち対応開始,休日の当番日", rows[0]);
        string Name(string id) => members[id].GetProperty("displayName").GetString()!;
        var expected = new Dictionary<string, string>
        {
            [first] = $"{first},{Name(first)},9,3,192.0,0,0,0,0,2027-01-09; 2027-01-10; 2027-01-11",
            [second] = $"{second},{Name(second)},2,0,34.0,0,0,0,0,",
            ["takahashi"] = "takahashi,高橋 美咲,1,0,4.0,0,0,0,0,",
        };
        Assert.Equal([.. expected.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => e.Value), ""], rows[1..]);
        using var english = await app.Client.GetAsync("api/rotations/allowance-duty/duty-report?from=2027-01-04&to=2027-01-13&format=csv&lang=en");
        Assert.StartsWith("Member ID,Name,Duty days,Of which holidays,Duty hours,Pages,Of which out of hours,Incidents paged,Acknowledged,Holiday duty dates\r\n",
            Encoding.UTF8.GetString((await english.Content.ReadAsByteArrayAsync())[3..]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DutyPage_LinksLastMonthsDutyReportPage_WhoseCsvDownloadsForThePagesReader()
    {
        using var browser = new OnDuty.EndToEnd.Tests.Pages.PageBrowser(app.BaseAddress);
        var (shown, html) = await browser.GetAsync("api/status/duty?lang=ja");

        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        Assert.Contains("<a href=\"/api/rotations/incident-duty/duty-report/page?lang=ja\" id=\"duty-report-link\">先月の当番実績（当番手当の計算用・CSVあり）</a>", html, StringComparison.Ordinal);
        var (_, english) = await browser.GetAsync("api/status/duty?lang=en");
        Assert.Contains("<a href=\"/api/rotations/incident-duty/duty-report/page?lang=en\" id=\"duty-report-link\">Last month&#x27;s duty report (for the on-call allowance, with CSV)</a>", english, StringComparison.Ordinal);

        // The fixture's clock is 30 Nov 2026: the page is October's, and its CSV link downloads October.
        var (page, report) = await browser.GetAsync("api/rotations/incident-duty/duty-report/page?lang=ja");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<a id=\"csv\" href=\"/api/rotations/incident-duty/duty-report/csv?lang=ja&amp;month=2026-10\">", report, StringComparison.Ordinal);

        // October, a whole month of the demo rotation, two people on duty at every hour of it.
        using var csv = await app.Anonymous.GetAsync("api/rotations/incident-duty/duty-report/csv?lang=ja&month=2026-10");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("duty-incident-duty-2026-10-01-2026-10-31.csv", csv.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var rows = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("メンバーID,氏名,当番日数", rows[0], StringComparison.Ordinal);
        Assert.Equal(2 * 31 * 24.0, rows[1..].Sum(r => double.Parse(r.Split(',')[4], System.Globalization.CultureInfo.InvariantCulture)), 1);
        using var unknown = await app.Anonymous.GetAsync("api/rotations/no-such-duty/duty-report/csv?lang=ja");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    /// <summary>
    /// The page of a month as 山本 (庶務) opens it: a row per member with what the JSON report stored for them, the totals, the step
    /// to the month before (no step to a month not begun) and its quarter, and the CSV of the same month.
    /// </summary>
    [Fact]
    public async Task DutyReportPage_Month_RowsAsTheReportCounts_StepsBack_AndBadMonthSaysSo()
    {
        using (var created = await app.Client.PutAsync("api/rotations/allowance-page", new StringContent(
            """{"name":"Allowance page","nameJa":"手当ページ当番","startDate":"2026-09-07","members":["yamada","sato"],"peoplePerShift":1,"mixExperience":false}""", Encoding.UTF8, "application/json")))
        {
            Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        }

        var stored = await app.Client.GetFromJsonAsync<JsonElement>("api/rotations/allowance-page/duty-report?month=2026-10");
        Assert.Equal(("2026-10-01", "2026-10-31"), (stored.GetProperty("from").GetString(), stored.GetProperty("to").GetString()));
        var members = stored.GetProperty("members").EnumerateArray().ToList();
        Assert.Equal(2, members.Count);

        using var browser = new OnDuty.EndToEnd.Tests.Pages.PageBrowser(app.BaseAddress);
        var (shown, html) = await browser.GetAsync("api/rotations/allowance-page/duty-report/page?month=2026-10&lang=ja");

        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        Assert.Contains("<h1>当番実績：手当ページ当番</h1>", html, StringComparison.Ordinal);
        Assert.Contains("<p class=\"meta\" id=\"range\">2026年10月（10月1日〜10月31日、JST）</p>", html, StringComparison.Ordinal);
        foreach (var m in members)
        {
            string N(string name) => m.GetProperty(name).GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture);
            var hours = m.GetProperty("dutyHours").GetDouble().ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);
            Assert.Contains($"<th scope=\"row\">{m.GetProperty("displayName").GetString()}</th><td>{N("dutyDays")}</td><td>{N("holidayDutyDays")}</td><td>{hours}</td>", html, StringComparison.Ordinal);
        }

        // One person on duty at every hour of October: 744 hours between them; the days of a handoff count for both.
        Assert.Equal(31 * 24.0, members.Sum(m => m.GetProperty("dutyHours").GetDouble()), 1);
        var days = members.Sum(m => m.GetProperty("dutyDays").GetInt32());
        Assert.Contains($"<tr id=\"totals\"><th scope=\"row\">合計</th><td>{days}</td>", html, StringComparison.Ordinal);
        Assert.Contains("<a id=\"csv\" href=\"/api/rotations/allowance-page/duty-report/csv?lang=ja&amp;month=2026-10\">", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/api/rotations/allowance-page/duty-report/page?lang=ja&amp;month=2026-11\">翌月 →</a>", html, StringComparison.Ordinal);

        // 前月: September, from the rotation's first day (7 Sep); no step to December, not begun on 30 Nov.
        var back = System.Text.RegularExpressions.Regex.Match(html, "<a href=\"([^\"]+)\">← 前月</a>").Groups[1].Value.Replace("&amp;", "&", StringComparison.Ordinal);
        Assert.Equal("/api/rotations/allowance-page/duty-report/page?lang=ja&month=2026-09", back);
        var (september, previous) = await browser.GetAsync(back[1..]);
        Assert.Equal(HttpStatusCode.OK, september.StatusCode);
        Assert.Contains("2026年9月（9月1日〜9月30日、JST）", previous, StringComparison.Ordinal);
        Assert.Contains("<input type=\"month\" id=\"month\" name=\"month\" value=\"2026-09\" max=\"2026-11\">", previous, StringComparison.Ordinal);
        var (november, current) = await browser.GetAsync("api/rotations/allowance-page/duty-report/page?month=2026-11&lang=ja");
        Assert.Equal(HttpStatusCode.OK, november.StatusCode);
        Assert.DoesNotContain("month=2026-12", current, StringComparison.Ordinal);

        // The quarter: October to December, its months linked while begun.
        var (quarter, q4) = await browser.GetAsync("api/rotations/allowance-page/duty-report/page?quarter=2026-Q4&lang=en");
        Assert.Equal(HttpStatusCode.OK, quarter.StatusCode);
        Assert.Contains("<a id=\"csv\" href=\"/api/rotations/allowance-page/duty-report/csv?lang=en&amp;quarter=2026-Q4\">", q4, StringComparison.Ordinal);
        using var quarterCsv = await app.Anonymous.GetAsync("api/rotations/allowance-page/duty-report/csv?lang=en&quarter=2026-Q4");
        Assert.Equal("duty-allowance-page-2026-10-01-2026-12-31.csv", quarterCsv.Content.Headers.ContentDisposition?.FileName?.Trim('"'));

        // A month that cannot be read: the page says what it must be (400), not an error page.
        var (bad, refused) = await browser.GetAsync("api/rotations/allowance-page/duty-report/page?month=2026-13&lang=ja");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("text/html", bad.Content.Headers.ContentType?.MediaType);
        Assert.Contains("month は年月（YYYY-MM、例：2026-11）で指定してください。", refused, StringComparison.Ordinal);
        var (badQuarter, refusedQuarter) = await browser.GetAsync("api/rotations/allowance-page/duty-report/page?quarter=2026-Q5&lang=en");
        Assert.Equal(HttpStatusCode.BadRequest, badQuarter.StatusCode);
        Assert.Contains("quarter must be a quarter (YYYY-Qn, e.g. 2026-Q4).", refusedQuarter, StringComparison.Ordinal);
        var (unknown, _) = await browser.GetAsync("api/rotations/no-such-duty/duty-report/page?lang=ja");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Theory]
    [InlineData("month=2026-13", "month")]
    [InlineData("quarter=2026-Q5", "quarter")]
    [InlineData("month=2026-11&quarter=2026-Q4", "quarter")]
    [InlineData("month=2026-11&from=2026-11-01&to=2026-11-30", "month")]
    [InlineData("from=2027-01-13&to=2027-01-04", "from")]
    [InlineData("from=2027-01-01&to=2028-01-02", "to")]
    [InlineData("to=2027-01-04", "from")]
    [InlineData("from=2027-1-4&to=2027-01-13", "from")]
    [InlineData("from=2027-01-04&to=2027-01-13&format=xlsx", "format")]
    public async Task DutyReport_BadQuery_ProblemNamingTheField(string query, string field)
    {
        using var response = await app.Client.GetAsync("api/rotations/incident-duty/duty-report?" + query);

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal([field], JsonDocument.Parse(body).RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task DutyReport_UnknownRotationOrNoKey_404And401()
    {
        using var unknown = await app.Client.GetAsync("api/rotations/no-such-duty/duty-report?from=2027-01-04&to=2027-01-13");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        using var noKey = await app.Anonymous.GetAsync("api/rotations/incident-duty/duty-report?from=2027-01-04&to=2027-01-13");
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
    }
}
