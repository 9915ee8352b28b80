namespace OnDuty.Core.Rotations;

/// <summary>
/// Reports a frozen (announced) shift as stored and makes the simulation's carried state agree with it: computed turns
/// nobody announced are removed (undone if they started there), announced members the computation did not expect are
/// added, and the shift's turn ends are shared out again, continuing turns first.
/// </summary>
internal sealed class FrozenShiftReconciler
{
    private readonly RotationQueue _queue;
    private readonly Dictionary<DateOnly, FrozenShift> _frozen = [];

    public FrozenShiftReconciler(RotationState state, RotationQueue queue)
    {
        _queue = queue;
        foreach (var frozen in state.Frozen.OrderBy(f => f.FrozenAt))
        {
            _frozen.TryAdd(frozen.ShiftStart, frozen);
        }
    }

    public bool TryGet(DateOnly start, out FrozenShift frozen) => _frozen.TryGetValue(start, out frozen!);

    /// <param name="turns">The turns computed for this shift; replaced by the turns that carry on from what was announced.</param>
    /// <param name="undo">Each candidate who rotated in at this shift, with their last turn before it.</param>
    /// <param name="onLeave">Whether a member has leave during this shift.</param>
    public (IReadOnlyList<Assignment> Members, IReadOnlyList<ScheduleNote> Notes) Reconcile(
        FrozenShift frozen, int index, List<SimulatedTurn> previous, List<SimulatedTurn> turns, List<ShiftPlacement> placements, Dictionary<int, QueuePlace> undo, Func<string, bool> onLeave)
    {
        var announced = frozen.Members.Distinct(StringComparer.Ordinal).ToList();
        // The queue goes on from the pair as announced: a replacement a person put on the shift afterwards serves that week
        // only, in the place of the member they replaced (trial 34 H1: the cover week counted as the replacement's own turn,
        // which took her off her later week).
        var served = announced.Select(id => ServedFor(frozen, id)).Distinct(StringComparer.Ordinal).ToList();
        var matched = new Dictionary<string, AssignmentReason>(StringComparer.Ordinal);
        var kept = new List<SimulatedTurn>();
        foreach (var placement in placements)
        {
            var baseId = _queue[placement.Turn.Candidate].Id;
            if (served.Contains(placement.MemberId) && !matched.ContainsKey(placement.MemberId))
            {
                matched[placement.MemberId] = placement.Reason;
                kept.Add(placement.Turn);
            }
            else if (served.Contains(baseId) && !matched.ContainsKey(baseId))
            {
                matched[baseId] = placement.Turn.Reason;
                kept.Add(placement.Turn);
            }
            else if (placement.Turn.RotatedInAt == index && undo.TryGetValue(placement.Turn.Candidate, out var last))
            {
                _queue[placement.Turn.Candidate].Place = last;
            }
        }

        var added = new List<int>();
        foreach (var id in served.Where(id => !matched.ContainsKey(id)))
        {
            // Someone outside the rotation (an override from elsewhere) has no place in the queue to carry on.
            if (_queue.TryFind(id, out var c) && !kept.Any(t => t.Candidate == c))
            {
                added.Add(c);
            }
        }

        var ends = _queue.OpenEnds(index, []);
        var final = new List<SimulatedTurn>();
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
            _queue.RotateIn(c, index);
            final.Add(new SimulatedTurn(c, index, TakeEarliest(ends, index), AssignmentReason.None));
        }

        turns.Clear();
        turns.AddRange(final);

        var computed = placements.Select(p => p.MemberId).ToList();
        var same = computed.Order(StringComparer.Ordinal).SequenceEqual(announced.Order(StringComparer.Ordinal), StringComparer.Ordinal);
        var members = AsAnnounced(frozen, onLeave, matched, same);

        // Leave of an announced member is said by their own line (they stay on duty until replaced); naming the pair today's
        // leave would give instead reads as if it were on duty, so that note is left out then.
        // Leave inside a frozen shift is not looked at when it is computed (see ScheduleSimulation), so a member whose leave was
        // entered before the announcement (and who was rightly left out then) is computed on it: that is no difference to tell.
        var leaveSaysIt = members.Any(m => m.Reason.Has(ReasonKind.AnnouncedOnLeave));
        var leaveExplains = computed.Except(announced, StringComparer.Ordinal).ToList() is { Count: > 0 } unexpected && unexpected.All(onLeave);
        IReadOnlyList<ScheduleNote> notes = same || leaveSaysIt || leaveExplains ? [] : [new ScheduleNote(NoteKind.FrozenDiffers) { MemberIds = computed }];
        return (members, notes);
    }

    /// <summary>
    /// The members of <paramref name="frozen"/> as stored, each with why: a change after the announcement, their leave, or as
    /// announced (with the computed reason from <paramref name="matched"/> when the computation agrees, <paramref name="same"/>);
    /// <paramref name="matched"/> null when nothing was computed for the shift (one before the rotation's first start).
    /// </summary>
    public static List<Assignment> AsAnnounced(FrozenShift frozen, Func<string, bool> onLeave, IReadOnlyDictionary<string, AssignmentReason>? matched, bool same) =>
        frozen.Members.Distinct(StringComparer.Ordinal)
            .Select(id => new Assignment(
                id,
                AssignmentKind.Frozen,
                ChangedAfterAnnouncement(frozen, id) is { } change
                    ? new AssignmentReason([
                        new ReasonPart(ReasonKind.ChangedAfterAnnouncement) { Week = frozen.Week },
                        new ReasonPart(change.Kind == OverrideKind.Swap ? ReasonKind.Swapped : ReasonKind.Replaces) { MemberId = change.MemberId, Note = change.Reason },
                        .. EarlierChanges(frozen, change)])
                    : onLeave(id)
                    ? new AssignmentReason(new ReasonPart(ReasonKind.AnnouncedOnLeave) { MemberId = id })
                    : matched is null
                    ? new AssignmentReason(new ReasonPart(ReasonKind.AsAnnounced) { Week = frozen.Week })
                    : matched.TryGetValue(id, out var reason)
                    ? new AssignmentReason([new ReasonPart(ReasonKind.AsAnnounced) { Week = frozen.Week }, .. same ? reason.Parts : []])
                    : new AssignmentReason(new ReasonPart(ReasonKind.AnnouncedOnly) { Week = frozen.Week })))
            .ToList();

    /// <summary>
    /// Whom <paramref name="memberId"/> stands in for in the queue: the member as announced, walking the changes in effect
    /// back from the latest (a replacement replaced again stands for the first one announced); themselves when no change put them on.
    /// </summary>
    private static string ServedFor(FrozenShift frozen, string memberId)
    {
        for (var i = frozen.Changes.Count - 1; i >= 0; i--)
        {
            var change = frozen.Changes[i];
            if (change.InEffect && !change.IsCover && change.ReplacementId == memberId)
            {
                memberId = change.MemberId;
            }
        }

        return memberId;
    }

    /// <summary>
    /// The change in effect that put <paramref name="memberId"/> on the shift after it was announced (the announcement did not
    /// name them); null for someone announced, including one a taking-back put back.
    /// </summary>
    private static DutyChange? ChangedAfterAnnouncement(FrozenShift frozen, string memberId) =>
        frozen.Changes.LastOrDefault(c => c.InEffect && c.ReplacementId == memberId);

    /// <summary>
    /// The changes before <paramref name="latest"/> that put its member on the shift (a replace, then a trade of the same week), latest
    /// first, each as the earlier change it is (<see cref="ReasonKind.ReplacedEarlier"/>, <see cref="ReasonKind.SwappedEarlier"/>).
    /// </summary>
    private static IEnumerable<ReasonPart> EarlierChanges(FrozenShift frozen, DutyChange latest)
    {
        var before = frozen.Changes.TakeWhile(c => c.Id != latest.Id).ToList();
        var holder = latest.MemberId;
        while (before.FindLastIndex(c => c.InEffect && !c.IsCover && c.ReplacementId == holder) is var at and >= 0)
        {
            var earlier = before[at];
            yield return new ReasonPart(earlier.Kind == OverrideKind.Swap ? ReasonKind.SwappedEarlier : ReasonKind.ReplacedEarlier) { MemberId = earlier.MemberId, MemberIds = [holder], Note = string.IsNullOrWhiteSpace(earlier.Reason) ? null : earlier.Reason };
            holder = earlier.MemberId;
            before.RemoveRange(at, before.Count - at);
        }
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
}
