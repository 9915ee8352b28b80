using Microsoft.Extensions.Time.Testing;
using OnDuty.Core.Alerts;
using OnDuty.Core.Health;

namespace OnDuty.Core.Tests.Health;

public sealed class DeliveriesProbeTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);

    private readonly DeliveryLog _log = new();
    private readonly KeptRefusals _kept = new();

    private IHealthProbe CreateSut() => new DeliveriesProbe(new DeliveryList(_log, _kept), new FakeTimeProvider(Now));

    private static DeliveryRecord Delivery(string source, DateTimeOffset at, int status, string? title = null) => new()
    {
        At = at, Source = source, Bytes = 100, Status = status, Outcome = status >= 400 ? "refused" : "opened", Title = title,
    };

    [Fact]
    public async Task ExamineAsync_NothingRefusedInTheLastHour_NothingToSay()
    {
        _log.Record(Delivery(AlertSources.Grafana, Now.AddMinutes(-1), 202));
        _kept.Add(Delivery(AlertSources.Grafana, Now.AddMinutes(-61), 401, "Not authenticated"));

        Assert.Null(await CreateSut().ExamineAsync(default));
    }

    [Fact]
    public async Task ExamineAsync_RefusalsKeptByAnyInstance_InformativeNotePerSourceWithCountLastRefusalAndLastAccepted()
    {
        _log.Record(Delivery(AlertSources.Grafana, Now.AddMinutes(-30), 202));
        _kept.Add(Delivery(AlertSources.Grafana, Now.AddMinutes(-10), 401, "Not authenticated"));
        _kept.Add(Delivery(AlertSources.Grafana, Now.AddMinutes(-50), 400, "Invalid alert payload"));
        _kept.Add(Delivery(AlertSources.Generic, Now.AddMinutes(-2), 400, "Invalid alert payload"));

        var finding = await CreateSut().ExamineAsync(default);

        Assert.NotNull(finding);
        Assert.True(finding.Informative);
        Assert.Equal(
            "grafana: 2 refused in the last hour, the last 2026-12-03 09:50:00Z (401 Not authenticated); last accepted 2026-12-03 09:30:00Z (this instance); "
            + "generic: 1 refused in the last hour, the last 2026-12-03 09:58:00Z (400 Invalid alert payload); none accepted by this instance since it started"
            + " — see /api/alerts/deliveries/page",
            finding.Message);
        Assert.False(CreateSut().Critical);
        Assert.Null(await CreateSut().CheckAsync(default));
    }

    /// <summary>Trial 63: a tool's Test button passing after a refusal is named, not read as "still nothing gets through".</summary>
    [Fact]
    public async Task ExamineAsync_OnlyATestPassedSinceTheRefusal_NoteSaysTheTestPassed()
    {
        _log.Record(Delivery(AlertSources.Grafana, Now.AddMinutes(-3), 200) with { Outcome = "test", Test = true, ToolTest = "TestAlert" });
        _kept.Add(Delivery(AlertSources.Grafana, Now.AddMinutes(-10), 401, "Not authenticated"));

        var finding = await CreateSut().ExamineAsync(default);

        Assert.NotNull(finding);
        Assert.Equal(
            "grafana: 1 refused in the last hour, the last 2026-12-03 09:50:00Z (401 Not authenticated); none accepted by this instance since it started"
            + " (a test passed 2026-12-03 09:57:00Z) — see /api/alerts/deliveries/page",
            finding.Message);
    }

    /// <summary>The refusals in storage, as <see cref="IDeliveryRefusals"/> answers them (newest first).</summary>
    private sealed class KeptRefusals : IDeliveryRefusals
    {
        private readonly List<DeliveryRecord> _items = [];

        public void Add(DeliveryRecord refusal) => _items.Add(refusal);

        public Task RecordAsync(DeliveryRecord refusal, CancellationToken cancellationToken)
        {
            _items.Add(refusal);
            return Task.CompletedTask;
        }

        public Task<IReadOnlyList<DeliveryRecord>> ListAsync(string source, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<DeliveryRecord>>([.. _items.Where(r => r.Source == source).OrderByDescending(r => r.At)]);
    }
}
