using Microsoft.Extensions.Logging;
using OnDuty.Core.Common;
using OnDuty.Core.Team;

namespace OnDuty.Core.Incidents;

public sealed partial class Pager
{
    /// <summary>
    /// The timer's acknowledgement expiry (<see cref="Incident.RecordAckExpired"/>), before the escalation steps of the same run: an
    /// open incident whose holder was quiet for the severity's <c>Incidents__AckExpiry__…</c>, or whose snooze ended, has its holder
    /// asked 「まだ対応中ですか？」; one whose holder did not answer within the severity's ack timeout has its acknowledgement lapse and
    /// a round of pages start (<see cref="Incident.ExpireAcknowledgement"/>), which the escalation that follows pages. Which incidents
    /// are read from the board's summaries; each is decided again on its record. Returns how many changed.
    /// </summary>
    public async Task<int> ExpireAcknowledgementsAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var expiry = options.Value.AckExpiry;
        var timeouts = options.Value.AckTimeouts;
        var board = await incidents.ListBoardAsync(now, cancellationToken);
        var changed = 0;
        foreach (var listed in board.Where(i => i.AckExpiryDue(now, expiry) || i.AckExpiryEscalationDue(now, timeouts)))
        {
            using var scope = logger.BeginIncidentScope(listed.Id);
            try
            {
                changed += await ExpireAcknowledgementAsync(listed.Id, cancellationToken) ? 1 : 0;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One incident's trouble does not hold up the others (nor the escalation after it); the next run tries it again.
                logger.LogError(ex, "Acknowledgement expiry of incident {IncidentId} failed; the next run retries", listed.Id);
            }
        }

        return changed;
    }

    /// <summary>
    /// One incident's acknowledgement expiry, decided on its record. The holder's 「まだ対応中ですか？」 is queued first under the
    /// expiry's number (<see cref="IncidentNotice.StillYours"/>), then the expiry recorded at the record's ETag: a crash in between
    /// queues the same ids again on the next run, and two runs at once queue one set and record one expiry (the loser's change finds
    /// it recorded). The lapse is one conditional save too.
    /// </summary>
    private async Task<bool> ExpireAcknowledgementAsync(string incidentId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (await incidents.GetAsync(incidentId, cancellationToken) is not { Value: var incident })
        {
            return false;
        }

        if (incident.AckExpiryEscalationDue(now, options.Value.AckTimeouts))
        {
            var lapsed = false;
            var holder = incident.AcknowledgedBy;
            await incidents.MutateAsync(incidentId, i => lapsed = i.ExpireAcknowledgement(now, options.Value.AckTimeouts), cancellationToken);
            if (lapsed)
            {
                logger.LogWarning("Incident {IncidentId}: {Holder} did not answer whether it is still theirs; the acknowledgement lapsed and the pair is paged", incidentId, holder);
            }

            return lapsed;
        }

        if (!incident.AckExpiryDue(now, options.Value.AckExpiry))
        {
            return false;
        }

        var roster = await RosterNowAsync(cancellationToken);
        var holderOf = Acknowledger.Of(incident, incident.AcknowledgedBy!, roster, options.Value.OrganisationList);
        PageRecipient? reader = holderOf.MemberId is { } id && roster.TryGetValue(id, out var member) && !string.IsNullOrWhiteSpace(member.Email)
            ? PageRecipient.From(member)
            : holderOf.AsReader(TeamLanguage);
        var notice = IncidentNotice.StillYours(incident.AckExpiries + 1, now - incident.HolderActiveAt!.Value, options.Value.AckTimeouts.For(incident.Severity), incident.SnoozedUntil is not null);
        if (reader is null)
        {
            // Nobody to ask: recorded all the same, so the lapse (and the pair's page) follows an ack timeout later.
            logger.LogWarning("Incident {IncidentId}: the acknowledgement of {Holder} expired and they have no address; the pair is paged if nothing happens", incidentId, incident.AcknowledgedBy);
        }
        else
        {
            await outbox.EnqueueAsync(
                messages.Compose(incident, notice, [reader], incident.Assignees, TeamLanguage, includeTeams: false, BaseUrl, options.Value, nameOf: NamesIn(roster)),
                cancellationToken);
        }

        var recorded = false;
        await incidents.MutateAsync(incidentId, i => recorded = i.RecordAckExpired(now, options.Value.AckExpiry), cancellationToken);
        if (recorded)
        {
            logger.LogInformation("Incident {IncidentId}: acknowledgement by {Holder} expired (quiet for {Quiet}); asked whether it is still theirs", incidentId, incident.AcknowledgedBy, notice.QuietFor);
        }

        return recorded;
    }
}
