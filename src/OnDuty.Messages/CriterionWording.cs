using OnDuty.Core.Common;
using OnDuty.Core.Retros;
using OnDuty.Core.Team;

namespace OnDuty.Messages;

/// <summary>
/// A judgement criterion's title and text as one reader reads them: Japanese readers the team's Japanese words; English
/// readers the English ones where the criterion has them, else the Japanese followed by a quiet marker (「(in Japanese)」,
/// <c>Criteria.JapaneseOnly</c>) — so nobody mistakes a missing translation for a page that failed to switch language. A
/// title written without Japanese script is not marked. The markers stay apart from the words so templates set them quietly.
/// </summary>
internal sealed record CriterionWording(string Title, string? TitleMark, string Text, string? TextMark)
{
    /// <summary>The title with its marker after it, for places that show one line (a heading, a table header).</summary>
    public string TitleLine => TitleMark is null ? Title : $"{Title} {TitleMark}";

    /// <summary>The text with its marker after it, for places that show it inline.</summary>
    public string TextLine => TextMark is null ? Text : $"{Text} {TextMark}";

    public static CriterionWording Of(Criterion c, Phrases p) => Of(c.Title, c.TitleEn, c.Text, c.TextEn, p);

    /// <summary>The same for a criterion found by a search (<see cref="CriterionHit"/>).</summary>
    public static CriterionWording Of(CriterionHit c, Phrases p) => Of(c.Title, c.TitleEn, c.Text, c.TextEn, p);

    private static CriterionWording Of(string title, string? titleEn, string text, string? textEn, Phrases p) => p.Language == Language.Ja
        ? new(title, null, text, null)
        : new(titleEn ?? title, Mark(titleEn, title, p), textEn ?? text, Mark(textEn, text, p));

    /// <summary>A found criterion's topic as <see cref="Topic(CriterionTopics, string?, Phrases)"/> reads it (the names it carries are the shared ones).</summary>
    public static (string? Label, string? Mark) Topic(CriterionHit c, Phrases p) =>
        c.Topic is null ? (null, null)
        : p.Language == Language.Ja ? (c.TopicName ?? c.Topic, null)
        : c.TopicNameEn is { } english ? (english, null)
        : (c.TopicName ?? c.Topic, Mark(null, c.TopicName ?? c.Topic, p));

    /// <summary>A topic as an English reader reads it: its English name, else its name (marked), else the slug; null for none.</summary>
    public static (string? Label, string? Mark) Topic(CriterionTopics topics, string? slug, Phrases p)
    {
        if (slug is null)
        {
            return (null, null);
        }

        var name = topics.NameOf(slug);
        if (p.Language == Language.Ja)
        {
            return (name ?? slug, null);
        }

        var english = topics.NameEnOf(slug);
        return english is not null ? (english, null) : (name ?? slug, Mark(null, name ?? slug, p));
    }

    private static string? Mark(string? english, string japanese, Phrases p) =>
        english is null && TextScript.HasCjk(japanese) ? p["Criteria.JapaneseOnly"] : null;
}
