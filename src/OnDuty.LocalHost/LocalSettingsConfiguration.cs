using System.Text;
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
        var bytes = File.ReadAllBytes(path);
        using var document = Parse(path, bytes);
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

    /// <summary>
    /// The file's JSON; not JSON, it is refused in one sentence naming the file, the line and the position (in characters, as an
    /// editor counts them) and what to do, instead of the parser's exception and its stack trace.
    /// </summary>
    private static JsonDocument Parse(string path, byte[] bytes)
    {
        try
        {
            return JsonDocument.Parse(bytes.AsMemory(Bom(bytes)), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            var line = (int)(e.LineNumber ?? 0);
            throw new SettingRefusedException(
                $"{path} is not valid JSON at line {line + 1}, position {Column(bytes, line, (int)(e.BytePositionInLine ?? 0))}: correct it there (a missing comma, quote or brace is the usual cause; local.settings.sample.json shows the form) and start again.");
        }
    }

    /// <summary>The 1-based character position of the byte <paramref name="bytePosition"/> of the 0-based <paramref name="line"/>.</summary>
    private static int Column(byte[] bytes, int line, int bytePosition)
    {
        var start = Bom(bytes);
        for (var i = 0; i < line && start < bytes.Length; i++)
        {
            var next = Array.IndexOf(bytes, (byte)'\n', start);
            start = next < 0 ? bytes.Length : next + 1;
        }

        return Encoding.UTF8.GetCharCount(bytes, start, Math.Clamp(bytePosition, 0, bytes.Length - start)) + 1;
    }

    /// <summary>The length of the UTF-8 byte order mark <paramref name="bytes"/> start with (an editor may write one), else 0.</summary>
    private static int Bom(byte[] bytes) => bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? Encoding.UTF8.Preamble.Length : 0;

    // Core Tools expects strings but people write numbers and booleans; keep them as their JSON text.
    private static string? AsString(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Null => null,
        _ => value.GetRawText(),
    };
}
