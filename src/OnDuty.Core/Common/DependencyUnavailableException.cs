namespace OnDuty.Core.Common;

/// <summary>Storage or a provider is not reachable; maps to 503 so the caller retries.</summary>
public sealed class DependencyUnavailableException(string dependency, Exception inner)
    : Exception($"{dependency} is not reachable: {inner.Message}", inner)
{
    public string Dependency { get; } = dependency;
}
