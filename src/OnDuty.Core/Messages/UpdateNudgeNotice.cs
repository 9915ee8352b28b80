using OnDuty.Core.Incidents;
using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>
/// A reminder to the duty members: an open incident has had no update by a person for <see cref="Interval"/>
/// (since <see cref="Since"/>), so stakeholders are waiting to hear.
/// </summary>
public sealed record UpdateNudgeNotice(Language Language, Incident Incident, TimeSpan Interval, DateTimeOffset Since, string TimeZone) : Notice(Language)
{
    /// <summary>Where to post the update; null without <c>Team__PublicBaseUrl</c>.</summary>
    public string? Link { get; init; }
}
