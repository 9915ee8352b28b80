using System.Text.RegularExpressions;

namespace OnDuty.Core.Incidents;

/// <summary>
/// The markers the draft templates (OnDuty.Messages, draft-*.liquid) write for PR/CS to act on before the text can be published:
/// internal wording to rewrite (「【要修正：社内向けの記載】」, <c>[EDIT: internal wording]</c>), questions to keep or delete
/// (「【任意：不要なら削除】」, <c>[OPTIONAL: delete if not needed]</c>) and blanks to fill in (「（…をご記入ください）」,
/// <c>(add …)</c>). A draft still holding one cannot be approved: the page and the API both ask here.
/// </summary>
public static partial class DraftMarkers
{
    /// <summary>How many markers <paramref name="text"/> still holds (0 for null or empty).</summary>
    public static int Count(string? text) => string.IsNullOrEmpty(text) ? 0 : Marker().Count(text);

    /// <summary>How many markers the questions and answers still hold, together.</summary>
    public static int Count(IEnumerable<DraftQuestion?> faq) =>
        faq.Where(q => q is not null).Sum(q => Count(q!.Question) + Count(q.Answer));

    [GeneratedRegex(@"【要修正[^】\n]*】|【任意[^】\n]*】|（[^（）\n]*ご記入ください）|\[EDIT:[^\]\n]*\]|\[OPTIONAL:[^\]\n]*\]|\(add [^()\n]*\)")]
    private static partial Regex Marker();
}
