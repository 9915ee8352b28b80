using OnDuty.Core.Team;

namespace OnDuty.Core.Rotations;

/// <summary>
/// The one eligibility rule: on the roster, active, joined by the shift's first local date (<c>joinedOn</c>), not leaving before its
/// last (<c>leavesOn</c> is the last day), and no leave overlapping the shift's local dates.
/// </summary>
internal static class Eligibility
{
    /// <summary>Why <paramref name="member"/> cannot serve the shift <paramref name="start"/>–<paramref name="end"/>; null when they can.</summary>
    /// <param name="inOrder">True when the caller visits shifts in order (the queue), so leave is walked once.</param>
    public static Ineligibility? Of(Member? member, MemberLeave leave, DateOnly start, DateOnly end, bool inOrder)
    {
        if (member is null)
        {
            return Ineligibility.NotOnRoster;
        }

        if (!member.Active)
        {
            return Ineligibility.Inactive;
        }

        if (member.JoinedOn != default && start < member.JoinedOn)
        {
            return new Ineligibility(IneligibleKind.NotJoined) { Date = member.JoinedOn };
        }

        if (member.LeavesOn is { } last && end > last)
        {
            return new Ineligibility(IneligibleKind.Leaving) { Date = last };
        }

        var onLeave = inOrder ? leave.NextOverlapping(start, end) : leave.Overlapping(start, end);
        return onLeave is null ? null : new Ineligibility(IneligibleKind.OnLeave, onLeave);
    }
}
