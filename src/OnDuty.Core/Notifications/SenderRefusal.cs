namespace OnDuty.Core.Notifications;

/// <summary>
/// A mail provider refusing the sender or the relay rather than the recipient: an SMTP server that answers <c>5.7.1 relay denied</c>
/// to a recipient or any 5xx to <c>MAIL FROM</c>, ACS refusing the <c>senderAddress</c> or a domain not linked — or refusing
/// OnDuty's own access: ACS's 401/403 (access key, managed identity's role), Graph's 401/403/404 on sendMail (token, Mail.Send,
/// access policy, mailbox), an SMTP login refused. Every message
/// fails alike until someone fixes <c>Email__From</c> or the provider's settings, so it is not the recipient's fault and not
/// given up at once: pages are retried (until <c>Outbox__PageGiveUpAfter</c>) and go out once it is fixed; health names it.
/// A refusal of one recipient (<c>550 5.1.1 user unknown</c>) stays permanent. Texts and calls are refused alike when the SMS or
/// call provider refuses OnDuty's number (<c>Sms__From</c>, <c>Voice__From</c>) or its access (the ACS key or role, the Twilio
/// account's token): their stored error starts with <see cref="PhonePrefix"/>, the provider's words after it naming the setting.
/// </summary>
public static class SenderRefusal
{
    /// <summary>What the stored error (<see cref="OutboxMessage.LastError"/>, the health line, the log) starts with.</summary>
    public const string Prefix = "sender refused (a configuration fault, not the recipient's; check Email__From and the provider's sender settings): ";

    /// <summary>
    /// What a text's or a call's stored error starts with when the SMS or call provider refuses the sender: the words after it
    /// (the adapter's) name the setting, which differs by provider (<c>Sms__ConnectionString</c>, <c>Sms__Twilio__AuthToken</c>,
    /// <c>Sms__From</c>, <c>Voice__From</c>…).
    /// </summary>
    public const string PhonePrefix = "sender refused (a configuration fault, not the recipient's; check the setting it names): ";

    /// <summary>A transient failure for the mail provider's own words <paramref name="error"/>.</summary>
    public static SendResult.Transient Of(string error, TimeSpan? retryAfter = null) =>
        new(Prefix + error, retryAfter) { SenderRefused = true };

    /// <summary>A transient failure for the SMS or call provider's refusal <paramref name="error"/>, which names the setting to fix.</summary>
    public static SendResult.Transient OfPhone(string error, TimeSpan? retryAfter = null) =>
        new(PhonePrefix + error, retryAfter) { SenderRefused = true };

    /// <summary>Whether a stored error is such a refusal (of mail, a text or a call).</summary>
    public static bool IsIn(string? error) => PrefixOf(error) is not null;

    /// <summary>The provider's own words, without the prefix (said apart, in the reader's language); any other error as it is.</summary>
    public static string Answer(string error) => PrefixOf(error) is { } prefix ? error[prefix.Length..] : error;

    /// <summary>
    /// Who refuses a sender on <paramref name="channel"/>, as health and the log name it: <c>email provider</c>, <c>SMS provider</c>,
    /// <c>call provider</c> — so a refused SMS number is not reported as the email provider's.
    /// </summary>
    public static string ProviderOf(Channel channel) => channel switch
    {
        Channel.Sms => "SMS provider",
        Channel.Voice => "call provider",
        Channel.Teams => "Teams webhook",
        _ => "email provider",
    };

    private static string? PrefixOf(string? error) =>
        error is null ? null
        : error.StartsWith(Prefix, StringComparison.Ordinal) ? Prefix
        : error.StartsWith(PhonePrefix, StringComparison.Ordinal) ? PhonePrefix
        : null;

    /// <summary>
    /// Whether an SMTP refusal is about the sender or relay: any 5xx to <c>MAIL FROM</c> (<paramref name="toSender"/>), or a 5xx
    /// to a recipient or the message whose words say relaying or the sender was refused, or that carries the enhanced status
    /// <c>5.7.1</c> / <c>5.7.0</c> (not authorised; the recipient's own codes are <c>5.1.x</c> and <c>5.2.x</c>).
    /// </summary>
    public static bool IsSmtpSenderRefusal(int status, bool toSender, string? text)
    {
        if (status < 500)
        {
            return false;
        }

        if (toSender)
        {
            return true;
        }

        var words = text ?? "";
        if (words.Contains("5.1.", StringComparison.Ordinal) || words.Contains("5.2.", StringComparison.Ordinal))
        {
            return false; // the mailbox: unknown, full, disabled
        }

        return status == 530
            || words.Contains("5.7.1", StringComparison.Ordinal)
            || words.Contains("5.7.0", StringComparison.Ordinal)
            || words.Contains("relay", StringComparison.OrdinalIgnoreCase)
            || words.Contains("sender", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Whether an ACS refusal (a <c>4xx</c> other than 401, 403, 408 and 429) is about the sender: its error names the
    /// <c>senderAddress</c>, the sender's domain, or a domain not linked to the resource.
    /// </summary>
    public static bool IsAcsSenderRefusal(int status, string? detail)
    {
        if (status is < 400 or >= 500 or 401 or 403 or 408 or 429)
        {
            return false;
        }

        var words = detail ?? "";
        return words.Contains("senderAddress", StringComparison.OrdinalIgnoreCase)
            || words.Contains("DomainNotLinked", StringComparison.OrdinalIgnoreCase)
            || words.Contains("not linked", StringComparison.OrdinalIgnoreCase)
            || words.Contains("sender domain", StringComparison.OrdinalIgnoreCase)
            || words.Contains("InvalidSender", StringComparison.OrdinalIgnoreCase);
    }
}
