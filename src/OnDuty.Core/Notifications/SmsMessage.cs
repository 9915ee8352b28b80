namespace OnDuty.Core.Notifications;

/// <summary>One text message to one phone number in E.164 form (<c>+819012345678</c>).</summary>
public sealed record SmsMessage(string To, string Text)
{
    /// <summary>Attempts recorded before this one.</summary>
    public int PriorAttempts { get; init; }

    /// <summary>When the message was queued; null when unknown.</summary>
    public DateTimeOffset? QueuedAt { get; init; }
}
