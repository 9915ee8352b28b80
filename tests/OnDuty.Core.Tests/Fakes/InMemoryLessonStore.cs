using OnDuty.Core.Common;
using OnDuty.Core.Retros;
using OnDuty.Testing;

namespace OnDuty.Core.Tests.Fakes;

/// <summary>
/// <see cref="ILessonIndex"/> and <see cref="IRetroRepository"/> in memory, with the adapters' orders (postings most
/// frequent first, then newest) and bounds, and a count of reads so tests can check a search stays bounded.
/// </summary>
internal sealed class InMemoryLessonStore : ILessonIndex, IRetroRepository
{
    private readonly Dictionary<string, Dictionary<string, LessonDocument>> _postings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LessonDocument> _all = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Versioned<StoredRetro>> _retros = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<StoredRetro>> _versions = new(StringComparer.Ordinal);
    private int _etag;

    public int Reads { get; private set; }

    public Task AddAsync(LessonDocument document, LessonDocument? previous, CancellationToken cancellationToken)
    {
        // The table index's rows: one under "all", one a term under "t|{term}", each keyed by rank, newest and incident.
        var row = $"999|{new string('0', 19)}|{TableStorageRules.Escape(document.IncidentId)}";
        TableStorageRules.CheckRow("all", row[4..], ("Doc", document.IncidentId), ("Tf", 0), ("Sev", (int)document.Severity), ("At", document.At), ("Fp", document.Source ?? document.Fingerprint()));
        foreach (var term in document.Terms.Keys)
        {
            TableStorageRules.CheckRow("t|" + TableStorageRules.Escape(term), row, ("Doc", document.IncidentId), ("Tf", 0), ("Sev", (int)document.Severity), ("At", document.At));
        }

        _all[document.IncidentId] = document;
        Writes[document.IncidentId] = Writes.GetValueOrDefault(document.IncidentId) + 1;
        foreach (var term in document.Terms.Keys)
        {
            if (!_postings.TryGetValue(term, out var list))
            {
                _postings[term] = list = new(StringComparer.Ordinal);
            }

            list[document.IncidentId] = document;
        }

        return Task.CompletedTask;
    }

    public Task RemoveStaleAsync(LessonDocument previous, LessonDocument current, CancellationToken cancellationToken)
    {
        foreach (var term in previous.Terms.Keys.Where(t => !current.Terms.ContainsKey(t)))
        {
            _postings[term].Remove(previous.IncidentId);
        }

        return Task.CompletedTask;
    }

    public Task<(IReadOnlyList<LessonPosting> Postings, bool Complete)> ReadAsync(string? term, LessonFilter filter, int max, CancellationToken cancellationToken)
    {
        Reads++;
        IEnumerable<LessonDocument> documents = term is null ? _all.Values : _postings.TryGetValue(term, out var list) ? list.Values : [];
        var matching = documents
            .Where(d => (filter.Area is null || d.Areas.Contains(filter.Area)) && (filter.Severity is null || d.Severity == filter.Severity)
                && (filter.From is null || d.At >= filter.From) && (filter.To is null || d.At < filter.To))
            .OrderByDescending(d => term is null ? 0 : Math.Min(d.Terms[term], 999))
            .ThenByDescending(d => d.At)
            .Select(d => new LessonPosting(d.IncidentId, term is null ? 0 : d.Terms[term], d.At))
            .ToList();
        return Task.FromResult<(IReadOnlyList<LessonPosting>, bool)>((matching.Take(max).ToList(), matching.Count <= max));
    }

    public Task<IReadOnlyDictionary<string, string>> GetFingerprintsAsync(IReadOnlyList<(string IncidentId, DateTimeOffset At)> documents, CancellationToken cancellationToken)
    {
        Reads += documents.Count;
        return Task.FromResult<IReadOnlyDictionary<string, string>>(documents
            .Where(d => _all.TryGetValue(d.IncidentId, out var indexed) && indexed.At == d.At)
            .ToDictionary(d => d.IncidentId, d => _all[d.IncidentId].Source ?? _all[d.IncidentId].Fingerprint(), StringComparer.Ordinal));
    }

    /// <summary>How many times each incident's document was written: the sweep must not rewrite what did not change.</summary>
    public Dictionary<string, int> Writes { get; } = new(StringComparer.Ordinal);

    public Task<Versioned<StoredRetro>?> GetAsync(string incidentId, CancellationToken cancellationToken)
    {
        Reads++;
        return Task.FromResult(_retros.GetValueOrDefault(incidentId));
    }

    public Task<string> SaveAsync(StoredRetro retro, string? etag, CancellationToken cancellationToken)
    {
        InMemoryRetroRepository.CheckRows(retro);
        var current = _retros.GetValueOrDefault(retro.IncidentId);
        if ((etag is null && current is not null) || (etag is not null && current?.ETag != etag))
        {
            throw new ConcurrencyException("changed");
        }

        var next = $"e{++_etag}";
        _retros[retro.IncidentId] = new Versioned<StoredRetro>(retro, next);
        if (!_versions.TryGetValue(retro.IncidentId, out var versions))
        {
            _versions[retro.IncidentId] = versions = [];
        }

        versions.Add(retro);
        return Task.FromResult(next);
    }

    public Task<IReadOnlyList<RetroVersion>> ListVersionsAsync(string incidentId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<RetroVersion>>([.. (_versions.GetValueOrDefault(incidentId) ?? []).Select(v => v.Version).OrderByDescending(v => v.Version)]);

    public Task<(RetroContent Content, RetroVersion Version)?> GetVersionAsync(string incidentId, int version, CancellationToken cancellationToken) =>
        Task.FromResult(_versions.GetValueOrDefault(incidentId)?.FirstOrDefault(v => v.Version.Version == version) is { } found
            ? ((RetroContent, RetroVersion)?)(found.Content, found.Version)
            : null);

    public Task<IReadOnlyList<IndexedActionItem>> ListOpenActionItemsAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<IndexedActionItem>>([.. _retros.Values.SelectMany(r => InMemoryRetroRepository.OpenItems(r.Value, _renamed))]);

    public Task<IReadOnlyList<IndexedCriterionChange>> ListCriteriaChangesAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<IndexedCriterionChange>>([.. _retros.Values.SelectMany(r => InMemoryRetroRepository.Proposals(r.Value, _renamed))]);

    private readonly Dictionary<string, InMemoryRetroRepository.Renamed> _renamed = new(StringComparer.Ordinal);

    public Task RenameActionItemsIncidentAsync(string incidentId, string title, string? mergedInto, CancellationToken cancellationToken, bool? confidential = null)
    {
        TableStorageRules.CheckRow(TableStorageRules.Escape(incidentId), "actions", [("IncidentTitle", title), ("MergedInto", mergedInto)]);
        if (_retros.TryGetValue(incidentId, out var retro))
        {
            var same = _renamed.TryGetValue(incidentId, out var was) && was.Version == retro.Value.Version.Version;
            _renamed[incidentId] = new(retro.Value.Version.Version, title, mergedInto ?? (same ? was!.MergedInto : retro.Value.Indexed.MergedInto), confidential ?? (same ? was!.Confidential : null));
        }

        return Task.CompletedTask;
    }
}
