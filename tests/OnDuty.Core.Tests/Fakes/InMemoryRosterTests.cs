using OnDuty.Core.Team;
using OnDuty.Testing.Contracts;

namespace OnDuty.Core.Tests.Fakes;

/// <summary>The in-memory fake the Core tests use passes the same contract as its table-storage twin.</summary>
public sealed class InMemoryRosterTests : RosterRepositoryContract
{
    private readonly InMemoryRoster _roster = new();

    protected override Task<IRosterRepository> CreateRepositoryAsync() => Task.FromResult<IRosterRepository>(_roster);

    protected override Task StoreAsBeforeClaimsAsync(Member member)
    {
        _roster.StoreAsBeforeClaims(member);
        return Task.CompletedTask;
    }
}
