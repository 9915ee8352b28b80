using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using NCrontab;
using OnDuty.Core.Common;

namespace OnDuty.LocalHost;

/// <summary>A timer function with its schedule resolved from configuration and parsed, in UTC.</summary>
internal sealed partial class TimerSchedule
{
    private static readonly CrontabSchedule.ParseOptions SixFields = new() { IncludingSeconds = true };

    private TimerSchedule(FunctionDescriptor function, string expression, CrontabSchedule schedule)
    {
        Function = function;
        Expression = expression;
        Cron = schedule;
    }

    public FunctionDescriptor Function { get; }

    /// <summary>The NCRONTAB expression after <c>%Setting%</c> substitution.</summary>
    public string Expression { get; }

    private CrontabSchedule Cron { get; }

    /// <summary>Lets a scheduled tick and an admin run of the same function never overlap.</summary>
    public SemaphoreSlim RunGate { get; } = new(1, 1);

    public DateTimeOffset? LastRun { get; set; }

    /// <summary>
    /// The occurrence the scheduler waits for next; null until it starts waiting (never, with timers off). It changes only
    /// after the previous run has finished, so a test can move a fake clock exactly to it and know when the run is over.
    /// </summary>
    public DateTimeOffset? WaitingFor
    {
        get
        {
            var ticks = Interlocked.Read(ref _waitingForTicks);
            return ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }

        set => Interlocked.Exchange(ref _waitingForTicks, value?.UtcTicks ?? 0);
    }

    private long _waitingForTicks;

    public DateTimeOffset NextAfter(DateTimeOffset instant) =>
        new(DateTime.SpecifyKind(Cron.GetNextOccurrence(instant.UtcDateTime), DateTimeKind.Utc));

    public static IReadOnlyList<TimerSchedule> ResolveAll(FunctionCatalog catalog, IConfiguration configuration) =>
        catalog.Functions.Where(f => f.Trigger == FunctionTriggerKind.Timer).Select(f => Resolve(f, configuration)).ToList();

    public static TimerSchedule Resolve(FunctionDescriptor function, IConfiguration configuration)
    {
        var expression = SettingReference().Replace(function.Schedule!, match =>
        {
            var name = match.Groups["name"].Value;
            // The Functions host reads app settings as environment variables, where "__" stands for ":".
            return configuration[name]
                ?? configuration[name.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal)]
                ?? throw new SettingRefusedException(
                    $"Timer function '{function.Name}' takes its schedule from setting '{name}', which is not configured (set it in local.settings.json Values or as an environment variable).");
        });

        try
        {
            return new TimerSchedule(function, expression, CrontabSchedule.Parse(expression, SixFields));
        }
        catch (CrontabException)
        {
            // In the admin's words, not NCrontab's ("'every' is not a valid [Second] crontab field value…"): the setting to change
            // and the form it takes, with an example.
            var setting = SettingReference().Match(function.Schedule!) is { Success: true } only && only.Value == function.Schedule
                ? $"The setting {only.Groups["name"].Value} ('{expression}', the schedule of timer function '{function.Name}')"
                : $"Timer function '{function.Name}' has schedule '{expression}'{(expression == function.Schedule ? "" : $" (from '{function.Schedule}')")}, which";
            throw new SettingRefusedException(
                $"{setting} is not a six-field NCRONTAB schedule: give second, minute, hour, day of month, month and day of week, e.g. '0 */5 * * * *' for every five minutes.");
        }
    }

    [GeneratedRegex("%(?<name>[^%]+)%")]
    private static partial Regex SettingReference();
}
