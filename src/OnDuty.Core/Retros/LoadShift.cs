using OnDuty.Core.Rotations;

namespace OnDuty.Core.Retros;

/// <summary>A duty week as the load report counts it: the date it starts and who held it (its pair).</summary>
public sealed record LoadShift(DateOnly StartDate, IReadOnlyList<string> MemberIds)
{
    /// <summary>When the shift starts and ends (its handoffs); both unset: hours on duty are not counted for it.</summary>
    public DateTimeOffset? StartsAt { get; init; }

    public DateTimeOffset? EndsAt { get; init; }

    /// <summary>The holidays and closure days (年末年始) in it, from the schedule's notes: the pair the shift ended with serves them.</summary>
    public int DaysOff { get; init; }

    /// <summary>Its covers for part of it: those that apply move their hours from the member to the replacement.</summary>
    public IReadOnlyList<Cover> Covers { get; init; } = [];

    /// <summary>
    /// Replacements for the rest of the shift made while it was on, oldest first: <see cref="MemberIds"/> is the pair as it
    /// ended, so each of these gives the hours before it back to the member replaced (like a cover from then to the end).
    /// </summary>
    public IReadOnlyList<LoadHandover> Handovers { get; init; } = [];

    /// <summary>The shift as the report counts it from the schedule and the rotation's stored changes (<see cref="HandoversOf"/>).</summary>
    public static LoadShift Of(ScheduledShift shift, RotationState state) =>
        new(shift.StartDate, shift.MemberIds) { StartsAt = shift.StartsAt, EndsAt = shift.EndsAt, Covers = shift.Covers, Handovers = HandoversOf(shift, state), DaysOff = DaysOffIn(shift) };

    /// <summary>
    /// The distinct holidays and closure days a shift's notes name (<see cref="NoteKind.IncludesHolidays"/>,
    /// <see cref="NoteKind.IncludesClosure"/>) that fall on a weekday: every week's pair serves a weekend, so a closure's Saturday and
    /// Sunday (年末年始's 1月2日・3日) or a holiday on a Sunday weigh nothing extra — counting them made the closure week weigh 6 days
    /// against a holiday Monday's 1.
    /// </summary>
    public static int DaysOffIn(ScheduledShift shift) =>
        shift.Notes.Where(n => n.Kind is NoteKind.IncludesHolidays or NoteKind.IncludesClosure).SelectMany(n => n.Days).Select(d => d.Date)
            .Where(d => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)).Distinct().Count();

    /// <summary>
    /// The whole-shift replacements (and swaps, and their taking-back) of <paramref name="shift"/> made after its handoff and
    /// before its end: the changes to its announcement when it was frozen, else its overrides by when they were created. A
    /// change made before the handoff held from the start, so it is none. Undone changes count too: the replacement was on
    /// duty until the undo put the member back.
    /// </summary>
    public static IReadOnlyList<LoadHandover> HandoversOf(ScheduledShift shift, RotationState state)
    {
        var made = state.Frozen.FirstOrDefault(f => f.ShiftStart == shift.StartDate) is { } frozen
            ? frozen.Changes.Where(c => !c.IsCover).Select(c => new LoadHandover(c.MemberId, c.ReplacementId, c.At))
            : state.Overrides.Where(o => !o.IsCover && o.ShiftStart == shift.StartDate).Select(o => new LoadHandover(o.MemberId, o.ReplacementId, o.CreatedAt));
        return [.. made.Where(h => h.At > shift.StartsAt && h.At < shift.EndsAt).OrderBy(h => h.At)];
    }

    /// <summary>
    /// The hours <paramref name="memberId"/> was on duty in this shift, as the duty report counts them (<see cref="DutySpans"/>, who
    /// the pager put on duty when): the hours they held a place in the pair (all of it, or up to or from a
    /// <see cref="Handovers">handover</see>), less what others covered of it, plus what they covered for someone else. A cover
    /// whose replacement was in the pair at the time (before a handover took them off) moves nothing: nobody is on duty twice.
    /// </summary>
    public double HoursOf(string memberId)
    {
        if (StartsAt is not { } start || EndsAt is not { } end || end <= start)
        {
            return 0;
        }

        var shift = new ScheduledShift(0, "", StartDate, StartDate, start, end,
            [.. MemberIds.Select(id => new Assignment(id, AssignmentKind.RotatingIn, AssignmentReason.None))], false, []) { Covers = Covers };
        return DutySpans.Of(shift, Handovers).Where(s => s.MemberId == memberId).Sum(s => s.Hours);
    }

    /// <summary>
    /// The part of this shift <paramref name="memberId"/> held a place in its pair, from 0 to 1 (covers aside: like the
    /// rotation, a cover for part of the shift leaves the pair as it is). 1 for the whole shift; a member replaced for the rest
    /// of it on Thursday 13:40 of a week from Monday 10:00 holds 75.7 of its 168 hours (0.45), the replacement the rest.
    /// </summary>
    public double ShareOf(string memberId) =>
        StartsAt is { } start && EndsAt is { } end && end > start
            ? PairHoursOf(memberId, start, end) / (end - start).TotalHours
            : MemberIds.Contains(memberId) ? 1 : 0; // a shift without times: as a whole

    /// <summary>Hours <paramref name="memberId"/> held a place in the pair: the pair at the handoff (the final one with the handovers taken back) changed at each handover.</summary>
    private double PairHoursOf(string memberId, DateTimeOffset start, DateTimeOffset end)
    {
        var pair = MemberIds.ToList();
        var applied = new List<LoadHandover>();
        foreach (var h in Handovers.Reverse())
        {
            // One that does not fit the pair as it ended (the schedule explains it otherwise) moves nothing.
            var slot = pair.IndexOf(h.ReplacementId);
            if (slot >= 0 && !pair.Contains(h.MemberId))
            {
                pair[slot] = h.MemberId;
                applied.Insert(0, h);
            }
        }

        var hours = 0.0;
        var since = start;
        foreach (var h in applied.Append<LoadHandover?>(null))
        {
            var until = h?.At ?? end;
            if (pair.Contains(memberId))
            {
                hours += (until - since).TotalHours;
            }

            if (h is not null)
            {
                pair[pair.IndexOf(h.MemberId)] = h.ReplacementId;
                since = h.At;
            }
        }

        return hours;
    }
}
