using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnDuty.Core.Common;

namespace OnDuty.Core.Notifications;

/// <summary>
/// Records messages in the outbox and hands their ids to the send queues; sends one message when its queue message
/// (or the retry timer, for what a queue lost) brings it. A message is queued once (its id is deterministic), sent
/// only by whoever holds its short, renewed lease, checked against its subject right before each attempt, retried
/// with backoff (never sooner than Retry-After) and given up visibly: pages by age, everything else by count.
/// </summary>
public sealed class OutboxDispatcher(
    IOutboxStore store,
    IOutboxQueue queue,
    IEnumerable<IOutboxSubject> subjects,
    IEmailSender email,
    ITeamsChannel teams,
    TimeProvider time,
    IOptions<OutboxOptions> options,
    ILogger<OutboxDispatcher> logger,
    OutboxMetrics? metrics = null,
    ISmsSender? smsSender = null,
    IVoiceCaller? voiceCaller = null,
    Health.DependencyWarnings? warnings = null)
{
    /// <summary>The <see cref="Health.DependencyWarnings"/> source of a refused email sender (<see cref="SenderRefusal"/>).</summary>
    public const string SenderWarning = "email-sender";

    /// <summary>How many channels there are: the per-channel sender state below is indexed by the channel's number.</summary>
    private static readonly int Channels = Enum.GetValues<Channel>().Length;

    /// <summary>
    /// Per channel, whether this instance logged the sender refused since a message last went through on it: said once, not once
    /// per page. A refused SMS number and a working mail provider are two states, not one that each clears in turn.
    /// </summary>
    private readonly int[] _senderRefusedLogged = new int[Channels];

    /// <summary>Per channel, when this instance last saw the sender refused (UTC ticks; 0 never).</summary>
    private readonly long[] _senderRefusedAt = new long[Channels];

    /// <summary>
    /// The <see cref="Health.DependencyWarnings"/> source of a refused sender on <paramref name="channel"/>: <c>email-sender</c>
    /// (<see cref="SenderWarning"/>), <c>sms-sender</c>, <c>call-sender</c> — kept as monitoring may match them; the warning's text
    /// names the channel as <c>GET /api/outbox</c> lists it (<c>outbox channel voice</c> for <c>call-sender</c>).
    /// </summary>
    public static string SenderWarningOf(Channel channel) => $"{channel.Name()}-sender";

    /// <summary>
    /// How long without a sender refusal before a message going through says the refusal is over. A relay that takes mail to the
    /// company's own domain and refuses others (<c>5.7.1 relay denied</c> to outside stakeholders) answers yes and no in turn;
    /// each yes must not clear the warning and each no log the error again. A refused page is retried within
    /// <c>Outbox__PageMaxDelay</c>, so ten quiet minutes mean it is really fixed; a message refused before going through says so
    /// at once.
    /// </summary>
    public static readonly TimeSpan SenderRefusalQuiet = TimeSpan.FromMinutes(10);

    private readonly ISmsSender sms = smsSender ?? new NoSmsSender();
    private readonly IVoiceCaller voice = voiceCaller ?? new NoVoiceCaller();

    /// <summary>A provider's accepted message is asked about this long after acceptance (ACS usually finishes within seconds).</summary>
    internal static readonly TimeSpan ConfirmAfter = TimeSpan.FromMinutes(1);

    /// <summary>An accepted message the provider still works on this long after acceptance is given up as failed, visibly.</summary>
    internal static readonly TimeSpan ConfirmFor = TimeSpan.FromHours(1);

    /// <summary>
    /// A message whose status could not even be asked for this long (the provider's status polls paced or throttled all
    /// along, e.g. after a storm of thousands of pages) stops being asked about: it was accepted, and nothing says otherwise.
    /// </summary>
    internal static readonly TimeSpan AskFor = TimeSpan.FromHours(24);

    private readonly OutboxOptions _options = options.Value;
    private readonly IReadOnlyList<IOutboxSubject> _subjects = subjects.ToList();
    private readonly OutboxMetrics _metrics = metrics ?? new OutboxMetrics();

    /// <summary>Messages one queue message's consumer sends side by side.</summary>
    internal const int SendParallelism = 16;

    /// <summary>
    /// Records every message (skipping ones recorded before) and signals a send queue for the ones newly recorded, one
    /// queue message per priority (<see cref="OutboxSignal"/>); returns their ids. Sending happens elsewhere: the caller
    /// (a request, a timer) does not wait for providers.
    /// </summary>
    public async Task<IReadOnlyList<string>> EnqueueAsync(IEnumerable<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var stamped = messages.Select(m => m with { CreatedAt = now, NextAttemptAt = now, Status = OutboxStatus.Pending, Attempts = 0 }).ToList();

        // No lease: whichever consumer the queue message reaches takes one. Recorded together where the store can (one
        // transaction for a page step's email and card): fewer round trips on the request that opened the incident.
        var queued = await store.TryEnqueueManyAsync(stamped, now, cancellationToken);
        foreach (var message in stamped.Where(s => !queued.Any(q => q.Id == s.Id)))
        {
            logger.LogInformation("Outbox message {MessageId} was queued before; not queued again", message.Id);
        }

        foreach (var priority in queued.GroupBy(m => m.Priority))
        {
            foreach (var ids in OutboxSignal.Chunk([.. priority.Select(m => m.Id)]))
            {
                await SignalAsync(ids, priority.Key, TimeSpan.Zero);
            }
        }

        return queued.Select(m => m.Id).ToList();
    }

    /// <summary>
    /// What a queue message asks for: each outbox id it names (<see cref="OutboxSignal.Parse"/>) sent if due and held by
    /// nobody else, side by side. If any attempt throws (storage down), the others still finish and the first error is
    /// rethrown, so the queue delivers the message again; the ids already settled are skipped then.
    /// </summary>
    /// <remarks>
    /// The ids are leased together, and the ones the providers took are recorded sent together once every attempt has ended
    /// (each keeps its lease until then), with their timeline entries: a page step's two emails cost storage one lease, one
    /// settling write and one timeline write instead of two of each. Every other outcome is recorded on its own, as always.
    /// </remarks>
    public async Task SendQueuedAsync(string queueMessage, CancellationToken cancellationToken)
    {
        // Each id once: the gauge counts what is sent, not how often a queue message names it.
        var ids = OutboxSignal.Parse(queueMessage).Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count == 1)
        {
            await SendAsync(ids[0], cancellationToken);
            return;
        }

        using var sending = _metrics.StartSending(ids.Count);

        var errors = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        foreach (var chunk in ids.Chunk(SendParallelism))
        {
            // A chunk at a time, leased right before its sends start, so no lease waits on another chunk's sends.
            try
            {
                await SendTogetherAsync(chunk, errors, cancellationToken);
            }
            catch (Exception ex)
            {
                errors.Enqueue(ex);
            }
        }

        if (errors.TryPeek(out var first))
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first);
        }
    }

    /// <summary>Up to <see cref="SendParallelism"/> messages leased together, sent side by side, their deliveries recorded together.</summary>
    private async Task SendTogetherAsync(IReadOnlyList<string> ids, System.Collections.Concurrent.ConcurrentQueue<Exception> errors, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var leases = await store.TryLeaseManyAsync(ids, now, now + _options.LeaseDuration, cancellationToken);
        foreach (var id in ids.Where(id => !leases.ContainsKey(id)))
        {
            logger.LogDebug("Outbox message {MessageId} is not due or is held elsewhere; nothing to do", id);
        }

        var deliveries = new DeliveryGroup(this, leases.Count, time);
        await Task.WhenAll(leases.Select(async leased =>
        {
            try
            {
                await AttemptLeasedAsync(leased.Key, leased.Value, cancellationToken, deliveries);
            }
            catch (Exception ex)
            {
                errors.Enqueue(ex);
            }
        }));
    }

    /// <summary>Sends one message if it is due and nobody else holds it.</summary>
    public async Task<OutboxAttemptOutcome> SendAsync(string id, CancellationToken cancellationToken)
    {
        using var sending = _metrics.StartSending();
        var now = time.GetUtcNow();
        if (await store.TryLeaseAsync(id, now, now + _options.LeaseDuration, cancellationToken) is not { } lease)
        {
            // Not due yet (an early or duplicate queue message), held by another sender, or settled already.
            logger.LogDebug("Outbox message {MessageId} is not due or is held elsewhere; nothing to do", id);
            return OutboxAttemptOutcome.Skipped;
        }

        return await AttemptLeasedAsync(id, lease, cancellationToken);
    }

    /// <summary>
    /// How many batches of <see cref="OutboxOptions.BatchSize"/> one sweep reads at most (1,000 messages at the default 100): a
    /// backlog beyond it is logged and waits for the next run, so one run stays bounded.
    /// </summary>
    internal const int SweepBatchesPerRun = 10;

    /// <summary>When this instance started (this dispatcher was made): a page due before then lost its queue message with the process before.</summary>
    private readonly DateTimeOffset _startedAt = time.GetUtcNow();

    /// <summary>
    /// The retry timer's sweep: messages due for at least <see cref="OutboxOptions.SweepAfter"/> (their queue message
    /// was lost, or a sender stopped) are leased and sent. Each is leased first, so two instances never send one both.
    /// Pages (and escalations) due since before this instance started are sent at once, without waiting for SweepAfter: after
    /// a crash or restart their queue message may have died with the process that wrote it, and the pair must not wait
    /// minutes for an incident whose alert was answered 202. The host calls this at start-up too (<c>StartupWork</c>).
    /// </summary>
    public async Task<DispatchSummary> RetryDueAsync(CancellationToken cancellationToken)
    {
        var summary = new DispatchSummary();
        var start = time.GetUtcNow();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var batch = 1; ; batch++)
        {
            // Oldest first: the fresh ones at the end are still on their way through the queue.
            var due = await store.ListDueAsync(start, _options.BatchSize, cancellationToken);
            var swept = due.Where(m => m.NextAttemptAt <= start - _options.SweepAfter || (m.Priority == OutboxPriority.Page && m.NextAttemptAt < _startedAt)).ToList();
            var again = swept.Any(m => !seen.Add(m.Id));
            foreach (var message in swept)
            {
                using var sending = _metrics.StartSending();
                var now = time.GetUtcNow();
                if (await store.TryLeaseAsync(message.Id, now, now + _options.LeaseDuration, cancellationToken) is { } lease)
                {
                    summary.Add(await AttemptLeasedAsync(message.Id, lease, cancellationToken));
                }
            }

            // A full batch all swept may have more behind it: read on (what was swept is no longer due: sent, leased, or
            // waiting for a later retry), up to SweepBatchesPerRun batches, so a backlog is not left a run per batch. One that
            // came back again (its row still due) or a batch with fresh messages in it ends the run.
            if (due.Count < _options.BatchSize || swept.Count < due.Count || again)
            {
                break;
            }

            if (batch >= SweepBatchesPerRun)
            {
                logger.LogWarning(
                    "Outbox sweep stopped after {Batches} batches ({Count} messages) this run; more are due and wait for the next run",
                    batch, seen.Count);
                break;
            }
        }

        await ConfirmDueAsync(summary, cancellationToken);
        return summary;
    }

    /// <summary>
    /// Asks the provider for the final status of messages it accepted (<see cref="SendResult.Accepted"/>): off the send
    /// path, so a large batch is never held up by status polls. One that failed after acceptance becomes Failed —
    /// listed, on <c>/api/health</c>, on the incident's timeline — just like one refused at once.
    /// </summary>
    private async Task ConfirmDueAsync(DispatchSummary summary, CancellationToken cancellationToken)
    {
        foreach (var pending in await store.ListToConfirmAsync(time.GetUtcNow(), _options.BatchSize, cancellationToken))
        {
            var now = time.GetUtcNow();
            DeliveryConfirmation answer;
            try
            {
                answer = await email.ConfirmAsync(pending.ProviderId, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                answer = new DeliveryConfirmation.NotYet($"{ex.GetType().Name}: {ex.Message}", Answered: false);
            }

            var age = now - pending.SentAt;
            if (answer is DeliveryConfirmation.NotYet { Answered: true } running && age >= ConfirmFor)
            {
                answer = new DeliveryConfirmation.Failed($"the provider accepted it as {pending.ProviderId} but still had no final status after {ConfirmFor.TotalHours:0.#} h ({running.Reason})");
            }
            else if (answer is DeliveryConfirmation.NotYet { Answered: false } unasked && age >= AskFor)
            {
                logger.LogWarning("Outbox message {MessageId}: accepted as {ProviderId}, its final status could not be asked for within {AskFor} ({Reason}); no longer asking", pending.MessageId, pending.ProviderId, AskFor, unasked.Reason);
                answer = new DeliveryConfirmation.Confirmed();
            }

            switch (answer)
            {
                case DeliveryConfirmation.Confirmed:
                    await store.SettleConfirmationAsync(pending.MessageId, null, now, cancellationToken);
                    break;
                case DeliveryConfirmation.NotYet wait:
                    var delay = wait.RetryAfter is { } hint && hint > ConfirmAfter ? hint : ConfirmAfter;
                    await store.DeferConfirmationAsync(pending.MessageId, now + delay, cancellationToken);
                    break;
                case DeliveryConfirmation.Failed failed:
                    var error = $"Failed after the provider accepted it: {failed.Error}";
                    await store.SettleConfirmationAsync(pending.MessageId, error, now, cancellationToken);
                    logger.LogError("Outbox message {MessageId} failed after its provider accepted it: {Error}", pending.MessageId, failed.Error);
                    summary.Add(OutboxAttemptOutcome.Failed);
                    if (await store.GetAsync(pending.MessageId, cancellationToken) is { } message)
                    {
                        _metrics.Failed(message);
                        await SettledAsync(message, error);
                    }

                    break;
            }
        }
    }

    /// <param name="group">The attempts of one queue message: a delivery is recorded with the others' (the lease kept until then).</param>
    private async Task<OutboxAttemptOutcome> AttemptLeasedAsync(string id, OutboxLease lease, CancellationToken cancellationToken, DeliveryGroup? group = null)
    {
        var joined = false;
        try
        {
            var message = await store.GetAsync(id, cancellationToken);
            if (message is not { Status: OutboxStatus.Pending })
            {
                return OutboxAttemptOutcome.Skipped;
            }

            // The lease is kept until the outcome is recorded (sent, retrying, failed, cancelled), not only while the provider
            // works: an outcome recorded slowly (storage slow, or failing and retried) past the lease's end would let the sweep
            // take the message and page again. Most attempts end before the first renewal, so this costs them no storage call.
            using var sending = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var sent = new CancellationTokenSource();
            var keeper = KeepLeaseAsync(lease, sending, sent.Token);
            async Task ReleaseAsync()
            {
                await sent.CancelAsync();
                await keeper;
            }

            try
            {
                if (await NoLongerAppliesAsync(message, cancellationToken) is { } reason)
                {
                    await RecordAsync(message, () => store.MarkCancelledAsync(id, reason, time.GetUtcNow(), CancellationToken.None));
                    logger.LogInformation("Outbox message {MessageId} ({Channel}) to {Recipient} cancelled: {Reason}", id, message.Channel, LoggedText.Recipient(message.Recipient), reason);
                    return OutboxAttemptOutcome.Cancelled;
                }

                message = await AsOfNowAsync(message, cancellationToken);
                var result = await SendOnceAsync(message, sending.Token);
                if (group is not null && result is SendResult.Delivered or SendResult.Accepted)
                {
                    joined = true;
                    SenderAccepted(message);
                    await group.DeliveredAsync(message, result, time.GetUtcNow());
                    await PagesBackAsync(message);
                    return OutboxAttemptOutcome.Delivered;
                }

                return await SettleAttemptAsync(id, message, result, sending, keeper, ReleaseAsync, cancellationToken);
            }
            finally
            {
                await ReleaseAsync();
            }
        }
        finally
        {
            if (!joined)
            {
                group?.Leave();
            }
        }
    }

    /// <summary>Records how one attempt went, on its own (a delivery outside a group, a retry, a failure, a lost lease).</summary>
    /// <param name="recorded">Stops keeping the lease: called once the outcome is written, before the slower work after it.</param>
    private async Task<OutboxAttemptOutcome> SettleAttemptAsync(string id, OutboxMessage message, SendResult result, CancellationTokenSource sending, Task<OutboxLease> keeper, Func<Task> recorded, CancellationToken cancellationToken)
    {
        if (result is not (SendResult.Delivered or SendResult.Accepted))
        {
            // The host is stopping: the message stays pending, its lease runs out, and it is sent again later.
            cancellationToken.ThrowIfCancellationRequested();
        }

        if (sending.IsCancellationRequested && result is not (SendResult.Delivered or SendResult.Accepted))
        {
            // The lease could not be renewed: another instance may hold the message now, so this one records nothing.
            // If the provider got it anyway, the retry carries the same message id (ACS Operation-Id, X-OnDuty-Message).
            // A queue message once the last lease has run out brings it back (a no-op if another sender settled it);
            // without one it would wait, due, for the sweeper alone.
            var held = await keeper;
            var left = held.Until - time.GetUtcNow();
            logger.LogWarning("Stopped sending {MessageId}: its lease could not be renewed; queued again for whoever takes it next", id);
            await SignalAsync(message, (left > TimeSpan.Zero ? left : TimeSpan.Zero) + TimeSpan.FromSeconds(1));
            return OutboxAttemptOutcome.Stopped;
        }

        return await RecordOutcomeAsync(message, result, recorded);
    }

    /// <summary>
    /// Renews the lease every third of its length while the send is in flight and its outcome is recorded. When it cannot (lost to another
    /// instance, or storage failing until the lease is nearly out), it cancels the send before the lease runs out.
    /// </summary>
    /// <returns>The last lease held, so a stopped send knows when the message is free again.</returns>
    private async Task<OutboxLease> KeepLeaseAsync(OutboxLease lease, CancellationTokenSource sending, CancellationToken sent)
    {
        var every = _options.LeaseDuration / 3;
        var margin = _options.LeaseDuration / 6;
        var current = lease;
        var wait = every;
        try
        {
            while (true)
            {
                var deadline = current.Until - margin;
                var left = deadline - time.GetUtcNow();
                if (left > TimeSpan.Zero)
                {
                    // Most sends end long before the first renewal: the wait ends without an exception, which every page paid for.
                    await Task.Delay(wait < left ? wait : left, time, sent).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                    if (sent.IsCancellationRequested)
                    {
                        return current;
                    }
                }

                if (time.GetUtcNow() >= deadline)
                {
                    logger.LogWarning("Lease of {MessageId} not renewed before {Deadline}; stopping its send", current.MessageId, deadline);
                    await sending.CancelAsync();
                    return current;
                }

                try
                {
                    var now = time.GetUtcNow();
                    if (await store.RenewLeaseAsync(current, now + _options.LeaseDuration, sent) is not { } renewed)
                    {
                        logger.LogWarning("Lease of {MessageId} was lost to another sender; stopping its send", current.MessageId);
                        await sending.CancelAsync();
                        return current;
                    }

                    current = renewed;
                    wait = every;
                }
                catch (DependencyUnavailableException ex)
                {
                    logger.LogWarning("Renewing the lease of {MessageId} failed, trying again: {Error}", current.MessageId, ex.Message);
                    wait = every / 4;
                }
            }
        }
        catch (OperationCanceledException) when (sent.IsCancellationRequested)
        {
        }

        return current;
    }

    private async Task<SendResult> SendOnceAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        // A reader erased after the batch was queued has their address replaced by their member id: they are left out,
        // the rest of the batch still gets it.
        var bcc = message.Bcc.Where(address => Team.EmailAddress.IsValid(address)).ToList();
        if (message.Bcc.Count > 0 && bcc.Count == 0)
        {
            return new SendResult.Permanent("No reader of this batch has an address any more (erased after it was queued)");
        }

        try
        {
            return message.Channel switch
            {
                Channel.Email => await email.SendAsync(
                    new EmailMessage(message.Bcc.Count > 0 ? "" : message.Recipient, message.Bcc.Count > 0 ? null : message.RecipientName, message.Subject, message.TextBody, message.HtmlBody)
                    {
                        PriorAttempts = message.Attempts,
                        QueuedAt = message.CreatedAt,
                        Bcc = bcc,
                        Thread = OutboxIds.EmailThread(message.Id),
                    },
                    message.Id,
                    cancellationToken),
                Channel.Teams when teams.Enabled => await teams.PostCardAsync(message.CardJson ?? "{}", cancellationToken),
                Channel.Teams => new SendResult.Permanent("Teams is not configured (Teams__WebhookUrl is empty)"),
                // A number erased after the text was queued is replaced by the member's id: nothing to send to.
                Channel.Sms when !PhoneNumber.IsValid(message.Recipient) => new SendResult.Permanent("No phone number to text any more (erased after it was queued)"),
                Channel.Sms => await sms.SendAsync(new SmsMessage(message.Recipient, message.TextBody) { PriorAttempts = message.Attempts, QueuedAt = message.CreatedAt }, message.Id, cancellationToken),
                Channel.Voice when !PhoneNumber.IsValid(message.Recipient) => new SendResult.Permanent("No phone number to call any more (erased after it was queued)"),
                Channel.Voice => await voice.CallAsync(new VoiceCall(message.Recipient, message.TextBody, VoiceCall.SpokenLanguageOf(message.TextBody)) { PriorAttempts = message.Attempts, QueuedAt = message.CreatedAt }, message.Id, cancellationToken),
                _ => new SendResult.Permanent($"Unknown channel {message.Channel}"),
            };
        }
        catch (Exception ex) when (ex is FormatException or System.Text.Json.JsonException or ArgumentException)
        {
            // The message itself is malformed (an address the mail library cannot parse, a card that is not JSON):
            // sending it again will not help, so give it up now, visibly, instead of retrying for hours.
            return new SendResult.Permanent($"{ex.GetType().Name}: {ex.Message}");
        }
        catch (Exception ex)
        {
            return new SendResult.Transient($"{ex.GetType().Name}: {ex.Message}");
        }
    }

    /// <param name="recorded">Called once the outcome is written (the lease no longer needed), before telling the queue or the subjects.</param>
    private async Task<OutboxAttemptOutcome> RecordOutcomeAsync(OutboxMessage message, SendResult result, Func<Task> recorded)
    {
        var now = time.GetUtcNow();
        var attempts = message.Attempts + 1;
        if (result is SendResult.Transient { SenderRefused: true } refused)
        {
            SenderRefused(message.Channel, refused, now);
        }

        switch (result)
        {
            case SendResult.Delivered or SendResult.Accepted:
                SenderAccepted(message);
                await RecordDeliveredAsync([(message, Delivery(message, result, now))], recorded);
                await PagesBackAsync(message);
                return OutboxAttemptOutcome.Delivered;

            case SendResult.Transient transient when GiveUpReason(message, attempts, now) is null:
                var delay = RetryDelay(attempts, transient.RetryAfter, message.Priority);
                var retrying = await RecordAsync(message, () => store.MarkRetryAsync(message.Id, transient.Error, now + delay, CancellationToken.None));
                await recorded();
                if (retrying)
                {
                    if (message.Priority == OutboxPriority.Page && !_catchingUp.Value)
                    {
                        _pagesFailingOn[message.Channel] = 0;
                    }

                    logger.LogWarning("Sending {MessageId} failed (attempt {Attempt}): {Error}; retrying at {NextAttempt}", message.Id, attempts, transient.Error, now + delay);
                    await SignalAsync(message, delay);
                }

                return OutboxAttemptOutcome.Retrying;

            case SendResult.Transient transient:
                var error = $"{GiveUpReason(message, attempts, now)}: {transient.Error}";
                await RecordAsync(message, () => store.MarkFailedAsync(message.Id, error, now, CancellationToken.None));
                await recorded();
                logger.LogError("Gave up sending {Channel} message {MessageId} to {Recipient}: {Error}", message.Channel, message.Id, LoggedText.Recipient(message.Recipient), error);
                _metrics.Failed(message);
                await SettledAsync(message, error);
                return OutboxAttemptOutcome.Failed;

            case SendResult.Permanent permanent:
                await RecordAsync(message, () => store.MarkFailedAsync(message.Id, permanent.Error, now, CancellationToken.None));
                await recorded();
                logger.LogError("Sending {Channel} message {MessageId} to {Recipient} failed permanently: {Error}", message.Channel, message.Id, LoggedText.Recipient(message.Recipient), permanent.Error);
                _metrics.Failed(message);
                await SettledAsync(message, permanent.Error);
                return OutboxAttemptOutcome.Failed;

            default:
                throw new InvalidOperationException($"Unknown send result {result.GetType().Name}.");
        }
    }

    /// <summary>
    /// A delivered message waits at most this long for the rest of its group to end before it is recorded on its own: a page
    /// step's emails end within moments of each other, and a peer stuck on a slow provider does not keep a delivery unrecorded
    /// (which a crash would turn into a second send once its lease ran out).
    /// </summary>
    internal static readonly TimeSpan GroupWait = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Records the deliveries of one queue message's attempts together: the last attempt to end (delivered or not) records every
    /// delivery waiting in as few writes as the store can make, then tells the subjects in one call; each delivered attempt
    /// waits for that record, keeping its lease meanwhile, for <see cref="GroupWait"/> at most, then is recorded on its own.
    /// A failed record fails the delivered attempts it held, as one alone would.
    /// </summary>
    private sealed class DeliveryGroup(OutboxDispatcher dispatcher, int attempts, TimeProvider time)
    {
        private readonly object _gate = new();
        private readonly List<Waiting> _waiting = [];
        private int _open = attempts;

        private sealed record Waiting(OutboxMessage Message, OutboxDelivery Delivery, TaskCompletionSource Recorded);

        /// <summary>This attempt's message was taken by its provider: returns once it is recorded sent (with the others, or alone).</summary>
        public async Task DeliveredAsync(OutboxMessage message, SendResult result, DateTimeOffset sentAt)
        {
            var waiting = new Waiting(message, Delivery(message, result, sentAt), new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            List<Waiting>? all;
            lock (_gate)
            {
                _waiting.Add(waiting);
                all = --_open == 0 ? TakeAll() : null;
            }

            if (all is not null)
            {
                await RecordAsync(all);
            }
            else
            {
                try
                {
                    await waiting.Recorded.Task.WaitAsync(GroupWait, time);
                }
                catch (TimeoutException)
                {
                    bool alone;
                    lock (_gate)
                    {
                        alone = _waiting.Remove(waiting); // else the last attempt took it a moment ago: its record is on the way
                    }

                    if (alone)
                    {
                        await RecordAsync([waiting]);
                    }
                }
            }

            await waiting.Recorded.Task;
        }

        /// <summary>This attempt ended some other way (recorded on its own): the others no longer wait for it.</summary>
        public void Leave()
        {
            List<Waiting>? all;
            lock (_gate)
            {
                all = --_open == 0 ? TakeAll() : null;
            }

            if (all is { Count: > 0 })
            {
                // Nobody awaits this task: each delivered attempt observes its own outcome.
                _ = RecordAsync(all);
            }
        }

        private List<Waiting> TakeAll()
        {
            var all = _waiting.ToList();
            _waiting.Clear();
            return all;
        }

        private async Task RecordAsync(List<Waiting> waiting)
        {
            try
            {
                await dispatcher.RecordDeliveredAsync([.. waiting.Select(w => (w.Message, w.Delivery))]);
                waiting.ForEach(w => w.Recorded.TrySetResult());
            }
            catch (Exception ex)
            {
                waiting.ForEach(w => w.Recorded.TrySetException(ex));
            }
        }
    }

    /// <summary>What recording <paramref name="message"/> as taken by its provider (<paramref name="result"/>) at <paramref name="sentAt"/> writes.</summary>
    private static OutboxDelivery Delivery(OutboxMessage message, SendResult result, DateTimeOffset sentAt) => result switch
    {
        SendResult.Accepted { ProviderId: var providerId } => new OutboxDelivery(message.Id, sentAt, providerId, sentAt + ConfirmAfter),
        // An email its provider reports done already (found on a retry) keeps its provider's id too: its delivery report finds it.
        SendResult.Delivered { ReportId: { } reportId } when message.Channel == Channel.Email => new OutboxDelivery(message.Id, sentAt, reportId),
        _ => new OutboxDelivery(message.Id, sentAt),
    };

    /// <summary>
    /// Records messages the providers took as sent (one, or a group together). They are out: failing to record that would leave
    /// them pending, and they would go out again once their leases end, so a storage blip gets a few quick retries before giving
    /// up to at-least-once; one another instance settled meanwhile keeps that record. Then the subjects hear of them together.
    /// </summary>
    /// <param name="recorded">Called once they are written (a single attempt stops keeping its lease then); null for a group.</param>
    private async Task RecordDeliveredAsync(IReadOnlyList<(OutboxMessage Message, OutboxDelivery Delivery)> delivered, Func<Task>? recorded = null)
    {
        IReadOnlyList<string> settledOtherwise;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                settledOtherwise = await store.MarkSentManyAsync([.. delivered.Select(d => d.Delivery)], CancellationToken.None);
                break;
            }
            catch (DependencyUnavailableException ex) when (attempt < 4)
            {
                logger.LogWarning("Recording {Count} messages as sent failed (attempt {Attempt}), retrying: {Error}", delivered.Count, attempt, ex.Message);
                await Task.Delay(TimeSpan.FromMilliseconds(250 * attempt));
            }
        }

        if (recorded is not null)
        {
            await recorded();
        }

        foreach (var (message, delivery) in delivered)
        {
            _metrics.Delivered(message, delivery.SentAt);
            if (settledOtherwise.Contains(message.Id, StringComparer.Ordinal))
            {
                logger.LogWarning("Outcome of {MessageId} not recorded: another instance settled it meanwhile", message.Id);
            }

            logger.LogInformation("Sent {Channel} message {MessageId} to {Recipient} (attempt {Attempt})", message.Channel, message.Id, LoggedText.Recipient(message.Recipient), message.Attempts + 1);
        }

        var settled = delivered.Select(d => (d.Message, (string?)null)).ToList();
        foreach (var subject in _subjects)
        {
            try
            {
                await subject.SettledManyAsync(settled, CancellationToken.None);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Recording how {MessageIds} ended on their subject failed", string.Join(", ", delivered.Select(d => d.Message.Id)));
            }
        }
    }

    /// <summary>
    /// The provider of <paramref name="channel"/> refused the sender (a configuration fault): logged as an error once until the
    /// refusal is over (<see cref="SenderAccepted"/>), and named on this instance's health (<see cref="SenderWarningOf"/>). Each
    /// message's own retry is still logged as a warning.
    /// </summary>
    private void SenderRefused(Channel channel, SendResult.Transient refused, DateTimeOffset now)
    {
        Interlocked.Exchange(ref _senderRefusedAt[(int)channel], now.UtcTicks);
        warnings?.Report(SenderWarningOf(channel), $"{refused.Error}; pages (outbox channel {channel.OutboxName()}) are retried until Outbox__PageGiveUpAfter and go out once it is fixed");
        if (Interlocked.Exchange(ref _senderRefusedLogged[(int)channel], 1) == 0)
        {
            logger.LogError(
                "The {Provider} refuses the sender, not the recipients: {Error}. Every {Channel} message fails alike until the setting it names is fixed; pages are retried until Outbox__PageGiveUpAfter",
                SenderRefusal.ProviderOf(channel), refused.Error, channel.Name());
        }
    }

    /// <summary>
    /// A message went through: a sender refusal seen before on its channel is over if this very message had been refused so, or
    /// none was seen for <see cref="SenderRefusalQuiet"/> (a relay refusing only some recipients keeps the warning).
    /// </summary>
    private void SenderAccepted(OutboxMessage message)
    {
        var channel = (int)message.Channel;
        if (Volatile.Read(ref _senderRefusedLogged[channel]) == 0)
        {
            return;
        }

        var quiet = time.GetUtcNow().UtcTicks - Interlocked.Read(ref _senderRefusedAt[channel]) >= SenderRefusalQuiet.Ticks;
        if ((SenderRefusal.IsIn(message.LastError) || quiet) && Interlocked.Exchange(ref _senderRefusedLogged[channel], 0) == 1)
        {
            warnings?.Clear(SenderWarningOf(message.Channel));
            logger.LogInformation("The {Provider} accepts the sender again ({MessageId} went through)", SenderRefusal.ProviderOf(message.Channel), message.Id);
        }
    }

    /// <summary>The channels a page failed on (waiting for a retry) since one last went through, on this instance.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Channel, byte> _pagesFailingOn = new();

    /// <summary>
    /// True while <see cref="PagesBackAsync"/> sends the waiting pages: a page failing again there does not arm the next
    /// catch-up, so a page failing for its own reason (one mailbox's server) is not re-sent on every other message's success
    /// — it keeps its backoff. Only a failure outside a catch-up (the provider down again) arms one.
    /// </summary>
    private readonly AsyncLocal<bool> _catchingUp = new();

    /// <summary>
    /// After a page failed on a channel, the first message through it (its provider is back, e.g. the SMTP server restarted): the
    /// pages waiting for a later retry on it are sent now, oldest first — the duty pair's first page and escalation 1 before the
    /// organisation's later step — instead of each waiting out its own backoff (trial 36: the organisation heard a minute before
    /// the pair). Each is leased first, as any retry: one another sender holds or settled is left alone, none goes twice. Pages
    /// only; other mail keeps its backoff. A page failing again stops the catch-up (the provider is down again).
    /// </summary>
    private async Task PagesBackAsync(OutboxMessage delivered)
    {
        if (!_pagesFailingOn.TryRemove(delivered.Channel, out _))
        {
            return;
        }

        try
        {
            _catchingUp.Value = true;
            var now = time.GetUtcNow();
            var waiting = (await store.ListLatePagesAsync(now, _options.BatchSize, CancellationToken.None))
                .Where(m => m.Channel == delivered.Channel && m.Attempts > 0 && m.NextAttemptAt > now && m.Id != delivered.Id)
                .OrderBy(m => m.CreatedAt).ThenBy(m => m.Id, StringComparer.Ordinal).ToList();
            foreach (var page in waiting)
            {
                using var sending = _metrics.StartSending();
                now = time.GetUtcNow();
                if (await store.BringForwardAsync(page.Id, now, CancellationToken.None)
                    && await store.TryLeaseAsync(page.Id, now, now + _options.LeaseDuration, CancellationToken.None) is { } lease
                    && await AttemptLeasedAsync(page.Id, lease, CancellationToken.None) == OutboxAttemptOutcome.Retrying)
                {
                    break;
                }
            }

            if (waiting.Count > 0)
            {
                logger.LogInformation("{Channel} delivers again ({MessageId} went through): pages waiting for a retry sent now, oldest first: {Count}", delivered.Channel, delivered.Id, waiting.Count);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Not lost: each page is retried at its own time.
            logger.LogWarning("Sending the pages waiting for a retry on {Channel} failed; each is retried at its own time: {Error}", delivered.Channel, ex.Message);
        }
    }

    /// <summary>Null while the message is worth another attempt; otherwise why it is given up.</summary>
    private string? GiveUpReason(OutboxMessage message, int attempts, DateTimeOffset now)
    {
        if (message.Priority == OutboxPriority.Page)
        {
            // A page is worth retrying as long as it still applies (checked before each attempt) and is not stale.
            var age = now - message.CreatedAt;
            return age < _options.PageGiveUpAfter ? null : $"Gave up after {attempts} attempts over {age:g} (Outbox__PageGiveUpAfter)";
        }

        return attempts < _options.MaxAttempts ? null : $"Gave up after {attempts} attempts";
    }

    /// <summary>Records an outcome; false when another instance settled the message meanwhile (its record stands).</summary>
    private async Task<bool> RecordAsync(OutboxMessage message, Func<Task> record)
    {
        try
        {
            await record();
            return true;
        }
        catch (ConcurrencyException ex)
        {
            logger.LogWarning("Outcome of {MessageId} not recorded: {Error}", message.Id, ex.Message);
            return false;
        }
    }

    private async Task<string?> NoLongerAppliesAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        foreach (var subject in _subjects)
        {
            if (await subject.NoLongerAppliesAsync(message, cancellationToken) is { } reason)
            {
                return reason;
            }
        }

        return null;
    }

    /// <summary>The message as its subject would word it now (<see cref="IOutboxSubject.AsOfNowAsync"/>); as stored when none does, or asking fails.</summary>
    private async Task<OutboxMessage> AsOfNowAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        foreach (var subject in _subjects)
        {
            try
            {
                if (await subject.AsOfNowAsync(message, cancellationToken) is { } now)
                {
                    return now with { Id = message.Id, Recipient = message.Recipient, Channel = message.Channel };
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Never in the way of a page: it goes as queued.
                logger.LogWarning(ex, "Wording {MessageId} as of now failed; sending it as queued", message.Id);
            }
        }

        return message;
    }

    /// <summary>Tells the subjects how a message ended; their trouble never undoes a delivery already recorded.</summary>
    private async Task SettledAsync(OutboxMessage message, string? error)
    {
        foreach (var subject in _subjects)
        {
            try
            {
                await subject.SettledAsync(message, error, CancellationToken.None);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Recording how {MessageId} ended on its subject failed", message.Id);
            }
        }
    }

    private Task SignalAsync(OutboxMessage message, TimeSpan delay) => SignalAsync([message.Id], message.Priority, delay);

    /// <summary>A lost signal is not lost mail: the retry timer sweeps every message due for a while.</summary>
    private async Task SignalAsync(IReadOnlyList<string> ids, OutboxPriority priority, TimeSpan delay)
    {
        try
        {
            await queue.SignalAsync(ids, priority, delay, CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning("Signalling the send queue for {MessageIds} failed; the retry timer sweeps them: {Error}", string.Join(", ", ids), ex.Message);
        }
    }

    /// <summary>Exponential backoff from the base delay, capped (lower for pages), and never sooner than the provider asked.</summary>
    internal TimeSpan RetryDelay(int attempts, TimeSpan? retryAfter, OutboxPriority priority = OutboxPriority.Normal)
    {
        var cap = priority == OutboxPriority.Page && _options.PageMaxDelay < _options.MaxDelay ? _options.PageMaxDelay : _options.MaxDelay;
        var exponent = Math.Min(attempts - 1, 20);
        var backoff = TimeSpan.FromTicks(Math.Min(_options.BaseDelay.Ticks * (1L << exponent), cap.Ticks));
        return retryAfter is { } hint && hint > backoff ? hint : backoff;
    }
}
