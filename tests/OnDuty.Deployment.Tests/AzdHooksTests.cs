using System.Text.RegularExpressions;
using OnDuty.Testing;

namespace OnDuty.Deployment.Tests;

/// <summary>The azd hooks read only what azd gives them: template outputs, parameter-file variables, azd's own.</summary>
public sealed partial class AzdHooksTests
{
    private static readonly string[] AzdOwnVariables = ["AZURE_ENV_NAME", "AZURE_LOCATION", "AZURE_SUBSCRIPTION_ID"];

    [Fact]
    public void Hooks_ReadOnlyTemplateOutputsParameterVariablesOrAzdsOwn()
    {
        var root = RepoRoot.Find();
        var outputs = CompiledTemplate.MainTemplate.Root["outputs"]!.AsObject().Select(o => o.Key);
        var parameterVariables = EnvironmentReference().Matches(File.ReadAllText(Path.Combine(root, "infra", "main.parameters.json")))
            .Select(m => m.Groups[1].Value);
        var known = outputs.Concat(parameterVariables).Concat(AzdOwnVariables).ToHashSet(StringComparer.Ordinal);

        var hooks = Directory.GetFiles(Path.Combine(root, "infra", "hooks"), "*.sh");
        Assert.NotEmpty(hooks);
        foreach (var hook in hooks)
        {
            var unknown = ShellVariable().Matches(File.ReadAllText(hook))
                .Select(m => m.Groups[1].Value)
                .Where(name => name.StartsWith("ONDUTY_", StringComparison.Ordinal) || name.StartsWith("AZURE_", StringComparison.Ordinal) || name.StartsWith("EMAIL_", StringComparison.Ordinal))
                .Where(name => !known.Contains(name))
                .Distinct()
                .ToList();
            Assert.True(unknown.Count == 0, $"{Path.GetFileName(hook)} reads {string.Join(", ", unknown)}, which neither main.bicep outputs nor main.parameters.json maps.");
        }
    }

    [Fact]
    public void AzureYaml_RunsTheHooksThatExistAndDeploysTheFunctionsProject()
    {
        var root = RepoRoot.Find();
        var yaml = File.ReadAllText(Path.Combine(root, "azure.yaml"));

        Assert.Contains("project: ./src/OnDuty.Functions", yaml, StringComparison.Ordinal);
        Assert.Contains("host: function", yaml, StringComparison.Ordinal);
        foreach (Match run in HookRun().Matches(yaml))
        {
            Assert.True(File.Exists(Path.Combine(root, run.Groups[1].Value)), $"azure.yaml runs {run.Groups[1].Value}, which does not exist.");
        }
    }

    [GeneratedRegex(@"\$\{([A-Z][A-Z0-9_]*)")]
    private static partial Regex EnvironmentReference();

    [GeneratedRegex(@"\$\{?([A-Z][A-Z0-9_]*)")]
    private static partial Regex ShellVariable();

    [GeneratedRegex(@"run:\s*\./(\S+)")]
    private static partial Regex HookRun();
}
