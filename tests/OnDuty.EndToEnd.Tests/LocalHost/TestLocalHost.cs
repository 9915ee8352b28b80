using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using OnDuty.LocalHost;
using OnDuty.LocalHost.TestFunctions;
using OnDuty.LocalHost.TestFunctions.Invalid;

namespace OnDuty.EndToEnd.Tests.LocalHost;

/// <summary>A LocalHost on a free loopback port serving the test functions (or the real app's).</summary>
internal sealed class TestLocalHost : IAsyncDisposable
{
    public const string MasterKey = "test-master-key";
    public const string FunctionKey = "test-function-key";
    public const string TickSchedule = "0 0 3 * * *";

    private static readonly Lazy<string> EmptySettingsFile = new(() =>
    {
        var path = Path.Combine(Path.GetTempPath(), $"onduty-localhost-tests-{Environment.ProcessId}.settings.json");
        File.WriteAllText(path, """{ "IsEncrypted": false, "Values": {} }""");
        return path;
    });

    private TestLocalHost(WebApplication app, Uri baseAddress)
    {
        App = app;
        Client = new HttpClient { BaseAddress = baseAddress };
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    public InvocationRecorder Recorder => App.Services.GetRequiredService<InvocationRecorder>();

    /// <summary>The test functions without the deliberately invalid ones.</summary>
    public static FunctionCatalog ValidCatalog() =>
        FunctionCatalog.FromAssembly(typeof(InvocationRecorder).Assembly, t => t.Namespace != typeof(UsesFunctionContext).Namespace);

    /// <summary>
    /// Settings every test host starts from. An empty settings file keeps a developer's own local.settings.json
    /// out of the tests.
    /// </summary>
    public static Dictionary<string, string?> Settings() => Support.SampleSettings.Values(new Dictionary<string, string?>
    {
        ["urls"] = "http://127.0.0.1:0",
        ["Logging:LogLevel:Default"] = "Warning",
        ["LocalHost:MasterKey"] = MasterKey,
        ["LocalHost:FunctionKeys:ci"] = FunctionKey,
        ["LocalHost:DisableTimers"] = "true",
        ["TestFunctions:TickSchedule"] = TickSchedule,
        ["TestFunctions:Queue"] = "test-queue",

        // The app's own settings come from local.settings.sample.json (AddOnDutyApp validates them at start).
        // Storage points at a closed loopback port: these hosts never need it, and the health check must say so.
        ["Storage:ConnectionString"] = OnDuty.Testing.AzuriteProcess.CreateConnectionString(ClosedPort.Value),
        // The send queues too: never the developer's Azurite on 10001.
        ["AzureWebJobsStorage"] = OnDuty.Testing.AzuriteProcess.CreateConnectionString(ClosedPort.Value, ClosedPort.Value),
        ["Storage:MaxRetries"] = "0",
        ["Team:SeedDemo"] = "false",
        ["Email:Smtp:Port"] = ClosedPort.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    private static readonly Lazy<int> ClosedPort = new(OnDuty.Testing.FreePort.Pick);

    public static string[] Args(params string[] extra) => ["--settings", EmptySettingsFile.Value, .. extra];

    public static WebApplication Build(
        Action<Dictionary<string, string?>>? adjustSettings = null,
        Action<IServiceCollection>? configureServices = null,
        FunctionCatalog? catalog = null,
        string[]? args = null)
    {
        var settings = Settings();
        adjustSettings?.Invoke(settings);
        return LocalHostApp.Build(
            args ?? Args(),
            catalog ?? ValidCatalog(),
            services =>
            {
                services.AddSingleton<InvocationRecorder>();
                configureServices?.Invoke(services);
            },
            settings);
    }

    public static async Task<TestLocalHost> StartAsync(
        Action<Dictionary<string, string?>>? adjustSettings = null,
        Action<IServiceCollection>? configureServices = null,
        FunctionCatalog? catalog = null)
    {
        var app = Build(adjustSettings, configureServices, catalog);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new TestLocalHost(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}

/// <summary>One host shared by the tests of a class; the test functions keep no state between requests.</summary>
public sealed class TestLocalHostFixture : IAsyncLifetime
{
    private TestLocalHost? _host;

    internal TestLocalHost Host => _host ?? throw new InvalidOperationException("The host has not started.");

    public async Task InitializeAsync() => _host = await TestLocalHost.StartAsync();

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
