using System.Diagnostics;
using System.Text.Json.Nodes;
using OnDuty.Testing;

namespace OnDuty.Deployment.Tests;

/// <summary>scripts/merge-local-settings.js, which run.sh and test.sh run before anything else: a developer's
/// local.settings.json gets what a newer sample brings and keeps what the developer changed or removed.</summary>
public sealed class LocalSettingsMergeTests : IDisposable
{
    private readonly DirectoryInfo directory = Directory.CreateTempSubdirectory("onduty-settings-");

    public void Dispose() => directory.Delete(recursive: true);

    [Fact]
    public void Merge_NoLocalSettings_CopiesTheSample()
    {
        WriteSample(("Team__Language", "ja"), ("Comms__BySeverity__Sev2__0", "support"), ("Comms__BySeverity__Sev2__1", "execs"));

        Run();

        Assert.Equal(File.ReadAllText(Path("local.settings.sample.json")), File.ReadAllText(Path("local.settings.json")));
    }

    [Fact]
    public void Merge_ListEntryRemovedByTheUser_IsNotPutBack()
    {
        WriteSample(("Team__Language", "ja"), ("Comms__BySeverity__Sev2__0", "support"), ("Comms__BySeverity__Sev2__1", "execs"));
        Run();
        WriteLocal(("Team__Language", "ja"), ("Comms__BySeverity__Sev2__0", "support"));

        var output = Run();

        Assert.Equal(new Dictionary<string, string> { ["Team__Language"] = "ja", ["Comms__BySeverity__Sev2__0"] = "support" }, LocalValues());
        Assert.DoesNotContain("added", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_SettingANewerSampleBrings_IsAddedAndChangedValuesKept()
    {
        WriteSample(("Team__Language", "ja"), ("Comms__BySeverity__Sev2__0", "support"), ("Comms__BySeverity__Sev2__1", "execs"));
        Run();
        WriteLocal(("Team__Language", "en"), ("Comms__BySeverity__Sev2__0", "support"));
        WriteSample(("Team__Language", "ja"), ("Comms__BySeverity__Sev2__0", "support"), ("Comms__BySeverity__Sev2__1", "execs"), ("Outbox__LeaseDuration", "00:01:00"));

        var output = Run();

        Assert.Equal(
            new Dictionary<string, string> { ["Team__Language"] = "en", ["Comms__BySeverity__Sev2__0"] = "support", ["Outbox__LeaseDuration"] = "00:01:00" },
            LocalValues());
        Assert.Contains("added Outbox__LeaseDuration from the sample", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_LocalSettingsOlderThanTheSeenList_GetsMissingSettingsButNoEntryOfAListItHas()
    {
        WriteSample(
            ("Team__Language", "ja"), ("Comms__BySeverity__Sev2__0", "support"), ("Comms__BySeverity__Sev2__1", "execs"),
            ("Comms__BySeverity__Sev1__0", "execs"), ("Outbox__LeaseDuration", "00:01:00"));
        WriteLocal(("Team__Language", "ja"), ("Comms__BySeverity__Sev2__0", "support"));

        Run();

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["Team__Language"] = "ja", ["Comms__BySeverity__Sev2__0"] = "support",
                ["Comms__BySeverity__Sev1__0"] = "execs", ["Outbox__LeaseDuration"] = "00:01:00",
            },
            LocalValues());

        // From now on the seen list holds: a Sev1 entry the user then removes stays removed.
        WriteLocal(("Team__Language", "ja"), ("Comms__BySeverity__Sev2__0", "support"), ("Outbox__LeaseDuration", "00:01:00"));
        Run();
        Assert.False(LocalValues().ContainsKey("Comms__BySeverity__Sev1__0"));
    }

    private string Path(string name) => System.IO.Path.Combine(directory.FullName, name);

    private void WriteSample(params (string Name, string Value)[] values) => Write("local.settings.sample.json", values);

    private void WriteLocal(params (string Name, string Value)[] values) => Write("local.settings.json", values);

    private void Write(string file, (string Name, string Value)[] values)
    {
        var settings = new JsonObject { ["IsEncrypted"] = false, ["Values"] = new JsonObject(values.Select(v => KeyValuePair.Create(v.Name, (JsonNode?)v.Value))) };
        File.WriteAllText(Path(file), settings.ToJsonString());
    }

    private Dictionary<string, string> LocalValues() =>
        JsonNode.Parse(File.ReadAllText(Path("local.settings.json")))!["Values"]!.AsObject()
            .ToDictionary(p => p.Key, p => p.Value!.GetValue<string>());

    private string Run()
    {
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(System.IO.Path.Combine(RepoRoot.Find(), "scripts", "merge-local-settings.js"));
        start.ArgumentList.Add(directory.FullName);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("merge-local-settings.js did not finish in 30 seconds.");
        }

        Assert.True(process.ExitCode == 0, stderr.Result);
        return stdout;
    }
}
