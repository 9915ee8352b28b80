using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OnDuty.Core.Alerts;
using OnDuty.Testing;

namespace OnDuty.Deployment.Tests;

/// <summary>
/// What an admin setting OnDuty up reads in README.md names what the deployment and the app have (trial 46, an admin's pass):
/// every azd variable <c>infra/main.parameters.json</c> maps, and every alert route in the places an admin wires a tool from.
/// </summary>
public sealed partial class ReadmeSetupTests
{
    private static readonly string Root = RepoRoot.Find();
    private static readonly string Readme = File.ReadAllText(Path.Combine(Root, "README.md"));

    /// <summary>
    /// Every <c>ONDUTY_*</c> variable the parameters file reads is named in README (as itself, or in a brace list such as
    /// <c>ONDUTY_{ALERTMANAGER,GRAFANA,GENERIC}_SHARED_SECRET_NEXT</c>): <c>ONDUTY_DATADOG_SHARED_SECRET_NEXT</c> was mapped but
    /// README's list of rotation variables left Datadog out.
    /// </summary>
    [Fact]
    public void EveryAzdVariable_OfTheParametersFile_IsNamedInReadme()
    {
        var parameters = File.ReadAllText(Path.Combine(Root, "infra", "main.parameters.json"));
        var mapped = VariableReference().Matches(parameters).Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.Contains("ONDUTY_DATADOG_SHARED_SECRET_NEXT", mapped);

        var named = ReadmeVariable().Matches(Readme).SelectMany(m => Expand(m.Value)).ToHashSet(StringComparer.Ordinal);
        var missing = mapped.Where(v => !named.Contains(v)).ToList();

        Assert.True(missing.Count == 0, $"README does not name the azd variables {string.Join(", ", missing)} of infra/main.parameters.json.");
    }

    /// <summary>
    /// Every webhook route (<see cref="AlertSources.Names"/>) is in README's API row for <c>POST /alerts/{source}</c>, in the
    /// quick start's loop that sends each tool's sample as a test, and among the URLs README says <c>postdeploy.sh</c> prints:
    /// Datadog and generic JSON were missing from them.
    /// </summary>
    [Fact]
    public void EveryAlertRoute_IsInReadmesApiRow_QuickStartLoop_AndDeployUrls()
    {
        var apiRow = Readme.Split('\n').Single(l => l.StartsWith("| `POST /alerts/{source}` |", StringComparison.Ordinal));
        var loop = Readme.Split('\n').Single(l => l.TrimStart().StartsWith("for x in alertmanager:", StringComparison.Ordinal));
        var deploy = Readme[Readme.IndexOf("`infra/hooks/postdeploy.sh` creates", StringComparison.Ordinal)..];
        deploy = deploy[..deploy.IndexOf("By hand:", StringComparison.Ordinal)];

        foreach (var source in AlertSources.Names)
        {
            Assert.Contains($"`{source}`", apiRow, StringComparison.Ordinal);
            var sample = Regex.Match(loop, $@"\b{Regex.Escape(source)}:([a-z0-9.-]+)\b");
            Assert.True(sample.Success, $"README's quick-start loop sends no {source} sample.");
            Assert.True(File.Exists(Path.Combine(Root, "tests", "OnDuty.Core.Tests", "Alerts", "Samples", sample.Groups[1].Value + ".json")),
                $"README's quick-start loop names {sample.Groups[1].Value}.json, which is not a sample.");
            Assert.Contains($"/api/alerts/{source}?code=<key>", deploy, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// README's "Expected monthly cost" counts what the template deploys as Flex Consumption bills it: each run of a function at
    /// least 1 s of the instance's whole memory. The per-minute timers (from the template's schedules) at the default
    /// <c>instanceMemoryMB</c>, and the availability tests' calls of <c>/api/health</c> (from the deployed web tests), are the
    /// numbers README gives. It said the free grant of 100,000 GB-s covered "most of it" while the timers alone are 262,800
    /// GB-s, and counted the tests' calls against "~100,000" executions where its own row said ~170,000.
    /// </summary>
    [Fact]
    public void CostEstimate_CountsTheTemplatesTimersAndAvailabilityTests_AtOneSecondOfTheInstancesMemoryEach()
    {
        const int MinutesAMonth = 43_800; // 365 days of 1,440 minutes, over 12
        var template = CompiledTemplate.MainTemplate;
        var perMinute = template.Parameters
            .Where(p => p.Key.EndsWith("Schedule", StringComparison.Ordinal) && p.Value!["defaultValue"] is JsonValue value && EveryMinute((string)value!))
            .Select(p => p.Key).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["checkHeartbeatsSchedule", "escalateIncidentsSchedule", "retryOutboxSchedule"], perMinute);
        var memoryMb = (int)template.Parameters["instanceMemoryMB"]!["defaultValue"]!;
        // The advice README gives can be followed: the memory is an azd variable (it was a template parameter only).
        var parameters = JsonNode.Parse(File.ReadAllText(Path.Combine(Root, "infra", "main.parameters.json")))!["parameters"]!;
        Assert.Equal($"${{ONDUTY_INSTANCE_MEMORY_MB={memoryMb}}}", (string?)parameters["instanceMemoryMB"]!["value"]);
        var runs = perMinute.Count * MinutesAMonth;

        var flex = Row("| Flex Consumption |");
        Assert.Contains($"each minute: {Number(runs)} —", flex, StringComparison.Ordinal);
        Assert.Contains($"{Number(runs)} s × {memoryMb / 1024} GB = {Number(runs * memoryMb / 1024)} GB-s a month against a free grant of 100,000 GB-s", flex, StringComparison.Ordinal);
        Assert.Contains($"`azd env set ONDUTY_INSTANCE_MEMORY_MB 512` (then `azd provision`) they are {Number(runs / 2)} GB-s, inside the free grant", flex, StringComparison.Ordinal);

        var snapshot = TemplateSnapshot.OfMain();
        var calls = snapshot.ResourcesOfType("Microsoft.Insights/webtests")
            .Sum(t => MinutesAMonth * 60 / (int)t["properties"]!["Frequency"]! * t["properties"]!["Locations"]!.AsArray().Count);
        var watch = Row("| Who pages when OnDuty is down");
        Assert.Contains($"The tests' {Number(calls)} calls of `/api/health` a month are Function executions too (with the ~170,000 above", watch, StringComparison.Ordinal);
        Assert.Contains($"{Number(calls * memoryMb / 1024)} GB-s more at {Number(memoryMb)} MB", watch, StringComparison.Ordinal);
        Assert.Contains($"{Number(calls / 2)} at 512 MB", watch, StringComparison.Ordinal);
    }

    /// <summary>
    /// The commands README gives an engineer after <c>azd up</c> (first checks, smoke test, rotating keys, tearing down) can run
    /// as written: every <c>azd env get-value</c> names a template output or an azd variable, every <c>--function-name</c> a
    /// function of the app, every <c>--data @file</c> a file of the repository, and the paging rotation they create is the one
    /// the deployment pages from. README used <c>$RG</c> and <c>$APP</c> without saying where they come from.
    /// </summary>
    [Fact]
    public void DeployCommands_NameOutputsFunctionsAndFilesThatExist()
    {
        var deploy = Readme[Readme.IndexOf("## Deploy to Azure", StringComparison.Ordinal)..Readme.IndexOf("## Running under Azure Functions Core Tools", StringComparison.Ordinal)];
        var outputs = CompiledTemplate.MainTemplate.Root["outputs"]!.AsObject().Select(o => o.Key);
        var variables = VariableReference().Matches(File.ReadAllText(Path.Combine(Root, "infra", "main.parameters.json"))).Select(m => m.Groups[1].Value);
        var known = outputs.Concat(variables).ToHashSet(StringComparer.Ordinal);
        var functions = JsonNode.Parse(File.ReadAllText(FunctionsMetadataFile.Locate()))!.AsArray().Select(f => (string)f!["name"]!).ToHashSet(StringComparer.Ordinal);

        var values = EnvGetValue().Matches(deploy).Select(m => m.Groups[1].Value).ToList();
        Assert.Contains("AZURE_RESOURCE_GROUP", values);
        Assert.Contains("AZURE_FUNCTION_APP_NAME", values);
        Assert.All(values, v => Assert.True(known.Contains(v), $"README reads azd env value {v}, which neither main.bicep outputs nor main.parameters.json maps."));
        Assert.Contains("RG=$(azd env get-value AZURE_RESOURCE_GROUP)", deploy, StringComparison.Ordinal);
        Assert.Contains("APP=$(azd env get-value AZURE_FUNCTION_APP_NAME)", deploy, StringComparison.Ordinal);

        var named = FunctionName().Matches(deploy).Select(m => m.Groups[1].Value).ToList();
        Assert.Contains("PostAlert", named);
        Assert.All(named, f => Assert.True(functions.Contains(f), $"README names function {f}, which the app does not have."));

        var files = DataFile().Matches(deploy).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(files);
        Assert.All(files, f => Assert.True(File.Exists(Path.Combine(Root, f)), $"README posts {f}, which is not in the repository."));

        var rotation = (string)CompiledTemplate.MainTemplate.Parameters["incidentRotationId"]!["defaultValue"]!;
        Assert.Contains($"PUT $BASE/api/rotations/{rotation}", deploy, StringComparison.Ordinal);
    }

    /// <summary>A six-field NCRONTAB schedule that fires once every minute (a fixed second, every other field <c>*</c>).</summary>
    private static bool EveryMinute(string schedule) =>
        schedule.Split(' ') is [var second, "*", "*", "*", "*", "*"] && second.All(char.IsAsciiDigit);

    private static string Number(int value) => value.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);

    private static string Row(string start) => Readme.Split('\n').Single(l => l.StartsWith(start, StringComparison.Ordinal));

    /// <summary><c>ONDUTY_{A,B}_{C,D}_X</c> → every combination; a plain name → itself.</summary>
    private static IEnumerable<string> Expand(string pattern)
    {
        var brace = pattern.IndexOf('{', StringComparison.Ordinal);
        if (brace < 0)
        {
            return [pattern];
        }

        var end = pattern.IndexOf('}', brace);
        return pattern[(brace + 1)..end].Split(',').SelectMany(choice => Expand(pattern[..brace] + choice + pattern[(end + 1)..]));
    }

    [GeneratedRegex(@"\$\{(ONDUTY_[A-Z0-9_]+)[=}]")]
    private static partial Regex VariableReference();

    [GeneratedRegex(@"azd env get-value ([A-Z][A-Z0-9_]*)")]
    private static partial Regex EnvGetValue();

    [GeneratedRegex(@"--function-name ([A-Za-z]+)")]
    private static partial Regex FunctionName();

    [GeneratedRegex(@"--data @([\w./-]+\.json)")]
    private static partial Regex DataFile();

    [GeneratedRegex(@"ONDUTY_[A-Z0-9_{},]*[A-Z0-9}]")]
    private static partial Regex ReadmeVariable();
}
