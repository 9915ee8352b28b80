using OnDuty.Core.Heartbeats;
using OnDuty.Testing.Contracts;

namespace OnDuty.Core.Tests.Fakes;

/// <summary>The in-memory fake the Core tests use passes the same contract as its table-storage twin.</summary>
public sealed class InMemoryHeartbeatStoreTests : HeartbeatStoreContract
{
    protected override Task<IHeartbeatStore> CreateStoreAsync() => Task.FromResult<IHeartbeatStore>(new InMemoryHeartbeatStore());
}
