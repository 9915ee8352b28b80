using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using OnDuty.Core.Alerts;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;

namespace OnDuty.Infrastructure.Tables;

/// <summary>
/// Incidents in three tables, every hot path a point read or a single-partition query:
/// <list type="bullet">
/// <item><c>Incidents</c>: PK = incident id; RK <c>incident</c> (the record, ETag-guarded), <c>tl|{max - ticks}|{999 - seq}{guid}</c>
/// (insert-only, newest first; <c>timeline|{ticks}|{seq}{guid}</c> rows of before are read too), <c>alert|{dedup key}</c> (one per tracked alert), <c>request|{key hash}</c> (Idempotency-Keys applied), <c>step|{round}|{step}</c> (an escalation step claimed by the run queuing it; <c>step|{round}|{step}|{to}</c> once handed over or re-addressed to other members).
/// PK <c>create|{key hash}</c> binds a create request's Idempotency-Key to the incident it made.</item>
/// <item><c>IncidentBoard</c>: PK <c>open</c> (open incidents, and resolved ones while the status page shows them) and
/// <c>IncidentIndex</c>: PK <c>year|2026</c> (all of a year, newest first), each row with a summary of the record (see the Summaries
/// part), PK <c>counter</c> (RK <c>INC-2026</c>: the last id number reserved, in blocks per instance: <see cref="IncidentIdBlocks"/>).</item>
/// <item><c>AlertGroups</c>: PK = source + SHA-256 of the group key (group keys hold characters table keys forbid);
/// RK <c>open</c> (claimed by conditional insert) and <c>last</c> (the last incident and when it resolved).</item>
/// </list>
/// </summary>
public sealed partial class TableIncidentRepository(OnDutyTables tables, ILogger<TableIncidentRepository>? logger = null) : IIncidentRepository
{
    private const string RecordKey = "incident";
    /// <summary>Timeline rows written before newest-first paging, oldest first (<c>timeline|{ticks}|{position}{guid}</c>): still read.</summary>
    private const string TimelinePrefix = "timeline|";

    /// <summary>Timeline rows newest first: <c>tl|{max ticks - ticks}|{999 - position}{guid}</c>, so the newest page is one range query.</summary>
    private const string NewestFirstPrefix = "tl|";
    private const string AlertPrefix = "alert|";
    private const string RequestPrefix = "request|";

    /// <summary>An escalation step claimed by the run that queues it: <c>step|{round}|{step}</c> (<see cref="TryClaimStepAsync"/>).</summary>
    private const string StepClaimPrefix = "step|";
    private const string OpenPartition = "open";

    /// <summary>A board row's column: when the incident's opening paged (<see cref="Incident.FirstPagedAt"/>), counted by the storm hold.</summary>
    private const string FirstPageColumn = "FirstPage";

    /// <summary>A board row's column: when monitoring resolved the incident unanswered (<see cref="Incident.RecoveredUnansweredAt"/>), counted by the storm hold.</summary>
    private const string RecoveredColumn = "Recovered";

    private static readonly JsonSerializerOptions Json = CreateJson();

    private readonly TableClient _incidents = tables.Incidents;
    private readonly TableClient _index = tables.IncidentIndex;
    private readonly TableClient _board = tables.IncidentBoard;
    private readonly TableClient _groups = tables.AlertGroups;
    private readonly IncidentIdBlocks _ids = new(tables.IncidentIndex);

    public Task<string> AllocateIdAsync(int year, CancellationToken cancellationToken) =>
        TableCall.RunAsync(() => _ids.NextAsync(year, cancellationToken), cancellationToken);

    public Task<Versioned<Incident>?> GetAsync(string id, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            if (!TableKey.Fits(id))
            {
                return null; // no incident can have it (ids are short): storage would refuse the read with a 400
            }

            var response = await _incidents.GetEntityIfExistsAsync<TableEntity>(Partition(id), RecordKey, cancellationToken: cancellationToken).ConfigureAwait(false);
            return response.HasValue && response.Value is { } entity
                ? new Versioned<Incident>(Incident.Restore(Deserialize<IncidentSnapshot>(entity)), entity.ETag.ToString())
                : null;
        }, cancellationToken);

    /// <summary>
    /// Entries in time order; entries of separate writes at the same instant (a fixed or coarse clock) in the order they were
    /// stored, which the row key alone cannot tell (its tail is a guid), so the server's write timestamp breaks the tie.
    /// </summary>
    public async Task<IReadOnlyList<TimelineEntry>> GetTimelineAsync(string id, CancellationToken cancellationToken)
    {
        var newer = QueryPrefixAsync(_incidents, Partition(id), NewestFirstPrefix, cancellationToken);
        var older = QueryPrefixAsync(_incidents, Partition(id), TimelinePrefix, cancellationToken);
        return [.. Chronological((await older).Concat(await newer)).Select(x => x.Entry)];
    }

    public Task<IReadOnlyList<TimelineEntry>> GetUpdatesAsync(string id, int max, CancellationToken cancellationToken) =>
        TableCall.RunAsync<IReadOnlyList<TimelineEntry>>(async () =>
        {
            if (Partition(id).Length > TableKey.MaxLength)
            {
                return [];
            }

            // Filtered by the kind each timeline row carries, so storage leaves alert rows out; both row layouts (old and newest-first) match.
            var kinds = string.Join(" or ", new[] { TimelineKind.Update, TimelineKind.Resolved, TimelineKind.Reopened }
                .Select(k => TableClient.CreateQueryFilter($"Kind eq {k.ToString()}")));
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition(id)}") + $" and ({kinds})";
            var rows = new List<TableEntity>();
            var pages = 0;
            await foreach (var page in _incidents.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: cancellationToken)
                .AsPages(pageSizeHint: 1000).ConfigureAwait(false))
            {
                rows.AddRange(page.Values);
                if (++pages >= IIncidentRepository.MaxUpdateReads)
                {
                    break;
                }
            }

            return [.. Chronological(rows).Reverse().Take(max).Select(x => x.Entry)];
        }, cancellationToken);

    public Task<TimelinePage> GetTimelinePageAsync(string id, int pageSize, string? continuationToken, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
            var (after, skipOlder) = continuationToken is null ? (null, -1) : ReadTimelineToken(continuationToken);
            var read = new List<(TableEntity Entity, TimelineEntry Entry)>();
            var shown = 0;
            string? next = null;
            if (!TableKey.Fits(id))
            {
                return TimelinePage.From([], null);
            }

            if (skipOlder < 0)
            {
                var end = TableKey.RangeEnd(NewestFirstPrefix);
                var filter = after is null
                    ? TableClient.CreateQueryFilter($"PartitionKey eq {Partition(id)} and RowKey ge {NewestFirstPrefix} and RowKey lt {end}")
                    : TableClient.CreateQueryFilter($"PartitionKey eq {Partition(id)} and RowKey gt {after} and RowKey lt {end}");
                await foreach (var row in _incidents.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(TimelinePage.MaxRowsRead, 4 * pageSize), cancellationToken: cancellationToken).ConfigureAwait(false))
                {
                    var entry = Deserialize<TimelineEntry>(row);
                    read.Add((row, entry));
                    shown += entry.Kind == TimelineKind.AlertRepeated ? 0 : 1;
                    if (shown >= pageSize || read.Count >= TimelinePage.MaxRowsRead)
                    {
                        next = WriteTimelineToken("n" + row.RowKey);
                        break;
                    }
                }

                skipOlder = next is null ? 0 : -1;
            }

            if (skipOlder >= 0)
            {
                // Rows of the old layout are older than every newest-first row: read once the newer ones are all shown.
                var older = Chronological(await QueryPrefixAsync(_incidents, Partition(id), TimelinePrefix, cancellationToken).ConfigureAwait(false)).Reverse().Skip(skipOlder).ToList();
                var taken = 0;
                foreach (var x in older)
                {
                    read.Add(x);
                    taken++;
                    shown += x.Entry.Kind == TimelineKind.AlertRepeated ? 0 : 1;
                    if (shown >= pageSize || read.Count >= TimelinePage.MaxRowsRead)
                    {
                        break;
                    }
                }

                next = taken < older.Count ? WriteTimelineToken("o" + (skipOlder + taken).ToString(CultureInfo.InvariantCulture)) : null;
            }

            return TimelinePage.From(Chronological(read).Reverse().Select(x => x.Entry), next);
        }, cancellationToken);

    /// <summary>
    /// Time order; rows of separate writes at the same instant (a fixed or coarse clock) in the order they were stored, which
    /// the row key cannot tell (its tail is a guid), so the server's write timestamp breaks the tie, then the position within one write.
    /// </summary>
    private static IEnumerable<(TableEntity Entity, TimelineEntry Entry)> Chronological(IEnumerable<TableEntity> rows) =>
        Chronological(rows.Select(e => (e, Deserialize<TimelineEntry>(e))));

    private static IEnumerable<(TableEntity Entity, TimelineEntry Entry)> Chronological(IEnumerable<(TableEntity Entity, TimelineEntry Entry)> rows) =>
        rows.OrderBy(x => x.Entry.At).ThenBy(x => x.Entity.Timestamp).ThenBy(x => Position(x.Entity.RowKey));

    /// <summary>The row's position within its write (both layouts: prefix, 19 digits, <c>|</c>, 3 digits).</summary>
    private static int Position(string rowKey)
    {
        var newest = rowKey.StartsWith(NewestFirstPrefix, StringComparison.Ordinal);
        var at = (newest ? NewestFirstPrefix.Length : TimelinePrefix.Length) + 20;
        var digits = rowKey.Length >= at + 3 && int.TryParse(rowKey.AsSpan(at, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
        return newest ? 999 - digits : digits;
    }

    private static string WriteTimelineToken(string value) => Convert.ToBase64String(Encoding.UTF8.GetBytes(value)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Where the previous page stopped: after a newest-first row key, or a count of old-layout rows already shown.</summary>
    private static (string? After, int SkipOlder) ReadTimelineToken(string token)
    {
        try
        {
            var base64 = token.Replace('-', '+').Replace('_', '/');
            var value = Encoding.UTF8.GetString(Convert.FromBase64String(base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=')));
            if (value.StartsWith("n" + NewestFirstPrefix, StringComparison.Ordinal) && value.Length > NewestFirstPrefix.Length + 24)
            {
                return (value[1..], -1);
            }

            if (value.StartsWith('o') && int.TryParse(value.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var skip))
            {
                return (null, skip);
            }
        }
        catch (FormatException)
        {
        }

        throw new ValidationException("continuationToken", "is not a token this timeline gave");
    }

    public async Task<IReadOnlyList<Versioned<TrackedAlert>>> GetAlertsAsync(string id, CancellationToken cancellationToken) =>
        [.. (await QueryPrefixAsync(_incidents, Partition(id), AlertPrefix, cancellationToken)).Select(e => new Versioned<TrackedAlert>(Deserialize<TrackedAlert>(e), e.ETag.ToString()))];

    public Task<string?> TryCreateAsync(Incident incident, CancellationToken cancellationToken) => TryCreateAsync(incident, [], summaries: true, cancellationToken);

    public Task<string?> TryCreateAsync(Incident incident, IReadOnlyList<TrackedAlert> alerts, bool summaries, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            if (alerts.Count > IIncidentRepository.MaxAlertsOnCreate)
            {
                throw new ArgumentException($"At most {IIncidentRepository.MaxAlertsOnCreate} alerts are stored with a new incident.", nameof(alerts));
            }

            var record = RecordEntity(incident);
            var actions = new List<TableTransactionAction> { new(TableTransactionActionType.Add, record) };
            actions.AddRange(TimelineEntities(incident.Id, incident.PendingTimeline).Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)));
            actions.AddRange(alerts.Select(a => new TableTransactionAction(TableTransactionActionType.Add, AlertEntity(incident.Id, a))));
            try
            {
                var response = await _incidents.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
                incident.MarkStored();
                if (summaries)
                {
                    await WriteSummariesAsync(incident, cancellationToken, created: true, data: record.GetString("Data")).ConfigureAwait(false);
                }
                else
                {
                    if (_createdUnsummarised.Count >= MaxRememberedRows)
                    {
                        _createdUnsummarised.Clear(); // callers that failed before their save: only a read saved is lost
                    }

                    _createdUnsummarised.TryAdd(incident.Id, 0); // the caller's next save writes them, as for a record just created
                }

                return response.Value[0].Headers.ETag?.ToString();
            }
            catch (RequestFailedException ex) when (ex.IsConflict())
            {
                // The id exists: either another create took it, or this create's first try was stored and only its
                // answer was lost (the retry got 409). Either way the incident belongs in its year's index; indexing
                // an existing id again is harmless, skipping it would hide the incident from the year's list.
                if (await GetAsync(incident.Id, cancellationToken).ConfigureAwait(false) is { } stored)
                {
                    Forget(incident.Id);
                    await WriteSummariesAsync(stored.Value, cancellationToken).ConfigureAwait(false);
                }

                return null;
            }
        }, cancellationToken);

    public Task<string> SaveAsync(Incident incident, string etag, string? requestKey, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            // A caller's If-Match reaches here: one storage never handed out fails the precondition instead of being refused as input.
            var match = TableCall.ClientETag(etag, $"Incident '{incident.Id}'");
            var record = RecordEntity(incident);
            var actions = new List<TableTransactionAction> { new(TableTransactionActionType.UpdateReplace, record, match) };
            actions.AddRange(TimelineEntities(incident.Id, incident.PendingTimeline).Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)));
            if (requestKey is not null)
            {
                actions.Add(new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(Partition(incident.Id), RequestPrefix + requestKey)));
            }

            try
            {
                // The record alone (no timeline rows, no request key) is a plain conditional update: a transaction of one costs the service more.
                var written = actions.Count == 1
                    ? (await _incidents.UpdateEntityAsync(record, match, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false)).Headers.ETag
                    : (await _incidents.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false)).Value[0].Headers.ETag;
                await WriteSummariesAsync(incident, cancellationToken, data: record.GetString("Data")).ConfigureAwait(false);

                return written?.ToString() ?? throw new InvalidOperationException("Table Storage returned no ETag.");
            }
            catch (RequestFailedException ex) when (ex.IsConflict() || ex.IsPreconditionFailed())
            {
                throw ConcurrencyException.ChangedBySomeoneElse($"Incident '{incident.Id}'");
            }
            catch (RequestFailedException ex) when (ex.IsNotFound())
            {
                throw new NotFoundException("Incident", incident.Id);
            }
        }, cancellationToken);

    public Task<bool> HasRequestKeyAsync(string id, string requestKey, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () => TableKey.Fits(id) &&
            (await _incidents.GetEntityIfExistsAsync<TableEntity>(Partition(id), RequestPrefix + requestKey, select: ["PartitionKey"], cancellationToken: cancellationToken).ConfigureAwait(false)).HasValue,
            cancellationToken);

    public Task<DateTimeOffset?> TryClaimStepAsync(string id, int step, int round, string? to, DateTimeOffset at, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            var rowKey = StepClaimKey(step, round, to);
            try
            {
                await _incidents.AddEntityAsync(new TableEntity(Partition(id), rowKey) { ["ClaimedAt"] = at }, cancellationToken).ConfigureAwait(false);
                return (DateTimeOffset?)null;
            }
            catch (RequestFailedException ex) when (ex.IsConflict())
            {
                var held = await _incidents.GetEntityIfExistsAsync<TableEntity>(Partition(id), rowKey, select: ["ClaimedAt"], cancellationToken: cancellationToken).ConfigureAwait(false);
                return held.HasValue && held.Value!.GetDateTimeOffset("ClaimedAt") is { } claimedAt ? claimedAt : at;
            }
        }, cancellationToken);

    public Task ReleaseStepClaimAsync(string id, int step, int round, string? to, CancellationToken cancellationToken) =>
        TableCall.RunAsync(() => DeleteIfExistsAsync(_incidents, Partition(id), StepClaimKey(step, round, to), ETag.All, cancellationToken), cancellationToken);

    /// <summary>
    /// <c>step|{round}|{step}</c>, or <c>step|{round}|{step}|{to}</c> for a step to the members an incident was handed over or
    /// re-addressed to (escaped; <c>sha256-{hex}</c> of it when that would not fit a key).
    /// </summary>
    private static string StepClaimKey(int step, int round, string? to)
    {
        var key = string.Create(CultureInfo.InvariantCulture, $"{StepClaimPrefix}{round}|{step}");
        if (string.IsNullOrEmpty(to))
        {
            return key;
        }

        return $"{key}|{KeyPart(to, key.Length + 1)}";
    }

    public Task AppendTimelineAsync(string id, IReadOnlyList<TimelineEntry> entries, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            foreach (var chunk in TimelineEntities(id, entries).Chunk(100))
            {
                // One row (a page's delivery, a lone repeat) is a plain insert: a transaction of one costs the service more.
                if (chunk.Length == 1)
                {
                    await _incidents.AddEntityAsync(chunk[0], cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await _incidents.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)), cancellationToken).ConfigureAwait(false);
                }
            }
        }, cancellationToken);

    public Task<string?> TrySaveAlertsAsync(Incident incident, string etag, IReadOnlyList<TrackedAlert> alerts, IReadOnlyList<TimelineEntry> entries, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            if (1 + incident.PendingTimeline.Count + alerts.Count + entries.Count > 100)
            {
                throw new ArgumentException("A transaction holds at most 100 rows.", nameof(alerts));
            }

            // The record at its ETag guards the whole alert state: the alert rows themselves can simply be replaced.
            var record = RecordEntity(incident);
            var actions = new List<TableTransactionAction> { new(TableTransactionActionType.UpdateReplace, record, new ETag(etag)) };
            actions.AddRange(TimelineEntities(incident.Id, incident.PendingTimeline).Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)));
            actions.AddRange(alerts.Select(a => new TableTransactionAction(TableTransactionActionType.UpsertReplace, AlertEntity(incident.Id, a))));
            actions.AddRange(TimelineEntities(incident.Id, entries).Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)));
            try
            {
                var response = await _incidents.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
                await WriteSummariesAsync(incident, cancellationToken, data: record.GetString("Data")).ConfigureAwait(false);
                return response.Value[0].Headers.ETag?.ToString() ?? throw new InvalidOperationException("Table Storage returned no ETag.");
            }
            catch (RequestFailedException ex) when (ex.IsConflict() || ex.IsPreconditionFailed())
            {
                return null;
            }
            catch (RequestFailedException ex) when (ex.IsNotFound())
            {
                throw new NotFoundException("Incident", incident.Id);
            }
        }, cancellationToken);

    public Task<string?> TryRemoveAlertsAsync(Incident incident, string etag, IReadOnlyList<string> dedupKeys, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            var keys = dedupKeys.Distinct(StringComparer.Ordinal).ToList();
            if (1 + incident.PendingTimeline.Count + keys.Count > 100)
            {
                throw new ArgumentException("A transaction holds at most 100 rows.", nameof(dedupKeys));
            }

            // The record at its ETag guards the whole alert state: rows it tracked when read are there to delete.
            var record = RecordEntity(incident);
            var actions = new List<TableTransactionAction> { new(TableTransactionActionType.UpdateReplace, record, new ETag(etag)) };
            actions.AddRange(TimelineEntities(incident.Id, incident.PendingTimeline).Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)));
            actions.AddRange(keys.Select(k => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(Partition(incident.Id), AlertRowKey(k)), ETag.All)));
            try
            {
                var response = await _incidents.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
                await WriteSummariesAsync(incident, cancellationToken, data: record.GetString("Data")).ConfigureAwait(false);
                return response.Value[0].Headers.ETag?.ToString() ?? throw new InvalidOperationException("Table Storage returned no ETag.");
            }
            catch (RequestFailedException ex) when (ex.IsConflict() || ex.IsPreconditionFailed() || ex.IsNotFound())
            {
                // Changed since read (or a row deleted meanwhile): the caller reads again.
                return null;
            }
        }, cancellationToken);

    /// <summary>
    /// One query per row kind (both timeline layouts), then the changed rows replaced in transactions of 100. Timeline rows are insert-only and a
    /// resolved incident's alerts are not written any more, so the rows are replaced whatever their ETag.
    /// </summary>
    public Task<int> RewriteRowsAsync(string id, Func<TimelineEntry, TimelineEntry> timeline, Func<TrackedAlert, TrackedAlert> alert, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            var changed = new List<TableEntity>();
            var timelineRows = (await QueryPrefixAsync(_incidents, Partition(id), NewestFirstPrefix, cancellationToken).ConfigureAwait(false))
                .Concat(await QueryPrefixAsync(_incidents, Partition(id), TimelinePrefix, cancellationToken).ConfigureAwait(false));
            foreach (var row in timelineRows)
            {
                var entry = timeline(Deserialize<TimelineEntry>(row));
                var data = JsonSerializer.Serialize(entry, Json);
                if (data != row.GetString("Data"))
                {
                    changed.Add(new TableEntity(row.PartitionKey, row.RowKey) { ["Data"] = data, ["Kind"] = entry.Kind.ToString() });
                }
            }

            foreach (var row in await QueryPrefixAsync(_incidents, Partition(id), AlertPrefix, cancellationToken).ConfigureAwait(false))
            {
                var rewritten = AlertEntity(id, alert(Deserialize<TrackedAlert>(row)));
                if (rewritten.GetString("Data") != row.GetString("Data"))
                {
                    changed.Add(rewritten);
                }
            }

            foreach (var chunk in changed.Chunk(100))
            {
                await _incidents.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.UpdateReplace, e, ETag.All)), cancellationToken).ConfigureAwait(false);
            }

            return changed.Count;
        }, cancellationToken);

    public Task SetOpenAsync(string id, bool open, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            if (open)
            {
                // Merged: a summary the row already has stays. Callers list an incident before creating its record, so the row
                // holds no summary yet: remembered as such, the create writes the first one at this ETag without reading the
                // row first (a create that finds the record exists forgets this and reads).
                var listed = await _board.UpsertEntityAsync(new TableEntity(OpenPartition, id), TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
                Remember((OpenPartition, id), listed.Headers.ETag, -1);
            }
            else
            {
                await DeleteIfExistsAsync(_board, OpenPartition, id, ETag.All, cancellationToken).ConfigureAwait(false);
                await DeleteIfExistsAsync(_index, OpenPartition, id, ETag.All, cancellationToken).ConfigureAwait(false); // the place of before
                ForgetRemovedBoardSummary(id);
            }
        }, cancellationToken);

    /// <summary>
    /// The board row as <see cref="SetOpenAsync"/> lists it, with <see cref="FirstPageColumn"/> when the opening paged: merged, so a
    /// summary the row already has stays (a create retried after its first answer was lost).
    /// </summary>
    public Task ListNewAsync(Incident incident, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            var row = new TableEntity(OpenPartition, incident.Id) { [FirstPageColumn] = incident.FirstPagedAt }.WithoutNulls();
            var listed = await _board.UpsertEntityAsync(row, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
            Remember((OpenPartition, incident.Id), listed.Headers.ETag, -1);
        }, cancellationToken);

    public Task<int> CountFirstPagesAsync(DateTimeOffset since, string? except, int atMost, CancellationToken cancellationToken, DateTimeOffset? before = null) =>
        CountBoardAsync(FirstPageColumn, since, except, before, atMost, cancellationToken);

    public Task<int> CountRecoveriesAsync(DateTimeOffset since, string? except, int atMost, CancellationToken cancellationToken, DateTimeOffset? before = null) =>
        CountBoardAsync(RecoveredColumn, since, except, before, atMost, cancellationToken);

    /// <summary>
    /// One query of the board's partition: rows whose <paramref name="column"/> is at or after <paramref name="since"/>, keys only.
    /// A filter on a column other than the keys reads the partition on the service's side, not on the wire: the board holds the
    /// open incidents and those resolved within the status page's window, and the pager asks only while its own count is below
    /// the storm hold's limit.
    /// </summary>
    /// <remarks>
    /// With <paramref name="before"/> (and <paramref name="except"/>), the rows before it in the storm's order (<see cref="IIncidentRepository.CountFirstPagesAsync"/>):
    /// a time before its millisecond, or in it with a lower row key — whether the service keeps the time to the millisecond (Azurite)
    /// or finer (Azure).
    /// </remarks>
    private Task<int> CountBoardAsync(string column, DateTimeOffset since, string? except, DateTimeOffset? before, int atMost, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {OpenPartition}") + $" and {column} ge " + TableClient.CreateQueryFilter($"{since}");
            if (except is not null)
            {
                filter += " and " + TableClient.CreateQueryFilter($"RowKey ne {except}");
                if (before is { } at)
                {
                    var from = StormOrder.Millisecond(at);
                    var until = from.AddMilliseconds(1);
                    filter += $" and ({column} lt " + TableClient.CreateQueryFilter($"{from}")
                        + $" or ({column} lt " + TableClient.CreateQueryFilter($"{until}") + " and " + TableClient.CreateQueryFilter($"RowKey lt {except}") + "))";
                }
            }

            var counted = 0;
            await foreach (var row in _board.QueryAsync<TableEntity>(filter, maxPerPage: Math.Clamp(atMost, 1, 1000), select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                if (++counted >= atMost)
                {
                    break;
                }
            }

            return counted;
        }, cancellationToken);

    /// <summary>Rows of resolved incidents kept for the status page (<c>Open</c> false) are left out.</summary>
    public Task<IReadOnlyList<string>> ListOpenIdsAsync(CancellationToken cancellationToken) =>
        TableCall.RunAsync<IReadOnlyList<string>>(async () =>
        {
            await MoveOldBoardRowsAsync(cancellationToken).ConfigureAwait(false);
            var ids = new List<string>();
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {OpenPartition}");
            await foreach (var entity in _board.QueryAsync<TableEntity>(filter, select: ["RowKey", "Open"], cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                if (entity.GetBoolean("Open") != false)
                {
                    ids.Add(entity.RowKey);
                }
            }

            return ids;
        }, cancellationToken);

    /// <summary>Newest first.</summary>
    public Task<IReadOnlyList<string>> ListIdsOfYearAsync(int year, int max, CancellationToken cancellationToken) =>
        TableCall.RunAsync<IReadOnlyList<string>>(async () =>
        {
            await MigrateYearAsync(year, cancellationToken).ConfigureAwait(false);
            var keys = await ListKeysAsync($"year|{year:D4}", max, cancellationToken).ConfigureAwait(false);
            return [.. keys.Where(k => k.StartsWith(YearRowPrefix, StringComparison.Ordinal)).Select(IdOfYearRow)];
        }, cancellationToken);

    public Task<string?> GetCreateRequestAsync(string requestKey, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            var response = await _incidents.GetEntityIfExistsAsync<TableEntity>("create|" + requestKey, "request", cancellationToken: cancellationToken).ConfigureAwait(false);
            return response.HasValue ? response.Value!.GetString("IncidentId") : null;
        }, cancellationToken);

    public Task<bool> TryBindCreateRequestAsync(string requestKey, string incidentId, CancellationToken cancellationToken) =>
        TryAddAsync(_incidents, new TableEntity("create|" + requestKey, "request") { ["IncidentId"] = incidentId }, cancellationToken);

    public Task<AlertGroupClaim?> GetOpenGroupAsync(string source, string groupKey, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            var response = await _groups.GetEntityIfExistsAsync<TableEntity>(GroupPartition(source, groupKey), "open", cancellationToken: cancellationToken).ConfigureAwait(false);
            return response.HasValue && response.Value is { } e ? Claim(e) : null;
        }, cancellationToken);

    public Task<AlertGroupState> GetGroupAsync(string source, string groupKey, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            // The partition holds just the two rows: one query instead of two point reads.
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {GroupPartition(source, groupKey)}");
            AlertGroupClaim? open = null;
            LastAlertGroupIncident? last = null;
            Dictionary<string, RememberedResolve>? resolves = null;
            await foreach (var e in _groups.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                if (e.RowKey == "open")
                {
                    open = Claim(e);
                }
                else if (e.RowKey == "last")
                {
                    last = new LastAlertGroupIncident(e.RequiredString("IncidentId"), e.Timestamp("ResolvedAt"));
                }
                else if (e.RowKey.StartsWith(ResolvedRowPrefix, StringComparison.Ordinal) && e.GetString("DedupKey") is { } dedupKey)
                {
                    resolves ??= new Dictionary<string, RememberedResolve>(StringComparer.Ordinal);
                    resolves[dedupKey] = new RememberedResolve(e.Timestamp("EndsAt"), e.Timestamp("RememberedAt"));
                }
            }

            return new AlertGroupState(open, last, resolves);
        }, cancellationToken);

    private static AlertGroupClaim Claim(TableEntity e) =>
        new(e.GetString("IncidentId") is { Length: > 0 } id ? id : null, e.Timestamp("ClaimedAt"), e.RequiredString("ClaimId"), e.ETag.ToString());

    public Task<AlertGroupClaim?> TryClaimGroupAsync(string source, string groupKey, AlertGroupClaim claim, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            try
            {
                // The insert's answer carries the row's ETag: the winner binds its incident id at it without reading the row back.
                var response = await _groups.AddEntityAsync(GroupEntity(source, groupKey, claim), cancellationToken).ConfigureAwait(false);
                return response.Headers.ETag is { } etag ? claim with { ETag = etag.ToString() } : await GetOpenGroupAsync(source, groupKey, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.IsConflict())
            {
                return null;
            }
        }, cancellationToken);

    public Task ReleaseGroupAsync(string source, string groupKey, string claimId, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            var partition = GroupPartition(source, groupKey);
            var open = await _groups.GetEntityIfExistsAsync<TableEntity>(partition, "open", cancellationToken: cancellationToken).ConfigureAwait(false);
            if (open.HasValue && open.Value!.GetString("ClaimId") == claimId)
            {
                await DeleteIfExistsAsync(_groups, partition, "open", open.Value.ETag, cancellationToken).ConfigureAwait(false);
            }
        }, cancellationToken);

    public Task<bool> TryUpdateGroupAsync(string source, string groupKey, AlertGroupClaim claim, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            try
            {
                await _groups.UpdateEntityAsync(GroupEntity(source, groupKey, claim), new ETag(claim.ETag), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (RequestFailedException ex) when (ex.IsPreconditionFailed() || ex.IsNotFound())
            {
                return false;
            }
        }, cancellationToken);

    public Task CloseGroupAsync(string source, string groupKey, string incidentId, DateTimeOffset resolvedAt, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            var partition = GroupPartition(source, groupKey);

            // "last" first: a crash between the two leaves the group open (the next resolve finishes), never forgotten.
            await _groups.UpsertEntityAsync(new TableEntity(partition, "last") { ["IncidentId"] = incidentId, ["ResolvedAt"] = resolvedAt }, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            var open = await _groups.GetEntityIfExistsAsync<TableEntity>(partition, "open", cancellationToken: cancellationToken).ConfigureAwait(false);
            if (open.HasValue && open.Value!.GetString("IncidentId") == incidentId)
            {
                await DeleteIfExistsAsync(_groups, partition, "open", open.Value.ETag, cancellationToken).ConfigureAwait(false);
            }
        }, cancellationToken);

    /// <summary>A group's remembered resolves are rows <c>resolved|{sha256 of the dedup key}</c> in its partition (<see cref="RememberResolvesAsync"/>).</summary>
    private const string ResolvedRowPrefix = "resolved|";

    public Task RememberResolvesAsync(string source, string groupKey, IReadOnlyList<KeyValuePair<string, DateTimeOffset>> resolves, DateTimeOffset at, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            var partition = GroupPartition(source, groupKey);
            var actions = resolves.DistinctBy(r => r.Key, StringComparer.Ordinal).Take(IIncidentRepository.MaxRememberedResolves)
                .Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(partition,
                    ResolvedRowPrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(r.Key))))
                {
                    ["DedupKey"] = r.Key.Length > 16_000 ? r.Key[..16_000] : r.Key,
                    ["EndsAt"] = r.Value,
                    ["RememberedAt"] = at,
                }))
                .ToList();
            if (actions.Count > 0)
            {
                await _groups.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
            }
        }, cancellationToken);

    public Task<LastAlertGroupIncident?> GetLastGroupAsync(string source, string groupKey, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            var response = await _groups.GetEntityIfExistsAsync<TableEntity>(GroupPartition(source, groupKey), "last", cancellationToken: cancellationToken).ConfigureAwait(false);
            return response.HasValue && response.Value is { } e
                ? new LastAlertGroupIncident(e.RequiredString("IncidentId"), e.Timestamp("ResolvedAt"))
                : null;
        }, cancellationToken);

    /// <summary>
    /// Two range queries over the source's partitions (its groups <c>{source}|…</c>, its grouping rows <c>{source}+grouping|…</c>),
    /// filtered by storage on the row key and time, then each deleted at the ETag read. A group's <c>open</c> claim is
    /// never selected: only <c>last</c> rows of groups, and the grouping rows (which are <c>open</c> rows of their own source).
    /// </summary>
    public Task<int> PurgeGroupsAsync(string source, DateTimeOffset resolvedBefore, DateTimeOffset groupingBefore, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            var groups = TableKey.Escape(source) + TableKey.Separator;
            var grouping = TableKey.Escape(source + "+grouping") + TableKey.Separator;
            var expired = new List<TableEntity>();
            foreach (var filter in new[]
            {
                TableClient.CreateQueryFilter($"PartitionKey ge {groups} and PartitionKey lt {TableKey.RangeEnd(groups)} and RowKey eq {"last"} and ResolvedAt lt {resolvedBefore}"),
                TableClient.CreateQueryFilter($"PartitionKey ge {grouping} and PartitionKey lt {TableKey.RangeEnd(grouping)} and RowKey eq {"open"} and ClaimedAt lt {groupingBefore}"),
                TableClient.CreateQueryFilter($"PartitionKey ge {groups} and PartitionKey lt {TableKey.RangeEnd(groups)} and RowKey ge {ResolvedRowPrefix} and RowKey lt {"resolved}"} and RememberedAt lt {resolvedBefore}"),
            })
            {
                await foreach (var row in _groups.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
                {
                    expired.Add(row);
                }
            }

            // Each alone in its partition: deleted one by one at the ETag read, so a row written again meanwhile (the group's
            // incident resolved just now) is kept.
            var deleted = 0;
            foreach (var row in expired)
            {
                try
                {
                    await _groups.DeleteEntityAsync(row.PartitionKey, row.RowKey, row.ETag, cancellationToken).ConfigureAwait(false);
                    deleted++;
                }
                catch (RequestFailedException ex) when (ex.IsNotFound() || ex.IsPreconditionFailed())
                {
                }
            }

            return deleted;
        }, cancellationToken);

    internal static string GroupPartition(string source, string groupKey) =>
        TableKey.Join(source, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(groupKey))));

    /// <summary>
    /// Dedup keys are escaped; long ones (Azure resource ids can be) are hashed so the key, prefix included, stays within
    /// <see cref="TableKey.MaxLength"/> (an escaped key of 507 to 512 characters used to overflow it by the prefix).
    /// </summary>
    internal static string AlertRowKey(string dedupKey) => AlertPrefix + KeyPart(dedupKey, AlertPrefix.Length);

    /// <summary><paramref name="value"/> escaped, or <c>sha256-{hex}</c> of it when that would not fit a key after <paramref name="prefixLength"/> characters.</summary>
    private static string KeyPart(string value, int prefixLength)
    {
        var escaped = TableKey.Escape(value);
        return escaped.Length <= TableKey.MaxLength - prefixLength ? escaped : "sha256-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
    }

    private static string Partition(string id) => TableKey.Escape(id);

    private static string YearPartition(string id) => $"year|{id.Split('-')[1]}";

    private static TableEntity GroupEntity(string source, string groupKey, AlertGroupClaim claim) => new TableEntity(GroupPartition(source, groupKey), "open")
    {
        ["IncidentId"] = claim.IncidentId,
        ["ClaimedAt"] = claim.ClaimedAt,
        ["ClaimId"] = claim.ClaimId,
        ["GroupKey"] = groupKey.Length > 1000 ? groupKey[..1000] : groupKey,
    }.WithoutNulls();

    /// <summary>Each write of the record is numbered (<see cref="Incident.NextRevision"/>): the summaries compare by it.</summary>
    private static TableEntity RecordEntity(Incident incident) => new(Partition(incident.Id), RecordKey)
    {
        ["Revision"] = incident.NextRevision(),
        ["Data"] = JsonSerializer.Serialize(incident.ToSnapshot(), Json),
        ["Status"] = incident.Status.ToString(),
        ["Severity"] = incident.Severity.ToString(),
        ["Title"] = incident.Title,
        // Its own column too, so a look at the table says which records the channel and the status pages keep to the id.
        ["Confidential"] = incident.Confidential,
    };

    /// <summary>
    /// A string property holds 64 KiB (32K UTF-16 units), and escaped JSON can be six times its text (Japanese, <c>&amp;</c>
    /// in URLs): an alert whose details would not fit is stored without them rather than failing the delivery.
    /// </summary>
    internal const int MaxAlertDataLength = 30_000;

    private static TableEntity AlertEntity(string id, TrackedAlert alert)
    {
        var data = JsonSerializer.Serialize(alert, Json);
        if (data.Length > MaxAlertDataLength)
        {
            data = JsonSerializer.Serialize(alert.WithoutDetails(), Json);
        }

        return new(Partition(id), AlertRowKey(alert.DedupKey))
        {
            ["Data"] = data,
            ["Status"] = alert.Status.ToString(),
        };
    }

    /// <summary>Row keys sort newest first, then by position within one write (last first), then a guid so parallel writers never collide.</summary>
    private static IEnumerable<TableEntity> TimelineEntities(string id, IReadOnlyList<TimelineEntry> entries) =>
        entries.Select((entry, index) => new TableEntity(
            Partition(id),
            $"{NewestFirstPrefix}{TableKey.LatestFirst(entry.At)}|{999 - Math.Min(index, 999):D3}{Guid.NewGuid():n}")
        {
            ["Data"] = JsonSerializer.Serialize(entry, Json),
            ["Kind"] = entry.Kind.ToString(),
        });

    private static T Deserialize<T>(TableEntity entity) =>
        JsonSerializer.Deserialize<T>(entity.RequiredString("Data"), Json) ?? throw new InvalidOperationException($"Row '{entity.PartitionKey}'/'{entity.RowKey}' holds no data.");

    private Task<IReadOnlyList<string>> ListKeysAsync(string partition, int max, CancellationToken cancellationToken) =>
        TableCall.RunAsync<IReadOnlyList<string>>(async () =>
        {
            var keys = new List<string>();
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition}");
            await foreach (var entity in _index.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                keys.Add(entity.RowKey);
                if (keys.Count >= max)
                {
                    break;
                }
            }

            return keys;
        }, cancellationToken);

    private static Task<IReadOnlyList<TableEntity>> QueryPrefixAsync(TableClient table, string partition, string prefix, CancellationToken cancellationToken) =>
        TableCall.RunAsync<IReadOnlyList<TableEntity>>(async () =>
        {
            if (partition.Length > TableKey.MaxLength)
            {
                return []; // an id too long for a key has no rows
            }

            var end = TableKey.RangeEnd(prefix);
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {prefix} and RowKey lt {end}");
            var rows = new List<TableEntity>();
            await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                rows.Add(entity);
            }

            return rows;
        }, cancellationToken);

    private static Task<bool> TryAddAsync(TableClient table, TableEntity entity, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            try
            {
                await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (RequestFailedException ex) when (ex.IsConflict())
            {
                return false;
            }
        }, cancellationToken);

    private static async Task DeleteIfExistsAsync(TableClient table, string partition, string row, ETag etag, CancellationToken cancellationToken)
    {
        try
        {
            await table.DeleteEntityAsync(partition, row, etag, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.IsNotFound() || ex.IsPreconditionFailed())
        {
            // Already gone, or replaced by a newer claim that is not ours to delete.
        }
    }

    private static JsonSerializerOptions CreateJson()
    {
        // The default encoder writes every Japanese character as \uXXXX (six characters): 2,900 characters of impact and
        // workaround would overflow a 64 KiB property. Stored JSON is never put into HTML as it is, so non-ASCII stays as it is.
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            Encoder = Incident.StoredTextEncoder,
        };
        options.Converters.Add(new TolerantTimelineKindConverter());
        options.Converters.Add(new TolerantChangesConverter());
        options.Converters.Add(new JsonStringEnumConverter());
        return options;
    }

    /// <summary>
    /// Timeline kinds by name, as the enum converter writes them; a name this build does not know (a row written by a later
    /// release, read after a rollback) reads as <see cref="TimelineKind.Update"/> with its message, instead of failing the
    /// whole timeline — and with it early escalation and stakeholder notices for that incident.
    /// </summary>
    private sealed class TolerantTimelineKindConverter : JsonConverter<TimelineKind>
    {
        public override TimelineKind Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType switch
            {
                JsonTokenType.String when Enum.TryParse<TimelineKind>(reader.GetString(), ignoreCase: true, out var kind) && Enum.IsDefined(kind) => kind,
                JsonTokenType.Number when reader.TryGetInt32(out var number) && Enum.IsDefined((TimelineKind)number) => (TimelineKind)number,
                _ => TimelineKind.Update,
            };

        public override void Write(Utf8JsonWriter writer, TimelineKind value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString());
    }

    /// <summary>
    /// An update's changed details by name (<see cref="TimelineEntry.Changes"/>); a name this build does not know (a later
    /// release's) is left out, so the row and the rest of the timeline still read. Rows written before changes were recorded
    /// have none (the property is absent), which the previous release, in turn, skips as an unknown property.
    /// </summary>
    private sealed class TolerantChangesConverter : JsonConverter<IReadOnlyList<IncidentChange>>
    {
        public override IReadOnlyList<IncidentChange> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return [];
            }

            if (reader.TokenType != JsonTokenType.StartArray)
            {
                reader.Skip();
                return [];
            }

            var changes = new List<IncidentChange>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType == JsonTokenType.String && Enum.TryParse<IncidentChange>(reader.GetString(), ignoreCase: true, out var change) && Enum.IsDefined(change))
                {
                    changes.Add(change);
                }
                else
                {
                    reader.Skip();
                }
            }

            return changes;
        }

        public override void Write(Utf8JsonWriter writer, IReadOnlyList<IncidentChange> value, JsonSerializerOptions options)
        {
            writer.WriteStartArray();
            foreach (var change in value)
            {
                writer.WriteStringValue(change.ToString());
            }

            writer.WriteEndArray();
        }
    }
}
