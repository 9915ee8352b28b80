namespace OnDuty.Core.Incidents;

/// <summary>
/// A person of a page or escalation step who is a roster member, as the step's texts and calls reach them: the address the step's
/// row names them by, their member id (the key of their text's and call's outbox ids, <see cref="Notifications.OutboxIds.Sms"/>)
/// and the mobile number the roster had for them when the step was recorded (null without one).
/// </summary>
public sealed record PagedMember(string Address, string Id, string? Phone);

/// <summary>
/// A message that listed an incident with others (a storm's step told together, <see cref="Notifications.OutboxIds.EscalationsTopic"/>):
/// its outbox topic and the incident's page round it was for, so the incident's page reads that message's delivery too.
/// </summary>
public sealed record PagesTogether(int Round, string Topic);
