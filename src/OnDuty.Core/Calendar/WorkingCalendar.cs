using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using OnDuty.Core.Common;
using PublicHoliday;

namespace OnDuty.Core.Calendar;

/// <summary>
/// Weekends, the configured country's public holidays (computed by the PublicHoliday library, cached per year)
/// and company closures from configuration. Pure computation: same settings, same answer.
/// </summary>
public sealed class WorkingCalendar : IWorkingCalendar
{
    /// <summary>Supported <see cref="CalendarOptions.Country"/> values.</summary>
    public static readonly IReadOnlyList<string> Countries = ["JP", "US", "GB", "DE", "IE", "none"];

    // The library names Japanese holidays in English and calls a substitute holiday by the name of the holiday it
    // replaces; the Japanese names and fixed dates let us say 振替休日 where that is what the day is.
    private static readonly Dictionary<string, (string Ja, int Month, int Day)> Japanese = new(StringComparer.OrdinalIgnoreCase)
    {
        ["New Year"] = ("元日", 1, 1),
        ["Coming Of Age Day"] = ("成人の日", 0, 0),
        ["Foundation Day"] = ("建国記念の日", 2, 11),
        ["Emperor's Birthday"] = ("天皇誕生日", 2, 23),
        ["Vernal Equinox Day"] = ("春分の日", 0, 0),
        ["Shōwa Day"] = ("昭和の日", 4, 29),
        ["Constitution Memorial Day"] = ("憲法記念日", 5, 3),
        ["Greenery Day"] = ("みどりの日", 5, 4),
        ["Children's Day"] = ("こどもの日", 5, 5),
        ["Marine Day"] = ("海の日", 0, 0),
        ["Mountain Day"] = ("山の日", 8, 11),
        ["Respect For The Aged Day"] = ("敬老の日", 0, 0),
        ["Autumnal Equinox Day"] = ("秋分の日", 0, 0),
        ["Health And Sports Day"] = ("スポーツの日", 0, 0),
        ["Culture Day"] = ("文化の日", 11, 3),
        ["Labour Thanksgiving Day"] = ("勤労感謝の日", 11, 23),
    };

    // The library names Irish holidays in Irish (「Lá Fhéile Pádraig」); English readers, and the public holiday lists, say them so.
    private static readonly Dictionary<string, string> Irish = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Lá Caille"] = "New Year's Day",
        ["Imbolc"] = "St Brigid's Day",
        ["Lá Fhéile Pádraig"] = "St Patrick's Day",
        ["Luan Cásca"] = "Easter Monday",
        ["Lá Bealtaine"] = "May Bank Holiday",
        ["Lá Saoire i mí an Mheithimh"] = "June Bank Holiday",
        ["Lá Saoire i mí Lúnasa"] = "August Bank Holiday",
        ["Lá Saoire i mí Dheireadh Fómhair"] = "October Bank Holiday",
        ["Lá Nollag"] = "Christmas Day",
        ["Lá Fhéile Stiofáin"] = "St Stephen's Day",
    };

    // Other countries' holidays as a Japanese reader knows them (「St Patrick's Day」 in a ja mail read as a foreign word), keyed by
    // the name English readers get (the library's, or the English one above); a holiday not listed keeps that name.
    private static readonly Dictionary<string, string> ForeignInJapanese = new(StringComparer.OrdinalIgnoreCase)
    {
        // Ireland (named in English above).
        ["New Year's Day"] = "元日",
        ["St Brigid's Day"] = "聖ブリジッドの日",
        ["St Patrick's Day"] = "聖パトリックの祝日",
        ["Easter Monday"] = "イースターマンデー",
        ["May Bank Holiday"] = "5月のバンクホリデー",
        ["June Bank Holiday"] = "6月のバンクホリデー",
        ["August Bank Holiday"] = "8月のバンクホリデー",
        ["October Bank Holiday"] = "10月のバンクホリデー",
        ["Christmas Day"] = "クリスマス",
        ["St Stephen's Day"] = "聖ステファノの日",

        // United Kingdom and United States (the library's names).
        ["New Year"] = "元日",
        ["Good Friday"] = "聖金曜日",
        ["Early May"] = "5月初めのバンクホリデー",
        ["Spring"] = "春のバンクホリデー",
        ["Summer"] = "夏のバンクホリデー",
        ["Christmas"] = "クリスマス",
        ["Boxing Day"] = "ボクシング・デー",
        ["Martin Luther King Day"] = "キング牧師記念日",
        ["President's Day"] = "大統領の日",
        ["Memorial Day"] = "戦没将兵追悼記念日",
        ["Juneteenth"] = "奴隷解放記念日",
        ["Independence Day"] = "独立記念日",
        ["Labor Day"] = "労働者の日",
        ["Columbus Day"] = "コロンブス・デー",
        ["Veteran's Day"] = "退役軍人の日",
        ["Thanksgiving"] = "感謝祭",

        // Germany (the library names them in German).
        ["Neujahrstag"] = "元日",
        ["Karfreitag"] = "聖金曜日",
        ["Ostermontag"] = "イースターマンデー",
        ["Tag der Arbeit"] = "メーデー",
        ["Christi Himmelfahrt"] = "キリスト昇天祭",
        ["Pfingstmontag"] = "聖霊降臨祭の翌月曜日",
        ["Tag der Deutschen Einheit"] = "ドイツ統一の日",
        ["Weihnachtstag"] = "クリスマス",
        ["Zweiter Weihnachtsfeiertag"] = "クリスマス第2日",
    };

    private readonly string _country;
    private readonly PublicHolidayBase? _holidays;
    private readonly IReadOnlyList<ClosureOptions> _closures;
    private readonly ConcurrentDictionary<int, IReadOnlyDictionary<DateOnly, NonWorkingDay>> _byYear = new();

    public WorkingCalendar(IOptions<CalendarOptions> options)
        : this(options.Value.Country, options.Value.Closures)
    {
    }

    public WorkingCalendar(string country, IEnumerable<ClosureOptions> closures)
    {
        _country = country.ToUpperInvariant();
        _holidays = _country switch
        {
            "JP" => new JapanPublicHoliday(),
            "US" => new USAPublicHoliday(),
            "GB" => new UKBankHoliday(),
            "DE" => new GermanPublicHoliday(),
            "IE" => new IrelandPublicHoliday(),
            "NONE" => null,
            _ => throw new ArgumentException($"Calendar__Country '{country}' is not supported; use one of {string.Join(", ", Countries)}.", nameof(country)),
        };
        _closures = closures.Where(c => c.From is not null && c.To is not null && !string.IsNullOrWhiteSpace(c.Name)).ToList();
    }

    public NonWorkingDay? NonWorking(DateOnly date)
    {
        foreach (var closure in _closures)
        {
            if (closure.From <= date && date <= closure.To)
            {
                var name = closure.Name!.Trim();
                return new NonWorkingDay(date, NonWorkingKind.Closure, string.IsNullOrWhiteSpace(closure.NameEn) ? EnglishClosureName(name) : closure.NameEn.Trim(), name);
            }
        }

        if (HolidaysOf(date.Year).TryGetValue(date, out var holiday))
        {
            return holiday;
        }

        return date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday
            ? new NonWorkingDay(date, NonWorkingKind.Weekend, date.DayOfWeek.ToString(), date.DayOfWeek == DayOfWeek.Saturday ? "土曜日" : "日曜日")
            : null;
    }

    private IReadOnlyDictionary<DateOnly, NonWorkingDay> HolidaysOf(int year) =>
        _holidays is null || year is < 1950 or > 2200
            ? new Dictionary<DateOnly, NonWorkingDay>()
            : _byYear.GetOrAdd(year, Load);

    private Dictionary<DateOnly, NonWorkingDay> Load(int year)
    {
        var days = new Dictionary<DateOnly, NonWorkingDay>();
        foreach (var (when, name) in _holidays!.PublicHolidayNames(year))
        {
            var date = DateOnly.FromDateTime(when);
            days[date] = _country switch
            {
                "JP" => Japan(date, name),
                "IE" when Irish.TryGetValue(name.Trim(), out var english) => Foreign(date, english),
                _ => Foreign(date, Titled(name)),
            };
        }

        if (_country == "IE")
        {
            Ireland(days);
        }

        if (_country == "JP")
        {
            // 国民の休日: a weekday between two public holidays is a holiday too (e.g. 2026-09-22); the library leaves it out.
            foreach (var date in days.Keys.ToList())
            {
                var between = date.AddDays(1);
                if (days.ContainsKey(date.AddDays(2)) && !days.ContainsKey(between) && between.DayOfWeek != DayOfWeek.Sunday)
                {
                    days[between] = new NonWorkingDay(between, NonWorkingKind.PublicHoliday, "Citizens' Holiday", "国民の休日");
                }
            }
        }

        return days;
    }

    /// <summary>
    /// Irish public holidays that fall on a weekend (St Stephen's Day on Saturday 26 December 2026) are taken on the next working
    /// day (Monday 28 December), as Irish employers and banks observe them; the library lists only the day itself. In date order,
    /// so Christmas Day and St Stephen's Day on a weekend are taken on Monday and Tuesday.
    /// </summary>
    private static void Ireland(Dictionary<DateOnly, NonWorkingDay> days)
    {
        foreach (var holiday in days.Values.Where(d => d.Date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday).OrderBy(d => d.Date).ToList())
        {
            var instead = holiday.Date.AddDays(1);
            while (instead.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday || days.ContainsKey(instead))
            {
                instead = instead.AddDays(1);
            }

            var name = $"Substitute holiday for {holiday.Name}";
            days[instead] = new NonWorkingDay(instead, NonWorkingKind.PublicHoliday, name, holiday.NameJa != holiday.Name ? $"振替休日（{holiday.NameJa}）" : name);
        }
    }

    /// <summary>Another country's holiday: <paramref name="english"/> for English readers, its Japanese name where one is well known.</summary>
    private static NonWorkingDay Foreign(DateOnly date, string english) =>
        new(date, NonWorkingKind.PublicHoliday, english, ForeignInJapanese.GetValueOrDefault(english, english));

    private static NonWorkingDay Japan(DateOnly date, string name)
    {
        var en = Titled(name);
        if (!Japanese.TryGetValue(name.Trim(), out var ja))
        {
            return new NonWorkingDay(date, NonWorkingKind.PublicHoliday, en, en);
        }

        // The day the holiday itself falls on: a fixed date, or the equinox (computed); the library lists a substitute under the
        // holiday's name, on another day. Happy Monday holidays (成人の日, 海の日 …) are on a Monday and never substituted.
        var nominal = ja.Month != 0 ? new DateOnly(date.Year, ja.Month, ja.Day) : EquinoxDay(ja.Ja, date.Year);
        return nominal is { } day && day != date
            ? new NonWorkingDay(date, NonWorkingKind.PublicHoliday, $"Substitute holiday for {en}", $"振替休日（{ja.Ja}）")
            : new NonWorkingDay(date, NonWorkingKind.PublicHoliday, en, ja.Ja);
    }

    /// <summary>
    /// 春分の日 or 秋分の日 of <paramref name="year"/> by the usual approximation of the equinox in Japan (valid 1980–2099, as the
    /// Cabinet Office announces it); null for any other holiday or year, which is then named as the library has it.
    /// </summary>
    internal static DateOnly? EquinoxDay(string nameJa, int year)
    {
        if (year is < 1980 or > 2099)
        {
            return null;
        }

        var years = year - 1980;
        return nameJa switch
        {
            "春分の日" => new DateOnly(year, 3, (int)(20.8431 + (0.242194 * years)) - (years / 4)),
            "秋分の日" => new DateOnly(year, 9, (int)(23.2488 + (0.242194 * years)) - (years / 4)),
            _ => null,
        };
    }

    /// <summary>
    /// A closure's name for English readers when it has no <see cref="ClosureOptions.NameEn"/>: a Japanese name said as a company
    /// closure, still naming which one — 「年末年始」 as "年末年始 company closure" ("this week includes the 年末年始 company closure
    /// (29 Dec – 3 Jan)"), as a substitute holiday is "Substitute holiday for …" —; a name not in Japanese (「Stocktake」) as it is.
    /// </summary>
    internal static string EnglishClosureName(string name) => TextScript.HasCjk(name) ? $"{name} company closure" : name;

    /// <summary>Words English titles leave in lower case unless they come first.</summary>
    private static readonly HashSet<string> Minor = new(["a", "an", "and", "as", "at", "but", "by", "for", "in", "nor", "of", "on", "or", "the", "to"], StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// A holiday's name as English titles write it: the library capitalises every word ("Coming Of Age Day", "Respect For The
    /// Aged Day"); articles, conjunctions and short prepositions after the first word are lower case ("Coming of Age Day").
    /// </summary>
    internal static string Titled(string name)
    {
        var words = name.Trim().Split(' ');
        for (var k = 1; k < words.Length; k++)
        {
            if (Minor.Contains(words[k]))
            {
                words[k] = words[k].ToLowerInvariant();
            }
        }

        return string.Join(' ', words);
    }
}
