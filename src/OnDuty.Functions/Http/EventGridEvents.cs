using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace OnDuty.Functions.Http;

/// <summary>
/// A webhook post from an Event Grid subscription (Event Grid schema): a JSON array of events, each with <c>eventType</c> and
/// <c>data</c>. A subscription first proves the endpoint with a <see cref="SubscriptionValidation"/> event, answered with its
/// <c>validationCode</c>. Event Grid retries anything but a 2xx, so a malformed body is a 400 (dead-lettered rather than
/// retried for a day) and a storage failure a 5xx (heard on a retry).
/// </summary>
internal static class EventGridEvents
{
    public const string SubscriptionValidation = "Microsoft.EventGrid.SubscriptionValidationEvent";

    /// <summary>The events posted; a body that is not a JSON array is a 400 problem.</summary>
    public static async Task<IReadOnlyList<(string? Type, JsonElement Data, DateTimeOffset? Time)>> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadBytesAsync(request, RequestBody.DefaultMaxBytes, cancellationToken);
        JsonElement events;
        try
        {
            events = JsonDocument.Parse(body).RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new BadRequestBodyException(StatusCodes.Status400BadRequest, "Malformed JSON", $"Event Grid sends a JSON array of events: {ex.Message}");
        }

        if (events.ValueKind != JsonValueKind.Array)
        {
            throw new BadRequestBodyException(StatusCodes.Status400BadRequest, "Not Event Grid events", "Expected a JSON array of Event Grid events (the Event Grid schema, not CloudEvents).");
        }

        return [.. events.EnumerateArray().Select(e => (Text(e, "eventType"),
            e.ValueKind == JsonValueKind.Object && e.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Object ? d : default,
            Time(e, "eventTime")))];
    }

    /// <summary>The answer to a subscription validation event: <c>{"validationResponse": code}</c>; a 400 problem without a code.</summary>
    public static object ValidationResponse(JsonElement data) =>
        new { validationResponse = Text(data, "validationCode") ?? throw new BadRequestBodyException(StatusCodes.Status400BadRequest, "Invalid event", "A subscription validation event without data.validationCode.") };

    /// <summary>A string property read ignoring case (ACS writes its event data <c>MessageId</c>, <c>From</c>…; its email reports <c>messageId</c>).</summary>
    public static string? Text(JsonElement element, string name) =>
        Property(element, name) is { ValueKind: JsonValueKind.String } p ? p.GetString() : null;

    /// <summary>A time property (ISO 8601) read ignoring case; null when absent or not a time.</summary>
    public static DateTimeOffset? Time(JsonElement element, string name) =>
        Text(element, name) is { } text && DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at) ? at : null;

    /// <summary>A property read ignoring case; null when absent or <paramref name="element"/> is not an object.</summary>
    public static JsonElement? Property(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var p in element.EnumerateObject())
        {
            if (string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return p.Value;
            }
        }

        return null;
    }
}
