namespace OnDuty.Core.Health;

/// <summary>Probes a dependency; returns null when healthy, or what is wrong.</summary>
public interface IHealthProbe
{
    string Name { get; }

    Task<string?> CheckAsync(CancellationToken cancellationToken);

    /// <summary>True: a problem makes the app unready (503). False: it still works, degraded (200, the reason reported).</summary>
    bool Critical => true;

    /// <summary>False: what it checks is not in use here (a feature not configured), and health does not list it.</summary>
    bool Applies => true;
}
