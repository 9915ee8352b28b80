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
        var start = Math.Max(0, from - (Width / 4));
        var end = Math.Min(found.Text.Length, start + Width);
        start = Math.Max(0, Math.Min(start, end - Width));
        var spans = new List<TextSpan>();
        foreach (var token in found.Tokens.Where(t => t.Start >= start && t.Start + t.Length <= end))
        {
            var s = token.Start - start;
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

        return new LessonSnippet(found.Field, found.Text[start..end], spans);
    }
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
