using OnDuty.Core.Team;

namespace OnDuty.Core.Incidents;

/// <summary>A duty member put on an incident, copied from the roster when it opened.</summary>
public sealed record AssignedMember(string Id, string DisplayName, string Email, Language Language, string? Upn = null)
{
    /// <summary>Their mobile number (E.164) when they opened it, for pages by SMS; null: email and Teams only.</summary>
    public string? Phone { get; init; }

    /// <summary>
    /// The IANA zone they live in when they were put on it (<see cref="Member.TimeZone"/>): their page mail gives its times there with the
    /// team's beside them (trial 59); null on incidents opened before: the team's zone only.
    /// </summary>
    public string? TimeZone { get; init; }

    /// <summary>Their personal call rule (<see cref="Member.CallAfterMinutes"/>) when they were put on it; null: the team's calls only.</summary>
    public int? CallAfterMinutes { get; init; }

    public static AssignedMember From(Member member) =>
        new(member.Id, member.DisplayName, member.Email, member.Language, member.Upn) { Phone = member.Phone, TimeZone = member.TimeZone, CallAfterMinutes = member.CallAfterMinutes };
}
