using OnDuty.Core.Team;

namespace OnDuty.Core.Rotations;

/// <summary>The roster and everyone's leave, read once for several rotations' schedules.</summary>
public sealed record TeamRoster(IReadOnlyDictionary<string, Member> Members, IReadOnlyList<Leave> Leave);
