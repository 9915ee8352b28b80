using OnDuty.Core.Health;

namespace OnDuty.Core.Incidents;

/// <summary>
/// Degraded while alert deliveries this instance accepted wait long to be applied (a storm larger than storage keeps up
/// with, or storage failing): their incidents open and page late, which a person should know.
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
            : $"{count} alert deliveries accepted and not applied yet, the oldest {age.TotalSeconds:F0} s ago: their incidents open and page late");
    }
}
