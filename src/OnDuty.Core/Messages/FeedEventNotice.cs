using OnDuty.Core.Rotations;
using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>
/// One shift in an iCalendar feed: rendered as text, the subject is the event's SUMMARY and the text its DESCRIPTION.
/// <see cref="ForMemberId"/> is set in a member's own feed (the summary then names the others).
/// </summary>
public sealed record FeedEventNotice(Language Language, Rotation Rotation, ScheduledShift Shift, IReadOnlyDictionary<string, Member> Roster, string? ForMemberId)
    : Notice(Language)
{
    /// <summary>Set for the event of a cover for part of the shift (from its start to its end) instead of the whole shift.</summary>
    public Cover? Cover { get; init; }

    /// <summary>The weeks this shift and its reasons name whose handoff moved, with the day it happens (<see cref="RotationSchedule.MovedStarts"/>).</summary>
    public IReadOnlyDictionary<string, DateOnly> MovedStarts { get; init; } = new Dictionary<string, DateOnly>();

    /// <summary>Those taken off the roster since, named by the name they had (「小林 次郎（退任）」) in a past week's event.</summary>
    public IReadOnlyList<FormerMember> Former { get; init; } = [];
}
