using Microsoft.Extensions.Options;
using OnDuty.Core.Calendar;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Rotations;
using OnDuty.Core.Team;

namespace OnDuty.Core.Retros;

/// <summary>Gathers what <see cref="LoadReportCalculator"/> counts: the duty rotation's shifts, the incidents of the range (from the per-year index), their timelines and retro versions.</summary>
public sealed class LoadReportService(
    RotationService rotations,
    IRosterRepository roster,
    IIncidentRepository incidents,
    IRetroRepository retros,
    IWorkingCalendar calendar,
    TimeProvider time,
    IOptions<IncidentOptions> incidentOptions,
    IOptions<ReportOptions> options)
{
    public const int DefaultWeeks = 12;
    public const int MaxDays = 366;

    public async Task<LoadReport> ComputeAsync(DateOnly? from, DateOnly? to, CancellationToken cancellationToken)
    {
        var zone = incidentOptions.Value.Zone;
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), zone).DateTime);
        var last = to ?? today;
        var range = ReportRange.Of(from ?? last.AddDays((-7 * DefaultWeeks) + 1), last, zone, MaxDays);
        var (first, start, end) = (range.First, range.Start, range.End);
        var members = await roster.LoadRosterAsync(cancellationToken);
        var shifts = await ShiftsAsync(first, last, cancellationToken);
        var (loaded, truncated) = await ReportRange.LoadIncidentsAsync(
            incidents, start, end, zone, options.Value.MaxIncidents, (id, ct) => LoadAsync(id, start, end, ct), cancellationToken);

        var loads = LoadReportCalculator.Compute(members, shifts, loaded, start, end, first, last, calendar, options.Value);
        return new LoadReport(first, last, incidentOptions.Value.TimeZone, loaded.Count, truncated, loads);
    }

    private async Task<LoadIncident?> LoadAsync(string id, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken)
    {
        var incident = await incidents.GetAsync(id, cancellationToken);
        if (incident is null || incident.Value.DetectedAt < start || incident.Value.DetectedAt >= end)
        {
            return null;
        }

        var timeline = incidents.GetTimelineAsync(id, cancellationToken);
        var versions = retros.ListVersionsAsync(id, cancellationToken);
        return new LoadIncident(incident.Value, await timeline, await versions);
    }

    private async Task<IReadOnlyList<LoadShift>> ShiftsAsync(DateOnly first, DateOnly last, CancellationToken cancellationToken)
    {
        try
        {
            var weeks = Math.Min(RotationService.MaxScheduleWeeks, ((last.DayNumber - first.DayNumber) / 7) + 2);
            var schedule = await rotations.GetScheduleAsync(incidentOptions.Value.RotationId, first, weeks, cancellationToken);
            return [.. schedule.Shifts.Select(s => new LoadShift(s.StartDate, s.MemberIds))];
        }
        catch (NotFoundException)
        {
            return [];
        }
    }
}
