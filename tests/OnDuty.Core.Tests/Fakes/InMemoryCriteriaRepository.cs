using OnDuty.Core.Common;
using OnDuty.Core.Retros;
using OnDuty.Testing;

namespace OnDuty.Core.Tests.Fakes;

/// <summary>
/// Judgement criteria in memory as the table adapter keeps them (one partition: the current row ETag-guarded, a history row per
/// version, both written or neither), stored as their JSON so nothing shares a reference with the caller; counts its list reads.
/// </summary>
internal sealed class InMemoryCriteriaRepository : ICriteriaRepository
{
    private readonly Dictionary<string, (string Data, string ETag)> _current = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _history = new(StringComparer.Ordinal);
    private int _etag;

    /// <summary>How many times the criteria were listed (one query of the partition each).</summary>
    public int Lists { get; private set; }

    public Task<IReadOnlyList<Versioned<Criterion>>> ListAsync(CancellationToken cancellationToken)
    {
        lock (_current)
        {
            Lists++;
            // The table answers in row-key order: current|{escaped id}.
            return Task.FromResult<IReadOnlyList<Versioned<Criterion>>>([.. _current
                .OrderBy(c => TableStorageRules.Escape(c.Key), StringComparer.Ordinal)
                .Select(c => new Versioned<Criterion>(RetroJson.Deserialize<Criterion>(c.Value.Data), c.Value.ETag))]);
        }
    }

    public Task<Versioned<Criterion>?> GetAsync(string id, CancellationToken cancellationToken)
    {
        lock (_current)
        {
            return Task.FromResult(_current.TryGetValue(id, out var row) ? new Versioned<Criterion>(RetroJson.Deserialize<Criterion>(row.Data), row.ETag) : null);
        }
    }

    public Task<string> SaveAsync(Criterion criterion, string? etag, CancellationToken cancellationToken)
    {
        TableStorageRules.CheckKey("current|" + TableStorageRules.Escape(criterion.Id));
        var data = RetroJson.Serialize(criterion);
        lock (_current)
        {
            var exists = _current.TryGetValue(criterion.Id, out var row);
            if (etag is null && exists)
            {
                throw new ConcurrencyException($"Criterion '{criterion.Id}' exists: change it with PUT and If-Match.");
            }

            if (etag is not null && !exists)
            {
                throw new NotFoundException("Criterion", criterion.Id);
            }

            if (etag is not null && etag != row.ETag)
            {
                throw new ConcurrencyException($"Criterion '{criterion.Id}' was changed by someone else first; read it again.");
            }

            var history = _history.GetValueOrDefault(criterion.Id) ?? [];
            if (history.Any(h => RetroJson.Deserialize<Criterion>(h).Version == criterion.Version))
            {
                // The history row's key is taken: the transaction fails as a whole.
                throw new ConcurrencyException($"Criterion '{criterion.Id}' was changed by someone else first; read it again.");
            }

            var next = $"W/\"c{++_etag}\"";
            _current[criterion.Id] = (data, next);
            _history[criterion.Id] = [.. history, data];
            return Task.FromResult(next);
        }
    }

    public Task<IReadOnlyList<Criterion>> ListFromRetrosAsync(CancellationToken cancellationToken)
    {
        lock (_current)
        {
            return Task.FromResult<IReadOnlyList<Criterion>>([.. _history.Values.SelectMany(h => h).Select(RetroJson.Deserialize<Criterion>).Where(c => c.Retro is not null)]);
        }
    }

    public Task<IReadOnlyList<Criterion>> ListHistoryAsync(string id, CancellationToken cancellationToken)
    {
        lock (_current)
        {
            return Task.FromResult<IReadOnlyList<Criterion>>([.. (_history.GetValueOrDefault(id) ?? []).Select(RetroJson.Deserialize<Criterion>).OrderBy(c => c.Version)]);
        }
    }
}
