using OnDuty.Core.Team;

namespace OnDuty.Core.Incidents;

/// <summary>
/// Who took an incident (a person acknowledged it), named the same way by every channel that tells someone else — the answer to
/// an SMS reply, the call's answer to 1 and the mail (「伊藤さんが対応を開始しました」): one of its duty members, else a roster
/// member (a lead, a colleague who took it from the incident page), by their display name in their language; else the name
/// as recorded (typed on the acknowledge page by someone without a roster entry). A tool's acknowledgement is nobody's.
/// </summary>
/// <param name="Name">A display name, or the name as recorded.</param>
/// <param name="Language">The member's language (how their name is said: a Japanese name by family name with さん); null for a name as recorded.</param>
public sealed record IncidentTaker(string Name, Language? Language)
{
    /// <summary>Who took <paramref name="incident"/>; null when no person has (nobody, or only a tool).</summary>
    /// <param name="roster">The roster by member id, for one who is not among its duty members; null when not read (then the name as recorded).</param>
    public static IncidentTaker? Of(Incident incident, IReadOnlyDictionary<string, Member>? roster)
    {
        if (!incident.AcknowledgedByPerson || incident.AcknowledgedBy is not { } by)
        {
            return null;
        }

        if (incident.Assignees.FirstOrDefault(a => a.Id == by) is { } assigned)
        {
            return Of(assigned);
        }

        return roster is not null && roster.TryGetValue(by, out var member) && !string.IsNullOrWhiteSpace(member.DisplayName)
            ? new(member.DisplayName, member.Language)
            : new(by, null);
    }

    /// <summary>A duty member of the incident as its taker.</summary>
    public static IncidentTaker Of(AssignedMember member) => new(member.DisplayName, member.Language);

    /// <summary>Whether <paramref name="incident"/> was taken by one of its duty members (no roster needed to name them).</summary>
    public static bool ByDutyMember(Incident incident) =>
        incident.AcknowledgedBy is { } by && incident.Assignees.Any(a => a.Id == by);
}
