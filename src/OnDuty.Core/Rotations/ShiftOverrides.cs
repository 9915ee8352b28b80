namespace OnDuty.Core.Rotations;

/// <summary>
/// The overrides and swaps of a rotation by shift start date (in creation order; a person's change to a frozen shift
/// counts as an override after the ones it was announced with), applied to a computed shift.
/// </summary>
internal sealed class ShiftOverrides
{
    private readonly DutyCalendar _calendar;
    private readonly Dictionary<DateOnly, List<RotationOverride>> _byStart = [];
    private readonly Dictionary<string, List<RotationOverride>> _swaps = new(StringComparer.Ordinal);
    private readonly Dictionary<DateOnly, List<RotationOverride>> _covers = [];

    public ShiftOverrides(RotationState state, DutyCalendar calendar)
    {
        _calendar = calendar;

        // A change to a frozen shift counts as an override of it, so the schedule explains it and the queue goes on as
        // if the member it replaced had served.
        // A change taken back and the change taking it back cancel out: neither explains the shift.
        var changes = state.Frozen.SelectMany(f => f.Changes.Where(c => c.InEffect).Select(c => c.AsOverride(f.ShiftStart)));
        foreach (var o in state.Overrides.OrderBy(o => o.CreatedAt).ThenBy(o => o.Id, StringComparer.Ordinal).Concat(changes.OrderBy(c => c.CreatedAt)))
        {
            if (o.IsCover)
            {
                // A cover for part of the shift leaves the shift's pair (and so the queue) alone: it applies at instants.
                if (!_covers.TryGetValue(o.ShiftStart, out var covers))
                {
                    _covers[o.ShiftStart] = covers = [];
                }

                covers.Add(o);
                continue;
            }

            if (!_byStart.TryGetValue(o.ShiftStart, out var list))
            {
                _byStart[o.ShiftStart] = list = [];
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
    }

    /// <summary>
    /// Replaces members of <paramref name="placements"/> by the shift's overrides; one whose member is not on the shift,
    /// or whose replacement already is, is ignored with a note. <paramref name="ineligible"/> is the eligibility rule.
    /// </summary>
    public List<ShiftPlacement> Apply(List<ShiftPlacement> placements, DateOnly start, DateOnly end, List<ScheduleNote> notes, Func<string, DateOnly, DateOnly, Ineligibility?> ineligible)
    {
        if (!_byStart.TryGetValue(start, out var overrides))
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
            // A member an earlier change of this shift put here (a replace, then a trade of the same week) keeps that change said
            // after this one: who holds the shift now, and how it came to be.
            var reason = new AssignmentReason([
                swap
                    ? new ReasonPart(ReasonKind.Swapped) { MemberId = o.MemberId, Week = SwapPartnerWeek(o), Note = note }
                    : new ReasonPart(ReasonKind.Replaces) { MemberId = o.MemberId, Note = note },
                .. placements[slot].Kind is AssignmentKind.Override or AssignmentKind.Swap ? placements[slot].Reason.AsEarlier(o.MemberId) : Array.Empty<ReasonPart>(),
            ]);
            placements[slot] = placements[slot] with
            {
                MemberId = o.ReplacementId,
                Kind = swap ? AssignmentKind.Swap : AssignmentKind.Override,
                Reason = reason,
            };

            if (ineligible(o.ReplacementId, start, end) is { } why)
            {
                notes.Add(new ScheduleNote(NoteKind.ReplacementIneligible) { ReplacementId = o.ReplacementId, Ineligible = why });
            }
        }

        return placements;
    }

    /// <summary>
    /// The covers of the shift starting <paramref name="start"/> against its final <paramref name="members"/>, oldest first. One
    /// whose member is not on the shift, whose replacement already is, or whose replacement left the roster does not apply
    /// (the member stays on duty) and leaves a note. Nor does one overlapping an older cover that applies, of the same member or
    /// by the same replacement: whatever order changes and undos came in, nobody is on duty twice and no pair becomes one person.
    /// </summary>
    public IReadOnlyList<Cover> Covers(DateOnly start, IReadOnlyList<string> members, IReadOnlyDictionary<string, Team.Member> roster, List<ScheduleNote> notes)
    {
        if (!_covers.TryGetValue(start, out var overrides))
        {
            return [];
        }

        var covers = new List<Cover>(overrides.Count);
        foreach (var o in overrides)
        {
            NoteKind? why = !members.Contains(o.MemberId) ? NoteKind.OverrideMemberNotOnShift
                : members.Contains(o.ReplacementId) ? NoteKind.OverrideReplacementOnShift
                : !(roster.TryGetValue(o.ReplacementId, out var replacement) && replacement.Active) ? NoteKind.CoverReplacementGone
                : covers.Any(c => c.Applies && c.Overlaps(o.From!.Value, o.To!.Value) && (c.MemberId == o.MemberId || c.ReplacementId == o.ReplacementId
                    || c.ReplacementId == o.MemberId || c.MemberId == o.ReplacementId)) ? NoteKind.CoverConflicts
                : null;
            if (why is { } kind)
            {
                notes.Add(new ScheduleNote(kind) { MemberId = o.MemberId, ReplacementId = o.ReplacementId });
            }

            covers.Add(o.AsCover() with { NotApplied = why });
        }

        return covers;
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
}
