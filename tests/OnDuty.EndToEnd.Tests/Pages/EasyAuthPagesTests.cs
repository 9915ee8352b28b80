using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OnDuty.Core.Rotations;
using OnDuty.EndToEnd.Tests.Support;

namespace OnDuty.EndToEnd.Tests.Pages;

/// <summary>
/// The PM pages as they run in Azure: App Service Authentication in front (<c>WEBSITE_AUTH_ENABLED=true</c>, anonymous
/// requests allowed through) and no <c>Pages__AllowAnonymous</c>. A second, HTTP-only host on the shared storage carries
/// those settings; a browser without <c>X-MS-CLIENT-PRINCIPAL</c> is sent to sign in, one with it is served and named.
/// </summary>
[Collection(OnDutyAppCollection.Name)]
public sealed class EasyAuthPagesTests(OnDutyAppFixture app) : SignedInHostTests
{
    protected override OnDutyAppFixture App => app;

    /// <summary>What Easy Auth puts in the header for a signed-in Entra user (base64 JSON of the token's claims).</summary>
    private static readonly string ItoPrincipal = Convert.ToBase64String(Encoding.UTF8.GetBytes(
        """{"auth_typ":"aad","claims":[{"typ":"name","val":"伊藤 さくら"},{"typ":"preferred_username","val":"ito@onduty.example"}],"name_typ":"http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress","role_typ":"roles"}"""));

    [Theory]
    [InlineData("api/incidents/new?lang=en", "/api/incidents/new?lang=en")]
    [InlineData("api/incidents/INC-2026-0001/page?lang=ja", "/api/incidents/INC-2026-0001/page?lang=ja")]
    [InlineData("api/incidents/INC-2026-0001/overview?lang=en", "/api/incidents/INC-2026-0001/overview?lang=en")]
    [InlineData("api/incidents/INC-2026-0001/overview?lang=ja&for=execs", "/api/incidents/INC-2026-0001/overview?for=execs&lang=ja")]
    [InlineData("api/incidents/INC-2026-0001/overview?for=%3Cb%3E&lang=ja", "/api/incidents/INC-2026-0001/overview?lang=ja")]
    [InlineData("api/status?lang=ja", "/api/status?lang=ja")]
    [InlineData("api/status/maintenance?lang=ja", "/api/status/maintenance?lang=ja")]
    [InlineData("api/reports/incidents/page?lang=ja&from=2026-11-01&to=2026-11-30", "/api/reports/incidents/page?from=2026-11-01&to=2026-11-30&lang=ja")]
    [InlineData("api/reports/incidents/csv?from=2026-11-01&to=2026-11-30&lang=en", "/api/reports/incidents/csv?from=2026-11-01&to=2026-11-30&lang=en")]
    [InlineData("api/reports/incidents/page?from=yesterday&lang=ja", "/api/reports/incidents/page?lang=ja")]
    [InlineData("api/incidents/INC-2026-0001/retro/report?lang=ja", "/api/incidents/INC-2026-0001/retro/report?lang=ja")]
    [InlineData("api/criteria/page?lang=ja&edit=demo-sev2-login&retro=INC-2026-0001", "/api/criteria/page?edit=demo-sev2-login&retro=INC-2026-0001&lang=ja")]
    [InlineData("api/retros/page?lang=ja&q=%E7%B7%A0%E3%82%81", "/api/retros/page?q=%E7%B7%A0%E3%82%81&lang=ja")]
    public async Task Page_EasyAuthOnAndNotSignedIn_RedirectsToTheLoginAndBack(string path, string returnTo)
    {
        using var browser = new PageBrowser(Host.BaseAddress);

        var (response, _) = await browser.GetAsync(path);

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal($"/.auth/login/aad?post_login_redirect_uri={Uri.EscapeDataString(returnTo)}", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Page_SignedIn_ServedWithoutAskingForAName_AndThePersonIsOnTheTimeline()
    {
        using var browser = new PageBrowser(Host.BaseAddress);
        browser.Client.DefaultRequestHeaders.Add("X-MS-CLIENT-PRINCIPAL", ItoPrincipal);

        var (form, html) = await browser.GetAsync("api/incidents/new?lang=en");
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        Assert.DoesNotContain("name=\"by\"", html, StringComparison.Ordinal);
        var (posted, _) = await browser.SubmitAsync(html, "/api/incidents/new", new Dictionary<string, string> { ["title"] = "Easy Auth " + Guid.NewGuid().ToString("n")[..8], ["severity"] = "SEV4" });
        Assert.Equal(HttpStatusCode.SeeOther, posted.StatusCode);
        var location = posted.Headers.Location!.OriginalString;
        var id = location.Split('/')[3];
        var (pageResponse, page) = await browser.GetAsync(location);
        Assert.Equal(HttpStatusCode.OK, pageResponse.StatusCode);
        Assert.DoesNotContain("name=\"by\"", page, StringComparison.Ordinal);
        var (update, _) = await browser.SubmitAsync(page, "/page/update", new Dictionary<string, string> { ["status"] = "identified", ["message"] = "cause found" });
        Assert.Equal(HttpStatusCode.SeeOther, update.StatusCode);

        var stored = await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}");
        var timeline = stored.GetProperty("timeline").EnumerateArray().ToList();
        // A roster member is recorded by member id (named by their roster name wherever shown).
        Assert.Contains(timeline, t => t.GetProperty("message").GetString() == "cause found" && t.GetProperty("by").GetString() == "ito");
        Assert.Equal("ito", timeline.Single(t => t.GetProperty("kind").GetString() == "opened").GetProperty("by").GetString());
        var (status, _) = await browser.GetAsync("api/status?lang=en");
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
    }

    /// <summary>
    /// A member signs in, posts an update and saves a retro with an action item of theirs (all recorded by member id), then is taken
    /// off the roster: the retro page and the 障害報告書 name them by the name they had — 「小林 次郎（退任）」 as the owner and among
    /// 対応者, 「小林さん」 as who saved it — and so does the incident page's timeline, never by the bare id.
    /// </summary>
    [Fact]
    public async Task Retro_WrittenByAMemberSinceTakenOffTheRoster_ThePageAndTheReportNameThem()
    {
        const string id = "kobayashi-left";
        const string email = "kobayashi.left@onduty.example";
        Assert.Equal(HttpStatusCode.Created, (await app.Client.PostAsJsonAsync("api/members", new { id, displayName = "小林 次郎", email, language = "ja", joinedOn = "2023-04-01" })).StatusCode);
        using var created = await app.Client.PostAsJsonAsync("api/incidents", new { title = "退任テスト " + Guid.NewGuid().ToString("n")[..8], severity = "sev4", by = "Emma" });
        var incident = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        using var member = new PageBrowser(Host.BaseAddress);
        member.Client.DefaultRequestHeaders.Add("X-MS-CLIENT-PRINCIPAL", PrincipalOf("小林 次郎", email));
        var (_, page) = await member.GetAsync($"api/incidents/{incident}/page?lang=ja");
        Assert.Equal(HttpStatusCode.SeeOther, (await member.SubmitAsync(page, "/page/update", new Dictionary<string, string> { ["status"] = "identified", ["message"] = "原因を特定" })).Response.StatusCode);
        var (_, retroForm) = await member.GetAsync($"api/incidents/{incident}/retro/page?lang=ja");
        var fields = new Dictionary<string, string> { ["summary"] = "設定ミス", ["a1.title"] = "監視を追加", ["a1.owner"] = id };
        var lines = int.Parse(PageBrowser.Hidden(PageBrowser.FormOf(retroForm, "/retro/page"))["timelineRows"], System.Globalization.CultureInfo.InvariantCulture);
        foreach (var line in Enumerable.Range(0, lines))
        {
            fields[$"t{line}.remove"] = "true";
        }

        var (saved, savedHtml) = await member.SubmitAsync(retroForm, "/retro/page", fields);
        Assert.True(saved.StatusCode == HttpStatusCode.SeeOther, savedHtml);
        var retro = await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{incident}/retro");
        Assert.Equal(id, retro.GetProperty("actionItems")[0].GetProperty("owner").GetString());

        using var removed = await app.Client.DeleteAsync($"api/members/{id}");
        Assert.True(removed.IsSuccessStatusCode, await removed.Content.ReadAsStringAsync());

        // Read on the instance the removal went through: pages keep who left as they keep the roster, and another instance's copy
        // shows the removal within ScheduleInputCache.MaxAge (5 s), not at once.
        using var reader = new PageBrowser(app.BaseAddress);
        reader.Client.DefaultRequestHeaders.Add("X-MS-CLIENT-PRINCIPAL", ItoPrincipal);
        var (retroPage, retroHtml) = await reader.GetAsync($"api/incidents/{incident}/retro/page?lang=ja");
        var (reportPage, reportHtml) = await reader.GetAsync($"api/incidents/{incident}/retro/report?lang=ja");
        var (enPage, enHtml) = await reader.GetAsync($"api/incidents/{incident}/retro/report?lang=en");
        var (incidentPage, incidentHtml) = await reader.GetAsync($"api/incidents/{incident}/page?lang=ja");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK), (retroPage.StatusCode, reportPage.StatusCode, enPage.StatusCode));
        Assert.Equal(HttpStatusCode.OK, incidentPage.StatusCode);
        Assert.Contains("小林 次郎（退任）", incidentHtml[incidentHtml.IndexOf("<ol id=\"timeline\">", StringComparison.Ordinal)..], StringComparison.Ordinal);
        Assert.Contains($"<option value=\"{id}\" selected>小林 次郎（退任）</option>", retroHtml, StringComparison.Ordinal);
        Assert.Contains("小林さんが保存", retroHtml, StringComparison.Ordinal);
        Assert.Contains("小林 次郎（退任）", reportHtml, StringComparison.Ordinal);
        Assert.Contains("小林さんが保存", reportHtml, StringComparison.Ordinal);
        Assert.Contains("小林 次郎 (no longer on the roster)", enHtml, StringComparison.Ordinal);
        foreach (var html in new[] { retroHtml, reportHtml, enHtml, incidentHtml })
        {
            Assert.DoesNotContain($">{id}", html, StringComparison.Ordinal);
            Assert.DoesNotContain($"{id}さん", html, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// Session 48: a member signs in, acknowledges an incident and posts an update (both recorded by member id), and a criterion and
    /// a maintenance window (planned and ended) are recorded by their id; then they are taken off the roster. The status board, the
    /// incident page, the overview, the criteria page and the maintenance page name them by the name they had — 「小林 三郎（退任）」
    /// — and none shows the bare id.
    /// </summary>
    [Fact]
    public async Task MemberTakenOffTheRoster_AfterAcknowledgingAndPostingAnUpdate_EveryPageNamesThemAsTheyWere()
    {
        var id = "kobayashi-" + Guid.NewGuid().ToString("n")[..6];
        var email = id + "@onduty.example";
        const string named = "小林 三郎（退任）";
        Assert.Equal(HttpStatusCode.Created, (await app.Client.PostAsJsonAsync("api/members", new { id, displayName = "小林 三郎", email, language = "ja", joinedOn = "2023-04-01" })).StatusCode);
        using var created = await app.Client.PostAsJsonAsync("api/incidents", new { title = "退任後の表示 " + Guid.NewGuid().ToString("n")[..8], severity = "sev4", by = "Emma" });
        var incident = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        using var member = new PageBrowser(Host.BaseAddress);
        member.Client.DefaultRequestHeaders.Add("X-MS-CLIENT-PRINCIPAL", PrincipalOf("小林 三郎", email));
        var (_, page) = await member.GetAsync($"api/incidents/{incident}/page?lang=ja");
        Assert.Equal(HttpStatusCode.SeeOther, (await member.SubmitAsync(page, "/page/ack", new Dictionary<string, string>())).Response.StatusCode);
        (_, page) = await member.GetAsync($"api/incidents/{incident}/page?lang=ja");
        Assert.Equal(HttpStatusCode.SeeOther, (await member.SubmitAsync(page, "/page/update", new Dictionary<string, string> { ["status"] = "identified", ["message"] = "原因を特定" })).Response.StatusCode);
        Assert.Equal(id, (await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{incident}")).GetProperty("incident").GetProperty("acknowledgedBy").GetString());
        var criterion = "former-" + Guid.NewGuid().ToString("n")[..6];
        Assert.Equal(HttpStatusCode.Created, (await app.Client.PostAsJsonAsync("api/criteria", new { id = criterion, title = "退任テストの基準 " + criterion, text = "x", topic = "severity", by = id })).StatusCode);
        using var window = await app.Client.PostAsJsonAsync("api/maintenance", new
        {
            title = "退任テストのメンテナンス " + criterion,
            to = app.Time.GetUtcNow().AddHours(1),
            labels = new Dictionary<string, string> { ["onduty_test"] = criterion },
            by = id,
        });
        Assert.Equal(HttpStatusCode.Created, window.StatusCode);
        var windowId = (await window.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await app.Client.DeleteAsync($"api/maintenance/{windowId}?by={id}")).StatusCode);
        // Resolved first: one who still holds an open incident is not taken off the roster (409), as its pages would reach nobody.
        using (var resolved = await app.Client.PostAsJsonAsync($"api/incidents/{incident}/updates", new { status = "resolved", message = "復旧しました。", by = "Emma" }))
        {
            Assert.True(resolved.IsSuccessStatusCode, await resolved.Content.ReadAsStringAsync());
        }

        using var removed = await app.Client.DeleteAsync($"api/members/{id}");
        Assert.True(removed.IsSuccessStatusCode, await removed.Content.ReadAsStringAsync());

        // Read on the instance the removal went through: its copy of who left is dropped at once (another's within 5 s).
        using var reader = new PageBrowser(app.BaseAddress);
        var (statusPage, status) = await reader.GetAsync("api/status?lang=ja");
        var (incidentPage, incidentHtml) = await reader.GetAsync($"api/incidents/{incident}/page?lang=ja");
        var (overviewPage, overview) = await reader.GetAsync($"api/incidents/{incident}/overview?lang=ja");
        var (criteriaPage, criteria) = await reader.GetAsync($"api/criteria/page?lang=ja&edit={criterion}");
        var (maintenancePage, maintenance) = await reader.GetAsync("api/status/maintenance?lang=ja");

        Assert.Equal(
            [HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK],
            new[] { statusPage, incidentPage, overviewPage, criteriaPage, maintenancePage }.Select(r => r.StatusCode));
        // The status board says who took one only while it is open (StatusPageTests covers one taken by someone gone); resolved, it
        // is still listed, and names nobody by id.
        Assert.Contains(incident, status, StringComparison.Ordinal);
        Assert.Contains($"<dt>対応者</dt><dd>{named} — ", incidentHtml, StringComparison.Ordinal);
        Assert.Contains(named, incidentHtml[incidentHtml.IndexOf("<ol id=\"timeline\">", StringComparison.Ordinal)..], StringComparison.Ordinal);
        Assert.Contains(named, criteria, StringComparison.Ordinal);
        var windowRow = maintenance[maintenance.IndexOf(windowId, StringComparison.Ordinal)..];
        Assert.Equal(3, windowRow[..windowRow.IndexOf("</li>", StringComparison.Ordinal)].Split(named).Length); // planned by, ended by
        foreach (var html in new[] { status, incidentHtml, overview, criteria, maintenance })
        {
            Assert.DoesNotContain($">{id}", html, StringComparison.Ordinal);
            Assert.DoesNotContain($"：{id}", html, StringComparison.Ordinal);
            Assert.DoesNotContain($" {id}<", html, StringComparison.Ordinal);
        }
    }

    /// <summary>What Easy Auth puts in the header for <paramref name="name"/> signed in as <paramref name="email"/>.</summary>
    private static string PrincipalOf(string name, string email) => Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new
    {
        auth_typ = "aad",
        claims = new[] { new { typ = "name", val = name }, new { typ = "preferred_username", val = email } },
        name_typ = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
        role_typ = "roles",
    })));

    [Fact]
    public async Task AckTogether_SignedInDutyMember_RecordedByMemberIdWithoutAskingForAName()
    {
        var ids = new List<string>();
        var assignees = new List<(string Id, string Email, string Name)>();
        foreach (var title in new[] { "Easy Auth storm 1", "Easy Auth storm 2" })
        {
            using var created = await app.Client.PostAsJsonAsync("api/incidents", new { title, severity = "sev3", by = "alert:grafana" });
            var body = await created.Content.ReadFromJsonAsync<JsonElement>();
            ids.Add(body.GetProperty("id").GetString()!);
            assignees = [.. body.GetProperty("assignees").EnumerateArray().Select(a => (a.GetProperty("id").GetString()!, a.GetProperty("email").GetString()!, a.GetProperty("displayName").GetString()!))];
        }

        // Signed in as whoever is on duty now (the fixture's clock moves with the tests).
        var duty = assignees[0];
        using var browser = new PageBrowser(Host.BaseAddress);
        browser.Client.DefaultRequestHeaders.Add("X-MS-CLIENT-PRINCIPAL", Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new
        {
            auth_typ = "aad",
            claims = new[] { new { typ = "name", val = duty.Name }, new { typ = "preferred_username", val = duty.Email } },
            name_typ = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
            role_typ = "roles",
        }))));
        var (page, html) = await browser.GetAsync("api/status/ack?lang=en");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.DoesNotContain("name=\"by\"", html, StringComparison.Ordinal);

        var (posted, _) = await browser.SubmitAsync(html, "/api/status/ack", ids.ToDictionary(id => $"ack-{id}", _ => "true"));

        Assert.Equal(HttpStatusCode.SeeOther, posted.StatusCode);
        // A duty member signed in is recorded by member id (so the others are told who), anyone else by name.
        foreach (var id in ids)
        {
            Assert.Equal(duty.Id, (await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}")).GetProperty("incident").GetProperty("acknowledgedBy").GetString());
        }
    }

    /// <summary>
    /// A mail's links carry no lang: a signed-in member reads the duty, incident and contact pages in their own roster language, not
    /// their PC's Accept-Language; <c>?lang=</c> still wins, and someone who is no member still follows Accept-Language.
    /// </summary>
    [Fact]
    public async Task Pages_SignedInMember_InTheirOwnLanguageBeforeAcceptLanguage_LangStillWins()
    {
        using var created = await app.Client.PostAsJsonAsync("api/incidents", new { title = "Easy Auth language " + Guid.NewGuid().ToString("n")[..8], severity = "sev4", by = "ito" });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        // Emma Wilson is an en member on the demo roster, on a PC set to Japanese.
        using var emma = new PageBrowser(Host.BaseAddress);
        emma.Client.DefaultRequestHeaders.Add("X-MS-CLIENT-PRINCIPAL", Convert.ToBase64String(Encoding.UTF8.GetBytes(
            """{"auth_typ":"aad","claims":[{"typ":"name","val":"Emma Wilson"},{"typ":"preferred_username","val":"emma@onduty.example"}]}""")));
        emma.Client.DefaultRequestHeaders.Add("Accept-Language", "ja-JP,ja;q=0.9");
        foreach (var path in new[] { "api/status/duty", $"api/incidents/{id}/page", "api/status/me", "api/status/ack" })
        {
            var (response, html) = await emma.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("<html lang=\"en\">", html, StringComparison.Ordinal);
        }

        var (_, duty) = await emma.GetAsync("api/status/duty");
        Assert.Contains("<title>Duty schedule (", duty, StringComparison.Ordinal);
        Assert.DoesNotContain("<title>当番表", duty, StringComparison.Ordinal);

        // The address still decides when it says.
        var (_, asked) = await emma.GetAsync("api/status/duty?lang=ja");
        Assert.Contains("<html lang=\"ja\">", asked, StringComparison.Ordinal);
        Assert.Contains("<title>当番表（障害当番）</title>", asked, StringComparison.Ordinal);
        var (_, askedIncident) = await emma.GetAsync($"api/incidents/{id}/page?lang=ja");
        Assert.Contains("<html lang=\"ja\">", askedIncident, StringComparison.Ordinal);

        // Signed in but on nobody's roster entry: the browser's language, as before.
        using var stranger = new PageBrowser(Host.BaseAddress);
        stranger.Client.DefaultRequestHeaders.Add("X-MS-CLIENT-PRINCIPAL", Convert.ToBase64String(Encoding.UTF8.GetBytes(
            """{"auth_typ":"aad","claims":[{"typ":"name","val":"Visitor"},{"typ":"preferred_username","val":"visitor@onduty.example"}]}""")));
        stranger.Client.DefaultRequestHeaders.Add("Accept-Language", "en-GB,en;q=0.9");
        var (_, strangerContact) = await stranger.GetAsync("api/status/me");
        Assert.Contains("<html lang=\"en\">", strangerContact, StringComparison.Ordinal);
        stranger.Client.DefaultRequestHeaders.AcceptLanguage.Clear();
        stranger.Client.DefaultRequestHeaders.Add("Accept-Language", "ja");
        var (_, strangerJa) = await stranger.GetAsync("api/status/me");
        Assert.Contains("<html lang=\"ja\">", strangerJa, StringComparison.Ordinal);
    }

    /// <summary>
    /// Session 47: the read-only pages know the signed-in member too. Emma (en) on a Japanese PC reads the status board, an
    /// incident's overview, the declare form and the report pages in English; <c>?lang=</c> still wins; Ito (ja) on an English PC
    /// reads Japanese; someone signed in who is no member follows Accept-Language.
    /// </summary>
    [Fact]
    public async Task ReadOnlyPages_SignedInMember_InTheirOwnLanguageBeforeAcceptLanguage_LangStillWins()
    {
        using var created = await app.Client.PostAsJsonAsync("api/incidents", new { title = "Read-only language " + Guid.NewGuid().ToString("n")[..8], severity = "sev4", by = "ito" });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var pages = new (string Path, string En, string Ja)[]
        {
            ("api/status", "Incident status", "障害ステータス"),
            ($"api/incidents/{id}/overview", "Incident status: ", "障害の状況："),
            ("api/incidents/new", "Declare an incident", "障害を起票する"),
        };
        var reports = new[] { "api/reports/incidents/page", "api/reports/load/page", "api/action-items/page", "api/retros/page" };

        using var emma = SignedIn(Host.BaseAddress, "Emma Wilson", "emma@onduty.example", "ja-JP,ja;q=0.9");
        foreach (var (path, en, ja) in pages)
        {
            var (response, html) = await emma.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("<html lang=\"en\">", html, StringComparison.Ordinal);
            Assert.Contains(en, html, StringComparison.Ordinal);
            Assert.DoesNotContain(ja, html, StringComparison.Ordinal);
        }

        foreach (var path in reports)
        {
            var (response, html) = await emma.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("<html lang=\"en\">", html, StringComparison.Ordinal);
        }

        // The address still decides when it says.
        foreach (var (path, _, ja) in pages)
        {
            var (_, asked) = await emma.GetAsync(path + (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "lang=ja");
            Assert.Contains("<html lang=\"ja\">", asked, StringComparison.Ordinal);
            Assert.Contains(ja, asked, StringComparison.Ordinal);
        }

        // A Japanese member on an English PC: Japanese.
        using var ito = SignedIn(Host.BaseAddress, "伊藤 さくら", "ito@onduty.example", "en-GB,en;q=0.9");
        var (_, itoStatus) = await ito.GetAsync("api/status");
        Assert.Contains("<html lang=\"ja\">", itoStatus, StringComparison.Ordinal);
        Assert.Contains("障害ステータス", itoStatus, StringComparison.Ordinal);

        // Signed in but on nobody's roster entry: the browser's language, either way.
        foreach (var (acceptLanguage, lang) in new[] { ("en-GB,en;q=0.9", "en"), ("ja", "ja") })
        {
            using var stranger = SignedIn(Host.BaseAddress, "Visitor", "visitor@onduty.example", acceptLanguage);
            foreach (var (path, _, _) in pages)
            {
                var (_, html) = await stranger.GetAsync(path);
                Assert.Contains($"<html lang=\"{lang}\">", html, StringComparison.Ordinal);
            }
        }
    }

    /// <summary>
    /// The read-only pages know the visitor from the roster the instance keeps (ScheduleInputCache): a roster that cannot be read
    /// still shows the page, in Accept-Language; many views of the status board read the roster once (and again at most every half
    /// <see cref="ScheduleInputCache.MaxAge"/>, behind), not once per view; a member added or changed on this instance counts at once.
    /// </summary>
    [Fact]
    public async Task ReadOnlyPages_RosterKeptByTheInstance_UnreadableFollowsAcceptLanguage_ViewsReadItOnce_ChangeHereAtOnce()
    {
        var tap = new OnDuty.Testing.StorageTap();
        await using var tapped = await app.StartSecondHostAsync(
            new Dictionary<string, string?> { ["Pages:AllowAnonymous"] = "false", ["WEBSITE_AUTH_ENABLED"] = "true" },
            services => TappedStorage.Use(services, app.Azurite.ConnectionString, tap));
        using var created = await app.Client.PostAsJsonAsync("api/incidents", new { title = "Roster kept " + Guid.NewGuid().ToString("n")[..8], severity = "sev4", by = "ito" });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        using var emma = SignedIn(tapped.BaseAddress, "Emma Wilson", "emma@onduty.example", "ja");
        static bool RosterRead(OnDuty.Testing.StorageRequest r) => r.Method == "GET" && r.Targets("Members");

        // The roster cannot be read: the page is shown all the same, in the browser's language (not a 503 as for the forms that act).
        using (tap.Fail(RosterRead, 503))
        {
            foreach (var (path, acceptLanguage, lang) in new[] { ("api/status", "ja", "ja"), ($"api/incidents/{id}/overview", "ja", "ja"), ("api/status", "en-GB,en;q=0.9", "en") })
            {
                using var browser = SignedIn(tapped.BaseAddress, "Emma Wilson", "emma@onduty.example", acceptLanguage);
                var (response, html) = await browser.GetAsync(path);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Contains($"<html lang=\"{lang}\">", html, StringComparison.Ordinal);
            }

            Assert.Contains(tap.Requests, RosterRead);
        }

        // Readable again: the next view reads it, the following ones are served from that copy.
        const int Views = 10;
        var watch = Stopwatch.StartNew();
        var (_, requests) = await tap.RecordAsync(async () =>
        {
            for (var i = 0; i < Views; i++)
            {
                var (response, html) = await emma.GetAsync("api/status");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Contains("<html lang=\"en\">", html, StringComparison.Ordinal);
            }

            return Views;
        });
        watch.Stop();
        Assert.InRange(requests.Count(RosterRead), 1, 2 + (int)(watch.Elapsed / (ScheduleInputCache.MaxAge / 2)));

        // A member added on this instance is known on the next view (en, on a Japanese PC), and so is their change of language.
        var memberId = "readlang-" + Guid.NewGuid().ToString("n")[..8];
        var address = memberId + "@onduty.example";
        using var readerJa = SignedIn(tapped.BaseAddress, "Reader Lang", address, "ja");
        using var readerEn = SignedIn(tapped.BaseAddress, "Reader Lang", address, "en-GB,en;q=0.9");
        Assert.Contains("<html lang=\"ja\">", (await readerJa.GetAsync("api/status")).Html, StringComparison.Ordinal);
        using var added = await tapped.Client.PostAsJsonAsync("api/members", new { id = memberId, displayName = "Reader Lang", email = address, language = "en", joinedOn = "2020-04-01" });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        try
        {
            Assert.Contains("<html lang=\"en\">", (await readerJa.GetAsync("api/status")).Html, StringComparison.Ordinal);
            await MembersApi.SetAsync(tapped.Client, memberId, "language", "ja");
            Assert.Contains("<html lang=\"ja\">", (await readerEn.GetAsync("api/status")).Html, StringComparison.Ordinal);
        }
        finally
        {
            await tapped.Client.DeleteAsync($"api/members/{memberId}");
        }
    }

    /// <summary>A browser signed in through Easy Auth as <paramref name="name"/> (<paramref name="email"/>), on a PC set to <paramref name="acceptLanguage"/>.</summary>
    private static PageBrowser SignedIn(Uri baseAddress, string name, string email, string acceptLanguage)
    {
        var browser = new PageBrowser(baseAddress);
        browser.Client.DefaultRequestHeaders.Add("X-MS-CLIENT-PRINCIPAL", Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new
        {
            auth_typ = "aad",
            claims = new[] { new { typ = "name", val = name }, new { typ = "preferred_username", val = email } },
        }))));
        browser.Client.DefaultRequestHeaders.Add("Accept-Language", acceptLanguage);
        return browser;
    }

    [Fact]
    public async Task ContactPage_SignedIn_EditsOnlyTheirOwnNumber_AndSomeoneNotOnTheRosterIsToldSo()
    {
        using var browser = new PageBrowser(Host.BaseAddress);
        browser.Client.DefaultRequestHeaders.Add("X-MS-CLIENT-PRINCIPAL", ItoPrincipal);

        var (page, html) = await browser.GetAsync("api/status/me?lang=ja");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("ito@onduty.example", html, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"member\"", html, StringComparison.Ordinal); // nobody else to pick when signed in

        var (saved, _) = await browser.SubmitAsync(html, "/api/status/me", new Dictionary<string, string> { ["phone"] = "+81 90-7777-0000" });
        Assert.Equal(HttpStatusCode.SeeOther, saved.StatusCode);
        Assert.Equal("/api/status/me?lang=ja&done=saved", saved.Headers.Location!.OriginalString);
        Assert.Equal("+819077770000", (await app.Client.GetFromJsonAsync<JsonElement>("api/members/ito")).GetProperty("phone").GetString());

        // The sample's Team__PhoneCountryCode is 81: the hint says a number typed as dialled at home is saved with +81, and it is;
        // the page then shows it as stored.
        var (_, again) = await browser.GetAsync("api/status/me?lang=ja");
        Assert.Contains("090-1234-5678 のように入力すると、&#x2B;81 の番号として登録します。", again, StringComparison.Ordinal);
        var (national, _) = await browser.SubmitAsync(again, "/api/status/me", new Dictionary<string, string> { ["phone"] = "090-7777-0001" });
        Assert.Equal(HttpStatusCode.SeeOther, national.StatusCode);
        Assert.Equal("+819077770001", (await app.Client.GetFromJsonAsync<JsonElement>("api/members/ito")).GetProperty("phone").GetString());
        var (_, afterSave) = await browser.GetAsync("api/status/me?lang=ja&done=saved");
        Assert.Contains("name=\"phone\" value=\"&#x2B;819077770001\"", afterSave, StringComparison.Ordinal);

        // 00 first (an international call prefix) is refused on the form, in Japanese naming +81, and nothing changes.
        var (refused, shown) = await browser.SubmitAsync(afterSave, "/api/status/me", new Dictionary<string, string> { ["phone"] = "0081 90-7777-0000" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("0081 90-7777-0000", shown, StringComparison.Ordinal);
        Assert.Contains("090-1234-5678 のような国内の番号（&#x2B;81 の番号として登録します）か", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("E.164 form", shown, StringComparison.Ordinal);
        Assert.Equal("+819077770001", (await app.Client.GetFromJsonAsync<JsonElement>("api/members/ito")).GetProperty("phone").GetString());

        // Cleared: an empty field removes it.
        var (_, third) = await browser.GetAsync("api/status/me?lang=ja");
        var (cleared, _) = await browser.SubmitAsync(third, "/api/status/me", new Dictionary<string, string> { ["phone"] = "" });
        Assert.Equal("/api/status/me?lang=ja&done=cleared", cleared.Headers.Location!.OriginalString);
        Assert.False((await app.Client.GetFromJsonAsync<JsonElement>("api/members/ito")).TryGetProperty("phone", out var phone) && phone.ValueKind == JsonValueKind.String);

        // Someone signed in whose mail address is on nobody's roster entry gets no form.
        using var stranger = new PageBrowser(Host.BaseAddress);
        stranger.Client.DefaultRequestHeaders.Add("X-MS-CLIENT-PRINCIPAL", Convert.ToBase64String(Encoding.UTF8.GetBytes(
            """{"auth_typ":"aad","claims":[{"typ":"name","val":"Visitor"},{"typ":"preferred_username","val":"visitor@onduty.example"}]}""")));
        var (strangerPage, strangerHtml) = await stranger.GetAsync("api/status/me?lang=en");
        Assert.Equal(HttpStatusCode.OK, strangerPage.StatusCode);
        Assert.Contains("visitor@onduty.example", strangerHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"phone\"", strangerHtml, StringComparison.Ordinal);
    }
}
