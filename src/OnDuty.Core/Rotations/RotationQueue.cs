using OnDuty.Core.Team;

namespace OnDuty.Core.Rotations;

/// <summary>
/// Chooses who rotates in: the rotation's members in queue order (least recently rotated in first), their eligibility
/// for the shift being simulated, the experience mix, and why each pick was made.
/// </summary>
internal sealed class RotationQueue
{
    private readonly Rotation _rotation;
    private readonly DutyCalendar _calendar;
    private readonly RotationCandidate[] _candidates;
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private DateOnly _start;
    private DateOnly _end;
    private int _order;

    public RotationQueue(Rotation rotation, IReadOnlyDictionary<string, Member> roster, Func<string, MemberLeave> leaveOf, DutyCalendar calendar)
    {
        _rotation = rotation;
        _calendar = calendar;
        PeoplePerShift = Math.Max(0, rotation.PeoplePerShift);
        var candidates = new List<RotationCandidate>();
        foreach (var id in rotation.Members)
        {
            if (_index.TryAdd(id, candidates.Count))
            {
                roster.TryGetValue(id, out var member);
                candidates.Add(new RotationCandidate(id, candidates.Count, member, leaveOf(id)));
            }
        }

        _candidates = [.. candidates];
    }

    public int PeoplePerShift { get; }

    public RotationCandidate this[int candidate] => _candidates[candidate];

    public bool TryFind(string memberId, out int candidate) => _index.TryGetValue(memberId, out candidate);

    /// <summary>Starts a turn of <paramref name="candidate"/> at shift <paramref name="index"/>: they go to the back of the queue, behind anyone who rotated in before them.</summary>
    public void RotateIn(int candidate, int index) => _candidates[candidate].Place = new QueuePlace(index, ++_order);

    /// <summary>Moves every candidate to the shift <paramref name="start"/>–<paramref name="end"/>.</summary>
    /// <param name="frozen">The shift is frozen (announced, or started): leave inside it does not make anyone ineligible, so
    /// the queue carries on from the announced pair as if the leave were not there, and leave within a frozen week moves no later week.</param>
    public void Update(DateOnly start, DateOnly end, bool frozen = false)
    {
        _start = start;
        _end = end;
        foreach (var candidate in _candidates)
        {
            candidate.Update(start, end, frozen);
        }
    }

    /// <summary>End index of each turn that has to start now so every slot is covered, earliest first.</summary>
    public List<int> OpenEnds(int index, List<SimulatedTurn> continuing)
    {
        var required = _rotation.Strategy == RotationStrategy.Block
            ? Enumerable.Repeat(index, PeoplePerShift).ToList()
            : Enumerable.Range(index, PeoplePerShift).ToList();
        foreach (var turn in continuing)
        {
            required.Remove(turn.EndsAt);
        }

        return required;
    }

    public QueuePick? PickNext(List<SimulatedTurn> turns, List<ScheduleNote> notes)
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
        if (ForWorkingDays(turns, onShift, chosen, needsExperience && experienced >= 0) is { } partner)
        {
            var uncovered = WorkingDays.Uncovered(turns.Select(t => _candidates[t.Candidate].Member).OfType<Member>());
            return new QueuePick(partner, chosen, [])
            {
                ForDays = [.. uncovered.Where(d => _candidates[partner].Member?.WorksOn(d) == true).Select(WorkingDays.NameOf)],
                Partners = [.. turns.Select(t => _candidates[t.Candidate].Id)],
            };
        }

        return new QueuePick(chosen, chosen == head ? null : head, inexperienced);
    }

    /// <summary>
    /// A part-timer's partner: when the members on the shift and <paramref name="chosen"/> together leave a team working day
    /// nobody works (「木・金は誰もいない」), the first in queue order who closes every gap (experienced, when the mix needs it);
    /// null when the chosen one does, or nobody does (the shift's note then says which days are thin). Members who work the
    /// team's days always close them, so a rotation without part-timers picks as it always did.
    /// </summary>
    private int? ForWorkingDays(List<SimulatedTurn> turns, HashSet<int> onShift, int chosen, bool experiencedOnly)
    {
        if (turns.Count == 0)
        {
            return null;
        }

        var on = turns.Select(t => _candidates[t.Candidate].Member).OfType<Member>().ToList();
        bool Closes(int i) => _candidates[i].Member is { } m && WorkingDays.Uncovered([.. on, m]).Count == 0;
        if (Closes(chosen) || WorkingDays.Uncovered(on).Count == 0)
        {
            return null;
        }

        int? best = null;
        for (var i = 0; i < _candidates.Length; i++)
        {
            var candidate = _candidates[i];
            if (candidate.Ineligible is not null || onShift.Contains(i) || (experiencedOnly && !candidate.Experienced) || !Closes(i))
            {
                continue;
            }

            if (best is not { } b || candidate.ComesBefore(_candidates[b]))
            {
                best = i;
            }
        }

        return best;
    }

    public AssignmentReason RotatingInReason(QueuePick pick, int index, int endsAt, SimulatedTurn? fillingFor)
    {
        var candidate = _candidates[pick.Candidate];
        var parts = new List<ReasonPart>();
        if (fillingFor is { } dropped)
        {
            var other = _candidates[dropped.Candidate];
            parts.Add(new ReasonPart(ReasonKind.FillsIn) { MemberId = other.Id, Ineligible = other.Ineligible });
        }

        if (pick.ForDays.Count > 0 && pick.AheadOf is { } passed)
        {
            parts.Add(new ReasonPart(ReasonKind.AheadForWorkingDays) { MemberId = _candidates[passed].Id, MemberIds = pick.Partners, WorkingDays = pick.ForDays });
        }
        else if (pick.AheadOf is { } head)
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
            .Where(c => Skips(c.Ineligible) && c.ComesBefore(candidate))
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
        else if (_rotation.Strategy == RotationStrategy.Staggered && PeoplePerShift > 1 && fillingFor is null)
        {
            parts.Add(new ReasonPart(index == 0 ? ReasonKind.StartsStagger : ReasonKind.ServesOne));
        }

        return new AssignmentReason(parts);
    }

    /// <summary>
    /// Whether a reason names the member as passed over: on leave, as long as it lasts; joining or leaving, only in the shift with
    /// their first or last day in it. Before it they are not on the team yet, after it simply gone: a reason never names someone
    /// who was not on the team that week (trial 37 M1), nor 「飛ばした」 every week for months.
    /// </summary>
    private bool Skips(Ineligibility? why) => why is { IsDated: true } && why.Kind switch
    {
        IneligibleKind.Leaving => _start <= why.Date,
        IneligibleKind.NotJoined => why.Date <= _end,
        _ => true,
    };

    public AssignmentReason ContinuingReason(SimulatedTurn turn, int index) => new(
        new ReasonPart(ReasonKind.Continues) { Week = _calendar.WeekLabel(turn.RotatedInAt), Count = index - turn.RotatedInAt + 1, Of = turn.EndsAt - turn.RotatedInAt + 1 });
}
