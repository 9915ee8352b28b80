using System.Collections.Concurrent;
using OnDuty.Core.Team;

namespace OnDuty.Core.Rotations;

/// <summary>
/// What "who is on duty now" is computed from (the rotation, its overrides and frozen shifts, the roster and leave), kept per
/// instance so the answer needs no storage read; and the roster's members alone (<see cref="GetMembersAsync"/>), for the pages
/// to know which member a signed-in visitor is without a read per view, and those taken off it (<see cref="GetFormerMembersAsync"/>),
/// for the pages to name them. A change written through this instance drops every
/// entry at once (the repositories are wrapped: <see cref="ScheduleChangeTrackingRotationRepository"/>,
/// <see cref="ScheduleChangeTrackingRosterRepository"/>); a change written by another instance is seen within <see cref="MaxAge"/>.
/// An entry past half its age is reloaded in the background while it is still served, so a steady stream of requests never
/// waits for storage.
/// </summary>
public sealed class ScheduleInputCache
{
    private readonly TimeProvider _elapsed;
    /// <summary>How long another instance's change may stay unseen here.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);

    /// <summary>The members' entry: '#' is in no rotation id (a slug), so it is nobody's schedule.</summary>
    private const string MembersKey = "#members";

    /// <summary>The entry of those taken off the roster (<see cref="GetFormerMembersAsync"/>).</summary>
    private const string FormerKey = "#former";

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

    public Task<ScheduleInput> GetAsync(string rotationId, Func<CancellationToken, Task<ScheduleInput>> load, CancellationToken cancellationToken) =>
        GetAsync<ScheduleInput>(rotationId, load, cancellationToken);

    /// <summary>
    /// Every member on the roster (active or not), as <paramref name="load"/> reads them: for knowing who a visitor is, never for
    /// whether they may act (that reads the roster itself). A load that fails throws, and nothing is kept.
    /// </summary>
    public Task<IReadOnlyList<Member>> GetMembersAsync(Func<CancellationToken, Task<IReadOnlyList<Member>>> load, CancellationToken cancellationToken) =>
        GetAsync(MembersKey, load, cancellationToken);

    /// <summary>
    /// Everyone taken off the roster (<see cref="FormerMember"/>), as <paramref name="load"/> reads them: for the pages to name who did
    /// what by the name they had without a read per view. A removal here drops it at once (it deletes the member through the
    /// tracked roster); one on another instance shows within <see cref="MaxAge"/>. A load that fails throws, and nothing is kept.
    /// </summary>
    public Task<IReadOnlyList<FormerMember>> GetFormerMembersAsync(Func<CancellationToken, Task<IReadOnlyList<FormerMember>>> load, CancellationToken cancellationToken) =>
        GetAsync(FormerKey, load, cancellationToken);

    private async Task<T> GetAsync<T>(string key, Func<CancellationToken, Task<T>> load, CancellationToken cancellationToken)
        where T : class
    {
        if (_entries.TryGetValue(key, out var entry) && entry.Value is T value && entry.Generation == Volatile.Read(ref _generation))
        {
            var age = _elapsed.GetElapsedTime(entry.LoadedAt);
            if (age < MaxAge)
            {
                if (age >= MaxAge / 2 && Interlocked.Exchange(ref entry.Refreshing, 1) == 0)
                {
                    _ = RefreshAsync(key, load);
                }

                return value;
            }
        }

        return await LoadAsync(key, load, cancellationToken).ConfigureAwait(false);
    }

    private async Task<T> LoadAsync<T>(string key, Func<CancellationToken, Task<T>> load, CancellationToken cancellationToken)
        where T : class
    {
        // The generation is read before loading: a change made meanwhile leaves this copy marked old, so it is not served.
        var generation = Volatile.Read(ref _generation);
        var loadedAt = _elapsed.GetTimestamp();
        var value = await load(cancellationToken).ConfigureAwait(false);
        _entries[key] = new Entry(value, generation, loadedAt);
        return value;
    }

    private async Task RefreshAsync<T>(string key, Func<CancellationToken, Task<T>> load)
        where T : class
    {
        try
        {
            await LoadAsync(key, load, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The copy still being served ages out; the next request then loads it itself and meets the failure.
        }
    }

    private sealed class Entry(object value, long generation, long loadedAt)
    {
        public object Value { get; } = value;

        public long Generation { get; } = generation;

        public long LoadedAt { get; } = loadedAt;

        public int Refreshing;
    }
}
