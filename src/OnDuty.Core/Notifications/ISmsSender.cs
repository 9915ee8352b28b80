namespace OnDuty.Core.Notifications;

/// <summary>
/// Sends one text message to one phone number (E.164). Pages go by SMS too, to duty members with a phone number, when a
/// provider is configured (<c>Sms__From</c>); <see cref="Enabled"/> is false otherwise and nothing is queued for it.
/// <paramref name="messageId"/> of <see cref="SendAsync"/> is stable across retries of the same message.
/// </summary>
public interface ISmsSender
{
    bool Enabled { get; }

    /// <summary>Texts reach real phones (false for a local stand-in such as LocalHost's mail sink): health checks coverage only then.</summary>
    bool ReachesPhones => Enabled;

    Task<SendResult> SendAsync(SmsMessage message, string messageId, CancellationToken cancellationToken);
}

/// <summary>No SMS provider configured: nothing is queued for SMS, and a row queued while one was is given up, visibly.</summary>
public sealed class NoSmsSender : ISmsSender
{
    public bool Enabled => false;

    public Task<SendResult> SendAsync(SmsMessage message, string messageId, CancellationToken cancellationToken) =>
        Task.FromResult<SendResult>(new SendResult.Permanent("SMS is not configured (Sms__From is empty; with ACS also Sms__ConnectionString or Sms__Endpoint, with Sms__Provider=Twilio the Sms__Twilio__* settings)"));
}
