namespace OnDuty.Core.Team;

/// <summary>
/// The days of the week a member works (a part-timer's <c>["mon","tue","wed"]</c>), by the API's names. The team works Monday
/// to Friday (the calendar's weekends are Saturday and Sunday); a member without days set works the team's days.
/// </summary>
public static class WorkingDays
{
    /// <summary>The API's day names, Monday first.</summary>
    public static readonly IReadOnlyList<string> Names = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

    /// <summary>The team's working days, Monday first.</summary>
    public static readonly IReadOnlyList<DayOfWeek> Team = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    public const string Rule = "must list day names (mon, tue, wed, thu, fri, sat, sun), at least one, each once";

    /// <summary>The day an API name stands for (<c>"mon"</c>), any case; null for anything else.</summary>
    public static DayOfWeek? Parse(string? name) =>
        Names.ToList().FindIndex(n => string.Equals(n, name?.Trim(), StringComparison.OrdinalIgnoreCase)) is var i and >= 0 ? Day(i) : null;

    /// <summary>The API's name of <paramref name="day"/>.</summary>
    public static string NameOf(DayOfWeek day) => Names[Index(day)];

    /// <summary>Monday 0 … Sunday 6 (the order days are listed in).</summary>
    public static int Index(DayOfWeek day) => ((int)day + 6) % 7;

    private static DayOfWeek Day(int index) => (DayOfWeek)((index + 1) % 7);

    /// <summary>Whether <paramref name="days"/> is a valid setting: known names, at least one, none twice.</summary>
    public static bool IsValid(IReadOnlyList<string> days) =>
        days.Count > 0 && days.All(d => Parse(d) is not null) && days.Select(Parse).Distinct().Count() == days.Count;

    /// <summary>The names in week order, lower case (as stored and answered).</summary>
    public static IReadOnlyList<string> Normalize(IEnumerable<string> days) =>
        [.. days.Select(Parse).OfType<DayOfWeek>().Distinct().OrderBy(Index).Select(NameOf)];

    /// <summary>
    /// Of the team's working days, those that none of <paramref name="members"/> works (empty when a full-timer is among them).
    /// </summary>
    public static IReadOnlyList<DayOfWeek> Uncovered(IEnumerable<Member> members)
    {
        var list = members.ToList();
        return [.. Team.Where(d => !list.Any(m => m.WorksOn(d)))];
    }
}
