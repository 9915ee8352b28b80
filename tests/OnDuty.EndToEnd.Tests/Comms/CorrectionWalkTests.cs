using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OnDuty.EndToEnd.Tests.Pages;
using OnDuty.EndToEnd.Tests.Support;
using OnDuty.Testing;

namespace OnDuty.EndToEnd.Tests.Comms;

/// <summary>
/// Session 55's correction walk: 佐藤 (sato), duty PM on a Monday afternoon, runs a SEV2 (payment errors). Her 第2報 says every user
/// cannot pay and that it started at 13:50; only iOS card payments fail, since 13:05. SEV2 tells the executives only (Japanese readers
/// and Emma, who reads English); support never hears. After recovery her final report gives a wrong due date for a measure, and she
/// sends the correction. What each reader gets is read in smtp4dev.
/// </summary>
public sealed class CorrectionWalkTests() : WalkTestBase(MasterKey, Declared)
{
    private const string MasterKey = "e2e-correction-walk-key";

    private const string From = "onduty@onduty.example";

    /// <summary>Monday 7 December 2026, 13:10 JST: she declares it.</summary>
    private static readonly DateTimeOffset Declared = new(2026, 12, 7, 13, 10, 0, TimeSpan.FromHours(9));

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Comms:Audiences:execs:Members:0"] = "ceo@onduty.example",
        ["Comms:Audiences:execs:Members:1"] = "emma",
        ["Comms:Audiences:execs:Language"] = "ja",
        ["Comms:Audiences:execs:DisplayName"] = "経営層",
        ["Comms:Audiences:execs:DisplayNameEn"] = "Executives",
        ["Comms:Audiences:support:Members:0"] = "support-leads@onduty.example",
        ["Comms:Audiences:support:Language"] = "ja",
        ["Comms:Audiences:support:DisplayName"] = "サポート",
        ["Comms:Audiences:support:Drafts"] = "true",
        ["Comms:BySeverity:Sev1:0"] = "execs",
        ["Comms:BySeverity:Sev1:1"] = "support",
        ["Comms:BySeverity:Sev2:0"] = "execs",
        ["Comms:BySeverity:Sev3:0"] = "support",
    };

    [Fact]
    public async Task Walk_WrongImpactAndStartInTheSecondNotice_ThenAWrongDueDateInTheFinalReport_EachReaderReadsTheCorrection()
    {
        // 13:10 第1報: payment errors since 13:05.
        var id = await PostAsync("api/incidents", new
        {
            title = "決済エラー", severity = "sev2", by = "sato", userImpact = "決済でエラーが発生しています。",
            startedAt = Declared.AddMinutes(-5),
        }, HttpStatusCode.Created);

        // 13:55 第2報, with two mistakes: everyone, and 13:50.
        await Host.AdvanceAsync(TimeSpan.FromMinutes(45));
        await PostAsync($"api/incidents/{id}/updates", new
        {
            message = "決済代行への接続を調査しています。", userImpact = "全ユーザーが決済できません。", startedAt = Declared.AddMinutes(40), by = "sato",
        }, HttpStatusCode.OK);
        await SettleAsync();
        var second = await Smtp.AboutAsync("第2報");
        Assert.Equal(["ceo@onduty.example"], Readers(second));

        // 14:05 she puts both right and tells them (第3報).
        await Host.AdvanceAsync(TimeSpan.FromMinutes(10));
        await PostAsync($"api/incidents/{id}/updates", new
        {
            message = "第2報の影響範囲と発生日時に誤りがありました。", userImpact = "iOS アプリのカード決済ができません。Android・Web とカード以外の決済は利用できます。",
            startedAt = Declared.AddMinutes(-5), by = "sato",
        }, HttpStatusCode.OK);
        await SettleAsync();
        var third = Assert.Single(await Smtp.AboutAsync("第3報"));
        var ja = (await Smtp.TextAsync(third.Id)).ReplaceLineEndings("\n");
        // The start: from what they were told to what is right (before: a bare 「発生日時を訂正しました。」).
        Assert.Contains("発生日時を 13:50 から 13:05（JST）に訂正しました。", ja, StringComparison.Ordinal);
        Assert.DoesNotContain("発生日時を訂正しました。", ja, StringComparison.Ordinal);
        Assert.Contains("■発生日時\n2026年12月7日(月) 13:05（JST）", ja, StringComparison.Ordinal);
        // The impact is said to be updated, not corrected (finding, left: the form cannot say an edit is a correction).
        Assert.Contains("影響範囲を更新しました。", ja, StringComparison.Ordinal);
        var en = (await Smtp.TextAsync(Assert.Single(await Smtp.AboutAsync("(update 3)")).Id)).ReplaceLineEndings("\n");
        Assert.Contains("Start time corrected from 13:50 to 13:05 (JST).", en, StringComparison.Ordinal);

        // Support (SEV2 is the executives') never heard (finding, left: no way to add an audience but a severity raise).
        Assert.DoesNotContain("support-leads@onduty.example", Readers(await Smtp.MessagesAsync()));

        // 14:30 recovered; the retro; the final report with a wrong due date.
        await Host.AdvanceAsync(TimeSpan.FromMinutes(25));
        await PostAsync($"api/incidents/{id}/updates", new { status = "resolved", message = "決済代行の接続設定を戻し、復旧しました。", cause = "決済代行の接続設定の誤り", by = "sato" }, HttpStatusCode.OK);
        using (var retro = await Host.Client.PutAsJsonAsync($"api/incidents/{id}/retro", new
        {
            summary = "決済代行の接続設定の誤りで、iOS アプリのカード決済が失敗しました。",
            actionItems = new object[] { new { title = "接続設定の変更にレビューを必須にする", owner = "sato", due = "2026-12-20" } },
            by = "sato",
        }))
        {
            Assert.True(retro.IsSuccessStatusCode, await retro.Content.ReadAsStringAsync());
        }

        await Host.AdvanceAsync(TimeSpan.FromDays(1));
        var report = new
        {
            summary = "決済代行の接続設定の誤りで、iOS アプリのカード決済が約1時間25分失敗しました。",
            impact = "iOS アプリのカード決済",
            cause = "決済代行の接続設定の誤り",
            measures = new[] { new { title = "接続設定の変更にレビューを必須にする", due = "2026-12-20" } },
            by = "sato",
        };
        await PostAsync($"api/incidents/{id}/final-report", report, HttpStatusCode.Created);
        await SettleAsync();
        Assert.Equal(["ceo@onduty.example"], Readers(await Smtp.AboutAsync("最終報")));
        Assert.Equal(["emma@onduty.example"], Readers(await Smtp.AboutAsync("(final)")));

        // The next morning: the due date is 15 January. The correction goes to the same readers, once.
        await Host.AdvanceAsync(TimeSpan.FromHours(18));
        var right = report with { measures = new[] { new { title = "接続設定の変更にレビューを必須にする", due = "2027-01-15" } } };
        await PostAsync($"api/incidents/{id}/final-report/correction", right, HttpStatusCode.Created);
        await PostAsync($"api/incidents/{id}/final-report/correction", right, HttpStatusCode.OK);
        await SettleAsync();

        var corrections = await Smtp.AboutAsync("【訂正】");
        Assert.Equal(["ceo@onduty.example"], Readers(corrections));
        var mail = Assert.Single(corrections);
        Assert.Equal($"【訂正】【障害報告】{id} 決済エラー（最終報）", mail.Subject);
        var text = (await Smtp.TextAsync(mail.Id)).ReplaceLineEndings("\n");
        Assert.StartsWith(
            "2026年12月8日(火) 14:30（JST）にお送りした最終報に誤りがありました。\n"
            + "再発防止策「接続設定の変更にレビューを必須にする」の期限を『2026年12月20日(日)まで』とお伝えしましたが、正しくは『2027年1月15日(金)まで』です。"
            + "お詫びして訂正いたします。訂正後の最終報は以下のとおりです。\n",
            text, StringComparison.Ordinal);
        Assert.Contains("■再発防止策\n・接続設定の変更にレビューを必須にする（2027年1月15日(金)まで）\n", text, StringComparison.Ordinal);
        var english = Assert.Single(await Smtp.AboutAsync("[Correction]"));
        Assert.Equal(["emma@onduty.example"], Readers([english]));
        Assert.Equal($"[Correction] [Incident report] {id} 決済エラー (final)", english.Subject);
        Assert.Contains(
            "Preventive measure “接続設定の変更にレビューを必須にする”: we said “by Sun 20 Dec 2026”; correct is “by Fri 15 Jan 2027”.",
            await Smtp.TextAsync(english.Id), StringComparison.Ordinal);

        // Recorded: the API, the timeline, the retro page.
        var sent = (await Host.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}/final-report")).GetProperty("sent");
        Assert.Equal(1, sent.GetProperty("corrections").GetInt32());
        var timeline = (await Host.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}")).GetProperty("timeline").EnumerateArray().ToList();
        Assert.Single(timeline, t => t.GetProperty("kind").GetString() == "finalReportCorrected");
        using var browser = new PageBrowser(Host.BaseAddress);
        var (_, retroPage) = await browser.GetAsync($"api/incidents/{id}/retro/page?lang=ja");
        Assert.Contains("最終報の訂正を1回送信しました", retroPage, StringComparison.Ordinal);
        var (_, incidentPage) = await browser.GetAsync($"api/incidents/{id}/page?lang=ja");
        Assert.Contains("最終報の訂正を送信しました（経営層）", incidentPage, StringComparison.Ordinal);
        // The retro page's form starts from what the readers last read (the corrected date), and corrects again from there: the preview is
        // the 【訂正】 mail, 「訂正を送信する」 sends it once to the same readers.
        Assert.Contains("value=\"2027-01-15\"", retroPage, StringComparison.Ordinal);
        var fields = new Dictionary<string, string>
        {
            ["by"] = "sato", ["fr.summary"] = report.summary, ["fr.impact"] = report.impact, ["fr.cause"] = "決済代行の接続先設定の誤り",
            ["fr.m0.keep"] = "true", ["fr.m0.title"] = "接続設定の変更にレビューを必須にする", ["fr.m0.due"] = "2027-01-15",
        };
        var (previewed, preview) = await browser.SubmitAsync(retroPage, "/retro/final-report", new Dictionary<string, string>(fields) { ["fr.step"] = "preview" });
        Assert.True(previewed.StatusCode == HttpStatusCode.OK, preview);
        Assert.Contains("【訂正】【障害報告】", preview, StringComparison.Ordinal);
        Assert.Contains("原因について『決済代行の接続設定の誤り』とお伝えしましたが、正しくは『決済代行の接続先設定の誤り』です。", preview, StringComparison.Ordinal);
        Assert.Contains("経営層（2件のアドレス）に訂正を送信します。", preview, StringComparison.Ordinal);
        var (corrected, _) = await browser.SubmitAsync(preview, "/retro/final-report", new Dictionary<string, string>(fields) { ["fr.step"] = "correct" });
        Assert.Equal(HttpStatusCode.SeeOther, corrected.StatusCode);
        var (again, _) = await browser.SubmitAsync(preview, "/retro/final-report", new Dictionary<string, string>(fields) { ["fr.step"] = "correct" });
        Assert.Equal(HttpStatusCode.SeeOther, again.StatusCode);
        await SettleAsync();
        Assert.Equal(2, (await Smtp.AboutAsync("【訂正】")).Count);
        Assert.Equal(2, (await Smtp.AboutAsync("[Correction]")).Count);
        (_, retroPage) = await browser.GetAsync(corrected.Headers.Location!.OriginalString.TrimStart('/'));
        Assert.Contains("最終報の訂正を関係者に送信しました。", retroPage, StringComparison.Ordinal);
        Assert.Contains("最終報の訂正を2回送信しました", retroPage, StringComparison.Ordinal);
        await File.WriteAllTextAsync(Path.Combine(Path.GetTempPath(), "correction-walk-retro.html"), retroPage);
        await File.WriteAllTextAsync(Path.Combine(Path.GetTempPath(), "correction-walk-preview.html"), preview);

        // The 障害の状況 view the mails link shows the final report as corrected, not as it first went.
        var (_, overview) = await browser.GetAsync($"api/incidents/{id}/overview?lang=ja&for=execs");
        overview = WebUtility.HtmlDecode(overview);
        Assert.Contains("決済代行の接続先設定の誤り", overview, StringComparison.Ordinal);
        Assert.Contains("2027年1月15日(金)まで", overview, StringComparison.Ordinal);
        Assert.DoesNotContain("2026年12月20日(日)まで", overview, StringComparison.Ordinal);
        await File.WriteAllTextAsync(Path.Combine(Path.GetTempPath(), "correction-walk-incident.html"), incidentPage);
    }

    private Task<string> PostAsync(string path, object body, HttpStatusCode expected) => Walk.PostAsync(path, body, expected);

    private static List<string> Readers(IEnumerable<ReceivedEmail> mails) => WalkSteps.Readers(mails, From);
}
