using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using OnDuty.Core.Common;

namespace OnDuty.Core.Alerts;

/// <summary>
/// Turns a monitoring tool's webhook body into an <see cref="AlertNotification"/>. Pure: no I/O, no clock.
/// </summary>
/// <remarks>
/// Strict about the shape each tool documents (required fields, types, enum words), lenient about fields
/// it does not use, since tools add fields between versions. A body posted to the wrong source fails
/// with the field that gave it away, e.g. <c>$.version: expected '4', got '1'</c>.
/// </remarks>
public static class AlertParser
{
    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    public static AlertParseResult Parse(string? source, string json, AlertParserOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Parse(source, Encoding.UTF8.GetBytes(json), options);
    }

    public static AlertParseResult Parse(string? source, ReadOnlySpan<byte> body, AlertParserOptions? options = null)
    {
        if (!AlertSources.TryParse(source, out var alertSource))
        {
            return AlertParseResult.UnknownSource(source);
        }

        return Parse(alertSource, body, options);
    }

    /// <remarks>Copies the body: the parsed document needs memory it can keep. Prefer the array overload when there is one.</remarks>
    public static AlertParseResult Parse(AlertSource source, ReadOnlySpan<byte> body, AlertParserOptions? options = null) =>
        Parse(source, new ReadOnlyMemory<byte>(body.ToArray()), options);

    /// <summary>Parses the body where it lies (the request's own array), without a copy.</summary>
    public static AlertParseResult Parse(AlertSource source, byte[] body, AlertParserOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        return Parse(source, body.AsMemory(), options);
    }

    /// <summary>Parses <paramref name="body"/> in place: it must not change until this returns.</summary>
    public static AlertParseResult Parse(AlertSource source, ReadOnlyMemory<byte> body, AlertParserOptions? options = null)
    {
        options ??= new AlertParserOptions();
        var reader = new AlertPayloadReader(options);

        if (body.Span.StartsWith(Utf8Bom))
        {
            body = body[Utf8Bom.Length..];
        }

        // JsonDocument defers some UTF-8 checks to GetString, which would throw mid-parse; refuse up front instead.
        if (!Utf8.IsValid(body.Span))
        {
            return AlertParseResult.Invalid([new AlertParseError("$", "malformed JSON: the body is not valid UTF-8") { Refusal = Refusal.Of("jsonMalformed", ("reason", "the body is not valid UTF-8")) }]);
        }

        JsonDocument document;
        try
        {
            // The document reads the caller's memory (disposed below, before this returns); bodies are capped upstream (Alerts__MaxBodyBytes).
            document = JsonDocument.Parse(body, new JsonDocumentOptions
            {
                MaxDepth = options.MaxDepth,
                AllowDuplicateProperties = false,
                CommentHandling = JsonCommentHandling.Disallow,
                AllowTrailingCommas = false,
            });
        }
        catch (JsonException ex)
        {
            // No body at all (a tool's test button sends none) is coded as the other routes code it; the English stays the parser's.
            var none = body.Span.Trim(" \t\r\n"u8).IsEmpty;
            return AlertParseResult.Invalid([new AlertParseError("$", $"malformed JSON: {ex.Message}")
            {
                Refusal = none ? Refusal.Of("bodyMissing") : Refusal.Of("jsonMalformed", ("reason", ex.Message)),
            }]);
        }

        using (document)
        {
            var root = document.RootElement;
            if (!reader.ExpectObject(root, "$"))
            {
                var refusal = root.ValueKind == JsonValueKind.Null ? Refusal.Of("bodyNull") : Refusal.Of("jsonBodyObject");
                return AlertParseResult.Invalid([.. reader.Errors.Select(e => e.Path == "$" ? e with { Refusal = refusal } : e)]);
            }

            var notification = source switch
            {
                AlertSource.Grafana when GrafanaLegacyPayload.IsLegacy(root) => GrafanaLegacyPayload.Read(root, reader),
                AlertSource.Alertmanager or AlertSource.Grafana => AlertmanagerPayload.Read(root, source, reader),
                AlertSource.AzureMonitor => AzureMonitorPayload.Read(root, reader),
                AlertSource.Generic => GenericEventPayload.Read(root, reader),
                AlertSource.PagerDuty => PagerDutyEventPayload.Read(root, body.Span, reader),
                AlertSource.Datadog => DatadogWebhookPayload.Read(root, reader),
                _ => throw new ArgumentOutOfRangeException(nameof(source), source, null),
            };

            if (notification is null || reader.HasErrors)
            {
                var other = WrongRoute.LooksLike(root) is { } o && o.Source != source ? o : ((AlertSource Source, string What)?)null;
                return AlertParseResult.Invalid(WrongRoute.WithHint(reader.Errors, other), other?.Source);
            }

            return AlertParseResult.Success(notification with
            {
                GroupKey = AlertNotification.GroupIdentity(notification.GroupKey),
                PreviousGroupKey = notification.PreviousGroupKey is { } previous ? AlertNotification.GroupIdentity(previous) : null,
                Notes = reader.Notes,
            });
        }
    }

    internal static AlertSeverity MostUrgent(IEnumerable<AlertInstance> alerts) =>
        alerts.Select(a => a.Severity).DefaultIfEmpty(AlertSeverity.Sev4).Min();
}
