using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using OnDuty.Core.Common;
using OnDuty.Core.Notifications;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Notifications;

/// <summary>
/// What the outbox reports as metrics: each delivery's delay from queuing to the provider taking it (retries included), each
/// give-up, with channel and priority and never an address. Listens to this test's own meter only, so tests running
/// side by side do not mix their measurements.
/// </summary>
public sealed class OutboxMetricsTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 1, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(T0);
    private readonly InMemoryOutbox _store = new();
    private readonly InMemoryOutboxQueue _queue;
    private readonly RecordingEmailSender _email = new();
    private readonly RecordingTeamsChannel _teams = new();
    private readonly OutboxMetrics _metrics = new();
    private readonly MeterListener _listener = new();
    private readonly List<(string Instrument, double Value, Dictionary<string, object?> Tags)> _measured = [];

    public OutboxMetricsTests()
    {
        _queue = new InMemoryOutboxQueue(_time);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, _metrics.Meter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    public void Dispose() => _listener.Dispose();

    [Fact]
    public async Task Delivered_PageRetriedOnce_DelayFromQueuingUntilTheProviderTookIt()
    {
        var sut = CreateSut();
        _email.Script(new SendResult.Transient("503 Service Unavailable"));
        await sut.EnqueueAsync([Email("page-1", OutboxPriority.Page)], default);
        await DrainAsync(sut);
        Assert.Empty(_measured);

        _time.Advance(TimeSpan.FromSeconds(90));
        await DrainAsync(sut);

        var (instrument, value, tags) = Assert.Single(_measured);
        Assert.Equal("onduty.outbox.delivery.delay", instrument);
        Assert.Equal(90, value, precision: 3);
        Assert.Equal("email", tags["onduty.outbox.channel"]);
        Assert.Equal("page", tags["onduty.outbox.priority"]);
        Assert.Equal(true, tags["onduty.outbox.retried"]);
        Assert.DoesNotContain(tags.Values, v => v is string s && s.Contains('@', StringComparison.Ordinal));
    }

    [Fact]
    public async Task Delivered_GroupOfAQueueMessage_OneMeasurementEachAtOnceNotRetried()
    {
        var sut = CreateSut();
        await sut.EnqueueAsync([Email("a", OutboxPriority.Page), Email("b", OutboxPriority.Page) with { Recipient = "b@example.com" },
            new OutboxMessage { Id = "card", Channel = Channel.Teams, Recipient = "teams", CardJson = "{\"type\":\"AdaptiveCard\"}", Priority = OutboxPriority.Page }], default);
        _time.Advance(TimeSpan.FromSeconds(2));
        await sut.SendQueuedAsync(OutboxSignal.Format(Assert.Single(_queue.QueueMessages)), default);

        Assert.Equal(3, _measured.Count);
        Assert.All(_measured, m => Assert.Equal(2, m.Value, precision: 3));
        Assert.All(_measured, m => Assert.Equal(false, m.Tags["onduty.outbox.retried"]));
        Assert.Equal(["email", "email", "teams"], _measured.Select(m => (string)m.Tags["onduty.outbox.channel"]!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Failed_RefusedForGood_CountedOnceWithItsChannelAndPriority()
    {
        var sut = CreateSut();
        _email.Script(new SendResult.Permanent("550 mailbox unavailable"));
        await sut.EnqueueAsync([Email("weekly", OutboxPriority.Normal)], default);
        await DrainAsync(sut);

        var (instrument, value, tags) = Assert.Single(_measured);
        Assert.Equal("onduty.outbox.failed", instrument);
        Assert.Equal(1, value);
        Assert.Equal("email", tags["onduty.outbox.channel"]);
        Assert.Equal("normal", tags["onduty.outbox.priority"]);
    }

    [Fact]
    public async Task Sending_QueueMessageAndSingleSendInFlight_CountedUntilTheirOutcomesAreRecorded()
    {
        var stalled = new StalledEmailSender();
        var sut = CreateSut(stalled);
        var sending = new List<int>();
        _listener.SetMeasurementEventCallback<int>((instrument, value, _, _) =>
        {
            if (instrument.Name == "onduty.outbox.sending")
            {
                sending.Add(value);
            }
        });
        await sut.EnqueueAsync([Email("a", OutboxPriority.Page), Email("b", OutboxPriority.Page) with { Recipient = "b@example.com" }], default);
        await sut.EnqueueAsync([Email("weekly", OutboxPriority.Normal)], default);
        Assert.Equal(0, _metrics.Sending);

        var group = sut.SendQueuedAsync(OutboxSignal.Format(_queue.QueueMessages.First()), default);
        var single = sut.SendAsync("weekly", default);
        await Eventually(() => stalled.Started.Task.IsCompleted && _metrics.Sending == 3);
        _listener.RecordObservableInstruments();
        Assert.Equal([3], sending);

        stalled.Release.SetResult();
        await group;
        Assert.Equal(OutboxAttemptOutcome.Delivered, await single);
        Assert.Equal(0, _metrics.Sending);
        Assert.Equal(["a", "b", "weekly"], stalled.Delivered.Order(StringComparer.Ordinal));
        foreach (var id in new[] { "a", "b", "weekly" })
        {
            Assert.Equal(OutboxStatus.Sent, (await _store.GetAsync(id, default))!.Status);
        }
    }

    [Fact]
    public async Task Sending_SweptMessageInFlight_CountedUntilItsOutcomeIsRecorded()
    {
        var stalled = new StalledEmailSender();
        var sut = CreateSut(stalled);
        await sut.EnqueueAsync([Email("lost-signal", OutboxPriority.Normal)], default);
        _time.Advance(new OutboxOptions().SweepAfter + TimeSpan.FromSeconds(1));

        var sweep = sut.RetryDueAsync(default);
        await stalled.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1, _metrics.Sending);

        stalled.Release.SetResult();
        await sweep;
        Assert.Equal(0, _metrics.Sending);
        Assert.Equal(OutboxStatus.Sent, (await _store.GetAsync("lost-signal", default))!.Status);
    }

    [Fact]
    public async Task Sending_QueueMessageNamingAnIdTwice_CountsEachMessageOnce()
    {
        var stalled = new StalledEmailSender();
        var sut = CreateSut(stalled);
        await sut.EnqueueAsync([Email("a", OutboxPriority.Page), Email("b", OutboxPriority.Page) with { Recipient = "b@example.com" }], default);

        // A queue message that names "a" twice (a signal re-sent into the same message) sends two messages, not three.
        var group = sut.SendQueuedAsync(OutboxSignal.Format(["a", "b", "a"]), default);
        await stalled.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(2, _metrics.Sending);

        stalled.Release.SetResult();
        await group;
        Assert.Equal(0, _metrics.Sending);
        Assert.Equal(["a", "b"], stalled.Delivered.Order(StringComparer.Ordinal));
    }

    private static async Task Eventually(Func<bool> condition)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, "not within 10 s");
            await Task.Delay(10);
        }
    }

    private OutboxDispatcher CreateSut(IEmailSender? email = null) => new(
        _store, _queue, [], email ?? _email, _teams, _time,
        Microsoft.Extensions.Options.Options.Create(new OutboxOptions { BaseDelay = TimeSpan.FromSeconds(30), MaxDelay = TimeSpan.FromMinutes(10) }),
        NullLogger<OutboxDispatcher>.Instance, _metrics);

    private static OutboxMessage Email(string id, OutboxPriority priority) =>
        new() { Id = id, Channel = Channel.Email, Recipient = "a@example.com", Subject = "s", TextBody = "t", Priority = priority };

    private Task DrainAsync(OutboxDispatcher sut) => _queue.DrainAsync(id => sut.SendAsync(id, default));

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value;
        }

        lock (_measured)
        {
            _measured.Add((instrument.Name, value, copy));
        }
    }
}
