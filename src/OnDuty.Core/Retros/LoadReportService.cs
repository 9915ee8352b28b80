using Microsoft.Extensions.Options;
using OnDuty.Core.Calendar;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Rotations;
using OnDuty.Core.Team;

namespace OnDuty.Core.Retros;

/// <summary>Gathers what <see cref="LoadReportCalculator"/> counts: the duty rotation's shifts, the incidents of the range (the year index's summaries, <see cref="ReportRange.SummariesAsync"/>), their timelines and retro versions.</summary>
public sealed class LoadReportService(
    RotationService rotations,
    IRotationRepository rotationStates,
    IRosterRepository roster,
    IIncidentRepository incidents,
    IRetroRepository retros,
    IWorkingCalendar calendar,
    TimeProvider time,
    IOptions<IncidentOptions> incidentOptions,
    IOptions<ReportOptions> options)
{
    public const int DefaultWeeks = 12;

    /// <summary>Coming weeks already scheduled that the report counts by default (<c>ahead</c>), and at most.</summary>
    public const int DefaultAheadWeeks = 12;

    public const int MaxAheadWeeks = 26;
    public const int MaxDays = 366;

    /// <summary>
    /// Days before the range whose incidents are read too: one detected just before it (23:50 on the last night of the month)
    /// pages, is updated and gets its retro in it, and those count in the range; the incident itself counts where it was detected.
    /// </summary>
    public const int LookbackDays = 14;

    private const int ReadParallelism = 8;

    public Task<LoadReport> ComputeAsync(DateOnly? from, DateOnly? to, CancellationToken cancellationToken) =>
        ComputeAsync(from, to, DefaultAheadWeeks, cancellationToken);

    /// <param name="aheadWeeks">
    /// Coming shifts already scheduled to count as well (0 to <see cref="MaxAheadWeeks"/>): those starting after today. Null: <see cref="DefaultAheadWeeks"/>,
    /// or none for a range that ended before today — a past quarter's page is about that quarter, not the weeks to come.
    /// </param>
    public async Task<LoadReport> ComputeAsync(DateOnly? from, DateOnly? to, int? aheadWeeks, CancellationToken cancellationToken)
    {
        if (aheadWeeks is < 0 or > MaxAheadWeeks)
        {
            throw new ValidationException("ahead", $"must be between 0 and {MaxAheadWeeks}");
        }

        ReportRange.CheckAsked(from, to);
        var zone = incidentOptions.Value.Zone;
        var today = TimeZones.DateAt(time.GetUtcNow(), zone);
        var last = to ?? today;
        var range = ReportRange.Of(from ?? last.AddDays((-7 * DefaultWeeks) + 1), last, zone, MaxDays);
        var (first, start, end) = (range.First, range.Start, range.End);
        var members = await roster.LoadRosterAsync(cancellationToken);
        var shifts = await ShiftsAsync(first, last, cancellationToken);
        var (summaries, truncated) = await ReportRange.SummariesAsync(incidents, start.AddDays(-LookbackDays), end, zone, options.Value.MaxIncidents, cancellationToken);
        var loaded = new LoadIncident[summaries.Count];
        await Parallel.ForEachAsync(summaries.Select((incident, index) => (incident, index)),
            new ParallelOptions { MaxDegreeOfParallelism = ReadParallelism, CancellationToken = cancellationToken },
            async (item, ct) =>
            {
                var timeline = incidents.GetTimelineAsync(item.incident.Id, ct);
                var versions = retros.ListVersionsAsync(item.incident.Id, ct);
                loaded[item.index] = new LoadIncident(item.incident, await timeline, await versions);
            });

        var loads = LoadReportCalculator.Compute(members, shifts, loaded, start, end, first, last, zone, calendar, options.Value, time.GetUtcNow());
        var weeksAhead = aheadWeeks ?? (last < today ? 0 : DefaultAheadWeeks);
        IReadOnlyList<ScheduledShift> ahead = weeksAhead == 0 ? [] : await AheadAsync(today, weeksAhead, cancellationToken);
        loads = LoadReportCalculator.WithAhead(loads, ahead);
        return new LoadReport(first, last, incidentOptions.Value.TimeZone, loaded.Count(i => i.Incident.DetectedAt >= start), truncated, loads)
        {
            AheadWeeks = weeksAhead,
            AsOf = today,
            AheadTo = ahead.Count == 0 ? null : ahead[^1].EndDate,
        };
    }

    /// <summary>The paging rotation's shifts starting after <paramref name="today"/>, <paramref name="weeks"/> of them, as scheduled now.</summary>
    private async Task<IReadOnlyList<ScheduledShift>> AheadAsync(DateOnly today, int weeks, CancellationToken cancellationToken)
    {
        try
        {
            var schedule = await rotations.GetScheduleAsync(incidentOptions.Value.RotationId, today, weeks + 1, cancellationToken);
            return [.. schedule.Shifts.Where(s => s.StartDate > today).Take(weeks)];
        }
        catch (NotFoundException)
        {
            return [];
        }
    }

    private async Task<IReadOnlyList<LoadShift>> ShiftsAsync(DateOnly first, DateOnly last, CancellationToken cancellationToken)
    {
        try
        {
            var weeks = Math.Min(RotationService.MaxScheduleWeeks, ((last.DayNumber - first.DayNumber) / 7) + 2);
            var schedule = await rotations.GetScheduleAsync(incidentOptions.Value.RotationId, first, weeks, cancellationToken);
            var state = await rotationStates.GetStateAsync(incidentOptions.Value.RotationId, cancellationToken);
            return [.. schedule.Shifts.Select(s => LoadShift.Of(s, state))];
        }
        catch (NotFoundException)
        {
            return [];
        }
    }
}
