using System.Globalization;
using OnDuty.Core.Team;

namespace OnDuty.Core.Calendar;

/// <summary>Says when and why a handoff moved, in the reader's language (plain text; callers encode for HTML/cards/iCalendar).</summary>
public static class HandoffMoveText
{
    /// <summary>e.g. "Handoff moved to Tue 2026-11-24 10:00 (Mon 2026-11-23: Labour Thanksgiving Day, public holiday)".</summary>
    public static string Describe(HandoffMove move, TimeOnly handoffTime, Language language)
    {
        var reasons = Reasons(move, language);
        var time = handoffTime.ToString("HH:mm", CultureInfo.InvariantCulture);
        return language == Language.Ja
            ? $"引き継ぎは {Day(move.Date, language)} {time} に変更（{string.Join("、", reasons.Select(r => $"{r.Days} は{r.What}"))} のため）"
            : $"Handoff moved to {Day(move.Date, language)} {time} ({string.Join("; ", reasons.Select(r => $"{r.Days}: {r.What}"))})";
    }

    /// <summary>Short form for tables: "→ Tue 2026-11-24 (Labour Thanksgiving Day)".</summary>
    public static string Short(HandoffMove move, Language language)
    {
        var names = Reasons(move, language).Select(r => r.Name).Distinct();
        return language == Language.Ja
            ? $"→ {Day(move.Date, language)}（{string.Join("・", names)}）"
            : $"→ {Day(move.Date, language)} ({string.Join(", ", names)})";
    }

    public static string Day(DateOnly date, Language language) => language == Language.Ja
        ? date.ToString("yyyy-MM-dd (ddd)", CultureInfo.GetCultureInfo("ja-JP"))
        : date.ToString("ddd yyyy-MM-dd", CultureInfo.GetCultureInfo("en-GB"));

    private static List<(string Days, string What, string Name)> Reasons(HandoffMove move, Language language)
    {
        var groups = new List<(DateOnly From, DateOnly To, string Name, string Kind)>();
        foreach (var day in move.Skipped)
        {
            var name = day.Kind == NonWorkingKind.Weekend ? (language == Language.Ja ? "週末" : "weekend") : day.NameIn(language);
            var kind = day.Kind switch
            {
                NonWorkingKind.PublicHoliday => language == Language.Ja ? "祝日" : "public holiday",
                NonWorkingKind.Closure => language == Language.Ja ? "休業日" : "company closure",
                _ => "",
            };
            if (groups.Count > 0 && groups[^1].Name == name && groups[^1].Kind == kind && groups[^1].To.AddDays(1) == day.Date)
            {
                groups[^1] = groups[^1] with { To = day.Date };
            }
            else
            {
                groups.Add((day.Date, day.Date, name, kind));
            }
        }

        return groups.Select(g =>
        {
            var days = g.From == g.To ? Day(g.From, language) : $"{Day(g.From, language)} – {Day(g.To, language)}";
            var what = g.Kind.Length == 0 ? g.Name : language == Language.Ja ? $"{g.Name}（{g.Kind}）" : $"{g.Name}, {g.Kind}";
            return (days, what, g.Name);
        }).ToList();
    }
}
