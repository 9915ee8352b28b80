using OnDuty.Core.Incidents;

namespace OnDuty.Core.Messages;

/// <summary>
/// The leads' escalation step as a lead reads it: the duty members (<paramref name="Pair"/>) have not acknowledged for at least
/// <paramref name="Unanswered"/>, and it comes to them as the lead.
/// </summary>
public sealed record LeadsStep(IReadOnlyList<AssignedMember> Pair, TimeSpan Unanswered);
