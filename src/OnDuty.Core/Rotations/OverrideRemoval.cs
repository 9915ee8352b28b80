namespace OnDuty.Core.Rotations;

/// <summary>
/// What <c>DELETE …/overrides/{id}</c> did: overrides of weeks not yet announced deleted, and changes to announced weeks taken
/// back by new changes (<see cref="Undos"/>, announced like the changes were) in <see cref="ChangedNow"/>.
/// </summary>
public sealed record OverrideRemoval(IReadOnlyList<string> Deleted, IReadOnlyList<OverrideEntry> Undos, IReadOnlyList<string> ChangedNow)
{
    /// <summary>What the undos did to covers, said as with any change: a cover made unneeded, or one that applies again.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
