using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using OnDuty.Testing;

namespace OnDuty.Deployment.Tests;

/// <summary>infra/main.bicep compiled once per test run, with views of the ARM JSON the tests assert on.</summary>
public sealed class CompiledTemplate
{
    private static readonly Lazy<CompiledTemplate> Main = new(() => Compile(Path.Combine(RepoRoot.Find(), "infra", "main.bicep")));

    private CompiledTemplate(int exitCode, string json, string diagnostics)
    {
        ExitCode = exitCode;
        Json = json;
        Diagnostics = diagnostics;
        Root = exitCode == 0 ? JsonNode.Parse(json)!.AsObject() : new JsonObject();
    }

    public static CompiledTemplate MainTemplate => Main.Value;

    public int ExitCode { get; }

    public string Json { get; }

    /// <summary>Errors, warnings and linter findings as the CLI printed them.</summary>
    public string Diagnostics { get; }

    public JsonObject Root { get; }

    public JsonObject Parameters => Root["parameters"]!.AsObject();

    /// <summary>Every resource, those of nested module deployments included.</summary>
    public IReadOnlyList<JsonObject> Resources => Flatten(Root).ToList();

    public IEnumerable<JsonObject> ResourcesOfType(string type) =>
        Resources.Where(r => string.Equals((string?)r["type"], type, StringComparison.OrdinalIgnoreCase));

    public JsonObject Single(string type) => Assert.Single(ResourcesOfType(type));

    /// <summary>The <c>appsettings</c> module's parameters: fixed settings by name, and the computed list settings.</summary>
    public JsonObject AppSettingsModuleParameters =>
        Resources.Single(r => (string?)r["type"] == "Microsoft.Resources/deployments" && (string?)r["name"] == "appsettings")
            ["properties"]!["parameters"]!.AsObject();

    public JsonObject AppSettings => AppSettingsModuleParameters["settings"]!["value"]!.AsObject();

    /// <summary>The ARM expression producing <c>Incidents__Leads__0…N</c>.</summary>
    public string ListSettingsExpression => (string)AppSettingsModuleParameters["listSettings"]!["value"]!;

    /// <summary>A node as JSON text with ARM expressions readable (quotes not escaped).</summary>
    public static string Text(JsonNode node) => node.ToJsonString(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    private static CompiledTemplate Compile(string file)
    {
        var (exitCode, json, diagnostics) = BicepCli.Build(file);
        return new CompiledTemplate(exitCode, json, diagnostics);
    }

    private static IEnumerable<JsonObject> Flatten(JsonObject template)
    {
        var resources = template["resources"] switch
        {
            JsonArray array => array.Select(r => r!.AsObject()),
            JsonObject symbolic => symbolic.Select(p => p.Value!.AsObject()),
            _ => [],
        };
        foreach (var resource in resources)
        {
            yield return resource;
            if (resource["properties"] is JsonObject properties && properties["template"] is JsonObject nested)
            {
                foreach (var inner in Flatten(nested))
                {
                    yield return inner;
                }
            }
        }
    }
}
