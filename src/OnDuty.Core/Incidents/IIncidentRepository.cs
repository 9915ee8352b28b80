using OnDuty.Core.Common;

namespace OnDuty.Core.Incidents;

/// <summary>Who owns an alert group right now: the open incident, or a claim by a request that is still creating it.</summary>
public sealed record AlertGroupClaim(string? IncidentId, DateTimeOffset ClaimedAt, string ClaimId, string ETag = "");

/// <summary>The group's last incident and when it resolved, for the reopen window.</summary>
public sealed record LastAlertGroupIncident(string IncidentId, DateTimeOffset ResolvedAt);

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

    Task<IReadOnlyList<Versioned<TrackedAlert>>> GetAlertsAsync(string id, CancellationToken cancellationToken);

    /// <summary>Stores a new incident with its pending timeline (one transaction) and lists it; null when the id exists (nothing written).</summary>
    Task<string?> TryCreateAsync(Incident incident, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the record at <paramref name="etag"/> and appends its pending timeline, together with the request key
    /// when given (one transaction). <see cref="ConcurrencyException"/> when the ETag no longer matches or the key was used.
    /// </summary>
    Task<string> SaveAsync(Incident incident, string etag, string? requestKey, CancellationToken cancellationToken);

    /// <summary>True when a request with this key was already applied to the incident.</summary>
    Task<bool> HasRequestKeyAsync(string id, string requestKey, CancellationToken cancellationToken);

    /// <summary>Appends rows, record untouched (insert-only: parallel writers never conflict).</summary>
    Task AppendTimelineAsync(string id, IReadOnlyList<TimelineEntry> entries, CancellationToken cancellationToken);

    /// <summary>Inserts (ETag null) or replaces (at ETag) tracked alerts with their timeline rows in one transaction; false when another writer got there first.</summary>
    Task<bool> TrySaveAlertsAsync(string id, IReadOnlyList<(TrackedAlert Alert, string? ETag)> alerts, IReadOnlyList<TimelineEntry> entries, CancellationToken cancellationToken);

    /// <summary>Adds to / removes from the open-incidents index.</summary>
    Task SetOpenAsync(string id, bool open, CancellationToken cancellationToken);

    Task<IReadOnlyList<string>> ListOpenIdsAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<string>> ListIdsOfYearAsync(int year, int max, CancellationToken cancellationToken);

    /// <summary>The incident a create request with this Idempotency-Key made, if any.</summary>
    Task<string?> GetCreateRequestAsync(string requestKey, CancellationToken cancellationToken);

    /// <summary>Binds the key to <paramref name="incidentId"/>; false when the key was bound first (to the id <see cref="GetCreateRequestAsync"/> returns).</summary>
    Task<bool> TryBindCreateRequestAsync(string requestKey, string incidentId, CancellationToken cancellationToken);

    Task<AlertGroupClaim?> GetOpenGroupAsync(string source, string groupKey, CancellationToken cancellationToken);

    /// <summary>Conditional insert: of parallel first firings exactly one wins.</summary>
    Task<bool> TryClaimGroupAsync(string source, string groupKey, AlertGroupClaim claim, CancellationToken cancellationToken);

    /// <summary>Replaces the claim at its ETag; false when it changed.</summary>
    Task<bool> TryUpdateGroupAsync(string source, string groupKey, AlertGroupClaim claim, CancellationToken cancellationToken);

    /// <summary>The group's incident resolved: remembers it for the reopen window and frees the group (only if it still points at that incident).</summary>
    Task CloseGroupAsync(string source, string groupKey, string incidentId, DateTimeOffset resolvedAt, CancellationToken cancellationToken);

    Task<LastAlertGroupIncident?> GetLastGroupAsync(string source, string groupKey, CancellationToken cancellationToken);
}

/// <summary>Read-modify-write of one incident with ETag retries, so concurrent writers never lose an update.</summary>
public static class IncidentUpdates
{
    private const int MaxAttempts = 20;

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
        }
    }
}
