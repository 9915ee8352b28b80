namespace OnDuty.Core.Rotations;

/// <summary>One computed (or frozen) shift.</summary>
public sealed record ScheduledShift(
    int Index,
    string Week,
    DateOnly StartDate,
    DateOnly EndDate,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    IReadOnlyList<Assignment> Members,
    bool Frozen,
    IReadOnlyList<ScheduleNote> Notes)
{
    /// <summary>Set when the handoff into this shift moved off a non-working day (<see cref="StartsAt"/> is the moved instant).</summary>
    public Calendar.HandoffMove? HandoffMoved { get; init; }

    public IReadOnlyList<string> MemberIds => Members.Select(m => m.MemberId).ToList();

    /// <summary>Covers for part of this shift, oldest first; those that do not apply say why (and the shift has a note).</summary>
    public IReadOnlyList<Cover> Covers { get; init; } = [];

    /// <summary>
    /// Who is on duty at <paramref name="at"/>: the shift's members, each replaced by the replacement of a cover of theirs that
    /// applies and includes the instant. What pages, the duty line and <c>oncall</c> use.
    /// </summary>
    public IReadOnlyList<Assignment> DutyAt(DateTimeOffset at)
    {
        var duty = new List<Assignment>(Members.Count);
        foreach (var a in Members)
        {
            // Never the same person twice (a pair paged as one): a cover whose replacement is already on duty leaves the member.
            duty.Add(CoverAt(a.MemberId, at) is { } c && !Members.Any(m => m.MemberId == c.ReplacementId) && !duty.Any(d => d.MemberId == c.ReplacementId)
                ? new Assignment(c.ReplacementId, AssignmentKind.Cover, new AssignmentReason(new ReasonPart(ReasonKind.Covers) { MemberId = a.MemberId, Note = string.IsNullOrWhiteSpace(c.Reason) ? null : c.Reason }))
                : a);
        }

        return duty;
    }

    /// <summary>
    /// The last date in <paramref name="zone"/> (the rotation's) the shift has hours in: the day after <see cref="EndDate"/> when the
    /// handoff is after midnight — a shift to Monday 10:00 holds that Monday's morning (session 61: leave for that Monday alone told
    /// nobody, and she was paged through it).
    /// </summary>
    public DateOnly LastDay(TimeZoneInfo zone)
    {
        var last = Common.TimeZones.DateAt(EndsAt.AddTicks(-1), zone);
        return last > EndDate ? last : EndDate;
    }

    /// <summary>The cover of <paramref name="memberId"/> that applies at <paramref name="at"/>, if any.</summary>
    public Cover? CoverAt(string memberId, DateTimeOffset at) => Covers.FirstOrDefault(c => c.Applies && c.MemberId == memberId && c.Includes(at));
}
