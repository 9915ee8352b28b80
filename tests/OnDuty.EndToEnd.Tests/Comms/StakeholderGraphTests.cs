using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Core;
using Microsoft.Extensions.DependencyInjection;
using OnDuty.EndToEnd.Tests.Pages;
using OnDuty.EndToEnd.Tests.Support;
using OnDuty.Infrastructure.Graph;
using OnDuty.Testing;

namespace OnDuty.EndToEnd.Tests.Comms;

/// <summary>
/// A stakeholder audience that is a Microsoft 365 group (<c>group:stakeholders@contoso.example</c>, with a nested group),
/// expanded through a loopback Graph that pages <c>transitiveMembers</c> with <c>@odata.nextLink</c>, and told through
/// Graph <c>sendMail</c> with the readers in <c>bccRecipients</c>.
/// </summary>
public sealed class StakeholderGraphTests : IAsyncLifetime
{
    private const string MasterKey = "e2e-comms-graph-key";
    private const string Mailbox = "onduty@contoso.example";

    private static readonly List<string> Direct = [.. Enumerable.Range(0, 30).Select(i => $"direct{i:00}@contoso.example")];
    private static readonly List<string> Nested = [.. Enumerable.Range(0, 30).Select(i => $"nested{i:00}@contoso.example")];

    private LoopbackGraphServer _graph = null!;
    private OwnApp _app = null!;

    private HostedApp _host => _app.Host;

    public async Task InitializeAsync()
    {
        _graph = await LoopbackGraphServer.StartAsync();
        _graph.PageSize = 7;
        _graph.AddGroup("g-nested", null, [.. Nested.Select(a => "user:" + a), "user:direct00@contoso.example"]);
        _graph.AddGroup("g-stakeholders", "stakeholders@contoso.example", [.. Direct.Select(a => "user:" + a), "group:g-nested", "device:kiosk"]);
        _app = await OwnApp.StartAsync(
            MasterKey,
            OnDutyAppFixture.BeforeHandoff.AddHours(3),
            new Dictionary<string, string?>
            {
                ["Email:Provider"] = "Graph",
                ["Email:Graph:Mailbox"] = Mailbox,
                ["Graph:BaseUrl"] = _graph.BaseUrl,
                ["Graph:TenantId"] = "11111111-2222-3333-4444-555555555555",
                ["Graph:ClientId"] = "66666666-7777-8888-9999-000000000000",
                ["Graph:ClientSecret"] = "never-used-the-credential-is-replaced",
                ["Comms:Audiences:company:Members:0"] = "group:stakeholders@contoso.example",
                ["Comms:Audiences:company:Language"] = "ja",
                ["Comms:BySeverity:Sev2:0"] = "company",
            },
            services => services.AddKeyedSingleton<TokenCredential>(GraphClientProvider.CredentialKey, new StaticTokenCredential(LoopbackGraphServer.Token)),
            smtp: false);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _graph.DisposeAsync();
    }

    [Fact]
    public async Task Declare_GroupAudience_ExpandedTransitivelyOverEveryPageAndToldInBcc()
    {
        using var created = await _host.Client.PostAsJsonAsync("api/incidents", new { title = "決済画面が開かない", severity = "sev2", by = "sato" });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await _host.SettleAsync(() => Task.FromResult(_graph.Requests.Count));

        var notices = _graph.Mail.Where(m => m.Headers.TryGetValue("X-OnDuty-Message", out var h) && h.StartsWith($"incident:{id}:notice:1:email:", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, notices.Count); // 60 readers: 50 + 10
        Assert.All(notices, m => Assert.Equal([Mailbox], m.To));
        Assert.All(notices, m => Assert.Equal($"【障害・調査中】{id} 決済画面が開かない", m.Subject));
        Assert.Equal(Direct.Concat(Nested).Order(StringComparer.Ordinal), notices.SelectMany(m => m.Bcc).Order(StringComparer.Ordinal));
        var pages = _graph.Requests.Where(r => r.Target.Contains("/transitiveMembers", StringComparison.Ordinal)).ToList();
        Assert.True(pages.Count >= 9, $"{pages.Count} pages");
        Assert.Contains(pages, p => p.Target.Contains("$skiptoken=", StringComparison.Ordinal));
    }

    /// <summary>
    /// The declare form counts the group's people, read through Graph as the notice will reach them (60, each once), in the reader
    /// note of the English form; before, it named the group as one entry (「group stakeholders@contoso.example」).
    /// </summary>
    [Fact]
    public async Task DeclareForm_GroupAudience_CountsItsPeopleReadThroughGraph()
    {
        using var browser = new PageBrowser(_host.BaseAddress);
        var (response, form) = await browser.GetAsync("api/incidents/new?lang=en");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(
            "<p class=\"readers\" id=\"readers\">Declared as SEV2, its notices also reach Japanese readers (company: 60 addresses). The title and what you write reach them as typed (nothing is translated).</p>",
            form, StringComparison.Ordinal);
        Assert.Contains(_graph.Requests, r => r.Target.Contains("/transitiveMembers", StringComparison.Ordinal));
    }
}
