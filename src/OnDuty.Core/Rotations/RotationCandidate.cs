using OnDuty.Core.Team;

namespace OnDuty.Core.Rotations;

/// <summary>A member listed in the rotation, with their place in the queue and eligibility for the shift being simulated.</summary>
internal sealed class RotationCandidate(string id, int position, Member? member, MemberLeave leave)
{
    public string Id { get; } = id;

    /// <summary>Their roster entry; null when the id is not on the roster.</summary>
    public Member? Member => member;

    /// <summary>The shift their last turn started at; null when they never rotated in.</summary>
    public int? LastRotatedIn => Place.LastRotatedIn;

    /// <summary>Where they stand in the queue: set by <see cref="RotationQueue.RotateIn"/>, restored when a frozen shift undoes a turn.</summary>
    public QueuePlace Place { get; set; }

    /// <summary>Why the member cannot serve the current shift; null when eligible.</summary>
    public Ineligibility? Ineligible { get; private set; }

    public bool OnLeave => Ineligible?.Kind == IneligibleKind.OnLeave;

    public bool Experienced { get; private set; }

    /// <summary>
    /// Queue order: least recently rotated in (never first); of those who rotated in at the same shift, the one picked first
    /// there; of those who never did, rotation order.
    /// </summary>
    /// <remarks>
    /// A block's members all rotate in at one handoff. Breaking that tie by rotation order put the first-listed of them back
    /// on duty ahead of the others every time (trial 37 M5: after a member left, one person served every block); the order they
    /// were picked in keeps the queue first in, first out.
    /// </remarks>
    public bool ComesBefore(RotationCandidate other)
    {
        var mine = LastRotatedIn ?? int.MinValue;
        var theirs = other.LastRotatedIn ?? int.MinValue;
        if (mine != theirs)
        {
            return mine < theirs;
        }

        return Place.Order != other.Place.Order ? Place.Order < other.Place.Order : position < other.Position;
    }

    private int Position => position;

    /// <summary>Moves to the next shift; shifts only go forward, so leave is walked once.</summary>
    /// <param name="ignoreLeave">Leave does not make the member ineligible (a frozen shift: its pair is final, replaced only by a person).
    /// Joining and leaving dates still do: the shift is worked out as the team stood that week, so a frozen week never says the roster
    /// would give someone who had not joined yet or had left (trial 37 M1).</param>
    public void Update(DateOnly start, DateOnly end, bool ignoreLeave = false)
    {
        Experienced = member?.IsExperiencedOn(start) ?? false;
        var ineligible = Eligibility.Of(member, leave, start, end, inOrder: true);
        Ineligible = ignoreLeave && ineligible?.Kind == IneligibleKind.OnLeave ? null : ineligible;
    }
}
