using System.Globalization;
using System.Text.RegularExpressions;
using OnDuty.Core.Common;
using OnDuty.Core.Team;

namespace OnDuty.Messages;

/// <summary>Who reads a refusal: a person on a page (told which box to tick) or a caller of the API (told which field to send).</summary>
public enum RefusalReader
{
    Page,
    Api,
}

/// <summary>
/// A <see cref="Refusal"/> in the reader's language: <c>Refusal.{code}</c> with its arguments put in by name — a member as
/// colleagues say them (「木村さん」: family name + さん for a Japanese reader, the display name in English), a date as the duty
/// texts write it (1月12日(火)), a time with it and its zone (12月3日(木) 19:00（JST）: the refusal's <c>timeZone</c>, named as
/// every page names it, else the time's offset 「UTC+9」) — once after a span's end (12月3日(木) 19:00〜23:00（JST）), <c>week</c> as
/// 「1月11日(月)からの週」 when its first day is given — then what to do, for a page (<c>Refusal.{code}.Page</c>) or the API
/// (<c>Refusal.{code}.Api</c>) where it differs.
/// A reader who knows the rotation's shifts last longer than a week (the duty page) reads the shift's words instead, by the mails'
/// rule (<c>ShiftKey</c>: 「その当番期間のメンバーから選んでください」), and <c>week</c> as its span (「1月4日(月)からの4週間」).
/// </summary>
public static partial class RefusalText
{
    /// <summary>Arguments that are member ids.</summary>
    private static readonly string[] MemberArgs = ["member", "replacement", "covered"];

    /// <summary>
    /// Arguments that make a refusal say more than its week (<c>Refusal.{code}.{variant}</c> when the catalogs have it): a cover's
    /// own range, the hours leave overlaps a duty on part of a day, and leave entered for only some of the days asked for. A span of
    /// one day is said as that day (<c>.Day</c> after the key) where the catalogs have it; when something was done (<c>at</c>: a
    /// change taken back 12月7日(月) 10:30（JST）) where the refusal knows it.
    /// </summary>
    private static readonly (string Arg, string Variant)[] Variants = [("coverUntil", "Cover"), ("overlapFrom", "Hours"), ("partly", "Part"), ("at", "At")];

    /// <summary>Arguments that begin a span with the next: a time there leaves its zone to the span's end when that is a time too.</summary>
    private static readonly Dictionary<string, string> SpanEnds = new(StringComparer.Ordinal)
    {
        ["from"] = "to",
        ["starts"] = "ends",
        ["coverFrom"] = "coverUntil",
        ["overlapFrom"] = "overlapTo",
    };

    /// <summary>Whether the catalogs say <paramref name="code"/> (an older code or another area's falls back to the English message).</summary>
    public static bool Knows(string code) => Phrases.For(Language.En).Has($"Refusal.{code}");

    /// <summary>
    /// The refusal as a sentence or two; <paramref name="roster"/> names the members (an id not in it is said as it is);
    /// <paramref name="shiftWeeks"/>: how long the rotation's shifts last, when the reader's page knows (the API's callers are told weeks).
    /// </summary>
    public static string Say(Refusal refusal, Language language, RefusalReader reader, IReadOnlyDictionary<string, Member>? roster = null, int shiftWeeks = 1)
    {
        var p = Phrases.For(language);
        var key = Variants.Where(v => refusal.Args.ContainsKey(v.Arg)).Select(v => $"Refusal.{refusal.Code}.{v.Variant}").FirstOrDefault(p.Has)
            ?? $"Refusal.{refusal.Code}";
        key = OneDay(refusal) && p.Has($"{key}.Day") ? $"{key}.Day" : key;
        // A page names a week as its lists do in a sentence ("the week of Tue 12 Jan", 「1月12日(火)からの週」); the API keeps the ISO label.
        var area = reader == RefusalReader.Page ? "Brief" : "Week";
        var phrase = p[NoticeRenderer.ShiftPhrase(shiftWeeks, key, p)];
        var text = Fill(phrase, refusal, p, roster, shiftWeeks, area);
        text = phrase.StartsWith("{week}", StringComparison.Ordinal) ? Capitalized(text) : text;
        var hint = $"Refusal.{refusal.Code}.{reader}";
        return p.Has(hint) ? text + p["Refusal.Then"] + Fill(p[NoticeRenderer.ShiftPhrase(shiftWeeks, hint, p)], refusal, p, roster, shiftWeeks, area) : text;
    }

    /// <summary>A span of whole days that is one day (leave on 2月10日 only): said as that day, not 「2月10日(水)〜2月10日(水)」.</summary>
    private static bool OneDay(Refusal refusal) =>
        refusal.Args.TryGetValue("from", out var from) && refusal.Args.TryGetValue("to", out var to) && Date(from) is not null && from == to;

    /// <summary>A sentence opening with a week said in words ("the week of Tue 12 Jan is over") starts with a capital.</summary>
    private static string Capitalized(string text) => text.Length > 0 && char.IsAsciiLetterLower(text[0]) ? char.ToUpperInvariant(text[0]) + text[1..] : text;

    /// <summary>The phrase with its arguments put in by name; a <c>source</c> not given (or without words) says nothing.</summary>
    private static string Fill(string phrase, Refusal refusal, Phrases p, IReadOnlyDictionary<string, Member>? roster, int shiftWeeks, string area) =>
        Placeholder().Replace(phrase, m => refusal.Args.TryGetValue(m.Groups[1].Value, out var value)
            ? Arg(m.Groups[1].Value, value, refusal, p, roster, shiftWeeks, area)
            : m.Groups[1].Value == "source" ? "" : m.Value);

    private static string Arg(string name, string value, Refusal refusal, Phrases p, IReadOnlyDictionary<string, Member>? roster, int shiftWeeks, string area)
    {
        if (MemberArgs.Contains(name))
        {
            return roster is not null && roster.TryGetValue(value, out var member) && !string.IsNullOrWhiteSpace(member.DisplayName)
                ? NoticeRenderer.Called(member.DisplayName, member.Language, p)
                : p.Honorific(value);
        }

        if (name == "source")
        {
            // Where an entry came from, as an aside after what it is (「（Outlook の予定表から）」); typed in OnDuty needs no words.
            return p.Has($"Refusal.source.{value}") ? p[$"Refusal.source.{value}"] : "";
        }

        if (name == "week")
        {
            return refusal.Args.TryGetValue("weekStart", out var start) && Date(start) is { } first
                ? NoticeRenderer.ShiftLabel(value, first, shiftWeeks, p, area)
                : value;
        }

        if (name == "starts" && value.Contains(',', StringComparison.Ordinal))
        {
            return p.Join(value.Split(',').Select(d => Date(d) is { } day ? Day(day, p) : d));
        }

        if (Date(value) is { } date)
        {
            return Day(date, p);
        }

        if (Time(value) is not { } at)
        {
            return value;
        }

        var time = Day(DateOnly.FromDateTime(at.DateTime), p) + at.ToString(" HH:mm", CultureInfo.InvariantCulture);
        var spanGoesOn = SpanEnds.TryGetValue(name, out var end) && refusal.Args.TryGetValue(end, out var ends) && Time(ends) is not null;
        return spanGoesOn ? time : p.Aside(time, ZoneName(at, refusal, p));
    }

    /// <summary>
    /// The zone a refusal's local time is written in, as every page names it (JST; GMT or BST), from its <c>timeZone</c> argument
    /// when that zone has the time's offset then; else the offset itself (「UTC+9」), never a name that could be wrong.
    /// </summary>
    private static string ZoneName(DateTimeOffset at, Refusal refusal, Phrases p) =>
        refusal.Args.TryGetValue("timeZone", out var id) && TimeZones.TryFind(id, out var zone) && zone.GetUtcOffset(at) == at.Offset
            ? p.ZoneName(id, at)
            : ReaderClock.Utc(at.Offset);

    private static DateTimeOffset? Time(string value) =>
        DateTimeOffset.TryParseExact(value, "yyyy-MM-dd'T'HH:mmzzz", CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) ? at : null;

    private static DateOnly? Date(string value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    private static string Day(DateOnly d, Phrases p) => d.ToString(p["Format.ReasonDay"], p.Culture);

    [GeneratedRegex("\\{([A-Za-z]+)\\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
