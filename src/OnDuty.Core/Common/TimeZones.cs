namespace OnDuty.Core.Common;

/// <summary>IANA time zone lookup that refuses unknown names instead of guessing.</summary>
public static class TimeZones
{
    public static bool TryFind(string? id, out TimeZoneInfo zone)
    {
        zone = TimeZoneInfo.Utc;
        if (string.IsNullOrWhiteSpace(id))
        {
            return false;
        }

        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(id);
            return zone.HasIanaId || TimeZoneInfo.TryConvertWindowsIdToIanaId(id, out _);
        }
        catch (TimeZoneNotFoundException)
        {
            return false;
        }
        catch (InvalidTimeZoneException)
        {
            return false;
        }
    }

    /// <summary>The date it is in <paramref name="zone"/> at <paramref name="at"/>.</summary>
    public static DateOnly DateAt(DateTimeOffset at, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime);

    /// <summary>The instant <paramref name="date"/> begins in <paramref name="zone"/> (its local midnight).</summary>
    public static DateTimeOffset StartOfDay(DateOnly date, TimeZoneInfo zone) => At(date, TimeOnly.MinValue, zone);

    /// <summary>The instant it is <paramref name="time"/> on <paramref name="date"/> in <paramref name="zone"/> (a wall-clock time there).</summary>
    public static DateTimeOffset At(DateOnly date, TimeOnly time, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(time);
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    public static TimeZoneInfo Find(string id) =>
        TryFind(id, out var zone) ? zone : throw new ValidationException("timeZone", $"'{id}' is not a known IANA time zone");
}
