using OnDuty.Core.Retros;
using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>The lead's page of open action items across retros (trial 37 M4), in the order of <see cref="OpenActionItemList"/>.</summary>
public sealed record ActionItemsPageNotice(Language Language, IReadOnlyList<OpenActionItem> Items) : Notice(Language)
{
    /// <summary>After how many days an item without a due date is reminded (<see cref="RetroOptions.UndatedReminderDays"/>), as its section says.</summary>
    public int UndatedReminderDays { get; init; } = new RetroOptions().UndatedReminderDays;

    /// <summary>
    /// The visitor may read confidential incidents (<see cref="Incidents.ConfidentialAccess.ReadsConfidentialBySetting"/>): a
    /// confidential incident's item is listed whole for them; for anyone else by its incident's id, 「非公開の障害」 / 'Confidential
    /// incident' for its title and no word of the item (its owner and due date stay), as the lessons search lists one.
    /// </summary>
    public bool ReadsConfidential { get; init; }

    /// <summary>
    /// The confidential incidents the visitor was added on (<see cref="Incidents.IIncidentReaders.AddedOnAsync"/>): listed whole to them
    /// although they do not read every one (<see cref="ReadsConfidential"/>).
    /// </summary>
    public IReadOnlySet<string> AddedOn { get; init; } = new HashSet<string>();

    /// <summary>The visitor may read confidential incident <paramref name="incidentId"/> here: every one, or one they were added on.</summary>
    public bool Reads(string incidentId) => ReadsConfidential || AddedOn.Contains(incidentId);
}
