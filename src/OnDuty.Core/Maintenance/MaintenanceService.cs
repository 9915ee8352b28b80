using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnDuty.Core.Alerts;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Messages;
using OnDuty.Core.Notifications;
using OnDuty.Core.Team;

namespace OnDuty.Core.Maintenance;

/// <summary>
/// Plans, lists, moves and ends maintenance windows; ending or shortening one releases the pages it holds. The team's channel
/// is told of each (a card through the outbox, once per event: <c>maintenance:{id}:planned:teams</c>, …), so pages held are
/// never a surprise.
/// </summary>
public sealed class MaintenanceService(
    IMaintenanceWindowStore store,
    MaintenanceCalendar calendar,
    IIncidentRepository incidents,
    Pager pager,
    OutboxDispatcher outbox,
    ITeamsChannel teams,
    INoticeRenderer renderer,
    TimeProvider time,
    IOptions<IncidentOptions> options,
    IOptions<TeamOptions> team,
    ILogger<MaintenanceService> logger,
    IRosterRepository roster)
{
    /// <summary>Ended windows are listed (and kept) this long: the retro asks what was planned that night.</summary>
    public static readonly TimeSpan EndedKept = TimeSpan.FromDays(90);

    private const int MaxAttempts = 10;

    /// <summary>Windows running now or planned, soonest end first; with <paramref name="ended"/>, also those ended in the last 90 days, newest first after them.</summary>
    public async Task<IReadOnlyList<Versioned<MaintenanceWindow>>> ListAsync(bool ended, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var all = await store.ListAsync(cancellationToken);
        var current = all.Where(w => w.Value.Until > now).OrderBy(w => w.Value.From).ThenBy(w => w.Value.Id, StringComparer.Ordinal);
        var past = ended ? all.Where(w => w.Value.Until <= now && w.Value.Until > now - EndedKept).OrderByDescending(w => w.Value.Until) : Enumerable.Empty<Versioned<MaintenanceWindow>>();
        return [.. current, .. past];
    }

    public async Task<Versioned<MaintenanceWindow>> GetAsync(string id, CancellationToken cancellationToken) =>
        await store.GetAsync(id, cancellationToken) ?? throw new NotFoundException("Maintenance window", id);

    /// <summary>
    /// Checks and stores a new window (400 naming each bad field, nothing stored); this instance holds pages by it at once.
    /// A window holds only the pages of incidents opened while it runs: the open, unacknowledged incidents it would cover
    /// already (<see cref="OpenMatchesAsync"/>) go on paging. They are returned, for the planner to see, and each gets a
    /// timeline row saying so (<see cref="TimelineTexts.MaintenanceNotHeld"/>); a row that cannot be written is logged.
    /// </summary>
    public async Task<PlannedMaintenance> PlanAsync(MaintenanceRequest request, string by, CancellationToken cancellationToken)
    {
        var planned = await StoreAsync(request, by, cancellationToken);
        var window = planned.Value;
        IReadOnlyList<MaintenanceMatch> matches = [];
        try
        {
            matches = (await OpenMatchesAsync([window], cancellationToken))[window.Id];
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Maintenance {WindowId}: looking for open incidents it would cover failed", window.Id);
            return new PlannedMaintenance(window, planned.ETag, matches);
        }

        var now = time.GetUtcNow();
        if (window.HoldOpen)
        {
            // Opted in: held while it runs (from its start: a planned one holds them when the escalation run sees it begun).
            if (window.IsActiveAt(now))
            {
                matches = await HoldOpenAsync(window, matches, window.CreatedBy, cancellationToken);
            }

            return new PlannedMaintenance(window, planned.ETag, matches);
        }

        foreach (var match in matches)
        {
            try
            {
                await incidents.AppendTimelineAsync(match.Id, [new TimelineEntry
                {
                    At = now,
                    Kind = TimelineKind.MaintenanceNotHeld,
                    By = "system",
                    Message = string.Format(System.Globalization.CultureInfo.InvariantCulture, TimelineTexts.MaintenanceNotHeld, window.Id, window.Title),
                }], cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Maintenance {WindowId}: noting on {IncidentId} that its pages go on failed", window.Id, match.Id);
            }
        }

        if (matches.Count > 0)
        {
            logger.LogWarning("Maintenance {WindowId} covers {IncidentIds}, open before it: their pages go on", window.Id, string.Join(", ", matches.Select(m => m.Id)));
        }

        return new PlannedMaintenance(window, planned.ETag, matches);
    }

    /// <summary>
    /// For each of <paramref name="windows"/> not over yet, the open incidents it would cover but does not hold: opened by monitoring,
    /// unacknowledged, not held by any window now, and every firing alert they track in its scope (<see cref="MaintenanceWindow.WouldCover"/>).
    /// Their pages go on. One read of the open list, and one of the alerts of each incident of a source some window names.
    /// Every window id is listed (none: an empty list), by incident id.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<MaintenanceMatch>>> OpenMatchesAsync(IReadOnlyList<MaintenanceWindow> windows, CancellationToken cancellationToken)
    {
        var result = windows.DistinctBy(w => w.Id).ToDictionary(w => w.Id, _ => (IReadOnlyList<MaintenanceMatch>)[], StringComparer.Ordinal);
        var now = time.GetUtcNow();
        var current = windows.Where(w => w.Until > now).DistinctBy(w => w.Id).ToList();
        if (current.Count == 0)
        {
            return result;
        }

        var candidates = (await incidents.ListBoardAsync(now, cancellationToken))
            .Where(i => i.IsOpen && !i.IsAcknowledged && i.MergedInto is null && AlertSources.IsKnown(i.Source) && !i.PagesHeldAt(now))
            .OrderBy(i => i.Id, StringComparer.Ordinal)
            .ToList();
        var firing = new Dictionary<string, IReadOnlyList<TrackedAlert>>(StringComparer.Ordinal);
        foreach (var window in current)
        {
            var matches = new List<MaintenanceMatch>();
            // One it held (and released: ended early, an alert it does not cover) is not open before it.
            foreach (var incident in candidates.Where(i => (window.Sources.Count == 0 || window.Sources.Contains(i.Source, StringComparer.Ordinal))
                                                          && !string.Equals(i.PagesHeldBy, window.Id, StringComparison.Ordinal)))
            {
                if (!firing.TryGetValue(incident.Id, out var alerts))
                {
                    alerts = [.. (await incidents.GetAlertsAsync(incident.Id, cancellationToken)).Select(a => a.Value).Where(a => a.Status == AlertStatus.Firing)];
                    firing[incident.Id] = alerts;
                }

                if (alerts.Count > 0 && alerts.All(a => window.WouldCover(incident.Source, a.Severity, a.Labels)))
                {
                    matches.Add(new MaintenanceMatch(incident.Id, incident.Title, incident.Severity, incident.IsAcknowledged));
                }
            }

            result[window.Id] = matches;
        }

        return result;
    }

    /// <summary>
    /// <c>holdOpen</c> asked for on a window planned without it (the maintenance page's 「当てはまる対応中の障害も止める」, the API's
    /// <c>PATCH</c> <c>{"holdOpen":true}</c>): the window is marked so, as if planned with it. Running, it holds its open matches now
    /// by the path planning takes (<see cref="HoldOpenAsync(MaintenanceWindow, IReadOnlyList{MaintenanceMatch}, string, CancellationToken)"/>:
    /// escalation paused until it ends, a row on each naming <paramref name="by"/>); planned ahead, it holds what is open when it
    /// begins. Returns the window and the open matches looked at, those held marked (resolved or acknowledged meanwhile: not
    /// listed, nothing done). Repeating it changes nothing (what it holds is no open match); 400 for a window over.
    /// </summary>
    public async Task<(Versioned<MaintenanceWindow> Window, IReadOnlyList<MaintenanceMatch> Matches)> HoldOpenMatchesAsync(string id, string by, CancellationToken cancellationToken)
    {
        var window = await ChangeAsync(id, (w, now) =>
        {
            if (w.Until <= now)
            {
                throw new ValidationException("holdOpen", $"cannot be changed: {w.Id} is over (plan a new window)");
            }

            return w.HoldOpen ? null : w with { HoldOpen = true };
        }, cancellationToken);
        var matches = (await OpenMatchesAsync([window.Value], cancellationToken))[window.Value.Id];
        if (!window.Value.IsActiveAt(time.GetUtcNow()))
        {
            return (window, matches);
        }

        logger.LogInformation("Maintenance {WindowId}: {By} asked to hold the open incidents it covers", id, by);
        return (window, await HoldOpenAsync(window.Value, matches, by, cancellationToken));
    }

    /// <summary>
    /// A window with <c>holdOpen</c> that runs: pauses the escalation of <paramref name="matches"/> (open before it, paged
    /// already) until it ends (<see cref="Incident.HoldOpenPages"/>), a row on each naming who asked (<paramref name="by"/>). Returns
    /// the matches, those held marked; one that cannot be held now is logged and left paging (a page too many, never one missing),
    /// and the next escalation run within the window's first minutes tries again.
    /// </summary>
    private async Task<IReadOnlyList<MaintenanceMatch>> HoldOpenAsync(MaintenanceWindow window, IReadOnlyList<MaintenanceMatch> matches, string by, CancellationToken cancellationToken)
    {
        var result = new List<MaintenanceMatch>();
        foreach (var match in matches)
        {
            var held = false;
            try
            {
                var now = time.GetUtcNow();
                var saved = await incidents.MutateAsync(match.Id, i => i.HoldOpenPages(window, by, now, options.Value.AckTimeouts), cancellationToken);
                held = string.Equals(saved.Value.PagesHeldBy, window.Id, StringComparison.Ordinal) && saved.Value.PagesHeldAt(now);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Maintenance {WindowId}: holding the pages of {IncidentId}, open before it, failed; its pages go on", window.Id, match.Id);
            }

            result.Add(match with { Held = held });
        }

        if (result.Any(m => m.Held))
        {
            logger.LogWarning("Maintenance {WindowId} holds {IncidentIds}, open before it, as {By} asked", window.Id,
                string.Join(", ", result.Where(m => m.Held).Select(m => m.Id)), by);
        }

        return result;
    }

    /// <summary>
    /// Sets (or, blank, clears) what customers will notice of the window (<see cref="MaintenanceWindow.CustomerImpact"/>): the page's
    /// 「メンテナンスのお知らせ」 draft follows it. 400 for text too long or with control characters, or a window over; the same text changes nothing.
    /// </summary>
    public async Task<Versioned<MaintenanceWindow>> SetCustomerImpactAsync(string id, string? impact, string by, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var checkedImpact = MaintenanceWindow.CheckCustomerImpact(errors, impact);
        errors.ThrowIfAny();
        var window = await ChangeAsync(id, (w, now) =>
        {
            if (w.Until <= now)
            {
                throw new ValidationException("customerImpact", $"cannot be changed: {w.Id} is over (plan a new window)");
            }

            return string.Equals(w.CustomerImpact, checkedImpact, StringComparison.Ordinal) ? null : w with { CustomerImpact = checkedImpact };
        }, cancellationToken);
        logger.LogInformation("Maintenance {WindowId}: customer impact set by {By}", id, by);
        return window;
    }

    /// <summary>How long after its start the escalation run still looks for open incidents a <c>holdOpen</c> window should hold.</summary>
    public static readonly TimeSpan HoldOpenGrace = TimeSpan.FromMinutes(10);

    private async Task<Versioned<MaintenanceWindow>> StoreAsync(MaintenanceRequest request, string by, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var window = MaintenanceWindow.Plan(request, MaintenanceWindow.NewId(), by, time.GetUtcNow());
            try
            {
                var etag = await store.AddAsync(window, cancellationToken);
                calendar.Forget();
                logger.LogInformation("Maintenance {WindowId} planned by {By}: {Title}, {From} to {To}", window.Id, by, window.Title, window.From, window.To);
                await TellChannelAsync(window, MaintenanceEvent.Planned, 0, "planned", cancellationToken);
                return new Versioned<MaintenanceWindow>(window, etag);
            }
            catch (ConcurrencyException) when (attempt < 3)
            {
                // Two random ids alike: another one.
            }
        }
    }

    /// <summary>
    /// Ends the window now (one not begun yet is cancelled) and releases the incidents it holds: their first page goes out now.
    /// Repeating it releases any the last attempt left held and changes nothing else. Returns the window and the incidents
    /// released. An incident that cannot be released now stays held: the next escalation run releases it
    /// (<see cref="ReleaseEndedAsync"/>); the call then answers 503 for the caller's retry.
    /// </summary>
    public async Task<(Versioned<MaintenanceWindow> Window, IReadOnlyList<string> Released)> EndAsync(string id, string by, CancellationToken cancellationToken)
    {
        var window = await ChangeAsync(id, (w, now) => w.Until <= now ? null : w with { EndedAt = now, EndedBy = by }, cancellationToken);
        logger.LogInformation("Maintenance {WindowId} ended by {By} at {Until}", id, by, window.Value.Until);
        var released = await ReleaseAsync(await HeldByAsync([window.Value.Id], cancellationToken), by, cancellationToken);
        if (window.Value.EndedAt is not null)
        {
            // Ended by a person (now or by an earlier attempt of this call): told once, with what the first release paged.
            var cancelled = window.Value.Until < window.Value.From;
            await TellChannelAsync(window.Value, cancelled ? MaintenanceEvent.Cancelled : MaintenanceEvent.Ended, released.Count, cancelled ? "cancelled" : "ended", cancellationToken);
        }

        return (window, released);
    }

    /// <summary>
    /// Releases one held incident now (<paramref name="by"/> names who): its first page goes out at once (the next escalation run
    /// sends it if this call cannot), and the window goes on holding the others. Repeating it changes nothing (released false).
    /// 409 for an incident no window holds, or one resolved or acknowledged.
    /// </summary>
    public async Task<(Versioned<Incident> Incident, bool Released)> ReleaseOneAsync(string incidentId, string by, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var current = await incidents.GetAsync(incidentId, cancellationToken) ?? throw new NotFoundException("incident", incidentId);
        if (!current.Value.PagesHeldAt(now))
        {
            if (current.Value is { IsOpen: true, PagesHeldBy: not null, PagesHeldUntil: { } until } && until <= now)
            {
                // Released already (by this call before, the window's end, or an alert it does not cover): nothing more.
                return (current, false);
            }

            throw new ConflictException("id", $"the pages of incident {current.Value.Id} are not held by a maintenance window");
        }

        var window = current.Value.PagesHeldBy!;
        var saved = await incidents.MutateAsync(current.Value.Id, i => i.ReleasePages(window, by, now, TimelineTexts.PagesReleasedByHand), cancellationToken);
        var released = !saved.Value.PagesHeldAt(now);
        if (released)
        {
            logger.LogWarning("{By} released {IncidentId} from maintenance {WindowId}: its pages go out now", by, saved.Value.Id, window);
            try
            {
                await pager.NotifyDueAsync(saved.Value.Id, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Released and stored: the next escalation run sends the first page, as it does at the window's end.
                logger.LogError(ex, "The first page of {IncidentId} after its release failed; the next escalation run sends it", saved.Value.Id);
            }
        }

        return (saved, released);
    }

    /// <summary>
    /// Moves the window's end to <paramref name="to"/> (later or earlier, not before now): the incidents it holds are held until the
    /// new end. 400 for a window already over, or an end not after its start, in the past, or more than 7 days after its start.
    /// Returns the window and the incidents whose hold moved.
    /// </summary>
    public async Task<(Versioned<MaintenanceWindow> Window, IReadOnlyList<string> Changed)> MoveEndAsync(string id, DateTimeOffset to, string by, CancellationToken cancellationToken)
    {
        var window = await ChangeAsync(id, (w, now) =>
        {
            var errors = new ValidationErrors();
            errors.When(w.Until <= now, "to", $"cannot be changed: {w.Id} is over (plan a new window)");
            errors.When(to <= now, "to", "must be in the future");
            errors.When(to <= w.From, "to", "must be after from");
            errors.When(to - w.From > MaintenanceWindow.MaxLength, "to", $"must be at most {MaintenanceWindow.MaxLength.TotalDays:0} days after from");
            errors.ThrowIfAny();
            return to == w.To ? null : w with { To = to };
        }, cancellationToken);
        logger.LogInformation("Maintenance {WindowId}: end moved to {To} by {By}", id, window.Value.To, by);
        var now = time.GetUtcNow();
        var changed = new List<string>();
        foreach (var held in await HeldByAsync([window.Value.Id], cancellationToken))
        {
            var saved = await incidents.MutateAsync(held.Id, i => i.MoveHold(window.Value.Id, window.Value.Until, now, options.Value.Zone), cancellationToken);
            if (saved.Value.PagesHeldUntil == window.Value.Until)
            {
                changed.Add(held.Id);
            }
        }

        // Shortened: what it holds is due at the new end, and the escalation run sends it then.
        await TellChannelAsync(window.Value, MaintenanceEvent.Moved, 0, $"moved:{window.Value.To.UtcTicks}", cancellationToken);
        return (window, changed);
    }

    /// <summary>
    /// The escalation run's part: an incident held longer than its window now runs (the window ended early or was shortened
    /// through another instance a moment after this one held the incident by its copy of before, or a release that failed) is
    /// released, or held until the window's end as it now stands. One query of the windows; the open incidents' summaries are
    /// read only while a window runs or ended within the last day. The channel hears here of a window that began or ended by
    /// itself (<see cref="TellBeganAndFinishedAsync"/>).
    /// </summary>
    public async Task<IReadOnlyList<string>> ReleaseEndedAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var windows = (await store.ListAsync(cancellationToken)).Select(v => v.Value).Where(w => w.From <= now && w.Until > now - TimeSpan.FromDays(1))
            .ToDictionary(w => w.Id, StringComparer.Ordinal);
        if (windows.Count == 0)
        {
            return [];
        }

        // A holdOpen window planned ahead holds what is open at its start (within its first minutes, so a failed run is retried).
        var begun = windows.Values.Where(w => w.HoldOpen && w.IsActiveAt(now) && w.From > now - HoldOpenGrace).ToList();
        if (begun.Count > 0)
        {
            var matches = await OpenMatchesAsync(begun, cancellationToken);
            foreach (var window in begun)
            {
                await HoldOpenAsync(window, matches[window.Id], window.CreatedBy, cancellationToken);
            }
        }

        var outlived = (await HeldByAsync([.. windows.Keys], cancellationToken))
            .Select(i => (Incident: i, Until: windows[i.PagesHeldBy!].Until))
            .Where(x => x.Until < x.Incident.PagesHeldUntil)
            .ToList();
        foreach (var (shortened, until) in outlived.Where(x => x.Until > now))
        {
            await incidents.MutateAsync(shortened.Id, i => i.MoveHold(shortened.PagesHeldBy!, until, now, options.Value.Zone), cancellationToken);
        }

        // Before the releases, which throw when one fails: the channel hears of starts and ends either way.
        await TellBeganAndFinishedAsync(windows.Values, now, cancellationToken);
        return await ReleaseAsync([.. outlived.Where(x => x.Until <= now).Select(x => x.Incident)], "system", cancellationToken);
    }

    /// <summary>Drops windows over for longer than <see cref="EndedKept"/>.</summary>
    public Task<int> PruneAsync(CancellationToken cancellationToken) => store.PruneAsync(time.GetUtcNow() - EndedKept, cancellationToken);

    /// <summary>
    /// Queues the channel's card for <paramref name="event"/> under an id of its own (<paramref name="key"/>), so a repeated call
    /// queues nothing twice. A card that cannot be queued is logged, not thrown: the window is stored and holds pages either
    /// way, and a retry of the request would plan a second one.
    /// </summary>
    private async Task TellChannelAsync(MaintenanceWindow window, MaintenanceEvent @event, int paged, string key, CancellationToken cancellationToken)
    {
        try
        {
            await QueueCardAsync(window, @event, paged, 0, key, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Maintenance {WindowId}: telling the channel it was {Event} failed", window.Id, @event);
        }
    }

    /// <summary>The card of <see cref="TellChannelAsync"/>, queued under <c>maintenance:{id}:{key}:teams</c>; throws when it cannot be queued.</summary>
    private async Task QueueCardAsync(MaintenanceWindow window, MaintenanceEvent @event, int paged, int held, string key, CancellationToken cancellationToken)
    {
        if (!teams.Enabled)
        {
            return;
        }

        var baseUrl = team.Value.BaseUrl ?? Pager.DefaultBaseUrl;
        var card = renderer.Card(new MaintenanceNotice(team.Value.TeamLanguage, window, @event, paged, options.Value.TimeZone, $"{baseUrl}/api/status/maintenance")
        {
            Names = await NamesAsync([window.CreatedBy, window.EndedBy], cancellationToken),
            Held = held,
        });
        await outbox.EnqueueAsync([OutboxMessage.ForTeams($"maintenance:{window.Id}:{key}", card)], cancellationToken);
    }

    /// <summary>
    /// The escalation run's word to the channel on the windows whose start or end came by itself (a person's end or cancel was
    /// told as it happened): 【メンテナンス・実施中】 for one planned ahead that has begun, 【メンテナンス・完了】 for one whose end
    /// came, with how many incidents it held to its end and how many of those, still unanswered, the escalation run pages right after
    /// this (all in one page, as it sends steps due together; the card says 「当番に連絡します」). Each once: under its own outbox id
    /// (<c>maintenance:{id}:began:teams</c>, <c>…:finished:teams</c>), then marked on the window (<see cref="MaintenanceWindow.BeganToldAt"/>,
    /// <see cref="MaintenanceWindow.FinishedToldAt"/>) so later runs, on any instance, pass it by. One that fails is logged and
    /// tried again by the next run. The timer down at the start or end: said late, up to <see cref="ToldLateGrace"/> after it
    /// (the card names its period, so late is not misleading); after that it is logged and left unsaid: an hour-old 完了 is the
    /// morning's news, and a deploy must not post a card for every window of the last day.
    /// </summary>
    private async Task TellBeganAndFinishedAsync(IReadOnlyCollection<MaintenanceWindow> windows, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!teams.Enabled)
        {
            return;
        }

        foreach (var window in windows.Where(w => w.PlannedAhead && w.BeganToldAt is null && w.IsActiveAt(now)))
        {
            if (now - window.From > ToldLateGrace)
            {
                logger.LogWarning("Maintenance {WindowId} began at {From}, over {Grace} ago: the channel is not told now", window.Id, window.From, ToldLateGrace);
                continue;
            }

            try
            {
                await QueueCardAsync(window, MaintenanceEvent.Began, 0, 0, "began", cancellationToken);
                await ChangeAsync(window.Id, (w, _) => w.BeganToldAt is null ? w with { BeganToldAt = now } : null, cancellationToken);
                logger.LogInformation("Maintenance {WindowId} began: the channel is told", window.Id);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Maintenance {WindowId}: telling the channel it began failed; the next escalation run tries again", window.Id);
            }
        }

        var finished = windows.Where(w => w.FinishedAt(now) && w.FinishedToldAt is null).ToList();
        if (finished.Count == 0)
        {
            return;
        }

        IReadOnlyList<Incident> board = [];
        foreach (var window in finished)
        {
            if (now - window.Until > ToldLateGrace)
            {
                logger.LogWarning("Maintenance {WindowId} ended at {Until}, over {Grace} ago: the channel is not told now", window.Id, window.Until, ToldLateGrace);
                continue;
            }

            try
            {
                board = board.Count > 0 ? board : await incidents.ListBoardAsync(now, cancellationToken);
                // Held to its end: those it still held then (paged now), and those resolved or taken while it held them. One released
                // before (by hand, or an alert it does not cover) was paged then.
                var held = board.Where(i => i.MergedInto is null && string.Equals(i.PagesHeldBy, window.Id, StringComparison.Ordinal) && i.PagesHeldUntil == window.Until).ToList();
                // Paged by this run's escalation, right after (together, as one page when several: not one each from here).
                var paged = held.Where(i => (i.IsOpen || i.ClosedAt >= window.Until) && (i.AcknowledgedAt is null || i.AcknowledgedAt >= window.Until)).ToList();
                await QueueCardAsync(window, MaintenanceEvent.Finished, paged.Count, held.Count, "finished", cancellationToken);
                await ChangeAsync(window.Id, (w, _) => w.FinishedToldAt is null ? w with { FinishedToldAt = now } : null, cancellationToken);
                logger.LogInformation("Maintenance {WindowId} ended at {Until}: the channel is told ({Held} held, {Paged} paged)", window.Id, window.Until, held.Count, paged.Count);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Maintenance {WindowId}: telling the channel it ended failed; the next escalation run tries again", window.Id);
            }
        }
    }

    /// <summary>How late the escalation run still tells the channel a window began or ended by itself (<see cref="TellBeganAndFinishedAsync"/>).</summary>
    public static readonly TimeSpan ToldLateGrace = TimeSpan.FromHours(1);

    /// <summary>
    /// The display names of those of <paramref name="ids"/> who are members (a person's typed name is no member's id); the card
    /// still goes out, showing ids, when the roster cannot be read.
    /// </summary>
    private async Task<IReadOnlyDictionary<string, string>> NamesAsync(IEnumerable<string?> ids, CancellationToken cancellationToken)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            foreach (var id in ids.OfType<string>().Where(id => id.Length > 0).Distinct(StringComparer.Ordinal))
            {
                if (await roster.GetMemberAsync(id, cancellationToken) is { } member)
                {
                    names[id] = member.Value.DisplayName;
                }
            }
        }
        catch (DependencyUnavailableException ex)
        {
            logger.LogWarning("Reading the roster for the maintenance card's names failed; showing ids: {Error}", ex.Message);
        }

        return names;
    }

    private async Task<Versioned<MaintenanceWindow>> ChangeAsync(string id, Func<MaintenanceWindow, DateTimeOffset, MaintenanceWindow?> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var current = await GetAsync(id, cancellationToken);
            if (change(current.Value, time.GetUtcNow()) is not { } changed)
            {
                return current;
            }

            try
            {
                var etag = await store.ReplaceAsync(changed, current.ETag, cancellationToken);
                calendar.Forget();
                return new Versioned<MaintenanceWindow>(changed, etag);
            }
            catch (ConcurrencyException) when (attempt < MaxAttempts)
            {
                // Changed by someone else meanwhile: decide again on what it is now.
            }
        }
    }

    /// <summary>
    /// For the maintenance page (one read of the open list): the incidents each of <paramref name="ids"/> holds because it was
    /// planned with <c>holdOpen</c> (open before it), and whether any open, unacknowledged incident monitoring opened exists (the
    /// plan form offers <c>holdOpen</c> only then).
    /// </summary>
    public async Task<(IReadOnlyDictionary<string, IReadOnlyList<MaintenanceMatch>> HeldOpen, bool OpenIncidents)> HeldOpenAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var board = await incidents.ListBoardAsync(now, cancellationToken);
        var held = ids.Distinct(StringComparer.Ordinal).ToDictionary(
            id => id,
            id => (IReadOnlyList<MaintenanceMatch>)[.. board.Where(i => i.PagesHeldFromStep is not null && string.Equals(i.PagesHeldBy, id, StringComparison.Ordinal) && i.PagesHeldAt(now))
                .OrderBy(i => i.Id, StringComparer.Ordinal)
                .Select(i => new MaintenanceMatch(i.Id, i.Title, i.Severity, false) { Held = true })],
            StringComparer.Ordinal);
        return (held, board.Any(i => i.IsOpen && !i.IsAcknowledged && i.MergedInto is null && AlertSources.IsKnown(i.Source)));
    }

    /// <summary>The ids of the open incidents whose pages the window holds right now (one query of the open list).</summary>
    public async Task<IReadOnlyList<string>> HoldingAsync(string id, CancellationToken cancellationToken) =>
        [.. (await HeldByAsync([id], cancellationToken)).Select(i => i.Id).Order(StringComparer.Ordinal)];

    /// <summary>
    /// The open incidents each window holds right now (every id listed, none: empty; one query of the open list for all), most severe first, then by id: the maintenance
    /// page's row names them, linked, a held SEV1 or SEV2 marked (trial 55: 「保留中の障害：2件」 said neither which nor how bad).
    /// </summary>
    public async Task<Dictionary<string, IReadOnlyList<MaintenanceMatch>>> HoldingMatchesAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        var held = await HeldByAsync(ids, cancellationToken);
        return ids.Distinct(StringComparer.Ordinal).ToDictionary(
            id => id,
            id => (IReadOnlyList<MaintenanceMatch>)[.. held.Where(i => i.PagesHeldBy == id).OrderBy(i => i.Severity).ThenBy(i => i.Id, StringComparer.Ordinal)
                .Select(i => new MaintenanceMatch(i.Id, i.Title, i.Severity, false) { Held = true })],
            StringComparer.Ordinal);
    }

    private async Task<IReadOnlyList<Incident>> HeldByAsync(IReadOnlyList<string> windowIds, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var board = await incidents.ListBoardAsync(now, cancellationToken);
        return [.. board.Where(i => i.PagesHeldBy is { } by && windowIds.Contains(by, StringComparer.Ordinal) && i.PagesHeldAt(now))];
    }

    /// <summary>Releases the pages of <paramref name="heldIncidents"/> (as the open list gave them) now, and pages each; returns those released.</summary>
    private async Task<IReadOnlyList<string>> ReleaseAsync(IReadOnlyList<Incident> heldIncidents, string by, CancellationToken cancellationToken)
    {
        var released = new List<string>();
        var failed = new List<(string Id, Exception Error)>();
        foreach (var held in heldIncidents)
        {
            try
            {
                var now = time.GetUtcNow();
                var saved = await incidents.MutateAsync(held.Id, i => i.ReleasePages(held.PagesHeldBy!, by, now), cancellationToken);
                if (!saved.Value.PagesHeldAt(now))
                {
                    released.Add(held.Id);
                    await pager.NotifyDueAsync(held.Id, cancellationToken);
                }
            }
            catch (Exception ex) when (ex is not (OperationCanceledException or NotFoundException))
            {
                failed.Add((held.Id, ex));
            }
        }

        if (released.Count > 0)
        {
            logger.LogWarning(
                "Maintenance {WindowIds} ended early: the pages of {IncidentIds} go out now",
                string.Join(", ", heldIncidents.Select(i => i.PagesHeldBy).Distinct(StringComparer.Ordinal)), string.Join(", ", released));
        }

        if (failed.Count > 0)
        {
            throw new DependencyUnavailableException("Incident storage", new AggregateException(
                $"releasing the pages of {string.Join(", ", failed.Select(f => f.Id))} failed; the next escalation run retries", failed.Select(f => f.Error)));
        }

        return released;
    }
}

/// <summary>A window just planned, with the open incidents it would cover but does not hold (their pages go on).</summary>
public sealed record PlannedMaintenance(MaintenanceWindow Value, string ETag, IReadOnlyList<MaintenanceMatch> OpenMatches);

/// <summary>
/// An open incident a window would cover had it opened during it: its pages go on (acknowledged: false, as listed), unless the
/// window was planned with <c>holdOpen</c> and held it (<see cref="Held"/>, set by planning a running window).
/// </summary>
public sealed record MaintenanceMatch(string Id, string Title, AlertSeverity Severity, bool Acknowledged)
{
    public bool Held { get; init; }
}
