using System.Text.Json;
using System.Text.Json.Serialization;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Testing;

namespace OnDuty.Core.Tests.Fakes;

/// <summary>
/// <see cref="IIncidentRepository"/> in memory with the table adapter's conditional-write semantics: the group claim is a
/// conditional insert (one winner), the record is ETag-guarded (<see cref="ConcurrencyException"/> on a mismatch or a used
/// request key), the timeline is insert-only, Idempotency-Keys are rows of their own. Records are stored as snapshots, so
/// every read hands out a fresh <see cref="Incident"/> as a table read would. Each call yields first, so parallel callers
/// interleave between reads and writes like real requests do.
/// </summary>
internal sealed class InMemoryIncidentRepository : IIncidentRepository
{
    private readonly object _gate = new();
    private readonly Dictionary<string, (IncidentSnapshot Snapshot, string ETag)> _records = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<(TimelineEntry Entry, long Seq)>> _timeline = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, Versioned<TrackedAlert>>> _alerts = new(StringComparer.Ordinal);
    private readonly HashSet<(string Id, string Key)> _requestKeys = [];
    private readonly Dictionary<(string Id, int Step, int Round, string To), DateTimeOffset> _stepClaims = [];
    private readonly Dictionary<string, string> _createRequests = new(StringComparer.Ordinal);
    private readonly Dictionary<int, int> _counters = [];
    private readonly HashSet<string> _open = new(StringComparer.Ordinal);
    private readonly HashSet<string> _board = new(StringComparer.Ordinal);

    /// <summary>The board rows' <c>FirstPage</c> column, as the adapter keeps it: when each listed incident's opening paged.</summary>
    private readonly Dictionary<string, DateTimeOffset> _firstPaged = new(StringComparer.Ordinal);

    /// <summary>The board rows' <c>Recovered</c> column, as the adapter keeps it: when monitoring resolved each unanswered.</summary>
    private readonly Dictionary<string, DateTimeOffset> _recovered = new(StringComparer.Ordinal);
    private readonly Dictionary<int, List<string>> _years = [];

    /// <summary>The lists' copies of the records, as the table adapter keeps them: written with a save that writes summaries, never by <see cref="SaveRecordAloneAsync"/>.</summary>
    private readonly Dictionary<string, IncidentSnapshot> _summaries = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Source, string GroupKey), AlertGroupClaim> _claims = [];
    private readonly Dictionary<(string Source, string GroupKey), LastAlertGroupIncident> _last = [];
    private readonly Dictionary<(string Source, string GroupKey), Dictionary<string, RememberedResolve>> _resolves = [];
    private long _version;
    private long _seq;

    /// <summary>How many records exist (created incidents).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _records.Count;
            }
        }
    }

    /// <summary>Group claims currently held (the <c>open</c> rows).</summary>
    public int OpenGroups
    {
        get
        {
            lock (_gate)
            {
                return _claims.Count;
            }
        }
    }

    public int LastGroups
    {
        get
        {
            lock (_gate)
            {
                return _last.Count;
            }
        }
    }

    public async Task<string> AllocateIdAsync(int year, CancellationToken cancellationToken)
    {
        await Task.Yield();
        lock (_gate)
        {
            var next = _counters.GetValueOrDefault(year) + 1;
            _counters[year] = next;
            return $"INC-{year:D4}-{next:D4}";
        }
    }

    /// <summary>When set, each record read waits for it first: a read in flight for as long as a test wants.</summary>
    public Task? HoldRecordReads { get; set; }

    public async Task<Versioned<Incident>?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await Task.Yield();
        Interlocked.Increment(ref _recordReads);
        if (HoldRecordReads is { } hold)
        {
            await hold.WaitAsync(cancellationToken);
        }

        lock (_gate)
        {
            return _records.TryGetValue(id, out var r) ? new Versioned<Incident>(Incident.Restore(r.Snapshot), r.ETag) : null;
        }
    }

    public async Task<IReadOnlyList<TimelineEntry>> GetTimelineAsync(string id, CancellationToken cancellationToken)
    {
        await Task.Yield();
        lock (_gate)
        {
            return _timeline.TryGetValue(id, out var rows) ? [.. rows.OrderBy(r => r.Entry.At).ThenBy(r => r.Seq).Select(r => r.Entry)] : [];
        }
    }

    public async Task<IReadOnlyList<TimelineEntry>> GetUpdatesAsync(string id, int max, CancellationToken cancellationToken) =>
        [.. (await GetTimelineAsync(id, cancellationToken)).Where(e => e.Kind is TimelineKind.Update or TimelineKind.Resolved or TimelineKind.Reopened).Reverse().Take(max)];

    public async Task<TimelinePage> GetTimelinePageAsync(string id, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        await Task.Yield();
        long? before = null;
        if (continuationToken is not null)
        {
            before = continuationToken.StartsWith('m') && long.TryParse(continuationToken.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture, out var seq)
                ? seq
                : throw new ValidationException("continuationToken", "is not a token this timeline gave");
        }

        lock (_gate)
        {
            var rows = (_timeline.TryGetValue(id, out var all) ? all : [])
                .OrderByDescending(r => r.Entry.At).ThenByDescending(r => r.Seq)
                .SkipWhile(r => before is { } b && r.Seq != b).Skip(before is null ? 0 : 1)
                .ToList();
            var read = new List<(TimelineEntry Entry, long Seq)>();
            var shown = 0;
            foreach (var row in rows)
            {
                read.Add(row);
                shown += row.Entry.Kind == TimelineKind.AlertRepeated ? 0 : 1;
                if (shown >= pageSize || read.Count >= TimelinePage.MaxRowsRead)
                {
                    break;
                }
            }

            return TimelinePage.From(read.Select(r => r.Entry), read.Count < rows.Count ? "m" + read[^1].Seq.ToString(System.Globalization.CultureInfo.InvariantCulture) : null);
        }
    }

    /// <summary>
    /// When set, each read of an incident's alert rows awaits what it returns for the incident's id first: a query in flight (its
    /// record read before it) while other writers go on, as two reads of Table Storage are.
    /// </summary>
    public Func<string, Task?>? BeforeAlertsRead { get; set; }

    public async Task<IReadOnlyList<Versioned<TrackedAlert>>> GetAlertsAsync(string id, CancellationToken cancellationToken)
    {
        await Task.Yield();
        Interlocked.Increment(ref _groupAndAlertReads);
        if (BeforeAlertsRead?.Invoke(id) is { } hold)
        {
            await hold.WaitAsync(cancellationToken);
        }

        lock (_gate)
        {
            return _alerts.TryGetValue(id, out var alerts) ? [.. alerts.Values] : [];
        }
    }

    public async Task<int> RewriteRowsAsync(string id, Func<TimelineEntry, TimelineEntry> timeline, Func<TrackedAlert, TrackedAlert> alert, CancellationToken cancellationToken)
    {
        await Task.Yield();
        lock (_gate)
        {
            var written = 0;
            if (_timeline.TryGetValue(id, out var rows))
            {
                for (var i = 0; i < rows.Count; i++)
                {
                    var entry = timeline(rows[i].Entry);
                    if (!Same(entry, rows[i].Entry))
                    {
                        rows[i] = (entry, rows[i].Seq);
                        written++;
                    }
                }
            }

            if (_alerts.TryGetValue(id, out var alerts))
            {
                foreach (var (key, stored) in alerts.ToList())
                {
                    var rewritten = alert(stored.Value);
                    if (!Same(rewritten, stored.Value))
                    {
                        alerts[key] = new Versioned<TrackedAlert>(rewritten, NextETag());
                        written++;
                    }
                }
            }

            return written;
        }

        // As stored: records holding lists compare by reference, their JSON by content.
        static bool Same<T>(T a, T b) => System.Text.Json.JsonSerializer.Serialize(a) == System.Text.Json.JsonSerializer.Serialize(b);
    }

    public Task<string?> TryCreateAsync(Incident incident, CancellationToken cancellationToken) => TryCreateAsync(incident, [], summaries: true, cancellationToken);

    public async Task<string?> TryCreateAsync(Incident incident, IReadOnlyList<TrackedAlert> alerts, bool summaries, CancellationToken cancellationToken)
    {
        if (alerts.Count > IIncidentRepository.MaxAlertsOnCreate)
        {
            throw new ArgumentException("Too many alerts for one transaction.", nameof(alerts));
        }

        await Task.Yield();
        if (FailCreate?.Invoke(incident) is { } failure)
        {
            throw failure;
        }

        CheckRows(incident, alerts, []);

        lock (_gate)
        {
            if (_records.ContainsKey(incident.Id))
            {
                return null;
            }

            if (alerts.Count > 0)
            {
                _alerts[incident.Id] = alerts.ToDictionary(a => a.DedupKey, a => new Versioned<TrackedAlert>(a, NextETag()), StringComparer.Ordinal);
            }

            var etag = NextETag();
            incident.NextRevision();
            _records[incident.Id] = (incident.ToSnapshot(), etag);
            AppendLocked(incident.Id, incident.PendingTimeline);
            incident.MarkStored();
            if (summaries)
            {
                ListLocked(incident);
            }

            return etag;
        }
    }

    public Task<string> SaveAsync(Incident incident, string etag, string? requestKey, CancellationToken cancellationToken) =>
        SaveAsync(incident, etag, requestKey, summaries: true);

    /// <summary>
    /// The record alone, the summaries left at the version they had: as versions before 2026-11-30 saved the first page's "queued"
    /// mark, so stored summaries can lag their records (tests of what reads them).
    /// </summary>
    public Task<string> SaveRecordAloneAsync(Incident incident, string etag) => SaveAsync(incident, etag, null, summaries: false);

    /// <summary>When set, a save of a record it returns an exception for fails with it, storing nothing (storage failing).</summary>
    public Func<Incident, Exception?>? FailSave { get; set; }

    /// <summary>When set and it returns an exception for the incident, creating it throws that (storage failing mid-intake).</summary>
    public Func<Incident, Exception?>? FailCreate { get; set; }

    private async Task<string> SaveAsync(Incident incident, string etag, string? requestKey, bool summaries)
    {
        await Task.Yield();
        if (FailSave?.Invoke(incident) is { } failure)
        {
            throw failure;
        }

        CheckRows(incident, [], []);

        lock (_gate)
        {
            if (!_records.TryGetValue(incident.Id, out var current))
            {
                throw new NotFoundException("Incident", incident.Id);
            }

            if (current.ETag != etag || (requestKey is not null && _requestKeys.Contains((incident.Id, requestKey))))
            {
                throw ConcurrencyException.ChangedBySomeoneElse($"Incident '{incident.Id}'");
            }

            var next = NextETag();
            incident.NextRevision();
            _records[incident.Id] = (incident.ToSnapshot(), next);
            AppendLocked(incident.Id, incident.PendingTimeline);
            if (summaries)
            {
                ListLocked(incident);
            }

            if (requestKey is not null)
            {
                _requestKeys.Add((incident.Id, requestKey));
            }

            return next;
        }
    }

    public async Task<bool> HasRequestKeyAsync(string id, string requestKey, CancellationToken cancellationToken)
    {
        await Task.Yield();
        lock (_gate)
        {
            return _requestKeys.Contains((id, requestKey));
        }
    }

    public async Task<DateTimeOffset?> TryClaimStepAsync(string id, int step, int round, string? to, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await Task.Yield();
        lock (_gate)
        {
            return _stepClaims.TryAdd((id, step, round, to ?? ""), at) ? null : _stepClaims[(id, step, round, to ?? "")];
        }
    }

    public async Task ReleaseStepClaimAsync(string id, int step, int round, string? to, CancellationToken cancellationToken)
    {
        await Task.Yield();
        lock (_gate)
        {
            _stepClaims.Remove((id, step, round, to ?? ""));
        }
    }

    public async Task AppendTimelineAsync(string id, IReadOnlyList<TimelineEntry> entries, CancellationToken cancellationToken)
    {
        await Task.Yield();
        CheckTimelineRows(id, entries);
        lock (_gate)
        {
            AppendLocked(id, entries);
        }
    }

    /// <summary>
    /// When set, called with the number of each save of alert changes (1, 2, …); true answers it as changed by another writer
    /// meanwhile (nothing stored), as a conflict on a later chunk of a large delivery does.
    /// </summary>
    public Func<int, bool>? RefuseAlertSave { get; set; }

    private int _alertSaves;

    public async Task<string?> TrySaveAlertsAsync(Incident incident, string etag, IReadOnlyList<TrackedAlert> alerts, IReadOnlyList<TimelineEntry> entries, CancellationToken cancellationToken)
    {
        if (RefuseAlertSave?.Invoke(Interlocked.Increment(ref _alertSaves)) == true)
        {
            await Task.Yield();
            return null;
        }

        if (1 + incident.PendingTimeline.Count + alerts.Count + entries.Count > 100)
        {
            throw new ArgumentException("A transaction holds at most 100 rows.", nameof(alerts));
        }

        CheckRows(incident, alerts, entries);

        await Task.Yield();
        lock (_gate)
        {
            if (!_records.TryGetValue(incident.Id, out var stored))
            {
                throw new NotFoundException("Incident", incident.Id);
            }

            if (stored.ETag != etag || alerts.Select(a => a.DedupKey).Distinct(StringComparer.Ordinal).Count() != alerts.Count)
            {
                return null; // changed since read, or a transaction touching a row twice
            }

            var next = NextETag();
            incident.NextRevision();
            _records[incident.Id] = (incident.ToSnapshot(), next);
            AppendLocked(incident.Id, incident.PendingTimeline);
            ListLocked(incident);
            if (!_alerts.TryGetValue(incident.Id, out var rows))
            {
                _alerts[incident.Id] = rows = new Dictionary<string, Versioned<TrackedAlert>>(StringComparer.Ordinal);
            }

            foreach (var alert in alerts)
            {
                rows[alert.DedupKey] = new Versioned<TrackedAlert>(alert, NextETag());
            }

            AppendLocked(incident.Id, entries);
            return next;
        }
    }

    public async Task<string?> TryRemoveAlertsAsync(Incident incident, string etag, IReadOnlyList<string> dedupKeys, CancellationToken cancellationToken)
    {
        if (1 + incident.PendingTimeline.Count + dedupKeys.Count > 100)
        {
            throw new ArgumentException("A transaction holds at most 100 rows.", nameof(dedupKeys));
        }

        await Task.Yield();
        lock (_gate)
        {
            if (!_records.TryGetValue(incident.Id, out var stored) || stored.ETag != etag)
            {
                return null;
            }

            var next = NextETag();
            incident.NextRevision();
            _records[incident.Id] = (incident.ToSnapshot(), next);
            AppendLocked(incident.Id, incident.PendingTimeline);
            ListLocked(incident);
            if (_alerts.TryGetValue(incident.Id, out var rows))
            {
                foreach (var key in dedupKeys)
                {
                    rows.Remove(key);
                }
            }

            return next;
        }
    }

    public async Task SetOpenAsync(string id, bool open, CancellationToken cancellationToken)
    {
        await Task.Yield();
        lock (_gate)
        {
            if (open)
            {
                _open.Add(id);
                _board.Add(id);
            }
            else
            {
                _open.Remove(id);
                _board.Remove(id);
            }
        }
    }

    public async Task ListNewAsync(Incident incident, CancellationToken cancellationToken)
    {
        await SetOpenAsync(incident.Id, true, cancellationToken);
        lock (_gate)
        {
            if (incident.FirstPagedAt is { } at)
            {
                _firstPaged[incident.Id] = at;
            }
        }
    }

    /// <summary>When set and it returns an exception, the storm hold's counts throw it (storage failing for that one query).</summary>
    public Func<Exception?>? FailStormCount { get; set; }

    /// <summary>The storm hold's count queries made (first pages and recoveries), failed ones included (one board query each in the adapter).</summary>
    public int StormCounts => Volatile.Read(ref _stormCounts);

    private int _stormCounts;

    /// <summary>As the adapter: the board's rows whose opening paged at or after <paramref name="since"/>, <paramref name="except"/> left out; with <paramref name="before"/> only those before it (<see cref="StormOrder"/>).</summary>
    public async Task<int> CountFirstPagesAsync(DateTimeOffset since, string? except, int atMost, CancellationToken cancellationToken, DateTimeOffset? before = null)
    {
        await Task.Yield();
        Interlocked.Increment(ref _stormCounts);
        if (FailStormCount?.Invoke() is { } failure)
        {
            throw failure;
        }

        lock (_gate)
        {
            return Math.Min(atMost, _board.Count(id => id != except && _firstPaged.TryGetValue(id, out var at) && at >= since
                && (before is not { } mine || except is null || StormOrder.IsBefore(id, at, except, mine))));
        }
    }

    /// <summary>As the adapter: the board's rows that monitoring resolved unanswered at or after <paramref name="since"/>, <paramref name="except"/> left out.</summary>
    public async Task<int> CountRecoveriesAsync(DateTimeOffset since, string? except, int atMost, CancellationToken cancellationToken, DateTimeOffset? before = null)
    {
        await Task.Yield();
        Interlocked.Increment(ref _stormCounts);
        if (FailStormCount?.Invoke() is { } failure)
        {
            throw failure;
        }

        lock (_gate)
        {
            return Math.Min(atMost, _board.Count(id => id != except && _recovered.TryGetValue(id, out var at) && at >= since
                && (before is not { } mine || except is null || StormOrder.IsBefore(id, at, except, mine))));
        }
    }

    public async Task<IReadOnlyList<string>> ListOpenIdsAsync(CancellationToken cancellationToken)
    {
        await Task.Yield();
        lock (_gate)
        {
            return [.. _open.Order(StringComparer.Ordinal)];
        }
    }

    public async Task<IReadOnlyList<string>> ListIdsOfYearAsync(int year, int max, CancellationToken cancellationToken)
    {
        await Task.Yield();
        lock (_gate)
        {
            return _years.TryGetValue(year, out var ids) ? [.. ids.OrderDescending(StringComparer.Ordinal).Take(max)] : [];
        }
    }

    public async Task<string?> GetCreateRequestAsync(string requestKey, CancellationToken cancellationToken)
    {
        await Task.Yield();
        lock (_gate)
        {
            return _createRequests.GetValueOrDefault(requestKey);
        }
    }

    public async Task<bool> TryBindCreateRequestAsync(string requestKey, string incidentId, CancellationToken cancellationToken)
    {
        await Task.Yield();
        lock (_gate)
        {
            return _createRequests.TryAdd(requestKey, incidentId);
        }
    }

    public async Task<AlertGroupClaim?> GetOpenGroupAsync(string source, string groupKey, CancellationToken cancellationToken)
    {
        await Task.Yield();
        Interlocked.Increment(ref _groupAndAlertReads);
        lock (_gate)
        {
            return _claims.GetValueOrDefault((source, groupKey));
        }
    }

    public async Task<AlertGroupState> GetGroupAsync(string source, string groupKey, CancellationToken cancellationToken)
    {
        await Task.Yield();
        Interlocked.Increment(ref _groupAndAlertReads);
        lock (_gate)
        {
            return new AlertGroupState(_claims.GetValueOrDefault((source, groupKey)), _last.GetValueOrDefault((source, groupKey)),
                _resolves.TryGetValue((source, groupKey), out var resolves) ? new Dictionary<string, RememberedResolve>(resolves, StringComparer.Ordinal) : null);
        }
    }

    public async Task<AlertGroupClaim?> TryClaimGroupAsync(string source, string groupKey, AlertGroupClaim claim, CancellationToken cancellationToken)
    {
        await Task.Yield();
        lock (_gate)
        {
            var stored = claim with { ETag = NextETag() };
            return _claims.TryAdd((source, groupKey), stored) ? stored : null;
        }
    }

    public async Task ReleaseGroupAsync(string source, string groupKey, string claimId, CancellationToken cancellationToken)
    {
        await Task.Yield();
        lock (_gate)
        {
            if (_claims.TryGetValue((source, groupKey), out var open) && open.ClaimId == claimId)
            {
                _claims.Remove((source, groupKey));
            }
        }
    }

    public async Task<bool> TryUpdateGroupAsync(string source, string groupKey, AlertGroupClaim claim, CancellationToken cancellationToken)
    {
        await Task.Yield();
        lock (_gate)
        {
            if (!_claims.TryGetValue((source, groupKey), out var current) || current.ETag != claim.ETag)
            {
                return false;
            }

            _claims[(source, groupKey)] = claim with { ETag = NextETag() };
            return true;
        }
    }

    public async Task CloseGroupAsync(string source, string groupKey, string incidentId, DateTimeOffset resolvedAt, CancellationToken cancellationToken)
    {
        await Task.Yield();
        lock (_gate)
        {
            _last[(source, groupKey)] = new LastAlertGroupIncident(incidentId, resolvedAt);
            if (_claims.TryGetValue((source, groupKey), out var open) && open.IncidentId == incidentId)
            {
                _claims.Remove((source, groupKey));
            }
        }
    }

    public async Task RememberResolvesAsync(string source, string groupKey, IReadOnlyList<KeyValuePair<string, DateTimeOffset>> resolves, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await Task.Yield();
        lock (_gate)
        {
            if (!_resolves.TryGetValue((source, groupKey), out var remembered))
            {
                _resolves[(source, groupKey)] = remembered = new(StringComparer.Ordinal);
            }

            foreach (var (key, endsAt) in resolves.Take(IIncidentRepository.MaxRememberedResolves))
            {
                remembered[key] = new RememberedResolve(endsAt, at);
            }
        }
    }

    /// <summary>Resolves remembered for groups with no incident, all groups together (tests).</summary>
    public int RememberedResolves
    {
        get
        {
            lock (_gate)
            {
                return _resolves.Values.Sum(r => r.Count);
            }
        }
    }

    public async Task<LastAlertGroupIncident?> GetLastGroupAsync(string source, string groupKey, CancellationToken cancellationToken)
    {
        await Task.Yield();
        lock (_gate)
        {
            return _last.GetValueOrDefault((source, groupKey));
        }
    }

    public async Task<int> PurgeGroupsAsync(string source, DateTimeOffset resolvedBefore, DateTimeOffset groupingBefore, CancellationToken cancellationToken)
    {
        await Task.Yield();
        lock (_gate)
        {
            var last = _last.Where(l => l.Key.Item1 == source && l.Value.ResolvedAt < resolvedBefore).Select(l => l.Key).ToList();
            var grouping = _claims.Where(c => c.Key.Item1 == source + "+grouping" && c.Value.ClaimedAt < groupingBefore).Select(c => c.Key).ToList();
            last.ForEach(k => _last.Remove(k));
            grouping.ForEach(k => _claims.Remove(k));
            var resolves = 0;
            foreach (var (group, remembered) in _resolves.Where(r => r.Key.Source == source))
            {
                foreach (var key in remembered.Where(r => r.Value.RememberedAt < resolvedBefore).Select(r => r.Key).ToList())
                {
                    remembered.Remove(key);
                    resolves++;
                }
            }

            return last.Count + grouping.Count + resolves;
        }
    }

    /// <summary>When set and it returns an exception, reading the status board throws it (storage failing for that one query).</summary>
    public Func<Exception?>? FailBoard { get; set; }

    /// <summary>Status board queries made, failed ones included.</summary>
    public int BoardReads => Volatile.Read(ref _boardReads);

    private int _boardReads;

    public async Task<IReadOnlyList<Incident>> ListBoardAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await Task.Yield();
        Interlocked.Increment(ref _boardReads);
        if (FailBoard?.Invoke() is { } failure)
        {
            throw failure;
        }

        var resolvedSince = now - IncidentService.StatusBoardResolvedWindow;
        lock (_gate)
        {
            // A row without a summary (its creator stopped before writing them) is given its record's, both rows, as the adapter does.
            foreach (var id in _board.Where(id => _records.ContainsKey(id) && !_summaries.ContainsKey(id)).ToList())
            {
                ListLocked(Incident.Restore(_records[id].Snapshot));
            }

            var listed = _board.Where(_records.ContainsKey).Select(SummaryLocked).ToList();

            // Resolved before the board's window: dropped from the board, as the adapter drops the row.
            _board.ExceptWith(listed.Where(i => !i.IsOpen && !(i.ResolvedAt >= resolvedSince)).Select(i => i.Id));
            return [.. listed.Where(i => i.IsOpen || i.ResolvedAt >= resolvedSince)];
        }
    }

    /// <summary>
    /// What the instance's last look at the board held, answered by <see cref="ListOpenSummariesAsync"/> in place of the board's row
    /// by id, as the adapter answers from a look of up to a few seconds ago: another instance's change since is not in it.
    /// </summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, Incident> HeldLook { get; } = new(StringComparer.Ordinal);

    /// <summary>How many times <see cref="StillOpenAsync"/> was asked (one board query each in the adapter).</summary>
    public int StillOpenReads => Volatile.Read(ref _stillOpenReads);

    private int _stillOpenReads;

    /// <summary>As the adapter: of <paramref name="ids"/>, those whose board row says open now (not the held look).</summary>
    public async Task<IReadOnlySet<string>> StillOpenAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        await Task.Yield();
        Interlocked.Increment(ref _stillOpenReads);
        if (FailBoard?.Invoke() is { } failure)
        {
            throw failure;
        }

        lock (_gate)
        {
            return ids.Where(id => _board.Contains(id) && _summaries.ContainsKey(id) && SummaryLocked(id).IsOpen).ToHashSet(StringComparer.Ordinal);
        }
    }

    /// <summary>As the adapter: the board's rows with a summary, open, <paramref name="except"/> left out; nothing repaired or dropped.</summary>
    public async Task<IReadOnlyList<Incident>> ListOpenSummariesAsync(string except, CancellationToken cancellationToken)
    {
        await Task.Yield();
        Interlocked.Increment(ref _boardReads);
        if (FailBoard?.Invoke() is { } failure)
        {
            throw failure;
        }

        lock (_gate)
        {
            return [.. _board.Where(id => id != except && _summaries.ContainsKey(id)).Select(id => HeldLook.TryGetValue(id, out var held) ? held : SummaryLocked(id)).Where(i => i.IsOpen)];
        }
    }

    public async Task<IncidentPage> ListYearAsync(int year, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        await Task.Yield();
        if (continuationToken is not null && !continuationToken.StartsWith("INC-", StringComparison.Ordinal))
        {
            throw new ValidationException("continuationToken", "is not a token this list gave");
        }

        lock (_gate)
        {
            var ids = (_years.TryGetValue(year, out var all) ? all : [])
                .Where(id => continuationToken is null || string.CompareOrdinal(id, continuationToken) < 0)
                .OrderDescending(StringComparer.Ordinal)
                .ToList();
            var page = ids.Take(pageSize).ToList();
            return new IncidentPage(
                [.. page.Select(SummaryLocked)],
                ids.Count > pageSize ? page[^1] : null);
        }
    }

    public async Task SyncSummaryAsync(Incident incident, CancellationToken cancellationToken)
    {
        await Task.Yield();
        lock (_gate)
        {
            ListLocked(incident);
        }
    }

    /// <summary>As the table adapter's summaries do: listed while open, kept on the board (not open) once resolved.</summary>
    private void ListLocked(Incident incident)
    {
        if (!_summaries.TryGetValue(incident.Id, out var summary) || summary.Revision <= incident.Revision)
        {
            _summaries[incident.Id] = incident.ToSnapshot();
            SetColumn(_firstPaged, incident.Id, incident.FirstPagedAt);
            SetColumn(_recovered, incident.Id, incident.RecoveredUnansweredAt);
        }

        // The year's row comes with the first summary written, as the adapter adds it.
        var year = int.Parse(incident.Id.Split('-')[1], System.Globalization.CultureInfo.InvariantCulture);
        if (!_years.TryGetValue(year, out var ids))
        {
            _years[year] = ids = [];
        }

        if (!ids.Contains(incident.Id))
        {
            ids.Add(incident.Id);
        }

        if (incident.IsOpen)
        {
            _open.Add(incident.Id);
            _board.Add(incident.Id);
        }
        else
        {
            _open.Remove(incident.Id);
        }
    }

    /// <summary>A board row's column as a summary write leaves it: the value, or none.</summary>
    private static void SetColumn(Dictionary<string, DateTimeOffset> column, string id, DateTimeOffset? value)
    {
        if (value is { } at)
        {
            column[id] = at;
        }
        else
        {
            column.Remove(id);
        }
    }

    /// <summary>The list's copy of a record (the record itself for one listed with none yet, as the adapter repairs such rows).</summary>
    private Incident SummaryLocked(string id) => Incident.Restore(_summaries.TryGetValue(id, out var summary) ? summary : _records[id].Snapshot);

    private void AppendLocked(string id, IReadOnlyList<TimelineEntry> entries)
    {
        if (!_timeline.TryGetValue(id, out var rows))
        {
            _timeline[id] = rows = [];
        }

        rows.AddRange(entries.Select(e => (e, ++_seq)));
    }

    private string NextETag() => $"W/\"v{++_version}\"";

    /// <summary>As the table store serializes what it keeps as JSON.</summary>
    private static readonly JsonSerializerOptions StoredJson = new(JsonSerializerDefaults.Web)
    {
        Encoder = Incident.StoredTextEncoder,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>
    /// The rows the table store writes for a save, in one partition (the escaped incident id): the record, each timeline entry
    /// and each alert (stored without its details when its JSON would pass 30,000 characters; its key hashed when long).
    /// </summary>
    private static void CheckRows(Incident incident, IReadOnlyList<TrackedAlert> alerts, IReadOnlyList<TimelineEntry> entries)
    {
        var partition = TableStorageRules.Escape(incident.Id);
        TableStorageRules.CheckRow(partition, "incident",
            ("Revision", 0L), ("Data", JsonSerializer.Serialize(incident.ToSnapshot(), StoredJson)), ("Status", incident.Status.ToString()),
            ("Severity", incident.Severity.ToString()), ("Title", incident.Title));
        CheckTimelineRows(incident.Id, [.. incident.PendingTimeline, .. entries]);
        foreach (var alert in alerts)
        {
            var data = JsonSerializer.Serialize(alert, StoredJson);
            if (data.Length > 30_000)
            {
                data = JsonSerializer.Serialize(alert.WithoutDetails(), StoredJson);
            }

            TableStorageRules.CheckRow(partition, "alert|" + new string('0', 66), ("Data", data), ("Status", alert.Status.ToString()));
        }
    }

    private static void CheckTimelineRows(string id, IReadOnlyList<TimelineEntry> entries)
    {
        foreach (var entry in entries)
        {
            TableStorageRules.CheckRow(TableStorageRules.Escape(id), "tl|" + new string('0', 56), ("Data", JsonSerializer.Serialize(entry, StoredJson)), ("Kind", entry.Kind.ToString()));
        }
    }

    private int _groupAndAlertReads;
    private int _recordReads;

    /// <summary>Point reads of incident records so far: what a timer run that finds nothing due does without.</summary>
    public int RecordReads => Volatile.Read(ref _recordReads);

    /// <summary>Reads of a group's claim or of an incident's tracked alerts so far: what a repeat on the fast path does without.</summary>
    public int GroupAndAlertReads => Volatile.Read(ref _groupAndAlertReads);
}
