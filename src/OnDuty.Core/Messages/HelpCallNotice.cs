using OnDuty.Core.Incidents;
using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>
/// What the phone call of a request for help says to the one member asked (<see cref="IncidentNotice.AsksOnePerson"/>): who asks
/// (<see cref="AskedBy"/>, by name), the incident by its title, and that pressing 1 answers the request — not an acknowledgement.
/// Spoken, so it has no link and no id read letter by letter.
/// </summary>
public sealed record HelpCallNotice(Language Language, Incident Incident, string AskedBy) : Notice(Language);
