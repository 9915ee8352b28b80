namespace OnDuty.Core.Rotations;

/// <summary>Everything stored about a rotation besides its settings: overrides and frozen shifts.</summary>
public sealed record RotationState(IReadOnlyList<RotationOverride> Overrides, IReadOnlyList<FrozenShift> Frozen)
{
    public static RotationState Empty { get; } = new([], []);
}
