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
/// Matching: a query is read as words (<see cref="LessonWord"/>); a document matches a word with all the bigrams of a short
/// Japanese word (「ノード」 is not found in 「リード」 by their shared ード) and at least half those of a longer run, never by one
/// bigram of it; a document matching no word is not a hit. Ranking: documents matching more query words whole come first, a
/// hit that leaves some word out or matches it only in part is marked <see cref="LessonHit.Partial"/>; then more of the
/// query's terms (so all bigrams of a Japanese word beat a part of it); among them a BM25-style score, where a term's weight falls with how many documents hold it (its
/// postings read; a term whose list was cut off is common) and a term's count saturates; ties go to the newer
/// incident. Each hit is checked against its stored record (the retro's, or the incident's own for an incident without a
/// retro, indexed by <see cref="LessonIndexer"/>), so postings left by a failed or replaced save never show.
/// </remarks>
public sealed class LessonSearch(ILessonIndex index, IRetroRepository retros, IIncidentRepository incidents, IOptions<IncidentOptions> options, ILessonWordings? wordings = null)
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
        var query = Query.Parse(string.Join(' ', incident.AffectedAreas.Prepend(incident.Title)));
        if (query.Terms.Count == 0)
        {
            return [];
        }

        // Its own duplicates (merged into it, or the one it was merged into) are the same outage, not a past lesson.
        var ranked = (await RankAsync(query, LessonFilter.None, cancellationToken))
            .Where(c => c.IncidentId != incident.Id && c.IncidentId != incident.MergedInto && !incident.MergedIncidents.Contains(c.IncidentId, StringComparer.Ordinal))
            .ToList();
        return await VerifyAsync(ranked, query, LessonFilter.None, limit, cancellationToken);
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

        var query = Query.Parse(text);
        if (!string.IsNullOrWhiteSpace(text) && query.Terms.Count == 0)
        {
            throw new ValidationException("q", "has nothing to search for: give a word, or at least two characters of Japanese");
        }

        var candidates = query.Terms.Count == 0
            ? await NewestAsync(filter, limit, cancellationToken)
            : await RankAsync(query, filter, cancellationToken);
        return await VerifyAsync(candidates, query, filter, limit, cancellationToken);
    }

    private async Task<IReadOnlyList<Candidate>> NewestAsync(LessonFilter filter, int limit, CancellationToken cancellationToken)
    {
        var (postings, _) = await index.ReadAsync(null, filter, limit * 2, cancellationToken);
        return [.. postings.Select(p => new Candidate(p.IncidentId, p.At, 0, 0, []))];
    }

    private async Task<IReadOnlyList<Candidate>> RankAsync(Query query, LessonFilter filter, CancellationToken cancellationToken)
    {
        var lists = await Task.WhenAll(query.Terms.Select(t => index.ReadAsync(t, filter, PostingsPerTerm, cancellationToken)));
        var scores = new Dictionary<string, Candidate>(StringComparer.Ordinal);
        foreach (var ((postings, complete), term) in lists.Zip(query.Terms))
        {
            var documents = complete ? postings.Count : postings.Count * 2;
            var weight = Math.Log(1 + (ReferenceCorpus / Math.Max(1, documents)));
            foreach (var posting in postings.DistinctBy(p => p.IncidentId))
            {
                var tf = (double)posting.Frequency;
                var gain = weight * (tf * (K1 + 1)) / (tf + K1);
                scores[posting.IncidentId] = scores.TryGetValue(posting.IncidentId, out var seen)
                    ? seen with { Matched = seen.Matched + 1, Score = seen.Score + gain, Terms = seen.Terms.Add(term) }
                    : new Candidate(posting.IncidentId, posting.At, 1, gain, [term]);
            }
        }

        // What the postings read say of each: a candidate matching no word whole or in enough part goes last (a list cut
        // short may hide a bigram it has: its stored record decides).
        return [.. scores.Values
            .Select(c => (Candidate: c, Match: query.Match(c.Terms.Contains)))
            .OrderByDescending(x => x.Match.Matched > 0)
            .ThenByDescending(x => x.Match.Whole)
            .ThenByDescending(x => x.Match.Matched)
            .ThenByDescending(x => x.Candidate.Matched)
            .ThenByDescending(x => x.Candidate.Score)
            .ThenByDescending(x => x.Candidate.At)
            .Select(x => x.Candidate)];
    }

    private async Task<IReadOnlyList<LessonHit>> VerifyAsync(IReadOnlyList<Candidate> ranked, Query query, LessonFilter filter, int limit, CancellationToken cancellationToken)
    {
        var hits = new List<LessonHit>();

        // Point reads of the best candidates only, a page of `limit` at a time, at most twice `limit` in all.
        foreach (var page in ranked.Take(limit * 2).Chunk(limit))
        {
            var loaded = await Task.WhenAll(page.Select(c => LoadAsync(c.IncidentId, cancellationToken)));
            for (var i = 0; i < page.Length && hits.Count < limit; i++)
            {
                if (loaded[i] is not var (document, fields, retroVersion) || !Filtered(document, filter))
                {
                    continue;
                }

                var match = query.Match(document.Terms.ContainsKey);
                if (query.Terms.Count > 0 && match.Matched == 0)
                {
                    continue;
                }

                // Highlighted: the terms of the words it matched, not a stray bigram of a word it did not.
                hits.Add(new LessonHit(document.IncidentId, document.Title, document.Severity, document.Areas, document.At,
                    retroVersion, query.Terms.Count(document.Terms.ContainsKey), Math.Round(page[i].Score, 3),
                    query.Terms.Count == 0 ? null : LessonSnippet.Find(fields, match.Shown), query.Terms.Count > 0 && match.Whole < query.Words.Count));
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
            return (LessonDocument.For(incident, null, wordings), new[] { ("title", (string?)incident.Title) }.Concat(LessonDocument.SearchableFields(incident)), null);
        }

        return null;
    }

    private static bool Filtered(LessonDocument document, LessonFilter filter) =>
        (filter.Area is null || document.Areas.Contains(filter.Area))
        && (filter.Severity is null || document.Severity == filter.Severity)
        && (filter.From is null || document.At >= filter.From)
        && (filter.To is null || document.At < filter.To);

    private sealed record Candidate(string IncidentId, DateTimeOffset At, int Matched, double Score, System.Collections.Immutable.ImmutableHashSet<string> Terms);

    /// <summary>How a text matches a query: words matched (whole or in enough part), words matched whole, the terms to highlight.</summary>
    private sealed record Matching(int Matched, int Whole, IReadOnlySet<string> Shown);

    /// <summary>A query's words and its distinct terms (the first <see cref="MaxTerms"/>; a word keeps the terms among them).</summary>
    private sealed record Query(IReadOnlyList<LessonWord> Words, IReadOnlyList<string> Terms)
    {
        public static Query Parse(string? text)
        {
            var words = LessonTokenizer.Words(text);
            var terms = words.SelectMany(w => w.Terms).Distinct(StringComparer.Ordinal).Take(MaxTerms).ToList();
            var kept = terms.ToHashSet(StringComparer.Ordinal);
            return new Query(
                [.. words.Select(w => w with { Terms = [.. w.Terms.Where(kept.Contains)] }).Where(w => w.Terms.Count > 0)],
                terms);
        }

        public Matching Match(Func<string, bool> has)
        {
            var matched = Words.Where(w => w.MatchedBy(has)).ToList();
            return new Matching(
                matched.Count,
                Words.Count(w => w.Held(has) == w.Terms.Count),
                matched.SelectMany(w => w.Terms).Where(has).ToHashSet(StringComparer.Ordinal));
        }
    }
}
