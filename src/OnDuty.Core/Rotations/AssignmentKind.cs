namespace OnDuty.Core.Rotations;

public enum AssignmentKind
{
    /// <summary>Took the turn that was theirs in rotation order.</summary>
    RotatingIn,

    /// <summary>Stays from the previous shift (staggered pairs).</summary>
    Continuing,

    /// <summary>Replaced another member for this shift.</summary>
    Override,

    /// <summary>Traded shifts with another member.</summary>
    Swap,

    /// <summary>As announced; the shift is frozen.</summary>
    Frozen,

    /// <summary>On duty for part of the shift in another member's place (a cover); only at the instants it covers.</summary>
    Cover,
}
