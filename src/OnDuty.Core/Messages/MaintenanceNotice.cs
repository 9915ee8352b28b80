using OnDuty.Core.Maintenance;
using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>What happened to a maintenance window, told to the team's channel: pages held (or no longer) are never a surprise.</summary>
/// <param name="Paged">For <see cref="MaintenanceEvent.Ended"/> and <see cref="MaintenanceEvent.Finished"/>: how many incidents it held were paged now.</param>
/// <param name="PageLink">The maintenance page.</param>
public sealed record MaintenanceNotice(Language Language, MaintenanceWindow Window, MaintenanceEvent Event, int Paged, string TimeZone, string PageLink) : Notice(Language)
{
    /// <summary>Display names by member id, for who planned or ended the window when that was recorded as a member id; anyone else is shown as recorded.</summary>
    public IReadOnlyDictionary<string, string> Names { get; init; } = new Dictionary<string, string>();

    /// <summary>For <see cref="MaintenanceEvent.Finished"/>: how many incidents it held until its end (those paged now, and those resolved or taken meanwhile).</summary>
    public int Held { get; init; }
}

public enum MaintenanceEvent
{
    Planned,
    Moved,
    Ended,
    Cancelled,

    /// <summary>Planned ahead, its start came (the escalation run sees it): 【メンテナンス・実施中】.</summary>
    Began,

    /// <summary>Its end came and nobody had ended it (the escalation run sees it): 【メンテナンス・完了】 with what it held and paged.</summary>
    Finished,
}
