using OnDuty.Core.Calendar;
using OnDuty.Core.Rotations;
using OnDuty.Core.Team;
using OnDuty.Messages;

namespace OnDuty.Functions.Rotations;

/// <summary>JSON shapes of the schedule and on-call answers.</summary>
public static class ScheduleViews
{
    public static object Schedule(RotationSchedule schedule, IReadOnlyDictionary<string, Member> roster) => new
    {
        rotation = schedule.Rotation.Id,
        name = schedule.Rotation.Name,
        timeZone = schedule.Rotation.TimeZone,
        shifts = schedule.Shifts.Select(s => Shift(s, schedule.Rotation, roster)),
    };

    /// <summary>An override as before, plus whether it changed an announced week at once and what to know about it (the experience mix).</summary>
    public static object Change(RotationOverride o, DutyChangeResult result) => new
    {
        o.Id,
        o.Kind,
        o.ShiftStart,
        o.MemberId,
        o.ReplacementId,
        o.SwapId,
        o.Reason,
        o.CreatedAt,
        appliesNow = result.ChangedNow.Count > 0,
        changedNow = result.ChangedNow,
        warnings = result.Warnings,
    };

    public static object OnCall(OnCall onCall, IReadOnlyDictionary<string, Member> roster) => new
    {
        rotation = onCall.Rotation.Id,
        week = onCall.Current?.Week,
        startsAt = onCall.Current?.StartsAt,
        endsAt = onCall.Current?.EndsAt,
        handoffMoved = Moved(onCall.Current?.HandoffMoved, onCall.Rotation),
        timeZone = onCall.Rotation.TimeZone,
        frozen = onCall.Current?.Frozen ?? false,
        members = onCall.Current is null ? [] : onCall.Current.Members.Select(a => MemberView(a, roster)).ToList(),
        next = onCall.Next is null ? null : new
        {
            week = onCall.Next.Week,
            startsAt = onCall.Next.StartsAt,
            handoffMoved = Moved(onCall.Next.HandoffMoved, onCall.Rotation),
            members = onCall.Next.Members.Select(a => MemberView(a, roster)).ToList(),
        },
    };

    private static object Shift(ScheduledShift shift, Rotation rotation, IReadOnlyDictionary<string, Member> roster) => new
    {
        week = shift.Week,
        startDate = shift.StartDate,
        endDate = shift.EndDate,
        startsAt = shift.StartsAt,
        endsAt = shift.EndsAt,
        handoffMoved = Moved(shift.HandoffMoved, rotation),
        frozen = shift.Frozen,
        members = shift.Members.Select(a => MemberView(a, roster)),
        notes = shift.Notes,
    };

    /// <summary>Where and why the handoff moved off a non-working day; null when it did not.</summary>
    private static object? Moved(HandoffMove? move, Rotation rotation) => move is null ? null : new
    {
        nominalDate = move.NominalDate,
        date = move.Date,
        skipped = move.Skipped.Select(d => new { date = d.Date, kind = d.Kind, name = d.Name, nameJa = d.NameJa }),
        text = HandoffMoveText.Describe(move, rotation.HandoffTime, Phrases.For(Language.En)),
        textJa = HandoffMoveText.Describe(move, rotation.HandoffTime, Phrases.For(Language.Ja)),
    };

    private static object MemberView(Assignment assignment, IReadOnlyDictionary<string, Member> roster)
    {
        roster.TryGetValue(assignment.MemberId, out var member);
        return new
        {
            id = assignment.MemberId,
            displayName = member?.DisplayName ?? assignment.MemberId,
            email = member?.Email,
            language = member?.Language,
            kind = assignment.Kind,
            reason = assignment.Reason,
        };
    }
}
