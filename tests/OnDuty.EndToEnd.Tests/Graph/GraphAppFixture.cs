using Azure.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OnDuty.EndToEnd.Tests.Support;
using OnDuty.Infrastructure.Graph;
using OnDuty.Testing;

namespace OnDuty.EndToEnd.Tests.Graph;

/// <summary>
/// The app configured for Microsoft Graph (<c>Email__Provider=Graph</c>, <c>Graph__BaseUrl</c> = a loopback Graph server):
/// LocalHost on a loopback port, a real Azurite, tokens from a fixed-token credential the fake checks. No SMTP server:
/// every email must go through Graph's sendMail.
/// </summary>
public sealed class GraphAppFixture : IAsyncLifetime
{
    public const string MasterKey = "e2e-graph-master-key";
    public const string Mailbox = "onduty@contoso.example";

    private OwnApp _app = null!;

    private HostedApp _host => _app.Host;

    public FakeTimeProvider Time => _host.Time;

    public AzuriteProcess Azurite => _app.Azurite;

    public LoopbackGraphServer Graph { get; private set; } = null!;

    public WebApplication App => _host.App;

    public HttpClient Client => _host.Client;

    /// <summary>A client with no key (feeds and pages carry their own token).</summary>
    public HttpClient Anonymous => _host.Anonymous;

    public async Task InitializeAsync()
    {
        Graph = await LoopbackGraphServer.StartAsync();
        _app = await OwnApp.StartAsync(
            MasterKey,
            OnDutyAppFixture.BeforeHandoff,
            new Dictionary<string, string?>
            {
                ["Team:Language"] = "ja",
                ["Team:SeedDemo"] = "true",
                ["Email:Provider"] = "Graph",
                ["Email:Graph:Mailbox"] = Mailbox,
                ["Graph:BaseUrl"] = Graph.BaseUrl,
                ["Graph:TenantId"] = "11111111-2222-3333-4444-555555555555",
                ["Graph:ClientId"] = "66666666-7777-8888-9999-000000000000",
                ["Graph:ClientSecret"] = "never-used-the-credential-is-replaced",
            },
            services => services.AddKeyedSingleton<TokenCredential>(GraphClientProvider.CredentialKey, new StaticTokenCredential(LoopbackGraphServer.Token)),
            smtp: false);
    }

    public Task RunFunctionAsync(string name) => _host.RunFunctionAsync(name);

    /// <summary>Waits until the app has finished: the loopback Graph server quiet for a while and nothing due in the outbox.</summary>
    public Task SettleAsync() => _host.SettleAsync(() => Task.FromResult(Graph.Requests.Count));
    /// <inheritdoc cref="HostedApp.WaitForOutboxIdleAsync"/>
    public Task WaitForOutboxIdleAsync(bool allowRetrying = false) => _host.WaitForOutboxIdleAsync(allowRetrying);

    /// <inheritdoc cref="HostedApp.AdvanceAsync"/>
    public Task AdvanceAsync(TimeSpan by) => _host.AdvanceAsync(by);

    /// <inheritdoc cref="HostedApp.SetUtcNowAsync"/>
    public Task SetUtcNowAsync(DateTimeOffset at) => _host.SetUtcNowAsync(at);

    /// <inheritdoc cref="HostedApp.AdvanceToNextHandoffAsync"/>
    public Task<string> AdvanceToNextHandoffAsync() => _host.AdvanceToNextHandoffAsync();

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        if (Graph is not null)
        {
            await Graph.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class GraphAppCollection : ICollectionFixture<GraphAppFixture>
{
    public const string Name = "OnDuty app on Graph";
}
