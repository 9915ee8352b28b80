using OnDuty.Core.Incidents;

namespace OnDuty.Core.Messages;

/// <summary>
/// Another incident open as a new one's page goes out (<see cref="OtherOpenIncidents"/>); <see cref="TakenBy"/> is the display name of
/// the person who acknowledged it (as the roster knows them, else as recorded), null when no person has.
/// </summary>
public sealed record OtherOpenIncident(Incident Incident, string? TakenBy);
