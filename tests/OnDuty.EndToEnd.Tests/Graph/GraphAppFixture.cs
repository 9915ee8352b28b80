using System.Net;
using System.Net.Http.Headers;
using Azure.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OnDuty.EndToEnd.Tests.Support;
using OnDuty.Infrastructure.Graph;
using OnDuty.LocalHost;
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

    private string? _settingsFile;

    public FakeTimeProvider Time { get; } = new(OnDutyAppFixture.BeforeHandoff);

    public AzuriteProcess Azurite { get; private set; } = null!;

    public LoopbackGraphServer Graph { get; private set; } = null!;

    public WebApplication App { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var azurite = AzuriteProcess.StartAsync();
        Graph = await LoopbackGraphServer.StartAsync();
        Azurite = await azurite;
        _settingsFile = Path.Combine(Path.GetTempPath(), $"onduty-e2e-graph-{Guid.NewGuid():n}.json");
        await File.WriteAllTextAsync(_settingsFile, "{\"IsEncrypted\":false,\"Values\":{}}");

        App = LocalHostApp.Build(
            ["--settings", _settingsFile],
            services =>
            {
                services.AddSingleton<TimeProvider>(Time);
                services.AddKeyedSingleton<TokenCredential>(GraphClientProvider.CredentialKey, new StaticTokenCredential(LoopbackGraphServer.Token));
            },
            SampleSettings.Values(new Dictionary<string, string?>
            {
                ["urls"] = "http://127.0.0.1:0",
                ["Storage:ConnectionString"] = Azurite.ConnectionString,
                ["Team:Language"] = "ja",
                ["Team:SeedDemo"] = "true",
                ["Email:Provider"] = "Graph",
                ["Email:Graph:Mailbox"] = Mailbox,
                ["Graph:BaseUrl"] = Graph.BaseUrl,
                ["Graph:TenantId"] = "11111111-2222-3333-4444-555555555555",
                ["Graph:ClientId"] = "66666666-7777-8888-9999-000000000000",
                ["Graph:ClientSecret"] = "never-used-the-credential-is-replaced",
                ["LocalHost:MasterKey"] = MasterKey,
                ["LocalHost:DisableTimers"] = "true",
            }));
        await App.StartAsync();
        var address = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Client = new HttpClient { BaseAddress = new Uri(address.TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(60) };
        Client.DefaultRequestHeaders.Add("x-functions-key", MasterKey);
        Client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        await WaitForHealthyAsync(TimeSpan.FromSeconds(60));
    }

    public async Task RunFunctionAsync(string name)
    {
        using var response = await Client.PostAsync($"admin/functions/{name}", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{name}: {(int)response.StatusCode} {body}");
    }

    /// <summary>Moves the clock to 5 minutes after the next Monday 10:00 Tokyo handoff and returns that week's ISO label.</summary>
    public string AdvanceToNextHandoff()
    {
        var tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
        var now = Time.GetUtcNow();
        var local = TimeZoneInfo.ConvertTime(now, tokyo);
        var monday = local.Date.AddDays(((int)DayOfWeek.Monday - (int)local.DayOfWeek + 7) % 7);
        var handoff = new DateTimeOffset(monday.AddHours(10), TimeSpan.FromHours(9));
        if (handoff.AddMinutes(5) <= now)
        {
            handoff = handoff.AddDays(7);
        }

        Time.SetUtcNow(handoff.AddMinutes(5));
        return $"{System.Globalization.ISOWeek.GetYear(handoff.DateTime)}-W{System.Globalization.ISOWeek.GetWeekOfYear(handoff.DateTime):00}";
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (App is not null)
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }

        await Task.WhenAll(
            Graph is null ? Task.CompletedTask : Graph.DisposeAsync().AsTask(),
            Azurite is null ? Task.CompletedTask : Azurite.DisposeAsync().AsTask());
        if (_settingsFile is not null)
        {
            File.Delete(_settingsFile);
        }
    }

    private async Task WaitForHealthyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            using var response = await Client.GetAsync("api/health");
            last = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("OnDuty did not become healthy: " + last);
    }
}

[CollectionDefinition(Name)]
public sealed class GraphAppCollection : ICollectionFixture<GraphAppFixture>
{
    public const string Name = "OnDuty app on Graph";
}
