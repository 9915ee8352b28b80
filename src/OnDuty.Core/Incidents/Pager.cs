using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnDuty.Core.Common;
using OnDuty.Core.Notifications;
using OnDuty.Core.Rotations;
using OnDuty.Core.Team;

namespace OnDuty.Core.Incidents;

/// <summary>Pages, escalates and announces acknowledgements through the outbox (exactly once per recipient and step).</summary>
public sealed partial class Pager(
    IIncidentRepository incidents,
    RotationService rotations,
    OutboxDispatcher outbox,
    ITeamsChannel teams,
    IncidentMessages messages,
    TimeProvider time,
    IOptions<IncidentOptions> options,
    IOptions<TeamOptions> team,
    IGroupDirectory directory,
    ILogger<Pager> logger,
    IIncidentReaders? readers = null)
{
    public const string DefaultBaseUrl = "http://127.0.0.1:7071";

    /// <summary>Incidents an escalation run records (and marks queued) at a time: a storm of a thousand takes seconds, not a minute.</summary>
    private const int RunParallelism = 8;

    /// <summary>
    /// How long an escalation step claimed by a run is left to it (<see cref="ClaimStepsAsync"/>): a run queues what it claimed
    /// within seconds; one claimed longer ago and still not queued was claimed by a run that stopped (a crash, a restart).
    /// </summary>
    public static readonly TimeSpan StepClaimLease = TimeSpan.FromMinutes(2);

    /// <summary>How long after its close a "recovered" notice never queued is still queued by the timer (as the recovery reminder's catch-up).</summary>
    public static readonly TimeSpan RecoveredCatchUp = TimeSpan.FromDays(1);

    /// <summary>
    /// This instance's first pages (sent or held) within the storm window: never more than every instance's, so at the limit the
    /// storm hold holds without reading the shared count (<see cref="StormHoldAsync(string?, DateTimeOffset?, DateTimeOffset, bool, CancellationToken)"/>).
    /// </summary>
    private readonly Queue<StormEntry> _firstPages = new();

    /// <summary>
    /// When incidents were announced recovered (or held) on this instance, within the storm window: a storm's recoveries are told
    /// together. Never more than every instance's (<see cref="HoldRecoveryAsync"/>).
    /// </summary>
    private readonly Queue<StormEntry> _recoveries = new();

    private DutyOf? _duty;

    private Language TeamLanguage => team.Value.TeamLanguage;

    private string BaseUrl => team.Value.BaseUrl ?? DefaultBaseUrl;

    /// <summary>
    /// Sends the step due now if it was not sent yet (the first page included): the duty members are resolved now, the
    /// step is recorded on the incident (with any change of duty and the steps passed over), then its messages are queued
    /// and sent. Returns the step sent, if any. A step recorded whose messages a crash kept from the outbox is queued first.
    /// </summary>
    public Task<IReadOnlyList<int>> NotifyDueAsync(string incidentId, CancellationToken cancellationToken) =>
        NotifyDueAsync(incidentId, null, cancellationToken);

    /// <inheritdoc cref="NotifyDueAsync(string, CancellationToken)"/>
    /// <param name="dutyNow">The duty members as resolved a moment ago by the caller (who opened the incident), else read now.</param>
    public async Task<IReadOnlyList<int>> NotifyDueAsync(string incidentId, IReadOnlyList<AssignedMember>? dutyNow, CancellationToken cancellationToken)
    {
        var current = await incidents.GetAsync(incidentId, cancellationToken);
        if (current is null)
        {
            return [];
        }

        if (!current.Value.StepQueued)
        {
            // Saved with its summaries: the lists see it queued from now on.
            current = await QueueStepAsync(current, await AlertsAsync(incidentId, cancellationToken), cancellationToken);
        }

        if (await RecordNextStepAsync(current, dutyNow, cancellationToken) is not { } saved)
        {
            return [];
        }

        await QueueStepAsync(saved, await AlertsAsync(incidentId, cancellationToken), cancellationToken);
        return [saved.Value.NotifiedStep];
    }

    /// <summary>
    /// Records on the incident the step due now, when it is later than the last one sent (with any change of duty and the steps
    /// passed over): the record as saved with it, or null when nothing is to be sent (acknowledged, resolved, not due yet,
    /// another run got there first, or nobody left to page — logged).
    /// </summary>
    private async Task<Versioned<Incident>?> RecordNextStepAsync(Versioned<Incident> current, IReadOnlyList<AssignedMember>? dutyNow, CancellationToken cancellationToken)
    {
        var due = EscalationPolicy.DueStep(current.Value, time.GetUtcNow(), options.Value.AckTimeouts);
        if (due < 0 || due <= current.Value.NotifiedStep)
        {
            return due < 0 ? null : await HandOverAsync(current, dutyNow, cancellationToken);
        }

        var duty = dutyNow ?? await CurrentDutyAsync(cancellationToken);
        var roster = await RosterNowAsync(cancellationToken);
        var memberIdAt = MemberIdAt(roster);
        // Who the steps sent reached, not only whom they were queued for: a page given up on (a provider refused it) reached nobody.
        // Read only when it can matter: when, counting everyone queued for as paged, a step would be passed over as reaching nobody new.
        // The leads on leave now, read only when the leads' step may be planned now.
        var leadsOnLeave = due >= EscalationPolicy.LeadsStep && current.Value.NotifiedStep < EscalationPolicy.LeadsStep ? await LeadsOnLeaveNowAsync(cancellationToken) : [];
        var timeline = PassesOverAsPaged(current.Value, due, duty, memberIdAt, leadsOnLeave) ? await incidents.GetTimelineAsync(current.Value.Id, cancellationToken) : null;
        var now = time.GetUtcNow();
        int? sent = null;
        var saved = await incidents.MutateAsync(current.Value.Id, i =>
        {
            var (changed, step) = RecordDueStep(i, duty, now, memberIdAt, timeline, leadsOnLeave, roster);
            sent = step;
            return changed;
        }, cancellationToken);

        if (sent is null)
        {
            if (saved.Value.NotifiedStep == EscalationPolicy.LastStep && saved.Value.StepQueued && due > current.Value.NotifiedStep)
            {
                logger.LogError("Incident {IncidentId}: nobody to page at any escalation step (check Incidents__Leads and Incidents__OrganisationList)", current.Value.Id);
            }

            return null;
        }

        return saved;
    }

    /// <summary>Whether the plan for <paramref name="due"/>, counting everyone a step was queued for as paged, passes a step over as reaching nobody new.</summary>
    private bool PassesOverAsPaged(Incident incident, int due, IReadOnlyList<AssignedMember> duty, Func<string, string?>? memberIdAt, IReadOnlyList<string> leadsOnLeave) =>
        incident.NotifiedStep >= 0
        && EscalationPolicy.Plan(incident.NotifiedStep, due, s => EscalationPolicy.Recipients(duty, s, options.Value, TeamLanguage, LeadsOnLeave.PassedOver(leadsOnLeave, options.Value)),
                PagedSoFar.Of(incident, options.Value, TeamLanguage, memberIdAt))
            .Skipped.Any(s => s.Reason is not (SkippedStep.NobodyToPage or SkippedStep.Overdue));

    /// <summary>
    /// No step due, and escalation 1 (or later) went to the pair before: when someone never paged about it came on duty since
    /// (the handoff, an override, leave, a cover), it is handed over to them now (<see cref="Incident.HandOverUnanswered"/>) —
    /// the record as saved, its step marked not queued so the caller queues their page. Null when nothing changed.
    /// </summary>
    private async Task<Versioned<Incident>?> HandOverAsync(Versioned<Incident> current, IReadOnlyList<AssignedMember>? dutyNow, CancellationToken cancellationToken)
    {
        if (current.Value is not { IsOpen: true, IsAcknowledged: false, NotifiedStep: >= 1, StepQueued: true })
        {
            return null;
        }

        var duty = dutyNow ?? await CurrentDutyAsync(cancellationToken);
        if (current.Value.IncomingOf(duty).Count == 0)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var handed = false;
        var saved = await incidents.MutateAsync(current.Value.Id, i => handed = i.HandOverUnanswered(duty, now, options.Value.AckTimeouts), cancellationToken);
        if (!handed)
        {
            return null;
        }

        logger.LogWarning("Incident {IncidentId}: unanswered after step {Step}, handed over to the pair on duty now ({Members}); escalation 1 goes to them",
            current.Value.Id, saved.Value.NotifiedStep, string.Join(", ", duty.Select(m => m.Id)));
        return saved;
    }

    /// <summary>
    /// The pair on duty changed (a person's change to the running shift was saved): every open incident waiting unanswered after
    /// escalation 1 is handed over to the members never paged about it now, and their page queued at once — what the next
    /// <see cref="EscalateOpenIncidentsAsync"/> run would do, a minute sooner. The hand-over is recorded at the record's ETag
    /// (<see cref="Incident.HandOverUnanswered"/> finds nobody incoming once it is done) and the messages keep their ids, so a
    /// timer run at the same moment pages nobody twice. Returns how many incidents were handed over.
    /// </summary>
    public async Task<int> HandOverUnansweredAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var board = await incidents.ListBoardAsync(now, cancellationToken);
        var duty = await DutyForHandOverAsync(board, now, cancellationToken);
        var handed = new List<Versioned<Incident>>();
        foreach (var listed in board.Where(i => MayHandOver(i, duty, now)))
        {
            using var scope = logger.BeginIncidentScope(listed.Id);
            try
            {
                if (await incidents.GetAsync(listed.Id, cancellationToken) is { Value.StepQueued: true } current
                    && await HandOverAsync(current, duty, cancellationToken) is { } saved)
                {
                    handed.Add(saved);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Recorded and not queued at worst: the next escalation run queues it.
                logger.LogError(ex, "Handing incident {IncidentId} to the pair on duty now failed; the next run retries", listed.Id);
            }
        }

        // Told as the escalation run tells a hand-over (a replacement saved mid-week is a handoff too): each page to the incoming
        // members claimed (the incident, its round and step, the pair it goes to), so a run on another instance at the same moment
        // leaves out what this one claimed; several in one mail per incoming member worded as handed over, and one card; one alone
        // on its own. Who stays on duty heard escalation 1 already and gets nothing again.
        await QueueHandedOverAsync(handed, cancellationToken);
        return handed.Count;
    }

    /// <summary>
    /// Records on a new incident, before it is first stored, the step due now (the first page, to <paramref name="duty"/>), so
    /// the record is created with it; <see cref="QueueRecordedStepAsync"/> then queues its messages from the record as created,
    /// without reading it back. A crash in between leaves the step recorded and not queued: the next escalation run queues it.
    /// </summary>
    public void RecordFirstStep(Incident incident, IReadOnlyList<AssignedMember> duty, DateTimeOffset now)
    {
        RecordDueStep(incident, duty, now, null); // nobody paged yet: no roster needed to tell who was
        if (incident.NotifiedStep == EscalationPolicy.LastStep && incident.StepQueued)
        {
            logger.LogError("Incident {IncidentId}: nobody to page at any escalation step (check Incidents__Leads and Incidents__OrganisationList)", incident.Id);
        }
    }

    /// <summary>
    /// Queues the step recorded on <paramref name="stored"/> (as this request just wrote it, with the <paramref name="alerts"/> it
    /// tracks) and marks it queued at the record's ETag; only a record changed meanwhile is read again. Nothing to queue when the
    /// step is queued already. Returns the record as it now is.
    /// </summary>
    /// <remarks>
    /// The mark is saved with the list summaries: an incident opened by monitoring is created without them
    /// (<see cref="IIncidentRepository.TryCreateAsync(Incident, IReadOnlyList{TrackedAlert}, bool, CancellationToken)"/>), so they
    /// are written once, saying the page is queued, and the escalation run, trusting them, never reads the record for nothing.
    /// <para>
    /// In a storm (<see cref="IncidentOptions.StormPages"/> set, and that many first pages within its window on all instances
    /// together: <see cref="StormHoldAsync(string?, DateTimeOffset?, DateTimeOffset, bool, CancellationToken)"/>), a first page is
    /// left recorded and not queued, and the record returned as given (the caller writes the summaries, saying "not queued"):
    /// the next escalation run tells the held ones together.
    /// </para>
    /// </remarks>
    public async Task<Versioned<Incident>> QueueRecordedStepAsync(Versioned<Incident> stored, IReadOnlyList<TrackedAlert> alerts, CancellationToken cancellationToken)
    {
        if (stored.Value.StepQueued)
        {
            return stored;
        }

        if (stored.Value.NotifiedStep == 0 && await StormHoldAsync(stored.Value.Id, stored.Value.FirstPagedAt ?? stored.Value.DetectedAt, time.GetUtcNow(), count: true, cancellationToken) is { } opened)
        {
            logger.LogWarning(
                "Incident {IncidentId}: first page held, {Opened} incidents opened within {Window} (Incidents__StormPages {StormPages}); the next EscalateIncidents run tells the held ones together",
                stored.Value.Id, opened, options.Value.StormWindow, options.Value.StormPages);
            return stored;
        }

        // The first page of a new incident to the pair recorded with it needs no claim row (one more storage request on every
        // new incident): its outbox ids are fixed by the incident and step, so an escalation run queuing the same step after a
        // crash adds nothing. Claims are for pages whose ids differ — hand-overs to a new pair, digests, later steps.
        var firstPage = stored.Value is { NotifiedStep: 0, PageRound: 0 } && stored.Value.ClaimTo() is null;
        return await QueueStepAsync(stored, alerts, cancellationToken, claimed: firstPage);
    }

    /// <summary>
    /// Whether a new incident's first page recorded at <paramref name="now"/> would be held by the storm hold, read without counting
    /// it (the test button's dry run, <see cref="AlertTrial"/>): the same decision <see cref="QueueRecordedStepAsync"/> makes, by the
    /// same count — every instance's first pages within the window as the open-incidents index lists them, this instance's own
    /// besides; one that cannot be read holds nothing.
    /// </summary>
    public async Task<bool> WouldHoldFirstPageAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        await StormHoldAsync(null, null, now, count: false, cancellationToken) is not null;

    /// <summary>
    /// The storm hold's one decision for the first page of <paramref name="id"/> (null: a page not opened yet, the dry run) at
    /// <paramref name="now"/>: the first pages within the storm window, this one included, when it is to be held; null when it goes
    /// out now. <paramref name="count"/>: the page is sent or held now, so it counts towards the next on this instance.
    /// </summary>
    /// <remarks>
    /// Counted on every instance at once, as the Functions host scales the intake out under exactly the load a storm brings (with a
    /// count per instance, three instances each paged their first three one by one: nine mails to each member before any hold).
    /// What is counted is what storage knows already: the open-incidents index, where every new incident is listed, with when its
    /// opening paged (<see cref="IIncidentRepository.ListNewAsync"/>), before its record is written and so before this decision.
    /// One query, only while the hold is on and this instance's own count is below the limit (at or above it, the shared count is
    /// too: no read) — so a storm costs each instance at most <see cref="IncidentOptions.StormPages"/> reads a window, and no row
    /// every intake writes to. A counter row per window bucket would add a write to every new incident, on one row every
    /// instance contends for at the storm's peak (412s and retries on the path to a page), and count by buckets, not the window.
    /// <para>
    /// Listed before counted, the count orders the pages: of two decided at once, the later sees the other, so however many
    /// instances take a storm, at most <see cref="IncidentOptions.StormPages"/> of those within the window page one by one.
    /// Deliveries listed at the same moment (Alertmanager sends a storm's new groups together) may each count all the others:
    /// then more are held than the limit leaves — all of them, at worst, told within a minute — never more paged one by one.
    /// What is left: the window's edge is each instance's clock (a skew of seconds moves it by as much); an incident merged
    /// away meanwhile is no longer listed; an instance of a release before 12-07 lists without the time, so its pages count on
    /// it alone. A count that cannot be read (storage failing) holds nothing: the page goes out now, logged — a page is never
    /// held on a failed read. What is held is told by the next escalation run, as ever.
    /// </para>
    /// </remarks>
    /// <para>
    /// Of those listed, only the ones before it count: listed earlier (<paramref name="at"/>, to the millisecond storage keeps), or
    /// in the same millisecond with a lower id — one order every instance agrees on. Counting every other one instead held them all
    /// when a storm's deliveries came at once (each saw the others listed: nobody paged until the next escalation run, up to a
    /// minute later); in this order the first <see cref="IncidentOptions.StormPages"/> page at once. One listed late with an earlier
    /// time (its write slower than another's count) may page besides them: a page more, never one fewer.
    /// </para>
    private Task<int?> StormHoldAsync(string? id, DateTimeOffset? at, DateTimeOffset now, bool count, CancellationToken cancellationToken) =>
        StormHoldAsync(_firstPages, incidents.CountFirstPagesAsync, "first pages", id, at, now, count, cancellationToken);

    /// <summary>
    /// <see cref="StormHoldAsync(string?, DateTimeOffset?, DateTimeOffset, bool, CancellationToken)"/> for what <paramref name="own"/> counts on this
    /// instance and <paramref name="shared"/> on every one (first pages, or recoveries announced): those before <paramref name="id"/>
    /// listed at <paramref name="at"/> (all within the window for the dry run, without an id).
    /// </summary>
    private async Task<int?> StormHoldAsync(
        Queue<StormEntry> own, Func<DateTimeOffset, string?, int, CancellationToken, DateTimeOffset?, Task<int>> shared, string what, string? id, DateTimeOffset? at,
        DateTimeOffset now, bool count, CancellationToken cancellationToken)
    {
        var limit = options.Value.StormPages;
        if (limit <= 0)
        {
            return null;
        }

        var since = now - options.Value.StormWindow;
        int before;
        lock (own)
        {
            while (own.TryPeek(out var oldest) && oldest.Decided <= since)
            {
                own.Dequeue();
            }

            // Those before it in the storm's order (all, for the dry run): one decided earlier here but listed after it waits for it.
            before = id is null || at is not { } mine ? own.Count : own.Count(e => StormOrder.IsBefore(e.Id, e.At, id, mine));
        }

        if (before < limit)
        {
            try
            {
                // After the window's start, as this instance's own count (one exactly a window ago has left it), to the millisecond
                // storage compares times by.
                before = Math.Max(before, await shared(since.AddMilliseconds(1), id, limit, cancellationToken, id is null ? null : at));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(
                    "The storm hold could not count the {What} of every instance ({Error}); {Incident}'s goes out now, as this instance's own count ({Own}, Incidents__StormPages {StormPages}) allows",
                    what, ex.Message, id ?? "a new incident", before, limit);
            }
        }

        if (count)
        {
            lock (own)
            {
                own.Enqueue(new StormEntry(now, id ?? "", at ?? now));
            }
        }

        return before >= limit ? before + 1 : null;
    }

    /// <summary>A first page (or recovery) this instance decided at <paramref name="Decided"/>: <paramref name="Id"/>'s, listed at <paramref name="At"/>.</summary>
    private readonly record struct StormEntry(DateTimeOffset Decided, string Id, DateTimeOffset At);

    /// <summary>
    /// The step due at <paramref name="now"/> recorded on <paramref name="i"/> (or every step skipped): whether it changed, and the
    /// step to send. A step beyond the duty members whose people were all paged already (a lead on duty; <paramref name="memberIdAt"/>
    /// tells who has an address) is passed over like one with nobody: someone new hears at once instead of a timeout later.
    /// </summary>
    /// <param name="timeline">The incident's timeline (who each step's deliveries reached), when anything was sent.</param>
    /// <param name="leadsOnLeave">
    /// The leads on leave now: the leads' step passes them over (the other leads are paged, or with none the next step at once),
    /// unless no step follows it (<see cref="LeadsOnLeave.PassedOver"/>) — then they are paged all the same; the timeline says which.
    /// </param>
    /// <param name="roster">The roster now, when read: the step's row names the members its texts and calls go to (a lead by the member who has their address).</param>
    private (bool Changed, int? Sent) RecordDueStep(Incident i, IReadOnlyList<AssignedMember> duty, DateTimeOffset now, Func<string, string?>? memberIdAt,
        IReadOnlyList<TimelineEntry>? timeline = null, IReadOnlyList<string>? leadsOnLeave = null, IReadOnlyDictionary<string, Member>? roster = null)
    {
        var dueNow = EscalationPolicy.DueStep(i, now, options.Value.AckTimeouts);
        if (dueNow < 0 || dueNow <= i.NotifiedStep)
        {
            return (false, null); // acknowledged, resolved, or another run got there first
        }

        // Who was paged is read before the duty change below: a lead who joined the pair at the handoff was not paged yet.
        var paged = PagedSoFar.Of(i, options.Value, TeamLanguage, memberIdAt, timeline, now);
        var away = LeadsOnLeave.PassedOver(leadsOnLeave ?? [], options.Value);
        var (step, skipped) = EscalationPolicy.Plan(i.NotifiedStep, dueNow, s => EscalationPolicy.Recipients(duty, s, options.Value, TeamLanguage, away), paged);
        var leadsPlanned = i.NotifiedStep < EscalationPolicy.LeadsStep && (step ?? EscalationPolicy.LastStep) >= EscalationPolicy.LeadsStep;
        if (leadsPlanned && away.Count > 0)
        {
            // Every lead on leave: the step's row says so rather than "nobody to page".
            skipped = [.. skipped.Select(s => s.Step == EscalationPolicy.LeadsStep && s.Reason == SkippedStep.NobodyToPage ? SkippedStep.LeadsAway(s.Step, away) : s)];
        }

        var before = i.Assignees.Select(a => a.Id).Concat(i.PagedBefore).ToHashSet(StringComparer.Ordinal);
        var incoming = i.IncomingOf(duty);
        var dutyChanged = i.ChangeDuty(duty, now);
        if (step is not { } send)
        {
            var allSkipped = i.RecordAllSkipped(skipped, now);
            if (allSkipped && leadsPlanned)
            {
                i.RecordLeadsOnLeave(away, [], [], now);
            }

            return (allSkipped | dutyChanged, null);
        }

        var people = EscalationPolicy.Recipients(duty, send, options.Value, TeamLanguage, away);
        var names = people.Select(r => r.Email).Concat(teams.Enabled ? ["teams"] : []).ToList();
        int? sent = i.RecordNotified(send, names, now, skipped, MembersOf(people, roster)) ? send : null;
        if (sent is not null && leadsPlanned)
        {
            // 「山田さんは休暇中のため、佐藤さんに連絡しました」, or, nobody after the leads, paged all the same and said so.
            var pagedAnyway = away.Count == 0 && send == EscalationPolicy.LeadsStep ? leadsOnLeave ?? [] : [];
            i.RecordLeadsOnLeave(away, send == EscalationPolicy.LeadsStep ? [.. names.Where(n => n != "teams")] : [], pagedAnyway, now);
        }

        if (sent is 0 or 1 && duty is DutyNow { NotWorkingToday.Count: > 0 } off)
        {
            // 「山田さんは本日勤務日ではないため、佐藤さんに連絡しました」: said with each step that goes to the duty members.
            i.RecordNotWorkingToday(off.NotWorkingToday, [.. duty.Select(m => m.Id)], now);
        }

        if (sent == 1 && dutyChanged && duty.Any(m => !before.Contains(m.Id)))
        {
            // Handed over unanswered: the incoming pair gets a whole acknowledgement timeout before the leads and the organisation.
            i.RestartClockFor(1, now, options.Value.AckTimeouts);
        }
        else if (sent >= 2 && dutyChanged && i.NotifiedStep >= 1 && i.PagedBefore.Count > 0 && incoming.Count > 0)
        {
            // Escalation 1 went to the pair before: the members who came on duty since are paged with it as well, at once.
            i.RecordHandedOverPage(incoming, now);
        }

        return (sent is not null || dutyChanged, sent);
    }

    /// <summary>
    /// Before the leads' step (an escalation step that says what comes next): the leads that step will pass over for leave, as
    /// known now, so "next: … to whom" does not name a lead on leave (<see cref="LeadsOnLeave.PassedOver"/>); null on other steps.
    /// </summary>
    private async Task<IReadOnlyList<string>?> LeadsAwayNextAsync(int step, CancellationToken cancellationToken) =>
        step is > 0 and < EscalationPolicy.LeadsStep ? LeadsOnLeave.PassedOver(await LeadsOnLeaveNowAsync(cancellationToken), options.Value) : null;

    /// <summary>
    /// The leads (<c>Incidents__Leads</c>) on leave now, in the team's zone (<see cref="LeadsOnLeave.At"/>); none when the rotation or
    /// the roster cannot be read (logged): the leads are then paged as configured.
    /// </summary>
    private async Task<IReadOnlyList<string>> LeadsOnLeaveNowAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Leads.All(string.IsNullOrWhiteSpace))
        {
            return [];
        }

        try
        {
            var onCall = await rotations.GetOnCallAsync(options.Value.RotationId, cancellationToken);
            return LeadsOnLeave.At(time.GetUtcNow(), options.Value, onCall.Roster.Values, onCall.Leave);
        }
        catch (Exception ex) when (ex is NotFoundException or DependencyUnavailableException)
        {
            logger.LogWarning("Reading the leads' leave failed; the leads' step pages every lead: {Error}", ex.Message);
            return [];
        }
    }

    /// <summary>
    /// The current duty members of the configured rotation; none (logged) when it does not exist. Kept with the on-call answer
    /// they came from: while the rotation service answers with the same one (same input, same shift), they are the same, and
    /// a storm of new incidents does not ask the directory for the members' ids once per incident.
    /// </summary>
    public async Task<IReadOnlyList<AssignedMember>> CurrentDutyAsync(CancellationToken cancellationToken)
    {
        try
        {
            var onCall = await rotations.GetOnCallAsync(options.Value.RotationId, cancellationToken);
            if (Volatile.Read(ref _duty) is { } known && ReferenceEquals(known.OnCall, onCall))
            {
                return known.Members;
            }

            var duty = onCall.Members.Where(m => !string.IsNullOrWhiteSpace(m.Email)).Select(AssignedMember.From).ToList();
            for (var i = 0; i < duty.Count; i++)
            {
                duty[i] = await WithMentionIdAsync(duty[i], cancellationToken);
            }

            var now = new DutyNow(duty, [.. onCall.NotWorkingToday.Select(m => m.Id)]);
            Volatile.Write(ref _duty, new DutyOf(onCall, now));
            return now;
        }
        catch (NotFoundException)
        {
            logger.LogWarning("Rotation {Rotation} (Incidents__RotationId) does not exist: nobody is on duty", options.Value.RotationId);
            return [];
        }
    }

    /// <summary>
    /// A queued message of <paramref name="step"/> (the first page or escalation 1, both to the duty members) of round
    /// <paramref name="round"/> is about to be tried again, and its recipient is no longer on duty (an override, leave or handover
    /// since it was queued): the step is addressed to whoever is on duty now — the change on the timeline (<c>dutyChanged</c>),
    /// the step's messages queued for the new members (those still on duty keep theirs: same ids, nothing sent twice). Returns
    /// the members on duty now; empty when nobody is (then nothing changes, and the page goes as queued: better the old pair
    /// than nobody).
    /// </summary>
    public async Task<IReadOnlyList<AssignedMember>> ReaddressStepAsync(string incidentId, int step, int round, CancellationToken cancellationToken)
    {
        var duty = await CurrentDutyAsync(cancellationToken);
        if (duty.Count == 0)
        {
            return duty;
        }

        var now = time.GetUtcNow();
        var saved = await incidents.MutateAsync(incidentId, i => i.ReaddressStep(step, round, duty, now), cancellationToken);
        if (!saved.Value.StepQueued && saved.Value.NotifiedStep == step && saved.Value.PageRound == round)
        {
            // Claimed for the pair on duty now (another instance re-addressing it at the same moment leaves it to this one);
            // a failure gives the claim up and throws, so the caller sends the page as queued.
            await QueueStepAsync(saved, await AlertsAsync(incidentId, cancellationToken), cancellationToken);
            logger.LogWarning("Incident {IncidentId}: step {Step} waited in the outbox while the duty pair changed; sent to the pair on duty now ({Members})",
                incidentId, step, string.Join(", ", duty.Select(m => m.Id)));
        }

        return duty;
    }

    /// <summary>
    /// <see cref="ReaddressStepAsync"/> for several incidents whose <paramref name="step"/> was told together (a storm): each is
    /// addressed to the pair on duty now, and those whose step is to be queued again are told together again (one mail per new
    /// member listing them), so a storm re-addressed stays one mail per reader. Returns the members on duty now (empty: nothing changed).
    /// </summary>
    public async Task<IReadOnlyList<AssignedMember>> ReaddressStepsAsync(IReadOnlyList<string> incidentIds, int step, CancellationToken cancellationToken)
    {
        var duty = await CurrentDutyAsync(cancellationToken);
        if (duty.Count == 0)
        {
            return duty;
        }

        var now = time.GetUtcNow();
        var toQueue = new List<Versioned<Incident>>();
        foreach (var id in incidentIds)
        {
            var saved = await incidents.MutateAsync(id, i => i.ReaddressStep(step, i.PageRound, duty, now), cancellationToken);
            if (!saved.Value.StepQueued && saved.Value.NotifiedStep == step)
            {
                toQueue.Add(saved);
            }
        }

        // Claimed for the pair on duty now: another instance re-addressing the same storm at the same moment leaves out what this
        // one claimed. A failure gives the claims up and throws, so the caller sends the mail as queued.
        var claimed = await ClaimStepsAsync(toQueue, cancellationToken);
        var together = claimed.Where(c => !c.Alone).Select(c => c.Stored).ToList();
        try
        {
            if (together.Count > 1)
            {
                await QueueStepsTogetherAsync(step, together, cancellationToken);
            }

            foreach (var (single, _) in claimed.Where(c => c.Alone || together.Count <= 1))
            {
                await QueueStepAsync(single, await AlertsAsync(single.Value.Id, cancellationToken), cancellationToken, claimed: true);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            foreach (var (stored, _) in claimed)
            {
                await ReleaseClaimAsync(stored.Value, cancellationToken);
            }

            throw;
        }

        logger.LogWarning("Step {Step} of {IncidentIds}, told together, waited in the outbox while the duty pair changed; sent to the pair on duty now ({Members})",
            step, string.Join(", ", incidentIds), string.Join(", ", duty.Select(m => m.Id)));
        return duty;
    }

    /// <summary>
    /// A member without a UPN on the roster gets their Entra object id from the directory (when Graph is configured), so
    /// the page's Teams card mentions them. Never in the way of a page: an unreachable directory or an unknown user leaves
    /// the member named in plain text, and says so in the log.
    /// </summary>
    private async Task<AssignedMember> WithMentionIdAsync(AssignedMember member, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(member.Upn) || !directory.Enabled || !teams.Enabled)
        {
            return member;
        }

        try
        {
            if (await directory.FindUserIdAsync(member.Email, cancellationToken) is { Length: > 0 } id)
            {
                return member with { Upn = id };
            }

            logger.LogWarning("No Entra user has the mail address of member {MemberId}; Teams names them without a mention (set their upn)", member.Id);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning("Looking up the Entra object id of member {MemberId} failed; Teams names them without a mention: {Error}", member.Id, ex.Message);
        }

        return member;
    }

    /// <summary>
    /// The timer's job: every open incident with work due; one incident's trouble does not stop the others. Which ones have work
    /// due is read from the open index's summaries (one query), so a run with nothing due reads no record; a summary is never
    /// newer than its record, so one that lags only costs a record read that finds nothing to do.
    /// </summary>
    /// <remarks>
    /// Each incident's due step is recorded first, on its own record. Then the steps are queued by step: an incident alone at
    /// its step is told as before; several that reached the same step in this run (a storm nobody answered) are told together,
    /// one email per recipient listing theirs and one channel card, instead of one of each per incident
    /// (<see cref="QueueStepsTogetherAsync"/>). Returns how many steps were recorded.
    /// </remarks>
    public async Task<int> EscalateOpenIncidentsAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var board = await incidents.ListBoardAsync(now, cancellationToken);
        var toQueue = new System.Collections.Concurrent.ConcurrentBag<Versioned<Incident>>();
        var handedOver = new System.Collections.Concurrent.ConcurrentBag<Versioned<Incident>>();
        var recorded = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = RunParallelism, CancellationToken = cancellationToken };
        // Who is on duty now, once a run: an incident escalation 1 already went to the pair before is handed over to the new one.
        var duty = await DutyForHandOverAsync(board, now, cancellationToken);
        await Parallel.ForEachAsync(board.Where(i => i.IsOpen && (HasWorkDue(i, now) || MayHandOver(i, duty, now))), parallel, async (listed, ct) =>
        {
            using var scope = logger.BeginIncidentScope(listed.Id);
            try
            {
                if (await RecordDueAsync(listed, duty, ct) is ({ } stored, var isNew))
                {
                    // Handed over (the step unchanged, recorded again): told with the handed-over wording, several together.
                    (isNew && stored.Value.NotifiedStep == listed.NotifiedStep && listed.StepQueued ? handedOver : toQueue).Add(stored);
                    if (isNew)
                    {
                        Interlocked.Increment(ref recorded);
                    }
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Escalating incident {IncidentId} failed; the next run retries", listed.Id);
            }
        });

        await QueueHandedOverAsync([.. handedOver], cancellationToken);

        // Each incident's step is queued by one run: a second run (another instance, or a manual run during the timer's) leaves
        // out the steps this one claimed, so a mail listing several incidents lists only this run's and nobody hears a step twice.
        await QueueClaimedAsync(await ClaimStepsAsync([.. toQueue], cancellationToken), _ => true, cancellationToken);

        // Resolved by monitoring unacknowledged, and telling those paged failed at the resolve: told now (a board row already read).
        await AnnounceRecoveriesOwedAsync(board, now, cancellationToken);
        return recorded;
    }

    /// <summary>
    /// Queues the pages of the incidents this run handed over unanswered to the pair on duty now. One alone is told as before, on its
    /// own. Several (a storm open at the handoff, trial 36 L6) are claimed as the steps told together are (<see cref="ClaimStepsAsync"/>:
    /// a second run leaves out what this one claimed) and told together (<see cref="QueueHandedOverTogetherAsync"/>): one mail per
    /// incoming member listing theirs and one card, instead of one of each per incident. When that fails, or for one whose claim a
    /// stopped run left, each is told on its own; one whose queuing failed has its claim given up, so the next run queues it.
    /// </summary>
    private async Task QueueHandedOverAsync(IReadOnlyList<Versioned<Incident>> handedOver, CancellationToken cancellationToken)
    {
        if (handedOver.Count == 1)
        {
            await QueueHandedOverAloneAsync(handedOver[0], claimed: false, cancellationToken);
            return;
        }

        var claimed = await ClaimStepsAsync(handedOver, cancellationToken);
        var together = claimed.Where(c => !c.Alone).Select(c => c.Stored).ToList();
        if (together.Count > 1)
        {
            try
            {
                await QueueHandedOverTogetherAsync(together, cancellationToken);
                together = [];
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One incident's trouble must not hold back the others' page: each is told on its own instead.
                logger.LogError(ex, "Telling the handed-over pages of {IncidentIds} together failed; each is told on its own", string.Join(", ", together.Select(v => v.Value.Id)));
            }
        }

        foreach (var single in together.Concat(claimed.Where(c => c.Alone).Select(c => c.Stored)))
        {
            await QueueHandedOverAloneAsync(single, claimed: true, cancellationToken);
        }
    }

    private async Task QueueHandedOverAloneAsync(Versioned<Incident> single, bool claimed, CancellationToken cancellationToken)
    {
        using var scope = logger.BeginIncidentScope(single.Value.Id);
        try
        {
            await QueueStepAsync(single, await AlertsAsync(single.Value.Id, cancellationToken), cancellationToken, claimed);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Queuing the handed-over page of incident {IncidentId} failed; the next run retries", single.Value.Id);
        }
    }

    /// <summary>
    /// Queues the handed-over pages of several incidents together: each member they were handed over to (the timeline's handed-over
    /// row of the round names them) gets escalation 1 — one email listing theirs, worded as handed over unanswered, from whom
    /// (<see cref="IncidentMessages.ComposeEscalatedTogether"/> with <c>handedOver</c>), or, handed only one, that incident's usual
    /// mail — and the channel one card; nobody else (who stayed on duty heard the step already, the leads and lists after the leads'
    /// step were told before). Then each incident's step is marked queued and the members taken off each told who has it now, as
    /// on its own. Ids name the incidents and the pair they went to (<see cref="OutboxIds.HandoversTopic"/>): a run repeated after a
    /// crash queues nothing twice.
    /// </summary>
    private async Task QueueHandedOverTogetherAsync(IReadOnlyList<Versioned<Incident>> stored, CancellationToken cancellationToken)
    {
        var ordered = stored.OrderBy(v => v.Value.Severity).ThenBy(v => v.Value.DetectedAt).ThenBy(v => v.Value.Id, StringComparer.Ordinal).ToList();
        var list = ordered.Select(v => v.Value).ToList();
        var roster = await RosterNowAsync(cancellationToken);
        var readers = new Dictionary<string, (PageRecipient Reader, List<Incident> Incidents)>(StringComparer.OrdinalIgnoreCase);
        var stayed = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var incoming = new List<AssignedMember>();
        foreach (var incident in list)
        {
            var timeline = await incidents.GetTimelineAsync(incident.Id, cancellationToken);
            stayed[incident.Id] = TimelineStory.StayedOnDuty(timeline);
            var handedTo = timeline.LastOrDefault(e => Incident.IsHandedOverPage(e) && (e.Round ?? 0) == incident.PageRound)?.Recipients
                ?? throw new InvalidOperationException($"Incident {incident.Id} has no handed-over row in round {incident.PageRound}: told on its own");
            foreach (var r in EscalationPolicy.Recipients(incident, 1, options.Value, TeamLanguage)
                .Where(r => !string.IsNullOrWhiteSpace(r.Email) && handedTo.Any(a => Member.SameAddress(a, r.Email))).Select(r => OnRosterNow(r, roster)))
            {
                (readers.TryGetValue(r.Email, out var entry) ? entry : readers[r.Email] = (r, [])).Incidents.Add(incident);
            }

            incoming.AddRange(incident.Assignees.Where(a => handedTo.Any(h => Member.SameAddress(h, a.Email))));
        }

        var leadsAway = await LeadsAwayNextAsync(1, cancellationToken);
        var queued = new List<OutboxMessage>();
        foreach (var (reader, theirs) in readers.Values.Where(x => x.Incidents.Count == 1))
        {
            var incident = theirs[0];
            queued.AddRange(messages.Compose(
                incident, IncidentNotice.ForStep(1, incident.PageRound), [reader], incident.Assignees, TeamLanguage, includeTeams: false, BaseUrl, options.Value,
                await AlertsAsync(incident.Id, cancellationToken), NamesIn(roster), MemberIdAt(roster), stayed.GetValueOrDefault(incident.Id), leadsAway));
        }

        queued.AddRange(messages.ComposeEscalatedTogether(
            1, list, [.. readers.Values.Where(x => x.Incidents.Count > 1).Select(x => (x.Reader, (IReadOnlyList<Incident>)x.Incidents))],
            incoming, TeamLanguage, teams.Enabled, BaseUrl, options.Value, NamesIn(roster), MemberIdAt(roster), stayedOnDuty: stayed, leadsAway: leadsAway, handedOver: true));
        await outbox.EnqueueAsync(queued, cancellationToken);
        // Queued: from here a failure is one incident's, never a reason to tell them all again one by one.
        await Parallel.ForEachAsync(ordered, new ParallelOptions { MaxDegreeOfParallelism = RunParallelism, CancellationToken = cancellationToken }, async (v, ct) =>
        {
            try
            {
                await MarkStepQueuedAsync(v, v.Value.NotifiedStep, ct, TopicsListing(queued, v.Value));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Incident {IncidentId}: handed-over page queued, marking step {Step} so failed; the next run queues it again", v.Value.Id, v.Value.NotifiedStep);
            }
        });

        await AnnounceHandoversAsync(list, roster, stayed, cancellationToken);
        logger.LogInformation("Handed-over pages of {Count} incidents ({IncidentIds}) told together to {Recipients}",
            list.Count, string.Join(", ", list.Select(i => i.Id)), LoggedText.Recipients(readers.Keys));
    }

    /// <summary>
    /// Queues the steps this run claimed (<see cref="ClaimStepsAsync"/>), by step: several at a step that may be told together
    /// (<paramref name="mayTellTogether"/>) in one mail per reader, the others each on its own. One whose queuing failed has its
    /// claim given up, so the next run queues it at once: the claim is about queuing once, the outbox retries the delivery.
    /// </summary>
    private async Task QueueClaimedAsync(IReadOnlyList<(Versioned<Incident> Stored, bool Alone)> claimed, Func<int, bool> mayTellTogether, CancellationToken cancellationToken)
    {
        foreach (var step in claimed.GroupBy(c => c.Stored.Value.NotifiedStep).OrderBy(g => g.Key))
        {
            var together = step.Where(c => !c.Alone && mayTellTogether(step.Key)).Select(c => c.Stored).ToList();
            if (together.Count > 1)
            {
                try
                {
                    await QueueStepsTogetherAsync(step.Key, together, cancellationToken);
                    together = [];
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // One incident's trouble must not hold back the others' step: each is told on its own instead.
                    logger.LogError(ex, "Telling escalation step {Step} of {IncidentIds} together failed; each is told on its own", step.Key, string.Join(", ", together.Select(v => v.Value.Id)));
                }
            }

            foreach (var single in together.Concat(step.Where(c => c.Alone || !mayTellTogether(step.Key)).Select(c => c.Stored)))
            {
                using var scope = logger.BeginIncidentScope(single.Value.Id);
                try
                {
                    // Recorded and not queued at worst: the claim is given up there, so the next run finds it so and queues it.
                    await QueueStepAsync(single, await AlertsAsync(single.Value.Id, cancellationToken), cancellationToken, claimed: true);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogError(ex, "Queuing escalation step {Step} of incident {IncidentId} failed; the next run retries", step.Key, single.Value.Id);
                }
            }
        }
    }

    /// <summary>
    /// Claims the step of each incident this run is to queue (<see cref="IIncidentRepository.TryClaimStepAsync"/>). Those another run
    /// claimed less than <see cref="StepClaimLease"/> ago are left out (that run tells them); those claimed longer ago by a run that
    /// stopped before marking them queued are told alone (<c>Alone</c>), under the step's own message ids, which a mail of that
    /// step already in the outbox keeps from going out twice. Unclaimable (storage trouble): left to the next run.
    /// </summary>
    private async Task<IReadOnlyList<(Versioned<Incident> Stored, bool Alone)>> ClaimStepsAsync(IReadOnlyList<Versioned<Incident>> recorded, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var claimed = new System.Collections.Concurrent.ConcurrentBag<(Versioned<Incident> Stored, bool Alone)>();
        await Parallel.ForEachAsync(recorded, new ParallelOptions { MaxDegreeOfParallelism = RunParallelism, CancellationToken = cancellationToken }, async (v, ct) =>
        {
            var (id, step) = (v.Value.Id, v.Value.NotifiedStep);
            try
            {
                switch (await incidents.TryClaimStepAsync(id, step, v.Value.PageRound, v.Value.ClaimTo(), now, ct))
                {
                    case null:
                        claimed.Add((v, false));
                        break;
                    case { } at when now - at >= StepClaimLease:
                        logger.LogWarning("Incident {IncidentId}: step {Step} was claimed at {ClaimedAt} by a run that did not queue it; queued now on its own", id, step, at);
                        claimed.Add((v, true));
                        break;
                    case { } at:
                        logger.LogInformation("Incident {IncidentId}: step {Step} is being queued by another run (claimed at {ClaimedAt}); left to it", id, step, at);
                        break;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Claiming escalation step {Step} of incident {IncidentId} failed; the next run retries", step, id);
            }
        });

        return [.. claimed];
    }

    private async Task ReleaseClaimAsync(Incident incident, CancellationToken cancellationToken)
    {
        try
        {
            await incidents.ReleaseStepClaimAsync(incident.Id, incident.NotifiedStep, incident.PageRound, incident.ClaimTo(), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning("Incident {IncidentId}: giving up the claim of step {Step} failed; a run after {Lease} queues it: {Error}", incident.Id, incident.NotifiedStep, StepClaimLease, ex.Message);
        }
    }

    /// <summary>
    /// Records the step due now on the incident <paramref name="listed"/> stands for. Returns the record to queue and whether its
    /// step was recorded now; a step recorded by an earlier run and never queued (a crash in between) is returned as it is, to
    /// be queued in this run (a later step, if due, is recorded by the next). Null when nothing is to be sent.
    /// </summary>
    private async Task<(Versioned<Incident> Stored, bool IsNew)?> RecordDueAsync(Incident listed, IReadOnlyList<AssignedMember>? duty, CancellationToken cancellationToken)
    {
        var current = await incidents.GetAsync(listed.Id, cancellationToken);
        if (current is null)
        {
            return null;
        }

        if (!current.Value.StepQueued)
        {
            return (current, false);
        }

        if (listed.Revision < current.Value.Revision)
        {
            // Versions before 2026-11-30 wrote the first page's "queued" mark to the record alone: brought up to date, so the
            // next run does not read the record again for nothing.
            await incidents.SyncSummaryAsync(current.Value, cancellationToken);
        }

        return await RecordNextStepAsync(current, duty is { Count: > 0 } ? duty : null, cancellationToken) is { } saved ? (saved, true) : null;
    }

    /// <summary>
    /// Queues step <paramref name="step"/> of several incidents together: a recipient of more than one of them gets one email
    /// listing theirs (most severe first, each with their acknowledge link), a recipient of one gets that incident's usual
    /// notice, and the channel one card listing all; then each incident's step is marked queued. The escalation run tells
    /// together only the steps it claimed (<see cref="ClaimStepsAsync"/>), so a second run never lists them again; a crash in
    /// between leaves them recorded and not queued, and a run after the claim's lease queues each on its own.
    /// </summary>
    private async Task QueueStepsTogetherAsync(int step, IReadOnlyList<Versioned<Incident>> stored, CancellationToken cancellationToken)
    {
        var ordered = stored.OrderBy(v => v.Value.Severity).ThenBy(v => v.Value.DetectedAt).ThenBy(v => v.Value.Id, StringComparer.Ordinal).ToList();
        var list = ordered.Select(v => v.Value).ToList();
        var readers = new Dictionary<string, (PageRecipient Reader, List<Incident> Incidents)>(StringComparer.OrdinalIgnoreCase);
        var roster = await RosterNowAsync(cancellationToken);
        foreach (var incident in list)
        {
            foreach (var r in EscalationPolicy.Recipients(incident, step, options.Value, TeamLanguage).Where(r => !string.IsNullOrWhiteSpace(r.Email)).Select(r => OnRosterNow(r, roster)))
            {
                (readers.TryGetValue(r.Email, out var entry) ? entry : readers[r.Email] = (r, [])).Incidents.Add(incident);
            }
        }

        var queued = new List<OutboxMessage>();
        var leadsAway = await LeadsAwayNextAsync(step, cancellationToken);
        // Handed over unanswered at escalation 1: who stayed on duty through it had it all along (a storm's hand-over is rare: a timeline read each).
        var stayed = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var incident in list.Where(i => step == 1 && i.PagedBefore.Count > 0))
        {
            stayed[incident.Id] = TimelineStory.StayedOnDuty(await incidents.GetTimelineAsync(incident.Id, cancellationToken));
        }

        foreach (var (reader, theirs) in readers.Values.Where(x => x.Incidents.Count == 1))
        {
            var incident = theirs[0];
            queued.AddRange(messages.Compose(
                incident, IncidentNotice.ForStep(step, incident.PageRound), [reader], incident.Assignees, TeamLanguage, includeTeams: false, BaseUrl, options.Value,
                await AlertsAsync(incident.Id, cancellationToken), NamesIn(roster), MemberIdAt(roster), stayed.GetValueOrDefault(incident.Id), leadsAway));
        }

        // A storm's first pages: the incidents paged on their own before the hold (often the cause) are named, as a single first page does.
        var otherOpen = step == 0 ? await OtherOpenAsync(list, roster, cancellationToken) : null;
        queued.AddRange(messages.ComposeEscalatedTogether(
            step, list, [.. readers.Values.Where(x => x.Incidents.Count > 1).Select(x => (x.Reader, (IReadOnlyList<Incident>)x.Incidents))],
            [.. list.SelectMany(i => i.Assignees)], TeamLanguage, teams.Enabled, BaseUrl, options.Value, NamesIn(roster), MemberIdAt(roster), stayedOnDuty: stayed, leadsAway: leadsAway,
            otherOpen: otherOpen));
        await outbox.EnqueueAsync(queued, cancellationToken);
        // Queued: from here a failure is one incident's, never a reason to tell them all again one by one.
        await Parallel.ForEachAsync(ordered, new ParallelOptions { MaxDegreeOfParallelism = RunParallelism, CancellationToken = cancellationToken }, async (v, ct) =>
        {
            try
            {
                await MarkStepQueuedAsync(v, step, ct, TopicsListing(queued, v.Value));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Incident {IncidentId}: step {Step} queued, marking it so failed; the next run queues it again", v.Value.Id, step);
            }
        });

        // Handed over unanswered (the pair changed since an earlier step): those taken off each are told who has it now.
        var rosterNow = roster;
        foreach (var incident in list)
        {
            await AnnounceHandoverAsync(incident, rosterNow, cancellationToken);
        }

        const int named = 20;
        logger.LogInformation(
            "Escalation step {Step} of {Count} incidents ({IncidentIds}) told together to {Recipients}",
            step, list.Count, string.Join(", ", list.Take(named).Select(i => i.Id)) + (list.Count > named ? $" and {list.Count - named} more" : ""), LoggedText.Recipients(readers.Keys));
    }

    /// <summary>
    /// <paramref name="message"/>, a mail of step <paramref name="step"/> told together, worded again for the incidents of it still
    /// <paramref name="waiting"/> (most severe first), saying <paramref name="answered"/> of all were acknowledged or resolved since
    /// it was queued; null when its reader is no longer one of the step's people (it then goes as queued).
    /// </summary>
    public async Task<OutboxMessage?> RetellTogetherAsync(OutboxMessage message, int step, IReadOnlyList<Incident> waiting, int answered, CancellationToken cancellationToken)
    {
        var ordered = waiting.OrderBy(i => i.Severity).ThenBy(i => i.DetectedAt).ThenBy(i => i.Id, StringComparer.Ordinal).ToList();
        var roster = await RosterNowAsync(cancellationToken);
        if (ordered.SelectMany(i => EscalationPolicy.Recipients(i, step, options.Value, TeamLanguage)).FirstOrDefault(r => Member.SameAddress(r.Email, message.Recipient)) is not { } reader)
        {
            return null;
        }

        // A hand-over's mail stays one: worded as handed over, from whom and who stays (a timeline read each: rare).
        var handedOver = OutboxIds.IsHandoversTopic(message.Topic);
        var stayed = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var incident in ordered.Where(_ => handedOver))
        {
            stayed[incident.Id] = TimelineStory.StayedOnDuty(await incidents.GetTimelineAsync(incident.Id, cancellationToken));
        }

        var composed = messages.ComposeEscalatedTogether(step, ordered, [(OnRosterNow(reader, roster), ordered)], [], TeamLanguage, includeTeams: false, BaseUrl, options.Value,
            NamesIn(roster), MemberIdAt(roster), answered, stayedOnDuty: stayed, leadsAway: await LeadsAwayNextAsync(step, cancellationToken), handedOver: handedOver);
        return composed.FirstOrDefault(m => m.Channel == Channel.Email) is { } email
            ? message with { Subject = email.Subject, TextBody = email.TextBody, HtmlBody = email.HtmlBody }
            : null;
    }

    /// <summary>
    /// <paramref name="message"/>, one incident's escalation email (<paramref name="notice"/>) going out late, worded as of now: a later
    /// step of its round that went meanwhile is said as sent (not promised "within 5 minutes"), and on the leads' or the organisation's
    /// step, the duty members <paramref name="notReached"/> nothing has reached yet are named (trial 36 H1). Null when its reader is no
    /// longer one of the step's people (it then goes as queued).
    /// </summary>
    public async Task<OutboxMessage?> RetellAsync(OutboxMessage message, Incident incident, IncidentNotice notice, IReadOnlyList<string> notReached, CancellationToken cancellationToken)
    {
        if (EscalationPolicy.Recipients(incident, notice.Step, options.Value, TeamLanguage).FirstOrDefault(r => Member.SameAddress(r.Email, message.Recipient)) is not { } reader)
        {
            return null;
        }

        var roster = await RosterNowAsync(cancellationToken);
        var composed = messages.Compose(incident, notice, [OnRosterNow(reader, roster)], incident.Assignees, TeamLanguage, includeTeams: false, BaseUrl, options.Value,
            await AlertsAsync(incident.Id, cancellationToken), NamesIn(roster), MemberIdAt(roster), leadsAway: await LeadsAwayNextAsync(notice.Step, cancellationToken), notReached: notReached);
        return composed.FirstOrDefault(m => m.Channel == Channel.Email) is { } email
            ? message with { Subject = email.Subject, TextBody = email.TextBody, HtmlBody = email.HtmlBody }
            : null;
    }

    /// <summary>
    /// The duty members now, read only when an open incident waits unanswered after escalation 1 (else none: nothing to hand
    /// over). Never in the way of the run: unreadable, nobody is handed anything and the steps due go out as before.
    /// </summary>
    private async Task<IReadOnlyList<AssignedMember>> DutyForHandOverAsync(IReadOnlyList<Incident> board, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!board.Any(i => i is { IsOpen: true, IsAcknowledged: false, NotifiedStep: >= 1 } && !i.PagesHeldAt(now)))
        {
            return [];
        }

        try
        {
            return await CurrentDutyAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning("Reading who is on duty for handing over unanswered incidents failed; the next run tries again: {Error}", ex.Message);
            return [];
        }
    }

    /// <summary>
    /// The duty members an open or just-resolved incident's reminders go to (the update reminder, the recovery notice owed): the pair
    /// on duty now. An acknowledged incident keeps the pair it was paged to, so after the handoff that is the outgoing pair, off duty,
    /// while the incoming pair — on duty, answering for it to the stakeholders — heard nothing; whoever took it is reminded besides, by
    /// the caller. Nobody on duty, or duty unreadable: the members it was paged to, as before.
    /// </summary>
    public async Task<IReadOnlyList<AssignedMember>> DutyToRemindAsync(Incident incident, CancellationToken cancellationToken)
    {
        try
        {
            var duty = await CurrentDutyAsync(cancellationToken);
            return duty.Count > 0 ? duty : incident.Assignees;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning("Reading who is on duty for the reminders of incident {IncidentId} failed; reminding the members it was paged to: {Error}", incident.Id, ex.Message);
            return incident.Assignees;
        }
    }

    /// <summary>Unanswered after escalation 1 with someone never paged about it on duty now: to be handed over to them.</summary>
    private static bool MayHandOver(Incident incident, IReadOnlyList<AssignedMember> duty, DateTimeOffset now) =>
        duty.Count > 0 && incident is { IsOpen: true, IsAcknowledged: false, NotifiedStep: >= 1, StepQueued: true } && !incident.PagesHeldAt(now)
        && incident.IncomingOf(duty).Count > 0;

    /// <summary>A step recorded but not yet queued (a crash in between), or a later step due by now.</summary>
    private bool HasWorkDue(Incident incident, DateTimeOffset now) => EscalationPolicy.OwedSince(incident, now, options.Value.AckTimeouts) is not null;

    /// <summary>
    /// Tells the others who took the incident: the duty members, and, once escalation went past them, every lead and list its pages
    /// reached (<see cref="PagesReached"/>), so the organisation's list knows whom to reach — and the channel. Never the person who
    /// acknowledged (<see cref="Acknowledger"/>: by member id, address, or a typed name that is theirs). A monitoring tool's
    /// acknowledgement of one nobody on duty was paged about tells the leads, whose page it may have dropped before it went.
    /// </summary>
    /// <param name="overTool">A person took it over a monitoring tool's acknowledgement: the notice goes under ids of its own
    /// (<see cref="IncidentNotice.Ack"/>), the tool's 対応開始 notice having reached the same people under the round's.</param>
    /// <param name="tool">With <paramref name="overTool"/>: the name that tool gave itself, which the notice says; null when none.</param>
    /// <returns>How many people were told (the channel not counted): none when nobody else was on it.</returns>
    public async Task<int> AnnounceAcknowledgementAsync(Incident incident, string by, CancellationToken cancellationToken, bool overTool = false, string? tool = null)
    {
        var alerts = await AlertsAsync(incident.Id, cancellationToken);
        var roster = await RosterNowAsync(cancellationToken);
        var acker = Acknowledger.Of(incident, by, roster, options.Value.OrganisationList);
        var recipients = await OthersPagedAsync(incident, acker, roster, cancellationToken);

        // Nobody on duty: the leads hear of the tool's acknowledgement as the pair would have.
        recipients.AddRange(LeadsInsteadOfNobodyOnDuty(incident, by).Select(r => OnRosterNow(r, roster)));

        // One mail each: a lead reached by a page and named again above, any case and spaces.
        recipients = [.. recipients.GroupBy(r => string.IsNullOrWhiteSpace(r.Email) ? r.TokenSubject : r.Email.Trim().ToLowerInvariant(), StringComparer.Ordinal).Select(g => g.First())];
        await outbox.EnqueueAsync(
            messages.Compose(
                incident, IncidentNotice.Ack(await NameOfAsync(incident.Assignees, by, cancellationToken), incident.PageRound, overTool, tool), recipients, incident.Assignees, TeamLanguage, teams.Enabled, BaseUrl, options.Value, alerts,
                NamesIn(roster)),
            cancellationToken);
        return recipients.Count;
    }

    /// <summary>
    /// Member <paramref name="by"/> took <paramref name="incident"/> over from <paramref name="previous"/> (who had acknowledged it from
    /// <paramref name="previousFrom"/>, when known): the previous holder is told once by mail, in their language, that the requests
    /// for updates go to the new holder from now on (<see cref="IncidentNotice.TookOver"/>, named by the new holder: taking it over
    /// again sends nothing twice) — and, when they are on duty now, that those requests still reach them too. Nobody is told when the
    /// previous holder has no address. Returns how many were told.
    /// </summary>
    public async Task<int> AnnounceTakeoverAsync(Incident incident, string by, string previous, string? previousFrom, CancellationToken cancellationToken)
    {
        var roster = await RosterNowAsync(cancellationToken);
        if (Acknowledger.Of(incident, previous, previousFrom, roster, options.Value.OrganisationList).AsReader(TeamLanguage) is not { } reader)
        {
            logger.LogInformation("Incident {IncidentId}: taken over by {By}; the previous holder has no address to tell", incident.Id, by);
            return 0;
        }

        // Still on duty, they keep getting the requests for updates with the pair (UpdateNudger): the notice must not say they stop.
        var stillOnDuty = (await DutyToRemindAsync(incident, cancellationToken)).Any(d => Member.SameAddress(d.Id, previous) || Member.SameAddress(d.Email, reader.Email));
        await outbox.EnqueueAsync(
            messages.Compose(incident, IncidentNotice.TookOver(await NameOfAsync(incident.Assignees, by, cancellationToken), by, stillOnDuty), [reader], incident.Assignees,
                TeamLanguage, includeTeams: false, BaseUrl, options.Value, nameOf: NamesIn(roster)),
            cancellationToken);
        return 1;
    }

    /// <summary>
    /// <paramref name="assignedBy"/> handed <paramref name="incident"/> to <paramref name="holder"/> (a lead reassigning it): the new
    /// holder is told by mail, in their language, that it is theirs and the requests for updates come to them. Once per incident and
    /// holder (<see cref="IncidentNotice.Assigned"/>). Nobody is told when the holder has no address.
    /// </summary>
    public async Task AnnounceAssignmentAsync(Incident incident, Member holder, string assignedBy, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(holder.Email))
        {
            logger.LogInformation("Incident {IncidentId}: assigned to {Holder}, who has no address to tell", incident.Id, holder.Id);
            return;
        }

        var roster = await RosterNowAsync(cancellationToken);
        await outbox.EnqueueAsync(
            messages.Compose(incident, IncidentNotice.Assigned(await NameOfAsync(incident.Assignees, assignedBy, cancellationToken), holder.Id),
                [PageRecipient.From(holder)], incident.Assignees,
                TeamLanguage, includeTeams: false, BaseUrl, options.Value, nameOf: NamesIn(roster)),
            cancellationToken);
        await RecordReachedAsync(incident, [holder.Email], ReachedReader.Asked, cancellationToken);
    }

    /// <summary>
    /// <paramref name="by"/> added <paramref name="address"/> as a reader of <paramref name="incident"/> (<see cref="IncidentReaders"/>): they
    /// are told once by mail (<see cref="IncidentNotice.ReaderAdded"/>, named by the address), in their language when the roster knows
    /// them, else the team's: who added them, its title, its page and that it is not to be forwarded.
    /// </summary>
    public async Task AnnounceReaderAsync(Incident incident, string address, string by, CancellationToken cancellationToken)
    {
        var roster = await RosterNowAsync(cancellationToken);
        await outbox.EnqueueAsync(
            messages.Compose(incident, IncidentNotice.ReaderAdded(await NameOfAsync(incident.Assignees, by, cancellationToken), address), [ReaderAt(address, roster)], incident.Assignees,
                TeamLanguage, includeTeams: false, BaseUrl, options.Value, nameOf: NamesIn(roster)),
            cancellationToken);
    }

    /// <summary>
    /// <paramref name="incident"/> was declared or marked confidential by <paramref name="by"/> at <paramref name="at"/>: each address in
    /// <see cref="IncidentOptions.ConfidentialReaders"/> (the security officer) is told once by mail (<see cref="IncidentNotice.MarkedConfidential"/>,
    /// one id per incident and address), in their language when the roster knows them, else the team's: who marked it and when, why
    /// when given, that its page is readable to them, and not to forward it. Nobody when none is set or it is not confidential.
    /// </summary>
    public async Task AnnounceConfidentialAsync(Incident incident, string by, DateTimeOffset at, string? reason, CancellationToken cancellationToken)
    {
        var officers = options.Value.ConfidentialReaderAddresses.Select(IncidentReader.Normalise).Distinct(StringComparer.Ordinal).ToList();
        if (!incident.Confidential || officers.Count == 0)
        {
            return;
        }

        var roster = await RosterNowAsync(cancellationToken);
        await outbox.EnqueueAsync(
            messages.Compose(incident, IncidentNotice.MarkedConfidential(await NameOfAsync(incident.Assignees, by, cancellationToken), at, reason),
                [.. officers.Select(a => ReaderAt(a, roster))], incident.Assignees, TeamLanguage, includeTeams: false, BaseUrl, options.Value, nameOf: NamesIn(roster)),
            cancellationToken);
    }

    /// <summary>
    /// The security officer's mail <paramref name="incidentId"/> owes (<see cref="Incident.OwesOfficerMail"/>: queuing it failed when it
    /// became confidential) is queued now, saying what it would have then, under the same ids (nobody told twice), and recorded queued.
    /// True when it queued it now; false when none is owed (lifted since: nothing is owed).
    /// </summary>
    public async Task<bool> QueueOwedOfficerMailAsync(string incidentId, CancellationToken cancellationToken)
    {
        if (await incidents.GetAsync(incidentId, cancellationToken) is not { Value: { OfficerMailOwed: { } owed } incident } || !incident.OwesOfficerMail)
        {
            return false;
        }

        await AnnounceConfidentialAsync(incident, owed.By, owed.At, owed.Reason, cancellationToken);
        var recorded = false;
        await incidents.MutateAsync(incidentId, i => recorded = i.RecordOfficerMailQueued(time.GetUtcNow()), cancellationToken);
        logger.LogInformation("Incident {IncidentId}: queued the security officer's mail it owed", incidentId);
        return recorded;
    }

    /// <summary>Someone told by <paramref name="address"/> (a reader, the security officer): as the active member who has it, else the address in the team's language.</summary>
    private PageRecipient ReaderAt(string address, IReadOnlyDictionary<string, Member> roster) =>
        roster.Values.FirstOrDefault(m => m.Active && Member.SameAddress(m.Email, address)) is { } member
            ? new PageRecipient(address, member.DisplayName, member.Language, member.Id) { TimeZone = member.TimeZone }
            : PageRecipient.At(address, TeamLanguage);

    /// <summary>
    /// <paramref name="assignedBy"/> made <paramref name="lead"/> the communications lead of <paramref name="incident"/> (連絡担当): they are
    /// told by mail, in their language, that the requests for updates come to them (<see cref="IncidentNotice.CommsLeadAssigned"/>, once
    /// per time a lead was set), and by a short text where its severity pages by SMS, counted in their text budget as an assignment's
    /// (<see cref="IncidentNotice.AsksOnePerson"/>): made it at night, a mail alone waits till morning. Nobody is told when they have no address.
    /// </summary>
    public async Task AnnounceCommsLeadAsync(Incident incident, Member lead, string assignedBy, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(lead.Email))
        {
            logger.LogInformation("Incident {IncidentId}: {Lead} made communications lead, who has no address to tell", incident.Id, lead.Id);
            return;
        }

        var roster = await RosterNowAsync(cancellationToken);
        await outbox.EnqueueAsync(
            messages.Compose(incident, IncidentNotice.CommsLeadAssigned(await NameOfAsync(incident.Assignees, assignedBy, cancellationToken), lead.Id, incident.CommsLeadCount),
                [PageRecipient.From(lead)], incident.Assignees,
                TeamLanguage, includeTeams: false, BaseUrl, options.Value, nameOf: NamesIn(roster)),
            cancellationToken);
    }

    /// <summary>
    /// The merge of <paramref name="incident"/> into <paramref name="from"/> was undone by <paramref name="by"/> and it is open again
    /// under the acknowledgement a person gave it before the merge: that person is told once by mail, in their language, that it is
    /// theirs again (<see cref="IncidentNotice.Unmerged"/>) — nobody pages them, and the alerts that came back with it land there.
    /// Nobody is told when it was not acknowledged by a person (the pair is paged instead) or that person has no address. Returns how many were told.
    /// </summary>
    public async Task<int> AnnounceUnmergeAsync(Incident incident, string from, string by, CancellationToken cancellationToken)
    {
        if (!incident.IsOpen || !incident.AcknowledgedByPerson)
        {
            return 0;
        }

        var roster = await RosterNowAsync(cancellationToken);
        if (Acknowledger.Of(incident, incident.AcknowledgedBy!, incident.AcknowledgedFrom, roster, options.Value.OrganisationList).AsReader(TeamLanguage) is not { } reader)
        {
            logger.LogInformation("Incident {IncidentId}: its merge into {From} undone by {By}; whoever had taken it has no address to tell", incident.Id, from, by);
            return 0;
        }

        await outbox.EnqueueAsync(
            messages.Compose(incident, IncidentNotice.Unmerged(from, await NameOfAsync(incident.Assignees, by, cancellationToken), incident.PageRound), [reader], incident.Assignees,
                TeamLanguage, includeTeams: false, BaseUrl, options.Value, nameOf: NamesIn(roster)),
            cancellationToken);
        return 1;
    }

    /// <summary>
    /// Everyone its pages reached but <paramref name="person"/>: the duty members, and, once escalation went past them, every lead and
    /// list (<see cref="PagesReached"/>), as the roster knows them now.
    /// </summary>
    private async Task<List<PageRecipient>> OthersPagedAsync(Incident incident, Acknowledger person, IReadOnlyDictionary<string, Member> roster, CancellationToken cancellationToken)
    {
        var recipients = OthersThan(incident.Assignees, person);
        if (incident.NotifiedStep >= 2)
        {
            // Steps 0 and 1 page the pair alone: only a later step reached anyone else, and only then is the timeline read.
            var paged = PagesReached.Of(incident, await incidents.GetTimelineAsync(incident.Id, cancellationToken));
            recipients.AddRange(paged.EmailsBeyond(incident.Assignees.Select(a => a.Email))
                .Select(address => OnRosterNow(PageRecipient.At(address, TeamLanguage), roster))
                .Where(r => !person.Is(r)));
        }

        return recipients;
    }

    /// <summary>
    /// <paramref name="by"/> resolved <paramref name="incident"/> by hand, writing <paramref name="said"/>: everyone else its pages
    /// reached (<see cref="OthersPagedAsync"/> — the partner of the one who acknowledged it, the leads an escalation reached; only those
    /// a page was delivered to or the 対応開始 notice told, <see cref="PagesReached.ToldOfItSoFar"/>) gets
    /// an email in their language saying who resolved it and when, and that nothing more is asked of them (trial 48: the partner
    /// heard 対応開始 and then nothing). The stakeholders hear it from the update itself, and so does the channel when a stakeholder
    /// notice went with it (<see cref="Comms.StakeholderNotifier"/> posts each notice there too). When no audience was told (a
    /// severity with none), the channel's last card about it was its page or 対応開始 (「状態 調査中」): it gets the resolved card
    /// too, if its page was posted there (trial 58). Nothing when its pages reached nobody, or it was merged
    /// (<see cref="AnnounceMergeAsync"/> says that). Ids name the close (by the reopens before it): announcing again sends nothing
    /// twice. Returns how many people were told.
    /// </summary>
    /// <param name="noticeOwed">
    /// A stakeholder notice to an audience is owed (the resolve's, whose queuing failed): it goes to the channel when the timer
    /// queues it, so the channel gets no resolved card of its own now — it would read the resolve twice.
    /// </param>
    public async Task<int> AnnounceResolvedByHandAsync(Incident incident, string by, string? said, CancellationToken cancellationToken, bool noticeOwed = false)
    {
        if (incident.IsOpen || incident.MergedInto is not null || incident.NotifiedStep < 0)
        {
            return 0;
        }

        var roster = await RosterNowAsync(cancellationToken);
        var resolver = Acknowledger.Of(incident, by, roster, options.Value.OrganisationList);
        var timeline = await incidents.GetTimelineAsync(incident.Id, cancellationToken);
        var told = PagesReached.ToldOfItSoFar(incident, timeline);
        var recipients = (await OthersPagedAsync(incident, resolver, roster, cancellationToken))
            .Where(r => !string.IsNullOrWhiteSpace(r.Email) && told.Any(e => Member.SameAddress(e, r.Email)))
            .GroupBy(r => r.Email.Trim().ToLowerInvariant(), StringComparer.Ordinal).Select(g => g.First()).ToList();
        // The channel heard its page; with no stakeholder notice (the update's, posted there too) it would hear nothing more.
        var channel = teams.Enabled && incident.Comms.ToldAudiences.Count == 0 && !noticeOwed && PagesReached.Of(incident, timeline).Channel;
        if (recipients.Count == 0 && !channel)
        {
            return 0;
        }

        await outbox.EnqueueAsync(
            messages.Compose(incident, IncidentNotice.Resolved(await NameOfAsync(incident.Assignees, by, cancellationToken), incident.ReopenCount, said), recipients, incident.Assignees,
                TeamLanguage, includeTeams: channel, BaseUrl, options.Value, nameOf: NamesIn(roster)),
            cancellationToken);
        logger.LogInformation("Incident {IncidentId}: resolved by hand by {By}; told the others its pages reached ({Count}){Channel}", incident.Id, by, recipients.Count, channel ? " and the channel" : "");
        return recipients.Count;
    }

    /// <summary>
    /// Every monitoring alert (<paramref name="source"/>) of <paramref name="incidentId"/> resolved, the last at <paramref name="resolvedAt"/>,
    /// and a person runs it (<see cref="Incident.RunByPerson"/>), so it stays open: the person on it is asked to resolve it if it is over
    /// (<see cref="IncidentMessages.ComposeAlertsResolved"/>) — whoever acknowledged it (a person), else the duty pair, else, with nobody
    /// on duty, the leads; whoever set it to 経過観察中 (<see cref="SetMonitoringAsync"/>); and the PM who declared it or an incident merged
    /// into it (<see cref="DeclarersAsync"/>); with Teams on, one card to the channel too. One message each, under an id of the resolve's time: asked again, nothing new is sent. Returns how many were queued.
    /// </summary>
    /// <param name="tools">The tools whose alerts resolved (<see cref="AlertTool.OfResolved"/>), as the mail names them.</param>
    public async Task<int> AnnounceAlertsResolvedAsync(string incidentId, string source, IReadOnlyList<AlertTool> tools, DateTimeOffset resolvedAt, CancellationToken cancellationToken)
    {
        if (await incidents.GetAsync(incidentId, cancellationToken) is not { Value: { RunByPerson: true } incident })
        {
            return 0;
        }

        var roster = await RosterNowAsync(cancellationToken);
        List<PageRecipient> readers = [];
        if (incident.AcknowledgedByPerson
            && Acknowledger.Of(incident, incident.AcknowledgedBy!, roster, options.Value.OrganisationList).AsReader(TeamLanguage) is { } acker)
        {
            readers.Add(acker);
        }

        if (readers.Count == 0)
        {
            readers.AddRange(incident.Assignees.Where(a => !string.IsNullOrWhiteSpace(a.Email)).Select(a => PageRecipient.MailOnly(a)));
        }

        if (readers.Count == 0)
        {
            // Nobody on duty: the leads, whom its pages reached instead.
            readers.AddRange(EscalationPolicy.Recipients(incident, EscalationPolicy.LeadsStep, options.Value, TeamLanguage).Where(r => !string.IsNullOrWhiteSpace(r.Email)).Select(r => OnRosterNow(r, roster)));
        }

        // Whoever set it to 経過観察中 is watching it, and whoever declared it, or an incident merged into it, runs it too: they decide
        // with the one on it whether it is over (one mail each).
        List<PageRecipient> alsoRunning = [.. await DeclarersAsync(incident, roster, cancellationToken)];
        if (await SetMonitoringAsync(incident, roster, cancellationToken) is { } watcher)
        {
            alsoRunning.Insert(0, watcher);
        }

        foreach (var person in alsoRunning)
        {
            if (!readers.Any(r => Member.SameAddress(r.Email, person.Email)))
            {
                readers.Add(person);
            }
        }

        var composed = messages.ComposeAlertsResolved(incident, readers, source, tools, resolvedAt, BaseUrl, options.Value, teams.Enabled, TeamLanguage);
        var queued = await outbox.EnqueueAsync(composed, cancellationToken);
        logger.LogInformation(
            "Incident {IncidentId}: every {Source} alert resolved and a person runs it; asked {Recipients} to resolve it if it is over ({Queued} new)",
            incident.Id, source, string.Join(", ", composed.Select(m => m.Recipient)), queued.Count);
        return queued.Count;
    }

    /// <summary>
    /// Who set <paramref name="incident"/> to 経過観察中 (the latest update to <see cref="IncidentStatus.Monitoring"/>) while it still is,
    /// as a reader in their language, found as <see cref="Acknowledger"/> finds them (the roster now); null when it is not monitoring,
    /// or for the JSON API's stand-in or a typed name the roster does not know. Reads the timeline only when it is monitoring.
    /// </summary>
    private async Task<PageRecipient?> SetMonitoringAsync(Incident incident, IReadOnlyDictionary<string, Member> roster, CancellationToken cancellationToken)
    {
        if (incident.Status != IncidentStatus.Monitoring)
        {
            return null;
        }

        var by = (await incidents.GetTimelineAsync(incident.Id, cancellationToken))
            .LastOrDefault(e => e.Kind == TimelineKind.Update && e.Status == IncidentStatus.Monitoring)?.By;
        return PersonAsReader(incident, by, roster);
    }

    /// <summary>
    /// <paramref name="by"/> (who did something on <paramref name="incident"/>) as a reader in their language, found as
    /// <see cref="Acknowledger"/> finds them (the roster now); null for OnDuty, a monitoring tool, the JSON API's stand-in
    /// (<see cref="Retros.IncidentResponders.IsResponder"/>) or a typed name the roster does not know.
    /// </summary>
    private PageRecipient? PersonAsReader(Incident incident, string? by, IReadOnlyDictionary<string, Member> roster) =>
        Retros.IncidentResponders.IsResponder(by) ? Acknowledger.Of(incident, by, roster, options.Value.OrganisationList).AsReader(TeamLanguage) : null;

    /// <summary>
    /// Who declared <paramref name="incident"/> and the incidents merged into it (<see cref="Incident.DeclaredMergedIn"/>), and those
    /// merged into them in turn, as readers in their language: a member by id, address or name as <see cref="Acknowledger"/> finds them
    /// (the roster now), else the address they declared as; nobody for a monitoring tool, the JSON API's stand-in or a typed name the
    /// roster does not know. Reads nothing more when nothing declared was merged in.
    /// </summary>
    private async Task<IReadOnlyList<PageRecipient>> DeclarersAsync(Incident incident, IReadOnlyDictionary<string, Member> roster, CancellationToken cancellationToken)
    {
        var found = new List<PageRecipient>();
        if (PersonAsReader(incident, incident.OpenedBy, roster) is { } own)
        {
            found.Add(own);
        }

        if (!incident.DeclaredMergedIn)
        {
            return found;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal) { incident.Id };
        var pending = new Queue<string>(incident.MergedIncidents);
        while (pending.TryDequeue(out var id) && seen.Count <= Incident.MaxMergedIncidents * 2)
        {
            if (!seen.Add(id) || await incidents.GetAsync(id, cancellationToken) is not { Value: var merged })
            {
                continue;
            }

            if (PersonAsReader(merged, merged.OpenedBy, roster) is { } declarer)
            {
                found.Add(declarer);
            }

            foreach (var next in merged.MergedIncidents)
            {
                pending.Enqueue(next);
            }
        }

        return found;
    }

    /// <summary>
    /// The leads, when a monitoring tool (<paramref name="acknowledgedBy"/>) acknowledged an incident with nobody on duty: its first
    /// page went straight to them and the tool's acknowledgement may have dropped it unsent, so they hear of the acknowledgement and
    /// of the recovery as the pair would have. Empty otherwise.
    /// </summary>
    private IReadOnlyList<PageRecipient> LeadsInsteadOfNobodyOnDuty(Incident incident, string? acknowledgedBy) =>
        Incident.IsMonitoring(acknowledgedBy) && !incident.Assignees.Any(a => !string.IsNullOrWhiteSpace(a.Email))
            ? [.. EscalationPolicy.Recipients(incident, EscalationPolicy.LeadsStep, options.Value, TeamLanguage)]
            : [];

    /// <summary>
    /// Monitoring resolved <paramref name="incidentId"/> before anyone acknowledged it: everyone its pages of this round reached —
    /// the pair, the leads and lists escalation got to, the channel (and the pair and channel whenever only a tool acknowledged it:
    /// <see cref="PagesReached.ToldOfRecovery"/>) — is told it recovered and nothing is needed
    /// (<see cref="IncidentMessages.ComposeRecovered"/>), each in their language, by text too where a page texted them. Nobody else a
    /// page never reached (one still queued is dropped, as the incident resolved). Nothing when someone acknowledged it or a person
    /// already posted an update on it (they own it: the recovery-owed reminder applies when stakeholders were told), or it was merged. Ids name the round: repeating it sends nothing twice. Returns how
    /// many messages were queued.
    /// </summary>
    /// <remarks>
    /// In a storm (<see cref="IncidentOptions.StormPages"/> set, and that many recoveries announced within its window on all
    /// instances together), the notice is left owed: the next <c>EscalateIncidents</c> run tells every one held so far together
    /// (<see cref="AnnounceRecoveriesOwedAsync"/>), one mail per person instead of one per incident.
    /// </remarks>
    public Task<int> AnnounceRecoveryAsync(string incidentId, CancellationToken cancellationToken) => AnnounceRecoveryAsync(incidentId, mayHold: true, cancellationToken);

    private async Task<int> AnnounceRecoveryAsync(string incidentId, bool mayHold, CancellationToken cancellationToken)
    {
        if (await incidents.GetAsync(incidentId, cancellationToken) is not { Value: var incident } || !incident.OwesRecoveredNotice)
        {
            return 0;
        }

        if (mayHold && await HoldRecoveryAsync(incident, time.GetUtcNow(), cancellationToken) is { } recovered)
        {
            logger.LogInformation(
                "Incident {IncidentId}: \"recovered\" notice held, {Recovered} recoveries within {Window} (Incidents__StormPages {StormPages}); the next EscalateIncidents run tells the held ones together",
                incident.Id, recovered, options.Value.StormWindow, options.Value.StormPages);
            return 0;
        }

        var paged = PagesReached.ToldOfRecovery(incident, await incidents.GetTimelineAsync(incidentId, cancellationToken));
        if (LeadsInsteadOfNobodyOnDuty(incident, incident.AcknowledgedBy) is { Count: > 0 } leadsTold)
        {
            // Nobody on duty: the tool's 対応開始 notice told the leads (AnnounceAcknowledgementAsync), whose page it may have dropped.
            paged = paged with { Emails = [.. paged.Emails, .. leadsTold.Select(r => r.Email).Where(l => !paged.Emails.Any(e => Member.SameAddress(e, l)))] };
        }

        if (paged.Emails.Count == 0 && paged.Texted.Count == 0 && !paged.Channel)
        {
            await MarkRecoveredToldAsync(incident, cancellationToken); // nobody to tell: nothing for the timer to catch up
            return 0;
        }

        var roster = await RosterNowAsync(cancellationToken);
        var composed = messages.ComposeRecovered(
            incident, [.. paged.Emails.Select(e => RecoveredReader(incident, e, roster))], [.. paged.Texted.Select(t => RecoveredTexted(incident, t, roster))],
            TeamLanguage, teams.Enabled && paged.Channel, BaseUrl, options.Value);
        await outbox.EnqueueAsync(composed, cancellationToken);
        await MarkRecoveredToldAsync(incident, cancellationToken);
        logger.LogInformation(
            "Incident {IncidentId}: resolved by monitoring before anyone acknowledged it; told those its pages reached ({Recipients}) that nothing is needed",
            incident.Id, string.Join(", ", composed.Select(m => m.Recipient)));
        return composed.Count;
    }

    /// <summary>Who an address a page reached is, for a "recovered" notice: a duty member of the incident, else the roster's member, else the address.</summary>
    private PageRecipient RecoveredReader(Incident incident, string address, IReadOnlyDictionary<string, Member> roster) =>
        incident.Assignees.FirstOrDefault(a => Member.SameAddress(a.Email, address)) is { } a
            ? PageRecipient.MailOnly(a)
            : OnRosterNow(PageRecipient.At(address, TeamLanguage), roster);

    /// <summary>Who a number a page texted is, for a "recovered" text.</summary>
    private PageRecipient RecoveredTexted(Incident incident, string phone, IReadOnlyDictionary<string, Member> roster) =>
        incident.Assignees.FirstOrDefault(a => a.Phone == phone) is { } a ? PageRecipient.MailOnly(a) with { Phone = phone }
        : roster.Values.FirstOrDefault(m => m.Active && m.Phone == phone) is { } m ? PageRecipient.MailOnly(m) with { Phone = phone }
        : new PageRecipient("", null, TeamLanguage, phone) { Phone = phone };

    /// <summary>
    /// Counts a recovery of <paramref name="id"/> announced at <paramref name="now"/>: the number within the storm window, this one
    /// included, when its notice is to be held; null when it goes out now (the hold off, or fewer than
    /// <see cref="IncidentOptions.StormPages"/> before it). Counted on every instance as first pages are
    /// (<see cref="StormHoldAsync(string?, DateTimeOffset?, DateTimeOffset, bool, CancellationToken)"/>, those resolved before it): the
    /// index's copy of the resolve, saved before this is decided, says when monitoring resolved it unanswered (<see cref="Incident.RecoveredUnansweredAt"/>).
    /// </summary>
    private Task<int?> HoldRecoveryAsync(Incident incident, DateTimeOffset now, CancellationToken cancellationToken) =>
        StormHoldAsync(_recoveries, incidents.CountRecoveriesAsync, "recoveries", incident.Id, incident.RecoveredUnansweredAt ?? now, now, count: true, cancellationToken);

    /// <summary>
    /// Several incidents owing their "recovered" notice (a storm's, held): each person their pages reached gets one mail listing
    /// theirs, a member texted about any of them one text, the channel one card (<see cref="IncidentMessages.ComposeRecoveredTogether"/>);
    /// then each is recorded told. Returns how many messages were queued.
    /// </summary>
    private async Task<int> AnnounceRecoveriesTogetherAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        var owed = new List<(Incident Incident, PagesReached Paged)>();
        foreach (var id in ids)
        {
            if (await incidents.GetAsync(id, cancellationToken) is { Value: { OwesRecoveredNotice: true } incident })
            {
                owed.Add((incident, PagesReached.ToldOfRecovery(incident, await incidents.GetTimelineAsync(id, cancellationToken))));
            }
        }

        var told = owed.Where(o => o.Paged.Emails.Count > 0 || o.Paged.Texted.Count > 0 || o.Paged.Channel)
            .OrderBy(o => o.Incident.Severity).ThenBy(o => o.Incident.DetectedAt).ThenBy(o => o.Incident.Id, StringComparer.Ordinal).ToList();
        var queued = 0;
        if (told.Count > 0)
        {
            var roster = await RosterNowAsync(cancellationToken);
            var readers = new Dictionary<string, (PageRecipient Reader, List<Incident> Incidents)>(StringComparer.OrdinalIgnoreCase);
            var texted = new Dictionary<string, (PageRecipient Reader, List<Incident> Incidents)>(StringComparer.OrdinalIgnoreCase);
            foreach (var (incident, paged) in told)
            {
                foreach (var reader in paged.Emails.Select(e => RecoveredReader(incident, e, roster)).Where(r => !string.IsNullOrWhiteSpace(r.Email)))
                {
                    (readers.TryGetValue(reader.Email.Trim(), out var entry) ? entry : readers[reader.Email.Trim()] = (reader, [])).Incidents.Add(incident);
                }

                foreach (var reader in paged.Texted.Select(t => RecoveredTexted(incident, t, roster)))
                {
                    (texted.TryGetValue(reader.TokenSubject, out var entry) ? entry : texted[reader.TokenSubject] = (reader, [])).Incidents.Add(incident);
                }
            }

            var composed = messages.ComposeRecoveredTogether(
                [.. told.Select(o => o.Incident)], [.. readers.Values.Select(r => (r.Reader, (IReadOnlyList<Incident>)r.Incidents))],
                [.. texted.Values.Select(r => (r.Reader, (IReadOnlyList<Incident>)r.Incidents))], TeamLanguage, teams.Enabled && told.Any(o => o.Paged.Channel), BaseUrl, options.Value.TimeZone);
            await outbox.EnqueueAsync(composed, cancellationToken);
            queued = composed.Count;
            logger.LogInformation(
                "Incidents {IncidentIds}: resolved by monitoring unacknowledged in a storm; told those their pages reached together ({Recipients})",
                string.Join(", ", told.Select(o => o.Incident.Id)), string.Join(", ", composed.Select(m => m.Recipient)));
        }

        foreach (var (incident, _) in owed)
        {
            await MarkRecoveredToldAsync(incident, cancellationToken);
        }

        return queued;
    }

    /// <summary>
    /// Records that the "recovered" notice of <paramref name="incident"/>'s round is queued: the timer stops looking for it. A failure
    /// here leaves it owed, and the next run queues the same ids again (nothing twice).
    /// </summary>
    private async Task MarkRecoveredToldAsync(Incident incident, CancellationToken cancellationToken)
    {
        var round = incident.PageRound;
        await incidents.MutateAsync(incident.Id, i => i.RecordRecoveredTold(round), cancellationToken);
    }

    /// <summary>
    /// The timer's catch-up of <see cref="AnnounceRecoveryAsync"/>: the incidents on the board that monitoring resolved unacknowledged
    /// within the last day and whose "recovered" notice was never queued (queuing it at the resolve failed: storage or the queue
    /// was down, or the app stopped in between) are told now, under the same ids. Returns how many messages were queued.
    /// </summary>
    public async Task<int> AnnounceRecoveriesOwedAsync(IReadOnlyList<Incident> board, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var queued = 0;
        var owing = board.Where(i => i.OwesRecoveredNotice && now - i.ClosedAt <= RecoveredCatchUp).ToList();
        if (owing.Count > 1 && options.Value.StormPages > 0)
        {
            // A storm's recoveries (held at the resolve, or not queued then): told together, one mail per person. Without the
            // storm hold each is told on its own, under its own ids, as before.
            try
            {
                return await AnnounceRecoveriesTogetherAsync([.. owing.Select(i => i.Id)], cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One incident's trouble must not hold back the others': each is told on its own instead.
                logger.LogError(ex, "Telling incidents {IncidentIds} recovered together failed; each is told on its own", string.Join(", ", owing.Select(i => i.Id)));
            }
        }

        foreach (var owed in owing)
        {
            using var scope = logger.BeginIncidentScope(owed.Id);
            try
            {
                var count = await AnnounceRecoveryAsync(owed.Id, mayHold: false, cancellationToken);
                queued += count;
                if (count > 0)
                {
                    logger.LogInformation("Incident {IncidentId}: the \"recovered\" notice not queued at its resolve is queued now", owed.Id);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Incident {IncidentId}: telling those paged that it recovered failed again; the next run retries", owed.Id);
            }
        }

        return queued;
    }

    /// <summary>
    /// <paramref name="duplicate"/> was merged into <paramref name="into"/> by <paramref name="by"/>: the others assigned to it (when
    /// they were paged about it) and the roster members who worked on it besides them — the PM who declared it, who updated it (trial
    /// day 33, M6) — get an email in their language, and the channel a card (when anyone was paged), saying where the work goes on.
    /// Ids are the notice's: announcing again sends nothing twice.
    /// When the one merging had acknowledged both incidents, the others paged and the channel already read that they have both
    /// (their 対応開始 notices, one for a storm acknowledged together): the merge changes nothing for them, so they are not told
    /// again — cleaning up a storm of nine duplicates at night is not nine mails to the partner (trial 51). Those who worked on it
    /// besides the pair are still told.
    /// </summary>
    public async Task AnnounceMergeAsync(Incident duplicate, string into, string by, CancellationToken cancellationToken)
    {
        var roster = await RosterNowAsync(cancellationToken);
        var (recipients, paged) = await MergeToldAsync(duplicate, into, by, roster, cancellationToken);
        if (!paged && recipients.Count == 0)
        {
            return; // nobody was paged about it, or they know the one merging has both, and nobody else worked on it: nobody is waiting to hear
        }

        await outbox.EnqueueAsync(
            messages.Compose(duplicate, IncidentNotice.Merged(into, await NameOfAsync(duplicate.Assignees, by, cancellationToken)),
                recipients, duplicate.Assignees, TeamLanguage, paged && teams.Enabled, BaseUrl, options.Value, nameOf: NamesIn(roster)),
            cancellationToken);
    }

    /// <summary>
    /// Several incidents merged into <paramref name="into"/> by one request (<see cref="IncidentMerger.MergeManyAsync"/>): everyone
    /// the single 統合 mail (<see cref="AnnounceMergeAsync"/>) would tell about any of <paramref name="duplicates"/> gets one email
    /// listing the ones they would have heard of, and the channel one card listing those it heard of — the duplicates that paged
    /// (as the single card), and <paramref name="toldChannel"/> (those whose stakeholder notices it read) —, instead of one of each
    /// per duplicate (trial 51: nine mails to the partner at 02:00). Ids are <paramref name="topic"/>'s (<see cref="OutboxIds.MergesTopic"/>):
    /// the same request repeated sends nothing twice.
    /// </summary>
    /// <returns>How many people were told (the channel not counted).</returns>
    public async Task<int> AnnounceMergesAsync(
        Incident into, IReadOnlyList<Incident> duplicates, string by, string topic, IReadOnlyCollection<string> toldChannel, CancellationToken cancellationToken)
    {
        var roster = await RosterNowAsync(cancellationToken);
        var readers = new Dictionary<string, (PageRecipient Reader, List<Incident> Duplicates)>(StringComparer.Ordinal);
        var channel = new List<Incident>();
        foreach (var duplicate in duplicates)
        {
            var (recipients, paged) = await MergeToldAsync(duplicate, into.Id, by, roster, cancellationToken);
            if (paged || toldChannel.Contains(duplicate.Id))
            {
                channel.Add(duplicate);
            }

            foreach (var r in recipients.Where(r => !string.IsNullOrWhiteSpace(r.Email)))
            {
                // One mail each, whatever the number of duplicates they were on (the same address, any case and spaces).
                var key = r.Email.Trim().ToLowerInvariant();
                if (!readers.TryGetValue(key, out var theirs))
                {
                    readers[key] = theirs = (r, []);
                }

                theirs.Duplicates.Add(duplicate);
            }
        }

        var queued = messages.ComposeMergedTogether(
            into, await NameOfAsync([.. into.Assignees, .. duplicates.SelectMany(d => d.Assignees)], by, cancellationToken),
            [.. readers.Values.Select(r => (r.Reader, (IReadOnlyList<Incident>)r.Duplicates))], channel, topic, TeamLanguage, teams.Enabled, BaseUrl);
        await outbox.EnqueueAsync(queued, cancellationToken);
        logger.LogInformation("Incidents merged into {Into} together: {Count}, by {By}; messages telling the others: {Messages}", into.Id, duplicates.Count, by, queued.Count);
        return readers.Count;
    }

    /// <summary>
    /// Whom the 統合 mail about <paramref name="duplicate"/> goes to: the others assigned to it when they were paged about it and do not
    /// know the one merging has both (<see cref="MergerHadBothAsync"/>; then <c>Paged</c>, and the channel hears too), and those who
    /// worked on it besides them (<see cref="WorkedOnAsync"/>).
    /// </summary>
    private async Task<(IReadOnlyList<PageRecipient> Recipients, bool Paged)> MergeToldAsync(
        Incident duplicate, string into, string by, IReadOnlyDictionary<string, Member> roster, CancellationToken cancellationToken)
    {
        var workedOn = await WorkedOnAsync(duplicate, roster, by, cancellationToken);
        var paged = duplicate.NotifiedStep >= 0 && !await MergerHadBothAsync(duplicate, into, by, roster, cancellationToken);
        return ([.. paged ? OthersThan(duplicate.Assignees, by) : [], .. workedOn], paged);
    }

    /// <summary>
    /// Whether <paramref name="by"/>, a roster member, had acknowledged both <paramref name="duplicate"/> and the incident it was merged
    /// into (<paramref name="into"/>) before the merge: the others paged were told so by each one's 対応開始 notice.
    /// </summary>
    private async Task<bool> MergerHadBothAsync(Incident duplicate, string into, string by, IReadOnlyDictionary<string, Member> roster, CancellationToken cancellationToken)
    {
        if (!duplicate.AcknowledgedByPerson || await incidents.GetAsync(into, cancellationToken) is not { Value: { AcknowledgedByPerson: true } target })
        {
            return false;
        }

        var merger = Acknowledger.Of(duplicate, by, roster, options.Value.OrganisationList).MemberId;
        return merger is not null
            && string.Equals(Acknowledger.Of(duplicate, duplicate.AcknowledgedBy!, roster, options.Value.OrganisationList).MemberId, merger, StringComparison.OrdinalIgnoreCase)
            && string.Equals(Acknowledger.Of(target, target.AcknowledgedBy!, roster, options.Value.OrganisationList).MemberId, merger, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The active roster members with an address who acted on <paramref name="incident"/> (<see cref="Retros.IncidentResponders"/>:
    /// declared it, updated it, acknowledged it …) and are neither its duty members nor <paramref name="by"/>. A typed name the
    /// roster does not know has no address and is left out; a timeline that cannot be read leaves them all out (the pair is still told).
    /// </summary>
    private async Task<IReadOnlyList<PageRecipient>> WorkedOnAsync(Incident incident, IReadOnlyDictionary<string, Member> roster, string by, CancellationToken cancellationToken)
    {
        IReadOnlyList<TimelineEntry> timeline;
        try
        {
            timeline = await incidents.GetTimelineAsync(incident.Id, cancellationToken);
        }
        catch (DependencyUnavailableException ex)
        {
            logger.LogWarning("Incident {IncidentId}: reading who worked on it failed; telling its duty members only: {Error}", incident.Id, ex.Message);
            return [];
        }

        var members = roster.Values.Distinct().ToList();
        return [.. Retros.IncidentResponders.Of(incident, timeline, members).Acted
            .Select(who => members.FirstOrDefault(m => m.Active && string.Equals(m.Id, who, StringComparison.OrdinalIgnoreCase)))
            .OfType<Member>()
            .Where(m => !string.IsNullOrWhiteSpace(m.Email)
                && !incident.Assignees.Any(a => string.Equals(a.Id, m.Id, StringComparison.OrdinalIgnoreCase) || Member.SameAddress(a.Email, m.Email)))
            .Select(m => PageRecipient.MailOnly(m))
            .Where(r => !IsBy(r, by))];
    }

    /// <summary>
    /// Several incidents acknowledged at once by <paramref name="by"/>: everyone else the single 対応開始 mail would tell about any of
    /// them — its duty members, and once escalation went past them every lead and list its pages reached (<see cref="PagesReached"/>)
    /// — gets one email in their language listing them all, and the channel one card, instead of one of each per incident. Never
    /// the person who acknowledged (<see cref="Acknowledger"/>).
    /// </summary>
    /// <param name="overTool">The ids of those a monitoring tool alone had acknowledged before, each with the name that tool gave itself
    /// ("" when none) (<see cref="AnnounceAcknowledgementAsync"/>).</param>
    /// <returns>How many people were told (the channel not counted): none when nobody else was on them.</returns>
    public async Task<int> AnnounceAcknowledgementsAsync(IReadOnlyList<Incident> acknowledged, string by, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? overTool = null)
    {
        if (acknowledged.Count == 1)
        {
            var tool = overTool?.GetValueOrDefault(acknowledged[0].Id);
            return await AnnounceAcknowledgementAsync(acknowledged[0], by, cancellationToken, tool is not null, tool);
        }

        var assignees = acknowledged.SelectMany(i => i.Assignees).ToList();
        var list = acknowledged.OrderBy(i => i.Severity).ThenBy(i => i.Id, StringComparer.Ordinal).ToList();
        var roster = await RosterNowAsync(cancellationToken);
        var recipients = new List<PageRecipient>();
        foreach (var incident in list)
        {
            // As the single 対応開始 mail: the pair, and once escalation went past them every lead and list its pages reached.
            var acker = Acknowledger.Of(incident, by, roster, options.Value.OrganisationList);
            recipients.AddRange(OthersThan(incident.Assignees, acker).Where(r => !acker.Is(r) && !IsBy(r, by)));
            if (incident.NotifiedStep >= 2)
            {
                var paged = PagesReached.Of(incident, await incidents.GetTimelineAsync(incident.Id, cancellationToken));
                recipients.AddRange(paged.EmailsBeyond(incident.Assignees.Select(a => a.Email))
                    .Select(address => OnRosterNow(PageRecipient.At(address, TeamLanguage), roster))
                    .Where(r => !acker.Is(r)));
            }
        }

        // One mail each, whatever the number of incidents that paged them (the same address, any case and spaces).
        recipients = [.. recipients.Where(r => !string.IsNullOrWhiteSpace(r.Email))
            .GroupBy(r => r.Email.Trim().ToLowerInvariant(), StringComparer.Ordinal).Select(g => g.First())];
        var queued = messages.ComposeAcknowledgedTogether(
            list, await NameOfAsync(assignees, by, cancellationToken), recipients, OutboxIds.AcknowledgementsTopic(by, list.Select(i => i.Id)), TeamLanguage, teams.Enabled, BaseUrl, overTool);
        await outbox.EnqueueAsync(queued, cancellationToken);
        logger.LogInformation("Incidents acknowledged together: {Count}, by {By}; messages telling the others: {Messages}", acknowledged.Count, by, queued.Count);
        return recipients.Count;
    }

    /// <summary>
    /// Who did it, as the others know them: a duty member's display name, else a roster member's (a lead who merged or
    /// acknowledged, not on duty), else as given (a tool's <c>alert:{source}</c>, which the message layer names, or a typed name).
    /// </summary>
    private async Task<string> NameOfAsync(IEnumerable<AssignedMember> assignees, string by, CancellationToken cancellationToken)
    {
        if (assignees.FirstOrDefault(a => a.Id == by)?.DisplayName is { } assigned)
        {
            return assigned;
        }

        if (by.StartsWith("alert:", StringComparison.Ordinal) || by == "system")
        {
            return by;
        }

        return (await RosterNowAsync(cancellationToken)).TryGetValue(by, out var member) && !string.IsNullOrWhiteSpace(member.DisplayName) ? member.DisplayName : by;
    }

    /// <summary>Everyone assigned but who acknowledged (given by member id, address, or a name that is theirs ignoring spaces and case).</summary>
    private static List<PageRecipient> OthersThan(IEnumerable<AssignedMember> assignees, string by) =>
        [.. assignees
            .Where(a => !string.Equals(a.Id, by, StringComparison.OrdinalIgnoreCase) && !string.Equals(a.Email, by, StringComparison.OrdinalIgnoreCase) && !Member.SameName(a.DisplayName, by))
            .Select(a => PageRecipient.MailOnly(a))];

    /// <summary>Whether <paramref name="recipient"/> is who <paramref name="by"/> names (member id, address, or a name that is theirs).</summary>
    private static bool IsBy(PageRecipient recipient, string by) =>
        string.Equals(recipient.TokenSubject, by.Trim(), StringComparison.OrdinalIgnoreCase) || Member.SameAddress(recipient.Email, by) || Member.SameName(recipient.Name, by);

    /// <summary>Everyone assigned but <paramref name="acker"/>.</summary>
    private static List<PageRecipient> OthersThan(IEnumerable<AssignedMember> assignees, Acknowledger acker) =>
        [.. assignees.Select(a => PageRecipient.MailOnly(a)).Where(r => !acker.Is(r))];

    /// <summary>
    /// Tells the whole PM organisation (<c>Incidents__OrganisationList</c>, and the channel) about call <paramref name="call"/>
    /// for help, in the team's language — or, when the caller asked one member by name (<paramref name="asked"/>), that member
    /// alone, by email in their language, without a channel card. Ids carry the call's number: queuing a call again sends
    /// nothing twice.
    /// </summary>
    public async Task CallForHelpAsync(Incident incident, int call, string by, string? message, CancellationToken cancellationToken, Member? asked = null)
    {
        IReadOnlyList<PageRecipient> recipients = asked is { } one
            ? [PageRecipient.From(one)]
            : EscalationPolicy.Recipients(incident, EscalationPolicy.LastStep, options.Value, TeamLanguage);
        var card = teams.Enabled && asked is null;
        if (recipients.Count == 0 && !card)
        {
            throw new InvalidOperationException("Nobody to call for help: set Incidents__OrganisationList.");
        }

        var alerts = await AlertsAsync(incident.Id, cancellationToken);
        var notice = IncidentNotice.Help(call, await NameOfAsync(incident.Assignees, by, cancellationToken), message) with { Asked = asked?.DisplayName };
        var composed = messages.Compose(incident, notice, recipients, incident.Assignees, TeamLanguage, card, BaseUrl, options.Value, alerts,
            NamesIn(await RosterNowAsync(cancellationToken)));
        await outbox.EnqueueAsync(composed, cancellationToken);
        if (asked is { Phone: { } phone } && PhoneNumber.IsValid(phone) && messages.Calls?.Rings(incident.Severity) == true && !composed.Any(m => m.Channel == Channel.Voice))
        {
            // The one asked would have been rung: their call budget (Voice__MaxCallsPerMember) is spent; the mail and text go.
            logger.LogWarning("Incident {IncidentId}: help call {Call} to {Member} not rung: the most calls a member gets within Voice__CallWindow reached", incident.Id, call, asked.Id);
        }

        logger.LogInformation("Incident {IncidentId}: help call {Call} by {By} to {Recipients}", incident.Id, call, by, LoggedText.Recipients(recipients.Select(r => r.Email)));
        await RecordReachedAsync(incident, recipients.Select(r => r.Email), ReachedReader.Asked, cancellationToken);
    }

    /// <summary>
    /// Queues the messages of the step recorded on <paramref name="incident"/>, to the recipients recorded with it (the send
    /// queue takes them from there), then marks the step queued. Queuing again after a crash is a no-op for what is already in
    /// the outbox (same ids).
    /// </summary>
    /// <remarks>
    /// Every page that goes to people is claimed first (<see cref="IIncidentRepository.TryClaimStepAsync"/>: the incident, its round
    /// and step, and the pair it goes to once it changed hands), unless the caller claimed it (<paramref name="claimed"/>): when another
    /// run claimed it moments ago it is left to that run, and the record returned as it is. A failure to queue gives the claim up
    /// (and throws), so the next run, or the caller's retry, queues it at once.
    /// </remarks>
    private async Task<Versioned<Incident>> QueueStepAsync(Versioned<Incident> stored, IReadOnlyList<TrackedAlert> alerts, CancellationToken cancellationToken, bool claimed = false)
    {
        if (!claimed && !await ClaimOneAsync(stored.Value, cancellationToken))
        {
            return stored;
        }

        try
        {
            return await QueueClaimedStepAsync(stored, alerts, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await ReleaseClaimAsync(stored.Value, cancellationToken);
            throw;
        }
    }

    /// <summary>
    /// Claims the step recorded on <paramref name="incident"/> for this call to queue. True when it may: claimed now, claimed longer
    /// than <see cref="StepClaimLease"/> ago by a run that stopped, or unclaimable (storage trouble: when in doubt, page — the
    /// messages' ids keep one already in the outbox from going twice). False when another run claimed it moments ago and queues it.
    /// </summary>
    private async Task<bool> ClaimOneAsync(Incident incident, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        try
        {
            if (await incidents.TryClaimStepAsync(incident.Id, incident.NotifiedStep, incident.PageRound, incident.ClaimTo(), now, cancellationToken) is { } at && now - at < StepClaimLease)
            {
                logger.LogInformation("Incident {IncidentId}: step {Step} is being queued by another run (claimed at {ClaimedAt}); left to it", incident.Id, incident.NotifiedStep, at);
                return false;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning("Incident {IncidentId}: claiming step {Step} failed; queued all the same: {Error}", incident.Id, incident.NotifiedStep, ex.Message);
        }

        return true;
    }

    private async Task<Versioned<Incident>> QueueClaimedStepAsync(Versioned<Incident> stored, IReadOnlyList<TrackedAlert> alerts, CancellationToken cancellationToken)
    {
        var incident = stored.Value;
        var step = incident.NotifiedStep;
        var roster = await RosterNowAsync(cancellationToken);
        var recipients = EscalationPolicy.Recipients(incident, step, options.Value, TeamLanguage).Select(r => OnRosterNow(r, roster)).ToList();
        var notice = IncidentNotice.ForStep(step, incident.PageRound);
        // Handed over unanswered (someone taken off it): who stayed on duty through the last handover, for the handed-over mails.
        var timeline = step >= 1 && incident.PagedBefore.Count > 0 ? await incidents.GetTimelineAsync(incident.Id, cancellationToken) : null;
        var stayed = timeline is null ? [] : TimelineStory.StayedOnDuty(timeline);
        var includeTeams = teams.Enabled;
        if (step == 1 && timeline is not null && ToldEscalationOneBefore(timeline, incident.PageRound) is { } told)
        {
            // Handed over at escalation 1: those this round's escalation 1 was queued for already (the member who stays) heard it,
            // alone or in a mail listing a storm (other ids: queued again, it would page them twice); the channel had its card.
            recipients = [.. recipients.Where(r => !told.Any(a => Member.SameAddress(a, r.Email)))];
            includeTeams = false;
        }

        var leadsAway = await LeadsAwayNextAsync(step, cancellationToken);
        // A new incident's first page names what else is open (trial 39 M1: a second investigation of one outage started at 3 a.m.).
        var otherOpen = step == 0 && incident.PageRound == 0 && !incident.StepToldBeforeHandOver ? await OtherOpenAsync(incident, roster, cancellationToken) : null;
        // Queued again for a hand-over after the leads' step: its people were told already (in a digest, perhaps), not again.
        IReadOnlyList<OutboxMessage> composed = incident.StepToldBeforeHandOver
            ? []
            : messages.Compose(incident, notice, recipients, incident.Assignees, TeamLanguage, includeTeams, BaseUrl, options.Value, alerts, NamesIn(roster), MemberIdAt(roster), stayed, leadsAway,
                otherOpen: otherOpen);
        if (step >= 2 && incident.PagedBefore.Count > 0 && await HandedOverAfterAsync(incident, cancellationToken) is { Count: > 0 } incoming)
        {
            // Handed over after the leads' step: the members who came on duty get escalation 1, as those it was handed over to.
            composed = [.. composed, .. messages.Compose(incident, IncidentNotice.ForStep(1, incident.PageRound), [.. incoming.Select(r => OnRosterNow(r, roster))],
                incident.Assignees, TeamLanguage, includeTeams: false, BaseUrl, options.Value, alerts, NamesIn(roster), MemberIdAt(roster), stayed)];
        }

        await outbox.EnqueueAsync(composed, cancellationToken);
        var saved = await MarkStepQueuedAsync(stored, step, cancellationToken);
        logger.LogInformation("Incident {IncidentId}: {Notice} step {Step} to {Recipients}", incident.Id, notice.Kind, step,
            incident.StepToldBeforeHandOver ? "the members handed it (its people told before)" : LoggedText.Recipients(recipients.Select(r => r.Email)));
        await AnnounceHandoverAsync(incident, roster, cancellationToken, stayed);
        return saved;
    }

    /// <summary>
    /// The other incidents open as <paramref name="incident"/>'s first page goes out (<see cref="Messages.OtherOpenIncidents"/>), from the
    /// status board's one query (<see cref="IIncidentRepository.ListOpenSummariesAsync"/>), read once for every copy of the page. The page must reach a person: a read that fails, or takes longer
    /// than <see cref="OtherOpenReadLimit"/>, is logged and the page goes without them.
    /// </summary>
    /// <remarks>
    /// That list is the instance's look at the board of up to a few seconds ago: an incident resolved (or merged) since, on another
    /// instance, can still be on it. So the ones the page names (at most <see cref="Messages.OtherOpenIncidents.MaxShown"/>) are read
    /// checked against the board as it is now (<see cref="IIncidentRepository.StillOpenAsync"/>: one query for all of them); one no
    /// longer open is left out and the next named in its place, checked in turn. The 「ほか 2 件」 past them is counted from the look.
    /// </remarks>
    private Task<Messages.OtherOpenIncidents?> OtherOpenAsync(Incident incident, IReadOnlyDictionary<string, Member> roster, CancellationToken cancellationToken) =>
        OtherOpenAsync([incident], roster, cancellationToken);

    /// <summary>As for one incident, the other open incidents besides all of <paramref name="listed"/> (a storm's first pages told together).</summary>
    private async Task<Messages.OtherOpenIncidents?> OtherOpenAsync(IReadOnlyList<Incident> listed, IReadOnlyDictionary<string, Member> roster, CancellationToken cancellationToken)
    {
        var incident = listed[0];
        using var limit = new CancellationTokenSource(OtherOpenReadLimit, time);
        using var read = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, limit.Token);
        try
        {
            var now = time.GetUtcNow();
            var open = (await incidents.ListOpenSummariesAsync(incident.Id, read.Token)).ToList();
            var fresh = new HashSet<string>(StringComparer.Ordinal);
            while (true)
            {
                var others = Messages.OtherOpenIncidents.Of(listed, open, now, NamesIn(roster));
                var unread = others?.Shown.Select(o => o.Incident.Id).Where(fresh.Add).ToList() ?? [];
                if (unread.Count == 0)
                {
                    return others;
                }

                // Each round checks at least one not checked before: it ends (almost always after one query).
                var stillOpen = await incidents.StillOpenAsync(unread, read.Token);
                open = [.. open.Where(i => !unread.Contains(i.Id, StringComparer.Ordinal) || stillOpen.Contains(i.Id))];
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Incident {IncidentId}: the other open incidents could not be read, its first page goes without them: {Error}", incident.Id, ex.Message);
            return null;
        }
    }

    /// <summary>How long a new incident's first page waits for the other open incidents it names before it goes without them.</summary>
    public static readonly TimeSpan OtherOpenReadLimit = TimeSpan.FromSeconds(2);

    /// <summary>
    /// When the last escalation-1 row of <paramref name="round"/> is a hand-over (<see cref="Incident.IsHandedOverPage"/>): everyone
    /// the round's escalation 1 was queued for before it (the pair paged first, members handed it earlier), by address. Null when
    /// escalation 1 is not being handed over (first sent, or re-addressed): then it goes to the step's people as recorded.
    /// </summary>
    private static List<string>? ToldEscalationOneBefore(IReadOnlyList<TimelineEntry> timeline, int round)
    {
        var rows = timeline.Where(e => e.Kind == TimelineKind.Escalated && e.Step == 1 && (e.Round ?? 0) == round).ToList();
        return rows.Count > 0 && Incident.IsHandedOverPage(rows[^1])
            ? [.. rows[..^1].SelectMany(e => e.Recipients).Where(r => !string.Equals(r, "teams", StringComparison.Ordinal))]
            : null;
    }

    /// <summary>
    /// The duty members an unanswered incident was handed over to since its step last sent (a step beyond the pair: the leads,
    /// the organisation), as the timeline's handed-over rows of this round name them (<see cref="Incident.IsHandedOverPage"/>).
    /// </summary>
    private async Task<List<PageRecipient>> HandedOverAfterAsync(Incident incident, CancellationToken cancellationToken)
    {
        var timeline = await incidents.GetTimelineAsync(incident.Id, cancellationToken);
        var round = incident.PageRound;
        var stepAt = timeline.LastOrDefault(e => e.Kind == TimelineKind.Escalated && e.Step == incident.NotifiedStep && (e.Round ?? 0) == round)?.At ?? DateTimeOffset.MinValue;
        var addresses = timeline.Where(e => Incident.IsHandedOverPage(e) && (e.Round ?? 0) == round && e.At >= stepAt).SelectMany(e => e.Recipients).ToList();
        return [.. EscalationPolicy.Recipients(incident, 1, options.Value, TeamLanguage).Where(r => addresses.Any(a => Member.SameAddress(a, r.Email)))];
    }

    /// <summary>
    /// An unanswered incident whose step just went to another pair: the members paged about it and taken off it
    /// (<see cref="Incident.PagedBefore"/>) get one short mail each, in their language, saying who has it now
    /// (「INC-… は新しい当番（山田・鈴木）に引き継ぎました」). Ids name the round and the reader: told once however often this runs.
    /// Never in the way of the page: a failure is logged.
    /// </summary>
    private async Task AnnounceHandoverAsync(Incident incident, IReadOnlyDictionary<string, Member> roster, CancellationToken cancellationToken, IReadOnlyList<string>? stayed = null)
    {
        if (incident.PagedBefore.Count == 0 || incident.NotifiedStep < 1 || incident.IsAcknowledged || !incident.IsOpen || incident.Assignees.Count == 0)
        {
            return;
        }

        try
        {
            var leaving = incident.PagedBefore
                .Select(id => roster.TryGetValue(id, out var m) && !string.IsNullOrWhiteSpace(m.Email) ? PageRecipient.MailOnly(m) : null)
                .OfType<PageRecipient>().ToList();
            if (leaving.Count == 0)
            {
                return;
            }

            await outbox.EnqueueAsync(
                messages.Compose(incident, IncidentNotice.HandedOver(incident.PageRound), leaving, incident.Assignees, TeamLanguage, false, BaseUrl, options.Value, nameOf: NamesIn(roster),
                    stayedOnDuty: stayed ?? TimelineStory.StayedOnDuty(await incidents.GetTimelineAsync(incident.Id, cancellationToken))),
                cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning("Incident {IncidentId}: telling the members taken off it who has it now failed: {Error}", incident.Id, ex.Message);
        }
    }

    /// <summary>
    /// Several unanswered incidents just handed over together (<see cref="QueueHandedOverTogetherAsync"/>): each member taken off
    /// them (<see cref="Incident.PagedBefore"/>) is told who has them now in one mail listing theirs
    /// (<see cref="IncidentMessages.ComposeHandedOverTogether"/>), or, taken off one, that one's usual mail — the same rule as the
    /// incoming side's. Never in the way of the pages: a failure is logged.
    /// </summary>
    private async Task AnnounceHandoversAsync(
        IReadOnlyList<Incident> handed, IReadOnlyDictionary<string, Member> roster, IReadOnlyDictionary<string, IReadOnlyList<string>> stayed, CancellationToken cancellationToken)
    {
        try
        {
            var readers = new Dictionary<string, (PageRecipient Reader, List<Incident> Incidents)>(StringComparer.OrdinalIgnoreCase);
            foreach (var incident in handed.Where(i => i is { PagedBefore.Count: > 0, NotifiedStep: >= 1, IsAcknowledged: false, IsOpen: true, Assignees.Count: > 0 }))
            {
                foreach (var m in incident.PagedBefore.Select(id => roster.TryGetValue(id, out var m) && !string.IsNullOrWhiteSpace(m.Email) ? m : null).OfType<Member>())
                {
                    (readers.TryGetValue(m.Email, out var entry) ? entry : readers[m.Email] = (PageRecipient.MailOnly(m), [])).Incidents.Add(incident);
                }
            }

            await outbox.EnqueueAsync(
                messages.ComposeHandedOverTogether([.. readers.Values.Select(x => (x.Reader, (IReadOnlyList<Incident>)x.Incidents))], TeamLanguage, BaseUrl, options.Value, NamesIn(roster), stayed),
                cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning("Telling the members taken off {IncidentIds} who has them now failed: {Error}", string.Join(", ", handed.Select(i => i.Id)), ex.Message);
        }
    }

    /// <summary>
    /// Marks <paramref name="step"/> queued at the ETag of <paramref name="stored"/> (the record as just read or saved): one
    /// write; only when another writer changed the record in between is it read again. <paramref name="together"/>: the topics of
    /// the messages that list it with other incidents (<see cref="Incident.PagesTogether"/>), kept with the same write.
    /// </summary>
    private async Task<Versioned<Incident>> MarkStepQueuedAsync(Versioned<Incident> stored, int step, CancellationToken cancellationToken, IReadOnlyList<string>? together = null)
    {
        var incident = stored.Value;
        // Queued: its people may read its page now, whatever the recording makes of it (never in the way of the page).
        await RecordReachedAsync(incident, [.. EscalationPolicy.Recipients(incident, step, options.Value, TeamLanguage).Select(r => r.Email), .. incident.Assignees.Select(a => a.Email)],
            ReachedReader.Paged, cancellationToken);
        try
        {
            if (incident.MarkStepQueued(step, together))
            {
                var etag = await incidents.SaveAsync(incident, stored.ETag, null, cancellationToken);
                incident.MarkStored();
                return new Versioned<Incident>(incident, etag);
            }

            return stored;
        }
        catch (ConcurrencyException)
        {
            return await incidents.MutateAsync(incident.Id, i => i.MarkStepQueued(step, together), cancellationToken);
        }
    }

    /// <summary>
    /// Records that <paramref name="addresses"/> were sent <paramref name="incident"/>'s details (<see cref="ReachedReader"/>) when it is
    /// confidential, so its page lets them read what their mail links to although they are not on the roster (the organisation's
    /// list, a lead by address, a member since gone): one conditional insert each, after the page was queued. A failure or a
    /// write slower than <see cref="ReachedWriteLimit"/> is logged, never thrown: the page went out all the same.
    /// </summary>
    private async Task RecordReachedAsync(Incident incident, IEnumerable<string?> addresses, string kind, CancellationToken cancellationToken)
    {
        if (!incident.Confidential || readers is null)
        {
            return;
        }

        var at = time.GetUtcNow();
        // All at once, so a slow store costs the page's run one limit, not one per address (an organisation list, a storm's pair).
        await Task.WhenAll(addresses.Where(a => !string.IsNullOrWhiteSpace(a)).Select(a => IncidentReader.Normalise(a!)).Distinct(StringComparer.Ordinal)
            .Select(async address =>
            {
                try
                {
                    await readers.RecordReachedAsync(incident.Id, new ReachedReader(address, kind, at), cancellationToken).WaitAsync(ReachedWriteLimit, time, cancellationToken);
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    logger.LogWarning("Incident {IncidentId}: who its page reached could not be recorded ({Kind}); its page may refuse them until a person adds them: {Error}",
                        incident.Id, kind, ex.Message);
                }
            }));
    }

    /// <summary>
    /// <paramref name="incident"/>, just marked confidential: everyone its pages, escalation steps and calls for help reached so far
    /// (its timeline's paged and escalated rows, the duty members, the members asked by name and the organisation's list called) is
    /// recorded as reached (<see cref="RecordReachedAsync"/>), as they would have been had it been confidential then. Never throws.
    /// </summary>
    public async Task RecordReachedSoFarAsync(Incident incident, CancellationToken cancellationToken)
    {
        if (!incident.Confidential || readers is null)
        {
            return;
        }

        try
        {
            var timeline = await incidents.GetTimelineAsync(incident.Id, cancellationToken);
            var roster = await RosterNowAsync(cancellationToken);
            static bool IsAddress(string r) => r.Contains('@', StringComparison.Ordinal);
            var paged = timeline.Where(e => e.Kind is TimelineKind.Notified or TimelineKind.Escalated or TimelineKind.Delivered or TimelineKind.DutyChanged)
                .SelectMany(e => e.Recipients.Where(IsAddress).Concat(e.Members?.Select(m => m.Address) ?? []))
                .Concat(incident.NotifiedStep >= 0 ? incident.Assignees.Select(a => a.Email ?? "") : []);
            await RecordReachedAsync(incident, paged, ReachedReader.Paged, cancellationToken);
            var asked = timeline.Where(e => e.Kind == TimelineKind.HelpCalled)
                .SelectMany(e => e.Recipients.Count == 0 ? [options.Value.OrganisationListAddress ?? ""] : e.Recipients.Select(id => IsAddress(id) ? id : roster.GetValueOrDefault(id)?.Email ?? ""));
            await RecordReachedAsync(incident, asked, ReachedReader.Asked, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Incident {IncidentId}: marked confidential; who its pages reached so far could not be recorded: {Error}", incident.Id, ex.Message);
        }
    }

    /// <summary>How long recording one person a confidential incident's page reached may take before the page's run goes on without it.</summary>
    public static readonly TimeSpan ReachedWriteLimit = TimeSpan.FromSeconds(2);

    /// <summary>The topics of the <paramref name="queued"/> messages that list <paramref name="incident"/> with others (a step told together).</summary>
    private static IReadOnlyList<string> TopicsListing(IReadOnlyList<OutboxMessage> queued, Incident incident) =>
        [.. queued.Where(m => m.About.Contains(incident.Id, StringComparer.Ordinal)).Select(m => m.Topic).Distinct(StringComparer.Ordinal)];

    /// <summary>
    /// <paramref name="recipient"/> as the roster has them now. A duty member (by id) gets the mobile number the roster has for them
    /// now, for pages by SMS: a number added after the incident opened counts; one taken off is not texted. An address an active
    /// member has (a lead configured by address, ignoring case) is that member: named, told in their language, texted and rung on
    /// their number, and their link acknowledges as them without asking who they are. Someone not on the roster keeps what was
    /// copied when they were assigned; an address no member has (the organisation's list) stays a list.
    /// </summary>
    private static PageRecipient OnRosterNow(PageRecipient recipient, IReadOnlyDictionary<string, Member> roster)
    {
        if (roster.TryGetValue(recipient.TokenSubject, out var byId) && byId.Active)
        {
            return recipient with { Phone = byId.Phone };
        }

        var member = roster.Values.FirstOrDefault(m => m.Active && m.IsMailedAt(recipient.Email));
        return member is null ? recipient
            : AckLinkHolder.IsAddress(recipient.TokenSubject) ? recipient.As(member)
            : recipient with { Phone = member.Phone };
    }

    /// <summary>
    /// The step's people who are roster members, as its texts and calls go to them (<see cref="OnRosterNow"/>): a duty member by id,
    /// a lead by the member who has their address, each with the number the roster has now; without the roster, the duty members as
    /// copied onto the incident. A list, or a lead no member has, is no member.
    /// </summary>
    private static IReadOnlyList<PagedMember> MembersOf(IReadOnlyList<PageRecipient> people, IReadOnlyDictionary<string, Member>? roster) =>
        [.. people.Select(r => (r.Email, Now: roster is null ? r : OnRosterNow(r, roster)))
            .Where(x => !AckLinkHolder.IsAddress(x.Now.TokenSubject))
            .Select(x => new PagedMember(x.Email, x.Now.TokenSubject, x.Now.Phone))];

    /// <summary>The id of the active member on <paramref name="roster"/> whose mail address an address is (<see cref="Member.IsMailedAt"/>); null when none.</summary>
    private static Func<string, string?> MemberIdAt(IReadOnlyDictionary<string, Member> roster) =>
        address => roster.Values.FirstOrDefault(m => m.Active && m.IsMailedAt(address))?.Id;

    /// <summary>
    /// Display names on <paramref name="roster"/> by member id or by address, for what a page says about people: who reported
    /// it (a member id), the leads the next step goes to (addresses). Null for anyone not on it.
    /// </summary>
    private static Func<string, string?> NamesIn(IReadOnlyDictionary<string, Member> roster)
    {
        var byEmail = roster.Values
            .Where(m => !string.IsNullOrWhiteSpace(m.Email) && !string.IsNullOrWhiteSpace(m.DisplayName))
            .GroupBy(m => m.Email, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First().DisplayName, StringComparer.OrdinalIgnoreCase);
        return key => roster.TryGetValue(key, out var member) && !string.IsNullOrWhiteSpace(member.DisplayName) ? member.DisplayName
            : byEmail.TryGetValue(key, out var name) ? name : null;
    }

    /// <summary>The roster as the on-call answer has it (a per-instance copy, no storage read while fresh); empty when unreadable.</summary>
    private async Task<IReadOnlyDictionary<string, Member>> RosterNowAsync(CancellationToken cancellationToken)
    {
        try
        {
            try
            {
                return (await rotations.GetOnCallAsync(options.Value.RotationId, cancellationToken)).Roster;
            }
            catch (NotFoundException)
            {
                // No rotation, nobody on duty: the page goes to the leads at once, and they are still named as the roster has them.
                return await rotations.RosterAsync(cancellationToken);
            }
        }
        catch (Exception ex) when (ex is NotFoundException or DependencyUnavailableException)
        {
            // Never in the way of a page: the numbers copied onto the incident serve.
            logger.LogWarning("Reading the roster for phone numbers and names failed; texting the numbers copied onto the incident, naming people as recorded: {Error}", ex.Message);
            return new Dictionary<string, Member>();
        }
    }

    /// <summary>What fired, for the page to show (a single-partition read; manual incidents have none).</summary>
    private async Task<IReadOnlyList<TrackedAlert>> AlertsAsync(string incidentId, CancellationToken cancellationToken) =>
        [.. (await incidents.GetAlertsAsync(incidentId, cancellationToken)).Select(a => a.Value)];

    /// <summary>The duty members as resolved from one on-call answer.</summary>
    private sealed record DutyOf(OnCall OnCall, IReadOnlyList<AssignedMember> Members);
}
