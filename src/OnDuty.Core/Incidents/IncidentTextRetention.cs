using Microsoft.Extensions.Options;
using OnDuty.Core.Team;

namespace OnDuty.Core.Incidents;

/// <summary>
/// Removes the free text of incidents resolved longer ago than <see cref="RetentionOptions.IncidentText"/> (the
/// <c>PurgeExpiredData</c> timer): the timeline's messages and the alerts' details first, the record last (marking it
/// <see cref="Incident.TextPurgedAt"/>, its list summaries copied from it), so a run that stops half-way is finished by the
/// next. Candidates come from the year lists' summaries (one partition query per page), never from reading every incident.
/// </summary>
public sealed class IncidentTextRetention(IIncidentRepository incidents, TimeProvider time, IOptions<RetentionOptions> retention, IOptions<IncidentOptions> incidentOptions)
{
    /// <summary>Incident ids carry no earlier year; an empty year costs one query.</summary>
    private const int FirstYear = 2000;

    private const int PageSize = 1000;

    public async Task<int> PurgeAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var before = now - retention.Value.IncidentText;

        // An incident's year is the year it was detected in the team's time zone, and it resolved after that.
        var lastYear = TimeZoneInfo.ConvertTime(before, incidentOptions.Value.Zone).Year;
        var purged = 0;
        for (var year = lastYear; year >= FirstYear; year--)
        {
            string? token = null;
            do
            {
                var page = await incidents.ListYearAsync(year, PageSize, token, cancellationToken);
                foreach (var incident in page.Items.Where(i => !i.IsOpen && i.ResolvedAt < before && i.TextPurgedAt is null))
                {
                    purged += await PurgeOneAsync(incident.Id, before, now, cancellationToken) ? 1 : 0;
                }

                token = page.ContinuationToken;
            }
            while (token is not null);
        }

        return purged;
    }

    private async Task<bool> PurgeOneAsync(string id, DateTimeOffset before, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // The summary may be behind the record: a reopen since then keeps the text.
        if (await incidents.GetAsync(id, cancellationToken) is not { } current || current.Value.IsOpen || !(current.Value.ResolvedAt < before))
        {
            return false;
        }

        await incidents.RewriteRowsAsync(id, e => e.WithoutText(), a => a.WithoutDetails(), cancellationToken);
        var saved = await incidents.MutateAsync(id, i => !i.IsOpen && i.ResolvedAt < before && i.PurgeText(now), cancellationToken);
        return saved.Value.TextPurgedAt == now;
    }
}
