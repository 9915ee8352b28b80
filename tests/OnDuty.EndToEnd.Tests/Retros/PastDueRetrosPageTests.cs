using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OnDuty.EndToEnd.Tests.Support;

namespace OnDuty.EndToEnd.Tests.Retros;

/// <summary>
/// Session 54: the report page named only its month's incidents, so a lead reading November's page missed the October SEV1 whose
/// retro nobody wrote (the monthly email listed it since session 53). Through the real host: the SEV1 of Mon 19 Oct resolved,
/// no retro; on Sun 6 Dec November's page lists it, past due as of that day, linked to its retro page; October's own page does
/// not (it is in that month's list); once the retro is written, November's page has no such section.
/// </summary>
public sealed class PastDueRetrosPageTests : IAsyncLifetime
{
    private const string MasterKey = "e2e-past-due-retros-page-key";

    /// <summary>Mon 19 Oct 2026 10:00 in Tokyo.</summary>
    private static readonly DateTimeOffset October = new(2026, 10, 19, 10, 0, 0, TimeSpan.FromHours(9));

    private OwnApp _app = null!;

    private HostedApp Host => _app.Host;

    public async Task InitializeAsync() => _app = await OwnApp.StartAsync(MasterKey, October);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task IncidentReportPage_OctoberSev1WithoutRetro_NovembersPageListsItUntilTheRetroIsWritten()
    {
        var owed = await DeclareAsync("決済画面が開かない <script>", "sev1");
        await AdvanceToAsync(new DateTimeOffset(2026, 10, 19, 11, 20, 0, TimeSpan.FromHours(9)));
        await ResolveAsync(owed);
        // An October SEV2 whose retro was written: owes nothing.
        var written = await DeclareAsync("通知が遅れる", "sev2");
        await ResolveAsync(written);
        using (var saved = await Host.Client.PutAsJsonAsync($"api/incidents/{written}/retro", new { summary = "書きました", by = "sato" }))
        {
            Assert.Equal(HttpStatusCode.Created, saved.StatusCode);
        }

        await AdvanceToAsync(new DateTimeOffset(2026, 11, 16, 10, 0, 0, TimeSpan.FromHours(9)));
        var november = await DeclareAsync("検索が遅い", "sev2");
        await ResolveAsync(november);
        await AdvanceToAsync(new DateTimeOffset(2026, 12, 6, 10, 0, 0, TimeSpan.FromHours(9)));

        var html = await PageAsync("ja", "from=2026-11-01&to=2026-11-30");
        var section = Section(html);
        Assert.StartsWith("<section id=\"past-due\">\n<h2>2026年12月6日(日) 時点で期限を過ぎている振り返り</h2>\n<p class=\"meta\">2026年11月1日(日)より前に検知した障害の振り返りです。</p>\n<ul>\n", section, StringComparison.Ordinal);
        Assert.Matches(
            $"<li><a href=\"/api/incidents/{owed}/retro/page\\?lang=ja\">{owed} 決済画面が開かない &lt;script&gt;（SEV1、10月19日\\(月\\) 復旧）— 期限 10月2[0-9]日\\([月火水木金]\\)</a>(、担当：[^<]+)?</li>\n</ul>",
            section);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(section, "<li>"));
        Assert.DoesNotContain(written, section, StringComparison.Ordinal);
        // November's own incident is in the month's list, not here.
        Assert.DoesNotContain(november, section, StringComparison.Ordinal);
        Assert.Contains($"/api/incidents/{november}/page?lang=ja", html, StringComparison.Ordinal);

        var english = Section(await PageAsync("en", "from=2026-11-01&to=2026-11-30"));
        Assert.Contains("<h2>Retros past due as of Sun 6 Dec 2026</h2>\n<p class=\"meta\">Retros of incidents detected before Sun 1 Nov 2026.</p>", english, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"/api/incidents/{owed}/retro/page?lang=en\">{owed} 決済画面が開かない &lt;script&gt; (SEV1, resolved Mon 19 Oct) — due ", english, StringComparison.Ordinal);

        // October's page names it in its own list, not as owed from before.
        Assert.DoesNotContain("id=\"past-due\"", await PageAsync("ja", "from=2026-10-01&to=2026-10-31"), StringComparison.Ordinal);

        using (var saved = await Host.Client.PutAsJsonAsync($"api/incidents/{owed}/retro", new { summary = "決済 API のタイムアウト設定", by = "sato" }))
        {
            Assert.Equal(HttpStatusCode.Created, saved.StatusCode);
        }

        var after = await PageAsync("ja", "from=2026-11-01&to=2026-11-30");
        Assert.DoesNotContain("id=\"past-due\"", after, StringComparison.Ordinal);
        Assert.DoesNotContain("時点で期限を過ぎている振り返り", after, StringComparison.Ordinal);
    }

    private static string Section(string html)
    {
        var start = html.IndexOf("<section id=\"past-due\">", StringComparison.Ordinal);
        Assert.True(start >= 0, "the page has a section of retros past due");
        return html[start..html.IndexOf("</section>", start, StringComparison.Ordinal)];
    }

    private async Task<string> PageAsync(string lang, string query)
    {
        using var page = await Host.Client.GetAsync($"api/reports/incidents/page?lang={lang}&{query}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        return await page.Content.ReadAsStringAsync();
    }

    private async Task<string> DeclareAsync(string title, string severity)
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
