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
        incident.AcknowledgedByPerson && incident.AcknowledgedBy is { } id && !incident.Assignees.Any(a => string.Equals(a.Id, id, StringComparison.Ordinal))
            && await roster.GetMemberAsync(id, cancellationToken) is { } member
            ? AssignedMember.From(member.Value)
            : null;
}
