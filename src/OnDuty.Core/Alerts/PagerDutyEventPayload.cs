using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace OnDuty.Core.Alerts;

/// <summary>PagerDuty Events API v2 (<c>POST https://events.pagerduty.com/v2/enqueue</c>), so a tool that pages PagerDuty can page OnDuty.</summary>
/// <remarks>
/// Format: https://developer.pagerduty.com/docs/events-api-v2/trigger-events/. Accepts what PagerDuty accepts: no
/// <c>payload</c> on acknowledge and resolve, timestamps with an offset without a colon (<c>+0000</c>), <c>client</c>,
/// <c>client_url</c>, <c>links</c>, <c>images</c>, <c>custom_details</c> of any JSON type. A trigger without
/// <c>dedup_key</c> gets one, as PagerDuty does; ours is the hash of the body, so a sender's retry of the same event
/// lands on the same alert instead of paging twice. Each event is its own group (group key = dedup key).
/// </remarks>
internal static partial class PagerDutyEventPayload
{
    public const int MaxDedupKeyLength = 255;

    /// <summary>What a body with a <c>payload</c> and no <c>event_action</c> is told: most likely a change event, which OnDuty does not take.</summary>
    public const string ChangeEventHint =
        "a PagerDuty change event (POST /v2/change/enqueue) has no event_action; OnDuty takes alert events only (event_action trigger, acknowledge or resolve, as POST /v2/enqueue) at /api/alerts/pagerduty and has no change-event route: send change events to PagerDuty or leave them out";
    public const int MaxSummaryLength = 1024;

    private static readonly string[] Actions = ["trigger", "acknowledge", "resolve"];
    private static readonly string[] Severities = ["critical", "error", "warning", "info"];

    public static AlertNotification? Read(JsonElement root, ReadOnlySpan<byte> body, AlertPayloadReader r)
    {
        const string P = "$";
        var routingKey = r.String(root, P, "routing_key", required: true);
        var action = r.OneOf(root, P, "event_action", Actions, required: true);
        if (action is null && !root.TryGetProperty("event_action", out _) && root.TryGetProperty("payload", out var changed) && changed.ValueKind == JsonValueKind.Object)
        {
            // A change event (POST /v2/change/enqueue: routing_key, payload, links, no event_action) sent to the alert events' URL;
            // a body without a payload is no event at all (another tool's: AlertParser says whose), not a change event.
            r.Error("$.event_action", ChangeEventHint);
        }
        var trigger = action == "trigger";
        var dedupKey = r.String(root, P, "dedup_key", required: action is "acknowledge" or "resolve");
        if (dedupKey is not null && dedupKey.Length > MaxDedupKeyLength)
        {
            r.Error("$.dedup_key", $"must be at most {MaxDedupKeyLength} characters, got {dedupKey.Length}");
        }

        var client = r.String(root, P, "client");
        var clientUrl = r.String(root, P, "client_url");
        var links = GenericEventPayload.ReadLinks(root, P, r);
        var images = GenericEventPayload.ReadLinks(root, P, r, "images", AlertLinkKinds.Image, hrefName: "src", textName: "alt");

        // Acknowledge and resolve need no payload (PagerDuty ignores one if sent); a trigger needs summary, source, severity.
        var hasPayload = r.TryGet(root, P, "payload", JsonValueKind.Object, required: trigger, out var payload);
        string? summary = null, source = null, severityWord = null, component = null, group = null, @class = null, description = null;
        DateTimeOffset? timestamp = null;
        var details = new List<KeyValuePair<string, string>>();
        if (hasPayload)
        {
            const string Pl = "$.payload";
            summary = r.String(payload, Pl, "summary", required: trigger);
            source = r.String(payload, Pl, "source", required: trigger);
            severityWord = r.OneOf(payload, Pl, "severity", Severities, required: trigger);
            component = r.String(payload, Pl, "component");
            group = r.String(payload, Pl, "group");
            @class = r.String(payload, Pl, "class");
            timestamp = Timestamp(payload, r);
            (description, details) = CustomDetails(payload, r);
        }

        if (r.HasErrors || routingKey is null || action is null)
        {
            return null;
        }

        dedupKey ??= "pd-" + Convert.ToHexStringLower(SHA256.HashData(body))[..32];
        if (!r.Options.Severity.PagerDuty.TryMap(severityWord, out var severity))
        {
            r.Note("$.payload.severity", $"'{severityWord}' is not in the configured map, using {severity}");
        }

        if (action == "acknowledge")
        {
            return new AlertNotification
            {
                Source = AlertSource.PagerDuty,
                GroupKey = dedupKey,
                Status = AlertStatus.Firing,
                Title = $"Acknowledged: {dedupKey}",
                Severity = severity,
                Alerts = [],
                Acknowledges = true,
                RoutingKey = routingKey,
                Client = ClientName(client, r),
            };
        }

        var labels = new List<KeyValuePair<string, string>>();
        AlertPayloadReader.AddLabel(labels, "severity", severityWord);
        AlertPayloadReader.AddLabel(labels, "source", source);
        AlertPayloadReader.AddLabel(labels, "component", component);
        AlertPayloadReader.AddLabel(labels, "group", group);
        AlertPayloadReader.AddLabel(labels, "class", @class);
        AlertPayloadReader.AddLabel(labels, "client", client);
        labels.AddRange(details);

        var allLinks = new List<AlertLink>();
        if (r.Link(AlertLinkKinds.Generator, clientUrl, "$.client_url", string.IsNullOrWhiteSpace(client) ? null : client) is { } clientLink)
        {
            allLinks.Add(clientLink);
        }

        allLinks.AddRange(links);
        allLinks.AddRange(images);

        var status = trigger ? AlertStatus.Firing : AlertStatus.Resolved;
        // PagerDuty refuses a summary over 1,024 characters (400 "'summary' is too long") and senders do not retry a 400: cut it
        // and say so (a warning) rather than lose the page.
        var text = r.Truncate(string.IsNullOrWhiteSpace(summary) ? $"Resolved: {dedupKey}" : summary, Math.Min(MaxSummaryLength, r.Options.MaxSummaryLength), "$.payload.summary")!;
        var instance = new AlertInstance
        {
            DedupKey = dedupKey,
            Status = status,
            Severity = severity,
            Summary = text,
            SummaryFromKey = string.IsNullOrWhiteSpace(summary),
            Description = r.Truncate(description, r.Options.MaxDescriptionLength, "$.payload.custom_details"),
            StartsAt = trigger ? timestamp : null,
            EndsAt = trigger ? null : timestamp,
            Labels = r.LimitLabels(labels, "$.payload"),
            Links = allLinks,
            AffectedResource = string.IsNullOrWhiteSpace(source) ? null : source,
        };

        return new AlertNotification
        {
            Source = AlertSource.PagerDuty,
            GroupKey = dedupKey,
            Status = status,
            Title = text,
            Severity = severity,
            Alerts = [instance],
            RoutingKey = routingKey,
            Client = trigger ? ClientName(client, r) : null,
        };
    }

    /// <summary>
    /// The name the sending tool gave itself (<c>client</c>, "Datadog"), as it is kept and said: trimmed, one line (a control
    /// character or line break a space: <see cref="Common.PersonText.OneLine"/>), at most <see cref="Incidents.Incident.MaxAcknowledgedViaLength"/>
    /// characters; null when it gave none. The same for the trigger that opens an incident and an acknowledge.
    /// </summary>
    private static string? ClientName(string? client, AlertPayloadReader r) =>
        string.IsNullOrWhiteSpace(client) ? null
            : Common.PersonText.OneLine(client).Trim() is { Length: > 0 } name ? r.Truncate(name, Incidents.Incident.MaxAcknowledgedViaLength, "$.client") : null;

    /// <summary>
    /// ISO 8601 as PagerDuty takes it (<c>2015-07-17T08:42:58.315+0000</c>, <c>…Z</c>, <c>…+09:00</c>). PagerDuty falls back
    /// to the time it received an event whose timestamp it cannot read, so an unreadable one is noted, not refused.
    /// </summary>
    private static DateTimeOffset? Timestamp(JsonElement payload, AlertPayloadReader r)
    {
        if (!payload.TryGetProperty("timestamp", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var text = value.ValueKind == JsonValueKind.String ? value.GetString()!.Trim() : null;
        if (text is not null && Iso8601().Match(text) is { Success: true } match)
        {
            var normalised = match.Groups["offset"].Value switch
            {
                "" => text + "Z",
                { Length: 5 } compact => text[..^5] + compact[..3] + ":" + compact[3..],
                { Length: 3 } hours => text + ":00",
                _ => text,
            };
            if (DateTimeOffset.TryParse(normalised, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var time))
            {
                return time;
            }
        }

        r.Note("$.payload.timestamp", $"ignored a timestamp that is not ISO 8601: {AlertPayloadReader.Describe(value)}");
        return null;
    }

    /// <summary>Text details read as the alert's description; an object's members become labels (strings as they are, the rest as JSON).</summary>
    private static (string? Description, List<KeyValuePair<string, string>> Labels) CustomDetails(JsonElement payload, AlertPayloadReader r)
    {
        if (!payload.TryGetProperty("custom_details", out var details))
        {
            return (null, []);
        }

        return details.ValueKind switch
        {
            JsonValueKind.Object => (null, GenericEventPayload.ReadCustomDetails(payload, r, "$.payload")),
            JsonValueKind.String => (string.IsNullOrWhiteSpace(details.GetString()) ? null : details.GetString(), []),
            JsonValueKind.Null => (null, []),
            _ => (JsonSerializer.Serialize(details), []),
        };
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(?<offset>[Zz]|[+-]\d{2}:?\d{2}|[+-]\d{2})?\z")]
    private static partial Regex Iso8601();
}
