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
    /// <summary>A roster member paged at their roster address: named, in their language, texted and rung on their number, their mail's times in their zone.</summary>
    public static PageRecipient From(Member member) =>
        new(member.Email, member.DisplayName, member.Language, member.Id) { Phone = member.Phone, TimeZone = member.TimeZone };

    /// <summary>A duty member of an incident paged as they were when put on it (<see cref="From(Member)"/>, from the incident's copy).</summary>
    public static PageRecipient From(AssignedMember member) =>
        new(member.Email, member.DisplayName, member.Language, member.Id) { Phone = member.Phone, TimeZone = member.TimeZone };

    /// <summary>
    /// A roster member told by mail only (a notice, not a page): named, in their language, acknowledging as them, never texted or
    /// rung, their mail's times in the team's zone.
    /// </summary>
    public static PageRecipient MailOnly(Member member) => new(member.Email, member.DisplayName, member.Language, member.Id);

    /// <inheritdoc cref="MailOnly(Member)"/>
    public static PageRecipient MailOnly(AssignedMember member) => new(member.Email, member.DisplayName, member.Language, member.Id);

    /// <summary>An address known by itself (a lead, the organisation's list, a page's reader not on the roster): told in <paramref name="language"/>, acknowledging as the address.</summary>
    public static PageRecipient At(string address, Language language) => new(address, null, language, address);

    public PageRecipient As(Member member) => this with { Name = member.DisplayName, Language = member.Language, TokenSubject = member.Id, Phone = member.Phone, TimeZone = member.TimeZone };
}
