using System.Globalization;
using System.Text.RegularExpressions;
using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;

namespace OnDuty.Core.Retros;

/// <summary>
/// A severity the incident held and from when to when (<see cref="To"/> null: the one it ended with), as the 障害報告書's 発生概要
/// says them when the severity changed: 「SEV1（16:05〜16:40）→ SEV2」.
/// </summary>
public sealed partial record SeverityStep(AlertSeverity Severity, DateTimeOffset From, DateTimeOffset? To)
{
    /// <summary>
    /// The severities of <paramref name="incident"/> in order, from its own timeline's raises and lowerings (the first held from
    /// the start, or detection when that is earlier): the severities recorded on the rows (<see cref="TimelineEntry.SeverityFrom"/>),
    /// or for rows written before they were, their words. Empty when it never changed, or when a change can no longer be read (an
    /// old row whose text retention removed): then only the final severity is said.
    /// </summary>
    public static IReadOnlyList<SeverityStep> History(Incident incident, IEnumerable<TimelineEntry> timeline)
    {
        var changes = timeline.Where(e => e.Kind is TimelineKind.SeverityRaised or TimelineKind.SeverityLowered).OrderBy(e => e.At).ToList();
        if (changes.Count == 0)
        {
            return [];
        }

        var steps = new List<SeverityStep>();
        // The first severity held from when users were affected: the start a person gave when before detection (a late declaration).
        var from = incident.StartedAt < incident.DetectedAt ? incident.StartedAt : incident.DetectedAt;
        foreach (var change in changes)
        {
            // Recorded on the row; a row written before it was, read from its words (gone when retention removed them).
            AlertSeverity was;
            if (change.SeverityFrom is { } recorded)
            {
                was = recorded;
            }
            else if (change.Message is not null && Change().Match(change.Message) is { Success: true } m)
            {
                was = (AlertSeverity)int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            }
            else
            {
                return [];
            }

            steps.Add(new SeverityStep(was, from, change.At));
            from = change.At;
        }

        steps.Add(new SeverityStep(incident.Severity, from, null));
        return steps;
    }

    /// <summary>The texts <see cref="TimelineTexts.SeverityRaised"/> and <see cref="TimelineTexts.SeverityLowered"/> write (read for rows stored before <see cref="TimelineEntry.SeverityFrom"/>).</summary>
    [GeneratedRegex(@"^severity (?:raised|lowered) from SEV([1-4]) to SEV([1-4])$", RegexOptions.CultureInvariant)]
    private static partial Regex Change();
}
