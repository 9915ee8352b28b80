namespace OnDuty.Core.Rotations;

/// <summary>Why a rotation member cannot serve a shift.</summary>
public enum IneligibleKind
{
    NotOnRoster,
    Inactive,
    OnLeave,

    /// <summary>The shift starts before the member's <c>joinedOn</c> (<see cref="Ineligibility.Date"/>).</summary>
    NotJoined,

    /// <summary>The shift runs past the member's <c>leavesOn</c>, their last day (<see cref="Ineligibility.Date"/>).</summary>
    Leaving,
}
