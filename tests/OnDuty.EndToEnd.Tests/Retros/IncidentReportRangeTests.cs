using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OnDuty.EndToEnd.Tests.Support;

namespace OnDuty.EndToEnd.Tests.Retros;

/// <summary>
/// The incident report of a month still running, through the real host on a business clock: incidents on 2 and 20 Nov and
/// 1 Dec, read on Wed 2 Dec 2026 20:42 (Tokyo). However December is asked for — no dates, <c>from</c> alone, or to its last
/// day as the page's "翌月 →" link once asked — it is December so far against 前月同期 (1 Nov 00:00 – 2 Nov 20:42).
/// </summary>
public sealed class IncidentReportRangeTests : IAsyncLifetime
{
    private const string MasterKey = "e2e-incident-report-range-key";

    /// <summary>Mon 2 Nov 2026 10:00 in Tokyo.</summary>
    private static readonly DateTimeOffset November = new(2026, 11, 2, 10, 0, 0, TimeSpan.FromHours(9));

    private OwnApp _app = null!;

    private HostedApp Host => _app.Host;

    public async Task InitializeAsync() => _app = await OwnApp.StartAsync(MasterKey, November);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task IncidentReport_RunningMonthAskedToItsLastDay_SameAsTheMonthSoFar()
    {
        await DeclareAsync("11月2日の障害");
        await AdvanceToAsync(new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.FromHours(9)));
        await DeclareAsync("11月20日の障害");
        await AdvanceToAsync(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.FromHours(9)));
        await DeclareAsync("12月1日の障害");
        await AdvanceToAsync(new DateTimeOffset(2026, 12, 2, 20, 42, 0, TimeSpan.FromHours(9)));

        var soFar = await Host.Client.GetFromJsonAsync<JsonElement>("api/reports/incidents");
        Assert.Equal(("2026-12-01", "2026-12-02", "2026-11-01", "2026-11-02"), Dates(soFar));
        Assert.Equal((1, 1), (soFar.GetProperty("totals").GetProperty("incidents").GetInt32(), soFar.GetProperty("previous").GetProperty("incidents").GetInt32()));

        foreach (var query in new[] { "from=2026-12-01&to=2026-12-31", "to=2026-12-31", "from=2026-12-01" })
        {
            var asked = await Host.Client.GetFromJsonAsync<JsonElement>("api/reports/incidents?" + query);
            Assert.Equal(Dates(soFar), Dates(asked));
            Assert.Equal(soFar.GetProperty("totals").GetRawText(), asked.GetProperty("totals").GetRawText());
            Assert.Equal(soFar.GetProperty("previous").GetRawText(), asked.GetProperty("previous").GetRawText());
        }

        // November's page links December by its first day; that page, and December to its last day, say 前月同期.
        var novemberPage = await PageAsync("from=2026-11-01&to=2026-11-30");
        Assert.Contains("<a id=\"next\" href=\"/api/reports/incidents/page?lang=ja&amp;from=2026-12-01\">", novemberPage, StringComparison.Ordinal);
        foreach (var query in new[] { "from=2026-12-01", "from=2026-12-01&to=2026-12-31" })
        {
            var december = await PageAsync(query);
            Assert.Contains("<h1>障害レポート 2026年12月（12月2日まで）</h1>", december, StringComparison.Ordinal);
            Assert.Contains("障害1件（前月同期 1件）", december, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task IncidentReportPage_November_ListsItsIncidentsAndNamesTheRetroOwed()
    {
        // Mon 2 Nov 10:00 a SEV2, resolved at 10:20 (retro due Fri 6 Nov: 3 Nov is a holiday; never written), and a SEV3.
        var overdue = await DeclareAsync("<b>決済</b>が遅い", "sev2");
        await AdvanceToAsync(new DateTimeOffset(2026, 11, 2, 10, 20, 0, TimeSpan.FromHours(9)));
        await ResolveAsync(overdue);
        var minor = await DeclareAsync("通知が遅れる", "sev3");
        await ResolveAsync(minor);

        // Mon 30 Nov 10:00 a SEV1 resolved 80 minutes later: its retro is due Thu 3 Dec, owed when the report is read.
        await AdvanceToAsync(new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.FromHours(9)));
        var owed = await DeclareAsync("ログインできない", "sev1");
        await AdvanceToAsync(new DateTimeOffset(2026, 11, 30, 11, 20, 0, TimeSpan.FromHours(9)));
        await ResolveAsync(owed);
        await AdvanceToAsync(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.FromHours(9)));

        var html = await PageAsync("from=2026-11-01&to=2026-11-30");

        var rows = System.Text.RegularExpressions.Regex.Matches(html, "<tr><td><a href=\"/api/incidents/([^/]+)/page\\?lang=ja\">").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal([owed, minor, overdue], rows);
        Assert.Contains("<td class=\"title\">&lt;b&gt;決済&lt;/b&gt;が遅い</td><td class=\"when\" data-label=\"検知\">11/2 (月) 10:00</td><td class=\"when\" data-label=\"復旧\">10:20</td><td class=\"impact\" data-label=\"影響時間\">約20分</td>"
            + $"<td data-label=\"振り返り\" class=\"retro retro-overdue\"><a href=\"/api/incidents/{overdue}/retro/page?lang=ja\">期限超過</a></td>", html, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"/api/incidents/{owed}/retro/page?lang=ja\">未記入\u2060（期限内）</a>", html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"impact\" data-label=\"影響時間\">約1時間20分</td>", html, StringComparison.Ordinal);
        Assert.Contains($"<li><a href=\"/api/incidents/{overdue}/retro/page?lang=ja\">期限超過：{overdue}「&lt;b&gt;決済&lt;/b&gt;が遅い」（期限 11月6日(金)）</a></li>", html, StringComparison.Ordinal);
        Assert.Contains($"<li><a href=\"/api/incidents/{owed}/retro/page?lang=ja\">未記入：{owed}「ログインできない」（期限 12月3日(木)）</a></li>", html, StringComparison.Ordinal);

        // The JSON has the same list, newest first, and the retro owed.
        var json = await Host.Client.GetFromJsonAsync<JsonElement>("api/reports/incidents?from=2026-11-01&to=2026-11-30");
        Assert.Equal(
            [(owed, "owed"), (minor, "notNeeded"), (overdue, "overdue")],
            json.GetProperty("incidents").EnumerateArray().Select(i => (i.GetProperty("id").GetString(), i.GetProperty("retro").GetString())));
        Assert.Equal([owed], json.GetProperty("retros").GetProperty("pendingIncidents").EnumerateArray().Select(i => i.GetProperty("id").GetString()));
    }

    private static (string?, string?, string?, string?) Dates(JsonElement r) =>
        (r.GetProperty("from").GetString(), r.GetProperty("to").GetString(), r.GetProperty("previousFrom").GetString(), r.GetProperty("previousTo").GetString());

    private async Task<string> PageAsync(string query)
    {
        using var page = await Host.Client.GetAsync("api/reports/incidents/page?lang=ja&" + query);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        return await page.Content.ReadAsStringAsync();
    }

    private async Task<string> DeclareAsync(string title, string severity = "sev3")
    {
        using var created = await Host.Client.PostAsJsonAsync("api/incidents", new { title, severity });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private async Task ResolveAsync(string id)
    {
        using var resolved = await Host.Client.PostAsJsonAsync($"api/incidents/{id}/updates", new { status = "resolved", message = "復旧しました", by = "sato" });
        Assert.True(resolved.IsSuccessStatusCode, await resolved.Content.ReadAsStringAsync());
    }

    private Task AdvanceToAsync(DateTimeOffset at) => Host.AdvanceAsync(at - Host.Time.GetUtcNow());
}
