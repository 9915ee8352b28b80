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
/// a time per incident. The cost per run is one query (the board) plus one point read per recently resolved incident; writes
/// only for incidents whose title, impact, workaround, areas or severity changed since they were indexed
/// (<see cref="LessonDocument.Fingerprint"/>). Rows a changed text no longer holds stay until the incident's retro replaces them;
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
        var documents = board.Where(i => !i.IsOpen).Select(i => LessonDocument.For(i, null, wordings)).ToList();
        if (documents.Count == 0)
        {
            return 0;
        }

        var indexed = await index.GetFingerprintsAsync([.. documents.Select(d => (d.IncidentId, d.At))], cancellationToken);
        var written = 0;
        foreach (var document in documents.Where(d => indexed.GetValueOrDefault(d.IncidentId) != d.Fingerprint()))
        {
            if (await retros.GetAsync(document.IncidentId, cancellationToken) is not null)
            {
                continue;
            }

            await index.AddAsync(document, null, cancellationToken);
            written++;
        }

        if (written > 0)
        {
            logger.LogInformation("Lessons index: {Count} resolved incident(s) indexed", written);
        }

        return written;
    }
}
