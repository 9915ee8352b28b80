using OnDuty.Core.Common;

namespace OnDuty.Core.Retros;

/// <summary>
/// A judgement criterion the team decides by ("declare SEV2 when …", "tell customers when …", "call for help
/// when …"). Each saved version is kept, linked to the retro (incident id) that changed it, if any.
/// </summary>
public sealed record Criterion
{
    public const int MaxTitle = 200;
    public const int MaxText = 4_000;
    public const int MaxTopic = 40;
    public const int MaxTopicName = 60;
    public const int MaxNote = 2_000;

    public required string Id { get; init; }

    public required string Title { get; init; }

    /// <summary>The rule itself, in the team's words.</summary>
    public required string Text { get; init; }

    /// <summary>
    /// The title for English readers (optional, same limit as <see cref="Title"/>); without it they read <see cref="Title"/>,
    /// marked as Japanese. Rows stored before it existed read without it.
    /// </summary>
    public string? TitleEn { get; init; }

    /// <summary>The rule for English readers (optional, same limit as <see cref="Text"/>); without it they read <see cref="Text"/>.</summary>
    public string? TextEn { get; init; }

    /// <summary>Free grouping, e.g. <c>severity</c>, <c>customers</c>, <c>help</c>.</summary>
    public string? Topic { get; init; }

    /// <summary>
    /// What people read for <see cref="Topic"/> (「重大度の判断」 for <c>severity</c>); optional, and shared by every criterion of the
    /// topic (<see cref="CriterionTopics"/>). Rows stored before it existed read without it.
    /// </summary>
    public string? TopicName { get; init; }

    /// <summary>What English readers read for <see cref="Topic"/> (optional; shared like <see cref="TopicName"/>).</summary>
    public string? TopicNameEn { get; init; }

    /// <summary>False for a criterion the team retired; it stays listed with its history.</summary>
    public bool Active { get; init; } = true;

    public int Version { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public string UpdatedBy { get; init; } = "api";

    /// <summary>The incident whose retro led to this version.</summary>
    public string? Retro { get; init; }

    /// <summary>Why it changed.</summary>
    public string? Note { get; init; }

    public Criterion Validated()
    {
        new ValidationErrors()
            .When(!Slug.IsValid(Id), "id", Slug.Rule)
            .When(string.IsNullOrWhiteSpace(Title), "title", "is required")
            .When(Title?.Length > MaxTitle, "title", $"must be at most {MaxTitle} characters")
            .When(string.IsNullOrWhiteSpace(Text), "text", "is required")
            .When(Text?.Length > MaxText, "text", $"must be at most {MaxText} characters")
            .When(TitleEn?.Length > MaxTitle, "titleEn", $"must be at most {MaxTitle} characters")
            .When(TextEn?.Length > MaxText, "textEn", $"must be at most {MaxText} characters")
            .When(Topic?.Length > MaxTopic, "topic", $"must be at most {MaxTopic} characters")
            .When(TopicName?.Length > MaxTopicName, "topicName", $"must be at most {MaxTopicName} characters")
            .When(!string.IsNullOrWhiteSpace(TopicName) && string.IsNullOrWhiteSpace(Topic), "topicName", "needs a topic to name")
            .When(TopicNameEn?.Length > MaxTopicName, "topicNameEn", $"must be at most {MaxTopicName} characters")
            .When(!string.IsNullOrWhiteSpace(TopicNameEn) && string.IsNullOrWhiteSpace(Topic), "topicNameEn", "needs a topic to name")
            .When(Note?.Length > MaxNote, "note", $"must be at most {MaxNote} characters")
            .When(UpdatedBy.Length > RetroRules.MaxBy, "by", $"must be at most {RetroRules.MaxBy} characters")
            .CheckLine("by", UpdatedBy)
            .ThrowIfAny();
        return this with
        {
            Title = Title!.Trim(),
            Text = Text!.Trim(),
            TitleEn = string.IsNullOrWhiteSpace(TitleEn) ? null : TitleEn.Trim(),
            TextEn = string.IsNullOrWhiteSpace(TextEn) ? null : TextEn.Trim(),
            Topic = string.IsNullOrWhiteSpace(Topic) ? null : Topic.Trim().ToLowerInvariant(),
            TopicName = string.IsNullOrWhiteSpace(TopicName) ? null : TopicName.Trim(),
            TopicNameEn = string.IsNullOrWhiteSpace(TopicNameEn) ? null : TopicNameEn.Trim(),
            Note = string.IsNullOrWhiteSpace(Note) ? null : Note.Trim(),
            Retro = string.IsNullOrWhiteSpace(Retro) ? null : Retro.Trim(),
        };
    }
}
