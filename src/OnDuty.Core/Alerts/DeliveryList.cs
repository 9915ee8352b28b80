namespace OnDuty.Core.Alerts;

/// <summary>One delivery as listed: <see cref="ThisInstanceOnly"/> when it is known from this instance's memory alone.</summary>
/// <param name="RetryAcceptedAt">
/// For a delivery answered 5xx (storage down: not stored, the sender retries): when a later delivery of the same group was
/// accepted on this instance — its retry, most likely; null when none was seen here (yet, or it went to another instance).
/// </param>
public sealed record ListedDelivery(DeliveryRecord Record, bool ThisInstanceOnly, DateTimeOffset? RetryAcceptedAt = null);

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
        var recent = log.Recent(source);
        return [.. recent.Where(r => !(r.Refused && keys.Contains(Key(r)))).Select(r => new ListedDelivery(r, true, RetryAccepted(r, recent)))
            .Concat(kept.Select(r => new ListedDelivery(r, false)))
            .OrderByDescending(x => x.Record.At)];
    }

    /// <summary>
    /// The first delivery of <paramref name="failed"/>'s group accepted after it (a 2xx, not a test; at the same instant too: a
    /// retry within the clock's resolution), for a 5xx; else null.
    /// </summary>
    private static DateTimeOffset? RetryAccepted(DeliveryRecord failed, IReadOnlyList<DeliveryRecord> recent) =>
        failed is { Status: >= 500, GroupKey: { } group }
            ? recent.Where(r => r.At >= failed.At && r.Status is >= 200 and < 300 && !r.Test && r.GroupKey == group).Select(r => (DateTimeOffset?)r.At).Min()
            : null;

    private static (long, int, long) Key(DeliveryRecord r) => (r.At.UtcTicks, r.Status, r.Bytes);
}
