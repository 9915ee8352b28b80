using OnDuty.Core.Alerts;
using OnDuty.Core.Calendar;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;

namespace OnDuty.Core.Retros;

/// <summary>When a retro is due: the given number of working days after the day the incident resolved (holidays and closures skipped).</summary>
public static class RetroDue
{
    /// <summary>Whether <paramref name="incident"/> owes a retro: a resolved SEV1–SEV2 outage (a duplicate merged into another owes none of its own).</summary>
    public static bool IsOwed(Incident incident) =>
        incident is { MergedInto: null, IsOpen: false, Severity: AlertSeverity.Sev1 or AlertSeverity.Sev2, ResolvedAt: not null };

    /// <summary>The day a resolved incident's retro is due: <paramref name="workingDays"/> after the day it resolved in <paramref name="zone"/>.</summary>
    public static DateOnly Of(Incident incident, TimeZoneInfo zone, int workingDays, IWorkingCalendar calendar) =>
        Day(TimeZones.DateAt(incident.ResolvedAt!.Value, zone), workingDays, calendar);

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
