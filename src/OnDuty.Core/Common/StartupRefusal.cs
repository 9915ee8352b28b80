using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace OnDuty.Core.Common;

/// <summary>
/// How both hosts (the Functions worker and LocalHost) stop when a setting is refused: its sentences alone, one a line, on the
/// error output and exit code 1. Any other exception is a bug and keeps its stack trace.
/// </summary>
public static class StartupRefusal
{
    public const int ExitCode = 1;

    /// <summary>Runs <paramref name="start"/>; a refused setting is written to <paramref name="error"/> and returns <see cref="ExitCode"/>.</summary>
    public static async Task<int> RunAsync(Func<Task> start, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            await start();
            return 0;
        }
        catch (Exception refused) when (Messages(refused) is { } messages)
        {
            // The settings to fix, in the admin's words: a stack trace would only bury them.
            foreach (var message in messages)
            {
                await error.WriteLineAsync(message);
            }

            await error.FlushAsync();
            return ExitCode;
        }
    }

    /// <summary>
    /// Every options check the host would make when it starts (<c>ValidateOnStart</c>), made now: call it right after the host
    /// is built. A service created before the host's own check reads its options on the spot (the mail sender reads Email, a
    /// hosted service needing it is created first): a failure there stopped the start naming that section alone, before the
    /// other sections were checked, and the host logged it as "Hosting failed to start" with a stack trace. Every section's
    /// failures are thrown together (an <see cref="AggregateException"/> of several), for <see cref="RunAsync"/> to print.
    /// </summary>
    public static void CheckSettings(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.GetService<IStartupValidator>()?.Validate();
    }

    /// <summary>
    /// The sentences of a refused setting, one per failure: an unreadable value, a failed options check (every options type
    /// <c>ValidateOnStart</c> found failing, which it throws together as an <see cref="AggregateException"/>), a refused value.
    /// Null for any other exception, or an aggregate holding one.
    /// </summary>
    public static IReadOnlyList<string>? Messages(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        switch (error)
        {
            case SettingsFormatException unreadable:
                return unreadable.Failures;
            case OptionsValidationException failed:
                return failed.Failures.SelectMany(Lines).ToList();
            case SettingRefusedException refused:
                return Lines(refused.Message).ToList();
            case AggregateException { InnerExceptions.Count: > 0 } several:
                var all = several.InnerExceptions.Select(Messages).ToList();
                return all.Any(m => m is null) ? null : all.SelectMany(m => m!).Distinct().ToList();
            default:
                return null;
        }
    }

    private static string[] Lines(string message) => message.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
