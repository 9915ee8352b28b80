namespace OnDuty.Core.Notifications;

/// <summary>What one attempt to send a message came to.</summary>
public enum OutboxAttemptOutcome
{
    /// <summary>Nothing done: not due, held by another sender, or settled already.</summary>
    Skipped,
    Delivered,
    Retrying,
    Failed,
    Cancelled,

    /// <summary>The send was stopped because its lease could not be renewed; whoever takes the message next retries.</summary>
    Stopped,
}
