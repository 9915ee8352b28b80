using OnDuty.Core.Team;

namespace OnDuty.Core.Incidents;

/// <summary>
/// Who a signed acknowledge link was sent to, as its token names them: a roster member (by id, or a lead configured by the
/// address a member has), acknowledging as that member; or an address no active member has (the organisation's list), which
/// acknowledges only as the person who says who they are.
/// </summary>
/// <param name="AcknowledgesAs">What the acknowledgement records: the member's id, else the token's subject as it is.</param>
/// <param name="Member">The roster member, when there is one.</param>
public sealed record AckLinkHolder(string AcknowledgesAs, Member? Member)
{
    /// <summary>A list's (or an unknown address's) link: the person pressing it has to say who they are.</summary>
    public bool AsksName => Member is null && IsAddress(AcknowledgesAs);

    /// <summary>Whether a token's subject is an address (a lead or a list) rather than a member id.</summary>
    public static bool IsAddress(string subject) => subject.Contains('@', StringComparison.Ordinal);

    /// <summary>
    /// Whether a name typed on a list's link may be recorded as who acknowledged: not an address (the update reminders go to an
    /// acknowledger's address, so a typed one would mail the incident to whatever was typed), and not what the record reads as
    /// OnDuty itself, the API called without a name or a monitoring tool (<c>system</c>, <c>api</c>, <c>alert:…</c>, in any case):
    /// pages, reminders and reports would take a person's acknowledgement for no person's.
    /// </summary>
    public static bool IsPersonName(string name)
    {
        var recorded = name.Trim().ToLowerInvariant();
        return !IsAddress(recorded) && Incident.IsPerson(recorded) && recorded != "api";
    }

    /// <summary>The link pressed by someone who typed <paramref name="name"/> (a list's): acknowledges as that name.</summary>
    public AckLinkHolder Named(string name) => new(name, null);
}
