using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OnDuty.EndToEnd.Tests.Support;

namespace OnDuty.EndToEnd.Tests.Pages;

/// <summary>
/// A criterion changed after a retro, in headless Chromium at phone width: from the retro page's 「この振り返りから変更」 to the
/// criteria page's edit form (started from the retro's note), saved; then the lessons search page finds the retro.
/// </summary>
[Collection(OnDutyAppCollection.Name)]
public sealed class CriteriaPageBrowserTests(OnDutyAppFixture app) : IDisposable
{
    private const string Markup = "<script>alert('x')</script><img src=x onerror=alert(2)>";

    private readonly HeadlessChromium _chromium = new();

    [Fact]
    public async Task CriterionChangedFromTheRetroPage_InChromium_StoredWithTheRetroAndTheNote()
    {
        var criterion = "browser-" + Guid.NewGuid().ToString("N")[..8];
        using (var created = await app.Client.PostAsJsonAsync("api/criteria", new { id = criterion, title = "請求・帳票機能の重大度 " + Markup, text = "請求書が出せないときは SEV3", topic = "severity" }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        using var incidentCreated = await app.Client.PostAsJsonAsync("api/incidents", new { title = "請求書 PDF がダウンロードできない", severity = "sev3", by = "鈴木 一郎" });
        var incident = JsonDocument.Parse(await incidentCreated.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        var note = "月末の締め日は SEV2 にする " + Markup;
        using (var retro = await app.Client.PutAsJsonAsync($"api/incidents/{incident}/retro", new
        {
            summary = "月末の締めで PDF 生成が詰まった",
            criteriaChanges = new[] { new { criterionId = criterion, note } },
            by = "suzuki",
        }))
        {
            Assert.True(retro.IsSuccessStatusCode, await retro.Content.ReadAsStringAsync());
        }

        _chromium.GoTo(new Uri(app.BaseAddress, $"api/incidents/{incident}/retro/page?lang=ja"));
        _chromium.ClickAndWait($"c:{criterion}:change");

        Assert.Contains($"/api/criteria/page?lang=ja&edit={criterion}&retro={incident}", _chromium.Url, StringComparison.Ordinal);
        Assert.Equal(note, _chromium.Find("edit-note").GetAttribute("value"));
        Assert.Contains(note, _chromium.Find("from-retro").Text, StringComparison.Ordinal);
        Assert.Equal("請求・帳票機能の重大度 " + Markup, _chromium.Find("edit-title").GetAttribute("value"));
        _chromium.AssertNoScriptRan();
        _chromium.Screenshot("criteria-page-from-retro.png");

        _chromium.Type("edit-by", "鈴木 一郎");
        _chromium.Type("edit-text", "請求書が出せないときは SEV3。月末の締め日は SEV2。");
        _chromium.ClickAndWait("edit-submit");

        Assert.EndsWith($"/api/criteria/page?lang=ja&done=changed&edit={criterion}", _chromium.Url, StringComparison.Ordinal);
        Assert.Equal("変更を保存しました（第2版）。", _chromium.Find("done").Text);
        Assert.Contains($"{incident} の振り返りから", _chromium.Find("history").Text, StringComparison.Ordinal);
        _chromium.AssertNoScriptRan();
        var stored = (await app.Client.GetFromJsonAsync<JsonElement>($"api/criteria/{criterion}")).GetProperty("criterion");
        Assert.Equal((2, incident, note, "請求書が出せないときは SEV3。月末の締め日は SEV2。", "鈴木 一郎"), (
            stored.GetProperty("version").GetInt32(), stored.GetProperty("retro").GetString(), stored.GetProperty("note").GetString(),
            stored.GetProperty("text").GetString(), stored.GetProperty("updatedBy").GetString()));

        // The lessons search, from the criteria page's link: the retro is found and opened from its hit.
        _chromium.ClickAndWait("lessons-link");
        _chromium.Type("q", "締め PDF");
        _chromium.ClickAndWait("search");
        Assert.Contains("/api/retros/page?lang=ja&q=", _chromium.Url, StringComparison.Ordinal);
        var hit = _chromium.Browser.FindElement(OpenQA.Selenium.By.LinkText(incident));
        Assert.Contains("締め", _chromium.Find("hits").Text, StringComparison.Ordinal);
        _chromium.Screenshot("lessons-page.png");
        hit.Click();
        _chromium.Wait(b => b.Url.Contains($"/api/incidents/{incident}/retro/page", StringComparison.Ordinal));
    }

    /// <summary>
    /// Session 43: the lessons search finds the judgement criteria too — above the incidents, the active criterion its words match,
    /// the words marked, its markup encoded, linking to it on the criteria page; a retired one is not shown. The API returns them
    /// under <c>criteria</c> beside its <c>items</c>.
    /// </summary>
    [Fact]
    public async Task LessonsSearch_InChromium_FindsTheActiveCriterionAboveTheIncidents_AndOpensIt()
    {
        var word = "kite" + string.Concat(Guid.NewGuid().ToString("N")[..8].Select(c => (char)('a' + (c % 26))));
        var criterion = "search-" + Guid.NewGuid().ToString("N")[..8];
        var retired = criterion + "-old";
        foreach (var (id, active) in new[] { (criterion, true), (retired, false) })
        {
            using var created = await app.Client.PostAsJsonAsync("api/criteria", new
            {
                id, title = $"{word} の決済障害は SEV1 " + Markup, text = $"{word} で決済が止まったら SEV1 として起票する。" + Markup, topic = "severity", active,
            });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var api = await app.Client.GetFromJsonAsync<JsonElement>($"api/retros?q={Uri.EscapeDataString(word + " 決済")}");
        Assert.Equal(JsonValueKind.Array, api.GetProperty("items").ValueKind);
        // Both words first (the seeded 「決済・請求に影響する障害は SEV1」 says 決済 only); the retired one never.
        var listed = api.GetProperty("criteria").EnumerateArray().ToList();
        Assert.DoesNotContain(retired, listed.Select(c => c.GetProperty("id").GetString()));
        var found = listed[0];
        Assert.Equal((criterion, 2, $"{word} で決済が止まったら SEV1 として起票する。" + Markup), (
            found.GetProperty("id").GetString(), found.GetProperty("matchedWords").GetInt32(), found.GetProperty("snippet").GetProperty("text").GetString()));

        _chromium.GoTo(new Uri(app.BaseAddress, "api/retros/page?lang=ja"));
        Assert.Empty(_chromium.Browser.FindElements(OpenQA.Selenium.By.Id("criteria-hits")));
        _chromium.Type("q", word + " 決済");
        _chromium.ClickAndWait("search");

        Assert.Equal("判断基準", _chromium.Find("h-criteria").Text);
        var items = _chromium.Browser.FindElements(OpenQA.Selenium.By.CssSelector("#criteria-hits li"));
        Assert.Equal(listed.Count, items.Count);
        Assert.Empty(_chromium.Browser.FindElements(OpenQA.Selenium.By.CssSelector($"#criteria-hits a[href*='edit={retired}']")));
        var item = items[0];
        Assert.Equal([word, "決済"], item.FindElements(OpenQA.Selenium.By.TagName("mark")).Select(m => m.Text));
        Assert.Contains($"{word} で決済が止まったら SEV1 として起票する。" + Markup, item.Text, StringComparison.Ordinal);
        _chromium.AssertNoScriptRan();
        _chromium.Screenshot("lessons-page-criteria.png");

        item.FindElement(OpenQA.Selenium.By.TagName("a")).Click();
        _chromium.Wait(b => b.Url.Contains($"/api/criteria/page?lang=ja&edit={criterion}", StringComparison.Ordinal));
        Assert.Equal($"{word} の決済障害は SEV1 " + Markup, _chromium.Find("edit-title").GetAttribute("value"));
    }

    public void Dispose() => _chromium.Dispose();
}
