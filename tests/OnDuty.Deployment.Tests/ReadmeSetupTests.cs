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

    [GeneratedRegex(@"ONDUTY_[A-Z0-9_{},]*[A-Z0-9}]")]
    private static partial Regex ReadmeVariable();
}
