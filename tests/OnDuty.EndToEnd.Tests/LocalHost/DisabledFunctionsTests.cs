using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using OnDuty.EndToEnd.Tests.Support;
using OnDuty.LocalHost;

namespace OnDuty.EndToEnd.Tests.LocalHost;

/// <summary>
/// <c>AzureWebJobs.{FunctionName}.Disabled</c>, as the Functions host honours it: the trigger is ignored; an HTTP function
/// answers 404 except to the master key; the admin endpoint still runs a disabled timer.
/// </summary>
public sealed class DisabledFunctionsTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task HttpFunctionDisabled_404ToOtherKeysAndNoKey_RunsForTheMasterKey_OthersUnaffected()
    {
        await using var host = await TestLocalHost.StartAsync(settings => settings["AzureWebJobs.Ping.Disabled"] = "true");

        using var anonymous = await host.Client.GetAsync("/api/Ping");
        using var withFunctionKey = new HttpRequestMessage(HttpMethod.Get, "/api/Ping") { Headers = { { "x-functions-key", TestLocalHost.FunctionKey } } };
        using var functionKeyAnswer = await host.Client.SendAsync(withFunctionKey);
        using var withMasterKey = new HttpRequestMessage(HttpMethod.Get, "/api/Ping") { Headers = { { "x-functions-key", TestLocalHost.MasterKey } } };
        using var masterKeyAnswer = await host.Client.SendAsync(withMasterKey);
        using var other = await host.Client.GetAsync("/api/rotations/import");

        Assert.Equal(HttpStatusCode.NotFound, anonymous.StatusCode);
        Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType?.MediaType);
        Assert.Contains("AzureWebJobs.Ping.Disabled", await anonymous.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, functionKeyAnswer.StatusCode);
        Assert.False(anonymous.Headers.Contains("x-ping"));
        Assert.True(masterKeyAnswer.IsSuccessStatusCode);
        Assert.Equal("GET", masterKeyAnswer.Headers.GetValues("x-ping").Single());
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Theory]
    [InlineData("AzureWebJobs.Tick.Disabled", "true")]
    [InlineData("AzureWebJobs:Tick:Disabled", "1")] // AzureWebJobs__Tick__Disabled in the environment
    public async Task TimerDisabled_NeverScheduled_TheOthersAre_AndTheAdminEndpointStillRunsIt(string setting, string value)
    {
        var clock = new FakeTimeProvider(Start);
        await using var host = await TestLocalHost.StartAsync(
            settings =>
            {
                settings["LocalHost:DisableTimers"] = "false";
                settings[setting] = value;
            },
            services => services.AddSingleton<TimeProvider>(clock));
        var timers = host.App.Services.GetRequiredService<IReadOnlyList<TimerSchedule>>();
        await Until.TrueAsync(() => timers.Single(t => t.Function.Name == "Blocking").WaitingFor is not null);

        clock.Advance(TimeSpan.FromDays(2)); // past every daily occurrence

        Assert.Null(timers.Single(t => t.Function.Name == "Tick").WaitingFor);
        using var admin = new HttpRequestMessage(HttpMethod.Post, "/admin/functions/Tick") { Headers = { { "x-functions-key", TestLocalHost.MasterKey } } };
        using var ran = await host.Client.SendAsync(admin);
        Assert.Equal(HttpStatusCode.Accepted, ran.StatusCode);
        await Until.TrueAsync(() => host.Recorder.CountOf("Tick") == 1);
    }

    [Fact]
    public async Task QueueFunctionDisabled_TheListenerListensToNothing()
    {
        await using var host = await TestLocalHost.StartAsync(settings => settings["AzureWebJobs.QueueEcho.Disabled"] = "true");
        var listener = host.App.Services.GetServices<IHostedService>().OfType<QueueListener>().Single();

        // Ended at once: the only queue function is disabled, so no queue is polled (storage here is a closed port).
        await listener.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(host.App.Services.GetRequiredService<DisabledFunctions>().IsDisabled("QueueEcho"));
    }

    [Fact]
    public void DisabledSettings_TrueOr1Only_AndNamesOfNoFunctionAreReported()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobs.Tick.Disabled"] = "True",
            ["AzureWebJobs.Ping.Disabled"] = "false",
            ["AzureWebJobs.Blocking.Disabled"] = "yes",
            ["AzureWebJobs:QueueEcho:Disabled"] = "1",
            ["AzureWebJobs.Tikc.Disabled"] = "true",
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
        }).Build();

        var disabled = new DisabledFunctions(TestLocalHost.ValidCatalog(), configuration);

        Assert.Equal(["QueueEcho", "Tick"], disabled.Names.Order(StringComparer.Ordinal));
        Assert.Equal(["Tikc"], disabled.Unknown);
    }
}
