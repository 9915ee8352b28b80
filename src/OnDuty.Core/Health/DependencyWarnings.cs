using System.Collections.Concurrent;

namespace OnDuty.Core.Health;

/// <summary>
/// Problems that do not stop the app but must be seen (a group expanding to fewer people than it has): kept per source
/// until the next success clears them, and shown by <c>/api/health</c> as "degraded".
/// </summary>
public sealed class DependencyWarnings
{
    private readonly ConcurrentDictionary<string, string> _warnings = new(StringComparer.OrdinalIgnoreCase);

    public void Report(string source, string problem) => _warnings[source] = problem;

    public void Clear(string source) => _warnings.TryRemove(source, out _);

    /// <summary>The current warnings by source, sorted.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Current =>
        _warnings.OrderBy(w => w.Key, StringComparer.Ordinal).ToList();
}
