using OnDuty.Core.Common;

namespace OnDuty.Core.Incidents;

/// <summary>Who owns an alert group right now: the open incident, or a claim by a request that is still creating it.</summary>
public sealed record AlertGroupClaim(string? IncidentId, DateTimeOffset ClaimedAt, string ClaimId, string ETag = "");

/// <summary>The group's last incident and when it resolved, for the reopen window.</summary>
public sealed record LastAlertGroupIncident(string IncidentId, DateTimeOffset ResolvedAt);

/// <summary>An alert group's two rows as one read found them: who holds it now, and its last resolved incident.</summary>
public sealed record AlertGroupState(AlertGroupClaim? Open, LastAlertGroupIncident? Last);

/// <summary>
/// Incidents in storage. Each incident's record, timeline, tracked alerts and request keys share a partition,
/// so every change to one incident is a single-partition transaction; the record is ETag-guarded and the
/// timeline insert-only, so repeats under a storm never race on one row.
/// </summary>
public interface IIncidentRepository
{
    /// <summary>The next free id of <paramref name="year"/> (<c>INC-2026-0042</c>); never the same twice, gaps allowed.</summary>
    Task<string> AllocateIdAsync(int year, CancellationToken cancellationToken);

    Task<Versioned<Incident>?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>Oldest first.</summary>
    Task<IReadOnlyList<TimelineEntry>> GetTimelineAsync(string id, CancellationToken cancellationToken);

    /// <summary>
    /// The newest <paramref name="pageSize"/> timeline rows other than alert repeats (those are summarised per alert), reading at
    /// most <see cref="TimelinePage.MaxRowsRead"/> rows; <paramref name="continuationToken"/> from the previous page continues with
    /// older ones. <see cref="ValidationException"/> for a token this read did not give.
    /// </summary>
    Task<TimelinePage> GetTimelinePageAsync(string id, int pageSize, string? continuationToken, CancellationToken cancellationToken);

    Task<IReadOnlyList<Versioned<TrackedAlert>>> GetAlertsAsync(string id, CancellationToken cancellationToken);

    /// <summary>Stores a new incident with its pending timeline (one transaction) and lists it; null when the id exists (nothing written).</summary>
    Task<string?> TryCreateAsync(Incident incident, CancellationToken cancellationToken);

    /// <summary>
    /// <see cref="TryCreateAsync(Incident, CancellationToken)"/> with the alerts it tracks from the start, in the same transaction
    /// (at most <see cref="MaxAlertsOnCreate"/>): an incident opened by monitoring is one write, not a create and then a save.
    /// </summary>
    Task<string?> TryCreateAsync(Incident incident, IReadOnlyList<TrackedAlert> alerts, CancellationToken cancellationToken);

    /// <summary>The most alerts <see cref="TryCreateAsync(Incident, IReadOnlyList{TrackedAlert}, CancellationToken)"/> stores with the record (a transaction holds 100 rows: each alert adds its row and its timeline row).</summary>
    public const int MaxAlertsOnCreate = 40;

    /// <summary>
    /// Replaces the record at <paramref name="etag"/> and appends its pending timeline, together with the request key
    /// when given (one transaction). <see cref="ConcurrencyException"/> when the ETag no longer matches or the key was used.
    /// </summary>
    Task<string> SaveAsync(Incident incident, string etag, string? requestKey, CancellationToken cancellationToken);

    /// <summary>True when a request with this key was already applied to the incident.</summary>
    Task<bool> HasRequestKeyAsync(string id, string requestKey, CancellationToken cancellationToken);

    /// <summary>Appends rows, record untouched (insert-only: parallel writers never conflict).</summary>
    Task AppendTimelineAsync(string id, IReadOnlyList<TimelineEntry> entries, CancellationToken cancellationToken);

    /// <summary>
    /// Alert state changes in one transaction: the record replaced at <paramref name="etag"/> (its <see cref="Incident.AlertVersion"/>
    /// bumped, its pending timeline appended), the tracked alerts written and their timeline rows appended. Null (nothing
    /// written) when the record changed since it was read; else the record's new ETag.
    /// </summary>
    Task<string?> TrySaveAlertsAsync(Incident incident, string etag, IReadOnlyList<TrackedAlert> alerts, IReadOnlyList<TimelineEntry> entries, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the incident's timeline rows and tracked alerts by what <paramref name="timeline"/> and <paramref name="alert"/>
    /// make of them (the incident text retention); rows they leave as they were are not written, the record is not touched.
    /// Returns the rows written.
    /// </summary>
    Task<int> RewriteRowsAsync(string id, Func<TimelineEntry, TimelineEntry> timeline, Func<TrackedAlert, TrackedAlert> alert, CancellationToken cancellationToken);

    /// <summary>Adds to / removes from the open-incidents index.</summary>
    Task SetOpenAsync(string id, bool open, CancellationToken cancellationToken);

    Task<IReadOnlyList<string>> ListOpenIdsAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<string>> ListIdsOfYearAsync(int year, int max, CancellationToken cancellationToken);

    /// <summary>The incident a create request with this Idempotency-Key made, if any.</summary>
    Task<string?> GetCreateRequestAsync(string requestKey, CancellationToken cancellationToken);

    /// <summary>Binds the key to <paramref name="incidentId"/>; false when the key was bound first (to the id <see cref="GetCreateRequestAsync"/> returns).</summary>
    Task<bool> TryBindCreateRequestAsync(string requestKey, string incidentId, CancellationToken cancellationToken);

    Task<AlertGroupClaim?> GetOpenGroupAsync(string source, string groupKey, CancellationToken cancellationToken);

    /// <summary>The group's claim and its last incident in one read (they share a partition): what a delivery that is not a known repeat needs first.</summary>
    Task<AlertGroupState> GetGroupAsync(string source, string groupKey, CancellationToken cancellationToken);

    /// <summary>Conditional insert: of parallel first firings exactly one wins, and gets the claim as stored (with its ETag, from the insert's answer); the others null.</summary>
    Task<AlertGroupClaim?> TryClaimGroupAsync(string source, string groupKey, AlertGroupClaim claim, CancellationToken cancellationToken);

    /// <summary>
    /// Gives up the claim <paramref name="claimId"/> (deletes the group's <c>open</c> row if it is still that claim): its incident was
    /// never written, and the group must not stay claimed for nothing.
    /// </summary>
    Task ReleaseGroupAsync(string source, string groupKey, string claimId, CancellationToken cancellationToken);

    /// <summary>Replaces the claim at its ETag; false when it changed.</summary>
    Task<bool> TryUpdateGroupAsync(string source, string groupKey, AlertGroupClaim claim, CancellationToken cancellationToken);

    /// <summary>The group's incident resolved: remembers it for the reopen window and frees the group (only if it still points at that incident).</summary>
    Task CloseGroupAsync(string source, string groupKey, string incidentId, DateTimeOffset resolvedAt, CancellationToken cancellationToken);

    Task<LastAlertGroupIncident?> GetLastGroupAsync(string source, string groupKey, CancellationToken cancellationToken);

    /// <summary>
    /// The status board: open incidents and those resolved at or after <paramref name="resolvedSince"/>, in no particular
    /// order, read from the summaries the open index keeps of each record (one query; a row stored without one is read from
    /// its record and given one). Rows of incidents resolved before <paramref name="resolvedSince"/> may be dropped from the
    /// index: pass the earliest any list shows.
    /// </summary>
    Task<IReadOnlyList<Incident>> ListBoardAsync(DateTimeOffset resolvedSince, CancellationToken cancellationToken);

    /// <summary>
    /// Incidents of <paramref name="year"/> (the year in their id), newest first, at most <paramref name="pageSize"/>, from the
    /// year index's summaries; <paramref name="continuationToken"/> from the previous page continues it.
    /// <see cref="ValidationException"/> for a token this list did not give.
    /// </summary>
    Task<IncidentPage> ListYearAsync(int year, int pageSize, string? continuationToken, CancellationToken cancellationToken);

    /// <summary>
    /// Copies the record into the summaries its index rows keep, never over a newer version's (<see cref="Incident.Revision"/>);
    /// listed in the open index while open. Every save does it; call it for a record read back when a sync may have been missed.
    /// </summary>
    Task SyncSummaryAsync(Incident incident, CancellationToken cancellationToken);
}

/// <summary>Read-modify-write of one incident with ETag retries, so concurrent writers never lose an update.</summary>
public static class IncidentUpdates
{
    private const int MaxAttempts = 20;

    /// <summary>
    /// Brings the open index (its row and summary) and the alert group's claim in line with the record: listed and holding
    /// its group while open, unlisted and its group freed once resolved. Those rows live outside the incident's partition, so no transaction
    /// covers them; instead each writer, after its change, writes what the record says and reads the record again, until
    /// the <see cref="Incident.AlertVersion"/> it wrote for is still current. Whoever changes the record last also writes
    /// last, so a resolve that loses a race with a reopen never leaves the reopened incident unlisted or its group free.
    /// </summary>
    public static async Task SyncIndexesAsync(this IIncidentRepository repository, string id, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var current = await repository.GetAsync(id, cancellationToken);
        for (var attempt = 1; current is not null; attempt++)
        {
            var incident = current.Value;
            await repository.SyncSummaryAsync(incident, cancellationToken);
            if (incident.GroupKey is { } groupKey)
            {
                if (incident.IsOpen)
                {
                    // Holds its group again unless another incident took it meanwhile (then both stay open and listed).
                    await repository.TryClaimGroupAsync(incident.Source, groupKey, new AlertGroupClaim(id, at, Guid.NewGuid().ToString("n")), cancellationToken);
                }
                else
                {
                    await repository.CloseGroupAsync(incident.Source, groupKey, id, incident.ResolvedAt ?? at, cancellationToken);
                }
            }

            var after = await repository.GetAsync(id, cancellationToken);
            if (after is null || (after.Value.AlertVersion == incident.AlertVersion && after.Value.IsOpen == incident.IsOpen))
            {
                return;
            }

            if (attempt >= MaxAttempts)
            {
                throw new ContentionException($"Incident '{id}' keeps opening and closing; retry.");
            }

            current = after;
        }
    }

    /// <summary>
    /// Loads, applies <paramref name="change"/> and saves at the ETag read; on a conflict, reloads and applies again.
    /// A change returning false means "nothing to do" and saves nothing.
    /// </summary>
    public static async Task<Versioned<Incident>> MutateAsync(this IIncidentRepository repository, string id, Func<Incident, bool> change, CancellationToken cancellationToken, string? requestKey = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            var current = await repository.GetAsync(id, cancellationToken) ?? throw new NotFoundException("Incident", id);
            if (requestKey is not null && await repository.HasRequestKeyAsync(id, requestKey, cancellationToken))
            {
                return current;
            }

            if (!change(current.Value))
            {
                return current;
            }

            try
            {
                var etag = await repository.SaveAsync(current.Value, current.ETag, requestKey, cancellationToken);
                current.Value.MarkStored();
                return new Versioned<Incident>(current.Value, etag);
            }
            catch (ConcurrencyException) when (attempt < MaxAttempts)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20 * attempt)), cancellationToken);
            }
            catch (ConcurrencyException ex)
            {
                // Nobody asked for a version (no If-Match): losing every race is "busy, retry", not a conflict of the caller's.
                throw new ContentionException($"Incident '{id}' is being changed by many writers at once; retry. ({ex.Message})");
            }
        }
    }
}
