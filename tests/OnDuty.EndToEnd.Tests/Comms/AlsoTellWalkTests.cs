using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OnDuty.EndToEnd.Tests.Pages;
using OnDuty.EndToEnd.Tests.Support;
using OnDuty.Testing;

namespace OnDuty.EndToEnd.Tests.Comms;

/// <summary>
/// Session 55's correction walk went on (session 56): 佐藤's SEV2 told the executives only; support, who answer customers, never heard.
/// From the incident page she ticks 「ほかにも知らせる：サポート」 and posts nothing else. Support's member receives 第1報 with the state as
/// it stands; the executives receive that notice as their 第3報, saying support is told from now on (the notice system numbers one notice for every audience told). Read
/// in smtp4dev.
/// </summary>
public sealed class AlsoTellWalkTests() : WalkTestBase(MasterKey, Declared)
{
    private const string MasterKey = "e2e-also-tell-walk-key";

    private const string From = "onduty@onduty.example";

    /// <summary>Monday 7 December 2026, 13:10 JST: she declares it.</summary>
    private static readonly DateTimeOffset Declared = new(2026, 12, 7, 13, 10, 0, TimeSpan.FromHours(9));

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Comms:Audiences:execs:Members:0"] = "ceo@onduty.example",
        ["Comms:Audiences:execs:Language"] = "ja",
        ["Comms:Audiences:execs:DisplayName"] = "経営層",
        ["Comms:Audiences:execs:DisplayNameEn"] = "Executives",
        ["Comms:Audiences:support:Members:0"] = "support-leads@onduty.example",
        ["Comms:Audiences:support:Language"] = "ja",
        ["Comms:Audiences:support:DisplayName"] = "サポート",
        ["Comms:Audiences:support:DisplayNameEn"] = "Support",
        ["Comms:Audiences:support:Drafts"] = "true",
        ["Comms:BySeverity:Sev1:0"] = "execs",
        ["Comms:BySeverity:Sev1:1"] = "support",
        ["Comms:BySeverity:Sev2:0"] = "execs",
    };

    [Fact]
    public async Task Walk_SupportMissedBySev2_TickedOnThePage_SupportReadsItsFirstNoticeWithTheCurrentState()
    {
        var id = await PostAsync("api/incidents", new
        {
            title = "決済エラー", severity = "sev2", by = "sato", userImpact = "決済でエラーが発生しています。", startedAt = Declared.AddMinutes(-5),
        }, HttpStatusCode.Created);
        await Host.AdvanceAsync(TimeSpan.FromMinutes(45));
        await PostAsync($"api/incidents/{id}/updates", new
        {
            status = "identified", message = "決済代行の接続設定を確認しています。", userImpact = "iOS アプリのカード決済ができません。",
            workaround = "Android アプリか Web から決済してください。", by = "sato",
        }, HttpStatusCode.OK);
        await SettleAsync();
        Assert.DoesNotContain("support-leads@onduty.example", Readers(await Smtp.MessagesAsync()));

        // The API refuses an audience nobody configured, naming the field and the known ones; nothing is written.
        using (var refused = await Host.Client.PostAsJsonAsync($"api/incidents/{id}/updates", new { alsoTell = new[] { "legal" }, by = "sato" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
            var said = problem.GetProperty("errors").GetProperty("alsoTell")[0].GetString()!;
            Assert.Contains("'legal'", said, StringComparison.Ordinal);
            Assert.Contains("known: execs, support", said, StringComparison.Ordinal);
        }

        var stored = (await Host.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}")).GetProperty("incident");
        Assert.Equal(2, stored.GetProperty("stakeholderNotices").GetInt32());

        // The page offers support (not the executives, told already), by its display name.
        using var browser = new PageBrowser(Host.BaseAddress);
        var (_, page) = await browser.GetAsync($"api/incidents/{id}/page?lang=ja");
        var form = PageBrowser.FormOf(page, "/page/update");
        Assert.Contains("<legend>ほかにも知らせる：</legend>", form, StringComparison.Ordinal);
        Assert.Contains("<input type=\"checkbox\" name=\"alsoTell.support\" value=\"true\"><span>サポート</span>", form, StringComparison.Ordinal);
        Assert.DoesNotContain("alsoTell.execs", form, StringComparison.Ordinal);
        var (_, english) = await browser.GetAsync($"api/incidents/{id}/page?lang=en");
        Assert.Contains("<legend>Also tell:</legend>", PageBrowser.FormOf(english, "/page/update"), StringComparison.Ordinal);
        await File.WriteAllTextAsync(Path.Combine(Path.GetTempPath(), "also-tell-walk-form.html"), page);
        await File.WriteAllTextAsync(Path.Combine(Path.GetTempPath(), "also-tell-walk-form-en.html"), english);

        // 14:00 she ticks support and posts nothing else: the form's fields as shown.
        await Host.AdvanceAsync(TimeSpan.FromMinutes(5));
        var hidden = PageBrowser.Hidden(form);
        var (posted, _) = await browser.SubmitAsync(page, "/page/update", new Dictionary<string, string>
        {
            ["by"] = "sato", ["status"] = "identified", ["severity"] = "SEV2", ["message"] = "",
            ["userImpact"] = "iOS アプリのカード決済ができません。", ["workaround"] = "Android アプリか Web から決済してください。",
            ["nextUpdateAt"] = hidden["nextUpdateDefault"], ["resolvedAt"] = "", ["cause"] = "", ["nextSteps"] = "",
            ["alsoTell.support"] = "true",
        });
        Assert.True(posted.StatusCode == HttpStatusCode.SeeOther, await posted.Content.ReadAsStringAsync());
        await SettleAsync();

        // Support's member: 第1報, the state as it stands — impact, workaround, status, the last words — and no change lines.
        var mails = await Smtp.MessagesAsync();
        var support = Assert.Single(mails, m => m.To.Contains("support-leads@onduty.example", StringComparer.OrdinalIgnoreCase));
        Assert.Equal($"【障害・原因特定】{id} 決済エラー", support.Subject);
        var text = (await Smtp.TextAsync(support.Id)).ReplaceLineEndings("\n");
        Assert.StartsWith("第1報（SEV2・原因特定）：", text, StringComparison.Ordinal);
        Assert.Contains("■影響範囲\niOS アプリのカード決済ができません。", text, StringComparison.Ordinal);
        Assert.Contains("■回避策\nAndroid アプリか Web から決済してください。", text, StringComparison.Ordinal);
        Assert.Contains("決済代行の接続設定を確認しています。", text, StringComparison.Ordinal);
        Assert.DoesNotContain("を更新しました", text, StringComparison.Ordinal);
        Assert.Contains("#h-drafts", text, StringComparison.Ordinal);

        // The executives: that notice as their 第3報 (one notice per update for every audience told; see the README), saying why it came.
        var execs = mails.Where(m => m.To.Contains("ceo@onduty.example", StringComparer.OrdinalIgnoreCase)).ToList();
        Assert.Equal(3, execs.Count);
        var third = Assert.Single(execs, m => m.Subject.Contains("第3報", StringComparison.Ordinal));
        Assert.StartsWith("第3報（SEV2・原因特定）：この報告からサポートにもお知らせしています。\n", (await Smtp.TextAsync(third.Id)).ReplaceLineEndings("\n"), StringComparison.Ordinal);

        // The API: the update's row names whom it told too; the incident's notices reach both now.
        var timeline = (await Host.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}")).GetProperty("timeline").EnumerateArray().ToList();
        var row = Assert.Single(timeline, t => t.GetProperty("kind").GetString() == "update" && t.TryGetProperty("alsoTold", out var told) && told.ValueKind == JsonValueKind.Array);
        Assert.Equal(["support"], row.GetProperty("alsoTold").EnumerateArray().Select(a => a.GetString()));

        // The page: the timeline names whom it told too; nobody is left to offer.
        (_, page) = await browser.GetAsync($"api/incidents/{id}/page?lang=ja");
        Assert.Contains("サポートにも知らせました。", page, StringComparison.Ordinal);
        Assert.DoesNotContain("alsoTell.support", page, StringComparison.Ordinal);
        (_, english) = await browser.GetAsync($"api/incidents/{id}/page?lang=en");
        Assert.Contains("Also told Support.", english, StringComparison.Ordinal);
        await File.WriteAllTextAsync(Path.Combine(Path.GetTempPath(), "also-tell-walk-incident.html"), page);

        // 障害の状況 (the stakeholders' view): the executives read their 第3報 there as their mail said it; support's view, where it is
        // its 第1報, does not say it (session 57: the view said nothing of it).
        var (_, overview) = await browser.GetAsync($"api/incidents/{id}/overview?lang=ja&for=execs");
        Assert.Contains("第3報（SEV2・原因特定）：この報告からサポートにもお知らせしています。", WebUtility.HtmlDecode(overview), StringComparison.Ordinal);
        var (_, general) = await browser.GetAsync($"api/incidents/{id}/overview?lang=en");
        Assert.Contains("These notices now go to Support too.", WebUtility.HtmlDecode(general), StringComparison.Ordinal);
        var (_, supports) = await browser.GetAsync($"api/incidents/{id}/overview?lang=ja&for=support");
        Assert.DoesNotContain("お知らせしています", WebUtility.HtmlDecode(supports), StringComparison.Ordinal);
        await File.WriteAllTextAsync(Path.Combine(Path.GetTempPath(), "also-tell-walk-overview.html"), overview);

        // 14:30 recovered: support hears it as its 第2報, the executives as their 第4報.
        await Host.AdvanceAsync(TimeSpan.FromMinutes(30));
        await PostAsync($"api/incidents/{id}/updates", new { status = "resolved", message = "接続設定を戻し、復旧しました。", by = "sato" }, HttpStatusCode.OK);
        await SettleAsync();
        mails = await Smtp.MessagesAsync();
        Assert.Single(mails, m => m.To.Contains("support-leads@onduty.example", StringComparer.OrdinalIgnoreCase) && m.Subject.Contains("第2報", StringComparison.Ordinal));
        Assert.Single(mails, m => m.To.Contains("ceo@onduty.example", StringComparer.OrdinalIgnoreCase) && m.Subject.Contains("第4報", StringComparison.Ordinal));
    }

    private Task<string> PostAsync(string path, object body, HttpStatusCode expected) => Walk.PostAsync(path, body, expected);

    private static List<string> Readers(IEnumerable<ReceivedEmail> mails) => WalkSteps.Readers(mails, From);
}
