using System.Drawing;
using OnDuty.Core.Alerts;
using OnDuty.Core.Calendar;
using OnDuty.Core.Incidents;
using OnDuty.Core.Messages;
using OnDuty.Core.Retros;
using OnDuty.Core.Team;
using OnDuty.Messages;
using OpenQA.Selenium;

namespace OnDuty.EndToEnd.Tests.Pages;

/// <summary>
/// Session 58: the English incident report's list of incidents scrolled inside its box on a desktop (981 px of table in the
/// page's 800 px; the Japanese one fitted): its cells never wrapped (「not written (not due yet)」, 「SEV2 (highest SEV1)」, the
/// headers). In headless Chromium at 1280 px the list fits in both languages without a horizontal scroll, its times each on
/// one line, and so does the severity table above it (its English headers said short, its times' numbers on one line); at a
/// phone's 390 px the page itself does not scroll sideways (the list turns into one card per incident).
/// </summary>
public sealed class IncidentReportPageLayoutTests : IDisposable
{
    private static readonly TimeZoneInfo Tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
    private static readonly DateOnly Today = new(2026, 12, 9);

    private readonly HeadlessChromium _chromium = new();

    [Theory]
    [InlineData(Language.En)]
    [InlineData(Language.Ja)]
    public void IncidentList_AtDesktopWidth_FitsItsBox_AndAtPhoneWidth_ThePageDoesNotScroll(Language language)
    {
        var html = Path.Combine(Path.GetTempPath(), $"onduty-report-{Guid.NewGuid():N}.html");
        File.WriteAllText(html, new NoticeRenderer(new TemplateSet()).Page(new IncidentReportNotice(language, December())));
        try
        {
            _chromium.Browser.Manage().Window.Size = new Size(1280, 1400);
            _chromium.GoTo(new Uri(html));
            var box = Measure("const b = document.getElementById('incidents').parentElement; return [b.scrollWidth, b.clientWidth];");
            Assert.True(box[0] <= box[1], $"the list is {box[0]} px wide in a {box[1]} px box");

            // The severity table's eleven columns fit too (English scrolled, 908 px in 800): English says its long headers short
            // (P90, the full words in their title), and each time keeps its number on one line («about» may wrap above it), as the list's impact does
            // (it read «about 1» above «min»).
            var severities = Measure("const b = document.getElementById('severities-box'); return [b.scrollWidth, b.clientWidth];");
            Assert.True(severities[0] <= severities[1], $"the severity table is {severities[0]} px wide in a {severities[1]} px box");
            var durations = (IReadOnlyCollection<object>)Script(
                "return Array.from(document.querySelectorAll('#severities tbody td:nth-child(n+5):nth-child(-n+10), #incidents td.impact')).map(e => { const t = e.firstChild; const i = t.data.search(/[0-9]/); " +
                "if (i < 0) return t.data + ':-'; const r = document.createRange(); r.setStart(t, i); r.setEnd(t, t.data.length); " +
                "return t.data + ':' + new Set(Array.from(r.getClientRects()).map(x => Math.round(x.top))).size; });")!;
            Assert.Contains(durations.Cast<string>(), d => !d.EndsWith(":-", StringComparison.Ordinal));
            Assert.All(durations.Cast<string>().Where(d => !d.EndsWith(":-", StringComparison.Ordinal)), d => Assert.EndsWith(":1", d, StringComparison.Ordinal));
            var headers = (IReadOnlyCollection<object>)Script("return Array.from(document.querySelectorAll('#severities abbr')).map(a => a.textContent + '=' + a.title);")!;
            Assert.Equal(language == Language.En ? ["Acked=Acknowledged", "Not acked=Not acknowledged", "P90=90th percentile", "P90=90th percentile"] : [], headers.Cast<string>());

            var times = (IReadOnlyCollection<object>)Script(
                "return Array.from(document.querySelectorAll('#incidents td.when')).map(e => { const r = document.createRange(); r.selectNodeContents(e); return e.textContent + ':' + r.getClientRects().length; });")!;
            Assert.Equal(10, times.Count);
            Assert.All(times.Cast<string>(), t => Assert.EndsWith(":1", t, StringComparison.Ordinal));
            _chromium.Screenshot($"incident-report-{language.ToString().ToLowerInvariant()}-1280.png");

            _chromium.Browser.Manage().Window.Size = new Size(390, 1400);
            _chromium.GoTo(new Uri(html));
            var page = Measure("return [document.documentElement.scrollWidth, document.documentElement.clientWidth];");
            Assert.True(page[0] <= page[1], $"the page is {page[0]} px wide at {page[1]} px");
            _chromium.Screenshot($"incident-report-{language.ToString().ToLowerInvariant()}-390.png");
        }
        finally
        {
            File.Delete(html);
        }
    }

    public void Dispose() => _chromium.Dispose();

    private object? Script(string script) => ((IJavaScriptExecutor)_chromium.Browser).ExecuteScript(script);

    private long[] Measure(string script) => [.. ((IReadOnlyCollection<object>)Script(script)!).Select(Convert.ToInt64)];

    private static DateTimeOffset J(int day, int hour, int minute = 0, int second = 0) => new(2026, 12, day, hour, minute, second, TimeSpan.FromHours(9));

    private static ReportIncident Make(string id, string title, AlertSeverity severity, DateTimeOffset detected, DateTimeOffset? resolved, RetroContent? retro = null) =>
        new(Incident.Restore(new IncidentSnapshot
        {
            Id = id,
            Title = title,
            Severity = severity,
            Status = resolved is null ? IncidentStatus.Investigating : IncidentStatus.Resolved,
            Source = Incident.ManualSource,
            DetectedAt = detected,
            StartedAt = detected,
            ResolvedAt = resolved,
        }), [], retro);

    /// <summary>December 2026 in Tokyo read on Wed 9 Dec, as IncidentReportPageTests has it: every retro state, one still open.</summary>
    private static IncidentReport December()
    {
        var range = ReportRange.Of(new(2026, 12, 1), Today, Tokyo, 366);
        return IncidentReportCalculator.Compute(range, range.Previous(Tokyo, J(9, 12)), [
            Make("INC-2026-0001", "Payment API 5xx error rate above 10%", AlertSeverity.Sev1, J(3, 3, 32), J(3, 3, 32, 36)),
            Make("INC-2026-0002", "iOSアプリで請求書PDFがダウンロードできない", AlertSeverity.Sev2, J(3, 2, 50), J(3, 4, 10), new RetroContent { Summary = "s" }),
            Make("INC-2026-0003", "Sign-in fails", AlertSeverity.Sev2, J(8, 23, 30), J(9, 0, 50)),
            Make("INC-2026-0004", "通知が遅れる", AlertSeverity.Sev3, J(9, 9, 0), J(9, 9, 1, 18)),
            Make("INC-2026-0005", "Search is slow", AlertSeverity.Sev1, J(9, 10, 0), null),
        ], false, Today, Tokyo, "Asia/Tokyo", new WorkingCalendar("JP", []), new ReportOptions(), 3);
    }
}
