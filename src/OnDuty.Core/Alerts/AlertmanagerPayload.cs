using System.Text.Json;

namespace OnDuty.Core.Alerts;

/// <summary>
/// Prometheus Alertmanager webhook (payload version "4") and the Grafana Alerting webhook contact point,
/// which extends it with <c>orgId</c>, <c>title</c>, <c>state</c>, <c>message</c> and per-alert Grafana URLs.
/// </summary>
/// <remarks>
/// Formats: https://prometheus.io/docs/alerting/latest/configuration/#webhook_config and
/// https://grafana.com/docs/grafana/latest/alerting/configure-notifications/manage-contact-points/integrations/webhook-notifier/.
/// Grafana labels its payload version "1"; a Prometheus body never has <c>orgId</c>. That pair tells the two apart.
/// </remarks>
internal static partial class AlertmanagerPayload
{
    private static readonly string[] Statuses = ["firing", "resolved"];

    public static AlertNotification? Read(JsonElement root, AlertSource source, AlertPayloadReader r)
    {
        const string P = "$";
        var grafana = source == AlertSource.Grafana;
        var hasOrgId = root.TryGetProperty("orgId", out _);
        string? grafanaTitle = null;
        long? orgId = null;

        if (grafana)
        {
            if (!hasOrgId && root.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.String && v.GetString() == "4")
            {
                r.Error("$.orgId", "required field is missing (this looks like a Prometheus Alertmanager body; post it to /api/alerts/alertmanager)");
            }
            else
            {
                // Grafana 8's unified alerting sent no orgId yet.
                orgId = r.Integer(root, P, "orgId");
            }

            r.String(root, P, "version");
            grafanaTitle = r.String(root, P, "title");
            r.String(root, P, "state");
            r.String(root, P, "message");
        }
        else
        {
            var version = r.String(root, P, "version", required: true);
            if (version is not null && version != "4")
            {
                var hint = hasOrgId ? " (this looks like a Grafana body; post it to /api/alerts/grafana)" : "";
                r.Error("$.version", $"expected '4', got '{AlertPayloadReader.Shorten(version)}'{hint}");
            }
        }

        // Alertmanager before 0.6 sent no groupKey: the receiver and the group labels identify the group as well.
        var groupKey = r.String(root, P, "groupKey");
        if (groupKey is not null && string.IsNullOrWhiteSpace(groupKey))
        {
            r.Error("$.groupKey", "must not be empty");
        }

        var status = r.OneOf(root, P, "status", Statuses, required: true);
        var receiver = r.String(root, P, "receiver");
        var externalUrl = r.String(root, P, "externalURL");
        if (!grafana && !string.IsNullOrWhiteSpace(externalUrl) && !(Uri.TryCreate(externalUrl.Trim(), UriKind.Absolute, out var external) && (external.Scheme == Uri.UriSchemeHttps || external.Scheme == Uri.UriSchemeHttp)))
        {
            // Alertmanager's --web.external-url: the alerts' silence links start with it (SilenceLink).
            r.Note("$.externalURL", "not an absolute http(s) URL: the alerts have no silence link");
            externalUrl = null;
        }
        var groupLabels = r.StringMap(root, P, "groupLabels");
        var commonLabels = r.StringMap(root, P, "commonLabels");
        var commonAnnotations = r.StringMap(root, P, "commonAnnotations");
        var truncated = r.Integer(root, P, "truncatedAlerts");
        if (truncated < 0)
        {
            r.Error("$.truncatedAlerts", $"expected a count of zero or more, got {truncated}");
        }

        var alerts = new List<AlertInstance>();
        var overLimit = 0;
        if (r.TryGet(root, P, "alerts", JsonValueKind.Array, required: true, out var array))
        {
            var count = array.GetArrayLength();
            if (count == 0)
            {
                r.Error("$.alerts", "expected at least one alert");
            }
            else
            {
                // A group over the limit is the largest storm of all, and the sender does not retry a 4xx: it opens (or folds)
                // from the first alerts up to the limit, and the rest count as not listed, like the sender's own truncatedAlerts.
                var limit = r.Options.MaxAlertsPerNotification;
                if (count > limit)
                {
                    overLimit = count - limit;
                    r.NoteFirst("$.alerts", $"{count} alerts exceed the limit of {limit} per notification: the first {limit} were taken, the other {overLimit} count as not listed");
                }

                var index = 0;
                foreach (var element in array.EnumerateArray().Take(limit))
                {
                    var alert = ReadAlert(element, AlertPayloadReader.Item("$.alerts", index++), source, externalUrl, r);
                    if (alert is not null)
                    {
                        alerts.Add(alert);
                    }

                    if (r.Errors.Count >= AlertPayloadReader.MaxErrors)
                    {
                        break;
                    }
                }
            }
        }

        if (r.HasErrors)
        {
            return null;
        }

        // Grafana's notification title and Alertmanager templates lead with the group's state ("[FIRING:1] ログイン失敗率 (auth)"):
        // a state of that delivery, not of the incident, which would keep it in titles, subjects, calls and the report after it recovers.
        // A group of Grafana's no-data or data-source-error alerts only (GrafanaDatasourceAlert) is titled for that, with the rule's name.
        var datasourceTitle = grafana && alerts.Count > 0 ? GrafanaDatasourceAlert.Title(Get(commonLabels, "alertname"), GrafanaDatasourceAlert.Rules(alerts.Select(a => a.Labels))) : null;
        var title = FirstNonBlank(
            datasourceTitle,
            WithoutStateTag(Get(commonAnnotations, "summary")),
            Get(commonLabels, "alertname"),
            GrafanaTitle(WithoutStateTag(grafanaTitle), alerts),
            Get(groupLabels, "alertname"),
            WithoutStateTag(alerts[0].Summary),
            alerts[0].Summary);

        var groupStatus = status == "firing" ? AlertStatus.Firing : AlertStatus.Resolved;
        var unlisted = (int)Math.Min((truncated ?? 0) + overLimit, int.MaxValue);
        if (unlisted > 0)
        {
            // The group has alerts this delivery does not show: whether they still fire cannot be seen, so the incident does not
            // resolve on what is listed (AlertIntake tracks them as one unlisted-alerts entry).
            r.NoteFirst("$.truncatedAlerts", $"{unlisted} alerts not listed (max_alerts or the limit per notification); the incident stays open until the group's status is resolved with every alert listed");
        }
        else if (groupStatus == AlertStatus.Firing && alerts.All(a => a.Status == AlertStatus.Resolved))
        {
            r.NoteFirst("$.status", "the group is firing, but every listed alert is resolved; the incident stays open until the group's status is resolved");
        }

        var key = groupKey ?? DerivedGroupKey(receiver, groupLabels);
        var orgKey = OrgGroupKey(orgId, key);
        return new AlertNotification
        {
            Source = source,
            GroupKey = orgKey,
            // An incident opened before the key carried the organisation keeps its deliveries (AlertIntake.UnderKeyHeldAsync).
            PreviousGroupKey = orgKey == key ? null : key,
            Status = groupStatus,
            Title = r.Truncate(title, r.Options.MaxSummaryLength, "$.title")!,
            Severity = AlertParser.MostUrgent(alerts),
            Alerts = alerts,
            TruncatedAlerts = unlisted,
            // The contact point's Test button: Grafana's fixed test alert (GrafanaTestSample), answered without an incident or a page.
            ToolTest = grafana ? GrafanaTestSample.Of(root) : null,
        };
    }

    private static AlertInstance? ReadAlert(JsonElement alert, string path, AlertSource source, string? externalUrl, AlertPayloadReader r)
    {
        if (!r.ExpectObject(alert, path))
        {
            return null;
        }

        var status = r.OneOf(alert, path, "status", Statuses, required: true);
        var labels = r.StringMap(alert, path, "labels", required: true);
        var annotations = r.StringMap(alert, path, "annotations") ?? [];
        var startsAt = r.Time(alert, path, "startsAt", required: true);
        var endsAt = r.Time(alert, path, "endsAt");
        // Alertmanager added fingerprint in 0.19 and Grafana in 8.x: without it the labels are the identity, hashed as they hash them.
        var fingerprint = r.String(alert, path, "fingerprint");
        if (string.IsNullOrWhiteSpace(fingerprint) && labels is not null)
        {
            fingerprint = LabelFingerprint.Of(labels);
        }
        var generatorUrl = r.String(alert, path, "generatorURL");

        string? silenceUrl = null, dashboardUrl = null, panelUrl = null, imageUrl = null;
        if (source == AlertSource.Grafana)
        {
            silenceUrl = r.String(alert, path, "silenceURL");
            dashboardUrl = r.String(alert, path, "dashboardURL");
            panelUrl = r.String(alert, path, "panelURL");
            imageUrl = r.String(alert, path, "imageURL");
            r.String(alert, path, "valueString");
            r.TryGet(alert, path, "values", JsonValueKind.Object, required: false, out _);
        }
        else if (labels is not null)
        {
            silenceUrl = SilenceLink(externalUrl, labels);
        }

        if (status is null || labels is null || fingerprint is null)
        {
            return null;
        }

        var map = r.Options.Severity.For(source);
        labels.TryGetValue(r.Options.SeverityLabel, out var rawSeverity);
        if (!map.TryMap(rawSeverity, out var severity))
        {
            r.Note(AlertPayloadReader.Child(AlertPayloadReader.Child(path, "labels"), r.Options.SeverityLabel),
                $"unrecognised severity '{AlertPayloadReader.Shorten(rawSeverity!)}', using {severity}");
        }

        var links = new List<AlertLink?>
        {
            r.Link(AlertLinkKinds.Generator, generatorUrl, AlertPayloadReader.Child(path, "generatorURL")),
            r.Link(AlertLinkKinds.Dashboard, dashboardUrl, AlertPayloadReader.Child(path, "dashboardURL")),
            r.Link(AlertLinkKinds.Panel, panelUrl, AlertPayloadReader.Child(path, "panelURL")),
            r.Link(AlertLinkKinds.Silence, silenceUrl, source == AlertSource.Grafana ? AlertPayloadReader.Child(path, "silenceURL") : "$.externalURL"),
            r.Link(AlertLinkKinds.Image, imageUrl, AlertPayloadReader.Child(path, "imageURL")),
            r.Link(AlertLinkKinds.Runbook, Get(annotations, "runbook_url"), $"{path}.annotations.runbook_url"),
        };

        // Grafana's alert about the rule's query, not its measure (GrafanaDatasourceAlert): titled for that, with the rule's name, and
        // said with the data source's error when Grafana gave one, not the rule's summary of what it measures.
        var datasource = source == AlertSource.Grafana ? GrafanaDatasourceAlert.Title(Get(labels, "alertname"), GrafanaDatasourceAlert.Rule(labels)) : null;
        var summary = FirstNonBlank(datasource, Get(annotations, "summary"), Get(labels, "alertname"), fingerprint);
        var description = datasource is not null && Blank(Get(annotations, "Error")) is { } error ? error : Blank(Get(annotations, "description"));
        return new AlertInstance
        {
            DedupKey = fingerprint,
            Status = status == "firing" ? AlertStatus.Firing : AlertStatus.Resolved,
            Severity = severity,
            Summary = r.Truncate(summary, r.Options.MaxSummaryLength, $"{path}.annotations.summary")!,
            Description = r.Truncate(description, r.Options.MaxDescriptionLength, $"{path}.annotations.description"),
            StartsAt = startsAt,
            EndsAt = endsAt,
            Labels = r.LimitLabels(labels, $"{path}.labels"),
            Links = [.. links.OfType<AlertLink>()],
            AffectedResource = Blank(Get(labels, "instance")),
        };
    }

    /// <summary>
    /// Alertmanager's new-silence form for one alert, its labels as the matchers — the link its own UI's "Silence" button on an alert
    /// makes (ui/app Views/SilenceForm/Parsing.elm <c>newSilenceFromAlertLabels</c>): <c>{externalURL}/#/silences/new?filter=</c> and,
    /// percent-encoded, <c>{name="value", …}</c> sorted by name, each value a JSON string. Alertmanager sends no such link (Grafana sends
    /// its <c>silenceURL</c>). Null without an <c>externalURL</c>, or when a label's name (UTF-8 names since 0.28) holds a character the
    /// filter cannot say (space, <c>{}!=~,"'`</c>): a form with fewer matchers would silence more than this alert.
    /// </summary>
    internal static string? SilenceLink(string? externalUrl, IReadOnlyDictionary<string, string> labels)
    {
        if (string.IsNullOrWhiteSpace(externalUrl) || labels.Count == 0 || labels.Keys.Any(n => n.Length == 0 || n.Any(c => char.IsWhiteSpace(c) || FilterSyntax.Contains(c))))
        {
            return null;
        }

        var matchers = string.Join(", ", labels.OrderBy(l => l.Key, StringComparer.Ordinal)
            .Select(l => $"{l.Key}={JsonSerializer.Serialize(l.Value, FilterValue)}"));
        return $"{externalUrl.Trim().TrimEnd('/')}/#/silences/new?filter={Uri.EscapeDataString($"{{{matchers}}}")}";
    }

    private const string FilterSyntax = "{}!=~,\\\"'`";

    private static readonly JsonSerializerOptions FilterValue = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// A Grafana group's key with its organisation (<c>org:2|…</c>): Grafana's <c>groupKey</c> names the contact point and the group
    /// labels, not the organisation, so two organisations of one Grafana posting to one URL with the same contact point and labels
    /// shared an incident (session 63). Every organisation's, the default one's (1) too: kept as before, its key would be the one
    /// the others' fall back to while an incident is open under it (<see cref="AlertNotification.PreviousGroupKey"/>), and they
    /// would fold into its incident again. Grafana 8 bodies without <c>orgId</c> keep the key as before.
    /// </summary>
    private static string OrgGroupKey(long? orgId, string groupKey) =>
        orgId is { } org ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"org:{org}|{groupKey}") : groupKey;

    /// <summary>Alertmanager's own form (<c>{route}:{labels}</c>), with the receiver standing in for the route it did not send.</summary>
    private static string DerivedGroupKey(string? receiver, Dictionary<string, string>? groupLabels) =>
        $"{receiver ?? ""}:{{{string.Join(",", (groupLabels ?? []).OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={System.Text.Json.JsonSerializer.Serialize(l.Value)}"))}}}";

    private static string? Get(Dictionary<string, string>? map, string key) =>
        map is not null && map.TryGetValue(key, out var value) ? value : null;

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    /// <summary>
    /// <paramref name="title"/> without a leading notification state tag — <c>[FIRING:2]</c>, <c>[RESOLVED:1]</c>, <c>[RESOLVED]</c>,
    /// <c>[FIRING]</c>, any case — and the spaces after it; null when nothing else is left.
    /// </summary>
    internal static string? WithoutStateTag(string? title) =>
        title is null ? null : Blank(StateTag().Replace(title, "", 1).Trim());

    [System.Text.RegularExpressions.GeneratedRegex(@"^\s*\[(?:FIRING|RESOLVED)(?:\s*:\s*\d+)?\]\s*", System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex StateTag();

    /// <summary>
    /// Grafana's default title is the group labels' values, then the other common labels in parentheses: a group with no group
    /// labels (a policy grouping by nothing, Grafana's own documented example) is titled by the parentheses alone, 「(blue)」,
    /// which names no alert (trial 50: 「【SEV3 障害】INC-… (blue)」). Such a title leads with its alerts' names, as many as three.
    /// </summary>
    internal static string? GrafanaTitle(string? untagged, IReadOnlyList<AlertInstance> alerts)
    {
        if (untagged is null || !OnlyCommonLabels().IsMatch(untagged))
        {
            return untagged;
        }

        var names = alerts.Select(a => a.Labels.GetValueOrDefault("alertname")).OfType<string>().Where(n => n.Trim().Length > 0).Distinct(StringComparer.Ordinal).ToList();
        return names.Count == 0 ? untagged : $"{string.Join(", ", names.Take(3))}{(names.Count > 3 ? ", …" : "")} {untagged}";
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^\([^()]*\)$", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex OnlyCommonLabels();

    private static string FirstNonBlank(params string?[] candidates) =>
        candidates.First(c => !string.IsNullOrWhiteSpace(c))!;
}
