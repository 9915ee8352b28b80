using OnDuty.Core.Notifications;

namespace OnDuty.Core.Incidents;

/// <summary>
/// An open incident nobody acknowledged whose pages of this round have reached nobody yet: a page step was recorded and no email,
/// text or call of any step reached anyone (<see cref="PageReach"/>: the latest word on each address or number; the Teams card is
/// no person). The incident page says so near the top, naming each channel that failed with its own error, and the API has it
/// as <c>undelivered</c> (trial 32a M2): 「未対応」 is about acknowledgement, this is about delivery.
/// </summary>
/// <param name="Since">When the round's first page step was recorded.</param>
/// <param name="Failures">
/// Each channel whose pages failed so far (retried or given up), email first, then SMS, calls and the Teams card; empty while
/// they only wait to be sent.
/// </param>
public sealed record PagesUndelivered(DateTimeOffset Since, IReadOnlyList<ChannelFailure> Failures)
{
    /// <summary>The order the failing channels are named in: the person's channels first, the channel's card last.</summary>
    private static readonly Channel[] Order = [Channel.Email, Channel.Sms, Channel.Voice, Channel.Teams];

    /// <summary>The most attempts any of its messages took so far (0 when none was tried, or none was found).</summary>
    public int Attempts => Failures.Count == 0 ? 0 : Failures.Max(f => f.Attempts);

    /// <summary>The latest error of any channel; null when none is known.</summary>
    public string? LastError => Failures.OrderBy(f => f.At).LastOrDefault()?.Error;

    /// <summary>
    /// From <paramref name="timeline"/> (stored order) and <paramref name="messages"/> (the round's pages as the outbox has them,
    /// <see cref="MessageIds"/>: any channel, its own and those listing it with others); null while the incident is resolved or
    /// acknowledged, no page step was recorded, or one reached someone. A channel none of whose messages was read (a text to a lead
    /// on a step row from before 12-06) is named by its give-ups on the timeline.
    /// </summary>
    public static PagesUndelivered? Of(Incident incident, IReadOnlyList<TimelineEntry> timeline, IReadOnlyList<OutboxMessage> messages)
    {
        if (!incident.IsOpen || incident.IsAcknowledged || Steps(incident, timeline).FirstOrDefault() is not { } start
            || PageReach.OfRound(timeline, incident.PageRound).Any(step => step.Anyone))
        {
            return null;
        }

        var failures = new Dictionary<Channel, ChannelFailure>();
        foreach (var channel in messages.Where(m => m.Attempts > 0 && m.Status != OutboxStatus.Sent && !string.IsNullOrWhiteSpace(m.LastError)).GroupBy(m => m.Channel))
        {
            var latest = channel.OrderBy(m => m.NextAttemptAt).Last();
            failures[channel.Key] = new ChannelFailure(channel.Key, channel.Max(m => m.Attempts), latest.LastError!, latest.NextAttemptAt);
        }

        foreach (var e in timeline.Where(e => e.Kind == TimelineKind.DeliveryFailed && e.Step is not null && e.At >= start.At && (e.Round is null || e.Round == incident.PageRound)))
        {
            if (GivenUp(e) is { } given && (!failures.TryGetValue(given.Channel, out var known) || known.Attempts == 0))
            {
                failures[given.Channel] = given;
            }
        }

        return new PagesUndelivered(start.At, [.. Order.Where(failures.ContainsKey).Select(c => failures[c])]);
    }

    /// <summary>
    /// The outbox ids of this round's page steps, under the incident's own topic and each topic that listed it with others at that
    /// step (<see cref="Incident.PagesTogether"/>: a storm's step told together): each email (one per person the step was recorded
    /// for), the texts and calls to each member the step's row names (<see cref="TimelineEntry.Members"/>: duty members and leads;
    /// on the duty members' steps, 0 and 1, every duty member too, as rows from before 12-06 are read), and the Teams card.
    /// </summary>
    public static IEnumerable<string> MessageIds(Incident incident, IReadOnlyList<TimelineEntry> timeline)
    {
        foreach (var e in Steps(incident, timeline))
        {
            var step = e.Step!.Value;
            var members = (e.Members ?? []).Select(m => m.Id)
                .Concat(step <= 1 ? incident.Assignees.Select(a => a.Id).Concat(incident.PagedBefore) : [])
                .Distinct(StringComparer.Ordinal).ToList();
            var together = incident.PagesTogether
                .Where(t => t.Round == incident.PageRound && OutboxIds.TryParseEscalationsTopic(t.Topic, out var told) && told == step).Select(t => t.Topic);
            foreach (var topic in together.Prepend(IncidentNotice.ForStep(step, incident.PageRound).Topic(incident.Id)))
            {
                foreach (var r in e.Recipients.Where(r => r.Contains('@', StringComparison.Ordinal)))
                {
                    yield return OutboxIds.Email(topic, r.Trim());
                }

                foreach (var member in members)
                {
                    yield return OutboxIds.Sms(topic, member);
                    yield return OutboxIds.Voice(topic, member);
                }

                if (e.Recipients.Contains(PageReach.TeamsChannel, StringComparer.Ordinal))
                {
                    yield return OutboxIds.Teams(topic);
                }
            }
        }
    }

    private static IEnumerable<TimelineEntry> Steps(Incident incident, IReadOnlyList<TimelineEntry> timeline) =>
        timeline.Where(e => e.Kind is TimelineKind.Notified or TimelineKind.Escalated && e.Step is not null && (e.Round ?? 0) == incident.PageRound
                            && e.Recipients.Any(PageReach.IsPerson));

    /// <summary>
    /// A give-up row as the channel and the provider's words it names: <c>sms gave up on +81…: …</c> (<see cref="TimelineTexts.GaveUp"/>),
    /// or an email reported undelivered afterwards (<see cref="TimelineTexts.EmailNotDelivered"/>, said from <c>not delivered (…)</c>).
    /// No attempts: the row does not say how many.
    /// </summary>
    private static ChannelFailure? GivenUp(TimelineEntry e)
    {
        if (e.Message is not { } text || e.Recipients is not [var recipient])
        {
            return null;
        }

        foreach (var channel in Order)
        {
            var prefix = string.Format(System.Globalization.CultureInfo.InvariantCulture, TimelineTexts.GaveUp, channel.Name(), recipient, "");
            if (text.StartsWith(prefix, StringComparison.Ordinal))
            {
                return new ChannelFailure(channel, 0, text[prefix.Length..], e.At);
            }
        }

        var bounced = string.Format(System.Globalization.CultureInfo.InvariantCulture, TimelineTexts.EmailNotDelivered, recipient, "", "");
        var was = bounced[..(bounced.IndexOf(" was ", StringComparison.Ordinal) + " was ".Length)];
        return text.StartsWith(was, StringComparison.Ordinal) ? new ChannelFailure(Channel.Email, 0, text[was.Length..], e.At) : null;
    }
}

/// <summary>Reads <see cref="PagesUndelivered"/> for an incident as shown (its details' timeline page) with its pages from the outbox.</summary>
public sealed class PagesUndeliveredReader(IOutboxStore outbox)
{
    /// <summary>
    /// At most this many messages are read: a step's emails, texts and calls to the pair, the card, the leads', each under its own
    /// topic and, in a storm, the topic it was told together under — a few dozen.
    /// </summary>
    private const int MaxRead = 48;

    public async Task<PagesUndelivered?> OfAsync(IncidentDetails details, CancellationToken cancellationToken)
    {
        var incident = details.Incident.Value;
        if (PagesUndelivered.Of(incident, details.Timeline, []) is null)
        {
            return null; // nothing to read: delivered, acknowledged, resolved or never paged
        }

        var messages = new List<OutboxMessage>();
        foreach (var id in PagesUndelivered.MessageIds(incident, details.Timeline).Distinct(StringComparer.Ordinal).Take(MaxRead))
        {
            if (await outbox.GetAsync(id, cancellationToken) is { } message)
            {
                messages.Add(message);
            }
        }

        return PagesUndelivered.Of(incident, details.Timeline, messages);
    }
}
