using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using OnDuty.Core.Retros;

namespace OnDuty.Infrastructure.Tables;

/// <summary>
/// The lessons search index in the <c>Lessons</c> table.
/// <list type="bullet">
/// <item>PK <c>t|{term}</c>: one row per document holding the term. RK <c>{999 − count:D3}|{max − detected ticks:D19}|{incident id}</c>,
/// so a partition reads best first: most occurrences, then newest. A search reads one page of a term's partition,
/// never the rest.</item>
/// <item>PK <c>all</c>: one row per document, RK <c>{max − detected ticks:D19}|{incident id}</c>: the newest first, for searches
/// by area and time alone. It also holds the document's <see cref="LessonDocument.Source"/> (what the sweep indexed it from), else
/// its <see cref="LessonDocument.Fingerprint"/> (<c>Fp</c>), written on every add, so the indexing sweep can tell which incidents
/// changed since they were indexed.</item>
/// </list>
/// Every row carries the filter fields (<c>Sev</c>, <c>At</c>, and <c>A_{hash of area}</c> = true per area: property names
/// cannot hold every area's characters), so area, severity and time are filtered by storage inside the partition.
/// </summary>
public sealed class TableRetroLessonIndex(OnDutyTables tables) : ILessonIndex
{
    private const string AllPartition = "all";
    private const int WriteParallelism = 16;

    /// <summary>Page requests per term at most: a filtered page may come back short (or empty) with a continuation.</summary>
    internal const int MaxPagesPerRead = 3;

    private readonly TableClient _table = tables.Lessons;

    public Task AddAsync(LessonDocument document, LessonDocument? previous, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            var keep = previous is not null && SameFilterFields(previous, document) ? Keys(previous) : [];
            keep.Remove((AllPartition, AllRowKey(document)));
            var rows = Rows(document).Where(r => !keep.Contains((r.PartitionKey, r.RowKey))).ToList();
            await Parallel.ForEachAsync(rows, new ParallelOptions { MaxDegreeOfParallelism = WriteParallelism, CancellationToken = cancellationToken },
                async (row, ct) => await _table.UpsertEntityAsync(row, TableUpdateMode.Replace, ct).ConfigureAwait(false)).ConfigureAwait(false);
        }, cancellationToken);

    public Task RemoveStaleAsync(LessonDocument previous, LessonDocument current, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            var now = Keys(current);
            var stale = Keys(previous).Where(k => !now.Contains(k)).ToList();
            await Parallel.ForEachAsync(stale, new ParallelOptions { MaxDegreeOfParallelism = WriteParallelism, CancellationToken = cancellationToken },
                async (key, ct) =>
                {
                    try
                    {
                        await _table.DeleteEntityAsync(key.Partition, key.Row, ETag.All, ct).ConfigureAwait(false);
                    }
                    catch (RequestFailedException ex) when (ex.IsNotFound())
                    {
                        // Already gone.
                    }
                }).ConfigureAwait(false);
        }, cancellationToken);

    /// <summary>
    /// Writes many documents' rows grouped by partition, 100 to a transaction (rebuilding the index, seeding tests).
    /// A save uses <see cref="AddAsync"/>: one document's terms are all different partitions.
    /// </summary>
    public Task AddManyAsync(IEnumerable<LessonDocument> documents, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            var batches = documents.SelectMany(Rows)
                .GroupBy(r => r.PartitionKey, StringComparer.Ordinal)
                .SelectMany(g => g.DistinctBy(r => r.RowKey, StringComparer.Ordinal).Chunk(100))
                .ToList();
            await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = WriteParallelism, CancellationToken = cancellationToken },
                async (batch, ct) => await _table.SubmitTransactionAsync(
                    batch.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, r)), ct).ConfigureAwait(false)).ConfigureAwait(false);
        }, cancellationToken);

    public Task<(IReadOnlyList<LessonPosting> Postings, bool Complete)> ReadAsync(string? term, LessonFilter filter, int max, CancellationToken cancellationToken) =>
        TableCall.RunAsync<(IReadOnlyList<LessonPosting>, bool)>(async () =>
        {
            var postings = new List<LessonPosting>();
            var pages = 0;
            string? continuation = null;
            await foreach (var page in _table.QueryAsync<TableEntity>(Filter(term, filter), maxPerPage: max, select: ["Doc", "Tf", "At"], cancellationToken: cancellationToken)
                .AsPages(pageSizeHint: max).ConfigureAwait(false))
            {
                pages++;
                postings.AddRange(page.Values.Select(e => new LessonPosting(e.RequiredString("Doc"), e.GetInt32("Tf") ?? 1, e.Timestamp("At"))));
                continuation = page.ContinuationToken;
                if (postings.Count >= max || pages >= MaxPagesPerRead)
                {
                    break;
                }
            }

            return (postings.Take(max).ToList(), continuation is null && postings.Count <= max);
        }, cancellationToken);

    public Task<IReadOnlyDictionary<string, string>> GetFingerprintsAsync(IReadOnlyList<(string IncidentId, DateTimeOffset At)> documents, CancellationToken cancellationToken) =>
        TableCall.RunAsync<IReadOnlyDictionary<string, string>>(async () =>
        {
            var found = new System.Collections.Concurrent.ConcurrentDictionary<string, string>(StringComparer.Ordinal);
            await Parallel.ForEachAsync(documents, new ParallelOptions { MaxDegreeOfParallelism = WriteParallelism, CancellationToken = cancellationToken },
                async (document, ct) =>
                {
                    var row = await _table.GetEntityIfExistsAsync<TableEntity>(AllPartition, AllRowKey(document.IncidentId, document.At), ["Fp"], ct).ConfigureAwait(false);
                    if (row.HasValue)
                    {
                        found[document.IncidentId] = row.Value!.GetString("Fp") ?? "";
                    }
                }).ConfigureAwait(false);
            return found;
        }, cancellationToken);

    internal static string TermPartition(string term) => "t|" + TableKey.Escape(term);

    internal static string AreaProperty(string normalisedArea) =>
        "A_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalisedArea)))[..16];

    private static string Filter(string? term, LessonFilter filter)
    {
        var clauses = new List<string> { TableClient.CreateQueryFilter($"PartitionKey eq {(term is null ? AllPartition : TermPartition(term))}") };
        if (filter.Severity is { } severity)
        {
            clauses.Add(TableClient.CreateQueryFilter($"Sev eq {(int)severity}"));
        }

        if (filter.From is { } from)
        {
            clauses.Add(TableClient.CreateQueryFilter($"At ge {from}"));
        }

        if (filter.To is { } to)
        {
            clauses.Add(TableClient.CreateQueryFilter($"At lt {to}"));
        }

        if (filter.Area is { } area)
        {
            clauses.Add(AreaProperty(area) + " eq true");
        }

        return string.Join(" and ", clauses);
    }

    private static bool SameFilterFields(LessonDocument a, LessonDocument b) =>
        a.Severity == b.Severity && a.At == b.At && a.Areas.Order(StringComparer.Ordinal).SequenceEqual(b.Areas.Order(StringComparer.Ordinal), StringComparer.Ordinal);

    private static HashSet<(string Partition, string Row)> Keys(LessonDocument document) =>
        [.. Rows(document).Select(r => (r.PartitionKey, r.RowKey))];

    private static IEnumerable<TableEntity> Rows(LessonDocument document)
    {
        var newest = Newest(document.At);
        var id = TableKey.Escape(document.IncidentId);
        var all = Row(document, AllPartition, AllRowKey(document), 0);
        all["Fp"] = document.Source ?? document.Fingerprint();
        yield return all;
        foreach (var (term, count) in document.Terms)
        {
            var best = (999 - Math.Min(count, 999)).ToString("D3", CultureInfo.InvariantCulture);
            yield return Row(document, TermPartition(term), $"{best}|{newest}|{id}", count);
        }
    }

    private static string Newest(DateTimeOffset at) => TableKey.LatestFirst(at);

    private static string AllRowKey(LessonDocument document) => AllRowKey(document.IncidentId, document.At);

    private static string AllRowKey(string incidentId, DateTimeOffset at) => $"{Newest(at)}|{TableKey.Escape(incidentId)}";

    private static TableEntity Row(LessonDocument document, string partition, string row, int count)
    {
        var entity = new TableEntity(partition, row)
        {
            ["Doc"] = document.IncidentId,
            ["Tf"] = count,
            ["Sev"] = (int)document.Severity,
            ["At"] = document.At,
        };
        foreach (var area in document.Areas)
        {
            entity[AreaProperty(area)] = true;
        }

        return entity;
    }
}
