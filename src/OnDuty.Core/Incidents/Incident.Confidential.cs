namespace OnDuty.Core.Incidents;

public sealed partial class Incident
{
    /// <summary>
    /// A security or personal-data incident (個人情報の漏えいの疑い, a compromised account): the people paged, the escalation's
    /// recipients, its holder and its own page read everything; the team's channel, the status pages, the other incidents' pages
    /// and any audience the person did not pick on an update read only that a confidential incident is open (its id, severity,
    /// status and link). It never holds a page back.
    /// </summary>
    public bool Confidential { get; private set; }

    /// <summary>
    /// Marks the incident confidential (<paramref name="confidential"/> true) or lifts it, with a timeline row naming
    /// <paramref name="by"/>; false when it already was as asked (nothing recorded).
    /// </summary>
    public bool MarkConfidential(bool confidential, string by, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        if (Confidential == confidential)
        {
            return false;
        }

        Confidential = confidential;
        if (!confidential)
        {
            // Lifted: nobody is owed word that it is confidential; marked again, it is told (queued again under the same ids).
            OfficerMailOwed = null;
        }

        Record(new TimelineEntry
        {
            At = at,
            Kind = TimelineKind.ConfidentialityChanged,
            By = by,
            Message = string.Format(System.Globalization.CultureInfo.InvariantCulture, confidential ? TimelineTexts.MarkedConfidential : TimelineTexts.ConfidentialLifted, by),
        });
        return true;
    }

    /// <summary>
    /// Records that <paramref name="address"/> was given access to read it (<paramref name="added"/>) or had it taken away, by
    /// <paramref name="by"/> (<see cref="IncidentReaders"/>): a timeline row, nothing else changes. Always true (a row to save).
    /// </summary>
    public bool RecordReader(string address, bool added, string by, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(address);
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        Record(new TimelineEntry
        {
            At = at,
            Kind = TimelineKind.ConfidentialityChanged,
            By = by,
            Message = string.Format(System.Globalization.CultureInfo.InvariantCulture, added ? TimelineTexts.ReaderAdded : TimelineTexts.ReaderRemoved, address, by),
        });
        return true;
    }

    /// <summary>
    /// The security officer's mail that could not be queued when it became confidential (<see cref="OweOfficerMail"/>); null when none
    /// is owed. The update cadence timer queues it under the same ids, so nobody is told twice.
    /// </summary>
    public OwedOfficerMail? OfficerMailOwed { get; private set; }

    /// <summary>Confidential, and the security officer's mail not queued yet (<see cref="OfficerMailOwed"/>).</summary>
    public bool OwesOfficerMail => Confidential && OfficerMailOwed is not null;

    /// <summary>
    /// Queuing the security officer's mail failed: it is owed (saying <paramref name="by"/>, <paramref name="markedAt"/> and
    /// <paramref name="reason"/> as it would have), with a timeline row saying so. False when it is not confidential or already owed.
    /// </summary>
    public bool OweOfficerMail(string by, DateTimeOffset markedAt, string? reason, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        if (!Confidential || OfficerMailOwed is not null)
        {
            return false;
        }

        OfficerMailOwed = new OwedOfficerMail { By = by, At = markedAt, Reason = reason };
        Record(new TimelineEntry { At = at, Kind = TimelineKind.ConfidentialityChanged, By = "system", Message = TimelineTexts.OfficerMailOwed });
        return true;
    }

    /// <summary>The owed security officer's mail (<see cref="OfficerMailOwed"/>) is queued now, with a timeline row; false when none was owed.</summary>
    public bool RecordOfficerMailQueued(DateTimeOffset at)
    {
        if (OfficerMailOwed is null)
        {
            return false;
        }

        OfficerMailOwed = null;
        Record(new TimelineEntry { At = at, Kind = TimelineKind.ConfidentialityChanged, By = "system", Message = TimelineTexts.OfficerMailQueued });
        return true;
    }
}
