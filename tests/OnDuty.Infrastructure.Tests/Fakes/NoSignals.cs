using OnDuty.Core.Notifications;

namespace OnDuty.Infrastructure.Tests.Fakes;

/// <summary>
/// A send queue that signals nothing: what was recorded in the outbox table is a test's subject, or the queue messages a killed
/// process never wrote.
/// </summary>
internal sealed class NoSignals : IOutboxQueue
{
    public Task SignalAsync(IReadOnlyList<string> messageIds, OutboxPriority priority, TimeSpan delay, CancellationToken cancellationToken) => Task.CompletedTask;
}
