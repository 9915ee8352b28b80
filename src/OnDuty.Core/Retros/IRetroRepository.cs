using OnDuty.Core.Common;
using OnDuty.Core.Incidents;

namespace OnDuty.Core.Retros;

/// <summary>
/// Retros, one partition per incident: the current version (ETag-guarded), every saved version, the retro's open action items
/// as the action-item index lists them and its criteria changes as the proposals index lists them (both written in the same
/// transaction as the current version).
/// </summary>
public interface IRetroRepository
{
    Task<Versioned<StoredRetro>?> GetAsync(string incidentId, CancellationToken cancellationToken);

    /// <summary>
    /// Stores <paramref name="retro"/> as the current version, as version row <c>retro.Version.Version</c> and as its open action
    /// items in the action-item index, in one transaction: inserted when <paramref name="etag"/> is null, else replaced only at that ETag.
    /// <see cref="ConcurrencyException"/> when someone saved first. Returns the new ETag.
    /// </summary>
    Task<string> SaveAsync(StoredRetro retro, string? etag, CancellationToken cancellationToken);

    /// <summary>Every saved version's who and when, newest first.</summary>
    Task<IReadOnlyList<RetroVersion>> ListVersionsAsync(string incidentId, CancellationToken cancellationToken);

    /// <summary>One saved version's content; null when there is no such version.</summary>
    Task<(RetroContent Content, RetroVersion Version)?> GetVersionAsync(string incidentId, int version, CancellationToken cancellationToken);

    /// <summary>
    /// The open action items of every retro, however old (session 39: the lead's list is not bounded by a window), in no set
    /// order: one query of the action-item index. Retros saved before the index existed are indexed by the first call (once).
    /// </summary>
    Task<IReadOnlyList<IndexedActionItem>> ListOpenActionItemsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The criteria changes every retro proposes (its current version's <see cref="RetroContent.CriteriaChanges"/>), in no set order:
    /// one query of the proposals index, whose row per retro is written in the same transaction as the retro. Retros saved before
    /// the index existed are indexed by the first call (once), as for <see cref="ListOpenActionItemsAsync"/>.
    /// </summary>
    Task<IReadOnlyList<IndexedCriterionChange>> ListCriteriaChangesAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The incident <paramref name="incidentId"/> changed its title or was merged into another: its retro's rows in the action-item
    /// and proposals indexes name it as it is now — <paramref name="title"/> and <paramref name="mergedInto"/> (<see cref="Incident.Title"/>,
    /// <see cref="Incident.MergedInto"/>; a null <paramref name="mergedInto"/> leaves it, a merge is not undone) — in one write,
    /// the row's items kept. Nothing when the incident has no retro (no row); a retro saved later takes both from the incident
    /// (<see cref="LessonDocument"/>). With <paramref name="confidential"/> (<see cref="Incident.Confidential"/> as it is now) the rows
    /// keep that too (<see cref="IndexedActionItem.Confidential"/>); null leaves it.
    /// </summary>
    Task RenameActionItemsIncidentAsync(string incidentId, string title, string? mergedInto, CancellationToken cancellationToken, bool? confidential = null);
}
