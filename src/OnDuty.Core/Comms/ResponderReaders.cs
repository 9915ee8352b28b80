using OnDuty.Core.Incidents;
using OnDuty.Core.Notifications;
using OnDuty.Core.Team;

namespace OnDuty.Core.Comms;

/// <summary>
/// Who, besides the pair on duty and the holder, the reminders to an incident's responders reach (【更新のお願い】, 【復旧の報告をお願いします】),
/// read off its timeline with those of the duplicates merged into it (the PM who declared one worked on this outage too: trial day 33, M6).
/// Once someone took it over (「対応を引き継ぐ」, the last <see cref="TimelineKind.TookOver"/> row: <see cref="TookOver"/>), only those who
/// acted on it since: the ones before handed it over (the five-day walk, F3: last week's pair were still asked after 佐藤 took it over).
/// Never taken over: all who acted on it, each reminder keeping its own rule for them.
/// </summary>
/// <param name="Timeline">The incident's timeline with those of the duplicates merged into it.</param>
/// <param name="TookOver">The last takeover; null when it was never taken over.</param>
/// <param name="Acted">
/// Those who acted on it (<see cref="Retros.IncidentResponders"/>: declared, acknowledged, took it over, updated, told the stakeholders, called
/// for help …) since <see cref="TookOver"/>, or ever when never taken over, who are active roster members with an address, each in their language.
/// </param>
public sealed record ResponderReaders(IReadOnlyList<TimelineEntry> Timeline, TimelineEntry? TookOver, IReadOnlyList<PageRecipient> Acted)
{
    /// <summary>Reads <paramref name="incident"/>'s timelines; <paramref name="members"/> the roster as it is now.</summary>
    /// <exception cref="Common.DependencyUnavailableException">A timeline could not be read.</exception>
    public static async Task<ResponderReaders> ReadAsync(IIncidentRepository incidents, Incident incident, IReadOnlyList<Member> members, CancellationToken cancellationToken)
    {
        var own = await incidents.GetTimelineAsync(incident.Id, cancellationToken);
        var timeline = new List<TimelineEntry>(own);
        foreach (var merged in incident.MergedIncidents)
        {
            timeline.AddRange(await incidents.GetTimelineAsync(merged, cancellationToken));
        }

        var tookOver = own.Where(t => t.Kind == TimelineKind.TookOver).OrderBy(t => t.At).LastOrDefault();
        var since = tookOver is null ? timeline : [.. timeline.Where(t => t.At >= tookOver.At)];
        var acted = new List<PageRecipient>();
        foreach (var who in Retros.IncidentResponders.Of(incident, since, members).Acted)
        {
            if (members.FirstOrDefault(m => m.Active && string.Equals(m.Id, who, StringComparison.OrdinalIgnoreCase)) is { } member && !string.IsNullOrWhiteSpace(member.Email))
            {
                acted.Add(PageRecipient.MailOnly(member));
            }
        }

        return new ResponderReaders(timeline, tookOver, acted);
    }

    /// <summary>
    /// When the holder took it over, said in the reminders; null when they acknowledged it — also after a takeover before a reopen
    /// that someone else acknowledged since.
    /// </summary>
    public DateTimeOffset? HolderTookOverAt(Incident incident) =>
        TookOver is { } row && string.Equals(row.By, incident.AcknowledgedBy, StringComparison.Ordinal) ? row.At : null;
}
