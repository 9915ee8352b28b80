using System.Drawing;
using OnDuty.Testing;
using OpenQA.Selenium;

namespace OnDuty.EndToEnd.Tests.Pages;

/// <summary>
/// The schedule page (its golden rendering, which the golden tests keep equal to what the app serves) in headless Chromium at
/// a phone's 390 px: every badge (継続, 今週から, この週から …) stays on one line instead of breaking mid-word.
/// </summary>
public sealed class SchedulePageLayoutTests : IDisposable
{
    private readonly HeadlessChromium _chromium = new();

    [Theory]
    [InlineData("schedule-page.page.ja.txt")]
    [InlineData("schedule-page.page.en.txt")]
    [InlineData("duty-page.page.ja.txt")]
    public void Badges_AtPhoneWidth_EachOnOneLine(string golden)
    {
        var html = Path.Combine(Path.GetTempPath(), $"onduty-{Guid.NewGuid():N}.html");
        File.Copy(Path.Combine(RepoRoot.Find(), "tests", "OnDuty.Core.Tests", "Messages", "Golden", golden), html);
        try
        {
            _chromium.Browser.Manage().Window.Size = new Size(390, 1400);
            _chromium.GoTo(new Uri(html));

            // An inline element broken over two lines has a box per line.
            var boxes = (IReadOnlyCollection<object>)((IJavaScriptExecutor)_chromium.Browser).ExecuteScript(
                "return Array.from(document.querySelectorAll('.kind')).map(e => e.textContent.trim() + ':' + e.getClientRects().length);")!;

            Assert.NotEmpty(boxes);
            Assert.All(boxes.Cast<string>(), b => Assert.EndsWith(":1", b, StringComparison.Ordinal));
            _chromium.Screenshot(golden.Replace(".txt", ".png", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(html);
        }
    }

    public void Dispose() => _chromium.Dispose();
}
