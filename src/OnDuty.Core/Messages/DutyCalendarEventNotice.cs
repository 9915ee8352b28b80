using OnDuty.Core.Rotations;
using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>A duty week as an Outlook event in one member's calendar (subject and HTML body).</summary>
public sealed record DutyCalendarEventNotice(Language Language, Rotation Rotation, ScheduledShift Shift, IReadOnlyList<string> Partners)
    : Notice(Language)
{
    /// <summary>Set for the event of a cover for part of the shift, in its replacement's calendar.</summary>
    public NamedCover? Cover { get; init; }
}
