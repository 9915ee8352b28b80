using OnDuty.Core.Rotations;
using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>
/// A duty week as an Outlook event in <paramref name="Reader"/>'s calendar (subject and HTML body): the partners named from
/// <paramref name="Roster"/>, a part-timer with their days as the announcement names them (「田中 健（月・火・水のみ）」).
/// </summary>
public sealed record DutyCalendarEventNotice(Language Language, Rotation Rotation, ScheduledShift Shift, Member Reader, IReadOnlyDictionary<string, Member> Roster)
    : Notice(Language)
{
    /// <summary>Set for the event of a cover for part of the shift, in its replacement's calendar.</summary>
    public NamedCover? Cover { get; init; }
}
