using OnDuty.Core.Common;

namespace OnDuty.Messages;

/// <summary>
/// Times as a stakeholder audience reads them (<c>Comms__Audiences__{name}__TimeZone</c>): in the team's zone with its name
/// (「2026年12月3日(木) 10:00（JST）」) when the readers are in it, else in theirs with the team's beside it — the team's date only
/// when its day is another: 「Thu 3 Dec 2026 13:50 GMT (22:50 JST)」, 「2026年12月2日(水) 20:00（GMT）／12月3日 05:00（JST）」.
/// Zone names at the instant as every page names them (<see cref="Phrases.ZoneName(string?, DateTimeOffset)"/>, GMT or BST), else the offset then (「UTC+1」).
/// </summary>
internal sealed class ReaderClock
{
    private const string NoticeFormat = "Format.NoticeDateTime";

    private readonly Phrases p;
    private readonly string teamId;
    private readonly TimeZoneInfo? reader;
    private readonly string? readerId;

    /// <param name="readerZoneId">The readers' zone; null, unknown or the team's (by any spelling): the team's only.</param>
    public ReaderClock(Phrases phrases, string teamZoneId, string? readerZoneId)
    {
        p = phrases;
        teamId = teamZoneId;
        Team = TimeZones.Find(teamZoneId);
        if (readerZoneId is not null && TimeZones.TryFind(readerZoneId, out var zone) && !string.Equals(zone.Id, Team.Id, StringComparison.OrdinalIgnoreCase))
        {
            reader = zone;
            readerId = readerZoneId;
        }
    }

    /// <summary>The team's zone (<c>Incidents__TimeZone</c>).</summary>
    public TimeZoneInfo Team { get; }

    /// <summary>The reader lives in another zone than the team's: times are said in theirs first.</summary>
    public bool OtherZone => reader is not null;

    /// <summary>An instant with its zone: the team's (「… 10:00（JST）」), or the reader's with the team's beside it.</summary>
    public string At(DateTimeOffset at) => At(at, NoticeFormat);

    /// <summary>
    /// The clock alone, for a text sent as it happens: 「11:05（JST）」, or the reader's with the team's beside it, its date only when the
    /// team's day is another: 「18:05（PST）／12月8日 11:05（JST）」.
    /// </summary>
    public string ClockAt(DateTimeOffset at) => At(at, "Format.Clock");

    private string At(DateTimeOffset at, string format)
    {
        if (reader is null)
        {
            return p.TimeWithZone(at, Team, teamId, format);
        }

        return p.Format("Format.TwoZones", p.Time(at, reader, format), ZoneAt(readerId!, reader, at), TeamTime(at, TimeZones.DateAt(at, reader)), ZoneAt(teamId, Team, at));
    }

    /// <summary>
    /// A sentence with a time in it: <paramref name="key"/> with <paramref name="before"/>, the time and the zone's name in the team's
    /// zone; its <c>.Zones</c> variant with <paramref name="before"/> and <see cref="At"/> for readers in another.
    /// </summary>
    public string Say(string key, DateTimeOffset at, params object?[] before) => reader is null
        ? p.Format(key, [.. before, p.Time(at, Team, NoticeFormat), p.ZoneName(teamId, at)])
        : p.Format(key + ".Zones", [.. before, At(at)]);

    /// <summary>
    /// Two times of one sentence in the readers' zone (the team's when theirs is the same): the clock (「03:09」), with the date when the two
    /// fall on different days (「12月4日(金) 23:58」).
    /// </summary>
    public (string From, string To) Clocks(DateTimeOffset from, DateTimeOffset to)
    {
        var zone = reader ?? Team;
        var format = TimeZones.DateAt(from, zone) == TimeZones.DateAt(to, zone) ? "Format.Clock" : "Format.ShortDateTime";
        return (p.Time(from, zone, format), p.Time(to, zone, format));
    }

    /// <summary>The name of the zone <see cref="Clocks"/> writes in, at <paramref name="at"/>: the readers' (GMT, BST), else the team's (JST).</summary>
    public string ClocksZone(DateTimeOffset at) => reader is null ? p.ZoneName(teamId, at) : ZoneAt(readerId!, reader, at);

    /// <summary>
    /// ■影響時間: from <paramref name="from"/> to <paramref name="to"/> and how long (<paramref name="length"/>), the end's date only when it
    /// is another day: 「1月12日(火) 10:10〜10:40（JST）、約30分」; for readers in another zone theirs first, then the team's.
    /// </summary>
    public string Span(DateTimeOffset from, DateTimeOffset to, string length)
    {
        if (reader is null)
        {
            var sameDay = TimeZones.DateAt(from, Team) == TimeZones.DateAt(to, Team);
            // With the zone, as every other time of the notice has it (「12月5日(土) 15:12〜15:18（JST）、約6分」).
            return p.Format("Stakeholder.ImpactTime.Span", p.Time(from, Team, "Format.ShortDateTime"), p.Time(to, Team, sameDay ? "Format.CoverEndSameDay" : "Format.ShortDateTime"), length, p.ZoneName(teamId, from, to));
        }

        var (theirFrom, theirTo) = (TimeZones.DateAt(from, reader), TimeZones.DateAt(to, reader));
        return p.Format(
            "Stakeholder.ImpactTime.Span.Zones",
            p.Time(from, reader, "Format.ShortDateTime"),
            p.Time(to, reader, theirFrom == theirTo ? "Format.CoverEndSameDay" : "Format.ShortDateTime"),
            ZoneAt(readerId!, reader, to),
            TeamTime(from, theirFrom),
            TeamTime(to, TimeZones.DateAt(from, Team)),
            ZoneAt(teamId, Team, to),
            length);
    }

    /// <summary>The team's time beside the reader's: the clock, with the date when the team's day is not <paramref name="besideDay"/>.</summary>
    private string TeamTime(DateTimeOffset at, DateOnly besideDay) =>
        p.Time(at, Team, TimeZones.DateAt(at, Team) == besideDay ? "Format.CoverEndSameDay" : "Format.OtherZoneDayTime");

    /// <summary>
    /// A zone's name at <paramref name="at"/> by the one rule of every page (<see cref="Phrases.ZoneName(string?, DateTimeOffset)"/>: GMT or
    /// BST, JST), else — a zone the resources do not name — the offset then (「UTC+1」): beside another zone's time an offset reads better than an id.
    /// </summary>
    private string ZoneAt(string id, TimeZoneInfo zone, DateTimeOffset at)
    {
        var name = p.ZoneName(id, at);
        return name == id ? Utc(zone.GetUtcOffset(at)) : name;
    }

    /// <summary>An offset as 「UTC+9」, 「UTC-3:30」, 「UTC」 for none.</summary>
    public static string Utc(TimeSpan offset) => offset == TimeSpan.Zero
        ? "UTC"
        : $"UTC{(offset < TimeSpan.Zero ? "-" : "+")}{Math.Abs(offset.Hours)}{(offset.Minutes != 0 ? $":{Math.Abs(offset.Minutes):00}" : "")}";
}
