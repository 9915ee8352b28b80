using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace OnDuty.Core.Alerts;

/// <summary>
/// Datadog's Webhooks integration (https://docs.datadoghq.com/integrations/webhooks/) posting the payload template README
/// documents (<see cref="Template"/>): Datadog has no fixed body, it fills the <c>$</c> variables of whatever JSON the user wrote.
/// </summary>
/// <remarks>
/// <para>
/// One delivery is one monitor group's notification. Its alert's key is <c>$AGGREG_KEY</c> ("ID to aggregate events belonging
/// together"), which stays the same for the group from one notification to the next — trigger, renotify, warn, recovery and the
/// next trigger — so a recovery resolves the alert its trigger opened; <c>$ALERT_CYCLE_KEY</c> ("links events from the time an
/// alert triggers until it resolves") changes with every new cycle and is the key only when the template leaves the aggregation
/// key out; either is joined with the group's <c>$ALERT_SCOPE</c> (see <see cref="GroupScopedKey"/>). The group is the monitor (<c>$ALERT_ID</c>): a multi alert monitor's groups fold into one incident, as an
/// Alertmanager group's alerts do.
/// </para>
/// <para>
/// Datadog sends a variable's name when it has no value for the notification (<c>"$ALERT_PRIORITY"</c> for a monitor without a
/// priority): such a value reads as absent. It retries only on a 5xx, so a 400 here is final, as it is for the other tools.
/// </para>
/// </remarks>
internal static partial class DatadogWebhookPayload
{
    /// <summary>The payload template to paste into Datadog's webhook (README's Datadog section shows the same).</summary>
    public const string Template = """
        {
          "transition": "$ALERT_TRANSITION",
          "type": "$ALERT_TYPE",
          "priority": "$ALERT_PRIORITY",
          "monitor": "$ALERT_ID",
          "aggregate": "$AGGREG_KEY",
          "cycle": "$ALERT_CYCLE_KEY",
          "title": "$EVENT_TITLE",
          "body": "$TEXT_ONLY_MSG",
          "scope": "$ALERT_SCOPE",
          "hostname": "$HOSTNAME",
          "tags": "$TAGS",
          "link": "$LINK",
          "date": "$DATE",
          "org": "$ORG_NAME"
        }
        """;

    /// <summary><c>$ALERT_TRANSITION</c> values that say the monitor group is alerting (warn and no data included).</summary>
    private static readonly string[] Firing = ["Triggered", "Re-Triggered", "Renotify", "Warn", "Re-Warn", "No Data", "Re-No Data"];

    /// <summary><c>$ALERT_TRANSITION</c> values that say it recovered.</summary>
    private static readonly string[] Resolved = ["Recovered"];

    private static readonly string[] Transitions = [.. Firing, .. Resolved];

    /// <summary>
    /// Template members whose variable left as its name asks nothing of the admin, so it reads as absent without a note (a note
    /// would sit on every delivery with nothing to act on). Datadog's webhook docs list the variables without saying which always
    /// have a value; these a notification may lack through no fault of the template: <c>$HOSTNAME</c> (a service's monitor, a
    /// synthetic test; the alert names its <c>$ALERT_SCOPE</c> instead), <c>$TAGS</c> (a monitor without tags),
    /// <c>$ALERT_PRIORITY</c> (a monitor without a priority: SEV3), <c>$ALERT_SCOPE</c> ("tags triggering the alert": none for a
    /// simple monitor, nor for several notifications Datadog sends as one), and <c>$LINK</c> and <c>$ORG_NAME</c> (a link and a
    /// label only; the template has them right when they are spelt as README's, and nothing else in it would fix their absence).
    /// A variable the alert needs (<c>$ALERT_ID</c>, <c>$AGGREG_KEY</c>, <c>$ALERT_TYPE</c>, the message…) left as its name is
    /// noted: the webhook is used where Datadog does not fill it (an event, not a monitor), or the template is wrong.
    /// </summary>
    private static readonly string[] Optional = ["hostname", "tags", "priority", "scope", "link", "org"];

    /// <summary>The severity word of <see cref="SeverityMap.DatadogDefault"/> a warning is mapped by.</summary>
    public const string WarningWord = "warning";

    public const int MaxKeyLength = 255;

    public static AlertNotification? Read(JsonElement root, AlertPayloadReader r)
    {
        const string P = "$";
        var transition = Value(root, "transition", r);
        if (transition is null)
        {
            r.Error("$.transition", $"required: paste the template's \"transition\": \"$ALERT_TRANSITION\" (one of {Quoted(Transitions)})");
        }
        else if (!Transitions.Contains(transition, StringComparer.Ordinal))
        {
            r.Error("$.transition", $"expected one of {Quoted(Transitions)} ($ALERT_TRANSITION), got '{AlertPayloadReader.Shorten(transition)}'");
            transition = null;
        }

        var aggregate = Value(root, "aggregate", r);
        var cycle = Value(root, "cycle", r);
        var key = aggregate ?? cycle;
        if (key is null)
        {
            r.Error("$.aggregate", "required: paste the template's \"aggregate\": \"$AGGREG_KEY\" (or \"cycle\": \"$ALERT_CYCLE_KEY\"), which ties a recovery to its trigger");
        }
        else if (key.Length > MaxKeyLength)
        {
            r.Error(aggregate is null ? "$.cycle" : "$.aggregate", $"must be at most {MaxKeyLength} characters, got {key.Length}");
        }

        var firing = transition is not null && Firing.Contains(transition, StringComparer.Ordinal);
        var title = Value(root, "title", r);
        if (firing && title is null)
        {
            r.Error("$.title", "required: paste the template's \"title\": \"$EVENT_TITLE\"");
        }

        var type = Value(root, "type", r);
        var priority = Value(root, "priority", r);
        var monitor = Value(root, "monitor", r);
        var body = Value(root, "body", r);
        var scope = Value(root, "scope", r);
        var hostname = Value(root, "hostname", r);
        var tags = Value(root, "tags", r);
        var link = Value(root, "link", r);
        var org = Value(root, "org", r);
        var date = Date(Value(root, "date", r), r);

        if (r.HasErrors || transition is null || key is null)
        {
            return null;
        }

        // The group's scope joins the key: Datadog's docs do not say that $AGGREG_KEY differs between a multi alert monitor's groups,
        // and if it did not, one host's recovery would resolve the alert of a host still failing. Joined, a group is one alert
        // either way (its scope is the same from trigger to recovery); a long scope is joined by its SHA-256, within the key's limit.
        key = GroupScopedKey(key, scope);

        var severity = Severity(transition, type, priority, r);
        var labels = new List<KeyValuePair<string, string>>();
        AlertPayloadReader.AddLabel(labels, "transition", transition);
        AlertPayloadReader.AddLabel(labels, "priority", priority);
        AlertPayloadReader.AddLabel(labels, "monitor", monitor);
        AlertPayloadReader.AddLabel(labels, "scope", scope);
        AlertPayloadReader.AddLabel(labels, "host", hostname);
        AlertPayloadReader.AddLabel(labels, "org", org);
        labels.AddRange(Tags(tags));

        var links = new List<AlertLink>();
        if (r.Link(AlertLinkKinds.Generator, link, "$.link", "Datadog") is { } datadogLink)
        {
            links.Add(datadogLink);
        }

        // Datadog's "Test Notifications" button sends the monitor's real transition with [TEST] in the title: kept apart from the
        // monitor's own incident, so a test neither folds into the open one nor reopens the one just resolved.
        var test = title is not null && TestTag().IsMatch(title);
        if (test)
        {
            r.Note("$.title", "a Datadog test notification ([TEST]): its own incident, apart from the monitor's");
        }

        var status = firing ? AlertStatus.Firing : AlertStatus.Resolved;
        var text = r.Truncate(title ?? $"Resolved: {key}", r.Options.MaxSummaryLength, "$.title")!;
        var instance = new AlertInstance
        {
            DedupKey = key,
            Status = status,
            Severity = severity,
            Summary = text,
            SummaryFromKey = title is null,
            Description = r.Truncate(WithoutMentionLines(WithoutFooter(body)), r.Options.MaxDescriptionLength, "$.body"),
            StartsAt = firing ? date : null,
            EndsAt = firing ? null : date,
            Labels = r.LimitLabels(labels, P),
            Links = links,
            AffectedResource = hostname ?? scope,
        };

        return new AlertNotification
        {
            Source = AlertSource.Datadog,
            GroupKey = (monitor is null ? key : $"monitor:{monitor}") + (test ? ":test" : ""),
            Status = status,
            Title = WithoutStateTags(text) ?? text,
            Severity = severity,
            Alerts = [instance],
        };
    }

    /// <summary>
    /// The monitor's priority (<c>$ALERT_PRIORITY</c>) through the configured map; a warning (<c>Warn</c>, <c>Re-Warn</c>, or a
    /// renotification whose <c>$ALERT_TYPE</c> is <c>warning</c>) as <see cref="WarningWord"/> maps — unless the priority is less urgent.
    /// </summary>
    private static AlertSeverity Severity(string transition, string? type, string? priority, AlertPayloadReader r)
    {
        var map = r.Options.Severity.Datadog;
        if (!map.TryMap(priority, out var severity))
        {
            r.Note("$.priority", $"'{AlertPayloadReader.Shorten(priority!)}' is not in the configured map, using {severity}");
        }

        var warning = transition is "Warn" or "Re-Warn" || (transition != "Recovered" && string.Equals(type, "warning", StringComparison.OrdinalIgnoreCase));
        return warning && map.TryMap(WarningWord, out var warn) && warn > severity ? warn : severity;
    }

    /// <summary>
    /// A member of the template as text: trimmed; null when absent, null, blank or still the variable's own name (Datadog sends
    /// <c>$ALERT_PRIORITY</c> itself when it has no value; noted, but for the <see cref="Optional"/> ones). A number (a template that
    /// left a variable unquoted) reads as its text.
    /// </summary>
    private static string? Value(JsonElement root, string name, AlertPayloadReader r)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!.Trim(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
        if (text is null)
        {
            r.Error(AlertPayloadReader.Child("$", name), $"expected a string, got {AlertPayloadReader.Describe(value)}");
            return null;
        }

        if (Unsubstituted().IsMatch(text))
        {
            // What a monitor may simply not have, in every notification it sends, is read as absent without a note: a note would
            // sit on each of its deliveries with nothing to act on. Any other variable left as its name says the template is wrong.
            if (Optional.Contains(name, StringComparer.Ordinal))
            {
                return null;
            }

            r.Note(AlertPayloadReader.Child("$", name), $"Datadog sent '{AlertPayloadReader.Shorten(text)}' unsubstituted: read as absent");
            return null;
        }

        return text.Length == 0 ? null : text;
    }

    /// <summary><c>$DATE</c>: milliseconds since the epoch (<c>1406662672000</c>); anything else is noted and left out.</summary>
    private static DateTimeOffset? Date(string? text, AlertPayloadReader r)
    {
        if (text is null)
        {
            return null;
        }

        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms > 0 && ms <= DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
        {
            return DateTimeOffset.FromUnixTimeMilliseconds(ms);
        }

        r.Note("$.date", $"ignored a date that is not epoch milliseconds ($DATE): '{AlertPayloadReader.Shorten(text)}'");
        return null;
    }

    /// <summary><paramref name="key"/> with the group's <paramref name="scope"/> (<c>$ALERT_SCOPE</c>), at most <see cref="MaxKeyLength"/> characters.</summary>
    internal static string GroupScopedKey(string key, string? scope)
    {
        if (string.IsNullOrEmpty(scope))
        {
            return key;
        }

        var joined = $"{key}|{scope}";
        if (joined.Length <= MaxKeyLength)
        {
            return joined;
        }

        var hashed = $"{key}|{Sha256(scope)[..32]}";
        return hashed.Length <= MaxKeyLength ? hashed : Sha256(joined);
    }

    private static string Sha256(string text) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));

    /// <summary><c>$TAGS</c> (<c>env:prod,service:checkout</c>): each <c>key:value</c> tag a label, so grouping can name it; the list itself as <c>tags</c>.</summary>
    private static IEnumerable<KeyValuePair<string, string>> Tags(string? tags)
    {
        if (tags is null)
        {
            yield break;
        }

        yield return new("tags", tags);
        foreach (var tag in tags.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = tag.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && colon < tag.Length - 1)
            {
                yield return new(tag[..colon], tag[(colon + 1)..]);
            }
        }
    }

    /// <summary>
    /// <paramref name="title"/> without Datadog's leading tags — <c>[P1]</c>, <c>[Triggered on {host:web-1}]</c>, <c>[Recovered]</c>,
    /// <c>[Warn]</c>, <c>[No Data on …]</c> — so the incident is named for the monitor, not for one group's state; null when nothing is left.
    /// </summary>
    internal static string? WithoutStateTags(string title) =>
        StateTags().Replace(title, "", 1).Trim() is { Length: > 0 } rest ? rest : null;

    /// <summary>
    /// The monitor's message without its lines of notification handles only (<c>@webhook-onduty @slack-payments</c>): they say
    /// whom Datadog told, not what happened. A handle within a sentence stays. Null when nothing else is left.
    /// </summary>
    internal static string? WithoutMentionLines(string? body)
    {
        if (body is null)
        {
            return null;
        }

        var kept = body.Split('\n').Where(line => !MentionLine().IsMatch(line));
        return BlankLines().Replace(string.Join('\n', kept), "\n\n").Trim() is { Length: > 0 } rest ? rest : null;
    }

    /// <summary>
    /// The monitor's message without the footer Datadog appends to every notification: the <c>The monitor was last triggered at …</c>
    /// line, the <c>---</c> (<c>- - -</c>) separator and the line of its own links (<c>[Monitor Status](…) · [Edit Monitor](…)</c>,
    /// <c>[Related Logs](…)</c>). Only trailing lines go, so the user's own separator or wording within the message stays; the
    /// condition line Datadog writes above the footer (<c>… was &gt; 2.0 on average during the last 5m.</c>) says what happened and stays.
    /// The footer is matched in English only: Datadog's webhook docs describe no setting that localises the text it appends (only
    /// the docs themselves are translated), so a Japanese team's message keeps its own words and loses the English footer. Were a
    /// footer ever written in another language, it would stay at the end of the description: harmless, never a refusal.
    /// </summary>
    internal static string? WithoutFooter(string? body)
    {
        if (body is null)
        {
            return null;
        }

        var lines = body.Split('\n').ToList();
        while (lines.Count > 0 && (string.IsNullOrWhiteSpace(lines[^1]) || FooterLine().IsMatch(lines[^1])))
        {
            lines.RemoveAt(lines.Count - 1);
        }

        return lines.Count > 0 ? string.Join('\n', lines) : null;
    }

    private static string Quoted(IEnumerable<string> values) => string.Join(", ", values.Select(v => $"'{v}'"));

    [GeneratedRegex(@"^\$[A-Z][A-Z0-9_]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex Unsubstituted();

    [GeneratedRegex(@"^\s*(?:\[(?:P[1-5]|(?:Re-)?Triggered|Recovered|(?:Re-)?Warn|(?:Re-)?No Data|Renotify)(?:\s+on\s+[^\]]*)?\]\s*)+", RegexOptions.CultureInvariant)]
    private static partial Regex StateTags();

    /// <summary>A <c>[TEST]</c> among the title's leading tags (<c>[P2] [Triggered] [TEST] Checkout latency</c>).</summary>
    [GeneratedRegex(@"^\s*(?:\[[^\]]*\]\s*)*?\[TEST\]", RegexOptions.CultureInvariant)]
    private static partial Regex TestTag();

    [GeneratedRegex(@"^\s*@\S+(?:\s+@\S+)*\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex MentionLine();

    /// <summary>A line of Datadog's notification footer (<see cref="WithoutFooter"/>).</summary>
    [GeneratedRegex(
        @"^\s*(?:The monitor was last triggered at .*|(?:-\s*){3,}|%%%|"
        + @"(?:\[*(?:Monitor Status|Edit Monitor|Related Logs)\]*(?:\([^)\s]*\))?\]*\s*(?:[·|•]\s*)?)+)\s*$",
        RegexOptions.CultureInvariant)]
    private static partial Regex FooterLine();

    [GeneratedRegex(@"\n(?:[ \t]*\n){2,}", RegexOptions.CultureInvariant)]
    private static partial Regex BlankLines();
}
