using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Notifications;
using OnDuty.Infrastructure.Tests.Fakes;
using OnDuty.Testing;

namespace OnDuty.Infrastructure.Tests.Incidents;

/// <summary>
/// Trial 30 M4: the app is killed after answering an alert 202 and before its page's queue message was written. The next process
/// (same tables on Azurite) sends that page at its first sweep — at start-up — instead of a minute or two later when the page
/// has been due for <c>Outbox__SweepAfter</c>. Pages queued by the new process itself still wait for their queue message.
/// </summary>
public sealed class StartupSweepTests : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 15, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(T0);
    private readonly RecordingEmailSender _email = new();

    /// <summary>Each provider one app process on the same tables; its queue loses every signal (as a killed process's unwritten queue messages).</summary>
    private readonly AzuriteApp _app;

    public StartupSweepTests(AzuriteFixture azurite)
    {
        _app = new AzuriteApp(azurite, "startsweep")
            .WithEscalation("pm@onduty.example", "leads@onduty.example")
            .With("Team:PublicBaseUrl", "https://onduty.example")
            .WithTime(_time)
            .WithEmail(_email);
    }

    [Fact]
    public async Task PagePendingFromBeforeARestart_IsSentAtTheFirstSweepAfterStart_WithoutWaitingSweepAfter()
    {
        string id;
        await using (var crashed = await _app.BuildAsync())
        {
            // Nobody on duty (no rotation): the first page is the leads' step. Its queue message dies with this process.
            id = (await crashed.GetRequiredService<AlertIntake>().IntakeAsync(Notification("g1"), default)).IncidentId!;
            Assert.Equal(OutboxStatus.Pending, (await crashed.GetRequiredService<IOutboxStore>().GetAsync($"incident:{id}:escalation:2:email:leads@onduty.example", default))!.Status);
        }

        _time.Advance(TimeSpan.FromSeconds(10)); // restarted; Outbox__SweepAfter (1 min) has not passed
        await using var restarted = await _app.BuildAsync();
        var dispatcher = restarted.GetRequiredService<OutboxDispatcher>();
        var summary = await dispatcher.RetryDueAsync(default);

        Assert.Equal(1, summary.Delivered);
        Assert.Equal([$"incident:{id}:escalation:2:email:leads@onduty.example"], _email.Sent.Select(s => s.Id));
        Assert.Equal(OutboxStatus.Sent, (await restarted.GetRequiredService<IOutboxStore>().GetAsync($"incident:{id}:escalation:2:email:leads@onduty.example", default))!.Status);

        // A page the new process queued itself is on its way through the queue: the sweeper leaves it for SweepAfter, as before.
        _time.Advance(TimeSpan.FromSeconds(5));
        var second = (await restarted.GetRequiredService<AlertIntake>().IntakeAsync(Notification("g2"), default)).IncidentId!;
        await dispatcher.RetryDueAsync(default);
        Assert.DoesNotContain(_email.Sent, s => s.Id.StartsWith($"incident:{second}:", StringComparison.Ordinal));
        _time.Advance(TimeSpan.FromMinutes(1));
        await dispatcher.RetryDueAsync(default);
        Assert.Contains(_email.Sent, s => s.Id == $"incident:{second}:escalation:2:email:leads@onduty.example");
    }

    private static AlertNotification Notification(string group) => new()
    {
        Source = AlertSource.Alertmanager,
        GroupKey = group,
        Status = AlertStatus.Firing,
        Title = "Checkout errors",
        Severity = AlertSeverity.Sev1,
        Alerts = [new AlertInstance { DedupKey = $"{group}-5xx", Status = AlertStatus.Firing, Severity = AlertSeverity.Sev1, Summary = "Checkout 5xx above 5%" }],
    };
}
