using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OnDuty.EndToEnd.Tests.Support;

namespace OnDuty.EndToEnd.Tests.Pages;

/// <summary>
/// 判断基準の見直し提案 (session 48) over HTTP on Azurite: retros saved through the API are listed newest first; changing the criterion
/// from the list's link (the criteria page's edit opened from the retro) adopts the proposal — gone from the default list, listed
/// as adopted under 「すべて」 — and a second adoption at the same version is refused with the criteria page's 409.
/// </summary>
[Collection(OnDutyAppCollection.Name)]
public sealed class CriterionProposalsPageTests(OnDutyAppFixture app)
{
    private const string Markup = "<script>alert('x')</script>";

    [Fact]
    public async Task TwoRetrosWithProposals_ListedNewestFirst_AdoptingOneFromItsLink_FiltersItOut_ASecondAdoptionGets409()
    {
        var id = "proposal-" + Guid.NewGuid().ToString("N")[..8];
        using (var created = await app.Client.PostAsJsonAsync("api/criteria", new { id, title = "請求の重大度 " + id, text = "請求書が出せないときは SEV3", topic = "severity" }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var older = await RetroWithProposalAsync("請求書が遅い", id, "月末は SEV2 に " + Markup);
        await app.AdvanceAsync(TimeSpan.FromSeconds(1)); // the shared app's frozen clock: the second retro is saved later
        var newer = await RetroWithProposalAsync("請求書 PDF が出ない", id, "締め日は SEV2");

        using var browser = new PageBrowser(app.BaseAddress);
        var (shown, page) = await browser.GetAsync("api/criteria/proposals/page?lang=ja");
        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        var newerRow = Row(page, newer);
        var olderRow = Row(page, older);
        Assert.True(page.IndexOf(newerRow, StringComparison.Ordinal) < page.IndexOf(olderRow, StringComparison.Ordinal), "the newer retro's proposal is listed first");
        Assert.Contains($"<b>請求の重大度 {id}</b>", olderRow, StringComparison.Ordinal);
        Assert.Contains($"<p class=\"note\">{OnDuty.Messages.TemplateSet.Html.Encode("月末は SEV2 に " + Markup)}</p>", olderRow, StringComparison.Ordinal);
        Assert.Contains("・鈴木 一郎</span>", olderRow, StringComparison.Ordinal);
        Assert.Contains("<span class=\"open\">未反映</span>", olderRow, StringComparison.Ordinal);
        Assert.DoesNotContain(Markup, page, StringComparison.Ordinal);

        // Adopting the older one: its link opens the criterion's edit form from that retro; two people post it at the version they read.
        var href = WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(olderRow, "<a href=\"([^\"]+)\" class=\"adopt-link\">").Groups[1].Value);
        Assert.Equal($"/api/criteria/page?lang=ja&edit={id}&retro={older}#edit", href);
        using var other = new PageBrowser(app.BaseAddress);
        var (_, form) = await browser.GetAsync(href.Split('#')[0]);
        var (_, otherForm) = await other.GetAsync(href.Split('#')[0]);
        var fields = new Dictionary<string, string> { ["by"] = "鈴木 一郎", ["title"] = "請求の重大度 " + id, ["text"] = "月末の締め日は SEV2", ["topic"] = "severity", ["active"] = "true" };
        var (saved, body) = await browser.SubmitAsync(form, "/api/criteria/page/edit", fields);
        var (refused, refusedPage) = await other.SubmitAsync(otherForm, "/api/criteria/page/edit", new Dictionary<string, string>(fields) { ["by"] = "伊藤 さくら", ["text"] = "遅れて保存" });

        Assert.True(saved.StatusCode == HttpStatusCode.SeeOther, body);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("id=\"stale\"", refusedPage, StringComparison.Ordinal);
        var stored = (await app.Client.GetFromJsonAsync<JsonElement>($"api/criteria/{id}")).GetProperty("criterion");
        Assert.Equal((2, older, "月末の締め日は SEV2"), (stored.GetProperty("version").GetInt32(), stored.GetProperty("retro").GetString(), stored.GetProperty("text").GetString()));

        var (_, open) = await browser.GetAsync("api/criteria/proposals/page?lang=ja");
        Assert.DoesNotContain($"/api/incidents/{older}/retro/page", open, StringComparison.Ordinal);
        Assert.Contains("<span class=\"open\">未反映</span>", Row(open, newer), StringComparison.Ordinal);
        var (_, all) = await browser.GetAsync("api/criteria/proposals/page?lang=ja&show=all");
        Assert.Contains("<span class=\"meta adopted\">反映済み：第2版（", Row(all, older), StringComparison.Ordinal);
        Assert.Contains("・鈴木 一郎）</span>", Row(all, older), StringComparison.Ordinal);
        Assert.Contains("<span class=\"open\">未反映</span>", Row(all, newer), StringComparison.Ordinal);
    }

    /// <summary>The list item naming <paramref name="incident"/>'s retro.</summary>
    private static string Row(string page, string incident)
    {
        var at = page.IndexOf($"<a href=\"/api/incidents/{incident}/retro/page?lang=ja\">", StringComparison.Ordinal);
        Assert.True(at >= 0, $"no proposal of {incident}'s retro listed");
        var start = page.LastIndexOf("<li class=\"proposal\">", at, StringComparison.Ordinal);
        return page[start..(page.IndexOf("</li>", at, StringComparison.Ordinal) + 5)];
    }

    private async Task<string> RetroWithProposalAsync(string title, string criterionId, string note)
    {
        using var created = await app.Client.PostAsJsonAsync("api/incidents", new { title, severity = "sev3", by = "suzuki" });
        var body = await created.Content.ReadAsStringAsync();
        Assert.True(created.StatusCode == HttpStatusCode.Created, body);
        var incident = JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
        using var retro = await app.Client.PutAsJsonAsync($"api/incidents/{incident}/retro", new
        {
            summary = "振り返り",
            criteriaChanges = new[] { new { criterionId, note } },
            by = "suzuki",
        });
        Assert.True(retro.IsSuccessStatusCode, await retro.Content.ReadAsStringAsync());
        return incident;
    }
}
