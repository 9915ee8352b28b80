using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
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
        var error = Assert.Throws<OnDuty.Core.Common.SettingRefusedException>(() => TestLocalHost.Build(settings => settings.Remove("TestFunctions:TickSchedule")));

        Assert.Contains("'Tick'", error.Message);
        Assert.Contains("TestFunctions__TickSchedule", error.Message);
    }

    /// <summary>Said in the admin's words: the setting, its value, the function, and the form it takes with an example; not NCrontab's text.</summary>
    [Theory]
    [InlineData("0 0 3 * *")]
    [InlineData("every day")]
    public void Build_ScheduleNotSixFieldNcrontab_FailsNamingSettingFunctionAndForm(string schedule)
    {
        var error = Assert.Throws<OnDuty.Core.Common.SettingRefusedException>(() => TestLocalHost.Build(settings => settings["TestFunctions:TickSchedule"] = schedule));

        Assert.Equal(
            $"The setting TestFunctions__TickSchedule ('{schedule}', the schedule of timer function 'Tick') is not a six-field NCRONTAB schedule: "
            + "give second, minute, hour, day of month, month and day of week, e.g. '0 */5 * * * *' for every five minutes.",
            error.Message);
    }

    [Fact]
    public async Task Scheduler_TimersEnabled_RunsTimerAtItsNextOccurrenceInUtc()
    {
        var clock = new FakeTimeProvider(Start);
        await using var host = await TestLocalHost.StartAsync(
            settings => settings["LocalHost:DisableTimers"] = "false",
            services => services.AddSingleton<TimeProvider>(clock));
        var tick = Timer(host, "Tick");

        // Only the fake clock moves the scheduler: exactly to the occurrence it waits for, once.
        var first = await NextWaitAsync(tick, after: null);
        Assert.Equal(new DateTimeOffset(2026, 3, 3, 3, 0, 0, TimeSpan.Zero), first);
        Assert.Empty(host.Recorder.Runs);
        clock.SetUtcNow(first);
        var second = await NextWaitAsync(tick, after: first);

        Assert.Equal(new DateTimeOffset(2026, 3, 4, 3, 0, 0, TimeSpan.Zero), second);
        var run = Assert.Single(host.Recorder.Runs);
        Assert.Equal(new DateTime(2026, 3, 4, 3, 0, 0, DateTimeKind.Utc), run.Timer!.ScheduleStatus!.Next);
        Assert.Equal(new DateTime(2026, 3, 3, 3, 0, 0, DateTimeKind.Utc), run.Timer.ScheduleStatus.LastUpdated);
    }

    [Fact]
    public async Task Scheduler_ClockJumpsPastSeveralOccurrences_RunsOnceThenWaitsForTheNextFromNow()
    {
        var clock = new FakeTimeProvider(Start);
        await using var host = await TestLocalHost.StartAsync(
            settings =>
            {
                settings["LocalHost:DisableTimers"] = "false";
                settings["TestFunctions:TickSchedule"] = "0 0 * * * *";
            },
            services => services.AddSingleton<TimeProvider>(clock));
        var tick = Timer(host, "Tick");
        var first = await NextWaitAsync(tick, after: null);
        Assert.Equal(Start.AddHours(1), first);

        clock.SetUtcNow(Start.AddHours(4.5));
        var next = await NextWaitAsync(tick, after: first);

        Assert.Equal(Start.AddHours(5), next);
        Assert.Equal(1, host.Recorder.CountOf("Tick"));
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
        var scheduler = host.App.Services.GetServices<IHostedService>().OfType<TimerScheduler>().Single();

        // The scheduler has ended without waiting for anything, so no clock move can fire a timer.
        await scheduler.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(30));
        clock.Advance(TimeSpan.FromDays(7));

        Assert.All(host.App.Services.GetRequiredService<IReadOnlyList<TimerSchedule>>(), t => Assert.Null(t.WaitingFor));
        Assert.Empty(host.Recorder.Runs);
    }

    private static TimerSchedule Timer(TestLocalHost host, string name) =>
        host.App.Services.GetRequiredService<IReadOnlyList<TimerSchedule>>().Single(t => t.Function.Name == name);

    /// <summary>The scheduler's next wait once it differs from <paramref name="after"/>: by then any run in between has finished.</summary>
    private static async Task<DateTimeOffset> NextWaitAsync(TimerSchedule timer, DateTimeOffset? after)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (timer.WaitingFor is { } waiting && waiting != after)
            {
                return waiting;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The scheduler never waited for an occurrence after {after:O}.");
            await Task.Delay(20);
        }
    }
}
