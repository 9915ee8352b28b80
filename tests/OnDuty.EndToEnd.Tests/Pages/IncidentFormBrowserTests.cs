using System.Net.Http.Json;
using System.Text.Json;
using OnDuty.EndToEnd.Tests.Support;
using OnDuty.Testing;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace OnDuty.EndToEnd.Tests.Pages;

/// <summary>
/// The declare form filled in and submitted in a real headless Chromium (Debian's <c>chromium</c> + <c>chromium-driver</c>;
/// test.sh installs them), then the incident page worked from the same browser. Takes the README's screenshots:
/// <c>ONDUTY_UPDATE_SCREENSHOTS=1</c> writes them to docs/screenshots (phone width), otherwise to the test output.
/// </summary>
[Collection(OnDutyAppCollection.Name)]
public sealed class IncidentFormBrowserTests(OnDutyAppFixture app) : IDisposable
{
    private const string Chromium = "/usr/bin/chromium";
    private const string Driver = "/usr/bin/chromedriver";

    private readonly ChromeDriver _browser = Start();

    [Fact]
    public async Task DeclareForm_FilledAndSubmittedInChromium_IncidentOpenedAndWorkedFromItsPage()
    {
        _browser.Navigate().GoToUrl(new Uri(app.BaseAddress, "api/incidents/new?lang=ja"));
        Type("f-by", "伊藤 さくら");
        Type("f-title", "決済画面が開かない <script>alert('x')</script>");
        Choose("f-severity", "SEV2");
        Type("f-userImpact", "iOS アプリの一部ユーザーがカード決済できない");
        Type("f-workaround", "Web 版から決済してください");
        Type("f-affectedAreas", "決済\nカート");
        Type("f-platforms", "iOS");
        Screenshot("incident-form.png");

        _browser.FindElement(By.Id("declare")).Click();

        Wait(d => d.Url.Contains("/page?", StringComparison.Ordinal));
        Assert.Matches("/api/incidents/INC-\\d{4}-\\d{4}/page\\?lang=ja&done=declared$", _browser.Url);
        Assert.Equal("決済画面が開かない <script>alert('x')</script>", _browser.FindElement(By.Id("title")).Text.Split(' ', 2)[1]);
        Assert.Throws<NoAlertPresentException>(() => _browser.SwitchTo().Alert());
        var id = _browser.Url.Split('/')[5];

        Choose("update-status", "identified");
        Type("update-message", "決済代行のタイムアウト。切り替え中、次回 11:00 に更新");
        Type("update-by", "伊藤 さくら");
        _browser.FindElement(By.Id("submit-update")).Click();

        Wait(d => d.Url.EndsWith("&done=updated", StringComparison.Ordinal));
        Assert.Contains("決済代行のタイムアウト", _browser.FindElement(By.Id("timeline")).Text);
        Screenshot("incident-page.png");

        var stored = (await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}")).GetProperty("incident");
        Assert.Equal(("SEV2", "identified", "iOS アプリの一部ユーザーがカード決済できない"), (
            stored.GetProperty("severity").GetString(), stored.GetProperty("status").GetString(), stored.GetProperty("userImpact").GetString()));
        Assert.Equal(["決済", "カート"], stored.GetProperty("affectedAreas").EnumerateArray().Select(a => a.GetString()));
    }

    public void Dispose() => _browser.Quit();

    private static ChromeDriver Start()
    {
        if (!File.Exists(Chromium) || !File.Exists(Driver))
        {
            throw new InvalidOperationException("The PM pages' browser test needs Chromium: apt-get install -y chromium chromium-driver fonts-noto-cjk (test.sh does this when run as root).");
        }

        var options = new ChromeOptions { BinaryLocation = Chromium };
        // Phone width: the pages are made for a phone first.
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=412,1100", "--lang=ja", "--hide-scrollbars");
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(Driver)!, Path.GetFileName(Driver));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        return new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }

    private void Type(string id, string text)
    {
        var element = _browser.FindElement(By.Id(id));
        element.Clear();
        element.SendKeys(text);
    }

    private void Choose(string selectId, string value) => _browser.FindElement(By.CssSelector($"#{selectId} option[value='{value}']")).Click();

    /// <summary>Waits for a navigation the click started (the browser, not the test, decides when the page is there).</summary>
    private void Wait(Func<IWebDriver, bool> condition)
    {
        for (var i = 0; i < 300 && !condition(_browser); i++)
        {
            Thread.Sleep(100);
        }

        Assert.True(condition(_browser), $"The browser did not get there; it is at {_browser.Url}");
    }

    private void Screenshot(string name)
    {
        var folder = Environment.GetEnvironmentVariable("ONDUTY_UPDATE_SCREENSHOTS") == "1"
            ? Path.Combine(RepoRoot.Find(), "docs", "screenshots")
            : Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        _browser.GetScreenshot().SaveAsFile(Path.Combine(folder, name));
    }
}
