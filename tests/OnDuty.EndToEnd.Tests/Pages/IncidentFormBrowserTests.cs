using System.Net.Http.Json;
using System.Text.Json;
using OnDuty.EndToEnd.Tests.Support;

namespace OnDuty.EndToEnd.Tests.Pages;

/// <summary>
/// The declare form filled in and submitted in a real headless Chromium (<see cref="HeadlessChromium"/>), then the incident
/// page worked from the same browser. Takes the README's screenshots: <c>ONDUTY_UPDATE_SCREENSHOTS=1</c> writes them to
/// docs/screenshots (phone width), otherwise to the test output.
/// </summary>
[Collection(OnDutyAppCollection.Name)]
public sealed class IncidentFormBrowserTests(OnDutyAppFixture app) : IDisposable
{
    private readonly HeadlessChromium _chromium = new();

    [Fact]
    public async Task DeclareForm_FilledAndSubmittedInChromium_IncidentOpenedAndWorkedFromItsPage()
    {
        _chromium.GoTo(new Uri(app.BaseAddress, "api/incidents/new?lang=ja"));
        _chromium.Type("f-by", "伊藤 さくら");
        _chromium.Type("f-title", "決済画面が開かない <script>alert('x')</script>");
        _chromium.Choose("f-severity", "SEV2");
        _chromium.Type("f-userImpact", "iOS アプリの一部ユーザーがカード決済できない");
        _chromium.Type("f-workaround", "Web 版から決済してください");
        _chromium.Type("f-affectedAreas", "決済\nカート");
        _chromium.Type("f-platforms", "iOS");
        _chromium.Screenshot("incident-form.png");

        _chromium.Find("declare").Click();

        _chromium.Wait(d => d.Url.Contains("/page?", StringComparison.Ordinal));
        Assert.Matches("/api/incidents/INC-\\d{4}-\\d{4}/page\\?lang=ja&done=declared$", _chromium.Url);
        Assert.Equal("決済画面が開かない <script>alert('x')</script>", _chromium.Find("title").Text.Split(' ', 2)[1]);
        _chromium.AssertNoScriptRan();
        var id = _chromium.Url.Split('/')[5];

        _chromium.Choose("update-status", "identified");
        _chromium.Type("update-message", "決済代行のタイムアウト。切り替え中、次回 11:00 に更新");
        _chromium.Type("update-by", "伊藤 さくら");
        _chromium.Find("submit-update").Click();

        // Declared as notice 1, this update is notice 2: the page says to whom it goes.
        _chromium.Wait(d => d.Url.EndsWith("&done=updated&notice=2", StringComparison.Ordinal));
        Assert.Contains("決済代行のタイムアウト", _chromium.Find("timeline").Text);
        _chromium.Screenshot("incident-page.png");

        var stored = (await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}")).GetProperty("incident");
        Assert.Equal(("SEV2", "identified", "iOS アプリの一部ユーザーがカード決済できない"), (
            stored.GetProperty("severity").GetString(), stored.GetProperty("status").GetString(), stored.GetProperty("userImpact").GetString()));
        Assert.Equal(["決済", "カート"], stored.GetProperty("affectedAreas").EnumerateArray().Select(a => a.GetString()));
    }

    [Fact]
    public async Task AckTogether_FromTheStatusPageInChromium_EveryWaitingIncidentAcknowledgedInOneSubmit()
    {
        var ids = new List<string>();
        foreach (var title in new[] { "ストーム 1", "ストーム 2" })
        {
            using var created = await app.Client.PostAsJsonAsync("api/incidents", new { title, severity = "sev3", by = "alert:grafana" });
            ids.Add((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
        }

        _chromium.GoTo(new Uri(app.BaseAddress, "api/status?lang=ja"));
        _chromium.Find("ack-all-link").Click();
        _chromium.Wait(d => d.Url.Contains("/api/status/ack", StringComparison.Ordinal));
        Assert.All(ids, id => Assert.Contains(id, _chromium.Find("waiting").Text));
        _chromium.Type("f-by", "伊藤 さくら");
        _chromium.Screenshot("ack-together.png");

        _chromium.Find("ack-all").Click();

        _chromium.Wait(d => d.Url.Contains("&done=", StringComparison.Ordinal));
        Assert.Contains("対応しました", _chromium.Find("done").Text);
        foreach (var id in ids)
        {
            var stored = (await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}")).GetProperty("incident");
            Assert.Equal("伊藤 さくら", stored.GetProperty("acknowledgedBy").GetString());
        }
    }

    [Fact]
    public async Task MaintenancePage_AWindowPlannedAndEndedInChromium()
    {
        var label = Guid.NewGuid().ToString("n");
        var to = app.Time.GetUtcNow().AddHours(2);
        _chromium.GoTo(new Uri(app.BaseAddress, "api/status?lang=ja"));
        _chromium.Find("maintenance-link").Click();
        _chromium.Wait(d => d.Url.Contains("/api/status/maintenance", StringComparison.Ordinal));
        _chromium.Type("plan-by", "佐藤 花子");
        _chromium.Type("plan-title", "決済DBの移行 <script>alert('x')</script>");
        // A datetime-local field takes what its picker would give it: the local time as yyyy-MM-ddTHH:mm.
        ((OpenQA.Selenium.IJavaScriptExecutor)_chromium.Browser).ExecuteScript(
            "document.getElementById(arguments[0]).value = arguments[1];", "plan-to",
            TimeZoneInfo.ConvertTime(to, TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo")).ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture));
        _chromium.Browser.FindElement(OpenQA.Selenium.By.CssSelector("input[name='sources'][value='alertmanager']")).Click();
        _chromium.Type("plan-labels", $"onduty_test={label}\nenv=prod");

        _chromium.Find("plan-submit").Click();

        _chromium.Wait(d => d.Url.Contains("done=planned", StringComparison.Ordinal));
        _chromium.AssertNoScriptRan();
        var windows = (await app.Client.GetFromJsonAsync<JsonElement>("api/maintenance")).GetProperty("items").EnumerateArray().ToList();
        var window = Assert.Single(windows, w => w.GetProperty("labels").TryGetProperty("onduty_test", out var v) && v.GetString() == label);
        var id = window.GetProperty("id").GetString()!;
        try
        {
            Assert.Equal(("決済DBの移行 <script>alert('x')</script>", "active", "佐藤 花子"), (
                window.GetProperty("title").GetString(), window.GetProperty("state").GetString(), window.GetProperty("createdBy").GetString()));
            Assert.Equal(["alertmanager"], window.GetProperty("sources").EnumerateArray().Select(s => s.GetString()));
            Assert.Equal("prod", window.GetProperty("labels").GetProperty("env").GetString());
            Assert.Equal(new DateTimeOffset(to.Ticks - (to.Ticks % TimeSpan.TicksPerMinute), to.Offset), window.GetProperty("to").GetDateTimeOffset());
            Assert.Contains("決済DBの移行 <script>alert('x')</script>", _chromium.Find($"w-{id}").Text);

            _chromium.Type($"end-{id}-by", "佐藤 花子");
            _chromium.Find($"end-{id}-submit").Click();

            _chromium.Wait(d => d.Url.Contains("done=ended", StringComparison.Ordinal));
            Assert.Contains("メンテナンスを終了しました", _chromium.Find("done").Text);
            Assert.Equal("ended", (await app.Client.GetFromJsonAsync<JsonElement>($"api/maintenance/{id}")).GetProperty("state").GetString());
        }
        finally
        {
            await app.Client.DeleteAsync($"api/maintenance/{id}?by=test");
        }
    }

    public void Dispose() => _chromium.Dispose();
}
