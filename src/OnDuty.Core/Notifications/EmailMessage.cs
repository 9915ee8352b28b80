namespace OnDuty.Core.Notifications;

public sealed record EmailMessage(
    string To,
    string? ToName,
    string Subject,
    string TextBody,
    string? HtmlBody)
{
    /// <summary>Attempts recorded before this one. An adapter whose provider has no idempotent send
    /// checks for an earlier attempt's result before sending again when this is above zero.</summary>
    public int PriorAttempts { get; init; }

    /// <summary>When the message was queued; null when unknown. An attempt long after it may follow one that was
    /// never recorded (an instance that stopped mid-send), so adapters treat it like a retry.</summary>
    public DateTimeOffset? QueuedAt { get; init; }

    /// <summary>Blind-copied readers. When set, <see cref="To"/> is empty: ACS sends it with nobody in "to", SMTP and Graph
    /// address it to the sending mailbox itself, so no reader sees who else got it.</summary>
    public IReadOnlyList<string> Bcc { get; init; } = [];

    /// <summary>
    /// The series this mail belongs to (an incident's stakeholder notices, <see cref="OutboxIds.EmailThread"/>), null for a mail
    /// of its own. Adapters that can set headers make each mail of a series a reply to one message named after it
    /// (In-Reply-To/References), so a reader's mail app groups 第1報 … 復旧 under one conversation although the subject's
    /// status and number change.
    /// </summary>
    public string? Thread { get; init; }
}
