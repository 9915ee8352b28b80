using Microsoft.Extensions.Logging;
using OnDuty.Core.Alerts;

namespace OnDuty.Core.Maintenance;

/// <summary>
/// Which maintenance window, if any, holds the pages of an incident a delivery opens. Answered from this instance's copy of
/// the windows, read again when older than <see cref="Freshness"/> (one query of a small table): a change made through this
/// instance is seen at once (<see cref="Forget"/>), one made through another within five seconds. A window ended early
/// elsewhere can still hold an incident opened here in those seconds: <see cref="MaintenanceService.ReleaseEndedAsync"/> (every
/// escalation run) releases it. When the windows cannot be read, nothing is held: a page too many, never one missing.
/// </summary>
public sealed class MaintenanceCalendar(IMaintenanceWindowStore store, TimeProvider time, ILogger<MaintenanceCalendar> logger)
{
    public static readonly TimeSpan Freshness = TimeSpan.FromSeconds(5);

    private readonly Lock _gate = new();
    private Known? _known;
    private Task<Known>? _loading;
    private long _generation;

    /// <summary>
    /// The window active at <paramref name="at"/> that covers every firing alert of <paramref name="notification"/> (the one ending
    /// last, when several do); null when none does, when nothing fires, or when the windows cannot be read.
    /// </summary>
    public async Task<MaintenanceWindow?> HoldingAsync(AlertNotification notification, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var firing = notification.Alerts.Where(a => a.Status == AlertStatus.Firing).ToList();
        if (firing.Count == 0)
        {
            return null;
        }

        IReadOnlyList<MaintenanceWindow> windows;
        try
        {
            windows = await WindowsAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning("Maintenance windows could not be read ({Error}); the incident pages as usual", ex.Message);
            return null;
        }

        var source = notification.Source.ToRouteName();
        return windows
            .Where(w => w.IsActiveAt(at) && firing.All(a => w.Covers(source, a)))
            .OrderByDescending(w => w.Until)
            .FirstOrDefault();
    }

    /// <summary>A window changed through this instance: the next question reads them again.</summary>
    public void Forget()
    {
        lock (_gate)
        {
            _known = null;
            _loading = null;
            _generation++;
        }
    }

    private Task<Known> LoadAsync()
    {
        lock (_gate)
        {
            if (_known is { } known && time.GetElapsedTime(known.ReadAt) < Freshness)
            {
                return Task.FromResult(known);
            }

            // Requests arriving together share one read.
            if (_loading is { IsCompleted: false } loading)
            {
                return loading;
            }

            var started = ReadAsync(_generation, CancellationToken.None); // shared: one request cancelled must not fail the others' read
            _loading = started;
            return started;
        }
    }

    private async Task<IReadOnlyList<MaintenanceWindow>> WindowsAsync(CancellationToken cancellationToken) =>
        (await LoadAsync().WaitAsync(cancellationToken)).Windows;

    /// <param name="generation">Forgotten since it started (a change made here meanwhile): its answer is used once, never kept.</param>
    private async Task<Known> ReadAsync(long generation, CancellationToken cancellationToken)
    {
        var readAt = time.GetTimestamp();
        var now = time.GetUtcNow();
        var windows = (await store.ListAsync(cancellationToken)).Select(v => v.Value).Where(w => w.Until > now).ToList();
        var known = new Known(readAt, windows);
        lock (_gate)
        {
            if (generation == _generation)
            {
                _known = known;
            }
        }

        return known;
    }

    private sealed record Known(long ReadAt, IReadOnlyList<MaintenanceWindow> Windows);
}
