using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using OnDuty.Core.Calendar;
using OnDuty.EndToEnd.Tests.Support;
using OpenQA.Selenium;

namespace OnDuty.EndToEnd.Tests.Pages;

/// <summary>
/// 「カレンダーに追加」 on a member's own page (<c>/api/status/me</c>) behind App Service Authentication (a second host on the shared
/// storage): a newcomer makes their own calendar feed URL, sees it once, subscribes (the URL serves their shifts), and revokes it
/// (404 at once, as the admin's revoke). The cap is the admin API's; another member neither sees nor revokes theirs, nor does the
/// member an admin's. Looked at in headless Chromium at phone and desk widths.
/// </summary>
[Collection(OnDutyAppCollection.Name)]
public sealed partial class MemberCalendarPageTests(OnDutyAppFixture app) : SignedInHostTests
{
    protected override OnDutyAppFixture App => app;

    /// <summary>The subscribe URL the page shows once, as a browser reads the field's value.</summary>
    private static string? ShownUrl(string html) =>
        CalendarUrl().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;

    private static string FeedIdOf(string url) => FeedSecret.IdOf(FeedSecret.Hash(url[(url.IndexOf("token=", StringComparison.Ordinal) + 6)..]));

    private async Task<List<(string Id, bool ByMember, string? Note)>> AdminListAsync(string member) =>
        [.. (await app.Client.GetFromJsonAsync<JsonElement>($"api/members/{member}/feeds")).GetProperty("items").EnumerateArray()
            .Select(i => (i.GetProperty("id").GetString()!, i.GetProperty("byMember").GetBoolean(), i.GetProperty("note").GetString()))];

    /// <summary>
    /// 鈴木さん (ja) makes a URL with a note: the page shows it once — the https URL to copy, its webcal:// link, a line each for
    /// Outlook and Google — and lists it by date with the note encoded; the URL serves an .ics of his shifts in every rotation he is
    /// in. Opened again, the page lists it but no longer shows the URL. 「無効にする」 revokes it: 303 saying so, the URL 404 at once.
    /// </summary>
    [Fact]
    public async Task Ja_Make_UrlShownOnce_ServesTheirShifts_Revoke_404AtOnce()
    {
        using var suzuki = SignedIn("鈴木 一郎", "suzuki@onduty.example");
        var (_, page) = await suzuki.GetAsync("api/status/me?lang=ja");
        Assert.Contains("<h2 id=\"h-calendar\">カレンダーに追加</h2>", page, StringComparison.Ordinal);
        Assert.Contains("<button type=\"submit\" id=\"calendar-submit\">カレンダー用の URL を作る</button>", page, StringComparison.Ordinal);
        Assert.Null(ShownUrl(page));

        var note = $"会社の <b>Outlook</b> & \"家\" {Guid.NewGuid():N}"[..40];
        var (made, madeHtml) = await suzuki.SubmitAsync(page, "/api/status/me/calendar", new Dictionary<string, string> { ["note"] = note });

        Assert.Equal(HttpStatusCode.OK, made.StatusCode);
        Assert.Equal("no-store", made.Headers.CacheControl?.ToString());
        var url = ShownUrl(madeHtml) ?? throw new Xunit.Sdk.XunitException(madeHtml);
        Assert.Matches(@"^https?://[^/]+/api/members/suzuki/calendar\.ics\?token=[A-Za-z0-9_-]{20,}$", url);
        Assert.Contains($"<a href=\"{WebUtility.HtmlEncode("webcal" + url[url.IndexOf("://", StringComparison.Ordinal)..])}\" id=\"calendar-webcal\">この端末のカレンダーアプリで開く（webcal）</a>", madeHtml, StringComparison.Ordinal);
        Assert.Contains("この URL が表示されるのは今回だけです。", madeHtml, StringComparison.Ordinal);
        Assert.Contains("<small id=\"calendar-outlook\">Outlook：［予定表を追加］→［インターネットから購読］に URL を貼り付けます。</small>", madeHtml, StringComparison.Ordinal);
        Assert.Contains("<small id=\"calendar-google\">Google カレンダー：［他のカレンダー］の［＋］→［URL で追加］に URL を貼り付けます。</small>", madeHtml, StringComparison.Ordinal);
        var id = FeedIdOf(url);
        var line = Regex.Match(madeHtml, $"<span id=\"feed-{id}\">([^<]*)</span>").Groups[1].Value;
        Assert.Matches(@"^\d{4}/\d{2}/\d{2} \d{2}:\d{2}（JST）に作成 · メモ：", line);
        Assert.EndsWith("メモ：" + note, WebUtility.HtmlDecode(line), StringComparison.Ordinal);
        Assert.Contains("会社の &lt;b&gt;Outlook&lt;/b&gt; &amp; ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>Outlook</b>", madeHtml, StringComparison.Ordinal);
        Assert.Contains((id, true, (string?)note), await AdminListAsync("suzuki"));

        // The URL as a calendar app fetches it: his shifts, in both his rotations, in his name.
        using (var ics = await app.Anonymous.GetAsync(url))
        {
            Assert.Equal(HttpStatusCode.OK, ics.StatusCode);
            Assert.Equal("text/calendar", ics.Content.Headers.ContentType?.MediaType);
            var calendar = Ical.Net.Calendar.Load(await ics.Content.ReadAsStringAsync())!;
            Assert.NotEmpty(calendar.Events);
            Assert.Contains(calendar.Events, e => e.Uid!.StartsWith("incident-duty-", StringComparison.Ordinal));
            Assert.Contains(calendar.Events, e => e.Uid!.StartsWith("maintenance-server-", StringComparison.Ordinal));
            Assert.DoesNotContain(calendar.Events, e => e.Uid!.StartsWith("maintenance-client-", StringComparison.Ordinal));
            Assert.All(calendar.Events, e => Assert.Contains("鈴木 一郎", e.Description));
        }

        // Opened again: listed, the URL not shown (only its hash is stored).
        var (_, again) = await suzuki.GetAsync("api/status/me?lang=ja");
        Assert.Null(ShownUrl(again));
        Assert.DoesNotContain(url[(url.IndexOf("token=", StringComparison.Ordinal) + 6)..], again, StringComparison.Ordinal);
        Assert.Contains($"<span id=\"feed-{id}\">", again, StringComparison.Ordinal);

        var revokeForm = PageBrowser.FormOf(Regex.Match(again, $"<li><span id=\"feed-{id}\">.*?</form>", RegexOptions.Singleline).Value, "/api/status/me/calendar/revoke");
        Assert.Equal(id, PageBrowser.Hidden(revokeForm)["feed"]);
        Assert.Contains("無効にする</button>", revokeForm, StringComparison.Ordinal);
        var (revoked, _) = await suzuki.SubmitAsync(again, "/api/status/me/calendar/revoke", new Dictionary<string, string> { ["feed"] = id });

        Assert.Equal(HttpStatusCode.SeeOther, revoked.StatusCode);
        Assert.Equal("/api/status/me?lang=ja&done=revoked", revoked.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Anonymous.GetAsync(url)).StatusCode);
        Assert.DoesNotContain(await AdminListAsync("suzuki"), f => f.Id == id);
        var (_, after) = await suzuki.GetAsync("api/status/me?lang=ja&done=revoked");
        Assert.Contains("<p class=\"done\" role=\"status\" id=\"done\">カレンダー用の URL を無効にしました。その URL を登録したカレンダーには、当番が表示されなくなります。</p>", after, StringComparison.Ordinal);
        Assert.DoesNotContain($"feed-{id}", after, StringComparison.Ordinal);

        // Revoked twice (a second tab): 404, as the admin's revoke of a revoked URL.
        var (twice, _) = await suzuki.SubmitAsync(again, "/api/status/me/calendar/revoke", new Dictionary<string, string> { ["feed"] = id });
        Assert.Equal(HttpStatusCode.NotFound, twice.StatusCode);
    }

    /// <summary>
    /// 伊藤さん's page lists none of 鈴木さん's URLs and cannot revoke one (404, his still served); nor can 鈴木さん see or revoke the URL
    /// an admin made for him (his page lists only his own). A post without the page's anti-forgery token changes nothing.
    /// </summary>
    [Fact]
    public async Task AnotherMember_CannotSeeOrRevokeMine_NorCanIRevokeTheAdmins()
    {
        using var suzuki = SignedIn("鈴木 一郎", "suzuki@onduty.example");
        using var ito = SignedIn("伊藤 さくら", "ito@onduty.example");
        var (_, page) = await suzuki.GetAsync("api/status/me?lang=ja");
        var (_, madeHtml) = await suzuki.SubmitAsync(page, "/api/status/me/calendar", new Dictionary<string, string> { ["note"] = "他人に見せない" });
        var url = ShownUrl(madeHtml)!;
        var mine = FeedIdOf(url);

        using var adminMade = await app.Client.PostAsJsonAsync("api/members/suzuki/feeds", new { note = "管理者が作成" });
        var admins = await adminMade.Content.ReadFromJsonAsync<JsonElement>();
        var (adminsId, adminsUrl) = (admins.GetProperty("id").GetString()!, admins.GetProperty("url").GetString()!);

        var (_, itoPage) = await ito.GetAsync("api/status/me?lang=ja");
        Assert.DoesNotContain(mine, itoPage, StringComparison.Ordinal);
        Assert.DoesNotContain("他人に見せない", itoPage, StringComparison.Ordinal);
        var (_, itoMade) = await ito.SubmitAsync(itoPage, "/api/status/me/calendar", new Dictionary<string, string> { ["note"] = "伊藤の" });
        var itos = FeedIdOf(ShownUrl(itoMade)!);
        Assert.DoesNotContain($"feed-{mine}", itoMade, StringComparison.Ordinal);

        // Her own revoke form, his id: not hers — 404, and his URL still serves.
        var (refused, _) = await ito.SubmitAsync(itoMade, "/api/status/me/calendar/revoke", new Dictionary<string, string> { ["feed"] = mine });
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Anonymous.GetAsync(url)).StatusCode);

        // The admin's URL is not on his page and not his to revoke there.
        var (_, suzukiPage) = await suzuki.GetAsync("api/status/me?lang=ja");
        Assert.Contains($"feed-{mine}", suzukiPage, StringComparison.Ordinal);
        Assert.DoesNotContain(adminsId, suzukiPage, StringComparison.Ordinal);
        Assert.DoesNotContain("管理者が作成", suzukiPage, StringComparison.Ordinal);
        var (notHis, _) = await suzuki.SubmitAsync(suzukiPage, "/api/status/me/calendar/revoke", new Dictionary<string, string> { ["feed"] = adminsId });
        Assert.Equal(HttpStatusCode.NotFound, notHis.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Anonymous.GetAsync(adminsUrl)).StatusCode);
        Assert.Contains((adminsId, false, (string?)"管理者が作成"), await AdminListAsync("suzuki"));

        // Without the page's token: refused, nothing made.
        var before = (await AdminListAsync("suzuki")).Count;
        using (var forged = await suzuki.Client.PostAsync("api/status/me/calendar", new FormUrlEncodedContent([new("note", "forged")])))
        {
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        }

        Assert.Equal(before, (await AdminListAsync("suzuki")).Count);

        foreach (var (member, id) in new[] { ("suzuki", mine), ("suzuki", adminsId), ("ito", itos) })
        {
            Assert.Equal(HttpStatusCode.NoContent, (await app.Client.DeleteAsync($"api/members/{member}/feeds/{id}")).StatusCode);
        }
    }

    /// <summary>
    /// Liam (en) with 19 URLs an admin made makes the 20th on his page; the 21st is refused (400) saying the cap counts the admin's,
    /// with the note he typed kept and nothing stored; revoking his own makes room again.
    /// </summary>
    [Fact]
    public async Task En_AtTheCap_SaysSo_NothingStored_UntilOneIsRevoked()
    {
        var admins = new List<string>();
        for (var i = 0; i < FeedService.MaxTokensPerFeed - 1; i++)
        {
            using var created = await app.Client.PostAsJsonAsync("api/members/liam/feeds", new { note = "admin" });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            admins.Add((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
        }

        try
        {
            using var liam = SignedIn("Liam Chen", "liam@onduty.example");
            var (_, page) = await liam.GetAsync("api/status/me?lang=en");
            Assert.Contains("<h2 id=\"h-calendar\">Add to your calendar</h2>", page, StringComparison.Ordinal);
            var (made, madeHtml) = await liam.SubmitAsync(page, "/api/status/me/calendar", new Dictionary<string, string> { ["note"] = "Work laptop" });
            Assert.Equal(HttpStatusCode.OK, made.StatusCode);
            var url = ShownUrl(madeHtml)!;
            var mine = FeedIdOf(url);
            Assert.Contains("Your calendar URL is ready. It is shown only this once: copy it into your calendar app now.", madeHtml, StringComparison.Ordinal);
            Assert.Contains("<small id=\"calendar-outlook\">Outlook: Add calendar → Subscribe from web, then paste the URL.</small>", madeHtml, StringComparison.Ordinal);
            Assert.Matches($"<span id=\"feed-{mine}\">Made \\d{{1,2}} \\w{{3}} \\d{{4}} \\d{{2}}:\\d{{2}} \\(JST\\) · note: Work laptop</span>", madeHtml);

            var (refused, refusedHtml) = await liam.SubmitAsync(madeHtml, "/api/status/me/calendar", new Dictionary<string, string> { ["note"] = "Phone <i>too</i>" });

            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("<p class=\"problem\" role=\"alert\" id=\"calendar-cap\">You can have at most 20 calendar URLs, counting those an admin made. No URL was made: revoke one you no longer use, then make a new one.</p>", refusedHtml, StringComparison.Ordinal);
            Assert.Null(ShownUrl(refusedHtml));
            Assert.Contains("value=\"Phone &lt;i&gt;too&lt;/i&gt;\"", refusedHtml, StringComparison.Ordinal);
            Assert.DoesNotContain("id=\"problem\"", refusedHtml, StringComparison.Ordinal);
            Assert.Equal(FeedService.MaxTokensPerFeed, (await AdminListAsync("liam")).Count);
            Assert.Equal([mine], (await AdminListAsync("liam")).Where(f => f.ByMember).Select(f => f.Id));

            var (revoked, _) = await liam.SubmitAsync(refusedHtml, "/api/status/me/calendar/revoke", new Dictionary<string, string> { ["feed"] = mine });
            Assert.Equal("/api/status/me?lang=en&done=revoked", revoked.Headers.Location!.OriginalString);
            var (_, after) = await liam.GetAsync("api/status/me?lang=en&done=revoked");
            Assert.Contains("Calendar URL revoked: calendars subscribed to it no longer show your shifts.", after, StringComparison.Ordinal);
            var (again, againHtml) = await liam.SubmitAsync(after, "/api/status/me/calendar", new Dictionary<string, string> { ["note"] = "" });
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            var last = FeedIdOf(ShownUrl(againHtml)!);
            Assert.Matches($"<span id=\"feed-{last}\">Made [^<]+\\(JST\\)</span>", againHtml);
            admins.Add(last);
        }
        finally
        {
            foreach (var id in admins)
            {
                (await app.Client.DeleteAsync($"api/members/liam/feeds/{id}")).Dispose();
            }
        }
    }

    /// <summary>
    /// Without sign-in (locally, <c>Pages__AllowAnonymous</c>, the shared host): the member picked from the roster goes with the
    /// calendar forms as with the page's others — the URL is theirs, the revoke comes back to their page; no member picked is 400.
    /// </summary>
    [Fact]
    public async Task Locally_ThePickedMembersOwn_NoMemberIs400()
    {
        using var browser = new PageBrowser(app.BaseAddress);
        var (_, page) = await browser.GetAsync("api/status/me?lang=ja&member=takahashi");
        Assert.Equal("takahashi", PageBrowser.Hidden(PageBrowser.FormOf(page, "/api/status/me/calendar"))["member"]);

        var (made, madeHtml) = await browser.SubmitAsync(page, "/api/status/me/calendar", new Dictionary<string, string> { ["note"] = "ローカル" });
        Assert.Equal(HttpStatusCode.OK, made.StatusCode);
        var url = ShownUrl(madeHtml)!;
        Assert.Contains("/api/members/takahashi/calendar.ics?token=", url, StringComparison.Ordinal);
        var id = FeedIdOf(url);
        Assert.Contains((id, true, (string?)"ローカル"), await AdminListAsync("takahashi"));

        var (nobody, nobodyHtml) = await browser.SubmitAsync(madeHtml, "/api/status/me/calendar", new Dictionary<string, string> { ["member"] = "" });
        Assert.Equal(HttpStatusCode.BadRequest, nobody.StatusCode);
        Assert.Null(ShownUrl(nobodyHtml));

        var (revoked, _) = await browser.SubmitAsync(madeHtml, "/api/status/me/calendar/revoke", new Dictionary<string, string> { ["feed"] = id });
        Assert.Equal("/api/status/me?lang=ja&done=revoked&member=takahashi", revoked.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Anonymous.GetAsync(url)).StatusCode);
    }

    /// <summary>
    /// In Chromium at a phone's and a desk's width (ja, en): the section fits without scrolling sideways, pressing the button shows the
    /// URL in a field to copy (the URL serves the member's calendar), and 「無効にする」 / "Revoke" takes it off the page and the URL 404s.
    /// </summary>
    [Theory]
    [InlineData(390, 844, "ja", "山田 太郎", "yamada", "カレンダー用の URL を作る", "無効にする", "カレンダー用の URL を無効にしました。その URL を登録したカレンダーには、当番が表示されなくなります。")]
    [InlineData(1280, 900, "en", "Emma Wilson", "emma", "Make a calendar URL", "Revoke", "Calendar URL revoked: calendars subscribed to it no longer show your shifts.")]
    public async Task InChromium_MakeCopyRevoke(int width, int height, string lang, string name, string member, string make, string revoke, string revokedText)
    {
        using var chromium = new HeadlessChromium();
        chromium.Browser.ExecuteCdpCommand("Network.enable", []);
        chromium.Browser.ExecuteCdpCommand("Network.setExtraHTTPHeaders", new Dictionary<string, object?>
        {
            ["headers"] = new Dictionary<string, object> { ["X-MS-CLIENT-PRINCIPAL"] = Principal(name, $"{member}@onduty.example") },
        });
        chromium.Browser.Manage().Window.Size = new System.Drawing.Size(width, height);
        var js = (IJavaScriptExecutor)chromium.Browser;
        long Width(string what) => Convert.ToInt64(js.ExecuteScript($"return document.documentElement.{what};"), System.Globalization.CultureInfo.InvariantCulture);

        chromium.GoTo(new Uri(Host.BaseAddress, $"api/status/me?lang={lang}"));
        Assert.Equal(make, chromium.Find("calendar-submit").Text);
        chromium.Type("calendar-note", "Chromium <b>test</b>");
        chromium.ClickAndWait("calendar-submit");

        var field = chromium.Find("calendar-url");
        var url = field.GetAttribute("value")!;
        Assert.Matches($@"^https?://[^/]+/api/members/{member}/calendar\.ics\?token=[A-Za-z0-9_-]{{20,}}$", url);
        Assert.NotNull(field.GetAttribute("readonly"));
        Assert.Equal("webcal" + url[url.IndexOf("://", StringComparison.Ordinal)..], chromium.Find("calendar-webcal").GetAttribute("href"));
        var id = FeedIdOf(url);
        Assert.EndsWith("Chromium <b>test</b>", chromium.Find($"feed-{id}").Text, StringComparison.Ordinal);
        Assert.True(Width("scrollWidth") <= Width("clientWidth"), $"the page scrolls sideways at {width}");
        Assert.True(field.Location.X >= 0 && field.Location.X + field.Size.Width <= Width("clientWidth"), $"the URL field runs off the page at {width}");
        js.ExecuteScript("document.getElementById('h-calendar').scrollIntoView();");
        chromium.Screenshot($"member-calendar-{width}.png");
        chromium.AssertNoScriptRan();

        var calendar = Ical.Net.Calendar.Load(await app.Anonymous.GetStringAsync(url))!;
        Assert.NotEmpty(calendar.Events);
        Assert.All(calendar.Events, e => Assert.Contains(name, e.Description));

        var button = chromium.Browser.FindElement(By.CssSelector($"#calendar-feeds button[aria-describedby='feed-{id}']"));
        Assert.Equal(revoke, button.Text);
        button.Click();
        chromium.Wait(_ => chromium.Url.EndsWith("&done=revoked", StringComparison.Ordinal));

        Assert.Equal(revokedText, chromium.Find("done").Text);
        Assert.Empty(chromium.Browser.FindElements(By.Id($"feed-{id}")));
        Assert.Equal(HttpStatusCode.NotFound, (await app.Anonymous.GetAsync(url)).StatusCode);
    }

    [GeneratedRegex("<input type=\"text\" id=\"calendar-url\" value=\"([^\"]+)\" readonly>")]
    private static partial Regex CalendarUrl();
}
