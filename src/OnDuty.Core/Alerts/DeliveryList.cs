namespace OnDuty.Core.Alerts;

/// <summary>One delivery as listed: <see cref="ThisInstanceOnly"/> when it is known from this instance's memory alone.</summary>
public sealed record ListedDelivery(DeliveryRecord Record, bool ThisInstanceOnly);

/// <summary>
/// A source's last deliveries, newest first: this instance's (<see cref="DeliveryLog"/>, in memory) merged with the refusals kept
/// in storage (<see cref="IDeliveryRefusals"/>, every instance's). What the JSON list, the page and the health entry read.
/// </summary>
public sealed class DeliveryList(DeliveryLog log, IDeliveryRefusals refusals)
{
    /// <summary>Newest first; a refusal this instance has in memory and storage is listed once (as kept).</summary>
    public async Task<IReadOnlyList<ListedDelivery>> ListAsync(string source, CancellationToken cancellationToken)
    {
        var kept = await refusals.ListAsync(source, cancellationToken);
        var keys = kept.Select(Key).ToHashSet();
        return [.. log.Recent(source).Where(r => !(r.Refused && keys.Contains(Key(r)))).Select(r => new ListedDelivery(r, true))
            .Concat(kept.Select(r => new ListedDelivery(r, false)))
            .OrderByDescending(x => x.Record.At)];
    }

    private static (long, int, long) Key(DeliveryRecord r) => (r.At.UtcTicks, r.Status, r.Bytes);
}
