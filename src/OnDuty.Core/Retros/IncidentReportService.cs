using Microsoft.Extensions.Options;
using OnDuty.Core.Calendar;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;

namespace OnDuty.Core.Retros;

/// <summary>
/// Gathers what <see cref="IncidentReportCalculator"/> counts: the incidents detected in the range and in the range before
/// it, from the year index's summaries (<see cref="ReportRange.SummariesAsync"/>), then each one's timeline, and the retro of
/// each one in the range; a few reads at a time.
/// </summary>
public sealed class IncidentReportService(
    IIncidentRepository incidents,
    IRetroRepository retros,
    IWorkingCalendar calendar,
    TimeProvider time,
    IOptions<IncidentOptions> incidentOptions,
    IOptions<RetroOptions> retroOptions,
    IOptions<ReportOptions> options)
{
    public const int MaxDays = 366;
    private const int ReadParallelism = 8;

    /// <summary>
    /// The report from <paramref name="from"/> to <paramref name="to"/> (inclusive). Without <paramref name="from"/>, the month
    /// of <paramref name="to"/> (or of today); without <paramref name="to"/>, up to today, or the end of <paramref name="from"/>'s
    /// month when that month is over. A range still running ends today (<see cref="ReportRange.SoFar"/>): this month to its
    /// last day is this month so far, as without dates. A range over <see cref="MaxDays"/> days or backwards is a 400.
    /// </summary>
    public async Task<IncidentReport> ComputeAsync(DateOnly? from, DateOnly? to, CancellationToken cancellationToken)
    {
        var zone = incidentOptions.Value.Zone;
        var now = time.GetUtcNow();
        var today = Day(now);
        var range = Range(from, to, today);
        var previous = range.Previous(zone, now);

        var (loaded, truncated) = await LoadAsync(previous.Start, range, cancellationToken);
        return IncidentReportCalculator.Compute(
            range, previous, loaded, truncated, today, zone, incidentOptions.Value.TimeZone, calendar, options.Value, retroOptions.Value.DueWorkingDays, retroOptions.Value.SelfResolvedGrace);
    }

    /// <summary>
    /// The incidents detected in the range (defaults as <see cref="ComputeAsync"/>), oldest first, each with its timeline and
    /// retro: the rows of the report's CSV export.
    /// </summary>
    public async Task<IncidentReportList> ListAsync(DateOnly? from, DateOnly? to, CancellationToken cancellationToken)
    {
        var today = Day(time.GetUtcNow());
        var range = Range(from, to, today);
        var (loaded, truncated) = await LoadAsync(range.Start, range, cancellationToken);
        var retro = retroOptions.Value;
        return new IncidentReportList(range.First, range.Last, incidentOptions.Value.TimeZone, truncated, [.. loaded.OrderBy(i => i.Incident.DetectedAt).ThenBy(i => i.Incident.Id, StringComparer.Ordinal)])
        {
            SelfResolvedGrace = retro.SelfResolvedGrace,
            Rows = loaded.ToDictionary(
                i => i.Incident.Id,
                i => IncidentReportCalculator.RowOf(i, incidentOptions.Value.Zone, calendar, retro.DueWorkingDays, retro.SelfResolvedGrace, today),
                StringComparer.Ordinal),
        };
    }

    /// <summary>The whole calendar month before the one <paramref name="today"/> is in.</summary>
    public static (DateOnly From, DateOnly To) MonthBefore(DateOnly today) => (FirstOfMonth(today).AddMonths(-1), FirstOfMonth(today).AddDays(-1));

    private ReportRange Range(DateOnly? from, DateOnly? to, DateOnly today)
    {
        ReportRange.CheckAsked(from, to);
        var first = from ?? FirstOfMonth(to ?? today);
        var last = to ?? Min(today, FirstOfMonth(first).AddMonths(1).AddDays(-1));
        return ReportRange.Of(first, last, incidentOptions.Value.Zone, MaxDays).SoFar(today, incidentOptions.Value.Zone);
    }

    /// <summary>The day <paramref name="at"/> falls on in the team's time zone.</summary>
    private DateOnly Day(DateTimeOffset at) => TimeZones.DateAt(at, incidentOptions.Value.Zone);

    /// <summary>Incidents detected from <paramref name="start"/> to the range's end, with their timelines, and retros for those in <paramref name="range"/>.</summary>
    private async Task<(List<ReportIncident> Items, bool Truncated)> LoadAsync(DateTimeOffset start, ReportRange range, CancellationToken cancellationToken)
    {
        var (summaries, truncated) = await ReportRange.SummariesAsync(incidents, start, range.End, incidentOptions.Value.Zone, options.Value.MaxIncidents, cancellationToken);
        var loaded = new ReportIncident[summaries.Count];
        await Parallel.ForEachAsync(summaries.Select((incident, index) => (incident, index)),
            new ParallelOptions { MaxDegreeOfParallelism = ReadParallelism, CancellationToken = cancellationToken },
            async (item, ct) =>
            {
                var timeline = await incidents.GetTimelineAsync(item.incident.Id, ct);
                if (item.incident.MaxSeverityUnknown)
                {
                    // Stored before the highest severity was kept: its timeline says, so the retro owed agrees with the count.
                    item.incident.RecallMaxSeverity(timeline);
                }

                var retro = range.Contains(item.incident.DetectedAt) ? (await retros.GetAsync(item.incident.Id, ct))?.Value : null;
                loaded[item.index] = new ReportIncident(item.incident, timeline, retro?.Content)
                {
                    // First saved: a retro edited since keeps the day it was written (written late or not is about that day).
                    RetroWrittenAt = retro is null ? null
                        : retro.Version.Version == 1 ? retro.Version.SavedAt
                        : (await retros.ListVersionsAsync(item.incident.Id, ct)).Select(v => (DateTimeOffset?)v.SavedAt).Min() ?? retro.Version.SavedAt,
                };
            });
        return ([.. loaded], truncated);
    }

    private static DateOnly FirstOfMonth(DateOnly day) => new(day.Year, day.Month, 1);

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;
}
