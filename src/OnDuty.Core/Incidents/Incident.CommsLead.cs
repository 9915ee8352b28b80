namespace OnDuty.Core.Incidents;

public sealed partial class Incident
{
    /// <summary>
    /// The communications lead (連絡担当, incident.io's "Communications Lead", PagerDuty's "Customer Liaison"): the member id of the
    /// person who keeps the stakeholders, PR and CS informed while the holder works the problem. The requests for updates go to them
    /// first and ■お問い合わせ先 names them first. Null: none (every incident stored before it was kept).
    /// </summary>
    public string? CommsLead { get; private set; }

    /// <summary>When <see cref="CommsLead"/> became it; null with none.</summary>
    public DateTimeOffset? CommsLeadAt { get; private set; }

    /// <summary>How many times a communications lead was set on it: numbers the assignment mail (<c>incident:{id}:commsLead:{member}:{n}</c>), so one set again after being cleared is told again.</summary>
    public int CommsLeadCount { get; private set; }

    /// <summary>
    /// Makes member <paramref name="member"/> the communications lead of the open incident, with a timeline row
    /// (<see cref="TimelineTexts.CommsLeadSet"/>; <see cref="TimelineEntry.AssignedBy"/> who made them it when someone else);
    /// false when they already are (nothing recorded). The caller refuses a resolved or merged one.
    /// </summary>
    public bool SetCommsLead(string member, string by, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(member);
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        if (!IsOpen || string.Equals(CommsLead, member, StringComparison.Ordinal))
        {
            return false;
        }

        CommsLead = member;
        CommsLeadAt = at;
        CommsLeadCount++;
        // A new lead has their own two reminders before the pair is asked again (UpdateNudger).
        Comms = Comms with { LeadNudges = 0 };
        Record(new TimelineEntry
        {
            At = at,
            Kind = TimelineKind.CommsLead,
            By = by.Trim(),
            Message = string.Format(System.Globalization.CultureInfo.InvariantCulture, TimelineTexts.CommsLeadSet, member),
            AssignedBy = string.Equals(by.Trim(), member, StringComparison.Ordinal) ? null : by.Trim(),
        });
        return true;
    }

    /// <summary>
    /// No communications lead any more (「連絡担当をやめる」), with a timeline row (<see cref="TimelineTexts.CommsLeadCleared"/>;
    /// <see cref="TimelineEntry.AssignedBy"/> who when not the lead themselves); false when it had none (nothing recorded).
    /// </summary>
    public bool ClearCommsLead(string by, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        if (CommsLead is not { } lead)
        {
            return false;
        }

        DropCommsLead(by.Trim(), at, string.Format(System.Globalization.CultureInfo.InvariantCulture, TimelineTexts.CommsLeadCleared, lead),
            string.Equals(by.Trim(), lead, StringComparison.Ordinal) ? null : by.Trim());
        return true;
    }

    /// <summary>
    /// Member <paramref name="member"/>, the communications lead of this open incident, was taken off the roster (deleted or made
    /// inactive): no lead any more, with a row (<see cref="TimelineTexts.CommsLeadOffRoster"/>, by the system); the reminders go back to the
    /// pair and whoever holds it. False when they are not its lead or it is not open (nothing recorded).
    /// </summary>
    public bool ClearCommsLeadOffRoster(string member, DateTimeOffset at)
    {
        if (!IsOpen || !string.Equals(CommsLead, member, StringComparison.Ordinal))
        {
            return false;
        }

        DropCommsLead("system", at, string.Format(System.Globalization.CultureInfo.InvariantCulture, TimelineTexts.CommsLeadOffRoster, member));
        return true;
    }

    /// <summary>
    /// No communications lead any more — cleared, taken off the roster, or gone back with an unmerged duplicate — its reminders' count
    /// started again, and a <see cref="TimelineKind.CommsLead"/> row saying <paramref name="message"/>.
    /// </summary>
    private void DropCommsLead(string by, DateTimeOffset at, string message, string? assignedBy = null)
    {
        CommsLead = null;
        CommsLeadAt = null;
        Comms = Comms with { LeadNudges = 0 };
        Record(new TimelineEntry
        {
            At = at,
            Kind = TimelineKind.CommsLead,
            By = by,
            Message = message,
            AssignedBy = assignedBy,
        });
    }
}
