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
/// it, instead of the acknowledgement timeout passing while nobody could have seen the page. Not while a text or call of the
/// step to a duty member is still being sent (<paramref name="outbox"/>), and not for a late report about an earlier round
/// of a reopened incident. Needs <paramref name="options"/> (its acknowledgement timeouts); without them failures are only recorded.
/// <para>
/// A page to the duty members (the first page, escalation 1) waits in the outbox while a mail outage lasts; the pair may change
/// meanwhile (an override, leave, the handoff). Before each attempt its recipient is checked against the pair as it is now
/// (<paramref name="pager"/>, when given): a member no longer on duty is not paged — the step goes to whoever is on duty now
/// (<see cref="Pager.ReaddressStepAsync"/>), or, when a later step of the same round already went to the pair on duty, the
/// message is dropped as superseded, as is a first page to a member that later step already reached. Either way the message
/// is cancelled with the reason and a <c>dutyChanged</c> row says so on the timeline. When the pair cannot be read the
/// page goes as queued.
/// </para>
/// </remarks>
public sealed class IncidentMessageSubject(
    IIncidentRepository incidents, TimeProvider time, Microsoft.Extensions.Options.IOptions<IncidentOptions>? options = null, IOutboxStore? outbox = null,
    Func<Pager>? pager = null) : IOutboxSubject
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<Task<Versioned<Incident>?>>> _reading = new(StringComparer.Ordinal);

    public async Task<string?> NoLongerAppliesAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        if (IsTogether(message, out var togetherStep))
        {
            // Several incidents in one message: it applies while any of them still waits for someone.
            var waiting = new List<Incident>();
            var anyWaits = false;
            foreach (var listed in message.About)
            {
                var read = (await ReadAsync(listed, cancellationToken))?.Value;
                if (read is not { IsOpen: false } and not { IsAcknowledged: true })
                {
                    anyWaits = true;
                    if (read is not null)
                    {
                        waiting.Add(read);
                    }
                }
            }

            return !anyWaits ? $"all {message.About.Count} incidents it lists were acknowledged or resolved"
                : togetherStep <= 1 && waiting.Count > 0 ? await TogetherNoLongerOnDutyAsync(message, togetherStep, waiting, cancellationToken)
                : null;
        }

        if (OutboxIds.TryParseAlertsResolved(message.Topic, out var cleared))
        {
            // "Resolve it if it is over" asks nothing once a person resolved it, or once an alert of it fires again.
            return (await ReadAsync(cleared, cancellationToken))?.Value switch
            {
                { IsOpen: false } => $"incident {cleared} is resolved",
                { RunByPerson: false } => $"incident {cleared} is no longer left to a person",
                _ => await AlertFiresAgainAsync(cleared, cancellationToken) ? $"an alert of incident {cleared} fires again" : null,
            };
        }

        if (!IncidentNotice.TryParseTopic(message.Topic, out var id, out var notice) || !(notice.StopsAtAcknowledgement || notice.Kind is "help" or "recovered" or "resolved" or "stillYours"))
        {
            return null;
        }

        // An incident that cannot be found is no reason to drop a page: only a known state change is.
        var record = (await ReadAsync(id, cancellationToken))?.Value;
        return record switch
        {
            // "It recovered, nothing to do" is wrong once it came back (the reopen pages again).
            { } i when notice.Kind == "recovered" => i.IsOpen || i.PageRound != notice.Round ? $"incident {id} reopened" : null,
            // "Resolved, nothing more needed" is wrong once it came back, as above.
            { } i when notice.Kind == "resolved" => i.IsOpen || i.ReopenCount != notice.Step ? $"incident {id} reopened" : null,
            { IsOpen: false } => $"incident {id} is resolved",
            // 「まだ対応中ですか？」 asks nothing once the holder acted, someone took it over, or its acknowledgement lapsed (the pair is
            // paged then). Queued before the expiry was recorded: sent while the record still counts one fewer.
            { } i when notice.Kind == "stillYours" => !i.AcknowledgedByPerson ? $"incident {id} is no longer acknowledged by a person"
                : i.AckExpiries > notice.Step || (i.AckExpiries == notice.Step && !i.StillYoursPending) ? $"the holder of incident {id} acted since" : null,
            { IsAcknowledged: true } when notice.StopsAtAcknowledgement => $"incident {id} was acknowledged",
            { } i when notice.IsPage && notice.Step <= 1 => await NoLongerOnDutyAsync(message, i, notice, cancellationToken),
            _ => null,
        };
    }

    private async Task<bool> AlertFiresAgainAsync(string id, CancellationToken cancellationToken) =>
        (await incidents.GetAlertsAsync(id, cancellationToken)).Any(a => a.Value.Status == Alerts.AlertStatus.Firing);

    /// <summary>
    /// Null while the recipient of a duty step's message (<paramref name="notice"/>, step 0 or 1) is still the one to page; else why
    /// not, recorded on the timeline: taken off duty since it was queued (the step then goes to the pair on duty now), or a
    /// later step of the same round already went to the pair on duty (superseded). A channel card is never dropped for this.
    /// </summary>
    private async Task<string?> NoLongerOnDutyAsync(OutboxMessage message, Incident i, IncidentNotice notice, CancellationToken cancellationToken)
    {
        // A re-send (OutboxResender) goes to whom a person asked it for; the pair on duty now was paged too when it differs.
        if (pager is null || notice.Round != i.PageRound || message.ResendOf is not null || PersonOf(message) is not { } person)
        {
            return null;
        }

        if (i.NotifiedStep > notice.Step)
        {
            // A later step of this round was recorded (and went to the pair on duty then, with any change on the timeline).
            var later = i.NotifiedStep;
            if (!person.IsAmong(i.Assignees))
            {
                return await DroppedAsync(i, notice, person, later,
                    $"superseded: {person.Label} is no longer on duty and step {later} already went to the pair on duty now ({string.Join(", ", i.Assignees.Select(a => a.Id))})", cancellationToken);
            }

            var address = person.Email ?? i.Assignees.FirstOrDefault(a => a.Id == person.MemberId)?.Email ?? "";
            var timeline = await incidents.GetTimelineAsync(i.Id, cancellationToken);
            var member = i.Assignees.FirstOrDefault(a => Team.Member.SameAddress(a.Email, address));
            var recipient = new PageRecipient(address, null, Team.Language.Ja, member?.Id ?? address) { Phone = member?.Phone };
            // Escalation 1 replaces the first page only while it may reach them: one given up on (a provider refused it) does not.
            var reached = timeline.Any(e =>
                e.Kind == TimelineKind.Escalated && e.Step is { } step && step > notice.Step && step <= 1 && (e.Round ?? 0) == i.PageRound
                && e.Recipients.Any(r => Team.Member.SameAddress(r, address)))
                && !Incident.GaveUpOn(timeline, 1, i.PageRound, recipient);
            return reached
                ? await DroppedAsync(i, notice, person, 1, $"superseded: escalation 1 already went to {person.Label}", cancellationToken, replaced: true)
                : null;
        }

        IReadOnlyList<AssignedMember> duty;
        try
        {
            duty = await pager().CurrentDutyAsync(cancellationToken);
            if (duty.Count == 0 || person.IsAmong(duty))
            {
                return null;
            }

            duty = await pager().ReaddressStepAsync(i.Id, notice.Step, notice.Round, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return null; // when in doubt, page: the pair as queued
        }

        return duty.Count == 0 ? null
            : await DroppedAsync(i, notice, person, null,
                $"{person.Label} is no longer on duty; step {notice.Step} went to the pair on duty now ({string.Join(", ", duty.Select(m => m.Id))})", cancellationToken);
    }

    /// <summary>
    /// The same check for a message listing several incidents' step 0 or 1 (a storm told together) to one duty member: null while
    /// they are on duty (or the pair cannot be read: when in doubt, page); else the incidents whose step is still that one go to
    /// the pair on duty now, told together again (<see cref="Pager.ReaddressStepsAsync"/>), those a later step already went to are
    /// superseded, and each incident's timeline says why this message was not sent.
    /// </summary>
    private async Task<string?> TogetherNoLongerOnDutyAsync(OutboxMessage message, int step, IReadOnlyList<Incident> waiting, CancellationToken cancellationToken)
    {
        if (pager is null || message.ResendOf is not null || PersonOf(message) is not { Email: not null } person)
        {
            return null;
        }

        IReadOnlyList<AssignedMember> duty;
        try
        {
            duty = await pager().CurrentDutyAsync(cancellationToken);
            if (duty.Count == 0 || person.IsAmong(duty))
            {
                return null;
            }

            var still = waiting.Where(i => i.NotifiedStep == step).Select(i => i.Id).ToList();
            if (still.Count > 0)
            {
                duty = await pager().ReaddressStepsAsync(still, step, cancellationToken);
                if (duty.Count == 0)
                {
                    return null;
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return null; // when in doubt, page: the pair as queued
        }

        var now = time.GetUtcNow();
        foreach (var i in waiting)
        {
            var later = i.NotifiedStep > step ? i.NotifiedStep : (int?)null;
            await incidents.AppendTimelineAsync(i.Id, [Incident.PageNotSentEntry(step, i.PageRound, person.Label, later, now)], cancellationToken);
        }

        return $"{person.Label} is no longer on duty; step {step} of {string.Join(", ", waiting.Select(i => i.Id))} went to the pair on duty now ({string.Join(", ", duty.Select(m => m.Id))}) or was superseded";
    }

    /// <summary>Puts why a page was not sent on the timeline (a <c>dutyChanged</c> row) and returns <paramref name="reason"/> for the outbox.</summary>
    private async Task<string> DroppedAsync(Incident i, IncidentNotice notice, PagedPerson person, int? later, string reason, CancellationToken cancellationToken, bool replaced = false)
    {
        await incidents.AppendTimelineAsync(i.Id, [Incident.PageNotSentEntry(notice.Step, notice.Round, person.Label, later, time.GetUtcNow(), replaced)], cancellationToken);
        return reason;
    }

    /// <summary>The one person a page message is for: an email's address, a text's or call's member id (in its id); null for the channel's card.</summary>
    private static PagedPerson? PersonOf(OutboxMessage message) => message.Channel switch
    {
        Channel.Email when message.Bcc.Count == 0 => new PagedPerson(message.Recipient, null),
        Channel.Sms or Channel.Voice when message.Id.LastIndexOf(':') is > 0 and var at => new PagedPerson(null, message.Id[(at + 1)..]),
        _ => null,
    };

    /// <summary>A paged person by address (an email) or member id (a text, a call).</summary>
    private sealed record PagedPerson(string? Email, string? MemberId)
    {
        public string Label => Email ?? MemberId ?? "";

        public bool IsAmong(IEnumerable<AssignedMember> members) =>
            members.Any(m => Email is not null ? Team.Member.SameAddress(m.Email, Email) : string.Equals(m.Id, MemberId, StringComparison.Ordinal));
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
        var failed = new List<(string Id, PagedStep Step)>();
        foreach (var (message, error) in settled)
        {
            foreach (var page in PagesIn(message))
            {
                (byIncident.TryGetValue(page.Id, out var entries) ? entries : byIncident[page.Id] = []).Add(DeliveryEntry(message, page, error));
                if (error is not null)
                {
                    failed.Add((page.Id, page));
                }
            }
        }

        // One insert each: the record does not change, so neither it nor the summaries copied from it are written again.
        foreach (var (id, entries) in byIncident)
        {
            await incidents.AppendTimelineAsync(id, entries, cancellationToken);
        }

        foreach (var (id, page) in failed.DistinctBy(f => (f.Id, f.Step.Step, f.Step.Round, f.Step.Topic)))
        {
            await EscalateIfUnreachedAsync(id, page, cancellationToken);
        }
    }

    /// <summary>
    /// After a delivery of a page step failed: when nobody of the step can have been reached, the next step is due now. Not for
    /// an earlier round of a reopened incident (a late report), nor while a text or call of the step (to a duty member, or to a
    /// lead its row names as a member) is still being sent (it may yet get through).
    /// </summary>
    /// <param name="timeline">The timeline as just read and written, when the caller has it; else it is read.</param>
    private async Task EscalateIfUnreachedAsync(string id, PagedStep page, CancellationToken cancellationToken, IReadOnlyList<TimelineEntry>? timeline = null)
    {
        if (options is null || await incidents.GetAsync(id, cancellationToken) is not { Value: var record }
            || (page.Round is { } round && round != record.PageRound))
        {
            return;
        }

        timeline ??= await incidents.GetTimelineAsync(id, cancellationToken);
        if (await PhonesStillSendingAsync(record, page, timeline, cancellationToken) || Incident.Reached(timeline, page.Step))
        {
            return;
        }

        await incidents.MutateAsync(id, i => (page.Round is null || page.Round == i.PageRound) && i.EscalateUnreached(page.Step, time.GetUtcNow(), options.Value.AckTimeouts), cancellationToken);
    }

    /// <summary>
    /// A text or call of the step not settled yet (queued, or retrying): to a member with a number its row names
    /// (<see cref="TimelineEntry.Members"/>: a lead too), or, on the duty members' steps (0 and 1), to a duty member.
    /// </summary>
    private async Task<bool> PhonesStillSendingAsync(Incident record, PagedStep page, IReadOnlyList<TimelineEntry> timeline, CancellationToken cancellationToken)
    {
        if (outbox is null)
        {
            return false;
        }

        var members = (PageReach.Sent(timeline, page.Step, page.Round)?.Members ?? []).Where(m => m.Phone is not null).Select(m => m.Id)
            .Concat(page.Step <= 1 ? record.Assignees.Where(a => a.Phone is not null).Select(a => a.Id) : [])
            .Distinct(StringComparer.Ordinal);
        foreach (var member in members)
        {
            foreach (var id in new[] { OutboxIds.Sms(page.Topic, member), OutboxIds.Voice(page.Topic, member) })
            {
                if (await outbox.GetAsync(id, cancellationToken) is { Status: OutboxStatus.Pending })
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// An email that did not reach someone goes on the timeline of each incident it was about: a page's or an escalation's
    /// with its step, any other message of an incident's (a stakeholder notice, a call for help, a reminder) without one.
    /// </summary>
    /// <remarks>
    /// Event Grid delivers a report at least once, and the request that heard it may have failed after writing here: an entry
    /// already on the timeline (the same words, for the same step since it was sent) is not written twice, and the early
    /// escalation is looked at again either way.
    /// </remarks>
    public async Task UndeliveredAsync(OutboxMessage message, string recipient, string status, string? details, CancellationToken cancellationToken)
    {
        IEnumerable<(string Id, PagedStep? Page)> about = PagesIn(message).Select(p => (p.Id, (PagedStep?)p)).ToList();
        if (!about.Any() && IncidentNotice.IncidentOf(message.Topic) is { } id)
        {
            about = [(id, null)];
        }

        foreach (var (incident, page) in about)
        {
            var entry = Incident.UndeliveredEntry(page?.Step, recipient, status, details, time.GetUtcNow(), page?.Round);
            var timeline = await incidents.GetTimelineAsync(incident, cancellationToken);
            var since = page is null ? DateTimeOffset.MinValue
                : timeline.LastOrDefault(e => e.Step == page.Step && e.Kind is TimelineKind.Notified or TimelineKind.Escalated)?.At ?? DateTimeOffset.MinValue;
            if (!timeline.Any(e => e.Kind == TimelineKind.DeliveryFailed && e.Step == entry.Step && e.At >= since && e.Message == entry.Message))
            {
                await incidents.AppendTimelineAsync(incident, [entry], cancellationToken);
                timeline = [.. timeline, entry];
            }

            if (page is not null)
            {
                await EscalateIfUnreachedAsync(incident, page, cancellationToken, timeline);
            }
        }
    }

    /// <summary>A page or escalation step a message belongs to: its incident's step, its round when the topic says (one incident's page), and its topic.</summary>
    private sealed record PagedStep(string Id, int Step, int? Round, string Topic);

    /// <summary>The incidents a page or an escalation message is about, with its step: one, or each of those it lists.</summary>
    private static IEnumerable<PagedStep> PagesIn(OutboxMessage message)
    {
        if (IsTogether(message, out var step))
        {
            // Several incidents' step in one message: their rounds are not in its topic.
            return message.About.Select(id => new PagedStep(id, step, null, message.Topic));
        }

        return IncidentNotice.TryParseTopic(message.Topic, out var single, out var notice) && notice.IsPage ? [new PagedStep(single, notice.Step, notice.Round, message.Topic)] : [];
    }

    /// <summary>Several incidents' step told in one message (<see cref="OutboxIds.EscalationsTopic"/>).</summary>
    /// <summary>
    /// An escalation mail listing several incidents, some acknowledged or resolved since it was queued: worded again for those still
    /// waiting, saying how many of all were answered (<see cref="Pager.RetellTogetherAsync"/>), instead of "nobody has answered"
    /// over a list people already took. Null (as stored) otherwise.
    /// </summary>
    public async Task<OutboxMessage?> AsOfNowAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        if (pager is not null && message.Channel == Channel.Email && message.ResendOf is null && !IsTogether(message, out _)
            && IncidentNotice.TryParseTopic(message.Topic, out var single, out var notice) && notice is { Kind: "escalation", Step: >= 1 })
        {
            return await EscalationAsOfNowAsync(message, single, notice, cancellationToken);
        }

        if (pager is null || message.Channel != Channel.Email || !IsTogether(message, out var step) || step < 1 || message.About.Count < 2)
        {
            return null;
        }

        var waiting = new List<Incident>();
        foreach (var listed in message.About)
        {
            if ((await ReadAsync(listed, cancellationToken))?.Value is not { } read)
            {
                return null; // not known: as queued
            }

            if (read is { IsOpen: true, IsAcknowledged: false })
            {
                waiting.Add(read);
            }
        }

        return waiting.Count == 0 || waiting.Count == message.About.Count ? null
            : await pager().RetellTogetherAsync(message, step, waiting, message.About.Count - waiting.Count, cancellationToken);
    }

    /// <summary>
    /// One incident's escalation email as it goes out (trial 36 H1: a mail outage held the pair's escalation 1 until after the
    /// organisation's step): worded again when a later step of its round went meanwhile (said as sent, not promised), or, on the
    /// leads' or the organisation's step, when a duty member has not been reached by anything of the round — their pages still
    /// retried, recorded over <see cref="PagedSoFar.StillSending"/> ago. Null (as stored) otherwise, or when it cannot be read.
    /// </summary>
    private async Task<OutboxMessage?> EscalationAsOfNowAsync(OutboxMessage message, string id, IncidentNotice notice, CancellationToken cancellationToken)
    {
        if ((await ReadAsync(id, cancellationToken))?.Value is not { IsOpen: true, IsAcknowledged: false } i || notice.Round != i.PageRound)
        {
            return null;
        }

        var late = i.NotifiedStep > notice.Step && i.NotifiedStep >= EscalationPolicy.LeadsStep;
        var notReached = new List<string>();
        if (notice.Step >= EscalationPolicy.LeadsStep)
        {
            var timeline = await incidents.GetTimelineAsync(id, cancellationToken);
            if (Incident.StepRecordedAt(timeline, 0, i.PageRound) is { } paged && paged < time.GetUtcNow() - PagedSoFar.StillSending)
            {
                notReached.AddRange(i.Assignees
                    .Where(a => !Incident.ReachedInRound(timeline, i.PageRound, new PageRecipient(a.Email ?? "", a.DisplayName, a.Language, a.Id) { Phone = a.Phone }))
                    .Select(a => a.DisplayName));
            }
        }

        return late || notReached.Count > 0 ? await pager!().RetellAsync(message, i, notice, notReached, cancellationToken) : null;
    }

    private static bool IsTogether(OutboxMessage message, out int step) =>
        OutboxIds.TryParseEscalationsTopic(message.Topic, out step) && message.About.Count > 0;

    /// <remarks>A page that went through after failed attempts carries them, when it was queued and the last error (trial 36 M3).</remarks>
    private TimelineEntry DeliveryEntry(OutboxMessage message, PagedStep page, string? error) =>
        Incident.DeliveryEntry(page.Step, message.Channel.Name(), message.Recipient, error, time.GetUtcNow(), page.Round)
            .DeliveredAfter(message.Attempts, message.CreatedAt, message.LastError);
}
