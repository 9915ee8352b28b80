namespace OnDuty.Core.Notifications;

public enum OutboxStatus
{
    Pending,
    Sent,
    Failed,

    /// <summary>Dropped before an attempt because it no longer applied (e.g. an escalation of an acknowledged incident).</summary>
    Cancelled,
}
