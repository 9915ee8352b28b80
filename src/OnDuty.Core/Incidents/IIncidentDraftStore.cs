using OnDuty.Core.Common;
using OnDuty.Core.Team;

namespace OnDuty.Core.Incidents;

/// <summary>Reviewed drafts, one per incident and language.</summary>
public interface IIncidentDraftStore
{
    Task<Versioned<IncidentDraft>?> GetAsync(string incidentId, Language language, CancellationToken cancellationToken);

    /// <summary>
    /// Saves at <paramref name="ifMatch"/>: <c>*</c> whatever is there (or nothing), empty only if nothing was saved yet (a page
    /// showing the generated draft), else that ETag; a mismatch → <see cref="ConcurrencyException"/>.
    /// </summary>
    Task<string> SaveAsync(string incidentId, IncidentDraft draft, string ifMatch, CancellationToken cancellationToken);
}
