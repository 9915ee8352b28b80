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
    int RetrosWritten);
