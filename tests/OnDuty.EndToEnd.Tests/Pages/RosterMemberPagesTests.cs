using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OnDuty.EndToEnd.Tests.Support;

namespace OnDuty.EndToEnd.Tests.Pages;

/// <summary>
/// <c>Pages__RequireRosterMember=true</c> behind App Service Authentication: a signed-in person not on the roster reads the PM
/// pages, but every form that acts answers 403 with a page saying whom to ask, and nothing is written; the pages show that
/// instead of the forms. Declaring stays open to everyone; a member (by roster address or UPN) acts as before. A second,
/// HTTP-only host on the shared storage carries the settings.
/// </summary>
[Collection(OnDutyAppCollection.Name)]
public sealed class RosterMemberPagesTests(OnDutyAppFixture app) : SignedInHostTests
{
    protected override OnDutyAppFixture App => app;

    private const string Stranger = "partner@vendor.example";

    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Pages:RequireRosterMember"] = "true",
        // A lead on the roster is named by their roster name, one who is not by address.
        ["Incidents:Leads:0"] = "yamada@onduty.example",
        ["Incidents:Leads:1"] = "lead@onduty.example",
    };

    private static string Principal(string name, params (string Type, string Value)[] addresses) => PageBrowser.Principal(name, addresses);

    private PageBrowser SignedIn(string principal) => PageBrowser.SignedIn(Host.BaseAddress, principal);

    private PageBrowser StrangerBrowser() => SignedIn(Principal("Partner Person", ("preferred_username", Stranger)));

    public static TheoryData<string, string> ActingForms => new()
    {
        { "incidents/{id}/page/update", "status=identified&message=partner+says+fixed" },
        { "incidents/{id}/page/ack", "" },
        { "incidents/{id}/page/takeover", "" },
        { "incidents/{id}/page/assign", "member=ito" },
        { "incidents/{id}/page/commslead-take", "" },
        { "incidents/{id}/page/commslead-assign", "member=ito" },
        { "incidents/{id}/page/help", "message=please+help" },
        { "incidents/{id}/page/details", "title=renamed+by+partner&severity=SEV1" },
        { "incidents/{id}/page/drafts", "customerNotice=partner+notice&approve=true" },
        { "incidents/{id}/page/merge", "into={other}" },
        { "incidents/{id}/page/follow", "" },
        { "status/ack", "ack-{id}=true" },
        { "status/maintenance", "title=partner+window&to={in2h}&allAlerts=true" },
        { "status/maintenance/{window}/end", "" },
        { "status/duty/leave", "memberId=ito&from=2099-01-05&to=2099-01-06" },
        { "status/duty/replace", "memberId=ito&replacementId=sato&reason=partner" },
        { "criteria/page/add", "title=partner+criterion&text=partner+text" },
        { "criteria/page/edit", "id=demo-sev1-billing&title=partner+edit&text=partner+text" },
        { "incidents/{id}/retro/page", "summary=partner+retro" },
    };

    [Theory]
    [MemberData(nameof(ActingForms))]
    public async Task ActingForm_SignedInNotOnTheRoster_403SayingWhomToAsk_AndNothingWritten(string route, string fields)
    {
        var id = await CreateIncidentAsync("Roster check");
        var other = await CreateIncidentAsync("Roster check, duplicate");
        var window = await PlanWindowAsync();
        try
        {
            await RefusedAsync(route, fields, id, other, window);
        }
        finally
        {
            using var ended = await app.Client.DeleteAsync($"api/maintenance/{window}?by=sato");
        }
    }

    private async Task RefusedAsync(string route, string fields, string id, string other, string window)
    {
        // The duty pair's pages delivered first: their delivery lines land on the incident's timeline.
        await app.WaitForOutboxIdleAsync(allowRetrying: true);
        var before = await StateAsync(id, other);

        using var browser = StrangerBrowser();
        // A valid anti-forgery pair from the one form a non-member has (declaring): the refusal is not a token problem.
        var (_, declare) = await browser.GetAsync("api/incidents/new?lang=ja");
        var values = PageBrowser.Hidden(PageBrowser.FormOf(declare, "/api/incidents/new"));
        var in2h = TimeZoneInfo.ConvertTime(app.Time.GetUtcNow().AddHours(2), TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo")).ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var pair in fields.Replace("{id}", id).Replace("{other}", other).Replace("{in2h}", in2h).Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var (name, value) = (pair.Split('=')[0], pair.Split('=')[1]);
            values[name] = WebUtility.UrlDecode(value);
        }

        using var response = await browser.Client.PostAsync(
            "api/" + route.Replace("{id}", id).Replace("{window}", window) + "?lang=ja", new FormUrlEncodedContent(values));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.StartsWith("text/html", response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        Assert.Contains("<h1>この操作は当番表のメンバーだけができます</h1>", html, StringComparison.Ordinal);
        Assert.Contains($"何も保存していません。サインイン中のアドレス（{Stranger}）は当番表に登録されていません。", html, StringComparison.Ordinal);
        Assert.Contains("リーダー（山田さん・lead@onduty.example）に当番表への登録を依頼してください", html, StringComparison.Ordinal);
        await app.WaitForOutboxIdleAsync(allowRetrying: true);
        Assert.Equal(before, await StateAsync(id, other));
    }

    [Fact]
    public async Task IncidentPage_SignedInNotOnTheRoster_ReadableWithTheExplanationInsteadOfForms()
    {
        var id = await CreateIncidentAsync("Readable for a partner");
        using var browser = StrangerBrowser();

        var (response, html) = await browser.GetAsync($"api/incidents/{id}/page?lang=en");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Readable for a partner", html, StringComparison.Ordinal);
        Assert.Contains(
            $"<p class=\"problem\" role=\"status\" id=\"read-only\">The forms on this page are for duty-roster members only. The address you are signed in with ({Stranger}) is not on the roster, so the page is read-only. To act, ask a lead (山田 太郎 &amp; lead@onduty.example) to add you to the roster",
            html, StringComparison.Ordinal);
        Assert.DoesNotContain("<form", html, StringComparison.Ordinal);

        foreach (var page in new[] { "api/status/ack?lang=ja", "api/status/maintenance?lang=ja", "api/status/duty?lang=ja", "api/criteria/page?lang=ja" })
        {
            var (shown, body) = await browser.GetAsync(page);
            Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
            Assert.Contains("id=\"read-only\">このページのフォームは当番表のメンバーだけが使えます。", body, StringComparison.Ordinal);
            Assert.DoesNotContain("method=\"post\"", body, StringComparison.Ordinal);
        }

        // The retro's text stays readable, shown disabled, with nothing to press.
        var (retro, retroHtml) = await browser.GetAsync($"api/incidents/{id}/retro/page?lang=ja");
        Assert.Equal(HttpStatusCode.OK, retro.StatusCode);
        Assert.Contains("<fieldset disabled id=\"read-only-form\"", retroHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"save\"", retroHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Declare_SignedInNotOnTheRoster_StillDeclares()
    {
        using var browser = StrangerBrowser();
        var (_, html) = await browser.GetAsync("api/incidents/new?lang=ja");
        var title = "Partner report " + Guid.NewGuid().ToString("n")[..8];

        var (posted, _) = await browser.SubmitAsync(html, "/api/incidents/new", new Dictionary<string, string> { ["title"] = title, ["severity"] = "SEV4" });

        Assert.Equal(HttpStatusCode.SeeOther, posted.StatusCode);
        var id = posted.Headers.Location!.OriginalString.Split('/')[3];
        var stored = await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}");
        Assert.Equal(title, stored.GetProperty("incident").GetProperty("title").GetString());
        Assert.Equal("Partner Person", stored.GetProperty("timeline").EnumerateArray().Single(t => t.GetProperty("kind").GetString() == "opened").GetProperty("by").GetString());
    }

    /// <summary>
    /// Trial day 33, M6: a signed-in member not on duty declares an incident from the page (recorded by member id); when it is
    /// merged into another, she gets the 【統合】 mail the pair gets, in smtp4dev.
    /// </summary>
    [Fact]
    public async Task Merge_TheSignedInMemberWhoDeclaredTheDuplicate_NotOnDuty_IsToldByEmail()
    {
        var keep = await CreateIncidentAsync("Merge target " + Guid.NewGuid().ToString("n")[..8]);
        var pair = (await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{keep}")).GetProperty("incident").GetProperty("assignees")
            .EnumerateArray().Select(a => a.GetProperty("id").GetString()!).ToList();
        string[] roster = ["ito", "sato", "yamada", "tanaka", "emma"];
        var declarerId = roster.First(id => !pair.Contains(id, StringComparer.OrdinalIgnoreCase));
        var declarer = await app.Client.GetFromJsonAsync<JsonElement>($"api/members/{declarerId}");
        var email = declarer.GetProperty("email").GetString()!;
        using var browser = SignedIn(Principal(declarer.GetProperty("displayName").GetString()!, ("preferred_username", email)));
        var (_, form) = await browser.GetAsync("api/incidents/new?lang=ja");
        var (declared, _) = await browser.SubmitAsync(form, "/api/incidents/new", new Dictionary<string, string> { ["title"] = "Declared by a member " + Guid.NewGuid().ToString("n")[..8], ["severity"] = "SEV4" });
        Assert.Equal(HttpStatusCode.SeeOther, declared.StatusCode);
        var duplicate = declared.Headers.Location!.OriginalString.Split('/')[3];
        var stored = await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{duplicate}");
        Assert.Equal(declarerId, stored.GetProperty("timeline").EnumerateArray().Single(t => t.GetProperty("kind").GetString() == "opened").GetProperty("by").GetString());

        using (var merged = await app.Client.PostAsJsonAsync($"api/incidents/{duplicate}/merge", new { into = keep, by = "merge-script" }))
        {
            Assert.True(merged.IsSuccessStatusCode, await merged.Content.ReadAsStringAsync());
        }

        var mails = await app.Smtp.WaitForAboutAsync($"統合】{duplicate}", pair.Count + 1);
        Assert.Contains(mails, m => m.To.Any(to => string.Equals(to, email, StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public async Task ContactPage_SignedInNotOnTheRoster_ToldSoAsBefore()
    {
        using var browser = StrangerBrowser();

        var (response, html) = await browser.GetAsync("api/status/me?lang=ja");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(Stranger, html, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"phone\"", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("preferred_username", "ito@onduty.example")]
    [InlineData("upn", "ITO@corp.onduty.example")]
    public async Task Update_SignedInMember_ByRosterAddressOrUpn_PostedByMemberId(string claim, string address)
    {
        var id = await CreateIncidentAsync("Member updates");
        using var browser = SignedIn(Principal("伊藤 さくら", (claim, address)));
        var (_, page) = await browser.GetAsync($"api/incidents/{id}/page?lang=ja");
        Assert.DoesNotContain("id=\"read-only\"", page, StringComparison.Ordinal);
        var message = "member update " + Guid.NewGuid().ToString("n")[..8];

        var (posted, _) = await browser.SubmitAsync(page, "/page/update", new Dictionary<string, string> { ["status"] = "identified", ["message"] = message });

        Assert.Equal(HttpStatusCode.SeeOther, posted.StatusCode);
        var stored = await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}");
        Assert.Equal("identified", stored.GetProperty("incident").GetProperty("status").GetString());
        // A member is recorded by member id, whichever of their addresses they signed in with.
        Assert.Contains(stored.GetProperty("timeline").EnumerateArray(), t => t.GetProperty("message").GetString() == message && t.GetProperty("by").GetString() == "ito");
    }

    /// <summary>
    /// Session 52, the handoff: 佐藤 acknowledged; 伊藤, signed in, takes it over from the incident page — hers now, the timeline says
    /// from whom, the page confirms it and no longer offers it to her.
    /// </summary>
    [Fact]
    public async Task TakeOver_SignedInMember_FromTheIncidentPage_HoldsItNow()
    {
        var id = await CreateIncidentAsync("Taken over at the handoff");
        await AckAsync(id, "sato");
        using var browser = SignedIn(Principal("伊藤 さくら", ("preferred_username", "ito@onduty.example")));
        var (_, page) = await browser.GetAsync($"api/incidents/{id}/page?lang=ja");
        Assert.Contains("<button type=\"submit\" id=\"takeover\">対応を引き継ぐ</button>", page, StringComparison.Ordinal);

        var after = await PressAsync(browser, page, "/page/takeover");

        var stored = await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}");
        Assert.Equal("ito", stored.GetProperty("incident").GetProperty("acknowledgedBy").GetString());
        var row = Assert.Single(stored.GetProperty("timeline").EnumerateArray(), t => t.GetProperty("kind").GetString() == "tookOver");
        Assert.Equal("ito", row.GetProperty("by").GetString());
        Assert.Contains("対応を引き継ぎました。以後の更新のお願いはあなたに届きます。", after, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"form-takeover\"", after, StringComparison.Ordinal);
    }

    /// <summary>
    /// Session 62, acknowledgement expiry: 伊藤 holds it and, signed in, snoozes it for an hour from the incident page — the snooze
    /// is stored with its end, the timeline says so, the page confirms it and shows 「スヌーズ中」; a length the page does not offer
    /// (a hand-made post) snoozes nothing.
    /// </summary>
    [Fact]
    public async Task Snooze_SignedInHolder_FromTheIncidentPage_SnoozedForTheChosenLength()
    {
        var id = await CreateIncidentAsync("Snoozed from the page");
        await AckAsync(id, "ito");
        using var browser = SignedIn(Principal("伊藤 さくら", ("preferred_username", "ito@onduty.example")));
        var (_, page) = await browser.GetAsync($"api/incidents/{id}/page?lang=ja");
        Assert.Contains("<select id=\"snooze-minutes\" name=\"minutes\" required aria-describedby=\"snooze-hint\"><option value=\"30\">", page, StringComparison.Ordinal);

        var (refused, _) = await browser.SubmitAsync(page, "/page/snooze", new Dictionary<string, string> { ["minutes"] = "45" });
        Assert.NotEqual(HttpStatusCode.SeeOther, refused.StatusCode);
        var stored = await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}");
        Assert.False(stored.GetProperty("incident").TryGetProperty("snoozed", out var none) && none.ValueKind != JsonValueKind.Null, none.ToString());
        Assert.DoesNotContain(stored.GetProperty("timeline").EnumerateArray(), t => t.GetProperty("kind").GetString() == "snoozed");

        var pressedAt = app.Time.GetUtcNow();
        var (posted, _) = await browser.SubmitAsync(page, "/page/snooze", new Dictionary<string, string> { ["minutes"] = "60" });
        Assert.Equal(HttpStatusCode.SeeOther, posted.StatusCode);
        var (_, after) = await browser.GetAsync(posted.Headers.Location!.OriginalString.TrimStart('/'));

        stored = await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}");
        var snoozed = stored.GetProperty("incident").GetProperty("snoozed");
        Assert.Equal("ito", snoozed.GetProperty("by").GetString());
        Assert.Equal(pressedAt.AddHours(1), snoozed.GetProperty("until").GetDateTimeOffset());
        Assert.Equal("ito", stored.GetProperty("incident").GetProperty("acknowledgedBy").GetString());
        Assert.Single(stored.GetProperty("timeline").EnumerateArray(), t => t.GetProperty("kind").GetString() == "snoozed");
        Assert.Contains("スヌーズしました。時間になったら、対応中の方にもう一度連絡します。", after, StringComparison.Ordinal);
        Assert.Contains("<p id=\"snoozed\">スヌーズ中（", after, StringComparison.Ordinal);
    }

    /// <summary>
    /// Session 53: 伊藤's page was loaded while the incident was open; it recovered before she pressed 「対応を引き継ぐ」. Nothing is
    /// recorded, and the page says the takeover was not — not the acknowledgement's 「対応開始は記録していません」.
    /// </summary>
    [Fact]
    public async Task TakeOver_AfterTheIncidentRecovered_SaysTheTakeoverWasNotRecorded()
    {
        var id = await CreateIncidentAsync("Recovered before the takeover");
        await AckAsync(id, "sato");
        using var browser = SignedIn(Principal("伊藤 さくら", ("preferred_username", "ito@onduty.example")));
        var (_, page) = await browser.GetAsync($"api/incidents/{id}/page?lang=ja");
        using (var resolved = await app.Client.PostAsJsonAsync($"api/incidents/{id}/updates", new { status = "resolved", message = "復旧しました。", by = "yamada" }))
        {
            Assert.True(resolved.IsSuccessStatusCode, await resolved.Content.ReadAsStringAsync());
        }

        var after = await PressAsync(browser, page, "/page/takeover");

        var stored = await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}");
        Assert.Equal("sato", stored.GetProperty("incident").GetProperty("acknowledgedBy").GetString());
        Assert.DoesNotContain(stored.GetProperty("timeline").EnumerateArray(), t => t.GetProperty("kind").GetString() == "tookOver");
        Assert.Contains("<p class=\"done\" role=\"status\">この障害はすでに復旧済みのため、引き継ぎは記録していません。</p>", after, StringComparison.Ordinal);
        Assert.DoesNotContain("対応開始は記録していません", after, StringComparison.Ordinal);
    }

    /// <summary>
    /// Session 53: merged into another before 伊藤 pressed 「対応を引き継ぐ」 on its page: nothing is recorded on either, and the page
    /// names the incident it went into, linked, to take over there (in English too).
    /// </summary>
    [Fact]
    public async Task TakeOver_AfterTheIncidentWasMerged_NamesTheOneToTakeOverThere_Linked()
    {
        var duplicate = await CreateIncidentAsync("Merged before the takeover");
        var keep = await CreateIncidentAsync("Merged before the takeover, kept");
        await AckAsync(duplicate, "sato");
        using var browser = SignedIn(Principal("伊藤 さくら", ("preferred_username", "ito@onduty.example")));
        var (_, page) = await browser.GetAsync($"api/incidents/{duplicate}/page?lang=ja");
        await MergeAsync(duplicate, keep);

        var after = await PressAsync(browser, page, "/page/takeover");

        foreach (var id in new[] { duplicate, keep })
        {
            var stored = await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}");
            Assert.NotEqual("ito", stored.GetProperty("incident").GetProperty("acknowledgedBy").GetString());
            Assert.DoesNotContain(stored.GetProperty("timeline").EnumerateArray(), t => t.GetProperty("kind").GetString() == "tookOver");
        }

        Assert.Contains($"<p class=\"done\" role=\"status\">この障害は {keep} に統合済みです。引き継ぐ場合は {keep} のページからお願いします。 "
            + $"<a href=\"/api/incidents/{keep}/page?lang=ja\" id=\"done-link\">{keep} のページを開く</a></p>", after, StringComparison.Ordinal);
        Assert.DoesNotContain("復旧済みのため", after, StringComparison.Ordinal);
        var (_, english) = await browser.GetAsync($"api/incidents/{duplicate}/page?lang=en&done=takeoverMerged");
        Assert.Contains($"This incident was merged into {keep}. To take it over, do so on the page of {keep}. "
            + $"<a href=\"/api/incidents/{keep}/page?lang=en\" id=\"done-link\">Open {keep}</a>", english, StringComparison.Ordinal);
    }

    /// <summary>
    /// Session 53: 「対応します」 pressed on a page loaded before the incident was merged: the acknowledgement goes to the incident it
    /// went into, and the page says so, linking it — before, it said 「対応開始を記録しました」 as if this one were acknowledged.
    /// </summary>
    [Fact]
    public async Task Ack_AfterTheIncidentWasMerged_IsRecordedOnTheOneItWentInto_AndThePageSaysSo()
    {
        var duplicate = await CreateIncidentAsync("Merged before the ack");
        var keep = await CreateIncidentAsync("Merged before the ack, kept");
        using var browser = SignedIn(Principal("伊藤 さくら", ("preferred_username", "ito@onduty.example")));
        var (_, page) = await browser.GetAsync($"api/incidents/{duplicate}/page?lang=ja");
        await MergeAsync(duplicate, keep);

        var after = await PressAsync(browser, page, "/page/ack");

        var stored = await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{keep}");
        Assert.Equal("ito", stored.GetProperty("incident").GetProperty("acknowledgedBy").GetString());
        Assert.Contains($"<p class=\"done\" role=\"status\">この障害は {keep} に統合済みのため、{keep} の対応開始として記録しました。 "
            + $"<a href=\"/api/incidents/{keep}/page?lang=ja\" id=\"done-link\">{keep} のページを開く</a></p>", after, StringComparison.Ordinal);
        Assert.DoesNotContain("対応開始を記録しました。エスカレーションは止まりました。", after, StringComparison.Ordinal);
    }

    /// <summary>
    /// 「対応します」 pressed by 伊藤 on a page loaded before 佐藤 (woken by the same page) acknowledged it: nothing is recorded for
    /// her, and the page says who took it and when — it said 「対応開始を記録しました。エスカレーションは止まりました。」 though nothing
    /// was recorded (in English too).
    /// </summary>
    [Fact]
    public async Task Ack_AfterAnotherPersonAcknowledged_RecordsNothing_AndThePageSaysWhoTookIt()
    {
        var id = await CreateIncidentAsync("Acknowledged by the partner first");
        using var browser = SignedIn(Principal("伊藤 さくら", ("preferred_username", "ito@onduty.example")));
        var (_, page) = await browser.GetAsync($"api/incidents/{id}/page?lang=ja");
        await AckAsync(id, "sato");

        var after = await PressAsync(browser, page, "/page/ack");

        var stored = await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}");
        Assert.Equal("sato", stored.GetProperty("incident").GetProperty("acknowledgedBy").GetString());
        Assert.DoesNotContain(stored.GetProperty("timeline").EnumerateArray(), t => t.GetProperty("kind").GetString() == "acknowledged" && t.GetProperty("by").GetString() == "ito");
        var done = System.Text.RegularExpressions.Regex.Match(after, "<p class=\"done\"[^>]*>[^<]*</p>").Value;
        Assert.Matches("<p class=\"done\" role=\"status\">佐藤 [^<]*さんが [^<]*（JST）にすでに対応を開始しているため、あなたの対応開始は記録していません。エスカレーションは止まっています。</p>", done);
        Assert.DoesNotContain("対応開始を記録しました。", after, StringComparison.Ordinal);
        var (_, english) = await browser.GetAsync($"api/incidents/{id}/page?lang=en&done=ackedByOther");
        Assert.Matches("<p class=\"done\" role=\"status\">[^<]+ already took it at [^<]*\\(JST\\): your acknowledgement was not recorded\\. Escalation has stopped\\.</p>", System.Text.RegularExpressions.Regex.Match(english, "<p class=\"done\"[^>]*>[^<]*</p>").Value);
    }

    /// <summary>Presses the button of <paramref name="form"/> (<c>/page/takeover</c>) on <paramref name="page"/>: 303, and the page it leads back to.</summary>
    private static async Task<string> PressAsync(PageBrowser browser, string page, string form)
    {
        var (posted, _) = await browser.SubmitAsync(page, form, new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.SeeOther, posted.StatusCode);
        var (_, after) = await browser.GetAsync(posted.Headers.Location!.OriginalString.TrimStart('/'));
        return after;
    }

    private async Task AckAsync(string id, string memberId)
    {
        using var ack = await app.Client.PostAsJsonAsync($"api/incidents/{id}/ack", new { memberId });
        Assert.True(ack.StatusCode == HttpStatusCode.OK, await ack.Content.ReadAsStringAsync());
    }

    private async Task MergeAsync(string duplicate, string keep)
    {
        using var merged = await app.Client.PostAsJsonAsync($"api/incidents/{duplicate}/merge", new { into = keep, by = "sato" });
        Assert.True(merged.StatusCode == HttpStatusCode.OK, await merged.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task DutyMember_SignedInByUpnNotTheirRosterMail_AcksAndPostsAsTheirMemberId_AndTheirContactPageKnowsThem()
    {
        // Review day 28, M3: Entra's preferred_username is the UPN (ito@corp…), the roster mails ito@onduty…; the name claim is
        // Entra's spelling, not the roster's. Before, they could act, but were recorded by that name and were "not on the roster" at /status/me.
        using var created = await app.Client.PostAsJsonAsync("api/incidents", new { title = $"Signed in by UPN {Guid.NewGuid().ToString("n")[..8]}", severity = "sev3", by = "alert:grafana" });
        created.EnsureSuccessStatusCode();
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = body.GetProperty("id").GetString()!;
        var duty = body.GetProperty("assignees").EnumerateArray().First();
        var (dutyId, dutyName, dutyEmail) = (duty.GetProperty("id").GetString()!, duty.GetProperty("displayName").GetString()!, duty.GetProperty("email").GetString()!);
        var upn = (await app.Client.GetFromJsonAsync<JsonElement>($"api/members/{dutyId}")).GetProperty("upn").GetString()!;
        Assert.NotEqual(dutyEmail, upn, StringComparer.OrdinalIgnoreCase);
        using var browser = SignedIn(Principal("Entra Spelling", ("preferred_username", upn.ToUpperInvariant())));

        var (_, page) = await browser.GetAsync($"api/incidents/{id}/page?lang=ja");
        var (acked, _) = await browser.SubmitAsync(page, "/page/ack", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.SeeOther, acked.StatusCode);
        (_, page) = await browser.GetAsync($"api/incidents/{id}/page?lang=ja");
        var message = "found by upn " + Guid.NewGuid().ToString("n")[..8];
        var (posted, _) = await browser.SubmitAsync(page, "/page/update", new Dictionary<string, string> { ["status"] = "identified", ["message"] = message });
        Assert.Equal(HttpStatusCode.SeeOther, posted.StatusCode);

        var stored = await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}");
        Assert.Equal(dutyId, stored.GetProperty("incident").GetProperty("acknowledgedBy").GetString());
        Assert.Equal(dutyId, stored.GetProperty("timeline").EnumerateArray().Single(t => t.GetProperty("message").GetString() == message).GetProperty("by").GetString());
        Assert.DoesNotContain(stored.GetProperty("timeline").EnumerateArray(), t => t.GetProperty("by").GetString() == "Entra Spelling");

        // The pair's page says who acknowledged, by roster name.
        var (_, after) = await browser.GetAsync($"api/incidents/{id}/page?lang=ja");
        Assert.Matches($"<dt>対応者</dt><dd>{System.Text.RegularExpressions.Regex.Escape(dutyName)} — \\d{{4}}/\\d{{2}}/\\d{{2}} \\d{{2}}:\\d{{2}}（JST）</dd>", after);

        // Their own contact page knows them: their roster address and the phone form, not "not on the roster".
        var (me, contact) = await browser.GetAsync("api/status/me?lang=ja");
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Contains(dutyEmail, contact, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("name=\"phone\"", contact, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_SignedInNotOnTheRoster_SettingOff_PostedAsBefore()
    {
        // Off (the default in code; test hosts start from the sample, which has it on): anyone signed in to the tenant acts, as before.
        await using var open = await app.StartSecondHostAsync(new Dictionary<string, string?>
        {
            ["Pages:AllowAnonymous"] = "false",
            ["WEBSITE_AUTH_ENABLED"] = "true",
            ["Pages:RequireRosterMember"] = "false",
        });
        var id = await CreateIncidentAsync("Open to the tenant");
        using var browser = new PageBrowser(open.BaseAddress);
        browser.Client.DefaultRequestHeaders.Add("X-MS-CLIENT-PRINCIPAL", Principal("Partner Person", ("preferred_username", Stranger)));
        var (_, page) = await browser.GetAsync($"api/incidents/{id}/page?lang=en");
        Assert.DoesNotContain("id=\"read-only\"", page, StringComparison.Ordinal);

        var (posted, _) = await browser.SubmitAsync(page, "/page/update", new Dictionary<string, string> { ["status"] = "identified", ["message"] = "partner found it" });

        Assert.Equal(HttpStatusCode.SeeOther, posted.StatusCode);
        var stored = await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}");
        Assert.Equal("identified", stored.GetProperty("incident").GetProperty("status").GetString());
        Assert.Contains(stored.GetProperty("timeline").EnumerateArray(), t => t.GetProperty("message").GetString() == "partner found it" && t.GetProperty("by").GetString() == "Partner Person");
    }

    [Fact]
    public async Task RosterUnreadable_PageShownWithItsForms_PostAnswers503AndNothingWritten()
    {
        var tap = new OnDuty.Testing.StorageTap();
        await using var tapped = await app.StartSecondHostAsync(
            new Dictionary<string, string?>
            {
                ["Pages:AllowAnonymous"] = "false",
                ["WEBSITE_AUTH_ENABLED"] = "true",
                ["Pages:RequireRosterMember"] = "true",
            },
            services => TappedStorage.Use(services, app.Azurite.ConnectionString, tap));
        var id = await CreateIncidentAsync("Roster unreadable");
        await app.WaitForOutboxIdleAsync(allowRetrying: true);
        using var browser = new PageBrowser(tapped.BaseAddress);
        browser.Client.DefaultRequestHeaders.Add("X-MS-CLIENT-PRINCIPAL", Principal("Partner Person", ("preferred_username", Stranger)));
        var (_, page) = await browser.GetAsync($"api/incidents/{id}/page?lang=ja");
        var before = await app.Client.GetStringAsync($"api/incidents/{id}");

        using (tap.Fail(r => r.Method == "GET" && r.Targets("Members"), 503))
        {
            var (shown, html) = await browser.GetAsync($"api/incidents/{id}/page?lang=ja");
            Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
            Assert.DoesNotContain("id=\"read-only\"", html, StringComparison.Ordinal);
            Assert.Contains("id=\"form-update\"", html, StringComparison.Ordinal);

            var (posted, answer) = await browser.SubmitAsync(html, "/page/update", new Dictionary<string, string> { ["status"] = "identified", ["message"] = "while the roster is down <b>line 1</b>\nline 2" });
            Assert.Equal(HttpStatusCode.ServiceUnavailable, posted.StatusCode);

            // Trial 36 M4: what was typed is on the answer, labelled as the form labels it, to copy (encoded), not lost.
            var typed = answer[answer.IndexOf("<section id=\"posted\">", StringComparison.Ordinal)..];
            Assert.Contains("入力した内容（送信されていません。", typed, StringComparison.Ordinal);
            Assert.Contains("<label for=\"posted-1\">新しい情報</label><textarea id=\"posted-1\" readonly rows=\"3\">while the roster is down &lt;b&gt;line 1&lt;/b&gt;&#xA;line 2</textarea>", typed, StringComparison.Ordinal);
            Assert.DoesNotContain("<b>line 1</b>", answer, StringComparison.Ordinal);
        }

        Assert.Contains("id=\"read-only\"", page, StringComparison.Ordinal);
        await app.WaitForOutboxIdleAsync(allowRetrying: true);
        Assert.Equal(before, await app.Client.GetStringAsync($"api/incidents/{id}"));
    }

    /// <summary>
    /// Session 53, a support lead not on the roster during a SEV2: her notice links the drafts (#h-drafts); she reads them on the
    /// incident page through the real host, each text in a read-only box, and after the pair changes the workaround the box says
    /// the new one. Once the incident is merged into another, its drafts section points at that one's drafts instead of 【復旧】.
    /// </summary>
    [Fact]
    public async Task IncidentPage_SignedInNotOnTheRoster_ReadsTheDraftsToCopy_FollowingTheWorkaround_AndAMergeToTheOther()
    {
        using var created = await app.Client.PostAsJsonAsync("api/incidents", new
        {
            title = $"決済画面が開けない {Guid.NewGuid().ToString("n")[..8]}", severity = "sev2", by = "yamada", workaround = "アプリを再起動してください",
        });
        created.EnsureSuccessStatusCode();
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        using var browser = StrangerBrowser();

        var (response, html) = await browser.GetAsync($"api/incidents/{id}/page?lang=ja");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<a href=\"#h-drafts\">文案</a>", html, StringComparison.Ordinal);
        Assert.Contains("<h2 id=\"h-drafts\">広報・サポート向けの文案</h2>", html, StringComparison.Ordinal);
        Assert.Contains("<p id=\"drafts-status\">障害の内容から自動で作成した文案です（未レビュー）。", html, StringComparison.Ordinal);
        Assert.Contains("<textarea id=\"drafts-customerNotice\" rows=\"26\" readonly>【障害】", html, StringComparison.Ordinal);
        Assert.Contains("■回避策&#xA;【要修正：社内向けの記載】アプリを再起動してください&#xA;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<form", html, StringComparison.Ordinal);

        using (var update = await app.Client.PostAsJsonAsync($"api/incidents/{id}/updates", new { message = "回避策を変更", by = "yamada", workaround = "Web 版から決済してください" }))
        {
            update.EnsureSuccessStatusCode();
        }

        (_, html) = await browser.GetAsync($"api/incidents/{id}/page?lang=ja");
        Assert.Contains("■回避策&#xA;【要修正：社内向けの記載】Web 版から決済してください&#xA;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("アプリを再起動してください", html[html.IndexOf("id=\"h-drafts\"", StringComparison.Ordinal)..html.IndexOf("id=\"h-timeline\"", StringComparison.Ordinal)], StringComparison.Ordinal);

        var keep = await CreateIncidentAsync("Merge target for the drafts");
        using (var merged = await app.Client.PostAsJsonAsync($"api/incidents/{id}/merge", new { into = keep, by = "yamada", keepSeverity = true }))
        {
            Assert.True(merged.IsSuccessStatusCode, await merged.Content.ReadAsStringAsync());
        }

        (_, html) = await browser.GetAsync($"api/incidents/{id}/page?lang=ja");
        Assert.Contains(
            $"<p role=\"status\" id=\"drafts-merged\">この障害は {keep} に統合されました。お客様へのご案内には {keep} の文案を使ってください。 <a href=\"/api/incidents/{keep}/page?lang=ja#h-drafts\" id=\"drafts-merged-link\">{keep} の文案を開く</a></p>",
            html, StringComparison.Ordinal);
        Assert.DoesNotContain("【復旧】", html, StringComparison.Ordinal);
        Assert.DoesNotContain("drafts-customerNotice", html, StringComparison.Ordinal);
    }

    /// <summary>
    /// Session 53: the support lead pastes the workaround draft into her own tool from her phone. In real headless Chromium, signed
    /// in through the host's Easy Auth header and not on the roster, she presses 「コピー」 beside the 回避策 box: the clipboard holds
    /// exactly the text the box shows and the API's drafts hold (line breaks kept), and the status beside the button says so; with
    /// the clipboard refused, the status says to select the text by hand. The button shows only because the page's one inline
    /// script ran — allowed by the hash the page's policy names, with no 'unsafe-inline' for scripts.
    /// </summary>
    [Fact]
    public async Task IncidentPage_SignedInNotOnTheRoster_InChromium_CopiesTheWorkaroundDraftExactly()
    {
        using var created = await app.Client.PostAsJsonAsync("api/incidents", new
        {
            title = $"決済画面が開けない <b>&amp; {Guid.NewGuid().ToString("n")[..8]}", severity = "sev2", by = "yamada", workaround = "アプリを再起動してください\n<b>それでも開けない場合</b> & Web 版から",
        });
        created.EnsureSuccessStatusCode();
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var workaround = (await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}/drafts?lang=ja")).GetProperty("workaround").GetString()!;
        Assert.Contains('\n', workaround);
        using (var stranger = StrangerBrowser())
        {
            var (response, html) = await stranger.GetAsync($"api/incidents/{id}/page?lang=ja");
            var policy = response.Headers.GetValues("Content-Security-Policy").Single();
            var scriptSrc = policy.Split(';', StringSplitOptions.TrimEntries).Single(d => d.StartsWith("script-src ", StringComparison.Ordinal));
            // Each script the page carries (the copy buttons', the forms' 「送信中…」) allowed by the hash of what is served, nothing else.
            var served = System.Text.RegularExpressions.Regex.Matches(html, "<script[^>]*>(.*?)</script>").Select(m => m.Groups[1].Value).ToList();
            Assert.Equal(2, served.Count);
            Assert.Equal("script-src " + string.Join(' ', served.Select(s => $"'sha256-{Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(s)))}'")), scriptSrc);
            Assert.DoesNotContain("unsafe", scriptSrc, StringComparison.Ordinal);
            Assert.StartsWith("default-src 'none'", policy, StringComparison.Ordinal);
        }

        using var chromium = new HeadlessChromium();
        chromium.Browser.ExecuteCdpCommand("Network.enable", []);
        chromium.Browser.ExecuteCdpCommand("Network.setExtraHTTPHeaders", new Dictionary<string, object?>
        {
            ["headers"] = new Dictionary<string, object> { ["X-MS-CLIENT-PRINCIPAL"] = Principal("Partner Person", ("preferred_username", Stranger)) },
        });
        chromium.Browser.ExecuteCdpCommand("Browser.grantPermissions", new Dictionary<string, object?>
        {
            ["origin"] = Host.BaseAddress.GetLeftPart(UriPartial.Authority),
            ["permissions"] = new[] { "clipboardReadWrite", "clipboardSanitizedWrite" },
        });
        chromium.GoTo(new Uri(Host.BaseAddress, $"api/incidents/{id}/page?lang=ja#h-drafts"));
        var script = (OpenQA.Selenium.IJavaScriptExecutor)chromium.Browser;
        script.ExecuteScript("window.violations = []; document.addEventListener('securitypolicyviolation', e => window.violations.push(e.violatedDirective));");
        var button = chromium.Find("drafts-draftWorkaround-copy");
        Assert.True(button.Displayed, "the copy button shows once the page's script ran");
        Assert.Equal("コピー", button.Text);
        Assert.Equal("お客様向けの回避策をコピー", button.GetAttribute("aria-label"));
        Assert.True(button.Size.Height >= 44, $"the button is {button.Size.Height} px high");
        Assert.Equal(workaround, (string)script.ExecuteScript("return document.getElementById('drafts-draftWorkaround').value;")!);

        button.Click();
        chromium.Wait(_ => chromium.Find("drafts-draftWorkaround-copied").Text.Length > 0);

        Assert.Equal("コピーしました", chromium.Find("drafts-draftWorkaround-copied").Text);
        Assert.Equal("", chromium.Find("drafts-customerNotice-copied").Text);
        var copied = (string)((OpenQA.Selenium.IJavaScriptExecutor)chromium.Browser).ExecuteAsyncScript(
            "const done = arguments[arguments.length - 1]; navigator.clipboard.readText().then(done, e => done('refused: ' + e));")!;
        Assert.Equal(workaround, copied);

        // The clipboard refused: she is told to select the text by hand.
        chromium.Browser.ExecuteCdpCommand("Browser.setPermission", new Dictionary<string, object?>
        {
            ["origin"] = Host.BaseAddress.GetLeftPart(UriPartial.Authority),
            ["permission"] = new Dictionary<string, object> { ["name"] = "clipboard-write" },
            ["setting"] = "denied",
        });
        chromium.Find("drafts-customerNotice-copy").Click();
        chromium.Wait(_ => chromium.Find("drafts-customerNotice-copied").Text.Length > 0);
        Assert.Equal("コピーできませんでした。枠内の文を選択してコピーしてください。", chromium.Find("drafts-customerNotice-copied").Text);
        Assert.Equal(0L, (long)script.ExecuteScript("return window.violations.length;")!);
    }

    /// <summary>
    /// Session 54: the form's 「コピー」 showed beside an empty draft box and copied nothing. 伊藤, on the roster, opens the drafts form
    /// in real headless Chromium with the workaround and the questions saved empty: their buttons stay hidden while the notice's
    /// shows. She types a workaround: its button shows, and copies what she typed; she empties the box again: it hides, and the
    /// status it said is cleared. Still only the page's one hashed script, with no violation of the policy.
    /// </summary>
    [Fact]
    public async Task IncidentPage_RosterMember_InChromium_CopyButtonOnlyBesideABoxWithText()
    {
        var id = await CreateIncidentAsync("決済画面が開けない");
        using (var request = new HttpRequestMessage(HttpMethod.Put, $"api/incidents/{id}/drafts?lang=ja")
        {
            Content = JsonContent.Create(new { customerNotice = "【障害】決済画面が開けない", workaround = "", faq = Array.Empty<object>(), by = "ito" }),
        })
        {
            request.Headers.TryAddWithoutValidation("If-Match", "*");
            using var saved = await app.Client.SendAsync(request);
            Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync());
        }

        using var chromium = new HeadlessChromium();
        chromium.Browser.ExecuteCdpCommand("Network.enable", []);
        chromium.Browser.ExecuteCdpCommand("Network.setExtraHTTPHeaders", new Dictionary<string, object?>
        {
            ["headers"] = new Dictionary<string, object> { ["X-MS-CLIENT-PRINCIPAL"] = Principal("伊藤 さくら", ("preferred_username", "ito@onduty.example")) },
        });
        chromium.Browser.ExecuteCdpCommand("Browser.grantPermissions", new Dictionary<string, object?>
        {
            ["origin"] = Host.BaseAddress.GetLeftPart(UriPartial.Authority),
            ["permissions"] = new[] { "clipboardReadWrite", "clipboardSanitizedWrite" },
        });
        chromium.GoTo(new Uri(Host.BaseAddress, $"api/incidents/{id}/page?lang=ja#h-drafts"));
        var script = (OpenQA.Selenium.IJavaScriptExecutor)chromium.Browser;
        script.ExecuteScript("window.violations = []; document.addEventListener('securitypolicyviolation', e => window.violations.push(e.violatedDirective));");
        // The form (she may save), not the read-only view.
        Assert.Equal("TEXTAREA", chromium.Find("drafts-draftWorkaround").TagName.ToUpperInvariant());
        Assert.Null(chromium.Find("drafts-draftWorkaround").GetAttribute("readonly"));
        Assert.Equal("", (string)script.ExecuteScript("return document.getElementById('drafts-draftWorkaround').value;")!);

        Assert.True(chromium.Find("drafts-customerNotice-copy").Displayed, "the notice has text: its button shows");
        Assert.False(chromium.Find("drafts-draftWorkaround-copy").Displayed, "an empty box: no button");
        Assert.False(chromium.Find("drafts-faq-copy").Displayed, "an empty box: no button");

        var box = chromium.Find("drafts-draftWorkaround");
        box.SendKeys("Web 版から決済してください");
        chromium.Wait(_ => chromium.Find("drafts-draftWorkaround-copy").Displayed);
        chromium.Find("drafts-draftWorkaround-copy").Click();
        chromium.Wait(_ => chromium.Find("drafts-draftWorkaround-copied").Text.Length > 0);
        Assert.Equal("コピーしました", chromium.Find("drafts-draftWorkaround-copied").Text);
        var copied = (string)script.ExecuteAsyncScript(
            "const done = arguments[arguments.length - 1]; navigator.clipboard.readText().then(done, e => done('refused: ' + e));")!;
        Assert.Equal("Web 版から決済してください", copied);

        // Emptied (spaces left count as empty): the button hides, and 「コピーしました」 no longer stands beside a box that changed.
        box.SendKeys(OpenQA.Selenium.Keys.Control + "a");
        box.SendKeys(OpenQA.Selenium.Keys.Delete);
        box.SendKeys("  ");
        chromium.Wait(_ => !chromium.Find("drafts-draftWorkaround-copy").Displayed);
        Assert.Equal("", chromium.Find("drafts-draftWorkaround-copied").Text);
        Assert.True(chromium.Find("drafts-customerNotice-copy").Displayed);
        Assert.Equal(0L, (long)script.ExecuteScript("return window.violations.length;")!);
    }

    private async Task<string> CreateIncidentAsync(string title)
    {
        using var created = await app.Client.PostAsJsonAsync("api/incidents", new { title = $"{title} {Guid.NewGuid().ToString("n")[..8]}", severity = "sev4", by = "alert:grafana" });
        created.EnsureSuccessStatusCode();
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private async Task<string> PlanWindowAsync()
    {
        var from = app.Time.GetUtcNow().AddDays(1);
        using var planned = await app.Client.PostAsJsonAsync("api/maintenance", new
        {
            title = "Roster check window",
            from,
            to = from.AddHours(1),
            labels = new Dictionary<string, string> { ["onduty_test"] = Guid.NewGuid().ToString("n") },
            by = "sato",
        });
        planned.EnsureSuccessStatusCode();
        return (await planned.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    /// <summary>
    /// Everything a refused form could have written, as the API reads it: both incidents (timeline, acknowledgement, details,
    /// merge), their drafts and retro, the outbox messages about them (by id, whatever their status), maintenance windows,
    /// criteria, the rotation's changes and a member's leave.
    /// </summary>
    private async Task<string> StateAsync(string id, string other)
    {
        var parts = new List<string>();
        foreach (var path in new[]
        {
            $"api/incidents/{id}", $"api/incidents/{other}", $"api/incidents/{id}/drafts?lang=ja", $"api/incidents/{id}/retro",
            "api/maintenance?ended=true", "api/criteria", "api/rotations/incident-duty/overrides", "api/members/ito/leave",
        })
        {
            using var response = await app.Client.GetAsync(path);
            parts.Add($"{path} {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        var messages = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var status in new[] { "pending", "sent", "cancelled", "failed" })
        {
            var listed = await app.Client.GetFromJsonAsync<JsonElement>($"api/outbox?status={status}&max=1000");
            foreach (var item in listed.GetProperty("items").EnumerateArray().Where(i => i.GetRawText().Contains(id, StringComparison.Ordinal) || i.GetRawText().Contains(other, StringComparison.Ordinal)))
            {
                messages.Add(item.GetProperty("id").GetString()!);
            }
        }

        parts.Add("outbox " + string.Join(",", messages));
        return string.Join("\n", parts);
    }
}
