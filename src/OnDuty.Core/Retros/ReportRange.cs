using OnDuty.Core.Common;
using OnDuty.Core.Incidents;

namespace OnDuty.Core.Retros;

/// <summary>
/// The days a report covers, <see cref="First"/> to <see cref="Last"/> inclusive in the team's time zone, and the instants
/// they start and end at (<see cref="Start"/> inclusive, <see cref="End"/> exclusive).
/// </summary>
public sealed record ReportRange(DateOnly First, DateOnly Last, DateTimeOffset Start, DateTimeOffset End)
{
    /// <summary>Earliest day a report reads (and the latest): outside them the date arithmetic of a range would overflow.</summary>
    public static readonly DateOnly Earliest = new(2000, 1, 1);

    public static readonly DateOnly Latest = new(9998, 12, 31);

    /// <summary>Year pages a report reads at most (of 500 summaries each) while looking for its range, newest first.</summary>
    private const int MaxPagesPerYear = 40;

    private const int PageSize = 500;

    /// <summary>
    /// The range, checked: both days from <see cref="Earliest"/> to <see cref="Latest"/>, <paramref name="first"/> not after
    /// <paramref name="last"/>, at most <paramref name="maxDays"/> days (else a 400 naming the field).
    /// </summary>
    public static ReportRange Of(DateOnly first, DateOnly last, TimeZoneInfo zone, int maxDays)
    {
        CheckAsked(first, last);
        new ValidationErrors()
            .When(first > last, "from", "must not be after to", ValueRule.NotAfter("to"))
            .When(last.DayNumber - first.DayNumber >= maxDays, "to", $"the range must be at most {maxDays} days", ValueRule.DaysAtMost(maxDays))
            .ThrowIfAny();
        return new ReportRange(first, last, StartOf(first, zone), StartOf(last.AddDays(1), zone));
    }

    /// <summary>
    /// The days a request asked for, checked before any date arithmetic on them: from <see cref="Earliest"/> to
    /// <see cref="Latest"/>, else a 400 naming the field.
    /// </summary>
    public static void CheckAsked(DateOnly? from, DateOnly? to) =>
        new ValidationErrors()
            .When(from is { } f && (f < Earliest || f > Latest), "from", $"must be from {Earliest:yyyy-MM-dd} to {Latest:yyyy-MM-dd}", ValueRule.DateBetween(Earliest, Latest))
            .When(to is { } t && (t < Earliest || t > Latest), "to", $"must be from {Earliest:yyyy-MM-dd} to {Latest:yyyy-MM-dd}", ValueRule.DateBetween(Earliest, Latest))
            .ThrowIfAny();

    public int Days => Last.DayNumber - First.DayNumber + 1;

    /// <summary>
    /// What the days are: a whole calendar month, a month so far (its first day to a day before its last), a whole calendar
    /// quarter, a quarter so far (its first day into its second or third month), or other days.
    /// </summary>
    public ReportPeriod Period => PeriodOf(First, Last);

    public static ReportPeriod PeriodOf(DateOnly first, DateOnly last) =>
        first.Day != 1 ? ReportPeriod.Days
        : last == first.AddMonths(1).AddDays(-1) ? ReportPeriod.Month
        : last.Year == first.Year && last.Month == first.Month ? ReportPeriod.MonthToDate
        : !IsQuarterStart(first) ? ReportPeriod.Days
        : last == first.AddMonths(3).AddDays(-1) ? ReportPeriod.Quarter
        : last < first.AddMonths(3) ? ReportPeriod.QuarterToDate
        : ReportPeriod.Days;

    /// <summary>The first day of the calendar quarter <paramref name="day"/> is in (1 Jan, 1 Apr, 1 Jul or 1 Oct).</summary>
    public static DateOnly QuarterOf(DateOnly day) => new(day.Year, ((day.Month - 1) / 3 * 3) + 1, 1);

    private static bool IsQuarterStart(DateOnly day) => day.Day == 1 && (day.Month - 1) % 3 == 0;

    public bool Contains(DateTimeOffset at) => at >= Start && at < End;

    /// <summary>
    /// The range to compare with: the month before a whole month; the same days of the month before a month so far (1–2 Dec
    /// against 1–2 Nov, clamped to that month's end); the quarter before a whole quarter (Oct–Dec against Jul–Sep) and the
    /// same days of it a quarter so far (1 Oct–15 Nov against 1 Jul–15 Aug); else as many days just before. When this range is still running at
    /// <paramref name="now"/>, the one compared with ends as far into it as this one has run, so a morning is not set
    /// against a whole day.
    /// </summary>
    public ReportRange Previous(TimeZoneInfo zone, DateTimeOffset now)
    {
        var previous = Period switch
        {
            ReportPeriod.Month => new ReportRange(First.AddMonths(-1), First.AddDays(-1), StartOf(First.AddMonths(-1), zone), Start),
            ReportPeriod.MonthToDate => new ReportRange(First.AddMonths(-1), Last.AddMonths(-1), StartOf(First.AddMonths(-1), zone), StartOf(Last.AddMonths(-1).AddDays(1), zone)),
            ReportPeriod.Quarter => new ReportRange(First.AddMonths(-3), First.AddDays(-1), StartOf(First.AddMonths(-3), zone), Start),
            ReportPeriod.QuarterToDate => new ReportRange(First.AddMonths(-3), Last.AddMonths(-3), StartOf(First.AddMonths(-3), zone), StartOf(Last.AddMonths(-3).AddDays(1), zone)),
            _ => new ReportRange(First.AddDays(-Days), First.AddDays(-1), StartOf(First.AddDays(-Days), zone), Start),
        };
        if (now >= End || now < Start)
        {
            return previous;
        }

        var end = previous.Start + (now - Start);
        return end >= previous.End ? previous : previous with { End = end };
    }

    /// <summary>
    /// The range as far as it has run by <paramref name="today"/>: a range that began and ends after today ends today (2026-12-01
    /// to 2026-12-31 on 2 Dec is 1–2 Dec, a month so far compared with 前月同期, as the default range is); else the range.
    /// Days to come have nothing to count, and a range ending in them would be set against the whole of the other.
    /// </summary>
    public ReportRange SoFar(DateOnly today, TimeZoneInfo zone) =>
        First <= today && today < Last ? new ReportRange(First, today, Start, StartOf(today.AddDays(1), zone)) : this;

    private static DateTimeOffset StartOf(DateOnly date, TimeZoneInfo zone) => TimeZones.StartOfDay(date, zone);

    /// <summary>
    /// The summaries of the incidents detected from <paramref name="start"/> to <paramref name="end"/>, from the year index
    /// (newest first, a page at a time, a year ending at the first page wholly older than <paramref name="start"/>): no read of
    /// each incident. At most <paramref name="max"/> of them a year, and <see cref="MaxPagesPerYear"/> pages a year scanned;
    /// <c>Truncated</c> says when either cut the list.
    /// </summary>
    public static async Task<(List<Incident> Items, bool Truncated)> SummariesAsync(
        IIncidentRepository incidents, DateTimeOffset start, DateTimeOffset end, TimeZoneInfo zone, int max, CancellationToken cancellationToken)
    {
        var found = new List<Incident>();
        var truncated = false;
        for (var year = TimeZoneInfo.ConvertTime(start, zone).Year; year <= TimeZoneInfo.ConvertTime(end, zone).Year; year++)
        {
            string? token = null;
            var kept = 0;
            var pages = 0;
            do
            {
                var page = await incidents.ListYearAsync(year, PageSize, token, cancellationToken);
                pages++;
                foreach (var incident in page.Items.Where(i => i.DetectedAt >= start && i.DetectedAt < end))
                {
                    if (kept == max)
                    {
                        truncated = true;
                        break;
                    }

                    found.Add(incident);
                    kept++;
                }

                token = page.ContinuationToken;
                if (truncated || (page.Items.Count > 0 && page.Items.All(i => i.DetectedAt < start)))
                {
                    // Full, or newest first: a page wholly older than the range ends the year.
                    token = null;
                }
                else if (token is not null && pages == MaxPagesPerYear)
                {
                    truncated = true;
                    token = null;
                }
            }
            while (token is not null);
        }

        return (found, truncated);
    }
}
