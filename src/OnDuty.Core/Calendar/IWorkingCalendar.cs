namespace OnDuty.Core.Calendar;

/// <summary>Which dates the team works: weekends, public holidays and company closures are not working days.</summary>
public interface IWorkingCalendar
{
    /// <summary>Null on a working day; otherwise why the date is not one (a closure wins over a holiday, a holiday over a weekend).</summary>
    NonWorkingDay? NonWorking(DateOnly date);

    bool IsWorkingDay(DateOnly date) => NonWorking(date) is null;
}
