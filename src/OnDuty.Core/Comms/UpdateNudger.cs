using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Messages;
using OnDuty.Core.Notifications;
using OnDuty.Core.Team;

namespace OnDuty.Core.Comms;

/// <summary>
/// The update cadence: an open incident with no update by a person for its severity's <c>Comms__UpdateInterval__…</c>
/// gets its duty members reminded, once per missed interval (since the last update by a person, or detection). The
/// same run queues any stakeholder notice an incident still owes (see <see cref="IncidentComms"/>), resolved incidents'
/// included: the update that resolves one issues a notice too, and if queuing it failed after the update was saved,
/// nothing else would ever send it. And a resolved incident whose stakeholders still wait to hear it recovered
/// (<see cref="Incident.RecoveryNoticeOwed"/>) gets its duty members asked once it stayed resolved for the settle
/// (<see cref="CommsOptions.RecoveryAskSettle"/>, or caught up when the ask was never queued), and once more after its severity's
/// interval (<see cref="RecoveryReminder.Again"/>). And the security officer's mail a confidential incident owes (queuing it failed when
/// it was marked, <see cref="Incident.OwesOfficerMail"/>) is queued under its own ids (<see cref="Pager.QueueOwedOfficerMailAsync"/>).
/// </summary>
public sealed class UpdateNudger(
    IIncidentRepository incidents,
    StakeholderNotifier stakeholders,
    RecoveryReminder recovery,
    INoticeRenderer renderer,
    OutboxDispatcher outbox,
    TimeProvider time,
    IOptions<CommsOptions> comms,
    IOptions<IncidentOptions> incidentOptions,
    IOptions<Common.TeamOptions> team,
    ILogger<UpdateNudger> logger,
    AckToken? ackTokens = null,
    Team.IRosterRepository? roster = null,
    Pager? pager = null,
    Calendar.IWorkingCalendar? calendar = null)
{
    /// <summary>
    /// Runs over the open incidents and the recently resolved ones; returns how many reminders were queued. Which ones have
    /// something to do — a stakeholder notice owed, or an interval missed — is read from the open index's summaries (one query:
    /// the status page's window, since the board drops rows resolved before the window it is asked for). Only those records are
    /// read, and each step decides again from its record under fixed outbox ids, so a stale summary or a second run (or
    /// instance) queues nothing twice.
    /// </summary>
    public async Task<int> NudgeOpenIncidentsAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var board = await incidents.ListBoardAsync(now, cancellationToken);
        var nudged = 0;
        foreach (var incident in board.Where(i => OwesNotice(i) || ReminderDue(i, now) || RecoveryReminderDue(i, now) is not null || RecoveryReminder.WithdrawalDue(i, now) || (pager is not null && i.OwesOfficerMail)))
        {
            try
            {
                if (OwesNotice(incident) && (await stakeholders.NotifyDueAsync(incident.Id, cancellationToken)).Count > 0 && !incident.IsOpen)
                {
                    // The update that resolved it issued a notice, and queuing it failed after the update was saved.
                    logger.LogInformation("Queued the stakeholder notice resolved incident {IncidentId} still owed", incident.Id);
                }

                if (ReminderDue(incident, now))
                {
                    nudged += await NudgeAsync(incident.Id, cancellationToken) ? 1 : 0;
                }

            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One incident's trouble does not hold up the others; the next run tries it again.
                logger.LogWarning(ex, "Update cadence for incident {IncidentId} failed; next run tries again", incident.Id);
            }

            try
            {
                // Apart from the notice above: a reminder that keeps failing holds back neither it nor the other incidents.
                if (RecoveryReminderDue(incident, now) is { } reminder)
                {
                    nudged += await recovery.RemindAsync(incident.Id, reminder, cancellationToken) ? 1 : 0;
                }

                if (RecoveryReminder.WithdrawalDue(incident, now))
                {
                    // Its reopen paged nobody and telling those asked failed then (session 57).
                    await recovery.WithdrawAsync(incident.Id, cancellationToken);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One incident's trouble does not hold up the others; the next run tries it again.
                logger.LogWarning(ex, "Recovery reminder for incident {IncidentId} failed; next run tries again", incident.Id);
            }

            if (pager is not null && incident.OwesOfficerMail)
            {
                try
                {
                    // Queuing the security officer's mail failed when it became confidential (session 63).
                    await pager.QueueOwedOfficerMailAsync(incident.Id, cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "The security officer's mail incident {IncidentId} owes failed to queue again; next run tries again", incident.Id);
                }
            }
        }

        return nudged;
    }

    private static bool OwesNotice(Incident incident) => incident.Comms.Queued < incident.Comms.Issued;

    private bool ReminderDue(Incident incident, DateTimeOffset now) => MissedIntervals(incident, now) is not null;

    /// <summary>Which reminder that its recovery notice is owed is due now (<see cref="RecoveryReminder.Due"/>), if any.</summary>
    private int? RecoveryReminderDue(Incident incident, DateTimeOffset now) => recovery.Due(incident, now);

    /// <summary>
    /// For an open incident whose severity has an update interval, and more intervals missed since the last update by a person
    /// (or detection) than it was reminded of: when it counts from, and how many were missed; otherwise null.
    /// </summary>
    /// <remarks>
    /// When the last update promised the next one (<see cref="IncidentComms.NextUpdateAt"/>), the first reminder is due then, and
    /// further ones an interval apart after it (none with reminders off for the severity). Without a promise the first is due
    /// when the notice said the next update would come (<see cref="NextUpdatePromise.Default"/>: the interval, rounded up), and
    /// further ones an interval apart. An incident no stakeholder was told anything of yet (no notice issued: opened by
    /// monitoring, no update by a person) that was acknowledged gets its first reminder sooner when its severity says so
    /// (<see cref="CommsOptions.FirstNoticeReminder"/>): the executives should not wait a whole interval to hear of a SEV1.
    /// </remarks>
    private (DateTimeOffset Since, int Missed)? MissedIntervals(Incident incident, DateTimeOffset now)
    {
        if (!incident.IsOpen)
        {
            return null;
        }

        if (!incident.IsAcknowledged && incident.PagesHeldAt(now))
        {
            // Nobody took it and a maintenance window holds its pages: a reminder with its 「対応します」 link would page the pair
            // about planned work (trial 55: 03:10 and 03:40 during 決済DBの移行). The intervals missed meanwhile are counted when
            // the hold ends, the first page going out then; one somebody took is reminded as ever.
            return null;
        }

        if (incident.SnoozedUntil > now)
        {
            // The holder snoozed it: the reminders by mail wait until then (a stakeholder notice owed does not, above).
            return null;
        }

        var since = incident.Comms.LastPersonUpdateAt ?? incident.DetectedAt;
        if (incident is { PagesHeldFromStep: null, PagesHeldUntil: { } released } && released > since && released <= now
            && !(incident.AcknowledgedAt < released))
        {
            // Its first page was held by a maintenance window and went out when the hold ended: that page is the news, and the
            // reminder waits its interval from it, not from detection (the maintenance night walk: the page and 【更新のお願い】 in the same minute at
            // the window's end). One somebody took while held is reminded as ever, from detection.
            since = released;
        }

        if (incident.ReopenedAfterRecoveryTold && incident.LastReopenedAt is { } reopened && reopened > since)
        {
            // They were told it recovered, and it came back: their update is owed from the reopen (the 【再発】 page says when).
            since = reopened;
        }

        var every = comms.Value.UpdateInterval.For(incident.Severity);
        var zone = incidentOptions.Value.Zone;
        DateTimeOffset? first;
        if (incident.Comms.LastNoticeSaid is { } said && incident.Comms.LastPersonUpdateAt is not null && incident.Comms.Queued == incident.Comms.Issued)
        {
            // When the last notice said the next update would come (not a time worked out again from today's record). A severity
            // changed since (monitoring or a merge raised it), or an incident reopened after its recovery notice: the current
            // severity's interval from the last update, when sooner — a reminder never comes later than stakeholders expect it.
            first = said.NextUpdateBy is { } told && told > since ? told : null;
            if ((first is null || incident.Comms.ToldSeverity != incident.Severity) && every is { } interval
                && NextUpdatePromise.Default(since, interval, zone) is var sooner && (first is null || sooner < first))
            {
                first = sooner;
            }
        }
        else if (incident.Comms.NextUpdateAt is { } at && at > since)
        {
            first = at;
        }
        else
        {
            first = every is { } interval ? NextUpdatePromise.Default(since, interval, zone) : null;
            if (incident.Comms.Issued == 0 && incident.AcknowledgedAt is { } acknowledged && comms.Value.FirstNoticeReminder.For(incident.Severity) is { } soon
                && comms.Value.AudiencesFor(incident.Severity).Count > 0 && (first is null || acknowledged + soon < first))
            {
                // Only when the 第1報 has somebody to go to: a severity that tells nobody waits for the interval's reminder.
                first = acknowledged + soon;
            }
        }

        if (first is not { } due || now < due)
        {
            return null;
        }

        var missed = every is { } step ? 1 + (int)Math.Min(int.MaxValue - 1, (now - due).Ticks / step.Ticks) : 1;
        return missed > incident.Comms.Nudges ? (since, missed) : null;
    }

    /// <summary>Reminds the duty members of <paramref name="incidentId"/> if an interval was missed since the last reminder.</summary>
    public async Task<bool> NudgeAsync(string incidentId, CancellationToken cancellationToken)
    {
        if (await incidents.GetAsync(incidentId, cancellationToken) is not { Value: var incident }
            || MissedIntervals(incident, time.GetUtcNow()) is not var (since, missed))
        {
            return false;
        }

        // Several intervals missed at once (the timer was down) make one reminder, numbered for the latest.
        var topic = OutboxIds.NudgeTopic(incident.Id, incident.Comms.Issued, missed);
        var baseUrl = team.Value.BaseUrl;
        var now = time.GetUtcNow();
        // The lead says how long nobody updated as the reader's clock says it, from the time it names (「14:20（JST）から20分以上」 at
        // 14:40): not the interval, nor the time until the reminder was due (trial 54 read 「14:20から17分以上」 at 14:40 — the 15
        // minutes after the 14:22 acknowledgement). Whole minutes, floored: 以上 stays true.
        var interval = now > since ? now - since : TimeSpan.Zero;
        // Told anything yet? An incident opened by monitoring tells nobody until a person posts its first update; one whose 第1報
        // is issued but not yet queued (a group could not be expanded) has it sent by the next run without a new update.
        var state = incident.Comms;
        var firstAudiences = comms.Value.DisplayNamesFor(incident.Severity);
        var firstPending = state.ToldAudiences.Count == 0 && state.Issued > state.Queued && firstAudiences.Count > 0;
        var nothingTold = state.ToldAudiences.Count == 0 && !firstPending;
        // What the last notice said: the time it gave (not one worked out again from the record as it is now), or that it recovered.
        var recoveryTold = !nothingTold && !firstPending && state.LastNoticeSaid is { Closed: true };
        var promisedBy = nothingTold || firstPending || state.LastPersonUpdateAt is null
            ? null
            : NextUpdatePromise.LastTold(state, comms.Value.UpdateInterval.For(state.ToldSeverity ?? incident.Severity), incidentOptions.Value.Zone);
        // The pair on duty now (after the handoff the incoming pair, not the outgoing one the incident was paged to).
        var duty = pager is null ? incident.Assignees : await pager.DutyToRemindAsync(incident, cancellationToken);
        var readers = duty.Where(a => !string.IsNullOrWhiteSpace(a.Email)).ToList();
        var (responsible, roll) = await ResponsibleAsync(incident, cancellationToken);
        // Who holds it, said in the reminder: a member not in the pair reminded now is off duty (the outgoing pair after a handoff).
        var holder = responsible.FirstOrDefault(r => string.Equals(r.By, incident.AcknowledgedBy, StringComparison.Ordinal));
        var holderOffDuty = holder?.MemberId is { } holderId && !duty.Any(d => Member.SameAddress(d.Id, holderId));
        // A communications lead (連絡担当) keeps the stakeholders told while the holder and the pair work the problem: the requests for
        // updates are theirs alone. One who cannot post now — taken off the roster, inactive, without an address, on leave today — leaves
        // them to the pair and whoever holds it, as without a lead: a reminder must reach someone who can post.
        var lead = CommsLeadOnRoster(incident, roll);
        var offDuty = responsible.Select(r => r.MemberId).OfType<string>().Where(id => !duty.Any(d => Member.SameAddress(d.Id, id))).ToList();
        // Off duty and on leave today: not reminded while the pair on duty is — one reminder every interval for two weeks piled up for
        // their return, and the pair read 「（当番外）」 as if they could be asked (trial 56: 鈴木 went on leave holding a SEV3). One read
        // of leave for them and the lead together: a lead who also declared it is read once.
        var away = readers.Count == 0 && lead is null
            ? new Dictionary<string, LeaveAbsence>(StringComparer.Ordinal)
            : await AwayNowAsync([.. readers.Count == 0 ? [] : offDuty, .. lead is null ? [] : new[] { lead.Id }], roll, now, cancellationToken);
        // The holder's and the declarer's leave counts only when they are off duty (and only while the pair on duty is reminded).
        bool OffDutyAway(string id) => readers.Count > 0 && offDuty.Contains(id, StringComparer.Ordinal) && away.ContainsKey(id);
        foreach (var (acknowledger, person) in responsible.Select(r => (r, r.AsReader(team.Value.TeamLanguage))))
        {
            // Whoever took it (a lead, someone from the organisation's list) and whoever declared it (a PM on the form, who
            // promised the next update) are the ones to update it, with the pair; after a takeover, the holder and whoever acted
            // since (ResponderReaders), as the recovery ask.
            if (person is not null && !readers.Any(a => Member.SameAddress(a.Email, person.Email)) && !(acknowledger.MemberId is { } id && OffDutyAway(id)))
            {
                readers.Add(new AssignedMember(person.TokenSubject, person.Name ?? person.Email, person.Email, person.Language));
            }
        }

        LeaveAbsence? holderAwayUntil = holder?.MemberId is { } heldBy && OffDutyAway(heldBy) ? away[heldBy] : null;

        if (lead is not null && away.ContainsKey(lead.Id))
        {
            logger.LogInformation("Incident {IncidentId}: its communications lead {Lead} is on leave; reminding the pair instead", incident.Id, lead.Id);
            lead = null;
        }

        // The lead let LeadNudgesAlone reminders in a row go unanswered: this one goes to the others too, as without a lead, saying why —
        // a reminder must reach someone who acts. Until a person updates it (or the lead changes), they all are reminded.
        var leadUnanswered = lead is not null && incident.Comms.LeadNudges >= IncidentComms.LeadNudgesAlone;
        if (lead is not null)
        {
            readers = leadUnanswered ? [lead, .. readers.Where(r => !Member.SameAddress(r.Email, lead.Email))] : [lead];
        }

        var messages = readers.Select(a =>
        {
            var email = renderer.Email(new UpdateNudgeNotice(a.Language, incident, interval, since, incidentOptions.Value.TimeZone)
            {
                Link = baseUrl is null ? null : IncidentMessages.IncidentPageLink(baseUrl, incident.Id),
                NothingToldYet = nothingTold,
                FirstNoticePending = firstPending,
                RecoveryTold = recoveryTold,
                FirstAudiences = nothingTold || firstPending ? firstAudiences : [],
                PromisedBy = promisedBy,
                // At the promised minute it is due (「期限です」), from the minute after it is late — as the status page and the
                // 障害の状況 page say it (trial 54).
                PromiseDue = promisedBy is { } due && due <= now && !NextUpdatePromise.IsLate(due, now),
                PromisePassed = promisedBy is { } by && NextUpdatePromise.IsLate(by, now),
                Holder = holder,
                HolderOffDuty = holderOffDuty,
                HolderAwayUntil = holderAwayUntil,
                // Nobody has taken it (the escalation's last step may be behind it): that first, and the button to take it.
                Unacknowledged = !incident.IsAcknowledged,
                AckLink = incident.IsAcknowledged || baseUrl is null || ackTokens is null ? null : $"{baseUrl}/api/ack/{ackTokens.Issue(incident.Id, a.Id)}",
                CommsLeadUnanswered = leadUnanswered ? lead : null,
                ToCommsLead = lead is not null && string.Equals(a.Id, lead.Id, StringComparison.Ordinal),
            });
            return OutboxMessage.ForEmail(topic, a.Email, a.DisplayName, email);
        }).ToList();
        await outbox.EnqueueAsync(messages, cancellationToken);
        await incidents.MutateAsync(incident.Id, i => i.RecordUpdateNudge(missed, now, [.. readers.Select(r => r.Id)], reachedCommsLead: lead is not null), cancellationToken);
        logger.LogInformation("Incident {IncidentId}: no update by a person since {Since}; reminders sent: {Count}, to the duty members, whoever holds it and whoever declared it or acted since it was taken over (reminder {Nudge})", incident.Id, since, messages.Count, missed);
        return true;
    }

    /// <summary>
    /// Of <paramref name="ids"/> (the roster members reminded besides the pair who are off duty now, and the communications lead), those on
    /// leave now (a member in the team's zone: leave that includes today there, as the leads' leave is read; one abroad: while her own
    /// days hold, trial 61), with that leave; one read each. Their zones are read from <paramref name="roll"/>, the roster as
    /// <see cref="ResponsibleAsync"/> read it, not a member row each. Leave that cannot be read leaves them reminded, as before.
    /// </summary>
    private async Task<Dictionary<string, LeaveAbsence>> AwayNowAsync(IReadOnlyList<string> ids, IReadOnlyList<Team.Member> roll, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (roster is null || ids.Count == 0)
        {
            return new Dictionary<string, LeaveAbsence>(StringComparer.Ordinal);
        }

        var today = TimeZones.DateAt(now, incidentOptions.Value.Zone);
        // Leave to a Friday holds over the weekend (trial 56: reminders every 4 h from Saturday piled up for Monday).
        return await roster.AwayUntilAsync(
            ids, today, calendar,
            (id, ex) => logger.LogWarning("Reading the leave of {MemberId} failed; reminding them as ever: {Error}", id, ex.Message), cancellationToken, incidentOptions.Value.Zone, roll, now);
    }

    /// <summary>
    /// The communications lead of <paramref name="incident"/> as a reader of the reminder when they could post: an active roster member
    /// (as <paramref name="roll"/> holds them) with an address; else null (no lead, or the fallback to the pair). Their leave is read with
    /// the others' (<see cref="AwayNowAsync"/>).
    /// </summary>
    private static AssignedMember? CommsLeadOnRoster(Incident incident, IReadOnlyList<Team.Member> roll) =>
        incident.CommsLead is { } id && roll.FirstOrDefault(m => string.Equals(m.Id, id, StringComparison.Ordinal)) is { Active: true } lead
            && !string.IsNullOrWhiteSpace(lead.Email)
            ? AssignedMember.From(lead)
            : null;

    /// <summary>
    /// Who besides the pair is reminded, as <see cref="Acknowledger"/> (reminded when they have an address); none for a tool or
    /// monitoring. Never taken over: who acknowledged <paramref name="incident"/> and who declared it (a person who opened it by hand,
    /// who promised the next update). Taken over (「対応を引き継ぐ」): the holder and whoever acted on it since the last takeover, as the
    /// recovery ask (<see cref="ResponderReaders"/>) — not the PM who declared it and handed it over, who no longer gets that ask either.
    /// A roster or timeline that cannot be read leaves only what the record says (the holder and who declared it). With them, the roster
    /// as read (empty when it could not be), for their leave.
    /// </summary>
    private async Task<(IReadOnlyList<Acknowledger> Responsible, IReadOnlyList<Team.Member> Roster)> ResponsibleAsync(Incident incident, CancellationToken cancellationToken)
    {
        IReadOnlyList<Team.Member> roll = [];
        ResponderReaders? read = null;
        try
        {
            if (roster is not null)
            {
                roll = [.. (await roster.ListMembersAsync(cancellationToken)).Select(m => m.Value)];
            }

            read = await ResponderReaders.ReadAsync(incidents, incident, roll, cancellationToken);
        }
        catch (DependencyUnavailableException ex)
        {
            logger.LogWarning("Reading the roster or the timeline for who holds or declared incident {IncidentId} failed; reminding the duty members and any address recorded: {Error}", incident.Id, ex.Message);
        }

        var takenOver = read?.TookOver is not null;
        var people = (takenOver ? new[] { incident.AcknowledgedBy } : [incident.AcknowledgedBy, incident.OpenedBy])
            .OfType<string>().Where(Incident.IsPerson).Distinct(StringComparer.Ordinal).ToList();
        var members = roll.GroupBy(m => m.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        List<Acknowledger> responsible = [.. people.Select(by => Acknowledger.Of(incident, by, members, incidentOptions.Value.OrganisationList))];
        if (takenOver)
        {
            foreach (var acted in read!.Acted.Where(r => !responsible.Any(a => a.Is(r))))
            {
                responsible.Add(new Acknowledger(acted.TokenSubject, acted.TokenSubject, acted.Email, acted.Name ?? acted.Email, acted.Language));
            }
        }

        return (responsible, roll);
    }
}
