using System.Globalization;
using System.Text.Json.Nodes;
using OnDuty.Testing;

namespace OnDuty.Deployment.Tests;

/// <summary>
/// infra/main.bicep evaluated offline with given parameters (<c>bicep snapshot</c>): the resources a deployment would
/// create, modules' included, with names, conditions, loops and parameters worked out. Values only a deployment knows
/// (a site's default host name) stay <c>reference('&lt;resource id&gt;', …)</c> expressions, so a test can see which
/// resource they come from.
/// </summary>
public sealed class TemplateSnapshot
{
    public const string SubscriptionId = "00000000-0000-0000-0000-000000000000";
    public const string TenantId = "00000000-0000-0000-0000-00000000000f";

    /// <summary>Values for the parameters azd asks for (no default in the template); a test's own values win.</summary>
    private static readonly Dictionary<string, object> RequiredParameters = new(StringComparer.Ordinal)
    {
        ["environmentName"] = "onduty-test",
        ["location"] = "japaneast",
        ["authClientId"] = "11111111-1111-1111-1111-111111111111",
        ["ackTokenSecret"] = Convert.ToBase64String(new byte[32]),
        ["incidentLeads"] = "lead-one@example.com, lead-two@example.com",
        ["incidentOrganisationList"] = "pm-org@example.com",
    };

    private TemplateSnapshot(JsonObject root)
    {
        Resources = root["predictedResources"]!.AsArray().Select(r => r!.AsObject()).ToList();
        Outputs = root["outputs"]?.AsObject() ?? new JsonObject();
    }

    /// <summary>Every resource the deployment would create.</summary>
    public IReadOnlyList<JsonObject> Resources { get; }

    public JsonObject Outputs { get; }

    /// <summary>
    /// main.bicep (of <paramref name="infraDirectory"/>, else the repository's infra/) with <paramref name="parameters"/>
    /// (strings, bools, ints) over values for the required ones.
    /// </summary>
    public static TemplateSnapshot OfMain(IReadOnlyDictionary<string, object>? parameters = null, string? infraDirectory = null)
    {
        var (exitCode, output, diagnostics, snapshot) = Run(parameters, infraDirectory);
        Assert.True(exitCode == 0 && snapshot is not null, $"bicep snapshot failed:\n{output}\n{diagnostics}");
        return new TemplateSnapshot(snapshot);
    }

    /// <summary>
    /// What Azure says when it refuses to deploy main.bicep with <paramref name="parameters"/> before creating anything (a
    /// <c>fail()</c> of the template); the test fails if the template is deployed instead. <paramref name="infraDirectory"/>: as
    /// for <see cref="OfMain"/>.
    /// </summary>
    public static string Refusal(IReadOnlyDictionary<string, object> parameters, string? infraDirectory = null)
    {
        var (exitCode, output, diagnostics, _) = Run(parameters, infraDirectory);
        Assert.True(exitCode != 0, "bicep snapshot evaluated the template: the deployment would go ahead.");
        return output + diagnostics;
    }

    private static (int ExitCode, string Output, string Diagnostics, JsonObject? Snapshot) Run(IReadOnlyDictionary<string, object>? parameters, string? infraDirectory)
    {
        var values = new Dictionary<string, object>(RequiredParameters, StringComparer.Ordinal);
        foreach (var (name, value) in parameters ?? new Dictionary<string, object>())
        {
            values[name] = value;
        }

        var directory = Directory.CreateTempSubdirectory("onduty-snapshot-");
        try
        {
            // A .bicepparam file must name its template with a relative path.
            var template = Path.GetRelativePath(directory.FullName, Path.Combine(infraDirectory ?? Path.Combine(RepoRoot.Find(), "infra"), "main.bicep")).Replace('\\', '/');
            var file = Path.Combine(directory.FullName, "main.bicepparam");
            File.WriteAllLines(file, [$"using {Literal(template)}", .. values.Select(v => $"param {v.Key} = {Literal(v.Value)}")]);

            var (exitCode, output, diagnostics) = BicepCli.Snapshot(file, SubscriptionId, TenantId, (string)values["location"]);
            var snapshot = Path.Combine(directory.FullName, "main.snapshot.json");
            return (exitCode, output, diagnostics, exitCode == 0 && File.Exists(snapshot) ? JsonNode.Parse(File.ReadAllText(snapshot))!.AsObject() : null);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    public IEnumerable<JsonObject> ResourcesOfType(string type) =>
        Resources.Where(r => string.Equals((string?)r["type"], type, StringComparison.OrdinalIgnoreCase));

    public JsonObject Single(string type) => Assert.Single(ResourcesOfType(type));

    /// <summary>The id Azure gives the resource: other resources' references to it hold this.</summary>
    public static string Id(JsonObject resource) => (string)resource["id"]!;

    private static string Literal(object value) => value switch
    {
        string text => "'" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'",
        bool flag => flag ? "true" : "false",
        int number => number.ToString(CultureInfo.InvariantCulture),
        _ => throw new ArgumentException($"No Bicep literal for {value.GetType().Name}.", nameof(value)),
    };
}
