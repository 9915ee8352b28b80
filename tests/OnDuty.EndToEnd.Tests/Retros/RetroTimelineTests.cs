using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OnDuty.EndToEnd.Tests.Pages;
using OnDuty.EndToEnd.Tests.Support;

namespace OnDuty.EndToEnd.Tests.Retros;

/// <summary>
/// An incident's timeline as the sample settings run it (audiences 経営層 and サポート), from the incident page through the
/// retro's pre-fill to the 障害報告書: who did what, which notice went to whom, what an edit changed; no addresses, no "system".
/// </summary>
public sealed class RetroTimelineTests : IAsyncLifetime
{
    private const string MasterKey = "e2e-retro-timeline-key";

    private OwnApp _app = null!;

    private HostedApp _host => _app.Host;

    public async Task InitializeAsync() =>
        _app = await OwnApp.StartAsync(MasterKey, OnDutyAppFixture.BeforeHandoff.AddHours(3), sampleAudiences: true);

    public Task DisposeAsync() => _app.DisposeAsync().AsTask();

    [Fact]
    public async Task DeclareEditUpdateResolve_PageRetroAndReport_SayWhoDidWhatToWhom()
    {
        using var created = await _host.Client.PostAsJsonAsync("api/incidents", new { title = "請求書PDFがダウンロードできない", severity = "sev2", userImpact = "iOS の一部", by = "sato" });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await SettleAsync();
        await PostUpdateAsync(id, new { workaround = "Web 版からダウンロードできます。", userImpact = "iOS の法人プラン利用者", by = "sato" });
        await PostUpdateAsync(id, new { status = "identified", message = "URL 設定の誤り", by = "sato" });
        await SettleAsync();

        var details = await _host.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}");
        var duty = details.GetProperty("incident").GetProperty("assignees").EnumerateArray()
            .Select(a => (Email: a.GetProperty("email").GetString()!, Name: a.GetProperty("displayName").GetString()!)).ToList();
        var edit = Assert.Single(details.GetProperty("timeline").EnumerateArray(), t => t.GetProperty("kind").GetString() == "update" && t.GetProperty("message").ValueKind == JsonValueKind.Null);
        Assert.Equal(["impact", "workaroundAdded"], edit.GetProperty("changes").EnumerateArray().Select(c => c.GetString()));

        using var browser = new PageBrowser(_host.BaseAddress);
        var (_, page) = await browser.GetAsync($"api/incidents/{id}/page?lang=ja");
        var timeline = page[page.IndexOf("<ol id=\"timeline\">", StringComparison.Ordinal)..];
        Assert.Contains("第1報を関係者（経営層・サポート）に送信", timeline, StringComparison.Ordinal);
        Assert.Contains("第3報を関係者（経営層・サポート）に送信", timeline, StringComparison.Ordinal);
        Assert.Contains("影響範囲を変更、回避策を追記", timeline, StringComparison.Ordinal);
        Assert.Contains("調査中 → 原因特定", timeline, StringComparison.Ordinal);
        Assert.NotEmpty(duty);
        // A duty member in a sentence as a colleague says them: 「メールで山田さんに届きました」 (JA-STYLE, family name with さん).
        Assert.All(duty, d => Assert.Contains($"メールで{(d.Name.Any(c => c >= '\u3040') ? d.Name.Split(' ')[0] : d.Name)}さんに届きました", timeline, StringComparison.Ordinal));
        Assert.DoesNotContain("@onduty.example", timeline, StringComparison.Ordinal);

        await PostUpdateAsync(id, new { status = "resolved", message = "修正版を配信", by = "sato" });
        var (_, retro) = await browser.GetAsync($"api/incidents/{id}/retro/page?lang=ja");
        Assert.DoesNotContain("<legend>配信", retro, StringComparison.Ordinal);
        Assert.DoesNotContain("— system</legend>", retro, StringComparison.Ordinal);
        Assert.Contains("— OnDuty（自動）</legend>", retro, StringComparison.Ordinal);
        Assert.Contains(">第1報を関係者（経営層・サポート）に送信</textarea>", retro, StringComparison.Ordinal);
        Assert.Contains(">状態を変更：調査中 → 原因特定</textarea>", retro, StringComparison.Ordinal);

        // Saved as a browser posts the form: OnDuty's lines stay OnDuty's (stored in English), said again in the report.
        var fields = new Dictionary<string, string>(PageBrowser.RetroLinesAsShown(retro)) { ["by"] = "鈴木 一郎", ["summary"] = "URL 設定の誤り" };

        var (saved, savedHtml) = await browser.SubmitAsync(retro, "/retro/page", fields);
        Assert.True(saved.StatusCode == HttpStatusCode.SeeOther, savedHtml);
        var lines = (await _host.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}/retro")).GetProperty("timeline").EnumerateArray()
            .Select(l => l.GetProperty("text").GetString()).ToList();
        Assert.Contains("notice 1 sent to execs, support", lines);
        Assert.Contains("changed impact, workaroundAdded", lines);

        // An English reader's retro form names the audiences by their English names (DisplayNameEn), as the report does; saved
        // from that form, OnDuty's line stays OnDuty's (stored in English), not typed text.
        var (_, retroEn) = await browser.GetAsync($"api/incidents/{id}/retro/page?lang=en");
        Assert.Contains(">Update 1 sent to stakeholders (Executives &amp; Support)</textarea>", retroEn, StringComparison.Ordinal);
        Assert.Contains(">Status: Investigating → Identified</textarea>", retroEn, StringComparison.Ordinal);
        Assert.DoesNotContain("経営層", retroEn, StringComparison.Ordinal);
        var fieldsEn = new Dictionary<string, string>(PageBrowser.RetroLinesAsShown(retroEn)) { ["by"] = "鈴木 一郎", ["summary"] = "URL 設定の誤り" };

        var (savedEn, savedEnHtml) = await browser.SubmitAsync(retroEn, "/retro/page", fieldsEn);
        Assert.True(savedEn.StatusCode == HttpStatusCode.SeeOther, savedEnHtml);
        Assert.Contains("notice 1 sent to execs, support", (await _host.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}/retro")).GetProperty("timeline").EnumerateArray()
            .Select(l => l.GetProperty("text").GetString()));

        var (_, report) = await browser.GetAsync($"api/incidents/{id}/retro/report?lang=ja");
        Assert.Contains("<th scope=\"col\">実施者</th>", report, StringComparison.Ordinal);
        Assert.Contains("<td>OnDuty（自動）</td><td>第1報を関係者（経営層・サポート）に送信</td>", report, StringComparison.Ordinal);
        Assert.DoesNotContain("@onduty.example", report, StringComparison.Ordinal);
        var (_, en) = await browser.GetAsync($"api/incidents/{id}/retro/report?lang=en");
        Assert.Contains("<td>OnDuty (automatic)</td><td>Update 1 sent to stakeholders (Executives &amp; Support)</td>", en, StringComparison.Ordinal);
    }

    /// <summary>
    /// Brief toolack (session 42), 1: Datadog acknowledged (a PagerDuty Events v2 <c>acknowledge</c> with <c>client</c>), then a person
    /// took it over. The tool's row keeps the tool's name: the API row's <c>via</c>, the incident page's 対応開始 row, the retro's
    /// pre-fill, the retro saved from the page as a browser posts it, and the 障害報告書 all say Datadog — never 「PagerDuty 連携」.
    /// </summary>
    [Fact]
    public async Task ToolAcknowledgedThenTakenOver_PageRetroSavedAndReport_NameTheTool()
    {
        var key = "toolack-" + Guid.NewGuid().ToString("n");
        using var trigger = await _host.Client.PostAsync("api/alerts/pagerduty", new StringContent(
            $$$"""{"routing_key":"samplekeyhere","event_action":"trigger","dedup_key":"{{{key}}}","client":"Datadog","payload":{"summary":"Disk 95% on app-07","source":"app-07","severity":"error"}}""",
            System.Text.Encoding.UTF8, "application/json"));
        Assert.True(trigger.StatusCode == HttpStatusCode.Accepted, await trigger.Content.ReadAsStringAsync());
        var id = (await trigger.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("onDuty").GetProperty("incidentId").GetString()!;
        using (var acked = await _host.Client.PostAsync("api/alerts/pagerduty", new StringContent(
            $$"""{"routing_key":"samplekeyhere","dedup_key":"{{key}}","event_action":"acknowledge","client":"Datadog"}""", System.Text.Encoding.UTF8, "application/json")))
        {
            Assert.True(acked.StatusCode == HttpStatusCode.Accepted, await acked.Content.ReadAsStringAsync());
        }

        // The tool's acknowledgement, as the API says it: by the route, via the name the tool gave itself.
        var toolAcked = (await _host.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}")).GetProperty("incident");
        Assert.Equal(("alert:pagerduty", "Datadog"), (toolAcked.GetProperty("acknowledgedBy").GetString(), toolAcked.GetProperty("acknowledgedVia").GetString()));

        using (var taken = await _host.Client.PostAsJsonAsync($"api/incidents/{id}/ack", new { memberId = "sato" }))
        {
            Assert.True(taken.IsSuccessStatusCode, await taken.Content.ReadAsStringAsync());
        }

        await PostUpdateAsync(id, new { status = "resolved", message = "ディスクを拡張", by = "sato" });
        await SettleAsync();

        var details = await _host.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}");
        Assert.Equal("sato", details.GetProperty("incident").GetProperty("acknowledgedBy").GetString());
        Assert.Equal(JsonValueKind.Null, details.GetProperty("incident").GetProperty("acknowledgedVia").ValueKind);
        var toolRow = Assert.Single(details.GetProperty("timeline").EnumerateArray(), t => t.GetProperty("kind").GetString() == "acknowledged" && t.GetProperty("by").GetString() == "alert:pagerduty");
        Assert.Equal("Datadog", toolRow.GetProperty("via").GetString());

        using var browser = new PageBrowser(_host.BaseAddress);
        var (_, page) = await browser.GetAsync($"api/incidents/{id}/page?lang=ja");
        Assert.Contains("<b>対応開始</b> <span class=\"meta\">— Datadog</span>", page[page.IndexOf("<ol id=\"timeline\">", StringComparison.Ordinal)..], StringComparison.Ordinal);

        var (_, retro) = await browser.GetAsync($"api/incidents/{id}/retro/page?lang=ja");
        Assert.Contains("<legend>対応開始 — Datadog</legend>", retro, StringComparison.Ordinal);
        Assert.DoesNotContain("対応開始 — PagerDuty 連携</legend>", retro, StringComparison.Ordinal);
        var fields = new Dictionary<string, string>(PageBrowser.RetroLinesAsShown(retro)) { ["by"] = "鈴木 一郎", ["summary"] = "ディスク容量" };

        var (saved, savedHtml) = await browser.SubmitAsync(retro, "/retro/page", fields);
        Assert.True(saved.StatusCode == HttpStatusCode.SeeOther, savedHtml);
        var line = Assert.Single((await _host.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}/retro")).GetProperty("timeline").EnumerateArray(),
            l => l.GetProperty("kind").GetString() == "acknowledged" && l.GetProperty("by").GetString() == "alert:pagerduty");
        Assert.Equal("Datadog", line.GetProperty("via").GetString());

        var (_, report) = await browser.GetAsync($"api/incidents/{id}/retro/report?lang=ja");
        Assert.Contains("<td>Datadog</td><td>対応開始</td>", report, StringComparison.Ordinal);
        var (_, en) = await browser.GetAsync($"api/incidents/{id}/retro/report?lang=en");
        Assert.Contains("<td>Datadog</td><td>Acknowledged</td>", en, StringComparison.Ordinal);
    }

    private async Task PostUpdateAsync(string id, object body)
    {
        using var posted = await _host.Client.PostAsJsonAsync($"api/incidents/{id}/updates", body);
        Assert.True(posted.StatusCode == HttpStatusCode.OK, await posted.Content.ReadAsStringAsync());
    }

    private Task SettleAsync() => _host.SettleAsync(async () => (await _app.Smtp!.MessagesAsync()).Count);
}
