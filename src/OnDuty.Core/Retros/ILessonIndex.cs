namespace OnDuty.Core.Retros;

/// <summary>
/// The inverted index behind lessons search: per term, the documents that hold it, most frequent first, then
/// newest; plus a list of every document, newest first. A read returns at most a bounded number of postings,
/// so a query costs the same with ten retros or ten thousand.
/// </summary>
public interface ILessonIndex
{
    /// <summary>
    /// Writes <paramref name="document"/>'s postings that <paramref name="previous"/> does not already have (upserts,
    /// safe to repeat). Runs before the retro is committed, so a saved retro is findable the moment its save returns.
    /// </summary>
    Task AddAsync(LessonDocument document, LessonDocument? previous, CancellationToken cancellationToken);

    /// <summary>Removes the postings <paramref name="previous"/> had and <paramref name="current"/> has not (after the commit).</summary>
    Task RemoveStaleAsync(LessonDocument previous, LessonDocument current, CancellationToken cancellationToken);

    /// <summary>
    /// The best postings of <paramref name="term"/> (null: every document, newest first) that pass <paramref name="filter"/>,
    /// at most <paramref name="max"/>. <c>Complete</c> is false when more exist beyond what was read.
    /// </summary>
    Task<(IReadOnlyList<LessonPosting> Postings, bool Complete)> ReadAsync(string? term, LessonFilter filter, int max, CancellationToken cancellationToken);

    /// <summary>
    /// The <see cref="LessonDocument.Source"/> (else <see cref="LessonDocument.Fingerprint"/>) each of <paramref name="documents"/> (incident id and detection time) was
    /// last indexed with: point reads, one per document. A document that is not indexed is absent.
    /// </summary>
    Task<IReadOnlyDictionary<string, string>> GetFingerprintsAsync(IReadOnlyList<(string IncidentId, DateTimeOffset At)> documents, CancellationToken cancellationToken);
}
