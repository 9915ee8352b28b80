using Microsoft.Extensions.Logging;

namespace OnDuty.Core.Notifications;

/// <summary>
/// ACS's delivery report of a text it had accepted (through the same Event Grid subscription as replies): one it could not
/// deliver goes on the timeline of the incident(s) it paged about, as a delivery given up ("sms gave up on +81…: …"), so the
/// team sees a number that does not work, and the text's outbox row is marked failed (the failed list, the health check). The text's tag is its outbox id; a report without one, or for a message no longer
/// kept, is logged only. A delivered text changes nothing (the provider's acceptance already counted as sent).
/// </summary>
public sealed class SmsDeliveryReports(IOutboxStore outbox, IEnumerable<IOutboxSubject> subjects, TimeProvider time, ILogger<SmsDeliveryReports> logger)
{
    public async Task<bool> FailedAsync(string? tag, string providerId, string status, string? details, CancellationToken cancellationToken)
    {
        var message = string.IsNullOrWhiteSpace(tag) ? null : await outbox.GetAsync(tag, cancellationToken);
        if (message is not { Channel: Channel.Sms })
        {
            logger.LogWarning("ACS could not deliver text {SmsMessageId} ({Status}: {Details}); no outbox message {Tag} to tell", providerId, status, details, tag);
            return false;
        }

        var error = $"not delivered ({status}{(string.IsNullOrWhiteSpace(details) ? "" : ": " + details)})";
        logger.LogWarning("ACS could not deliver text {SmsMessageId} of outbox message {MessageId}: {Error}", providerId, message.Id, error);
        // Failed, as one given up: listed with the failed messages, and the health check says messages were given up.
        await outbox.SettleConfirmationAsync(message.Id, error, time.GetUtcNow(), cancellationToken);
        foreach (var subject in subjects)
        {
            await subject.SettledAsync(message, error, cancellationToken);
        }

        return true;
    }
}
