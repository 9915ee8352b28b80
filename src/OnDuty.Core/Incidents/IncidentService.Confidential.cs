using Microsoft.Extensions.Logging;
using OnDuty.Core.Common;

namespace OnDuty.Core.Incidents;

/// <summary>Marking an incident confidential, or lifting it (<see cref="Incident.Confidential"/>).</summary>
public sealed partial class IncidentService
{
    /// <summary>
    /// Marks <paramref name="id"/> confidential or lifts it, with a timeline row naming <paramref name="by"/>; asking for what it
    /// already is changes nothing. The channel's and the status pages' next look say it the new way. Marked, those its pages and calls
    /// for help reached so far may read it (<see cref="Pager.RecordReachedSoFarAsync"/>) and the security officer is told
    /// (<see cref="TellConfidentialReadersAsync"/>, saying <paramref name="reason"/> when given); either way its retro's action items
    /// are listed as it is now.
    /// </summary>
    public async Task<Versioned<Incident>> MarkConfidentialAsync(string id, bool confidential, string by, CancellationToken cancellationToken, string? reason = null)
    {
        var changed = false;
        var at = time.GetUtcNow();
        var saved = await incidents.MutateAsync(id, i => changed = i.MarkConfidential(confidential, by, at), cancellationToken);
        if (changed)
        {
            logger.LogInformation("Incident {IncidentId} confidential {Confidential} by {By}", id, confidential, LoggedText.Escape(by));
            // Those its pages and calls for help reached before may still read what their mail links to.
            await pager.RecordReachedSoFarAsync(saved.Value, cancellationToken);
            await TellConfidentialReadersAsync(saved.Value, by, at, reason, cancellationToken);
        }

        // Its retro's action items are listed as it is now (masked for outsiders while confidential). Written whether or not it
        // changed: a request repeated after this write failed writes it then.
        await retros.RenameActionItemsIncidentAsync(saved.Value.Id, saved.Value.Title, saved.Value.MergedInto, cancellationToken, saved.Value.Confidential);
        return saved;
    }

    /// <summary>The longest reason for marking an incident confidential taken (the page's form and the API).</summary>
    public const int ConfidentialReasonMaxLength = 500;

    /// <summary>
    /// The security officer's mail (<see cref="Pager.AnnounceConfidentialAsync"/>) for <paramref name="incident"/>, declared or marked
    /// confidential: queued after its page. A failure to queue it is logged as an error, never thrown — the incident stays
    /// confidential and the request that marked it succeeds — and leaves it owed on the incident (<see cref="Incident.OweOfficerMail"/>,
    /// a timeline row): the update cadence timer queues it under the same ids (<see cref="Pager.QueueOwedOfficerMailAsync"/>).
    /// </summary>
    private async Task TellConfidentialReadersAsync(Incident incident, string by, DateTimeOffset at, string? reason, CancellationToken cancellationToken)
    {
        try
        {
            await pager.AnnounceConfidentialAsync(incident, by, at, reason, cancellationToken);
            if (incident.OfficerMailOwed is not null)
            {
                // Queued now by a repeat of the request that owed it: the timer has nothing left to queue.
                await incidents.MutateAsync(incident.Id, i => i.RecordOfficerMailQueued(time.GetUtcNow()), cancellationToken);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Incident {IncidentId}: marked confidential, but queuing the confidential readers' mail failed; owed, the update cadence timer queues it", incident.Id);
            try
            {
                await incidents.MutateAsync(incident.Id, i => i.OweOfficerMail(by, at, reason, time.GetUtcNow()), cancellationToken);
            }
            catch (Exception owing) when (owing is not OperationCanceledException)
            {
                logger.LogError(owing, "Incident {IncidentId}: recording the confidential readers' mail as owed failed too; they were not told", incident.Id);
            }
        }
    }
}
