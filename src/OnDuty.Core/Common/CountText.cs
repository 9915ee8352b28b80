using System.Globalization;

namespace OnDuty.Core.Common;

/// <summary>
/// A count with its noun as an operator reads it in English — health output, problem details, exception messages: "1 message",
/// "3 messages", never "message(s)" (the rule <c>Phrases.Counted</c> follows for people's texts).
/// </summary>
public static class CountText
{
    /// <summary><paramref name="count"/> with <paramref name="one"/> for one, <paramref name="many"/> otherwise (0 included): "1 page", "3 pages".</summary>
    public static string Of(int count, string one, string many) =>
        $"{count.ToString(CultureInfo.InvariantCulture)} {(count == 1 ? one : many)}";

    /// <summary>As <see cref="Of"/> below <paramref name="cap"/>; at it (a list read <paramref name="cap"/> at most), "100+ pages".</summary>
    public static string UpTo(int count, int cap, string one, string many) =>
        count < cap ? Of(count, one, many) : $"{cap.ToString(CultureInfo.InvariantCulture)}+ {many}";
}
