namespace OnDuty.Core.Incidents;

/// <summary>
/// The people added on a confidential incident who may read it (<see cref="ConfidentialAccess"/>), beside the incident: one row each
/// by normalised address, added with one conditional insert (two presses at once: one row).
/// </summary>
public interface IIncidentReaders
{
    /// <summary>
    /// Adds <paramref name="reader"/> to <paramref name="incidentId"/>; false when the address was there already (nothing changes). Its
    /// row in the index by address (<see cref="AddedOnAsync"/>) is written after it, also when it was there (a missing one is made).
    /// </summary>
    Task<bool> AddAsync(string incidentId, IncidentReader reader, CancellationToken cancellationToken);

    /// <summary>Takes <paramref name="address"/> off <paramref name="incidentId"/>, its index row first; false when it was not there.</summary>
    Task<bool> RemoveAsync(string incidentId, string address, CancellationToken cancellationToken);

    /// <summary>The readers added on <paramref name="incidentId"/>, in address order (one query of its partition).</summary>
    Task<IReadOnlyList<IncidentReader>> ListAsync(string incidentId, CancellationToken cancellationToken);

    /// <summary>
    /// Records that a page, an escalation step or a call for help reached <paramref name="reached"/> for <paramref name="incidentId"/>
    /// (one conditional insert, kept apart from the people added: taking one of those off leaves it); false when recorded already.
    /// </summary>
    Task<bool> RecordReachedAsync(string incidentId, ReachedReader reached, CancellationToken cancellationToken);

    /// <summary>
    /// Every address that may read <paramref name="incidentId"/> by being on it: those added (<see cref="ListAsync"/>) and those its
    /// pages and calls for help reached (<see cref="RecordReachedAsync"/>); one query of its partition.
    /// </summary>
    Task<IReadOnlyList<string>> MayReadAsync(string incidentId, CancellationToken cancellationToken);

    /// <summary>
    /// Those added on <paramref name="incidentId"/> (<see cref="ListAsync"/>) and those its pages and calls for help reached
    /// (<see cref="RecordReachedAsync"/>), each in address order: one query of its partition, for its page's 「閲覧できる人」.
    /// </summary>
    Task<ReadersOnIncident> ListWithReachedAsync(string incidentId, CancellationToken cancellationToken);

    /// <summary>
    /// The incidents any of <paramref name="addresses"/> was added on (<see cref="AddAsync"/>), from the index by address: one query
    /// for them all, none for no address. A person added before the index was kept is not in it (the lists mask it for them, as before).
    /// </summary>
    Task<IReadOnlySet<string>> AddedOnAsync(IReadOnlyList<string> addresses, CancellationToken cancellationToken);
}

/// <summary>Who may read a confidential incident by being on it: the people added (removable) and those its pages reached (kept).</summary>
public sealed record ReadersOnIncident(IReadOnlyList<IncidentReader> Added, IReadOnlyList<ReachedReader> Reached)
{
    /// <summary>Nobody (an incident that is not confidential: nothing read).</summary>
    public static ReadersOnIncident None { get; } = new([], []);

    /// <summary>Those reached who were not added too (an added person is listed once, as added: taking them off leaves them reached).</summary>
    public IReadOnlyList<ReachedReader> ReachedOnly => [.. Reached.Where(r => !Added.Any(a => string.Equals(a.Address, r.Address, StringComparison.Ordinal)))];
}

/// <summary>A person added on a confidential incident: their address (trimmed, lower case), when and by whom.</summary>
public sealed record IncidentReader(string Address, DateTimeOffset AddedAt, string AddedBy)
{
    /// <summary>How an address is kept and compared: trimmed, lower case (<see cref="Team.Member.SameAddress"/>'s rule).</summary>
    public static string Normalise(string address) => address.Trim().ToLowerInvariant();
}

/// <summary>
/// Someone a confidential incident's page, escalation step or call for help reached (<see cref="Kind"/>: <see cref="Paged"/> or
/// <see cref="Asked"/>): they were sent its details, so its page must not refuse them (<see cref="ConfidentialAccess"/>).
/// </summary>
public sealed record ReachedReader(string Address, string Kind, DateTimeOffset At)
{
    /// <summary>Reached by a page or an escalation step (the duty members, the leads, the organisation's list).</summary>
    public const string Paged = "paged";

    /// <summary>Reached by a call for help (the organisation's list, or one member asked by name) or an assignment.</summary>
    public const string Asked = "asked";
}
