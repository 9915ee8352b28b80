namespace OnDuty.LocalHost;

/// <summary>Settings of the local host itself (<c>LocalHost__*</c> in local.settings.json).</summary>
public sealed class LocalHostOptions
{
    public const string SectionName = "LocalHost";
    public const string DefaultUrls = "http://127.0.0.1:7071";

    /// <summary>Accepted for every authorization level, like the <c>_master</c> host key.</summary>
    public string? MasterKey { get; set; }

    /// <summary>Named keys accepted for <c>AuthorizationLevel.Function</c>.</summary>
    public Dictionary<string, string> FunctionKeys { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public bool DisableTimers { get; set; }

    /// <summary>Queue-triggered functions do not listen (their messages wait in the queue).</summary>
    public bool DisableQueues { get; set; }

    public string? Urls { get; set; }
}
