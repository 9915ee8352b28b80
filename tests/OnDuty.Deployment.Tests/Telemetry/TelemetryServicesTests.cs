using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OnDuty.Functions.Telemetry;
using OpenTelemetry.Logs;

namespace OnDuty.Deployment.Tests.Telemetry;

/// <summary>
/// The wiring only: the providers are never built here, so no exporter is created and nothing is sent anywhere.
/// </summary>
public sealed class TelemetryServicesTests
{
    [Fact]
    public void AddOnDutyTelemetry_WithoutConnectionString_RegistersNothing()
    {
        var services = new ServiceCollection();

        services.AddOnDutyTelemetry(Configuration([]));

        Assert.DoesNotContain(services, d => d.ServiceType.FullName!.StartsWith("OpenTelemetry", StringComparison.Ordinal));
    }

    [Fact]
    public void AddOnDutyTelemetry_WithConnectionString_ExportsToAzureMonitorWithScopesAndEntraId()
    {
        const string connectionString = "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=http://127.0.0.1:9/";
        var services = new ServiceCollection();

        services.AddOnDutyTelemetry(Configuration(new()
        {
            ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = connectionString,
            ["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"] = "Authorization=AAD",
        }));
        using var provider = services.BuildServiceProvider();

        Assert.True(provider.GetRequiredService<IOptions<OpenTelemetryLoggerOptions>>().Value.IncludeScopes);
        var exporter = provider.GetRequiredService<IOptionsMonitor<AzureMonitorExporterOptions>>().Get(Options.DefaultName);
        Assert.Equal(connectionString, exporter.ConnectionString);
        Assert.IsType<Azure.Identity.ManagedIdentityCredential>(exporter.Credential);
    }

    /// <summary>
    /// The outbox's delivery delay and give-ups are exported with the rest. The meter provider is built here (exporting to a
    /// closed loopback port, nothing kept on disk, no identity asked for a token) to see that it listens to the outbox's meter.
    /// </summary>
    [Fact]
    public void AddOnDutyTelemetry_WithConnectionString_ExportsTheOutboxMetrics()
    {
        var services = new ServiceCollection();
        services.AddOnDutyTelemetry(Configuration(new()
        {
            ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=http://127.0.0.1:9/",
        }));
        services.Configure<AzureMonitorExporterOptions>(options => options.DisableOfflineStorage = true);
        Assert.False(new OnDuty.Core.Notifications.OutboxMetrics().Listened);

        using (var provider = services.BuildServiceProvider())
        {
            _ = provider.GetRequiredService<OpenTelemetry.Metrics.MeterProvider>();

            Assert.True(new OnDuty.Core.Notifications.OutboxMetrics().Listened);
        }
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
