using OnDuty.Core.Incidents;
using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>
/// A call for help to one member by name, or an incident handed to them (<see cref="IncidentNotice.AsksOnePerson"/>), by SMS as
/// well as by mail when its severity pages by SMS (trial 61: asked at night, mail alone waited till morning): the mail's subject
/// (severity, id, title cut short), who asks, and the incident page.
/// </summary>
public sealed record AskedTextNotice(Language Language, Incident Incident, IncidentNotice Stage, string PageLink) : Notice(Language);
