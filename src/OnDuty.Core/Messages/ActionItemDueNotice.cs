using OnDuty.Core.Incidents;
using OnDuty.Core.Retros;
using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>A reminder to an action item's owner: it was due on <see cref="ActionItem.Due"/> and is still open.</summary>
public sealed record ActionItemDueNotice(Language Language, Incident Incident, ActionItem Item) : Notice(Language)
{
    /// <summary>The retro page; null without <c>Team__PublicBaseUrl</c>.</summary>
    public string? Link { get; init; }
}
