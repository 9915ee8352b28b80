using OnDuty.Core.Common;

namespace OnDuty.Core.Rotations;

/// <summary>
/// What <see cref="RotationService.SaveAsync(Rotation, string?, DateOnly?, string?, CancellationToken)"/> did: the rotation as
/// saved with its new ETag and, for a replacement (If-Match), the shifts its start was moved later past that have not ended —
/// worked out from what the save read already, so its answer (<c>heldOver</c>) needs no second read.
/// </summary>
/// <param name="HeldOver">Null for a new rotation, and when no shift before its first start is running or announced.</param>
public sealed record RotationSaved(Versioned<Rotation> Saved, HeldOverShifts? HeldOver)
{
    public Rotation Value => Saved.Value;

    public string ETag => Saved.ETag;
}
