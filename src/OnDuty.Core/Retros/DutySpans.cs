using OnDuty.Core.Rotations;

namespace OnDuty.Core.Retros;

/// <summary>
/// Who was on duty when in a shift, as the pager decided it (<see cref="ScheduledShift.DutyAt"/>): the shift's pair — as it was
/// before each replacement made while the shift was on (<see cref="LoadShift.HandoversOf"/>) — with the covers that applied.
/// Overrides, swaps, leave, frozen weeks and cadence changes are already in the schedule's shift; nothing here decides duty again.
/// </summary>
public static class DutySpans
{
    /// <summary>The spans of <paramref name="shift"/>, each member's adjacent ones joined, oldest first.</summary>
    public static IReadOnlyList<DutySpan> Of(ScheduledShift shift, RotationState state) => Of(shift, LoadShift.HandoversOf(shift, state));

    public static IReadOnlyList<DutySpan> Of(ScheduledShift shift, IReadOnlyList<LoadHandover> handovers)
    {
        var (start, end) = (shift.StartsAt, shift.EndsAt);
        if (end <= start)
        {
            return [];
        }

        // The pair at the handoff: the pair as it ended with each replacement made while it was on taken back (newest first).
        var pair = shift.MemberIds.ToList();
        var applied = new List<LoadHandover>();
        foreach (var h in handovers.Reverse())
        {
            var slot = pair.IndexOf(h.ReplacementId);
            if (slot >= 0 && !pair.Contains(h.MemberId))
            {
                pair[slot] = h.MemberId;
                applied.Insert(0, h);
            }
        }

        // A cover of a member replaced later for the rest of the shift no longer applies (its member is off the shift) but did
        // until the replacement: the pager put its replacement on duty then.
        var covers = shift.Covers.Where(c => c.Applies).ToList();
        foreach (var c in shift.Covers.Where(c => c.NotApplied == NoteKind.OverrideMemberNotOnShift))
        {
            if (applied.FirstOrDefault(h => h.MemberId == c.MemberId && c.From < h.At) is { } left)
            {
                covers.Add(c with { To = c.To < left.At ? c.To : left.At, NotApplied = null });
            }
        }

        var cuts = new SortedSet<DateTimeOffset> { start, end };
        foreach (var at in applied.Select(h => h.At).Concat(covers.SelectMany(c => new[] { c.From, c.To })).Where(at => at > start && at < end))
        {
            cuts.Add(at);
        }

        var spans = new List<DutySpan>();
        var handover = 0;
        var points = cuts.ToList();
        for (var i = 0; i < points.Count - 1; i++)
        {
            var (from, to) = (points[i], points[i + 1]);
            while (handover < applied.Count && applied[handover].At <= from)
            {
                pair[pair.IndexOf(applied[handover].MemberId)] = applied[handover].ReplacementId;
                handover++;
            }

            var members = pair.Select(id => shift.Members.FirstOrDefault(m => m.MemberId == id) ?? new Assignment(id, AssignmentKind.Override, AssignmentReason.None)).ToList();
            foreach (var duty in (shift with { Members = members, Covers = covers }).DutyAt(from))
            {
                var last = spans.FindLastIndex(s => s.MemberId == duty.MemberId);
                if (last >= 0 && spans[last].To == from)
                {
                    spans[last] = spans[last] with { To = to };
                }
                else
                {
                    spans.Add(new DutySpan(duty.MemberId, from, to));
                }
            }
        }

        return spans;
    }
}
