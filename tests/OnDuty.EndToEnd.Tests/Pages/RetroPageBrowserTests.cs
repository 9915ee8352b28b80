using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OnDuty.EndToEnd.Tests.Support;
using OpenQA.Selenium;

namespace OnDuty.EndToEnd.Tests.Pages;

/// <summary>
/// A retro written on its page in headless Chromium: reached from the resolved incident's page, every kind of field filled
/// (user text with markup in it), an action item owned by a roster member, a criterion ticked; then someone else saves
/// through the API while the page is open, and the stale save shows both versions with nothing lost.
/// </summary>
[Collection(OnDutyAppCollection.Name)]
public sealed class RetroPageBrowserTests(OnDutyAppFixture app) : IDisposable
{
    private const string Markup = "<script>alert('x')</script><img src=x onerror=alert(2)>";

    private readonly HeadlessChromium _chromium = new();

    [Fact]
    public async Task RetroPage_WrittenInChromiumThenConcurrentEdit_EncodedSavedAndBothVersionsShown()
    {
        var id = await CreateResolvedIncidentAsync();
        var criterion = "page-sev-" + Guid.NewGuid().ToString("N")[..8];
        await PostOkAsync("api/criteria", new { id = criterion, title = "SEV2 を宣言する " + Markup, text = "決済が 5 分止まったら", topic = "severity" });

        _chromium.GoTo(new Uri(app.BaseAddress, $"api/incidents/{id}/page?lang=ja"));
        _chromium.ClickAndWait("retro-link");
        Assert.EndsWith($"/api/incidents/{id}/retro/page?lang=ja", _chromium.Url, StringComparison.Ordinal);
        Assert.Contains("SEV2 を宣言する " + Markup, _chromium.Find("form-retro").Text, StringComparison.Ordinal);
        Assert.Equal("決済画面が開かない", _chromium.Find("t0-text").GetAttribute("value"));

        _chromium.Type("retro-by", "伊藤 さくら");
        _chromium.Type("retro-summary", "決済代行のタイムアウト " + Markup);
        _chromium.Type("retro-hardToJudge", "SEV1 か SEV2 か迷った");
        _chromium.Type("a0-title", "タイムアウト値を見直す");
        _chromium.Choose("a0-owner", "sato");
        _chromium.Find($"c:{criterion}").Click();
        _chromium.Type($"c:{criterion}:note", "5 分は長すぎる");
        _chromium.ClickAndWait("save");

        // Sato was given an item: the page names whom the save mails (by member id in the URL, by name on the page).
        Assert.EndsWith($"/retro/page?lang=ja&done=saved&told=sato", _chromium.Url, StringComparison.Ordinal);
        Assert.Equal("振り返りを保存しました。佐藤さんにアクションアイテムをメールでお知らせします。", _chromium.Browser.FindElement(OpenQA.Selenium.By.CssSelector("p.done")).Text);
        Assert.Equal("決済代行のタイムアウト " + Markup, _chromium.Find("retro-summary").GetAttribute("value"));
        _chromium.AssertNoScriptRan();
        var saved = await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}/retro");
        Assert.Equal("決済代行のタイムアウト " + Markup, saved.GetProperty("summary").GetString());
        var item = saved.GetProperty("actionItems")[0];
        Assert.Equal(("タイムアウト値を見直す", "sato", "open"), (item.GetProperty("title").GetString(), item.GetProperty("owner").GetString(), item.GetProperty("status").GetString()));
        Assert.Equal(criterion, saved.GetProperty("criteriaChanges")[0].GetProperty("criterionId").GetString());

        // Someone else saves while this page is open.
        using var read = await app.Client.GetAsync($"api/incidents/{id}/retro");
        using var theirs = new HttpRequestMessage(HttpMethod.Put, $"api/incidents/{id}/retro")
        {
            Content = JsonContent.Create(new { summary = "佐藤の版: 決済代行を切り替えた", by = "佐藤 花子" }),
        };
        theirs.Headers.TryAddWithoutValidation("If-Match", read.Headers.ETag!.ToString());
        using (var response = await app.Client.SendAsync(theirs))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        _chromium.Type("retro-by", "伊藤 さくら");
        _chromium.Type("retro-summary", "伊藤の版: タイムアウトの監視を追加する");
        _chromium.ClickAndWait("save");

        Assert.Contains("佐藤さん", _chromium.Find("stale").Text, StringComparison.Ordinal);
        Assert.Equal("伊藤の版: タイムアウトの監視を追加する", _chromium.Find("retro-summary").GetAttribute("value"));
        Assert.Contains("佐藤の版: 決済代行を切り替えた", _chromium.Find("current").Text, StringComparison.Ordinal);
        var kept = await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}/retro");
        Assert.Equal("佐藤の版: 決済代行を切り替えた", kept.GetProperty("summary").GetString());
        _chromium.Screenshot("retro-page-stale.png");

        // Having seen theirs, saving again replaces it knowingly; every version stays in the history.
        _chromium.ClickAndWait("save");
        // Sato's item was told with the first save: nobody is mailed again, and the page says only that it saved.
        Assert.EndsWith("&done=saved", _chromium.Url, StringComparison.Ordinal);
        Assert.Equal("振り返りを保存しました。", _chromium.Browser.FindElement(OpenQA.Selenium.By.CssSelector("p.done")).Text);
        var versions = (await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}/retro/versions")).GetProperty("items");
        Assert.Equal(["伊藤 さくら", "佐藤 花子", "伊藤 さくら"], versions.EnumerateArray().Select(v => v.GetProperty("savedBy").GetString()));
        var final = await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}/retro");
        Assert.Equal("伊藤の版: タイムアウトの監視を追加する", final.GetProperty("summary").GetString());
    }

    public void Dispose() => _chromium.Dispose();

    private async Task<string> CreateResolvedIncidentAsync()
    {
        using var created = await app.Client.PostAsJsonAsync("api/incidents", new { title = "決済画面が開かない", severity = "sev2", by = "伊藤 さくら" });
        var body = await created.Content.ReadAsStringAsync();
        Assert.True(created.StatusCode == HttpStatusCode.Created, body);
        var id = JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
        await PostOkAsync($"api/incidents/{id}/updates", new { status = "resolved", message = "復旧しました", by = "伊藤 さくら" });
        return id;
    }

    private async Task PostOkAsync(string path, object body)
    {
        using var response = await app.Client.PostAsJsonAsync(path, body);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }
}
