using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using OnDuty.Core.Common;

namespace OnDuty.LocalHost;

/// <summary>
/// The queue trigger's settings as the Functions host reads them: <c>extensions.queues</c> in host.json, overridden by
/// app settings <c>AzureFunctionsJobHost__extensions__queues__*</c>. Defaults are the host's.
/// </summary>
public sealed class QueueHostOptions
{
    public const string DefaultConnection = "AzureWebJobsStorage";
    public const string HostJsonFileName = "host.json";
    public const string OverrideSection = "AzureFunctionsJobHost:extensions:queues";

    /// <summary>Longest wait between polls of an idle queue (the host doubles the wait from 100 ms up to this).</summary>
    public TimeSpan MaxPollingInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a message whose function failed stays invisible before it is tried again.</summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.Zero;

    /// <summary>Messages taken per poll (at most 32) and run at once.</summary>
    public int BatchSize { get; set; } = 16;

    /// <summary>Attempts before a message goes to the <c>{queue}-poison</c> queue.</summary>
    public int MaxDequeueCount { get; set; } = 5;

    /// <summary><c>base64</c> (the host's default) or <c>none</c>.</summary>
    public string MessageEncoding { get; set; } = "base64";

    /// <summary>How long a message taken for a run stays invisible to other consumers (the host's in-flight timeout).</summary>
    public TimeSpan InFlightVisibility { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Reads host.json (next to the binaries, else next to the solution) and the app-setting overrides.</summary>
    public static QueueHostOptions Load(IConfiguration configuration, string? hostJsonPath = null)
    {
        var options = new QueueHostOptions();
        var path = hostJsonPath ?? LocateHostJson();
        if (path is not null)
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (document.RootElement.TryGetProperty("extensions", out var extensions) && extensions.ValueKind == JsonValueKind.Object
                && extensions.TryGetProperty("queues", out var queues) && queues.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in queues.EnumerateObject())
                {
                    options.Apply(property.Name, property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : property.Value.GetRawText(), path);
                }
            }
        }

        foreach (var setting in configuration.GetSection(OverrideSection).GetChildren())
        {
            options.Apply(setting.Key, setting.Value, "AzureFunctionsJobHost__extensions__queues");
        }

        return options;
    }

    private static string? LocateHostJson() =>
        new[] { AppContext.BaseDirectory }
            .Concat(new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory }.Select(LocalSettingsConfiguration.FindSolutionDirectory).OfType<string>())
            .Select(dir => Path.Combine(dir, HostJsonFileName))
            .FirstOrDefault(File.Exists);

    private void Apply(string name, string? value, string source)
    {
        if (value is null)
        {
            return;
        }

        string Where() => $"{source}: extensions.queues.{name} '{value}'";
        TimeSpan Span() => TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var span) && span >= TimeSpan.Zero
            ? span
            : throw new SettingRefusedException($"{Where()} is not a time span such as 00:00:02.");
        int Int(int min, int max) => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max
            ? number
            : throw new SettingRefusedException($"{Where()} must be a whole number from {min} to {max}.");

        switch (name.ToLowerInvariant())
        {
            case "maxpollinginterval":
                MaxPollingInterval = Span();
                break;
            case "visibilitytimeout":
                VisibilityTimeout = Span();
                break;
            case "batchsize":
                BatchSize = Int(1, 32);
                break;
            case "maxdequeuecount":
                MaxDequeueCount = Int(1, 1000);
                break;
            case "messageencoding":
                MessageEncoding = value.ToLowerInvariant() is "base64" or "none"
                    ? value.ToLowerInvariant()
                    : throw new SettingRefusedException($"{Where()} must be base64 or none.");
                break;
            default:
                // newBatchThreshold and others shape the host's concurrency, which LocalHost does not model.
                break;
        }
    }
}
