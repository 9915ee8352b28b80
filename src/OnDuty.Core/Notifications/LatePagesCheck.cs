using System.Globalization;
using OnDuty.Core.Common;
using OnDuty.Core.Health;

namespace OnDuty.Core.Notifications;

/// <summary>
/// Degraded while a page queued more than <see cref="Late"/> ago has still not been taken by a provider. Pages are retried for
/// up to <see cref="Common.OutboxOptions.PageGiveUpAfter"/> (six hours by default) before they are given up; without this check
/// a provider failing all that time would show nowhere but in the logs: the person on duty is not being reached, and someone should know.
/// </summary>
public sealed class LatePagesCheck(IOutboxStore store, TimeProvider time) : IDegradationCheck
{
    /// <summary>Queued this long ago and still not sent: a page normally goes out within a second or two.</summary>
    public static readonly TimeSpan Late = TimeSpan.FromMinutes(5);

    /// <summary>At most this many late pages are read (the answer says "100+").</summary>
    public const int Counted = 100;

    public string Name => "pages";

    public async Task<string?> CheckAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var late = await ListAsync(store, now, cancellationToken);
        if (late.Count == 0)
        {
            return null;
        }

        var oldest = late[0];
        var count = CountText.UpTo(late.Count, Counted, "page", "pages");
        var error = string.IsNullOrEmpty(oldest.LastError) ? "" : $", last error: {oldest.LastError}";
        // Named first: a setting to fix, not a recipient's address or a provider's outage; each channel's provider by its name (a
        // refused SMS number is not the email provider's), the oldest refusal of each.
        var refused = late.Where(p => SenderRefusal.IsIn(p.LastError)).GroupBy(p => p.Channel).Select(g => g.First()).ToList();
        if (refused.Count > 0)
        {
            var which = string.Join("; ", refused.Select(p => $"the {SenderRefusal.ProviderOf(p.Channel)} refuses the sender ({SenderRefusal.Answer(p.LastError!)})"));
            return $"configuration: {which}; "
                + $"{count} queued over {Late.TotalMinutes:0} min ago wait for it, retried until Outbox__PageGiveUpAfter; fix the setting it names; see GET /api/outbox?status=pending";
        }

        return $"{count} queued over {Late.TotalMinutes:0} min ago and not yet taken by a provider ({ByChannel(late)}); the oldest to {oldest.Recipient}, "
            + $"queued {(now - oldest.CreatedAt).TotalMinutes:0} min ago, {CountText.Of(oldest.Attempts, "attempt", "attempts")}{error}; see GET /api/outbox?status=pending";
    }

    /// <summary>
    /// The pages late at <paramref name="now"/>, oldest first, <see cref="Counted"/> at most: this check's query, which the status page
    /// and 「届かなかった連絡」 read too (<see cref="LatePagesReader"/>), so all three say the same pages.
    /// </summary>
    public static Task<IReadOnlyList<OutboxMessage>> ListAsync(IOutboxStore store, DateTimeOffset now, CancellationToken cancellationToken) =>
        store.ListLatePagesAsync(now - Late, Counted, cancellationToken);

    /// <summary>
    /// How many of them per channel, most first, email always named (<c>teams: 41, email: 0</c>): one channel falling behind (a
    /// hanging Teams webhook) reads apart from pages not reaching anyone.
    /// </summary>
    private static string ByChannel(IReadOnlyList<OutboxMessage> late)
    {
        var counts = late.GroupBy(m => m.Channel).ToDictionary(g => g.Key, g => g.Count());
        counts.TryAdd(Channel.Email, 0);
        return string.Join(", ", counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key)
            .Select(c => $"{c.Key.OutboxName()}: {c.Value.ToString(CultureInfo.InvariantCulture)}"));
    }
}
