using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnDuty.Core.Common;
using OnDuty.Core.Notifications;
using OnDuty.Core.Team;

namespace OnDuty.Core.Incidents;

/// <summary>
/// Who hears about an unacknowledged incident, and when. Step 0 pages the duty members at once; each ack timeout
/// of the severity without an acknowledgement adds a step: 1 the duty members again, 2 the leads, 3 the whole
/// PM organisation ("if in doubt, shout"). Reached steps are never sent again.
/// </summary>
public static class EscalationPolicy
{
    public const int LastStep = 3;

    /// <summary>The highest step due at <paramref name="now"/>; -1 when nothing is due (resolved or acknowledged).</summary>
    public static int DueStep(Incident incident, DateTimeOffset now, AckTimeouts timeouts)
    {
        if (!incident.IsOpen || incident.IsAcknowledged)
        {
            return -1;
        }

        var timeout = timeouts.For(incident.Severity);
        var elapsed = now - incident.EscalationClockFrom;
        return elapsed <= TimeSpan.Zero ? 0 : (int)Math.Min(LastStep, elapsed.Ticks / timeout.Ticks);
    }

    public static IReadOnlyList<PageRecipient> Recipients(Incident incident, int step, IncidentOptions options, Language teamLanguage)
    {
        IReadOnlyList<PageRecipient> Duty() => [.. incident.Assignees.Select(a => new PageRecipient(a.Email, a.DisplayName, a.Language, a.Id))];
        IReadOnlyList<PageRecipient> Leads() => [.. options.Leads.Select(l => new PageRecipient(l, null, teamLanguage, l))];
        return step switch
        {
            // With nobody on duty the page goes to the leads straight away: somebody must hear of it.
            0 => incident.Assignees.Count > 0 ? Duty() : Leads(),
            1 => Duty(),
            2 => Leads(),
            _ => string.IsNullOrWhiteSpace(options.OrganisationList) ? [] : [new PageRecipient(options.OrganisationList, null, teamLanguage, options.OrganisationList)],
        };
    }
}

/// <summary>Pages, escalates and announces acknowledgements through the outbox (exactly once per recipient and step).</summary>
public sealed class Pager(
    IIncidentRepository incidents,
    OutboxDispatcher outbox,
    ITeamsChannel teams,
    IncidentMessages messages,
    TimeProvider time,
    IOptions<IncidentOptions> options,
    IOptions<TeamOptions> team,
    ILogger<Pager> logger)
{
    public const string DefaultBaseUrl = "http://127.0.0.1:7071";

    private Language TeamLanguage => team.Value.TeamLanguage;

    private string BaseUrl => string.IsNullOrWhiteSpace(team.Value.PublicBaseUrl) ? DefaultBaseUrl : team.Value.PublicBaseUrl;

    /// <summary>Sends every step due now that was not sent yet (the first page included). Returns the steps sent.</summary>
    public async Task<IReadOnlyList<int>> NotifyDueAsync(string incidentId, CancellationToken cancellationToken)
    {
        var sent = new List<int>();
        var current = await incidents.GetAsync(incidentId, cancellationToken);
        if (current is null)
        {
            return sent;
        }

        var due = EscalationPolicy.DueStep(current.Value, time.GetUtcNow(), options.Value.AckTimeouts);
        for (var step = current.Value.NotifiedStep + 1; step <= due; step++)
        {
            await SendStepAsync(current.Value, step, cancellationToken);
            sent.Add(step);
        }

        return sent;
    }

    /// <summary>The timer's job: every open incident, one at a time; one incident's trouble does not stop the others.</summary>
    public async Task<int> EscalateOpenIncidentsAsync(CancellationToken cancellationToken)
    {
        var steps = 0;
        foreach (var id in await incidents.ListOpenIdsAsync(cancellationToken))
        {
            using var scope = logger.BeginIncidentScope(id);
            try
            {
                steps += (await NotifyDueAsync(id, cancellationToken)).Count;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Escalating incident {IncidentId} failed; the next run retries", id);
            }
        }

        return steps;
    }

    /// <summary>Tells the other duty members (and the channel) who took the incident.</summary>
    public async Task AnnounceAcknowledgementAsync(Incident incident, string by, CancellationToken cancellationToken)
    {
        var recipients = incident.Assignees
            .Where(a => !string.Equals(a.Id, by, StringComparison.OrdinalIgnoreCase) && !string.Equals(a.Email, by, StringComparison.OrdinalIgnoreCase))
            .Select(a => new PageRecipient(a.Email, a.DisplayName, a.Language, a.Id))
            .ToList();
        var name = incident.Assignees.FirstOrDefault(a => a.Id == by)?.DisplayName ?? by;
        var alerts = await AlertsAsync(incident.Id, cancellationToken);
        await outbox.EnqueueAsync(
            messages.Compose(incident, IncidentNotice.Ack(name), recipients, incident.Assignees, TeamLanguage, teams.Enabled, BaseUrl, options.Value, alerts),
            cancellationToken);
    }

    /// <summary>
    /// Queues the step's messages first (the send queue takes them from there), then records the step on the incident
    /// (ETag-guarded, with its timeline row). A crash after queuing is finished by the next run: queuing again is a no-op, and only one run
    /// records the step.
    /// </summary>
    private async Task SendStepAsync(Incident incident, int step, CancellationToken cancellationToken)
    {
        var recipients = EscalationPolicy.Recipients(incident, step, options.Value, TeamLanguage);
        var notice = step == 0 ? IncidentNotice.Page : IncidentNotice.Escalation(step);
        var alerts = await AlertsAsync(incident.Id, cancellationToken);
        var composed = messages.Compose(incident, notice, recipients, incident.Assignees, TeamLanguage, teams.Enabled, BaseUrl, options.Value, alerts);
        await outbox.EnqueueAsync(composed, cancellationToken);
        var now = time.GetUtcNow();
        var names = recipients.Select(r => r.Email).Concat(teams.Enabled ? ["teams"] : []).ToList();
        await incidents.MutateAsync(incident.Id, i => i.IsOpen && !i.IsAcknowledged && i.RecordNotified(step, names, now), cancellationToken);
        logger.LogInformation("Incident {IncidentId}: {Notice} step {Step} to {Recipients}", incident.Id, notice.Kind, step, string.Join(", ", names));
    }

    /// <summary>What fired, for the page to show (a single-partition read; manual incidents have none).</summary>
    private async Task<IReadOnlyList<TrackedAlert>> AlertsAsync(string incidentId, CancellationToken cancellationToken) =>
        [.. (await incidents.GetAlertsAsync(incidentId, cancellationToken)).Select(a => a.Value)];
}
