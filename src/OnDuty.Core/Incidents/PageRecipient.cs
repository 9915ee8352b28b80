using OnDuty.Core.Team;

namespace OnDuty.Core.Incidents;

/// <summary>A person or list a page goes to; <see cref="TokenSubject"/> is who an ack from their link is recorded as.</summary>
public sealed record PageRecipient(string Email, string? Name, Language Language, string TokenSubject)
{
    /// <summary>A duty member's mobile number (E.164) for pages by SMS; null for lists, leads and members without one.</summary>
    public string? Phone { get; init; }

    /// <summary>A roster member's own zone (<see cref="Member.TimeZone"/>), where their page mail says its times first; null: the team's.</summary>
    public string? TimeZone { get; init; }

    /// <summary>
    /// This recipient (a lead configured by address) as the roster member <paramref name="member"/> who has that address: named,
    /// told in their language, texted on their number, their link acknowledging as them. Mail still goes to the address configured.
    /// </summary>
    public PageRecipient As(Member member) => this with { Name = member.DisplayName, Language = member.Language, TokenSubject = member.Id, Phone = member.Phone, TimeZone = member.TimeZone };
}
