using OnDuty.Core.Common;

namespace OnDuty.Core.Retros;

/// <summary>
/// The judgement criteria a lessons query finds: 「決済 SEV1」 finds 「決済・請求に影響する障害は SEV1」 beside the incidents, so a PM
/// searching during an incident reads the team's rule too. An active criterion matches a query word by the lessons search's own
/// rules (<see cref="LessonWord"/>: NFKC, hiragana folded to katakana, all the bigrams of a short Japanese word or enough of a longer
/// run, a compound by its parts near each other, Latin words whole and case-insensitively, a loanword by its other spelling) in its
/// title, text, topic, topic name or their English words; a retired one is never found. Criteria are tens, not thousands: one read of
/// them all (<see cref="ICriteriaRepository.ListAsync"/>, as the criteria page lists them), matched in memory — no index, nothing
/// written. Ranked by how many query words matched, then the most recently updated.
/// </summary>
public sealed class CriteriaSearch(ICriteriaRepository criteria)
{
    /// <summary>Criteria shown beside a search's incidents at most.</summary>
    public const int Shown = 5;

    /// <summary>The active criteria matching <paramref name="text"/>, best first; none for an empty query or one with nothing to search for.</summary>
    public async Task<IReadOnlyList<CriterionHit>> FindAsync(string? text, int limit, CancellationToken cancellationToken)
    {
        if (text?.Length > LessonSearch.MaxQueryLength)
        {
            throw new ValidationException("q", $"must be at most {LessonSearch.MaxQueryLength} characters");
        }

        var query = LessonSearch.Query.Parse(text);
        if (query.Terms.Count == 0)
        {
            return [];
        }

        var all = (await criteria.ListAsync(cancellationToken)).Select(c => c.Value).ToList();
        var topics = CriterionTopics.Of(all);
        return [.. all
            .Where(c => c.Active)
            .Select(c => Match(c, topics, query))
            .OfType<CriterionHit>()
            .OrderByDescending(h => h.MatchedWords)
            .ThenByDescending(h => h.UpdatedAt)
            .ThenBy(h => h.Id, StringComparer.Ordinal)
            .Take(limit)];
    }

    private static CriterionHit? Match(Criterion c, CriterionTopics topics, LessonSearch.Query query)
    {
        // The topic as people read it (the name its criteria share), and this row's own names, which may be older.
        var topicName = topics.NameOf(c.Topic);
        var topicNameEn = topics.NameEnOf(c.Topic);
        string?[] texts = [c.Title, c.Text, c.TitleEn, c.TextEn, c.Topic, topicName, topicNameEn, c.TopicName, c.TopicNameEn];
        var held = LessonTokenizer.Frequencies(texts.Concat(LessonLoanwords.Counterparts(texts))).Keys
            .Select(LessonTokenizer.Fold)
            .ToHashSet(StringComparer.Ordinal);
        var match = query.Match(held.Contains, w => texts.Any(w.PartsNear));
        if (match.Matched == 0)
        {
            return null;
        }

        return new CriterionHit(
            c.Id, c.Title, c.TitleEn, c.Text, c.TextEn, c.Topic, topicName, topicNameEn, c.UpdatedAt, match.Matched,
            LessonSnippet.Find([("text", c.Text)], match.Shown),
            c.TextEn is null ? null : LessonSnippet.Find([("textEn", c.TextEn)], match.Shown));
    }
}
