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
        var counselMail = Assert.Single(await app.Smtp.WaitForAboutAsync("閲覧の追加"), m => m.Subject.Contains(id, StringComparison.Ordinal));
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
}
