namespace OnDuty.Core.Common;

/// <summary>What script a text is written in, where a reader of another language needs it said or marked.</summary>
public static class TextScript
{
    /// <summary>
    /// Whether <paramref name="text"/> holds Japanese or Chinese script: kana (full-width and half-width), kanji, CJK punctuation.
    /// The one rule for "written in Japanese", names included (a Japanese name is cut to its family name, 「ﾀﾅｶ ｹﾝ」 too); full-width
    /// Latin letters and digits (「ＡＰＩ」) are not Japanese script — a name typed so keeps its Latin order.
    /// </summary>
    public static bool HasCjk(string text) => text.Any(c => c is >= '\u3000' and <= '\u30FF' or >= '\u31F0' and <= '\u31FF' or >= '\u3400' and <= '\u4DBF'
        or >= '\u4E00' and <= '\u9FFF' or >= '\uF900' and <= '\uFAFF' or >= '\uFF61' and <= '\uFF9F');
}
