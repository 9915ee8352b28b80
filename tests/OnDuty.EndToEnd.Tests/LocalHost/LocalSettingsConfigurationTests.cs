using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OnDuty.LocalHost;

namespace OnDuty.EndToEnd.Tests.LocalHost;

public sealed class LocalSettingsConfigurationTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("onduty-localsettings-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public void Read_ValuesAndConnectionStrings_BecomeConfigurationKeys()
    {
        var path = WriteSettings("""
            {
              "IsEncrypted": false,
              "Values": { "Outbox__RetrySchedule": "0 */5 * * * *", "Graph__Enabled": false, "FUNCTIONS_WORKER_RUNTIME": "dotnet-isolated" },
              "ConnectionStrings": { "Tables": "UseDevelopmentStorage=true" }
            }
            """);

        var settings = LocalSettingsConfiguration.Read(path);

        Assert.Equal("0 */5 * * * *", settings["Outbox:RetrySchedule"]);
        Assert.Equal("false", settings["Graph:Enabled"]);
        Assert.Equal("dotnet-isolated", settings["FUNCTIONS_WORKER_RUNTIME"]);
        Assert.Equal("UseDevelopmentStorage=true", settings["ConnectionStrings:Tables"]);
    }

    [Fact]
    public async Task Build_EnvironmentVariableAndCommandLine_OverrideLocalSettingsInThatOrder()
    {
        // A name of its own, so the process-wide variable cannot touch tests running in parallel.
        var section = $"OnDutyTest{Guid.NewGuid():N}";
        var path = WriteSettings($$"""
            { "Values": { "{{section}}__FromFile": "file", "{{section}}__Env": "file", "{{section}}__Cli": "file" } }
            """);
        Environment.SetEnvironmentVariable($"{section}__Env", "env");
        Environment.SetEnvironmentVariable($"{section}__Cli", "env");
        try
        {
            await using var app = TestLocalHost.Build(args: ["--settings", path, $"--{section}:Cli=cli"]);

            var configuration = app.Services.GetRequiredService<IConfiguration>();
            Assert.Equal("file", configuration[$"{section}:FromFile"]);
            Assert.Equal("env", configuration[$"{section}:Env"]);
            Assert.Equal("cli", configuration[$"{section}:Cli"]);
        }
        finally
        {
            Environment.SetEnvironmentVariable($"{section}__Env", null);
            Environment.SetEnvironmentVariable($"{section}__Cli", null);
        }
    }

    [Fact]
    public async Task Build_MasterKeyFromLocalSettings_IsAccepted()
    {
        var path = WriteSettings("""{ "Values": { "LocalHost__MasterKey": "from-file", "LocalHost__FunctionKeys__ops": "ops-key" } }""");

        await using var app = TestLocalHost.Build(settings => settings.Remove("LocalHost:MasterKey"), args: ["--settings", path]);

        var options = app.Services.GetRequiredService<LocalHostOptions>();
        Assert.Equal("from-file", options.MasterKey);
        Assert.Equal("ops-key", options.FunctionKeys["ops"]);
    }

    [Fact]
    public void Build_NoMasterKey_FailsNamingTheSetting()
    {
        var error = Assert.Throws<OnDuty.Core.Common.SettingRefusedException>(() => TestLocalHost.Build(settings => settings["LocalHost:MasterKey"] = ""));

        Assert.Contains("LocalHost__MasterKey", error.Message);
    }

    [Fact]
    public void Locate_SettingsPathDoesNotExist_FailsNamingThePath()
    {
        var missing = Path.Combine(_directory.FullName, "nope.json");

        // Refused in one sentence, printed without a stack trace.
        var error = Assert.Throws<OnDuty.Core.Common.SettingRefusedException>(() => LocalSettingsConfiguration.Locate(["--settings", missing]));

        Assert.Equal($"The settings file given by --settings or {LocalSettingsConfiguration.PathEnvironmentVariable} does not exist: {missing}.", error.Message);
    }

    /// <summary>
    /// A file that is not JSON (a comma left out) is refused in one sentence naming the file, the line and the position as an
    /// editor counts it (characters, not bytes: 「当番」 is two; an editor's byte order mark is not one), and what to do.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Read_NotJson_RefusedNamingTheFileLineAndPosition(bool byteOrderMark)
    {
        var path = Path.Combine(_directory.FullName, "local.settings.json");
        File.WriteAllText(path, "{\n  \"Values\": {\n    \"Team__Name\": \"当番\" \"Team__Language\": \"ja\"\n  }\n}\n", new System.Text.UTF8Encoding(byteOrderMark));

        var error = Assert.Throws<OnDuty.Core.Common.SettingRefusedException>(() => LocalSettingsConfiguration.Read(path));

        Assert.Equal(
            $"{path} is not valid JSON at line 3, position 24: correct it there (a missing comma, quote or brace is the usual cause; local.settings.sample.json shows the form) and start again.",
            error.Message);
    }

    [Fact]
    public void Read_Empty_RefusedAtTheFirstPosition()
    {
        var path = WriteSettings("");

        var error = Assert.Throws<OnDuty.Core.Common.SettingRefusedException>(() => LocalSettingsConfiguration.Read(path));

        Assert.StartsWith($"{path} is not valid JSON at line 1, position 1: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FindSolutionDirectory_FromNestedDirectory_FindsDirectoryWithSolution()
    {
        File.WriteAllText(Path.Combine(_directory.FullName, "Serverless.sln"), string.Empty);
        var nested = _directory.CreateSubdirectory("src").CreateSubdirectory("bin");

        Assert.Equal(_directory.FullName, LocalSettingsConfiguration.FindSolutionDirectory(nested.FullName));
    }

    private string WriteSettings(string json)
    {
        var path = Path.Combine(_directory.FullName, "local.settings.json");
        File.WriteAllText(path, json);
        return path;
    }
}
