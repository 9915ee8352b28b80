using Microsoft.Extensions.Configuration;
using OnDuty.Core.Common;

namespace OnDuty.Core.Health;

/// <summary>
/// Degraded while a setting in one of OnDuty's sections is read by nothing (<see cref="UnknownSettings"/>): a misspelt
/// <c>Comms__BySeverty__Sev1__0</c> would otherwise leave SEV1 telling nobody without a word. Listed as <c>settings</c>; the
/// settings are read once, as the app reads them once at its start.
/// </summary>
public sealed class UnknownSettingsCheck(IConfiguration configuration, IEnumerable<SettingsSection> sections) : IDegradationCheck
{
    private readonly Lazy<IReadOnlyList<string>> _found = new(() => UnknownSettings.Find(configuration, sections));

    public string Name => "settings";

    /// <summary>One sentence per setting nothing reads, for the start's log.</summary>
    public IReadOnlyList<string> Found => _found.Value;

    public Task<string?> CheckAsync(CancellationToken cancellationToken) => Task.FromResult(UnknownSettings.Summary(Found));
}
