using System.Globalization;
using System.Text;

namespace OnDuty.Core.Retros;

/// <summary>
/// Turns Japanese and English text into search terms, the same way for what is indexed and what is asked.
/// <para>
/// Japanese has no spaces between words and no word list ships with .NET, so a run of CJK characters (kanji,
/// hiragana, katakana, also Hangul) is cut into overlapping character bigrams: 「決済エラー」 → 決済, 済エ, エラ, ラー.
/// A query is cut the same way, and a document matching every bigram of 「決済」 or 「エラー」 ranks first; the price
/// is a few false friends (a bigram across a word boundary), which ranking by how many query terms match keeps
/// low. A lone CJK character (mostly particles such as で) is not a term: searching needs two characters.
/// </para>
/// <para>
/// Latin text is split into words of letters and digits, normalised so that spelling variants meet: NFKC per
/// character (full-width ＡＰＩ → API, half-width ｶﾅ → カナ), lower case, accents removed (café → cafe), a light
/// English plural rule (timeouts → timeout, retries → retry; not -ss/-us/-is words), and a few stop words dropped
/// (the, and, of, …). Words longer than <see cref="MaxTermLength"/> are cut there.
/// </para>
/// </summary>
public static class LessonTokenizer
{
    public const int MaxTermLength = 40;

    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in", "is", "it", "of", "on",
        "or", "that", "the", "this", "to", "was", "were", "with",
    };

    /// <summary>The distinct terms of <paramref name="text"/>, in order of first appearance.</summary>
    public static IReadOnlyList<string> Terms(string? text) => [.. Tokenize(text).Select(t => t.Term).Distinct(StringComparer.Ordinal)];

    /// <summary>Term frequencies of several texts together.</summary>
    public static Dictionary<string, int> Frequencies(IEnumerable<string?> texts)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var token in texts.SelectMany(Tokenize))
        {
            counts[token.Term] = counts.GetValueOrDefault(token.Term) + 1;
        }

        return counts;
    }

    public static IEnumerable<LessonToken> Tokenize(string? text) => Runs(text).SelectMany(r => r.Tokens);

    /// <summary>
    /// The words of a query (<see cref="LessonWord"/>): per Latin word its term; per run of CJK characters its bigrams, with how
    /// many of them a text must hold to match the word (all of a short one, <see cref="LessonWord.ShortCjk"/> characters or
    /// fewer: 「ノード」 is not found in 「リード」 by their one shared bigram ード).
    /// </summary>
    public static IReadOnlyList<LessonWord> Words(string? text) =>
        [.. Runs(text).Where(r => r.Tokens.Count > 0).Select(r => LessonWord.Of([.. r.Tokens.Select(t => t.Term).Distinct(StringComparer.Ordinal)], r.Cjk ? r.Characters : 0))];

    private static IEnumerable<(bool Cjk, int Characters, List<LessonToken> Tokens)> Runs(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            yield break;
        }

        // Normalised characters, each remembering the original offset and length it came from.
        var chars = Normalise(text);
        var i = 0;
        while (i < chars.Count)
        {
            var kind = KindOf(chars[i].Char);
            if (kind == CharKind.Other)
            {
                i++;
                continue;
            }

            var start = i;
            while (i < chars.Count && KindOf(chars[i].Char) == kind)
            {
                i++;
            }

            var tokens = new List<LessonToken>();
            if (kind == CharKind.Cjk)
            {
                for (var k = start; k + 1 < i; k++)
                {
                    var term = string.Concat(chars[k].Char, chars[k + 1].Char);
                    tokens.Add(new LessonToken(term, chars[k].Start, chars[k + 1].Start + chars[k + 1].Length - chars[k].Start));
                }
            }
            else
            {
                var word = new StringBuilder(i - start);
                for (var k = start; k < i; k++)
                {
                    word.Append(chars[k].Char);
                }

                var term = Stem(word.ToString());
                if (!StopWords.Contains(term) && (term.Length > 1 || char.IsDigit(term[0])))
                {
                    tokens.Add(new LessonToken(term.Length > MaxTermLength ? term[..MaxTermLength] : term,
                        chars[start].Start, chars[i - 1].Start + chars[i - 1].Length - chars[start].Start));
                }
            }

            yield return (kind == CharKind.Cjk, i - start, tokens);
        }
    }

    /// <summary>Light English plural folding, applied to index and query alike; never to CJK.</summary>
    internal static string Stem(string word)
    {
        if (word.Length > 4 && word.EndsWith("ies", StringComparison.Ordinal))
        {
            return word[..^3] + "y";
        }

        if (word.Length > 3 && word[^1] == 's' && !word.EndsWith("ss", StringComparison.Ordinal)
            && !word.EndsWith("us", StringComparison.Ordinal) && !word.EndsWith("is", StringComparison.Ordinal)
            && char.IsLetter(word[^2]))
        {
            return word[..^1];
        }

        return word;
    }

    private enum CharKind
    {
        Other,
        Word,
        Cjk,
    }

    private readonly record struct SourceChar(char Char, int Start, int Length);

    private static List<SourceChar> Normalise(string text)
    {
        var result = new List<SourceChar>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsSurrogate(text[i]))
            {
                // Outside the BMP (emoji, rare kanji): a separator, so it never joins the words beside it.
                result.Add(new SourceChar(' ', i, 1));
                continue;
            }

            var folded = text[i].ToString().Normalize(NormalizationForm.FormKC);
            foreach (var c in folded)
            {
                foreach (var d in RemoveAccent(c))
                {
                    result.Add(new SourceChar(char.ToLowerInvariant(d), i, 1));
                }
            }
        }

        return result;
    }

    private static IEnumerable<char> RemoveAccent(char c)
    {
        if (c < 0x00C0 || c > 0x024F)
        {
            yield return c;
            yield break;
        }

        foreach (var d in c.ToString().Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(d) != UnicodeCategory.NonSpacingMark)
            {
                yield return d;
            }
        }
    }

    private static CharKind KindOf(char c) => c switch
    {
        '\u30FB' => CharKind.Other, // ・ separates words
        >= '\u3040' and <= '\u30FF' => CharKind.Cjk, // hiragana, katakana (ー included)
        >= '\u31F0' and <= '\u31FF' => CharKind.Cjk, // katakana extensions
        >= '\u3400' and <= '\u4DBF' => CharKind.Cjk,
        >= '\u4E00' and <= '\u9FFF' => CharKind.Cjk,
        >= '\uF900' and <= '\uFAFF' => CharKind.Cjk,
        >= '\uAC00' and <= '\uD7AF' => CharKind.Cjk, // Hangul syllables
        '\u3005' or '\u3006' => CharKind.Cjk, // 々 〆
        _ when char.IsLetterOrDigit(c) => CharKind.Word,
        _ => CharKind.Other,
    };
}
