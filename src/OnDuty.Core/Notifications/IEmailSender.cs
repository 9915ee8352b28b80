namespace OnDuty.Core.Notifications;

/// <summary>Sends one email. <paramref name="messageId"/> is stable across retries of the same message.</summary>
public interface IEmailSender
{
    Task<SendResult> SendAsync(EmailMessage message, string messageId, CancellationToken cancellationToken);

    /// <summary>
    /// The final status of a message the provider accepted (<see cref="SendResult.Accepted"/>). Providers whose
    /// acceptance is final (SMTP, Graph) never answer <see cref="SendResult.Accepted"/> and keep this default.
    /// </summary>
    Task<DeliveryConfirmation> ConfirmAsync(string providerId, CancellationToken cancellationToken) =>
        Task.FromResult<DeliveryConfirmation>(new DeliveryConfirmation.Confirmed());
}
