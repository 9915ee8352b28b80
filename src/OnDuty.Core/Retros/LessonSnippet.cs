namespace OnDuty.Core.Retros;

/// <summary>A short piece of the field where the query's words were found, and where they are in it (to be marked up by the reader's page, encoded).</summary>
public sealed record LessonSnippet(string Field, string Text, IReadOnlyList<TextSpan> Highlights)
{
    public const int Width = 160;

    /// <summary>
    /// The field holding the most of the query's <paramref name="words"/> (compared with hiragana folded to katakana,
    /// <see cref="LessonTokenizer.Fold"/>, a loanword also by its other spelling, <see cref="LessonLoanwords.Found"/>) (the first
    /// such), cut where most of them stand together, with each marked where it stands (<see cref="Marks"/>); null when no field holds any.
    /// </summary>
    public static LessonSnippet? Find(IEnumerable<(string Field, string? Text)> fields, IReadOnlyList<LessonWord> words)
    {
        var terms = words.SelectMany(w => w.Terms).ToHashSet(StringComparer.Ordinal);
        var cjk = words.Where(w => w.Text.Length >= 2).ToList();
        var bigrams = cjk.SelectMany(w => w.Terms).ToHashSet(StringComparer.Ordinal);
        (string Field, string Text, List<LessonToken> Tokens, int Distinct)? best = null;
        foreach (var (field, text) in fields)
        {
            if (string.IsNullOrEmpty(text))
            {
                continue;
            }

            var all = LessonTokenizer.Tokenize(text).Select(t => t with { Term = LessonTokenizer.Fold(t.Term) }).ToList();
            // A Latin word as it is; a loanword's other spelling (`timeout` found by 「タイムアウト」, LessonLoanwords) is what matched:
            // cut and marked as the query's own words are; a Japanese word where it stands whole (Marks), not by a stray bigram of it.
            var tokens = all.Where(t => terms.Contains(t.Term) && !bigrams.Contains(t.Term))
                .Concat(LessonLoanwords.Found(all, terms))
                .Concat(cjk.SelectMany(w => Marks(all, w)))
                .OrderBy(t => t.Start).ThenByDescending(t => t.Length).ToList();
            var distinct = tokens.Select(t => t.Term).Distinct(StringComparer.Ordinal).Count();
            if (distinct > (best?.Distinct ?? 0))
            {
                best = (field, text, tokens, distinct);
            }
        }

        if (best is not { } found)
        {
            return null;
        }

        // The window (from a matching token) that holds the most distinct terms.
        var from = found.Tokens
            .Select(t => (t.Start, Count: found.Tokens.Where(o => o.Start >= t.Start && o.Start + o.Length <= t.Start + Width).Select(o => o.Term).Distinct(StringComparer.Ordinal).Count()))
            .OrderByDescending(w => w.Count).ThenBy(w => w.Start).First().Start;
        var whole = found.Text;
        var start = Math.Max(0, from - (Width / 4));
        var end = Math.Min(whole.Length, start + Width);
        start = Begin(whole, Math.Max(0, Math.Min(start, end - Width)), from);
        end = Math.Min(whole.Length, start + Width);
        var inside = found.Tokens.Where(t => t.Start >= start && t.Start + t.Length <= end).ToList();
        end = Finish(whole, end, inside.Select(t => t.Start + t.Length).DefaultIfEmpty(from).Max());
        // Cut inside a sentence: said with 「…」 (the marks move with it).
        var before = start > 0 && !SentenceEnds(whole, start - 1) ? Ellipsis : "";
        var after = end < whole.Length && !SentenceEnds(whole, end - 1) ? Ellipsis : "";
        var spans = new List<TextSpan>();
        foreach (var token in inside.Where(t => t.Start + t.Length <= end))
        {
            var s = token.Start - start + before.Length;
            if (spans.Count > 0 && spans[^1].Start + spans[^1].Length >= s)
            {
                // Words that overlap or touch (「決済」「エラー」 in 決済エラー) become one mark.
                var last = spans[^1];
                spans[^1] = last with { Length = Math.Max(last.Length, s + token.Length - last.Start) };
            }
            else
            {
                spans.Add(new TextSpan(s, token.Length));
            }
        }

        return new LessonSnippet(found.Field, before + whole[start..end] + after, spans);
    }

    /// <summary>The start of <paramref name="text"/> as a snippet with nothing marked (a hit on a title, not the text), cut as <see cref="Find"/> cuts.</summary>
    public static LessonSnippet Lead(string field, string text)
    {
        var end = Finish(text, Math.Min(text.Length, Width), 0);
        return new LessonSnippet(field, text[..end] + (end < text.Length && !SentenceEnds(text, end - 1) ? Ellipsis : ""), []);
    }

    private const string Ellipsis = "…";

    /// <summary>
    /// Where a snippet cut at <paramref name="start"/> begins: after the last sentence end before its first match
    /// (<paramref name="firstMatch"/>), else not inside a Latin word; blanks skipped.
    /// </summary>
    private static int Begin(string text, int start, int firstMatch)
    {
        if (start == 0)
        {
            return 0;
        }

        var at = start;
        for (var k = firstMatch - 1; k >= start - 1 && k >= 0; k--)
        {
            if (SentenceEnds(text, k))
            {
                at = k + 1;
                break;
            }
        }

        if (at == start && InLatinWord(text, start))
        {
            // Inside a word: from the next one, when it comes before the match.
            var blank = text.IndexOf(' ', start, firstMatch - start);
            at = blank < 0 ? start : blank + 1;
        }

        while (at < firstMatch && char.IsWhiteSpace(text[at]))
        {
            at++;
        }

        return at;
    }

    /// <summary>
    /// Where a snippet cut at <paramref name="end"/> ends: after the last sentence end after its last match
    /// (<paramref name="lastMatchEnd"/>), else not inside a Latin word; blanks left out.
    /// </summary>
    private static int Finish(string text, int end, int lastMatchEnd)
    {
        if (end >= text.Length)
        {
            return text.Length;
        }

        var at = end;
        for (var k = end - 1; k >= lastMatchEnd && k > 0; k--)
        {
            if (SentenceEnds(text, k))
            {
                at = k + 1;
                break;
            }
        }

        if (at == end && InLatinWord(text, end))
        {
            var blank = text.LastIndexOf(' ', end - 1, end - lastMatchEnd);
            at = blank < lastMatchEnd ? end : blank;
        }

        while (at > lastMatchEnd + 1 && char.IsWhiteSpace(text[at - 1]))
        {
            at--;
        }

        return at;
    }

    /// <summary>A sentence ends at <paramref name="i"/>: 「。」「！」「？」, a line break, or ".", "!", "?" before a blank.</summary>
    private static bool SentenceEnds(string text, int i) =>
        text[i] is '。' or '！' or '？' or '\n' or '．'
        || (text[i] is '.' or '!' or '?' && (i + 1 == text.Length || char.IsWhiteSpace(text[i + 1])));

    /// <summary>Position <paramref name="i"/> falls inside a Latin word: a letter or digit on each side of it, neither Japanese.</summary>
    private static bool InLatinWord(string text, int i) =>
        i > 0 && i < text.Length && IsLatin(text[i - 1]) && IsLatin(text[i]);

    private static bool IsLatin(char c) => c < '\u3000' && char.IsLetterOrDigit(c);
    /// <summary>
    /// Where a Japanese <paramref name="word"/> stands in a text (its folded <paramref name="tokens"/>), one token per place, named by
    /// what it marks: the whole word (「カード決済」), or a whole part of it (<see cref="LessonWord.Parts"/>, a kanji or katakana run of
    /// it, <see cref="LessonTokenizer.ContentWords"/>: カード, 決済); where
    /// the text holds neither, the longest runs of the word's bigrams one after another, when three characters or more (「決済画面」
    /// of 「決済画面が開かない」). Never a lone bigram that is a piece of another word: カー of カード in 「カートに入れた」 (trial 39 L3).
    /// </summary>
    private static IEnumerable<LessonToken> Marks(List<LessonToken> tokens, LessonWord word)
    {
        var whole = word.Text;
        var parts = word.Parts.Select(p => string.Concat(p[0], string.Concat(p.Skip(1).Select(b => b[1]))))
            .Concat(LessonTokenizer.ContentWords(whole)).Where(p => p != whole).ToHashSet(StringComparer.Ordinal);

        // The runs of overlapping bigrams that spell a piece of the word, each as long as it goes (one within another left out).
        var runs = new List<(int Start, int End, string Text)>();
        for (var j = 0; j < tokens.Count; j++)
        {
            var text = tokens[j].Term;
            if (text.Length != 2 || !whole.Contains(text, StringComparison.Ordinal))
            {
                continue;
            }

            var k = j;
            while (k + 1 < tokens.Count && tokens[k + 1].Start < tokens[k].Start + tokens[k].Length && tokens[k + 1].Term.Length == 2
                && tokens[k + 1].Term[0] == text[^1] && whole.Contains(text + tokens[k + 1].Term[1], StringComparison.Ordinal))
            {
                text += tokens[k + 1].Term[1];
                k++;
            }

            var end = tokens[k].Start + tokens[k].Length;
            if (runs.Count == 0 || runs[^1].End < end)
            {
                runs.Add((tokens[j].Start, end, text));
            }
        }

        var marked = runs.Where(r => r.Text == whole || parts.Contains(r.Text)).ToList();
        if (marked.Count == 0)
        {
            var longest = runs.Select(r => r.Text.Length).DefaultIfEmpty(0).Max();
            marked = longest >= 3 ? [.. runs.Where(r => r.Text.Length == longest)] : [];
        }

        return marked.Select(r => new LessonToken(r.Text == whole || !parts.Contains(r.Text) ? whole : r.Text, r.Start, r.End - r.Start));
    }
}
