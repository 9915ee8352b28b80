using Azure;
using Azure.Storage.Queues;
using Microsoft.Extensions.Logging;
using OnDuty.Core.Common;
using OnDuty.Core.Health;

namespace OnDuty.Infrastructure.Queues;

/// <summary>
/// <c>outbox-poison</c> in <c>/api/health</c>: the send queues' poison queues (<c>outbox-pages-poison</c>, <c>outbox-poison</c>),
/// where the Functions host puts a queue message whose send failed on every try (<c>maxDequeueCount</c>, 5). Nothing is lost by
/// them — the outbox row is the record and the sweeper (<c>RetryOutbox</c>) sends what is still due, then removes each poison
/// message whose sends are settled (<see cref="PoisonQueueSettler"/>) — so what a queue still holds is not settled yet: a send
/// still pending, or a message not read yet. Health says how many each holds (the queue's approximate count, which counts those
/// the sweep set out of sight too: this check reads and takes nothing) and what that means, and the log says so once when one
/// appears, not at every health check.
/// </summary>
public sealed class PoisonQueuesCheck : IDegradationCheck
{
    /// <summary>The poison queues of the send queues, as the host names them (<c>{queue}-poison</c>).</summary>
    public static IReadOnlyList<string> Queues { get; } = [OutboxQueueNames.Pages + "-poison", OutboxQueueNames.Normal + "-poison"];

    private readonly IReadOnlyList<QueueClient> _queues;
    private readonly ILogger<PoisonQueuesCheck> _logger;
    private readonly HashSet<string> _holding = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public PoisonQueuesCheck(QueueServiceClient service, ILogger<PoisonQueuesCheck> logger)
        : this(service, logger, Queues)
    {
    }

    /// <summary>For a test: other queues than the app's (a shared Azurite's are every test's).</summary>
    internal PoisonQueuesCheck(QueueServiceClient service, ILogger<PoisonQueuesCheck> logger, IReadOnlyList<string> queues)
    {
        _queues = [.. queues.Select(service.GetQueueClient)];
        _logger = logger;
    }

    public string Name => "outbox-poison";

    public async Task<string?> CheckAsync(CancellationToken cancellationToken)
    {
        var counts = await Task.WhenAll(_queues.Select(async q => (q.Name, Count: await CountAsync(q, cancellationToken))));
        foreach (var (queue, count) in counts)
        {
            Episode(queue, count);
        }

        var holding = counts.Where(c => c.Count > 0).ToList();
        return holding.Count == 0 ? null
            : string.Join(", ", holding.Select(c => $"{c.Name}: {CountText.Of(c.Count, "message", "messages")} not settled yet")) + " — " + Meaning;
    }

    /// <summary>What a count means and what to do, after the counts (README: "Poison queues").</summary>
    internal static readonly string Meaning =
        "sends that failed on every try of their queue message and were set aside by the Functions host. Nothing is lost: the outbox "
        + "row is the record and the outbox sweep (RetryOutbox) re-sends what is still due, then removes each poison message whose sends "
        + "were sent, given up or cancelled (given up: see outbox and GET /api/outbox?status=failed); one counted here names a send "
        + $"still pending (looked at again every {PoisonQueueSettler.LookAgainAfter.TotalMinutes:0} minutes) or was not read yet. If one stays, find why in the log (SendOutboxPage, "
        + "SendOutbox, RetryOutbox) (README: Poison queues)";

    /// <summary>The queue's approximate message count (its metadata: nothing is read or dequeued); 0 while it does not exist.</summary>
    private static async Task<int> CountAsync(QueueClient queue, CancellationToken cancellationToken)
    {
        try
        {
            return (await queue.GetPropertiesAsync(cancellationToken).ConfigureAwait(false)).Value.ApproximateMessagesCount;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return 0;
        }
    }

    /// <summary>A warning when a queue starts holding messages, a line when it is empty again: once per episode, not per check.</summary>
    private void Episode(string queue, int count)
    {
        bool started, ended;
        lock (_lock)
        {
            started = count > 0 && _holding.Add(queue);
            ended = count == 0 && _holding.Remove(queue);
        }

        if (started)
        {
            _logger.LogWarning(
                "Poison queue {Queue} holds {Count}: sends that failed on every try of their queue message. Nothing is lost (the outbox sweep re-sends what is still due, and removes each message once its sends are settled); if one stays, find why in the log (README: Poison queues)",
                queue, CountText.Of(count, "message", "messages"));
        }
        else if (ended)
        {
            _logger.LogInformation("Poison queue {Queue} is empty again", queue);
        }
    }
}
