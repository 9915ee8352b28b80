namespace OnDuty.Core.Rotations;

public enum FrozenShiftStatus
{
    /// <summary>The shift is frozen and its messages are being queued.</summary>
    Announcing,

    /// <summary>Every message of the announcement is in the outbox.</summary>
    Announced,
}
