using OnDuty.Core.Common;
using OnDuty.Core.Health;

namespace OnDuty.Core.Notifications;

/// <summary>
/// Messages given up are never silent: while any are listed as failed, health is degraded. One re-sent (<see cref="OutboxResender"/>)
/// counts until its re-send is delivered; a re-send given up in turn is counted for itself.
/// </summary>
public sealed class OutboxFailuresCheck(IOutboxStore store) : IDegradationCheck
{
    private const int Counted = 100;

    public string Name => "outbox";

    public async Task<string?> CheckAsync(CancellationToken cancellationToken)
    {
        var listed = await store.ListAsync(OutboxStatus.Failed, Counted, cancellationToken);
        var failed = new List<OutboxMessage>();
        foreach (var message in listed)
        {
            // A point read per re-sent one only: a re-send's row is purged only once sent.
            if (message.ResentAs is not { } resend || await store.GetAsync(resend, cancellationToken) is { Status: OutboxStatus.Pending })
            {
                failed.Add(message);
            }
        }

        if (failed.Count == 0)
        {
            return null;
        }

        // "100+" only when the list read was full: fewer listed means all were counted.
        var count = CountText.UpTo(listed.Count < Counted ? failed.Count : Counted, Counted, "message", "messages");
        return $"{count} given up, the latest to {failed[0].Recipient}; see GET /api/outbox?status=failed";
    }
}
