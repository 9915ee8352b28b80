using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>
/// One week of a <see cref="PartnerChangedNotice"/>: who was on it with the reader (<see cref="Before"/>, the ones who left it) and
/// who is now (<see cref="After"/>, the ones who joined), the reader staying on it.
/// </summary>
public sealed record PartnerChange(string Week, DateOnly? HandoffDate, IReadOnlyList<Member> Before, IReadOnlyList<Member> After);
