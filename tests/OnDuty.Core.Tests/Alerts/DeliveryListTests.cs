using OnDuty.Core.Alerts;

namespace OnDuty.Core.Tests.Alerts;

/// <summary>
/// Deliveries answered 503 while storage was down (trial 36 L7): stored nowhere, listed from this instance's memory, kept apart
/// so a sender retrying through an outage does not push the accepted deliveries out, and each says when its retry was accepted.
/// </summary>
public sealed class DeliveryListTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);

    private readonly DeliveryLog _log = new();

    [Fact]
    public async Task FailedDeliveries_ListedWithTheFirstLaterAcceptanceOfTheirGroup()
    {
        _log.Record(Delivery(T0, 503, "failed", "g1"));
        _log.Record(Delivery(T0.AddSeconds(10), 503, "failed", "g1"));
        _log.Record(Delivery(T0.AddSeconds(20), 503, "failed", "g2"));
        _log.Record(Delivery(T0.AddSeconds(30), 503, "failed", null));
        _log.Record(Delivery(T0.AddSeconds(40), 200, "test", "g2", test: true));
        _log.Record(Delivery(T0.AddSeconds(50), 202, "opened", "g1"));
        _log.Record(Delivery(T0.AddSeconds(60), 202, "folded", "g1"));

        var listed = await new DeliveryList(_log, new NoneKept()).ListAsync(AlertSources.Alertmanager, default);

        // The test delivery is no retry (nothing was stored); a failure whose body was not read far enough has no group to tell.
        var expected = new (DateTimeOffset, DateTimeOffset?)[]
        {
            (T0.AddSeconds(60), null), (T0.AddSeconds(50), null), (T0.AddSeconds(40), null), (T0.AddSeconds(30), null), (T0.AddSeconds(20), null),
            (T0.AddSeconds(10), T0.AddSeconds(50)), (T0, T0.AddSeconds(50)),
        };
        Assert.Equal(expected, listed.Select(l => (l.Record.At, l.RetryAcceptedAt)));
        Assert.All(listed, l => Assert.True(l.ThisInstanceOnly));
    }

    [Fact]
    public async Task AnOutageOfRetries_KeepsTheAcceptedDeliveries_AndTheLast200Failed()
    {
        for (var i = 0; i < DeliveryLog.KeptPerSource; i++)
        {
            _log.Record(Delivery(T0.AddSeconds(i), 202, "folded", "g"));
        }

        for (var i = 0; i < DeliveryLog.FailedKeptPerSource + 50; i++)
        {
            _log.Record(Delivery(T0.AddMinutes(1).AddSeconds(i), 503, "failed", "g"));
        }

        var listed = await new DeliveryList(_log, new NoneKept()).ListAsync(AlertSources.Alertmanager, default);

        Assert.Equal(DeliveryLog.KeptPerSource, listed.Count(l => l.Record.Status == 202));
        Assert.Equal(DeliveryLog.FailedKeptPerSource, listed.Count(l => l.Record.Status == 503));
        Assert.Equal(T0.AddMinutes(1).AddSeconds(50), listed.Where(l => l.Record.Status == 503).Min(l => l.Record.At));
    }

    private static DeliveryRecord Delivery(DateTimeOffset at, int status, string outcome, string? groupKey, bool test = false) => new()
    {
        At = at, Source = AlertSources.Alertmanager, Bytes = 100, Status = status, Outcome = outcome, GroupKey = groupKey, Test = test,
    };

    /// <summary>No refusal kept in storage.</summary>
    private sealed class NoneKept : IDeliveryRefusals
    {
        public Task RecordAsync(DeliveryRecord refusal, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<IReadOnlyList<DeliveryRecord>> ListAsync(string source, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<DeliveryRecord>>([]);
    }
}
