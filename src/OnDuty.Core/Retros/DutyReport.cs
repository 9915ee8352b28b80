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
    IReadOnlyList<MemberDuty> Members)
{
    /// <summary>Today in the rotation's time zone when it was asked for by period (<see cref="DutyReportService.PeriodAsync"/>): which months the page links have begun.</summary>
    public DateOnly? AsOf { get; init; }

    /// <summary>The rotation's Japanese name (<see cref="Rotations.Rotation.NameJa"/>), for a Japanese reader; null without one.</summary>
    public string? RotationNameJa { get; init; }
}
