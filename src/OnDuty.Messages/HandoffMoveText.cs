using System.Globalization;
using OnDuty.Core.Calendar;
using OnDuty.Core.Common;

namespace OnDuty.Messages;

/// <summary>Says when and why a handoff moved, in the reader's phrases (plain text; templates encode it).</summary>
public static class HandoffMoveText
{
    /// <summary>Words by which an English closure name says it is one (<see cref="SaysClosure"/>).</summary>
    private static readonly string[] ClosureWords = ["closure", "closed", "shutdown"];

    /// <summary>
    /// e.g. "Handoff moved to Tue 24 Nov 2026 10:00 (JST; Mon 23 Nov 2026: Labour Thanksgiving Day, public holiday)",
    /// 「引き継ぎは 2026年11月24日(火) 10:00（JST）に変更（2026年11月23日(月)は勤労感謝の日（祝日）のため）」: at the move's own
    /// handoff time when it knows it (a shift of an earlier cadence keeps that cadence's time), else at <paramref name="handoffTime"/>,
    /// with the zone of the rotation (<paramref name="timeZoneId"/>) named as it is then (GMT or BST) — in English in the reason's
    /// brackets, in Japanese right after the time, before 「に変更」.
    /// </summary>
    public static string Describe(HandoffMove move, TimeOnly handoffTime, string timeZoneId, Phrases p)
    {
        var reasons = Reasons(move, p).Select(r => p.Format("Move.Reason", r.Days, r.What));
        var time = move.Time ?? handoffTime;
        var zone = p.ZoneName(timeZoneId, TimeZones.At(move.Date, time, TimeZones.Find(timeZoneId)));
        return p.Format("Move.Describe", p.Day(move.Date), time.ToString("HH:mm", CultureInfo.InvariantCulture), zone, string.Join(p["Move.ReasonSeparator"], reasons));
    }

    /// <summary>Short form for tables: "→ Tue 2026-11-24 (Labour Thanksgiving Day)".</summary>
    public static string Short(HandoffMove move, Phrases p) =>
        p.Format("Move.Short", p.Day(move.Date, "Format.TableDay"), string.Join(p["Move.ShortSeparator"], Reasons(move, p).Select(r => r.Name).Distinct()));

    /// <summary>
    /// Whether a closure's name already says it is one ("New Year closure", 「年末年始休業」): then it stands alone, not "New Year
    /// closure, company closure" or 「年末年始休業（休業日）」; "Stocktake" still reads "Stocktake, company closure", 「棚卸し（休業日）」.
    /// </summary>
    private static bool SaysClosure(string name, Core.Team.Language language) => language == Core.Team.Language.Ja
        ? ScheduleText.ClosureName(name, language) == name
        : name.Split([' ', '-', ','], StringSplitOptions.RemoveEmptyEntries).Any(word => ClosureWords.Contains(word, StringComparer.OrdinalIgnoreCase));

    private static List<(string Days, string What, string Name)> Reasons(HandoffMove move, Phrases p)
    {
        var groups = new List<(DateOnly From, DateOnly To, string Name, string Kind)>();
        foreach (var day in move.Skipped)
        {
            var name = day.Kind == NonWorkingKind.Weekend ? p["Move.Weekend"] : day.NameIn(p.Language);
            var kind = day.Kind switch
            {
                NonWorkingKind.PublicHoliday => p["Move.PublicHoliday"],
                NonWorkingKind.Closure when !SaysClosure(name, p.Language) => p["Move.Closure"],
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
            var days = g.From == g.To ? p.Day(g.From) : p.Format("Format.Range", p.Day(g.From), p.Day(g.To));
            var what = g.Kind.Length == 0 ? g.Name : p.Format("Move.NameWithKind", g.Name, g.Kind);
            return (days, what, g.Name);
        }).ToList();
    }
}
