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
/// notice: the first when monitoring resolves it (<see cref="AlertIntake"/>), the second from the update cadence timer
/// (<see cref="UpdateNudger"/>) once the severity's interval has passed. Each goes under
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
    /// <summary>The reminder sent when monitoring resolves the incident.</summary>
    public const int First = 1;

    /// <summary>The one more reminder after the severity's update interval, if still owed; the last.</summary>
    public const int Again = 2;

    /// <summary>
    /// Queues reminder <paramref name="reminder"/> for <paramref name="incidentId"/> if its recovery notice is owed and that reminder
    /// (or a later one) has not been recorded since the last notice; true when it recorded it now.
    /// </summary>
    public async Task<bool> RemindAsync(string incidentId, int reminder, CancellationToken cancellationToken)
    {
        if (await incidents.GetAsync(incidentId, cancellationToken) is not { Value: var incident }
            || !incident.RecoveryNoticeOwed || reminder <= incident.Comms.RecoveryReminders)
        {
            return false;
        }

        // Numbered over the incident's closes (1 and 2 for the first, 3 and 4 after one reopen …): a reminder of an earlier close,
        // cancelled by the reopen, never holds back this one's.
        var topic = OutboxIds.RecoveryReminderTopic(incident.Id, incident.Comms.Issued, reminder + (Again * incident.ReopenCount));
        var baseUrl = string.IsNullOrWhiteSpace(team.Value.PublicBaseUrl) ? null : team.Value.PublicBaseUrl.TrimEnd('/');
        var link = baseUrl is null ? null : IncidentMessages.IncidentPageLink(baseUrl, incident.Id);
        var (responders, acker, firstNoticeBy) = await RespondersAsync(incident, cancellationToken);

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
        };

        // The pair on duty now (after the handoff the incoming pair), with whoever took it or worked on it.
        var duty = pager is null ? incident.Assignees : await pager.DutyToRemindAsync(incident, cancellationToken);
        var readers = duty.Where(a => !string.IsNullOrWhiteSpace(a.Email)).Select(a => new PageRecipient(a.Email, a.DisplayName, a.Language, a.Id)).ToList();
        foreach (var other in responders)
        {
            if (!readers.Any(r => Team.Member.SameAddress(r.Email, other.Email)))
            {
                readers.Add(other);
            }
        }

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

    /// <summary>
    /// Those who worked on it besides the duty members, who may be the ones to write the notice: whoever acknowledged it (at the
    /// address they did it from when the roster does not know them, never the organisation's list: <see cref="Acknowledger"/>) and
    /// the people who acted on it or on a duplicate merged into it — declared it, updated it, told the stakeholders, called for help
    /// (<see cref="Retros.IncidentResponders"/>) —
    /// who are active roster members with an address, each in their language. A roster or timeline that cannot be read leaves
    /// whoever the record names (the reminder still goes to the pair). With them, the person who acknowledged it (null when nobody
    /// or only a tool did) and the display name of the person whose update was the stakeholders' 第1報 (null when not known).
    /// </summary>
    private async Task<(IReadOnlyList<PageRecipient> Found, Acknowledger? Acker, string? FirstNoticeBy)> RespondersAsync(Incident incident, CancellationToken cancellationToken)
    {
        var found = new List<PageRecipient>();
        IReadOnlyList<Team.Member> members = [];
        string? firstNoticeBy = null;
        try
        {
            if (roster is not null)
            {
                members = [.. (await roster.ListMembersAsync(cancellationToken)).Select(m => m.Value)];
            }

            // With those of the duplicates merged into it: the PM who declared one worked on this outage too (trial day 33, M6).
            var timeline = new List<TimelineEntry>(await incidents.GetTimelineAsync(incident.Id, cancellationToken));
            foreach (var merged in incident.MergedIncidents)
            {
                timeline.AddRange(await incidents.GetTimelineAsync(merged, cancellationToken));
            }

            firstNoticeBy = FirstNoticeBy(timeline, members);
            foreach (var who in Retros.IncidentResponders.Of(incident, timeline, members).Acted)
            {
                if (members.FirstOrDefault(m => m.Active && string.Equals(m.Id, who, StringComparison.OrdinalIgnoreCase)) is { } member && !string.IsNullOrWhiteSpace(member.Email))
                {
                    found.Add(new PageRecipient(member.Email, member.DisplayName, member.Language, member.Id));
                }
            }
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

        return (found, acker, firstNoticeBy);
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
