namespace OnDuty.Core.Incidents;

/// <summary>
/// The people added on a confidential incident who may read it (<see cref="ConfidentialAccess"/>), beside the incident: one row each
/// by normalised address, added with one conditional insert (two presses at once: one row).
/// </summary>
public interface IIncidentReaders
{
    /// <summary>Adds <paramref name="reader"/> to <paramref name="incidentId"/>; false when the address was there already (nothing changes).</summary>
    Task<bool> AddAsync(string incidentId, IncidentReader reader, CancellationToken cancellationToken);

    /// <summary>Takes <paramref name="address"/> off <paramref name="incidentId"/>; false when it was not there.</summary>
    Task<bool> RemoveAsync(string incidentId, string address, CancellationToken cancellationToken);

    /// <summary>The readers added on <paramref name="incidentId"/>, in address order (one query of its partition).</summary>
    Task<IReadOnlyList<IncidentReader>> ListAsync(string incidentId, CancellationToken cancellationToken);
}

/// <summary>A person added on a confidential incident: their address (trimmed, lower case), when and by whom.</summary>
public sealed record IncidentReader(string Address, DateTimeOffset AddedAt, string AddedBy)
{
    /// <summary>How an address is kept and compared: trimmed, lower case (<see cref="Team.Member.SameAddress"/>'s rule).</summary>
    public static string Normalise(string address) => address.Trim().ToLowerInvariant();
}
