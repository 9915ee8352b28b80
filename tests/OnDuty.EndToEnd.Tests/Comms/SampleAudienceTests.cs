using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OnDuty.EndToEnd.Tests.Pages;
using OnDuty.EndToEnd.Tests.Support;
using OnDuty.Testing;

namespace OnDuty.EndToEnd.Tests.Comms;

/// <summary>
/// What <c>./run.sh</c> shows with local.settings.sample.json as it is: a PM declares a SEV2 incident and posts an update,
/// and the sample's demo audiences (execs and support in Japanese; emma, a member on the support list, in her own English) get each notice in smtp4dev, blind-copied;
/// an hour without an update (the sample's SEV2 interval) reminds the duty pair once.
/// </summary>
public sealed class SampleAudienceTests : IAsyncLifetime
{
    private const string MasterKey = "e2e-sample-comms-key";
    private const string From = "onduty@onduty.example";

    private OwnApp _app = null!;

    private HostedApp _host => _app.Host;

    private Smtp4devProcess _smtp => _app.Smtp!;

    public async Task InitializeAsync() =>
        _app = await OwnApp.StartAsync(MasterKey, OnDutyAppFixture.BeforeHandoff.AddHours(3), sampleAudiences: true);

    public Task DisposeAsync() => _app.DisposeAsync().AsTask();

    /// <summary>Every setting of the sample, its demo audiences included, is one the app reads: none is said to have no effect.</summary>
    [Fact]
    public async Task Health_SampleSettings_NoneUnread()
    {
        using var response = await _host.Client.GetAsync("api/health/details");

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(
            !body.TryGetProperty("degraded", out var degraded) || !degraded.TryGetProperty("settings", out _),
            body.GetRawText());
    }

    [Fact]
    public async Task DeclareUpdateAndWait_SampleAudiencesToldInBccInTheirLanguage_DutyPairRemindedOnce()
    {
        using var created = await _host.Client.PostAsJsonAsync("api/incidents", new { title = "決済画面が開かない", severity = "sev2", by = "sato" });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        // PR approves the Japanese customer drafts before the 第2報: support's 第2報 says so (its 第1報 said 未承認).
        using var approve = new HttpRequestMessage(HttpMethod.Put, $"api/incidents/{id}/drafts?lang=ja")
        {
            Content = JsonContent.Create(new { customerNotice = "【障害】決済画面が開かない事象について", workaround = "", status = "approved", approvedBy = "広報 佐藤" }),
        };
        approve.Headers.TryAddWithoutValidation("If-Match", "*");
        using var approved = await _host.Client.SendAsync(approve);
        Assert.True(approved.StatusCode == HttpStatusCode.OK, await approved.Content.ReadAsStringAsync());
        using var updated = await _host.Client.PostAsJsonAsync($"api/incidents/{id}/updates", new { status = "identified", message = "原因はリリース 10:05", by = "sato" });
        Assert.True(updated.StatusCode == HttpStatusCode.OK, await updated.Content.ReadAsStringAsync());
        await SettleAsync();

        var mail = await _smtp.MessagesAsync();
        foreach (var (subject, drafts) in new[] { ($"【障害・調査中】{id} 決済画面が開かない", "未承認"), ($"【障害・原因特定】{id} 決済画面が開かない（第2報）", "承認済み") })
        {
            // One mail per audience, each linking its own view (trial 39, L8): the executives', and support's leads'.
            var ja = mail.Where(m => m.Subject == subject).ToList();
            Assert.Equal(2, ja.Count);
            Assert.Single(ja, m => m.To.Order(StringComparer.Ordinal).SequenceEqual(["ceo@onduty.example", "cto@onduty.example", From]));
            var support = Assert.Single(ja, m => m.To.Order(StringComparer.Ordinal).SequenceEqual([From, "support-leads@onduty.example"]));
            var supportText = (await _smtp.TextAsync(support.Id)).ReplaceLineEndings("\n");
            Assert.Contains($"api/incidents/{id}/overview?lang=ja&for=support", supportText, StringComparison.Ordinal);
            // The sample's support (Drafts=true, no Contact): the duty pair to ask, by name and mail, and the customer drafts.
            var pair = (await _host.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}")).GetProperty("incident").GetProperty("assignees").EnumerateArray()
                .Select(a => $"{a.GetProperty("displayName").GetString()}（{a.GetProperty("email").GetString()}）").ToList();
            Assert.NotEmpty(pair);
            Assert.Contains($"■お問い合わせ先\n{string.Join("\n", pair)}\n", supportText, StringComparison.Ordinal);
            Assert.Contains($"広報・サポート向けの文案（お知らせ・回避策・想定問答）を確認する（{drafts}）：{_host.BaseAddress.ToString().TrimEnd('/')}/api/incidents/{id}/page?lang=ja#h-drafts\n", supportText, StringComparison.Ordinal);
            // The executives (Contact set): whom to ask as configured, not the duty pair, and no drafts.
            var execs = Assert.Single(ja, m => m.To.Contains("ceo@onduty.example"));
            var execsText = (await _smtp.TextAsync(execs.Id)).ReplaceLineEndings("\n");
            Assert.Contains("■お問い合わせ先\n障害対応責任者 山田 <yamada@onduty.example>\n", execsText, StringComparison.Ordinal);
            Assert.DoesNotContain(pair[0], execsText, StringComparison.Ordinal);
            Assert.DoesNotContain("#h-drafts", execsText, StringComparison.Ordinal);
        }

        var en = mail.Where(m => m.Subject.StartsWith("[Incident · ", StringComparison.Ordinal) && m.Subject.Contains(id, StringComparison.Ordinal)).ToList();
        Assert.Equal(2, en.Count);
        Assert.All(en, m => Assert.Equal(["emma@onduty.example", From], m.To.Order(StringComparer.Ordinal))); // a member reads her own language
        var source = await _smtp.SourceAsync(mail.First(m => m.Subject.StartsWith("【障害・調査中】", StringComparison.Ordinal) && m.To.Contains("support-leads@onduty.example")).Id);
        Assert.DoesNotContain("Bcc:", source, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("support-leads@onduty.example", source, StringComparison.Ordinal);

        var duty = (await _host.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}")).GetProperty("incident").GetProperty("assignees")
            .EnumerateArray().Select(a => a.GetProperty("email").GetString()!).ToList();
        await _host.AdvanceAsync(TimeSpan.FromMinutes(59));
        await _host.RunFunctionAsync("NudgeIncidentUpdates");
        await _host.AdvanceAsync(TimeSpan.FromMinutes(1));
        await _host.RunFunctionAsync("NudgeIncidentUpdates");
        await _host.RunFunctionAsync("NudgeIncidentUpdates");
        await SettleAsync();

        var nudges = (await _smtp.MessagesAsync()).Where(m => m.Subject.StartsWith($"【更新のお願い】{id}", StringComparison.Ordinal) || m.Subject.StartsWith($"[Update due] {id}", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(duty);
        // The duty pair and sato, who declared it (session 32: the declaring PM is reminded too), once each.
        Assert.DoesNotContain("sato@onduty.example", duty);
        Assert.Equal(duty.Append("sato@onduty.example").Order(StringComparer.Ordinal), nudges.SelectMany(m => m.To).Order(StringComparer.Ordinal));

        // Resolved with the cause and next steps: the recovery notice says them, and no longer offers a workaround.
        using var resolved = await _host.Client.PostAsJsonAsync($"api/incidents/{id}/updates", new
        {
            status = "resolved", message = "切り戻しで復旧", cause = "10:05 のリリースの設定ミス", nextSteps = "リリース前の設定レビューを必須にします", by = "sato",
        });
        Assert.True(resolved.StatusCode == HttpStatusCode.OK, await resolved.Content.ReadAsStringAsync());
        var incident = (await resolved.Content.ReadFromJsonAsync<JsonElement>());
        Assert.Equal(("10:05 のリリースの設定ミス", "リリース前の設定レビューを必須にします"), (incident.GetProperty("cause").GetString(), incident.GetProperty("nextSteps").GetString()));
        await SettleAsync();

        var recovery = Assert.Single(await _smtp.MessagesAsync(), m => m.Subject == $"【復旧済み】{id} 決済画面が開かない（第3報）" && m.To.Contains("ceo@onduty.example"));
        var text = (await _smtp.TextAsync(recovery.Id)).ReplaceLineEndings("\n");
        // Its opening (what a phone's lock screen shows under the subject) says when it recovered, in the team's zone.
        var recoveredAt = TimeZoneInfo.ConvertTime(incident.GetProperty("resolvedAt").GetDateTimeOffset(), TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo"));
        Assert.StartsWith(
            $"第3報（SEV2・復旧済み）：{recoveredAt.Year}年{recoveredAt.Month}月{recoveredAt.Day}日({"日月火水木金土"[(int)recoveredAt.DayOfWeek]}) {recoveredAt:HH:mm}（JST）に復旧しました。\n\n障害番号：{id}\n",
            text, StringComparison.Ordinal);
        Assert.Contains("■原因（判明している範囲で）\n10:05 のリリースの設定ミス\n\n■今後の対応\nリリース前の設定レビューを必須にします", text, StringComparison.Ordinal);
        Assert.DoesNotContain("■回避策", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateForm_SeverityWorkaroundNextUpdateAndMessage_OneUpdate_OneNoticeSayingAllOfIt()
    {
        using var browser = new PageBrowser(_host.BaseAddress);
        var (_, form) = await browser.GetAsync("api/incidents/new?lang=ja");
        var (declared, _) = await browser.SubmitAsync(form, "/api/incidents/new", new Dictionary<string, string>
        {
            ["by"] = "山田 太郎", ["title"] = "iOSアプリで請求書PDFがダウンロードできない", ["severity"] = "SEV3",
        });
        Assert.Equal(HttpStatusCode.SeeOther, declared.StatusCode);
        var location = declared.Headers.Location!.OriginalString;
        var id = location.Split('/')[3];
        await SettleAsync();

        // Every field of the update form posted as a browser does: the hidden default next update replaced by the writer's time.
        var (_, page) = await browser.GetAsync(location);
        Assert.Contains("<option value=\"SEV3\" selected>", PageBrowser.FormOf(page, "/page/update"), StringComparison.Ordinal);
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
        var next = TimeZoneInfo.ConvertTime(_host.Time.GetUtcNow().AddMinutes(45), zone);
        var (posted, _) = await browser.SubmitAsync(page, "/page/update", new Dictionary<string, string>
        {
            ["by"] = "山田 太郎",
            ["status"] = "identified",
            ["severity"] = "SEV2",
            ["message"] = "原因は PDF 取得先の URL 設定の誤りと判明しました。SEV2 に引き上げます。",
            ["workaround"] = "Web 版（ブラウザ）から同じ PDF をダウンロードできます。",
            ["nextUpdateAt"] = next.ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture),
            ["resolvedAt"] = "",
            ["cause"] = "",
            ["nextSteps"] = "",
        });
        Assert.Equal(HttpStatusCode.SeeOther, posted.StatusCode);
        await SettleAsync();

        var details = await _host.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}");
        var incident = details.GetProperty("incident");
        Assert.Equal(("identified", "SEV2", "Web 版（ブラウザ）から同じ PDF をダウンロードできます。"),
            (incident.GetProperty("status").GetString(), incident.GetProperty("severity").GetString(), incident.GetProperty("workaround").GetString()));
        Assert.Single(details.GetProperty("timeline").EnumerateArray(), t => t.GetProperty("kind").GetString() == "update");

        // The executives, added by the raise, get one 第1報 saying the severity, the workaround, the message and the promised time —
        // no change of versions they never read (trial day 33 M0).
        var mail = await _smtp.MessagesAsync();
        var ja = Assert.Single(mail, m => m.Subject.Contains(id, StringComparison.Ordinal) && m.Subject.StartsWith("【障害", StringComparison.Ordinal) && m.To.Contains("ceo@onduty.example"));
        Assert.Equal($"【障害・原因特定】{id} iOSアプリで請求書PDFがダウンロードできない", ja.Subject);
        var text = (await _smtp.TextAsync(ja.Id)).ReplaceLineEndings("\n");
        Assert.StartsWith($"第1報（SEV2・原因特定）：iOSアプリで請求書PDFがダウンロードできない\n\n障害番号：{id}\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("SEV3", text, StringComparison.Ordinal);
        Assert.Contains("■対応状況\n原因特定\n原因は PDF 取得先の URL 設定の誤りと判明しました。SEV2 に引き上げます。\n更新：", text, StringComparison.Ordinal);
        Assert.Contains("■回避策\nWeb 版（ブラウザ）から同じ PDF をダウンロードできます。\n", text, StringComparison.Ordinal);
        var day = "日月火水木金土"[(int)next.DayOfWeek];
        Assert.Contains($"■次回の更新予定\n{next.Year}年{next.Month}月{next.Day}日({day}) {next:HH:mm}頃（JST）までにお知らせします。\n", text, StringComparison.Ordinal);

        // Support's leads (Japanese), told of the declaration, get their 第2報; emma, a member on that list, reads English: Update 2.
        Assert.Equal(2, mail.Count(m => m.Subject.Contains(id, StringComparison.Ordinal) && m.Subject.StartsWith("【障害", StringComparison.Ordinal) && m.To.Contains("support-leads@onduty.example")));
        var en = mail.Where(m => m.Subject.Contains(id, StringComparison.Ordinal) && m.Subject.StartsWith("[Incident", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, en.Count);
        // Each reader's second notice says its number in the subject (trial 39 L1: two identical subjects read as a duplicate).
        Assert.Equal([$"[Incident · Identified] {id}: iOSアプリで請求書PDFがダウンロードできない (update 2)", $"[Incident · Investigating] {id}: iOSアプリで請求書PDFがダウンロードできない"], en.Select(m => m.Subject).Order(StringComparer.Ordinal));
        var second = (await _smtp.TextAsync(Assert.Single(en, m => m.Subject.StartsWith("[Incident · Identified]", StringComparison.Ordinal)).Id)).ReplaceLineEndings("\n");
        Assert.StartsWith("Update 2 (SEV2, Identified): 原因は PDF 取得先の URL 設定の誤りと判明しました。 The severity was raised from SEV3 to SEV2. A workaround was added.\nStatus changed from Investigating to Identified.\n", second, StringComparison.Ordinal);
    }

    /// <summary>
    /// Review day 27, finding 1d: the page rendered at t offered a next update (rounded up from t); the person posts at t + 4
    /// minutes without touching it. The notice says the time the form showed, not one worked out from the later submit.
    /// </summary>
    [Fact]
    public async Task UpdateForm_NextUpdateLeftAtTheDefault_TheNoticeSaysTheTimeTheFormShowed()
    {
        using var browser = new PageBrowser(_host.BaseAddress);
        using var created = await _host.Client.PostAsJsonAsync("api/incidents", new { title = "検索が遅い", severity = "sev2", by = "sato" });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await SettleAsync();
        // The page at :x8 offers an hour later rounded up to :x+1 0; a submit at :x+1 2 would round to the next ten minutes.
        var local = _host.Time.GetUtcNow().ToOffset(TimeSpan.FromHours(9));
        await _host.AdvanceAsync(TimeSpan.FromMinutes((18 - local.Minute % 10) % 10) - TimeSpan.FromSeconds(local.Second) - TimeSpan.FromMilliseconds(local.Millisecond));

        var (_, page) = await browser.GetAsync($"api/incidents/{id}/page?lang=ja");
        var shown = PageBrowser.Hidden(PageBrowser.FormOf(page, "/page/update"))["nextUpdateDefault"];
        Assert.NotEqual("", shown);
        await _host.AdvanceAsync(TimeSpan.FromMinutes(4));
        var (posted, _) = await browser.SubmitAsync(page, "/page/update", new Dictionary<string, string>
        {
            ["by"] = "山田 太郎", ["status"] = "identified", ["severity"] = "SEV2", ["message"] = "原因を特定しました。",
            ["nextUpdateAt"] = shown, ["workaround"] = "", ["resolvedAt"] = "", ["cause"] = "", ["nextSteps"] = "",
        });
        Assert.Equal(HttpStatusCode.SeeOther, posted.StatusCode);
        await SettleAsync();

        var at = DateTime.ParseExact(shown, "yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture);
        var mail = await _smtp.MessagesAsync();
        var second = Assert.Single(mail, m => m.Subject == $"【障害・原因特定】{id} 検索が遅い（第2報）" && m.To.Contains("ceo@onduty.example"));
        var text = (await _smtp.TextAsync(second.Id)).ReplaceLineEndings("\n");
        var day = "日月火水木金土"[(int)at.DayOfWeek];
        Assert.Contains($"■次回の更新予定\n{at.Year}年{at.Month}月{at.Day}日({day}) {at:HH:mm}頃（JST）までにお知らせします。\n", text, StringComparison.Ordinal);
    }

    /// <summary>
    /// Trial 33, H2: 山田 and 伊藤 have the incident page open in two browsers; 伊藤 resolves it; 山田 then sends his form, shown
    /// before that, with another cause. His is shown again (409) with what he typed and who reported what, and nothing is sent:
    /// every audience gets one recovery notice, not two contradicting ones in the same second. Sending the form shown again
    /// sends his knowingly.
    /// </summary>
    [Fact]
    public async Task UpdateForm_TwoPagesOpenBothResolve_TheSecondIsShownAgainNotSent_OneRecoveryNoticePerAudience()
    {
        using var created = await _host.Client.PostAsJsonAsync("api/incidents", new { title = "ポイントが付与されない", severity = "sev2", by = "takahashi" });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await SettleAsync();
        using var yamada = new HeadlessChromium();
        using var ito = new HeadlessChromium();
        var page = new Uri(_host.BaseAddress, $"api/incidents/{id}/page?lang=ja");
        yamada.GoTo(page);
        ito.GoTo(page);

        ito.Choose("update-status", "resolved");
        ito.Type("update-message", "ポイントの付与が再開しました。");
        ito.Type("update-cause", "バッチの遅延");
        ito.Type("update-by", "伊藤 さくら");
        var resolvedAt = TimeZoneInfo.ConvertTime(_host.Time.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo"));
        ito.ClickAndWait("submit-update");
        Assert.Contains("&done=updated&notice=", ito.Url, StringComparison.Ordinal);
        await SettleAsync();

        yamada.Choose("update-status", "resolved");
        yamada.Type("update-message", "復旧を確認しました。");
        yamada.Type("update-cause", "ポイントバッチの遅延");
        yamada.Type("update-by", "山田 太郎");
        yamada.Find("submit-update").Click();
        yamada.Wait(d => d.FindElements(OpenQA.Selenium.By.Id("update-warning")).Count > 0);

        Assert.Equal($"この間に伊藤さんが {resolvedAt:HH:mm}（JST）に「復旧済み」として報告しました（関係者に送信済み）。内容を確認してから送ってください。", yamada.Find("update-warning").Text);
        Assert.Equal("ポイントバッチの遅延", yamada.Find("update-cause").GetAttribute("value"));
        Assert.Equal("復旧を確認しました。", yamada.Find("update-message").GetAttribute("value"));
        Assert.Equal("確認したので、この内容で送る", yamada.Find("submit-update").Text);
        yamada.Screenshot("stale-update.png");
        await SettleAsync();

        var incident = (await _host.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}")).GetProperty("incident");
        Assert.Equal("バッチの遅延", incident.GetProperty("cause").GetString());
        List<ReceivedEmail> Recovery(IReadOnlyList<ReceivedEmail> mail) =>
            [.. mail.Where(m => m.Subject.Contains(id, StringComparison.Ordinal) && (m.Subject.StartsWith("【復旧済み】", StringComparison.Ordinal) || m.Subject.StartsWith("[Resolved]", StringComparison.Ordinal)))];
        var told = Recovery(await _smtp.MessagesAsync());
        Assert.Single(told, m => m.To.Contains("ceo@onduty.example"));
        Assert.Single(told, m => m.To.Contains("support-leads@onduty.example"));
        Assert.Single(told, m => m.To.Contains("emma@onduty.example"));

        // Having read it, he sends the form shown again: his notice goes, once.
        yamada.ClickAndWait("submit-update");
        Assert.Contains("&done=updated&notice=", yamada.Url, StringComparison.Ordinal);
        await SettleAsync();
        Assert.Equal("ポイントバッチの遅延", (await _host.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}")).GetProperty("incident").GetProperty("cause").GetString());
        Assert.Equal(2, Recovery(await _smtp.MessagesAsync()).Count(m => m.To.Contains("ceo@onduty.example")));
    }

    // Every check here reads a mail: settled only once nothing is pending — a send the test SMTP server dropped under load is retried
    // at once, and one failing again fails the settle naming it, not a later check as a missing mail (session 52: no executives'
    // mail after settling).
    private Task SettleAsync() => _host.SettleWithNothingPendingAsync(async () => (await _smtp.MessagesAsync()).Count);
}
