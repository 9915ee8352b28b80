namespace OnDuty.Core.Incidents;

/// <summary>Why an incident cannot be merged into another (<see cref="Incident.CannotMergeIn"/>).</summary>
public enum MergeRefusal
{
    /// <summary>Both are the same incident.</summary>
    Itself,

    /// <summary>The incident to merge is resolved.</summary>
    Resolved,

    /// <summary>The incident to merge was merged into a third one already.</summary>
    Merged,

    /// <summary>The incident to merge into is resolved: reopen it first, or merge the other way round.</summary>
    IntoResolved,

    /// <summary>The incident to merge into was itself merged into another: merge into that one.</summary>
    IntoMerged,

    /// <summary>The incident to merge into holds as many alert groups, or merged incidents, as one incident can.</summary>
    IntoFull,

    /// <summary>The incident to merge is being merged into another right now (another person's merge holds its lock).</summary>
    BeingMerged,

    /// <summary>The incident to merge into is itself being merged into another right now.</summary>
    IntoBeingMerged,
}

/// <summary>The refusals said in English, for the API's problem details and the log.</summary>
public static class MergeRefusals
{
    public static string Describe(MergeRefusal refusal, Incident merging, Incident into) => refusal switch
    {
        MergeRefusal.Itself => "an incident cannot be merged into itself",
        MergeRefusal.Resolved => $"{merging.Id} is resolved already",
        MergeRefusal.Merged => $"{merging.Id} was merged into {merging.MergedInto} already",
        MergeRefusal.IntoResolved => $"{into.Id} is resolved: reopen it first, or merge it into {merging.Id}",
        MergeRefusal.IntoMerged => $"{into.Id} was merged into {into.MergedInto}: merge into that one",
        MergeRefusal.IntoFull => $"{into.Id} holds as many alert groups ({Incident.MaxJoinedGroups}) or merged incidents ({Incident.MaxMergedIncidents}) as one incident can",
        MergeRefusal.BeingMerged => $"{merging.Id} is being merged into {merging.MergingInto} right now",
        MergeRefusal.IntoBeingMerged => $"{into.Id} is being merged into {into.MergingInto} right now",
        _ => refusal.ToString(),
    };
}
