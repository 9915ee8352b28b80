using Microsoft.Extensions.Options;
using OnDuty.Core.Alerts;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Team;

namespace OnDuty.Core.Retros;

/// <summary>
/// Lessons search over incidents and their retros, answered from the inverted index: per query term one
/// bounded read of its best postings, then point reads of the top hits only. Never a scan, whatever the corpus.
/// </summary>
/// <remarks>
/// Matching: a query is read as words (<see cref="LessonWord"/>); a document matches a word with all the bigrams of a short
/// Japanese word (「ノード」 is not found in 「リード」 by their shared ード) and at least half those of a longer run, never by one
/// bigram of it; a short compound also by its parts in order and near each other (「決済失敗」 finds 「決済が一部失敗」,
/// <see cref="LessonWord.Parts"/>); a document matching no word is not a hit. Query and text are NFKC-normalised and hiragana is
/// folded to katakana (<see cref="LessonTokenizer.Fold"/>): the index keeps terms as written, so a term is read in each of its
/// spellings and older rows match as they are. A merged duplicate's hit names the incident it went into
/// (<see cref="LessonHit.MergedInto"/>) and is left out when that incident is a hit too. Ranking: documents matching more query words whole come first, a
/// hit that leaves some word out or matches it only in part is marked <see cref="LessonHit.Partial"/>; then more of the
/// query's terms (so all bigrams of a Japanese word beat a part of it); among them a BM25-style score, where a term's weight falls with how many documents hold it (its
/// postings read; a term whose list was cut off is common) and a term's count saturates; ties go to the newer
/// incident. Each hit is checked against its stored record (the retro's, or the incident's own for an incident without a
/// retro, indexed by <see cref="LessonIndexer"/>), so postings left by a failed or replaced save never show.
/// </remarks>
public sealed class LessonSearch(
    ILessonIndex index, IRetroRepository retros, IIncidentRepository incidents, IOptions<IncidentOptions> options, ILessonWordings? wordings = null, IRosterRepository? roster = null)
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
    /// <param name="mayRead">
    /// Whether the reader may read a confidential incident (<see cref="Incidents.ConfidentialAccess"/>); null: everyone may (the API).
    /// One they may not is never among the similar: it was found by words it does not show them.
    /// </param>
    public async Task<IReadOnlyList<LessonHit>> SimilarAsync(Incident incident, int limit, CancellationToken cancellationToken, Func<Incident, bool>? mayRead = null)
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
        return await VerifyAsync(ranked, query, LessonFilter.None, limit, cancellationToken, mayRead, null);
    }

    /// <summary>Searches with dates as the team reads them: <paramref name="from"/> and <paramref name="to"/> inclusive, in the team's time zone.</summary>
    public Task<IReadOnlyList<LessonHit>> SearchAsync(string? text, string? area, AlertSeverity? severity, DateOnly? from, DateOnly? to, int limit, CancellationToken cancellationToken, Func<Incident, bool>? mayRead = null)
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
        return SearchAsync(text, filter, limit, cancellationToken, mayRead);
    }

    /// <param name="mayRead">
    /// Whether the reader may read a confidential incident (<see cref="Incidents.ConfidentialAccess"/>); null: everyone may (the API).
    /// One they may not is found only by what it shows them — its id and severity — never by its hidden words (「漏えい」 must not
    /// confirm that one exists).
    /// </param>
    public async Task<IReadOnlyList<LessonHit>> SearchAsync(string? text, LessonFilter filter, int limit, CancellationToken cancellationToken, Func<Incident, bool>? mayRead = null)
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
        return await VerifyAsync(candidates, query, filter, limit, cancellationToken, mayRead, text);
    }

    private async Task<IReadOnlyList<Candidate>> NewestAsync(LessonFilter filter, int limit, CancellationToken cancellationToken)
    {
        var (postings, _) = await index.ReadAsync(null, filter, limit * 2, cancellationToken);
        return [.. postings.Select(p => new Candidate(p.IncidentId, p.At, 0, 0, []))];
    }

    private async Task<IReadOnlyList<Candidate>> RankAsync(Query query, LessonFilter filter, CancellationToken cancellationToken)
    {
        var lists = await Task.WhenAll(query.Terms.Select(t => ReadSpellingsAsync(LessonTokenizer.Spellings(t, query.Typed), filter, cancellationToken)));
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

    /// <summary>
    /// A folded term's postings: one bounded read per way the index may hold it written (<see cref="LessonTokenizer.Spellings"/>:
    /// カード's bigram カー also as かー), merged per document.
    /// </summary>
    private async Task<(IReadOnlyList<LessonPosting> Postings, bool Complete)> ReadSpellingsAsync(IReadOnlyList<string> spellings, LessonFilter filter, CancellationToken cancellationToken)
    {
        if (spellings.Count == 1)
        {
            return await index.ReadAsync(spellings[0], filter, PostingsPerTerm, cancellationToken);
        }

        var lists = await Task.WhenAll(spellings.Select(t => index.ReadAsync(t, filter, PostingsPerTerm, cancellationToken)));
        var merged = lists.SelectMany(l => l.Postings)
            .GroupBy(p => p.IncidentId, StringComparer.Ordinal)
            .Select(g => g.First() with { Frequency = g.Sum(p => p.Frequency) })
            .ToList();
        return (merged, lists.All(l => l.Complete));
    }

    private async Task<IReadOnlyList<LessonHit>> VerifyAsync(
        IReadOnlyList<Candidate> ranked, Query query, LessonFilter filter, int limit, CancellationToken cancellationToken, Func<Incident, bool>? mayRead, string? text)
    {
        var hits = new List<LessonHit>();
        var owners = ranked.Count == 0 ? null : await OwnerNamesAsync(cancellationToken);

        // Point reads of the best candidates only, a page of `limit` at a time, at most twice `limit` in all.
        foreach (var page in ranked.Take(limit * 2).Chunk(limit))
        {
            var loaded = await Task.WhenAll(page.Select(c => LoadAsync(c.IncidentId, cancellationToken)));
            for (var i = 0; i < page.Length && hits.Count < limit; i++)
            {
                if (loaded[i] is not { } stored)
                {
                    continue;
                }

                // A confidential one the reader may not read: found only by what it shows them (its id, its severity).
                if (stored.Incident is { Confidential: true } secret && mayRead is not null && !mayRead(secret)
                    && query.Terms.Count > 0 && !MatchesShown(text, secret))
                {
                    continue;
                }

                var (document, fields, retroVersion, mergedInto) = Read(stored, null, owners);
                if (!Filtered(document, filter))
                {
                    continue;
                }

                // Compared folded (かーど and カード meet), whichever way the record holds them.
                var held = document.Terms.Keys.Select(LessonTokenizer.Fold).ToHashSet(StringComparer.Ordinal);
                var match = query.Match(held.Contains, w => fields.Any(f => w.PartsNear(f.Text)));
                if (query.Terms.Count > 0 && match.Whole < query.Words.Count && stored.Incident is { } incident && !page[i].Terms.All(held.Contains))
                {
                    // Its postings hold words the record does not: an earlier status update may (one bounded timeline read, only for such a hit).
                    var updates = await LessonDocument.UpdatesOfAsync(incidents, incident.Id, cancellationToken);
                    if (updates.Count > 0)
                    {
                        (document, fields, retroVersion, mergedInto) = Read(stored, updates, owners);
                        held = document.Terms.Keys.Select(LessonTokenizer.Fold).ToHashSet(StringComparer.Ordinal);
                        match = query.Match(held.Contains, w => fields.Any(f => w.PartsNear(f.Text)));
                    }
                }
                if (query.Terms.Count > 0 && match.Matched == 0)
                {
                    continue;
                }

                // Highlighted: the terms of the words it matched, not a stray bigram of a word it did not.
                // Its areas as the team wrote them ("Payments", not the index's "payments"); a retro whose incident is gone, as indexed.
                hits.Add(new LessonHit(document.IncidentId, document.Title, document.Severity, stored.Incident?.AffectedAreas ?? document.Areas, document.At,
                    retroVersion, query.Terms.Count(held.Contains), Math.Round(page[i].Score, 3),
                    query.Terms.Count == 0 ? null : LessonSnippet.Find(fields, match.Shown), query.Terms.Count > 0 && match.Whole < query.Words.Count)
                {
                    MergedInto = mergedInto,
                    StartedAt = stored.Incident?.StartedAt,
                    Confidential = stored.Incident?.Confidential == true,
                    MergedIntoRetroVersion = mergedInto is null ? null : (await retros.GetAsync(mergedInto, cancellationToken))?.Value.Version.Version,
                });
            }

            if (hits.Count >= limit)
            {
                break;
            }
        }

        // A merged duplicate found beside the incident it went into is that incident: folded into it.
        var ids = hits.Select(h => h.IncidentId).ToHashSet(StringComparer.Ordinal);
        return [.. hits.Where(h => h.MergedInto is null || !ids.Contains(h.MergedInto))];
    }

    /// <summary>
    /// Whether every word of <paramref name="text"/> is in what a confidential incident shows those who may not read it: its id and
    /// severity (<c>INC-2026-0042</c>, <c>0042</c>, <c>SEV2</c>). No text (「似た障害」): no.
    /// </summary>
    private static bool MatchesShown(string? text, Incident incident)
    {
        var words = text?.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries) ?? [];
        var shown = $"{incident.Id} {incident.Severity}";
        return words.Length > 0 && words.All(w => shown.Contains(w, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>What a candidate is checked against: the incident and its retro as they are stored now (two point reads).</summary>
    private async Task<Stored?> LoadAsync(string incidentId, CancellationToken cancellationToken)
    {
        var retroTask = retros.GetAsync(incidentId, cancellationToken);
        var incidentTask = incidents.GetAsync(incidentId, cancellationToken);
        var (retro, incident) = (await retroTask, await incidentTask);
        return incident is null && retro is null ? null : new Stored(incident?.Value, retro?.Value);
    }

    /// <summary>
    /// The incident and its retro (the incident alone before a retro is written) read as <see cref="LessonDocument.For"/> reads them,
    /// with its status updates when given; a retro whose incident is gone, as it was indexed.
    /// </summary>
    private (LessonDocument Document, IReadOnlyList<(string Field, string? Text)> Fields, int? RetroVersion, string? MergedInto) Read(
        Stored stored, IReadOnlyList<string>? updates, IReadOnlyDictionary<string, string>? owners)
    {
        if (stored.Incident is { } i)
        {
            var fields = new[] { ("title", (string?)i.Title) }.Concat(LessonDocument.SearchableFields(i, updates));
            if (stored.Retro is { } r)
            {
                fields = fields.Concat(LessonDocument.SearchableFields(r.Content, owners));
            }

            return (LessonDocument.For(i, stored.Retro?.Content, wordings, updates, owners), [.. fields], stored.Retro?.Version.Version, i.MergedInto);
        }

        var kept = stored.Retro!;
        return (kept.Indexed, [.. new[] { ("title", (string?)kept.Indexed.Title) }.Concat(LessonDocument.SearchableFields(kept.Content, owners))], kept.Version.Version, null);
    }

    /// <summary>
    /// The action items' owners by name, as a retro's save indexed them (<see cref="LessonDocument.For"/>): the roster's, and those taken off
    /// it since by the name they had — a retro is checked against what it was indexed by, or a search by an owner's name finds nothing.
    /// </summary>
    private async Task<IReadOnlyDictionary<string, string>?> OwnerNamesAsync(CancellationToken cancellationToken)
    {
        if (roster is null)
        {
            return null;
        }

        var names = (await roster.LoadRosterAsync(cancellationToken)).ToDictionary(m => m.Key, m => m.Value.DisplayName, StringComparer.Ordinal);
        foreach (var former in await roster.ListFormerMembersAsync(cancellationToken))
        {
            if (former.DisplayName is { Length: > 0 } had)
            {
                names.TryAdd(former.Id, had);
            }
        }

        return names;
    }

    private sealed record Stored(Incident? Incident, StoredRetro? Retro);

    private static bool Filtered(LessonDocument document, LessonFilter filter) =>
        (filter.Area is null || document.Areas.Contains(filter.Area))
        && (filter.Severity is null || document.Severity == filter.Severity)
        && (filter.From is null || document.At >= filter.From)
        && (filter.To is null || document.At < filter.To);

    private sealed record Candidate(string IncidentId, DateTimeOffset At, int Matched, double Score, System.Collections.Immutable.ImmutableHashSet<string> Terms);

    /// <summary>How a text matches a query: words matched (whole or in enough part), words matched whole, the words to highlight (those matched).</summary>
    internal sealed record Matching(int Matched, int Whole, IReadOnlyList<LessonWord> Shown);

    /// <summary>A query's words and its distinct terms (the first <see cref="MaxTerms"/>; a word keeps the terms among them).</summary>
    /// <param name="Typed">The query's terms as typed (before folding), for the spellings each folded term is read in.</param>
    /// <remarks>Also what <see cref="CriteriaSearch"/> matches the judgement criteria with, so both read a query alike.</remarks>
    internal sealed record Query(IReadOnlyList<LessonWord> Words, IReadOnlyList<string> Terms, IReadOnlyList<string> Typed)
    {
        public static Query Parse(string? text)
        {
            var words = LessonTokenizer.Words(text);
            var terms = words.SelectMany(w => w.Terms).Distinct(StringComparer.Ordinal).Take(MaxTerms).ToList();
            var kept = terms.ToHashSet(StringComparer.Ordinal);
            return new Query(
                [.. words.Select(w => w with { Terms = [.. w.Terms.Where(kept.Contains)] }).Where(w => w.Terms.Count > 0)],
                terms,
                LessonTokenizer.Terms(text));
        }

        /// <param name="near">Whether a text holds a compound's parts near each other, in order (<see cref="LessonWord.PartsNear"/>);
        /// null (postings only, no text): a compound's parts anywhere in the document count.</param>
        public Matching Match(Func<string, bool> has, Func<LessonWord, bool>? near = null)
        {
            bool ByParts(LessonWord w) => w.ByParts(has) && (near is null || near(w));
            var matched = Words.Where(w => w.Held(has) >= Math.Min(w.Needed, w.Terms.Count) || ByParts(w) || w.ByCore(has)).ToList();
            return new Matching(
                matched.Count,
                Words.Count(w => w.Held(has) == w.Terms.Count || ByParts(w) || w.ByCore(has)),
                matched);
        }
    }
}
