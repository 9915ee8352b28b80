using OnDuty.Core.Common;

namespace OnDuty.Core.Maintenance;

/// <summary>Maintenance windows: a small table, read whole.</summary>
public interface IMaintenanceWindowStore
{
    /// <summary>Every window kept (ended ones too, until <see cref="PruneAsync"/> drops them).</summary>
    Task<IReadOnlyList<Versioned<MaintenanceWindow>>> ListAsync(CancellationToken cancellationToken);

    Task<Versioned<MaintenanceWindow>?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>Adds a new window; its id is new (a clash → <see cref="ConcurrencyException"/>).</summary>
    Task<string> AddAsync(MaintenanceWindow window, CancellationToken cancellationToken);

    /// <summary>Replaces the window at <paramref name="etag"/>; changed since → <see cref="ConcurrencyException"/>.</summary>
    Task<string> ReplaceAsync(MaintenanceWindow window, string etag, CancellationToken cancellationToken);

    /// <summary>Deletes windows that ended before <paramref name="endedBefore"/>; returns how many.</summary>
    Task<int> PruneAsync(DateTimeOffset endedBefore, CancellationToken cancellationToken);
}
