namespace OnDuty.Core.Incidents;

/// <summary>
/// An alert delivery accepted as a repeat of an open incident's firing alerts and not yet applied to it: the row that makes
/// its 202 durable (<see cref="IAlertInbox"/>).
/// </summary>
public sealed record InboxDelivery
{
    /// <summary>The accepting instance's inbox (its partition): the instance applies its own, a sweep those of instances gone.</summary>
    public required string Inbox { get; init; }

    /// <summary>Unique in the inbox and in accept order (its row key).</summary>
    public required string Id { get; init; }

    public required string IncidentId { get; init; }

    /// <summary>The incident's <see cref="Incident.AlertVersion"/> the accepting instance knew the alerts firing at.</summary>
    public required long AlertVersion { get; init; }

    public required DateTimeOffset AcceptedAt { get; init; }

    /// <summary>
    /// The parsed notification (JSON), at most <see cref="IAlertInbox.MaxNotificationLength"/> characters. Empty in a delivery
    /// the accepting instance holds in memory with its <see cref="Repeat"/>: the JSON is in the inbox row
    /// (<see cref="IAlertInbox.FindAsync"/>).
    /// </summary>
    public required string Notification { get; init; }

    /// <summary>
    /// What applying the delivery as a repeat needs, kept by the instance that accepted it and never stored: a storm's gathered
    /// repeats then hold a few hundred bytes each until applied, not their notifications (which outlived the garbage
    /// collector's first generations and filled its second). Null in a delivery read from the inbox.
    /// </summary>
    public AcceptedRepeat? Repeat { get; init; }

    /// <summary>
    /// The inbox row that holds it with the other deliveries of its group commit (one row for several: a storm's transaction
    /// writes and later deletes one row, not one per request), and how many that row was written with; null for a delivery
    /// in a row of its own (<see cref="Id"/>), as the builds before 12-06 stored every one. Set by
    /// <see cref="IAlertInbox.AppendAsync"/> and by the inbox's reads.
    /// </summary>
    public string? Row { get; init; }

    /// <summary>How many deliveries <see cref="Row"/> was written with (0 with no <see cref="Row"/>).</summary>
    public int RowCount { get; init; }
}

/// <summary>An accepted repeat as applying it needs it: its source's route name, its alerts and the most urgent severity firing.</summary>
public sealed record AcceptedRepeat(string Source, IReadOnlyList<RepeatedAlert> Alerts, Alerts.AlertSeverity? MostUrgent);

/// <summary>One alert of an accepted repeat: its dedup key and its timeline text (with the refusal it says, for an incident about refused deliveries).</summary>
public sealed record RepeatedAlert(string AlertKey, string Message, RefusedDelivery? Refusal = null);
