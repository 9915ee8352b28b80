using Microsoft.Extensions.Logging;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Messages;

namespace OnDuty.Core.Notifications;

/// <summary>
/// Sends a given-up message again once its cause is fixed: the same recipients and content under a new id
/// (<see cref="OutboxIds.Resend"/>) linked both ways (<see cref="OutboxMessage.ResendOf"/>, <see cref="OutboxMessage.ResentAs"/>),
/// queued like any message (retried, given up by the same rules). Never a second copy: a message still pending or sent, or
/// one whose re-send is, is refused naming its state. A page of an incident goes on its timeline; a first page or escalation 1
/// to someone no longer on duty goes to them and to the pair on duty now (pages must reach a person).
/// </summary>
public sealed class OutboxResender(
    IOutboxStore store, OutboxDispatcher dispatcher, IIncidentRepository incidents, TimeProvider time, ILogger<OutboxResender> logger, Func<Pager>? pager = null)
{
    /// <summary>The latest given-up messages <see cref="ResendIncidentAsync"/> looks through for an incident's.</summary>
    public const int IncidentScan = 200;

    /// <summary>
    /// Re-sends <paramref name="id"/> (or, when it was re-sent before and that failed too, its latest re-send) for <paramref name="by"/>.
    /// <see cref="NotFoundException"/> for an unknown id; <see cref="ConflictException"/> (field <c>status</c>) when it, or its
    /// re-send, is pending, sent or cancelled, and (field <c>incident</c>) for a page of an incident acknowledged or resolved since.
    /// </summary>
    /// <param name="incidentId">When given (the incident page's button), a message not about that incident is not found.</param>
    public async Task<OutboxResend> ResendAsync(string id, string by, CancellationToken cancellationToken, string? incidentId = null)
    {
        var asked = await store.GetAsync(id, cancellationToken) is { } read && (incidentId is null || IncidentsOf(read).Contains(incidentId, StringComparer.Ordinal))
            ? read
            : throw new NotFoundException("Outbox message", id);
        var chain = await LatestAsync(asked, int.MaxValue, cancellationToken);
        var last = chain.Purged is { } purged
            ? throw new ConflictException("status", $"sent: re-sent as '{purged}', which was sent and has since been purged")
            : chain.Latest;

        if (last.Status != OutboxStatus.Failed)
        {
            throw new ConflictException("status", StateOf(last, asked));
        }

        await CheckStillAppliesAsync(last, cancellationToken);

        var (originalId, n) = OutboxIds.ResendOf(last.Id);
        var resendId = OutboxIds.Resend(originalId, n + 1);
        if (resendId.Length > OutboxMessage.MaxIdLength)
        {
            throw new ConflictException("id", $"too long to be re-sent under a new id (at most {OutboxMessage.MaxIdLength - (resendId.Length - last.Id.Length)} characters)");
        }

        var resend = last with { Id = resendId, ResendOf = last.Id, ResentAs = null, LastError = null, SentAt = null };
        var queued = await dispatcher.EnqueueAsync([resend], cancellationToken);
        await store.MarkResentAsync(last.Id, resendId, cancellationToken);
        if (queued.Count == 0)
        {
            // Another request re-sent it first (or one stopped after queuing): linked now, and not queued twice.
            var existing = await store.GetAsync(resendId, cancellationToken) ?? resend;
            throw new ConflictException("status", StateOf(existing, asked));
        }

        logger.LogInformation("Outbox message {MessageId} re-sent as {ResendId} by {By}", last.Id, resendId, by);
        var stored = await store.GetAsync(resendId, cancellationToken) ?? resend;
        var dutyToo = await PageDutyTooAsync(last, cancellationToken);
        await RecordAsync(last, by, dutyToo, cancellationToken);
        return new OutboxResend(last, stored, dutyToo);
    }

    /// <summary>
    /// Every given-up message of incident <paramref name="incidentId"/> (its pages, escalations, notices and reminders; an escalation
    /// told for several incidents too) among the latest <see cref="IncidentScan"/> given up, not re-sent before, each re-sent as
    /// <see cref="ResendAsync"/>; those refused are listed with why.
    /// </summary>
    public async Task<OutboxResendMany> ResendIncidentAsync(string incidentId, string by, CancellationToken cancellationToken)
    {
        if (await incidents.GetAsync(incidentId, cancellationToken) is null)
        {
            throw new NotFoundException("Incident", incidentId);
        }

        var failed = await store.ListAsync(OutboxStatus.Failed, IncidentScan, cancellationToken);
        var resent = new List<OutboxResend>();
        var skipped = new List<(string Id, string Reason)>();
        foreach (var message in failed.Where(m => m.ResentAs is null && IncidentsOf(m).Contains(incidentId, StringComparer.Ordinal)).OrderBy(m => m.CreatedAt))
        {
            try
            {
                resent.Add(await ResendAsync(message.Id, by, cancellationToken));
            }
            catch (ConflictException ex)
            {
                skipped.Add((message.Id, ex.Message));
            }
        }

        return new OutboxResendMany(resent, skipped);
    }

    /// <summary>The newest given-up messages <see cref="ResendAllAsync"/> looks through: those 「届かなかった連絡」 lists.</summary>
    public const int AllScan = UndeliveredPageNotice.MaxShown;

    /// <summary>How far a chain of re-sends is followed for each (each a point read; a chain is one or two long).</summary>
    public const int AllChainReads = 5;

    /// <summary>
    /// Every given-up message among the newest <see cref="AllScan"/> that can be re-sent now (of <paramref name="channel"/> only,
    /// when given), each re-sent as <see cref="ResendAsync"/>; pages first, then the rest, oldest first (trial 36 M4: after a
    /// mail outage, one press instead of forty). Never a second copy: a re-send's id comes from the give-up's, so one re-sent
    /// meanwhile (a second press, another PM at once) is refused by the outbox and listed as skipped, with why.
    /// </summary>
    public async Task<OutboxResendMany> ResendAllAsync(string by, Channel? channel, CancellationToken cancellationToken)
    {
        var listed = await store.ListAsync(OutboxStatus.Failed, AllScan, cancellationToken);
        var chains = new List<(OutboxMessage, ResendChain)>(listed.Count);
        foreach (var message in listed)
        {
            chains.Add((message, await LatestAsync(message, AllChainReads, cancellationToken)));
        }

        var resent = new List<OutboxResend>();
        var skipped = new List<(string Id, string Reason)>();
        foreach (var message in ToResend(chains, channel))
        {
            try
            {
                resent.Add(await ResendAsync(message.Id, by, cancellationToken));
            }
            catch (ConflictException ex)
            {
                skipped.Add((message.Id, ex.Message));
            }
        }

        logger.LogInformation(
            "Given-up messages re-sent at once: {Resent}, for {By} (channel {Channel}); not re-sent: {Skipped}",
            resent.Count, by, channel?.Name() ?? "any", skipped.Count);
        return new OutboxResendMany(resent, skipped);
    }

    /// <summary>
    /// Which of the <paramref name="listed"/> give-ups (each with its <see cref="LatestAsync"/>) one press re-sends, in order: the
    /// latest of each chain still given up (a give-up and its failed re-send, both listed, are one message), none whose re-send
    /// is pending, sent or cancelled — the rows with a 「再送する」 button — pages first, then oldest first.
    /// </summary>
    public static IReadOnlyList<OutboxMessage> ToResend(IEnumerable<(OutboxMessage Listed, ResendChain Chain)> listed, Channel? channel = null) =>
        [.. listed.Where(x => x.Chain is { Purged: null, Latest: { Status: OutboxStatus.Failed, ResentAs: null } })
            .Select(x => x.Chain.Latest)
            .Where(m => channel is null || m.Channel == channel)
            .DistinctBy(m => m.Id)
            .OrderBy(m => m.Priority == OutboxPriority.Page ? 0 : 1)
            .ThenBy(m => m.CreatedAt)
            .ThenBy(m => m.Id, StringComparer.Ordinal)];

    /// <summary>At most this many messages <see cref="ResendableAsync"/> reads (a page's timeline names a handful of give-ups).</summary>
    private const int MaxResendableReads = 12;

    /// <summary>
    /// The give-ups on <paramref name="details"/>' timeline (<see cref="TimelineKind.DeliveryFailed"/> rows of one incident's page steps)
    /// whose message, or its latest re-send, is given up and can be re-sent now: the incident page's 再送する buttons. Point reads,
    /// <see cref="MaxResendableReads"/> at most; a step told for several incidents together is left to the incident's button.
    /// </summary>
    public async Task<IReadOnlyList<ResendableDelivery>> ResendableAsync(IncidentDetails details, CancellationToken cancellationToken)
    {
        var incident = details.Incident.Value;
        var found = new List<ResendableDelivery>();
        var reads = 0;
        foreach (var row in details.Timeline.Where(e => e is { Kind: TimelineKind.DeliveryFailed, Step: not null, Round: not null } && e.Recipients.Count == 1)
                     .DistinctBy(e => (e.Step, e.Round, e.Recipients[0], e.Message)).Reverse())
        {
            var channel = row.Message?.Split(' ', 2)[0];
            var topic = IncidentNotice.ForStep(row.Step!.Value, row.Round!.Value).Topic(incident.Id);
            var recipient = row.Recipients[0];
            var member = incident.Assignees.FirstOrDefault(a => a.Phone == recipient)?.Id;
            var id = channel switch
            {
                "email" => OutboxIds.Email(topic, recipient),
                "teams" => OutboxIds.Teams(topic),
                "sms" when member is not null => OutboxIds.Sms(topic, member),
                "call" when member is not null => OutboxIds.Voice(topic, member),
                _ => null,
            };
            if (id is null || found.Any(f => f.MessageId == id))
            {
                continue;
            }

            var message = await store.GetAsync(id, cancellationToken);
            reads++;
            var chain = message is null ? null : await LatestAsync(message, MaxResendableReads - reads, cancellationToken);
            reads += chain?.Reads ?? 0;
            if (chain is { Purged: null, Latest: { Status: OutboxStatus.Failed, ResentAs: null } })
            {
                found.Add(new ResendableDelivery(row.At, recipient, id));
            }

            if (reads >= MaxResendableReads)
            {
                break;
            }
        }

        return found;
    }

    /// <summary>
    /// <paramref name="message"/>'s latest re-send (itself when never re-sent), following <see cref="OutboxMessage.ResentAs"/> with at
    /// most <paramref name="maxReads"/> point reads: <see cref="ResendChain.Latest"/> is where it stopped (its own <c>ResentAs</c>
    /// still set when the reads ran out). A re-send's row is purged only once sent (<c>Outbox__Retention</c>), so a link to a
    /// missing row means it was delivered: <see cref="ResendChain.Purged"/> names that id.
    /// </summary>
    public async Task<ResendChain> LatestAsync(OutboxMessage message, int maxReads, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var latest = message;
        var reads = 0;
        while (latest.ResentAs is { } next && reads < maxReads)
        {
            reads++;
            if (await store.GetAsync(next, cancellationToken) is not { } read)
            {
                return new ResendChain(latest, reads, next);
            }

            latest = read;
        }

        return new ResendChain(latest, reads, null);
    }

    /// <summary>What a message's state is, as a 409 says it: <c>pending: …</c>, <c>sent: …</c>, <c>cancelled: …</c>.</summary>
    private static string StateOf(OutboxMessage found, OutboxMessage asked)
    {
        var what = found.Id == asked.Id ? "" : $" (re-sent as '{found.Id}')";
        return found.Status switch
        {
            OutboxStatus.Pending => $"pending: the message{what} is still being sent ({found.Attempts} {(found.Attempts == 1 ? "attempt" : "attempts")} so far, the next at {found.NextAttemptAt:O}); it is not sent twice",
            OutboxStatus.Sent => $"sent: the message{what} was sent at {found.SentAt:O}; it is not sent twice",
            OutboxStatus.Cancelled => $"cancelled: the message{what} no longer applied ({found.LastError}); nothing to re-send",
            _ => $"{found.Status.ToString().ToLowerInvariant()}: the message{what} cannot be re-sent",
        };
    }

    /// <summary>A page of an incident acknowledged or resolved since would be dropped before its attempt: refused up front instead.</summary>
    private async Task CheckStillAppliesAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        if (!IsPage(message, out _))
        {
            return;
        }

        var waiting = false;
        var answered = new List<string>();
        foreach (var id in IncidentsOf(message))
        {
            var read = (await incidents.GetAsync(id, cancellationToken))?.Value;
            if (read is { IsOpen: false } or { IsAcknowledged: true })
            {
                answered.Add($"{id} is {(read.IsOpen ? "acknowledged" : "resolved")}");
            }
            else
            {
                waiting = true;
            }
        }

        if (!waiting && answered.Count > 0)
        {
            throw new ConflictException("incident", $"{string.Join(", ", answered)}: its pages no longer apply");
        }
    }

    /// <summary>
    /// A first page or escalation 1 (to the duty members) whose person is no longer on duty: the step goes to the pair on duty now
    /// too (<see cref="Pager.ReaddressStepAsync"/>); returns them, or nobody when the person is on duty (or the pair cannot be read:
    /// the re-send still goes to the person, and the log says why no one else).
    /// </summary>
    private async Task<IReadOnlyList<AssignedMember>> PageDutyTooAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        if (pager is null || !IsPage(message, out var notice) || notice.Step > 1 || IncidentNotice.IncidentOf(message.Topic) is not { } incidentId)
        {
            return [];
        }

        var email = message.Channel == Channel.Email && message.Bcc.Count == 0 ? message.Recipient : null;
        var memberId = message.Channel is Channel.Sms or Channel.Voice ? OutboxIds.PhoneMember(OutboxIds.ResendOf(message.Id).OriginalId) : null;
        if (email is null && memberId is null)
        {
            return []; // the channel's card: no one person
        }

        try
        {
            var duty = await pager().CurrentDutyAsync(cancellationToken);
            if (duty.Count == 0 || duty.Any(m => email is not null ? Team.Member.SameAddress(m.Email, email) : m.Id == memberId))
            {
                return [];
            }

            return await pager().ReaddressStepAsync(incidentId, notice.Step, notice.Round, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Re-sent {MessageId}; the pair on duty now could not be paged too", message.Id);
            return [];
        }
    }

    /// <summary>One <see cref="TimelineKind.Resent"/> row on each incident the message is about.</summary>
    private async Task RecordAsync(OutboxMessage message, string by, IReadOnlyList<AssignedMember> dutyToo, CancellationToken cancellationToken)
    {
        var ci = System.Globalization.CultureInfo.InvariantCulture;
        var what = IsPage(message, out _) ? "page" : "message";
        var error = string.IsNullOrWhiteSpace(message.LastError) ? TimelineTexts.NoDetails : message.LastError.ReplaceLineEndings(" ");
        var text = dutyToo.Count == 0
            ? string.Format(ci, TimelineTexts.Resent, message.Channel.Name(), what, message.Recipient, error)
            : string.Format(ci, TimelineTexts.ResentDutyToo, message.Channel.Name(), what, message.Recipient, error, string.Join(", ", dutyToo.Select(m => m.Id)));
        var entry = new TimelineEntry { At = time.GetUtcNow(), Kind = TimelineKind.Resent, By = by, Recipients = [message.Recipient], Message = text };
        foreach (var id in IncidentsOf(message))
        {
            await incidents.AppendTimelineAsync(id, [entry], cancellationToken);
        }
    }

    private static bool IsPage(OutboxMessage message, out IncidentNotice notice)
    {
        notice = IncidentNotice.Page;
        if (OutboxIds.TryParseEscalationsTopic(message.Topic, out var step))
        {
            notice = IncidentNotice.Escalation(step);
            return true;
        }

        return IncidentNotice.TryParseTopic(message.Topic, out _, out notice) && notice.IsPage;
    }

    /// <summary>The incidents a message is about: the one its topic names, or those it lists.</summary>
    private static IReadOnlyList<string> IncidentsOf(OutboxMessage message) =>
        message.About.Count > 0 ? message.About : IncidentNotice.IncidentOf(message.Topic) is { } id ? [id] : [];
}

/// <summary>A give-up on an incident's timeline (its row's time and recipient) whose message can be re-sent, by the message's first id.</summary>
public sealed record ResendableDelivery(DateTimeOffset At, string Recipient, string MessageId);

/// <summary>A message re-sent: the given-up one, its re-send as queued, and the pair on duty now when they were paged too.</summary>
public sealed record OutboxResend(OutboxMessage Original, OutboxMessage Resent, IReadOnlyList<AssignedMember> DutyPagedToo);

/// <summary>Given-up messages re-sent (an incident's, or all at once), and those that could not be, with why.</summary>
public sealed record OutboxResendMany(IReadOnlyList<OutboxResend> Resent, IReadOnlyList<(string Id, string Reason)> Skipped);

/// <summary>Where following a message's re-sends stopped (<see cref="OutboxResender.LatestAsync"/>).</summary>
/// <param name="Latest">The latest re-send read (the message itself when never re-sent).</param>
/// <param name="Reads">The point reads it took.</param>
/// <param name="Purged">The re-send <paramref name="Latest"/> links to whose row is gone: it was sent and purged. Null otherwise.</param>
public sealed record ResendChain(OutboxMessage Latest, int Reads, string? Purged);
