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
/// All text is NFKC-normalised first, a character with the marks after it together (full-width ＡＰＩ → API, half-width
/// ｶｰﾄﾞ → カード, ﾌﾟｰﾙ → プール), before any bigram is cut. Searches also fold hiragana to katakana (<see cref="Fold"/>).
/// Latin text is split into words of letters and digits, normalised so that spelling variants meet: lower case, accents removed (café → cafe), a light
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
    /// The words of a query (<see cref="LessonWord"/>), hiragana folded to katakana (<see cref="Fold"/>): per Latin word its term;
    /// per run of CJK characters its bigrams, with how many of them a text must hold to match the word (all of a short one,
    /// <see cref="LessonWord.ShortCjk"/> characters or fewer: 「ノード」 is not found in 「リード」 by their one shared bigram ード),
    /// and the parts of a short compound (<see cref="LessonWord.Parts"/>).
    /// </summary>
    public static IReadOnlyList<LessonWord> Words(string? text) =>
        [.. Runs(text).Where(r => r.Tokens.Count > 0).Select(r => LessonWord.Of([.. r.Tokens.Select(t => Fold(t.Term)).Distinct(StringComparer.Ordinal)], r.Cjk ? r.Text.Length : 0) with
        {
            Parts = r.Cjk && r.Text.Length <= LessonWord.ShortCjk ? Parts(Fold(r.Text)) : [],
            Core = r.Cjk && r.Text.Length <= LessonWord.ShortCjk ? Core(r.Text) : [],
            Text = r.Cjk ? Fold(r.Text) : "",
        })];

    /// <summary>
    /// A short CJK word's parts (<see cref="LessonWord.Parts"/>) as their bigrams: its script runs (kanji, katakana with ー,
    /// hiragana, Hangul) when there are two or more and each is two characters or more; else four kanji as two halves; else none.
    /// </summary>
    private static IReadOnlyList<IReadOnlyList<string>> Parts(string run)
    {
        var scripts = new List<string>();
        var start = 0;
        for (var k = 1; k <= run.Length; k++)
        {
            if (k == run.Length || (run[k] != '\u30FC' && ScriptOf(run[k]) != ScriptOf(run[start])))
            {
                scripts.Add(run[start..k]);
                start = k;
            }
        }

        if (scripts.Count > 1 && scripts.All(p => p.Length >= 2))
        {
            return [.. scripts.Select(Bigrams)];
        }

        return run.Length == 4 && run.All(c => ScriptOf(c) == 1) ? [Bigrams(run[..2]), Bigrams(run[2..])] : [];

        static IReadOnlyList<string> Bigrams(string part) => [.. Enumerable.Range(0, part.Length - 1).Select(k => part.Substring(k, 2))];
    }

    /// <summary>
    /// A word's kanji as bigrams (<see cref="LessonWord.Core"/>) when it is two kanji or more with hiragana only around them — at most
    /// one polite お/ご before, okurigana after (「お支払い」 → 支払, 「支払い」 → 支払) — and some kana there; else none. Read before
    /// folding: hiragana is what tells the kana apart from a katakana word (「ログ」).
    /// </summary>
    private static IReadOnlyList<string> Core(string run)
    {
        var start = run.Length > 0 && run[0] is 'お' or 'ご' ? 1 : 0;
        var end = start;
        while (end < run.Length && ScriptOf(run[end]) == 1)
        {
            end++;
        }

        if (end - start < 2 || end - start == run.Length || run.Skip(end).Any(c => ScriptOf(c) != 3))
        {
            return [];
        }

        return [.. Enumerable.Range(start, end - start - 1).Select(k => run.Substring(k, 2))];
    }

    /// <summary>
    /// The kanji and katakana runs of a CJK word, two characters or more (「カード決済」 → カード, 決済; 「決済画面が開かない」 → 決済画面):
    /// the words it is written with, each marked where it stands whole in a hit (<see cref="LessonSnippet"/>). Hiragana (particles,
    /// endings) is no such word.
    /// </summary>
    public static IReadOnlyList<string> ContentWords(string run)
    {
        var words = new List<string>();
        var start = 0;
        for (var k = 1; k <= run.Length; k++)
        {
            if (k == run.Length || (run[k] != '\u30FC' && ScriptOf(run[k]) != ScriptOf(run[start])))
            {
                if (k - start >= 2 && ScriptOf(run[start]) is 1 or 2)
                {
                    words.Add(run[start..k]);
                }

                start = k;
            }
        }

        return words;
    }

    // 1 kanji, 2 katakana (ー stays with the run it follows), 3 hiragana, 4 other (Hangul).
    private static int ScriptOf(char c) => c switch
    {
        (>= '\u3400' and <= '\u4DBF') or (>= '\u4E00' and <= '\u9FFF') or (>= '\uF900' and <= '\uFAFF') or '\u3005' or '\u3006' => 1,
        (>= '\u30A0' and <= '\u30FF') or (>= '\u31F0' and <= '\u31FF') => 2,
        >= '\u3040' and <= '\u309F' => 3,
        _ => 4,
    };

    private static IEnumerable<(bool Cjk, string Text, List<LessonToken> Tokens)> Runs(string? text)
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

            yield return (kind == CharKind.Cjk, string.Concat(chars[start..i].Select(c => c.Char)), tokens);
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

    /// <summary>
    /// NFKC over the text, a character and the marks that follow it together (so half-width ﾄﾞ composes to ド, not ト and a stray
    /// mark), each output character remembering the original offset and length of the piece it came from.
    /// </summary>
    private static List<SourceChar> Normalise(string text)
    {
        var result = new List<SourceChar>(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            if (char.IsSurrogate(text[i]))
            {
                // Outside the BMP (emoji, rare kanji): a separator, so it never joins the words beside it.
                result.Add(new SourceChar(' ', i, 1));
                i++;
                continue;
            }

            var start = i++;
            while (i < text.Length && IsMark(text[i]))
            {
                i++;
            }

            var piece = text[start..i];
            if (piece.Length > 1)
            {
                // The spacing marks ゛゜ stand for the combining ones when they follow a kana.
                piece = piece.Replace('\u309B', '\u3099').Replace('\u309C', '\u309A');
            }

            foreach (var c in piece.Normalize(NormalizationForm.FormKC))
            {
                foreach (var d in RemoveAccent(c))
                {
                    result.Add(new SourceChar(char.ToLowerInvariant(d), start, i - start));
                }
            }
        }

        return result;
    }

    /// <summary>A mark that belongs to the character before it: half-width ﾞ ﾟ, the kana voicing marks, combining accents.</summary>
    private static bool IsMark(char c) =>
        c is '\uFF9E' or '\uFF9F' or '\u3099' or '\u309A' or '\u309B' or '\u309C'
        || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;

    /// <summary>
    /// A term as searches compare it: hiragana folded to katakana (かーど and カード meet). The index keeps terms as written, so
    /// rows written before folding existed still match: a query reads every spelling of a term (<see cref="Spellings"/>).
    /// </summary>
    public static string Fold(string term)
    {
        if (!term.Any(IsHiragana))
        {
            return term;
        }

        return string.Create(term.Length, term, static (span, t) =>
        {
            for (var k = 0; k < t.Length; k++)
            {
                span[k] = IsHiragana(t[k]) ? (char)(t[k] + 0x60) : t[k];
            }
        });
    }

    /// <summary>
    /// The ways a folded term is read from the index, which keeps terms as written: folded (katakana), all in hiragana, and as
    /// <paramref name="typed"/> (the query's own spellings of it: 「カードが」's ドが, where a katakana word meets a particle).
    /// At most three reads per term, the folded one first.
    /// </summary>
    public static IReadOnlyList<string> Spellings(string term, IEnumerable<string>? typed = null)
    {
        var folded = Fold(term);
        var hiragana = string.Create(folded.Length, folded, static (span, t) =>
        {
            for (var k = 0; k < t.Length; k++)
            {
                span[k] = IsFoldedKana(t[k]) ? (char)(t[k] - 0x60) : t[k];
            }
        });
        return [.. new[] { folded, hiragana }.Concat((typed ?? []).Where(t => Fold(t) == folded)).Distinct(StringComparer.Ordinal)];
    }

    private static bool IsHiragana(char c) => c is (>= '\u3041' and <= '\u3096') or '\u309D' or '\u309E';

    private static bool IsFoldedKana(char c) => c is (>= '\u30A1' and <= '\u30F6') or '\u30FD' or '\u30FE';

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
