using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using OnDuty.EndToEnd.Tests.Pages;
using OnDuty.EndToEnd.Tests.Support;
using OnDuty.Testing;

namespace OnDuty.EndToEnd.Tests.Comms;

/// <summary>
/// Trial walk (session 55): 田中, a customer-support lead (not on the roster; she reads the sample's サポート audience, Drafts=true,
/// through its plain address), and the duty PM 佐藤 who sends the final report. A SEV2 「カード決済ができない」 is declared on Tuesday
/// 8 December 2026 at 14:00 JST, told to 経営層 and サポート, found and resolved within the hour; the retro is written the next day and
/// 佐藤 sends the final report (最終報) from the retro page on Thursday, typing her name as people do. A week later a customer asks
/// 田中 what happened: she opens the link in her last mail.
/// Found on the walk and fixed: the page refused 「佐藤」 as the sender (it wanted the member id 「sato」); its preview showed only the
/// Japanese mail though Emma (サポート, a roster member reading English) gets the English one; her 障害の状況 view did not list the final
/// report at all — its ■原因 was still the recovery notice's 「原因（判明している範囲で）」 and nothing said what will change.
/// </summary>
public sealed class SupportFinalReportWalkTests() : WalkTestBase(MasterKey, Declared, sampleAudiences: true)
{
    private const string MasterKey = "e2e-support-final-key";
    private const string Tanaka = "support-leads@onduty.example";
    private const string Emma = "emma@onduty.example";
    private const string Title = "カード決済ができない";

    /// <summary>14:00 JST on Tuesday 8 December 2026.</summary>
    private static readonly DateTimeOffset Declared = new(2026, 12, 8, 5, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Sev2_FinalReportSentByName_SupportLeadFindsWhatWasSentInHerViewAWeekLater()
    {
        // Tuesday 14:00: declared SEV2; 経営層 and サポート told.
        string id;
        using (var created = await Host.Client.PostAsJsonAsync("api/incidents", new
        {
            title = Title, severity = "sev2", userImpact = "クレジットカードでの決済が失敗します（コンビニ払いは利用できます）。", by = "sato",
        }))
        {
            Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
            id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        }

        await SettleAsync();
        await StepAsync(TimeSpan.FromMinutes(20));
        await UpdateAsync(id, new { status = "identified", message = "原因は決済代行との接続設定の誤りと判明しました。", by = "sato" });
        await StepAsync(TimeSpan.FromMinutes(35));
        await UpdateAsync(id, new { status = "resolved", message = "設定を戻し、カード決済ができることを確認しました。", cause = "決済代行との接続設定の誤り", by = "sato" });
        var told = (await Smtp.MessagesAsync()).Where(m => m.To.Contains(Tanaka)).Reverse().Select(m => m.Subject).ToList();
        Assert.Equal([$"【障害・調査中】{id} {Title}", $"【障害・原因特定】{id} {Title}（第2報）", $"【復旧済み】{id} {Title}（第3報）"], told);

        // Wednesday: the retro.
        await StepAsync(TimeSpan.FromDays(1));
        using (var retro = await Host.Client.PutAsJsonAsync($"api/incidents/{id}/retro", new
        {
            summary = "12:50 の設定変更で決済代行との接続先が誤り、カード決済が約1時間失敗しました。",
            impact = "カード決済をしようとしたすべてのお客様（コンビニ払いは影響なし）。",
            hardToJudge = "SEV1 に上げるか迷った。",
            actionItems = new object[]
            {
                new { title = "接続設定の変更に二人の確認を必須にする", owner = "sato", due = "2026-12-25" },
                new { title = "カード決済の外形監視を追加する", owner = "yamada", due = "2027-01-15" },
            },
            by = "sato",
        }))
        {
            Assert.True(retro.IsSuccessStatusCode, await retro.Content.ReadAsStringAsync());
        }

        // Thursday: 佐藤 sends the final report from the retro page, her name typed as 「佐藤」, the cause as the retro found it.
        await StepAsync(TimeSpan.FromDays(1));
        using var browser = new PageBrowser(Host.BaseAddress);
        var (_, page) = await browser.GetAsync($"api/incidents/{id}/retro/page?lang=ja");
        var fields = new Dictionary<string, string>
        {
            ["by"] = "佐藤",
            ["fr.summary"] = "12月8日(火) 12:50 の設定変更で決済代行との接続先が誤り、カード決済が約1時間失敗しました。",
            ["fr.impact"] = "カード決済をしようとしたすべてのお客様（コンビニ払いは影響なし）。",
            ["fr.cause"] = "決済代行との接続設定を変更した際、検証環境の接続先が本番に残っていました。",
            ["fr.m0.keep"] = "true", ["fr.m0.title"] = "接続設定の変更に二人の確認を必須にする", ["fr.m0.due"] = "2026-12-25",
            ["fr.m1.keep"] = "true", ["fr.m1.title"] = "カード決済の外形監視を追加する", ["fr.m1.due"] = "2027-01-15",
        };
        var (previewed, preview) = await browser.SubmitAsync(page, "/retro/final-report", new Dictionary<string, string>(fields) { ["fr.step"] = "preview" });
        Assert.True(previewed.StatusCode == HttpStatusCode.OK, preview);
        Save("retro-final-report-preview-ja.html", preview);
        // サポート holds Emma, who reads English: the preview shows her mail too, not only the viewer's language.
        var previews = WebUtility.HtmlDecode(preview);
        Assert.Contains("経営層・サポート（4件のアドレス）に送信します。", previews, StringComparison.Ordinal);
        Assert.Contains($"<h3 id=\"h-fr-preview-1\">英語で読む方へのメール（プレビュー）</h3>", previews, StringComparison.Ordinal);
        Assert.Contains($"[Incident report] {id} {Title} (final)", previews, StringComparison.Ordinal);
        var (sent, refused) = await browser.SubmitAsync(preview, "/retro/final-report", new Dictionary<string, string>(fields) { ["fr.step"] = "send" });
        Assert.True(sent.StatusCode == HttpStatusCode.SeeOther, refused);
        await SettleAsync();
        var final = (await Host.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}/final-report")).GetProperty("sent");
        Assert.Equal("sato", final.GetProperty("by").GetString());

        // Her mail: internal register (no apology), the cause and measures as sent, and the link to her audience's view.
        var mail = Assert.Single(await Smtp.AboutAsync("最終報"), m => m.To.Contains(Tanaka));
        Assert.Equal($"【障害報告】{id} {Title}（最終報）", mail.Subject);
        var text = (await Smtp.TextAsync(mail.Id)).ReplaceLineEndings("\n");
        Assert.Contains("■原因\n決済代行との接続設定を変更した際、検証環境の接続先が本番に残っていました。\n", text, StringComparison.Ordinal);
        Assert.Contains("・カード決済の外形監視を追加する（2027年1月15日(金)まで）", text, StringComparison.Ordinal);
        Assert.DoesNotContain("申し訳", text, StringComparison.Ordinal);
        var link = Regex.Match(text, @"https?://\S+/overview\?lang=ja&for=support").Value;
        Assert.NotEmpty(link);
        var english = Assert.Single(await Smtp.AboutAsync("(final)"), m => m.To.Contains(Emma));

        // A week later (Thursday 17 December) a customer asks 田中 what happened: her link shows what was sent, not only that it was.
        await StepAsync(TimeSpan.FromDays(7));
        var (opened, view) = await browser.GetAsync(new Uri(link).PathAndQuery.TrimStart('/'));
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        Save("support-overview-ja.html", view);
        var decoded = WebUtility.HtmlDecode(view);
        Assert.Contains("<dt>最新の報告</dt><dd>最終報 · 2026年12月10日(木) 14:55（JST）</dd>", decoded, StringComparison.Ordinal);
        Assert.Contains("<dt>原因</dt><dd>決済代行との接続設定を変更した際、検証環境の接続先が本番に残っていました。</dd>", decoded, StringComparison.Ordinal);
        Assert.Contains("<dt>再発防止策</dt><dd>・接続設定の変更に二人の確認を必須にする（2026年12月25日(金)まで）\n・カード決済の外形監視を追加する（2027年1月15日(金)まで）</dd>", decoded, StringComparison.Ordinal);
        Assert.DoesNotContain("原因（判明している範囲で）", decoded, StringComparison.Ordinal);
        // The history: the final report first, with what it said, then her three notices.
        var history = decoded[decoded.IndexOf("id=\"notices\"", StringComparison.Ordinal)..];
        Assert.Matches("^id=\"notices\">\\s*<li><h3>最終報：障害の振り返りを終え、原因と再発防止策をご報告しました。</h3>", history);
        Assert.Contains("■概要\n12月8日(火) 12:50 の設定変更で", history, StringComparison.Ordinal);
        Assert.Contains("■影響範囲\nカード決済をしようとしたすべてのお客様（コンビニ払いは影響なし）。\n■原因\n", history, StringComparison.Ordinal);
        Assert.True(history.IndexOf("最終報：", StringComparison.Ordinal) < history.IndexOf("第3報（SEV2・復旧済み）", StringComparison.Ordinal), history);
        Assert.DoesNotContain("SEV1 に上げるか迷った", decoded, StringComparison.Ordinal);

        // Emma reads the same audience in English (a roster member reads her own language): her view says it in English.
        var englishLink = Regex.Match((await Smtp.TextAsync(english.Id)).ReplaceLineEndings("\n"), @"https?://\S+/overview\?lang=en&for=support").Value;
        var (_, hers) = await browser.GetAsync(new Uri(englishLink).PathAndQuery.TrimStart('/'));
        Save("support-overview-en.html", hers);
        Assert.Contains("Final report: we reviewed the incident and reported its cause and preventive measures.", hers, StringComparison.Ordinal);
        Assert.Contains("Preventive measures", hers, StringComparison.Ordinal);

        // The general view (the duty pair's link) says to whom it went.
        var (_, general) = await browser.GetAsync($"api/incidents/{id}/overview?lang=ja");
        Assert.Contains("送付先：経営層・サポート", WebUtility.HtmlDecode(general), StringComparison.Ordinal);
    }

    /// <summary>Writes a page for a look in a browser when <c>ONDUTY_WALK_PAGES</c> names a folder (the trial's screenshots).</summary>
    private static void Save(string name, string html)
    {
        if (Environment.GetEnvironmentVariable("ONDUTY_WALK_PAGES") is { Length: > 0 } folder)
        {
            File.WriteAllText(Path.Combine(folder, name), html);
        }
    }

    private async Task StepAsync(TimeSpan by)
    {
        await Host.AdvanceAsync(by);
        await Host.RunFunctionAsync("NudgeIncidentUpdates");
        await SettleAsync();
    }

    private async Task UpdateAsync(string id, object body)
    {
        using var updated = await Host.Client.PostAsJsonAsync($"api/incidents/{id}/updates", body);
        Assert.True(updated.StatusCode == HttpStatusCode.OK, await updated.Content.ReadAsStringAsync());
        await SettleAsync();
    }
}
