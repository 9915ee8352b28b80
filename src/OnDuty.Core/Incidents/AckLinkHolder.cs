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

    /// <summary>The link pressed by someone who typed <paramref name="name"/> (a list's): acknowledges as that name.</summary>
    public AckLinkHolder Named(string name) => new(name, null);
}
