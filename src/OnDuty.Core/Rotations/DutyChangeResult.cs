namespace OnDuty.Core.Rotations;

/// <summary>What a replacement or swap did: the overrides made, the announced weeks changed at once (and announced), and warnings such as the experience mix.</summary>
public sealed record DutyChangeResult(IReadOnlyList<RotationOverride> Items, IReadOnlyList<string> ChangedNow, IReadOnlyList<string> Warnings);
