namespace OnDuty.Core.Retros;

/// <summary>
/// An open action item as the action-item index keeps it: its retro's incident, with the incident's title as of the retro's last
/// save or the incident's last change of title (<see cref="IRetroRepository.RenameActionItemsIncidentAsync"/>), whichever came later.
/// </summary>
public sealed record IndexedActionItem(string IncidentId, string IncidentTitle, ActionItem Item)
{
    /// <summary>The incident its retro's incident was merged into (a duplicate's retro); null when it was not merged.</summary>
    public string? MergedInto { get; init; }

    /// <summary>
    /// When the retro version listing it was saved (session 48: an item without a due date is reminded once
    /// <see cref="RetroOptions.UndatedReminderDays"/> days after); for a row written before the index kept it, the row's last write.
    /// </summary>
    public DateTimeOffset? SavedAt { get; init; }

    /// <summary>
    /// Whether its incident is confidential, as the index keeps it (written by the retro's save and by every marking or lifting of
    /// the incident); null for a row written before the index kept it: unknown, so a list for someone who may not read confidential
    /// incidents reads the incident (<see cref="OpenActionItemList"/>).
    /// </summary>
    public bool? Confidential { get; init; }
}
