using Microsoft.Extensions.DependencyInjection;
using OnDuty.Core.Calendar;
using OnDuty.Testing;
using OnDuty.Testing.Contracts;

namespace OnDuty.Infrastructure.Tests.Tables;

/// <summary>The feed revision contract on Azurite.</summary>
public sealed class TableFeedRevisionStoreTests(AzuriteFixture azurite) : FeedRevisionStoreContract, IClassFixture<AzuriteFixture>
{
    private TablesHarness _harness = null!;

    protected override async Task<IFeedRevisionStore> CreateStoreAsync()
    {
        _harness = await TablesHarness.CreateAsync(azurite.ConnectionString, "feedrevisions");
        return _harness.Services.GetRequiredService<IFeedRevisionStore>();
    }

    public override async Task DisposeAsync() => await _harness.DisposeAsync();
}
