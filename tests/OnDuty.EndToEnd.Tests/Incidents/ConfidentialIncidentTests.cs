using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OnDuty.EndToEnd.Tests.Pages;
using OnDuty.EndToEnd.Tests.Support;

namespace OnDuty.EndToEnd.Tests.Incidents;

/// <summary>
/// A security incident (個人情報の漏えいの疑い) declared confidential: the duty pair's page mail carries the title (they need it), the
/// team's Teams channel and 障害の状況 do not, and the executives — the SEV2's audience — are not told, as nobody picked them. Lifted,
/// the channel and the status page show the title again; marked again from the incident page's button.
/// </summary>
public sealed class ConfidentialIncidentTests() : WalkTestBase(MasterKey, Monday, teams: true, dutyPair: ("sato", "tanaka"))
{
    private const string MasterKey = "e2e-confidential-key";
    private const string Title = "顧客リストの流出の疑い";
    private const string Impact = "管理者アカウントへの不正ログインを検知";

    /// <summary>Monday 7 December 2026, 14:00 JST.</summary>
    private static readonly DateTimeOffset Monday = new(2026, 12, 7, 14, 0, 0, TimeSpan.FromHours(9));

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Teams:WebhookUrl"] = Teams.Url,
        ["Comms:Audiences:execs:Members:0"] = "ceo@onduty.example",
        ["Comms:Audiences:execs:Language"] = "ja",
        ["Comms:Audiences:execs:DisplayName"] = "経営層",
        ["Comms:Audiences:legal:Members:0"] = "legal@onduty.example",
        ["Comms:Audiences:legal:Language"] = "ja",
        ["Comms:Audiences:legal:DisplayName"] = "法務",
        ["Comms:BySeverity:Sev2:0"] = "execs",
    };

    [Fact]
    public async Task Declared_PairReadsTheTitle_ChannelStatusAndUnpickedAudienceDoNot_LiftedShowsItAgain()
    {
        var cardsBefore = Teams.Requests.Count;
        var id = await Walk.PostAsync("api/incidents", new { title = Title, severity = "sev2", userImpact = Impact, by = "sato", confidential = true }, HttpStatusCode.Created);
        await SettleAsync();

        var stored = (await Host.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}")).GetProperty("incident");
        Assert.True(stored.GetProperty("confidential").GetBoolean());
        var pair = stored.GetProperty("assignees").EnumerateArray().Select(a => a.GetProperty("email").GetString()!).ToList();
        Assert.Equal(2, pair.Count);

        // The pair's page mails: the title, as ever.
        var mails = await Smtp.MessagesAsync();
        foreach (var member in pair)
        {
            Assert.Contains(mails, m => m.To.Contains(member, StringComparer.OrdinalIgnoreCase) && m.Subject.Contains(Title, StringComparison.Ordinal));
        }

        // Nobody picked the executives (the SEV2's audience): no mail to them.
        Assert.DoesNotContain(mails, m => m.To.Contains("ceo@onduty.example", StringComparer.OrdinalIgnoreCase));

        // The channel: a card about it, with no title or impact, naming it confidential by id and severity.
        var cards = Teams.Requests.Skip(cardsBefore).Select(r => WalkSteps.CardText(r.Body)).Where(c => c.Contains(id, StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(cards);
        Assert.All(cards, c => Assert.DoesNotContain(Title, c, StringComparison.Ordinal));
        Assert.All(cards, c => Assert.DoesNotContain(Impact, c, StringComparison.Ordinal));
        Assert.Contains(cards, c => c.Contains($"非公開の障害 {id}（SEV2）", StringComparison.Ordinal));

        // 障害の状況 (the status page) and the overview list it without its title or impact.
        using var browser = new PageBrowser(Host.BaseAddress);
        var (_, status) = await browser.GetAsync("api/status?lang=ja");
        Assert.Contains(id, status, StringComparison.Ordinal);
        Assert.Contains("非公開の障害", status, StringComparison.Ordinal);
        Assert.DoesNotContain(Title, status, StringComparison.Ordinal);
        var (_, overview) = await browser.GetAsync($"api/incidents/{id}/overview?lang=ja");
        Assert.DoesNotContain(Title, WebUtility.HtmlDecode(overview), StringComparison.Ordinal);
        Assert.DoesNotContain(Impact, WebUtility.HtmlDecode(overview), StringComparison.Ordinal);

        // Its own page: the title, the badge, what is withheld where.
        var (_, page) = await browser.GetAsync($"api/incidents/{id}/page?lang=ja");
        Assert.Contains(Title, page, StringComparison.Ordinal);
        Assert.Contains("id=\"confidential-badge\">非公開</span>", page, StringComparison.Ordinal);
        Assert.Contains("この障害は非公開です。", page, StringComparison.Ordinal);

        // Lifted through the API: the row says who; the status page shows the title again.
        await Host.AdvanceAsync(TimeSpan.FromMinutes(5));
        using (var lifted = await Host.Client.PostAsJsonAsync($"api/incidents/{id}/confidential", new { confidential = false, by = "sato" }))
        {
            Assert.Equal(HttpStatusCode.OK, lifted.StatusCode);
            Assert.False((await lifted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("confidential").GetBoolean());
        }

        using (var missing = await Host.Client.PostAsJsonAsync($"api/incidents/{id}/confidential", new { by = "sato" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
            Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        }

        (_, status) = await browser.GetAsync("api/status?lang=ja");
        Assert.Contains(Title, status, StringComparison.Ordinal);
        (_, page) = await browser.GetAsync($"api/incidents/{id}/page?lang=ja");
        Assert.DoesNotContain("id=\"confidential-badge\"", page, StringComparison.Ordinal);
        Assert.Contains("非公開を解除しました（佐藤さん）", page, StringComparison.Ordinal);

        // Marked again from the incident page's button; an update then tells only the audience picked (legal), the channel no title.
        var (marked, _) = await browser.SubmitAsync(page, "/page/confidential", new Dictionary<string, string> { ["by"] = "佐藤 花子" });
        Assert.True(marked.StatusCode == HttpStatusCode.SeeOther, await marked.Content.ReadAsStringAsync());
        stored = (await Host.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}")).GetProperty("incident");
        Assert.True(stored.GetProperty("confidential").GetBoolean());
        await Smtp.DeleteAllAsync();
        cardsBefore = Teams.Requests.Count;
        await Walk.PostAsync($"api/incidents/{id}/updates", new { status = "identified", message = "漏えい範囲を調査中です。", alsoTell = new[] { "legal" }, by = "sato" }, HttpStatusCode.OK);
        await SettleAsync();
        mails = await Smtp.MessagesAsync();
        Assert.Contains(mails, m => m.To.Contains("legal@onduty.example", StringComparer.OrdinalIgnoreCase) && m.Subject.Contains(Title, StringComparison.Ordinal));
        Assert.DoesNotContain(mails, m => m.To.Contains("ceo@onduty.example", StringComparer.OrdinalIgnoreCase));
        var updateCards = Teams.Requests.Skip(cardsBefore).Select(r => WalkSteps.CardText(r.Body)).Where(c => c.Contains(id, StringComparison.Ordinal)).ToList();
        Assert.All(updateCards, c => Assert.DoesNotContain(Title, c, StringComparison.Ordinal));
        Assert.All(updateCards, c => Assert.DoesNotContain("漏えい範囲を調査中です。", c, StringComparison.Ordinal));
    }
}
