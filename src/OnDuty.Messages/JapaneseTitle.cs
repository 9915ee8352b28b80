namespace OnDuty.Messages;

/// <summary>
/// How a Japanese incident title reads in a customer sentence. The team writes titles as predicates (「決済画面が開かない」,
/// 「メッセージが送信できない」) as often as nouns (「決済障害」): a noun takes の (「決済障害のお知らせ」), a predicate cannot
/// (「開かないのお知らせ」 is not Japanese) and modifies 事象 instead (「決済画面が開かない事象」).
/// </summary>
/// <remarks>
/// Judged by the last characters once a closing note in brackets (「（exit 137）」) and closing punctuation are set aside: a
/// plain verb or adjective ends in one of う く ぐ す つ ぬ ぶ む る い た (ない, できない, 遅い, 失敗した …) and modifies 事象
/// as it is; a polite ending (ます, ません, ました, です) or one that cannot stand before a noun (だ, ず) is quoted with
/// 「という事象」. Anything else — kanji, katakana, Latin, digits — is taken for a noun.
/// </remarks>
public static class JapaneseTitle
{
    private static readonly string[] QuotedEndings = ["ます", "ません", "ました", "でした", "です", "だ", "ず"];

    private const string PlainEndings = "うくぐすつぬぶむるいた";

    /// <summary>Whether <paramref name="title"/> ends in a verb, adjective or other predicate rather than a noun.</summary>
    public static bool IsPredicate(string title) => Ending(title) is { Length: > 0 } end && (PlainEndings.Contains(end[^1], StringComparison.Ordinal) || QuotedEndings.Any(q => end.EndsWith(q, StringComparison.Ordinal)));

    /// <summary>
    /// The title as a noun phrase for 「…について」「…につきまして」: a predicate modifies 事象 (「決済画面が開かない事象」, polite
    /// endings 「…失敗しましたという事象」), a noun takes 「の事象」 (「決済障害の事象」).
    /// </summary>
    public static string Matter(string title)
    {
        var trimmed = title.Trim().TrimEnd('。', '．', '！', '!');
        if (!IsPredicate(trimmed))
        {
            return trimmed + "の事象";
        }

        var end = Ending(trimmed);
        return QuotedEndings.Any(q => end.EndsWith(q, StringComparison.Ordinal)) ? trimmed + "という事象" : trimmed + "事象";
    }

    /// <summary>The title without a closing note in brackets or closing punctuation, where its grammar ends.</summary>
    private static string Ending(string title)
    {
        var end = title.Trim();
        while (end.Length > 0)
        {
            var before = end;
            end = end.TrimEnd(' ', '\u3000', '。', '、', '．', '.', '！', '!', '？', '?');
            foreach (var (open, close) in new[] { ('（', '）'), ('(', ')'), ('［', '］'), ('[', ']') })
            {
                if (end.Length > 0 && end[^1] == close && end.LastIndexOf(open) is var at and > 0)
                {
                    end = end[..at];
                }
            }

            if (end == before)
            {
                break;
            }
        }

        return end;
    }
}
