using System.Globalization;
using System.Resources;
using OnDuty.Core.Team;

namespace OnDuty.Messages;

/// <summary>
/// The phrases of one language, from <c>Resources/Strings.resx</c> (English, the neutral language) and
/// <c>Strings.{culture}.resx</c>: one key per phrase, <c>{0}</c> placeholders for what varies. A key missing in every
/// file is a bug and throws (the golden tests render every key in use).
/// </summary>
public sealed partial class Phrases
{
    private static readonly ResourceManager Resources = new("OnDuty.Messages.Resources.Strings", typeof(Phrases).Assembly);

    private Phrases(Language language, CultureInfo culture)
    {
        Language = language;
        Culture = culture;
    }

    public Language Language { get; }

    /// <summary>The culture for phrases and for day and month names in dates.</summary>
    public CultureInfo Culture { get; }

    /// <summary>The one mapping from a reader's <see cref="Team.Language"/> to a culture; a new language adds a line here and a resx file.</summary>
    public static Phrases For(Language language) => language switch
    {
        Language.Ja => Ja,
        _ => En,
    };

    private static readonly Phrases Ja = new(Language.Ja, CultureInfo.GetCultureInfo("ja-JP"));
    private static readonly Phrases En = new(Language.En, CultureInfo.GetCultureInfo("en-GB"));

    public string this[string key] =>
        Resources.GetString(key, Culture) ?? throw new InvalidOperationException($"No phrase '{key}' in Resources/Strings*.resx.");

    public bool Has(string key) => Resources.GetString(key, Culture) is not null;

    public string Format(string key, params object?[] args) => string.Format(Culture, this[key], args);

    /// <summary>The key for <paramref name="count"/> things: <c>{key}.One</c> for one where it exists ("1 incident", "once"), else <paramref name="key"/>.</summary>
    public string Counted(string key, int count) => count == 1 && Has($"{key}.One") ? $"{key}.One" : key;

    /// <summary>An instant in <paramref name="zone"/>, with the format kept under <paramref name="formatKey"/> (e.g. <c>Format.DateTime</c>).</summary>
    public string Time(DateTimeOffset at, TimeZoneInfo zone, string formatKey = "Format.DateTime") =>
        TimeZoneInfo.ConvertTime(at, zone).ToString(this[formatKey], Culture);

    /// <summary>
    /// A span of time as every notice writes it (<c>Format.Period</c>): <c>2026年12月3日(木) 10:00〜2026年12月10日(木) 10:00（JST）</c>,
    /// <c>Thu 3 Dec 2026 10:00 – Thu 10 Dec 2026 10:00 (JST)</c>; both ends in <paramref name="timeZoneId"/>, formatted with
    /// <paramref name="formatKey"/>.
    /// </summary>
    public string Period(DateTimeOffset from, DateTimeOffset to, string timeZoneId, string formatKey = "Format.DateTime")
    {
        var zone = OnDuty.Core.Common.TimeZones.Find(timeZoneId);
        return Format("Format.Period", Time(from, zone, formatKey), Time(to, zone, formatKey), ZoneName(timeZoneId, from, to));
    }

    /// <summary>
    /// <see cref="Period"/> for a reader's own clock (a member abroad): a span across her change of clocks names each end's zone as it
    /// is then, <c>Sun 7 Mar 2027 17:00 (PST) – Sun 14 Mar 2027 18:00 (PDT)</c>, 「3月7日(日) 17:00（PST）〜3月14日(日) 18:00（PDT）」,
    /// so the hour's move reads as her clocks' (session 61); else as <see cref="Period"/>.
    /// </summary>
    public string PeriodOnTheirClock(DateTimeOffset from, DateTimeOffset to, string timeZoneId, string formatKey = "Format.DateTime")
    {
        var zone = OnDuty.Core.Common.TimeZones.Find(timeZoneId);
        return ZoneName(timeZoneId, from) == ZoneName(timeZoneId, to)
            ? Period(from, to, timeZoneId, formatKey)
            : Format("Format.TimeRange", TimeWithZone(from, zone, timeZoneId, formatKey), TimeWithZone(to, zone, timeZoneId, formatKey));
    }

    /// <summary>
    /// <see cref="Period"/> saying a date once when both ends fall on the same local day, as a maintenance window's card and rows say
    /// it: <c>2026年12月12日(土) 01:00〜03:00（JST）</c>, <c>2026/12/12 01:00〜03:00（JST）</c> (<c>Format.Stamp</c>),
    /// <c>Sat 12 Dec 2026 01:00 – 03:00 (JST)</c>; across midnight both dates, as <see cref="Period"/>.
    /// </summary>
    public string DayPeriod(DateTimeOffset from, DateTimeOffset to, string timeZoneId, string formatKey = "Format.DateTime")
    {
        var zone = OnDuty.Core.Common.TimeZones.Find(timeZoneId);
        var (start, end) = (TimeZoneInfo.ConvertTime(from, zone), TimeZoneInfo.ConvertTime(to, zone));
        return Format("Format.Period", start.ToString(this[formatKey], Culture),
            end.ToString(start.Date == end.Date ? this["Format.Clock"] : this[formatKey], Culture), ZoneName(timeZoneId, from, to));
    }

    /// <summary>
    /// A cover's time as its notices write it, in <paramref name="zone"/>: <c>12月3日(木) 19:00〜23:00</c>,
    /// <c>Thu 3 Dec 2026 19:00 – 23:00</c>; the end's date is said only when it is another day.
    /// </summary>
    public string CoverRange(DateTimeOffset from, DateTimeOffset to, TimeZoneInfo zone)
    {
        var (start, end) = CoverEnds(from, to, zone);
        return Format("Format.TimeRange", start, end);
    }

    /// <summary>
    /// <see cref="CoverRange"/> with its zone, as a change says when it applies: <c>1月12日(火) 11:00〜1月18日(月) 10:00（JST）</c>,
    /// <c>Tue 12 Jan 2027 11:00 – Mon 18 Jan 2027 10:00 (JST)</c>.
    /// </summary>
    public string CoverPeriod(DateTimeOffset from, DateTimeOffset to, string timeZoneId)
    {
        var (start, end) = CoverEnds(from, to, OnDuty.Core.Common.TimeZones.Find(timeZoneId));
        return Format("Format.Period", start, end, ZoneName(timeZoneId, from, to));
    }

    private (string Start, string End) CoverEnds(DateTimeOffset from, DateTimeOffset to, TimeZoneInfo zone)
    {
        var (start, end) = (TimeZoneInfo.ConvertTime(from, zone), TimeZoneInfo.ConvertTime(to, zone));
        return (start.ToString(this["Format.CoverStart"], Culture),
            end.ToString(start.Date == end.Date ? this["Format.CoverEndSameDay"] : this["Format.CoverStart"], Culture));
    }

    /// <summary>
    /// A day as prose says it (<c>Format.Day</c>): 「2026年12月11日(金)」, "Fri 11 Dec 2026" — one English style with the times'
    /// "Sat 5 Dec 2026 03:09" (trial 39 L5); a table's column passes <c>Format.TableDay</c> (English "Fri 2026-12-11", sortable by eye).
    /// </summary>
    public string Day(DateOnly date, string formatKey = "Format.Day") => date.ToString(this[formatKey], Culture);

    /// <summary>
    /// Leave's days as the member entered them, as the duty page lists leave (「12月24日(木)〜12月25日(金)」, "Thu 24 Dec – Fri 25 Dec"); for
    /// a member in another zone than the team's, with the hours they cover in the team's beside them (trial 59:
    /// 「12月24日(木)〜12月25日(金)（現地時間。JSTでは12月24日(木) 17:00〜12月26日(土) 17:00）」): her Christmas is not Tokyo's.
    /// </summary>
    public string LeaveDays(DateOnly from, DateOnly to, string? memberZoneId, string teamZoneId)
    {
        var days = from == to ? Day(from, "Format.DayOffDay") : Format("PmPage.DutyPage.Leave.Range", Day(from, "Format.DayOffDay"), Day(to, "Format.DayOffDay"));
        return LeaveHours(from, to, memberZoneId, teamZoneId) is { } hours ? Format("Leave.OtherZone", days, hours.Range, hours.Zone) : days;
    }

    /// <summary>
    /// The hours leave's days (<paramref name="from"/> to <paramref name="to"/>, in the member's zone) cover in the team's, and that zone's
    /// name (「12月24日(木) 17:00〜12月26日(土) 17:00」, 「JST」); null for a member in the team's zone (their days are the team's).
    /// </summary>
    public (string Range, string Zone)? LeaveHours(DateOnly from, DateOnly to, string? memberZoneId, string teamZoneId)
    {
        if (!OnDuty.Core.Common.TimeZones.TryFind(memberZoneId, out var own) || !OnDuty.Core.Common.TimeZones.TryFind(teamZoneId, out var team) || Leave.SameZone(own, team))
        {
            return null;
        }

        var (start, end) = Leave.SpanOf(from, to, own);
        return (CoverRange(start, end, team), ZoneName(teamZoneId, start, end));
    }

    /// <summary>
    /// A sentence about a member on leave, the day last: <paramref name="key"/> with the leave's last day while it runs (「12月18日(金)まで休暇中」);
    /// on the non-working days after it its <c>.Back</c> variant with the first working day back (「休暇明けの12月21日(月)まで」), since
    /// 「18日(金)まで休暇中」 read on the Saturday after says she is back. For a member in another zone (<see cref="LeaveAbsence.Abroad"/>)
    /// whose leave ends at a time that is not midnight in the team's zone, that time in the team's terms (trial 61:
    /// 「2026年12月26日(土) 17:00（JST）まで休暇中」, "on leave until Sat 26 Dec 2026 17:00 (JST)"); the day it ends there otherwise.
    /// </summary>
    public string OnLeave(string key, LeaveAbsence away, params object?[] before) =>
        away.LastDayPassed
            ? Format(key + ".Back", [.. before, away.Abroad is { } a ? LeaveEdge(a.Back, a.TeamZone, lastDay: false) : Day(away.BackOn)])
            : Format(key, [.. before, away.Abroad is { } b ? LeaveEdge(b.Ends, b.TeamZone, lastDay: true) : Day(away.LastDay)]);

    /// <summary>
    /// An end of leave (<paramref name="at"/>, an instant) in <paramref name="zone"/>: at a midnight there the day as a whole — the day
    /// before it for the leave's last day (<paramref name="lastDay"/>), the day itself for the day back —, else the time with the zone.
    /// </summary>
    private string LeaveEdge(DateTimeOffset at, TimeZoneInfo zone, bool lastDay)
    {
        var day = OnDuty.Core.Common.TimeZones.DateAt(at, zone);
        return OnDuty.Core.Common.TimeZones.StartOfDay(day, zone) == at ? Day(lastDay ? day.AddDays(-1) : day) : TimeWithZone(at, zone, zone.Id);
    }

    /// <summary>
    /// A note in brackets after <paramref name="text"/> as the reader writes it (<c>Format.Aside</c>): full-width in Japanese
    /// (<c>11:00（JST）</c>, <c>田中 健（継続）</c>), half-width after a space in English (<c>11:00 (JST)</c>).
    /// </summary>
    public string Aside(string text, string aside) => Format("Format.Aside", text, aside);

    /// <summary>
    /// An instant in <paramref name="zone"/> with its zone's name in brackets: <c>2027年1月12日(火) 11:00（JST）</c>; a
    /// <paramref name="note"/> joins the zone in the same brackets (<c>2027/01/12 11:30（JST、あと 20 分）</c>, <c>12 Jan 2027 11:30 (JST, in 20 min)</c>),
    /// never a second pair. The one way a page or a notice says a time standing on its own: the zone is the zone of the time shown,
    /// named as it is at that instant (<see cref="ZoneName(string?, DateTimeOffset)"/>: GMT or BST).
    /// </summary>
    public string TimeWithZone(DateTimeOffset at, TimeZoneInfo zone, string? timeZoneId, string formatKey = "Format.DateTime", string? note = null) =>
        Aside(Time(at, zone, formatKey), note is null ? ZoneName(timeZoneId, at) : Join([ZoneName(timeZoneId, at), note]));

    /// <summary>
    /// A time zone as readers write it next to a time at <paramref name="at"/>, the one naming rule of every page and notice (and of
    /// <see cref="ReaderClock"/>): the abbreviation the zone has then, from the resources (<c>Zone.Asia.Tokyo</c> JST,
    /// <c>Zone.Europe.London</c> GMT, its <c>.Summer</c> BST while summer time is kept), else the zone's id as configured.
    /// </summary>
    public string ZoneName(string? timeZoneId, DateTimeOffset at)
    {
        if (string.IsNullOrEmpty(timeZoneId))
        {
            return "";
        }

        var key = ZoneKey(timeZoneId);
        var summer = OnDuty.Core.Common.TimeZones.TryFind(timeZoneId, out var zone) && IsSummerTime(zone, at);
        return (summer ? Resources.GetString(key + ".Summer", Culture) : null) ?? Resources.GetString(key, Culture) ?? timeZoneId;
    }

    /// <summary>
    /// Whether <paramref name="at"/> is in the zone's summer time: its offset then is the larger of the year's two. Not
    /// <see cref="TimeZoneInfo.IsDaylightSavingTime(DateTimeOffset)"/>: Europe/Dublin's data keeps Irish Standard Time (summer) as
    /// standard and GMT (winter) as a negative daylight saving time, so that call says a December time in Dublin is summer time.
    /// </summary>
    private static bool IsSummerTime(TimeZoneInfo zone, DateTimeOffset at)
    {
        var january = zone.GetUtcOffset(new DateTimeOffset(at.Year, 1, 15, 12, 0, 0, TimeSpan.Zero));
        var july = zone.GetUtcOffset(new DateTimeOffset(at.Year, 7, 15, 12, 0, 0, TimeSpan.Zero));
        return january != july && zone.GetUtcOffset(at) == (january > july ? january : july);
    }

    /// <summary>
    /// A time zone named for no one instant (a heading over a column of times): its abbreviation when it is the same all year
    /// (JST), else the zone's id — a London column may hold GMT and BST times.
    /// </summary>
    public string ZoneName(string? timeZoneId)
    {
        if (string.IsNullOrEmpty(timeZoneId))
        {
            return "";
        }

        var key = ZoneKey(timeZoneId);
        return Resources.GetString(key + ".Summer", Culture) is null ? Resources.GetString(key, Culture) ?? timeZoneId : timeZoneId;
    }

    /// <summary>A span's zone: its name at both ends when it is the same (JST, GMT), else the zone's id (a span across the change of clocks).</summary>
    public string ZoneName(string? timeZoneId, DateTimeOffset from, DateTimeOffset to) =>
        ZoneName(timeZoneId, from) is var name && name == ZoneName(timeZoneId, to) ? name : timeZoneId ?? "";

    private static string ZoneKey(string timeZoneId) => "Zone." + timeZoneId.Trim().Replace('/', '.');

    /// <summary>
    /// A name with the reader's honorific (<c>Name.Honorific</c>: 「伊藤さん」): a role or team typed in brackets after the name
    /// stays after the honorific — 「木村 大輔さん（開発）」, never 「木村 大輔（開発）さん」 (trial 36, L5). 「退任したメンバー」 (someone whose
    /// personal data was erased) is not a name and takes none: never 「退任したメンバーさん」.
    /// </summary>
    public string Honorific(string? name)
    {
        name ??= "";
        if (name == this["Member.Former.Erased"])
        {
            return name;
        }

        var bracket = TrailingBracket().Match(name);
        return bracket.Success && bracket.Index > 0
            ? Format("Name.Honorific", name[..bracket.Index]) + name[bracket.Index..].TrimEnd()
            : Format("Name.Honorific", name);
    }

    /// <summary>A bracketed note closing a name, full- or half-width: 「（開発）」, " (Dev)".</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"\s*[（(][^（）()]*[）)]\s*$")]
    internal static partial System.Text.RegularExpressions.Regex TrailingBracket();

    /// <summary>
    /// A phrase as it starts a line, in the reader's case: sentence case in English (「cause updated, next steps updated」 as
    /// 「Cause updated, next steps updated」); a first word that is not all small letters (「iOS」, an address) stays as it is.
    /// </summary>
    public string LineStart(string line)
    {
        if (Language != Language.En)
        {
            return line;
        }

        var word = line.AsSpan(0, line.IndexOf(' ') is var space and >= 0 ? space : line.Length).TrimEnd(",;:");
        return word.Length > 0 && !word.ContainsAnyExceptInRange('a', 'z') ? char.ToUpperInvariant(line[0]) + line[1..] : line;
    }

    public string Join(IEnumerable<string> items) => string.Join(this["List.Separator"], items);

    /// <summary>
    /// A channel as the timeline names it (<c>email</c>, <c>sms</c>, <c>call</c>, <c>teams</c>: <see cref="Core.Notifications.ChannelNames.Name"/>)
    /// in the reader's words: メール, SMS, 電話, Teams; one without a phrase as named.
    /// </summary>
    public string ChannelName(string name) => Has($"Timeline.Channel.{name}") ? this[$"Timeline.Channel.{name}"] : name;

    /// <summary>Items as a sentence lists them: "A, B and C" in English, "A・B・C" in Japanese.</summary>
    public string JoinAnd(IReadOnlyList<string> items) => items.Count <= 1
        ? string.Concat(items)
        : string.Join(this["List.NameSeparator"], items.Take(items.Count - 1)) + this["Reason.Names.Last"] + items[^1];

    /// <summary>Names for a subject line: "A, B &amp; C" in English, "A・B・C" in Japanese.</summary>
    public string JoinNames(IReadOnlyList<string> names) => names.Count <= 1
        ? string.Concat(names)
        : string.Join(this["List.NameSeparator"], names.Take(names.Count - 1)) + this["List.NameLast"] + names[^1];
}
