using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OnDuty.LocalHost;

namespace OnDuty.EndToEnd.Tests.LocalHost;

public sealed class TimerSchedulerTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("TestFunctions:TickSchedule")]
    [InlineData("TestFunctions__TickSchedule")]
    public void Resolve_ScheduleFromSetting_ReadsSettingAsGivenOrWithSections(string key)
    {
        var tick = TestLocalHost.ValidCatalog().Find("Tick")!;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new(key, "0 30 9 * * 1-5")]).Build();

        var schedule = TimerSchedule.Resolve(tick, configuration);

        Assert.Equal("0 30 9 * * 1-5", schedule.Expression);
        Assert.Equal(new DateTimeOffset(2026, 3, 3, 9, 30, 0, TimeSpan.Zero), schedule.NextAfter(Start.AddHours(1)));
    }

    [Fact]
    public void Build_ScheduleSettingMissing_FailsNamingFunctionAndSetting()
    {
        var error = Assert.Throws<InvalidOperationException>(() => TestLocalHost.Build(settings => settings.Remove("TestFunctions:TickSchedule")));

        Assert.Contains("'Tick'", error.Message);
        Assert.Contains("TestFunctions__TickSchedule", error.Message);
    }

    [Theory]
    [InlineData("0 0 3 * *")]
    [InlineData("every day")]
    public void Build_ScheduleNotSixFieldNcrontab_FailsNamingFunctionAndSetting(string schedule)
    {
        var error = Assert.Throws<InvalidOperationException>(() => TestLocalHost.Build(settings => settings["TestFunctions:TickSchedule"] = schedule));

        Assert.Contains("'Tick'", error.Message);
        Assert.Contains("%TestFunctions__TickSchedule%", error.Message);
    }

    [Fact]
    public async Task Scheduler_TimersEnabled_RunsTimerAtItsNextOccurrenceInUtc()
    {
        var clock = new FakeTimeProvider(Start);
        await using var host = await TestLocalHost.StartAsync(
            settings => settings["LocalHost:DisableTimers"] = "false",
            services => services.AddSingleton<TimeProvider>(clock));

        // Step the fake clock until the scheduler, which runs on its own thread, has waited for and fired the tick.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (host.Recorder.CountOf("Tick") == 0 && DateTime.UtcNow < deadline)
        {
            clock.Advance(TimeSpan.FromMinutes(10));
            await Task.Delay(10);
        }

        var run = Assert.Single(host.Recorder.Runs);
        Assert.True(clock.GetUtcNow() >= new DateTimeOffset(2026, 3, 3, 3, 0, 0, TimeSpan.Zero));
        Assert.Equal(new DateTime(2026, 3, 4, 3, 0, 0, DateTimeKind.Utc), run.Timer!.ScheduleStatus!.Next);
    }

    [Fact]
    public async Task TryRun_PreviousRunStillGoing_SkipsThisRun()
    {
        await using var host = await TestLocalHost.StartAsync();
        var runner = host.App.Services.GetRequiredService<TimerFunctionRunner>();
        var blocking = host.App.Services.GetRequiredService<IReadOnlyList<TimerSchedule>>().Single(t => t.Function.Name == "Blocking");
        var first = runner.RunAsync(blocking, "first", CancellationToken.None);
        await host.Recorder.BlockingStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));

        var overlapping = await runner.TryRunAsync(blocking, "overlapping", CancellationToken.None);
        host.Recorder.ReleaseBlocking.SetResult();
        await first.WaitAsync(TimeSpan.FromSeconds(10));
        var afterwards = await runner.TryRunAsync(blocking, "afterwards", CancellationToken.None);

        Assert.False(overlapping);
        Assert.True(afterwards);
        Assert.Equal(2, host.Recorder.CountOf("Blocking"));
    }

    [Fact]
    public async Task Scheduler_TimersDisabled_RunsNothing()
    {
        var clock = new FakeTimeProvider(Start);
        await using var host = await TestLocalHost.StartAsync(configureServices: services => services.AddSingleton<TimeProvider>(clock));

        for (var i = 0; i < 20; i++)
        {
            clock.Advance(TimeSpan.FromHours(6));
            await Task.Delay(5);
        }

        Assert.Empty(host.Recorder.Runs);
    }
}
