using System.ComponentModel.DataAnnotations;

namespace OnDuty.Core.Health;

/// <summary>
/// OnDuty's own heartbeat, sent out (<c>Watch__PingUrl</c>): after each <c>EscalateIncidents</c> run that finished, a POST to a
/// dead man's switch outside this deployment (healthchecks.io, Cronitor, another OnDuty's <c>/api/heartbeats/{name}/ping</c>).
/// When OnDuty's timers stop (the host stopped, the timer broken, storage failing every run) the pings stop and that service
/// pages someone: the silence neither <c>/api/health</c> nor an availability test sees on a quiet day.
/// </summary>
public interface IWatchPing
{
    /// <summary>Sends the ping; never throws (a failed ping is logged, and the watcher's silence is the alarm).</summary>
    Task PingAsync(CancellationToken cancellationToken);
}

/// <summary>No <c>Watch__PingUrl</c>: nothing is sent.</summary>
public sealed class NoWatchPing : IWatchPing
{
    public Task PingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Settings of the outbound ping (section <c>Watch</c>).</summary>
public sealed class WatchOptions : IValidatableObject
{
    public const string SectionName = "Watch";

    /// <summary>Where the ping goes: an https URL (http only to a loopback address, for tests and a local watcher). A secret when it holds a key.</summary>
    public string? PingUrl { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(PingUrl))
        {
            yield break;
        }

        if (!Uri.TryCreate(PingUrl.Trim(), UriKind.Absolute, out var url)
            || !(url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && Common.LoopbackUri.Is(url))))
        {
            yield return new ValidationResult("Watch__PingUrl must be an absolute https URL (http only to a loopback address), e.g. https://hc-ping.com/<uuid>.", [nameof(PingUrl)]);
        }
    }
}
