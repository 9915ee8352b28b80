using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Hosting;
using OnDuty.Core.Common;

namespace OnDuty.LocalHost;

/// <summary>
/// <c>LocalHost__Now</c>: the app's clock starts at that instant and runs on in real time, so a team can try locally what
/// happens on another day — the announcement of the week over New Year, a reminder, an alert at 03:00 on a holiday and its
/// escalation — with the timers firing as they would then. Development only: a shifted clock elsewhere would page on the
/// wrong day. Only the app's <see cref="TimeProvider"/> moves; storage, providers' request signing and logs keep real time.
/// </summary>
public sealed partial class LocalHostClock(TimeSpan offset, TimeProvider real) : TimeProvider
{
    public const string Setting = "LocalHost__Now";

    /// <summary>How far ahead (or behind, negative) of the real clock this one runs.</summary>
    public TimeSpan Offset { get; } = offset;

    /// <summary>The real clock's time moved by <see cref="Offset"/>: it runs on as the real one does.</summary>
    public override DateTimeOffset GetUtcNow() => real.GetUtcNow() + Offset;

    public override long GetTimestamp() => real.GetTimestamp();

    public override TimeZoneInfo LocalTimeZone => real.LocalTimeZone;

    /// <summary>
    /// The clock <paramref name="now"/> asks for (ISO 8601 with its offset: <c>2027-01-01T03:00+09:00</c>), or null when unset.
    /// A value without an offset, one that is not a time, or any value outside Development stops the start naming the setting.
    /// </summary>
    public static LocalHostClock? From(string? now, IHostEnvironment environment, TimeProvider? real = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (string.IsNullOrWhiteSpace(now))
        {
            return null;
        }

        if (!environment.IsDevelopment())
        {
            throw new SettingRefusedException(
                $"{Setting} shifts the clock pages and announcements go by, and is refused outside the Development environment (this is {environment.EnvironmentName}): remove it.");
        }

        var value = now.Trim();
        if (!WithOffset().IsMatch(value)
            || !DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var start))
        {
            throw new SettingRefusedException(
                $"{Setting} '{now}' is not a date and time with its offset: give it as 2027-01-01T03:00+09:00 (or ...Z for UTC).");
        }

        real ??= System;
        return new LocalHostClock(start - real.GetUtcNow(), real);
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex WithOffset();
}
