namespace OnDuty.Core.Notifications;

/// <summary>Outcome of one delivery attempt, as the provider reported it.</summary>
public abstract record SendResult
{
    public sealed record Delivered(string? ProviderId = null) : SendResult
    {
        /// <summary>
        /// The id the provider's later delivery reports name, when it sends any (ACS's email operation id); null for an SMTP
        /// server's reply or a provider that reports nothing. The outbox keeps the message findable by it.
        /// </summary>
        public string? ReportId { get; init; }
    }

    /// <summary>
    /// The provider took the message (ACS <c>202</c>) and processes it on its own: as good as sent for the sender, which
    /// does not wait, and its final status is asked for later (<see cref="IEmailSender.ConfirmAsync"/>), so a failure
    /// after acceptance still shows up.
    /// </summary>
    public sealed record Accepted(string ProviderId) : SendResult;

    /// <summary>Worth trying again (429, 5xx, network); <paramref name="RetryAfter"/> is the provider's hint.</summary>
    public sealed record Transient(string Error, TimeSpan? RetryAfter = null) : SendResult
    {
        /// <summary>
        /// The provider refused the sender or the relay (<see cref="SenderRefusal"/>): a configuration fault that fails every
        /// message alike, not this recipient's. Retried like any transient failure, so the pages go once the setting is fixed.
        /// </summary>
        public bool SenderRefused { get; init; }
    }

    /// <summary>Will never work as is (rejected address, bad request); the message is given up at once.</summary>
    public sealed record Permanent(string Error) : SendResult;
}
