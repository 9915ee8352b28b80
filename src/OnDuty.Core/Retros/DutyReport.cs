namespace OnDuty.Core.Retros;

/// <summary>
/// A rotation's duty report (当番実績): per member who held duty from <see cref="From"/> to <see cref="To"/> (dates inclusive, in
/// the rotation's <see cref="TimeZone"/>), the days and hours on duty and the pages they got.
/// </summary>
public sealed record DutyReport(
    string RotationId,
    string RotationName,
    DateOnly From,
    DateOnly To,
    string TimeZone,
    bool PagesIncidents,
    bool Truncated,
    IReadOnlyList<MemberDuty> Members);
