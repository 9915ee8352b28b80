using OnDuty.Core.Team;

namespace OnDuty.Core.Rotations;

/// <summary>
/// A member's next duty shift and whom they serve it with: 「あなたの次回の当番：1月11日(月)からの週（佐藤さんと）」 in the weekly
/// announcement and the reminder (trial 32b M4), and <c>GET /rotations/{id}/members/{memberId}/next</c>.
/// </summary>
public sealed record NextDuty(ScheduledShift Shift, IReadOnlyList<Member> Partners)
{
    /// <summary>How many shifts ahead a next duty is looked for.</summary>
    public const int LookAhead = 26;

    /// <summary>
    /// <paramref name="memberId"/>'s next turn after the shift <paramref name="shifts"/> starts with: the first shift they are on
    /// after the run of shifts in a row they serve from it (weeks served in a row are one turn, so a member who stays next week
    /// reads the turn after). Null when none of <paramref name="shifts"/> has them.
    /// </summary>
    public static NextDuty? After(IReadOnlyList<ScheduledShift> shifts, string memberId, IReadOnlyDictionary<string, Member> roster, string timeZone)
    {
        var k = 0;
        while (k < shifts.Count && shifts[k].MemberIds.Contains(memberId))
        {
            k++;
        }

        var next = shifts.Skip(k).FirstOrDefault(s => s.MemberIds.Contains(memberId));
        return next is null ? null : Of(next, memberId, roster, timeZone);
    }

    /// <summary>
    /// The shifts after the first of <paramref name="shifts"/> that <paramref name="memberId"/> serves in a row with it: the rest
    /// of their turn, so a reminder or announcement says the whole of it (trial 34 H2: a part-timer on three weeks in a row,
    /// alone over 年末年始, read a one-week duty and her next turn a month later). Empty when the turn is the first shift only.
    /// </summary>
    public static IReadOnlyList<ScheduledShift> RestOfTurn(IReadOnlyList<ScheduledShift> shifts, string memberId) =>
        shifts.Count == 0 || !shifts[0].MemberIds.Contains(memberId) ? [] : [.. shifts.Skip(1).TakeWhile(s => s.MemberIds.Contains(memberId))];

    /// <summary>
    /// <paramref name="memberId"/>'s shifts of <paramref name="shifts"/> not started yet at <paramref name="now"/>, each as their duty:
    /// the next-duty API's answer and the first duty told to a newcomer (the welcome, the schedule-change mail of their first weeks).
    /// </summary>
    public static IEnumerable<NextDuty> Coming(IEnumerable<ScheduledShift> shifts, string memberId, IReadOnlyDictionary<string, Member> roster, DateTimeOffset now, string timeZone) =>
        shifts.Where(s => s.StartsAt > now && s.MemberIds.Contains(memberId)).Select(s => Of(s, memberId, roster, timeZone));

    /// <summary>
    /// <paramref name="shift"/> as <paramref name="memberId"/>'s duty, with the others on it (by roster entry; an id not on it by its id,
    /// in <paramref name="timeZone"/>, the rotation's).
    /// </summary>
    public static NextDuty Of(ScheduledShift shift, string memberId, IReadOnlyDictionary<string, Member> roster, string timeZone) => new(
        shift,
        [.. shift.MemberIds.Where(id => id != memberId).Select(id => roster.TryGetValue(id, out var m) ? m : new Member { Id = id, DisplayName = id, Email = "", TimeZone = timeZone })]);
}
