using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OnDuty.EndToEnd.Tests.Support;
using OnDuty.Testing;

namespace OnDuty.EndToEnd.Tests.Retros;

/// <summary>
/// The monthly incident report through the real host, its timer function (<c>SendIncidentReport</c>), the outbox and a
/// loopback ACS: November's incident declared, then on Tue 1 Dec (December's first working day) after 09:30 the lead of
/// the sample settings gets November's report once, however often the timer runs, with the report page's link.
/// </summary>
public sealed class MonthlyReportEmailTests : IAsyncLifetime
{
    private const string MasterKey = "e2e-monthly-report-key";

    /// <summary>Wed 25 Nov 2026 14:00 in Tokyo.</summary>
    private static readonly DateTimeOffset November = new(2026, 11, 25, 14, 0, 0, TimeSpan.FromHours(9));

    private LoopbackAcsServer _acs = null!;
    private OwnApp _app = null!;

    private HostedApp Host => _app.Host;

    public async Task InitializeAsync()
    {
        _acs = await LoopbackAcsServer.StartAsync();
        _app = await OwnApp.StartAsync(MasterKey, November, OwnApp.AcsEmail(_acs), smtp: false);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _acs.DisposeAsync();
    }

    [Fact]
    public async Task SendIncidentReport_FirstWorkingDayOfDecember_TheLeadGetsNovembersReportOnce()
    {
        using (var created = await Host.Client.PostAsJsonAsync("api/incidents", new { title = "決済が遅い", severity = "sev2", affectedAreas = new[] { "決済" } }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        // Before 09:30 on 1 Dec nothing goes; from then, once.
        await Host.AdvanceAsync(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.FromHours(9)) - Host.Time.GetUtcNow());
        await Host.RunFunctionAsync("SendIncidentReport");
        await Host.AdvanceAsync(TimeSpan.FromMinutes(40));
        for (var run = 0; run < 3; run++)
        {
            await Host.RunFunctionAsync("SendIncidentReport");
        }

        await Host.SettleAsync(() => Task.FromResult(_acs.SendPosts.Count), () => Task.FromResult(_acs.Requests.Count));
        var report = Assert.Single(_acs.Deliveries, d => d.Subject.StartsWith("【月次報告】", StringComparison.Ordinal));
        Assert.Equal("【月次報告】障害レポート 2026年11月（1件）", report.Subject);
        Assert.Equal(["yamada@onduty.example"], report.To.Select(t => t.Address)); // the sample settings' lead, on the roster (Japanese)
        Assert.Contains("障害1件（前月 0件）：SEV2 1件", report.PlainText, StringComparison.Ordinal);
        Assert.Contains("監視から0件・手動起票1件", report.PlainText, StringComparison.Ordinal);
        Assert.Contains("/api/reports/incidents/page?lang=ja&amp;from=2026-11-01&amp;to=2026-11-30\">", report.Html, StringComparison.Ordinal);

        // Who carried November (trial 53): each member on duty, paged out of hours or handling an incident, in words.
        var load = report.PlainText!.ReplaceLineEndings("\n").Split("■当番の負荷（時間外の呼び出しが多い順）\n")[1].Split("\n\n")[0].Split('\n');
        Assert.NotEmpty(load);
        Assert.All(load, line => Assert.Matches("^[^：]+：当番[0-9.]+週（[0-9.]+時間）・時間外の呼び出し[0-9]+回・対応した障害[0-9]+件$", line));

        // The link opens that month's page.
        using var page = await Host.Client.GetAsync("api/reports/incidents/page?lang=ja&from=2026-11-01&to=2026-11-30");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<h1>障害レポート 2026年11月</h1>", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var sent = await Host.Client.GetFromJsonAsync<JsonElement>("api/outbox?status=sent&max=1000");
        Assert.Single(sent.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetString()!.StartsWith("report:2026-11:", StringComparison.Ordinal));
    }
}
