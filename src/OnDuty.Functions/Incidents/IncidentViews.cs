using OnDuty.Core.Alerts;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;

namespace OnDuty.Functions.Incidents;

/// <summary>Body of <c>POST /api/incidents</c>.</summary>
public sealed record CreateIncidentRequest(
    string? Title,
    AlertSeverity? Severity,
    IReadOnlyList<string>? AffectedAreas,
    IReadOnlyList<string>? Platforms,
    string? UserImpact,
    string? Workaround,
    DateTimeOffset? StartedAt,
    string? By)
{
    public NewIncident ToNewIncident()
    {
        new ValidationErrors()
            .When(string.IsNullOrWhiteSpace(Title), "title", "is required")
            .When(Severity is null, "severity", "is required (sev1, sev2, sev3 or sev4)")
            .ThrowIfAny();
        return new NewIncident
        {
            Title = Title!,
            Severity = Severity!.Value,
            AffectedAreas = AffectedAreas ?? [],
            Platforms = Platforms ?? [],
            UserImpact = UserImpact,
            Workaround = Workaround,
            StartedAt = StartedAt,
        };
    }
}

/// <summary>Body of <c>POST /api/incidents/{id}/updates</c>: a status and/or a message, optionally changed fields.</summary>
public sealed record IncidentUpdateRequest(
    IncidentStatus? Status,
    string? Message,
    string? By,
    string? Title,
    AlertSeverity? Severity,
    IReadOnlyList<string>? AffectedAreas,
    IReadOnlyList<string>? Platforms,
    string? UserImpact,
    string? Workaround,
    DateTimeOffset? StartedAt = null)
{
    public IncidentEdit? Edit() =>
        Title is null && Severity is null && AffectedAreas is null && Platforms is null && UserImpact is null && Workaround is null && StartedAt is null
            ? null
            : new IncidentEdit { Title = Title, Severity = Severity, AffectedAreas = AffectedAreas, Platforms = Platforms, UserImpact = UserImpact, Workaround = Workaround, StartedAt = StartedAt };
}

/// <summary>Body of <c>POST /api/incidents/{id}/ack</c>.</summary>
public sealed record AckRequest(string? MemberId);

public static class IncidentViews
{
    public static object Summary(Incident i) => new
    {
        i.Id,
        i.Title,
        Severity = IncidentMessages.SevLabel(i.Severity),
        i.Status,
        Open = i.IsOpen,
        i.Source,
        i.GroupKey,
        i.AffectedAreas,
        i.Platforms,
        i.UserImpact,
        i.Workaround,
        i.StartedAt,
        i.DetectedAt,
        i.AcknowledgedAt,
        i.AcknowledgedBy,
        i.ResolvedAt,
        Assignees = i.Assignees.Select(a => new { a.Id, a.DisplayName, a.Email }),
        EscalationStep = Math.Max(0, i.NotifiedStep),
        i.ReopenCount,
        StakeholderNotices = i.Comms.Issued,
        LastUpdateByPersonAt = i.Comms.LastPersonUpdateAt,
    };

    /// <summary>
    /// The record, its alerts and a page of its timeline, oldest first: an alert's repeats within the page are one row
    /// (<c>kind</c> <c>alertRepeated</c>, <c>at</c> the last, <c>firstAt</c>, <c>count</c>); <c>timelineContinuationToken</c> reads older rows.
    /// </summary>
    public static object Details(IncidentDetails d) => new
    {
        incident = Summary(d.Incident.Value),
        alerts = d.Alerts.Select(a => new { a.DedupKey, a.Status, Severity = IncidentMessages.SevLabel(a.Severity), a.Summary, a.FirstFiredAt, a.ResolvedAt, a.AffectedResource }),
        timeline = d.Timeline.Select(t => (At: t.At, Row: (object)t))
            .Concat((d.Repeats ?? []).Select(r => (At: r.Last, Row: (object)new
            {
                At = r.Last,
                Kind = TimelineKind.AlertRepeated,
                r.By,
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
