using OnDuty.Core.Common;

namespace OnDuty.Core.Incidents;

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
    /// The newest <paramref name="max"/> timeline rows of kinds <see cref="TimelineKind.Update"/>, <see cref="TimelineKind.Resolved"/>
    /// and <see cref="TimelineKind.Reopened"/> — where a person's words to the stakeholders are (lessons search indexes them) —
    /// newest first, without reading alert rows back: a bounded read (<see cref="MaxUpdateReads"/> requests at most), so an
    /// incident with a storm of alert repeats costs no more.
    /// </summary>
    Task<IReadOnlyList<TimelineEntry>> GetUpdatesAsync(string id, int max, CancellationToken cancellationToken);

    /// <summary>Storage requests <see cref="GetUpdatesAsync"/> makes at most.</summary>
    public const int MaxUpdateReads = 4;

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
    /// <param name="summaries">
    /// False: the list summaries are left to the caller's next save with summaries (<see cref="SaveAsync"/>, or
    /// <see cref="SyncSummaryAsync"/>), which it makes at once: an incident opened by monitoring marks its first page queued
    /// right after, and its summaries are written once, saying so. The incident must be listed first (<see cref="SetOpenAsync"/>):
    /// should the caller stop before that save, a reader of the list finds its row without a summary and writes both from the record.
    /// </param>
    Task<string?> TryCreateAsync(Incident incident, IReadOnlyList<TrackedAlert> alerts, bool summaries, CancellationToken cancellationToken);

    /// <summary>The most alerts <see cref="TryCreateAsync(Incident, IReadOnlyList{TrackedAlert}, bool, CancellationToken)"/> stores with the record (a transaction holds 100 rows: each alert adds its row and its timeline row).</summary>
    public const int MaxAlertsOnCreate = 40;

    /// <summary>
    /// Replaces the record at <paramref name="etag"/> and appends its pending timeline, together with the request key
    /// when given (one transaction). <see cref="ConcurrencyException"/> when the ETag no longer matches or the key was used.
    /// </summary>
    Task<string> SaveAsync(Incident incident, string etag, string? requestKey, CancellationToken cancellationToken);

    /// <summary>True when a request with this key was already applied to the incident.</summary>
    Task<bool> HasRequestKeyAsync(string id, string requestKey, CancellationToken cancellationToken);

    /// <summary>
    /// Claims escalation step <paramref name="step"/> of round <paramref name="round"/> (a reopen starts a new one) for the run
    /// about to queue it: an insert-only row in the incident's partition, so of escalation runs racing on two instances exactly one
    /// wins. <paramref name="to"/> names whom the step goes to when the incident changed hands since it was first paged (a hand-over
    /// or a page re-addressed to the pair on duty now: <see cref="Incident.ClaimTo"/>), so each such page is claimed once on its own;
    /// null for a step to whoever it was first addressed to. Null when this call claimed it; else when it was claimed (by another
    /// run, or by an earlier one that stopped).
    /// </summary>
    Task<DateTimeOffset?> TryClaimStepAsync(string id, int step, int round, string? to, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Gives up a claim of <see cref="TryClaimStepAsync"/> whose step could not be queued, so the next run queues it at once.</summary>
    Task ReleaseStepClaimAsync(string id, int step, int round, string? to, CancellationToken cancellationToken);

    /// <summary>Appends rows, record untouched (insert-only: parallel writers never conflict).</summary>
    Task AppendTimelineAsync(string id, IReadOnlyList<TimelineEntry> entries, CancellationToken cancellationToken);

    /// <summary>
    /// Alert state changes in one transaction: the record replaced at <paramref name="etag"/> (its <see cref="Incident.AlertVersion"/>
    /// bumped, its pending timeline appended), the tracked alerts written and their timeline rows appended. Null (nothing
    /// written) when the record changed since it was read; else the record's new ETag.
    /// </summary>
    Task<string?> TrySaveAlertsAsync(Incident incident, string etag, IReadOnlyList<TrackedAlert> alerts, IReadOnlyList<TimelineEntry> entries, CancellationToken cancellationToken);

    /// <summary>
    /// Alerts leaving the incident (an undone merge takes back those that came with it): the record replaced at <paramref name="etag"/>
    /// (its pending timeline appended) and the alert rows of <paramref name="dedupKeys"/> deleted, in one transaction. Null (nothing
    /// written) when the record changed since it was read (or a row is not there: give only keys read with the record); else the record's new ETag.
    /// </summary>
    Task<string?> TryRemoveAlertsAsync(Incident incident, string etag, IReadOnlyList<string> dedupKeys, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the incident's timeline rows and tracked alerts by what <paramref name="timeline"/> and <paramref name="alert"/>
    /// make of them (the incident text retention); rows they leave as they were are not written, the record is not touched.
    /// Returns the rows written.
    /// </summary>
    Task<int> RewriteRowsAsync(string id, Func<TimelineEntry, TimelineEntry> timeline, Func<TrackedAlert, TrackedAlert> alert, CancellationToken cancellationToken);

    /// <summary>Adds to / removes from the open-incidents index.</summary>
    Task SetOpenAsync(string id, bool open, CancellationToken cancellationToken);

    /// <summary>
    /// Lists a new incident in the open-incidents index before its record is created, as <see cref="SetOpenAsync"/> does, with when
    /// its opening paged (<see cref="Incident.FirstPagedAt"/>): from then on <see cref="CountFirstPagesAsync"/> counts it, on every
    /// instance. Its summaries keep that time.
    /// </summary>
    Task ListNewAsync(Incident incident, CancellationToken cancellationToken);

    /// <summary>
    /// The storm hold's count, shared by every instance (<see cref="IncidentOptions.StormPages"/>): how many incidents listed in the
    /// open-incidents index now, <paramref name="except"/> left out, had their opening paged (<see cref="Incident.FirstPagedAt"/>) at
    /// or after <paramref name="since"/> — resolved ones still kept there included. One query of the index; counting stops at
    /// <paramref name="atMost"/>. With <paramref name="before"/>, only those before <paramref name="except"/> in the storm's order: paged
    /// before that time (to the millisecond: storage keeps no finer), or in its millisecond with a lower id.
    /// </summary>
    Task<int> CountFirstPagesAsync(DateTimeOffset since, string? except, int atMost, CancellationToken cancellationToken, DateTimeOffset? before = null);

    /// <summary>
    /// As <see cref="CountFirstPagesAsync"/>, for recoveries: incidents in the index, <paramref name="except"/> left out, that monitoring
    /// resolved unanswered (<see cref="Incident.RecoveredUnansweredAt"/>) at or after <paramref name="since"/>, as their summaries say.
    /// </summary>
    Task<int> CountRecoveriesAsync(DateTimeOffset since, string? except, int atMost, CancellationToken cancellationToken, DateTimeOffset? before = null);

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

    /// <summary>At most this many resolves of one delivery are remembered (one transaction's worth).</summary>
    public const int MaxRememberedResolves = 99;

    /// <summary>
    /// Remembers resolves a group sent while it had no incident (dedup key and <c>endsAt</c>, at most <see cref="MaxRememberedResolves"/>),
    /// in the group's partition, so <see cref="GetGroupAsync"/> returns them in the same read; each replaces the one before for
    /// its key. Purged with the group's last-incident rows.
    /// </summary>
    Task RememberResolvesAsync(string source, string groupKey, IReadOnlyList<KeyValuePair<string, DateTimeOffset>> resolves, DateTimeOffset at, CancellationToken cancellationToken);

    Task<LastAlertGroupIncident?> GetLastGroupAsync(string source, string groupKey, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes what <paramref name="source"/>'s groups no longer need (<see cref="AlertGroupRetention"/>): the last-incident rows of
    /// groups whose incident resolved before <paramref name="resolvedBefore"/>, and the alert-grouping rows (source
    /// <c>{source}+grouping</c>) naming an incident opened before <paramref name="groupingBefore"/>. Never a group's claim.
    /// Returns the rows deleted.
    /// </summary>
    Task<int> PurgeGroupsAsync(string source, DateTimeOffset resolvedBefore, DateTimeOffset groupingBefore, CancellationToken cancellationToken);

    /// <summary>
    /// The status board at <paramref name="now"/>: open incidents and those resolved in the
    /// <see cref="IncidentService.StatusBoardResolvedWindow"/> before it, in no particular order, read from the summaries the
    /// open index keeps of each record (one query; a row stored without one is read from its record and given one). Rows of
    /// incidents resolved before that window are dropped from the index. The window is the board's own, not the caller's: a
    /// reader that wants fewer (the maintenance hold: only open ones) filters what it gets, so no reader can take an
    /// incident off the status page, the lessons index or the recovery-notice reminder early.
    /// </summary>
    Task<IReadOnlyList<Incident>> ListBoardAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// The open incidents as the board's summaries have them now, <paramref name="except"/> left out (an incident being opened: its
    /// row has no summary yet), in no particular order: what a new incident's first page names (trial 39 M1). Reads only, in the
    /// board's one query — no record is read, no summary written, no row dropped (<see cref="ListBoardAsync"/>'s upkeep is the status
    /// page's); a row without a summary is left out.
    /// </summary>
    Task<IReadOnlyList<Incident>> ListOpenSummariesAsync(string except, CancellationToken cancellationToken);

    /// <summary>
    /// Which of <paramref name="ids"/> (a few) are open now, as the board's rows say at this moment — one read, not a look of a few
    /// seconds ago: a first page checks the incidents it names from <see cref="ListOpenSummariesAsync"/> with it, so one resolved
    /// a moment before on another instance is not named.
    /// </summary>
    Task<IReadOnlySet<string>> StillOpenAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken);

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
