using System.Security.Cryptography;
using System.Runtime.ExceptionServices;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnDuty.Core.Common;
using OnDuty.Core.Comms;
using OnDuty.Core.Team;

namespace OnDuty.Core.Incidents;

/// <summary>Use cases for people: open, list, read, update and acknowledge incidents.</summary>
public sealed partial class IncidentService(
    IIncidentRepository incidents,
    IRosterRepository roster,
    Pager pager,
    TimeProvider time,
    IOptions<IncidentOptions> options,
    ILogger<IncidentService> logger,
    StakeholderNotifier stakeholders,
    FiringGroupCache firing,
    Retros.IRetroRepository retros,
    IncidentFollowing? following = null)
{
    /// <summary>The year list's default page size; <see cref="MaxPageSize"/> at most.</summary>
    public const int MaxListed = 200;

    public const int MaxPageSize = 1000;

    /// <summary>The default number of timeline rows a detail view shows (alert repeats, summarised, not counted).</summary>
    public const int TimelinePageSize = 100;

    /// <summary>
    /// The record, its alerts and the newest <paramref name="timelinePageSize"/> timeline rows (a storm grows the timeline by
    /// thousands of repeats an hour: those are summarised per alert); <paramref name="timelineContinuationToken"/> pages back.
    /// </summary>
    public async Task<IncidentDetails> GetAsync(string id, CancellationToken cancellationToken, int timelinePageSize = TimelinePageSize, string? timelineContinuationToken = null)
    {
        var incident = await incidents.GetAsync(id, cancellationToken) ?? throw new NotFoundException("Incident", id);
        var alerts = incidents.GetAlertsAsync(id, cancellationToken);
        var timeline = incidents.GetTimelinePageAsync(id, timelinePageSize, timelineContinuationToken, cancellationToken);
        var page = await timeline;
        IReadOnlyList<TrackedAlert> tracked = [.. (await alerts).Select(a => a.Value)];
        return new IncidentDetails(incident, tracked, page.Entries, page.Repeats, page.ContinuationToken)
        {
            AlertsResolvedLeftToPerson = options.Value.AlertsResolvedLeftToPerson(incident.Value, tracked),
        };
    }

    /// <summary>Open incidents, newest first: one query of the open index's summaries.</summary>
    public async Task<IReadOnlyList<Incident>> ListOpenAsync(CancellationToken cancellationToken) =>
        [.. (await incidents.ListBoardAsync(time.GetUtcNow(), cancellationToken)).Where(i => i.IsOpen).OrderByDescending(i => i.DetectedAt)
            .ThenByDescending(i => i.Id.Length).ThenByDescending(i => i.Id, StringComparer.Ordinal)]; // detected at the same instant: the later id first

    /// <summary>
    /// Open incidents no person has acknowledged yet, newest first (the open list's one query): one only a monitoring tool acknowledged
    /// is among them — nobody on duty took it, and a person may (「まとめて対応する」, an SMS reply, acknowledge-many without ids).
    /// </summary>
    public async Task<IReadOnlyList<Incident>> ListUnacknowledgedAsync(CancellationToken cancellationToken) =>
        [.. (await ListOpenAsync(cancellationToken)).Where(i => !i.AcknowledgedByPerson)];

    /// <summary>The incident's record alone (one point read): for views that show no alerts or timeline, like the ack page.</summary>
    public async Task<Versioned<Incident>> GetRecordAsync(string id, CancellationToken cancellationToken) =>
        await incidents.GetAsync(id, cancellationToken) ?? throw new NotFoundException("Incident", id);

    /// <summary>
    /// Incidents of <paramref name="year"/> (default: this year in the team's zone), newest first, a page at a time, optionally
    /// only open or resolved (filtered within the page: a page may hold fewer than <paramref name="pageSize"/>). Open ones
    /// without a year come from the open index, all in one answer.
    /// </summary>
    public async Task<IncidentPage> ListAsync(bool? open, int? year, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        if (open == true && year is null)
        {
            return new IncidentPage(await ListOpenAsync(cancellationToken), null);
        }

        var y = year ?? TimeZoneInfo.ConvertTime(time.GetUtcNow(), options.Value.Zone).Year;
        var page = await incidents.ListYearAsync(y, pageSize, continuationToken, cancellationToken);
        return page with { Items = [.. page.Items.Where(i => open is null || i.IsOpen == open)] };
    }

    /// <summary>How far back the status page lists resolved incidents.</summary>
    public static readonly TimeSpan StatusBoardResolvedWindow = TimeSpan.FromDays(7);

    /// <summary>
    /// The status page: open incidents and those resolved within <see cref="StatusBoardResolvedWindow"/>, newest first, each
    /// with when a person last said something about it. One query of the open index's summaries; only a record stored before
    /// the record kept that (<see cref="Incident.LastPersonUpdateKnown"/>) has its timeline read.
    /// </summary>
    public async Task<IReadOnlyList<StatusBoardEntry>> StatusBoardAsync(CancellationToken cancellationToken)
    {
        var listed = await incidents.ListBoardAsync(time.GetUtcNow(), cancellationToken);
        var entries = new List<StatusBoardEntry>();
        // A duplicate merged into another is not shown: "resolved" would read as fixed while the outage goes on under the other.
        foreach (var incident in listed.Where(i => i.MergedInto is null).OrderByDescending(i => i.DetectedAt))
        {
            var last = incident.LastPersonUpdateKnown ? incident.LastPersonUpdate : await LastPersonUpdateAsync(incident.Id, cancellationToken);
            // Every person's resolve is their update at that instant: one that predates the resolve means monitoring resolved it.
            var auto = incident is { IsOpen: false, ClosedAt: { } resolved } && !(last?.At >= resolved) ? resolved : (DateTimeOffset?)null;
            entries.Add(new StatusBoardEntry(incident, last?.At ?? incident.DetectedAt, last?.Message) { AutoResolvedAt = auto, NobodyUpdated = last is null });
        }

        return entries;
    }

    /// <summary>
    /// Opens an incident by hand, assigns the current duty members and pages them. With an Idempotency-Key a
    /// repeated request returns the incident the first one made (Created = false). <paramref name="declarerFollows"/> (the declare
    /// form): the declarer, a roster member, follows it from the notice after its first.
    /// </summary>
    public async Task<(Versioned<Incident> Incident, bool Created)> CreateAsync(
        NewIncident details, string by, string? idempotencyKey, CancellationToken cancellationToken, bool declarerFollows = false)
    {
        var key = idempotencyKey is null ? null : RequestKey("create", idempotencyKey);
        if (key is not null && await incidents.GetCreateRequestAsync(key, cancellationToken) is { } earlier)
        {
            return (await EnsureCreatedAsync(earlier, details, by, cancellationToken), false);
        }

        var now = time.GetUtcNow();

        // Validates before an id is spent.
        Incident.Open("INC-0000-0000", details, [], by, now);
        var id = await incidents.AllocateIdAsync(YearOf(now), cancellationToken);
        if (key is not null && !await incidents.TryBindCreateRequestAsync(key, id, cancellationToken))
        {
            var winner = await incidents.GetCreateRequestAsync(key, cancellationToken) ?? throw new ContentionException("Idempotency-Key is being used by another request that has not finished; retry.");
            return (await EnsureCreatedAsync(winner, details, by, cancellationToken), false);
        }

        var created = await EnsureCreatedAsync(id, details, by, cancellationToken, allocated: true);
        if (declarerFollows)
        {
            await FollowAsDeclarerAsync(created.Value.Id, by, cancellationToken);
        }

        return (created, true);
    }

    /// <summary>
    /// The declarer follows what they declared (a roster member: <see cref="IncidentFollowing.FollowAsDeclarerAsync"/>), from the notice
    /// after its first. Storage failing here does not undo the declaration: they can still press 「この障害をフォローする」.
    /// </summary>
    private async Task FollowAsDeclarerAsync(string id, string by, CancellationToken cancellationToken)
    {
        if (following is null)
        {
            return;
        }

        try
        {
            if (await following.FollowAsDeclarerAsync(id, by, cancellationToken))
            {
                logger.LogInformation("{By} follows {IncidentId}, which they declared", by, id);
            }
        }
        catch (DependencyUnavailableException ex)
        {
            logger.LogWarning("{By} declared {IncidentId} but could not be made its follower: {Error}", by, id, ex.Message);
        }
    }

    /// <summary>A status change and/or note. With <paramref name="ifMatch"/> only at that ETag; without, applied to the latest version.</summary>
    public async Task<Versioned<Incident>> PostUpdateAsync(string id, IncidentStatus? status, string? message, IncidentEdit? edit, string by, string? ifMatch, string? idempotencyKey, CancellationToken cancellationToken) =>
        await PostUpdateAsync(id, status, message, edit, by, ifMatch, idempotencyKey, null, cancellationToken)
        ?? throw new InvalidOperationException("An update without a shown version is always applied.");

    /// <summary>
    /// As <see cref="PostUpdateAsync(string, IncidentStatus?, string?, IncidentEdit?, string, string?, string?, CancellationToken)"/>
    /// (no If-Match), from a form shown after stakeholder notice <paramref name="shown"/> (<see cref="StaleUpdate.VersionOf"/>).
    /// When another person posted an update since — one the stakeholders are told of, a status change included —
    /// <see cref="StaleUpdateException"/> names the newest one and nothing is saved or sent (trial 33, H2: two PMs resolving at
    /// once sent two contradicting recovery notices). The same person's own updates, monitoring's resolve or reopen,
    /// acknowledgements and quiet corrections never make a form stale; a repeat of a request already applied
    /// (<paramref name="idempotencyKey"/>) is never refused.
    /// </summary>
    public async Task<Versioned<Incident>> PostUpdateShownAsync(string id, IncidentStatus? status, string? message, IncidentEdit? edit, string by, int shown, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var key = idempotencyKey is null ? null : RequestKey("update", idempotencyKey);
        for (var attempt = 1; ; attempt++)
        {
            var current = await incidents.GetAsync(id, cancellationToken) ?? throw new NotFoundException("Incident", id);
            var comms = current.Value.Comms;
            var since = comms.Issued - shown;
            if (since > 0 && (key is null || !await incidents.HasRequestKeyAsync(id, key, cancellationToken)))
            {
                // Each person's update issued one notice and wrote one update (or resolve) row: the newest of those since the page
                // was shown that another person posted, newest first.
                var other = (await incidents.GetUpdatesAsync(id, Math.Min(since, MaxStaleUpdateRows) + StaleUpdateRowsSlack, cancellationToken))
                    .Where(r => r.Kind is TimelineKind.Update or TimelineKind.Resolved && Incident.IsPerson(r.By))
                    .Take(since)
                    .FirstOrDefault(r => !string.Equals(r.By, by, StringComparison.Ordinal));
                if (other is not null)
                {
                    var told = comms.ToldAudiences.Count > 0 && comms.Queued >= comms.Issued;
                    throw new StaleUpdateException(id, new StaleUpdate(other.By!, other.At, other.Kind == TimelineKind.Resolved ? IncidentStatus.Resolved : other.Status, told));
                }
            }

            // Applied only while no other update came in after the ones checked; one that did is checked again.
            var saved = await PostUpdateAsync(id, status, message, edit, by, null, idempotencyKey, i => i.Comms.Issued == comms.Issued || attempt >= 3, cancellationToken);
            if (saved is not null)
            {
                return saved;
            }
        }
    }

    /// <summary>
    /// A resolve saying nothing more (no text, no detail) of an incident a person already reported recovered: nothing to record and
    /// nobody to tell again. Both PMs pressing 復旧済み at once sent the stakeholders a second recovery notice, or (the two notices made
    /// one) one saying only the bare resolve's words (session 57 trial). Monitoring's resolve still owes a person's recovery notice.
    /// </summary>
    private static bool ResolvedAgain(Incident incident, IncidentStatus? status, string? message, IncidentEdit? edit) =>
        status == IncidentStatus.Resolved && !incident.IsOpen && string.IsNullOrWhiteSpace(message) && edit is null
        && incident.ClosedAt is { } closed && incident.Comms.LastPersonUpdateAt >= closed;

    /// <summary>How many times an update first queues a notice another update left owed, before it is applied regardless.</summary>
    private const int MaxOwedNoticesFirst = 5;

    /// <summary>
    /// Queues the notice another update left owed (<see cref="StakeholderNotifier.NotifyDueAsync"/>) before this one is applied;
    /// false when that failed: it stays owed, as when that update's own queuing fails.
    /// </summary>
    private async Task<bool> QueueOwedNoticeAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            // The update that owes it is queuing it in its own request, most likely: a moment for it first, so the two requests do
            // not queue the same notice side by side; then this one queues it (that request failed, or is slow).
            for (var wait = 1; wait <= 4; wait++)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50 * wait), cancellationToken);
                if (await incidents.GetAsync(id, cancellationToken) is not { } now || now.Value.Comms.Queued >= now.Value.Comms.Issued)
                {
                    return true;
                }
            }

            await stakeholders.NotifyDueAsync(id, cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Incident {IncidentId}: the notice an earlier update owes could not be queued before the next update; they go as one", id);
            return false;
        }
    }

    /// <summary>Rows read beyond the updates counted (reopen rows, monitoring's resolve rows among them).</summary>
    private const int StaleUpdateRowsSlack = 10;

    /// <summary>How many of the newest update rows a stale form's check reads for the other person's update.</summary>
    private const int MaxStaleUpdateRows = 20;

    /// <summary>The update; null, nothing saved or sent, when <paramref name="asChecked"/> (no If-Match) says the record moved on.</summary>
    private async Task<Versioned<Incident>?> PostUpdateAsync(string id, IncidentStatus? status, string? message, IncidentEdit? edit, string by, string? ifMatch, string? idempotencyKey, Func<Incident, bool>? asChecked, CancellationToken cancellationToken)
    {
        var key = idempotencyKey is null ? null : RequestKey("update", idempotencyKey);
        var alsoTell = stakeholders.Comms.CheckAlsoTell(edit?.AlsoTell);
        var wasOpen = true;
        string? titleWas = null;
        Versioned<Incident> saved;
        if (ifMatch is not null && ifMatch != "*")
        {
            var current = await incidents.GetAsync(id, cancellationToken) ?? throw new NotFoundException("Incident", id);
            if (key is not null && await incidents.HasRequestKeyAsync(id, key, cancellationToken))
            {
                // A repeat of a request whose notice may not have been queued (it failed after saving): owed ones go now.
                await stakeholders.NotifyDueAsync(id, cancellationToken);
                return await incidents.GetAsync(id, cancellationToken) ?? current;
            }

            wasOpen = current.Value.IsOpen;
            titleWas = current.Value.Title;
            current.Value.PostUpdate(status, message, by, time.GetUtcNow(), AlsoTelling(current.Value, edit, alsoTell, status, message), options.Value.AckTimeouts);
            current.Value.IssueStakeholderNotice(time.GetUtcNow());
            var etag = await incidents.SaveAsync(current.Value, ifMatch, key, cancellationToken);
            current.Value.MarkStored();
            saved = new Versioned<Incident>(current.Value, etag);
        }
        else
        {
            var moved = false;
            for (var owedFirst = 1; ; owedFirst++)
            {
                var owed = false;
                saved = await incidents.MutateAsync(id, i =>
                {
                    if (asChecked is not null && !asChecked(i))
                    {
                        moved = true;
                        return false;
                    }

                    // An update saved a moment ago (the other PM's, at the same minute) whose notice is not queued yet: that notice goes
                    // first, under its own number and with its own words, then this update issues the next one. Applied over it, the
                    // two notices became one under the later number, saying only this update's words (session 57 trial: 第2報 never
                    // sent, the other PM's text lost to the stakeholders).
                    if (owedFirst <= MaxOwedNoticesFirst && i.Comms.Queued < i.Comms.Issued)
                    {
                        owed = true;
                        return false;
                    }

                    wasOpen = i.IsOpen;
                    titleWas = i.Title;
                    if (ResolvedAgain(i, status, message, edit))
                    {
                        return false;
                    }

                    i.PostUpdate(status, message, by, time.GetUtcNow(), AlsoTelling(i, edit, alsoTell, status, message), options.Value.AckTimeouts);
                    i.IssueStakeholderNotice(time.GetUtcNow());
                    return true;
                }, cancellationToken, key);
                if (!owed)
                {
                    break;
                }

                if (!await QueueOwedNoticeAsync(id, cancellationToken))
                {
                    owedFirst = MaxOwedNoticesFirst; // it stays owed (the timer queues it): this update goes on, told with it as before
                }
            }

            if (moved)
            {
                return null;
            }
        }

        await SyncOpenIndexAsync(saved.Value, wasOpen, cancellationToken);
        await RetitleRetroAsync(saved.Value, titleWas, cancellationToken);

        // Every update by a person tells the stakeholders (this path is the people's: form and API); a repeat of an
        // earlier request queues only a notice still owed. Failing here leaves the notice owed: the update cadence
        // timer queues it, and so does the client's retry. Neither tells the others a resolve's pages reached, so they are
        // told before the failure is answered (session 59: the partner was left untold for good).
        ExceptionDispatchInfo? noticeFailed = null;
        try
        {
            await stakeholders.NotifyDueAsync(id, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && wasOpen && !saved.Value.IsOpen)
        {
            noticeFailed = ExceptionDispatchInfo.Capture(ex);
        }

        // Recording the notice as queued changed the record: the caller gets the ETag it can update from next.
        saved = noticeFailed is null ? await incidents.GetAsync(id, cancellationToken) ?? saved : saved;
        if (wasOpen && !saved.Value.IsOpen)
        {
            await AnnounceResolvedAsync(saved.Value, by, message, cancellationToken);
        }

        noticeFailed?.Throw();

        if (!wasOpen && saved.Value.IsOpen && !saved.Value.IsAcknowledged)
        {
            // Reopened by a person: escalation restarts from step 0, paging whoever is on duty now.
            await pager.NotifyDueAsync(id, cancellationToken);
            return await incidents.GetAsync(id, cancellationToken) ?? saved;
        }

        return saved;
    }

    /// <summary>
    /// Resolved by <paramref name="by"/>: the others paged about it hear it is over (<see cref="Pager.AnnounceResolvedByHandAsync"/>).
    /// After the save and the stakeholders' notice: failing here is logged, and the update stands (the others see it on the page).
    /// </summary>
    private async Task AnnounceResolvedAsync(Incident resolved, string by, string? said, CancellationToken cancellationToken)
    {
        try
        {
            // A notice owed to an audience (queuing it failed) still goes, and to the channel: it hears the resolve from that one.
            var noticeOwed = resolved.Comms.Queued < resolved.Comms.Issued && stakeholders.Comms.NextNoticeAudiences(resolved).Count > 0;
            await pager.AnnounceResolvedByHandAsync(resolved, by, said, cancellationToken, noticeOwed);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Incident {IncidentId}: resolved by {By}, but telling the others paged about it failed", resolved.Id, by);
        }
    }

    /// <summary>
    /// The incident's title changed (<paramref name="was"/> it, null when unchanged or not read): its retro's action items are listed
    /// under the new one (session 39). After the incident's save, outside its transaction (another table): failing here leaves the
    /// old title in the list until the next change of title or save of the retro.
    /// </summary>
    private async Task RetitleRetroAsync(Incident saved, string? was, CancellationToken cancellationToken)
    {
        if (was is not null && !string.Equals(was, saved.Title, StringComparison.Ordinal))
        {
            await retros.RenameActionItemsIncidentAsync(saved.Id, saved.Title, saved.MergedInto, cancellationToken, saved.Confidential);
        }
    }

    /// <summary>
    /// A quiet correction of the details (<see cref="Incident.Correct"/>): stored with its timeline row, and nobody is told — no
    /// stakeholder notice is issued or queued, the update clock and its reminders stay as they were. With
    /// <paramref name="ifMatch"/> only at that ETag; a repeat of a request (<paramref name="idempotencyKey"/>) changes nothing more.
    /// </summary>
    public async Task<Versioned<Incident>> CorrectAsync(string id, IncidentEdit edit, string by, string? ifMatch, string? idempotencyKey, CancellationToken cancellationToken)
    {
        // The same keys as updates: one request to the same route, told or not, is applied once.
        var key = idempotencyKey is null ? null : RequestKey("update", idempotencyKey);
        if (ifMatch is null || ifMatch == "*")
        {
            string? titleWas = null;
            var corrected = await incidents.MutateAsync(id, i =>
            {
                titleWas = i.Title;
                return i.Correct(edit, by, time.GetUtcNow(), options.Value.AckTimeouts);
            }, cancellationToken, key);
            await RetitleRetroAsync(corrected.Value, titleWas, cancellationToken);
            return corrected;
        }

        var current = await incidents.GetAsync(id, cancellationToken) ?? throw new NotFoundException("Incident", id);
        if (key is not null && await incidents.HasRequestKeyAsync(id, key, cancellationToken))
        {
            return current;
        }

        if (current.ETag != ifMatch)
        {
            throw new ConcurrencyException($"Incident '{id}' has changed since ETag {ifMatch}; read it again and retry.");
        }

        var was = current.Value.Title;
        if (!current.Value.Correct(edit, by, time.GetUtcNow(), options.Value.AckTimeouts))
        {
            return current;
        }

        var etag = await incidents.SaveAsync(current.Value, ifMatch, key, cancellationToken);
        current.Value.MarkStored();
        await RetitleRetroAsync(current.Value, was, cancellationToken);
        logger.LogInformation("Incident {IncidentId} corrected by {By} without telling stakeholders", id, by);
        return new Versioned<Incident>(current.Value, etag);
    }

    /// <summary>
    /// Acknowledges for <paramref name="by"/>: escalation stops and the others are told. Repeating it changes nothing. A duplicate
    /// merged into another is acknowledged as that one (the link in its page was clicked for the outage people now work on
    /// there, which would otherwise go on escalating); the incident acknowledged is returned. A resolved incident is not
    /// acknowledged and nobody is told (as <see cref="AcknowledgeManyAsync(IReadOnlyList{string}, string, CancellationToken)"/>
    /// skips it): the record returned says so (not <see cref="Incident.IsOpen"/>, with <see cref="Incident.ResolvedAt"/>).
    /// </summary>
    public Task<Versioned<Incident>> AcknowledgeAsync(string id, string by, string? idempotencyKey, CancellationToken cancellationToken) =>
        AcknowledgeAsync(id, by, null, idempotencyKey, 0, cancellationToken);

    /// <summary>
    /// As <see cref="AcknowledgeAsync(string, string, string?, CancellationToken)"/>, for someone who acknowledged from
    /// <paramref name="from"/> (<see cref="Incident.AcknowledgedFrom"/>): the list's address whose link they pressed giving their
    /// name, or their signed-in address on the incident page. The others' 対応開始 mail leaves them out, and the update reminders
    /// reach them there.
    /// </summary>
    public Task<Versioned<Incident>> AcknowledgeFromAsync(string id, string by, string? from, string? idempotencyKey, CancellationToken cancellationToken) =>
        AcknowledgeAsync(id, by, from, idempotencyKey, 0, cancellationToken);

    /// <summary>
    /// The same for a sending tool's acknowledge (<paramref name="by"/> <c>alert:{source}</c>) that named itself <paramref name="via"/>
    /// (Events v2 <c>client</c>). After a raise to SEV1 over a tool's acknowledgement it is recorded, not counted
    /// (<see cref="Incident.RecordToolAckNotCounted"/>): the record returned is still unacknowledged, and nobody is told.
    /// </summary>
    public Task<Versioned<Incident>> AcknowledgeAsToolAsync(string id, string by, string? via, CancellationToken cancellationToken) =>
        AcknowledgeAsync(id, by, null, null, 0, cancellationToken, via);

    /// <summary>
    /// Whether the record <see cref="AcknowledgeAsync(string, string, string?, CancellationToken)"/> returned for <paramref name="by"/>
    /// means it was refused because the incident had resolved. A repeat of an acknowledgement that went through (a retry with the
    /// same key, the same link again) after the incident resolved is no refusal: <paramref name="by"/> acknowledged it.
    /// </summary>
    public static bool RefusedAsResolved(Incident returned, string by) =>
        !returned.IsOpen && !string.Equals(returned.AcknowledgedBy, by, StringComparison.Ordinal);

    private async Task<Versioned<Incident>> AcknowledgeAsync(string id, string by, string? from, string? idempotencyKey, int hops, CancellationToken cancellationToken, string? via = null)
    {
        var key = idempotencyKey is null ? null : RequestKey("ack", idempotencyKey);
        var acknowledged = false;
        var overTool = false;
        string? tool = null;
        // A tool's acknowledgement after a raise to SEV1 over a tool's is recorded and not counted: the pages go on (trial 35 H3).
        // A person's over a tool's is recorded as theirs: the one on duty who took it.
        var saved = await incidents.MutateAsync(id, i =>
        {
            acknowledged = false;
            overTool = i.IsAcknowledged && !i.AcknowledgedByPerson;
            tool = overTool ? i.AcknowledgedVia : null;
            return i.MergedInto is null && i.IsOpen
                && (i.RecordToolAckNotCounted(by, time.GetUtcNow(), via) || (acknowledged = i.Acknowledge(by, time.GetUtcNow(), from: from, via: via)));
        }, cancellationToken, key);
        if (saved.Value.MergedInto is { } into && hops < Incident.MaxMergedIncidents)
        {
            // The record read for the acknowledgement says where a duplicate went: an incident not merged costs no extra read.
            return await AcknowledgeAsync(into, by, from, idempotencyKey, hops + 1, cancellationToken, via);
        }

        if (acknowledged)
        {
            if (overTool)
            {
                logger.LogInformation("Incident {IncidentId} acknowledged by {By}, over the monitoring tool's acknowledgement", id, by);
            }
            else
            {
                logger.LogInformation("Incident {IncidentId} acknowledged by {By}", id, by);
            }

            await pager.AnnounceAcknowledgementAsync(saved.Value, by, cancellationToken, overTool, tool);
        }

        return saved;
    }

    /// <summary>
    /// Roster member <paramref name="by"/> (a member id, or an address an active member has) takes over the open incident
    /// <paramref name="id"/> from the person who holds it (<see cref="Incident.TakeOver"/>): from now on the update reminders reach
    /// them, and the timeline says who took it from whom; the previous holder is told once by mail (<see cref="Pager.AnnounceTakeoverAsync"/>).
    /// One nobody had acknowledged yet is acknowledged by them (escalation stops, and the others are told, as
    /// <see cref="AcknowledgeAsync(string, string, string?, CancellationToken)"/> does). Taking over one they hold already changes
    /// nothing and tells nobody. Refused (409) when it is resolved or merged into another; 400 naming <c>by</c> when they are not a
    /// roster member.
    /// </summary>
    /// <param name="from">The address they took it over from (their sign-in on the incident page), when known.</param>
    public async Task<Versioned<Incident>> TakeOverAsync(string id, string? by, string? from, CancellationToken cancellationToken, string? assignedBy = null)
    {
        var member = await TakerAsync(by, cancellationToken);
        from ??= AckLinkHolder.IsAddress(by!.Trim()) ? by.Trim() : null;
        // Handed over by someone else (a lead reassigning it, trial 61): the row says who; naming themselves is taking it.
        var holder = string.IsNullOrWhiteSpace(assignedBy) ? null : (await roster.GetMemberAsync(member, cancellationToken))?.Value;
        var assigner = holder is null || holder.IsRecordedAs(assignedBy!.Trim()) ? null : assignedBy.Trim();
        string? previous = null;
        string? previousFrom = null;
        var changed = false;
        var overTool = false;
        string? tool = null;
        var saved = await incidents.MutateAsync(id, i =>
        {
            if (i.MergedInto is { } into)
            {
                throw new ConflictException("id", $"{i.Id} was merged into {into}: take over {into} instead");
            }

            if (!i.IsOpen)
            {
                throw new ConflictException("id", $"{i.Id} is resolved: there is nothing to take over");
            }

            // Handed to someone before any person took it: refused, so its pages and escalation go on. Taken for them it would stop
            // escalating on a mail to someone who may be asleep; the pair are being paged, and 「応援を頼む」 asks a person by name.
            if (assigner is not null && !i.AcknowledgedByPerson)
            {
                throw new ConflictException("id", $"{i.Id}: nobody has taken it yet, so its pages go on until someone does; assign it once a person has taken it, or ask someone for help by name");
            }

            previousFrom = i.AcknowledgedFrom;
            overTool = i.IsAcknowledged && !i.AcknowledgedByPerson;
            tool = overTool ? i.AcknowledgedVia : null;
            previous = i.TakeOver(member, time.GetUtcNow(), from, out changed, assigner);
            return changed;
        }, cancellationToken);

        if (!changed)
        {
            return saved;
        }

        if (previous is null)
        {
            logger.LogInformation("Incident {IncidentId} taken over by {By}, whom it was acknowledged by", id, member);
            await pager.AnnounceAcknowledgementAsync(saved.Value, member, cancellationToken, overTool, tool);
        }
        else
        {
            logger.LogInformation("Incident {IncidentId} taken over by {By} from {Previous}", id, member, LoggedText.Escape(previous));
            await pager.AnnounceTakeoverAsync(saved.Value, member, previous, previousFrom, cancellationToken);
        }

        // Handed over by someone else (a lead reassigning it, trial 61): the new holder is told it is theirs, or they would first hear
        // of it from the next request for an update.
        if (assigner is not null)
        {
            await pager.AnnounceAssignmentAsync(saved.Value, holder!, assigner, cancellationToken);
        }

        return saved;
    }

    /// <summary>The snooze lengths the incident page offers (minutes); the API takes any whole minutes within <see cref="Incident.MinSnooze"/>–<see cref="Incident.MaxSnooze"/>.</summary>
    public static readonly IReadOnlyList<int> SnoozeChoices = [30, 60, 240];

    /// <summary>
    /// Roster member <paramref name="by"/> (id or address: the holder or a duty member) snoozes the open incident <paramref name="id"/>
    /// for <paramref name="minutes"/> (<see cref="Incident.Snooze"/>): its acknowledgement expires then and pages the holder, and the
    /// update reminders by mail wait until then. 400 naming <c>minutes</c> out of range or <c>by</c> not on the roster; 409 when it is
    /// resolved, merged into another, or no person has acknowledged it (a snooze is of an acknowledgement). Nothing is saved on a refusal.
    /// </summary>
    public async Task<Versioned<Incident>> SnoozeAsync(string id, string? by, int? minutes, CancellationToken cancellationToken)
    {
        if (minutes is not { } length || length < Incident.MinSnooze.TotalMinutes || length > Incident.MaxSnooze.TotalMinutes)
        {
            throw new ValidationException("minutes", $"must be whole minutes between {Incident.MinSnooze.TotalMinutes} and {Incident.MaxSnooze.TotalMinutes}");
        }

        var member = await TakerAsync(by, cancellationToken);
        var saved = await incidents.MutateAsync(id, i =>
        {
            if (i.MergedInto is { } into)
            {
                throw new ConflictException("id", $"{i.Id} was merged into {into}: snooze {into} instead");
            }

            if (!i.IsOpen)
            {
                throw new ConflictException("id", $"{i.Id} is resolved: there is nothing to snooze");
            }

            if (!i.AcknowledgedByPerson)
            {
                throw new ConflictException("id", $"{i.Id} is not acknowledged by a person: acknowledge it first, a snooze is of an acknowledgement");
            }

            i.Snooze(member, TimeSpan.FromMinutes(length), time.GetUtcNow(), options.Value.Zone);
            return true;
        }, cancellationToken);
        logger.LogInformation("Incident {IncidentId} snoozed by {By} until {Until}", id, member, saved.Value.SnoozedUntil);
        return saved;
    }

    /// <summary>The member id of who takes an incident over: by id, or by an address an active member has; 400 naming <c>by</c> otherwise.</summary>
    private async Task<string> TakerAsync(string? by, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(by))
        {
            throw new ValidationException("by", "is required: a roster member's id or address");
        }

        var who = by.Trim();
        if (Slug.IsValid(who) && await roster.GetMemberAsync(who, cancellationToken) is not null)
        {
            return who;
        }

        var member = AckLinkHolder.IsAddress(who)
            ? (await roster.ListMembersAsync(cancellationToken)).Select(m => m.Value).FirstOrDefault(m => m.Active && m.HasAddress(who))
            : null;
        return member?.Id ?? throw new ValidationException("by", $"'{who}' is not a member of the roster");
    }

    /// <summary>
    /// The record an acknowledgement of <paramref name="id"/> would act on: the incident itself, or for a duplicate merged into
    /// another the one it was merged into (the signed acknowledge link's confirmation page shows whether it can still be acknowledged).
    /// </summary>
    public async Task<Incident> GetAcknowledgeableAsync(string id, CancellationToken cancellationToken)
    {
        var record = (await GetRecordAsync(id, cancellationToken)).Value;
        for (var hops = 0; record.MergedInto is { } into && hops < Incident.MaxMergedIncidents; hops++)
        {
            record = (await GetRecordAsync(into, cancellationToken)).Value;
        }

        return record;
    }

    /// <summary>At most this many incidents are acknowledged by one request.</summary>
    public const int MaxAcknowledgedTogether = 1000;

    /// <summary>
    /// Acknowledges several incidents for <paramref name="by"/> at once — an alert storm opened many, and clicking each page's
    /// link would leave the rest escalating meanwhile. Each is acknowledged as on its own (escalation stops, the timeline
    /// says who); the others on them get one notice listing them all. <paramref name="ids"/> null: every open incident no person
    /// has acknowledged yet (<see cref="ListUnacknowledgedAsync"/>). An id unknown, resolved or already acknowledged by a person is skipped and said why (one only a
    /// monitoring tool acknowledged is taken, as <see cref="Incident.Acknowledge"/> says); repeating the request changes nothing more.
    /// </summary>
    public Task<AcknowledgedTogether> AcknowledgeManyAsync(IReadOnlyList<string>? ids, string by, CancellationToken cancellationToken) =>
        AcknowledgeManyAsync(ids, by, null, cancellationToken);

    /// <inheritdoc cref="AcknowledgeManyAsync(IReadOnlyList{string}, string, CancellationToken)"/>
    /// <param name="how">How they acknowledged, for the timeline (<see cref="TimelineTexts.AcknowledgedByText"/>); null says nothing.</param>
    public async Task<AcknowledgedTogether> AcknowledgeManyAsync(IReadOnlyList<string>? ids, string by, string? how, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        if (ids is { Count: > MaxAcknowledgedTogether })
        {
            throw new ValidationException("ids", $"must list at most {MaxAcknowledgedTogether} incidents");
        }

        if (ids is not null && ids.Any(string.IsNullOrWhiteSpace))
        {
            throw new ValidationException("ids", "must list incident ids, not null or empty");
        }

        var targets = ids?.Distinct(StringComparer.Ordinal).ToList()
            ?? [.. (await ListUnacknowledgedAsync(cancellationToken)).Select(i => i.Id)];
        var acknowledged = new System.Collections.Concurrent.ConcurrentDictionary<string, Incident>(StringComparer.Ordinal);
        var skipped = new System.Collections.Concurrent.ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        // Those only a monitoring tool had acknowledged, with the name it gave itself ("" when none): taken over, as one at a time.
        var overTool = new System.Collections.Concurrent.ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(targets, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (id, ct) =>
        {
            try
            {
                var changed = false;
                string? wasTool = null;
                var saved = await incidents.MutateAsync(id, i =>
                {
                    wasTool = i.IsAcknowledged && !i.AcknowledgedByPerson ? i.AcknowledgedVia ?? "" : null;
                    return changed = i.IsOpen && i.Acknowledge(by, time.GetUtcNow(), how);
                }, ct);
                if (changed)
                {
                    acknowledged[id] = saved.Value;
                    if (wasTool is not null)
                    {
                        overTool[id] = wasTool;
                    }
                }
                else
                {
                    skipped[id] = saved.Value.IsOpen ? "acknowledged" : "resolved";
                }
            }
            catch (NotFoundException)
            {
                skipped[id] = "notFound";
            }
        });

        var told = 0;
        if (!acknowledged.IsEmpty)
        {
            logger.LogInformation("{Count} incidents acknowledged together by {By}: {Ids}", acknowledged.Count, LoggedText.Escape(by), string.Join(", ", acknowledged.Keys.Order(StringComparer.Ordinal)));
            told = await pager.AnnounceAcknowledgementsAsync([.. acknowledged.Values], by, cancellationToken, overTool);
        }

        return new AcknowledgedTogether(
            [.. acknowledged.Keys.Order(StringComparer.Ordinal)],
            [.. skipped.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => new SkippedAcknowledgement(s.Key, s.Value))])
        {
            Told = told,
        };
    }

    /// <summary>
    /// "If in doubt, shout": records the call on the timeline, then tells the whole PM organisation — or only the roster member
    /// <paramref name="asked"/> names (a member id: 「応援を頼む」 one person, as PagerDuty's "add responders"), who must be active
    /// and have an address (400 naming <c>ask</c> otherwise, nothing recorded). Repeating the request (same
    /// <paramref name="idempotencyKey"/>) queues the same call's messages again, which sends nothing twice.
    /// </summary>
    public async Task<Versioned<Incident>> CallForHelpAsync(string id, string by, string? message, string? idempotencyKey, CancellationToken cancellationToken, string? asked = null)
    {
        Member? askedMember = null;
        if (asked is not null)
        {
            askedMember = Slug.IsValid(asked) ? (await roster.GetMemberAsync(asked, cancellationToken))?.Value : null;
            new ValidationErrors().When(askedMember is not { Active: true } || string.IsNullOrWhiteSpace(askedMember.Email), "ask", "must be an active roster member with an email address").ThrowIfAny();
        }

        var key = idempotencyKey is null ? null : RequestKey("help", idempotencyKey);
        var call = 0;
        var saved = await incidents.MutateAsync(id, i =>
        {
            call = i.CallForHelp(by, time.GetUtcNow(), message, askedMember?.Id);
            return true;
        }, cancellationToken, key);

        // A repeated request changed nothing: its call is the latest one.
        await pager.CallForHelpAsync(saved.Value, call == 0 ? saved.Value.HelpCalls : call, by, message, cancellationToken, askedMember);
        return saved;
    }

    /// <summary>
    /// Who the signed acknowledge link whose token names <paramref name="subject"/> acknowledges as: a member id as it is (with the member,
    /// when still on the roster, for their name and language); an address an active member has, ignoring case (a lead configured
    /// by address, or a link sent before leads were resolved to members), as that member; any other address (the organisation's
    /// list) as nobody yet — the person pressing it says who they are.
    /// </summary>
    public async Task<AckLinkHolder> AckLinkHolderAsync(string subject, CancellationToken cancellationToken)
    {
        try
        {
            if (!AckLinkHolder.IsAddress(subject))
            {
                return new AckLinkHolder(subject, Slug.IsValid(subject) ? (await roster.GetMemberAsync(subject, cancellationToken))?.Value : null);
            }

            var member = (await roster.ListMembersAsync(cancellationToken))
                .Select(m => m.Value)
                .FirstOrDefault(m => m.Active && m.IsMailedAt(subject));
            return member is null ? new AckLinkHolder(subject, null) : new AckLinkHolder(member.Id, member);
        }
        catch (DependencyUnavailableException)
        {
            // The roster cannot be read: the paged person can still acknowledge — a member id as it is (named by id), an address
            // as a list's link (the person pressing it types their name). Escalation must not go on because a lookup failed.
            return new AckLinkHolder(subject, null);
        }
    }

    /// <summary>Acknowledges for a roster member given by id (the API route).</summary>
    public async Task<Versioned<Incident>> AcknowledgeAsMemberAsync(string id, string? memberId, string? idempotencyKey, CancellationToken cancellationToken) =>
        await AcknowledgeAsync(id, await CheckMemberAsync(memberId, cancellationToken), idempotencyKey, cancellationToken);

    /// <summary>The id of a roster member who acknowledges through the API; 400 naming <c>memberId</c> otherwise.</summary>
    public async Task<string> CheckMemberAsync(string? memberId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(memberId))
        {
            throw new ValidationException("memberId", "is required");
        }

        if (!Slug.IsValid(memberId) || await roster.GetMemberAsync(memberId, cancellationToken) is null)
        {
            throw new ValidationException("memberId", $"'{memberId}' is not a member of the roster");
        }

        return memberId;
    }

    /// <summary>The current duty members of the configured rotation; none (logged) when it does not exist yet.</summary>
    public Task<IReadOnlyList<AssignedMember>> CurrentDutyAsync(CancellationToken cancellationToken) => pager.CurrentDutyAsync(cancellationToken);

    public int YearOf(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, options.Value.Zone).Year;

    /// <summary>
    /// Creates the incident under <paramref name="id"/> unless it exists, lists it, and pages; safe to repeat after a crash.
    /// The lean path an incident from monitoring takes too: the first page is recorded in the create's one write, its messages
    /// and the stakeholders' notice queued from the incident as written, and both marks saved at the ETags this request got,
    /// so nothing is read back. <paramref name="allocated"/>: the id was allocated just now, so no record can have it yet.
    /// </summary>
    private async Task<Versioned<Incident>> EnsureCreatedAsync(string id, NewIncident details, string by, CancellationToken cancellationToken, bool allocated = false)
    {
        if (!allocated && await incidents.GetAsync(id, cancellationToken) is { } existing)
        {
            await stakeholders.NotifyDueAsync(id, cancellationToken);
            if (existing.Value.Confidential)
            {
                // The first request may have stopped before it; queued again under the same ids, nobody is told twice.
                await TellConfidentialReadersAsync(existing.Value, existing.Value.OpenedBy ?? by, existing.Value.DetectedAt, null, cancellationToken);
            }

            return existing;
        }

        var now = time.GetUtcNow();
        var duty = await CurrentDutyAsync(cancellationToken);
        var incident = Incident.Open(id, details, duty, by, now);

        // Declared by a person: stakeholders hear of it (an incident opened by monitoring waits for a person's first update).
        incident.IssueStakeholderNotice(now);
        pager.RecordFirstStep(incident, duty, now);
        var written = incident.PendingTimeline.ToList();

        // Listed before it exists: a crash between the two leaves a listed id with no record (skipped), never an unlisted incident.
        await incidents.ListNewAsync(incident, cancellationToken);
        if (await incidents.TryCreateAsync(incident, cancellationToken) is not { } etag)
        {
            return await incidents.GetAsync(id, cancellationToken) ?? throw new NotFoundException("Incident", id);
        }

        incident.MarkStored();
        logger.LogInformation("Opened incident {IncidentId} ({Severity}) by {By}: {Title}", id, incident.Severity, by, incident.Title);

        // The page first: it does not wait for the stakeholders' audiences (a group that cannot be expanded now leaves the
        // notice owed, for the update cadence timer or the client's retry).
        var saved = await pager.QueueRecordedStepAsync(new Versioned<Incident>(incident, etag), [], cancellationToken);
        if (saved.Value.Confidential)
        {
            // Declared confidential: the security officer hears of it after the page is queued.
            await TellConfidentialReadersAsync(saved.Value, by, now, null, cancellationToken);
        }

        if (!await stakeholders.QueueForNewAsync(saved.Value, written, cancellationToken))
        {
            return saved;
        }

        try
        {
            var marked = await incidents.SaveAsync(saved.Value, saved.ETag, null, cancellationToken);
            saved.Value.MarkStored();
            return new Versioned<Incident>(saved.Value, marked);
        }
        catch (ConcurrencyException)
        {
            // Changed meanwhile (a page delivered, someone acknowledged): recorded on what is there now.
            var number = saved.Value.Comms.Queued;
            var audiences = saved.Value.Comms.ToldAudiences;
            var severity = saved.Value.Comms.ToldSeverity ?? saved.Value.Severity;
            var said = saved.Value.Comms.LastNoticeSaid;
            return await incidents.MutateAsync(id, i => i.MarkStakeholderNoticeQueued(number, audiences, severity, time.GetUtcNow(), said), cancellationToken);
        }
    }

    private async Task<PersonUpdate?> LastPersonUpdateAsync(string id, CancellationToken cancellationToken)
    {
        var timeline = await incidents.GetTimelineAsync(id, cancellationToken);
        var last = timeline
            .Where(t => t.Kind is TimelineKind.Opened or TimelineKind.Update or TimelineKind.Resolved or TimelineKind.Reopened && Incident.IsPerson(t.By))
            .OrderBy(t => t.At)
            .LastOrDefault(); // stable: of entries at the same instant, the one stored last
        return last is null ? null : new PersonUpdate(last.At, last.Message);
    }

    private async Task SyncOpenIndexAsync(Incident incident, bool wasOpen, CancellationToken cancellationToken)
    {
        if (wasOpen == incident.IsOpen)
        {
            return;
        }

        // Resolved by hand frees the alert group (a later firing reopens within the window, or opens anew); reopened holds it again.
        await incidents.SyncIndexesAsync(incident.Id, time.GetUtcNow(), cancellationToken);
        if (!incident.IsOpen)
        {
            // This instance's intake no longer takes a firing of its groups as a repeat: it reopens, and is answered so at once.
            firing.ForgetIncident(incident.Id);
        }
    }

    /// <summary>Keys are hashed: they are caller-chosen text, and table keys forbid some characters.</summary>
    internal static string RequestKey(string operation, string idempotencyKey)
    {
        if (idempotencyKey.Length is 0 or > 200)
        {
            throw new ValidationException("Idempotency-Key", "must be 1-200 characters");
        }

        return operation + "-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)))[..40];
    }
}
