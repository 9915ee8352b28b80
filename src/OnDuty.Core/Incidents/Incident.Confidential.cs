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
}
