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
/// 「届かなかった」), and so does a polite past (「失敗しました」→「失敗した」, 「落ちました」→「落ちた」) and a polite present where the verb's form is certain (「続いています」→「続いている」); a な-adjective standing as the predicate takes な, not の (「接続が不安定な事象」, also before a dropped です/だ; a
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
        && (PlainEndings.Contains(end[^1], StringComparison.Ordinal) || QuotedEndings.Any(q => end.EndsWith(q, StringComparison.Ordinal)) || NaAdjective(end) is not null
            || SuruNounPredicate(end));

    /// <summary>
    /// Nouns that take する, as titles end in them after が or を with the する left out (「決済が一部失敗」「通知が遅延」「サーバーがダウン」):
    /// the predicate is the noun with する (「決済が一部失敗する事象」).
    /// </summary>
    private static readonly string[] SuruNouns =
    [
        "失敗", "遅延", "停止", "発生", "中断", "中止", "低下", "増加", "急増", "減少", "急減", "重複", "消失", "欠落", "切断", "混雑", "滞留", "停滞", "遅滞",
        "多発", "頻発", "再発", "枯渇", "逼迫", "超過", "破損", "誤作動", "誤動作", "誤表示", "誤送信", "タイムアウト", "ダウン", "フリーズ", "クラッシュ", "ループ",
    ];

    /// <summary>
    /// What follows the title's last が or を (a particle after a noun: 「決済が」「カードを」, not the が of つながらない), or null when it has
    /// none. Something after が/を that holds の is a noun phrase of its own (「ログインを含む機能の遅延」).
    /// </summary>
    private static string? AfterParticle(string end)
    {
        for (var at = end.Length - 2; at > 0; at--)
        {
            if (end[at] is 'が' or 'を' && end[at - 1] is not (>= '\u3041' and <= '\u309F'))
            {
                var tail = end[(at + 1)..].Trim(' ', '\u3000');
                return tail.Contains('の', StringComparison.Ordinal) ? null : tail;
            }
        }

        return null;
    }

    /// <summary>「決済が一部失敗」: a subject with が/を, then a noun that takes する with the する left out.</summary>
    private static bool SuruNounPredicate(string end) =>
        AfterParticle(end) is { Length: > 0 } tail && SuruNouns.Any(n => tail.EndsWith(n, StringComparison.Ordinal));

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
        if ((PlainNegative(end) ?? PlainPast(end) ?? PlainPresent(end)) is { } plain)
        {
            return plain + note;
        }

        if (NaAdjective(end) is { } adjective)
        {
            return adjective + "な" + note;
        }

        if (SuruNounPredicate(end))
        {
            return end + "する" + note; // 「決済が一部失敗する」
        }

        if (!IsPredicate(trimmed) || QuotedEndings.Any(q => end.EndsWith(q, StringComparison.Ordinal)))
        {
            return null;
        }

        return trimmed;
    }

    /// <summary>
    /// A polite negative made plain where the verb's form is certain (「送信できません」→「送信できない」, 「開きません」→「開かない」,
    /// 「ありません」→「ない」, 「反映されません」→「反映されない」, 「届いていません」→「届いていない」, 「起動しません」→「起動しない」), or
    /// null — the title is then quoted (「…ませんという事象」). A stem in the え-row, できる, 来る and ている take ない as they are; a
    /// stem in the い-row is made plain only for 五段 verbs known to be ones (開き→開か), since 起き, 落ち and 足り are 一段 and 合い,
    /// 揃い 五段 of another row; し only after a noun of two kanji or more, katakana or Latin (する: 起動し), not after one kanji
    /// (返し, 話し are 五段 す-verbs).
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

            if (stem.EndsWith("でき", StringComparison.Ordinal) || stem.EndsWith('来') || stem.EndsWith("てい", StringComparison.Ordinal) || stem.EndsWith("でい", StringComparison.Ordinal)
                || ERow.Contains(stem[^1], StringComparison.Ordinal))
            {
                return stem + plain;
            }

            if (stem.EndsWith('し'))
            {
                return SuruNoun(stem[..^1]) ? stem + plain : null;
            }

            if (IsIchidan(stem))
            {
                return stem + plain;
            }

            var known = GodanVerbs.FirstOrDefault(v => stem.EndsWith(v, StringComparison.Ordinal));
            if (known is null)
            {
                return null;
            }

            var row = GodanStems.IndexOf(stem[^1], StringComparison.Ordinal);
            return row >= 0 ? stem[..^1] + GodanNegativeStems[row] + plain : null;
        }

        return null;
    }

    /// <summary>え-row kana a 一段 verb's stem (or a passive or potential: され, 使え) ends in: ない follows as it is.</summary>
    private const string ERow = "えけげせぜてでねへべぺめれ";

    /// <summary>Whether <paramref name="noun"/> ends in a word that takes する: two kanji or more (起動, 表示), katakana or Latin (ログイン).</summary>
    private static bool SuruNoun(string noun) =>
        noun.Length > 0 && (IsKatakanaOrLatin(noun[^1]) || (noun.Length >= 2 && IsKanji(noun[^1]) && IsKanji(noun[^2])));

    private static bool IsKanji(char c) => c is >= '\u4E00' and <= '\u9FFF';

    private static bool IsKatakanaOrLatin(char c) => c is >= '\u30A1' and <= '\u30FF' or >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= 'Ａ' and <= 'ｚ' or >= '0' and <= '9';

    /// <summary>Polite stems of 五段 verbs incident titles use (開き, 届き, 繋がり …): those alone move to the あ-row.</summary>
    private static readonly string[] GodanVerbs =
    [
        "開き", "届き", "動き", "効き", "付き", "書き", "聞き", "置き", "続き", "引き", "働き", "輝き", "描き",
        "繋がり", "つながり", "終わり", "入り", "残り", "変わり", "戻り", "切り", "減り", "上がり", "下がり", "止まり", "決まり",
        "当たり", "乗り", "送り", "作り", "通り", "移り", "映り", "走り", "回り", "取り", "貼り", "載り", "残り", "直り", "治り", "収まり", "閉まり", "始まり", "わかり", "分かり",
        "待ち", "持ち", "立ち", "読み", "進み", "込み", "飛び", "呼び", "選び", "並び", "泳ぎ", "繋ぎ", "防ぎ", "急ぎ", "死に",
    ];


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
            // Only a 五段 verb known to be one: 足りました is 足りた, not 足った.
            return GodanVerbs.Any(v => stem.EndsWith(v, StringComparison.Ordinal)) ? stem[..^1] + GodanPasts[row] : null;
        }

        return last == 'い' ? null : stem + "た";
    }

    /// <summary>
    /// A polite present made plain where the verb's form is certain (trial 39 M6: 「…押せない状態が続いています」 read
    /// 「…続いていますという事象」): ている (「続いています」→「続いている」, 「発生しております」→「発生している」), できる, 来る, する after a
    /// noun that takes it (「遅延します」→「遅延する」), a 一段 stem (「表示されます」→「表示される」, 「落ちます」→「落ちる」), てくる (「出てきます」→「出てくる」) and the 五段 verbs
    /// known to be ones (「止まります」→「止まる」); null otherwise — the title is then quoted as before.
    /// </summary>
    private static string? PlainPresent(string end)
    {
        const string polite = "ます";
        if (!end.EndsWith(polite, StringComparison.Ordinal) || end.Length == polite.Length)
        {
            return null;
        }

        var stem = end[..^polite.Length];
        if (stem.EndsWith("ており", StringComparison.Ordinal) || stem.EndsWith("でおり", StringComparison.Ordinal))
        {
            // ております is the humble ている: 「発生しております」→「発生している」.
            return stem[..^2] + "いる";
        }

        if (stem.EndsWith("てき", StringComparison.Ordinal))
        {
            return stem[..^1] + "くる"; // てくる in kana: 「出てきます」→「出てくる」
        }

        if (stem.EndsWith("てい", StringComparison.Ordinal) || stem.EndsWith("でい", StringComparison.Ordinal) || stem.EndsWith("でき", StringComparison.Ordinal)
            || stem.EndsWith('来') || IsIchidan(stem) || ERow.Contains(stem[^1], StringComparison.Ordinal))
        {
            return stem + "る";
        }

        if (stem.EndsWith('し'))
        {
            return SuruNoun(stem[..^1]) ? stem[..^1] + "する" : null;
        }

        var row = GodanStems.IndexOf(stem[^1], StringComparison.Ordinal);
        return row >= 0 && GodanVerbs.Any(v => stem.EndsWith(v, StringComparison.Ordinal)) ? stem[..^1] + GodanPlainEndings[row] : null;
    }

    /// <summary>The plain present's kana of each stem in <see cref="GodanStems"/>, in its order: 書き→書く, 待ち→待つ, 入り→入る ….</summary>
    private const string GodanPlainEndings = "くぐつぬぶむる";

    /// <summary>
    /// 一段 verbs whose stem ends in the い-row like a 五段 one, as incident titles use them (「サーバーが落ちました」「エラーが起きません」):
    /// they take た and ない as they are (落ちた, 起きない), not 落った, 起かない.
    /// </summary>
    private static readonly string[] IchidanStems = ["起き", "落ち", "過ぎ", "延び", "伸び", "浴び", "借り", "尽き", "満ち", "生き", "飽き", "閉じ", "感じ"];

    private static bool IsIchidan(string stem) => IchidanStems.Any(v => stem.EndsWith(v, StringComparison.Ordinal));

    /// <summary>The plain past of each stem in <see cref="GodanStems"/>, in its order: 書き→書いた, 泳ぎ→泳いだ, 待ち→待った ….</summary>
    private static readonly string[] GodanPasts = ["いた", "いだ", "った", "んだ", "んだ", "んだ", "った"];

    /// <summary>The い-row kana a known 五段 verb's polite stem ends in.</summary>
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
