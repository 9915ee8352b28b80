namespace OnDuty.Core.Incidents;

/// <summary>One row of the status page: the incident and when a person last said something about it (its opening if nobody has).</summary>
public sealed record StatusBoardEntry(Incident Incident, DateTimeOffset LastUpdateAt, string? LastUpdate)
{
    /// <summary>
    /// When monitoring resolved it, if nobody has spoken since: the row says so (「監視により自動復旧」) instead of the last person's
    /// message, which still describes the outage. Null while open, when a person resolved it, or once a person spoke after.
    /// </summary>
    public DateTimeOffset? AutoResolvedAt { get; init; }

    /// <summary>
    /// No person has declared, updated or resolved it (monitoring opened it and nobody has spoken): <see cref="StatusBoardEntry.LastUpdateAt"/> is
    /// its detection, and the row says so instead of 「最終更新」 (trial day 28, L12).
    /// </summary>
    public bool NobodyUpdated { get; init; }
}
