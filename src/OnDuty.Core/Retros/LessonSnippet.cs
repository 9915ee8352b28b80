namespace OnDuty.Core.Retros;

/// <summary>A short piece of the field where the query's words were found, and where they are in it (to be marked up by the reader's page, encoded).</summary>
public sealed record LessonSnippet(string Field, string Text, IReadOnlyList<TextSpan> Highlights)
{
    public const int Width = 160;

    /// <summary>The first of <paramref name="fields"/> holding a query term, cut around it, with every query term in the cut marked.</summary>
    public static LessonSnippet? Find(IEnumerable<(string Field, string? Text)> fields, IReadOnlySet<string> terms)
    {
        foreach (var (field, text) in fields)
        {
            if (string.IsNullOrEmpty(text))
            {
                continue;
            }

            var tokens = LessonTokenizer.Tokenize(text).Where(t => terms.Contains(t.Term)).ToList();
            if (tokens.Count == 0)
            {
                continue;
            }

            var start = Math.Max(0, tokens[0].Start - (Width / 4));
            var end = Math.Min(text.Length, start + Width);
            start = Math.Max(0, Math.Min(start, end - Width));
            var spans = new List<TextSpan>();
            foreach (var token in tokens.Where(t => t.Start >= start && t.Start + t.Length <= end))
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

            return new LessonSnippet(field, text[start..end], spans);
        }

        return null;
    }
}
