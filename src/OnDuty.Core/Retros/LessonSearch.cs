using Microsoft.Extensions.Options;
using OnDuty.Core.Alerts;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;

namespace OnDuty.Core.Retros;

/// <summary>
/// Lessons search over incidents and their retros, answered from the inverted index: per query term one
/// bounded read of its best postings, then point reads of the top hits only. Never a scan, whatever the corpus.
/// </summary>
/// <remarks>
/// Ranking: documents matching more of the query's terms come first (so all bigrams of a Japanese word beat a
/// part of it); among them a BM25-style score, where a term's weight falls with how many documents hold it (its
/// postings read; a term whose list was cut off is common) and a term's count saturates; ties go to the newer
/// incident. Each hit is checked against its stored record (the retro's, or the incident's own for an incident without a
/// retro, indexed by <see cref="LessonIndexer"/>), so postings left by a failed or replaced save never show.
/// </remarks>
public sealed class LessonSearch(ILessonIndex index, IRetroRepository retros, IIncidentRepository incidents, IOptions<IncidentOptions> options)
{
    public const int MaxTerms = 16;
    public const int MaxQueryLength = 200;
    public const int DefaultLimit = 10;
    public const int MaxLimit = 50;

    /// <summary>Postings read per term at most.</summary>
    public const int PostingsPerTerm = 200;

    private const double K1 = 1.2;

    /// <summary>Stands in for the corpus size in the weight of a term: only the ratio between terms matters.</summary>
    private const double ReferenceCorpus = 10_000;

    /// <summary>Similar past incidents shown on an incident's page at most.</summary>
    public const int SimilarLimit = 3;

    /// <summary>
    /// Past incidents like <paramref name="incident"/> ("last time this broke, this is what we did"): searched by the words of its
    /// title and affected areas, itself left out. The same bounded reads as a search.
    /// </summary>
    public async Task<IReadOnlyList<LessonHit>> SimilarAsync(Incident incident, int limit, CancellationToken cancellationToken)
    {
        var terms = LessonTokenizer.Terms(string.Join(' ', incident.AffectedAreas.Prepend(incident.Title)))
            .Distinct(StringComparer.Ordinal)
            .Take(MaxTerms)
            .ToList();
        if (terms.Count == 0)
        {
            return [];
        }

        var ranked = (await RankAsync(terms, LessonFilter.None, cancellationToken)).Where(c => c.IncidentId != incident.Id).ToList();
        return await VerifyAsync(ranked, terms.ToHashSet(StringComparer.Ordinal), LessonFilter.None, limit, cancellationToken);
    }

    /// <summary>Searches with dates as the team reads them: <paramref name="from"/> and <paramref name="to"/> inclusive, in the team's time zone.</summary>
    public Task<IReadOnlyList<LessonHit>> SearchAsync(string? text, string? area, AlertSeverity? severity, DateOnly? from, DateOnly? to, int limit, CancellationToken cancellationToken)
    {
        ReportRange.CheckAsked(from, to);
        new ValidationErrors()
            .When(from > to, "from", "must not be after to")
            .When(limit is < 1 or > MaxLimit, "limit", $"must be from 1 to {MaxLimit}")
            .When(area?.Length > 100, "area", "must be at most 100 characters")
            .ThrowIfAny();
        var zone = options.Value.Zone;
        var filter = new LessonFilter(
            string.IsNullOrWhiteSpace(area) ? null : LessonDocument.NormaliseArea(area),
            severity,
            from is { } f ? TimeZones.StartOfDay(f, zone).ToUniversalTime() : null,
            to is { } t ? TimeZones.StartOfDay(t.AddDays(1), zone).ToUniversalTime() : null);
        return SearchAsync(text, filter, limit, cancellationToken);
    }

    public async Task<IReadOnlyList<LessonHit>> SearchAsync(string? text, LessonFilter filter, int limit, CancellationToken cancellationToken)
    {
        if (text?.Length > MaxQueryLength)
        {
            throw new ValidationException("q", $"must be at most {MaxQueryLength} characters");
        }

        var terms = LessonTokenizer.Terms(text).Take(MaxTerms).ToList();
        if (!string.IsNullOrWhiteSpace(text) && terms.Count == 0)
        {
            throw new ValidationException("q", "has nothing to search for: give a word, or at least two characters of Japanese");
        }

        var candidates = terms.Count == 0
            ? await NewestAsync(filter, limit, cancellationToken)
            : await RankAsync(terms, filter, cancellationToken);
        return await VerifyAsync(candidates, terms.ToHashSet(StringComparer.Ordinal), filter, limit, cancellationToken);
    }

    private async Task<IReadOnlyList<Candidate>> NewestAsync(LessonFilter filter, int limit, CancellationToken cancellationToken)
    {
        var (postings, _) = await index.ReadAsync(null, filter, limit * 2, cancellationToken);
        return [.. postings.Select(p => new Candidate(p.IncidentId, p.At, 0, 0))];
    }

    private async Task<IReadOnlyList<Candidate>> RankAsync(IReadOnlyList<string> terms, LessonFilter filter, CancellationToken cancellationToken)
    {
        var lists = await Task.WhenAll(terms.Select(t => index.ReadAsync(t, filter, PostingsPerTerm, cancellationToken)));
        var scores = new Dictionary<string, Candidate>(StringComparer.Ordinal);
        foreach (var (postings, complete) in lists)
        {
            var documents = complete ? postings.Count : postings.Count * 2;
            var weight = Math.Log(1 + (ReferenceCorpus / Math.Max(1, documents)));
            foreach (var posting in postings.DistinctBy(p => p.IncidentId))
            {
                var tf = (double)posting.Frequency;
                var gain = weight * (tf * (K1 + 1)) / (tf + K1);
                scores[posting.IncidentId] = scores.TryGetValue(posting.IncidentId, out var seen)
                    ? seen with { Matched = seen.Matched + 1, Score = seen.Score + gain }
                    : new Candidate(posting.IncidentId, posting.At, 1, gain);
            }
        }

        return [.. scores.Values.OrderByDescending(c => c.Matched).ThenByDescending(c => c.Score).ThenByDescending(c => c.At)];
    }

    private async Task<IReadOnlyList<LessonHit>> VerifyAsync(IReadOnlyList<Candidate> ranked, IReadOnlySet<string> terms, LessonFilter filter, int limit, CancellationToken cancellationToken)
    {
        var hits = new List<LessonHit>();

        // Point reads of the best candidates only, a page of `limit` at a time, at most twice `limit` in all.
        foreach (var page in ranked.Take(limit * 2).Chunk(limit))
        {
            var loaded = await Task.WhenAll(page.Select(c => LoadAsync(c.IncidentId, cancellationToken)));
            for (var i = 0; i < page.Length && hits.Count < limit; i++)
            {
                if (loaded[i] is not var (document, fields, retroVersion) || !Matches(document, terms, filter))
                {
                    continue;
                }

                hits.Add(new LessonHit(document.IncidentId, document.Title, document.Severity, document.Areas, document.At,
                    retroVersion, page[i].Matched, Math.Round(page[i].Score, 3), terms.Count == 0 ? null : LessonSnippet.Find(fields, terms)));
            }

            if (hits.Count >= limit)
            {
                break;
            }
        }

        return hits;
    }

    /// <summary>What a candidate is checked against: its retro's record, else (an incident without a retro) the incident's own.</summary>
    private async Task<(LessonDocument Document, IEnumerable<(string Field, string? Text)> Fields, int? RetroVersion)?> LoadAsync(string incidentId, CancellationToken cancellationToken)
    {
        if (await retros.GetAsync(incidentId, cancellationToken) is { Value: var stored })
        {
            return (stored.Indexed, new[] { ("title", (string?)stored.Indexed.Title) }.Concat(LessonDocument.SearchableFields(stored.Content)), stored.Version.Version);
        }

        if (await incidents.GetAsync(incidentId, cancellationToken) is { Value: var incident })
        {
            return (LessonDocument.For(incident, null), new[] { ("title", (string?)incident.Title) }.Concat(LessonDocument.SearchableFields(incident)), null);
        }

        return null;
    }

    private static bool Matches(LessonDocument document, IReadOnlySet<string> terms, LessonFilter filter) =>
        (terms.Count == 0 || terms.Any(document.Terms.ContainsKey))
        && (filter.Area is null || document.Areas.Contains(filter.Area))
        && (filter.Severity is null || document.Severity == filter.Severity)
        && (filter.From is null || document.At >= filter.From)
        && (filter.To is null || document.At < filter.To);

    private sealed record Candidate(string IncidentId, DateTimeOffset At, int Matched, double Score);
}
