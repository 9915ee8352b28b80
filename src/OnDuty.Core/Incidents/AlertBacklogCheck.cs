using OnDuty.Core.Health;

namespace OnDuty.Core.Incidents;

/// <summary>
/// Degraded while repeats this instance accepted through its inbox wait long to be applied to their incidents (storage
/// failing, or a storm larger than it keeps up with): the incidents' timelines and severity lag, which a person should know.
/// </summary>
public sealed class AlertBacklogCheck(AlertIntake intake, TimeProvider time) : IDegradationCheck
{
    /// <summary>Accepted this long ago and still not applied: late enough to say so.</summary>
    public static readonly TimeSpan Late = TimeSpan.FromSeconds(30);

    public string Name => "alert-intake";

    public Task<string?> CheckAsync(CancellationToken cancellationToken)
    {
        var (count, oldest) = intake.Backlog;
        var age = oldest is { } at ? time.GetUtcNow() - at : TimeSpan.Zero;
        return Task.FromResult(age < Late
            ? null
            : $"{count} alert deliveries accepted and not applied to their incidents yet, the oldest {age.TotalSeconds:F0} s ago");
    }
}
