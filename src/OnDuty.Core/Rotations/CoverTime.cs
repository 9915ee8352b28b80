using System.Globalization;
using OnDuty.Core.Common;

namespace OnDuty.Core.Rotations;

/// <summary>
/// The start or end of a cover as a person or tool writes it: ISO 8601 with an offset (<c>2026-12-03T19:00+09:00</c>,
/// <c>…Z</c>), or a local date and time without one (<c>2026-12-03T19:00</c>, as a browser's date-time field sends), read in
/// the rotation's time zone.
/// </summary>
public static class CoverTime
{
    private static readonly string[] OffsetFormats =
    [
        "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
    ];

    private static readonly string[] LocalFormats =
    [
        "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss",
    ];

    /// <summary>The instant <paramref name="value"/> names, or null (with the error added under <paramref name="field"/>).</summary>
    public static DateTimeOffset? Parse(string value, TimeZoneInfo zone, string field, ValidationErrors errors)
    {
        var text = value.Trim();
        if (text.Length is > 0 and <= 40)
        {
            if (HasOffset(text)
                && DateTimeOffset.TryParseExact(text, OffsetFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var exact))
            {
                return exact;
            }

            if (!HasOffset(text)
                && DateTime.TryParseExact(text, LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            {
                if (zone.IsInvalidTime(local))
                {
                    errors.Add(field, $"'{text}' does not exist in {zone.Id} (the clocks skip it)", Refusal.Of(DutyRefusals.CoverNoSuchTime, ("time", text), ("timeZone", zone.Id)));
                    return null;
                }

                return new DateTimeOffset(local, zone.GetUtcOffset(local));
            }
        }

        errors.Add(field, "must be an ISO 8601 date and time like 2026-12-03T19:00+09:00 (without an offset: in the rotation's time zone)", Refusal.Of(DutyRefusals.CoverTime));
        return null;
    }

    private static bool HasOffset(string text) =>
        text.EndsWith('Z') || text.EndsWith('z')
        || (text.Length > 6 && (text[^6] is '+' or '-') && text[^3] == ':');
}
