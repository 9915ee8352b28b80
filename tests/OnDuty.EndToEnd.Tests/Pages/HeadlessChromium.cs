using OnDuty.Testing;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace OnDuty.EndToEnd.Tests.Pages;

/// <summary>
/// A real headless Chromium at phone width (Debian's <c>chromium</c> + <c>chromium-driver</c>; test.sh installs them) and
/// the few things the page tests do with it: type, choose, wait for the navigation a click started, take a screenshot.
/// </summary>
public sealed class HeadlessChromium : IDisposable
{
    private const string Chromium = "/usr/bin/chromium";
    private const string Driver = "/usr/bin/chromedriver";

    /// <param name="pageLoad">
    /// <see cref="PageLoadStrategy.None"/> for a test that looks at a page while the navigation it started is still pending (a post
    /// held at the server): with the default, every command waits for that navigation first.
    /// </param>
    public HeadlessChromium(PageLoadStrategy pageLoad = PageLoadStrategy.Normal)
    {
        if (!File.Exists(Chromium) || !File.Exists(Driver))
        {
            throw new InvalidOperationException("The PM pages' browser test needs Chromium: apt-get install -y chromium chromium-driver fonts-noto-cjk (test.sh does this when run as root).");
        }

        var options = new ChromeOptions { BinaryLocation = Chromium, PageLoadStrategy = pageLoad };
        // Phone width: the pages are made for a phone first.
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=412,1100", "--lang=ja", "--hide-scrollbars");
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(Driver)!, Path.GetFileName(Driver));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        Browser = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }

    public ChromeDriver Browser { get; }

    public string Url => Browser.Url;

    public void GoTo(Uri url) => Browser.Navigate().GoToUrl(url);

    public IWebElement Find(string id) => Browser.FindElement(By.Id(id));

    public void Type(string id, string text)
    {
        var element = Find(id);
        element.Clear();
        element.SendKeys(text);
    }

    public void Choose(string selectId, string value) => Browser.FindElement(By.CssSelector($"#{selectId} option[value='{value}']")).Click();

    /// <summary>Waits for a navigation the click started (the browser, not the test, decides when the page is there).</summary>
    public void Wait(Func<IWebDriver, bool> condition)
    {
        for (var i = 0; i < 300 && !condition(Browser); i++)
        {
            Thread.Sleep(100);
        }

        Assert.True(condition(Browser), $"The browser did not get there; it is at {Browser.Url}");
    }

    /// <summary>Clicks and waits until the page that click loads has replaced the current one.</summary>
    public void ClickAndWait(string id)
    {
        var before = Find(id);
        before.Click();
        Wait(_ => IsStale(before));
    }

    public void AssertNoScriptRan() => Assert.Throws<NoAlertPresentException>(() => Browser.SwitchTo().Alert());

    /// <summary><c>ONDUTY_UPDATE_SCREENSHOTS=1</c> writes to docs/screenshots (the README's), otherwise to the test output.</summary>
    public void Screenshot(string name)
    {
        var folder = Environment.GetEnvironmentVariable("ONDUTY_UPDATE_SCREENSHOTS") == "1"
            ? Path.Combine(RepoRoot.Find(), "docs", "screenshots")
            : Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        Browser.GetScreenshot().SaveAsFile(Path.Combine(folder, name));
    }

    public void Dispose() => Browser.Quit();

    private static bool IsStale(IWebElement element)
    {
        try
        {
            _ = element.Enabled;
            return false;
        }
        catch (StaleElementReferenceException)
        {
            return true;
        }
        catch (UnknownErrorException ex) when (ex.Message.Contains("does not belong to the document", StringComparison.Ordinal))
        {
            // ChromeDriver's answer for an element of a document being replaced, caught mid-navigation (seen once in a
            // clean-clone run): as stale as the other answer.
            return true;
        }
    }
}
