using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Messages;
using OnDuty.Core.Notifications;

namespace OnDuty.Core.Comms;

/// <summary>
/// The update cadence: an open incident with no update by a person for its severity's <c>Comms__UpdateInterval__…</c>
/// gets its duty members reminded, once per missed interval (since the last update by a person, or detection). The
/// same run queues any stakeholder notice an incident still owes (see <see cref="IncidentComms"/>), resolved incidents'
/// included: the update that resolves one issues a notice too, and if queuing it failed after the update was saved,
/// nothing else would ever send it.
/// </summary>
public sealed class UpdateNudger(
    IIncidentRepository incidents,
    StakeholderNotifier stakeholders,
    INoticeRenderer renderer,
    OutboxDispatcher outbox,
    TimeProvider time,
    IOptions<CommsOptions> comms,
    IOptions<IncidentOptions> incidentOptions,
    IOptions<Common.TeamOptions> team,
    ILogger<UpdateNudger> logger)
{
    /// <summary>Runs over the open incidents, then the recently resolved ones that still owe a notice; returns how many reminders were queued.</summary>
    public async Task<int> NudgeOpenIncidentsAsync(CancellationToken cancellationToken)
    {
        var nudged = 0;
        foreach (var id in await incidents.ListOpenIdsAsync(cancellationToken))
        {
            try
            {
                await stakeholders.NotifyDueAsync(id, cancellationToken);
                nudged += await NudgeAsync(id, cancellationToken) ? 1 : 0;
            }
            catch (Exception ex) when (ex is DependencyUnavailableException or ConcurrencyException)
            {
                // One incident's trouble does not hold up the others; the next run tries it again.
                logger.LogWarning(ex, "Update cadence for incident {IncidentId} failed; next run tries again", id);
            }
        }

        await QueueOwedNoticesOfResolvedAsync(cancellationToken);
        return nudged;
    }

    /// <summary>
    /// Resolved incidents whose summary says a notice is owed get it queued. The summary only picks candidates:
    /// <see cref="StakeholderNotifier.NotifyDueAsync"/> reads the record and queues under the notice's fixed outbox ids, so
    /// a stale summary or a second run (or instance) queues nothing twice.
    /// </summary>
    private async Task QueueOwedNoticesOfResolvedAsync(CancellationToken cancellationToken)
    {
        // The status page's window: the board drops rows resolved before the window it is asked for, so never ask for less.
        var owing = (await incidents.ListBoardAsync(time.GetUtcNow() - IncidentService.StatusBoardResolvedWindow, cancellationToken))
            .Where(i => !i.IsOpen && i.Comms.Queued < i.Comms.Issued)
            .Select(i => i.Id)
            .ToList();
        foreach (var id in owing)
        {
            try
            {
                if ((await stakeholders.NotifyDueAsync(id, cancellationToken)).Count > 0)
                {
                    logger.LogInformation("Queued the stakeholder notice resolved incident {IncidentId} still owed", id);
                }
            }
            catch (Exception ex) when (ex is DependencyUnavailableException or ConcurrencyException)
            {
                logger.LogWarning(ex, "Owed stakeholder notice of resolved incident {IncidentId} not queued; next run tries again", id);
            }
        }
    }

    /// <summary>Reminds the duty members of <paramref name="incidentId"/> if an interval was missed since the last reminder.</summary>
    public async Task<bool> NudgeAsync(string incidentId, CancellationToken cancellationToken)
    {
        if (await incidents.GetAsync(incidentId, cancellationToken) is not { Value: { IsOpen: true } incident }
            || comms.Value.UpdateInterval.For(incident.Severity) is not { } interval)
        {
            return false;
        }

        var since = incident.Comms.LastPersonUpdateAt ?? incident.DetectedAt;
        var missed = (int)Math.Min(int.MaxValue, (time.GetUtcNow() - since).Ticks / interval.Ticks);
        if (missed <= incident.Comms.Nudges)
        {
            return false;
        }

        // Several intervals missed at once (the timer was down) make one reminder, numbered for the latest.
        var topic = OutboxIds.NudgeTopic(incident.Id, incident.Comms.Issued, missed);
        var baseUrl = string.IsNullOrWhiteSpace(team.Value.PublicBaseUrl) ? null : team.Value.PublicBaseUrl.TrimEnd('/');
        var messages = incident.Assignees.Where(a => !string.IsNullOrWhiteSpace(a.Email)).Select(a =>
        {
            var email = renderer.Email(new UpdateNudgeNotice(a.Language, incident, interval, since, incidentOptions.Value.TimeZone)
            {
                Link = baseUrl is null ? null : $"{baseUrl}/api/incidents/{Uri.EscapeDataString(incident.Id)}/page",
            });
            return OutboxMessage.ForEmail(topic, a.Email, a.DisplayName, email);
        }).ToList();
        await outbox.EnqueueAsync(messages, cancellationToken);
        await incidents.MutateAsync(incident.Id, i => i.RecordUpdateNudge(missed, time.GetUtcNow()), cancellationToken);
        logger.LogInformation("Incident {IncidentId}: no update by a person since {Since}; reminded {Count} duty member(s) (reminder {Nudge})", incident.Id, since, messages.Count, missed);
        return true;
    }
}
