using OnDuty.Core.Incidents;
using OnDuty.Testing.Contracts;

namespace OnDuty.Core.Tests.Fakes;

/// <summary>The in-memory fake the Core tests use passes the same contract as its table-storage twin.</summary>
public sealed class InMemoryIncidentRepositoryTests : IncidentRepositoryContract
{
    protected override Task<IIncidentRepository> CreateRepositoryAsync() => Task.FromResult<IIncidentRepository>(new InMemoryIncidentRepository());
}
