namespace OnDuty.Core.Retros;

/// <summary>
/// One word of a lessons query: its terms (a Latin word's one term, a CJK run's bigrams, hiragana folded to katakana) and how many
/// of them a text must hold for the word to match (<see cref="Needed"/>). A bigram is a piece of a word, not a word: a short CJK
/// word matches only with all its bigrams, a longer run (a phrase glued together, 「決済画面が開かない」) with at least half of them
/// and never with one alone.
/// <para>
/// A short word typed as a compound of two words (<see cref="Parts"/>) also matches a text that holds every bigram of each part,
/// the parts in the order typed and near each other (<see cref="NearGap"/>): 「決済失敗」 finds 「決済が一部失敗」, but not a text
/// with 決済 in one place and 失敗 far off or before it. The parts are its script runs when each is two characters or more
/// (「ログ欠損」 → ログ + 欠損), or the two halves of four kanji (「決済失敗」 → 決済 + 失敗).
/// </para>
/// <para>
/// A short word written as kanji with kana around them — the polite お/ご before, the okurigana after — also matches a text that
/// holds its kanji (<see cref="Core"/>): 「お支払い」 finds 「支払い」 and 「支払処理」, 「支払い」 finds 「お支払」, as a Japanese reader takes
/// them for one word; a text with the word as typed still ranks first, holding more of its bigrams.
/// </para>
/// </summary>
public sealed record LessonWord(IReadOnlyList<string> Terms, int Needed)
{
    /// <summary>CJK words of at most this many characters must match with all their bigrams.</summary>
    public const int ShortCjk = 4;

    /// <summary>Characters at most between two parts of a compound (「決済が一部失敗」: が一部, three).</summary>
    public const int NearGap = 6;

    /// <summary>A CJK word as typed, normalised and folded (「カード決済」), for marking where it stands whole; empty for a Latin word.</summary>
    public string Text { get; init; } = "";

    /// <summary>The parts of a compound, each as its bigrams; empty: the word matches by its own bigrams only.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Parts { get; init; } = [];

    /// <summary>A word of <paramref name="terms"/>; <paramref name="cjkCharacters"/> is its length for a CJK run, 0 for a Latin word.</summary>
    public static LessonWord Of(IReadOnlyList<string> terms, int cjkCharacters) =>
        new(terms, cjkCharacters is 0 or <= ShortCjk ? terms.Count : Math.Max(2, (terms.Count + 1) / 2));

    /// <summary>
    /// The bigrams of a short word's kanji when kana only stand around them (「お支払い」, 「ご請求」, 「遅延した」 → 支払, 請求, 遅延), which a text
    /// holding them matches whole; empty for any other word.
    /// </summary>
    public IReadOnlyList<string> Core { get; init; } = [];

    /// <summary>How many of its terms <paramref name="has"/> holds.</summary>
    public int Held(Func<string, bool> has) => Terms.Count(has);

    /// <summary>Whether a text holding the terms <paramref name="has"/> says matches this word (a compound: its parts, wherever they stand).</summary>
    public bool MatchedBy(Func<string, bool> has) => Held(has) >= Math.Min(Needed, Terms.Count) || ByParts(has) || ByCore(has);

    /// <summary>Whether the text holds every bigram of the word's kanji (<see cref="Core"/>), the kana around them or not.</summary>
    public bool ByCore(Func<string, bool> has) => Core.Count > 0 && Core.All(has);

    /// <summary>Whether the text holds every bigram of each part (where they stand is for <see cref="PartsNear"/> to say).</summary>
    public bool ByParts(Func<string, bool> has) => Parts.Count > 1 && Parts.All(p => p.All(has));

    /// <summary>Whether <paramref name="text"/> holds the parts in order, each within <see cref="NearGap"/> characters of the one before.</summary>
    public bool PartsNear(string? text)
    {
        if (Parts.Count < 2 || string.IsNullOrEmpty(text))
        {
            return false;
        }

        var tokens = LessonTokenizer.Tokenize(text).Select(t => t with { Term = LessonTokenizer.Fold(t.Term) }).ToList();
        var found = Parts.Select(p => Occurrences(tokens, p)).ToList();

        // From each place the first part stands, the nearest next part after it, and so on.
        foreach (var first in found[0])
        {
            var end = first.End;
            var ok = true;
            foreach (var next in found.Skip(1))
            {
                var hit = next.Where(o => o.Start >= end && o.Start - end <= NearGap).Select(o => (int?)o.End).FirstOrDefault();
                if (hit is not { } e)
                {
                    ok = false;
                    break;
                }

                end = e;
            }

            if (ok)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Where a part's bigrams stand one after another in the text (overlapping, so within one run), as source spans.</summary>
    private static List<(int Start, int End)> Occurrences(List<LessonToken> tokens, IReadOnlyList<string> part)
    {
        var result = new List<(int, int)>();
        for (var j = 0; j + part.Count <= tokens.Count; j++)
        {
            var ok = true;
            for (var m = 0; m < part.Count && ok; m++)
            {
                var t = tokens[j + m];
                ok = t.Term == part[m] && (m == 0 || t.Start < tokens[j + m - 1].Start + tokens[j + m - 1].Length);
            }

            if (ok)
            {
                var last = tokens[j + part.Count - 1];
                result.Add((tokens[j].Start, last.Start + last.Length));
            }
        }

        return result;
    }
}
