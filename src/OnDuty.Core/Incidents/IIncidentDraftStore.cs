using OnDuty.Core.Common;
using OnDuty.Core.Team;

namespace OnDuty.Core.Incidents;

/// <summary>Reviewed drafts, one per incident and language.</summary>
public interface IIncidentDraftStore
{
    Task<Versioned<IncidentDraft>?> GetAsync(string incidentId, Language language, CancellationToken cancellationToken);

    /// <summary>Saves at <paramref name="ifMatch"/> (<c>*</c>: whatever is there, or nothing); another ETag → <see cref="ConcurrencyException"/>.</summary>
    Task<string> SaveAsync(string incidentId, IncidentDraft draft, string ifMatch, CancellationToken cancellationToken);
}
