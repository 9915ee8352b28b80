using OnDuty.Core.Team;

namespace OnDuty.Core.Incidents;

/// <summary>
/// Who acknowledged an incident, as the messages after it need them: to leave them out of the 対応開始 mail telling the others
/// (nobody is told of their own acknowledgement), and to reach them with the update reminders. Recorded as a member id, an
/// address, or a name someone typed: a typed name that is a duty member's or an active roster member's (ignoring spaces and
/// case, as <see cref="Retros.IncidentResponders"/> matches) is that member; anyone else is reached at the address they
/// acknowledged from (<see cref="Incident.AcknowledgedFrom"/>) unless that is the organisation's list, which is many people.
/// </summary>
/// <param name="By">As recorded.</param>
/// <param name="MemberId">The member they are, when known.</param>
/// <param name="Email">Their own address, when known (never the organisation's list).</param>
/// <param name="Name">Their display name, or the name they typed.</param>
/// <param name="Language">Their language, when the roster knows it.</param>
public sealed record Acknowledger(string By, string? MemberId, string? Email, string Name, Language? Language)
{
    /// <summary>Who acknowledged <paramref name="incident"/> as <paramref name="by"/>, with <paramref name="roster"/> (by id) as it is now.</summary>
    public static Acknowledger Of(Incident incident, string by, IReadOnlyDictionary<string, Member> roster, string? organisationList) =>
        Of(incident, by, string.Equals(incident.AcknowledgedBy, by, StringComparison.Ordinal) ? incident.AcknowledgedFrom : null, roster, organisationList);

    /// <summary>
    /// The same for someone who acknowledged from <paramref name="from"/> (<see cref="Incident.AcknowledgedFrom"/> as it was): one who
    /// held the incident until another member took it over (<see cref="Incident.TakeOver"/>), which the incident no longer says.
    /// </summary>
    public static Acknowledger Of(Incident incident, string by, string? from, IReadOnlyDictionary<string, Member> roster, string? organisationList)
    {
        var trimmed = by.Trim();
        var assigned = incident.Assignees.FirstOrDefault(a => Member.SameAddress(a.Id, trimmed) || Member.SameAddress(a.Email, trimmed))
            ?? incident.Assignees.FirstOrDefault(a => Member.SameName(a.DisplayName, trimmed));
        if (assigned is not null)
        {
            return new(by, assigned.Id, assigned.Email, assigned.DisplayName, assigned.Language);
        }

        var member = (roster.TryGetValue(trimmed, out var byId) ? byId : null)
            ?? roster.Values.FirstOrDefault(m => m.Active && m.IsMailedAt(trimmed))
            ?? (from is null ? null : roster.Values.FirstOrDefault(m => m.Active && m.HasAddress(from)))
            ?? roster.Values.FirstOrDefault(m => m.Active && Member.SameName(m.DisplayName, trimmed));
        if (member is not null)
        {
            return new(by, member.Id, string.IsNullOrWhiteSpace(member.Email) ? null : member.Email, member.DisplayName, member.Language);
        }

        // Someone the roster does not know: their own address when they acknowledged from one (signed in on the incident page),
        // not the list whose link they pressed (the list is told who took it, not reminded as if it were them).
        var own = AckLinkHolder.IsAddress(trimmed) ? trimmed : from;
        return new(by, null, own is null || Member.SameAddress(organisationList, own) ? null : own, trimmed, null);
    }

    /// <summary>Whether <paramref name="recipient"/> is the person who acknowledged (by member id, address or name).</summary>
    public bool Is(PageRecipient recipient) =>
        Member.SameAddress(recipient.TokenSubject, By) || Member.SameAddress(recipient.Email, By) || Member.SameName(recipient.Name, By)
        || (MemberId is not null && Member.SameAddress(recipient.TokenSubject, MemberId))
        || (Email is not null && Member.SameAddress(recipient.Email, Email));

    /// <summary>Them as a reader of a reminder, in their language (the team's when the roster does not know it); null without an address.</summary>
    public PageRecipient? AsReader(Language teamLanguage) =>
        Email is null ? null : new PageRecipient(Email, Name, Language ?? teamLanguage, MemberId ?? Email);
}
