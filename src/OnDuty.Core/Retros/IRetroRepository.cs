using OnDuty.Core.Common;

namespace OnDuty.Core.Retros;

/// <summary>Retros, one partition per incident: the current version (ETag-guarded) and every saved version.</summary>
public interface IRetroRepository
{
    Task<Versioned<StoredRetro>?> GetAsync(string incidentId, CancellationToken cancellationToken);

    /// <summary>
    /// Stores <paramref name="retro"/> as the current version and as version row <c>retro.Version.Version</c>, in one
    /// transaction: inserted when <paramref name="etag"/> is null, else replaced only at that ETag.
    /// <see cref="ConcurrencyException"/> when someone saved first. Returns the new ETag.
    /// </summary>
    Task<string> SaveAsync(StoredRetro retro, string? etag, CancellationToken cancellationToken);

    /// <summary>Every saved version's who and when, newest first.</summary>
    Task<IReadOnlyList<RetroVersion>> ListVersionsAsync(string incidentId, CancellationToken cancellationToken);

    /// <summary>One saved version's content; null when there is no such version.</summary>
    Task<(RetroContent Content, RetroVersion Version)?> GetVersionAsync(string incidentId, int version, CancellationToken cancellationToken);
}
