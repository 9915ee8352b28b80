using OnDuty.Core.Team;

namespace OnDuty.Core.Rotations;

/// <summary>A member listed in the rotation, with their place in the queue and eligibility for the shift being simulated.</summary>
internal sealed class RotationCandidate(string id, int position, Member? member, MemberLeave leave)
{
    public string Id { get; } = id;

    /// <summary>Their roster entry; null when the id is not on the roster.</summary>
    public Member? Member => member;

    public int? LastRotatedIn { get; set; }

    /// <summary>Why the member cannot serve the current shift; null when eligible.</summary>
    public Ineligibility? Ineligible { get; private set; }

    public bool OnLeave => Ineligible?.Kind == IneligibleKind.OnLeave;

    public bool Experienced { get; private set; }

    /// <summary>Queue order: least recently rotated in (never first), then rotation order.</summary>
    public bool ComesBefore(RotationCandidate other)
    {
        var mine = LastRotatedIn ?? int.MinValue;
        var theirs = other.LastRotatedIn ?? int.MinValue;
        return mine != theirs ? mine < theirs : position < other.Position;
    }

    private int Position => position;

    /// <summary>Moves to the next shift; shifts only go forward, so leave is walked once.</summary>
    /// <param name="ignoreLeave">Leave (or joining or leaving dates) does not make the member ineligible (a frozen shift: its pair is final, replaced only by a person).</param>
    public void Update(DateOnly start, DateOnly end, bool ignoreLeave = false)
    {
        Experienced = member?.IsExperiencedOn(start) ?? false;
        var ineligible = Eligibility.Of(member, leave, start, end, inOrder: true);
        Ineligible = ignoreLeave && ineligible?.IsDated == true ? null : ineligible;
    }
}
