using OnDuty.Testing;
using OpenQA.Selenium;

namespace OnDuty.EndToEnd.Tests.Pages;

/// <summary>
/// Every page OnDuty serves (each page golden, in both languages — the golden tests keep them equal to what the app serves)
/// in headless Chromium at a phone's 390×844: nothing wider than the screen, and what a screen reader and a keyboard need —
/// long titles and ids wrapped, the page's language, one <c>h1</c>, a label for every field, <c>scope</c> on every table header, field errors announced
/// or tied to their field, and buttons at least 44 px high.
/// </summary>
public sealed class PhoneWidthPagesTests : IDisposable
{
    private const int Width = 390;

    // One script per page: what breaks a rule, one line each (empty when the page is fine).
    private const string Audit = """
        const problems = [];
        const root = document.documentElement;
        // A phone widens its layout to what is too wide (then shrinks it all to fit), so either width says the page is too wide.
        const width = Math.max(root.scrollWidth, window.innerWidth);
        if (window.innerWidth < arguments[0]) problems.push('viewport is ' + window.innerWidth + ' px, not ' + arguments[0]);
        if (width > arguments[0]) {
          const wide = Array.from(document.body.querySelectorAll('*')).filter(e => e.getBoundingClientRect().right > arguments[0] + 1)
            .slice(0, 3).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : ''));
          problems.push('wider than the screen: ' + width + ' px (' + wide.join(', ') + ')');
        }
        if (root.lang !== arguments[1]) problems.push('lang="' + root.lang + '"');
        if (!document.querySelector('meta[name=viewport][content*="width=device-width"]')) problems.push('no viewport meta');
        const h1 = document.querySelectorAll('h1').length;
        if (h1 !== 1) problems.push(h1 + ' h1');
        for (const f of document.querySelectorAll('input:not([type=hidden]):not([type=submit]):not([type=button]), select, textarea'))
          if (f.labels.length === 0 && !f.hasAttribute('aria-label') && !f.hasAttribute('aria-labelledby')) problems.push('no label: ' + (f.id || f.name));
        // Who is acting: a name field says so (autocomplete="name"); one that asks a member id or address instead (「連絡担当になる」 not
        // signed in: the person becoming the lead) says username, and nothing else passes.
        for (const f of document.querySelectorAll('input[name=by]:not([type=hidden])'))
          if (f.autocomplete !== 'name' && f.autocomplete !== 'username') problems.push('name field without autocomplete="name" (or "username" for a member id or address): ' + f.id);
        // A Japanese text on an English page (marked "(in Japanese)") is read by a Japanese voice.
        for (const mark of document.querySelectorAll('.ja-only')) {
          let text = mark.previousElementSibling;
          if (text && text.tagName !== 'SPAN' && text.lastElementChild) text = text.lastElementChild;
          if (!text || !text.closest('[lang="ja"]') && !text.querySelector('[lang="ja"]')) problems.push('Japanese text not in lang="ja": ' + mark.parentElement.textContent.trim().slice(0, 40));
        }
        for (const th of document.querySelectorAll('th'))
          if (!th.hasAttribute('scope')) problems.push('th without scope: ' + th.textContent.trim());
        for (const e of document.querySelectorAll('.err'))
          if (e.getAttribute('role') !== 'alert' && !(e.id && document.querySelector('[aria-invalid=true][aria-describedby~="' + e.id + '"], [aria-describedby~="' + e.id + '"] [aria-invalid=true]')))
            problems.push('error neither announced nor tied to its field: ' + e.textContent.trim());
        for (const b of document.querySelectorAll('button'))
          if (b.offsetHeight > 0 && b.offsetHeight < 44) problems.push('button ' + b.offsetHeight + ' px high: ' + b.textContent.trim());
        return problems.join('\n');
        """;

    // Titles, names, ids and messages come from people and tools: an alert name or an id has no place to break. Each text
    // of some length (not one kept on one line on purpose) gets such a word; the page must still fit, wrapping it.
    private const string LongWords = """
        const token = ' PaymentApiErrorsHighLatencyCheckoutServiceEuWest1Production5xx';
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        const texts = [];
        for (let n = walker.nextNode(); n; n = walker.nextNode()) texts.push(n);
        for (const t of texts) {
          const e = t.parentElement;
          if (t.textContent.trim().length < 12 || e.closest('option, textarea, script, style, svg')) continue;
          let kept = false;
          for (let p = e; p && p !== document.body; p = p.parentElement) {
            const style = getComputedStyle(p);
            if (style.whiteSpace === 'nowrap' || style.whiteSpace === 'pre' || ['auto', 'scroll', 'hidden'].includes(style.overflowX)) { kept = true; break; }
          }
          if (!kept) t.textContent += token;
        }
        const width = Math.max(document.documentElement.scrollWidth, window.innerWidth);
        if (width <= arguments[0]) return '';
        const wide = Array.from(document.body.querySelectorAll('*')).filter(e => e.getBoundingClientRect().right > arguments[0] + 1)
          .slice(0, 3).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + e.className : ''));
        return 'a long word makes it wider than the screen: ' + width + ' px (' + wide.join(', ') + ')';
        """;

    private readonly HeadlessChromium _chromium = new();

    [Fact]
    public void EveryPage_AtPhoneWidth_FitsTheScreenAndReadsRight()
    {
        var folder = Path.Combine(RepoRoot.Find(), "tests", "OnDuty.Core.Tests", "Messages", "Golden");
        var pages = Directory.GetFiles(folder, "*.page.*.txt").Order(StringComparer.Ordinal).ToList();
        _chromium.Browser.ExecuteCdpCommand("Emulation.setDeviceMetricsOverride", new Dictionary<string, object?>
        {
            ["width"] = Width, ["height"] = 844, ["deviceScaleFactor"] = 1, ["mobile"] = true,
        });

        var failures = new List<string>();
        foreach (var golden in pages)
        {
            var name = Path.GetFileName(golden);
            var html = Path.Combine(Path.GetTempPath(), $"onduty-{Guid.NewGuid():N}.html");
            File.Copy(golden, html);
            try
            {
                _chromium.GoTo(new Uri(html));
                var language = name.EndsWith(".ja.txt", StringComparison.Ordinal) ? "ja" : "en";
                var script = (IJavaScriptExecutor)_chromium.Browser;
                var problems = string.Join("\n", new[] { (string)script.ExecuteScript(Audit, Width, language)!, (string)script.ExecuteScript(LongWords, Width)! }
                    .Where(p => p.Length > 0));
                if (problems.Length > 0)
                {
                    failures.Add($"{name}:\n  {problems.Replace("\n", "\n  ", StringComparison.Ordinal)}");
                }
            }
            finally
            {
                File.Delete(html);
            }
        }

        // The status page, the incident page and the declare form: what the duty PM opens on a phone at night.
        Assert.Contains(pages, p => p.EndsWith("pm-status-page.page.ja.txt", StringComparison.Ordinal));
        Assert.Contains(pages, p => p.EndsWith("pm-incident-page.page.ja.txt", StringComparison.Ordinal));
        Assert.Contains(pages, p => p.EndsWith("pm-form.page.ja.txt", StringComparison.Ordinal));
        // The incident page offering 「対応を引き継ぐ」 to a signed-in member who does not hold it (session 53).
        Assert.Contains(pages, p => p.EndsWith("pm-incident-page-takeover.page.ja.txt", StringComparison.Ordinal));
        Assert.True(failures.Count == 0, $"{failures.Count} of {pages.Count} pages break a rule at {Width} px:\n{string.Join("\n", failures)}");
    }

    public void Dispose() => _chromium.Dispose();
}
