using System.Diagnostics;
using System.Text.Json.Nodes;
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

    /// <summary>
    /// <c>azd up</c> asks for every template parameter that has neither a value nor a default before its workflow starts, so
    /// before the preprovision hook runs (Azure/azure-dev#5806: <c>up</c> initialises the provisioning provider first). A
    /// parameter mapped from a variable a hook sets (<c>azd env set ONDUTY_AUTH_CLIENT_ID</c>) must therefore have a default:
    /// without one, a first <c>azd up</c> asked the engineer for the sign-in app's client id and the ack-token secret the hook
    /// was about to make.
    /// </summary>
    [Fact]
    public void ParametersTheHooksFill_HaveADefault_SoAzdUpDoesNotAskForThemBeforeTheHookRuns()
    {
        var root = RepoRoot.Find();
        var setByHooks = Directory.GetFiles(Path.Combine(root, "infra", "hooks"), "*.sh")
            .SelectMany(hook => AzdEnvSet().Matches(File.ReadAllText(hook)).Select(m => m.Groups[1].Value))
            .ToHashSet(StringComparer.Ordinal);
        Assert.Contains("ONDUTY_AUTH_CLIENT_ID", setByHooks);
        Assert.Contains("ONDUTY_ACK_TOKEN_SECRET", setByHooks);

        var file = JsonNode.Parse(File.ReadAllText(Path.Combine(root, "infra", "main.parameters.json")))!["parameters"]!.AsObject();
        var filled = file.Where(p => EnvironmentReference().Match((string?)p.Value!["value"] ?? "") is { Success: true } m && setByHooks.Contains(m.Groups[1].Value))
            .Select(p => p.Key).ToList();
        Assert.Equal(["authClientId", "ackTokenSecret"], filled);

        var required = filled.Where(name => CompiledTemplate.MainTemplate.Parameters[name]!["defaultValue"] is null).ToList();
        Assert.True(required.Count == 0, $"azd up would ask for {string.Join(", ", required)} before infra/hooks/preprovision.sh makes them: give them a default ('').");
    }

    /// <summary>
    /// Still empty when the deployment starts (the hook skipped, <c>azd provision --no-hooks</c>), the sign-in client id and the
    /// ack-token secret stop it before anything is created, naming the variable and how to fill it — not an app without sign-in,
    /// or one that refuses to start for want of its secret. The secret is secure, so <c>bicep snapshot</c> leaves it unevaluated:
    /// the template's own check is read instead, and the Key Vault secret is the checked value.
    /// </summary>
    [Fact]
    public void WithoutWhatTheHookMakes_TheDeploymentStops_NamingTheVariable()
    {
        var refusal = TemplateSnapshot.Refusal(new Dictionary<string, object> { ["authClientId"] = " " });
        Assert.Contains(
            "The template variable 'authClient' is not valid: authClientId (ONDUTY_AUTH_CLIENT_ID) is empty: infra/hooks/preprovision.sh creates the sign-in app registration before each provision. Run azd provision (it runs the hook), or azd env set ONDUTY_AUTH_CLIENT_ID <an existing app registration's client id>.",
            refusal, StringComparison.Ordinal);

        var variables = CompiledTemplate.MainTemplate.Root["variables"]!.AsObject();
        Assert.Equal(
            "[if(empty(parameters('ackTokenSecret')), fail('ackTokenSecret (ONDUTY_ACK_TOKEN_SECRET) is empty: infra/hooks/preprovision.sh generates it before each provision. Run azd provision (it runs the hook), or azd env set ONDUTY_ACK_TOKEN_SECRET \"$(openssl rand -base64 32)\"'), parameters('ackTokenSecret'))]",
            (string?)variables["ackTokenSecretValue"]);
        Assert.Equal("[variables('ackTokenSecretValue')]", (string?)variables["secretValues"]!["ack-token-secret"]);
    }

    /// <summary>
    /// With Graph on, postprovision.sh grants what infra/graph-permissions.txt lists: every permission the app's own Graph errors
    /// tell an admin to grant must be there, and in README's deploy steps. User.ReadBasic.All was not: a <c>group:</c> entry in a
    /// team list then expanded to id-only members and <c>/api/health</c> was degraded after a by-the-book deployment.
    /// </summary>
    [Fact]
    public void GraphPermissionsFile_GrantsEveryPermissionTheAppsGraphErrorsAskFor_AndReadmeListsThem()
    {
        var root = RepoRoot.Find();
        var asked = Directory.GetFiles(Path.Combine(root, "src", "OnDuty.Infrastructure", "Graph"), "*.cs")
            .SelectMany(File.ReadAllLines)
            .Where(line => !line.TrimStart().StartsWith("//", StringComparison.Ordinal))
            .SelectMany(line => StringLiteral().Matches(line).Select(m => m.Value))
            .SelectMany(literal => GraphPermission().Matches(literal).Select(m => m.Value))
            .ToHashSet(StringComparer.Ordinal);
        Assert.Contains("Mail.Send", asked);
        Assert.Contains("User.ReadBasic.All", asked);

        var granted = File.ReadAllLines(Path.Combine(root, "infra", "graph-permissions.txt"))
            .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToHashSet(StringComparer.Ordinal);
        var readme = File.ReadAllText(Path.Combine(root, "README.md"));
        var deploySteps = readme[readme.IndexOf("### Microsoft Graph: permissions and scoping", StringComparison.Ordinal)..];
        deploySteps = deploySteps[..deploySteps.IndexOf("`postprovision.sh` grants them", StringComparison.Ordinal)];

        foreach (var permission in asked)
        {
            Assert.True(granted.Contains(permission), $"The app asks an admin for {permission}, which infra/graph-permissions.txt does not grant.");
        }

        foreach (var permission in granted)
        {
            Assert.Contains(permission, deploySteps, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("+81 90-1234-5678, +81 80-2345-6789")]
    [InlineData(" +81 90-1234-5678 , ,+1 425-555-0100")] // what WatchTemplateTests gives main.bicep
    [InlineData("+852 9123 4567")]
    [InlineData("+39 06 1234 5678")] // Italy keeps the 0 of its area codes
    public void Preprovision_TakesWatchPhonesInInternationalForm(string phones)
    {
        var run = RunPreprovision(new() { ["ONDUTY_WATCH_PHONES"] = phones });

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Stderr}");
        Assert.Equal("", run.Stderr);
        Assert.Empty(run.Calls);
    }

    [Theory]
    [InlineData("090-1234-5678", "090-1234-5678")] // no country code
    [InlineData("+81-90-1234-5678", "+81-90-1234-5678")] // no space after it
    [InlineData("+0 123456", "+0 123456")] // no country code starts with 0
    [InlineData("+81 90-1234-5678, +81 12345", "+81 12345")] // under 6 digits
    [InlineData("+1234 567890", "+1234 567890")] // country codes have at most 3 digits
    [InlineData("+81  90-1234-5678", "+81  90-1234-5678")] // two spaces
    [InlineData("+81 90-1234-5678 ,+81 (90) 1234-5678", "+81 (90) 1234-5678")]
    [InlineData("+81 090-1234-5678", "+81 090-1234-5678")] // the trunk 0 is dropped in international form
    [InlineData("+81 90-1234-5678-1234-5678", "+81 90-1234-5678-1234-5678")] // over E.164's 15 digits
    public void Preprovision_RefusesAWatchPhoneNotInInternationalForm_NamingIt(string phones, string bad)
    {
        var run = RunPreprovision(new() { ["ONDUTY_WATCH_PHONES"] = phones });

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("ONDUTY_WATCH_PHONES", run.Stderr, StringComparison.Ordinal);
        Assert.Contains($"'{bad}'", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("+81 90-1234-5678", run.Stderr, StringComparison.Ordinal); // the form expected
    }

    /// <summary>
    /// PagerDuty routing keys: blanks around a key are fine (main.bicep drops blanks), an empty entry (a trailing comma too) or a blank inside a key would
    /// deploy a different key, so they stop provisioning before anything is created, naming the variable.
    /// </summary>
    [Theory]
    [InlineData("R0UT1NGKEY", 0)]
    [InlineData(" key-one , key-two", 0)]
    [InlineData("key-one,,key-two", 1)]
    [InlineData("key one", 1)]
    [InlineData("key-one, ", 1)]
    [InlineData("key-one,", 1)] // main.bicep's split gives a third, empty key: let through before the entry loop was shared
    public void Preprovision_ChecksPagerDutyRoutingKeys(string keys, int exitCode)
    {
        var run = RunPreprovision(new() { ["ONDUTY_PAGERDUTY_ROUTING_KEYS"] = keys, ["ONDUTY_ACK_TOKEN_SECRET"] = null });

        Assert.Equal(exitCode, run.ExitCode);
        if (exitCode == 0)
        {
            Assert.Equal("", run.Stderr);
        }
        else
        {
            Assert.Contains("ONDUTY_PAGERDUTY_ROUTING_KEYS", run.Stderr, StringComparison.Ordinal);
            Assert.Empty(run.Calls); // checked before the secret is generated
        }
    }

    /// <summary>
    /// Without a stakeholder audience in infra/team-settings.json (as shipped), provisioning goes on but says that 第n報 will
    /// reach nobody; with one, it says nothing about it.
    /// </summary>
    [Fact]
    public void Preprovision_SaysWhenNoStakeholderAudienceIsSet()
    {
        var shipped = RunPreprovision(new());
        Assert.Equal(0, shipped.ExitCode);
        Assert.Contains("Comms__Audiences__", shipped.Stdout, StringComparison.Ordinal);
        Assert.Contains("reach nobody", shipped.Stdout, StringComparison.Ordinal);

        var withAudience = RunPreprovision(new(), teamSettings: """{ "Comms__Audiences__execs__Members__0": "ceo@contoso.com" }""");
        Assert.Equal(0, withAudience.ExitCode);
        Assert.DoesNotContain("reach nobody", withAudience.Stdout, StringComparison.Ordinal);
    }

    /// <summary>
    /// The environment deployed before (its resource group <c>rg-&lt;environment&gt;</c> exists) from another machine, or with its
    /// <c>.azure</c> folder lost: the ack-token secret or the sign-in client id is not in this azd environment. Making new ones
    /// would put a second app registration in front of the app and a new secret in Key Vault, so every acknowledge link already
    /// sent would stop working; the hook stops instead, before changing anything, saying where the values are. A first
    /// deployment (no resource group) makes them as before, and with both values set nothing is looked up.
    /// </summary>
    [Theory]
    [InlineData(null)]
    [InlineData("ONDUTY_AUTH_CLIENT_ID")]
    public void Preprovision_AnEnvironmentDeployedElsewhere_StopsRatherThanReplacingTheSecretAndAppRegistration(string? alsoMissing)
    {
        var environment = new Dictionary<string, string?>
        {
            ["ONDUTY_ACK_TOKEN_SECRET"] = null,
            ["AZURE_SUBSCRIPTION_ID"] = "00000000-0000-0000-0000-000000000001",
            ["FAKE_AZ_GROUP_EXISTS"] = "true",
        };
        if (alsoMissing is not null)
        {
            environment[alsoMissing] = null;
        }

        var deployed = RunPreprovision(environment);

        Assert.Equal(1, deployed.ExitCode);
        Assert.Equal(["az group exists --name rg-onduty-test --subscription 00000000-0000-0000-0000-000000000001"], deployed.Calls);
        Assert.Contains("rg-onduty-test exists, so this environment was deployed before", deployed.Stderr, StringComparison.Ordinal);
        Assert.Contains("azd env get-value ONDUTY_ACK_TOKEN_SECRET, azd env get-value ONDUTY_AUTH_CLIENT_ID", deployed.Stderr, StringComparison.Ordinal);
        Assert.Contains("Nothing was changed.", deployed.Stderr, StringComparison.Ordinal);

        var first = RunPreprovision(new(environment) { ["FAKE_AZ_GROUP_EXISTS"] = "false" });
        Assert.True(first.ExitCode == 0, $"exit {first.ExitCode}: {first.Stderr}");
        Assert.Contains(first.Calls, c => c.StartsWith("azd env set ONDUTY_ACK_TOKEN_SECRET ", StringComparison.Ordinal));

        var both = RunPreprovision(new() { ["FAKE_AZ_GROUP_EXISTS"] = "true" });
        Assert.True(both.ExitCode == 0, $"exit {both.ExitCode}: {both.Stderr}");
        Assert.Empty(both.Calls);
    }

    /// <summary>The check comes first: a mistyped number must not leave an app registration or a new secret behind.</summary>
    [Fact]
    public void Preprovision_ABadWatchPhoneStopsItBeforeItCreatesAnything()
    {
        var noSecrets = new Dictionary<string, string?> { ["ONDUTY_ACK_TOKEN_SECRET"] = null, ["ONDUTY_AUTH_CLIENT_ID"] = null };

        var bad = RunPreprovision(new(noSecrets) { ["ONDUTY_WATCH_PHONES"] = "+81-90-1234-5678" });
        var good = RunPreprovision(new(noSecrets) { ["ONDUTY_WATCH_PHONES"] = "+81 90-1234-5678" });

        Assert.Equal(1, bad.ExitCode);
        Assert.Empty(bad.Calls);
        Assert.True(good.ExitCode == 0, $"exit {good.ExitCode}: {good.Stderr}");
        Assert.Contains(good.Calls, c => c.StartsWith("az ad app create ", StringComparison.Ordinal));
        Assert.Contains(good.Calls, c => c.StartsWith("azd env set ONDUTY_ACK_TOKEN_SECRET ", StringComparison.Ordinal));
    }

    /// <summary>
    /// With ACS email (the default), azd deploy subscribes ReceiveEmailEvents to the ACS resource's delivery reports, with a
    /// function key of its own in the URL; with Graph there is nothing to subscribe.
    /// </summary>
    [Theory]
    [InlineData(null, true)]
    [InlineData("Acs", true)]
    [InlineData("Graph", false)]
    public void Postdeploy_SubscribesEmailDeliveryReports_WhenEmailGoesThroughAcs(string? provider, bool subscribed)
    {
        var run = RunHook("postdeploy.sh", new()
        {
            ["ONDUTY_EMAIL_PROVIDER"] = provider,
            ["AZURE_RESOURCE_GROUP"] = "rg-onduty",
            ["AZURE_FUNCTION_APP_NAME"] = "func-onduty-x",
            ["ONDUTY_BASE_URL"] = "https://func-onduty-x.azurewebsites.net",
            ["ONDUTY_ACS_RESOURCE_ID"] = "/subscriptions/0/resourceGroups/rg-onduty/providers/Microsoft.Communication/communicationServices/acs-x",
        });

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Stderr}");
        Assert.Contains(run.Calls, c => c.Contains("function keys set", StringComparison.Ordinal) && c.Contains("--function-name PostAlert --key-name monitoring", StringComparison.Ordinal));
        // A key name is looked up as a quoted JMESPath identifier: unquoted, "acs-email-events" is a syntax error, the lookup
        // always came back empty, and every deploy made a new key (the old one in the subscription failing until re-pointed).
        Assert.Contains(run.Calls, c => c.Contains("function keys list", StringComparison.Ordinal) && c.Contains("--function-name PostAlert --query \"monitoring\"", StringComparison.Ordinal));
        Assert.Equal(subscribed, run.Calls.Any(c => c.Contains("function keys list", StringComparison.Ordinal) && c.Contains("--query \"acs-email-events\"", StringComparison.Ordinal)));

        // Trial day 35, M7: the PagerDuty URL README promised, and keys for the heartbeat routes a watchdog needs (they were never made).
        Assert.Contains("https://func-onduty-x.azurewebsites.net/api/alerts/pagerduty?code=key-of-PostAlert", run.Stdout, StringComparison.Ordinal);
        foreach (var (function, verb) in new[] { ("PingHeartbeat", "ping"), ("StartHeartbeat", "start"), ("FailHeartbeat", "fail") })
        {
            Assert.Contains(run.Calls, c => c.Contains($"--function-name {function} --key-name heartbeat", StringComparison.Ordinal));
            Assert.Contains($"https://func-onduty-x.azurewebsites.net/api/heartbeats/{{name}}/{verb}?code=key-of-{function}", run.Stdout, StringComparison.Ordinal);
        }
        var subscription = run.Calls.SingleOrDefault(c => c.Contains("event-subscription create --name onduty-email-reports", StringComparison.Ordinal));
        Assert.Equal(subscribed, subscription is not null);
        Assert.Equal(subscribed, run.Calls.Any(c => c.Contains("--function-name ReceiveEmailEvents --key-name acs-email-events", StringComparison.Ordinal)));
        if (subscription is not null)
        {
            Assert.Contains("--source-resource-id /subscriptions/0/resourceGroups/rg-onduty/providers/Microsoft.Communication/communicationServices/acs-x", subscription, StringComparison.Ordinal);
            Assert.Contains("--endpoint https://func-onduty-x.azurewebsites.net/api/email/events?code=key-of-ReceiveEmailEvents --endpoint-type webhook", subscription, StringComparison.Ordinal);
            Assert.EndsWith("--included-event-types Microsoft.Communication.EmailDeliveryReportReceived --output none", subscription, StringComparison.Ordinal);
        }

        // No SMS number: the texts' subscription is not made.
        Assert.DoesNotContain(run.Calls, c => c.Contains("onduty-sms-replies", StringComparison.Ordinal));
    }

    /// <summary>
    /// <c>ONDUTY_SMS_ACS=true</c> before a number exists: <c>azd provision</c> ends naming the ACS resource to buy the number on
    /// and what to set then; once <c>ONDUTY_SMS_FROM</c> is set, or with Twilio, it says nothing of it.
    /// </summary>
    [Theory]
    [InlineData(null, null, true)]
    [InlineData("+18005550100", null, false)]
    [InlineData(null, "Twilio", false)]
    public void Postprovision_SmsAcsWithoutANumber_NamesTheResourceToBuyItOn(string? smsFrom, string? provider, bool told)
    {
        var run = RunHook("postprovision.sh", new()
        {
            ["ONDUTY_AUTH_REDIRECT_URI"] = "https://func-onduty-x.azurewebsites.net/.auth/login/aad/callback",
            ["ONDUTY_EMAIL_PROVIDER"] = "Smtp",
            ["ONDUTY_SMS_ACS"] = "true",
            ["ONDUTY_SMS_FROM"] = smsFrom,
            ["ONDUTY_SMS_PROVIDER"] = provider,
            ["ONDUTY_ACS_RESOURCE_ID"] = "/subscriptions/0/resourceGroups/rg-onduty/providers/Microsoft.Communication/communicationServices/acs-onduty-abc",
        });

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Stderr}");
        Assert.Equal(told, run.Stdout.Contains(
            "Pages are not texted yet: buy a number for the ACS resource acs-onduty-abc in the Azure portal (the resource, Phone numbers, Get),\n"
            + "then: azd env set ONDUTY_SMS_FROM <the number, e.g. +18005550100> && azd provision && azd deploy\n", StringComparison.Ordinal));
        Assert.Equal(told, run.Stdout.Contains("acs-onduty-abc", StringComparison.Ordinal));
    }

    /// <summary>
    /// infra/hooks/preprovision.sh run as azd runs it (<c>sh</c>), in a temporary directory with fake <c>azd</c>,
    /// <c>az</c> and <c>openssl</c> first on PATH: each records its command line and does nothing, so no real tool runs.
    /// ONDUTY_ACK_TOKEN_SECRET and ONDUTY_AUTH_CLIENT_ID are set (those steps skipped) unless <paramref name="environment"/>
    /// sets them to null.
    /// </summary>
    private static (int ExitCode, string Stderr, List<string> Calls, string Stdout) RunPreprovision(Dictionary<string, string?> environment, string? teamSettings = null) =>
        RunHook("preprovision.sh", environment, teamSettings);

    /// <summary>
    /// An azd hook run as azd runs it, with the fakes of <see cref="RunPreprovision"/>; the fake <c>az</c> answers a
    /// <c>functionapp function keys set</c> with the key <c>key-of-{function}</c> (and lists no keys), as a first deployment,
    /// and <c>group exists</c> with <c>false</c> (<c>FAKE_AZ_GROUP_EXISTS</c> in <paramref name="environment"/> says otherwise).
    /// </summary>
    private static (int ExitCode, string Stderr, List<string> Calls, string Stdout) RunHook(string hook, Dictionary<string, string?> environment, string? teamSettings = null)
    {
        var script = Path.Combine(RepoRoot.Find(), "infra", "hooks", hook);
        var directory = Directory.CreateTempSubdirectory("onduty-hook-");
        try
        {
            if (teamSettings is not null)
            {
                // The hook in a copy of infra/ whose team-settings.json is the given one.
                var hooks = Directory.CreateDirectory(Path.Combine(directory.FullName, "infra", "hooks")).FullName;
                File.Copy(script, Path.Combine(hooks, hook));
                File.WriteAllText(Path.Combine(directory.FullName, "infra", "team-settings.json"), teamSettings);
                script = Path.Combine(hooks, hook);
            }

            var bin = Directory.CreateDirectory(Path.Combine(directory.FullName, "bin")).FullName;
            var log = Path.Combine(directory.FullName, "calls.log");
            foreach (var tool in new[] { "azd", "az", "openssl" })
            {
                var fake = Path.Combine(bin, tool);
                var answer = tool == "az"
                    ? "case \"$*\" in *'function keys set'*) while [ $# -gt 0 ]; do [ \"$1\" = --function-name ] && printf 'key-of-%s' \"$2\"; shift; done ;;"
                      + " *'group exists'*) printf '%s\\n' \"${FAKE_AZ_GROUP_EXISTS:-false}\" ;; esac\n"
                    : "";
                File.WriteAllText(fake, $"#!/bin/sh\necho \"{tool} $*\" >> '{log}'\n{answer}");
                if (!OperatingSystem.IsWindows()) // sh and the hooks are Unix's; the Bicep CLI package is linux-x64 too
                {
                    File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                }
            }

            var start = new ProcessStartInfo("sh")
            {
                WorkingDirectory = directory.FullName,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(script);
            foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("ONDUTY_", StringComparison.Ordinal)).ToList())
            {
                start.Environment.Remove(name);
            }

            start.Environment["PATH"] = bin + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
            start.Environment["AZURE_ENV_NAME"] = "onduty-test";
            start.Environment["ONDUTY_ACK_TOKEN_SECRET"] = Convert.ToBase64String(new byte[32]);
            start.Environment["ONDUTY_AUTH_CLIENT_ID"] = "11111111-1111-1111-1111-111111111111";
            foreach (var (name, value) in environment)
            {
                if (value is null)
                {
                    start.Environment.Remove(name);
                }
                else
                {
                    start.Environment[name] = value;
                }
            }

            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{hook} did not finish in 30 seconds.");
            }

            return (process.ExitCode, stderr.Result, File.Exists(log) ? [.. File.ReadAllLines(log)] : [], stdout);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [GeneratedRegex(@"\$\{([A-Z][A-Z0-9_]*)")]
    private static partial Regex EnvironmentReference();

    [GeneratedRegex(@"\$\{?([A-Z][A-Z0-9_]*)")]
    private static partial Regex ShellVariable();

    [GeneratedRegex(@"^\s*azd env set ([A-Z][A-Z0-9_]*)", RegexOptions.Multiline)]
    private static partial Regex AzdEnvSet();

    [GeneratedRegex(@"""[^""]*""")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"\b(?:Mail|Calendars|Group|GroupMember|User|Directory|Sites|Files|Team|Channel|Chat)\.[A-Z][A-Za-z]*(?:\.All)?\b")]
    private static partial Regex GraphPermission();

    [GeneratedRegex(@"run:\s*\./(\S+)")]
    private static partial Regex HookRun();
}
