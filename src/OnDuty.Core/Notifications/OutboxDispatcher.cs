using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnDuty.Core.Common;

namespace OnDuty.Core.Notifications;

/// <summary>
/// Records messages in the outbox, then sends them. A message is queued once (its id is deterministic),
/// sent by whoever holds its lease, retried with backoff (never sooner than Retry-After) and given up
/// visibly after <see cref="OutboxOptions.MaxAttempts"/>.
/// </summary>
public sealed class OutboxDispatcher(
    IOutboxStore store,
    IEmailSender email,
    ITeamsChannel teams,
    TimeProvider time,
    IOptions<OutboxOptions> options,
    ILogger<OutboxDispatcher> logger)
{
    private readonly OutboxOptions _options = options.Value;

    /// <summary>Queues every message (skipping ones already queued) and returns the ids newly queued.</summary>
    public async Task<IReadOnlyList<string>> EnqueueAsync(IEnumerable<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        var queued = new List<string>();
        foreach (var message in messages)
        {
            var now = time.GetUtcNow();
            var stamped = message with { CreatedAt = now, NextAttemptAt = now, Status = OutboxStatus.Pending, Attempts = 0 };
            if (await store.TryEnqueueAsync(stamped, now + _options.LeaseDuration, cancellationToken))
            {
                queued.Add(message.Id);
            }
            else
            {
                logger.LogInformation("Outbox message {MessageId} was queued before; not queued again", message.Id);
            }
        }

        return queued;
    }

    /// <summary>
    /// Sends messages this caller just queued, while it still holds their lease. The lease taken by
    /// <see cref="EnqueueAsync"/> ends at <c>CreatedAt + LeaseDuration</c>; a message whose lease is half gone (earlier
    /// sends were slow) or that was tried already is left to <see cref="RetryDueAsync"/>, which leases it afresh, so
    /// another instance's retry timer never sends it at the same time.
    /// </summary>
    public async Task<DispatchSummary> SendQueuedAsync(IEnumerable<string> ids, CancellationToken cancellationToken)
    {
        var summary = new DispatchSummary();
        foreach (var id in ids)
        {
            var message = await store.GetAsync(id, cancellationToken);
            if (message is not { Status: OutboxStatus.Pending })
            {
                continue;
            }

            if (message.Attempts > 0 || time.GetUtcNow() - message.CreatedAt >= _options.LeaseDuration / 2)
            {
                logger.LogInformation("Outbox message {MessageId} is left to the retry timer: its send lease is nearly over", id);
                continue;
            }

            summary.Add(await AttemptAsync(message, cancellationToken));
        }

        return summary;
    }

    /// <summary>Retries what is due: the timer's job. Each message is leased first so two instances never send it both.</summary>
    public async Task<DispatchSummary> RetryDueAsync(CancellationToken cancellationToken)
    {
        var summary = new DispatchSummary();
        var now = time.GetUtcNow();
        var due = await store.ListDueAsync(now, _options.BatchSize, cancellationToken);
        foreach (var message in due)
        {
            now = time.GetUtcNow();
            if (!await store.TryLeaseAsync(message.Id, now, now + _options.LeaseDuration, cancellationToken))
            {
                continue;
            }

            var current = await store.GetAsync(message.Id, cancellationToken);
            if (current is { Status: OutboxStatus.Pending })
            {
                summary.Add(await AttemptAsync(current, cancellationToken));
            }
        }

        return summary;
    }

    private async Task<SendResult> AttemptAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        SendResult result;
        try
        {
            result = message.Channel switch
            {
                Channel.Email => await email.SendAsync(
                    new EmailMessage(message.Recipient, message.RecipientName, message.Subject, message.TextBody, message.HtmlBody)
                    {
                        PriorAttempts = message.Attempts,
                        QueuedAt = message.CreatedAt,
                    },
                    message.Id,
                    cancellationToken),
                Channel.Teams when teams.Enabled => await teams.PostCardAsync(message.CardJson ?? "{}", cancellationToken),
                Channel.Teams => new SendResult.Permanent("Teams is not configured (Teams__WebhookUrl is empty)"),
                _ => new SendResult.Permanent($"Unknown channel {message.Channel}"),
            };
        }
        catch (Exception ex) when (ex is FormatException or System.Text.Json.JsonException or ArgumentException)
        {
            // The message itself is malformed (an address the mail library cannot parse, a card that is not JSON):
            // sending it again will not help, so give it up now, visibly, instead of retrying for hours.
            result = new SendResult.Permanent($"{ex.GetType().Name}: {ex.Message}");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            result = new SendResult.Transient($"{ex.GetType().Name}: {ex.Message}");
        }

        var now = time.GetUtcNow();
        var attempts = message.Attempts + 1;
        try
        {
            switch (result)
            {
                case SendResult.Delivered:
                    await MarkSentPersistentlyAsync(message.Id, now);
                    logger.LogInformation("Sent {Channel} message {MessageId} to {Recipient} (attempt {Attempt})", message.Channel, message.Id, message.Recipient, attempts);
                    break;
                case SendResult.Transient transient when attempts < _options.MaxAttempts:
                    var next = now + RetryDelay(attempts, transient.RetryAfter);
                    await store.MarkRetryAsync(message.Id, transient.Error, next, CancellationToken.None);
                    logger.LogWarning("Sending {MessageId} failed (attempt {Attempt}): {Error}; retrying at {NextAttempt}", message.Id, attempts, transient.Error, next);
                    break;
                case SendResult.Transient transient:
                    await store.MarkFailedAsync(message.Id, $"Gave up after {attempts} attempts: {transient.Error}", now, CancellationToken.None);
                    logger.LogError("Gave up sending {MessageId} to {Recipient} after {Attempts} attempts: {Error}", message.Id, message.Recipient, attempts, transient.Error);
                    break;
                case SendResult.Permanent permanent:
                    await store.MarkFailedAsync(message.Id, permanent.Error, now, CancellationToken.None);
                    logger.LogError("Sending {MessageId} to {Recipient} failed permanently: {Error}", message.Id, message.Recipient, permanent.Error);
                    break;
            }
        }
        catch (ConcurrencyException ex)
        {
            // Another instance settled the message meanwhile (its lease ran out while this send was slow); its record
            // stands, and the rest of this batch still goes out.
            logger.LogWarning("Outcome of {MessageId} ({Result}) not recorded: {Error}", message.Id, result.GetType().Name, ex.Message);
        }

        return result;
    }

    /// <summary>
    /// The message is out: failing to record that would leave it pending, and it would go out again once its lease
    /// ends. A storage blip gets a few quick retries before giving up to at-least-once.
    /// </summary>
    private async Task MarkSentPersistentlyAsync(string id, DateTimeOffset sentAt)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await store.MarkSentAsync(id, sentAt, CancellationToken.None);
                return;
            }
            catch (DependencyUnavailableException ex) when (attempt < 4)
            {
                logger.LogWarning("Recording {MessageId} as sent failed (attempt {Attempt}), retrying: {Error}", id, attempt, ex.Message);
                await Task.Delay(TimeSpan.FromMilliseconds(250 * attempt));
            }
        }
    }

    /// <summary>Exponential backoff from the base delay, capped, and never sooner than the provider asked.</summary>
    internal TimeSpan RetryDelay(int attempts, TimeSpan? retryAfter)
    {
        var exponent = Math.Min(attempts - 1, 20);
        var backoff = TimeSpan.FromTicks(Math.Min(_options.BaseDelay.Ticks * (1L << exponent), _options.MaxDelay.Ticks));
        return retryAfter is { } hint && hint > backoff ? hint : backoff;
    }
}

/// <summary>Counts of what a dispatch run did.</summary>
public sealed class DispatchSummary
{
    public int Delivered { get; private set; }

    public int Retrying { get; private set; }

    public int Failed { get; private set; }

    internal void Add(SendResult result)
    {
        switch (result)
        {
            case SendResult.Delivered:
                Delivered++;
                break;
            case SendResult.Transient:
                Retrying++;
                break;
            default:
                Failed++;
                break;
        }
    }
}
