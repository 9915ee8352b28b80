using OnDuty.Core.Incidents;
using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>A reminder to an incident's duty members: its retro was due on <see cref="DueOn"/> and nobody has written it.</summary>
public sealed record RetroDueNotice(Language Language, Incident Incident, DateOnly DueOn, string TimeZone) : Notice(Language)
{
    /// <summary>The retro page; null without <c>Team__PublicBaseUrl</c>.</summary>
    public string? Link { get; init; }
}
