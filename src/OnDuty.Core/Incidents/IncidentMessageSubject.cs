using OnDuty.Core.Common;
using OnDuty.Core.Notifications;

namespace OnDuty.Core.Incidents;

/// <summary>
/// The incident behind a page, an escalation or a call for help, checked right before each attempt: once somebody
/// acknowledged or resolved it, nobody else is paged for it; once it is resolved, nobody is asked to come and help. (An
/// acknowledgement does not end a call for help: calls come from people already on it.) A message listing several incidents
/// (a step they reached together) goes out while any of them still waits. Each delivery (or give-up) of a page goes on the
/// timeline of each incident it is about, so it says which channel reached whom.
/// </summary>
/// <remarks>
/// A step whose every person could not be reached (each email given up or bounced, no text or call through) brings the next
/// step forward to now (<see cref="Incident.EscalateUnreached"/>): the <c>EscalateIncidents</c> run of the next minute sends
/// it, instead of the acknowledgement timeout passing while nobody could have seen the page. Needs
/// <paramref name="options"/> (its acknowledgement timeouts); without them failures are only recorded.
/// </remarks>
public sealed class IncidentMessageSubject(IIncidentRepository incidents, TimeProvider time, Microsoft.Extensions.Options.IOptions<IncidentOptions>? options = null) : IOutboxSubject
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<Task<Versioned<Incident>?>>> _reading = new(StringComparer.Ordinal);

    public async Task<string?> NoLongerAppliesAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        if (IsTogether(message, out _))
        {
            // Several incidents in one message: it applies while any of them still waits for someone.
            foreach (var listed in message.About)
            {
                if ((await ReadAsync(listed, cancellationToken))?.Value is not { IsOpen: false } and not { IsAcknowledged: true })
                {
                    return null;
                }
            }

            return $"all {message.About.Count} incidents it lists were acknowledged or resolved";
        }

        if (!IncidentNotice.TryParseTopic(message.Topic, out var id, out var notice) || !(notice.IsPage || notice.Kind == "help"))
        {
            return null;
        }

        // An incident that cannot be found is no reason to drop a page: only a known state change is.
        return (await ReadAsync(id, cancellationToken))?.Value switch
        {
            { IsOpen: false } => $"incident {id} is resolved",
            { IsAcknowledged: true } when notice.IsPage => $"incident {id} was acknowledged",
            _ => null,
        };
    }

    /// <summary>
    /// The record as read now. Checks that start while a read of the same incident is in flight share it: a page step's
    /// emails and card go out side by side, and one read serves them all. A check that starts after a read has completed
    /// reads again; nothing is kept.
    /// </summary>
    private async Task<Versioned<Incident>?> ReadAsync(string id, CancellationToken cancellationToken)
    {
        var read = _reading.GetOrAdd(id, key => new Lazy<Task<Versioned<Incident>?>>(() => ReadThenLetGoAsync(key)));
        return await read.Value.WaitAsync(cancellationToken);
    }

    private async Task<Versioned<Incident>?> ReadThenLetGoAsync(string id)
    {
        try
        {
            // Not the caller's token: others may be waiting on this read.
            return await incidents.GetAsync(id, CancellationToken.None);
        }
        finally
        {
            _reading.TryRemove(id, out _);
        }
    }

    public Task SettledAsync(OutboxMessage message, string? error, CancellationToken cancellationToken) =>
        SettledManyAsync([(message, error)], cancellationToken);

    /// <summary>
    /// The deliveries of a page step settled together (its emails and card) go on their incident's timeline in one write,
    /// each as its own entry, as one by one.
    /// </summary>
    public async Task SettledManyAsync(IReadOnlyList<(OutboxMessage Message, string? Error)> settled, CancellationToken cancellationToken)
    {
        var byIncident = new Dictionary<string, List<TimelineEntry>>(StringComparer.Ordinal);
        foreach (var (message, error) in settled)
        {
            foreach (var (id, step) in PagesIn(message))
            {
                (byIncident.TryGetValue(id, out var entries) ? entries : byIncident[id] = []).Add(DeliveryEntry(message, step, error));
            }
        }

        // One insert each: the record does not change, so neither it nor the summaries copied from it are written again.
        foreach (var (id, entries) in byIncident)
        {
            await incidents.AppendTimelineAsync(id, entries, cancellationToken);
            foreach (var step in entries.Where(e => e.Kind == TimelineKind.DeliveryFailed).Select(e => e.Step).OfType<int>().Distinct())
            {
                await EscalateIfUnreachedAsync(id, step, cancellationToken);
            }
        }
    }

    /// <summary>After a delivery of <paramref name="step"/> failed: when nobody of the step can have been reached, the next step is due now.</summary>
    private async Task EscalateIfUnreachedAsync(string id, int step, CancellationToken cancellationToken)
    {
        if (options is null || Incident.Reached(await incidents.GetTimelineAsync(id, cancellationToken), step))
        {
            return;
        }

        await incidents.MutateAsync(id, i => i.EscalateUnreached(step, time.GetUtcNow(), options.Value.AckTimeouts), cancellationToken);
    }

    /// <summary>
    /// An email that did not reach someone goes on the timeline of each incident it was about: a page's or an escalation's
    /// with its step, any other message of an incident's (a stakeholder notice, a call for help, a reminder) without one.
    /// </summary>
    public async Task UndeliveredAsync(OutboxMessage message, string recipient, string status, string? details, CancellationToken cancellationToken)
    {
        IEnumerable<(string Id, int? Step)> about = PagesIn(message).Select(p => (p.Id, (int?)p.Step)).ToList();
        if (!about.Any() && message.Topic.StartsWith(IncidentNotice.TopicPrefix, StringComparison.Ordinal)
            && message.Topic[IncidentNotice.TopicPrefix.Length..].Split(':')[0] is { Length: > 0 } id)
        {
            about = [(id, null)];
        }

        foreach (var (incident, step) in about)
        {
            await incidents.AppendTimelineAsync(incident, [Incident.UndeliveredEntry(step, recipient, status, details, time.GetUtcNow())], cancellationToken);
            if (step is { } paged)
            {
                await EscalateIfUnreachedAsync(incident, paged, cancellationToken);
            }
        }
    }

    /// <summary>The incidents a page or an escalation message is about, with its step: one, or each of those it lists.</summary>
    private static IEnumerable<(string Id, int Step)> PagesIn(OutboxMessage message)
    {
        if (IsTogether(message, out var step))
        {
            return message.About.Select(id => (id, step));
        }

        return IncidentNotice.TryParseTopic(message.Topic, out var single, out var notice) && notice.IsPage ? [(single, notice.Step)] : [];
    }

    /// <summary>Several incidents' step told in one message (<see cref="OutboxIds.EscalationsTopic"/>).</summary>
    private static bool IsTogether(OutboxMessage message, out int step) =>
        OutboxIds.TryParseEscalationsTopic(message.Topic, out step) && message.About.Count > 0;

    private TimelineEntry DeliveryEntry(OutboxMessage message, int step, string? error) =>
        Incident.DeliveryEntry(step, message.Channel.Name(), message.Recipient, error, time.GetUtcNow());
}
