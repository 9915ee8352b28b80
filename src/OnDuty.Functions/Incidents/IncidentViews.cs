using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Messages;
using OnDuty.Core.Notifications;
using OnDuty.Functions.Http;

namespace OnDuty.Functions.Incidents;

public static class IncidentViews
{
    /// <summary>The member ids an incident's summary names someone by, for <see cref="MemberNames.ReadAsync"/>.</summary>
    public static IEnumerable<string?> NamedIds(Incident i) => [i.AcknowledgedBy, i.CommsLead];

    /// <summary>The member ids the details name someone by: its summary's and its timeline rows' <c>by</c>.</summary>
    public static IEnumerable<string?> NamedIds(IncidentDetails d) => [.. NamedIds(d.Incident.Value), .. d.Timeline.Select(t => t.By)];

    /// <param name="names">The name beside <c>acknowledgedBy</c> (<c>acknowledgedByName</c>).</param>
    public static object Summary(Incident i, MemberNames names) => new
    {
        i.Id,
        i.Title,
        // A security or personal-data incident: the channel, the status pages and audiences not picked read no title or details.
        i.Confidential,
        Severity = IncidentMessages.SevLabel(i.Severity),
        i.Status,
        Open = i.IsOpen,
        i.Source,
        i.GroupKey,
        i.AffectedAreas,
        i.Platforms,
        i.UserImpact,
        i.Workaround,
        i.Cause,
        i.NextSteps,
        i.BridgeUrl,
        i.StartedAt,
        i.DetectedAt,
        // Opened by a monitoring tool (source pagerduty: the Events v2 route is only the format): the name the opening delivery's
        // tool gave itself (client, e.g. Datadog); null when it gave none, for one opened by a person, and for records kept before.
        i.OpenedVia,
        // The first acknowledgement (time to acknowledge counts from it), whoever holds it now.
        i.AcknowledgedAt,
        i.AcknowledgedBy,
        // When the holder (acknowledgedBy) took it over from the one before (「対応を引き継ぐ」); null when they acknowledged it, never
        // taken over, and for records kept before it was stored.
        i.TakenOverAt,
        // Beside a member id: their name, one taken off the roster since by the name they had, marked (MemberNames); else null.
        AcknowledgedByName = names.Of(i.AcknowledgedBy),
        // The communications lead (連絡担当, POST /incidents/{id}/comms-lead): member id and name; null with none.
        CommsLead = i.CommsLead is { } lead ? new { Id = lead, Name = names.Of(lead) } : null,
        // A monitoring tool's acknowledgement (acknowledgedBy alert:{source}): the name the tool gave itself (Events v2 client, e.g.
        // Datadog); null for a person's, or a tool that named none.
        i.AcknowledgedVia,
        // The list's address whose link was pressed, or the signed-in address on the incident page; null when by member id.
        i.AcknowledgedFrom,
        // Snoozed by the holder (POST /incidents/{id}/snooze): the acknowledgement expires then; null when not snoozed.
        Snoozed = i.SnoozedUntil is { } until ? new { Until = until, By = i.SnoozedBy } : null,
        // The holder was asked 「まだ対応中ですか？」 (acknowledgement expiry) and has not answered: when; else null.
        StillYoursAskedAt = i.StillYoursPending ? i.AckExpiredAt : null,
        i.ResolvedAt,
        Assignees = i.Assignees.Select(a => new { a.Id, a.DisplayName, a.Email }),
        // Null while nobody was paged yet (pages held by maintenance): 0 would say the first page went out.
        EscalationStep = i.NotifiedStep < 0 ? (int?)null : i.NotifiedStep,
        i.ReopenCount,
        // When it last opened again after being resolved (the status page's 「再発 13:42」); null while it never has.
        LastReopenedAt = i.ReopenCount > 0 ? i.LastReopenedAt : null,
        StakeholderNotices = i.Comms.Issued,
        // Resolved by monitoring after the stakeholders were told it started, and not told it ended: a person owes the recovery notice.
        i.RecoveryNoticeOwed,
        LastUpdateByPersonAt = i.Comms.LastPersonUpdateAt,
        // The next update the last one promised (nextUpdateAt); null: the severity's interval applies.
        NextUpdateAt = i.Comms.NextUpdateAt,
        i.MergedInto,
        PagesHeld = i.PagesHeldBy is null ? null : new { Maintenance = i.PagesHeldBy, Title = i.PagesHeldFor, Until = i.PagesHeldUntil },
        // An Azure Service Health announcement ("Maintenance", "Information"): it pages nobody. Null for every other incident.
        PagesNobody = i.PagesNobodyFor,
    };

    /// <summary>
    /// An alert's links as stored at its firing (runbook first, as kind <c>runbook</c>): <c>kind</c>, <c>href</c> and the source's
    /// <c>text</c> (null when it gave none), http(s) only — what the first page mail and the incident page link to.
    /// </summary>
    private static IEnumerable<object> AlertLinks(TrackedAlert a) =>
        (a.Runbook is null ? [] : new[] { new AlertLink(AlertLinkKinds.Runbook, a.Runbook) }).Concat(a.Links)
            .Where(l => FiredAlert.IsShowable(l.Href))
            .Select(l => new { l.Kind, Href = l.Href.AbsoluteUri, l.Text });

    /// <summary>
    /// What an Azure Monitor metric or log search alert measured when it fired (as the page mail's 「HttpResponseTime（平均）3.42 &gt; 3」
    /// line says it): <c>metric</c> (null: a log search's row count), <c>operator</c> as a sign, <c>value</c>, <c>threshold</c>,
    /// <c>aggregation</c>, <c>window</c> (ISO 8601 duration), <c>dynamic</c>; empty for every other alert.
    /// </summary>
    private static IEnumerable<object> AlertConditions(TrackedAlert a) =>
        a.Conditions.Select(c => new
        {
            c.Metric,
            c.Operator,
            c.Value,
            c.Threshold,
            c.Aggregation,
            Window = c.Window is { } w ? System.Xml.XmlConvert.ToString(w) : null,
            c.Dynamic,
        });

    /// <summary>
    /// The record, its alerts and a page of its timeline, oldest first: an alert's repeats within the page are one row
    /// (<c>kind</c> <c>alertRepeated</c>, <c>at</c> the last, <c>firstAt</c>, <c>count</c>); <c>timelineContinuationToken</c> reads older rows.
    /// </summary>
    private static object PageRow(TimelineEntry t, IReadOnlyList<TimelineEntry> timeline, MemberNames names) => new
    {
        t.At,
        t.Kind,
        t.By,
        ByName = names.Of(t.By),
        t.Message,
        t.Status,
        t.AlertKey,
        t.Step,
        t.Round,
        t.Recipients,
        t.Changes,
        t.Corrected,
        Queued = TimelineStory.AwaitingDelivery(t, timeline),
        // Dropped unsent by an acknowledgement or the resolve: "acknowledged" / "resolved"; null when anything went out.
        Cancelled = TimelineStory.CancelledBy(t, timeline) switch { TimelineKind.Acknowledged => "acknowledged", TimelineKind.Resolved => "resolved", _ => null },
    };

    /// <param name="names">The names beside the member ids: <c>acknowledgedByName</c>, each timeline row's <c>byName</c>.</param>
    /// <param name="undelivered">Its pages of this round have reached nobody yet (<see cref="PagesUndelivered"/>); null otherwise.</param>
    public static object Details(IncidentDetails d, MemberNames names, PagesUndelivered? undelivered = null) => new
    {
        incident = Summary(d.Incident.Value, names),
        // Each failing channel with its own error (email, sms, call, teams); attempts and lastError: the most of any, the latest of any.
        undelivered = undelivered is { } u
            ? new { since = u.Since, attempts = u.Attempts, lastError = u.LastError, channels = u.Failures.Select(f => new { channel = f.Channel.Name(), attempts = f.Attempts, lastError = f.Error }) }
            : null,
        joinedGroups = d.Incident.Value.JoinedGroups,
        mergedIncidents = d.Incident.Value.MergedIncidents,
        mergedGroups = d.Incident.Value.MergedGroups.Select(g => new { g.Source, g.GroupKey }),
        alerts = d.Alerts.Select(a => new { a.DedupKey, a.Status, Severity = IncidentMessages.SevLabel(a.Severity), a.Summary, a.FirstFiredAt, a.ResolvedAt, a.AffectedResource, Links = AlertLinks(a), Conditions = AlertConditions(a) }),
        // A page step's row says whether its messages still wait to be sent (queued: no provider took them yet) or went out.
        timeline = d.Timeline.Select(t => (At: t.At, Row: t.Kind is TimelineKind.Notified or TimelineKind.Escalated ? PageRow(t, d.Timeline, names) : names.With(t, "by")))
            .Concat((d.Repeats ?? []).Select(r => (At: r.Last, Row: (object)new
            {
                At = r.Last,
                Kind = TimelineKind.AlertRepeated,
                r.By,
                ByName = names.Of(r.By),
                Message = r.LastMessage,
                r.AlertKey,
                FirstAt = r.First,
                r.Count,
            })))
            .OrderBy(x => x.At)
            .Select(x => x.Row),
        timelineContinuationToken = d.TimelineContinuationToken,
    };
}
