namespace OnDuty.Core.Retros;

/// <summary>
/// A topic slug criteria share, with the name people read for it (null when no criterion names it) and the name English
/// readers read (null when no criterion gives one).
/// </summary>
public sealed record CriterionTopic(string Slug, string? Name, string? NameEn = null)
{
    /// <summary>The name when there is one, else the slug.</summary>
    public string Label => Name ?? Slug;
}

/// <summary>
/// The topics the team's criteria use (<c>severity</c>, <c>severity-payments</c>), each named as the most recently saved
/// criterion of that topic names it (<see cref="Criterion.TopicName"/>; the English name likewise, from
/// <see cref="Criterion.TopicNameEn"/>): a topic reads the same on every row, and the forms offer these so people reuse a
/// topic rather than invent a near-duplicate.
/// </summary>
public sealed class CriterionTopics
{
    private readonly Dictionary<string, CriterionTopic> _bySlug;

    private CriterionTopics(Dictionary<string, CriterionTopic> bySlug) => _bySlug = bySlug;

    /// <summary>Every topic, ordered by what people read.</summary>
    public IReadOnlyList<CriterionTopic> All => [.. _bySlug.Values.OrderBy(t => t.Label, StringComparer.Ordinal)];

    public static CriterionTopics Of(IEnumerable<Criterion> criteria)
    {
        var withTopic = criteria.Where(c => c.Topic is not null).ToList();
        var englishBySlug = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var c in withTopic.Where(c => c.TopicNameEn is not null).OrderByDescending(c => c.UpdatedAt))
        {
            englishBySlug.TryAdd(c.Topic!, c.TopicNameEn!);
        }

        var bySlug = new Dictionary<string, CriterionTopic>(StringComparer.Ordinal);
        foreach (var c in withTopic.OrderByDescending(c => c.TopicName is not null).ThenByDescending(c => c.UpdatedAt))
        {
            bySlug.TryAdd(c.Topic!, new CriterionTopic(c.Topic!, c.TopicName, englishBySlug.GetValueOrDefault(c.Topic!)));
        }

        return new CriterionTopics(bySlug);
    }

    /// <summary>The name of <paramref name="slug"/>; null for a topic nobody named (or none).</summary>
    public string? NameOf(string? slug) => Find(slug)?.Name;

    /// <summary>The English name of <paramref name="slug"/>; null for a topic nobody named in English (or none).</summary>
    public string? NameEnOf(string? slug) => Find(slug)?.NameEn;

    /// <summary>What a reader sees for <paramref name="slug"/>: its name, else the slug itself; null for none.</summary>
    public string? Label(string? slug) => slug is null ? null : NameOf(slug) ?? slug;

    private CriterionTopic? Find(string? slug) => slug is not null && _bySlug.TryGetValue(slug, out var topic) ? topic : null;
}
