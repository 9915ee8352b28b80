using Microsoft.Extensions.Options;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;

namespace OnDuty.Core.Retros;

/// <summary>
/// What the team still owes after incidents: the incidents of the last <see cref="RetroOptions.LookBackDays"/> with their
/// retros, plus every open incident. Read as one partition query per year of the window and the open-incidents index,
/// then a point read per incident and per incident's retro — bounded by the window, never the whole history.
/// </summary>
public sealed class RetroBacklog(IIncidentRepository incidents, IRetroRepository retros, IOptions<RetroOptions> options, IOptions<IncidentOptions> incidentOptions, IOptions<ReportOptions> reports)
{
    public async Task<IReadOnlyList<RetroBacklogEntry>> LoadAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var zone = incidentOptions.Value.Zone;
        var since = now.AddDays(-options.Value.LookBackDays);
        var years = Enumerable.Range(TimeZoneInfo.ConvertTime(since, zone).Year, TimeZoneInfo.ConvertTime(now, zone).Year - TimeZoneInfo.ConvertTime(since, zone).Year + 1);
        var entries = new List<RetroBacklogEntry>();
        foreach (var year in years)
        {
            foreach (var id in await incidents.ListIdsOfYearAsync(year, reports.Value.MaxIncidents, cancellationToken))
            {
                if (await incidents.GetAsync(id, cancellationToken) is not { Value: var incident } || (incident.ResolvedAt is { } resolved && resolved < since))
                {
                    continue;
                }

                var retro = await retros.GetAsync(id, cancellationToken);
                entries.Add(new RetroBacklogEntry(incident, retro?.Value));
            }
        }

        // Open incidents are owed attention however old: the open index adds any the window missed.
        var seen = entries.Select(e => e.Incident.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var id in await incidents.ListOpenIdsAsync(cancellationToken))
        {
            if (!seen.Contains(id) && await incidents.GetAsync(id, cancellationToken) is { Value: var open })
            {
                entries.Add(new RetroBacklogEntry(open, (await retros.GetAsync(id, cancellationToken))?.Value));
            }
        }

        return entries;
    }
}
