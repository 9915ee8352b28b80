using System.Text.Json;
using OnDuty.Testing;

namespace OnDuty.EndToEnd.Tests.Support;

/// <summary>
/// The Values of local.settings.sample.json as configuration keys (<c>__</c> → <c>:</c>). Test hosts start from
/// them and override what they need, so the sample is proven complete: a new required setting missing
/// from the sample fails these tests, as it would fail <c>./run.sh</c> on a fresh machine.
/// </summary>
/// <remarks>
/// The sample's demo stakeholder audiences (<c>Comms__Audiences__…</c>, <c>Comms__BySeverity__…</c>) are there so
/// <c>./run.sh</c> shows stakeholder mail; test hosts leave them out unless <paramref name="sampleAudiences"/> asks for
/// them, so stakeholder notices never land in the inboxes and webhooks other tests count.
/// </remarks>
public static class SampleSettings
{
    public static Dictionary<string, string?> Values(IDictionary<string, string?>? overrides = null, bool sampleAudiences = false)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoRoot.Find(), "local.settings.sample.json")));
        var values = document.RootElement.GetProperty("Values").EnumerateObject()
            .Where(p => sampleAudiences || !(p.Name.StartsWith("Comms__Audiences__", StringComparison.OrdinalIgnoreCase) || p.Name.StartsWith("Comms__BySeverity__", StringComparison.OrdinalIgnoreCase)))
            .ToDictionary(p => p.Name.Replace("__", ":", StringComparison.Ordinal), p => (string?)p.Value.GetString(), StringComparer.OrdinalIgnoreCase);
        // The sample turns the storm hold on (Incidents__StormPages 3, as a team runs it); test hosts count every page mail, so it is
        // off for them unless a test sets it (OutboxQueueTests).
        values["Incidents:StormPages"] = "0";
        // The sample welcomes every member added to the roster (Roster__WelcomeMail); tests that add members count the mail they
        // expect, so it is off for them unless a test sets it (MemberWelcomeMailTests).
        values["Roster:WelcomeMail"] = "false";
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        return values;
    }
}
