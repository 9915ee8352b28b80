namespace OnDuty.Core.Retros;

/// <summary>
/// A judgement criterion found by a lessons query (<see cref="CriteriaSearch"/>): its words in both languages, its topic as people
/// read it (the name the topic's criteria share, <see cref="CriterionTopics"/>), how many of the query's words it matched, and a
/// piece of its text (<see cref="Snippet"/>) and of its English text (<see cref="SnippetEn"/>) with those words marked — null where
/// that text holds none of them. Returned by <c>GET /api/retros?q=</c> as it is, under <c>criteria</c>.
/// </summary>
public sealed record CriterionHit(
    string Id,
    string Title,
    string? TitleEn,
    string Text,
    string? TextEn,
    string? Topic,
    string? TopicName,
    string? TopicNameEn,
    DateTimeOffset UpdatedAt,
    int MatchedWords,
    LessonSnippet? Snippet,
    LessonSnippet? SnippetEn);
