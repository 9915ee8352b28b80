using Microsoft.Extensions.Logging;
using OnDuty.Core.Common;

namespace OnDuty.Core.Notifications;

/// <summary>
/// What Azure Communication Services says, after it took an email, about each reader it went to (its delivery report, through
/// Event Grid). Taking an email (<c>202</c>, then the operation <c>Succeeded</c>) is not reaching the mailbox: an address that
/// bounced, one ACS suppresses after an earlier hard bounce, or a receiving server that filters the mail as spam lose the page
/// silently unless someone reads these reports.
/// <list type="bullet">
/// <item>Delivered (or expanded to a distribution list's members) is no news: nothing is read or written.</item>
/// <item>Anything else goes on the timeline of the incident(s) the email was about, naming the reader and ACS's status, in the
/// reader's language on the pages. A page or a reminder to one reader is marked failed too: listed with the failed messages,
/// and the health check reports messages given up, until someone looks.</item>
/// <item>A stakeholder notice's batch (up to 50 in bcc) stays sent for the others: its timeline says who it did not reach.</item>
/// <item>A report about an email OnDuty no longer keeps (purged), or never sent, is logged only.</item>
/// </list>
/// </summary>
public sealed class EmailDeliveryReports(IOutboxStore outbox, IEnumerable<IOutboxSubject> subjects, TimeProvider time, ILogger<EmailDeliveryReports> logger)
{
    /// <summary>True when <paramref name="status"/> says the email reached the reader (ACS: <c>Delivered</c>; <c>Expanded</c>, a list's members were each sent it).</summary>
    public static bool Reached(string status) =>
        string.Equals(status, "Delivered", StringComparison.OrdinalIgnoreCase) || string.Equals(status, "Expanded", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// How long after its event a report about an operation OnDuty has no record of is answered "retry" (503): ACS can report a
    /// suppressed address within a second of its 202, before the outbox recorded the email as sent under that operation.
    /// </summary>
    public static readonly TimeSpan RecordWait = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Hears one report of the email ACS accepted as <paramref name="operationId"/>, published at <paramref name="reportedAt"/>;
    /// true when it was news about a message OnDuty keeps. What it means is recorded first (timeline, early escalation) and the
    /// message marked failed last, so a storage failure part-way fails the request and Event Grid's retry finishes it.
    /// </summary>
    /// <exception cref="ContentionException">A recent report about an operation not recorded yet: the event is delivered again shortly.</exception>
    public async Task<bool> HeardAsync(string operationId, string recipient, string status, string? details, DateTimeOffset? reportedAt, CancellationToken cancellationToken)
    {
        if (Reached(status))
        {
            return false;
        }

        var message = await outbox.FindByProviderIdAsync(operationId, cancellationToken);
        if (message is not { Channel: Channel.Email })
        {
            if (message is null && (time.GetUtcNow() - (reportedAt ?? time.GetUtcNow())).Duration() < RecordWait)
            {
                throw new ContentionException($"ACS reported email operation {operationId} before OnDuty recorded it as sent; Event Grid delivers the report again");
            }

            logger.LogWarning("ACS could not deliver email operation {OperationId} to {Recipient} ({Status}: {Details}); OnDuty keeps no email it sent as that operation", operationId, LoggedText.Recipient(recipient), status, details);
            return false;
        }

        var said = string.IsNullOrWhiteSpace(details) ? "" : ": " + details.Trim();
        var error = $"not delivered to {recipient} ({status}{said})";
        var alone = message.Bcc.Count == 0;
        if (alone && message.Status == OutboxStatus.Failed && message.LastError == error)
        {
            return false; // the same report again (Event Grid delivers at least once), told already
        }

        logger.LogWarning("Outbox message {MessageId} (ACS operation {OperationId}) was not delivered to {Recipient}: {Status}{Details}", message.Id, operationId, LoggedText.Recipient(recipient), status, said);
        foreach (var subject in subjects)
        {
            await subject.UndeliveredAsync(message, recipient, status, details, cancellationToken);
        }

        if (alone)
        {
            // One reader, who did not get it: failed, as one given up (the failed list, the health check).
            await outbox.SettleConfirmationAsync(message.Id, error, time.GetUtcNow(), cancellationToken);
        }

        return true;
    }
}
