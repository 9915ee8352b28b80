using System.Globalization;
using OnDuty.Core.Notifications;

namespace OnDuty.Infrastructure.Http;

/// <summary>
/// Keeps one channel's provider that hangs or keeps failing from holding every send (trial day 32a, M4: a hanging Teams webhook
/// took 30 s per card, one card at a time): after <see cref="Threshold"/> failures in a row (a timeout, no connection, a 5xx) sends
/// are skipped for <see cref="CoolDown"/>, each answered at once as a transient failure, so the outbox keeps the message pending
/// and retries it (an attempt, as the timeout it stands for would have been). After the cool-down the next send is tried: an
/// answer closes the circuit, a failure opens it for another cool-down. One per channel, for the app's life.
/// </summary>
public class CircuitBreaker(TimeProvider time)
{
    /// <summary>Failures in a row that open the circuit.</summary>
    public const int Threshold = 3;

    /// <summary>How long sends are skipped once the circuit is open.</summary>
    public static readonly TimeSpan CoolDown = TimeSpan.FromMinutes(1);

    private readonly object _gate = new();
    private int _failures;
    private DateTimeOffset _openUntil = DateTimeOffset.MinValue;
    private string? _lastError;

    /// <summary>Null when a send may go ahead; else the result to answer instead, naming the last failure and when sends resume.</summary>
    public SendResult.Transient? Refusal(string provider)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            return now >= _openUntil ? null : new SendResult.Transient(
                string.Create(CultureInfo.InvariantCulture, $"{provider} not tried: its last {_failures} sends failed (last: {_lastError}); trying again after {_openUntil:HH:mm:ss} UTC"),
                _openUntil - now);
        }
    }

    /// <summary>The provider answered (anything but a 5xx): the failures in a row start again from none.</summary>
    public void Answered()
    {
        lock (_gate)
        {
            _failures = 0;
            _openUntil = DateTimeOffset.MinValue;
        }
    }

    /// <summary>A timeout, no connection or a 5xx. True when this failure opened the circuit (for a log line).</summary>
    public bool Failed(string error)
    {
        lock (_gate)
        {
            _failures++;
            _lastError = error;
            if (_failures < Threshold)
            {
                return false;
            }

            _openUntil = time.GetUtcNow() + CoolDown;
            return true;
        }
    }
}

/// <summary>The Teams webhook's circuit (<see cref="Teams.TeamsWebhookChannel"/>).</summary>
public sealed class TeamsWebhookCircuit(TimeProvider time) : CircuitBreaker(time);
