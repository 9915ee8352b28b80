namespace OnDuty.Core.Rotations;

public enum OverrideKind
{
    /// <summary>One member replaced by another for one shift.</summary>
    Replace,

    /// <summary>One half of a swap: two members trade shifts; both halves share a <see cref="RotationOverride.SwapId"/>.</summary>
    Swap,
}
