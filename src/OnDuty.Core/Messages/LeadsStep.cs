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

    /// <summary>
    /// The step the channel's card speaks for: the leads' (2), or the organisation's (3), whose <see cref="Leads"/> is the list
    /// paged and <see cref="Unanswered"/> three ack timeouts (two when no lead was paged first: it went out when the leads' step was due).
    /// </summary>
    public int Step { get; init; } = EscalationPolicy.LeadsStep;

    /// <summary>
    /// On the organisation's step: the leads were paged before it too (some lead is not on duty), and have not answered either; false
    /// when the leads' step was passed over (no lead configured, or every one on duty or on leave), so no lead was paged first.
    /// </summary>
    public bool LeadsToo { get; init; }
}
