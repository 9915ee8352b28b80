using System.Globalization;
using OnDuty.Core.Alerts;

namespace OnDuty.Core.Incidents;

/// <summary>One value a quiet correction replaced: as it was, and as it became.</summary>
public sealed record Corrected<T>(T From, T To);

/// <summary>
/// What a quiet correction (<see cref="TimelineKind.Corrected"/>, nobody told) replaced, kept on its row: the times that set 影響時間,
/// the report's minutes and the SLA figures, the severity, the title and the impact. A member is null when that value was not
/// corrected; a row stored before these were kept has none (<see cref="TimelineEntry.Corrected"/> null), and reads as before.
/// </summary>
public sealed record CorrectedValues
{
    public Corrected<DateTimeOffset>? StartedAt { get; init; }

    public Corrected<DateTimeOffset>? ResolvedAt { get; init; }

    public Corrected<AlertSeverity>? Severity { get; init; }

    public Corrected<string>? Title { get; init; }

    /// <summary>The impact as written (<see cref="Incident.UserImpact"/>); null From or To: there was none, or it was cleared.</summary>
    public Corrected<string?>? UserImpact { get; init; }

    /// <summary>The affected areas (<see cref="Incident.AffectedAreas"/>) as they were and became; an empty list: there were none, or they were cleared.</summary>
    public Corrected<IReadOnlyList<string>>? AffectedAreas { get; init; }

    /// <summary>The platforms (<see cref="Incident.Platforms"/>) as they were and became, as <see cref="AffectedAreas"/>.</summary>
    public Corrected<IReadOnlyList<string>>? Platforms { get; init; }

    public bool Any => StartedAt is not null || ResolvedAt is not null || Severity is not null || Title is not null || UserImpact is not null
        || AffectedAreas is not null || Platforms is not null;

    /// <summary>
    /// Two times as OnDuty's stored lines give them: in <paramref name="zone"/>, to the minute (<c>13:30</c>), with the date when the two
    /// fall on different days (<c>2026/12/04 23:58</c>).
    /// </summary>
    public static (string From, string To) StoredTimes(Corrected<DateTimeOffset> times, TimeZoneInfo zone)
    {
        var (from, to) = (TimeZoneInfo.ConvertTime(times.From, zone), TimeZoneInfo.ConvertTime(times.To, zone));
        var format = from.Date == to.Date ? "HH:mm" : "yyyy/MM/dd HH:mm";
        return (from.ToString(format, CultureInfo.InvariantCulture), to.ToString(format, CultureInfo.InvariantCulture));
    }

    /// <summary>How a corrected list's items are joined on its stored line (<see cref="Lines"/>).</summary>
    public const string ListSeparator = ", ";

    /// <summary>
    /// The corrections as OnDuty's stored lines (<see cref="TimelineTexts.CorrectedValue"/>: <c>corrected startedAt: 13:30 → 13:25</c>),
    /// which the pages, the retro and the report say in the reader's words: times in <paramref name="zone"/>, to the minute, with
    /// the date when the two fall on different days; a value there was none of as <see cref="TimelineTexts.NoDetails"/>.
    /// </summary>
    public IReadOnlyList<string> Lines(TimeZoneInfo zone)
    {
        var lines = new List<string>();
        Add("startedAt", StartedAt is { } s ? Times(s) : null);
        Add("resolvedAt", ResolvedAt is { } r ? Times(r) : null);
        Add("severity", Severity is { } v ? ($"SEV{(int)v.From}", $"SEV{(int)v.To}") : null);
        Add("title", Title is { } t ? (t.From, t.To) : null);
        Add("userImpact", UserImpact is { } u ? (Text(u.From), Text(u.To)) : null);
        Add("affectedAreas", AffectedAreas is { } a ? (List(a.From), List(a.To)) : null);
        Add("platforms", Platforms is { } pl ? (List(pl.From), List(pl.To)) : null);
        return lines;

        void Add(string field, (string From, string To)? values)
        {
            if (values is { } pair)
            {
                lines.Add(string.Format(CultureInfo.InvariantCulture, TimelineTexts.CorrectedValue, field, pair.From, pair.To));
            }
        }

        (string, string) Times(Corrected<DateTimeOffset> c) => StoredTimes(c, zone);

        // A list as the stored lines join one (", "), which the reader's words join again as their lists are.
        static string List(IReadOnlyList<string>? values) => values is { Count: > 0 } ? string.Join(ListSeparator, values.Select(v => v.ReplaceLineEndings(" "))) : TimelineTexts.NoDetails;

        static string Text(string? value) => string.IsNullOrWhiteSpace(value) ? TimelineTexts.NoDetails : value.ReplaceLineEndings(" ");
    }
}
