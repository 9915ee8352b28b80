namespace OnDuty.Core.Health;

/// <summary>
/// Brings some of <see cref="DependencyWarnings"/> up to date before <c>/api/health</c> lists them, from what health reads anyway
/// (no storage read of its own): a problem is then said from the start, not only once the work it spoils first fails.
/// </summary>
public interface IWarningRefresh
{
    Task RefreshAsync(CancellationToken cancellationToken);
}
