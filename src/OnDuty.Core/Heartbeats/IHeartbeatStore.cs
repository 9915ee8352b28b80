using OnDuty.Core.Common;

namespace OnDuty.Core.Heartbeats;

/// <summary>Heartbeats: a small table, read whole by each check.</summary>
public interface IHeartbeatStore
{
    /// <summary>Every heartbeat, by name.</summary>
    Task<IReadOnlyList<Versioned<Heartbeat>>> ListAsync(CancellationToken cancellationToken);

    Task<Versioned<Heartbeat>?> GetAsync(string name, CancellationToken cancellationToken);

    /// <summary>Adds a new heartbeat; one of that name exists → <see cref="ConcurrencyException"/>.</summary>
    Task<string> AddAsync(Heartbeat heartbeat, CancellationToken cancellationToken);

    /// <summary>Replaces the heartbeat at <paramref name="etag"/>; changed or deleted since → <see cref="ConcurrencyException"/>.</summary>
    Task<string> ReplaceAsync(Heartbeat heartbeat, string etag, CancellationToken cancellationToken);

    /// <summary>Deletes it; false when there was none.</summary>
    Task<bool> DeleteAsync(string name, CancellationToken cancellationToken);
}
