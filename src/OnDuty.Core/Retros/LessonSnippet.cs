namespace OnDuty.Core.Retros;

/// <summary>A short piece of the field where the query's words were found, and where they are in it (to be marked up by the reader's page, encoded).</summary>
public sealed record LessonSnippet(string Field, string Text, IReadOnlyList<TextSpan> Highlights)
{
    public const int Width = 160;

    /// <summary>
    /// The field holding the most of the query's terms (compared with hiragana folded to katakana, <see cref="LessonTokenizer.Fold"/>,
    /// a loanword also by its other spelling, <see cref="LessonLoanwords.Found"/>) (the first such), cut where most of them stand
    /// together, with every query term in the cut marked; null when no field holds any.
    /// </summary>
    public static LessonSnippet? Find(IEnumerable<(string Field, string? Text)> fields, IReadOnlySet<string> terms)
    {
        (string Field, string Text, List<LessonToken> Tokens, int Distinct)? best = null;
        foreach (var (field, text) in fields)
        {
            if (string.IsNullOrEmpty(text))
            {
                continue;
            }

            var all = LessonTokenizer.Tokenize(text).Select(t => t with { Term = LessonTokenizer.Fold(t.Term) }).ToList();
            // A loanword's other spelling (`timeout` found by 「タイムアウト」, LessonLoanwords) is what matched: cut and marked as the query's own terms are.
            var tokens = all.Where(t => terms.Contains(t.Term)).Concat(LessonLoanwords.Found(all, terms)).OrderBy(t => t.Start).ThenByDescending(t => t.Length).ToList();
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
                // Overlapping bigrams (決済, 済エ) become one mark.
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
}
