using OnDuty.Core.Retros;

namespace OnDuty.Core.Messages;

/// <summary>One open item of an <see cref="ActionItemNewOwnerNotice"/>: the incident whose retro decided it, and whether its due date has passed.</summary>
public sealed record ActionItemToReassign(string IncidentId, string IncidentTitle, ActionItem Item, bool Overdue)
{
    /// <summary>The retro page, where the item is given a new owner; null without <c>Team__PublicBaseUrl</c>.</summary>
    public string? Link { get; init; }
}
