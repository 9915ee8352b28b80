using OnDuty.Core.Common;
using OnDuty.Core.Incidents;

namespace OnDuty.Core.Retros;

/// <summary>Use cases for the team's judgement criteria: list, add, change (with history linked to retros).</summary>
public sealed class CriteriaService(ICriteriaRepository criteria, IIncidentRepository incidents, TimeProvider time)
{
    public async Task<IReadOnlyList<Versioned<Criterion>>> ListAsync(CancellationToken cancellationToken) =>
        [.. (await criteria.ListAsync(cancellationToken)).OrderBy(c => c.Value.Topic ?? "~", StringComparer.Ordinal).ThenBy(c => c.Value.Id, StringComparer.Ordinal)];

    public async Task<(Versioned<Criterion> Current, IReadOnlyList<Criterion> History)> GetAsync(string id, CancellationToken cancellationToken)
    {
        var current = await criteria.GetAsync(id, cancellationToken) ?? throw new NotFoundException("Criterion", id);
        return (current, await criteria.ListHistoryAsync(id, cancellationToken));
    }

    /// <summary>Adds a criterion (version 1); an id already taken is a conflict.</summary>
    public async Task<Versioned<Criterion>> AddAsync(Criterion criterion, CancellationToken cancellationToken)
    {
        var added = criterion.Validated() with { Version = 1, UpdatedAt = time.GetUtcNow() };
        await CheckRetroAsync(added.Retro, cancellationToken);
        var etag = await criteria.SaveAsync(added, null, cancellationToken);
        return new Versioned<Criterion>(added, etag);
    }

    /// <summary>Replaces the criterion at <paramref name="ifMatch"/> (<c>*</c>: whatever is current); the old version stays in the history.</summary>
    public async Task<Versioned<Criterion>> ChangeAsync(Criterion criterion, string? ifMatch, CancellationToken cancellationToken)
    {
        if (ifMatch is null)
        {
            throw new ConcurrencyException($"Criterion '{criterion.Id}' exists: send If-Match with the ETag you read (or * to overwrite).");
        }

        var changed = criterion.Validated();
        await CheckRetroAsync(changed.Retro, cancellationToken);
        var current = await criteria.GetAsync(changed.Id, cancellationToken) ?? throw new NotFoundException("Criterion", changed.Id);
        var etag = ifMatch == "*" ? current.ETag : ifMatch;
        var next = changed with { Version = current.Value.Version + 1, UpdatedAt = time.GetUtcNow() };
        return new Versioned<Criterion>(next, await criteria.SaveAsync(next, etag, cancellationToken));
    }

    private async Task CheckRetroAsync(string? incidentId, CancellationToken cancellationToken)
    {
        if (incidentId is not null && await incidents.GetAsync(incidentId, cancellationToken) is null)
        {
            throw new ValidationException("retro", $"'{incidentId}' is not an incident");
        }
    }
}
