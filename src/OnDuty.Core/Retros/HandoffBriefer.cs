using OnDuty.Core.Heartbeats;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnDuty.Core.Calendar;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Messages;
using OnDuty.Core.Notifications;
using OnDuty.Core.Rotations;
using OnDuty.Core.Team;

namespace OnDuty.Core.Retros;

/// <summary>
/// Right after the weekly announcement of the incident rotation (<c>Incidents__RotationId</c>), sends each member of the
/// announced pair a <see cref="HandoffBrief"/> by email in their language. Exactly once per week and member: the outbox id
/// <c>brief:{rotation}:{week}:email:{address}</c> is the idempotency key. Until the week is announced nothing goes out; once
/// every member's brief is queued a run costs two point reads per member and nothing more.
/// </summary>
public sealed class HandoffBriefer(
    IRotationRepository rotations,
    IRosterRepository roster,
    IWorkingCalendar calendar,
    RetroBacklog backlog,
    IRetroRepository retros,
    Maintenance.IMaintenanceWindowStore maintenance,
    Heartbeats.IHeartbeatStore heartbeats,
    IOutboxStore store,
    OutboxDispatcher outbox,
    INoticeRenderer renderer,
    TimeProvider time,
    IOptions<RetroOptions> options,
    IOptions<IncidentOptions> incidentOptions,
    IOptions<TeamOptions> team,
    ILogger<HandoffBriefer> logger,
    ISmsSender? sms = null,
    IVoiceCaller? voice = null,
    IOptions<VoiceOptions>? voiceOptions = null,
    IOptions<Comms.CommsOptions>? comms = null,
    ITeamsChannel? teams = null) : IHandoffBriefs
{
    /// <summary>Pages reach phones at all: texts, calls, or the duty line (which rings the members' numbers).</summary>
    private bool PhonesUsed => sms is { Enabled: true } || VoiceOptions.On(voice, voiceOptions) is not null || voiceOptions?.Value.DutyLine == true;

    /// <summary>
    /// A brief going out more than this after the handoff finds its readers well into their shift (the timer runs every 10 minutes:
    /// later means a first run on fresh storage or a host that was down), and asks for what to fix now (trial 33, L5).
    /// </summary>
    public static readonly TimeSpan LateAfter = TimeSpan.FromDays(1);

    /// <summary>Lines of each list at most (the brief says how many more there are).</summary>
    public const int MaxLines = 20;

    /// <summary>Queues the briefs of the current week if it is announced; returns how many were queued for the first time.</summary>
    public async Task<int> BriefAsync(CancellationToken cancellationToken)
    {
        if (await rotations.GetAsync(incidentOptions.Value.RotationId, cancellationToken) is not { Value: var rotation })
        {
            return 0;
        }

        var now = time.GetUtcNow();
        var duty = new DutyCalendar(rotation, calendar);
        // Before the rotation's first start only a shift held over past a start moved later is anyone's: frozen, so it is briefed
        // once announced like any other (any other shift there has no frozen record and is passed over below).
        var index = duty.ShiftIndexAt(now);
        var week = duty.WeekLabel(index);
        var frozen = await rotations.GetFrozenShiftAsync(rotation.Id, duty.ShiftStartDate(index), cancellationToken);
        if (frozen?.Value.Status != FrozenShiftStatus.Announced)
        {
            return 0;
        }

        var members = await roster.LoadRosterAsync(cancellationToken);
        var topic = OutboxIds.BriefTopic(rotation.Id, week);
        var pending = new List<Member>();
        foreach (var id in frozen.Value.Members)
        {
            if (members.TryGetValue(id, out var member) && !string.IsNullOrWhiteSpace(member.Email)
                && await store.GetAsync(OutboxIds.Email(topic, member.Email), cancellationToken) is null)
            {
                pending.Add(member);
            }
        }

        if (pending.Count == 0)
        {
            return 0;
        }

        var brief = await ComposeAsync(rotation, week, duty.ShiftStartsAt(index), duty.ShiftEndDate(index), members, now, cancellationToken) with
        {
            WeekStarts = duty.HandoffDate(index),
            ShiftWeeks = rotation.ShiftWeeks,
            OnDuty = frozen.Value.Members,
            Roster = members,
        };
        var zone = incidentOptions.Value.Zone;
        var today = TimeZones.DateAt(now, zone);
        brief = brief with { HoldersAway = await HoldersAwayAsync(brief, members, now, cancellationToken) };
        var briefLate = now - duty.ShiftStartsAt(index) > LateAfter;
        var baseUrl = team.Value.BaseUrl;
        // What recently did not reach each of them (a page that bounced, a number that does not take texts): to fix before their week.
        var undelivered = new Dictionary<string, IReadOnlyList<OutboxMessage>>(StringComparer.Ordinal);
        var late = new Dictionary<string, IReadOnlyList<OutboxMessage>>(StringComparer.Ordinal);
        foreach (var member in pending)
        {
            undelivered[member.Id] = await ContactDetails.UndeliveredAsync(store, member, now, cancellationToken);
            late[member.Id] = await ContactDetails.LatePagesAsync(store, member, now, cancellationToken);
        }

        // Before the briefs (once they are queued, later runs stop here): whoever the handoff took off duty and still holds an
        // open incident is told, or a crash in between would leave them untold for good.
        var held = await outbox.EnqueueAsync(await StillHeldAsync(OutboxIds.StillHeldTopic(rotation.Id, week), brief, members, baseUrl, today, cancellationToken), cancellationToken);
        if (held.Count > 0)
        {
            logger.LogInformation("Handoff of {Week} of {Rotation}: {Count} members off duty still holding open incidents told", week, rotation.Id, held.Count);
        }

        var queued = await outbox.EnqueueAsync(pending.Select(m => OutboxMessage.ForEmail(
            topic, m.Email, m.DisplayName, renderer.Email(new HandoffBriefNotice(m.Language, brief, incidentOptions.Value.TimeZone, today)
            {
                BaseUrl = baseUrl,
                NoPhoneForSms = PhonesUsed && m.Phone is null,
                TeamsEnabled = teams?.Enabled ?? true,
                OnDutyAlready = briefLate || frozen.Value.Changes.Any(c => c.InEffect && !c.IsCover && c.ReplacementId == m.Id),
                AudienceNames = comms?.Value.AudienceNames(m.Language) ?? new Dictionary<string, string>(),
                Undelivered = undelivered[m.Id],
                LatePages = late[m.Id],
            }))), cancellationToken);
        logger.LogInformation("Handoff brief for {Week} of {Rotation}: {Count} queued", week, rotation.Id, queued.Count);
        return queued.Count;
    }

    /// <summary>
    /// One mail to each member off duty from the handoff (not among <see cref="HandoffBrief.OnDuty"/>) who holds open incidents of
    /// <paramref name="brief"/> (acknowledged them, or took them over), in their language: which, and that the new pair can take
    /// each over on its page (<see cref="StillHeldNotice"/>). A member on duty again, a tool's acknowledgement, someone not on the
    /// roster or without an address: nothing. None when nobody is on duty (there is no one to hand them to).
    /// </summary>
    /// <remarks>One on leave on the handoff day is told the reminders go to the new pair while away, and until when (trial 56).</remarks>
    private async Task<IReadOnlyList<OutboxMessage>> StillHeldAsync(
        string topic, HandoffBrief brief, IReadOnlyDictionary<string, Member> members, string? baseUrl, DateOnly today, CancellationToken cancellationToken)
    {
        List<Member> onDuty = [.. brief.OnDuty.Select(id => members.GetValueOrDefault(id)).OfType<Member>()];
        if (onDuty.Count == 0)
        {
            return [];
        }

        var options = incidentOptions.Value;
        var holders = brief.Open
            .Where(i => i.AcknowledgedByPerson)
            .Select(i => (Incident: i, Holder: Acknowledger.Of(i, i.AcknowledgedBy!, members, options.OrganisationList).MemberId))
            .Where(x => x.Holder is { } id && !brief.OnDuty.Contains(id, StringComparer.Ordinal) && members.TryGetValue(id, out var m) && !string.IsNullOrWhiteSpace(m.Email))
            .GroupBy(x => members[x.Holder!])
            .ToList();
        var messages = new List<OutboxMessage>();
        foreach (var g in holders)
        {
            LeaveAbsence? awayUntil = brief.HoldersAway.TryGetValue(g.Key.Id, out var until) ? until : null;
            messages.Add(OutboxMessage.ForEmail(topic, g.Key.Email, g.Key.DisplayName, renderer.Email(
                new StillHeldNotice(g.Key.Language, [.. g.Select(x => x.Incident)], onDuty, options.TimeZone) { BaseUrl = baseUrl, AwayUntil = awayUntil })));
        }

        return messages;
    }

    /// <summary>
    /// Of the members off duty from the handoff who hold an open incident of <paramref name="brief"/>, those on leave now (one abroad while her own days hold), with their
    /// leave's last day (<see cref="HandoffBrief.HoldersAway"/>). Leave that cannot be read: told as not on leave.
    /// </summary>
    private async Task<IReadOnlyDictionary<string, LeaveAbsence>> HoldersAwayAsync(HandoffBrief brief, IReadOnlyDictionary<string, Member> members, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var options = incidentOptions.Value;
        var holders = brief.Open
            .Where(i => i.AcknowledgedByPerson)
            .Select(i => Acknowledger.Of(i, i.AcknowledgedBy!, members, options.OrganisationList).MemberId)
            .OfType<string>()
            .Where(id => !brief.OnDuty.Contains(id, StringComparer.Ordinal));
        return await roster.AwayUntilAsync(
            holders, TimeZones.DateAt(now, options.Zone), calendar,
            (id, ex) => logger.LogWarning("Reading the leave of {MemberId} for the handoff failed; told as not on leave: {Error}", id, ex.Message), cancellationToken, options.Zone, [.. members.Values], now);
    }

    private async Task<HandoffBrief> ComposeAsync(
        Rotation rotation, string week, DateTimeOffset startsAt, DateOnly weekEnds, IReadOnlyDictionary<string, Member> members, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var zone = incidentOptions.Value.Zone;
        var entries = await backlog.LoadAsync(now, cancellationToken);
        // Those nobody has taken first, then by severity, as the status page lists them.
        var open = IncidentOrder.ForAttention(entries.Where(e => e.Incident.IsOpen).Select(e => e.Incident));
        var missing = entries
            .Where(e => e.Retro is null && RetroDue.IsOwed(e.Incident, options.Value.SelfResolvedGrace))
            .Select(e => new HandoffBriefRetro(e.Incident, RetroDue.Of(e.Incident, zone, options.Value.DueWorkingDays, calendar)))
            .OrderBy(r => r.DueOn)
            .ToList();
        // From the action-item index (one query): an item of a retro older than the backlog's window is as due as any. An owner
        // taken off the roster since by the name they had.
        var former = (await roster.ListFormerMembersAsync(cancellationToken)).ToDictionary(f => f.Id, StringComparer.Ordinal);
        var actions = (await retros.ListOpenActionItemsAsync(cancellationToken))
            .Where(x => x.Item is { Status: ActionItemStatus.Open, Due: { } due } && due <= weekEnds)
            .Select(x => new HandoffBriefAction(
                x.IncidentId, x.Item, (members.GetValueOrDefault(x.Item.Owner) ?? Member.Missing(x.Item.Owner, incidentOptions.Value.TimeZone, former.GetValueOrDefault(x.Item.Owner))).DisplayName))
            .OrderBy(a => a.Item.Due)
            .ToList();
        var lastWeek = entries
            .Select(e => e.Incident)
            .Where(i => i.DetectedAt >= startsAt.AddDays(-7) && i.DetectedAt < startsAt)
            .OrderBy(i => i.DetectedAt)
            .ToList();
        // Running now or beginning before the week is over (its last day ends at midnight, local time).
        var weekOver = TimeZones.StartOfDay(weekEnds.AddDays(1), zone);
        var windows = (await maintenance.ListAsync(cancellationToken)).Select(v => v.Value)
            .Where(w => w.Until > now && w.From < weekOver)
            .OrderBy(w => w.From).ThenBy(w => w.Id, StringComparer.Ordinal)
            .ToList();
        var needingLook = (await heartbeats.ListAsync(cancellationToken)).Select(v => v.Value)
            .Where(h => h.StateAt(now).IsStopped() || h.NeverHeardAt(now))
            .OrderBy(h => h.Name, StringComparer.Ordinal)
            .ToList();
        var recoveryOwed = entries.Select(e => e.Incident).Where(i => i.RecoveryNoticeOwed).OrderBy(i => i.ResolvedAt).ToList();
        // What the stakeholders were told to expect next, as the incident page says it: the incoming pair keep that promise.
        var promises = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var i in open.Where(i => i.Comms.Issued > 0))
        {
            if (Comms.NextUpdatePromise.LastTold(i.Comms, comms?.Value.UpdateInterval.For(i.Comms.ToldSeverity ?? i.Severity), zone) is { } due)
            {
                promises[i.Id] = due;
            }
        }

        return new HandoffBrief(rotation.DisplayName(Language.En), rotation.DisplayName(Language.Ja), week, weekEnds, open, missing, actions, lastWeek)
        {
            RecoveryNoticesOwed = recoveryOwed,
            StakeholderPromises = promises,
            Maintenance = windows,
            Heartbeats = needingLook,
            MadeAt = now,
        };
    }
}
