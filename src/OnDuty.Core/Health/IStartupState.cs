namespace OnDuty.Core.Health;

/// <summary>Probes a dependency; returns null when healthy, or what is wrong.</summary>
public interface IHealthProbe
{
    string Name { get; }

    Task<string?> CheckAsync(CancellationToken cancellationToken);
}
