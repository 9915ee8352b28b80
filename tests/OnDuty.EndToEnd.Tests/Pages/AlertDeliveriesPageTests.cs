using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OnDuty.EndToEnd.Tests.Support;
using OpenQA.Selenium;

namespace OnDuty.EndToEnd.Tests.Pages;

/// <summary>
/// The delivery list as a page (<c>/api/alerts/deliveries/page</c>) in headless Chromium at phone width: a refused delivery is
/// listed under its source, marked, with its problem; what the sender sent stays text. And <c>/api/health</c> notes it.
/// </summary>
[Collection(OnDutyAppCollection.Name)]
public sealed class AlertDeliveriesPageTests(OnDutyAppFixture app) : IDisposable
{
    private const string Markup = "<img src=x onerror=alert(1)>";

    private readonly HeadlessChromium _chromium = new();

    [Fact]
    public async Task RefusedDelivery_InChromium_ListedUnderItsSourceMarkedWithItsProblem_HealthNotesIt()
    {
        // The hosts run on a fake clock: this refusal is told apart by the length its error names.
        var length = Random.Shared.Next(300, 3000);
        var body = JsonSerializer.Serialize(new { dedup_key = new string('k', length), event_action = "trigger", summary = "決済 API の応答が遅い", source = "db-1", severity = Markup });
        using (var response = await app.Client.PostAsync("api/alerts/generic", new StringContent(body, Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        _chromium.GoTo(new Uri(app.BaseAddress, "api/alerts/deliveries/page?lang=ja"));
        Assert.Equal("アラートの受信履歴", _chromium.Browser.FindElement(By.TagName("h1")).Text);
        _chromium.Choose("source", "generic");
        _chromium.ClickAndWait("show");

        Assert.Contains("/api/alerts/deliveries/page?lang=ja&source=generic", _chromium.Url, StringComparison.Ordinal);
        Assert.Empty(_chromium.Browser.FindElements(By.Id("s-grafana")));
        var refused = _chromium.Browser.FindElements(By.CssSelector("#s-generic li.refused")).Single(li => li.Text.Contains($"got {length}", StringComparison.Ordinal));
        Assert.Contains("拒否 · HTTP 400", refused.Text, StringComparison.Ordinal);
        Assert.Equal("形式の誤り（Invalid alert payload）", refused.FindElement(By.CssSelector("p.problem")).Text);
        Assert.Contains(refused.FindElements(By.CssSelector("ul.messages li")), m => m.Text.StartsWith("$.dedup_key: must be at most 255 characters", StringComparison.Ordinal));
        Assert.Contains(refused.FindElements(By.CssSelector("ul.messages li")), m => m.Text.Contains(Markup, StringComparison.Ordinal));
        Assert.Equal("rgba(176, 0, 32, 1)", refused.GetCssValue("border-left-color"));
        Assert.Empty(_chromium.Browser.FindElements(By.CssSelector("main img")));
        _chromium.AssertNoScriptRan();
        _chromium.Screenshot("deliveries-page.png");

        var health = await app.Client.GetFromJsonAsync<JsonElement>("api/health/details");
        Assert.Equal("ok", health.GetProperty("checks").GetProperty("deliveries").GetString());
        Assert.Contains("generic: ", health.GetProperty("notes").GetProperty("deliveries").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownSource_400PageNamingTheSources()
    {
        using var response = await app.Client.GetAsync("api/alerts/deliveries/page?lang=en&source=nagios");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("source must be one of: azure-monitor, alertmanager, grafana, generic, pagerduty, datadog.", html, StringComparison.Ordinal);
    }

    public void Dispose() => _chromium.Dispose();
}
