using OnDuty.Core.Incidents;
using OnDuty.Core.Retros;
using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>
/// To the leads (trial 37 M3): an open action item's owner has left the team, or has a leaving date set, so the item needs a new
/// owner. Sent instead of <see cref="ActionItemDueNotice"/> when the owner can no longer act on it.
/// </summary>
/// <param name="OwnerName">The owner's display name, or their member id when no longer on the roster.</param>
/// <param name="LeavesOn">The owner's last day when they have not left yet; null when they have left (or are off the roster).</param>
/// <param name="Overdue">Whether the item's due date has passed.</param>
public sealed record ActionItemNewOwnerNotice(Language Language, Incident Incident, ActionItem Item, string OwnerName, DateOnly? LeavesOn, bool Overdue) : Notice(Language)
{
    /// <summary>The retro page, where the item is given a new owner; null without <c>Team__PublicBaseUrl</c>.</summary>
    public string? Link { get; init; }
}
