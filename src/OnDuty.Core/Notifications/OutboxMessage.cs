namespace OnDuty.Core.Notifications;

/// <summary>
/// One message to one recipient. <see cref="Id"/> is deterministic (what + for whom), so queuing the
/// same notice twice is a no-op: that is how a recipient never gets a notice twice.
/// </summary>
public sealed record OutboxMessage
{
    /// <summary>Max length of the id; it is a table key.</summary>
    public const int MaxIdLength = 512;

    /// <summary>A rendered email to one person under <paramref name="topic"/>; its id is <see cref="OutboxIds.Email"/>.</summary>
    public static OutboxMessage ForEmail(string topic, string address, string? name, Messages.RenderedEmail email) => new()
    {
        Id = OutboxIds.Email(topic, address),
        Channel = Channel.Email,
        Recipient = address,
        RecipientName = name,
        Subject = email.Subject,
        TextBody = email.Text,
        HtmlBody = email.Html,
        Topic = topic,
    };

    /// <summary>A rendered card for the team's channel under <paramref name="topic"/>; its id is <see cref="OutboxIds.Teams"/>.</summary>
    public static OutboxMessage ForTeams(string topic, Messages.RenderedCard card) => new()
    {
        Id = OutboxIds.Teams(topic),
        Channel = Channel.Teams,
        Recipient = "teams",
        Subject = card.Subject,
        TextBody = card.Text,
        CardJson = card.CardJson,
        Topic = topic,
    };

    /// <summary>A text message to <paramref name="phone"/> (E.164) about a page under <paramref name="topic"/>; its id is <see cref="OutboxIds.Sms"/>.</summary>
    public static OutboxMessage ForSms(string topic, string memberId, string phone, string? name, string text) => new()
    {
        Id = OutboxIds.Sms(topic, memberId),
        Channel = Channel.Sms,
        Recipient = phone,
        RecipientName = name,
        Subject = text.Length <= 120 ? text : text[..120],
        TextBody = text,
        Topic = topic,
    };

    /// <summary>
    /// A phone call to <paramref name="phone"/> (E.164) about a page under <paramref name="topic"/> that speaks <paramref name="text"/>
    /// and takes 1 as the acknowledgement; its id is <see cref="OutboxIds.Voice"/>.
    /// </summary>
    public static OutboxMessage ForVoice(string topic, string memberId, string phone, string? name, string text) => new()
    {
        Id = OutboxIds.Voice(topic, memberId),
        Channel = Channel.Voice,
        Recipient = phone,
        RecipientName = name,
        Subject = text.Length <= 120 ? text : text[..120],
        TextBody = text,
        Topic = topic,
    };

    public required string Id { get; init; }

    public required Channel Channel { get; init; }

    /// <summary>Email address, the channel name for Teams, or the phone number (E.164) for SMS and calls.</summary>
    public required string Recipient { get; init; }

    public string? RecipientName { get; init; }

    /// <summary>
    /// Email: blind-copied readers of one message (a stakeholder batch, at most 50), fixed and sorted when queued so a
    /// retry reaches exactly the same people. Empty for a message to <see cref="Recipient"/> alone; when set,
    /// <see cref="Recipient"/> is only a label for people reading the outbox.
    /// </summary>
    public IReadOnlyList<string> Bcc { get; init; } = [];

    /// <summary>
    /// The incidents a message speaks for when it lists several (an escalation digest), most severe first; empty for a message
    /// about the one subject its <see cref="Topic"/> names. Checked before each attempt: the message is cancelled only once
    /// every one of them was acknowledged or resolved.
    /// </summary>
    public IReadOnlyList<string> About { get; init; } = [];

    public string Subject { get; init; } = "";

    public string TextBody { get; init; } = "";

    public string? HtmlBody { get; init; }

    /// <summary>Teams: the Adaptive Card JSON (the card's content object).</summary>
    public string? CardJson { get; init; }

    /// <summary>What the message is about, for people reading the outbox (e.g. "duty:incident-duty:2026-W49").</summary>
    public string Topic { get; init; } = "";

    public OutboxPriority Priority { get; init; } = OutboxPriority.Normal;

    public OutboxStatus Status { get; init; } = OutboxStatus.Pending;

    public int Attempts { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset NextAttemptAt { get; init; }

    public DateTimeOffset? SentAt { get; init; }

    public string? LastError { get; init; }

    /// <summary>
    /// A re-send (<see cref="OutboxResender"/>): the id of the given-up message it sends again, same recipients and content under a
    /// new id (<see cref="OutboxIds.Resend"/>). Null for a message queued by what it is about. Rows of a release before re-sends lack it.
    /// </summary>
    public string? ResendOf { get; init; }

    /// <summary>On a given-up message: the id of its re-send, once one was queued (<see cref="OutboxResender"/>); null otherwise.</summary>
    public string? ResentAs { get; init; }

    /// <summary>
    /// The address or number of the one person this message is for (an email without bcc, a text, a call), whose failure it
    /// is when it fails (<see cref="IOutboxStore.ListFailedToAsync"/>); null for a channel post or a bcc batch, where
    /// <see cref="Recipient"/> names no one person.
    /// </summary>
    public string? SoleRecipient => SoleRecipientOf(Channel, Recipient, Bcc.Count > 0);

    /// <summary><see cref="SoleRecipient"/> of a message on <paramref name="channel"/> to <paramref name="recipient"/>, blind-copied or not.</summary>
    public static string? SoleRecipientOf(Channel channel, string recipient, bool blindCopied) => channel switch
    {
        Channel.Email when !blindCopied => recipient,
        Channel.Sms or Channel.Voice => recipient,
        _ => null,
    };
}
