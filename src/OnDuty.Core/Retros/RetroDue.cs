using OnDuty.Core.Alerts;
using OnDuty.Core.Calendar;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;

namespace OnDuty.Core.Retros;

/// <summary>When a retro is due: the given number of working days after the day the incident resolved (holidays and closures skipped).</summary>
public static class RetroDue
{
    /// <summary>
    /// Whether <paramref name="incident"/> owes a retro: a resolved outage that was SEV1–SEV2 at its highest (<see cref="Incident.HighestSeverity"/>:
    /// a SEV1 lowered to SEV3 owes one, as the incident report counts it a SEV1) (a duplicate merged into another owes none of
    /// its own), unless it is a SEV2 blip monitoring resolved by itself within <paramref name="selfResolvedGrace"/> that no person
    /// acted on (<see cref="SelfResolvedMinutes"/>; null: <see cref="RetroOptions.DefaultSelfResolvedGraceMinutes"/>). A SEV1 always owes one.
    /// </summary>
    public static bool IsOwed(Incident incident, TimeSpan? selfResolvedGrace = null) =>
        incident is { MergedInto: null, IsOpen: false, HighestSeverity: AlertSeverity.Sev1 or AlertSeverity.Sev2, ResolvedAt: not null }
        && SelfResolvedMinutes(incident, selfResolvedGrace) is null;

    /// <summary>
    /// The minutes (rounded up, at least 1) a resolved SEV2 lasted when monitoring opened it, resolved it by itself within
    /// <paramref name="selfResolvedGrace"/> of when it started, and no person acted on it — never acknowledged (by a person or a
    /// tool), no update, no severity set, no help called, no stakeholder notice, never reopened, nothing merged into it: such a
    /// blip (a heartbeat's late ping, a latency spike) owes no retro. Null otherwise (a SEV1 always owes one).
    /// </summary>
    public static int? SelfResolvedMinutes(Incident incident, TimeSpan? selfResolvedGrace = null)
    {
        var grace = selfResolvedGrace ?? TimeSpan.FromMinutes(RetroOptions.DefaultSelfResolvedGraceMinutes);
        if (incident is not { MergedInto: null, IsOpen: false, Severity: AlertSeverity.Sev2, HighestSeverity: AlertSeverity.Sev2, ResolvedAt: not null, AcknowledgedAt: null }
            || Incident.IsPerson(incident.OpenedBy) || incident.OpenedBy is null
            || Incident.IsPerson(incident.ClosedBy)
            || incident.LastPersonUpdate is not null || incident.SeverityByPerson || incident.HelpCalls > 0 || incident.ReopenCount > 0
            || incident.MergedIncidents.Count > 0 || incident.Comms.Issued > 0 || incident.Comms.Queued > 0)
        {
            return null;
        }

        // How long it lasted is its 影響時間 (closed and resolved, checked above): the one computation the notices and the 障害報告書 say.
        var lasted = ImpactSpan.Of(incident)!.Length;
        return lasted <= grace ? Math.Max(1, (int)Math.Ceiling(lasted.TotalMinutes)) : null;
    }

    /// <summary>The day a resolved incident's retro is due: <paramref name="workingDays"/> after the day it resolved in <paramref name="zone"/>.</summary>
    public static DateOnly Of(Incident incident, TimeZoneInfo zone, int workingDays, IWorkingCalendar calendar) =>
        Day(TimeZones.DateAt(incident.ResolvedAt!.Value, zone), workingDays, calendar);

    /// <summary>
    /// The public holidays and closure days <see cref="Day"/> passed over between <paramref name="resolvedOn"/> and <paramref name="due"/>
    /// (weekends are not listed): what a reader is told the count left out, so a retro due 1/6 for an incident resolved 12/28 reads
    /// as three working days, the year-end closure not counted.
    /// </summary>
    public static IReadOnlyList<NonWorkingDay> NotCounted(DateOnly resolvedOn, DateOnly due, IWorkingCalendar calendar)
    {
        var days = new List<NonWorkingDay>();
        for (var day = resolvedOn.AddDays(1); day < due; day = day.AddDays(1))
        {
            if (calendar.NonWorking(day) is { Kind: not NonWorkingKind.Weekend } off)
            {
                days.Add(off);
            }
        }

        return days;
    }

    /// <summary>How <see cref="Of"/> counted for <paramref name="incident"/>: the working days and the holidays and closure days it left out.</summary>
    public static RetroDueCount CountOf(Incident incident, TimeZoneInfo zone, int workingDays, IWorkingCalendar calendar)
    {
        var resolvedOn = TimeZones.DateAt(incident.ResolvedAt!.Value, zone);
        return new RetroDueCount(workingDays, NotCounted(resolvedOn, Day(resolvedOn, workingDays, calendar), calendar));
    }

    public static DateOnly Day(DateOnly resolvedOn, int workingDays, IWorkingCalendar calendar)
    {
        var day = resolvedOn;
        for (var counted = 0; counted < workingDays;)
        {
            day = day.AddDays(1);
            if (calendar.IsWorkingDay(day))
            {
                counted++;
            }
        }

        return day;
    }
}
