using System.Globalization;

namespace OnDuty.Messages;

/// <summary>
/// How long something lasted, rounded as a person says it in a report: 「1分未満」「約1分」「約45分」「約1時間20分」「約27時間」「約3日」
/// ("under 1 min", "about 1 min", "about 1 h 20 min", "about 27 h", "about 3 days"). For stated intervals that are exact
/// (「30分以上」 in a nudge) <see cref="Exact"/> says them without 約.
/// </summary>
public static class DurationText
{
    /// <summary><paramref name="minutes"/> to the nearest minute under a day, to the hour under three days, else to the day.</summary>
    public static string About(double minutes, Phrases p)
    {
        // Under a minute, and a value that is no number (a clock that went backwards is clamped by the callers; NaN is not).
        if (!(minutes >= 1))
        {
            return p["Duration.UnderMinute"];
        }

        var rounded = (long)Math.Round(minutes, MidpointRounding.AwayFromZero);
        return rounded switch
        {
            < 60 => p.Format("Duration.About.Minutes", Number(rounded)),
            < 24 * 60 when rounded % 60 == 0 => p.Format("Duration.About.Hours", Number(rounded / 60)),
            < 24 * 60 => p.Format("Duration.About.HoursMinutes", Number(rounded / 60), Number(rounded % 60)),
            < 72 * 60 => p.Format("Duration.About.Hours", Number((long)Math.Round(minutes / 60, MidpointRounding.AwayFromZero))),
            _ => p.Format("Duration.About.Days", Number((long)Math.Round(minutes / 1440, MidpointRounding.AwayFromZero))),
        };
    }

    /// <summary>A span, as <see cref="About(double, Phrases)"/>.</summary>
    public static string About(TimeSpan span, Phrases p) => About(span.TotalMinutes, p);

    /// <summary>
    /// A stated interval, exactly (「30分」「1時間」「1時間30分」; "30 min", "1 h 30 min"): a setting's time or a promise, where 約
    /// would be wrong. Whole minutes, seconds dropped.
    /// </summary>
    public static string Exact(TimeSpan span, Phrases p)
    {
        var hours = (long)span.TotalHours;
        var minutes = span.Minutes;
        return (hours, minutes) switch
        {
            (0, _) => p.Format("Duration.Minutes", Number((long)span.TotalMinutes)),
            (_, 0) => p.Format("Duration.Hours", Number(hours)),
            _ => p.Format("Duration.HoursMinutes", Number(hours), Number(minutes)),
        };
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
