using Microsoft.Extensions.Options;
using OnDuty.Core.Calendar;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Rotations;
using OnDuty.Core.Team;

namespace OnDuty.Core.Retros;

/// <summary>
/// Gathers what <see cref="DutyReportCalculator"/> counts for one rotation: its shifts as the schedule and the pager resolve them
/// (<see cref="RotationService.GetScheduleAsync"/>, with the rotation's stored changes for replacements made mid-shift), and — for
/// the rotation that pages — the incidents' page steps from their timelines (the year index's summaries, one timeline query per
/// incident partition, as the load report reads them).
/// </summary>
public sealed class DutyReportService(
    RotationService rotations,
    IRotationRepository rotationStates,
    IRosterRepository roster,
    IIncidentRepository incidents,
    IWorkingCalendar calendar,
    IOptions<IncidentOptions> incidentOptions,
    IOptions<ReportOptions> options,
    TimeProvider time)
{
    /// <summary>Days a report covers at most: a year (a leap year's too).</summary>
    public const int MaxDays = 366;

    private const int ReadParallelism = 8;

    /// <summary>
    /// The report of the whole calendar month before this one in the rotation's time zone: what payroll closes each month.
    /// </summary>
    public Task<DutyReport> LastMonthAsync(string rotationId, CancellationToken cancellationToken) =>
        PeriodAsync(rotationId, null, null, cancellationToken);

    /// <summary>
    /// The report of a month (<paramref name="month"/>, <c>2026-11</c>) or a quarter (<paramref name="quarter"/>, <c>2026-Q4</c>),
    /// else of the month before this one in the rotation's time zone (what the duty page's link opens), with today's date
    /// (<see cref="DutyReport.AsOf"/>). 400 naming the value that cannot be read (<see cref="DutyPeriod.Parse"/>), before anything is read.
    /// </summary>
    public async Task<DutyReport> PeriodAsync(string rotationId, string? month, string? quarter, CancellationToken cancellationToken)
    {
        var asked = DutyPeriod.Parse(month, quarter);
        var rotation = (await rotations.GetAsync(rotationId, cancellationToken)).Value;
        var zone = TimeZones.TryFind(rotation.TimeZone, out var z) ? z : incidentOptions.Value.Zone;
        var today = TimeZones.DateAt(time.GetUtcNow(), zone);
        var period = asked ?? DutyPeriod.Month(today.AddMonths(-1));
        return await ComputeAsync(rotationId, period.First, period.Last, cancellationToken) with { AsOf = today };
    }

    /// <summary>
    /// The report of <paramref name="rotationId"/> from <paramref name="from"/> to <paramref name="to"/> (inclusive, the rotation's
    /// time zone). 400 naming the field for a missing or bad range (from after to, over <see cref="MaxDays"/>); 404 for no such rotation.
    /// </summary>
    public async Task<DutyReport> ComputeAsync(string rotationId, DateOnly? from, DateOnly? to, CancellationToken cancellationToken)
    {
        new ValidationErrors()
            .When(from is null, "from", "is required: a date like 2026-10-01", ValueRule.Date())
            .When(to is null, "to", "is required: a date like 2026-12-31", ValueRule.Date())
            .ThrowIfAny();
        ReportRange.CheckAsked(from, to);
        var rotation = (await rotations.GetAsync(rotationId, cancellationToken)).Value;
        var zone = TimeZones.TryFind(rotation.TimeZone, out var z) ? z : incidentOptions.Value.Zone;
        var range = ReportRange.Of(from!.Value, to!.Value, zone, MaxDays);

        // From a week before the first day: the shift holding its first hours began before it (a Monday 10:00 handoff).
        var first = range.First.AddDays(-7);
        var weeks = Math.Min(RotationService.MaxScheduleWeeks, ((range.Last.DayNumber - first.DayNumber) / 7) + 2);
        var schedule = await rotations.GetScheduleAsync(rotationId, first, weeks, cancellationToken);
        var state = await rotationStates.GetStateAsync(rotationId, cancellationToken);
        var spans = schedule.Shifts
            .Where(s => s.StartsAt < range.End && s.EndsAt > range.Start)
            .SelectMany(s => DutySpans.Of(s, state))
            .ToList();

        var members = new Dictionary<string, Member>(schedule.Roster, StringComparer.Ordinal);
        if (spans.Any(s => !members.ContainsKey(s.MemberId)))
        {
            foreach (var former in await roster.ListFormerMembersAsync(cancellationToken))
            {
                members.TryAdd(former.Id, Member.Missing(former.Id, rotation.TimeZone, former));
            }
        }

        // Only the rotation that pages (Incidents__RotationId) has pages to count: another one's members are paged, if at all, as
        // members of that one, and counting those here would count them twice.
        var pagesIncidents = string.Equals(rotationId, incidentOptions.Value.RotationId, StringComparison.Ordinal);
        var loaded = new List<LoadIncident>();
        var truncated = false;
        if (pagesIncidents && spans.Count > 0)
        {
            // Incidents detected up to two weeks before the range page into it too (one detected at 23:50 on its last night).
            var (summaries, cut) = await ReportRange.SummariesAsync(
                incidents, range.Start.AddDays(-LoadReportService.LookbackDays), range.End, incidentOptions.Value.Zone, options.Value.MaxIncidents, cancellationToken);
            truncated = cut;
            var read = new LoadIncident[summaries.Count];
            await Parallel.ForEachAsync(summaries.Select((incident, index) => (incident, index)),
                new ParallelOptions { MaxDegreeOfParallelism = ReadParallelism, CancellationToken = cancellationToken },
                async (item, ct) => read[item.index] = new LoadIncident(item.incident, await incidents.GetTimelineAsync(item.incident.Id, ct), []));
            loaded.AddRange(read);
        }

        var duty = DutyReportCalculator.Compute(members, spans, loaded, range, zone, calendar, options.Value);
        return new DutyReport(rotation.Id, rotation.Name, range.First, range.Last, rotation.TimeZone, pagesIncidents, truncated, duty) { RotationNameJa = rotation.NameJa };
    }
}
