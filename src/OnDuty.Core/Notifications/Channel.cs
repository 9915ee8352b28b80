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

    /// <summary>A channel by its <see cref="Name"/> (<c>email</c>, <c>teams</c>, <c>sms</c>, <c>call</c>), as an API filter names it.</summary>
    public static bool TryParse(string? name, out Channel channel)
    {
        foreach (var c in Enum.GetValues<Channel>())
        {
            if (string.Equals(c.Name(), name, StringComparison.Ordinal))
            {
                channel = c;
                return true;
            }
        }

        channel = default;
        return false;
    }
}
