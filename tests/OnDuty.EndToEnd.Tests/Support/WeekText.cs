using System.Globalization;

namespace OnDuty.EndToEnd.Tests.Support;

/// <summary>A duty week as Japanese mail and pages name it (「12月7日(月)からの週」); English mail and the API keep the ISO label.</summary>
internal static class WeekText
{
    /// <summary>The week labelled <paramref name="isoWeek"/> (<c>2026-W50</c>) by the rotation's handoff day in it.</summary>
    public static string Japanese(string isoWeek, DayOfWeek handoffDay = DayOfWeek.Monday)
    {
        var day = ISOWeek.ToDateTime(int.Parse(isoWeek[..4], CultureInfo.InvariantCulture), int.Parse(isoWeek[6..], CultureInfo.InvariantCulture), handoffDay);
        return day.ToString("M月d日(ddd)", CultureInfo.GetCultureInfo("ja-JP")) + "からの週";
    }
}
