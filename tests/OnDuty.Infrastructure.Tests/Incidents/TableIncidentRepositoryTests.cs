using Microsoft.Extensions.DependencyInjection;
using OnDuty.Core.Incidents;
using OnDuty.Infrastructure.Tests.Tables;
using OnDuty.Testing;
using OnDuty.Testing.Contracts;

namespace OnDuty.Infrastructure.Tests.Incidents;

public sealed class TableIncidentRepositoryTests(AzuriteFixture azurite) : IncidentRepositoryContract, IClassFixture<AzuriteFixture>
{
    private TablesHarness _harness = null!;

    protected override async Task<IIncidentRepository> CreateRepositoryAsync()
    {
        _harness = await TablesHarness.CreateAsync(azurite.ConnectionString, "inc");
        return _harness.Services.GetRequiredService<IIncidentRepository>();
    }

    public override async Task DisposeAsync() => await _harness.DisposeAsync();
}
