using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OnDuty.Core.Common;
using OnDuty.Core.Team;
using OnDuty.Testing;

namespace OnDuty.Infrastructure.Tests.Graph;

public sealed class GraphDirectoryTests : IAsyncLifetime
{
    private const string GroupId = "0f2b6a4c-1d2e-4f50-9a61-7b8c9d0e1f23";
    private const string NestedId = "5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.Zero));
    private LoopbackGraphServer _server = null!;
    private ServiceProvider _services = null!;

    private IGroupDirectory Sut => _services.GetRequiredService<IGroupDirectory>();

    public async Task InitializeAsync()
    {
        _server = await LoopbackGraphServer.StartAsync();
        _server.AddGroup(GroupId, "pm-all@contoso.example",
            "user:sato@contoso.example",
            "device:kiosk-1",
            "upn:liam@contoso.example",
            "group:" + NestedId,
            "user:ito@contoso.example");
        _server.AddGroup(NestedId, null, "user:ito@contoso.example", "user:mori@contoso.example", "device:printer");
        _services = GraphTestServices.Build(_server, _time);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task ExpandGroupAsync_ById_FollowsEveryPageAndKeepsUsersOnce()
    {
        var people = await Sut.ExpandGroupAsync(GroupId, CancellationToken.None);

        Assert.Equal(
            ["sato@contoso.example", "liam@contoso.example", "ito@contoso.example", "mori@contoso.example"],
            people.Select(p => p.Email));
        var pages = _server.Requests.Where(r => r.Target.Contains("/transitiveMembers", StringComparison.Ordinal)).ToList();
        Assert.True(pages.Count >= 3, $"{pages.Count} pages");
        Assert.All(pages, p => Assert.Equal(200, p.Status));
        Assert.Contains("$skiptoken=", pages[^1].Target, StringComparison.Ordinal);
        Assert.Contains("$select=", Uri.UnescapeDataString(pages[0].Target), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FindUserIdAsync_MailThatDiffersFromTheUpn_FindsTheObjectIdByMailAndCachesIt()
    {
        const string ObjectId = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
        _server.AddUser(ObjectId, "o'brien@contoso.example");

        var first = await Sut.FindUserIdAsync("O'Brien@contoso.example", CancellationToken.None);
        var again = await Sut.FindUserIdAsync("o'brien@contoso.example", CancellationToken.None);

        Assert.Equal(ObjectId, first);
        Assert.Equal(ObjectId, again);
        var lookups = _server.Requests.Where(r => r.Target.StartsWith("/v1.0/users?", StringComparison.Ordinal)).ToList();
        Assert.Equal(200, Assert.Single(lookups).Status);
        Assert.Contains("mail eq 'O''Brien@contoso.example'", Uri.UnescapeDataString(lookups[0].Target), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FindUserIdAsync_NobodyWithThatMail_Null()
    {
        Assert.Null(await Sut.FindUserIdAsync("nobody@contoso.example", CancellationToken.None));
    }

    [Fact]
    public async Task ExpandGroupAsync_WithoutUserReadPermission_ReportedNamingThePermissionNotEmpty()
    {
        _server.GrantUserRead(false);

        var ex = await Assert.ThrowsAsync<IncompleteGroupException>(() => Sut.ExpandGroupAsync(GroupId, CancellationToken.None));

        Assert.Equal(4, ex.Unaddressed); // sato, liam, ito (once: nested too, same id), mori — devices are not people
        Assert.Empty(ex.People);
        Assert.Contains("User.ReadBasic.All", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExpandGroupAsync_PermissionGrantedAfterAnIncompleteExpansion_NothingStaleCached()
    {
        _server.GrantUserRead(false);
        await Assert.ThrowsAsync<IncompleteGroupException>(() => Sut.ExpandGroupAsync(GroupId, CancellationToken.None));
        _server.GrantUserRead(true);

        var people = await Sut.ExpandGroupAsync(GroupId, CancellationToken.None);

        Assert.Equal(4, people.Count);
    }

    [Fact]
    public async Task ExpandGroupAsync_ByMail_FindsTheGroupWithAFilter()
    {
        var people = await Sut.ExpandGroupAsync("pm-all@contoso.example", CancellationToken.None);

        Assert.Equal(4, people.Count);
        var find = _server.Requests[0];
        Assert.StartsWith("/v1.0/groups?", find.Target, StringComparison.Ordinal);
        Assert.Contains("mail eq 'pm-all@contoso.example'", Uri.UnescapeDataString(find.Target), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExpandGroupAsync_Again_ServedFromTheCacheUntilItExpires()
    {
        await Sut.ExpandGroupAsync(GroupId, CancellationToken.None);
        var calls = _server.Requests.Count;

        _time.Advance(TimeSpan.FromMinutes(9));
        await Sut.ExpandGroupAsync(GroupId, CancellationToken.None);
        Assert.Equal(calls, _server.Requests.Count);

        _time.Advance(TimeSpan.FromMinutes(2));
        await Sut.ExpandGroupAsync(GroupId, CancellationToken.None);
        Assert.Equal(calls * 2, _server.Requests.Count);
    }

    [Fact]
    public async Task ExpandGroupAsync_UnknownGroup_NotFound()
    {
        await Assert.ThrowsAsync<NotFoundException>(() => Sut.ExpandGroupAsync("9a9a9a9a-0000-4000-8000-000000000000", CancellationToken.None));
        await Assert.ThrowsAsync<NotFoundException>(() => Sut.ExpandGroupAsync("nobody@contoso.example", CancellationToken.None));
    }

    [Fact]
    public async Task ExpandGroupAsync_Throttled_RetriedByTheHandler()
    {
        _server.Throttle(1, retryAfterSeconds: 1);

        var people = await Sut.ExpandGroupAsync(GroupId, CancellationToken.None);

        Assert.Equal(4, people.Count);
        Assert.Equal(429, _server.Requests[0].Status);
    }

    [Fact]
    public async Task ExpandGroupAsync_MoreMembersThanAllowed_Refused()
    {
        await using var services = GraphTestServices.Build(_server, _time, new Dictionary<string, string?> { ["Graph:MaxGroupMembers"] = "2" });

        var ex = await Assert.ThrowsAsync<ValidationException>(() => services.GetRequiredService<IGroupDirectory>().ExpandGroupAsync(GroupId, CancellationToken.None));

        Assert.Contains("Graph__MaxGroupMembers", Assert.Single(ex.Errors["notifyEmails"]));
    }
}
