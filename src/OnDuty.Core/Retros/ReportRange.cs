using OnDuty.Core.Common;

namespace OnDuty.Core.Retros;

/// <summary>
/// The days a report covers, <see cref="First"/> to <see cref="Last"/> inclusive in the team's time zone, and the instants
/// they start and end at (<see cref="Start"/> inclusive, <see cref="End"/> exclusive).
/// </summary>
public sealed record ReportRange(DateOnly First, DateOnly Last, DateTimeOffset Start, DateTimeOffset End)
{
    /// <summary>The range, checked: <paramref name="first"/> not after <paramref name="last"/>, at most <paramref name="maxDays"/> days (else a 400 naming the field).</summary>
    public static ReportRange Of(DateOnly first, DateOnly last, TimeZoneInfo zone, int maxDays)
    {
        new ValidationErrors()
            .When(first > last, "from", "must not be after to")
            .When(last.DayNumber - first.DayNumber >= maxDays, "to", $"the range must be at most {maxDays} days")
            .ThrowIfAny();
        return new ReportRange(first, last, StartOf(first, zone), StartOf(last.AddDays(1), zone));
    }

    public int Days => Last.DayNumber - First.DayNumber + 1;

    /// <summary>Whether the range is one whole calendar month.</summary>
    public bool IsMonth => First.Day == 1 && Last == First.AddMonths(1).AddDays(-1);

    public bool Contains(DateTimeOffset at) => at >= Start && at < End;

    /// <summary>A month so far: from its first day to a day before its last.</summary>
    public bool IsMonthToDate => First.Day == 1 && Last.Year == First.Year && Last.Month == First.Month && !IsMonth;

    /// <summary>
    /// The range to compare with: the month before a whole month; the same days of the month before a month so far (1–2 Dec
    /// against 1–2 Nov, clamped to that month's end); else as many days just before.
    /// </summary>
    public ReportRange Previous(TimeZoneInfo zone)
    {
        if (IsMonth)
        {
            return new ReportRange(First.AddMonths(-1), First.AddDays(-1), StartOf(First.AddMonths(-1), zone), Start);
        }

        if (IsMonthToDate)
        {
            var last = Last.AddMonths(-1);
            return new ReportRange(First.AddMonths(-1), last, StartOf(First.AddMonths(-1), zone), StartOf(last.AddDays(1), zone));
        }

        return new ReportRange(First.AddDays(-Days), First.AddDays(-1), StartOf(First.AddDays(-Days), zone), Start);
    }

    public static DateTimeOffset StartOf(DateOnly date, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    /// <summary>
    /// Incidents detected from <paramref name="start"/> to <paramref name="end"/>, read from the per-year index (at most
    /// <paramref name="max"/> ids a year: <c>Truncated</c> says when that cut it) and loaded by <paramref name="load"/>, 16 at a
    /// time; an incident <paramref name="load"/> returns null for (gone, or detected outside) is left out.
    /// </summary>
    public static async Task<(List<T> Items, bool Truncated)> LoadIncidentsAsync<T>(
        Incidents.IIncidentRepository incidents, DateTimeOffset start, DateTimeOffset end, TimeZoneInfo zone, int max,
        Func<string, CancellationToken, Task<T?>> load, CancellationToken cancellationToken)
        where T : class
    {
        var loaded = new List<T>();
        var truncated = false;
        for (var year = TimeZoneInfo.ConvertTime(start, zone).Year; year <= TimeZoneInfo.ConvertTime(end, zone).Year; year++)
        {
            var ids = await incidents.ListIdsOfYearAsync(year, max, cancellationToken);
            truncated |= ids.Count >= max;
            foreach (var chunk in ids.Chunk(16))
            {
                loaded.AddRange((await Task.WhenAll(chunk.Select(id => load(id, cancellationToken)))).OfType<T>());
            }
        }

        return (loaded, truncated);
    }
}
