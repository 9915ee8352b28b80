namespace OnDuty.Core.Retros;

/// <summary>
/// A member of a shift's pair replaced for the rest of it while it was already on (a whole-shift change or override made
/// after its handoff): <see cref="MemberId"/> held the slot until <see cref="At"/>, <see cref="ReplacementId"/> from then.
/// </summary>
public sealed record LoadHandover(string MemberId, string ReplacementId, DateTimeOffset At);
