using OnDuty.Core.Retros;
using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>The lead's page of open action items across retros (trial 37 M4), in the order of <see cref="OpenActionItemList"/>.</summary>
public sealed record ActionItemsPageNotice(Language Language, IReadOnlyList<OpenActionItem> Items) : Notice(Language)
{
    /// <summary>After how many days an item without a due date is reminded (<see cref="RetroOptions.UndatedReminderDays"/>), as its section says.</summary>
    public int UndatedReminderDays { get; init; } = new RetroOptions().UndatedReminderDays;
}
