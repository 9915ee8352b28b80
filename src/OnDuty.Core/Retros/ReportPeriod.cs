namespace OnDuty.Core.Retros;

/// <summary>What a report's days are: how it is titled and what it is compared with (<see cref="ReportRange.Previous"/>).</summary>
public enum ReportPeriod
{
    /// <summary>Any other days: compared with as many days just before.</summary>
    Days,

    /// <summary>A whole calendar month: compared with the month before.</summary>
    Month,

    /// <summary>A month from its first day to a day before its last (this month so far): compared with the same days of the month before.</summary>
    MonthToDate,

    /// <summary>A whole calendar quarter (January, April, July or October to the end of its third month): compared with the quarter before.</summary>
    Quarter,

    /// <summary>A quarter from its first day into a later month of it, before its last day (this quarter so far): compared with the same days of the quarter before.</summary>
    QuarterToDate,
}
