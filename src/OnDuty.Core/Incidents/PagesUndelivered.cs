using OnDuty.Core.Notifications;

namespace OnDuty.Core.Incidents;

/// <summary>
/// An open incident nobody acknowledged whose pages of this round have reached nobody yet: a page step was recorded and no email,
/// text or call of any step got through (the Teams card is no person). The incident page says so near the top and the API has it
/// as <c>undelivered</c> (trial 32a M2): 「未対応」 is about acknowledgement, this is about delivery.
/// </summary>
/// <param name="Since">When the round's first page step was recorded.</param>
/// <param name="Attempts">The most attempts any of its emails took so far (0 when none was tried, or none was found).</param>
/// <param name="LastError">The latest provider error of its emails, or the last give-up on the timeline; null when none is known.</param>
public sealed record PagesUndelivered(DateTimeOffset Since, int Attempts, string? LastError)
{
    /// <summary>
    /// From <paramref name="timeline"/> (stored order) and <paramref name="messages"/> (the step's emails as the outbox has them,
    /// <see cref="EmailIds"/>); null while the incident is resolved or acknowledged, no page step was recorded, or one reached someone.
    /// </summary>
    public static PagesUndelivered? Of(Incident incident, IReadOnlyList<TimelineEntry> timeline, IReadOnlyList<OutboxMessage> messages)
    {
        if (!incident.IsOpen || incident.IsAcknowledged || Steps(incident, timeline).FirstOrDefault() is not { } start)
        {
            return null;
        }

        var round = timeline.Where(e => e.At >= start.At && e.Step is not null && (e.Round is null || e.Round == incident.PageRound)).ToList();
        if (round.Any(e => e.Kind == TimelineKind.Delivered && e.Recipients.Any(r => !string.Equals(r, "teams", StringComparison.Ordinal))))
        {
            return null;
        }

        var tried = messages.Where(m => m.Attempts > 0).ToList();
        var lastError = tried.Where(m => !string.IsNullOrWhiteSpace(m.LastError)).OrderBy(m => m.NextAttemptAt).LastOrDefault()?.LastError
            ?? round.LastOrDefault(e => e.Kind == TimelineKind.DeliveryFailed)?.Message;
        return new PagesUndelivered(start.At, tried.Count == 0 ? 0 : tried.Max(m => m.Attempts), lastError);
    }

    /// <summary>The outbox ids of the emails of this round's page steps, one per person each step was recorded for.</summary>
    public static IEnumerable<string> EmailIds(Incident incident, IReadOnlyList<TimelineEntry> timeline) =>
        Steps(incident, timeline).SelectMany(e => e.Recipients.Where(r => r.Contains('@', StringComparison.Ordinal))
            .Select(r => OutboxIds.Email(IncidentNotice.ForStep(e.Step!.Value, incident.PageRound).Topic(incident.Id), r.Trim())));

    private static IEnumerable<TimelineEntry> Steps(Incident incident, IReadOnlyList<TimelineEntry> timeline) =>
        timeline.Where(e => e.Kind is TimelineKind.Notified or TimelineKind.Escalated && e.Step is not null && (e.Round ?? 0) == incident.PageRound
                            && e.Recipients.Any(r => !string.Equals(r, "teams", StringComparison.Ordinal)));
}

/// <summary>Reads <see cref="PagesUndelivered"/> for an incident as shown (its details' timeline page) with its emails from the outbox.</summary>
public sealed class PagesUndeliveredReader(IOutboxStore outbox)
{
    /// <summary>At most this many emails are read (a step to the pair, the leads, the list: a handful).</summary>
    private const int MaxRead = 12;

    public async Task<PagesUndelivered?> OfAsync(IncidentDetails details, CancellationToken cancellationToken)
    {
        var incident = details.Incident.Value;
        if (PagesUndelivered.Of(incident, details.Timeline, []) is null)
        {
            return null; // nothing to read: delivered, acknowledged, resolved or never paged
        }

        var messages = new List<OutboxMessage>();
        foreach (var id in PagesUndelivered.EmailIds(incident, details.Timeline).Distinct(StringComparer.Ordinal).Take(MaxRead))
        {
            if (await outbox.GetAsync(id, cancellationToken) is { } message)
            {
                messages.Add(message);
            }
        }

        return PagesUndelivered.Of(incident, details.Timeline, messages);
    }
}
