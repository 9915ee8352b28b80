using OnDuty.Core.Health;

namespace OnDuty.Core.Notifications;

/// <summary>Messages given up are never silent: while any are listed as failed, health is degraded.</summary>
public sealed class OutboxFailuresCheck(IOutboxStore store) : IDegradationCheck
{
    private const int Counted = 100;

    public string Name => "outbox";

    public async Task<string?> CheckAsync(CancellationToken cancellationToken)
    {
        var failed = await store.ListAsync(OutboxStatus.Failed, Counted, cancellationToken);
        if (failed.Count == 0)
        {
            return null;
        }

        var count = failed.Count < Counted ? failed.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{Counted}+";
        return $"{count} message(s) given up, the latest to {failed[0].Recipient}; see GET /api/outbox?status=failed";
    }
}
