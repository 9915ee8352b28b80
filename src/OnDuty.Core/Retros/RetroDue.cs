using OnDuty.Core.Calendar;

namespace OnDuty.Core.Retros;

/// <summary>When a retro is due: the given number of working days after the day the incident resolved (holidays and closures skipped).</summary>
public static class RetroDue
{
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
