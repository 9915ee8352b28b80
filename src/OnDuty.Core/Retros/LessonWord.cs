namespace OnDuty.Core.Retros;

/// <summary>
/// One word of a lessons query: its terms (a Latin word's one term, a CJK run's bigrams) and how many of them a text must hold
/// for the word to match (<see cref="Needed"/>). A bigram is a piece of a word, not a word: a short CJK word matches only
/// with all its bigrams, a longer run (a phrase glued together, 「決済画面が開かない」) with at least half of them and never
/// with one alone.
/// </summary>
public sealed record LessonWord(IReadOnlyList<string> Terms, int Needed)
{
    /// <summary>CJK words of at most this many characters must match with all their bigrams.</summary>
    public const int ShortCjk = 4;

    /// <summary>A word of <paramref name="terms"/>; <paramref name="cjkCharacters"/> is its length for a CJK run, 0 for a Latin word.</summary>
    public static LessonWord Of(IReadOnlyList<string> terms, int cjkCharacters) =>
        new(terms, cjkCharacters is 0 or <= ShortCjk ? terms.Count : Math.Max(2, (terms.Count + 1) / 2));

    /// <summary>How many of its terms <paramref name="has"/> holds.</summary>
    public int Held(Func<string, bool> has) => Terms.Count(has);

    /// <summary>Whether a text holding the terms <paramref name="has"/> says matches this word.</summary>
    public bool MatchedBy(Func<string, bool> has) => Held(has) >= Math.Min(Needed, Terms.Count);
}
