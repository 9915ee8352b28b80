using System.Globalization;

namespace OnDuty.Infrastructure.Http;

/// <summary>
/// The one reading of a provider's "try again later" answer: which statuses are worth another attempt, and how long the
/// service asked to wait (<c>retry-after-ms</c> / <c>x-ms-retry-after-ms</c> in milliseconds, <c>Retry-After</c> as seconds
/// or an HTTP date, measured on the injected clock). ACS, Graph and the Teams webhook all answer this way.
/// </summary>
internal static class RetryAfterHeader
{
    /// <summary>No answer (0), 408, 429 and 5xx: the provider may take it later; anything else will not change by waiting.</summary>
    public static bool IsTransientStatus(int status) => status is 0 or 408 or 429 or >= 500;

    /// <summary>The wait a response asked for; <paramref name="header"/> looks a header up by name (case-insensitive).</summary>
    public static TimeSpan? Read(Func<string, string?> header, TimeProvider time)
    {
        foreach (var name in (string[])["retry-after-ms", "x-ms-retry-after-ms"])
        {
            if (double.TryParse(header(name), NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds) && milliseconds >= 0)
            {
                return TimeSpan.FromMilliseconds(milliseconds);
            }
        }

        return Parse(header("Retry-After"), time);
    }

    /// <summary><c>Retry-After</c>: delta-seconds or an HTTP date (a date in the past means now).</summary>
    public static TimeSpan? Parse(string? value, TimeProvider time)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? date - time.GetUtcNow() is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero
            : null;
    }
}
