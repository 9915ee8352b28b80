using System.Globalization;
using OnDuty.Core.Alerts;
using OnDuty.Core.Common;
using OnDuty.Core.Health;

namespace OnDuty.Core.Incidents;

/// <summary>
/// Deliveries refused as too large to read (413, over <see cref="AlertParserOptions.MaxBodyBytes"/>): the sender does not retry
/// a 4xx, so each one is a notification lost. Counted here for an hour so <c>/api/health</c> shows <c>alert-intake</c> degraded
/// with the latest ("refused a delivery of N bytes from alertmanager at …"); the refusal itself also opens an incident that pages
/// (<see cref="RefusedDeliveries"/>). Per instance: the incident is what every instance shares.
/// </summary>
public sealed class AlertIntakeRefusals(TimeProvider time) : IDegradationCheck
{
    /// <summary>How long a refusal keeps the health degraded.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);

    private readonly Lock _gate = new();
    private readonly Queue<Refusal> _recent = new();

    public string Name => "alert-intake";

    /// <summary>A delivery from <paramref name="source"/> refused as too large: <paramref name="bytes"/> its size, or null when it did not say (chunked, over <paramref name="limit"/>).</summary>
    public void TooLarge(AlertSource source, long? bytes, int limit)
    {
        lock (_gate)
        {
            _recent.Enqueue(new Refusal(source, bytes, limit, time.GetUtcNow()));
            while (_recent.Count > 1000)
            {
                _recent.Dequeue();
            }
        }
    }

    public Task<string?> CheckAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            while (_recent.TryPeek(out var oldest) && now - oldest.At > Window)
            {
                _recent.Dequeue();
            }

            if (_recent.Count == 0)
            {
                return Task.FromResult<string?>(null);
            }

            var last = _recent.Last();
            var size = last.Bytes is { } b ? b.ToString(CultureInfo.InvariantCulture) : $"more than {last.Limit.ToString(CultureInfo.InvariantCulture)}";
            var more = _recent.Count > 1 ? $" ({_recent.Count} refused in the last hour)" : "";
            return Task.FromResult<string?>(
                $"refused a delivery of {size} bytes from {last.Source.ToRouteName()} at {last.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}Z{more}: "
                + $"over Alerts__MaxBodyBytes ({last.Limit.ToString(CultureInfo.InvariantCulture)}); the sender does not retry it, so its alerts are not in OnDuty (an incident was opened to say so)");
        }
    }

    /// <summary>How a refused size is said: "9.4 MB", or "over 8 MiB" (the limit, <see cref="ByteSize.Limit"/>) when the sender did not say its size.</summary>
    public static string Size(long? bytes, int limit) =>
        bytes is { } b ? $"{(b / 1_000_000.0).ToString("0.0", CultureInfo.InvariantCulture)} MB" : $"over {ByteSize.Limit(limit)}";

    private sealed record Refusal(AlertSource Source, long? Bytes, int Limit, DateTimeOffset At);
}
