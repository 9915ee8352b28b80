using Microsoft.Extensions.Options;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;

namespace OnDuty.Core.Retros;

/// <summary>
/// What the team still owes after incidents: the incidents of the last <see cref="RetroOptions.LookBackDays"/> with their
/// retros, plus every open incident. Incidents come from the list summaries (pages of the year index, newest first, and one
/// query of the open index), so an incident costs no read of its own; then a point read per incident's retro, a few at a
/// time — bounded by the window, never the whole history. A record stored before its highest severity was kept
/// (<see cref="Incident.MaxSeverityUnknown"/>), resolved without a retro, has its timeline read for it.
/// </summary>
public sealed class RetroBacklog(IIncidentRepository incidents, IRetroRepository retros, IOptions<RetroOptions> options, IOptions<IncidentOptions> incidentOptions, IOptions<ReportOptions> reports)
{
    private const int PageSize = 500;
    private const int RetroReadParallelism = 8;

    public async Task<IReadOnlyList<RetroBacklogEntry>> LoadAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var zone = incidentOptions.Value.Zone;
        var since = now.AddDays(-options.Value.LookBackDays);
        var years = Enumerable.Range(TimeZoneInfo.ConvertTime(since, zone).Year, TimeZoneInfo.ConvertTime(now, zone).Year - TimeZoneInfo.ConvertTime(since, zone).Year + 1);
        var owed = new Dictionary<string, Incident>(StringComparer.Ordinal);
        foreach (var year in years)
        {
            string? token = null;
            var read = 0;
            do
            {
                var page = await incidents.ListYearAsync(year, Math.Min(PageSize, reports.Value.MaxIncidents - read), token, cancellationToken);
                // A duplicate merged into another owes nothing of its own: its retro is the other's.
                foreach (var incident in page.Items.Where(i => i.MergedInto is null && (i.ResolvedAt is not { } resolved || resolved >= since)))
                {
                    owed.TryAdd(incident.Id, incident);
                }

                read += page.Items.Count;
                token = page.ContinuationToken;
            }
            while (token is not null && read < reports.Value.MaxIncidents);
        }

        // Open incidents are owed attention however old: the open index adds any the window missed.
        foreach (var open in (await incidents.ListBoardAsync(now, cancellationToken)).Where(i => i.IsOpen))
        {
            owed.TryAdd(open.Id, open);
        }

        var entries = new RetroBacklogEntry[owed.Count];
        await Parallel.ForEachAsync(owed.Values.Select((incident, index) => (incident, index)),
            new ParallelOptions { MaxDegreeOfParallelism = RetroReadParallelism, CancellationToken = cancellationToken },
            async (item, ct) =>
            {
                var retro = (await retros.GetAsync(item.incident.Id, ct))?.Value;
                if (retro is null && item.incident is { MaxSeverityUnknown: true, IsOpen: false })
                {
                    // Stored before the highest severity was kept and its severity set since: a SEV1 lowered to SEV3 still owes a
                    // retro, and only its timeline says so (one read, for such records of the window only).
                    item.incident.RecallMaxSeverity(await incidents.GetTimelineAsync(item.incident.Id, ct));
                }

                entries[item.index] = new RetroBacklogEntry(item.incident, retro);
            });
        return entries;
    }
}
