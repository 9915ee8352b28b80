namespace OnDuty.Core.Incidents;

/// <summary>
/// The security officer's mail (<see cref="Pager.AnnounceConfidentialAsync"/>) that could not be queued when the incident became
/// confidential: what it says, kept on the incident until the update cadence timer queues it under the same ids
/// (<see cref="Incident.OfficerMailOwed"/>).
/// </summary>
public sealed record OwedOfficerMail
{
    /// <summary>Who declared or marked it confidential.</summary>
    public required string By { get; init; }

    /// <summary>When it was declared or marked confidential (the mail says this time, not the time it goes).</summary>
    public DateTimeOffset At { get; init; }

    /// <summary>Why, when the person said (the mark form's optional reason).</summary>
    public string? Reason { get; init; }
}
