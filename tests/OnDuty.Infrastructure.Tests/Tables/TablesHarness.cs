using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OnDuty.Core.Notifications;
using OnDuty.Core.Rotations;
using OnDuty.Core.Team;
using OnDuty.Infrastructure.Tables;
using OnDuty.Testing;

namespace OnDuty.Infrastructure.Tests.Tables;

/// <summary>The table adapters wired through <see cref="TablesServiceCollectionExtensions.AddOnDutyTables"/> against Azurite, with tables of their own.</summary>
public sealed class TablesHarness : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private TablesHarness(ServiceProvider provider, string prefix)
    {
        _provider = provider;
        Prefix = prefix;
    }

    public string Prefix { get; }

    public IServiceProvider Services => _provider;

    public IRosterRepository Roster => _provider.GetRequiredService<IRosterRepository>();

    public IRotationRepository Rotations => _provider.GetRequiredService<IRotationRepository>();

    public IOutboxStore Outbox => _provider.GetRequiredService<IOutboxStore>();

    public StorageInitializer Initializer => _provider.GetRequiredService<StorageInitializer>();

    public OnDutyTables Tables => _provider.GetRequiredService<OnDutyTables>();

    /// <summary>Harness on a unique table prefix, tables created.</summary>
    public static async Task<TablesHarness> CreateAsync(string connectionString, string hint, bool createTables = true, bool memberEmailClaims = true)
    {
        var harness = Build(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = connectionString,
            ["Storage:TablePrefix"] = AzuriteFixture.UniquePrefix(hint),
            ["Storage:MaxRetries"] = "0",
            ["Storage:MemberEmailClaims"] = memberEmailClaims ? "true" : "false",
        });
        if (createTables)
        {
            await harness.Initializer.EnsureTablesAsync(CancellationToken.None);
        }

        return harness;
    }

    /// <summary>A second app instance (its own clients) on the tables of <paramref name="other"/>.</summary>
    public static TablesHarness OnTablesOf(TablesHarness other, string connectionString) => Build(new Dictionary<string, string?>
    {
        ["Storage:ConnectionString"] = connectionString,
        ["Storage:TablePrefix"] = other.Prefix,
        ["Storage:MaxRetries"] = "0",
        ["Storage:MemberEmailClaims"] = "true",
    });

    /// <summary>A second app instance on the tables of <paramref name="other"/> whose storage requests go through <paramref name="tap"/> (no retries: each request is one).</summary>
    public static TablesHarness Tapped(TablesHarness other, string connectionString, StorageTap tap)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = connectionString,
            ["Storage:TablePrefix"] = other.Prefix,
            ["Storage:MaxRetries"] = "0",
            ["Storage:MemberEmailClaims"] = "true",
        };
        var options = new Azure.Data.Tables.TableClientOptions();
        options.Retry.MaxRetries = 0;
        options.AddPolicy(tap, Azure.Core.HttpPipelinePosition.PerRetry);
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .AddLogging()
            .AddOnDutyTables()
            .AddSingleton(new Azure.Data.Tables.TableServiceClient(connectionString, options));
        return new TablesHarness(services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }), other.Prefix);
    }

    /// <summary>Harness whose storage endpoint is a loopback port nothing listens on.</summary>
    public static TablesHarness Unreachable() => Build(new Dictionary<string, string?>
    {
        ["Storage:ConnectionString"] = AzuriteProcess.CreateConnectionString(FreePort.Pick()),
        ["Storage:TablePrefix"] = "unreachable",
        ["Storage:MaxRetries"] = "0",
        ["Storage:NetworkTimeout"] = "00:00:05",
    });

    public static ServiceProvider BuildProvider(IDictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddOnDutyTables()
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public ValueTask DisposeAsync() => _provider.DisposeAsync();

    private static TablesHarness Build(IDictionary<string, string?> settings) =>
        new(BuildProvider(settings), settings["Storage:TablePrefix"]!);
}
