namespace OnDuty.Core.Rotations;

/// <summary>Why a rotation member cannot serve a shift.</summary>
public enum IneligibleKind
{
    NotOnRoster,
    Inactive,
    OnLeave,
}
