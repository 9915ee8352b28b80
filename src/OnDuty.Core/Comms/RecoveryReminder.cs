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
    Team.IRosterRepository? roster = null)
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
        RecoveryNoticeOwedNotice Notice(Team.Language language) => new(language, incident, incidentOptions.Value.TimeZone)
        {
            Reminder = reminder,
            Interval = reminder > First ? comms.Value.UpdateInterval.For(incident.Severity) : null,
            Link = link,
            AudienceNames = comms.Value.AudienceNames(language),
        };

        var readers = incident.Assignees.Where(a => !string.IsNullOrWhiteSpace(a.Email)).Select(a => new PageRecipient(a.Email, a.DisplayName, a.Language, a.Id)).ToList();
        foreach (var other in await RespondersAsync(incident, cancellationToken))
        {
            if (!readers.Any(r => Team.Member.SameAddress(r.Email, other.Email)))
            {
                readers.Add(other);
            }
        }

        var messages = readers.Select(r => OutboxMessage.ForEmail(topic, r.Email, r.Name, renderer.Email(Notice(r.Language)))).ToList();
        if (teams.Enabled)
        {
            messages.Add(OutboxMessage.ForTeams(topic, renderer.Card(Notice(team.Value.TeamLanguage))));
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
    /// whoever the record names (the reminder still goes to the pair).
    /// </summary>
    private async Task<IReadOnlyList<PageRecipient>> RespondersAsync(Incident incident, CancellationToken cancellationToken)
    {
        var found = new List<PageRecipient>();
        IReadOnlyList<Team.Member> members = [];
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

        if (incident.AcknowledgedBy is { } by && Incident.IsPerson(by))
        {
            var byId = members.GroupBy(m => m.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            if (Acknowledger.Of(incident, by, byId, incidentOptions.Value.OrganisationList).AsReader(team.Value.TeamLanguage) is { } acker)
            {
                found.Insert(0, acker);
            }
        }

        return found;
    }
}
