namespace OnDuty.LocalHost;

/// <summary>Settings of the local host itself (<c>LocalHost__*</c> in local.settings.json).</summary>
public sealed class LocalHostOptions
{
    public const string SectionName = "LocalHost";
    public const string DefaultUrls = "http://127.0.0.1:7071";

    /// <summary>Accepted for every authorization level, like the <c>_master</c> host key.</summary>
    public string? MasterKey { get; set; }

    /// <summary>Named host-level function keys: accepted by every <c>AuthorizationLevel.Function</c> function, like Azure's host keys.</summary>
    public Dictionary<string, string> FunctionKeys { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Per-function settings by function name: <c>LocalHost__Functions__{FunctionName}__Keys__{name}</c> are keys valid for
    /// that function only, as a function key made in Azure for one function is (e.g. a key monitoring tools hold for
    /// <c>PostAlert</c> that opens nothing else).
    /// </summary>
    public Dictionary<string, LocalFunctionSettings> Functions { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public bool DisableTimers { get; set; }

    /// <summary>Queue-triggered functions do not listen (their messages wait in the queue).</summary>
    public bool DisableQueues { get; set; }

    public string? Urls { get; set; }

    /// <summary>
    /// Texts and page calls go to the mail server as emails (<see cref="MailedSmsSender"/>, <see cref="MailedVoiceCaller"/>) instead
    /// of a provider: pages by SMS and by phone, tried locally.
    /// </summary>
    public bool SmsToMail { get; set; }

    /// <summary>
    /// A process id (a tool that started this host: a benchmark, a script): the host stops once that process is gone, however it
    /// ended, so a tool killed outright leaves no LocalHost running. Unset: the host runs until stopped.
    /// </summary>
    public int? ExitWithProcess { get; set; }

    /// <summary>
    /// Diagnosis, in milliseconds: the host logs each time it stood still longer than this (<see cref="StallWatch"/>: the whole
    /// process, with its garbage collections' pause meanwhile, or only its thread pool, with how many threads and queued work
    /// items it had) — what a rare slow request waited for. Unset: not watched.
    /// </summary>
    public int? StallWatchMs { get; set; }

    /// <summary>The app's clock starts at this instant and runs on (<see cref="LocalHostClock"/>; Development only). Unset: real time.</summary>
    public string? Now { get; set; }
}
