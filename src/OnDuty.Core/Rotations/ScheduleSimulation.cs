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

        var notes = new List<ScheduleNote>();
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
            notes.Add(new ScheduleNote(NoteKind.ShortHanded) { Count = turns.Count, Of = _peoplePerShift });
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

    private ScheduledShift CreateShift(int index, IReadOnlyList<Assignment> members, bool frozen, IReadOnlyList<ScheduleNote> notes) => new(
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

    private Pick? PickNext(List<Turn> turns, List<ScheduleNote> notes)
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
            notes.Add(new ScheduleNote(NoteKind.NoExperiencedPartner) { MemberIds = [.. turns.Select(t => _candidates[t.Candidate].Id)] });
        }

        var chosen = needsExperience && experienced >= 0 ? experienced : head;
        IReadOnlyList<string> inexperienced = needsExperience ? turns.Select(t => _candidates[t.Candidate].Id).ToList() : [];
        return new Pick(chosen, chosen == head ? null : head, inexperienced);
    }

    private AssignmentReason RotatingInReason(Pick pick, int index, int endsAt, Turn? fillingFor)
    {
        var candidate = _candidates[pick.Candidate];
        var parts = new List<ReasonPart>();
        if (fillingFor is { } dropped)
        {
            var other = _candidates[dropped.Candidate];
            parts.Add(new ReasonPart(ReasonKind.FillsIn) { MemberId = other.Id, Ineligible = other.Ineligible });
        }

        if (pick.AheadOf is { } head)
        {
            parts.Add(new ReasonPart(ReasonKind.AheadForExperience) { MemberId = _candidates[head].Id, MemberIds = pick.Inexperienced });
        }
        else
        {
            parts.Add(candidate.LastRotatedIn is { } last
                ? new ReasonPart(ReasonKind.NextInQueue) { Week = _calendar.WeekLabel(last) }
                : new ReasonPart(ReasonKind.FirstTurn));
        }

        var skipped = _candidates
            .Where(c => c.OnLeave is not null && c.ComesBefore(candidate))
            .Select(c => new SkippedMember(c.Id, c.Ineligible!))
            .ToList();
        if (skipped.Count > 0)
        {
            parts.Add(new ReasonPart(ReasonKind.Skipped) { Skipped = skipped });
        }

        if (_rotation.Strategy == RotationStrategy.Staggered && endsAt > index)
        {
            parts.Add(new ReasonPart(ReasonKind.Serves) { Count = endsAt - index + 1, Week = _calendar.WeekLabel(endsAt) });
        }
        else if (_rotation.Strategy == RotationStrategy.Staggered && _peoplePerShift > 1 && fillingFor is null)
        {
            parts.Add(new ReasonPart(index == 0 ? ReasonKind.StartsStagger : ReasonKind.ServesOne));
        }

        return new AssignmentReason(parts);
    }

    private AssignmentReason ContinuingReason(Turn turn, int index) => new(
        new ReasonPart(ReasonKind.Continues) { Week = _calendar.WeekLabel(turn.RotatedInAt), Count = index - turn.RotatedInAt + 1, Of = turn.EndsAt - turn.RotatedInAt + 1 });

    private List<Placement> ApplyOverrides(List<Turn> turns, int index, DateOnly start, DateOnly end, List<ScheduleNote> notes)
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
            var swap = o.Kind == OverrideKind.Swap;
            var slot = placements.FindIndex(p => p.MemberId == o.MemberId);
            if (slot < 0)
            {
                notes.Add(new ScheduleNote(NoteKind.OverrideMemberNotOnShift) { MemberId = o.MemberId, ReplacementId = o.ReplacementId, Swap = swap });
                continue;
            }

            if (placements.Any(p => p.MemberId == o.ReplacementId))
            {
                notes.Add(new ScheduleNote(NoteKind.OverrideReplacementOnShift) { MemberId = o.MemberId, ReplacementId = o.ReplacementId, Swap = swap });
                continue;
            }

            var note = string.IsNullOrWhiteSpace(o.Reason) ? null : o.Reason;
            var reason = new AssignmentReason(swap
                ? new ReasonPart(ReasonKind.Swapped) { MemberId = o.MemberId, Week = SwapPartnerWeek(o), Note = note }
                : new ReasonPart(ReasonKind.Replaces) { MemberId = o.MemberId, Note = note });

            placements[slot] = placements[slot] with
            {
                MemberId = o.ReplacementId,
                Kind = o.Kind == OverrideKind.Swap ? AssignmentKind.Swap : AssignmentKind.Override,
                Reason = reason,
            };

            if (Ineligible(o.ReplacementId, start, end) is { } why)
            {
                notes.Add(new ScheduleNote(NoteKind.ReplacementIneligible) { ReplacementId = o.ReplacementId, Ineligible = why });
            }
        }

        return placements;
    }

    /// <summary>The week of the other half of a swap (when the partner serves in their place); null when unknown.</summary>
    private string? SwapPartnerWeek(RotationOverride half)
    {
        if (half.SwapId is null || !_swaps.TryGetValue(half.SwapId, out var halves)
            || halves.FirstOrDefault(h => h.Id != half.Id) is not { } other)
        {
            return null;
        }

        return _calendar.IndexOfStartDate(other.ShiftStart) is { } otherIndex
            ? _calendar.WeekLabel(otherIndex)
            : DutyCalendar.IsoWeekLabel(other.ShiftStart);
    }

    /// <summary>
    /// Reports a frozen shift as stored and makes the carried state agree with it: computed turns nobody
    /// announced are removed (undone if they started here), announced members the computation did not
    /// expect are added, and the shift's turn ends are shared out again, continuing turns first.
    /// </summary>
    private ScheduledShift Reconcile(FrozenShift frozen, int index, List<Turn> previous, List<Turn> turns, List<Placement> placements, Dictionary<int, int?> undo)
    {
        var announced = frozen.Members.Distinct(StringComparer.Ordinal).ToList();
        var matched = new Dictionary<string, AssignmentReason>(StringComparer.Ordinal);
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
            final.Add(new Turn(c, index, TakeEarliest(ends, index), AssignmentReason.None));
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
                    ? new AssignmentReason([new ReasonPart(ReasonKind.AsAnnounced) { Week = frozen.Week }, .. same ? reason.Parts : []])
                    : new AssignmentReason(new ReasonPart(ReasonKind.AnnouncedOnly) { Week = frozen.Week })))
            .ToList();
        IReadOnlyList<ScheduleNote> notes = same
            ? []
            : [new ScheduleNote(NoteKind.FrozenDiffers) { MemberIds = computed }];
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

    private Ineligibility? Ineligible(string memberId, DateOnly start, DateOnly end)
    {
        if (!_roster.TryGetValue(memberId, out var member))
        {
            return Ineligibility.NotOnRoster;
        }

        if (!member.Active)
        {
            return Ineligibility.Inactive;
        }

        var leave = _leaveByMember.GetValueOrDefault(memberId)?.FirstOrDefault(l => l.Overlaps(start, end));
        return leave is null ? null : new Ineligibility(IneligibleKind.OnLeave, leave);
    }

    /// <summary>A member's turn: on every shift from <see cref="RotatedInAt"/> to <see cref="EndsAt"/>.</summary>
    private readonly record struct Turn(int Candidate, int RotatedInAt, int EndsAt, AssignmentReason Reason);

    private sealed record Pick(int Candidate, int? AheadOf, IReadOnlyList<string> Inexperienced);

    private sealed record Placement(string MemberId, AssignmentKind Kind, AssignmentReason Reason, Turn Turn);

    /// <summary>A member listed in the rotation, with eligibility for the shift being simulated.</summary>
    private sealed class Candidate(string id, int position, Member? member, Leave[] leave)
    {
        private int _leaveCursor;

        public string Id { get; } = id;

        public int? LastRotatedIn { get; set; }

        /// <summary>Why the member cannot serve the current shift; null when eligible.</summary>
        public Ineligibility? Ineligible { get; private set; }

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
                Ineligible = Ineligibility.NotOnRoster;
                return;
            }

            if (!member.Active)
            {
                Ineligible = Ineligibility.Inactive;
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

            Ineligible = OnLeave is null ? null : new Ineligibility(IneligibleKind.OnLeave, OnLeave);
        }
    }
}
