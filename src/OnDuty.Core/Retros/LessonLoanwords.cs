using System.Text;

namespace OnDuty.Core.Retros;

/// <summary>
/// A small, fixed table of words the team writes either way — in English or as a katakana loanword (or the Japanese word) —
/// so that lessons search finds one by the other: `timeout` finds 「タイムアウト」, 「エラー」 finds "error". Applied when a
/// document is indexed (<see cref="LessonDocument.For"/>): a text holding one spelling is indexed under the other too, so
/// queries stay as they are and a hit is checked the same way. Kept short on purpose: only words whose two spellings mean
/// the same in every incident; more are added with a test. Not payment/決済: 決済 is no loanword, and every incident of the
/// 決済 area would then answer "payment" ahead of the alert that says it.
/// </summary>
public static class LessonLoanwords
{
    /// <summary>Each English word (as <see cref="LessonTokenizer"/> folds it: lower case, singular) with its Japanese spellings.</summary>
    public static IReadOnlyList<(string English, IReadOnlyList<string> Japanese)> Table { get; } =
    [
        ("timeout", ["タイムアウト"]),
        ("error", ["エラー"]),
        ("latency", ["レイテンシ", "レイテンシー"]),
    ];

    /// <summary>
    /// The other spellings of the table's words found in <paramref name="texts"/>: the first Japanese spelling for an English
    /// word held, the English word for a Japanese spelling held — once each.
    /// </summary>
    public static IReadOnlyList<string> Counterparts(IEnumerable<string?> texts)
    {
        var list = texts.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t!.Normalize(NormalizationForm.FormKC)).ToList();
        var terms = list.SelectMany(LessonTokenizer.Terms).ToHashSet(StringComparer.Ordinal);
        var added = new List<string>();
        foreach (var (english, japanese) in Table)
        {
            if (terms.Contains(english))
            {
                added.Add(japanese[0]);
            }

            if (japanese.Any(j => list.Any(t => t.Contains(j, StringComparison.Ordinal))))
            {
                added.Add(english);
            }
        }

        return added;
    }

    /// <summary>Each English word with its Japanese spellings as the tokenizer reads them (folded bigrams): worked out once, not per text.</summary>
    private static readonly IReadOnlyList<(string English, IReadOnlyList<IReadOnlyList<string>> Spellings)> Spellings =
        [.. Table.Select(w => (w.English, (IReadOnlyList<IReadOnlyList<string>>)[.. w.Japanese.Select(j => (IReadOnlyList<string>)[.. LessonTokenizer.Tokenize(j).Select(t => LessonTokenizer.Fold(t.Term))])]))];

    /// <summary>
    /// Where a text holds the other spelling of a loanword among a query's <paramref name="terms"/>: 「タイムアウト」 (its run of
    /// bigrams) for `timeout`, "timeout(s)" for 「タイムアウト」's bigrams — one token each, named by the English word, so a hit
    /// found through the table shows and marks what it was found by. <paramref name="tokens"/>: the text's, folded, in order.
    /// </summary>
    public static IEnumerable<LessonToken> Found(IReadOnlyList<LessonToken> tokens, IReadOnlySet<string> terms)
    {
        foreach (var (english, spellings) in Spellings)
        {
            if (terms.Contains(english))
            {
                foreach (var bigrams in spellings)
                {
                    for (var k = 0; k + bigrams.Count <= tokens.Count; k++)
                    {
                        if (Enumerable.Range(0, bigrams.Count).All(n => tokens[k + n].Term == bigrams[n]))
                        {
                            var last = tokens[k + bigrams.Count - 1];
                            yield return new LessonToken(english, tokens[k].Start, last.Start + last.Length - tokens[k].Start);
                        }
                    }
                }
            }

            if (spellings.Any(bigrams => bigrams.All(terms.Contains)))
            {
                foreach (var token in tokens.Where(t => t.Term == english))
                {
                    yield return token;
                }
            }
        }
    }
}
