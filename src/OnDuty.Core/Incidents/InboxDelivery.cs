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

    /// <summary>The parsed notification (JSON), at most <see cref="IAlertInbox.MaxNotificationLength"/> characters.</summary>
    public required string Notification { get; init; }
}
