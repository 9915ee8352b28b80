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

    /// <summary>
    /// What it found: a problem (<see cref="CheckAsync"/>), or something only worth knowing (<see cref="HealthFinding.Informative"/>:
    /// listed under <c>notes</c>, health stays as it is, so nothing alerts on it). Null: nothing to say.
    /// </summary>
    async Task<HealthFinding?> ExamineAsync(CancellationToken cancellationToken) =>
        await CheckAsync(cancellationToken) is { } problem ? new HealthFinding(problem, Informative: false) : null;
}

/// <summary>A probe's finding: <see cref="Informative"/> when nothing is wrong, only worth knowing.</summary>
public sealed record HealthFinding(string Message, bool Informative);
