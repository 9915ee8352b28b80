namespace OnDuty.Core.Retros;

/// <summary>An open action item as the lead's list shows it: its retro's incident, its owner by name, and whether it is late.</summary>
/// <param name="OwnerName">The owner's display name; their member id when no longer on the roster.</param>
/// <param name="OwnerLeft">The owner has left the team (past their last day, inactive, or off the roster): it needs a new owner.</param>
/// <param name="MergedInto">
/// The incident <paramref name="IncidentId"/> was merged into, when it was a duplicate: its retro's items are listed all the same
/// (an action item is owed whichever incident's retro decided it; session 39), saying so. Null when it was not merged.
/// </param>
public sealed record OpenActionItem(string IncidentId, string IncidentTitle, ActionItem Item, string OwnerName, bool OwnerLeft, bool Overdue, string? MergedInto = null)
{
    /// <summary>
    /// Its incident is confidential (<see cref="Incidents.Incident.Confidential"/>) as the action-item index keeps it — or, for a row
    /// written before it kept that, unknown unless the list was asked to read the incident, and then true when it could not be read.
    /// A page for someone who may not read confidential incidents names it by its id only, without its title or the item's text.
    /// </summary>
    public bool Confidential { get; init; }
}
