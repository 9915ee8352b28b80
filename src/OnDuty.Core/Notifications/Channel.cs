namespace OnDuty.Core.Notifications;

public enum Channel
{
    Email,
    Teams,

    /// <summary>A text message to one phone number (pages only).</summary>
    Sms,

    /// <summary>A phone call to one number that speaks the page and takes 1 as the acknowledgement (escalations; Twilio).</summary>
    Voice,
}

public static class ChannelNames
{
    /// <summary>The channel as the timeline (<c>sms reached …</c>) and the metrics' tag name it: <c>email</c>, <c>teams</c>, <c>sms</c>, <c>call</c>.</summary>
    public static string Name(this Channel channel) => channel switch
    {
        Channel.Teams => "teams",
        Channel.Sms => "sms",
        Channel.Voice => "call",
        _ => "email",
    };

    /// <summary>
    /// The channel as <c>GET /api/outbox</c> lists it (its <c>channel</c>) and health's <c>pages</c> line counts it: <c>email</c>,
    /// <c>teams</c>, <c>sms</c>, <c>voice</c> — a call is <c>voice</c> there (the <c>Voice__*</c> settings) and <c>call</c> on the
    /// timeline (<see cref="Name"/>); health's <c>call-sender</c> says which it is.
    /// </summary>
    public static string OutboxName(this Channel channel) => channel.ToString().ToLowerInvariant();

    /// <summary>
    /// A channel by its <see cref="Name"/> (<c>email</c>, <c>teams</c>, <c>sms</c>, <c>call</c>), as an API filter names it, or as
    /// <c>GET /api/outbox</c> lists it (<see cref="OutboxName"/>: <c>voice</c> for a call).
    /// </summary>
    public static bool TryParse(string? name, out Channel channel)
    {
        foreach (var c in Enum.GetValues<Channel>())
        {
            if (string.Equals(c.Name(), name, StringComparison.Ordinal) || string.Equals(c.OutboxName(), name, StringComparison.Ordinal))
            {
                channel = c;
                return true;
            }
        }

        channel = default;
        return false;
    }
}
