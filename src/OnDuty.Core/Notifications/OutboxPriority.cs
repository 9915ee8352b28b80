namespace OnDuty.Core.Notifications;

/// <summary>Which send queue a message goes on: pages and escalations never wait behind weekly mail.</summary>
public enum OutboxPriority
{
    Normal,

    /// <summary>A page or escalation: its own queue, retried by age rather than by count.</summary>
    Page,
}
