using OnDuty.Core.Heartbeats;
using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>
/// The title (<see cref="HeartbeatText.Title"/>) or description of the alert a heartbeat raises or resolves, in the team's
/// language: it becomes the incident's title and its alert's text, which every page then carries.
/// </summary>
public sealed record HeartbeatAlertNotice(Language Language, Heartbeat Heartbeat, HeartbeatText Part, DateTimeOffset Now, string TimeZone) : Notice(Language);

public enum HeartbeatText
{
    Title,
    Description,
}
