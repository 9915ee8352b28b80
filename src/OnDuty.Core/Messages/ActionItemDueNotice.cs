using OnDuty.Core.Retros;
using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>
/// A reminder to an action item's owner: it was due on <see cref="ActionItem.Due"/> and is still open. The incident is named by its
/// id and title as the action-item index keeps them (<see cref="IndexedActionItem"/>), so a reminder needs no read of the incident.
/// </summary>
public sealed record ActionItemDueNotice(Language Language, string IncidentId, string IncidentTitle, ActionItem Item) : Notice(Language)
{
    /// <summary>The retro page; null without <c>Team__PublicBaseUrl</c>.</summary>
    public string? Link { get; init; }

    /// <summary>
    /// Set for an item without a due date, still open this many days after its retro was saved (<see cref="RetroOptions.UndatedReminderDays"/>):
    /// the reminder asks for a due date rather than saying one passed. Null: the item is past its due date.
    /// </summary>
    public int? UndatedDays { get; init; }

    /// <summary>
    /// Set when the owner is on leave to this day (the last day of their leave) and the reminder goes instead to those who would give
    /// the item a new owner (the leads), with <see cref="OwnerName"/>: 「担当の鈴木さんは2026年12月18日(金)まで休暇中です。」 (trial 56).
    /// Null: the reminder is to the owner.
    /// </summary>
    public LeaveAbsence? OwnerAwayUntil { get; init; }

    /// <summary>With <see cref="OwnerAwayUntil"/>: the owner's name as the roster has it.</summary>
    public string? OwnerName { get; init; }
}
