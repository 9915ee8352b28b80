using OnDuty.Core.Incidents;
using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>
/// The page that acknowledges open incidents together (an alert storm opened many): each one nobody has acknowledged, most
/// severe first, ticked; the visitor's name when they are not signed in.
/// </summary>
public sealed record AckTogetherPageNotice(Language Language, IReadOnlyList<Incident> Waiting, FormToken Token, PageVisitor Visitor, string TimeZone, DateTimeOffset Now)
    : Notice(Language)
{
    /// <summary>What the name of an incident's box starts with; the incident's id follows.</summary>
    public const string FieldPrefix = "ack-";

    /// <summary>The form's field of one incident's box (<c>ack-INC-2026-0042</c>).</summary>
    public static string Field(string incidentId) => FieldPrefix + incidentId;

    /// <summary>What a form shown again had typed (and which boxes it had ticked).</summary>
    public IReadOnlyDictionary<string, string>? Values { get; init; }

    public IReadOnlyDictionary<string, string[]> Errors { get; init; } = new Dictionary<string, string[]>();

    /// <summary>How many the last post acknowledged (shown once after it).</summary>
    public int? Acknowledged { get; init; }

    /// <summary>Whether anyone else was told of them (<see cref="Incidents.AcknowledgedTogether.Told"/>): the page says so only then.</summary>
    public bool OthersTold { get; init; } = true;

    /// <summary>
    /// The visitor may read confidential incidents (<see cref="Incidents.ConfidentialAccess.ReadsConfidentialBySetting"/>): a confidential
    /// one is listed with its title; false (the default): 「非公開の障害」.
    /// </summary>
    public bool ReadsConfidential { get; init; }

    /// <summary>
    /// The confidential incidents the visitor was added on (<see cref="Incidents.IIncidentReaders.AddedOnAsync"/>): listed whole to them
    /// although they do not read every one (<see cref="ReadsConfidential"/>).
    /// </summary>
    public IReadOnlySet<string> AddedOn { get; init; } = new HashSet<string>();

    /// <summary>The visitor may read confidential incident <paramref name="incidentId"/> here: every one, or one they were added on.</summary>
    public bool Reads(string incidentId) => ReadsConfidential || AddedOn.Contains(incidentId);
}
