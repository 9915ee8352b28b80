using OnDuty.Core.Team;

namespace OnDuty.Core.Rotations;

/// <summary>
/// What one edit changed, before and after, as data the mail renders per reader (trial 37 M2, M8: 「設定が変更されたため」 alone
/// did not say what). Only the fields its <see cref="Kind"/> names are set.
/// </summary>
public sealed record ScheduleChangeDetail(ScheduleChangeDetailKind Kind)
{
    public DateOnly? OldDate { get; init; }

    public DateOnly? NewDate { get; init; }

    public int? OldCount { get; init; }

    public int? NewCount { get; init; }

    /// <summary>Member ids as they were (the old order).</summary>
    public IReadOnlyList<string> OldMembers { get; init; } = [];

    /// <summary>Member ids as they are (added members, or the new order).</summary>
    public IReadOnlyList<string> NewMembers { get; init; } = [];

    public Cadence? OldCadence { get; init; }

    public Cadence? NewCadence { get; init; }

    /// <summary>What an edit of a member on the roster changed that moves duty: leaving and joining dates, active or not.</summary>
    public static IReadOnlyList<ScheduleChangeDetail> OfMember(Member old, Member now)
    {
        var details = new List<ScheduleChangeDetail>();
        if (old.LeavesOn != now.LeavesOn)
        {
            details.Add(new ScheduleChangeDetail(old.LeavesOn is null ? ScheduleChangeDetailKind.Leaving
                : now.LeavesOn is null ? ScheduleChangeDetailKind.LeavingCancelled
                : ScheduleChangeDetailKind.LeavingMoved) { OldDate = old.LeavesOn, NewDate = now.LeavesOn });
        }

        if (old.JoinedOn != now.JoinedOn)
        {
            details.Add(new ScheduleChangeDetail(ScheduleChangeDetailKind.Joining) { OldDate = old.JoinedOn, NewDate = now.JoinedOn });
        }

        if (old.Active != now.Active)
        {
            details.Add(new ScheduleChangeDetail(now.Active ? ScheduleChangeDetailKind.Active : ScheduleChangeDetailKind.Inactive));
        }

        return details;
    }

    /// <summary>
    /// What an edit of a rotation's settings changed that moves duty: pair size, members added, their order, the start and the
    /// handoff (day, time, shift length). Members taken out are the cause's own kind (<see cref="ScheduleChangeKind.MemberRemoved"/>).
    /// With <paramref name="cadenceFrom"/> (a change from a date) the start is that date, told by its own line, not as a new start.
    /// </summary>
    public static IReadOnlyList<ScheduleChangeDetail> OfRotation(Rotation old, Rotation now, bool cadenceFrom)
    {
        var details = new List<ScheduleChangeDetail>();
        if (old.PeoplePerShift != now.PeoplePerShift)
        {
            details.Add(new ScheduleChangeDetail(ScheduleChangeDetailKind.PairSize) { OldCount = old.PeoplePerShift, NewCount = now.PeoplePerShift });
        }

        var added = now.Members.Except(old.Members, StringComparer.Ordinal).ToList();
        if (added.Count > 0)
        {
            details.Add(new ScheduleChangeDetail(ScheduleChangeDetailKind.MembersAdded) { NewMembers = added });
        }

        // The order of those who were members before and still are: adding or taking out someone is not a new order.
        var kept = old.Members.Intersect(now.Members, StringComparer.Ordinal).ToList();
        var keptNow = now.Members.Where(kept.Contains).ToList();
        if (!kept.SequenceEqual(keptNow, StringComparer.Ordinal))
        {
            details.Add(new ScheduleChangeDetail(ScheduleChangeDetailKind.Order) { OldMembers = old.Members, NewMembers = now.Members });
        }

        if (!cadenceFrom && old.StartDate != now.StartDate)
        {
            details.Add(new ScheduleChangeDetail(ScheduleChangeDetailKind.StartDate) { OldDate = old.StartDate, NewDate = now.StartDate });
        }

        if (old.HandoffDay != now.HandoffDay || old.HandoffTime != now.HandoffTime || old.ShiftWeeks != now.ShiftWeeks)
        {
            details.Add(new ScheduleChangeDetail(ScheduleChangeDetailKind.Handoff) { OldCadence = Cadence.Of(old), NewCadence = Cadence.Of(now) });
        }

        return details;
    }
}
