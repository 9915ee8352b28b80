using OnDuty.Core.Incidents;
using OnDuty.Core.Team;

namespace OnDuty.Core.Retros;

/// <summary>
/// Who responded to an incident, as its report (障害報告書) names them under 対応者: the people who acted on it — opened it by
/// hand, acknowledged, took it over, posted updates or edits, called for help, told stakeholders, merged, resolved — in the order they first
/// did, each once; the duty members who were paged and did none of that (<see cref="PagedOnly"/>), and all those paged (<see cref="Paged"/>, 「連絡を受けた当番」).
/// Each is as recorded (a member id, else the name someone typed); a member recorded by address is their member id.
/// </summary>
public sealed record IncidentResponders(IReadOnlyList<string> Acted, IReadOnlyList<string> PagedOnly)
{
    /// <summary>
    /// Every duty member paged (steps 0 and 1), by first page, whether or not they then acted: a member paged who acknowledged
    /// is still one the page reached, and the report's 「連絡を受けた当番」 lists them all (trial 39, L6).
    /// </summary>
    public IReadOnlyList<string> Paged { get; init; } = [];

    /// <summary>
    /// Those of <see cref="Acted"/> who acknowledged it (the row <see cref="TimelineKind.Acknowledged"/>), by first acknowledgement:
    /// the duty report's 「うち対応開始」 — whoever it names, by the same rule as the rest (a member id, their address then or now, their name).
    /// </summary>
    public IReadOnlyList<string> Acknowledged { get; init; } = [];

    public static IncidentResponders None { get; } = new([], []);

    /// <summary>Timeline rows a person's own action writes (the rest are OnDuty's or monitoring's: pages, deliveries, alerts).</summary>
    private static readonly HashSet<TimelineKind> Actions =
    [
        TimelineKind.Opened, TimelineKind.Acknowledged, TimelineKind.Update, TimelineKind.Resolved, TimelineKind.Reopened,
        TimelineKind.SeverityRaised, TimelineKind.SeverityLowered, TimelineKind.HelpCalled, TimelineKind.StakeholdersNotified, TimelineKind.Merged,
        TimelineKind.Corrected,

        // Took it over from whoever held it (after a handoff, say): the one who carried it to the end worked it, even when
        // monitoring resolved it before they posted anything (trial 53: the new holder was missing from 対応者 and the load report).
        TimelineKind.TookOver,
    ];

    /// <summary>
    /// From <paramref name="timeline"/> (the incident's, with those of the duplicates merged into it): the people who acted, by
    /// first action; the duty members paged (the first page and its repeat, steps 0 and 1) who did not act, by first page.
    /// </summary>
    public static IncidentResponders Of(Incident incident, IEnumerable<TimelineEntry> timeline, IReadOnlyList<Member> roster)
    {
        var rows = timeline.OrderBy(e => e.At).ToList();
        string Who(string recorded)
        {
            var by = recorded.Trim();
            if (AckLinkHolder.IsAddress(by))
            {
                return incident.Assignees.FirstOrDefault(a => Member.SameAddress(a.Email, by))?.Id ?? roster.FirstOrDefault(m => m.IsMailedAt(by))?.Id ?? by;
            }

            // The pages record a signed-in person's updates, edits and resolves by their display name and a duty member's
            // acknowledgement by member id: one person, once — the name is the member it names, ignoring spaces and case.
            return roster.Any(m => Member.SameAddress(m.Id, by)) || incident.Assignees.Any(a => Member.SameAddress(a.Id, by))
                ? by
                : incident.Assignees.FirstOrDefault(a => SameName(a.DisplayName, by))?.Id ?? roster.FirstOrDefault(m => SameName(m.DisplayName, by))?.Id ?? by;
        }

        List<string> acted = [.. rows
            .Where(e => Actions.Contains(e.Kind) && IsResponder(e.By))
            .Select(e => Who(e.By!))
            .Distinct(StringComparer.OrdinalIgnoreCase)];
        List<string> paged = [.. rows
            .Where(e => e.Kind is TimelineKind.Notified or TimelineKind.Escalated && e.Step is null or <= 1)
            .SelectMany(e => e.Recipients)
            .Where(AckLinkHolder.IsAddress) // the channel ("teams") is no one
            .Select(Who)
            .Where(id => !AckLinkHolder.IsAddress(id)) // duty members only: the pages of steps 0 and 1 go to them
            .Distinct(StringComparer.OrdinalIgnoreCase)];
        List<string> acknowledged = [.. rows
            .Where(e => e.Kind == TimelineKind.Acknowledged && IsResponder(e.By))
            .Select(e => Who(e.By!))
            .Distinct(StringComparer.OrdinalIgnoreCase)];
        List<string> pagedOnly = [.. paged.Where(id => !acted.Contains(id, StringComparer.OrdinalIgnoreCase))];
        return new IncidentResponders(acted, pagedOnly) { Paged = paged, Acknowledged = acknowledged };
    }

    /// <summary>A person: not OnDuty, not monitoring, not the JSON API's stand-in for a tool that gave no name.</summary>
    internal static bool IsResponder([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? by) => Incident.IsPerson(by) && !string.IsNullOrWhiteSpace(by) && by.Trim() != "api";

    private static bool SameName(string? a, string b) => Member.SameName(a, b);
}
