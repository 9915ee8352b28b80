using OnDuty.Core.Alerts;
using OnDuty.Core.Common;

namespace OnDuty.Core.Incidents;

/// <summary>One alert tracked inside an incident, by its dedup key.</summary>
public sealed record TrackedAlert
{
    public required string DedupKey { get; init; }

    public required AlertStatus Status { get; init; }

    public required AlertSeverity Severity { get; init; }

    public required string Summary { get; init; }

    public DateTimeOffset FirstFiredAt { get; init; }

    public DateTimeOffset? ResolvedAt { get; init; }

    public string? AffectedResource { get; init; }

    /// <summary>What the alert says beyond its summary (annotation <c>description</c>, Azure description, …), shortened for a page.</summary>
    public string? Description { get; init; }

    /// <summary>The labels a page shows (<see cref="LabelsThatMatter"/>), in that order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Labels { get; init; } = [];

    /// <summary>Links back to the source (generator, panel, silence, portal, …): absolute http(s) only, the runbook apart.</summary>
    public IReadOnlyList<AlertLink> Links { get; init; } = [];

    public Uri? Runbook { get; init; }

    /// <summary>A heartbeat's alert as data (<see cref="Heartbeats.HeartbeatFacts"/>): messages word it for each reader; null for any other alert and for rows stored before it was kept.</summary>
    public Heartbeats.HeartbeatFacts? Heartbeat { get; init; }

    /// <summary>
    /// The refused delivery an alert of an incident about refusals stands for (<see cref="RefusedDelivery.Stored"/>): messages word it
    /// for each reader; null for any other alert and for rows stored before it was kept (those show their summary and description as stored).
    /// </summary>
    public RefusedDelivery? Refusal { get; init; }

    /// <summary>
    /// What the alert measured when it fired (<see cref="AlertCondition"/>: 「Http5xx（合計）42 &gt; 10（直近5分）」), worded by each
    /// message; empty for other alerts and rows stored before it was kept (a previous release ignores it).
    /// </summary>
    public IReadOnlyList<AlertCondition> Conditions { get; init; } = [];

    /// <summary>The tool never resolves it (<see cref="AlertInstance.ResolvesOnlyByHand"/>): a person closes its incident.</summary>
    public bool ResolvesOnlyByHand { get; init; }

    /// <summary>
    /// The name the sending tool gave itself when it fired (PagerDuty Events v2 <c>client</c>, "Datadog"), at most
    /// <see cref="Incident.MaxAcknowledgedViaLength"/> characters: an acknowledge that names none is said as this tool's (trial 35 M3).
    /// Null when it gave none, and on alerts stored before 12-04 (their acknowledgement then names no tool, as before).
    /// </summary>
    public string? Client { get; init; }

    /// <summary>
    /// The route name of the source it fired through (<c>pagerduty</c>; an incident holds several once another source's was merged in):
    /// with <see cref="Client"/>, which tool's alerts resolved (<see cref="AlertTool"/>). Null on alerts stored before 12-05.
    /// </summary>
    public string? Source { get; init; }

    /// <summary>
    /// The group it came through (<see cref="HeldGroup.Mark"/>: a fingerprint of the source and the group key, not the key itself):
    /// once groups were merged in, an incident holds alerts of several, and undoing the merge (<see cref="IncidentUnmerger"/>) gives
    /// back every alert of the duplicate's groups, those that first fired after the merge too. Kept as first written; filled by a
    /// delivery on an alert stored without it. Null on alerts stored before 12-06 and on the unlisted alerts' entry (a previous
    /// release ignores it; the undo then goes by the alerts the duplicate had).
    /// </summary>
    public string? Group { get; init; }

    /// <summary>Label names worth a line in a page, most telling first; anything else stays in the source's own view.</summary>
    public static readonly IReadOnlyList<string> LabelsThatMatter =
        ["severity", "stage", "trackingId", "instance", "service", "job", "namespace", "cluster", "pod", "host", "component", "environment", "env"];

    public const int MaxDescriptionLength = 1500;
    public const int MaxLabelValueLength = 200;
    public const int MaxLinks = 5;
    public const int MaxLinkLength = 1024;
    private const int MaxSummaryLength = 1024;

    /// <summary>
    /// An alert as tracked from its first firing through <paramref name="source"/> (a route name) and its group
    /// <paramref name="groupKey"/> (kept as <see cref="Group"/>): what fired and where to look, cut to sizes that keep one alert row
    /// well inside a table property however the sender filled it.
    /// </summary>
    public static TrackedAlert Firing(AlertInstance alert, DateTimeOffset now, string source, string groupKey) => new TrackedAlert
    {
        DedupKey = alert.DedupKey,
        Source = source,
        Group = HeldGroup.MarkOf(source, groupKey),
        Status = AlertStatus.Firing,
        Severity = alert.Severity,
        FirstFiredAt = alert.StartsAt ?? now,
        AffectedResource = alert.AffectedResource,
        Summary = TextCut.WithEllipsis(alert.Summary, MaxSummaryLength),
    }.WithDetailsOf(alert);

    /// <summary>This alert with the description, labels and links of <paramref name="alert"/> (a re-firing may say more).</summary>
    public TrackedAlert WithDetailsOf(AlertInstance alert)
    {
        var labels = new List<KeyValuePair<string, string>>();
        foreach (var name in LabelsThatMatter)
        {
            if (alert.Labels.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value))
            {
                labels.Add(new(name, TextCut.WithEllipsis(value, MaxLabelValueLength)));
            }
        }

        if (alert.AffectedResource is { Length: > 0 } resource && !labels.Any(l => l.Value == resource))
        {
            labels.Add(new("resource", TextCut.WithEllipsis(resource, MaxLabelValueLength)));
        }

        var showable = alert.Links.Where(l => l.Href.IsAbsoluteUri && (l.Href.Scheme == Uri.UriSchemeHttps || l.Href.Scheme == Uri.UriSchemeHttp)
            && l.Href.OriginalString.Length <= MaxLinkLength).ToList();
        return this with
        {
            Summary = TextCut.WithEllipsis(alert.Summary, MaxSummaryLength),
            Description = alert.Description is { Length: > 0 } d ? TextCut.WithEllipsis(d, MaxDescriptionLength) : null,
            Heartbeat = alert.Heartbeat,
            Refusal = alert.Refusal ?? Refusal,
            Conditions = [.. alert.Conditions.Take(AlertCondition.MaxKept)],
            ResolvesOnlyByHand = alert.ResolvesOnlyByHand,
            Client = alert.Labels.TryGetValue("client", out var client) && !string.IsNullOrWhiteSpace(client)
                ? TextCut.WithEllipsis(PersonText.OneLine(client).Trim(), Incident.MaxAcknowledgedViaLength) : Client,
            Labels = labels,
            Runbook = showable.FirstOrDefault(l => l.Kind == AlertLinkKinds.Runbook)?.Href,
            Links = [.. showable.Where(l => l.Kind != AlertLinkKinds.Runbook).Take(MaxLinks)
                .Select(l => l with { Text = l.Text is null ? null : TextCut.WithEllipsis(l.Text, MaxLabelValueLength) })],
        };
    }

    /// <summary>Only what identifies and states the alert: for a row whose details would not fit in storage.</summary>
    public TrackedAlert WithoutDetails() => this with { Description = null, Labels = [], Links = [], Runbook = null, Heartbeat = null, Refusal = null, Conditions = [] };
}
