namespace OnDuty.Core.Rotations;

public enum RotationStrategy
{
    /// <summary>Each shift one member stays and one rotates in (pairs overlap by one shift).</summary>
    Staggered,

    /// <summary>The whole group changes at each handoff.</summary>
    Block,
}
