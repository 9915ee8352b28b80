using Azure.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OnDuty.Infrastructure.Graph;
using OnDuty.Testing;

namespace OnDuty.Infrastructure.Tests.Graph;

/// <summary>The Graph adapters as the app wires them, aimed at a loopback Graph server with a fixed-token credential.</summary>
internal static class GraphTestServices
{
    public static ServiceProvider Build(LoopbackGraphServer server, TimeProvider? time = null, IDictionary<string, string?>? settings = null, string token = LoopbackGraphServer.Token, TokenCredential? credential = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Graph:TenantId"] = "11111111-2222-3333-4444-555555555555",
            ["Graph:ClientId"] = "66666666-7777-8888-9999-000000000000",
            ["Graph:ClientSecret"] = "never-used-the-credential-is-replaced",
            ["Graph:BaseUrl"] = server.BaseUrl,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        services.AddLogging();
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        services.AddKeyedSingleton<TokenCredential>(GraphClientProvider.CredentialKey, credential ?? new StaticTokenCredential(token));
        services.AddOnDutyGraph();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }
}
