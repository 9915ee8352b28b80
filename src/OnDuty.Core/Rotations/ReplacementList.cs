namespace OnDuty.Core.Rotations;

/// <summary>
/// Who could take over <see cref="MemberId"/> in <see cref="Shift"/>, best first (trial 32b M4): the duty page's list of
/// replacements and <c>GET /rotations/{id}/replacements</c>. Those not away in the shift first, then those not on duty the
/// week before or after (nor put on <see cref="RotationService.LongRunWeeks"/> weeks in a row by it), then the fewest duty
/// weeks in the <see cref="PastShifts"/> shifts before and the <see cref="ComingShifts"/> after, then by name. Active members
/// of the rotation not on the shift who have joined by what is left of it and not left before it; not those on leave for all
/// of what is left, nor one already covering part of it (trial 34 L3: the list offered members taken out of the rotation first,
/// and on 1/1 the member covering that very day). The order only advises, nobody is refused by it.
/// </summary>
public sealed record ReplacementList(ScheduledShift Shift, string? MemberId, bool Current, IReadOnlyList<ReplacementCandidate> Candidates)
{
    /// <summary>The roster the list was made from, to name everyone.</summary>
    public IReadOnlyDictionary<string, Team.Member> Roster { get; init; } = new Dictionary<string, Team.Member>();

    /// <summary>The rotation's weeks per shift: the hints count weeks, the list shifts.</summary>
    public int ShiftWeeks { get; init; } = 1;

    /// <summary>Shifts before the one to fill whose duty counts ("the last 8 weeks").</summary>
    public const int PastShifts = 8;

    /// <summary>Shifts after it whose duty counts (already scheduled).</summary>
    public const int ComingShifts = 4;

    /// <param name="remainingFrom">The first day of what is left of the shift (today for the current one).</param>
    /// <param name="current">The shift is on now (its neighbours are last week and next week).</param>
    /// <param name="now">The time now: a cover ended by then does not keep its replacement off the list.</param>
    public static ReplacementList For(ScheduleInput input, ScheduledShift shift, string? memberId, DateOnly remainingFrom, bool current, DateTimeOffset? now = null)
    {
        var left = current && now is { } at ? at : shift.StartsAt;
        // To the handoff morning after the shift's dates (session 62): whoever covers it must be free then, and leave that ends the
        // day before does not keep anyone off it.
        var last = shift.LastDay(Common.TimeZones.Find(input.Rotation.TimeZone));
        var index = shift.Index;
        var first = input.ClampToFirst(index - PastShifts);

        // The weeks counted, and far enough either way to see how many weeks in a row someone would serve.
        var shifts = ScheduleCalculator.Compute(input, first, index - first + PastShifts + 1).ToDictionary(s => s.Index);
        var candidates = new List<ReplacementCandidate>();
        foreach (var member in input.Roster.Values)
        {
            if (!member.Active || shift.MemberIds.Contains(member.Id) || !input.Rotation.Members.Contains(member.Id)
                || (member.JoinedOn != default && member.JoinedOn > remainingFrom)
                || member.LeavesOn is { } gone && gone < remainingFrom
                || shift.Covers.Any(c => c.Applies && c.ReplacementId == member.Id && c.To > left)
                || input.Leave.Any(l => l.MemberId == member.Id && l.From <= remainingFrom && l.To >= last))
            {
                continue;
            }

            bool On(int i) => shifts.TryGetValue(i, out var s) && s.MemberIds.Contains(member.Id);
            var run = RotationService.Run(shifts, [(shift, memberId ?? "", member.Id)], index, member.Id, input.Rotation.ShiftWeeks);
            candidates.Add(new ReplacementCandidate(
                member.Id,
                Enumerable.Range(index - PastShifts, PastShifts).Count(On),
                Enumerable.Range(index + 1, ComingShifts).Count(On),
                On(index - 1),
                On(index + 1))
            {
                WeeksInARow = run is { Weeks: >= RotationService.LongRunWeeks } r ? r.Weeks : null,
                Leave = input.Leave.Where(l => l.MemberId == member.Id && l.From <= last && l.To >= remainingFrom).OrderBy(l => l.From).FirstOrDefault(),
                RemainingFrom = remainingFrom,
                LeavesOn = member.LeavesOn is { } leaves && leaves < last ? leaves : null,
            });
        }

        string Name(string id) => input.Roster.TryGetValue(id, out var m) ? m.DisplayName : id;
        return new ReplacementList(shift, memberId, current,
        [
            .. candidates
                .OrderBy(c => c.Away)
                .ThenBy(c => c.NextToOwnTurn)
                .ThenBy(c => c.PastWeeks + c.ComingWeeks)
                .ThenBy(c => Name(c.MemberId), StringComparer.Ordinal)
                .ThenBy(c => c.MemberId, StringComparer.Ordinal),
        ])
        {
            Roster = input.Roster,
            ShiftWeeks = input.Rotation.ShiftWeeks,
        };
    }
}
