namespace OnDuty.Messages;

/// <summary>
/// Who did something, as a person reads it: a member by display name (never the id the API keeps), OnDuty itself, the API
/// called without a name (<c>api</c>: 「API（名前の指定なし）」), or a
/// monitoring tool's integration by the tool's name (<c>alert:pagerduty</c> → 「PagerDuty 連携」); anything else as recorded
/// (a name someone typed, an address).
/// </summary>
public static class ActorText
{
    /// <summary>The tool actor's prefix (<c>alert:{source}</c>) the intake records.</summary>
    private const string ToolPrefix = "alert:";

    /// <summary>The API called without saying who (<c>by</c> absent).</summary>
    private const string ApiActor = "api";

    /// <param name="displayName">A member's display name by id; null when the id is no member's.</param>
    /// <remarks>A name stored before control characters were refused shows them as spaces (<see cref="Core.Common.PersonText.OneLine"/>).</remarks>
    public static string? Name(string? by, Func<string, string?> displayName, Phrases p) => by switch
    {
        null => null,
        "system" => p["Timeline.By.System"],
        // A script or tool that called the API without saying who: not a name anyone knows (「起票 — api」).
        ApiActor => p["Timeline.By.Api"],
        _ when SourceOf(by) is { } source => SourceName(source, p),
        _ => Core.Common.PersonText.OneLine(displayName(by) is { Length: > 0 } name ? name : by),
    };

    /// <summary>
    /// A monitoring source as people read it: OnDuty's own heartbeat check and the generic webhook by what they are, in the
    /// reader's language (「ハートビート監視（OnDuty）」), a product's integration by the product's name (「Grafana 連携」).
    /// </summary>
    public static string SourceName(string source, Phrases p) =>
        p.Has($"Incident.Source.{source}") ? p[$"Incident.Source.{source}"] : p.Format("Timeline.By.Alert", ToolName(source));

    /// <summary>
    /// A monitoring source with the name the sending tool gave itself in the delivery (<paramref name="via"/>: the Events v2
    /// <c>client</c>, <see cref="Core.Incidents.Incident.OpenedVia"/>): 「PagerDuty 連携（Datadog）」, since the route is only the
    /// format the tool sent in; without one as <see cref="SourceName(string, Phrases)"/>.
    /// </summary>
    public static string SourceName(string source, string? via, Phrases p) =>
        via is { Length: > 0 } named ? p.Format("Incident.SourceVia", SourceName(source, p), named) : SourceName(source, p);

    /// <summary>
    /// Who opened it (<see cref="Core.Incidents.Incident.OpenedBy"/>, or an <see cref="Core.Incidents.TimelineKind.Opened"/> row's
    /// <c>By</c>): a monitoring tool's integration with the name the opening delivery gave (<paramref name="via"/>,
    /// 「PagerDuty 連携（Datadog）」); anyone else as <see cref="Name"/>.
    /// </summary>
    public static string? Opener(string? by, string? via, Func<string, string?> displayName, Phrases p) =>
        by is not null && SourceOf(by) is { } source ? SourceName(source, via, p) : Name(by, displayName, p);

    private static string? SourceOf(string by) =>
        by.StartsWith(ToolPrefix, StringComparison.Ordinal) && by.Length > ToolPrefix.Length ? by[ToolPrefix.Length..] : null;

    /// <summary>
    /// Who wrote an update, as stakeholders read it (their notice and the read-only view alike): the name, but never an address —
    /// an author known by email only (a guest without a name claim, a service account on the API) reads as 「担当者」/"the responder",
    /// and so does the API called without a name (<c>api</c>: an incident declared by a script, whose 第1報 went out at once) —
    /// not 「api」 nor the duty pair's 「API（名前の指定なし）」.
    /// </summary>
    public static string? ForStakeholders(string? name, Phrases p) =>
        name is not null && (name.Contains('@', StringComparison.Ordinal) || name == ApiActor) ? p["Stakeholder.By.Responder"] : name;

    /// <summary>
    /// Who did it (<paramref name="by"/> as recorded), as stakeholders read it: <see cref="Name"/> but for an address or the API
    /// called without a name, both 「担当者」 (<see cref="ForStakeholders(string?, Phrases)"/>).
    /// </summary>
    public static string? ForStakeholders(string? by, Func<string, string?> displayName, Phrases p) =>
        ForStakeholders(by == ApiActor ? by : Name(by, displayName, p), p);

    /// <summary>
    /// Who acknowledged, as people read it: a tool's acknowledgement (<c>alert:{source}</c>) by the name the sending tool gave
    /// itself (<paramref name="via"/>, <see cref="Core.Incidents.Incident.AcknowledgedVia"/>: the Events v2 <c>client</c>, e.g. Datadog),
    /// else 「送信元の監視ツール」 — never the route it came by (<c>/api/alerts/pagerduty</c> is only the format; often no
    /// PagerDuty is involved); anyone else as <see cref="Name"/>.
    /// </summary>
    public static string? Acknowledger(string? by, string? via, Func<string, string?> displayName, Phrases p) =>
        ToolOf(by) is null ? Name(by, displayName, p) : via is { Length: > 0 } named ? named : p["Incident.AcknowledgedByUnnamedTool"];

    /// <summary>
    /// Who did what a timeline row records: for an acknowledgement by a tool, the tool as it named itself — the name kept on the row
    /// (<see cref="Core.Incidents.TimelineEntry.Via"/>), so it stays after a person took over; on a row written before that, the
    /// incident's while that row is its standing acknowledgement (<see cref="Core.Incidents.Incident.AcknowledgedVia"/>) — else
    /// 「送信元の監視ツール」, never the route's 「PagerDuty 連携」 (<see cref="Acknowledger"/>); anyone else as <see cref="Name"/>.
    /// </summary>
    /// <remarks>A tool's <see cref="Core.Incidents.TimelineKind.Opened"/> row as <see cref="Opener"/>, with the name kept on the row.</remarks>
    public static string? OfRow(Core.Incidents.TimelineEntry row, Core.Incidents.Incident incident, Func<string, string?> displayName, Phrases p) =>
        row.Kind == Core.Incidents.TimelineKind.Acknowledged && ToolOf(row.By) is not null
            ? Acknowledger(row.By, row.Via ?? (incident.AcknowledgedAt == row.At && incident.AcknowledgedBy == row.By ? incident.AcknowledgedVia : null), displayName, p)
            : row.Kind == Core.Incidents.TimelineKind.Opened ? Opener(row.By, row.Via, displayName, p)
            : Name(row.By, displayName, p);

    /// <summary>The monitoring tool behind a tool actor (<c>alert:pagerduty</c> → PagerDuty); null for anyone else.</summary>
    public static string? ToolOf(string? by) =>
        by is not null && by.StartsWith(ToolPrefix, StringComparison.Ordinal) && by.Length > ToolPrefix.Length ? ToolName(by[ToolPrefix.Length..]) : null;

    /// <summary>
    /// The tools whose alerts resolved (<see cref="Core.Incidents.AlertTool"/>), distinct, in their order, joined by 「、」/", ". When
    /// any named itself (the Events v2 <c>client</c>), each as <see cref="SourceName(string, string?, Phrases)"/> — 「Grafana 連携、PagerDuty
    /// 連携（Datadog）」 — and <c>Named</c> true, so the sentence is worded for it; else each product's name (「Grafana」) as before.
    /// </summary>
    public static (string Text, bool Named) Tools(IReadOnlyList<Core.Incidents.AlertTool> tools, Phrases p)
    {
        var named = tools.Any(t => t.Client is { Length: > 0 });
        var names = tools.Select(t => named ? SourceName(t.Source, t.Client, p) : ToolName(t.Source)).Distinct(StringComparer.Ordinal);
        return (string.Join(p["List.Separator"], names), named);
    }

    /// <summary>A monitoring source as its product is spelled.</summary>
    public static string ToolName(string source) => source switch
    {
        "pagerduty" => "PagerDuty",
        "alertmanager" => "Alertmanager",
        "azure-monitor" => "Azure Monitor",
        "grafana" => "Grafana",
        "datadog" => "Datadog",
        _ => source,
    };
}
