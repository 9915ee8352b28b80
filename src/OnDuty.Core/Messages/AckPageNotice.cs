using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>A page behind the signed acknowledge link, in the reader's language.</summary>
public sealed record AckPageNotice(Language Language, AckPageKind Kind, string? IncidentId) : Notice(Language)
{
    public string? Title { get; init; }

    /// <summary>The refused delivery the incident was opened about (<see cref="Incident.Refusal"/>): its title is worded for the reader from it.</summary>
    public RefusedDelivery? Refusal { get; init; }

    public AlertSeverity? Severity { get; init; }

    public IncidentStatus? Status { get; init; }

    /// <summary>Who acknowledged, as recorded: a member id, or a tool (<c>alert:pagerduty</c>); ids are for the API, the page says names.</summary>
    public string? AcknowledgedBy { get; init; }

    /// <summary>A tool's acknowledgement: the name the sending tool gave itself (<see cref="Incidents.Incident.AcknowledgedVia"/>, e.g. Datadog).</summary>
    public string? AcknowledgedVia { get; init; }

    /// <summary>The member <see cref="AcknowledgedBy"/> names, when one of the incident's duty members (or on the roster).</summary>
    public AssignedMember? Acknowledger { get; init; }

    public DateTimeOffset? AcknowledgedAt { get; init; }

    /// <summary>When the holder took it over (<see cref="Incidents.Incident.TakenOverAt"/>): said instead of <see cref="AcknowledgedAt"/>.</summary>
    public DateTimeOffset? TakenOverAt { get; init; }

    /// <summary>When it recovered (<see cref="AckPageKind.Resolved"/>).</summary>
    public DateTimeOffset? ResolvedAt { get; init; }

    /// <summary>
    /// <see cref="AckPageKind.Acknowledged"/>: the link's holder is who acknowledged it (not someone who pressed theirs a moment
    /// before): the page says what to do next.
    /// </summary>
    public bool ByReader { get; init; }

    /// <summary>Who the link acknowledges as, by name where the roster has one (else the token's subject).</summary>
    public string? ActingAs { get; init; }

    /// <summary>Time zone for times shown.</summary>
    public string TimeZone { get; init; } = "UTC";

    /// <summary>
    /// The link went to a list or an address no active roster member has (the organisation's list at the last step, a lead who
    /// is not on the roster; a lead whose address a member has acknowledges as that member):
    /// the page asks who is taking it, so the incident is acknowledged by a person the pair can reach, never by a mailing list.
    /// </summary>
    public bool AskName { get; init; }

    /// <summary>With <see cref="AskName"/>: the form came back without a name (or with one too long).</summary>
    public bool NameMissing { get; init; }

    /// <summary>
    /// With <see cref="AskName"/>: the form came back with an address or a name the record keeps for OnDuty, the API or a tool
    /// (<see cref="Incidents.AckLinkHolder.IsPersonName"/>), not a person's name.
    /// </summary>
    public bool NameRefused { get; init; }

    /// <summary>
    /// For <see cref="AckPageKind.Unavailable"/>: the link was opened (a GET), not its button pressed: the page could not be
    /// opened, rather than the acknowledgement not recorded.
    /// </summary>
    public bool Read { get; init; }
}
