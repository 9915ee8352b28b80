using System.Text.Json;
using Microsoft.Extensions.Configuration;
using OnDuty.Core.Common;

namespace OnDuty.LocalHost;

/// <summary>
/// Reads <c>local.settings.json</c> the way the Functions host does: <c>Values</c> become app settings
/// (<c>__</c> separates sections) and <c>ConnectionStrings</c> become <c>ConnectionStrings:*</c>.
/// </summary>
internal static class LocalSettingsConfiguration
{
    public const string FileName = "local.settings.json";
    public const string SolutionFileName = "Serverless.sln";
    public const string PathArgument = "settings";
    public const string PathEnvironmentVariable = "ONDUTY_SETTINGS";

    /// <summary>
    /// The explicit path from <c>--settings</c> or <c>ONDUTY_SETTINGS</c>, else the file next to the solution found
    /// above the current directory or the binaries (so both <c>dotnet run</c> and a test run find it).
    /// </summary>
    public static string? Locate(string[] args)
    {
        var explicitPath = new ConfigurationBuilder().AddCommandLine(args).Build()[PathArgument]
            ?? Environment.GetEnvironmentVariable(PathEnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            var full = Path.GetFullPath(explicitPath);
            return File.Exists(full)
                ? full
                : throw new SettingRefusedException($"The settings file given by --{PathArgument} or {PathEnvironmentVariable} does not exist: {full}.");
        }

        return new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory }
            .Select(FindSolutionDirectory)
            .OfType<string>()
            .Select(dir => Path.Combine(dir, FileName))
            .FirstOrDefault(File.Exists);
    }

    public static string? FindSolutionDirectory(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, SolutionFileName)))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    public static IReadOnlyDictionary<string, string?> Read(string path)
    {
        using var stream = File.OpenRead(path);
        using var document = JsonDocument.Parse(stream, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new SettingRefusedException($"{path} must hold a JSON object.");
        }

        if (document.RootElement.TryGetProperty("IsEncrypted", out var encrypted) && encrypted.ValueKind == JsonValueKind.True)
        {
            throw new SettingRefusedException($"{path} is encrypted (IsEncrypted: true); LocalHost reads only plain-text settings.");
        }

        if (document.RootElement.TryGetProperty("Values", out var values) && values.ValueKind == JsonValueKind.Object)
        {
            foreach (var value in values.EnumerateObject())
            {
                settings[value.Name.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal)] = AsString(value.Value);
            }
        }

        if (document.RootElement.TryGetProperty("ConnectionStrings", out var connectionStrings) && connectionStrings.ValueKind == JsonValueKind.Object)
        {
            foreach (var connectionString in connectionStrings.EnumerateObject())
            {
                settings[ConfigurationPath.Combine("ConnectionStrings", connectionString.Name)] = AsString(connectionString.Value);
            }
        }

        return settings;
    }

    // Core Tools expects strings but people write numbers and booleans; keep them as their JSON text.
    private static string? AsString(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Null => null,
        _ => value.GetRawText(),
    };
}
