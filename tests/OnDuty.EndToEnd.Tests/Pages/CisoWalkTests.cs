using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OnDuty.EndToEnd.Tests.Support;

namespace OnDuty.EndToEnd.Tests.Pages;

/// <summary>
/// Trial walk (session 63): the company's CISO, set in <c>Incidents__ConfidentialReaders</c> and on no roster, then the external legal
/// counsel the duty member adds on one incident. What each relies on: the CISO hears of every confidential incident by mail (who
/// marked it, when, why), opens its page from the mail and sees who else may read it (added and paged); the counsel is told once,
/// opens that incident and finds it whole in the lessons search, while another confidential incident stays closed to them.
/// </summary>
[Collection(OnDutyAppCollection.Name)]
public sealed class CisoWalkTests(OnDutyAppFixture app) : SignedInHostTests
{
    private const string Ciso = "ciso@onduty-corp.example";
    private const string Counsel = "counsel@law-firm.example";

    protected override OnDutyAppFixture App => app;

    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Incidents:ConfidentialReaders:0"] = Ciso,
        // As the company runs it: only roster members act on the pages; the CISO is on no roster.
        ["Pages:RequireRosterMember"] = "true",
    };

    private async Task<string> DeclareAsync(string title, bool confidential)
    {
        using var created = await Host.Client.PostAsJsonAsync("api/incidents", new { title, severity = "sev2", by = "ito", confidential, userImpact = "管理画面に不審なログイン" });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private static async Task SaveAsync(string name, string html)
    {
        var dir = Path.Combine(Path.GetTempPath(), "ciso-walk");
        Directory.CreateDirectory(dir);
        await File.WriteAllTextAsync(Path.Combine(dir, name), html);
    }

    [Fact]
    public async Task Ciso_ToldOfEachConfidentialIncident_ReadsIt_CounselAddedOnOne_ReadsThatOneOnly()
    {
        var suffix = Guid.NewGuid().ToString("n")[..6];
        var title = $"管理者アカウントの不正ログイン {suffix}";

        // 1. Declared confidential by the duty member: the CISO is told once, in the team's language, after the page.
        var id = await DeclareAsync(title, confidential: true);
        var told = (await app.Smtp.WaitForAboutAsync($"非公開指定】{id}")).Where(m => m.To.Contains(Ciso, StringComparer.OrdinalIgnoreCase)).ToList();
        var mail = Assert.Single(told);
        Assert.StartsWith($"【SEV2 非公開指定】{id} {title}", mail.Subject, StringComparison.Ordinal);
        var text = await app.Smtp.TextAsync(mail.Id);
        await SaveAsync("ciso-mail.txt", text);
        Assert.Contains("にこの障害を非公開に指定しました", text, StringComparison.Ordinal);
        Assert.Contains("転送しないでください", text, StringComparison.Ordinal);
        var link = $"api/incidents/{id}/page";
        Assert.Contains(link, text, StringComparison.Ordinal);

        // 2. The CISO opens the page from the mail: the whole incident, and who else may read it (the pair paged).
        using var ciso = SignedIn("CISO Person", Ciso);
        var (page, html) = await ciso.GetAsync(link + "?lang=ja");
        await SaveAsync("ciso-page.html", html);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains(title, WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        Assert.Contains("（呼び出しで通知）", html, StringComparison.Ordinal);

        // 3. The duty member adds the external counsel on this incident: told once; opens it; finds it whole in the lessons search.
        using var ito = SignedIn("伊藤 さくら", "ito@onduty.example");
        var (_, itoPage) = await ito.GetAsync(link + "?lang=ja");
        var (added, addedHtml) = await ito.SubmitAsync(itoPage, "/page/reader-add", new Dictionary<string, string> { ["address"] = Counsel });
        Assert.True(added.StatusCode == HttpStatusCode.SeeOther, addedHtml);
        var counselMail = Assert.Single(await app.Smtp.WaitForAboutAsync($"閲覧の追加】{id}"));
        Assert.Equal([Counsel], counselMail.To.Select(t => t.ToLowerInvariant()));

        var other = await DeclareAsync($"別件の個人情報の誤送信 {suffix}", confidential: true);
        foreach (var resolve in new[] { id, other })
        {
            using var resolved = await Host.Client.PostAsJsonAsync($"api/incidents/{resolve}/updates", new { status = "resolved", message = "パスワードを再設定し封じ込め済み", by = "ito" });
            Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        }

        await app.RunFunctionAsync("IndexLessons");
        using var counsel = SignedIn("Counsel Person", Counsel);
        var (counselPage, counselHtml) = await counsel.GetAsync(link + "?lang=ja");
        await SaveAsync("counsel-page.html", counselHtml);
        Assert.Equal(HttpStatusCode.OK, counselPage.StatusCode);
        Assert.Contains(title, WebUtility.HtmlDecode(counselHtml), StringComparison.Ordinal);
        var (_, search) = await counsel.GetAsync($"api/retros/page?lang=ja&q={Uri.EscapeDataString(suffix)}");
        await SaveAsync("counsel-search.html", search);
        Assert.Contains(title, WebUtility.HtmlDecode(search), StringComparison.Ordinal);
        Assert.DoesNotContain("別件の個人情報の誤送信", WebUtility.HtmlDecode(search), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await counsel.GetAsync($"api/incidents/{other}/page?lang=ja")).Response.StatusCode);

        // 4. Marked later with a reason: the CISO's mail says why; marking it again tells nobody twice.
        var later = await DeclareAsync($"委託先からの情報流出の連絡 {suffix}", confidential: false);
        foreach (var _ in new[] { 1, 2 })
        {
            using var marked = await Host.Client.PostAsJsonAsync($"api/incidents/{later}/confidential", new { confidential = true, by = "ito", reason = "委託先から顧客情報の流出の可能性を連絡された" });
            Assert.Equal(HttpStatusCode.OK, marked.StatusCode);
        }

        var laterMail = Assert.Single(await app.Smtp.WaitForAboutAsync($"非公開指定】{later}"), m => m.To.Contains(Ciso, StringComparer.OrdinalIgnoreCase));
        Assert.Contains("非公開の理由：委託先から顧客情報の流出の可能性を連絡された", await app.Smtp.TextAsync(laterMail.Id), StringComparison.Ordinal);
    }

    /// <summary>
    /// Finding F1 of the walk: with <c>Pages__RequireRosterMember</c> on, the CISO (not on the roster) decides who else reads a
    /// confidential incident from its page — adds the counsel, who is told by mail who added them (name and address), and takes them
    /// off — while every other form stays closed to them; on an incident that is not confidential the readers form is refused as the rest.
    /// </summary>
    [Fact]
    public async Task Ciso_NotOnTheRoster_AddsAndTakesOffCounsel_NoOtherForm()
    {
        var suffix = Guid.NewGuid().ToString("n")[..6];
        var counselAddress = $"counsel{suffix}@law-firm.example";
        var id = await DeclareAsync($"社員情報の誤公開 {suffix}", confidential: true);
        var link = $"api/incidents/{id}/page";

        using var ciso = SignedIn("CISO Person", Ciso);
        var (_, page) = await ciso.GetAsync(link + "?lang=ja");
        Assert.Contains("閲覧できる人を追加", page, StringComparison.Ordinal);
        Assert.Contains("「閲覧できる人」の追加と取り消しはできます", WebUtility.HtmlDecode(page), StringComparison.Ordinal);
        Assert.DoesNotContain("/page/update", page, StringComparison.Ordinal);
        Assert.DoesNotContain("/page/confidential", page, StringComparison.Ordinal);
        var (added, addedHtml) = await ciso.SubmitAsync(page, "/page/reader-add", new Dictionary<string, string> { ["address"] = counselAddress });
        Assert.True(added.StatusCode == HttpStatusCode.SeeOther, addedHtml);

        // Stored as added by them (name and address), in the timeline too; the counsel's mail says who added them.
        const string By = "CISO Person (" + Ciso + ")";
        var listed = await Host.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}/readers");
        var reader = Assert.Single(listed.GetProperty("readers").EnumerateArray());
        Assert.Equal(counselAddress, reader.GetProperty("address").GetString());
        Assert.Equal(By, reader.GetProperty("addedBy").GetString());
        var (_, after) = await ciso.GetAsync(added.Headers.Location!.OriginalString);
        Assert.Contains($"{counselAddress} が閲覧できるようにしました（CISO Person", WebUtility.HtmlDecode(after), StringComparison.Ordinal);
        Assert.Contains(Ciso, WebUtility.HtmlDecode(after[after.IndexOf("id=\"timeline\"", StringComparison.Ordinal)..]), StringComparison.Ordinal);
        var mail = Assert.Single(await app.Smtp.WaitForAboutAsync($"閲覧の追加】{id}"));
        Assert.Equal([counselAddress], mail.To.Select(t => t.ToLowerInvariant()));
        Assert.Contains($"CISO Personさん ({Ciso})が、この障害を閲覧できる人にあなたを追加しました。", await app.Smtp.TextAsync(mail.Id), StringComparison.Ordinal);

        // Any other form of the page: refused, nothing written.
        var token = PageBrowser.Hidden(PageBrowser.FormOf(after, "/page/reader-add")).Where(f => f.Key == "__RequestVerificationToken").ToDictionary();
        foreach (var (form, fields) in new[]
        {
            ("page/update", new Dictionary<string, string> { ["status"] = "resolved", ["message"] = "ciso wrote this" }),
            ("page/ack", new Dictionary<string, string>()),
            ("page/confidential", new Dictionary<string, string> { ["confidential"] = "false" }),
        })
        {
            using var refused = await ciso.Client.PostAsync($"{link}/{form["page/".Length..]}", new FormUrlEncodedContent(token.Concat(fields)));
            Assert.True(refused.StatusCode == HttpStatusCode.Forbidden, $"{form}: {refused.StatusCode}");
        }

        var stored = await Host.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}");
        Assert.Equal("investigating", stored.GetProperty("incident").GetProperty("status").GetString());
        Assert.True(stored.GetProperty("incident").GetProperty("confidential").GetBoolean());
        Assert.False(stored.GetProperty("incident").TryGetProperty("acknowledgedBy", out var holder) && holder.ValueKind == JsonValueKind.String, holder.ToString());

        // Taken off with the remove button: the counsel is refused again.
        using var counsel = SignedIn("Counsel Person", counselAddress);
        Assert.Equal(HttpStatusCode.OK, (await counsel.GetAsync(link + "?lang=ja")).Response.StatusCode);
        var (removed, removedHtml) = await ciso.SubmitAsync(after, "/page/reader-remove", new Dictionary<string, string>());
        Assert.True(removed.StatusCode == HttpStatusCode.SeeOther, removedHtml);
        Assert.Empty((await Host.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}/readers")).GetProperty("readers").EnumerateArray());
        Assert.Equal(HttpStatusCode.Forbidden, (await counsel.GetAsync(link + "?lang=ja")).Response.StatusCode);
        Assert.Contains($"may no longer read it: {counselAddress}, removed by {By}",
            (await Host.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}")).GetProperty("timeline").EnumerateArray().Select(t => t.GetProperty("message").GetString()));

        // Not confidential: its readers form is no form of theirs.
        var open = await DeclareAsync($"社内ポータルの表示崩れ {suffix}", confidential: false);
        using var notTheirs = await ciso.Client.PostAsync($"api/incidents/{open}/page/reader-add", new FormUrlEncodedContent(token.Append(new("address", counselAddress))));
        Assert.Equal(HttpStatusCode.Forbidden, notTheirs.StatusCode);
        Assert.Empty((await Host.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{open}/readers")).GetProperty("readers").EnumerateArray());
    }
}
