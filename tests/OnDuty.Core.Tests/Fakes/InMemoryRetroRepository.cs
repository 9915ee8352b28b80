using System.Collections.Concurrent;
using OnDuty.Core.Common;
using OnDuty.Core.Retros;
using OnDuty.Testing;

namespace OnDuty.Core.Tests.Fakes;

/// <summary>Retros in memory with ETags, for use-case tests (the Table Storage adapter is tested on Azurite).</summary>
internal sealed class InMemoryRetroRepository : IRetroRepository
{
    private readonly ConcurrentDictionary<string, List<StoredRetro>> _versions = new(StringComparer.Ordinal);

    public Task<Versioned<StoredRetro>?> GetAsync(string incidentId, CancellationToken cancellationToken) =>
        Task.FromResult(_versions.TryGetValue(incidentId, out var list) && list.Count > 0 ? new Versioned<StoredRetro>(list[^1], ETag(list.Count)) : null);

    public Task<string> SaveAsync(StoredRetro retro, string? etag, CancellationToken cancellationToken)
    {
        CheckRows(retro);
        lock (_versions)
        {
            var list = _versions.GetOrAdd(retro.IncidentId, _ => []);
            if ((etag is null && list.Count > 0) || (etag is not null && etag != ETag(list.Count)))
            {
                throw new ConcurrencyException($"Retro of {retro.IncidentId} changed");
            }

            list.Add(retro);
            return Task.FromResult(ETag(list.Count));
        }
    }

    public Task<IReadOnlyList<RetroVersion>> ListVersionsAsync(string incidentId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<RetroVersion>>(_versions.TryGetValue(incidentId, out var list) ? [.. list.Select(r => r.Version).Reverse()] : []);

    public Task<(RetroContent Content, RetroVersion Version)?> GetVersionAsync(string incidentId, int version, CancellationToken cancellationToken) =>
        Task.FromResult<(RetroContent, RetroVersion)?>(_versions.TryGetValue(incidentId, out var list) && version >= 1 && version <= list.Count
            ? (list[version - 1].Content, list[version - 1].Version)
            : null);

    public Task<IReadOnlyList<IndexedActionItem>> ListOpenActionItemsAsync(CancellationToken cancellationToken)
    {
        lock (_versions)
        {
            return Task.FromResult<IReadOnlyList<IndexedActionItem>>([.. _versions.Values.Where(l => l.Count > 0).SelectMany(l => OpenItems(l[^1], _renamed))]);
        }
    }

    public Task<IReadOnlyList<IndexedCriterionChange>> ListCriteriaChangesAsync(CancellationToken cancellationToken)
    {
        lock (_versions)
        {
            return Task.FromResult<IReadOnlyList<IndexedCriterionChange>>([.. _versions.Values.Where(l => l.Count > 0).SelectMany(l => Proposals(l[^1], _renamed))]);
        }
    }

    /// <summary>A retro's row in the proposals index, as the table store writes it with each save: its current version's criteria changes.</summary>
    internal static IEnumerable<IndexedCriterionChange> Proposals(StoredRetro retro, IReadOnlyDictionary<string, Renamed>? renamed = null)
    {
        var row = renamed?.TryGetValue(retro.IncidentId, out var r) == true && r.Version == retro.Version.Version ? r : null;
        return retro.Content.CriteriaChanges.Select((c, i) => new IndexedCriterionChange(retro.IncidentId, row?.Title ?? retro.Indexed.Title, c, retro.Version)
        {
            Position = i,
            MergedInto = row?.MergedInto ?? retro.Indexed.MergedInto,
        });
    }

    /// <summary>A retro's row in the action-item index, as the table store writes it with each save: its current version's open items.</summary>
    /// <paramref name="renamed"/>: the incident as written since the save (<see cref="RenameActionItemsIncidentAsync"/>) over that version's row.
    internal static IEnumerable<IndexedActionItem> OpenItems(StoredRetro retro, IReadOnlyDictionary<string, Renamed>? renamed = null)
    {
        var row = renamed?.TryGetValue(retro.IncidentId, out var r) == true && r.Version == retro.Version.Version ? r : null;
        return retro.Content.ActionItems.Where(i => i.Status == ActionItemStatus.Open)
            .Select(i => new IndexedActionItem(retro.IncidentId, row?.Title ?? retro.Indexed.Title, i)
            {
                MergedInto = row?.MergedInto ?? retro.Indexed.MergedInto, SavedAt = retro.Version.SavedAt, Confidential = row?.Confidential ?? retro.Indexed.Confidential,
            });
    }

    /// <summary>An index row's incident fields merged in over the row of retro version <paramref name="Version"/> (a later save writes its own, as the table store's does).</summary>
    internal sealed record Renamed(int Version, string Title, string? MergedInto, bool? Confidential = null);

    private readonly ConcurrentDictionary<string, Renamed> _renamed = new(StringComparer.Ordinal);

    public Task RenameActionItemsIncidentAsync(string incidentId, string title, string? mergedInto, CancellationToken cancellationToken, bool? confidential = null)
    {
        TableStorageRules.CheckRow(TableStorageRules.Escape(incidentId), "actions", [("IncidentTitle", title), ("MergedInto", mergedInto)]);
        lock (_versions)
        {
            if (_versions.TryGetValue(incidentId, out var list) && list.Count > 0)
            {
                var same = _renamed.TryGetValue(incidentId, out var was) && was.Version == list[^1].Version.Version;
                var kept = same ? was!.MergedInto : list[^1].Indexed.MergedInto;
                _renamed[incidentId] = new Renamed(list[^1].Version.Version, title, mergedInto ?? kept, confidential ?? (same ? was!.Confidential : null));
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>Stores <paramref name="content"/> as the next version of <paramref name="incident"/>'s retro, saved by <paramref name="by"/>.</summary>
    public Task PutAsync(Core.Incidents.Incident incident, RetroContent content, DateTimeOffset at, string by = "test")
    {
        var version = (_versions.TryGetValue(incident.Id, out var list) ? list.Count : 0) + 1;
        return SaveAsync(new StoredRetro(incident.Id, content, new RetroVersion(version, by, at), LessonDocument.For(incident, content)), version == 1 ? null : ETag(version - 1), default);
    }

    private static string ETag(int version) => $"W/\"{version}\"";

    /// <summary>
    /// The rows the table store writes for a save, in one transaction: the record (content and indexed document as JSON, each
    /// over properties of 30,000 characters, at most 30), the version (the content again) and the action-item index's row (the
    /// open items as JSON, their count, the incident's title) and the proposals index's row (the criteria changes as JSON, their
    /// count, the version's who and when, the incident's title), PK the escaped incident id.
    /// </summary>
    internal static void CheckRows(StoredRetro retro)
    {
        var partition = TableStorageRules.Escape(retro.IncidentId);
        var content = RetroJson.Serialize(retro.Content);
        (string, object?)[] version = [("Version", retro.Version.Version), ("SavedBy", retro.Version.SavedBy), ("SavedAt", retro.Version.SavedAt)];
        TableStorageRules.CheckRow(partition, "retro", [.. version, .. Chunks("Data", content), .. Chunks("Doc", RetroJson.Serialize(retro.Indexed))]);
        TableStorageRules.CheckRow(partition, "version|000001", [.. version, .. Chunks("Data", content)]);
        var open = retro.Content.ActionItems.Where(i => i.Status == ActionItemStatus.Open).ToList();
        TableStorageRules.CheckRow(partition, "actions", [("Open", open.Count), ("Version", retro.Version.Version), ("SavedAt", retro.Version.SavedAt), ("IncidentTitle", retro.Indexed.Title), ("MergedInto", retro.Indexed.MergedInto), .. Chunks("Items", RetroJson.Serialize(open))]);
        TableStorageRules.CheckRow(partition, "proposals", [("Count", retro.Content.CriteriaChanges.Count), .. version, ("IncidentTitle", retro.Indexed.Title), ("MergedInto", retro.Indexed.MergedInto), .. Chunks("Items", RetroJson.Serialize(retro.Content.CriteriaChanges))]);
    }

    private static IEnumerable<(string Name, object? Value)> Chunks(string name, string text)
    {
        const int ChunkChars = 30_000;
        const int MaxChunks = 30;
        var chunks = TableStorageRules.Chunked(name, text, ChunkChars).Select((c, i) => ($"{name}{i:D2}", c.Value)).ToList();
        if (chunks.Count > MaxChunks)
        {
            throw new InvalidOperationException($"{name} is {text.Length} characters: more than {MaxChunks} properties of {ChunkChars}.");
        }

        return [.. chunks, (name + "Count", chunks.Count)];
    }
}
