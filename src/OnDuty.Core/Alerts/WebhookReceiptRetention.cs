namespace OnDuty.Core.Alerts;

/// <summary>
/// Deletes webhook receipts (<see cref="IWebhookReceipts"/>) once no replay of them can pass the signed-timestamp check any
/// more (the <c>PurgeExpiredData</c> timer). A replay carries the original's signed timestamp t and is let through only while
/// now is within <c>MaxSignatureAge</c> of t; the original was applied within that age of t as well, so no replay passes
/// later than twice the age after the receipt was recorded. The longest age a source may be given is used for every
/// source, so raising a source's <c>MaxSignatureAge</c> later never revives a replay whose receipt is gone.
/// </summary>
public sealed class WebhookReceiptRetention(IWebhookReceipts receipts, TimeProvider time)
{
    /// <summary>Clocks of senders and instances disagree a little; a receipt is kept this much longer.</summary>
    private static readonly TimeSpan ClockMargin = TimeSpan.FromMinutes(5);

    /// <summary>How long a receipt is kept after it was recorded.</summary>
    public static TimeSpan ReplayWindow { get; } = 2 * Incidents.AlertSourceOptions.LongestSignatureAge + ClockMargin;

    public async Task<int> PurgeAsync(CancellationToken cancellationToken)
    {
        var before = time.GetUtcNow() - ReplayWindow;
        var purged = 0;
        foreach (var source in AlertSources.Names)
        {
            purged += await receipts.PurgeAsync(source, before, cancellationToken);
        }

        return purged;
    }
}
