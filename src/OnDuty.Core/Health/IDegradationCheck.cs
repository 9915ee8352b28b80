namespace OnDuty.Core.Health;

/// <summary>
/// Something wrong that does not stop the app from serving (it still answers 200) but needs a person's look,
/// e.g. messages given up. Returns null when fine, otherwise the reason, reported by <c>/api/health</c> as degraded.
/// </summary>
public interface IDegradationCheck
{
    string Name { get; }

    Task<string?> CheckAsync(CancellationToken cancellationToken);
}
