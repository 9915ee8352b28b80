namespace OnDuty.Core.Team;

/// <summary>A person a reminder would have gone to who is on leave (<see cref="Leave"/>): by name, as the others read of them.</summary>
public sealed record MemberAway(string Name, Language Language, LeaveAbsence Leave);
