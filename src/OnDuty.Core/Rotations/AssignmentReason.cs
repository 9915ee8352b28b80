namespace OnDuty.Core.Rotations;

/// <summary>Why a member is on a shift: its parts in the order a reader reads them.</summary>
public sealed record AssignmentReason(IReadOnlyList<ReasonPart> Parts)
{
    public static readonly AssignmentReason None = new([]);

    public AssignmentReason(params ReasonPart[] parts)
        : this((IReadOnlyList<ReasonPart>)parts)
    {
    }

    public bool Has(ReasonKind kind) => Parts.Any(p => p.Kind == kind);

    public ReasonPart? Find(ReasonKind kind) => Parts.FirstOrDefault(p => p.Kind == kind);

    /// <summary>Value equality over the parts (a record compares lists by reference).</summary>
    public bool Equals(AssignmentReason? other) => other is not null && Parts.SequenceEqual(other.Parts);

    public override int GetHashCode() => Parts.Aggregate(0, (h, p) => HashCode.Combine(h, p.Kind, p.MemberId, p.Week));

    /// <summary>Language-neutral form for logs and test output.</summary>
    public override string ToString() => string.Join("; ", Parts);
}
