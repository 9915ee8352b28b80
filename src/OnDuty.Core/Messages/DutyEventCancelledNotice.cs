using OnDuty.Core.Rotations;
using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>
/// The comment sent with a cancelled Outlook duty event (plain text), naming the shift by its first day when <see cref="Rotation"/>
/// is given (「1月18日(月)からの週」, "the week of Mon 18 Jan"), else by its ISO <paramref name="Week"/> label.
/// </summary>
public sealed record DutyEventCancelledNotice(Language Language, string Week) : Notice(Language)
{
    /// <summary>The shift's rotation: its handoff day and shift length name the week.</summary>
    public Rotation? Rotation { get; init; }

    /// <summary>The day the shift starts (a handoff moved off a holiday), as the event was put in.</summary>
    public DateOnly? ShiftStart { get; init; }
}
