using System.Diagnostics.Metrics;

namespace OnDuty.Core.Notifications;

/// <summary>
/// What the outbox reports as metrics (meter <see cref="MeterName"/>; exported with the rest of the telemetry in Azure):
/// <list type="bullet">
/// <item><c>onduty.outbox.delivery.delay</c> (s): from a message being queued until its provider took it, retries included.
/// For pages (<c>onduty.outbox.priority=page</c>) it is how long the person on duty waited after OnDuty had decided to page.</item>
/// <item><c>onduty.outbox.failed</c>: messages given up (refused, retried out, or failed after the provider took them).</item>
/// <item><c>onduty.outbox.sending</c>: messages this instance is sending now, from before it leases them until their outcome is
/// recorded (untagged). One that stays up for minutes is a send hanging at its provider.</item>
/// </list>
/// Tagged with <c>onduty.outbox.channel</c> (<c>email</c>, <c>teams</c>) and <c>onduty.outbox.priority</c> (<c>page</c>,
/// <c>normal</c>); the delay also with <c>onduty.outbox.retried</c>. No tag holds an address or an id.
/// </summary>
public sealed class OutboxMetrics
{
    public const string MeterName = "OnDuty.Outbox";

    private readonly Histogram<double> _delay;
    private readonly Counter<long> _failed;

    private int _sending;

    /// <param name="meters">The host's meter factory; without one (a bare service collection) a meter of its own.</param>
    public OutboxMetrics(IMeterFactory? meters = null)
    {
        var meter = meters?.Create(MeterName) ?? new Meter(MeterName);
        _delay = meter.CreateHistogram<double>("onduty.outbox.delivery.delay", unit: "s",
            description: "Time from a message being queued until its provider took it, retries included.");
        _failed = meter.CreateCounter<long>("onduty.outbox.failed", unit: "{message}",
            description: "Messages given up: refused, retried out, or failed after the provider took them.");
        meter.CreateObservableUpDownCounter("onduty.outbox.sending", () => Sending, unit: "{message}",
            description: "Messages this instance is sending now, from leasing them until their outcome is recorded.");
    }

    /// <summary>Messages this instance is sending now (see <see cref="StartSending"/>).</summary>
    public int Sending => Volatile.Read(ref _sending);

    /// <summary>
    /// Counts <paramref name="messages"/> as being sent until the scope is disposed: taken before their lease's time is read, so a
    /// send counts from the moment its lease could be dated until its outcome is recorded (or it stops).
    /// </summary>
    public IDisposable StartSending(int messages = 1)
    {
        Interlocked.Add(ref _sending, messages);
        return new SendingScope(this, messages);
    }

    /// <summary>The meter the instruments belong to (tests listen to this one only).</summary>
    public Meter Meter => _delay.Meter;

    /// <summary>Whether anything (the telemetry exporter, in Azure) takes these measurements.</summary>
    public bool Listened => _delay.Enabled && _failed.Enabled;

    public void Delivered(OutboxMessage message, DateTimeOffset sentAt) =>
        _delay.Record(Math.Max(0, (sentAt - message.CreatedAt).TotalSeconds),
            new KeyValuePair<string, object?>("onduty.outbox.channel", Channel(message)),
            new KeyValuePair<string, object?>("onduty.outbox.priority", Priority(message)),
            new KeyValuePair<string, object?>("onduty.outbox.retried", message.Attempts > 0));

    public void Failed(OutboxMessage message) =>
        _failed.Add(1,
            new KeyValuePair<string, object?>("onduty.outbox.channel", Channel(message)),
            new KeyValuePair<string, object?>("onduty.outbox.priority", Priority(message)));

    private static string Channel(OutboxMessage message) => message.Channel.Name();

    private static string Priority(OutboxMessage message) => message.Priority == OutboxPriority.Page ? "page" : "normal";

    /// <summary>Ends the count of <see cref="StartSending"/>, once.</summary>
    private sealed class SendingScope(OutboxMetrics metrics, int messages) : IDisposable
    {
        private int _ended;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _ended, 1) == 0)
            {
                Interlocked.Add(ref metrics._sending, -messages);
            }
        }
    }
}
