namespace OnDuty.Core.Notifications;

/// <summary>
/// A Teams Workflows webhook answering 401, 403, 404 or 410: the workflow behind <c>Teams__WebhookUrl</c> is deleted, turned off or
/// its URL is no longer valid. Every card fails alike until the URL is replaced, so the cards are kept and retried (not given up
/// one by one); the stored error starts with <see cref="Prefix"/> (kept when a timeline row shortens the error), which the pages
/// say in the reader's language.
/// </summary>
public static class TeamsWorkflowGone
{
    /// <summary>What the stored error (<see cref="OutboxMessage.LastError"/>, the log, the health line) starts with.</summary>
    public const string Prefix = "Teams workflow gone (deleted, turned off or its URL no longer valid: make a new one, \"Post to a channel when a webhook "
        + "request is received\", set its URL in Teams__WebhookUrl (ONDUTY_TEAMS_WEBHOOK_URL) and restart; the cards wait until then): ";

    /// <summary>A transient failure for the webhook's own answer <paramref name="error"/>.</summary>
    public static SendResult.Transient Of(string error) => new(Prefix + error);

    /// <summary>Whether a stored error is such a refusal.</summary>
    public static bool IsIn(string? error) => error?.StartsWith(Prefix, StringComparison.Ordinal) == true;

    /// <summary>The webhook's own answer, without <see cref="Prefix"/> (said apart, in the reader's language).</summary>
    public static string Answer(string error) => IsIn(error) ? error[Prefix.Length..] : error;
}
