using OnDuty.Core.Incidents;
using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>
/// What a page's phone call says to one member: who calls, the incident (severity, id, title cut short) and that pressing 1
/// acknowledges. Spoken, so it has no link and no symbols a voice would read out.
/// </summary>
public sealed record PageCallNotice(Language Language, Incident Incident, IncidentNotice Stage) : Notice(Language);

/// <summary>
/// Several incidents reaching a step together (a storm nobody answered yet), said in one call: how many, the most severe of them,
/// and that pressing 1 acknowledges all of them.
/// </summary>
public sealed record PagesCallNotice(Language Language, int Step, IReadOnlyList<Incident> Incidents) : Notice(Language);

/// <summary>
/// What the call says after the listener pressed 1: the incidents it acknowledged (<see cref="IncidentIds"/>), or that nothing
/// waits for them any more (someone else took it, or it is resolved).
/// </summary>
public sealed record CallAnswerNotice(Language Language, IReadOnlyList<string> IncidentIds) : Notice(Language)
{
    /// <summary>
    /// Nothing acknowledged: who took the call's incidents meanwhile (the partner pressed 1 first, a lead took it from the page),
    /// each once, named as <see cref="Incidents.IncidentTaker"/> names them.
    /// </summary>
    public IReadOnlyList<Incidents.IncidentTaker> TakenBy { get; init; } = [];
}

/// <summary>The test call a member places to themselves from the contact page: what page calls sound like, and 1 to end it.</summary>
public sealed record CallTestNotice(Language Language, string Name) : Notice(Language);

/// <summary>What a test call says once 1 was pressed: the key reached OnDuty.</summary>
public sealed record CallTestPassedNotice(Language Language) : Notice(Language);
