using System.ComponentModel.DataAnnotations;

namespace OnDuty.Core.Calendar;

/// <summary>Duty weeks in members' calendars (section <c>Graph:Calendar</c>; environment variables <c>Graph__Calendar__…</c>).</summary>
public sealed class DutyCalendarOptions
{
    public const string SectionName = "Graph:Calendar";

    /// <summary>Shifts kept in members' calendars, the current one included; 0 = off.</summary>
    [Range(0, 26, ErrorMessage = "Graph__Calendar__WeeksAhead must be between 0 (off) and 26.")]
    public int WeeksAhead { get; set; } = 4;
}
