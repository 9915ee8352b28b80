using System.Globalization;

namespace OnDuty.EndToEnd.Tests.Support;

/// <summary>A duty week as mail and pages name it (「12月7日(月)からの週」, "Week of Mon 7 Dec"); the API keeps the ISO label.</summary>
internal static class WeekText
{
    /// <summary>The week labelled <paramref name="isoWeek"/> (<c>2026-W50</c>) by the rotation's handoff day in it.</summary>
    public static string Japanese(string isoWeek, DayOfWeek handoffDay = DayOfWeek.Monday)
    {
        var day = ISOWeek.ToDateTime(int.Parse(isoWeek[..4], CultureInfo.InvariantCulture), int.Parse(isoWeek[6..], CultureInfo.InvariantCulture), handoffDay);
        return day.ToString("M月d日(ddd)", CultureInfo.GetCultureInfo("ja-JP")) + "からの週";
    }

    /// <summary>A week named by the day it really starts (a handoff moved off a holiday or weekend): 「12月8日(火)からの週」.</summary>
    public static string Japanese(DateOnly firstDay) =>
        firstDay.ToDateTime(TimeOnly.MinValue).ToString("M月d日(ddd)", CultureInfo.GetCultureInfo("ja-JP")) + "からの週";

    /// <summary>
    /// The week labelled <paramref name="isoWeek"/> as an English duty mail's subject names it, by its first day (since 12-06):
    /// <c>Week of Mon 7 Dec</c>; the body says <c>the week of Mon 7 Dec</c>.
    /// </summary>
    public static string English(string isoWeek, DayOfWeek handoffDay = DayOfWeek.Monday)
    {
        var day = ISOWeek.ToDateTime(int.Parse(isoWeek[..4], CultureInfo.InvariantCulture), int.Parse(isoWeek[6..], CultureInfo.InvariantCulture), handoffDay);
        return English(DateOnly.FromDateTime(day));
    }

    /// <summary>A week as an English duty subject names it by the day it really starts: <c>Week of Tue 8 Dec</c>.</summary>
    public static string English(DateOnly firstDay) => "Week of " + firstDay.ToString("ddd d MMM", CultureInfo.InvariantCulture);

    /// <summary>
    /// Whether <paramref name="text"/> (a subject, or a card's JSON, where Japanese may be \u-escaped) names the week in
    /// either language.
    /// </summary>
    public static bool Names(string text, string isoWeek, DayOfWeek handoffDay = DayOfWeek.Monday) =>
        text.Contains(isoWeek, StringComparison.Ordinal)
        || text.Contains(English(isoWeek, handoffDay)[1..], StringComparison.Ordinal)
        || System.Text.RegularExpressions.Regex.Replace(text, @"\\u([0-9A-Fa-f]{4})", m => ((char)Convert.ToInt32(m.Groups[1].Value, 16)).ToString())
            .Contains(Japanese(isoWeek, handoffDay), StringComparison.Ordinal);
}
