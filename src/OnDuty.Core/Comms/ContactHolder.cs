using OnDuty.Core.Incidents;
using OnDuty.Core.Team;

namespace OnDuty.Core.Comms;

/// <summary>
/// ■お問い合わせ先's first name when the person holding an incident (who acknowledged it or took it over) is not one of its duty
/// members — a lead who took it over: the readers ask them first, then the pair (trial 54: such a holder was not named at all).
/// </summary>
public static class ContactHolder
{
    /// <summary>The holder as the roster has them when outside <see cref="Incident.Assignees"/>; null when a duty member (or a tool, or nobody) holds it, or the roster no longer has them.</summary>
    public static async Task<AssignedMember?> FindAsync(Incident incident, IRosterRepository roster, CancellationToken cancellationToken) =>
        HolderOutsideDuty(incident) is { } id && await roster.GetMemberAsync(id, cancellationToken) is { } member
            ? AssignedMember.From(member.Value)
            : null;

    /// <summary><see cref="FindAsync"/> from the roster as the caller already read it (<paramref name="members"/>).</summary>
    public static AssignedMember? Find(Incident incident, IEnumerable<Member> members) =>
        HolderOutsideDuty(incident) is { } id && members.FirstOrDefault(m => string.Equals(m.Id, id, StringComparison.Ordinal)) is { } member
            ? AssignedMember.From(member)
            : null;

    /// <summary>
    /// The communications lead (連絡担当, <see cref="Incident.CommsLead"/>) as the roster has them, named first in ■お問い合わせ先: the
    /// stakeholders ask the one who tells them. Null with none, or when the roster no longer has them active.
    /// </summary>
    public static async Task<AssignedMember?> CommsLeadAsync(Incident incident, IRosterRepository roster, CancellationToken cancellationToken) =>
        incident.CommsLead is { } id && await roster.GetMemberAsync(id, cancellationToken) is { Value: { Active: true } member }
            ? AssignedMember.From(member)
            : null;

    /// <summary><see cref="CommsLeadAsync"/> from the roster as the caller already read it (<paramref name="members"/>).</summary>
    public static AssignedMember? CommsLead(Incident incident, IEnumerable<Member> members) =>
        incident.CommsLead is { } id && members.FirstOrDefault(m => string.Equals(m.Id, id, StringComparison.Ordinal)) is { Active: true } member
            ? AssignedMember.From(member)
            : null;

    /// <summary>The member id of the person holding it when not one of its duty members; null otherwise.</summary>
    private static string? HolderOutsideDuty(Incident incident) =>
        incident.AcknowledgedByPerson && incident.AcknowledgedBy is { } id && !incident.Assignees.Any(a => string.Equals(a.Id, id, StringComparison.Ordinal)) ? id : null;
}
