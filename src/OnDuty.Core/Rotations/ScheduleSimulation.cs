using OnDuty.Core.Team;

namespace OnDuty.Core.Rotations;

/// <summary>
/// The state <see cref="ScheduleCalculator"/> carries from shift to shift. Each shift: the <see cref="RotationQueue"/>
/// chooses who rotates in, <see cref="ShiftOverrides"/> apply, and a frozen shift is reconciled by
/// <see cref="FrozenShiftReconciler"/>. <see cref="Step"/> must be called for 0, 1, 2, … in order.
/// </summary>
internal sealed class ScheduleSimulation
{
    private readonly IReadOnlyDictionary<string, Member> _roster;
    private readonly DutyCalendar _calendar;
    private readonly Dictionary<string, Leave[]> _leaveByMember;
    private readonly RotationQueue _queue;
    private readonly ShiftOverrides _overrides;
    private readonly FrozenShiftReconciler _frozen;
    private List<SimulatedTurn> _turns = [];
    private int _nextIndex;

    public ScheduleSimulation(ScheduleInput input)
    {
        _roster = input.Roster;
        _calendar = input.Calendar();
        _leaveByMember = input.Leave
            .GroupBy(l => l.MemberId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(l => l.From).ThenBy(l => l.To).ToArray(), StringComparer.Ordinal);
        _queue = new RotationQueue(input.Rotation, _roster, LeaveOf, _calendar);
        _overrides = new ShiftOverrides(input.State, _calendar);
        _frozen = new FrozenShiftReconciler(input.State, _queue);
    }

    public ScheduledShift Step(int index)
    {
        if (index != _nextIndex)
        {
            throw new InvalidOperationException($"Shifts must be simulated in order: expected {_nextIndex}, got {index}.");
        }

        _nextIndex++;
        var start = _calendar.ShiftStartDate(index);
        var end = _calendar.ShiftEndDate(index);
        // Leave inside a frozen shift changes nothing: not its pair (a person replaces a member), and so not the queue after it
        // (trial 30 M2: leave for a member already replaced in the announced week took the partner's next week).
        _queue.Update(start, end, frozen: _frozen.TryGet(start, out _));

        var notes = new List<ScheduleNote>();
        var previous = _turns;
        var turns = new List<SimulatedTurn>();
        var dropped = new List<SimulatedTurn>();
        foreach (var turn in previous.Where(t => t.EndsAt >= index))
        {
            if (_queue[turn.Candidate].Ineligible is null)
            {
                turns.Add(turn with { Reason = _queue.ContinuingReason(turn, index) });
            }
            else
            {
                dropped.Add(turn);
            }
        }

        // Last-turn values before this shift, so a turn undone by a frozen shift gives the member their place back.
        var undo = new Dictionary<int, QueuePlace>();
        foreach (var endsAt in _queue.OpenEnds(index, turns))
        {
            var pick = _queue.PickNext(turns, notes);
            if (pick is null)
            {
                break;
            }

            var candidate = _queue[pick.Candidate];
            undo[pick.Candidate] = candidate.Place;
            var fillIn = dropped.FindIndex(d => d.EndsAt == endsAt);
            var reason = _queue.RotatingInReason(pick, index, endsAt, fillIn >= 0 ? dropped[fillIn] : null);
            if (fillIn >= 0)
            {
                dropped.RemoveAt(fillIn);
            }

            _queue.RotateIn(pick.Candidate, index);
            turns.Add(new SimulatedTurn(pick.Candidate, index, endsAt, reason));
        }

        if (turns.Count < _queue.PeoplePerShift)
        {
            notes.Add(new ScheduleNote(NoteKind.ShortHanded) { Count = turns.Count, Of = _queue.PeoplePerShift });
        }

        var placements = turns
            .Select(t => new ShiftPlacement(_queue[t.Candidate].Id, t.RotatedInAt == index ? AssignmentKind.RotatingIn : AssignmentKind.Continuing, t.Reason, t))
            .ToList();
        placements = _overrides.Apply(placements, start, end, notes, Ineligible);

        ScheduledShift shift;
        if (_frozen.TryGet(start, out var frozen))
        {
            var (members, frozenNotes) = _frozen.Reconcile(frozen, index, previous, turns, placements, undo, id => LeaveOf(id).Overlapping(start, end) is not null);
            shift = CreateShift(index, members, frozen: true, frozenNotes);
        }
        else
        {
            shift = CreateShift(index, [.. placements.Select(p => new Assignment(p.MemberId, p.Kind, p.Reason))], frozen: false, notes);
        }

        var coverNotes = new List<ScheduleNote>();
        var covers = _overrides.Covers(start, shift.MemberIds, _roster, coverNotes);
        if (covers.Count > 0)
        {
            shift = shift with { Covers = covers, Notes = [.. shift.Notes, .. coverNotes] };
        }

        _turns = turns;
        return shift;
    }

    /// <summary>
    /// A shift before the rotation's first start (<see cref="ScheduleInput.FirstIndex"/>): one frozen there keeps its pair as stored
    /// (the start was moved later past it), covers applied; any other is nobody's (<see cref="NoteKind.BeforeStart"/>). Neither
    /// takes part in the queue: the rotation's first shift is picked as if it had none before it.
    /// </summary>
    public ScheduledShift BeforeStart(int index)
    {
        var start = _calendar.ShiftStartDate(index);
        var end = _calendar.ShiftEndDate(index);
        if (!_frozen.TryGet(start, out var frozen))
        {
            return CreateShift(index, [], frozen: false, [new ScheduleNote(NoteKind.BeforeStart)]);
        }

        var shift = CreateShift(index, FrozenShiftReconciler.AsAnnounced(frozen, id => LeaveOf(id).Overlapping(start, end) is not null, null, same: false), frozen: true, []);
        var coverNotes = new List<ScheduleNote>();
        var covers = _overrides.Covers(start, shift.MemberIds, _roster, coverNotes);
        return covers.Count == 0 ? shift : shift with { Covers = covers, Notes = [.. shift.Notes, .. coverNotes] };
    }

    private ScheduledShift CreateShift(int index, IReadOnlyList<Assignment> members, bool frozen, IReadOnlyList<ScheduleNote> notes) => new(
        index,
        _calendar.WeekLabel(index),
        _calendar.ShiftStartDate(index),
        _calendar.ShiftEndDate(index),
        _calendar.ShiftStartsAt(index),
        _calendar.ShiftEndsAt(index),
        members,
        frozen,
        [.. notes, .. WorkingDaysNotes(index, members), .. ShortShiftNote(index), .. DaysOffNotes(index)])
    {
        HandoffMoved = _calendar.HandoffMoveOf(index),
    };

    /// <summary>
    /// The team working days a part-timer on the shift leaves to fewer than all of its members, one note per set of who works
    /// them (「木・金は佐藤さんのみ」, nobody when none does), so whoever plans around the week knows. Nothing for a shift of
    /// members who all work the team's days. A weekday that is a public holiday or closure day every time the shift has it (Thu and
    /// Fri of 年末年始) is left out: on those days everyone on duty is paged, as on weekends (trial 34 M7).
    /// </summary>
    private IEnumerable<ScheduleNote> WorkingDaysNotes(int index, IReadOnlyList<Assignment> members)
    {
        var on = members.Select(a => _roster.GetValueOrDefault(a.MemberId)).OfType<Member>().ToList();
        if (!on.Any(m => m.PartTime))
        {
            yield break;
        }

        var daysOff = _calendar.DaysOff(index).Select(d => d.Date).ToHashSet();
        var worked = new HashSet<DayOfWeek>();
        for (var date = _calendar.HandoffDate(index); date < _calendar.HandoffDate(index + 1); date = date.AddDays(1))
        {
            if (!daysOff.Contains(date))
            {
                worked.Add(date.DayOfWeek);
            }
        }

        var thin = WorkingDays.Team
            .Where(worked.Contains)
            .Select(d => (Day: d, Working: on.Where(m => m.WorksOn(d)).Select(m => m.Id).ToList()))
            .Where(x => x.Working.Count < on.Count)
            .GroupBy(x => string.Join(",", x.Working), StringComparer.Ordinal);
        foreach (var group in thin)
        {
            yield return new ScheduleNote(NoteKind.WorkingDaysThin) { WorkingDays = [.. group.Select(x => WorkingDays.NameOf(x.Day))], MemberIds = group.First().Working };
        }
    }

    /// <summary>
    /// A shift a moved handoff (its own or the next one) leaves shorter than <see cref="ScheduleNote.MinimumShift"/>, e.g. a
    /// Tuesday handoff on 12/29 moved past 年末年始 to Monday 1/4 with the next one on Tuesday 1/5: one day. Shifts are whole
    /// weeks, so only a move can make one this short.
    /// </summary>
    private IEnumerable<ScheduleNote> ShortShiftNote(int index)
    {
        var length = _calendar.ShiftEndsAt(index) - _calendar.ShiftStartsAt(index);
        if (length < ScheduleNote.MinimumShift && (_calendar.HandoffMoveOf(index) is not null || _calendar.HandoffMoveOf(index + 1) is not null))
        {
            yield return new ScheduleNote(NoteKind.ShortShift) { Count = (int)Math.Round(length.TotalHours) };
        }
    }

    /// <summary>
    /// Closures and holidays inside the shift, so whoever holds it knows (trial 32b M1: the pair over 年末年始 got an ordinary week):
    /// one note per closure (its run of days), one for the public holidays.
    /// </summary>
    private IEnumerable<ScheduleNote> DaysOffNotes(int index)
    {
        var days = _calendar.DaysOff(index);
        var weeks = _calendar.ShiftDays / 7;
        var closures = new List<List<Calendar.NonWorkingDay>>();
        foreach (var day in days.Where(d => d.Kind == Calendar.NonWorkingKind.Closure))
        {
            if (closures.Count > 0 && closures[^1][^1].Name == day.Name && closures[^1][^1].Date.AddDays(1) == day.Date)
            {
                closures[^1].Add(day);
            }
            else
            {
                closures.Add([day]);
            }
        }

        foreach (var closure in closures)
        {
            yield return new ScheduleNote(NoteKind.IncludesClosure) { Days = closure, Of = weeks };
        }

        var holidays = days.Where(d => d.Kind == Calendar.NonWorkingKind.PublicHoliday).ToList();
        if (holidays.Count > 0)
        {
            yield return new ScheduleNote(NoteKind.IncludesHolidays) { Days = holidays, Of = weeks };
        }
    }

    private MemberLeave LeaveOf(string memberId) =>
        _leaveByMember.TryGetValue(memberId, out var leave) ? new MemberLeave(leave) : MemberLeave.None;

    /// <summary>The eligibility rule for anyone on the roster (an override's replacement need not be in the rotation).</summary>
    private Ineligibility? Ineligible(string memberId, DateOnly start, DateOnly end) =>
        Eligibility.Of(_roster.GetValueOrDefault(memberId), LeaveOf(memberId), start, end, inOrder: false);
}
