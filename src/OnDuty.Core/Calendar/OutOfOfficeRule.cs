namespace OnDuty.Core.Calendar;

/// <summary>The rule that turns Outlook "out of office" time into leave for a duty week.</summary>
public static class OutOfOfficeRule
{
    /// <summary>
    /// Share (0..1) of the working hours — the team's working days (weekdays without <paramref name="calendar"/>),
    /// <paramref name="workdayStart"/> to <paramref name="workdayEnd"/> in <paramref name="zone"/> — from <paramref name="from"/> to
    /// <paramref name="to"/> (inclusive dates) covered by <paramref name="outOfOffice"/>. Overlapping intervals count once. A span
    /// without working hours gives 0. Out of office on a public holiday or a company closure is not leave from work: everyone has
    /// 年末年始 blocked in Outlook, and the duty week holding the closure stays the pair's (「休業中も当番です」).
    /// </summary>
    public static double OutOfOfficeShare(
        DateOnly from, DateOnly to, TimeZoneInfo zone, TimeOnly workdayStart, TimeOnly workdayEnd, IEnumerable<TimeRange> outOfOffice,
        IWorkingCalendar? calendar = null)
    {
        var merged = Merge(outOfOffice);
        var working = TimeSpan.Zero;
        var covered = TimeSpan.Zero;
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            if (calendar is null ? day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday : !calendar.IsWorkingDay(day))
            {
                continue;
            }

            var start = Instant(day, workdayStart, zone);
            var end = Instant(day, workdayEnd, zone);
            working += end - start;
            foreach (var range in merged)
            {
                var overlapStart = range.Start > start ? range.Start : start;
                var overlapEnd = range.End < end ? range.End : end;
                if (overlapEnd > overlapStart)
                {
                    covered += overlapEnd - overlapStart;
                }
            }
        }

        return working <= TimeSpan.Zero ? 0 : covered / working;
    }

    public static bool CountsAsLeave(double share, double threshold) => share >= threshold - 1e-9;

    private static List<TimeRange> Merge(IEnumerable<TimeRange> ranges)
    {
        var merged = new List<TimeRange>();
        foreach (var range in ranges.Where(r => r.End > r.Start).OrderBy(r => r.Start))
        {
            if (merged.Count > 0 && range.Start <= merged[^1].End)
            {
                var last = merged[^1];
                merged[^1] = last with { End = range.End > last.End ? range.End : last.End };
            }
            else
            {
                merged.Add(range);
            }
        }

        return merged;
    }

    private static DateTimeOffset Instant(DateOnly day, TimeOnly time, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(time);
        if (zone.IsInvalidTime(local))
        {
            local = local.AddHours(1);
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }
}
