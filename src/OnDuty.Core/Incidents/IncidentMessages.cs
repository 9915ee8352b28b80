using OnDuty.Core.Alerts;
using OnDuty.Core.Messages;
using OnDuty.Core.Notifications;
using OnDuty.Core.Team;

namespace OnDuty.Core.Incidents;

/// <summary>A person or list a page goes to; <see cref="TokenSubject"/> is who an ack from their link is recorded as.</summary>
public sealed record PageRecipient(string Email, string? Name, Language Language, string TokenSubject);

/// <summary>What kind of notice: the first page, an escalation step, or "acknowledged by".</summary>
/// <remarks><see cref="Round"/> is the incident's reopen count: a reopen restarts escalation from step 0 under new ids.</remarks>
public sealed record IncidentNotice(string Kind, int Step, string? AcknowledgedBy = null, int Round = 0)
{
    public static IncidentNotice Page { get; } = new("page", 0);

    public static IncidentNotice Escalation(int step) => new("escalation", step);

    /// <summary>Step <paramref name="step"/> of escalation round <paramref name="round"/> (0 = the first page).</summary>
    public static IncidentNotice ForStep(int step, int round) => step == 0 ? Page with { Round = round } : Escalation(step) with { Round = round };

    public static IncidentNotice Ack(string by) => new("ack", 0, by);

    /// <summary>Call <paramref name="call"/> for help from <paramref name="by"/>, to the whole PM organisation.</summary>
    public static IncidentNotice Help(int call, string by, string? message) => new("help", call) { CalledBy = by, Note = message };

    /// <summary>Who called for help (help notices).</summary>
    public string? CalledBy { get; init; }

    /// <summary>What the caller wrote (help notices).</summary>
    public string? Note { get; init; }

    /// <summary>The message-id part after the incident: <c>page</c>, <c>escalation:2</c>, <c>ack</c>, <c>help:1</c>; after a reopen <c>page:r1</c>, <c>escalation:2:r1</c>.</summary>
    public string IdPart => (Kind is "escalation" or "help" ? $"{Kind}:{Step}" : Kind) + (Round > 0 ? $":r{Round}" : "");

    /// <summary>A page or an escalation step: asks someone to act, so it applies only while nobody has.</summary>
    public bool IsPage => Kind is "page" or "escalation";

    public OutboxPriority Priority => IsPage ? OutboxPriority.Page : OutboxPriority.Normal;

    /// <summary>The outbox topic of this notice about incident <paramref name="incidentId"/>.</summary>
    public string Topic(string incidentId) => OutboxIds.IncidentTopic(incidentId, this);

    internal const string TopicPrefix = "incident:";

    /// <summary>Reads a topic written by <see cref="Topic"/>; false for topics about anything else.</summary>
    public static bool TryParseTopic(string topic, out string incidentId, out IncidentNotice notice)
    {
        incidentId = "";
        notice = Page;
        if (!topic.StartsWith(TopicPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        var parts = topic[TopicPrefix.Length..].Split(':');
        switch (parts)
        {
            case [var id, "page", .. var rest] when TryRound(rest, out var round):
                incidentId = id;
                notice = Page with { Round = round };
                return true;
            case [var id, "escalation", var step, .. var rest] when int.TryParse(step, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && TryRound(rest, out var round):
                incidentId = id;
                notice = Escalation(n) with { Round = round };
                return true;
            case [var id, "help", var call, .. var rest] when int.TryParse(call, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && TryRound(rest, out var round):
                // Who called and what they wrote are in the rendered message, not the topic.
                incidentId = id;
                notice = new IncidentNotice("help", n) { Round = round };
                return true;
            case [var id, var kind] when id.Length > 0 && kind.Length > 0:
                incidentId = id;
                notice = new IncidentNotice(kind, 0);
                return true;
            default:
                return false;
        }
    }

    /// <summary>No suffix (round 0) or <c>r{n}</c>.</summary>
    private static bool TryRound(string[] rest, out int round)
    {
        round = 0;
        return rest switch
        {
            [] => true,
            [var r] when r.StartsWith('r') => int.TryParse(r.AsSpan(1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out round),
            _ => false,
        };
    }
}

/// <summary>
/// Builds the typed notices about an incident — one per recipient in their language, one for the channel in the team's — and
/// queues them rendered. Ids come from <see cref="OutboxIds"/> (<c>incident:{id}:{notice}:email:{address}</c>,
/// <c>incident:{id}:{notice}:teams</c>): the outbox refuses a second insert, so each recipient gets a notice once.
/// </summary>
public sealed class IncidentMessages(AckToken tokens, INoticeRenderer renderer)
{
    public IReadOnlyList<OutboxMessage> Compose(Incident incident, IncidentNotice notice, IReadOnlyList<PageRecipient> recipients, IReadOnlyList<AssignedMember> mention,
        Language teamLanguage, bool includeTeams, string baseUrl, IncidentOptions options, IReadOnlyList<TrackedAlert>? alerts = null)
    {
        var messages = new List<OutboxMessage>();
        var topic = OutboxIds.IncidentTopic(incident.Id, notice);
        var fired = FiredAlerts(alerts ?? []);
        // A call for help asks people to join: it says where (the page behind the PMs' sign-in).
        var pageLink = notice.Kind == "help" ? $"{baseUrl.TrimEnd('/')}/api/incidents/{Uri.EscapeDataString(incident.Id)}/page" : null;
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var r in recipients.Where(r => !string.IsNullOrWhiteSpace(r.Email)))
        {
            if (!seen.Add(r.Email))
            {
                continue;
            }

            // Only pages and escalations ask someone to acknowledge; a call for help asks people to join.
            var link = !notice.IsPage ? null : $"{baseUrl.TrimEnd('/')}/api/ack/{tokens.Issue(incident.Id, r.TokenSubject)}";
            var email = renderer.Email(Notice(incident, notice, r.Language, link, options, fired, alerts?.Count ?? 0) with { PageLink = pageLink });
            messages.Add(OutboxMessage.ForEmail(topic, r.Email, r.Name, email) with { Priority = notice.Priority });
        }

        if (includeTeams)
        {
            var card = renderer.Card(Notice(incident, notice, teamLanguage, null, options, fired, alerts?.Count ?? 0) with
            {
                PageLink = pageLink,
                // Teams resolves a mention by UPN or Entra id, not by mail address: without a UPN the name is plain text.
                Mentions = [.. mention.Where(m => !string.IsNullOrWhiteSpace(m.Email)).Select(m => new Mention(m.DisplayName, string.IsNullOrWhiteSpace(m.Upn) ? null : m.Upn))],
            });
            messages.Add(OutboxMessage.ForTeams(topic, card) with { Priority = notice.Priority });
        }

        return messages;
    }

    public static string SevLabel(AlertSeverity severity) => $"SEV{(int)severity}";

    private static IncidentPageNotice Notice(Incident incident, IncidentNotice notice, Language language, string? link, IncidentOptions options, IReadOnlyList<FiredAlert> fired, int total) =>
        new(language, incident, notice, options.TimeZone, link)
        {
            SeverityMeaning = options.SeverityMeanings.For(incident.Severity),
            Alerts = fired,
            MoreAlerts = Math.Max(0, total - fired.Count),
        };

    /// <summary>The first few alerts, firing before resolved, most severe first.</summary>
    private static IReadOnlyList<FiredAlert> FiredAlerts(IReadOnlyList<TrackedAlert> alerts) =>
        [.. alerts
            .OrderBy(a => a.Status == AlertStatus.Firing ? 0 : 1).ThenBy(a => a.Severity).ThenBy(a => a.FirstFiredAt)
            .Take(FiredAlert.MaxShown)
            .Select(a => new FiredAlert(a.Summary, a.Severity, a.Status)
            {
                Description = a.Description,
                // Rows stored before the details existed have only the resource.
                Labels = a.Labels.Count > 0 ? a.Labels : a.AffectedResource is null ? [] : [new("resource", a.AffectedResource)],
                Links = a.Links,
                Runbook = a.Runbook,
            })];
}
