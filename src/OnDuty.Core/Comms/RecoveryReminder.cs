using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Messages;
using OnDuty.Core.Notifications;

namespace OnDuty.Core.Comms;

/// <summary>
/// Tells the duty members (and whoever acknowledged it or worked on it, when not in the pair), by email in each one's language and in the team's Teams channel, that an incident monitoring resolved
/// owes the stakeholders who were told it started a recovery notice (<see cref="Incident.RecoveryNoticeOwed"/>). OnDuty does not
/// send that notice itself: the cause and what comes next are a person's to write. At most <see cref="Again"/> reminders per
/// close: the first once the incident has stayed resolved for <see cref="CommsOptions.RecoveryAskSettle"/> (from the update cadence
/// timer, <see cref="UpdateNudger"/>; with no settle at the resolve, from <see cref="AlertIntake"/>), so a flap that fires again
/// within it asks for nothing; the second from the timer once the severity's interval has passed since the resolve. Each goes under
/// <c>incident:{id}:recovery:{notice}:{k}</c> (<see cref="OutboxIds.RecoveryReminderTopic"/>) and is recorded on the incident
/// after it is queued, so a redelivered resolve, two resolves at once or a run after a crash queue nothing twice.
/// </summary>
public sealed class RecoveryReminder(
    IIncidentRepository incidents,
    INoticeRenderer renderer,
    OutboxDispatcher outbox,
    ITeamsChannel teams,
    TimeProvider time,
    IOptions<CommsOptions> comms,
    IOptions<IncidentOptions> incidentOptions,
    IOptions<TeamOptions> team,
    ILogger<RecoveryReminder> logger,
    Team.IRosterRepository? roster = null,
    Pager? pager = null)
{
    /// <summary>The reminder sent when monitoring has resolved the incident and it stayed resolved for the settle.</summary>
    public const int First = 1;

    /// <summary>The one more reminder after the severity's update interval, if still owed; the last.</summary>
    public const int Again = 2;

    /// <summary>No settle (<c>Comms__RecoveryAskSettle</c> 0): the first reminder goes at the resolve, from the intake.</summary>
    public bool AsksAtTheResolve => comms.Value.RecoveryAskSettle <= TimeSpan.Zero;

    /// <summary>
    /// Which reminder that its recovery notice is owed is due at <paramref name="now"/>; null when none is (not owed, not yet, or
    /// both sent since the last notice). The first once it stayed resolved for the settle (a reopen meanwhile makes nothing owed,
    /// and its next close counts afresh), caught up for a day when the run that should have sent it failed or the app stopped. The
    /// second once the severity's update interval has passed since the resolve (none when the severity's reminders are off) — later
    /// by as much as the first went later than its settle, so a first caught up late is not followed by the second on the next run.
    /// </summary>
    public int? Due(Incident incident, DateTimeOffset now)
    {
        if (!incident.RecoveryNoticeOwed || incident.ClosedAt is not { } closed)
        {
            return null;
        }

        var settle = comms.Value.RecoveryAskSettle > TimeSpan.Zero ? comms.Value.RecoveryAskSettle : TimeSpan.Zero;
        if (incident.Comms.RecoveryReminders < First)
        {
            // Not before the settle: the five-day walk's pair were asked at 03:00 for a recovery the alert disproved minutes later
            // (F2). Caught up for a day only: not last week's pair about last week's incidents on the first run after a deploy (review).
            return now >= closed + settle && now - closed <= TimeSpan.FromDays(1) ? First : null;
        }

        if (incident.Comms.RecoveryReminders >= Again || comms.Value.UpdateInterval.For(incident.Severity) is not { } interval)
        {
            return null;
        }

        var reminded = incident.Comms.RecoveryRemindedAt ?? closed;
        var due = closed + interval > reminded + interval - settle ? closed + interval : reminded + interval - settle;
        return now >= due ? Again : null;
    }

    /// <summary>
    /// Queues reminder <paramref name="reminder"/> for <paramref name="incidentId"/> if its recovery notice is owed and that reminder is
    /// due now (<see cref="Due"/>: not before the settle, not recorded since the last notice); true when it recorded it now.
    /// </summary>
    public async Task<bool> RemindAsync(string incidentId, int reminder, CancellationToken cancellationToken)
    {
        if (await incidents.GetAsync(incidentId, cancellationToken) is not { Value: var incident }
            || Due(incident, time.GetUtcNow()) != reminder)
        {
            return false;
        }

        // Numbered over the incident's closes (1 and 2 for the first, 3 and 4 after one reopen …): a reminder of an earlier close,
        // cancelled by the reopen, never holds back this one's.
        var topic = OutboxIds.RecoveryReminderTopic(incident.Id, incident.Comms.Issued, reminder + (Again * incident.ReopenCount));
        var link = PageLink(incident);
        var (readers, acker, firstNoticeBy, tookOverAt) = await ReadersAsync(incident, cancellationToken);

        // Both of the pair get it: each is told who took the incident and who sent the 第1報, and so whose the notice is — the one
        // who acknowledged it sends it, the other only if they cannot (trial 48: the pair each read "send it" and nothing else).
        RecoveryNoticeOwedNotice Notice(Team.Language language, PageRecipient? reader) => new(language, incident, incidentOptions.Value.TimeZone)
        {
            Reminder = reminder,
            Interval = reminder > First ? comms.Value.UpdateInterval.For(incident.Severity) : null,
            Link = link,
            AudienceNames = comms.Value.AudienceNames(language),
            TakenBy = acker?.Name,
            ReaderTookIt = reader is not null && acker is not null && acker.Is(reader),
            FirstNoticeBy = firstNoticeBy,
            TookOverAt = acker is null ? null : tookOverAt,
        };

        var messages = readers.Select(r => OutboxMessage.ForEmail(topic, r.Email, r.Name, renderer.Email(Notice(r.Language, r)))).ToList();
        if (teams.Enabled)
        {
            messages.Add(OutboxMessage.ForTeams(topic, renderer.Card(Notice(team.Value.TeamLanguage, null))));
        }

        await outbox.EnqueueAsync(messages, cancellationToken);
        var recorded = false;
        await incidents.MutateAsync(incident.Id, i => recorded = i.RecordRecoveryReminder(reminder, time.GetUtcNow(), [.. readers.Select(r => r.TokenSubject)]), cancellationToken);
        logger.LogInformation(
            "Incident {IncidentId}: resolved by monitoring, stakeholders told it started not told it recovered; reminded the duty members and its responders (reminder {Reminder}, messages: {Count})",
            incident.Id, reminder, messages.Count);
        return recorded;
    }

    /// <summary>The incident page's link, for the ask and its withdrawal; null without <c>Team__PublicBaseUrl</c>.</summary>
    private string? PageLink(Incident incident) =>
        team.Value.BaseUrl is { } baseUrl ? IncidentMessages.IncidentPageLink(baseUrl, incident.Id) : null;

    /// <summary>
    /// The mail saying its asks are withdrawn (<see cref="Incident.OwesRecoveryAskWithdrawal"/>) is due at <paramref name="now"/>: owed,
    /// and caught up for a day after the reopen only (the cadence timer's run after a failure at the reopen, not last week's).
    /// </summary>
    public static bool WithdrawalDue(Incident incident, DateTimeOffset now) =>
        incident.OwesRecoveryAskWithdrawal && incident.Comms.RecoveryAskWithdrawn is { } withdrawn && now - withdrawn.ReopenedAt <= TimeSpan.FromDays(1);

    /// <summary>
    /// Monitoring reopened <paramref name="incidentId"/> after its duty members were asked to send the recovery notice, and paged
    /// nobody (the acknowledgement stood): those the asks went to — the same readers, worked out as for an ask — are told by one mail
    /// each and one channel card that it fired again and the notice must not go (【復旧の報告は不要・再発】). Not a page: no escalation,
    /// no text or call. Under <see cref="OutboxIds.RecoveryAskWithdrawnTopic"/> and recorded after it is queued, so a redelivered
    /// alert or the cadence timer's catch-up queues it once. True when it recorded it now.
    /// </summary>
    public async Task<bool> WithdrawAsync(string incidentId, CancellationToken cancellationToken)
    {
        if (await incidents.GetAsync(incidentId, cancellationToken) is not { Value: var incident }
            || !WithdrawalDue(incident, time.GetUtcNow()) || incident.Comms.RecoveryAskWithdrawn is not { } withdrawn)
        {
            return false;
        }

        var topic = OutboxIds.RecoveryAskWithdrawnTopic(incident.Id, withdrawn.Round);
        var link = PageLink(incident);
        var (readers, acker, _, _) = await ReadersAsync(incident, cancellationToken);
        RecoveryAskWithdrawnNotice Notice(Team.Language language) => new(language, incident, withdrawn, incidentOptions.Value.TimeZone) { Link = link, TakenBy = acker?.Name };

        var messages = readers.Select(r => OutboxMessage.ForEmail(topic, r.Email, r.Name, renderer.Email(Notice(r.Language)))).ToList();
        if (teams.Enabled)
        {
            messages.Add(OutboxMessage.ForTeams(topic, renderer.Card(Notice(team.Value.TeamLanguage))));
        }

        await outbox.EnqueueAsync(messages, cancellationToken);
        var recorded = false;
        await incidents.MutateAsync(incident.Id, i => recorded = i.RecordRecoveryAskWithdrawalTold(withdrawn.Round), cancellationToken);
        logger.LogInformation(
            "Incident {IncidentId}: its alert fired again after the duty members were asked to send the recovery notice; told them not to (reopen {Reopen}, messages: {Count})",
            incident.Id, withdrawn.Round, messages.Count);
        return recorded;
    }

    /// <summary>
    /// Whom an ask goes to: the pair on duty now (after the handoff the incoming pair), with whoever holds it and whoever worked on it
    /// since it was last taken over (all who worked on it when nobody took it over), each once; and what <see cref="RespondersAsync"/>
    /// tells of the holder.
    /// </summary>
    private async Task<(List<PageRecipient> Readers, Acknowledger? Acker, string? FirstNoticeBy, DateTimeOffset? TookOverAt)> ReadersAsync(Incident incident, CancellationToken cancellationToken)
    {
        var (responders, acker, firstNoticeBy, tookOverAt) = await RespondersAsync(incident, cancellationToken);
        var duty = pager is null ? incident.Assignees : await pager.DutyToRemindAsync(incident, cancellationToken);
        var readers = duty.Where(a => !string.IsNullOrWhiteSpace(a.Email)).Select(a => PageRecipient.MailOnly(a)).ToList();
        foreach (var other in responders)
        {
            if (!readers.Any(r => Team.Member.SameAddress(r.Email, other.Email)))
            {
                readers.Add(other);
            }
        }

        return (readers, acker, firstNoticeBy, tookOverAt);
    }

    /// <summary>
    /// Those who worked on it besides the duty members, who may be the ones to write the notice: whoever acknowledged it (at the
    /// address they did it from when the roster does not know them, never the organisation's list: <see cref="Acknowledger"/>) and
    /// the people who acted on it or on a duplicate merged into it — declared it, updated it, told the stakeholders, called for help
    /// (<see cref="Retros.IncidentResponders"/>) —
    /// who are active roster members with an address, each in their language. Once someone took it over (「対応を引き継ぐ」, a
    /// <see cref="TimelineKind.TookOver"/> row), only those who acted on it since the last takeover: the ones before handed it over
    /// (the five-day walk, F3: the last week's pair were asked on Tuesday though 佐藤 had taken it over on Monday). A roster or
    /// timeline that cannot be read leaves whoever the record names (the reminder still goes to the pair). With them, the person who
    /// holds it (null when nobody or only a tool did), the display name of the person whose update was the stakeholders' 第1報 (null
    /// when not known — said whether or not they are still asked) and when the holder took it over (null when they acknowledged it).
    /// </summary>
    private async Task<(IReadOnlyList<PageRecipient> Found, Acknowledger? Acker, string? FirstNoticeBy, DateTimeOffset? TookOverAt)> RespondersAsync(Incident incident, CancellationToken cancellationToken)
    {
        var found = new List<PageRecipient>();
        IReadOnlyList<Team.Member> members = [];
        string? firstNoticeBy = null;
        DateTimeOffset? tookOverAt = null;
        try
        {
            if (roster is not null)
            {
                members = [.. (await roster.ListMembersAsync(cancellationToken)).Select(m => m.Value)];
            }

            // Since the last takeover only (ResponderReaders), as the update reminder (UpdateNudger) reads them.
            var read = await ResponderReaders.ReadAsync(incidents, incident, members, cancellationToken);
            firstNoticeBy = FirstNoticeBy(read.Timeline, members);
            // The holder's takeover, said in the mail; not one before a reopen that someone else acknowledged since.
            tookOverAt = read.HolderTookOverAt(incident);
            found.AddRange(read.Acted);
        }
        catch (DependencyUnavailableException ex)
        {
            logger.LogWarning("Incident {IncidentId}: reading who worked on it failed; reminding the duty members and whoever acknowledged it: {Error}", incident.Id, ex.Message);
        }

        Acknowledger? acker = null;
        if (incident.AcknowledgedBy is { } by && Incident.IsPerson(by))
        {
            var byId = members.GroupBy(m => m.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            acker = Acknowledger.Of(incident, by, byId, incidentOptions.Value.OrganisationList);
            if (acker.AsReader(team.Value.TeamLanguage) is { } reader)
            {
                found.Insert(0, reader);
            }
        }

        return (found, acker, firstNoticeBy, tookOverAt);
    }

    /// <summary>
    /// Who sent the stakeholders' 第1報: the person whose declaration or update the first notice (<see cref="TimelineKind.StakeholdersNotified"/>
    /// step 1) went out with — the newest of theirs at or before it — by the roster's display name, else as recorded; null when not found.
    /// </summary>
    private static string? FirstNoticeBy(IReadOnlyList<TimelineEntry> timeline, IReadOnlyList<Team.Member> members)
    {
        var first = timeline.Where(t => t.Kind == TimelineKind.StakeholdersNotified && t.Step == 1).Select(t => (DateTimeOffset?)t.At).Min();
        var sent = timeline
            .Where(t => t.Kind is TimelineKind.Opened or TimelineKind.Update or TimelineKind.Resolved && Incident.IsPerson(t.By) && (first is null || t.At <= first))
            .OrderBy(t => t.At)
            .ToList();
        // Without the notice's row (a timeline from before it was written), the first person's update is the one that told them.
        var by = (first is null ? sent.FirstOrDefault() : sent.LastOrDefault())?.By;
        return by is null ? null
            : members.FirstOrDefault(m => string.Equals(m.Id, by, StringComparison.OrdinalIgnoreCase)) is { DisplayName: { Length: > 0 } name } ? name
            : by;
    }
}
