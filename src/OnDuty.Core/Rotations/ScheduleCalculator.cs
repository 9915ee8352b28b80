using OnDuty.Core.Common;

namespace OnDuty.Core.Rotations;

/// <summary>Works out who is on each shift, and why. See the class remarks for the rules.</summary>
/// <remarks>
/// <para>The schedule is simulated from shift 0 (the rotation's start date) on every call, so it is a pure
/// function of the stored input: same input, same shifts, same reasons.</para>
/// <list type="number">
/// <item><b>Eligible</b> for a shift: listed in <see cref="Rotation.Members"/>, on the roster, active, and with no
/// leave overlapping the shift's local dates (start date to the day before the next handoff).</item>
/// <item><b>Turns.</b> Staggered with P people per shift: a turn lasts P consecutive shifts and exactly one turn
/// starts each shift; at shift 0 all P start, the first picked serving 1 shift, the second 2, …, so the stagger
/// exists at once. Block: every turn lasts one shift, so all P change at each handoff.</item>
/// <item><b>Dropping out.</b> A member whose turn continues but who is no longer eligible drops out; someone
/// rotates in for the rest of that turn (a "fill-in", which counts as a turn). A slot nobody eligible can fill
/// stays empty with a note, and is filled at the next shift; the calculator never throws for a thin roster.</item>
/// <item><b>The queue.</b> Whoever rotates in is the eligible member not already on the shift who rotated in
/// least recently (never = first); of members who rotated in at the same shift (a block), the one picked first there comes first,
/// so the queue is first in, first out; members who never rotated in go by position in <see cref="Rotation.Members"/>. Leave does not
/// cost a place: a member skipped for leave keeps their (now oldest) last turn, so they get the next turn they
/// are free for, unless the experience mix puts an experienced member ahead, and then go to the back: missed
/// turns are not made up back to back. With no leave and no
/// experience preference, turn counts of any two members differ by at most one at every shift.</item>
/// <item><b>Experience mix</b> (<see cref="Rotation.MixExperience"/>): when the shift already has members and
/// all of them are inexperienced on its start date, the first experienced member in queue order rotates in
/// instead of the queue head. If there is none, the queue head rotates in and the shift gets the note
/// "no experienced member available". So a shift is all-inexperienced only when no experienced member was
/// free to rotate in.</item>
/// <item><b>Overrides</b> (matched by the shift's local start date) are applied in creation order to the computed
/// shift: the member is replaced (Replace → <see cref="AssignmentKind.Override"/>, Swap →
/// <see cref="AssignmentKind.Swap"/>). An override whose member is not on the shift, or whose replacement already
/// is, is ignored with a note. Overrides never change the queue: the simulation continues as if the original
/// member served.</item>
/// <item><b>Frozen shifts</b> (matched by start date) are reported exactly as stored. The simulation then continues
/// from what was announced: a computed member missing from the announcement is taken off (if their turn started
/// at that shift it is undone, so they keep their place in the queue); an announced member the computation did
/// not expect continues their turn if they were on the previous shift, otherwise counts as rotating in there and
/// takes over a vacated turn (continuing turns keep their end; the rest share the remaining ends, earliest first).
/// A frozen shift that matches the computation (overrides included) changes nothing. Leave inside a frozen shift does not
/// make anyone ineligible for it (the pair is final; a person replaces a member), so it moves no later shift either: the
/// result is the same whether leave was entered before or after a replacement in that shift.</item>
/// <item>Overrides and frozen shifts dated on a day that is not a shift start are ignored.</item>
/// </list>
/// <para>Cost is linear in shifts × rotation members (leave is pre-sorted per member and walked once).</para>
/// </remarks>
public static class ScheduleCalculator
{
    /// <summary>Most shifts one call returns.</summary>
    public const int MaxCount = 1000;

    /// <summary>Shifts are simulated from 0 on every call, so how far ahead one may look is bounded.</summary>
    public const int MaxIndex = 10_000;

    /// <summary>Shifts <paramref name="fromIndex"/> to <paramref name="fromIndex"/> + <paramref name="count"/> - 1.</summary>
    /// <remarks>
    /// Shifts before the rotation's first start (negative indexes) exist only while one frozen there is stored
    /// (<see cref="ScheduleInput.FirstIndex"/>): see <see cref="ScheduleSimulation.BeforeStart"/>.
    /// </remarks>
    /// <exception cref="ValidationException"><paramref name="fromIndex"/> is before <see cref="ScheduleInput.FirstIndex"/> (callers clamp to it), or <paramref name="count"/> is out of range.</exception>
    public static IReadOnlyList<ScheduledShift> Compute(ScheduleInput input, int fromIndex, int count)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (fromIndex < 0 && fromIndex < input.FirstIndex())
        {
            throw new ValidationException("from", "must not be before the rotation's first shift");
        }

        if (count is < 0 or > MaxCount)
        {
            throw new ValidationException("count", $"must be between 0 and {MaxCount}");
        }

        if (fromIndex > MaxIndex - count)
        {
            throw new ValidationException("from", $"must be at most {MaxIndex} shifts after the rotation's start, less the count");
        }

        var simulation = new ScheduleSimulation(input);
        var shifts = new List<ScheduledShift>(count);
        ScheduledShift? previous = null;
        for (var index = Math.Min(0, fromIndex); index < fromIndex + count; index++)
        {
            if (index < 0)
            {
                shifts.Add(simulation.BeforeStart(index));
                continue;
            }

            var shift = simulation.Step(index);
            if (index >= fromIndex)
            {
                shifts.Add(StaysAsScheduled(shift, previous));
            }

            previous = shift;
        }

        // "Serves 2 shifts, until W50" is the turn as the queue planned it; a swap or replacement of a later shift of the turn
        // shortens it. The shifts up to the last turn end shown are worked out too, so each says what now stands.
        var through = shifts.SelectMany(s => s.Members.SelectMany(m => m.Reason.Parts.Where(p => p.Kind == ReasonKind.Serves && p.Count > 1).Select(p => s.Index + p.Count!.Value - 1))).DefaultIfEmpty(-1).Max();
        var all = new List<ScheduledShift>(shifts);
        for (var index = Math.Max(0, fromIndex + count); index <= through && index < MaxIndex; index++)
        {
            all.Add(simulation.Step(index));
        }

        return all.Count == 0 ? shifts : [.. shifts.Select(s => ServesAsScheduled(s, all))];
    }

    /// <summary>
    /// <paramref name="shift"/> with each member's <see cref="ReasonKind.Serves"/> counted from the shifts as they stand: the run
    /// of shifts of the turn they are really on (a later shift of it swapped away ends it there).
    /// </summary>
    private static ScheduledShift ServesAsScheduled(ScheduledShift shift, List<ScheduledShift> all)
    {
        var first = all[0].Index;
        var changed = false;
        var members = shift.Members.Select(a =>
        {
            if (a.Reason.Find(ReasonKind.Serves) is not { Count: > 1 } serves)
            {
                return a;
            }

            var run = 1;
            while (run < serves.Count && shift.Index + run - first < all.Count && all[shift.Index + run - first].MemberIds.Contains(a.MemberId))
            {
                run++;
            }

            // Past the shifts worked out (a turn beyond MaxIndex) nothing is known: the plan stands.
            if (run == serves.Count || shift.Index + run - first >= all.Count)
            {
                return a;
            }

            changed = true;
            var now = run == 1 ? new ReasonPart(ReasonKind.ServesOne) : serves with { Count = run, Week = all[shift.Index + run - 1 - first].Week };
            return a with { Reason = new AssignmentReason([.. a.Reason.Parts.Select(p => ReferenceEquals(p, serves) ? now : p)]) };
        }).ToList();
        return changed ? shift with { Members = members } : shift;
    }

    /// <summary>
    /// <paramref name="shift"/> with 継続 (<see cref="AssignmentKind.Continuing"/>) saying who stays from the shift before as it
    /// stands (trial 32b L): a member whose turn goes on but whom a swap or replacement took off the shift before comes in here
    /// (<see cref="AssignmentKind.RotatingIn"/>, <see cref="ReasonKind.BackAfterChange"/>), and one a change put on the shift
    /// before who now starts their own turn stays from it. The queue is not touched: only what the shift says.
    /// </summary>
    private static ScheduledShift StaysAsScheduled(ScheduledShift shift, ScheduledShift? previous)
    {
        if (previous is null || shift.Frozen)
        {
            return shift;
        }

        var changed = false;
        var members = shift.Members.Select(a =>
        {
            var before = previous.MemberIds.Contains(a.MemberId);
            if (a.Kind == AssignmentKind.Continuing && !before)
            {
                changed = true;
                var continues = a.Reason.Find(ReasonKind.Continues);
                var back = new ReasonPart(ReasonKind.BackAfterChange) { Week = previous.Week, Count = continues?.Count, Of = continues?.Of };
                return a with
                {
                    Kind = AssignmentKind.RotatingIn,
                    Reason = continues is null ? new AssignmentReason([back, .. a.Reason.Parts]) : new AssignmentReason([.. a.Reason.Parts.Select(p => ReferenceEquals(p, continues) ? back : p)]),
                };
            }

            if (a.Kind == AssignmentKind.RotatingIn && before)
            {
                changed = true;
                return a with { Kind = AssignmentKind.Continuing };
            }

            return a;
        }).ToList();
        return changed ? shift with { Members = members } : shift;
    }

    /// <summary>One shift, e.g. the one <see cref="DutyCalendar.ShiftIndexAt"/> says is on now.</summary>
    public static ScheduledShift ComputeShift(ScheduleInput input, int index) => Compute(input, index, 1)[0];
}
