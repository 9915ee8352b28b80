using OnDuty.Core.Team;

namespace OnDuty.Core.Rotations;

/// <summary>The roster and everyone's leave, read once for several rotations' schedules.</summary>
public sealed record TeamRoster(IReadOnlyDictionary<string, Member> Members, IReadOnlyList<Leave> Leave)
{
    /// <summary>Everyone's leave in the dates of <paramref name="zone"/> (a rotation's): <see cref="Team.Leave.DatesIn(Member?, TimeZoneInfo)"/>.</summary>
    public IReadOnlyList<Leave> LeaveIn(TimeZoneInfo zone) => LeaveIn(Leave, Members, zone);

    /// <inheritdoc cref="LeaveIn(TimeZoneInfo)"/>
    public static IReadOnlyList<Leave> LeaveIn(IEnumerable<Leave> leave, IReadOnlyDictionary<string, Member> members, TimeZoneInfo zone) =>
        [.. leave.Select(l => l.DatesIn(members.GetValueOrDefault(l.MemberId), zone))];
}
