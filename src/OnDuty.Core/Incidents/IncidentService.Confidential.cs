using Microsoft.Extensions.Logging;
using OnDuty.Core.Common;

namespace OnDuty.Core.Incidents;

/// <summary>Marking an incident confidential, or lifting it (<see cref="Incident.Confidential"/>).</summary>
public sealed partial class IncidentService
{
    /// <summary>
    /// Marks <paramref name="id"/> confidential or lifts it, with a timeline row naming <paramref name="by"/>; asking for what it
    /// already is changes nothing. Nobody is told: the channel's and the status pages' next look say it the new way. Marked, those
    /// its pages and calls for help reached so far may read it (<see cref="Pager.RecordReachedSoFarAsync"/>); either way its retro's
    /// action items are listed as it is now.
    /// </summary>
    public async Task<Versioned<Incident>> MarkConfidentialAsync(string id, bool confidential, string by, CancellationToken cancellationToken)
    {
        var changed = false;
        var saved = await incidents.MutateAsync(id, i => changed = i.MarkConfidential(confidential, by, time.GetUtcNow()), cancellationToken);
        if (changed)
        {
            logger.LogInformation("Incident {IncidentId} confidential {Confidential} by {By}", id, confidential, LoggedText.Escape(by));
            // Those its pages and calls for help reached before may still read what their mail links to.
            await pager.RecordReachedSoFarAsync(saved.Value, cancellationToken);
        }

        // Its retro's action items are listed as it is now (masked for outsiders while confidential). Written whether or not it
        // changed: a request repeated after this write failed writes it then.
        await retros.RenameActionItemsIncidentAsync(saved.Value.Id, saved.Value.Title, saved.Value.MergedInto, cancellationToken, saved.Value.Confidential);
        return saved;
    }
}
