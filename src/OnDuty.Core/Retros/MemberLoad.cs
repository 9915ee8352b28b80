namespace OnDuty.Core.Retros;

/// <summary>One member's share of the duty work in a report's range.</summary>
public sealed record MemberLoad(
    string MemberId,
    string DisplayName,
    bool Active,
    int DutyWeeks,
    int IncidentsHandled,
    int PagesOutOfHours,
    int UpdatesPosted,
    int RetrosWritten)
{
    /// <summary>Hours on duty in the duty weeks counted (to a tenth): covers for part of a shift move theirs from the member to the replacement.</summary>
    public double DutyHours { get; init; }

    /// <summary>Duty weeks counted by the part of each week the member held (to a hundredth): a week held to Thursday 13:40 is 0.45, the replacement's 0.55.</summary>
    public double DutyWeeksServed { get; init; }

    /// <summary>Weeks the member held only part of: replaced for the rest of it, or replacing someone, after it began (<see cref="DutyWeeks"/> counts whole weeks).</summary>
    public int PartialWeeks { get; init; }

    /// <summary>Incidents the member was on (put on them as a duty member when paged), whether or not they acted.</summary>
    public int IncidentsOnDuty { get; init; }

    /// <summary>Holidays and closure days (年末年始) in the duty weeks counted, for the pair each week ended with.</summary>
    public int HolidayDays { get; init; }

    /// <summary>Coming shifts already scheduled for the member (the report's <c>ahead</c> weeks, starting after today).</summary>
    public int ScheduledWeeks { get; init; }

    /// <summary>Holidays and closure days in those coming shifts.</summary>
    public int ScheduledHolidayDays { get; init; }
}
