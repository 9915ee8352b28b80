using OnDuty.Core.Maintenance;
using OnDuty.Testing.Contracts;

namespace OnDuty.Core.Tests.Fakes;

/// <summary>The in-memory fake the Core tests use passes the same contract as its table-storage twin.</summary>
public sealed class InMemoryMaintenanceWindowStoreTests : MaintenanceWindowStoreContract
{
    protected override Task<IMaintenanceWindowStore> CreateStoreAsync() => Task.FromResult<IMaintenanceWindowStore>(new InMemoryMaintenanceWindowStore());
}
