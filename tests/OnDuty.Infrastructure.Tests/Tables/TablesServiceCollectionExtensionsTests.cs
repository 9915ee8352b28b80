using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OnDuty.Core.Health;
using OnDuty.Core.Notifications;
using OnDuty.Core.Rotations;
using OnDuty.Core.Team;
using OnDuty.Infrastructure.Tables;

namespace OnDuty.Infrastructure.Tests.Tables;

public class TablesServiceCollectionExtensionsTests
{
    [Fact]
    public void AddOnDutyTables_NoEndpoint_FailsAtStartNamingTheSetting()
    {
        using var provider = TablesHarness.BuildProvider(new Dictionary<string, string?>());

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Storage__ConnectionString", ex.Message);
    }

    [Fact]
    public void AddOnDutyTables_BothEndpoints_FailsAtStart()
    {
        using var provider = TablesHarness.BuildProvider(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = "UseDevelopmentStorage=true",
            ["Storage:TableServiceUri"] = "https://account.table.core.windows.net",
        });

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("exactly one", ex.Message);
    }

    [Theory]
    [InlineData("Storage:TablePrefix", "1abc", "Storage__TablePrefix")]
    [InlineData("Storage:TablePrefix", "ab-c", "Storage__TablePrefix")]
    [InlineData("Storage:MaxRetries", "-1", "Storage__MaxRetries")]
    public void AddOnDutyTables_InvalidSetting_FailsAtStartNamingIt(string key, string value, string named)
    {
        using var provider = TablesHarness.BuildProvider(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = "UseDevelopmentStorage=true",
            [key] = value,
        });

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(named, ex.Message);
    }

    /// <summary>Trial day 32a, M5: an AccountKey that is not base64 stopped the start with a bare FormatException; now the setting is named, never the key.</summary>
    [Fact]
    public void AddOnDutyTables_AccountKeyNotBase64_FailsAtStartNamingTheSettingNotTheKey()
    {
        using var provider = TablesHarness.BuildProvider(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = "DefaultEndpointsProtocol=https;AccountName=ondutyprod;AccountKey=s3cr3t!!notbase64;EndpointSuffix=core.windows.net",
        });

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Storage__ConnectionString is not a valid connection string: AccountKey is not valid base64", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddOnDutyTables_ConnectionString_ResolvesEveryPortAsSingleton()
    {
        using var provider = TablesHarness.BuildProvider(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = "UseDevelopmentStorage=true",
            ["Storage:TablePrefix"] = "Dev",
        });
        provider.GetRequiredService<IStartupValidator>().Validate();

        // Wrapped so their writes tell the on-call cache.
        Assert.IsType<ScheduleChangeTrackingRosterRepository>(provider.GetRequiredService<IRosterRepository>());
        Assert.IsType<ScheduleChangeTrackingRotationRepository>(provider.GetRequiredService<IRotationRepository>());
        Assert.Same(provider.GetRequiredService<IRotationRepository>(), provider.GetRequiredService<IRotationRepository>());
        Assert.IsType<TableOutboxStore>(provider.GetRequiredService<IOutboxStore>());
        Assert.Same(provider.GetRequiredService<IOutboxStore>(), provider.GetRequiredService<IOutboxStore>());
        var probe = Assert.Single(provider.GetServices<IHealthProbe>());
        Assert.Same(provider.GetRequiredService<StorageInitializer>(), probe);
        Assert.Equal("DevOutbox", provider.GetRequiredService<OnDutyTables>().Outbox.Name);
    }

    [Fact]
    public void AddOnDutyTables_TableServiceUri_BuildsClientForThatAccount()
    {
        using var provider = TablesHarness.BuildProvider(new Dictionary<string, string?>
        {
            ["Storage:TableServiceUri"] = "https://onduty.table.core.windows.net",
        });
        provider.GetRequiredService<IStartupValidator>().Validate();

        var tables = provider.GetRequiredService<OnDutyTables>();

        Assert.Equal("onduty", tables.Members.AccountName);
        Assert.Equal("Members", tables.Members.Name);
    }
}
