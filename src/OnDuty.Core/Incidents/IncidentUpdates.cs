using OnDuty.Core.Common;

namespace OnDuty.Core.Incidents;

/// <summary>Read-modify-write of one incident with ETag retries, so concurrent writers never lose an update.</summary>
public static class IncidentUpdates
{
    private const int MaxAttempts = 20;

    /// <summary>
    /// Brings the open index (its row and summary) and the alert group's claim in line with the record: listed and holding
    /// its groups (its own, those that joined it and those merged into it) while open, unlisted and its groups freed once resolved. Those rows live outside the incident's partition, so no transaction
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
            foreach (var group in incident.HeldGroups)
            {
                if (incident.IsOpen)
                {
                    // Holds its group again unless another incident took it meanwhile (then both stay open and listed).
                    await repository.TryClaimGroupAsync(group.Source, group.GroupKey, new AlertGroupClaim(id, at, Guid.NewGuid().ToString("n")), cancellationToken);
                }
                else
                {
                    await repository.CloseGroupAsync(group.Source, group.GroupKey, id, incident.ClosedAt ?? at, cancellationToken);
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
    /// The incident <paramref name="id"/> was merged into (<see cref="Incident.MergedInto"/>), and so on; <paramref name="id"/> itself
    /// when it was not merged, or is not there.
    /// </summary>
    public static async Task<string> FollowMergesAsync(this IIncidentRepository repository, string id, CancellationToken cancellationToken)
    {
        for (var hops = 0; hops < Incident.MaxMergedIncidents && await repository.GetAsync(id, cancellationToken) is { Value.MergedInto: { } into }; hops++)
        {
            id = into;
        }

        return id;
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
