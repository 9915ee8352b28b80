namespace OnDuty.Core.Retros;

/// <summary>
/// One member's duty in a duty report's days (<see cref="DutyReportCalculator"/> says how each is counted): what an on-call
/// allowance (待機手当・当番手当) is paid from, and what a lead reads for fairness.
/// </summary>
public sealed record MemberDuty(
    string MemberId,
    string DisplayName,
    bool Active,
    int DutyDays,
    int HolidayDutyDays,
    double DutyHours,
    int Pages,
    int PagesOutOfHours,
    int Acknowledged)
{
    /// <summary>The days counted in <see cref="DutyDays"/>, oldest first.</summary>
    public IReadOnlyList<DateOnly> Days { get; init; } = [];

    /// <summary>The days of <see cref="Days"/> that are not working days (weekends, public holidays, closures).</summary>
    public IReadOnlyList<DateOnly> HolidayDays { get; init; } = [];

    /// <summary>Incidents that paged the member in the range (<see cref="Acknowledged"/> counts those the member acknowledged).</summary>
    public int IncidentsPaged { get; init; }
}
