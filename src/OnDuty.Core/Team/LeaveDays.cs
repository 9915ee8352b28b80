using System.Globalization;
using OnDuty.Core.Common;

namespace OnDuty.Core.Team;

/// <summary>
/// Leave's days seen from <see cref="Today"/> (the team's date): the days already past are only recorded — nobody can be
/// replaced for them any more and the rota does not change — and what leave warns of looks at the days from today on.
/// </summary>
public sealed record LeaveDays(DateOnly From, DateOnly To, DateOnly Today)
{
    /// <summary>Leave from <paramref name="from"/> to <paramref name="to"/> seen at <paramref name="now"/> in <paramref name="zone"/>.</summary>
    public static LeaveDays At(DateOnly from, DateOnly to, DateTimeOffset now, TimeZoneInfo zone) => new(from, to, TimeZones.DateAt(now, zone));

    /// <summary>The days before today, or null when the leave starts today or later.</summary>
    public (DateOnly From, DateOnly To)? Past => From < Today ? (From, To < Today ? To : Today.AddDays(-1)) : null;

    /// <summary>The days from today on, or null when the leave lies entirely in the past.</summary>
    public (DateOnly From, DateOnly To)? Coming => To >= Today ? (From > Today ? From : Today, To) : null;

    /// <summary>Every day of the leave is before today: recorded, nothing to warn of.</summary>
    public bool AllPast => Coming is null;

    /// <summary>
    /// What the API answers of the past days (<c>notes</c>, beside <c>warnings</c>): none when the leave starts today or later.
    /// Not a warning: a sick day reported afterwards is history, recorded as it is.
    /// </summary>
    public IReadOnlyList<string> Notes => Past is not { } past ? []
        : Coming is { } coming
            ? [string.Format(CultureInfo.InvariantCulture, PartlyPastNote, past.From, past.To, coming.From, coming.To)]
            : [string.Format(CultureInfo.InvariantCulture, PastNote, past.From, past.To)];

    /// <summary>{0}, {1} the leave's first and last day: the note of leave lying entirely in the past.</summary>
    public const string PastNote = "{0:yyyy-MM-dd} to {1:yyyy-MM-dd} are past days: the leave is recorded and the duty rota does not change";

    /// <summary>{0}, {1} the past days; {2}, {3} the days from today on: the note of leave that started before today.</summary>
    public const string PartlyPastNote = "{0:yyyy-MM-dd} to {1:yyyy-MM-dd} are past days and only recorded; the warnings consider {2:yyyy-MM-dd} to {3:yyyy-MM-dd}";

    /// <summary>Days as the duty page's address carries them (<c>2027-01-11..2027-01-12</c>).</summary>
    public static string Format((DateOnly From, DateOnly To) days) =>
        string.Create(CultureInfo.InvariantCulture, $"{days.From:yyyy-MM-dd}..{days.To:yyyy-MM-dd}");

    /// <summary>The days <see cref="Format"/> wrote, or null for anything else (a link anyone can make: read strictly).</summary>
    public static (DateOnly From, DateOnly To)? Parse(string? text)
    {
        var parts = (text ?? "").Split("..");
        return parts.Length == 2
            && DateOnly.TryParseExact(parts[0], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from)
            && DateOnly.TryParseExact(parts[1], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var to)
            && from <= to
            ? (from, to)
            : null;
    }
}
