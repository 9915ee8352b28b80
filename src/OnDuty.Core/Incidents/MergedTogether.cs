namespace OnDuty.Core.Incidents;

/// <summary>What <see cref="IncidentMerger.MergeManyAsync"/> did: the incidents it merged and the ones it left, with why.</summary>
public sealed record MergedTogether(string Into, IReadOnlyList<string> Merged, IReadOnlyList<SkippedMerge> Skipped);

/// <param name="Reason">
/// A <see cref="MergeRefusal"/> in camelCase (<c>itself</c>, <c>resolved</c>, <c>merged</c> — into another incident already, or into
/// this one before the request and told of then; <see cref="Incident.MergedInto"/> says which —, <c>beingMerged</c>, <c>intoResolved</c>, <c>intoMerged</c>, <c>intoFull</c>,
/// <c>intoBeingMerged</c>), or <c>notFound</c>, <c>severity</c> (it would raise the severity and that was not confirmed), <c>busy</c>
/// (it kept changing while being merged: try again).
/// </param>
/// <param name="MergedInto">For <c>merged</c>: the incident it was merged into.</param>
public sealed record SkippedMerge(string Id, string Reason, string? MergedInto = null)
{
    /// <summary>The reason a refusal gives.</summary>
    public static string ReasonOf(MergeRefusal refusal) => JsonNaming(refusal.ToString());

    private static string JsonNaming(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}
