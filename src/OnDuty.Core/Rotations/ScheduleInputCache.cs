using System.Collections.Concurrent;

namespace OnDuty.Core.Rotations;

/// <summary>
/// What "who is on duty now" is computed from (the rotation, its overrides and frozen shifts, the roster and leave), kept per
/// instance so the answer needs no storage read. A change written through this instance drops every entry at once (the
/// repositories are wrapped: <see cref="ScheduleChangeTrackingRotationRepository"/>, <see cref="ScheduleChangeTrackingRosterRepository"/>);
/// a change written by another instance is seen within <see cref="MaxAge"/>. An entry past half its age is reloaded in the
/// background while it is still served, so a steady stream of requests never waits for storage.
/// </summary>
public sealed class ScheduleInputCache
{
    private readonly TimeProvider _elapsed;
    /// <summary>How long another instance's change may stay unseen here.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private long _generation;

    /// <summary>Ages entries in real elapsed time, not the app's clock: it bounds how stale a copy is, whatever time the app thinks it is.</summary>
    public ScheduleInputCache()
        : this(TimeProvider.System)
    {
    }

    internal ScheduleInputCache(TimeProvider elapsed) => _elapsed = elapsed;

    /// <summary>Something a schedule is computed from changed through this instance: nothing loaded before is served again.</summary>
    public void Invalidate()
    {
        Interlocked.Increment(ref _generation);
        _entries.Clear();
    }

    /// <summary>Runs a write to what schedules are computed from, then invalidates (also after a failure: it may have been stored).</summary>
    public async Task<T> TrackWriteAsync<T>(Func<Task<T>> write)
    {
        try
        {
            return await write().ConfigureAwait(false);
        }
        finally
        {
            Invalidate();
        }
    }

    /// <inheritdoc cref="TrackWriteAsync{T}(Func{Task{T}})"/>
    public Task TrackWriteAsync(Func<Task> write) => TrackWriteAsync(async () =>
    {
        await write().ConfigureAwait(false);
        return true;
    });

    public async Task<ScheduleInput> GetAsync(string rotationId, Func<CancellationToken, Task<ScheduleInput>> load, CancellationToken cancellationToken)
    {
        if (_entries.TryGetValue(rotationId, out var entry) && entry.Generation == Volatile.Read(ref _generation))
        {
            var age = _elapsed.GetElapsedTime(entry.LoadedAt);
            if (age < MaxAge)
            {
                if (age >= MaxAge / 2 && Interlocked.Exchange(ref entry.Refreshing, 1) == 0)
                {
                    _ = RefreshAsync(rotationId, load);
                }

                return entry.Input;
            }
        }

        return await LoadAsync(rotationId, load, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ScheduleInput> LoadAsync(string rotationId, Func<CancellationToken, Task<ScheduleInput>> load, CancellationToken cancellationToken)
    {
        // The generation is read before loading: a change made meanwhile leaves this copy marked old, so it is not served.
        var generation = Volatile.Read(ref _generation);
        var loadedAt = _elapsed.GetTimestamp();
        var input = await load(cancellationToken).ConfigureAwait(false);
        _entries[rotationId] = new Entry(input, generation, loadedAt);
        return input;
    }

    private async Task RefreshAsync(string rotationId, Func<CancellationToken, Task<ScheduleInput>> load)
    {
        try
        {
            await LoadAsync(rotationId, load, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The copy still being served ages out; the next request then loads it itself and meets the failure.
        }
    }

    private sealed class Entry(ScheduleInput input, long generation, long loadedAt)
    {
        public ScheduleInput Input { get; } = input;

        public long Generation { get; } = generation;

        public long LoadedAt { get; } = loadedAt;

        public int Refreshing;
    }
}
