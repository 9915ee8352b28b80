using OnDuty.Core.Notifications;
using OnDuty.Testing.Contracts;

namespace OnDuty.Core.Tests.Fakes;

/// <summary>The in-memory outbox the Core tests use passes the same contract as the table store.</summary>
public sealed class InMemoryOutboxTests : OutboxStoreContract
{
    private readonly InMemoryOutbox _outbox = new();

    protected override Task<IOutboxStore> CreateStoreAsync() => Task.FromResult<IOutboxStore>(_outbox);

    protected override IOutboxStore SecondInstance() => _outbox;
}
