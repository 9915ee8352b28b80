using System.Globalization;
using OnDuty.Core.Team;

namespace OnDuty.Core.Rotations;

/// <summary>
/// The state <see cref="ScheduleCalculator"/> carries from shift to shift: who is on which turn and when each
/// member last rotated in. <see cref="Step"/> must be called for 0, 1, 2, … in order.
/// </summary>
internal sealed class ScheduleSimulation
{
    private readonly Rotation _rotation;
    private readonly IReadOnlyDictionary<string, Member> _roster;
    private readonly DutyCalendar _calendar;
    private readonly int _peoplePerShift;
    private readonly Candidate[] _candidates;
    private readonly Dictionary<string, int> _candidateIndex = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Leave[]> _leaveByMember;
    private readonly Dictionary<DateOnly, List<RotationOverride>> _overrides = [];
    private readonly Dictionary<string, List<RotationOverride>> _swaps = new(StringComparer.Ordinal);
    private readonly Dictionary<DateOnly, FrozenShift> _frozen = [];
    private List<Turn> _turns = [];
    private int _nextIndex;

    public ScheduleSimulation(ScheduleInput input)
    {
        _rotation = input.Rotation;
        _roster = input.Roster;
        _calendar = input.Calendar();
        _peoplePerShift = Math.Max(0, input.Rotation.PeoplePerShift);

        _leaveByMember = input.Leave
            .GroupBy(l => l.MemberId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(l => l.From).ThenBy(l => l.To).ToArray(), StringComparer.Ordinal);

        var candidates = new List<Candidate>();
        foreach (var id in _rotation.Members)
        {
            if (_candidateIndex.TryAdd(id, candidates.Count))
            {
                _roster.TryGetValue(id, out var member);
                candidates.Add(new Candidate(id, candidates.Count, member, _leaveByMember.GetValueOrDefault(id) ?? []));
            }
        }

        _candidates = [.. candidates];

        // A person's change to a frozen shift counts as an override of it (after the ones it was announced with), so the
        // schedule explains it and the queue goes on as if the member it replaced had served.
        var changes = input.State.Frozen.SelectMany(f => f.Changes.Select(c => c.AsOverride(f.ShiftStart)));
        foreach (var o in input.State.Overrides.OrderBy(o => o.CreatedAt).ThenBy(o => o.Id, StringComparer.Ordinal).Concat(changes.OrderBy(c => c.CreatedAt)))
        {
            if (!_overrides.TryGetValue(o.ShiftStart, out var list))
            {
                _overrides[o.ShiftStart] = list = [];
            }

            list.Add(o);
            if (o.SwapId is not null)
            {
                if (!_swaps.TryGetValue(o.SwapId, out var halves))
                {
                    _swaps[o.SwapId] = halves = [];
                }

                halves.Add(o);
            }
        }

        foreach (var frozen in input.State.Frozen.OrderBy(f => f.FrozenAt))
        {
            _frozen.TryAdd(frozen.ShiftStart, frozen);
        }
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
        foreach (var candidate in _candidates)
        {
            candidate.Update(start, end);
        }

        var notes = new List<string>();
        var previous = _turns;
        var turns = new List<Turn>();
        var dropped = new List<Turn>();
        foreach (var turn in previous.Where(t => t.EndsAt >= index))
        {
            if (_candidates[turn.Candidate].Ineligible is null)
            {
                turns.Add(turn with { Reason = ContinuingReason(turn, index) });
            }
            else
            {
                dropped.Add(turn);
            }
        }

        // Last-turn values before this shift, so a turn undone by a frozen shift gives the member their place back.
        var undo = new Dictionary<int, int?>();
        foreach (var endsAt in OpenEnds(index, turns))
        {
            var pick = PickNext(turns, notes);
            if (pick is null)
            {
                break;
            }

            var candidate = _candidates[pick.Candidate];
            undo[pick.Candidate] = candidate.LastRotatedIn;
            var fillIn = dropped.FindIndex(d => d.EndsAt == endsAt);
            var reason = RotatingInReason(pick, index, endsAt, fillIn >= 0 ? dropped[fillIn] : null);
            if (fillIn >= 0)
            {
                dropped.RemoveAt(fillIn);
            }

            candidate.LastRotatedIn = index;
            turns.Add(new Turn(pick.Candidate, index, endsAt, reason));
        }

        if (turns.Count < _peoplePerShift)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"only {turns.Count} of {_peoplePerShift} members available"));
        }

        var placements = ApplyOverrides(turns, index, start, end, notes);

        ScheduledShift shift;
        if (_frozen.TryGetValue(start, out var frozen))
        {
            shift = Reconcile(frozen, index, previous, turns, placements, undo);
        }
        else
        {
            var members = placements.Select(p => new Assignment(p.MemberId, p.Kind, p.Reason)).ToList();
            shift = CreateShift(index, members, frozen: false, notes);
        }

        _turns = turns;
        return shift;
    }

    private ScheduledShift CreateShift(int index, IReadOnlyList<Assignment> members, bool frozen, IReadOnlyList<string> notes) => new(
        index,
        _calendar.WeekLabel(index),
        _calendar.ShiftStartDate(index),
        _calendar.ShiftEndDate(index),
        _calendar.ShiftStartsAt(index),
        _calendar.ShiftEndsAt(index),
        members,
        frozen,
        notes)
    {
        HandoffMoved = _calendar.HandoffMoveOf(index),
    };

    /// <summary>End index of each turn that has to start now so every slot is covered, earliest first.</summary>
    private List<int> OpenEnds(int index, List<Turn> continuing)
    {
        var required = _rotation.Strategy == RotationStrategy.Block
            ? Enumerable.Repeat(index, _peoplePerShift).ToList()
            : Enumerable.Range(index, _peoplePerShift).ToList();
        foreach (var turn in continuing)
        {
            required.Remove(turn.EndsAt);
        }

        return required;
    }

    private Pick? PickNext(List<Turn> turns, List<string> notes)
    {
        var onShift = turns.Select(t => t.Candidate).ToHashSet();
        int head = -1, experienced = -1;
        for (var i = 0; i < _candidates.Length; i++)
        {
            var candidate = _candidates[i];
            if (candidate.Ineligible is not null || onShift.Contains(i))
            {
                continue;
            }

            if (head < 0 || candidate.ComesBefore(_candidates[head]))
            {
                head = i;
            }

            if (candidate.Experienced && (experienced < 0 || candidate.ComesBefore(_candidates[experienced])))
            {
                experienced = i;
            }
        }

        if (head < 0)
        {
            return null;
        }

        var needsExperience = _rotation.MixExperience && turns.Count > 0 && turns.All(t => !_candidates[t.Candidate].Experienced);
        if (needsExperience && experienced < 0)
        {
            notes.Add($"no experienced member available to pair with {Names(turns.Select(t => _candidates[t.Candidate].Id))}");
        }

        var chosen = needsExperience && experienced >= 0 ? experienced : head;
        IReadOnlyList<string> inexperienced = needsExperience ? turns.Select(t => _candidates[t.Candidate].Id).ToList() : [];
        return new Pick(chosen, chosen == head ? null : head, inexperienced);
    }

    private string RotatingInReason(Pick pick, int index, int endsAt, Turn? fillingFor)
    {
        var candidate = _candidates[pick.Candidate];
        var parts = new List<string>();
        if (fillingFor is { } dropped)
        {
            var other = _candidates[dropped.Candidate];
            parts.Add($"fills in for {Name(other.Id)} ({other.Ineligible}) for the rest of their turn");
        }

        if (pick.AheadOf is { } head)
        {
            parts.Add($"rotates in ahead of {Name(_candidates[head].Id)} to pair an experienced member with {Names(pick.Inexperienced)}");
        }
        else
        {
            parts.Add(candidate.LastRotatedIn is { } last
                ? $"next in the queue (last rotated in {_calendar.WeekLabel(last)})"
                : "next in the queue (first turn)");
        }

        var skipped = _candidates
            .Where(c => c.OnLeave is not null && c.ComesBefore(candidate))
            .Select(c => $"{Name(c.Id)} is {c.Ineligible}")
            .ToList();
        if (skipped.Count > 0)
        {
            parts.Add("skipped: " + string.Join(", ", skipped));
        }

        if (_rotation.Strategy == RotationStrategy.Staggered && endsAt > index)
        {
            parts.Add($"serves {endsAt - index + 1} shifts, until {_calendar.WeekLabel(endsAt)}");
        }
        else if (_rotation.Strategy == RotationStrategy.Staggered && _peoplePerShift > 1 && fillingFor is null)
        {
            parts.Add(index == 0 ? "serves 1 shift to start the stagger" : "serves 1 shift");
        }

        return Capitalize(string.Join("; ", parts));
    }

    private string ContinuingReason(Turn turn, int index) => string.Create(
        CultureInfo.InvariantCulture,
        $"Continues from {_calendar.WeekLabel(turn.RotatedInAt)} (shift {index - turn.RotatedInAt + 1} of {turn.EndsAt - turn.RotatedInAt + 1})");

    private List<Placement> ApplyOverrides(List<Turn> turns, int index, DateOnly start, DateOnly end, List<string> notes)
    {
        var placements = turns
            .Select(t => new Placement(
                _candidates[t.Candidate].Id,
                t.RotatedInAt == index ? AssignmentKind.RotatingIn : AssignmentKind.Continuing,
                t.Reason,
                t))
            .ToList();
        if (!_overrides.TryGetValue(start, out var overrides))
        {
            return placements;
        }

        foreach (var o in overrides)
        {
            var what = o.Kind == OverrideKind.Swap
                ? $"swap of {Name(o.MemberId)} with {Name(o.ReplacementId)}"
                : $"override replacing {Name(o.MemberId)} with {Name(o.ReplacementId)}";
            var slot = placements.FindIndex(p => p.MemberId == o.MemberId);
            if (slot < 0)
            {
                notes.Add($"{what} ignored: {Name(o.MemberId)} is not on this shift");
                continue;
            }

            if (placements.Any(p => p.MemberId == o.ReplacementId))
            {
                notes.Add($"{what} ignored: {Name(o.ReplacementId)} is already on this shift");
                continue;
            }

            var reason = o.Kind == OverrideKind.Swap
                ? $"Swapped with {Name(o.MemberId)}{SwapPartnerWeek(o)}"
                : $"Replaces {Name(o.MemberId)} (override{(string.IsNullOrWhiteSpace(o.Reason) ? "" : ": " + o.Reason)})";
            if (o.Kind == OverrideKind.Swap && !string.IsNullOrWhiteSpace(o.Reason))
            {
                reason += $" ({o.Reason})";
            }

            placements[slot] = placements[slot] with
            {
                MemberId = o.ReplacementId,
                Kind = o.Kind == OverrideKind.Swap ? AssignmentKind.Swap : AssignmentKind.Override,
                Reason = reason,
            };

            if (Ineligible(o.ReplacementId, start, end) is { } why)
            {
                notes.Add($"{Name(o.ReplacementId)} is {why} but was put on this shift by an override");
            }
        }

        return placements;
    }

    /// <summary>", who takes their place in 2026-W50" from the other half of a swap.</summary>
    private string SwapPartnerWeek(RotationOverride half)
    {
        if (half.SwapId is null || !_swaps.TryGetValue(half.SwapId, out var halves)
            || halves.FirstOrDefault(h => h.Id != half.Id) is not { } other)
        {
            return "";
        }

        var week = _calendar.IndexOfStartDate(other.ShiftStart) is { } otherIndex
            ? _calendar.WeekLabel(otherIndex)
            : DutyCalendar.IsoWeekLabel(other.ShiftStart);
        return $", who serves in their place in {week}";
    }

    /// <summary>
    /// Reports a frozen shift as stored and makes the carried state agree with it: computed turns nobody
    /// announced are removed (undone if they started here), announced members the computation did not
    /// expect are added, and the shift's turn ends are shared out again, continuing turns first.
    /// </summary>
    private ScheduledShift Reconcile(FrozenShift frozen, int index, List<Turn> previous, List<Turn> turns, List<Placement> placements, Dictionary<int, int?> undo)
    {
        var announced = frozen.Members.Distinct(StringComparer.Ordinal).ToList();
        var matched = new Dictionary<string, string>(StringComparer.Ordinal);
        var kept = new List<Turn>();
        foreach (var placement in placements)
        {
            var baseId = _candidates[placement.Turn.Candidate].Id;
            if (announced.Contains(placement.MemberId) && !matched.ContainsKey(placement.MemberId))
            {
                matched[placement.MemberId] = placement.Reason;
                kept.Add(placement.Turn);
            }
            else if (announced.Contains(baseId) && !matched.ContainsKey(baseId))
            {
                matched[baseId] = placement.Turn.Reason;
                kept.Add(placement.Turn);
            }
            else if (placement.Turn.RotatedInAt == index && undo.TryGetValue(placement.Turn.Candidate, out var last))
            {
                _candidates[placement.Turn.Candidate].LastRotatedIn = last;
            }
        }

        var added = new List<int>();
        foreach (var id in announced.Where(id => !matched.ContainsKey(id)))
        {
            // Someone outside the rotation (an override from elsewhere) has no place in the queue to carry on.
            if (_candidateIndex.TryGetValue(id, out var c) && !kept.Any(t => t.Candidate == c))
            {
                added.Add(c);
            }
        }

        var ends = OpenEnds(index, []);
        var final = new List<Turn>();
        foreach (var turn in kept.Where(t => t.RotatedInAt < index))
        {
            ends.Remove(turn.EndsAt);
            final.Add(turn);
        }

        var rejoining = new List<int>();
        foreach (var c in added)
        {
            var earlier = previous.FindIndex(t => t.Candidate == c && t.EndsAt >= index);
            if (earlier >= 0 && ends.Remove(previous[earlier].EndsAt))
            {
                final.Add(previous[earlier]);
            }
            else
            {
                rejoining.Add(c);
            }
        }

        foreach (var turn in kept.Where(t => t.RotatedInAt == index))
        {
            final.Add(ends.Remove(turn.EndsAt) ? turn : turn with { EndsAt = TakeEarliest(ends, index) });
        }

        foreach (var c in rejoining)
        {
            _candidates[c].LastRotatedIn = index;
            final.Add(new Turn(c, index, TakeEarliest(ends, index), ""));
        }

        turns.Clear();
        turns.AddRange(final);

        var computed = placements.Select(p => p.MemberId).ToList();
        var same = computed.Order(StringComparer.Ordinal).SequenceEqual(announced.Order(StringComparer.Ordinal), StringComparer.Ordinal);
        var members = announced
            .Select(id => new Assignment(
                id,
                AssignmentKind.Frozen,
                matched.TryGetValue(id, out var reason)
                    ? same ? $"As announced for {frozen.Week}: {Uncapitalize(reason)}" : $"As announced for {frozen.Week}"
                    : $"As announced for {frozen.Week} (the current roster and leave would not put them on this shift)"))
            .ToList();
        IReadOnlyList<string> notes = same
            ? []
            : [$"frozen as announced; the current roster would give {(computed.Count == 0 ? "nobody" : Names(computed))}"];
        return CreateShift(index, members, frozen: true, notes);
    }

    private static int TakeEarliest(List<int> ends, int index)
    {
        if (ends.Count == 0)
        {
            return index;
        }

        var earliest = ends.Min();
        ends.Remove(earliest);
        return earliest;
    }

    private string? Ineligible(string memberId, DateOnly start, DateOnly end)
    {
        if (!_roster.TryGetValue(memberId, out var member))
        {
            return "not on the roster";
        }

        if (!member.Active)
        {
            return "inactive";
        }

        var leave = _leaveByMember.GetValueOrDefault(memberId)?.FirstOrDefault(l => l.Overlaps(start, end));
        return leave is null ? null : Candidate.Describe(leave);
    }

    private string Name(string memberId) =>
        _roster.TryGetValue(memberId, out var member) && !string.IsNullOrWhiteSpace(member.DisplayName) ? member.DisplayName : memberId;

    private string Names(IEnumerable<string> memberIds)
    {
        var names = memberIds.Select(Name).ToList();
        return names.Count <= 1 ? string.Concat(names) : string.Join(", ", names[..^1]) + " and " + names[^1];
    }

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static string Uncapitalize(string text) => text.Length == 0 ? text : char.ToLowerInvariant(text[0]) + text[1..];

    /// <summary>A member's turn: on every shift from <see cref="RotatedInAt"/> to <see cref="EndsAt"/>.</summary>
    private readonly record struct Turn(int Candidate, int RotatedInAt, int EndsAt, string Reason);

    private sealed record Pick(int Candidate, int? AheadOf, IReadOnlyList<string> Inexperienced);

    private sealed record Placement(string MemberId, AssignmentKind Kind, string Reason, Turn Turn);

    /// <summary>A member listed in the rotation, with eligibility for the shift being simulated.</summary>
    private sealed class Candidate(string id, int position, Member? member, Leave[] leave)
    {
        private int _leaveCursor;

        public string Id { get; } = id;

        public int? LastRotatedIn { get; set; }

        /// <summary>Why the member cannot serve the current shift; null when eligible.</summary>
        public string? Ineligible { get; private set; }

        public Leave? OnLeave { get; private set; }

        public bool Experienced { get; private set; }

        /// <summary>Queue order: least recently rotated in (never first), then rotation order.</summary>
        public bool ComesBefore(Candidate other)
        {
            var mine = LastRotatedIn ?? int.MinValue;
            var theirs = other.LastRotatedIn ?? int.MinValue;
            return mine != theirs ? mine < theirs : position < other.Position;
        }

        private int Position => position;

        /// <summary>Moves to the next shift; shifts only go forward, so leave is walked once.</summary>
        public void Update(DateOnly start, DateOnly end)
        {
            OnLeave = null;
            Experienced = member?.IsExperiencedOn(start) ?? false;
            if (member is null)
            {
                Ineligible = "not on the roster";
                return;
            }

            if (!member.Active)
            {
                Ineligible = "inactive";
                return;
            }

            while (_leaveCursor < leave.Length && leave[_leaveCursor].To < start)
            {
                _leaveCursor++;
            }

            for (var i = _leaveCursor; i < leave.Length && leave[i].From <= end; i++)
            {
                if (leave[i].Overlaps(start, end))
                {
                    OnLeave = leave[i];
                    break;
                }
            }

            Ineligible = OnLeave is null ? null : Describe(OnLeave);
        }

        public static string Describe(Leave leave) => (leave.From == leave.To
            ? string.Create(CultureInfo.InvariantCulture, $"on leave on {leave.From:yyyy-MM-dd}")
            : string.Create(CultureInfo.InvariantCulture, $"on leave {leave.From:yyyy-MM-dd} to {leave.To:yyyy-MM-dd}"))
            + (leave.Source == Leave.OutlookSource ? " (Outlook)" : "");
    }
}
