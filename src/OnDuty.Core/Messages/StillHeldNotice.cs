using OnDuty.Core.Incidents;
using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>
/// To a member the weekly handoff took off duty who still holds open incidents (<see cref="Incident.AcknowledgedBy"/>), in their
/// language: which ones, and that the new pair (<see cref="OnDuty"/>) can take each over on its incident page (「対応を引き継ぐ」) —
/// or that keeping it needs nothing (times in <see cref="TimeZone"/>).
/// </summary>
public sealed record StillHeldNotice(Language Language, IReadOnlyList<Incident> Held, IReadOnlyList<Member> OnDuty, string TimeZone) : Notice(Language)
{
    /// <summary>Origin of the links to the incident pages; null without <c>Team__PublicBaseUrl</c>.</summary>
    public string? BaseUrl { get; init; }

    /// <summary>
    /// The holder is on leave at the handoff, to this day: the update reminders go to the new pair only while they are away (trial 56:
    /// 鈴木, on leave, read that they still came to her); null when not on leave.
    /// </summary>
    public LeaveAbsence? AwayUntil { get; init; }
}
