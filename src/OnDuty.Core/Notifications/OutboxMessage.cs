namespace OnDuty.Core.Notifications;

public enum Channel
{
    Email,
    Teams,
}

public enum OutboxStatus
{
    Pending,
    Sent,
    Failed,
}

/// <summary>
/// One message to one recipient. <see cref="Id"/> is deterministic (what + for whom), so queuing the
/// same notice twice is a no-op: that is how a recipient never gets a notice twice.
/// </summary>
public sealed record OutboxMessage
{
    /// <summary>Max length of the id; it is a table key.</summary>
    public const int MaxIdLength = 512;

    public required string Id { get; init; }

    public required Channel Channel { get; init; }

    /// <summary>Email address, or the channel name for Teams.</summary>
    public required string Recipient { get; init; }

    public string? RecipientName { get; init; }

    public string Subject { get; init; } = "";

    public string TextBody { get; init; } = "";

    public string? HtmlBody { get; init; }

    /// <summary>Teams: the Adaptive Card JSON (the card's content object).</summary>
    public string? CardJson { get; init; }

    /// <summary>What the message is about, for people reading the outbox (e.g. "duty:incident-duty:2026-W49").</summary>
    public string Topic { get; init; } = "";

    public OutboxStatus Status { get; init; } = OutboxStatus.Pending;

    public int Attempts { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset NextAttemptAt { get; init; }

    public DateTimeOffset? SentAt { get; init; }

    public string? LastError { get; init; }
}
