using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Messages;

namespace OnDuty.Core.Heartbeats;

/// <summary>
/// Keeps the heartbeats: defines and deletes them, hears their pings and failures, and (every minute, the <c>CheckHeartbeats</c>
/// timer) raises an alert through the incident intake for each one that stopped, and resolves it when it is heard again.
/// <list type="bullet">
/// <item>What the intake should know is decided on the stored heartbeat first (an ETag-guarded write: <see cref="Heartbeat.Reported"/>,
/// marked pending), then sent, then the mark cleared at that version. A send that fails stays pending and the next check sends
/// it again; nothing decided is lost.</item>
/// <item>Whoever finds the heartbeat changed when clearing its mark (a ping racing the check) sends what it says now before
/// giving up, so the intake's last word is always the heartbeat's latest state: a late ping never leaves an incident open.</item>
/// </list>
/// </summary>
public sealed class HeartbeatMonitor(
    IHeartbeatStore store,
    AlertIntake intake,
    IIncidentRepository incidentRecords,
    INoticeRenderer renderer,
    TimeProvider time,
    IOptions<IncidentOptions> incidents,
    IOptions<TeamOptions> team,
    ILogger<HeartbeatMonitor> logger,
    Calendar.IWorkingCalendar? calendar = null,
    Notifications.OutboxDispatcher? outbox = null)
{
    private const int MaxAttempts = 10;

    /// <summary>At most this many heartbeats (the check reads them all each minute).</summary>
    public const int MaxHeartbeats = 500;

    public Task<IReadOnlyList<Versioned<Heartbeat>>> ListAsync(CancellationToken cancellationToken) => store.ListAsync(cancellationToken);

    public async Task<Versioned<Heartbeat>> GetAsync(string name, CancellationToken cancellationToken) =>
        await store.GetAsync(name, cancellationToken) ?? throw new NotFoundException("Heartbeat", name);

    /// <summary>Creates the heartbeat, or changes one of that name (what it heard is kept); true when created.</summary>
    public async Task<(Versioned<Heartbeat> Heartbeat, bool Created)> DefineAsync(string name, HeartbeatRequest request, string by, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (await store.GetAsync(name, cancellationToken) is not null)
            {
                // A changed interval may make it late (or on time) now: decided with the change, in the same write, as a ping is.
                if (await ChangeAsync(name, (h, now) => Heartbeat.Define(name, request, h, by, now), cancellationToken) is { } changed)
                {
                    logger.LogInformation("Heartbeat {Name} changed by {By}: every {Interval}, grace {Grace}, {Severity}", name, by, changed.Value.Interval, changed.Value.Grace, changed.Value.Severity);
                    return (changed, false);
                }

                continue; // deleted meanwhile: defined anew
            }

            var heartbeat = Expecting(Heartbeat.Define(name, request, null, by, time.GetUtcNow()));
            if ((await store.ListAsync(cancellationToken)).Count >= MaxHeartbeats)
            {
                throw new ValidationException("name", $"at most {MaxHeartbeats} heartbeats can be kept; delete one first");
            }

            try
            {
                var added = new Versioned<Heartbeat>(heartbeat, await store.AddAsync(heartbeat, cancellationToken));
                logger.LogInformation("Heartbeat {Name} defined by {By}: every {Interval}, grace {Grace}, {Severity}", name, by, heartbeat.Interval, heartbeat.Grace, heartbeat.Severity);
                return (added, true);
            }
            catch (ConcurrencyException) when (attempt < MaxAttempts)
            {
                // Defined by another request meanwhile: changed on top of it.
            }
        }
    }

    /// <summary>
    /// Deletes it. An incident it opened stays open (and says why it was opened); whoever deletes a heartbeat that is down
    /// resolves that incident by hand.
    /// </summary>
    public async Task DeleteAsync(string name, string by, CancellationToken cancellationToken)
    {
        if (!await store.DeleteAsync(name, cancellationToken))
        {
            throw new NotFoundException("Heartbeat", name);
        }

        logger.LogInformation("Heartbeat {Name} deleted by {By}", name, by);
    }

    /// <summary>It was heard: up again (a stopped one's incident resolves now), or its first ping, which arms it.</summary>
    /// <remarks>
    /// What was heard last is what was stored last, whatever the clocks of the instances that heard it say: a ping after a
    /// failure is stamped after it (so it counts as recovered), a failure after a ping at least at it (so it counts as failed).
    /// </remarks>
    public Task<Versioned<Heartbeat>> PingAsync(string name, CancellationToken cancellationToken) =>
        HearAsync(name, (h, now) => h with { LastPingAt = Latest(now, h.LastPingAt, h.LastFailAt?.AddTicks(1), h.LastStartAt?.AddTicks(1)), PausedUntil = null }, cancellationToken);

    /// <summary>
    /// Its sender says a run started (<c>/start</c>): from now it must ping within <see cref="Heartbeat.MaxRun"/> (or its grace),
    /// or it counts as stopped, the job hanging. Arms one never heard before. Paused or not: a job that starts is running again, so
    /// its start ends the pause as a ping or a failure does (any signal resumes a paused check, as in Healthchecks.io), and a run
    /// that then overruns pages as for one never paused instead of only once the pause ends.
    /// </summary>
    public Task<Versioned<Heartbeat>> StartAsync(string name, CancellationToken cancellationToken) =>
        HearAsync(name, (h, now) => h with { LastStartAt = Latest(now, h.LastStartAt, h.LastPingAt?.AddTicks(1), h.LastFailAt?.AddTicks(1)), PausedUntil = null }, cancellationToken);

    /// <summary>
    /// Its sender says it failed (with <paramref name="failure"/>, cut to <see cref="Heartbeat.MaxFailureLength"/>): down now, paged
    /// at once. Paused or not: a pause silences a job stopped on purpose, and a job that runs and says it failed is not silent, so
    /// its failure ends the pause as a ping does (as Healthchecks.io's fail signal resumes a paused check) instead of waiting, unseen,
    /// to page when the pause ends.
    /// </summary>
    public Task<Versioned<Heartbeat>> FailAsync(string name, string? failure, CancellationToken cancellationToken)
    {
        var text = new string([.. (failure ?? "").Select(c => char.IsControl(c) && c is not ('\n' or '\t') ? ' ' : c)]).Trim();
        var said = text.Length == 0 ? null : TextCut.WithEllipsis(text, Heartbeat.MaxFailureLength);
        return HearAsync(name, (h, now) => h with { LastFailAt = Latest(now, h.LastPingAt, h.LastFailAt, h.LastStartAt), LastFailure = said, PausedUntil = null }, cancellationToken);
    }

    /// <summary>The heartbeat with its due time worked out over the team's non-working days, when it keeps to working days.</summary>
    private Heartbeat Expecting(Heartbeat heartbeat) =>
        heartbeat.WorkingDaysOnly && calendar is null
            ? throw new InvalidOperationException("A heartbeat expected on working days only needs the working calendar.")
            : calendar is null ? heartbeat : heartbeat.WithExpectedBy(calendar, incidents.Value.Zone);

    private static DateTimeOffset Latest(DateTimeOffset now, params DateTimeOffset?[] others) =>
        others.OfType<DateTimeOffset>().Append(now).Max();

    /// <summary>
    /// The check: every heartbeat that stopped raises its alert, every one heard again after that resolves it, and what an
    /// earlier attempt decided and could not send is sent. Returns how many alerts were raised and resolved.
    /// </summary>
    public async Task<(int Raised, int Resolved)> CheckAsync(CancellationToken cancellationToken)
    {
        var raised = 0;
        var resolved = 0;
        foreach (var stored in await store.ListAsync(cancellationToken))
        {
            try
            {
                var now = time.GetUtcNow();
                var current = stored;
                if (stored.Value.Decide(now) is { } decided)
                {
                    try
                    {
                        current = new Versioned<Heartbeat>(decided, await store.ReplaceAsync(decided, stored.ETag, cancellationToken));
                    }
                    catch (ConcurrencyException)
                    {
                        continue; // pinged or changed meanwhile: whoever changed it decided; the next check looks again
                    }

                    if (decided.Reported == HeartbeatReport.Firing)
                    {
                        raised++;
                        logger.LogWarning("Heartbeat {Name} is {State}: last heard {LastPingAt}, due {DueAt}; raising its alert", decided.Name, decided.StateAt(now), decided.LastPingAt, decided.DueAt);
                    }
                    else
                    {
                        resolved++;
                    }
                }

                if (current.Value.RepeatDueAt(now))
                {
                    current = await RepeatIfResolvedAsync(current, now, cancellationToken) ?? current;
                    if (current.Value.ReportPending)
                    {
                        raised++;
                    }
                }

                if (current.Value.ReportPending)
                {
                    await DeliverAsync(current, cancellationToken);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One heartbeat's trouble (storage, a busy incident) must not keep the others from paging: it stays pending.
                logger.LogError(ex, "Heartbeat {Name}: the check could not finish; the next check tries again", stored.Value.Name);
            }
        }

        return (raised, resolved);
    }

    /// <summary>
    /// A heartbeat still stopped long after its alert was raised: if its incident is no longer open (a person resolved it, yet
    /// nothing was heard since), its alert is raised again, reopening or opening an incident; if it is open, that is noted so
    /// it is looked at again only after <see cref="Heartbeat.RepeatAfter"/>. Null when another writer got in first.
    /// </summary>
    private async Task<Versioned<Heartbeat>?> RepeatIfResolvedAsync(Versioned<Heartbeat> stored, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var open = await incidentRecords.GetOpenGroupAsync(Alerts.AlertSources.Heartbeat, stored.Value.Name, cancellationToken) is not null;
        var next = stored.Value with { ReportedAt = now, ReportPending = !open };
        try
        {
            var saved = new Versioned<Heartbeat>(next, await store.ReplaceAsync(next, stored.ETag, cancellationToken));
            if (!open)
            {
                logger.LogWarning("Heartbeat {Name} is still stopped (since {DownSince}) and its incident was resolved: raising its alert again", next.Name, next.DownSince);
            }

            return saved;
        }
        catch (ConcurrencyException)
        {
            return null; // pinged or changed meanwhile: the next check looks again
        }
    }

    /// <summary>Applies what was heard to the stored heartbeat, decides what the intake should know, stores both in one write, and tells it.</summary>
    private async Task<Versioned<Heartbeat>> HearAsync(string name, Func<Heartbeat, DateTimeOffset, Heartbeat> hear, CancellationToken cancellationToken) =>
        await ChangeAsync(name, hear, cancellationToken) ?? throw new NotFoundException("Heartbeat", name);

    /// <summary>
    /// Changes the stored heartbeat (a ping, a failure, a new definition), decides what the intake should know at once, stores
    /// both in one write at the version read (again on top of whatever another writer stored first), and tells the intake.
    /// Null when there is no such heartbeat.
    /// </summary>
    private async Task<Versioned<Heartbeat>?> ChangeAsync(string name, Func<Heartbeat, DateTimeOffset, Heartbeat> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (await store.GetAsync(name, cancellationToken) is not { } stored)
            {
                return null;
            }

            var now = time.GetUtcNow();
            var changed = Expecting(change(stored.Value, now));
            var decided = changed.Decide(now) ?? changed;
            Versioned<Heartbeat> saved;
            try
            {
                saved = new Versioned<Heartbeat>(decided, await store.ReplaceAsync(decided, stored.ETag, cancellationToken));
            }
            catch (ConcurrencyException) when (attempt < MaxAttempts)
            {
                // Another ping (or the check, or a change) wrote first: applied again on top of what it wrote.
                continue;
            }

            if (decided.Reported != stored.Value.Reported)
            {
                logger.LogInformation("Heartbeat {Name} is {State}: its alert is {Report}", name, decided.StateAt(now), decided.Reported);
            }

            return saved.Value.ReportPending ? await DeliverAsync(saved, cancellationToken) : saved;
        }
    }

    /// <summary>
    /// Sends the pending report of <paramref name="heartbeat"/> to the intake and clears the mark at the version it read; if
    /// the heartbeat changed meanwhile, sends what it says now (when that differs from what was sent) and tries again. A failed
    /// send throws and leaves the mark for the next check.
    /// </summary>
    private async Task<Versioned<Heartbeat>> DeliverAsync(Versioned<Heartbeat> heartbeat, CancellationToken cancellationToken)
    {
        HeartbeatReport? sent = null;
        var current = heartbeat;
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            if (current.Value.Reported != sent && current.Value.Reported != HeartbeatReport.None)
            {
                var result = await intake.IntakeAsync(NotificationFor(current.Value), cancellationToken);
                sent = current.Value.Reported;
                logger.LogInformation("Heartbeat {Name}: {Report} told to the intake: {Outcome} incident {IncidentId}", current.Value.Name, sent, result.Outcome, result.IncidentId);

                // Before the mark is cleared: a failure here leaves it pending, and the next check tells the owner (once, by its id).
                await TellOwnerAsync(current.Value, result.IncidentId, cancellationToken);
            }

            if (!current.Value.ReportPending && sent == current.Value.Reported)
            {
                return current;
            }

            var cleared = current.Value with { ReportPending = false };
            try
            {
                return new Versioned<Heartbeat>(cleared, await store.ReplaceAsync(cleared, current.ETag, cancellationToken));
            }
            catch (ConcurrencyException)
            {
                if (await store.GetAsync(current.Value.Name, cancellationToken) is not { } reread)
                {
                    return current; // deleted meanwhile
                }

                current = reread;
            }
        }

        logger.LogWarning("Heartbeat {Name} kept changing while its report was sent; the next check sends it again", heartbeat.Value.Name);
        return current;
    }

    /// <summary>
    /// Queues the mail telling the heartbeat's owner it went silent (or failed, or hangs) or was heard again, in the team's
    /// language: for her information, not a page, so it is not escalated. Once per stop and per return
    /// (<see cref="Notifications.OutboxIds.HeartbeatOwnerTopic"/>): a report sent again queues nothing new.
    /// </summary>
    private async Task TellOwnerAsync(Heartbeat heartbeat, string? incidentId, CancellationToken cancellationToken)
    {
        if (outbox is null || heartbeat.Owner is not { } owner || heartbeat.Reported == HeartbeatReport.None)
        {
            return;
        }

        var back = heartbeat.Reported == HeartbeatReport.Resolved;
        var now = time.GetUtcNow();
        var since = back ? heartbeat.ReportedAt ?? now : heartbeat.DownSince ?? heartbeat.ReportedAt ?? now;
        var topic = Notifications.OutboxIds.HeartbeatOwnerTopic(heartbeat.Name, back, since);
        var incident = incidentId is null ? null : (await incidentRecords.GetAsync(incidentId, cancellationToken))?.Value;
        // Where she sees it (the status page lists every heartbeat) and the incident the pair work on; no address known, no link.
        var baseUrl = team.Value.BaseUrl;
        var email = renderer.Email(new HeartbeatOwnerNotice(team.Value.TeamLanguage, heartbeat, now, incidents.Value.TimeZone, incident)
        {
            StatusLink = baseUrl is null ? null : Incidents.IncidentMessages.HeartbeatsStatusLink(baseUrl),
            PageLink = baseUrl is null || incident is null ? null : Incidents.IncidentMessages.IncidentPageLink(baseUrl, incident.Id),
        });
        var queued = await outbox.EnqueueAsync([Notifications.OutboxMessage.ForEmail(topic, owner.Email, owner.Name, email)], cancellationToken);
        if (queued.Count > 0)
        {
            logger.LogInformation("Heartbeat {Name}: its owner is told it is {Report}", heartbeat.Name, heartbeat.Reported);
        }
    }

    private Core.Alerts.AlertNotification NotificationFor(Heartbeat heartbeat)
    {
        var now = time.GetUtcNow();
        var language = team.Value.TeamLanguage;
        var zone = incidents.Value.TimeZone;
        return heartbeat.Notification(
            renderer.Text(new HeartbeatAlertNotice(language, heartbeat, HeartbeatText.Title, now, zone)),
            renderer.Text(new HeartbeatAlertNotice(language, heartbeat, HeartbeatText.Description, now, zone)),
            now);
    }
}
