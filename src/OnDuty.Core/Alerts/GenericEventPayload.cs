using System.Text.Json;

namespace OnDuty.Core.Alerts;

/// <summary>Our own documented event format (docs/alerts-generic.md), a flat cousin of PagerDuty Events API v2.</summary>
/// <remarks>Unlike PagerDuty we require <c>dedup_key</c>: we cannot hand a generated key back to the sender to resolve with.</remarks>
internal static class GenericEventPayload
{
    public const int MaxDedupKeyLength = 255;
    public const int MaxLinks = 10;

    private static readonly string[] Actions = ["trigger", "resolve"];
    private static readonly string[] Severities = ["critical", "error", "warning", "info"];

    public static AlertNotification? Read(JsonElement root, AlertPayloadReader r)
    {
        const string P = "$";
        var dedupKey = r.String(root, P, "dedup_key", required: true);
        if (dedupKey is not null && dedupKey.Length > MaxDedupKeyLength)
        {
            r.Error("$.dedup_key", $"must be at most {MaxDedupKeyLength} characters, got {dedupKey.Length}");
        }

        var action = r.OneOf(root, P, "event_action", Actions, required: true);
        var trigger = action != "resolve";
        var summary = r.String(root, P, "summary", required: trigger);
        var severityWord = r.OneOf(root, P, "severity", Severities, required: trigger);
        var source = r.String(root, P, "source", required: trigger);
        var timestamp = r.Time(root, P, "timestamp");
        var component = r.String(root, P, "component");
        var group = r.String(root, P, "group");
        var @class = r.String(root, P, "class");
        var links = ReadLinks(root, "$", r);
        var details = ReadCustomDetails(root, r);

        if (r.HasErrors || dedupKey is null || action is null)
        {
            return null;
        }

        if (!r.Options.Severity.Generic.TryMap(severityWord, out var severity))
        {
            r.Note("$.severity", $"'{severityWord}' is not in the configured map, using {severity}");
        }

        var labels = new List<KeyValuePair<string, string>>();
        AlertPayloadReader.AddLabel(labels, "source", source);
        AlertPayloadReader.AddLabel(labels, "component", component);
        AlertPayloadReader.AddLabel(labels, "group", group);
        AlertPayloadReader.AddLabel(labels, "class", @class);
        AlertPayloadReader.AddLabel(labels, "severity", severityWord);
        labels.AddRange(details);

        var status = trigger ? AlertStatus.Firing : AlertStatus.Resolved;
        var text = r.Truncate(string.IsNullOrWhiteSpace(summary) ? $"Resolved: {dedupKey}" : summary, r.Options.MaxSummaryLength, "$.summary")!;
        var instance = new AlertInstance
        {
            DedupKey = dedupKey,
            Status = status,
            Severity = severity,
            Summary = text,
            SummaryFromKey = string.IsNullOrWhiteSpace(summary),
            StartsAt = trigger ? timestamp : null,
            EndsAt = trigger ? null : timestamp,
            Labels = r.LimitLabels(labels, "$"),
            Links = links,
            AffectedResource = string.IsNullOrWhiteSpace(source) ? null : source,
        };

        return new AlertNotification
        {
            Source = AlertSource.Generic,
            GroupKey = dedupKey,
            Status = status,
            Title = text,
            Severity = severity,
            Alerts = [instance],
        };
    }

    /// <summary>
    /// <c>links: [{href, text}]</c> as PagerDuty Events v2 defines it; with <paramref name="hrefName"/> <c>src</c> and
    /// <paramref name="textName"/> <c>alt</c> it reads PagerDuty <c>images</c> too.
    /// </summary>
    /// <remarks>
    /// A link is decoration on a page: one that cannot be used (relative, empty, <c>javascript:</c>, not an object…) is
    /// dropped and noted, never a reason to refuse the event. PagerDuty-style senders do not retry a 400, so refusing it
    /// would lose the page over a dashboard link.
    /// </remarks>
    internal static List<AlertLink> ReadLinks(JsonElement parent, string parentPath, AlertPayloadReader r,
        string name = "links", string kind = AlertLinkKinds.Link, string hrefName = "href", string textName = "text")
    {
        var links = new List<AlertLink>();
        if (!parent.TryGetProperty(name, out var array) || array.ValueKind == JsonValueKind.Null)
        {
            return links;
        }

        var listPath = AlertPayloadReader.Child(parentPath, name);
        if (array.ValueKind != JsonValueKind.Array)
        {
            r.Note(listPath, $"dropped {name} that are not an array: got {AlertPayloadReader.Describe(array)}");
            return links;
        }

        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var path = AlertPayloadReader.Item(listPath, index++);
            if (item.ValueKind != JsonValueKind.Object)
            {
                r.Note(path, $"dropped an entry that is not an object: got {AlertPayloadReader.Describe(item)}");
                continue;
            }

            var hrefPath = AlertPayloadReader.Child(path, hrefName);
            if (!item.TryGetProperty(hrefName, out var hrefValue) || hrefValue.ValueKind != JsonValueKind.String)
            {
                r.Note(hrefPath, $"dropped an entry without a URL: got {AlertPayloadReader.Describe(hrefValue)}");
                continue;
            }

            var href = hrefValue.GetString()!.Trim();
            if (!Uri.TryCreate(href, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            {
                r.Note(hrefPath, $"dropped an entry that is not an absolute http(s) URL: got {AlertPayloadReader.Describe(hrefValue)}");
                continue;
            }

            if (links.Count == MaxLinks)
            {
                r.Note(listPath, $"kept the first {MaxLinks} {name}");
                break;
            }

            string? text = null;
            if (item.TryGetProperty(textName, out var textValue) && textValue.ValueKind != JsonValueKind.Null)
            {
                if (textValue.ValueKind == JsonValueKind.String)
                {
                    text = textValue.GetString();
                }
                else
                {
                    r.Note(AlertPayloadReader.Child(path, textName), $"kept the link without a text that is not a string: got {AlertPayloadReader.Describe(textValue)}");
                }
            }

            links.Add(r.Link(kind, href, path, string.IsNullOrWhiteSpace(text) ? null : text)!);
        }

        return links;
    }

    /// <summary>Top-level custom_details become labels: strings as they are, other values as compact JSON.</summary>
    internal static List<KeyValuePair<string, string>> ReadCustomDetails(JsonElement root, AlertPayloadReader r, string path = "$")
    {
        var details = new List<KeyValuePair<string, string>>();
        if (!r.TryGet(root, path, "custom_details", JsonValueKind.Object, required: false, out var obj))
        {
            return details;
        }

        foreach (var member in obj.EnumerateObject())
        {
            var value = member.Value.ValueKind switch
            {
                JsonValueKind.String => member.Value.GetString()!,
                JsonValueKind.Null => null,
                _ => JsonSerializer.Serialize(member.Value),
            };
            if (value is not null)
            {
                details.Add(new(member.Name, value));
            }
        }

        return details;
    }
}
