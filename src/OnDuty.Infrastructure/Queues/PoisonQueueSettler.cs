using System.Text;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnDuty.Core.Notifications;

namespace OnDuty.Infrastructure.Queues;

/// <summary>What one read of the poison queues did (<see cref="PoisonQueueSettler.SettleAsync"/>).</summary>
/// <param name="Settled">Removed: every send they name was sent, given up or cancelled.</param>
/// <param name="Pending">Left, out of sight for <see cref="PoisonQueueSettler.LookAgainAfter"/>: a send they name is still pending.</param>
/// <param name="Unreadable">Removed with a warning keeping the body: not outbox ids, or ids of no outbox row.</param>
public sealed record PoisonSettlement(int Settled, int Pending, int Unreadable);

/// <summary>
/// Reads the send queues' poison queues (<see cref="PoisonQueuesCheck.Queues"/>) at each outbox sweep (<c>RetryOutbox</c>), so one
/// message there does not keep <c>/api/health</c> degraded (<c>outbox-poison</c>) once its send is settled. A poison message names
/// outbox ids (<see cref="OutboxSignal"/>); the outbox row of each says what became of it: every one sent, given up or cancelled →
/// the message is removed (one information line); one still pending → it stays (the sweep re-sends the row), out of sight for
/// <see cref="LookAgainAfter"/> so each sweep does not read it again; a body that names no outbox row (not base64, not ids, ids no
/// row has) → removed with a warning that keeps its body in the log, since nothing else can be done with it. Two instances read
/// side by side: a message one receives is out of sight for the other, and one the other removed first is not an error (404).
/// </summary>
public sealed class PoisonQueueSettler
{
    /// <summary>How long a poison message naming a send still pending stays out of sight: the sweep re-sends that row meanwhile.</summary>
    public static readonly TimeSpan LookAgainAfter = TimeSpan.FromMinutes(10);

    /// <summary>Messages received per call (Azure's most).</summary>
    private const int Batch = 32;

    /// <summary>Messages read per queue and sweep at most: a flood is worked through over several sweeps.</summary>
    private const int MaxPerSweep = 8 * Batch;

    private readonly IReadOnlyList<QueueClient> _queues;
    private readonly IOutboxStore _store;
    private readonly ILogger<PoisonQueueSettler> _logger;
    private readonly TimeSpan _lookAgainAfter;

    /// <summary>
    /// The app's poison queues, read as stored (no decoding by the client): a body that is not base64 is still received, said and
    /// removed instead of failing every sweep.
    /// </summary>
    public PoisonQueueSettler(IOptions<QueueStorageOptions> options, IOutboxStore store, ILogger<PoisonQueueSettler> logger)
        : this(QueuesServiceCollectionExtensions.CreateServiceClient(options.Value, QueueMessageEncoding.None), store, logger, PoisonQueuesCheck.Queues)
    {
    }

    /// <summary>
    /// For a test: other queues than the app's (a shared Azurite's are every test's), and a shorter look-again time;
    /// <paramref name="service"/> reads bodies as stored.
    /// </summary>
    internal PoisonQueueSettler(QueueServiceClient service, IOutboxStore store, ILogger<PoisonQueueSettler> logger, IReadOnlyList<string> queues, TimeSpan? lookAgainAfter = null)
    {
        _lookAgainAfter = lookAgainAfter ?? LookAgainAfter;
        _queues = [.. queues.Select(service.GetQueueClient)];
        _store = store;
        _logger = logger;
    }

    public async Task<PoisonSettlement> SettleAsync(CancellationToken cancellationToken)
    {
        var done = await Task.WhenAll(_queues.Select(q => SettleQueueAsync(q, cancellationToken))).ConfigureAwait(false);
        return new PoisonSettlement(done.Sum(d => d.Settled), done.Sum(d => d.Pending), done.Sum(d => d.Unreadable));
    }

    private async Task<PoisonSettlement> SettleQueueAsync(QueueClient queue, CancellationToken cancellationToken)
    {
        var (settled, pending, unreadable) = (0, 0, 0);
        try
        {
            for (var read = 0; read < MaxPerSweep;)
            {
                QueueMessage[] messages;
                try
                {
                    messages = (await queue.ReceiveMessagesAsync(Batch, _lookAgainAfter, cancellationToken).ConfigureAwait(false)).Value;
                }
                catch (RequestFailedException ex) when (ex.Status == 404)
                {
                    break; // no poison queue yet: the host makes it with its first message
                }

                if (messages.Length == 0)
                {
                    break;
                }

                read += messages.Length;
                foreach (var message in messages)
                {
                    switch (await SettleAsync(queue, message, cancellationToken).ConfigureAwait(false))
                    {
                        case Outcome.Settled: settled++; break;
                        case Outcome.Pending: pending++; break;
                        case Outcome.Unreadable: unreadable++; break;
                    }
                }
            }
        }
        catch (RequestFailedException ex)
        {
            _logger.LogWarning(ex, "Poison queue {Queue} not read to the end this sweep ({Status} {Code}); the next sweep reads it again", queue.Name, ex.Status, ex.ErrorCode);
        }

        return new PoisonSettlement(settled, pending, unreadable);
    }

    private enum Outcome
    {
        Settled,
        Pending,
        Unreadable,
        TakenByAnother,
    }

    private async Task<Outcome> SettleAsync(QueueClient queue, QueueMessage message, CancellationToken cancellationToken)
    {
        var (text, ids) = Read(message.Body);
        if (ids.Count == 0)
        {
            return await UnreadableAsync(queue, message, text, text is null ? "not base64 UTF-8 text" : "names no outbox id", cancellationToken).ConfigureAwait(false);
        }

        var rows = await Task.WhenAll(ids.Select(id => _store.GetAsync(id, cancellationToken))).ConfigureAwait(false);
        if (rows.Any(r => r?.Status == OutboxStatus.Pending))
        {
            return Outcome.Pending; // out of sight until LookAgainAfter (the receive's visibility): the sweep re-sends the row
        }

        if (rows.All(r => r is null))
        {
            return await UnreadableAsync(queue, message, text, "names no outbox row (purged after being sent, or never this app's)", cancellationToken).ConfigureAwait(false);
        }

        if (!await DeleteAsync(queue, message, cancellationToken).ConfigureAwait(false))
        {
            return Outcome.TakenByAnother;
        }

        _logger.LogInformation("Poison message {MessageId} on {Queue} settled: {Outcome} ({Ids}); removed", message.MessageId, queue.Name, Said(rows), string.Join(", ", ids));
        return Outcome.Settled;
    }

    /// <summary>Nothing else can be done with a body that names no outbox row: removed, its body kept in the log.</summary>
    private async Task<Outcome> UnreadableAsync(QueueClient queue, QueueMessage message, string? text, string why, CancellationToken cancellationToken)
    {
        if (!await DeleteAsync(queue, message, cancellationToken).ConfigureAwait(false))
        {
            return Outcome.TakenByAnother;
        }

        _logger.LogWarning(
            "Poison message {MessageId} on {Queue} {Why}; removed, as nothing else can be done with it. Its body, as stored: {Body}",
            message.MessageId, queue.Name, why, text ?? message.Body.ToString());
        return Outcome.Unreadable;
    }

    /// <summary>False when the other instance removed it first (or received it again since): its log says it.</summary>
    private static async Task<bool> DeleteAsync(QueueClient queue, QueueMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return false;
        }
    }

    /// <summary>The body as the send queues write it (base64 of UTF-8 ids, one a line); no text when it is not that.</summary>
    private static (string? Text, IReadOnlyList<string> Ids) Read(BinaryData body)
    {
        var stored = body.ToString();
        var bytes = new byte[stored.Length];
        if (!Convert.TryFromBase64String(stored, bytes, out var length))
        {
            return (null, []);
        }

        try
        {
            var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, 0, length);
            return (text, OutboxSignal.Parse(text));
        }
        catch (DecoderFallbackException)
        {
            return (null, []);
        }
    }

    /// <summary>What became of the sends: "sent on a later try", or each kind with how many when they differ.</summary>
    private static string Said(IReadOnlyList<OutboxMessage?> rows)
    {
        var kinds = rows.GroupBy(r => r?.Status switch
            {
                OutboxStatus.Sent => "sent on a later try",
                OutboxStatus.Failed => "given up (GET /api/outbox?status=failed)",
                OutboxStatus.Cancelled => "cancelled",
                _ => "no longer kept (purged after being sent)",
            })
            .Select(g => (Said: g.Key, Count: g.Count()))
            .ToList();
        return kinds.Count == 1 ? kinds[0].Said : string.Join(", ", kinds.Select(k => $"{k.Said}: {k.Count}"));
    }
}
