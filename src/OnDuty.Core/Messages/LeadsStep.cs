using OnDuty.Core.Incidents;

namespace OnDuty.Core.Messages;

/// <summary>
/// The leads' escalation step as a lead reads it: the duty members (<paramref name="Pair"/>) have not acknowledged for at least
/// <paramref name="Unanswered"/>, and it comes to them as the lead.
/// </summary>
public sealed record LeadsStep(IReadOnlyList<AssignedMember> Pair, TimeSpan Unanswered)
{
    /// <summary>The leads this step pages (names as the readers know them, else addresses), for the channel's card; empty in a lead's own mail or text.</summary>
    public IReadOnlyList<string> Leads { get; init; } = [];
}
