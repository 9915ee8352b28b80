using Microsoft.Extensions.Configuration;

namespace OnDuty.LocalHost;

/// <summary>
/// Functions switched off by app setting, as the Functions host reads them: <c>AzureWebJobs.{FunctionName}.Disabled</c> set to
/// <c>true</c> (or <c>1</c>), in local.settings.json's Values or the environment; <c>AzureWebJobs__{FunctionName}__Disabled</c>
/// is read too. A disabled timer does not fire and a disabled queue function does not listen; a disabled HTTP function answers
/// 404 unless called with the master key, and the admin endpoint still runs a disabled timer (as the host's admin API does).
/// </summary>
public sealed class DisabledFunctions
{
    private const string Prefix = "AzureWebJobs";
    private readonly HashSet<string> _disabled;

    public DisabledFunctions(FunctionCatalog catalog, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(configuration);
        _disabled = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var unknown = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in configuration.AsEnumerable())
        {
            if (NameIn(key) is not { } name)
            {
                continue;
            }

            if (catalog.Find(name) is not { } function)
            {
                unknown.Add(name);
            }
            else if (IsSet(value))
            {
                _disabled.Add(function.Name);
            }
        }

        Unknown = [.. unknown];
    }

    /// <summary>Names a <c>…Disabled</c> setting gives that no function has (a typo would otherwise silently disable nothing).</summary>
    public IReadOnlyList<string> Unknown { get; }

    public IReadOnlyCollection<string> Names => _disabled;

    public bool IsDisabled(string functionName) => _disabled.Contains(functionName);

    private static bool IsSet(string? value) =>
        value is not null && (value.Trim().Equals("true", StringComparison.OrdinalIgnoreCase) || value.Trim() == "1");

    /// <summary>The function a setting key <c>AzureWebJobs.X.Disabled</c> (or <c>AzureWebJobs:X:Disabled</c>) names, else null.</summary>
    private static string? NameIn(string key)
    {
        foreach (var separator in new[] { '.', ':' })
        {
            var start = Prefix + separator;
            var end = separator + "Disabled";
            if (key.Length > start.Length + end.Length
                && key.StartsWith(start, StringComparison.OrdinalIgnoreCase)
                && key.EndsWith(end, StringComparison.OrdinalIgnoreCase))
            {
                return key[start.Length..^end.Length];
            }
        }

        return null;
    }
}
