using OnDuty.Core.Incidents;
using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>
/// An incident monitoring resolved before anyone acknowledged it, by SMS to a member its page texted: its subject (severity, id,
/// title cut short) and that nothing needs doing.
/// </summary>
public sealed record RecoveredTextNotice(Language Language, Incident Incident) : Notice(Language);
