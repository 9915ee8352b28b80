using OnDuty.Core.Incidents;
using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>
/// An incident monitoring resolved before anyone acknowledged it, by SMS to a member its page texted: its subject (severity, id,
/// title cut short) and that nothing needs doing; a heartbeat's, when it was heard and how late (short).
/// </summary>
public sealed record RecoveredTextNotice(Language Language, Incident Incident) : Notice(Language)
{
    /// <summary>The team's zone (<c>Incidents__TimeZone</c>) a heartbeat's heard time is said in; null: not said.</summary>
    public string? TimeZone { get; init; }
}
