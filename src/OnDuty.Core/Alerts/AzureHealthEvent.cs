using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace OnDuty.Core.Alerts;

/// <summary>
/// An Azure Service Health or Resource Health activity-log alert (common schema) as the issue it is about: Azure sends one alert per
/// communication (a new <c>alertId</c> each, <c>monitorCondition</c> always <c>Fired</c>), and the issue's identity and state are in
/// <c>alertContext</c>. See Microsoft's "service health alert webhook guide" and the activity-log event schema.
/// </summary>
/// <param name="Key">The issue's identity, the group and the alert's key: an ARM id, <c>/subscriptions/{id}/providers/Microsoft.ResourceHealth/events/{trackingId}</c>
/// for Service Health, <c>{resource}/providers/Microsoft.ResourceHealth/availabilityStatuses/current</c> for Resource Health.</param>
/// <param name="Resolved">The communication says the issue is over (stage or status <c>Resolved</c>; <c>RCA</c>, <c>Complete</c>, <c>Canceled</c>).</param>
/// <param name="Stage">Azure's stage or status word, as sent (<c>Active</c>, <c>Resolved</c>, …).</param>
/// <param name="Communication">The communication's text, its HTML turned into plain lines, trimmed.</param>
internal sealed partial record AzureHealthEvent(
    string Key, bool Resolved, string? Stage, string? Title, string? Communication, string? TrackingId, string? Services, string? IncidentType,
    DateTimeOffset? MitigatedAt, Uri? IssueLink)
{
    public const string ServiceHealth = "ServiceHealth";
    public const string ResourceHealth = "Resource Health";

    /// <summary>
    /// Stages that end an issue: <c>Resolved</c>; <c>RCA</c> (the root-cause analysis, sent after it resolved) for incidents and
    /// security advisories; <c>Complete</c> and <c>Canceled</c> for planned maintenance (activity-log event schema, <c>properties.stage</c>).
    /// </summary>
    private static readonly string[] EndStages = ["Resolved", "RCA", "Complete", "Canceled", "Cancelled"];

    /// <summary>
    /// Service Health classes (<c>properties.incidentType</c>) that announce rather than report an outage: planned maintenance
    /// (<c>Maintenance</c>, at every stage: Planned, InProgress, …) and health advisories (<c>Information</c>, also sent as
    /// <c>Informational</c>). Their incident pages nobody. <c>Incident</c>, <c>ActionRequired</c>, <c>Security</c>, any other
    /// word and none at all page (when in doubt, page): OnDuty has no business-hours notion to defer a page to.
    /// </summary>
    private static readonly string[] AnnouncingTypes = ["Maintenance", "Information", "Informational"];

    /// <summary>The longest communication kept (a description, a timeline row); Azure's run to several kilobytes of HTML.</summary>
    public const int MaxCommunicationLength = 1000;

    /// <summary>Whether <paramref name="monitoringService"/> is Service Health or Resource Health (whether or not <see cref="Read"/> finds its issue).</summary>
    public static bool IsHealthService(string? monitoringService) =>
        monitoringService?.Replace(" ", "", StringComparison.Ordinal) is { } service
        && (service.Equals(ServiceHealth, StringComparison.OrdinalIgnoreCase) || service.Equals("ResourceHealth", StringComparison.OrdinalIgnoreCase));

    /// <summary>The event this alert is about, or null when it is no Service/Resource Health alert or lacks what identifies the issue.</summary>
    public static AzureHealthEvent? Read(string? monitoringService, JsonElement context, string alertId, string? target)
    {
        var properties = context.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object ? p : (JsonElement?)null;
        var status = Text(context, "status");
        if (string.Equals(monitoringService, ServiceHealth, StringComparison.OrdinalIgnoreCase) && properties is { } sh
            && Text(sh, "trackingId") is { } trackingId && (SubscriptionOf(target) ?? SubscriptionOf(alertId)) is { } subscription)
        {
            var stage = Text(sh, "stage") ?? status;
            var resolved = Ends(Text(sh, "stage")) || Ends(status);
            var title = Text(sh, "title") ?? Text(sh, "defaultLanguageTitle");
            var communication = PlainText(Text(sh, "communication") ?? Text(sh, "defaultLanguageContent"));
            return new AzureHealthEvent(
                $"/subscriptions/{subscription}/providers/Microsoft.ResourceHealth/events/{trackingId}", resolved, stage, title, communication, trackingId,
                ImpactedServices(sh) ?? Text(sh, "service"), Text(sh, "incidentType"), resolved ? Time(sh, "impactMitigationTime") : null,
                // Microsoft's guide: the issue in the Service Health dashboard, by tracking id and the subscription's first and last three characters.
                subscription.Length >= 6 && Uri.TryCreate($"https://app.azure.com/h/{Uri.EscapeDataString(trackingId)}/{subscription[..3]}{subscription[^3..]}", UriKind.Absolute, out var link) ? link : null);
        }

        if (string.Equals(monitoringService, ResourceHealth, StringComparison.OrdinalIgnoreCase) && target is { Length: > 1 } resource && resource.StartsWith('/'))
        {
            // One issue per resource: Unavailable/Degraded (status Active) until Azure says it is Available again (status Resolved).
            var current = properties is { } rh ? Text(rh, "currentHealthStatus") : null;
            var resolved = Ends(status) || string.Equals(current, "Available", StringComparison.OrdinalIgnoreCase);
            var details = properties is { } d ? PlainText(Text(d, "details")) : null;
            var title = properties is { } t ? Text(t, "title") : null;
            var stage = current is null ? status : status is null ? current : $"{status} ({current})";
            return new AzureHealthEvent(
                resource.TrimEnd('/') + "/providers/Microsoft.ResourceHealth/availabilityStatuses/current", resolved, stage, title, details, null, null,
                properties is { } c ? Text(c, "cause") : null, null, null);
        }

        return null;
    }

    /// <summary>
    /// The class of a Service Health communication that pages nobody, as OnDuty names it (<c>Maintenance</c> or <c>Information</c>);
    /// null when it pages: an outage, an action required, a security advisory, a Resource Health event, or a class not known.
    /// </summary>
    public string? Announces =>
        TrackingId is null || IncidentType is not { } type || !AnnouncingTypes.Contains(type.Trim(), StringComparer.OrdinalIgnoreCase) ? null
        : type.Trim().Equals("Maintenance", StringComparison.OrdinalIgnoreCase) ? "Maintenance"
        : "Information";

    private static bool Ends(string? stage) => stage is not null && EndStages.Contains(stage.Trim(), StringComparer.OrdinalIgnoreCase);

    /// <summary>「Storage (Japan East, Japan West); Virtual Machines (Global)」 from <c>impactedServices</c>, an array (common schema) or a JSON string of one (older payloads).</summary>
    private static string? ImpactedServices(JsonElement properties)
    {
        if (!properties.TryGetProperty("impactedServices", out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            try
            {
                using var inner = JsonDocument.Parse(value.GetString()!, new JsonDocumentOptions { MaxDepth = 8 });
                return Services(inner.RootElement);
            }
            catch (JsonException)
            {
                return null;
            }
        }

        return Services(value);

        static string? Services(JsonElement array)
        {
            if (array.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var services = new List<string>();
            foreach (var service in array.EnumerateArray().Take(20))
            {
                if (service.ValueKind != JsonValueKind.Object || Text(service, "ServiceName") is not { } name)
                {
                    continue;
                }

                var regions = service.TryGetProperty("ImpactedRegions", out var r) && r.ValueKind == JsonValueKind.Array
                    ? r.EnumerateArray().Take(30).Where(x => x.ValueKind == JsonValueKind.Object).Select(x => Text(x, "RegionName")).OfType<string>().ToList()
                    : [];
                services.Add(regions.Count == 0 ? name : $"{name} ({string.Join(", ", regions)})");
            }

            return services.Count == 0 ? null : string.Join("; ", services);
        }
    }

    /// <summary>
    /// Azure's communication is HTML (<c>&lt;p&gt;</c>, <c>&lt;br&gt;</c>, <c>&lt;strong&gt;</c>, entities): as text, a paragraph or break a new line,
    /// other tags dropped, entities decoded, blank runs collapsed, cut to <see cref="MaxCommunicationLength"/>. It is shown encoded like any alert text.
    /// </summary>
    internal static string? PlainText(string? html)
    {
        if (string.IsNullOrWhiteSpace(html))
        {
            return null;
        }

        var text = Breaks().Replace(html, "\n");
        text = Tags().Replace(text, "");
        text = WebUtility.HtmlDecode(text);
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(char.IsControl(c) && c != '\n' ? ' ' : c);
        }

        var lines = builder.ToString().Split('\n').Select(l => Spaces().Replace(l, " ").Trim()).Where(l => l.Length > 0);
        var plain = string.Join("\n", lines);
        return plain.Length == 0 ? null : Common.TextCut.WithEllipsis(plain, MaxCommunicationLength);
    }

    private static string? SubscriptionOf(string? armId) =>
        armId is not null && SubscriptionSegment().Match(armId) is { Success: true } m ? m.Groups[1].Value : null;

    private static string? Text(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString())
            ? value.GetString()!.Trim()
            : null;

    private static DateTimeOffset? Time(JsonElement parent, string name) =>
        Text(parent, name) is { } text && DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at) ? at : null;

    [GeneratedRegex(@"<\s*(br|/p|/div|/li|/tr|/h[1-6])\b[^>]*>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Breaks();

    [GeneratedRegex(@"<[^>]*>", RegexOptions.CultureInvariant)]
    private static partial Regex Tags();

    [GeneratedRegex(@"[ \t\r\f\v\u00A0]+", RegexOptions.CultureInvariant)]
    private static partial Regex Spaces();

    [GeneratedRegex(@"^/subscriptions/([0-9A-Za-z-]{1,64})(/|$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SubscriptionSegment();
}
