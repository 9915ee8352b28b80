namespace OnDuty.Functions.Health;

/// <summary>What start-up work is done; <c>/api/health</c> reports it.</summary>
public sealed class StartupState
{
    private volatile string? _pending = "table creation has not run yet";

    public bool Ready => _pending is null;

    public string? Pending => _pending;

    internal void Waiting(string what) => _pending = what;

    internal void Done() => _pending = null;
}
