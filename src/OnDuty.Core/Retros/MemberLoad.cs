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
}
