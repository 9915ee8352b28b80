using OnDuty.Core.Retros;
using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>
/// To an action item's owner when a retro gives them items (trial 39 M7: before, an owner heard of an item only once it was
/// overdue — a member who was not in the retro learned of it weeks late): the items of one retro that are new to them, in one mail.
/// </summary>
/// <param name="AssignedBy">Who saved the retro, as the roster names them (as typed when not a member).</param>
/// <param name="Items">The owner's open items new in this save: at least one.</param>
public sealed record ActionItemAssignedNotice(Language Language, string IncidentId, string IncidentTitle, string AssignedBy, IReadOnlyList<ActionItem> Items) : Notice(Language)
{
    /// <summary>The retro page; null without <c>Team__PublicBaseUrl</c>.</summary>
    public string? Link { get; init; }
}
