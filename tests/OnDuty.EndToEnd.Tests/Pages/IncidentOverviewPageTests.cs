using System.Drawing;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OnDuty.EndToEnd.Tests.Support;
using OnDuty.Testing;
using OpenQA.Selenium;

namespace OnDuty.EndToEnd.Tests.Pages;

/// <summary>
/// 「障害の状況」 (<c>GET /api/incidents/{id}/overview</c>), the read-only view stakeholder notices link, on the real app with the
/// sample's audiences (execs and support): a SEV3 declared (support's 第1報), then raised to SEV2 with a cause (execs' 第1報,
/// support's 第2報). The mails link the view, the duty pair's page mail keeps the working page, and the view shows both notices —
/// numbers, texts, authors, audiences by name — with no form, no control of the pair's, no address, and every text encoded.
/// </summary>
public sealed class IncidentOverviewPageTests : IAsyncLifetime
{
    private const string MasterKey = "e2e-overview-key";
    private const string Title = "<script>alert(1)</script> 請求書PDFが開けない";
    private const string TitleInHtml = "&lt;script&gt;alert(1)&lt;/script&gt; 請求書PDFが開けない";

    private OwnApp _app = null!;

    private HostedApp _host => _app.Host;

    public async Task InitializeAsync() =>
        _app = await OwnApp.StartAsync(MasterKey, OnDutyAppFixture.BeforeHandoff.AddHours(3), sampleAudiences: true);

    public Task DisposeAsync() => _app.DisposeAsync().AsTask();

    [Fact]
    public async Task Overview_TwoNoticesSent_LinkedFromTheirMails_ShowsBothReadOnlyAndEncoded()
    {
        var id = await DeclareAndRaiseAsync();

        // The stakeholders' mails link the view; the duty pair's page mail keeps the working page.
        var mail = await _app.Smtp!.MessagesAsync();
        var overview = $"{_host.BaseAddress}api/incidents/{id}/overview";
        var notices = mail.Where(m => m.Subject.Contains(id, StringComparison.Ordinal) && (m.Subject.StartsWith("【障害・", StringComparison.Ordinal) || m.Subject.StartsWith("[Incident · ", StringComparison.Ordinal))).ToList();
        // 第1報 to support (ja, and emma's en); 第2報 to support, to the execs (their 第1報) and to emma.
        Assert.Equal(5, notices.Count);
        // Each in its readers' own series: the execs' one mail (their 第1報) links their view, support's (and emma's) theirs.
        var links = new List<string>();
        foreach (var notice in notices)
        {
            var text = await _app.Smtp.TextAsync(notice.Id);
            Assert.Contains(overview, text, StringComparison.Ordinal);
            // The working page only at its customer drafts, and only for support (Drafts=true in the sample), never the execs.
            var drafts = $"/api/incidents/{id}/page?lang={(notice.Subject.StartsWith('[') ? "en" : "ja")}#h-drafts";
            Assert.DoesNotContain($"/api/incidents/{id}/page", text.Replace(drafts, "", StringComparison.Ordinal), StringComparison.Ordinal);
            Assert.Equal(text.Contains("for=support", StringComparison.Ordinal), text.Contains(drafts, StringComparison.Ordinal));
            links.Add(text[text.IndexOf(overview, StringComparison.Ordinal)..].Split('\n')[0].Trim());
            if (text.Contains("for=execs", StringComparison.Ordinal))
            {
                Assert.StartsWith("第1報（", text.TrimStart(), StringComparison.Ordinal);
            }
        }

        Assert.Equal(
            [$"{overview}?lang=en&for=support", $"{overview}?lang=en&for=support", $"{overview}?lang=ja&for=execs", $"{overview}?lang=ja&for=support", $"{overview}?lang=ja&for=support"],
            links.Order(StringComparer.Ordinal));

        var pages = mail.Where(m => m.Subject.StartsWith($"【SEV3 障害】{id}", StringComparison.Ordinal) || m.Subject.StartsWith($"[SEV3 incident] {id}", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(pages);
        foreach (var page in pages)
        {
            Assert.Contains($"/api/incidents/{id}/page", await _app.Smtp.TextAsync(page.Id), StringComparison.Ordinal);
        }

        using var browser = new PageBrowser(_host.BaseAddress);
        var (response, html) = await browser.GetAsync($"api/incidents/{id}/overview?lang=ja");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Contains(TitleInHtml, html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<dt>状態</dt><dd>原因特定</dd>", html, StringComparison.Ordinal);
        Assert.Contains("<dt>重大度</dt><dd>SEV2 — ", html, StringComparison.Ordinal);
        Assert.Contains("<dt>回避策</dt><dd>Web 版から同じ PDF をダウンロードできます。</dd>", html, StringComparison.Ordinal);
        Assert.Contains("<dt>次回の更新予定</dt>", html, StringComparison.Ordinal);

        // Both notices, newest first: the raise (execs' first, support's second) with its text and author, then the declaration.
        // For no one reader: no notice headed by a number, each audience with its own.
        Assert.Contains("<dt>最新の報告</dt><dd>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<dd>第", html, StringComparison.Ordinal);
        // Each headed as its mails opened, without their numbers: the severity and status it said, then its news.
        Assert.Contains("<h2 id=\"h-notices\">これまでの報告（新しい順）</h2>", html, StringComparison.Ordinal);
        var second = html.IndexOf("<h3>SEV2・原因特定：原因は PDF 取得先の URL 設定の誤り &lt;b&gt;v5.12.0&lt;/b&gt; と判明しました。重大度を SEV3 から SEV2 に引き上げました。</h3>", StringComparison.Ordinal);
        var first = html.IndexOf("<h3>SEV3・調査中：iOS アプリから請求書 PDF を開けません。</h3>", StringComparison.Ordinal);
        Assert.True(second > 0 && first > second, html);
        Assert.DoesNotContain("<h3>第", html, StringComparison.Ordinal);
        var raise = html[second..first];
        Assert.Contains("（JST）</time> · 山田 太郎", raise, StringComparison.Ordinal);
        Assert.Contains("原因は PDF 取得先の URL 設定の誤り &lt;b&gt;v5.12.0&lt;/b&gt; と判明しました。", raise, StringComparison.Ordinal);
        Assert.Contains("送付先：経営層（第1報として）、サポート（第2報として）", raise, StringComparison.Ordinal);
        Assert.Contains("重大度を SEV3 から SEV2 に引き上げました。", raise, StringComparison.Ordinal);
        var declared = html[first..];
        Assert.Contains("（JST）</time> · 佐藤 花子", declared, StringComparison.Ordinal);
        Assert.Contains("送付先：サポート（第1報として）</span>", declared, StringComparison.Ordinal);

        // Read-only: nothing to post, none of the pair's controls, no address of anyone.
        Assert.DoesNotContain("<form", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<button", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<input", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("/page", html, StringComparison.Ordinal);
        Assert.DoesNotContain("対応します", html, StringComparison.Ordinal);
        Assert.DoesNotContain("状況を更新する", html, StringComparison.Ordinal);
        Assert.DoesNotContain("応援を呼ぶ", html, StringComparison.Ordinal);
        Assert.DoesNotContain("@", html, StringComparison.Ordinal);

        // The same in English, by the pages' language rule.
        var (_, en) = await browser.GetAsync($"api/incidents/{id}/overview?lang=en");
        Assert.Contains("<h3>SEV2, Identified: 原因は PDF 取得先の URL 設定の誤り &lt;b&gt;v5.12.0&lt;/b&gt; と判明しました。 The severity was raised from SEV3 to SEV2.</h3>", en, StringComparison.Ordinal);
        Assert.Contains("<h2 id=\"h-notices\">Updates sent (newest first)</h2>", en, StringComparison.Ordinal);
        // Audiences by their English names (Comms__Audiences__{name}__DisplayNameEn), not the Japanese ones (trial day 28, L7); and
        // the raise the notice said.
        Assert.Contains("Sent to: Executives (as their update 1), Support (as their update 2)", en, StringComparison.Ordinal);
        Assert.Contains("The severity was raised from SEV3 to SEV2.", en, StringComparison.Ordinal);
        Assert.Contains(TitleInHtml, en, StringComparison.Ordinal);

        // The duty pair see from their page what the stakeholders see.
        var (_, work) = await browser.GetAsync($"api/incidents/{id}/page?lang=ja");
        Assert.Contains($"<a href=\"/api/incidents/{id}/overview?lang=ja\" id=\"overview-link\">", work, StringComparison.Ordinal);
    }

    /// <summary>
    /// Trial finding M3: the execs' link (<c>?for=execs</c>) shows what they were told, as they were told it — the raise as their
    /// 第1報, headed so — and nothing of support's series; support's link reads both notices as its 第2報 and 第1報.
    /// </summary>
    [Fact]
    public async Task Overview_ForTheExecs_OnlyTheirNoticeNumberedAsTheirMailSaidIt()
    {
        var id = await DeclareAndRaiseAsync();
        using var browser = new PageBrowser(_host.BaseAddress);

        var (response, execs) = await browser.GetAsync($"api/incidents/{id}/overview?lang=ja&for=execs");
        var (_, support) = await browser.GetAsync($"api/incidents/{id}/overview?lang=ja&for=support");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<dt>最新の報告</dt><dd>第1報 · ", execs, StringComparison.Ordinal);
        Assert.Single(execs.Split("<li>").Skip(1));
        Assert.Contains("<h3>第1報（SEV2・原因特定）：iOS アプリから請求書 PDF を開けません。</h3>", execs, StringComparison.Ordinal);
        Assert.Contains("原因は PDF 取得先の URL 設定の誤り &lt;b&gt;v5.12.0&lt;/b&gt; と判明しました。", execs, StringComparison.Ordinal);
        Assert.DoesNotContain("第2報", execs, StringComparison.Ordinal);
        Assert.DoesNotContain("送付先", execs, StringComparison.Ordinal);
        Assert.DoesNotContain("サポート", execs, StringComparison.Ordinal);
        Assert.Contains("<dt>最新の報告</dt><dd>第2報 · ", support, StringComparison.Ordinal);
        Assert.True(support.IndexOf("<h3>第2報（SEV2・原因特定）：", StringComparison.Ordinal) is var second and > 0
            && support.IndexOf("<h3>第1報（SEV3・調査中）：", StringComparison.Ordinal) > second, support);

        // Each notice headed with the opening of the mail its readers got, word for word (encoded).
        var mail = await _app.Smtp!.MessagesAsync();
        foreach (var (audience, view) in new[] { ("execs", execs), ("support", support) })
        {
            var sent = 0;
            foreach (var notice in mail.Where(m => m.Subject.StartsWith($"【障害・", StringComparison.Ordinal) && m.Subject.Contains(id, StringComparison.Ordinal)))
            {
                var text = await _app.Smtp.TextAsync(notice.Id);
                if (text.Contains($"overview?lang=ja&for={audience}", StringComparison.Ordinal))
                {
                    sent++;
                    Assert.Contains($"<h3>{WebUtility.HtmlEncode(text.TrimStart().ReplaceLineEndings("\n").Split('\n')[0])}</h3>", view, StringComparison.Ordinal);
                }
            }

            Assert.Equal(audience == "execs" ? 1 : 2, sent);
        }
    }

    /// <summary>A link outlives the settings: an audience not configured (any more) reads the general view, not an error.</summary>
    [Fact]
    public async Task Overview_ForAnAudienceNotConfigured_TheGeneralView()
    {
        var id = await DeclareAndRaiseAsync();
        using var browser = new PageBrowser(_host.BaseAddress);

        var (response, html) = await browser.GetAsync($"api/incidents/{id}/overview?lang=ja&for=marketing");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("送付先：経営層（第1報として）、サポート（第2報として）", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<h3>第", html, StringComparison.Ordinal);
    }

    /// <summary>
    /// A <c>for</c> that cannot be an audience's name: refused with the rule, as a bad <c>lang</c> is, nothing of it echoed raw —
    /// before the incident is read (an id that does not exist is not what is wrong with the link).
    /// </summary>
    [Theory]
    [InlineData("%3Cscript%3Ealert(1)%3C%2Fscript%3E")]
    [InlineData("execs%20support")]
    [InlineData("execs&for=support")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public async Task Overview_MalformedFor_400NamingTheValueAndItsRule(string value)
    {
        using var browser = new PageBrowser(_host.BaseAddress);

        var (response, html) = await browser.GetAsync($"api/incidents/INC-2026-9999/overview?lang=ja&for={value}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("このページのアドレスの値（for）は指定できる値ではありません。for は64文字以内の名前（文字、数字、-、_、. のみ）で指定してください。", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<h3>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Overview_AtAPhonesWidth_NoSideScrollAndNoScriptRuns()
    {
        var id = await DeclareAndRaiseAsync();
        using var chromium = new HeadlessChromium();
        chromium.Browser.Manage().Window.Size = new Size(420, 2400);

        chromium.GoTo(new Uri(_host.BaseAddress, $"api/incidents/{id}/overview?lang=ja"));

        chromium.AssertNoScriptRan();
        Assert.Equal($"{id} {Title}", chromium.Find("title").Text);
        var (page, view) = ((long, long))(
            (long)((IJavaScriptExecutor)chromium.Browser).ExecuteScript("return document.documentElement.scrollWidth;")!,
            (long)((IJavaScriptExecutor)chromium.Browser).ExecuteScript("return document.documentElement.clientWidth;")!);
        Assert.True(page <= view, $"the page is {page} px wide in a {view} px window");
        Assert.Equal(2, chromium.Browser.FindElements(By.CssSelector("#notices li")).Count);
        chromium.Screenshot("incident-overview.ja.png");
    }

    [Fact]
    public async Task Overview_MergedDuplicate_SaysWhereItGoesOnAndLinksThatOnesOverview()
    {
        var duplicate = await DeclareAndRaiseAsync();
        using var created = await _host.Client.PostAsJsonAsync("api/incidents", new { title = "請求書が表示されない", severity = "sev2", by = "yamada" });
        var keep = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        using (var merged = await _host.Client.PostAsJsonAsync($"api/incidents/{duplicate}/merge", new { into = keep, by = "sato" }))
        {
            Assert.True(merged.IsSuccessStatusCode, await merged.Content.ReadAsStringAsync());
        }

        using var browser = new PageBrowser(_host.BaseAddress);
        var (_, html) = await browser.GetAsync($"api/incidents/{duplicate}/overview?lang=ja");
        var (_, kept) = await browser.GetAsync($"api/incidents/{keep}/overview?lang=ja");

        Assert.Contains($"<dt>状態</dt><dd><a href=\"/api/incidents/{keep}/overview?lang=ja\">統合済み（{keep} で対応中）</a></dd>", html, StringComparison.Ordinal);
        Assert.Contains($"<h3>本件は {keep} と同一の障害であることがわかったため、{keep} に統合しました。", html, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"/api/incidents/{duplicate}/overview?lang=ja\">{duplicate}</a>", kept, StringComparison.Ordinal);
    }

    /// <summary>
    /// Trial day 33, M0, M1, M3 and L1 — the merge sequence: a SEV1 from Alertmanager (nobody told), a SEV3 declared (support's
    /// 第1報) merged into it (support's 【統合】 第2報), then the first update on the SEV1 with a new impact (the execs' 第1報, support's
    /// 第3報). The execs' first mail says no change; their view holds only that notice and names no duplicate; support's mail and view
    /// both say the raise; the incident page says each audience's own number.
    /// </summary>
    [Fact]
    public async Task Overview_AfterAMerge_EachAudiencesMailAndViewTellItsOwnStory_ThePageEachOnesNumber()
    {
        var target = (await Incidents.AlertIntakeTests.PostAcceptedAsync(_host.Client, "alertmanager", Incidents.AlertIntakeTests.NewAlertmanagerGroup("trial33"))).GetProperty("incidentId").GetString()!;
        using var created = await _host.Client.PostAsJsonAsync("api/incidents", new
        {
            title = "決済が完了しない", severity = "sev3", userImpact = "一部のカード決済でエラー", workaround = "コンビニ払い", by = "sato",
        });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var duplicate = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await _host.AdvanceAsync(TimeSpan.FromMinutes(3));
        using (var merged = await _host.Client.PostAsJsonAsync($"api/incidents/{duplicate}/merge", new { into = target, by = "yamada" }))
        {
            Assert.True(merged.IsSuccessStatusCode, await merged.Content.ReadAsStringAsync());
        }

        await _host.AdvanceAsync(TimeSpan.FromMinutes(2));
        using (var updated = await _host.Client.PostAsJsonAsync($"api/incidents/{target}/updates", new
        {
            status = "identified", userImpact = "すべてのカード決済でエラー", message = "決済代行の障害と判明しました。", by = "yamada",
        }))
        {
            Assert.True(updated.StatusCode == HttpStatusCode.OK, await updated.Content.ReadAsStringAsync());
        }

        await _host.SettleAsync(async () => (await _app.Smtp!.MessagesAsync()).Count);
        var overview = $"{_host.BaseAddress}api/incidents/{target}/overview";
        string? execsMail = null, supportMail = null;
        foreach (var message in (await _app.Smtp!.MessagesAsync()).Where(m => m.Subject.Contains(target, StringComparison.Ordinal)))
        {
            var text = (await _app.Smtp.TextAsync(message.Id)).ReplaceLineEndings("\n");
            if (text.Contains($"{overview}?lang=ja&for=execs", StringComparison.Ordinal))
            {
                execsMail = text;
            }
            else if (text.Contains($"{overview}?lang=ja&for=support", StringComparison.Ordinal))
            {
                supportMail = text;
            }
        }

        Assert.NotNull(execsMail);
        Assert.StartsWith($"第1報（SEV1・原因特定）：すべてのカード決済でエラー\n\n障害番号：{target}\n", execsMail.TrimStart(), StringComparison.Ordinal);
        Assert.DoesNotContain("引き上げ", execsMail, StringComparison.Ordinal);
        Assert.DoesNotContain("を更新しました", execsMail, StringComparison.Ordinal);
        Assert.DoesNotContain("SEV3", execsMail, StringComparison.Ordinal);
        Assert.DoesNotContain(duplicate, execsMail, StringComparison.Ordinal);
        Assert.NotNull(supportMail);
        Assert.StartsWith($"第3報（SEV1・原因特定）：{duplicate} としてお知らせしていた障害の続報です。決済代行の障害と判明しました。重大度を SEV3 から SEV1 に引き上げました。影響範囲を更新しました。\n状況が「調査中」から「原因特定」に変わりました。\n", supportMail.TrimStart(), StringComparison.Ordinal);

        using var browser = new PageBrowser(_host.BaseAddress);
        var (_, execs) = await browser.GetAsync($"api/incidents/{target}/overview?lang=ja&for=execs");
        var (_, support) = await browser.GetAsync($"api/incidents/{target}/overview?lang=ja&for=support");
        var (_, page) = await browser.GetAsync($"api/incidents/{target}/page?lang=ja");

        Assert.Single(execs.Split("<li>").Skip(1));
        Assert.Contains("<h3>第1報（SEV1・原因特定）：すべてのカード決済でエラー</h3>", execs, StringComparison.Ordinal);
        Assert.DoesNotContain(duplicate, execs, StringComparison.Ordinal);
        Assert.DoesNotContain("引き上げ", execs, StringComparison.Ordinal);
        Assert.DoesNotContain("を更新しました", execs, StringComparison.Ordinal);
        Assert.Equal(3, support.Split("<li>").Skip(1).Count());
        Assert.Contains("重大度を SEV3 から SEV1 に引き上げました。", support, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"/api/incidents/{duplicate}/overview?lang=ja&amp;for=support\">{duplicate}</a>", support, StringComparison.Ordinal);
        Assert.Contains("関係者に送信：", page, StringComparison.Ordinal);
        Assert.Contains("経営層（第1報）", page, StringComparison.Ordinal);
        Assert.Contains("サポート（第3報）", page, StringComparison.Ordinal);
        Assert.DoesNotContain("第1報を関係者", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ja", "障害 INC-2026-9999 は見つかりません。")]
    [InlineData("en", "Incident INC-2026-9999 does not exist.")]
    public async Task Overview_UnknownId_404InTheReadersLanguage(string lang, string said)
    {
        using var browser = new PageBrowser(_host.BaseAddress);

        var (response, html) = await browser.GetAsync($"api/incidents/INC-2026-9999/overview?lang={lang}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains(said, html, StringComparison.Ordinal);
    }

    /// <summary>
    /// Trial finding M8: a typo in the title fixed on the working page with 「関係者には知らせない（記録の訂正）」 mails nobody, keeps
    /// the update clock, and the timeline says it was a correction not told; the stakeholders' view shows the corrected title.
    /// The form said beforehand what either choice does; telling them with the same form sends 第3報 as before.
    /// </summary>
    [Fact]
    public async Task DetailsForm_QuietCorrection_NobodyMailed_ViewShowsTheCorrectedFacts_TellingSendsTheNextNotice()
    {
        var id = await DeclareAndRaiseAsync();
        var before = (await _host.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}")).GetProperty("incident");
        var mails = (await _app.Smtp!.MessagesAsync()).Count;
        using var browser = new PageBrowser(_host.BaseAddress);
        var (_, page) = await browser.GetAsync($"api/incidents/{id}/page?lang=ja");
        var form = PageBrowser.FormOf(page, "/page/details");
        // Each audience's own number (review day 28, M1): support told since 第1報, the execs since the raise's notice.
        Assert.Contains("知らせる：保存すると経営層（第2報）・サポート（第3報）に送られます。", form, StringComparison.Ordinal);
        Assert.Contains("<input type=\"radio\" id=\"details-notify-quiet\" name=\"notify\" value=\"quiet\" required><span>関係者には知らせない（記録の訂正）", form, StringComparison.Ordinal);
        await _host.AdvanceAsync(TimeSpan.FromMinutes(5));
        var fields = new Dictionary<string, string>
        {
            ["by"] = "伊藤", ["title"] = "請求書PDFが開けない（iOS）", ["severity"] = "SEV2",
            ["userImpact"] = "iOS アプリから請求書 PDF を開けません。", ["workaround"] = "Web 版から同じ PDF をダウンロードできます。",
            ["notify"] = "quiet",
        };

        var (saved, _) = await browser.SubmitAsync(page, "/page/details", fields);
        await _host.SettleAsync(async () => (await _app.Smtp.MessagesAsync()).Count);

        Assert.Equal(HttpStatusCode.SeeOther, saved.StatusCode);
        Assert.EndsWith("done=corrected", saved.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(mails, (await _app.Smtp.MessagesAsync()).Count);
        var details = await _host.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}");
        var after = details.GetProperty("incident");
        Assert.Equal("請求書PDFが開けない（iOS）", after.GetProperty("title").GetString());
        Assert.Equal(2, after.GetProperty("stakeholderNotices").GetInt32());
        Assert.Equal(before.GetProperty("lastUpdateByPersonAt").GetDateTimeOffset(), after.GetProperty("lastUpdateByPersonAt").GetDateTimeOffset());
        var row = details.GetProperty("timeline").EnumerateArray().Single(e => e.GetProperty("kind").GetString() == "corrected");
        Assert.Equal("伊藤", row.GetProperty("by").GetString());
        Assert.Equal(["title"], row.GetProperty("changes").EnumerateArray().Select(c => c.GetString()));
        Assert.DoesNotContain(details.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("kind").GetString() == "stakeholdersNotified" && e.GetProperty("step").GetInt32() == 3);

        var (_, view) = await browser.GetAsync($"api/incidents/{id}/overview?lang=ja");
        Assert.Contains("請求書PDFが開けない（iOS）", view, StringComparison.Ordinal);
        Assert.DoesNotContain("第3報", view, StringComparison.Ordinal);
        var (_, work) = await browser.GetAsync(saved.Headers.Location.OriginalString);
        Assert.Contains("記録を訂正しました。関係者には知らせていません。", work, StringComparison.Ordinal);
        Assert.Contains("<b>記録を訂正（関係者への連絡なし）</b>", work, StringComparison.Ordinal);

        // Told with the same form: 第3報 goes out, as a details edit always sent one.
        var (told, _) = await browser.SubmitAsync(work, "/page/details", new Dictionary<string, string>(fields) { ["title"] = "請求書PDFが開けない（iOS・Android）", ["notify"] = "tell" });
        await _host.SettleAsync(async () => (await _app.Smtp.MessagesAsync()).Count);
        Assert.Equal(HttpStatusCode.SeeOther, told.StatusCode);
        Assert.Contains(await _app.Smtp.MessagesAsync(), m => m.Subject.Contains("請求書PDFが開けない（iOS・Android）", StringComparison.Ordinal));
        Assert.Equal(3, (await _host.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}")).GetProperty("incident").GetProperty("stakeholderNotices").GetInt32());
    }

    /// <summary>
    /// Review day 28, L3: the server enforces the choice the form asked for. A details form that showed it posts
    /// <c>notifyAsked=1</c>; posted without a choice (the HTML <c>required</c> bypassed), 400 with the choice's error and nothing
    /// written or sent. A page from before the choice (no <c>notifyAsked</c>) is told, as before.
    /// </summary>
    [Fact]
    public async Task DetailsForm_ShowedTheChoice_PostedWithoutOne_400NothingWritten_APageFromBeforeTheChoiceIsTold()
    {
        var id = await DeclareAndRaiseAsync();
        using var browser = new PageBrowser(_host.BaseAddress);
        var (_, page) = await browser.GetAsync($"api/incidents/{id}/page?lang=ja");
        var form = PageBrowser.FormOf(page, "/page/details");
        Assert.Contains("<input type=\"hidden\" name=\"notifyAsked\" value=\"1\">", form, StringComparison.Ordinal);
        var fields = new Dictionary<string, string> { ["by"] = "伊藤", ["title"] = "請求書PDFが開けない（iOS）", ["severity"] = "SEV2" };
        var mails = (await _app.Smtp!.MessagesAsync()).Count;
        var before = await _host.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}");

        var (refused, again) = await browser.SubmitAsync(page, "/page/details", fields);
        await _host.SettleAsync(async () => (await _app.Smtp.MessagesAsync()).Count);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("<p class=\"err\" id=\"details-notify-err\">関係者に知らせるかどうかを選んでください。</p>", again, StringComparison.Ordinal);
        Assert.Contains("<input type=\"hidden\" name=\"notifyAsked\" value=\"1\">", PageBrowser.FormOf(again, "/page/details"), StringComparison.Ordinal);
        var after = await _host.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}");
        Assert.Equal(Title, after.GetProperty("incident").GetProperty("title").GetString());
        Assert.Equal(before.GetProperty("incident").GetProperty("stakeholderNotices").GetInt32(), after.GetProperty("incident").GetProperty("stakeholderNotices").GetInt32());
        Assert.Equal(
            before.GetProperty("timeline").EnumerateArray().Count(e => e.GetProperty("kind").GetString() is "update" or "corrected"),
            after.GetProperty("timeline").EnumerateArray().Count(e => e.GetProperty("kind").GetString() is "update" or "corrected"));
        Assert.Equal(mails, (await _app.Smtp.MessagesAsync()).Count);

        // The same form as a page from before the choice posts it: no notifyAsked, no notify — saved and told (第3報).
        var old = PageBrowser.Hidden(form);
        old.Remove("notifyAsked");
        foreach (var (name, value) in fields)
        {
            old[name] = value;
        }

        using var told = await browser.Client.PostAsync($"api/incidents/{id}/page/details?lang=ja", new FormUrlEncodedContent(old));
        await _host.SettleAsync(async () => (await _app.Smtp.MessagesAsync()).Count);
        Assert.Equal(HttpStatusCode.SeeOther, told.StatusCode);
        Assert.EndsWith("done=edited&notice=3", told.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var saved = (await _host.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}")).GetProperty("incident");
        Assert.Equal(("請求書PDFが開けない（iOS）", 3), (saved.GetProperty("title").GetString(), saved.GetProperty("stakeholderNotices").GetInt32()));
        // The confirmation names the notice the save leads to, as an update's does.
        var (_, confirmed) = await browser.GetAsync(told.Headers.Location!.OriginalString);
        Assert.Matches("<p class=\"done\" role=\"status\">詳細を保存しました。(第3報を[^<]+|[^<]*（第3報）[^<]*)に送ります（送信状況はタイムラインに出ます）。</p>", confirmed);
    }

    /// <summary>
    /// The details form in Chromium at a phone's width: no side scroll; without a choice the browser does not send it (the choice is
    /// required, none preselected); with 「関係者には知らせない」 ticked it saves as a correction and nobody is mailed.
    /// </summary>
    [Fact]
    public async Task DetailsForm_InChromiumAtAPhonesWidth_ChoiceRequired_QuietSaveMailsNobody()
    {
        var id = await DeclareAndRaiseAsync();
        var mails = (await _app.Smtp!.MessagesAsync()).Count;
        using var chromium = new HeadlessChromium();
        chromium.Browser.Manage().Window.Size = new Size(420, 2400);
        chromium.GoTo(new Uri(_host.BaseAddress, $"api/incidents/{id}/page?lang=ja"));
        var script = (IJavaScriptExecutor)chromium.Browser;
        Assert.True((long)script.ExecuteScript("return document.documentElement.scrollWidth;")! <= (long)script.ExecuteScript("return document.documentElement.clientWidth;")!);
        chromium.Type("details-by", "伊藤");
        chromium.Type("details-title", "請求書PDFが開けない（iOS）");

        // Not chosen: the browser keeps the form (the radios say what is missing) and sends nothing.
        Assert.False((bool)script.ExecuteScript("return document.getElementById('form-details').checkValidity();")!);
        Assert.True((bool)script.ExecuteScript("return document.getElementById('details-notify-quiet').validity.valueMissing;")!);

        chromium.Find("details-notify-quiet").Click();
        Assert.True((bool)script.ExecuteScript("return document.getElementById('form-details').checkValidity();")!);
        chromium.Find("submit-details").Click();
        chromium.Wait(d => d.Url.EndsWith("&done=corrected", StringComparison.Ordinal));
        await _host.SettleAsync(async () => (await _app.Smtp.MessagesAsync()).Count);

        Assert.Contains("記録を訂正（関係者への連絡なし）", chromium.Find("timeline").Text, StringComparison.Ordinal);
        chromium.Screenshot("incident-details-corrected.ja.png");
        Assert.Equal("請求書PDFが開けない（iOS）", (await _host.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}")).GetProperty("incident").GetProperty("title").GetString());
        Assert.Equal(mails, (await _app.Smtp.MessagesAsync()).Count);
    }

    /// <summary>
    /// The JSON API's quiet correction (<c>notifyStakeholders: false</c>): the details saved, nobody mailed; with a status (news the
    /// stakeholders are told) it is a 400 naming the field, nothing changed.
    /// </summary>
    [Fact]
    public async Task UpdatesApi_NotifyStakeholdersFalse_CorrectsWithoutMail_WithAStatus400NothingChanged()
    {
        var id = await DeclareAndRaiseAsync();
        var mails = (await _app.Smtp!.MessagesAsync()).Count;

        using var corrected = await _host.Client.PostAsJsonAsync($"api/incidents/{id}/updates", new { notifyStakeholders = false, title = "請求書PDFが開けない", by = "ito" });
        using var refused = await _host.Client.PostAsJsonAsync($"api/incidents/{id}/updates", new { notifyStakeholders = false, status = "resolved", title = "x", by = "ito" });
        await _host.SettleAsync(async () => (await _app.Smtp.MessagesAsync()).Count);

        Assert.True(corrected.StatusCode == HttpStatusCode.OK, await corrected.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Contains("status", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var details = await _host.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}");
        var incident = details.GetProperty("incident");
        Assert.Equal(("請求書PDFが開けない", "identified", 2), (incident.GetProperty("title").GetString(), incident.GetProperty("status").GetString(), incident.GetProperty("stakeholderNotices").GetInt32()));
        Assert.Equal(mails, (await _app.Smtp.MessagesAsync()).Count);

        // The corrected row keeps what it replaced (review day 28, L2), as stored in Azurite and returned by the API.
        var row = details.GetProperty("timeline").EnumerateArray().Single(e => e.GetProperty("kind").GetString() == "corrected").GetProperty("corrected");
        Assert.Equal((Title, "請求書PDFが開けない"), (row.GetProperty("title").GetProperty("from").GetString(), row.GetProperty("title").GetProperty("to").GetString()));
        Assert.False(row.TryGetProperty("startedAt", out var started) && started.ValueKind != JsonValueKind.Null);
    }

    /// <summary>佐藤 declares a SEV3 (support told), then 山田 raises it to SEV2 with what was found (execs told too).</summary>
    /// <summary>
    /// Trial day 28, M6.1: the update form shows ユーザー影響 filled in with what is recorded; a PM raising SEV2 to SEV1 rewrites it in
    /// the same form, and the one notice that update sends (第3報 to support, the execs' 第2報) says the new impact under ■影響範囲 and
    /// that it changed — no extra notice for the impact.
    /// </summary>
    [Fact]
    public async Task UpdateForm_SeverityRaisedWithTheImpact_StoredAndSaidInTheOneNotice()
    {
        var id = await DeclareAndRaiseAsync();
        var before = (await _app.Smtp!.MessagesAsync()).Select(m => m.Id).ToHashSet();
        using var browser = new PageBrowser(_host.BaseAddress);
        var (_, page) = await browser.GetAsync($"api/incidents/{id}/page?lang=ja");
        var form = PageBrowser.FormOf(page, "/page/update");
        Assert.Contains("name=\"userImpact\"", form, StringComparison.Ordinal);
        Assert.Contains(">iOS アプリから請求書 PDF を開けません。</textarea>", form, StringComparison.Ordinal);
        await _host.AdvanceAsync(TimeSpan.FromMinutes(5));

        var (updated, _) = await browser.SubmitAsync(page, "/page/update", new Dictionary<string, string>
        {
            ["by"] = "伊藤", ["status"] = "identified", ["severity"] = "SEV1", ["userImpact"] = "すべてのアプリで請求書 PDF を開けません <b>全員</b>。",
            ["message"] = "Android と Web でも同じ症状を確認しました。",
        });
        await _host.SettleAsync(async () => (await _app.Smtp.MessagesAsync()).Count);

        Assert.Equal(HttpStatusCode.SeeOther, updated.StatusCode);
        var incident = (await _host.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}")).GetProperty("incident");
        Assert.Equal(("SEV1", "すべてのアプリで請求書 PDF を開けません <b>全員</b>。"), (incident.GetProperty("severity").GetString(), incident.GetProperty("userImpact").GetString()));
        var sent = (await _app.Smtp.MessagesAsync()).Where(m => !before.Contains(m.Id) && m.Subject.Contains(id, StringComparison.Ordinal)
            && (m.Subject.StartsWith("【障害・", StringComparison.Ordinal) || m.Subject.StartsWith("[Incident · ", StringComparison.Ordinal))).ToList();
        // One notice: support (ja, and emma's en) and the execs; nothing more for the impact.
        Assert.Equal(3, sent.Count);
        foreach (var notice in sent)
        {
            var text = (await _app.Smtp.TextAsync(notice.Id)).ReplaceLineEndings("\n");
            if (text.Contains("■影響範囲", StringComparison.Ordinal))
            {
                Assert.Matches(@"^第[23]報（SEV1・原因特定）：重大度を SEV2 から SEV1 に引き上げました。影響範囲を更新しました。\n", text.TrimStart());
                Assert.Contains("■影響範囲\nすべてのアプリで請求書 PDF を開けません <b>全員</b>。\n", text, StringComparison.Ordinal);
                Assert.DoesNotContain("iOS アプリから請求書 PDF を開けません。", text, StringComparison.Ordinal);
            }
            else
            {
                Assert.Contains("Who is affected was updated.", text, StringComparison.Ordinal);
            }
        }
    }

    private async Task<string> DeclareAndRaiseAsync()
    {
        using var created = await _host.Client.PostAsJsonAsync("api/incidents", new
        {
            title = Title, severity = "sev3", userImpact = "iOS アプリから請求書 PDF を開けません。", workaround = "Web 版から同じ PDF をダウンロードできます。", by = "sato",
        });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await _host.AdvanceAsync(TimeSpan.FromMinutes(10));
        using var updated = await _host.Client.PostAsJsonAsync($"api/incidents/{id}/updates", new
        {
            status = "identified", severity = "sev2", message = "原因は PDF 取得先の URL 設定の誤り <b>v5.12.0</b> と判明しました。", by = "yamada",
        });
        Assert.True(updated.StatusCode == HttpStatusCode.OK, await updated.Content.ReadAsStringAsync());
        await _host.SettleAsync(async () => (await _app.Smtp!.MessagesAsync()).Count);
        return id;
    }
}
