using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OnDuty.Core.Common;
using OnDuty.Core.Team;
using OnDuty.EndToEnd.Tests.Support;

namespace OnDuty.EndToEnd.Tests.Pages;

/// <summary>
/// A confidential incident whose call for help went to the whole organisation (<c>Incidents__OrganisationList</c>): where the directory
/// (Microsoft Graph, <see cref="IGroupDirectory"/>) can expand the list, its members read the incident's page — they were sent its
/// details through the list; a person not on it, or an incident the list was never sent, is refused; a directory that cannot be
/// read lets nobody in by the list (fail closed).
/// </summary>
[Collection(OnDutyAppCollection.Name)]
public sealed class ConfidentialOrganisationListTests(OnDutyAppFixture app) : SignedInHostTests
{
    private const string OrgMember = "planner@onduty-group.example";

    private static readonly ListDirectory Directory = new();

    protected override OnDutyAppFixture App => app;

    protected override Action<IServiceCollection>? Services => services => services.AddSingleton<IGroupDirectory>(Directory);

    private async Task<string> DeclareAsync(string title)
    {
        using var created = await Host.Client.PostAsJsonAsync("api/incidents", new { title, severity = "sev4", by = "ito", confidential = true });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    [Fact]
    public async Task HelpCalledToTheOrganisation_ItsMembersReadIt_OthersAndOtherIncidentsRefused_DirectoryDownRefuses()
    {
        var suffix = Guid.NewGuid().ToString("n")[..6];
        var title = "社内文書の外部共有 " + suffix;
        var called = await DeclareAsync(title);
        var notCalled = await DeclareAsync("別件の非公開障害 " + suffix);
        using (var help = await Host.Client.PostAsJsonAsync($"api/incidents/{called}/help", new { by = "ito" }))
        {
            Assert.True(help.StatusCode == HttpStatusCode.OK, await help.Content.ReadAsStringAsync());
        }

        var reached = (await Host.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{called}/readers")).GetProperty("reached").EnumerateArray()
            .Select(r => r.GetProperty("address").GetString()).ToList();
        Assert.Contains("pm-org@onduty.example", reached);
        Assert.DoesNotContain(OrgMember, reached);

        using var member = SignedIn("Planner Person", OrgMember);
        var (page, html) = await member.GetAsync($"api/incidents/{called}/page?lang=ja");
        Assert.True(page.StatusCode == HttpStatusCode.OK, $"{page.StatusCode}");
        Assert.Contains(title, WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        Assert.Contains("pm-org@onduty.example", Directory.Expanded);

        // The list was never sent the other incident: its member is refused there, as is someone not on the list here.
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync($"api/incidents/{notCalled}/page?lang=ja")).Response.StatusCode);
        using var outsider = SignedIn("Partner Person", "partner@agency.example");
        var (refused, refusedHtml) = await outsider.GetAsync($"api/incidents/{called}/page?lang=ja");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.DoesNotContain(title, WebUtility.HtmlDecode(refusedHtml), StringComparison.Ordinal);

        // The directory cannot be read: nobody is let in by the list.
        Directory.Down = true;
        try
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync($"api/incidents/{called}/page?lang=ja")).Response.StatusCode);
        }
        finally
        {
            Directory.Down = false;
        }
    }

    /// <summary>A directory whose organisation list (<c>pm-org@onduty.example</c>) has one person off the roster; it can be made unreachable.</summary>
    private sealed class ListDirectory : IGroupDirectory
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _expanded = new();

        public bool Down { get; set; }

        public IReadOnlyList<string> Expanded => [.. _expanded];

        public bool Enabled => true;

        public Task<IReadOnlyList<DirectoryPerson>> ExpandGroupAsync(string group, CancellationToken cancellationToken)
        {
            _expanded.Enqueue(group);
            if (Down)
            {
                throw new DependencyUnavailableException("Microsoft Graph", new HttpRequestException("unreachable"));
            }

            return Task.FromResult<IReadOnlyList<DirectoryPerson>>(group.Equals("pm-org@onduty.example", StringComparison.OrdinalIgnoreCase)
                ? [new DirectoryPerson(OrgMember, "Planner Person")]
                : throw new NotFoundException("Group", group));
        }

        public Task<string?> FindUserIdAsync(string mail, CancellationToken cancellationToken) => Task.FromResult<string?>(null);
    }
}
