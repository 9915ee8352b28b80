using OnDuty.Core.Common;

namespace OnDuty.Core.Retros;

/// <summary>Judgement criteria in one partition: the current versions, and every version as history.</summary>
public interface ICriteriaRepository
{
    Task<IReadOnlyList<Versioned<Criterion>>> ListAsync(CancellationToken cancellationToken);

    Task<Versioned<Criterion>?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>
    /// Stores the criterion and its history row (version <see cref="Criterion.Version"/>) in one transaction:
    /// inserted when <paramref name="etag"/> is null, replaced only at that ETag otherwise; <see cref="ConcurrencyException"/> when that fails.
    /// </summary>
    Task<string> SaveAsync(Criterion criterion, string? etag, CancellationToken cancellationToken);

    /// <summary>Every version of every criterion saved from a retro (<see cref="Criterion.Retro"/> set), in no set order: one query of the partition.</summary>
    Task<IReadOnlyList<Criterion>> ListFromRetrosAsync(CancellationToken cancellationToken);

    /// <summary>Every version, oldest first.</summary>
    Task<IReadOnlyList<Criterion>> ListHistoryAsync(string id, CancellationToken cancellationToken);
}
