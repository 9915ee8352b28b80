using Microsoft.Extensions.Logging;
using OnDuty.Core.Incidents;

namespace OnDuty.Core.Retros;

/// <summary>
/// Makes resolved incidents findable by lessons search before anyone writes their retro (most never get one): each run
/// indexes the incidents resolved within the status board's window (<see cref="IncidentService.StatusBoardResolvedWindow"/>)
/// whose text is not indexed as it reads now. A retro's save indexes the incident with its retro, so an incident that has one is
/// left to it.
/// </summary>
/// <remarks>
/// Off the request path on purpose: a resolve in an alert storm stays one conditional write, and the index gets one writer at
/// a time per incident. The cost per run is one query (the board) plus one point read per recently resolved incident; reads the
/// status updates (<see cref="LessonDocument.UpdatesOfAsync"/>, one bounded read) and writes only for incidents whose title, impact,
/// workaround, areas or severity changed, or that a person updated, since they were indexed (<see cref="LessonDocument.SourceOf"/>). Rows a changed text no longer holds stay until the incident's retro replaces them;
/// searches drop them when they check each hit against the record.
/// </remarks>
public sealed class LessonIndexer(
    IIncidentRepository incidents,
    IRetroRepository retros,
    ILessonIndex index,
    TimeProvider time,
    ILogger<LessonIndexer> logger,
    ILessonWordings? wordings = null)
{
    /// <summary>Indexes what changed; returns how many incidents were (re)indexed.</summary>
    public async Task<int> IndexRecentAsync(CancellationToken cancellationToken)
    {
        var board = await incidents.ListBoardAsync(time.GetUtcNow(), cancellationToken);
        var resolved = board.Where(i => !i.IsOpen).ToList();
        if (resolved.Count == 0)
        {
            return 0;
        }

        // Compared by what each was indexed from (its record, and when a person last updated it), so an unchanged incident costs
        // no timeline read; rows indexed before every update was (only the record's fingerprint) differ, and are indexed again once.
        var sources = resolved.Select(i => (Incident: i, Source: LessonDocument.SourceOf(i, LessonDocument.For(i, null, wordings)))).ToList();
        var indexed = await index.GetFingerprintsAsync([.. resolved.Select(i => (i.Id, i.DetectedAt))], cancellationToken);
        var written = 0;
        foreach (var (incident, source) in sources.Where(s => indexed.GetValueOrDefault(s.Incident.Id) != s.Source))
        {
            if (await retros.GetAsync(incident.Id, cancellationToken) is not null)
            {
                continue;
            }

            var updates = await LessonDocument.UpdatesOfAsync(incidents, incident.Id, cancellationToken);
            await index.AddAsync(LessonDocument.For(incident, null, wordings, updates) with { Source = source }, null, cancellationToken);
            written++;
        }

        if (written > 0)
        {
            logger.LogInformation("Lessons index: resolved incidents indexed: {Count}", written);
        }

        return written;
    }
}
