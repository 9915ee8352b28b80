using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace OnDuty.Core.Incidents;

/// <summary>
/// Group commit for a storm's repeats. A delivery this instance knows to repeat an open incident's firing alerts is written to
/// the instance's inbox (<see cref="IAlertInbox"/>) together with the deliveries of the other requests waiting at that moment,
/// in one transaction, and its request is answered once that committed: accepted and durable for a fraction of a storage call.
/// A loop then applies what was accepted, an incident at a time: one read of the record and one append of the repeats, however
/// many deliveries came for it meanwhile; a delivery the record no longer bears out (another instance or a person changed the
/// incident) takes the full path then. Applied deliveries are removed from the inbox; those of an instance that died are
/// applied by <see cref="SweepAsync"/> (the escalation run, every minute).
/// </summary>
/// <remarks>
/// Before a delivery of a group takes the full path (a new alert, a resolve), the group's accepted repeats are applied first
/// (<see cref="SettleGroupAsync"/>), so on one instance the order a sender sent in is the order applied: a repeat accepted
/// before a resolve never reopens the incident after it.
/// </remarks>
internal sealed class RepeatJournal(IAlertInbox inbox, Func<IReadOnlyList<InboxDelivery>, CancellationToken, Task> applyIncident, TimeProvider time, ILogger logger)
{
    /// <summary>How long the apply loop lets deliveries gather after the first: the longer, the more repeats share one read and one write.</summary>
    internal static readonly TimeSpan GatherDelay = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// The gather in a storm (the last pass applied at least <see cref="StormDeliveries"/>): with 50 groups repeating a thousand
    /// times a second, 0.1 s gathers about three repeats per incident per read and write, 0.4 s a dozen; the repeats' timeline
    /// rows appear that much later (a resolve or a new alert of the group still applies them first, at once).
    /// </summary>
    internal static readonly TimeSpan StormGatherDelay = TimeSpan.FromMilliseconds(400);

    internal const int StormDeliveries = 50;

    /// <summary>Deliveries older than this in another instance's inbox belong to an instance that died before applying them.</summary>
    internal static readonly TimeSpan OrphanAge = TimeSpan.FromMinutes(2);

    /// <summary>
    /// An unreadable delivery still unread this long after it was accepted is set aside (<see cref="IAlertInbox.SetAsideAsync"/>):
    /// a rolling deploy's builds have met it by then. Until then it stays for a build that can read it.
    /// </summary>
    internal static readonly TimeSpan SetAsideAfter = TimeSpan.FromHours(1);

    /// <summary>How often an instance's sweep tries the deliveries set aside again (a build that reads them may have come).</summary>
    internal static readonly TimeSpan SetAsideRetryEvery = TimeSpan.FromHours(1);

    private DateTimeOffset _setAsideTried = DateTimeOffset.MinValue;

    /// <summary>How long a delivery taking the full path waits for its group's accepted repeats to be applied before answering 503.</summary>
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Incidents applied at once: each is a read and an append, so a pass over a storm's incidents overlaps their round trips.</summary>
    private const int ApplyParallelism = 4;

    /// <summary>Characters of notifications in one transaction at most (a transaction holds 4 MiB).</summary>
    private const int MaxCharsPerAppend = 1_000_000;

    private readonly string _name = Guid.NewGuid().ToString("n");
    private readonly Channel<Commit> _commits = Channel.CreateUnbounded<Commit>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _gate = new();

    /// <summary>Committed and not yet taken to be applied, in accept order.</summary>
    private readonly List<InboxDelivery> _accepted = [];

    /// <summary>Per group: deliveries accepted (committing, committed or being applied) and not yet applied.</summary>
    private readonly Dictionary<(string Source, string GroupKey), int> _pending = [];

    /// <summary>The same deliveries by id: their group, and when each was accepted.</summary>
    private readonly Dictionary<string, ((string Source, string GroupKey) Group, DateTimeOffset AcceptedAt)> _unapplied = new(StringComparer.Ordinal);

    /// <summary>Applied, still to be removed from the inbox (a failed removal is tried again with the next).</summary>
    private readonly List<InboxDelivery> _applied = [];
    private readonly SemaphoreSlim _wake = new(0);
    private long _sequence;
    private int _started;
    private int _lastPass;

    private sealed record Commit(InboxDelivery Delivery, TaskCompletionSource Done);

    /// <summary>
    /// Stores the delivery with those of the requests waiting alongside; returns once it is durable (throws when storage refused).
    /// Once stored, the journal keeps only <paramref name="repeat"/> of it until it is applied; the notification is read back
    /// from the inbox in the rare case it takes the full path.
    /// </summary>
    public async Task AcceptAsync(string source, string groupKey, string incidentId, long alertVersion, string notification, AcceptedRepeat repeat, CancellationToken cancellationToken)
    {
        Start();
        var now = time.GetUtcNow();
        var delivery = new InboxDelivery
        {
            Inbox = _name,
            Id = $"{now.UtcTicks:D19}|{Interlocked.Increment(ref _sequence):D12}",
            IncidentId = incidentId,
            AlertVersion = alertVersion,
            AcceptedAt = now,
            Notification = notification,
            Repeat = repeat,
        };
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _pending[(source, groupKey)] = _pending.GetValueOrDefault((source, groupKey)) + 1;
            _unapplied[delivery.Id] = ((source, groupKey), now);
        }

        _commits.Writer.TryWrite(new Commit(delivery, done));

        // Not cancelled by the request: once handed over, the delivery commits or fails for everyone in its transaction.
        await done.Task.ConfigureAwait(false);
    }

    /// <summary>Deliveries accepted and not yet applied, and when the oldest of them was accepted.</summary>
    public (int Count, DateTimeOffset? Oldest) Backlog
    {
        get
        {
            lock (_gate)
            {
                return (_unapplied.Count, _unapplied.Count == 0 ? null : _unapplied.Values.Min(u => u.AcceptedAt));
            }
        }
    }

    /// <summary>Applies the group's accepted repeats now, and waits for those still committing or being applied by the loop.</summary>
    public async Task SettleGroupAsync(string source, string groupKey, CancellationToken cancellationToken)
    {
        var until = DateTime.UtcNow + SettleTimeout; // real time: this waits for work in flight in this process
        while (Pending(source, groupKey) > 0)
        {
            // The request's token ends its wait, never the apply: deliveries taken are applied (or put back) whoever left.
            await ApplyAsync(d => _unapplied.GetValueOrDefault(d.Id).Group == (source, groupKey)).WaitAsync(cancellationToken).ConfigureAwait(false);
            if (Pending(source, groupKey) == 0)
            {
                return;
            }

            if (DateTime.UtcNow > until)
            {
                throw new Common.ContentionException($"Repeats of alert group '{groupKey}' are still being applied; retry.");
            }

            await Task.Delay(5, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Everything accepted so far applied and removed from the inbox (tests; an orderly stop).</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            await ApplyAsync(_ => true).WaitAsync(cancellationToken).ConfigureAwait(false);
            int pending, unremoved;
            lock (_gate)
            {
                pending = _pending.Values.Sum();
                unremoved = _applied.Count;
            }

            if (pending == 0 && unremoved == 0)
            {
                return;
            }

            await Task.Delay(5, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Applies and removes deliveries other instances accepted more than <see cref="OrphanAge"/> ago and never applied (they died); returns how many.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var orphans = (await inbox.ListAcceptedBeforeAsync(time.GetUtcNow() - OrphanAge, 1000, cancellationToken).ConfigureAwait(false))
            .Where(d => d.Inbox != _name)
            .ToList();
        var applied = 0;
        var now = time.GetUtcNow();
        foreach (var incident in orphans.GroupBy(d => d.IncidentId, StringComparer.Ordinal))
        {
            // Each incident on its own: one whose deliveries fail (storage, contention, a row this build cannot read) must not
            // hold back the others', nor the escalation run this sweep goes before. What failed stays in the inbox for the next.
            var deliveries = InAcceptOrder(incident);
            List<InboxDelivery> unreadable = [];
            string? why = null;
            try
            {
                if (await ApplyReadableAsync(deliveries, cancellationToken).ConfigureAwait(false) is { } ex)
                {
                    unreadable = [.. deliveries.Where(d => ex.DeliveryIds.Contains(d.Id, StringComparer.Ordinal))];
                    deliveries.RemoveAll(unreadable.Contains);
                    why = ex.InnerException?.Message ?? ex.Message;
                    logger.LogError(ex, "Incident {IncidentId}: {Count} alert deliveries an instance accepted cannot be read by this build ({Ids})", incident.Key, ex.DeliveryIds.Count, string.Join(", ", ex.DeliveryIds));
                }

                await inbox.RemoveAsync(deliveries, cancellationToken).ConfigureAwait(false);
                applied += deliveries.Count;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogError(ex, "Applying {Count} alert deliveries a stopped instance accepted for incident {IncidentId} failed; the next sweep tries again", deliveries.Count, incident.Key);
            }

            // Unread for an hour: set aside, where /api/health reports them, instead of failing every minute without end and
            // (a thousand of them) hiding newer deliveries from the sweep's read. Younger ones wait for a build that reads them.
            var stale = unreadable.Where(d => now - d.AcceptedAt >= SetAsideAfter).ToList();
            if (stale.Count > 0)
            {
                try
                {
                    await inbox.SetAsideAsync(stale, why!, cancellationToken).ConfigureAwait(false);
                    logger.LogError("Incident {IncidentId}: {Count} alert deliveries unread for over {Hours} h set aside as unreadable ({Ids}): {Error}", incident.Key, stale.Count, SetAsideAfter.TotalHours, string.Join(", ", stale.Select(d => d.Id)), why);
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    logger.LogError(ex, "Setting aside {Count} unreadable alert deliveries of incident {IncidentId} failed; the next sweep tries again", stale.Count, incident.Key);
                }
            }
        }

        if (now - _setAsideTried >= SetAsideRetryEvery)
        {
            _setAsideTried = now;
            applied += await RetrySetAsideAsync(cancellationToken).ConfigureAwait(false);
        }

        if (applied > 0)
        {
            logger.LogWarning("Applied {Count} alert deliveries that an instance accepted and did not apply (it stopped)", applied);
        }

        return applied;
    }

    /// <summary>
    /// Tries the deliveries set aside as unreadable again, an incident at a time: those this build reads are applied and leave
    /// the set-aside rows (a deploy rolled back and forward again, say); the others stay, quietly. Returns how many were applied.
    /// </summary>
    private async Task<int> RetrySetAsideAsync(CancellationToken cancellationToken)
    {
        var applied = 0;
        try
        {
            foreach (var incident in (await inbox.ListSetAsideAsync(100, cancellationToken).ConfigureAwait(false)).GroupBy(d => d.IncidentId, StringComparer.Ordinal))
            {
                var deliveries = InAcceptOrder(incident);
                if (await ApplyReadableAsync(deliveries, cancellationToken).ConfigureAwait(false) is { } ex)
                {
                    deliveries.RemoveAll(d => ex.DeliveryIds.Contains(d.Id, StringComparer.Ordinal));
                }

                await inbox.RemoveSetAsideAsync(deliveries, cancellationToken).ConfigureAwait(false);
                applied += deliveries.Count;
                if (deliveries.Count > 0)
                {
                    logger.LogWarning("Incident {IncidentId}: {Count} alert deliveries set aside as unreadable were read and applied now", incident.Key, deliveries.Count);
                }
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Trying the alert deliveries set aside as unreadable again failed; the next hour's sweep tries again");
        }

        return applied;
    }

    private static List<InboxDelivery> InAcceptOrder(IEnumerable<InboxDelivery> deliveries) =>
        [.. deliveries.OrderBy(d => d.AcceptedAt).ThenBy(d => d.Id, StringComparer.Ordinal)];

    /// <summary>Applies one incident's deliveries; those this build cannot read are left unapplied and named by the exception returned (null: all applied).</summary>
    private async Task<UnreadableDeliveriesException?> ApplyReadableAsync(List<InboxDelivery> deliveries, CancellationToken cancellationToken)
    {
        try
        {
            await applyIncident(deliveries, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (UnreadableDeliveriesException ex)
        {
            return ex;
        }
    }

    private int Pending(string source, string groupKey)
    {
        lock (_gate)
        {
            return _pending.GetValueOrDefault((source, groupKey));
        }
    }

    private void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            _ = Task.Run(CommitLoopAsync);
            _ = Task.Run(ApplyLoopAsync);
        }
    }

    /// <summary>One transaction at a time: whatever queued while the last one committed goes in the next (group commit).</summary>
    private async Task CommitLoopAsync()
    {
        var reader = _commits.Reader;
        var batch = new List<Commit>();
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            var chars = 0;
            while (batch.Count < IAlertInbox.MaxPerAppend && reader.TryPeek(out var next) && (batch.Count == 0 || chars + next.Delivery.Notification.Length <= MaxCharsPerAppend))
            {
                reader.TryRead(out _);
                batch.Add(next);
                chars += next.Delivery.Notification.Length;
            }

            IReadOnlyList<InboxDelivery> stored;
            try
            {
                stored = await inbox.AppendAsync([.. batch.Select(c => c.Delivery)], CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                lock (_gate)
                {
                    foreach (var commit in batch)
                    {
                        Settled(commit.Delivery);
                    }
                }

                foreach (var commit in batch)
                {
                    commit.Done.TrySetException(ex);
                }

                continue;
            }

            lock (_gate)
            {
                foreach (var delivery in stored)
                {
                    // Stored: what applying it needs is its Repeat (and its row, to remove it); its notification stays in the row,
                    // not in this process's heap.
                    _accepted.Add(delivery.Repeat is null ? delivery : delivery with { Notification = string.Empty });
                }
            }

            _wake.Release();
            foreach (var commit in batch)
            {
                commit.Done.TrySetResult();
            }
        }
    }

    private async Task ApplyLoopAsync()
    {
        while (true)
        {
            await _wake.WaitAsync().ConfigureAwait(false);
            await Task.Delay(_lastPass >= StormDeliveries ? StormGatherDelay : GatherDelay).ConfigureAwait(false);
            while (_wake.CurrentCount > 0)
            {
                _wake.Wait(0); // everything accepted so far is taken below
            }

            try
            {
                _lastPass = await ApplyAsync(_ => true).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                _lastPass = 0;
                logger.LogError(ex, "Applying accepted alert deliveries failed; retried shortly");
            }
        }
    }

    /// <summary>
    /// Takes the accepted deliveries <paramref name="which"/> selects and applies them, an incident at a time in accept order.
    /// An incident whose apply fails keeps its deliveries for the next pass (they are durable in the inbox meanwhile).
    /// Returns how many deliveries it took.
    /// </summary>
    private async Task<int> ApplyAsync(Func<InboxDelivery, bool> which)
    {
        // Never cancelled: what is taken out of _accepted below is applied, or put back, whoever asked for it left.
        var cancellationToken = CancellationToken.None;
        List<InboxDelivery> taken;
        lock (_gate)
        {
            taken = [.. _accepted.Where(which)];
            if (taken.Count == 0 && _applied.Count == 0)
            {
                return 0;
            }

            var takenSet = taken.ToHashSet(ReferenceEqualityComparer.Instance);
            _accepted.RemoveAll(takenSet.Contains);
        }

        var failed = false;
        var incidents = taken.GroupBy(d => d.IncidentId, StringComparer.Ordinal).Select(g => g.ToList()).ToList();
        await Parallel.ForEachAsync(incidents, new ParallelOptions { MaxDegreeOfParallelism = ApplyParallelism, CancellationToken = cancellationToken }, async (deliveries, ct) =>
        {
            try
            {
                await applyIncident(deliveries, ct).ConfigureAwait(false);
                lock (_gate)
                {
                    foreach (var delivery in deliveries)
                    {
                        Settled(delivery);
                    }

                    _applied.AddRange(deliveries);
                }
            }
            catch (UnreadableDeliveriesException ex)
            {
                // The readable ones were applied. The unreadable ones stop holding their group back and stay in the inbox (not
                // removed), where the sweep of an instance whose build reads them applies them once this one has stopped.
                logger.LogError(ex, "Incident {IncidentId}: {Count} accepted alert deliveries cannot be read; left in the inbox ({Ids})", deliveries[0].IncidentId, ex.DeliveryIds.Count, string.Join(", ", ex.DeliveryIds));
                lock (_gate)
                {
                    foreach (var delivery in deliveries)
                    {
                        Settled(delivery);
                    }

                    _applied.AddRange(deliveries.Where(d => !ex.DeliveryIds.Contains(d.Id, StringComparer.Ordinal)));
                }
            }
            catch (Exception ex)
            {
                lock (_gate)
                {
                    _accepted.InsertRange(0, deliveries);
                }

                failed = true;
                logger.LogWarning("Applying {Count} accepted alert deliveries to incident {IncidentId} failed ({Error}); tried again shortly", deliveries.Count, deliveries[0].IncidentId, ex.Message);
            }
        }).ConfigureAwait(false);

        await RemoveAppliedAsync(cancellationToken).ConfigureAwait(false);
        if (failed)
        {
            _ = Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None).ContinueWith(_ => _wake.Release(), TaskScheduler.Default);
        }

        return taken.Count;
    }

    private async Task RemoveAppliedAsync(CancellationToken cancellationToken)
    {
        List<InboxDelivery> removing;
        lock (_gate)
        {
            removing = [.. _applied];
            _applied.Clear();
        }

        if (removing.Count == 0)
        {
            return;
        }

        try
        {
            await inbox.RemoveAsync(removing, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning("Removing {Count} applied alert deliveries from the inbox failed ({Error}); tried again with the next", removing.Count, ex.Message);
            lock (_gate)
            {
                _applied.AddRange(removing);
            }
        }
    }

    /// <summary>Under <see cref="_gate"/>: the delivery no longer holds its group back.</summary>
    private void Settled(InboxDelivery delivery)
    {
        if (_unapplied.Remove(delivery.Id, out var unapplied))
        {
            var group = unapplied.Group;
            var left = _pending.GetValueOrDefault(group) - 1;
            if (left > 0)
            {
                _pending[group] = left;
            }
            else
            {
                _pending.Remove(group);
            }
        }
    }
}
