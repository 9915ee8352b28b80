using OnDuty.Core.Rotations;
using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>
/// To a cover's replacement: a <see cref="Change"/> to an announced shift (often the taking-back of one that made the cover
/// unneeded) made their cover apply again, so they are on duty then in the covered member's place and paged.
/// </summary>
public sealed record CoverRestoredNotice(Language Language, Rotation Rotation, string Week, NamedCover Cover, DutyChange Change)
    : Notice(Language)
{
    /// <summary>The day the shift really starts when its handoff moved off a holiday (its Japanese week name says that day); null: its nominal day.</summary>
    public DateOnly? HandoffDate { get; init; }
}
