using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OnDuty.EndToEnd.Tests.Pages;
using OnDuty.EndToEnd.Tests.Support;
using OnDuty.Testing;

namespace OnDuty.EndToEnd.Tests.Comms;

/// <summary>
/// Session 54's executive walk, to its end: a SEV1 told to the sample's execs (ja) and support (its plain address ja, Emma en) is resolved,
/// the retro written, and the duty PM sends the final report (最終報) — through the API and through the retro page's form. Each reader
/// gets one mail in smtp4dev, in their language, with the text as edited; a repeat sends nothing; an open incident answers 409.
/// </summary>
public sealed class FinalReportTests : IAsyncLifetime
{
    private const string MasterKey = "e2e-final-report-key";

    /// <summary>The sender: a blind-copied mail is addressed to it, its readers in Bcc.</summary>
    private const string From = "onduty@onduty.example";

    private OwnApp _app = null!;

    private HostedApp _host => _app.Host;

    private Smtp4devProcess _smtp => _app.Smtp!;

    public async Task InitializeAsync() =>
        _app = await OwnApp.StartAsync(MasterKey, OnDutyAppFixture.BeforeHandoff.AddHours(3), sampleAudiences: true);

    public Task DisposeAsync() => _app.DisposeAsync().AsTask();

    [Fact]
    public async Task Api_SendToTwoAudiences_EachReaderOneMailInTheirLanguageWithTheEditedText_RepeatSendsNothing()
    {
        var id = await ResolvedWithRetroAsync("決済画面が開かない");

        var draft = await _host.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}/final-report");
        Assert.True(draft.GetProperty("canSend").GetBoolean(), draft.GetRawText());
        Assert.Equal(["execs", "support"], draft.GetProperty("audiences").EnumerateArray().Select(a => a.GetString()!));
        Assert.Equal(4, draft.GetProperty("addresses").GetInt32());
        Assert.Equal("決済代行のタイムアウト", draft.GetProperty("draft").GetProperty("cause").GetString());
        Assert.Equal(2, draft.GetProperty("draft").GetProperty("measures").GetArrayLength());

        using (var sent = await _host.Client.PostAsJsonAsync($"api/incidents/{id}/final-report", new
        {
            summary = "10:05 のリリースで決済画面が開かなくなりました。切り戻しで復旧しました。",
            impact = "アプリの一部の利用者が決済できませんでした。",
            cause = "決済代行のタイムアウト設定の誤り（最終報で編集）",
            measures = new[] { new { title = "リリース前に決済のスモークテストを追加する", due = "2030-01-31" } },
            by = "sato",
        }))
        {
            Assert.True(sent.StatusCode == HttpStatusCode.Created, await sent.Content.ReadAsStringAsync());
        }

        await SettleAsync();
        var reports = await _smtp.AboutAsync("最終報");
        var english = await _smtp.AboutAsync("(final)");
        // Each reader once: the executives and support's plain address in Japanese, Emma (a roster member) in English.
        Assert.Equal(
            ["ceo@onduty.example", "cto@onduty.example", "support-leads@onduty.example"],
            Readers(reports).Order(StringComparer.Ordinal));
        Assert.Equal(["emma@onduty.example"], Readers(english));
        Assert.All(reports, m => Assert.Equal($"【障害報告】{id} 決済画面が開かない（最終報）", m.Subject));
        Assert.Equal($"[Incident report] {id} 決済画面が開かない (final)", Assert.Single(english).Subject);
        foreach (var mail in reports)
        {
            var text = (await _smtp.TextAsync(mail.Id)).ReplaceLineEndings("\n");
            Assert.Contains("■原因\n決済代行のタイムアウト設定の誤り（最終報で編集）\n", text, StringComparison.Ordinal);
            Assert.Contains("■再発防止策\n・リリース前に決済のスモークテストを追加する（2030年1月31日(木)まで）\n", text, StringComparison.Ordinal);
            Assert.DoesNotContain("手順書", text, StringComparison.Ordinal);
            Assert.DoesNotContain("切り戻すか迷った", text, StringComparison.Ordinal);
        }

        var en = (await _smtp.TextAsync(english[0].Id)).ReplaceLineEndings("\n");
        Assert.Contains("Cause\n決済代行のタイムアウト設定の誤り（最終報で編集）\n", en, StringComparison.Ordinal);
        Assert.Contains("Preventive measures\n- リリース前に決済のスモークテストを追加する (by Thu 31 Jan 2030)\n", en, StringComparison.Ordinal);

        var timeline = (await _host.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}")).GetProperty("timeline").EnumerateArray().ToList();
        Assert.Single(timeline, t => t.GetProperty("kind").GetString() == "finalReportSent");

        // A repeat (a double click, a retried script) sends nothing and answers what went.
        var before = (await _smtp.MessagesAsync()).Count;
        using (var again = await _host.Client.PostAsJsonAsync($"api/incidents/{id}/final-report", new { summary = "二度目", impact = "i", cause = "c", by = "yamada" }))
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            var body = await again.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("sato", body.GetProperty("sent").GetProperty("by").GetString());
            Assert.Equal(4, body.GetProperty("sent").GetProperty("addresses").GetInt32());
        }

        await SettleAsync();
        Assert.Equal(before, (await _smtp.MessagesAsync()).Count);
        Assert.Empty(await _smtp.AboutAsync("二度目"));
    }

    [Fact]
    public async Task Api_OpenIncident_409SayingWhatToDo_NothingSent()
    {
        using var created = await _host.Client.PostAsJsonAsync("api/incidents", new { title = "検索が遅い", severity = "sev1", by = "sato" });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        using var refused = await _host.Client.PostAsJsonAsync($"api/incidents/{id}/final-report", new { summary = "s", impact = "i", cause = "c", by = "sato" });

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Contains("still open", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var missing = await _host.Client.PostAsJsonAsync($"api/incidents/{id}/final-report", new { summary = "", impact = "i", cause = "c", by = "sato" });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        await SettleAsync();
        Assert.Empty(await _smtp.AboutAsync("最終報"));
    }

    /// <summary>The retro page's 「関係者への最終報」: prefilled, 「プレビュー」 names the audiences and addresses, 「送信する」 sends once, then says so.</summary>
    [Fact]
    public async Task Page_PreviewThenSend_MailsGoOnce_PageSaysWhenAndToWhom()
    {
        var id = await ResolvedWithRetroAsync("ログインできない");
        using var browser = new PageBrowser(_host.BaseAddress);
        var (_, page) = await browser.GetAsync($"api/incidents/{id}/retro/page?lang=ja");
        Assert.Contains("関係者への最終報", page, StringComparison.Ordinal);
        Assert.Contains(">決済代行のタイムアウト</textarea>", page, StringComparison.Ordinal);
        Assert.Contains("value=\"当番手順書の切り戻しの節を直す\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("切り戻すか迷った", page.Split("id=\"final-report\"")[1], StringComparison.Ordinal);

        var fields = new Dictionary<string, string>
        {
            ["by"] = "sato",
            ["fr.summary"] = "ログインできない状態が30分続きました。<script>x</script>",
            ["fr.impact"] = "すべての利用者",
            ["fr.cause"] = "認証基盤の証明書切れ",
            ["fr.m0.keep"] = "true", ["fr.m0.title"] = "証明書の期限を監視する", ["fr.m0.due"] = "2030-01-31",
            ["fr.m1.title"] = "当番手順書の切り戻しの節を直す", ["fr.m1.due"] = "",
        };
        var (previewed, preview) = await browser.SubmitAsync(page, "/retro/final-report", new Dictionary<string, string>(fields) { ["fr.step"] = "preview" });
        Assert.True(previewed.StatusCode == HttpStatusCode.OK, preview);
        Assert.Contains("経営層・サポート（4件のアドレス）に送信します。", preview, StringComparison.Ordinal);
        Assert.Contains("・証明書の期限を監視する（2030年1月31日(木)まで）", preview, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;x&lt;/script&gt;", preview, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>x", preview, StringComparison.Ordinal);
        Assert.Empty(await _smtp.AboutAsync("最終報"));

        var (sent, _) = await browser.SubmitAsync(preview, "/retro/final-report", new Dictionary<string, string>(fields) { ["fr.step"] = "send" });
        Assert.Equal(HttpStatusCode.SeeOther, sent.StatusCode);
        await SettleAsync();
        Assert.Equal(4, Readers((await _smtp.AboutAsync("最終報")).Concat(await _smtp.AboutAsync("(final)"))).Count);
        var (_, after) = await browser.GetAsync(sent.Headers.Location!.OriginalString.TrimStart('/'));
        Assert.Contains("関係者に最終報を送信しました。", after, StringComparison.Ordinal);
        Assert.Contains("が最終報を送信しました（経営層・サポート、4件のアドレス）。", after, StringComparison.Ordinal);
        // The form now corrects what went (【訂正】); it sends nothing until asked to.
        Assert.Contains("送信した最終報に誤りがあれば", after, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"fr.step\" value=\"send\"", after, StringComparison.Ordinal);

        // The same form posted again (a second tab, a double click): nothing more goes.
        var before = (await _smtp.MessagesAsync()).Count;
        var (again, _) = await browser.SubmitAsync(preview, "/retro/final-report", new Dictionary<string, string>(fields) { ["fr.step"] = "send" });
        Assert.Equal(HttpStatusCode.SeeOther, again.StatusCode);
        await SettleAsync();
        Assert.Equal(before, (await _smtp.MessagesAsync()).Count);
    }

    /// <summary>A SEV1 declared by sato (execs and support told), resolved with its cause, and its retro saved with two action items.</summary>
    private async Task<string> ResolvedWithRetroAsync(string title)
    {
        using var created = await _host.Client.PostAsJsonAsync("api/incidents", new { title, severity = "sev1", by = "sato" });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await _host.AdvanceAsync(TimeSpan.FromMinutes(30));
        using (var resolved = await _host.Client.PostAsJsonAsync($"api/incidents/{id}/updates", new { status = "resolved", message = "復旧を確認しました。", cause = "決済代行のタイムアウト", by = "sato" }))
        {
            Assert.True(resolved.StatusCode == HttpStatusCode.OK, await resolved.Content.ReadAsStringAsync());
        }

        using (var retro = await _host.Client.PutAsJsonAsync($"api/incidents/{id}/retro", new
        {
            summary = "決済代行のタイムアウトで決済が失敗しました。",
            hardToJudge = "切り戻すか迷った。",
            manualChanges = "手順書の切り戻しの節",
            actionItems = new object[]
            {
                new { title = "リリース前に決済のスモークテストを追加する", owner = "sato", due = "2030-01-31" },
                new { title = "当番手順書の切り戻しの節を直す", owner = "yamada" },
            },
            by = "sato",
        }))
        {
            Assert.True(retro.IsSuccessStatusCode, await retro.Content.ReadAsStringAsync());
        }

        await SettleAsync();
        return id;
    }

    /// <summary>Who got <paramref name="mails"/>: their envelope recipients less the sender each blind-copied mail is addressed to.</summary>
    private static List<string> Readers(IEnumerable<ReceivedEmail> mails) =>
        [.. mails.SelectMany(m => m.To).Select(a => a.ToLowerInvariant()).Where(a => a != From)];

    private Task SettleAsync() => _host.SettleAsync(async () => (await _smtp.MessagesAsync()).Count);
}
