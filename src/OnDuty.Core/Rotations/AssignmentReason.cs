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

    /// <summary>
    /// This reason of a member a later change of the same shift takes off it, as the earlier change it says: who
    /// (<paramref name="holder"/>) had replaced or traded with whom, and before that whatever it said earlier itself; nothing for a
    /// member the plan put there.
    /// </summary>
    public IEnumerable<ReasonPart> AsEarlier(string holder) => Parts.SelectMany(p => p.Kind switch
    {
        ReasonKind.Replaces => [new ReasonPart(ReasonKind.ReplacedEarlier) { MemberId = p.MemberId, MemberIds = [holder], Note = p.Note }],
        ReasonKind.Swapped => [new ReasonPart(ReasonKind.SwappedEarlier) { MemberId = p.MemberId, MemberIds = [holder], Note = p.Note }],
        ReasonKind.ReplacedEarlier or ReasonKind.SwappedEarlier => [p],
        _ => Array.Empty<ReasonPart>(),
    });

    /// <summary>Value equality over the parts (a record compares lists by reference).</summary>
    public bool Equals(AssignmentReason? other) => other is not null && Parts.SequenceEqual(other.Parts);

    public override int GetHashCode() => Parts.Aggregate(0, (h, p) => HashCode.Combine(h, p.Kind, p.MemberId, p.Week));

    /// <summary>Language-neutral form for logs and test output.</summary>
    public override string ToString() => string.Join("; ", Parts);
}
