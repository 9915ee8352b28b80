using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using OnDuty.EndToEnd.Tests.Pages;
using OnDuty.EndToEnd.Tests.Support;
using OnDuty.Testing;

namespace OnDuty.EndToEnd.Tests.Incidents;

/// <summary>
/// Trial 55 follow-up: at 02:40 a covered SEV1 that is really the migration going wrong is held by 「決済DBの移行」. 伊藤 releases
/// that one incident from its page (「呼び出し保留を解除して当番に連絡する」): the pair is paged at once, the timeline names him, and
/// the window goes on holding the migration's expected alert. Repeating changes nothing; an incident not held answers 409.
/// </summary>
public sealed class MaintenanceReleaseOneTests : IAsyncLifetime
{
    private const string MasterKey = "e2e-maintenancerelease-key";

    /// <summary>Wednesday 2026-12-09 10:00 JST.</summary>
    private static readonly DateTimeOffset Wednesday = new(2026, 12, 9, 1, 0, 0, TimeSpan.Zero);

    /// <summary>Saturday 2026-12-12 01:00 JST, the window's start.</summary>
    private static readonly DateTimeOffset Saturday = new(2026, 12, 11, 16, 0, 0, TimeSpan.Zero);

    private const string Yamada = "yamada@onduty.example";

    private static readonly string Dump = Path.Combine(Path.GetTempPath(), "maint-release");

    private LoopbackWebhook _teams = null!;

    private OwnApp _app = null!;

    private WalkSteps _walk = null!;

    /// <summary>Settles the timer steps on what was sent, not on a quiet period each.</summary>
    private readonly MailSettle _mail = new();

    private HostedApp Host => _app.Host;

    private Smtp4devProcess Smtp => _app.Smtp!;

    public async Task InitializeAsync()
    {
        _teams = await LoopbackWebhook.StartAsync();
        _app = await OwnApp.StartAsync(MasterKey, Wednesday, new Dictionary<string, string?>
        {
            ["Teams:WebhookUrl"] = _teams.Url,
            ["Comms:Audiences:execs:Members:0"] = "ceo@execs.example",
            ["Comms:Audiences:execs:Language"] = "ja",
            ["Comms:Audiences:execs:DisplayName"] = "経営層",
            ["Comms:Audiences:support:Members:0"] = "lead@support.example",
            ["Comms:Audiences:support:Language"] = "ja",
            ["Comms:Audiences:support:DisplayName"] = "サポート",
            ["Comms:Audiences:support:Drafts"] = "true",
            ["Comms:BySeverity:Sev1:0"] = "execs",
            ["Comms:BySeverity:Sev1:1"] = "support",
        }, _mail.Install);
        _walk = new WalkSteps(Host, Smtp, SettleAsync, Dump, _mail);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _teams.DisposeAsync();
    }

    [Fact]
    public async Task HeldSev1_ReleasedFromItsPage_PagesThePairAtOnce_WindowKeepsHoldingTheOthers()
    {
        Directory.CreateDirectory(Dump);
        await _walk.DutyPairAsync("yamada", "suzuki");
        using var planned = await Host.Client.PostAsJsonAsync("api/maintenance", new
        {
            title = "決済DBの移行",
            from = "2026-12-12T01:00:00+09:00",
            to = "2026-12-12T03:00:00+09:00",
            sources = new[] { "alertmanager" },
            labels = new Dictionary<string, string> { ["service"] = "payments" },
            by = "ito",
        });
        Assert.True(planned.StatusCode == HttpStatusCode.Created, await planned.Content.ReadAsStringAsync());
        var windowId = (await planned.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await SettleAsync();
        // No severities listed: the 【メンテナンス・予定】 card says a SEV1 is held too.
        var planCard = WalkSteps.CardText(Assert.Single(_teams.Requests).Body);
        Assert.Contains("【メンテナンス・予定】決済DBの移行", planCard, StringComparison.Ordinal);
        Assert.Contains("SEV1 を含むすべての重大度の呼び出しを保留します。", planCard, StringComparison.Ordinal);
        await Host.SetUtcNowAsync(Saturday.AddMinutes(-2));
        await _walk.RunTimersUntilAsync(Saturday);

        // 01:05 the expected alert is held; 02:40 the covered SEV1 (payments really down) is held too.
        await Host.SetUtcNowAsync(Saturday.AddMinutes(5));
        var expected = await _walk.FireAsync("payments", "PaymentDbReplicationLag", "warning", "決済DBのレプリケーション遅延");
        await _walk.RunTimersUntilAsync(Saturday.AddMinutes(100));
        await Host.SetUtcNowAsync(Saturday.AddMinutes(100));
        var outage = await _walk.FireAsync("payments", "PaymentApiDown", "critical", "決済APIが応答しない");
        var other = await _walk.FireAsync("search", "SearchApiDown", "critical", "検索APIが応答しない");
        await SettleAsync();
        await _walk.AckAsync(other, "yamada");
        await SettleAsync();
        await Smtp.DeleteAllAsync();
        Assert.Empty(await Smtp.AboutAsync(outage));
        using var browser = new PageBrowser(Host.BaseAddress);

        // The maintenance page's row names both held incidents, linked, the SEV1 marked.
        var (_, maintenancePage) = await browser.GetAsync("api/status/maintenance?lang=ja");
        await File.WriteAllTextAsync(Path.Combine(Dump, "09-maintenance-page-held.html"), maintenancePage);
        var holdingList = Regex.Match(maintenancePage, $"<ul class=\"matches\" id=\"holding-{windowId}\">(.*?)</ul>", RegexOptions.Singleline).Groups[1].Value;
        Assert.Contains($"<li><b>SEV1</b> <a href=\"/api/incidents/{outage}/page?lang=ja\">{outage}</a> 決済APIが応答しない <strong class=\"urgent\">重大度が高い障害です。呼び出す場合は、障害ページで保留を解除してください。</strong></li>", holdingList, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"/api/incidents/{expected}/page?lang=ja\">{expected}</a> 決済DBのレプリケーション遅延</li>", holdingList, StringComparison.Ordinal);
        Assert.Contains($"id=\"all-severities-{windowId}\"", maintenancePage, StringComparison.Ordinal);

        // 伊藤 sees it is the migration going wrong: on the outage's page, the button releases this one incident now.
        var (_, page) = await browser.GetAsync($"api/incidents/{outage}/page?lang=ja");
        await File.WriteAllTextAsync(Path.Combine(Dump, "10-outage-page-held.html"), page);
        Assert.Contains("呼び出し保留を解除して当番に連絡する", page, StringComparison.Ordinal);
        var (released, _) = await browser.SubmitAsync(page, "/page/releaseHold", new Dictionary<string, string> { ["by"] = "伊藤" });
        Assert.Equal(HttpStatusCode.SeeOther, released.StatusCode);
        await SettleAsync();
        var (_, after) = await browser.GetAsync(released.Headers.Location!.OriginalString);
        await File.WriteAllTextAsync(Path.Combine(Dump, "11-outage-page-released.html"), after);
        Assert.Contains("呼び出し保留を解除しました。当番に連絡します。", after, StringComparison.Ordinal);
        Assert.Contains($"メンテナンス {windowId} による呼び出し保留を手動で解除したため、当番に連絡します", WebUtility.HtmlDecode(after), StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"release-hold\"", after, StringComparison.Ordinal);

        // The first page went out at once (no timer run), and the timeline row names who released it.
        var pages = await _walk.MailsAsync(outage, Yamada);
        Assert.Single(pages, m => m.Subject.Contains("SEV1", StringComparison.Ordinal));
        var detail = await Host.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{outage}");
        var row = Assert.Single(detail.GetProperty("timeline").EnumerateArray(), t => t.GetProperty("kind").GetString() == "pagesReleased");
        Assert.Contains("伊藤", row.ToString(), StringComparison.Ordinal);

        // The window goes on holding the others: the expected alert pages nobody, and stays held through the next timer run.
        Assert.Equal(new[] { expected }, await HoldingAsync(windowId));
        await _walk.RunTimersUntilAsync(Saturday.AddMinutes(110));
        Assert.Empty(await Smtp.AboutAsync(expected));

        // Repeat by the API: nothing more (200, released false, no second page).
        var before = (await Smtp.AboutAsync(outage)).Count;
        using (var again = await Host.Client.PostAsJsonAsync($"api/incidents/{outage}/release-hold", new { by = "ito" }))
        {
            var body = await again.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(again.StatusCode == HttpStatusCode.OK, body.ToString());
            Assert.False(body.GetProperty("released").GetBoolean());
        }

        await SettleAsync();
        Assert.Equal(before, (await Smtp.AboutAsync(outage)).Count);

        // Not held (the search outage, paged at once): 409 problem details, nothing written.
        using var refused = await Host.Client.PostAsJsonAsync($"api/incidents/{other}/release-hold", new { by = "ito" });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);

        // The API releases the expected one too: its first page goes out, by ito.
        using var byApi = await Host.Client.PostAsJsonAsync($"api/incidents/{expected}/release-hold", new { by = "ito" });
        Assert.True((await byApi.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("released").GetBoolean());
        await SettleAsync();
        Assert.NotEmpty(await _walk.MailsAsync(expected, Yamada));
        Assert.Empty(await HoldingAsync(windowId));
    }

    private async Task<string[]> HoldingAsync(string windowId)
    {
        var window = await Host.Client.GetFromJsonAsync<JsonElement>($"api/maintenance/{windowId}");
        return window.TryGetProperty("holding", out var holding) && holding.ValueKind == JsonValueKind.Array
            ? [.. holding.EnumerateArray().Select(h => h.ValueKind == JsonValueKind.String ? h.GetString()! : h.GetProperty("id").GetString()!)]
            : throw new InvalidOperationException(window.ToString());
    }

    private Task SettleAsync() =>
        Host.SettleAsync(async () => (await Smtp.MessagesAsync()).Count, () => Task.FromResult(_teams.Requests.Count));
}
