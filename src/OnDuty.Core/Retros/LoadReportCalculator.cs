using OnDuty.Core.Calendar;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Team;

namespace OnDuty.Core.Retros;

/// <summary>
/// Counts each member's load in a range, as a pure function of what happened (easy to check by hand):
/// <list type="bullet">
/// <item>duty weeks: shifts starting in the range that the member held from handoff to handoff (in their pair; a cover for part
/// of one does not change it); partial weeks: those they held only part of, replaced for the rest of it or replacing someone
/// after it began (<see cref="LoadShift.Handovers"/>); weeks served: the part of each they held, summed;</item>
/// <item>duty hours: the hours of those shifts the member was on duty — the pair's while they were in it, less the hours someone
/// covered for them, plus the hours they covered for someone else;</item>
/// <item>incidents handled: incidents detected in the range the member acted on — acknowledged, updated, resolved, edited, called
/// for help, told stakeholders … (<see cref="IncidentResponders"/>), whether on duty or not; incidents on duty: those the member
/// was put on as a duty member, acted or not (a duplicate merged into another and that one count once for both);</item>
/// <item>pages out of hours: pages and escalations sent in the range to the member (<see cref="TimelineEntry.PagesMember"/>: as a
/// paged member, or to their address) at a time that is not working time where the member is (a weekend, holiday or closure of the
/// team's calendar, or outside working hours in the member's own time zone — the team's, the <c>zone</c> given, for one that cannot be read, as
/// the duty report reads it) — of any incident given, so one detected just before
/// the range that paged in it counts there;</item>
/// <item>updates posted: updates (and resolutions) by the member in the range, of any incident given;</item>
/// <item>retros written: retros the member saved a version of in the range (each co-author counts it once).</item>
/// </list>
/// </summary>
public static class LoadReportCalculator
{
    public static IReadOnlyList<MemberLoad> Compute(
        IReadOnlyDictionary<string, Member> roster,
        IReadOnlyList<LoadShift> shifts,
        IReadOnlyList<LoadIncident> incidents,
        DateTimeOffset from,
        DateTimeOffset to,
        DateOnly fromDate,
        DateOnly toDate,
        TimeZoneInfo zone,
        IWorkingCalendar calendar,
        ReportOptions options,
        DateTimeOffset? servedUntil = null)
    {
        bool InRange(DateTimeOffset at) => at >= from && at < to;
        var inRange = incidents.Where(i => InRange(i.Incident.DetectedAt)).ToList();

        // A duplicate merged into another is the same outage: handling both counts once (its pages and updates still count).
        var mergedInto = incidents.Where(i => i.Incident.MergedInto is not null).ToDictionary(i => i.Incident.Id, i => i.Incident.MergedInto!, StringComparer.Ordinal);
        string Outage(string incidentId)
        {
            for (var hops = 0; hops < Incident.MaxMergedIncidents && mergedInto.TryGetValue(incidentId, out var into); hops++)
            {
                incidentId = into;
            }

            return incidentId;
        }

        // Who acted on each incident, as its report names them: member ids (a member recorded by address or display name is theirs).
        var members = roster.Values.ToList();
        var acted = inRange.ToDictionary(i => i, i => IncidentResponders.Of(i.Incident, i.Timeline, members).Acted);
        // Served means served: a shift that has not begun by servedUntil (now) is no one's load yet — it is counted as scheduled
        // (ScheduledWeeks) — and the running one counts its hours so far (trial 34 M3: weeks after today counted as served).
        var counted = shifts
            .Where(s => s.StartDate >= fromDate && s.StartDate <= toDate)
            .Where(s => servedUntil is not { } until || (s.StartsAt is { } began ? began < until : s.StartDate.ToDateTime(TimeOnly.MinValue) < until.UtcDateTime))
            .ToList();
        var served = counted.Select(s => servedUntil is { } until && s.EndsAt > until ? s with { EndsAt = until } : s).ToList();

        var loads = new List<MemberLoad>();
        foreach (var member in roster.Values.OrderBy(m => m.Id, StringComparer.Ordinal))
        {
            var id = member.Id;
            var memberZone = member.ZoneOr(zone);
            var shares = counted.Select(s => s.ShareOf(id)).Where(share => share > 0).ToList();
            var dutyWeeks = shares.Count(share => share >= 1);
            var dutyHours = Math.Round(served.Sum(s => s.HoursOf(id)), 1);
            int Outages(Func<LoadIncident, bool> which) => inRange.Where(which).Select(i => Outage(i.Incident.Id)).Distinct(StringComparer.Ordinal).Count();
            var handled = Outages(i => acted[i].Contains(id, StringComparer.OrdinalIgnoreCase));
            var onDuty = Outages(i => i.Incident.Assignees.Any(a => a.Id == id));
            // By when they were sent, of every incident given: one detected at 23:50 on the month's last night pages into the next.
            var pages = incidents.Sum(i => i.Timeline.Count(e =>
                InRange(e.At)
                && e.PagesMember(member)
                && !IsWorkingTime(e.At, memberZone, calendar, options)));
            var updates = incidents.Sum(i => i.Timeline.Count(e => e.By == id && e.Kind is TimelineKind.Update or TimelineKind.Resolved && InRange(e.At)));
            var retros = incidents.Count(i => i.RetroVersions.Any(v => v.SavedBy == id && InRange(v.SavedAt)));
            loads.Add(new MemberLoad(id, member.DisplayName, member.Active, dutyWeeks, handled, pages, updates, retros)
            {
                DutyHours = dutyHours,
                DutyWeeksServed = Math.Round(shares.Sum(), 2),
                PartialWeeks = shares.Count - dutyWeeks,
                IncidentsOnDuty = onDuty,
                HolidayDays = counted.Where(s => s.MemberIds.Contains(id)).Sum(s => s.DaysOff),
            });
        }

        return loads;
    }

    /// <summary>
    /// <paramref name="loads"/> with the coming shifts already scheduled counted (<see cref="MemberLoad.ScheduledWeeks"/>, and the
    /// holidays and closure days in them, <see cref="MemberLoad.ScheduledHolidayDays"/>): what is already planned weighs on
    /// fairness too (a pair put on 年末年始 next month).
    /// </summary>
    public static IReadOnlyList<MemberLoad> WithAhead(IReadOnlyList<MemberLoad> loads, IReadOnlyList<Rotations.ScheduledShift> ahead) =>
        [.. loads.Select(load => load with
        {
            ScheduledWeeks = ahead.Count(s => s.MemberIds.Contains(load.MemberId)),
            ScheduledHolidayDays = ahead.Where(s => s.MemberIds.Contains(load.MemberId)).Sum(LoadShift.DaysOffIn),
        })];

    public static bool IsWorkingTime(DateTimeOffset at, TimeZoneInfo zone, IWorkingCalendar calendar, ReportOptions options)
    {
        var local = TimeZoneInfo.ConvertTime(at, zone);
        var time = TimeOnly.FromDateTime(local.DateTime);
        return calendar.IsWorkingDay(DateOnly.FromDateTime(local.DateTime)) && time >= options.WorkdayStart && time < options.WorkdayEnd;
    }
}
