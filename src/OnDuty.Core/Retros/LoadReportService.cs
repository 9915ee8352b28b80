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
        var first = from ?? last.AddDays((-7 * DefaultWeeks) + 1);
        new ValidationErrors()
            .When(first > last, "from", "must not be after to")
            .When(last.DayNumber - first.DayNumber >= MaxDays, "to", $"the range must be at most {MaxDays} days")
            .ThrowIfAny();

        var start = Start(first, zone);
        var end = Start(last.AddDays(1), zone);
        var members = await roster.LoadRosterAsync(cancellationToken);
        var shifts = await ShiftsAsync(first, last, cancellationToken);

        var loaded = new List<LoadIncident>();
        var truncated = false;
        for (var year = TimeZoneInfo.ConvertTime(start, zone).Year; year <= TimeZoneInfo.ConvertTime(end, zone).Year; year++)
        {
            var ids = await incidents.ListIdsOfYearAsync(year, options.Value.MaxIncidents, cancellationToken);
            truncated |= ids.Count >= options.Value.MaxIncidents;
            foreach (var chunk in ids.Chunk(16))
            {
                loaded.AddRange((await Task.WhenAll(chunk.Select(id => LoadAsync(id, start, end, cancellationToken)))).OfType<LoadIncident>());
            }
        }

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

    private static DateTimeOffset Start(DateOnly date, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }
}
