namespace OnDuty.Messages;

/// <summary>
/// How a Japanese incident title reads in a customer sentence. The team writes titles as predicates (「決済画面が開かない」,
/// 「メッセージが送信できない」) as often as nouns (「決済障害」): a noun takes の (「決済障害のお知らせ」), a predicate cannot
/// (「開かないのお知らせ」 is not Japanese) and modifies 事象 instead (「決済画面が開かない事象」).
/// </summary>
/// <remarks>
/// Judged by the last characters once a closing note in brackets (「（exit 137）」) and closing punctuation are set aside: a
/// plain verb or adjective ends in one of う く ぐ す つ ぬ ぶ む る い た (ない, できない, 遅い, 失敗した …) and modifies 事象
/// as it is; a polite negative becomes the plain one a noun can follow (「できません」→「できない」, 「届きませんでした」→
/// 「届かなかった」), and so does a polite past (「失敗しました」→「失敗した」, 「落ちました」→「落ちた」); a な-adjective standing as the predicate takes な, not の (「接続が不安定な事象」, also before a dropped です/だ; a
/// compound noun ending in one, 「決済異常」, keeps の); another polite ending
/// (ます, です, a past whose stem is ambiguous: 「買いました」) or one that cannot stand before a noun (だ, ず) is quoted with 「という事象」. Anything else — kanji,
/// katakana, Latin, digits — is taken for a noun.
/// </remarks>
public static class JapaneseTitle
{
    private static readonly string[] QuotedEndings = ["ます", "ません", "ました", "でした", "です", "だ", "ず"];

    private const string PlainEndings = "うくぐすつぬぶむるいた";

    /// <summary>Polite negatives, longest first, and the plain ending each stands for after the verb's stem.</summary>
    private static readonly (string Polite, string Plain)[] PoliteNegatives = [("ませんでした", "なかった"), ("ません", "ない")];

    /// <summary>
    /// Nouns that take な before a noun (形容動詞) as incident titles end in them; a word ending in 的 does too (一時的, 断続的).
    /// Longest first, so 不安定 is not read as 安定.
    /// </summary>
    private static readonly string[] NaAdjectives =
    [
        "不安定", "不可能", "不完全", "不適切", "不自然", "不規則", "不十分", "不正確", "不明瞭",
        "異常", "不正", "不明", "不審", "不便", "不調", "過剰", "過大", "困難", "無効", "有効", "可能", "必要", "不要", "危険", "脆弱", "曖昧", "複雑", "低調", "不良",
    ];

    /// <summary>Whether <paramref name="title"/> ends in a verb, adjective (な-adjectives too) or other predicate rather than a noun.</summary>
    public static bool IsPredicate(string title) =>
        Ending(title) is { Length: > 0 } end
        && (PlainEndings.Contains(end[^1], StringComparison.Ordinal) || QuotedEndings.Any(q => end.EndsWith(q, StringComparison.Ordinal)) || NaAdjective(end) is not null);

    /// <summary>
    /// The title as a noun phrase for 「…について」「…につきまして」: a predicate modifies 事象 (「決済画面が開かない事象」, a polite
    /// negative made plain: 「ログインできない事象」; a polite past too: 「…失敗した事象」; other polite endings 「…買いましたという事象」), a な-adjective takes な
    /// (「決済が不安定な事象」), a noun takes 「の事象」 (「決済障害の事象」).
    /// </summary>
    public static string Matter(string title)
    {
        var trimmed = title.Trim().TrimEnd('。', '．', '！', '!');
        if (State(trimmed) is { } state)
        {
            return state + "事象";
        }

        return IsPredicate(trimmed) ? trimmed + "という事象" : trimmed + "の事象";
    }

    /// <summary>
    /// The title as words that can stand before a noun such as 状態 or 事象 (「ログインできない」, 「届かない」 from 「届きません」,
    /// 「決済が不安定な」), for 「…状態となっております。」; null for a noun title (「決済障害」) and for a polite ending that stays
    /// quoted (「…買いました」), which read as 「…が発生しております。」 instead.
    /// </summary>
    public static string? State(string title)
    {
        var trimmed = title.Trim().TrimEnd('。', '．', '！', '!');
        var end = Ending(trimmed);

        // What follows the grammar's end (a note in brackets) stays where it is, after the words that change.
        var note = trimmed[end.Length..];
        if ((PlainNegative(end) ?? PlainPast(end)) is { } plain)
        {
            return plain + note;
        }

        if (NaAdjective(end) is { } adjective)
        {
            return adjective + "な" + note;
        }

        if (!IsPredicate(trimmed) || QuotedEndings.Any(q => end.EndsWith(q, StringComparison.Ordinal)))
        {
            return null;
        }

        return trimmed;
    }

    /// <summary>
    /// A polite negative made plain (「送信できません」→「送信できない」, 「開きません」→「開かない」, 「ありません」→「ない」), or null
    /// when <paramref name="end"/> is no polite negative. The verb's stem decides: one ending in an い-row kana of a 五段 verb
    /// (開き, 繋がり, 待ち) moves to the あ-row; できる, する, いる, 来る and every stem in the え-row or in kanji (見, 出) take ない as they are.
    /// </summary>
    private static string? PlainNegative(string end)
    {
        foreach (var (polite, plain) in PoliteNegatives)
        {
            if (!end.EndsWith(polite, StringComparison.Ordinal) || end.Length == polite.Length)
            {
                continue;
            }

            var stem = end[..^polite.Length];
            if (stem.EndsWith("あり", StringComparison.Ordinal))
            {
                // ある has no stem in the negative: 「応答がありません」→「応答がない」.
                return stem[..^2] + plain;
            }

            if (stem.EndsWith("でき", StringComparison.Ordinal) || stem.EndsWith("来", StringComparison.Ordinal))
            {
                return stem + plain;
            }

            var last = stem[^1];
            var row = IsIchidan(stem) ? -1 : GodanStems.IndexOf(last, StringComparison.Ordinal);
            return row >= 0 ? stem[..^1] + GodanNegativeStems[row] + plain : stem + plain;
        }

        return null;
    }

    /// <summary>
    /// A polite past made plain (「失敗しました」→「失敗した」, 「止まりました」→「止まった」, 「遅れました」→「遅れた」), or null when
    /// <paramref name="end"/> is none or its stem is one whose past cannot be told from it (a stem in い, 買い or 用い). The stem decides
    /// as for the negative: する and できる, an え-row or kanji stem take た as they are; a 五段 stem in the い-row takes its 音便.
    /// </summary>
    private static string? PlainPast(string end)
    {
        const string polite = "ました";
        if (!end.EndsWith(polite, StringComparison.Ordinal) || end.Length == polite.Length)
        {
            return null;
        }

        var stem = end[..^polite.Length];
        if (stem.EndsWith('し') || stem.EndsWith("でき", StringComparison.Ordinal) || stem.EndsWith('来') || IsIchidan(stem))
        {
            return stem + "た";
        }

        if (stem.EndsWith("行き", StringComparison.Ordinal))
        {
            return stem[..^1] + "った"; // 行く: 行った, not 行いた
        }

        var last = stem[^1];
        var row = GodanStems.IndexOf(last, StringComparison.Ordinal);
        if (row >= 0)
        {
            return stem[..^1] + GodanPasts[row];
        }

        return last == 'い' ? null : stem + "た";
    }

    /// <summary>
    /// 一段 verbs whose stem ends in the い-row like a 五段 one, as incident titles use them (「サーバーが落ちました」「エラーが起きません」):
    /// they take た and ない as they are (落ちた, 起きない), not 落った, 起かない.
    /// </summary>
    private static readonly string[] IchidanStems = ["起き", "落ち", "過ぎ", "延び", "伸び", "浴び", "借り", "尽き", "満ち", "生き", "飽き", "閉じ", "感じ"];

    private static bool IsIchidan(string stem) => IchidanStems.Any(v => stem.EndsWith(v, StringComparison.Ordinal));

    /// <summary>The plain past of each stem in <see cref="GodanStems"/>, in its order: 書き→書いた, 泳ぎ→泳いだ, 待ち→待った ….</summary>
    private static readonly string[] GodanPasts = ["いた", "いだ", "った", "んだ", "んだ", "んだ", "った"];

    /// <summary>い-row kana a 五段 verb's polite stem ends in (し and い are left out: する and いる, far more common in titles, keep them).</summary>
    private const string GodanStems = "きぎちにびみり";

    /// <summary>The あ-row kana the plain negative takes instead, in the order of <see cref="GodanStems"/>.</summary>
    private const string GodanNegativeStems = "かがたなばまら";

    /// <summary>
    /// <paramref name="end"/> up to a closing な-adjective (a dropped です or だ set aside): 「決済が不安定です」→「決済が不安定」; null when it
    /// does not end in one.
    /// </summary>
    private static string? NaAdjective(string end)
    {
        foreach (var copula in new[] { "です", "だ", "" })
        {
            if (!end.EndsWith(copula, StringComparison.Ordinal))
            {
                continue;
            }

            var word = end[..^copula.Length];
            if (word.Length > 1 && word.EndsWith('的') || NaAdjectives.Any(a => word.EndsWith(a, StringComparison.Ordinal) && StandsAlone(word, a.Length)))
            {
                return word;
            }
        }

        return null;
    }

    /// <summary>
    /// Whether the last <paramref name="length"/> characters of <paramref name="word"/> are a word of their own (after a particle,
    /// a space or nothing: 「接続が不安定」) rather than the end of a compound noun (「決済異常」「ログイン異常」 take の).
    /// </summary>
    private static bool StandsAlone(string word, int length) =>
        word.Length == length || word[^(length + 1)] is var before && (before is >= '\u3041' and <= '\u309F' || char.IsWhiteSpace(before) || before is '、' or '」' or '』');

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
