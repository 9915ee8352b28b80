using Microsoft.Extensions.Logging;
using OnDuty.Core.Common;

namespace OnDuty.Core.Incidents;

/// <summary>
/// Giving a person access to a confidential incident (<see cref="ConfidentialAccess"/>): someone outside the roster (legal, an
/// auditor) added by mail address on that incident only, with a timeline row naming who added them; taken off the same way. A
/// duplicate merged in brings its readers to the incident kept (<see cref="CarryOverAsync"/>).
/// </summary>
public sealed class IncidentReaders(IIncidentRepository incidents, IIncidentReaders readers, TimeProvider time, ILogger<IncidentReaders> logger, Pager? pager = null)
{
    /// <summary>
    /// <paramref name="address"/> may read <paramref name="incidentId"/> from now on; true when they were not added yet (then a
    /// timeline row says so, naming <paramref name="by"/>). <see cref="ValidationException"/> (<c>address</c>) for anything not a
    /// mail address; <see cref="NotFoundException"/> for an unknown incident.
    /// </summary>
    public async Task<bool> AddAsync(string incidentId, string? address, string by, CancellationToken cancellationToken)
    {
        var normal = Checked(address);
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        var incident = await incidents.GetAsync(incidentId, cancellationToken) ?? throw new NotFoundException("Incident", incidentId);
        var at = time.GetUtcNow();
        var added = await readers.AddAsync(incidentId, new IncidentReader(normal, at, by), cancellationToken);
        if (added)
        {
            await incidents.MutateAsync(incidentId, i => i.RecordReader(normal, added: true, by, at), cancellationToken);
            logger.LogInformation("Incident {IncidentId}: a reader was added by {By}", incidentId, LoggedText.Escape(by));
        }

        // Added again: queued again under the same outbox id, so a mail whose queuing failed the first time goes now, and none twice.
        await TellReaderAsync(incident.Value, normal, by, cancellationToken);
        return added;
    }

    /// <summary>The added reader's mail (<see cref="Pager.AnnounceReaderAsync"/>); a failure is logged, never thrown: they stay added.</summary>
    private async Task TellReaderAsync(Incident incident, string address, string by, CancellationToken cancellationToken)
    {
        if (pager is null)
        {
            return;
        }

        try
        {
            await pager.AnnounceReaderAsync(incident, address, by, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Incident {IncidentId}: queuing the added reader's mail failed; they stay added", incident.Id);
        }
    }

    /// <summary>Takes <paramref name="address"/> off <paramref name="incidentId"/>; true when they were on it (a timeline row says so).</summary>
    public async Task<bool> RemoveAsync(string incidentId, string? address, string by, CancellationToken cancellationToken)
    {
        var normal = Checked(address);
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        _ = await incidents.GetAsync(incidentId, cancellationToken) ?? throw new NotFoundException("Incident", incidentId);
        if (!await readers.RemoveAsync(incidentId, normal, cancellationToken))
        {
            return false;
        }

        await incidents.MutateAsync(incidentId, i => i.RecordReader(normal, added: false, by, time.GetUtcNow()), cancellationToken);
        logger.LogInformation("Incident {IncidentId}: a reader was taken off by {By}", incidentId, LoggedText.Escape(by));
        return true;
    }

    /// <summary>The people added on <paramref name="incidentId"/>, in address order.</summary>
    public Task<IReadOnlyList<IncidentReader>> ListAsync(string incidentId, CancellationToken cancellationToken) =>
        readers.ListAsync(incidentId, cancellationToken);

    /// <summary>The people added on <paramref name="incidentId"/> and those its pages and calls for help reached (one query).</summary>
    public Task<ReadersOnIncident> ListWithReachedAsync(string incidentId, CancellationToken cancellationToken) =>
        readers.ListWithReachedAsync(incidentId, cancellationToken);

    /// <summary>The incidents any of <paramref name="addresses"/> was added on (the index by address: one query).</summary>
    public Task<IReadOnlySet<string>> AddedOnAsync(IReadOnlyList<string> addresses, CancellationToken cancellationToken) =>
        readers.AddedOnAsync(addresses, cancellationToken);

    /// <summary>Every address that may read <paramref name="incidentId"/> by being on it: added, or reached by its pages and calls for help.</summary>
    public Task<IReadOnlyList<string>> MayReadAsync(string incidentId, CancellationToken cancellationToken) =>
        readers.MayReadAsync(incidentId, cancellationToken);

    /// <summary>
    /// The readers of <paramref name="duplicate"/> may read <paramref name="into"/>, the incident it was merged into (which a merge makes
    /// confidential when the duplicate was): safe to repeat. Returns how many were added.
    /// </summary>
    public async Task<int> CarryOverAsync(string duplicate, string into, string by, CancellationToken cancellationToken)
    {
        var carried = 0;
        foreach (var reader in await readers.ListAsync(duplicate, cancellationToken))
        {
            carried += await readers.AddAsync(into, reader with { AddedAt = time.GetUtcNow(), AddedBy = by }, cancellationToken) ? 1 : 0;
        }

        return carried;
    }

    private static string Checked(string? address)
    {
        if (string.IsNullOrWhiteSpace(address) || !Team.EmailAddress.IsValid(address.Trim()) || address.Trim().Length > MaxAddressLength)
        {
            throw new ValidationException("address", $"must be a mail address of at most {MaxAddressLength} characters");
        }

        return IncidentReader.Normalise(address);
    }

    /// <summary>The longest address taken (a row key holds it).</summary>
    public const int MaxAddressLength = 254;
}
