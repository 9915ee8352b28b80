using System.Globalization;
using System.Text.Json;

namespace OnDuty.Core.Alerts;

/// <summary>Azure Monitor action-group webhook with the common alert schema enabled.</summary>
/// <remarks>
/// Format: https://learn.microsoft.com/azure/azure-monitor/alerts/alerts-common-schema and alerts-payload-samples.
/// Only <c>data.essentials</c> is read strictly; <c>alertContext</c> differs per signal type (even its field
/// types: service-health alerts send <c>channels</c> as a number) so links and a few names are picked from it
/// when present and of the expected type. Budget alerts send <c>severity</c>, <c>alertRule</c> and
/// <c>signalType</c> as null; they are followed per budget and month, SEV3, resolved by hand (<see cref="AzureBudget"/>). The action
/// group's Test button sends Microsoft's fixed sample, recognised as such (<see cref="AzureTestSample"/>). Activity-log and smart-detection alerts are stateless: they only ever fire, and
/// their alerts say so (<see cref="AlertInstance.ResolvesOnlyByHand"/>). Service Health and Resource Health are followed per issue
/// (<see cref="AzureHealthEvent"/>): one group per Azure issue or resource, resolved when a communication says it is over. Any
/// other alert's group is its rule's series, one rule on one target (<see cref="AzureAlertSeries"/>); each firing is an alert
/// instance of it (its alertId).
/// </remarks>
internal static class AzureMonitorPayload
{
    public const string SchemaId = "azureMonitorCommonAlertSchema";

    /// <summary>The fix for a payload in another schema: the action group's webhook sends the common schema only when asked to.</summary>
    public const string CommonSchemaHint =
        "Azure Monitor sends the common alert schema only when 'Enable the common alert schema' is turned on for this webhook action in the action group";

    private const string PortalAlertBase = "https://portal.azure.com/#blade/Microsoft_Azure_Monitoring/AlertDetailsTemplateBlade/alertId/";
    private const string PortalResourceBase = "https://portal.azure.com/#resource";

    private static readonly string[] Conditions = ["Fired", "Resolved"];
    private static readonly string[] Severities = ["Sev0", "Sev1", "Sev2", "Sev3", "Sev4"];

    /// <summary>How many of the dimension values a rule split by its title names (the group key has them all).</summary>
    private const int MaxDimensionsInTitle = 3;

    public static AlertNotification? Read(JsonElement root, AlertPayloadReader r)
    {
        var problems = r.Errors.Count;
        r.OneOf(root, "$", "schemaId", [SchemaId], required: true);
        if (r.Errors.Count > problems)
        {
            r.Error("$.schemaId", CommonSchemaHint); // what the person setting it up has to change, not only what is wrong
        }
        if (!r.TryGet(root, "$", "data", JsonValueKind.Object, required: true, out var data)
            || !r.TryGet(data, "$.data", "essentials", JsonValueKind.Object, required: true, out var essentials))
        {
            return null;
        }

        const string E = "$.data.essentials";
        var alertId = r.String(essentials, E, "alertId", required: true);
        // A budget alert was documented with monitorCondition null (alerts-payload-samples, 2023 revision; "Fired" since 2025): it
        // only ever fires, so null is its firing rather than a refusal (a refused delivery pages about the refusal).
        var budgetShaped = BudgetShaped(data);
        var condition = r.OneOf(essentials, E, "monitorCondition", Conditions, required: !budgetShaped) ?? (budgetShaped ? "Fired" : null);
        var rawSeverity = r.OneOf(essentials, E, "severity", Severities);
        var alertRule = r.String(essentials, E, "alertRule");
        var signalType = r.String(essentials, E, "signalType");
        var monitoringService = r.String(essentials, E, "monitoringService");
        var description = r.String(essentials, E, "description");
        var firedAt = r.Time(essentials, E, "firedDateTime", required: true);
        var resolvedAt = r.Time(essentials, E, "resolvedDateTime");
        var targets = StringArray(essentials, E, "alertTargetIDs", r);
        var configurationItems = StringArray(essentials, E, "configurationItems", r);
        var originAlertId = r.String(essentials, E, "originAlertId");
        var alertRuleId = StringOrNull(essentials, "alertRuleID") ?? StringOrNull(essentials, "alertRuleId");

        var hasContext = r.TryGet(data, "$.data", "alertContext", JsonValueKind.Object, required: false, out var context);
        var customProperties = r.TryGet(data, "$.data", "customProperties", JsonValueKind.Object, required: false, out var custom)
            ? custom
            : (JsonElement?)null;

        if (r.HasErrors || alertId is null || condition is null)
        {
            return null;
        }

        if (!r.Options.Severity.AzureMonitor.TryMap(rawSeverity, out var severity))
        {
            r.Note($"{E}.severity", $"'{rawSeverity}' is not in the configured map, using {severity}");
        }

        var target = targets?.FirstOrDefault(t => !string.IsNullOrWhiteSpace(t));

        // A budget names no rule and no severity (AzureBudget): a cost threshold crossed, not an outage. SEV3, or the source's
        // default for a missing severity when the team set that lower (Alerts:Severity:AzureMonitor:Missing).
        var budget = hasContext && alertRule is null ? AzureBudget.Read(monitoringService, context) : null;
        if (budget is not null)
        {
            severity = (AlertSeverity)Math.Max((int)AlertSeverity.Sev3, (int)r.Options.Severity.AzureMonitor.Missing);
            r.Note("$.data.alertContext.AlertData", $"a cost budget alert: {severity}, one incident per budget and month, resolved by hand");
        }

        // The action group's Test button: Microsoft's fixed sample of the alert type picked (AzureTestSample). Read as any delivery,
        // then answered without an incident or a page (AlertNotification.ToolTest).
        var testSample = AzureTestSample.Of(alertId, alertRule, description, budget);

        // Service Health and Resource Health: one alert per communication, each with a new alertId and always "Fired"; the issue
        // they are about, and whether it is over, are in alertContext (AzureHealthEvent).
        var health = hasContext ? AzureHealthEvent.Read(monitoringService, context, alertId, target) : null;
        if (health?.Announces is { } announces)
        {
            // Planned maintenance and health advisories announce, they do not report an outage: SEV4, and nobody is paged.
            severity = AlertSeverity.Sev4;
            r.Note("$.data.alertContext.properties.incidentType", $"'{health.IncidentType}' announces and does not report an outage: {severity}, and its incident pages nobody");
        }

        // Log search alerts (V2) name the resource by its full ARM id ("/subscriptions/…/workspaces/prod-law"): the title keeps its
        // last segment, as a metric alert's names the resource itself, so a subject and a text still say what broke. The full
        // id stays in the configurationItems label.
        var resourceName = ArmResourceId.ShortName(configurationItems?.FirstOrDefault(c => !string.IsNullOrWhiteSpace(c)));
        var title = FirstNonBlank(alertRule, budget?.Title(), Blank(description), monitoringService is null ? null : $"{monitoringService} alert", "Azure Monitor alert")!;
        // A rule split by dimension fires once per combination, each a group of its own (AzureAlertSeries): the title names the
        // values, so two incidents of one rule (ApiName=GetBlob, ApiName=PutBlob) are not read as one, nor offered as duplicates
        // to merge. A value the resource name already says (a log search split by Computer) is not repeated, nor the resource's
        // own id Azure adds as a dimension (a VM metric's ResourceId, a multi-resource rule's microsoft.resourceId, _ResourceId).
        var named = new List<string>();
        if (resourceName is not null)
        {
            named.Add(resourceName);
        }

        if (alertRule is not null && hasContext && health is null)
        {
            named.AddRange(AzureAlertSeries.SplitBy(context)
                .Where(d => !string.IsNullOrWhiteSpace(d.Value) && !d.Key.Trim().EndsWith("resourceid", StringComparison.OrdinalIgnoreCase) && !named.Any(n => n.Contains(d.Value.Trim(), StringComparison.OrdinalIgnoreCase)))
                .Take(MaxDimensionsInTitle)
                .Select(d => Common.PersonText.OneLine($"{d.Key.Trim()}={d.Value.Trim()}")));
        }

        if (named.Count > 0 && alertRule is not null)
        {
            title = $"{alertRule} ({string.Join(", ", named)})";
        }

        if (health?.Title is { } issueTitle)
        {
            // The issue as Azure names it (「Storage degradation in Japan East」), not the rule that forwarded it; a resource's health
            // event also names the resource.
            var healthResource = health.TrackingId is null ? ArmResourceId.ShortName(target) : null;
            title = healthResource is null || issueTitle.Contains(healthResource, StringComparison.Ordinal) ? issueTitle : $"{issueTitle} ({healthResource})";
        }

        var labels = new List<KeyValuePair<string, string>>();
        AlertPayloadReader.AddLabel(labels, "alertRule", alertRule);
        AlertPayloadReader.AddLabel(labels, "severity", rawSeverity);
        AlertPayloadReader.AddLabel(labels, "signalType", signalType);
        AlertPayloadReader.AddLabel(labels, "monitoringService", monitoringService);
        if (health is not null)
        {
            AlertPayloadReader.AddLabel(labels, "stage", health.Stage);
            AlertPayloadReader.AddLabel(labels, "trackingId", health.TrackingId);
            AlertPayloadReader.AddLabel(labels, "service", health.Services);
            AlertPayloadReader.AddLabel(labels, "incidentType", health.IncidentType);
        }

        if (configurationItems is not null)
        {
            AlertPayloadReader.AddLabel(labels, "configurationItems", string.Join(", ", configurationItems));
        }

        if (hasContext)
        {
            AlertPayloadReader.AddLabel(labels, "operationName", StringOrNull(context, "operationName"));
            AlertPayloadReader.AddLabel(labels, "caller", StringOrNull(context, "caller"));
            AlertPayloadReader.AddLabel(labels, "conditionType", StringOrNull(context, "conditionType"));
        }

        if (customProperties is { } properties)
        {
            foreach (var member in properties.EnumerateObject())
            {
                if (member.Value.ValueKind == JsonValueKind.String)
                {
                    AlertPayloadReader.AddLabel(labels, member.Name, member.Value.GetString());
                }
            }
        }

        var links = new List<AlertLink?>
        {
            // No text: the kind says what they are, in the reader's language (Link.portal, Link.resource).
            r.Link(AlertLinkKinds.Portal, PortalAlertBase + Uri.EscapeDataString(alertId), $"{E}.alertId"),
            target is not null && target.StartsWith('/')
                ? r.Link(AlertLinkKinds.Resource, PortalResourceBase + target, $"{E}.alertTargetIDs[0]")
                : null,
        };
        if (hasContext)
        {
            links.AddRange(SearchResultLinks(context, r));
        }

        if (health?.IssueLink is { } issueLink)
        {
            links.Insert(0, new AlertLink(AlertLinkKinds.ServiceHealth, issueLink, null));
        }

        // A later communication of the issue is a repeat of its alert (its text on the timeline); one that ends it resolves it. Any
        // other alert is grouped by its rule's series (rule, target, dimensions): each firing of the rule comes with a new alertId,
        // the instance (its DedupKey), and a re-fire is the same group again, reopened within the reopen window (AzureAlertSeries).
        // Service and Resource Health without the issue's identity stay one group per communication, as before.
        var series = health is null && !AzureHealthEvent.IsHealthService(monitoringService)
            ? AzureAlertSeries.Key(alertRule, alertRuleId, originAlertId, targets, hasContext ? context : null)
            : null;
        var key = health?.Key ?? series ?? budget?.Key(firedAt!.Value) ?? alertId;
        var status = health is not null ? (health.Resolved ? AlertStatus.Resolved : AlertStatus.Firing)
            : condition == "Fired" ? AlertStatus.Firing : AlertStatus.Resolved;
        var instance = new AlertInstance
        {
            DedupKey = health?.Key ?? alertId,
            Status = status,
            Severity = severity,
            Summary = r.Truncate(title, r.Options.MaxSummaryLength, health?.Title is null ? $"{E}.alertRule" : "$.data.alertContext.properties.title")!,
            Description = health?.Communication is { } said
                ? r.Truncate(said, r.Options.MaxDescriptionLength, "$.data.alertContext.properties.communication")
                : r.Truncate(Blank(description), r.Options.MaxDescriptionLength, $"{E}.description"),
            StartsAt = firedAt,
            EndsAt = health is null ? resolvedAt : health.MitigatedAt,
            Labels = r.LimitLabels(labels, "$.data"),
            Links = [.. links.OfType<AlertLink>().DistinctBy(l => l.Href.OriginalString, StringComparer.Ordinal)],
            AffectedResource = target,
            Conditions = hasContext && health is null ? MeasuredConditions(context) : [],
            TimelineNote = health is null ? null : string.Join(": ", new[] { health.Stage, health.Communication }.OfType<string>()) is { Length: > 0 } note ? note : null,
            ResolvesOnlyByHand = health is null && (OnlyFires(signalType, monitoringService) || budget is not null),
            // An alert instance fires once; a Service or Resource Health issue is followed by its key, which may be active again.
            FiresOnce = health is null,
            // A rule's series: a stateless rule (a log search or metric rule with "Automatically resolve alerts" off) fires a new
            // instance at every evaluation that matches and resolves none, and nothing in the payload says which kind it is.
            StatelessWhenRefiring = series is not null,
        };

        return new AlertNotification
        {
            Source = AlertSource.AzureMonitor,
            GroupKey = key,
            // Before alerts were grouped by their rule's series (a budget by the budget and month), the alertId was the group: an
            // incident opened then is found under it.
            PreviousGroupKey = series is null && budget is null ? null : alertId,
            Status = instance.Status,
            Title = instance.Summary,
            Severity = severity,
            Alerts = [instance],
            PagesNobody = health?.Announces,
            AzureClass = health?.TrackingId is null ? null : health.IncidentType?.Trim() is { Length: > 0 } type ? type : "unknown",
            ToolTest = testSample,
        };
    }

    /// <summary>
    /// Alerts Azure never resolves: activity-log alerts (administrative, policy, autoscale, security, recommendation; Service and
    /// Resource Health are followed by their stage instead) and Application Insights smart detection, which "only ever fire".
    /// </summary>
    internal static bool OnlyFires(string? signalType, string? monitoringService) =>
        (signalType is not null && signalType.Replace(" ", "", StringComparison.Ordinal).Equals("ActivityLog", StringComparison.OrdinalIgnoreCase))
        || (monitoringService is not null && (monitoringService.StartsWith("Activity Log", StringComparison.OrdinalIgnoreCase)
            || monitoringService.Replace(" ", "", StringComparison.Ordinal).Equals("SmartDetector", StringComparison.OrdinalIgnoreCase)));

    /// <summary>Condition types whose <c>condition.allOf[]</c> criteria state a measured value against a threshold (alerts-payload-samples).</summary>
    private static readonly string[] MeasuredConditionTypes =
    [
        "SingleResourceMultipleMetricCriteria", "MultipleResourceMultipleMetricCriteria", "DynamicThresholdCriteria",
        "WebtestLocationAvailabilityCriteria", "LogQueryCriteria",
    ];

    /// <summary>
    /// What a metric, availability or log search (V2) alert measured: each <c>alertContext.condition.allOf[]</c> criterion with its
    /// value, operator and threshold (the first <see cref="AlertCondition.MaxKept"/>), with the condition's <c>windowSize</c>. Any
    /// other condition type (activity log, log search V1, smart detection, a type Azure adds later), a criterion without both
    /// numbers, or an operator not known gives no condition: no line rather than a wrong one.
    /// </summary>
    internal static IReadOnlyList<AlertCondition> MeasuredConditions(JsonElement context)
    {
        if (StringOrNull(context, "conditionType") is not { } type || !MeasuredConditionTypes.Contains(type, StringComparer.Ordinal)
            || !context.TryGetProperty("condition", out var condition) || condition.ValueKind != JsonValueKind.Object
            || !condition.TryGetProperty("allOf", out var allOf) || allOf.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        var window = StringOrNull(condition, "windowSize") is { } size ? Duration(size) : null;
        var log = type == "LogQueryCriteria";
        var conditions = new List<AlertCondition>();
        foreach (var criterion in allOf.EnumerateArray().Where(c => c.ValueKind == JsonValueKind.Object))
        {
            // A log search counts rows unless it measures a column (metricMeasureColumn); a metric criterion names its metric.
            var metric = log ? StringOrNull(criterion, "metricMeasureColumn") : StringOrNull(criterion, "metricName");
            if ((metric is null && !log) || Number(criterion, "metricValue") is not { } value || Number(criterion, "threshold") is not { } threshold
                || Sign(StringOrNull(criterion, "operator"), value, threshold) is not { } sign)
            {
                continue;
            }

            conditions.Add(new AlertCondition(metric is null ? null : Common.TextCut.WithEllipsis(metric.Trim(), AlertCondition.MaxNameLength), sign, value, threshold)
            {
                Aggregation = StringOrNull(criterion, "timeAggregation") is { } aggregation ? Common.TextCut.WithEllipsis(aggregation.Trim(), AlertCondition.MaxNameLength) : null,
                Window = window,
                Dynamic = type == "DynamicThresholdCriteria",
            });
            if (conditions.Count == AlertCondition.MaxKept)
            {
                break;
            }
        }

        return conditions;
    }

    /// <summary>
    /// The operator as a sign. A dynamic threshold's <c>GreaterOrLessThan</c> fires on either side: the side the value is on.
    /// </summary>
    private static string? Sign(string? op, double value, double threshold) => op switch
    {
        "GreaterThan" => ">",
        "GreaterThanOrEqual" => "≥",
        "LessThan" => "<",
        "LessThanOrEqual" => "≤",
        "Equal" or "Equals" => "=",
        "GreaterOrLessThan" when value > threshold => ">",
        "GreaterOrLessThan" when value < threshold => "<",
        _ => null,
    };

    /// <summary>A number Azure sends as a JSON number (<c>metricValue</c>) or a string (<c>threshold</c>); null when neither or not finite.</summary>
    private static double? Number(JsonElement parent, string name)
    {
        if (!parent.TryGetProperty(name, out var value))
        {
            return null;
        }

        var number = value.ValueKind switch
        {
            JsonValueKind.Number => value.TryGetDouble(out var n) ? n : (double?)null,
            JsonValueKind.String => double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : null,
            _ => null,
        };
        return number is { } d && double.IsFinite(d) ? d : null;
    }

    /// <summary>An ISO 8601 duration (<c>PT5M</c>, <c>PT1H</c>, <c>P1D</c>); null when not one or not positive.</summary>
    private static TimeSpan? Duration(string text)
    {
        try
        {
            var span = System.Xml.XmlConvert.ToTimeSpan(text);
            return span > TimeSpan.Zero ? span : null;
        }
        catch (FormatException)
        {
            return null;
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    /// <summary>Log search alerts: V1 puts the links at the top of alertContext, V2 inside each condition.</summary>
    private static IEnumerable<AlertLink?> SearchResultLinks(JsonElement context, AlertPayloadReader r)
    {
        var v1 = StringOrNull(context, "LinkToFilteredSearchResultsUI") ?? StringOrNull(context, "LinkToSearchResultsUI") ?? StringOrNull(context, "LinkToSearchResults");
        yield return r.Link(AlertLinkKinds.SearchResults, v1, "$.data.alertContext", "Search results");

        if (context.TryGetProperty("condition", out var condition) && condition.ValueKind == JsonValueKind.Object
            && condition.TryGetProperty("allOf", out var allOf) && allOf.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var criterion in allOf.EnumerateArray().Take(10))
            {
                if (criterion.ValueKind == JsonValueKind.Object)
                {
                    var v2 = StringOrNull(criterion, "linkToFilteredSearchResultsUI") ?? StringOrNull(criterion, "linkToSearchResultsUI");
                    yield return r.Link(AlertLinkKinds.SearchResults, v2, $"$.data.alertContext.condition.allOf[{index}]", "Search results");
                }

                index++;
            }
        }
    }

    private static List<string>? StringArray(JsonElement parent, string path, string name, AlertPayloadReader r)
    {
        if (!r.TryGet(parent, path, name, JsonValueKind.Array, required: false, out var array))
        {
            return null;
        }

        var items = new List<string>();
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String)
            {
                items.Add(item.GetString()!);
            }
            else
            {
                r.Error(AlertPayloadReader.Item(AlertPayloadReader.Child(path, name), index), $"expected a string, got {AlertPayloadReader.Describe(item)}");
            }

            index++;
        }

        return items;
    }

    private static string? StringOrNull(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString())
            ? value.GetString()
            : null;

    /// <summary>A Cost Management budget's alert: <c>alertContext.AlertCategory</c> <c>budgets</c> (<see cref="AzureBudget"/>).</summary>
    private static bool BudgetShaped(JsonElement data) =>
        data.TryGetProperty("alertContext", out var context) && context.ValueKind == JsonValueKind.Object
        && StringOrNull(context, "AlertCategory") is { } category && category.Equals("budgets", StringComparison.OrdinalIgnoreCase);

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    private static string? FirstNonBlank(params string?[] candidates) =>
        candidates.FirstOrDefault(c => !string.IsNullOrWhiteSpace(c));
}
