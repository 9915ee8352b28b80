using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OnDuty.EndToEnd.Tests.Support;

namespace OnDuty.EndToEnd.Tests.Pages;

/// <summary>
/// Following an incident behind App Service Authentication (a second, HTTP-only host on the shared storage; the shared host sends):
/// the PM who declares it on the form follows it and gets the next stakeholder update by mail; another member follows from the
/// page and gets the next in her own language; unfollowing stops them. The page names the declarer with her contact, and is looked
/// at in headless Chromium at phone and desk widths.
/// </summary>
[Collection(OnDutyAppCollection.Name)]
public sealed class IncidentFollowTests(OnDutyAppFixture app) : SignedInHostTests
{
    protected override OnDutyAppFixture App => app;

    private async Task<string> DeclareAsync(PageBrowser browser, string title)
    {
        var (_, form) = await browser.GetAsync("api/incidents/new?lang=ja");
        var (posted, _) = await browser.SubmitAsync(form, "/api/incidents/new", new Dictionary<string, string> { ["title"] = title, ["severity"] = "SEV3" });
        Assert.Equal(HttpStatusCode.SeeOther, posted.StatusCode);
        return posted.Headers.Location!.OriginalString.Split('/')[3];
    }

    private async Task UpdateAsync(string id, string message)
    {
        using var updated = await app.Client.PostAsJsonAsync($"api/incidents/{id}/updates", new { status = "identified", message, by = "yamada" });
        Assert.True(updated.StatusCode == HttpStatusCode.OK, await updated.Content.ReadAsStringAsync());
        await app.SettleAsync();
    }

    private async Task<List<string>> FollowersAsync(string id) =>
        [.. (await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}/followers")).GetProperty("followers").EnumerateArray().Select(f => f.GetProperty("memberId").GetString()!)];

    /// <summary>
    /// 伊藤さん declares it and follows it; an English speaker off duty follows from the page (Emma, or Liam when Emma is on duty —
    /// never both) and gets the next update in English. As a duty member of the incident (the demo pair moves weekly, and the tests
    /// move the clock) 伊藤さん gets no follower copy — she is paged and works on its page — and the page says whom posting tells
    /// either way; the row, the API's row and 障害の状況 count those it reached. Unfollowing stops hers.
    /// </summary>
    [Fact]
    public async Task Declare_DeclarerFollows_AnotherFollowsFromThePageInTheirLanguage_DutyMembersGetNoCopy_UnfollowStopsIt()
    {
        using var ito = SignedIn("伊藤 さくら", "ito@onduty.example");
        var title = $"フォロー確認 {Guid.NewGuid():N}"[..20];
        var id = await DeclareAsync(ito, title);
        Assert.Equal(["ito"], await FollowersAsync(id));
        var duty = (await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}")).GetProperty("incident").GetProperty("assignees")
            .EnumerateArray().Select(a => a.GetProperty("id").GetString()).ToList();
        Assert.Equal(2, duty.Count);
        var itoOnDuty = duty.Contains("ito");
        var (other, otherName) = duty.Contains("emma") ? ("liam", "Liam Chen") : ("emma", "Emma Wilson");

        // The page: 起票者 links to her mail; she follows it, and may stop. No audience for SEV3 here: posting tells its followers
        // alone — none while she is its only follower and on duty.
        var (_, page) = await ito.GetAsync($"api/incidents/{id}/page?lang=ja");
        Assert.Contains("<dt>起票者</dt><dd><a href=\"mailto:ito@onduty.example\">伊藤 さくら</a></dd>", page, StringComparison.Ordinal);
        Assert.Contains("<p id=\"followers\">フォローしている人：伊藤 さくら</p>", page, StringComparison.Ordinal);
        Assert.Contains($"action=\"/api/incidents/{id}/page/unfollow?lang=ja\"", page, StringComparison.Ordinal);
        Assert.Contains(itoOnDuty ? "この重大度には関係者の宛先が設定されていないため、投稿しても誰にも送られません。"
            : "この重大度には関係者の宛先が設定されていないため、投稿するとこの障害をフォローしている人（伊藤 さくら）にだけ送られます。", page, StringComparison.Ordinal);

        // The other follows from the page (read in their roster language, English).
        using var visitor = SignedIn(otherName, $"{other}@onduty.example");
        var (_, otherPage) = await visitor.GetAsync($"api/incidents/{id}/page");
        Assert.Contains("<button type=\"submit\" id=\"follow-button\">Follow this incident</button>", otherPage, StringComparison.Ordinal);
        var (followed, _) = await visitor.SubmitAsync(otherPage, $"/api/incidents/{id}/page/follow", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.SeeOther, followed.StatusCode);
        Assert.EndsWith("&done=followed", followed.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var (_, both) = await ito.GetAsync($"api/incidents/{id}/page?lang=ja");
        Assert.Contains($"<p id=\"followers\">フォローしている人：{otherName}、伊藤 さくら</p>", both, StringComparison.Ordinal);
        Assert.Contains($"投稿するとこの障害をフォローしている人（{(itoOnDuty ? otherName : $"{otherName}、伊藤 さくら")}）にだけ送られます。", both, StringComparison.Ordinal);

        await UpdateAsync(id, "決済代行のタイムアウトと判明");
        var mail = await app.Smtp.MessagesAsync();
        var second = Assert.Single(mail, m => m.Subject == $"[Incident · Identified] {id}: {title} (update 2)");
        Assert.Contains($"{other}@onduty.example", second.To);
        Assert.DoesNotContain("ito@onduty.example", second.To);
        Assert.Contains("決済代行のタイムアウトと判明", await app.Smtp.TextAsync(second.Id), StringComparison.Ordinal);
        var secondJa = mail.Where(m => m.Subject == $"【障害・原因特定】{id} {title}（第2報）").ToList();
        Assert.Equal(!itoOnDuty, secondJa.Any(m => m.To.Contains("ito@onduty.example")));
        // Its timeline row says whom it reached, as counted when it was queued (not 「誰にも送っていません」).
        var reached = itoOnDuty ? 1 : 2;
        var (_, told) = await ito.GetAsync($"api/incidents/{id}/page?lang=ja");
        Assert.Contains($"この重大度には関係者の宛先が設定されていないため、この障害をフォローしている{reached}人にだけ送りました。", told, StringComparison.Ordinal);
        // 第1報 went out as it was declared, before anyone could follow it: that row still says nobody got it, and only that one.
        Assert.Equal(2, told.Split("この重大度には関係者の宛先が設定されていないため、誰にも送っていません。").Length);
        // The API's rows carry the count the page says: on 第2報's row; null on 第1報's (it reached no follower) and on every other row.
        var rows = (await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}")).GetProperty("timeline").EnumerateArray().ToList();
        var notices = rows.Where(r => r.GetProperty("kind").GetString() == "stakeholdersNotified").ToList();
        Assert.Equal([(1, "null"), (2, $"{reached}")], notices.Select(r => (r.GetProperty("step").GetInt32(), r.GetProperty("followers").GetRawText())));
        Assert.All(rows.Except(notices), r => Assert.Equal(JsonValueKind.Null, r.TryGetProperty("followers", out var f) ? f.ValueKind : JsonValueKind.Null));
        // 障害の状況 lists 第2報, which went to the followers alone, and says so as the row does.
        var (_, overview) = await ito.GetAsync($"api/incidents/{id}/overview?lang=ja");
        Assert.Contains($"この重大度には関係者の宛先が設定されていないため、この障害をフォローしている{reached}人にだけ送りました。", overview, StringComparison.Ordinal);
        Assert.Contains("決済代行のタイムアウトと判明", overview, StringComparison.Ordinal);

        // Ito stops following; the other gets update 3, she does not.
        var (_, itoPage) = await ito.GetAsync($"api/incidents/{id}/page?lang=ja");
        var (unfollowed, _) = await ito.SubmitAsync(itoPage, $"/api/incidents/{id}/page/unfollow", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.SeeOther, unfollowed.StatusCode);
        Assert.Equal([other], await FollowersAsync(id));
        var (_, after) = await ito.GetAsync($"api/incidents/{id}/page?lang=ja&done=unfollowed");
        Assert.Contains("この障害のフォローをやめました。", after, StringComparison.Ordinal);
        Assert.Contains($"<p id=\"followers\">フォローしている人：{otherName}</p>", after, StringComparison.Ordinal);

        await UpdateAsync(id, "切り替えを進めています");
        mail = await app.Smtp.MessagesAsync();
        var third = Assert.Single(mail, m => m.Subject.Contains(id, StringComparison.Ordinal) && m.Subject.EndsWith("(update 3)", StringComparison.Ordinal));
        Assert.Equal($"[Incident · Identified] {id}: {title} (update 3)", third.Subject);
        Assert.Contains($"{other}@onduty.example", third.To);
        Assert.DoesNotContain(mail, m => m.Subject.Contains(id, StringComparison.Ordinal) && m.Subject.Contains("第3報", StringComparison.Ordinal));
        // Of the stakeholder notices (not a page, should she be on duty): only 第2報 reached her, and only when she was off duty.
        Assert.Equal(secondJa.Select(m => m.Id), mail.Where(m => m.Subject.Contains(id, StringComparison.Ordinal) && m.Subject.EndsWith("報）", StringComparison.Ordinal) && m.To.Contains("ito@onduty.example")).Select(m => m.Id));
    }

    [Fact]
    public async Task FollowersApi_FollowTwiceUnfollowAndUnknowns_AnsweredAsTheApiDoes()
    {
        using var ito = SignedIn("伊藤 さくら", "ito@onduty.example");
        var id = await DeclareAsync(ito, "API フォロー確認");

        using var first = await app.Client.PostAsJsonAsync($"api/incidents/{id}/followers", new { memberId = "sato" });
        using var again = await app.Client.PostAsJsonAsync($"api/incidents/{id}/followers", new { memberId = "sato" });
        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.OK), (first.StatusCode, again.StatusCode));
        Assert.Equal(["ito", "sato"], (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("followers").EnumerateArray().Select(f => f.GetProperty("memberId").GetString()));

        using var removed = await app.Client.DeleteAsync($"api/incidents/{id}/followers/sato");
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal(["ito"], await FollowersAsync(id));

        using var unknownIncident = await app.Client.PostAsJsonAsync("api/incidents/INC-2026-9999/followers", new { memberId = "sato" });
        Assert.Equal(HttpStatusCode.NotFound, unknownIncident.StatusCode);
        Assert.Equal("application/problem+json", unknownIncident.Content.Headers.ContentType?.MediaType);
        using var unknownMember = await app.Client.PostAsJsonAsync($"api/incidents/{id}/followers", new { memberId = "nobody" });
        Assert.Equal(HttpStatusCode.BadRequest, unknownMember.StatusCode);
        Assert.Contains("memberId", await unknownMember.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(["ito"], await FollowersAsync(id));
    }

    /// <summary>
    /// Merging a duplicate (twice, as a retry would): its followers follow the incident merged into — one who followed both stays one
    /// follower — and their 統合 mail says updates come from there.
    /// </summary>
    [Fact]
    public async Task Merge_TheDuplicatesFollowersFollowTheOneMergedInto_TheirMailSaysSo()
    {
        using var ito = SignedIn("伊藤 さくら", "ito@onduty.example");
        using var tanaka = SignedIn("田中 健", "tanaka@onduty.example");
        var title = $"統合確認 {Guid.NewGuid():N}"[..13];
        var keep = await DeclareAsync(ito, title);
        var duplicate = await DeclareAsync(tanaka, title + " 重複");
        using (var both = await app.Client.PostAsJsonAsync($"api/incidents/{duplicate}/followers", new { memberId = "ito" }))
        {
            Assert.Equal(HttpStatusCode.Created, both.StatusCode);
        }

        for (var k = 0; k < 2; k++)
        {
            using var merged = await app.Client.PostAsJsonAsync($"api/incidents/{duplicate}/merge", new { into = keep, by = "yamada" });
            Assert.True(merged.StatusCode == HttpStatusCode.OK, await merged.Content.ReadAsStringAsync());
        }

        await app.SettleAsync();
        Assert.Equal(["ito", "tanaka"], (await FollowersAsync(keep)).Order(StringComparer.Ordinal));
        var mail = Assert.Single(await app.Smtp.MessagesAsync(), m => m.Subject == $"【統合】{duplicate} {title} 重複（第2報）");
        Assert.Contains("tanaka@onduty.example", mail.To);
        Assert.Contains($"この障害をフォローしていたため、統合先の {keep} をフォローするようにしました。以降の続報は {keep} の報告として届きます。", await app.Smtp.TextAsync(mail.Id), StringComparison.Ordinal);
    }

    /// <summary>
    /// A member's own page (<c>/api/status/me</c>) lists the open incidents they follow, linked, each with 「フォローをやめる」: pressing it
    /// stops the follow and the page says so; one resolved since is not listed; an incident that does not exist is 404.
    /// </summary>
    [Fact]
    public async Task MemberPage_ListsTheOpenIncidentsTheyFollow_AndUnfollowsThere()
    {
        using var ito = SignedIn("伊藤 さくら", "ito@onduty.example");
        var title = $"一覧確認 {Guid.NewGuid():N}"[..13];
        var id = await DeclareAsync(ito, title);
        var resolved = await DeclareAsync(ito, title + " 済");
        using (var done = await app.Client.PostAsJsonAsync($"api/incidents/{resolved}/updates", new { status = "resolved", message = "復旧しました", by = "yamada" }))
        {
            Assert.True(done.StatusCode == HttpStatusCode.OK, await done.Content.ReadAsStringAsync());
        }

        var (_, me) = await ito.GetAsync("api/status/me?lang=ja");
        Assert.Contains("<h2 id=\"h-following\">フォロー中の障害</h2>", me, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"/api/incidents/{id}/page?lang=ja\" id=\"following-{id}\">SEV3 {id} {title}</a>", me, StringComparison.Ordinal);
        Assert.DoesNotContain($"following-{resolved}\"", me, StringComparison.Ordinal);

        var (unfollowed, _) = await ito.SubmitAsync(me, "/api/status/me/unfollow", new Dictionary<string, string> { ["incident"] = id });

        Assert.Equal(HttpStatusCode.SeeOther, unfollowed.StatusCode);
        Assert.Equal("/api/status/me?lang=ja&done=unfollowed", unfollowed.Headers.Location!.OriginalString);
        Assert.DoesNotContain("ito", await FollowersAsync(id));
        var (_, after) = await ito.GetAsync("api/status/me?lang=ja&done=unfollowed");
        Assert.Contains("フォローをやめました。その障害の報告はもう届きません。", after, StringComparison.Ordinal);
        Assert.DoesNotContain($"following-{id}\"", after, StringComparison.Ordinal);

        var (unknown, _) = await ito.SubmitAsync(me, "/api/status/me/unfollow", new Dictionary<string, string> { ["incident"] = "INC-2026-9999" });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    /// <summary>The page as a phone (390×844) and a desk (1280) show it: the follow button and 起票者's link fit; pressing it follows.</summary>
    [Theory]
    [InlineData(390, 844)]
    [InlineData(1280, 900)]
    public async Task Page_InChromium_FollowButtonFitsAndFollows(int width, int height)
    {
        using var ito = SignedIn("伊藤 さくら", "ito@onduty.example");
        var id = await DeclareAsync(ito, "ブラウザでフォロー");
        using var chromium = new HeadlessChromium();
        chromium.Browser.ExecuteCdpCommand("Network.enable", []);
        chromium.Browser.ExecuteCdpCommand("Network.setExtraHTTPHeaders", new Dictionary<string, object?>
        {
            ["headers"] = new Dictionary<string, object> { ["X-MS-CLIENT-PRINCIPAL"] = Principal("田中 健", "tanaka@onduty.example") },
        });
        chromium.Browser.Manage().Window.Size = new System.Drawing.Size(width, height);

        chromium.GoTo(new Uri(Host.BaseAddress, $"api/incidents/{id}/page?lang=ja"));
        var button = chromium.Find("follow-button");
        Assert.Equal("この障害をフォローする", button.Text);
        var viewport = Convert.ToInt64(((OpenQA.Selenium.IJavaScriptExecutor)chromium.Browser).ExecuteScript("return document.documentElement.clientWidth;"), System.Globalization.CultureInfo.InvariantCulture);
        var scrolled = Convert.ToInt64(((OpenQA.Selenium.IJavaScriptExecutor)chromium.Browser).ExecuteScript("return document.documentElement.scrollWidth;"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(scrolled <= viewport, $"the page scrolls sideways at {width}: {scrolled} > {viewport}");
        Assert.True(button.Location.X >= 0 && button.Location.X + button.Size.Width <= viewport, $"the button runs off the page at {width}");
        Assert.Equal("mailto:ito@onduty.example", chromium.Browser.FindElement(OpenQA.Selenium.By.CssSelector("#facts a[href^='mailto:']")).GetAttribute("href"));
        ((OpenQA.Selenium.IJavaScriptExecutor)chromium.Browser).ExecuteScript("document.getElementById('follow').scrollIntoView();");
        chromium.Screenshot($"incident-follow-{width}.png");

        chromium.ClickAndWait("follow-button");

        Assert.EndsWith("&done=followed", chromium.Url, StringComparison.Ordinal);
        Assert.Equal("この障害をフォローしました。関係者への報告がメールで届きます。", chromium.Browser.FindElement(OpenQA.Selenium.By.CssSelector("p.done")).Text);
        Assert.Equal("フォローしている人：伊藤 さくら、田中 健", chromium.Find("followers").Text);
        Assert.Equal("フォローをやめる", chromium.Find("follow-button").Text);
        Assert.Equal(["ito", "tanaka"], (await FollowersAsync(id)).Order(StringComparer.Ordinal));
    }
}
