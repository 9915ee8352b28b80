using OnDuty.Core.Team;

namespace OnDuty.Core.Incidents;

/// <summary>A duty member put on an incident, copied from the roster when it opened.</summary>
public sealed record AssignedMember(string Id, string DisplayName, string Email, Language Language, string? Upn = null)
{
    public static AssignedMember From(Member member) => new(member.Id, member.DisplayName, member.Email, member.Language, member.Upn);
}
