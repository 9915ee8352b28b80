using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using OnDuty.Core.Alerts;
using OnDuty.Functions.Http;

namespace OnDuty.Functions.Incidents;

/// <summary>
/// Answers on <c>/api/alerts/pagerduty</c> in the Events API v2's own shape, so a tool written against PagerDuty reads them
/// as it reads PagerDuty's: <c>202 {"status":"success","message":"Event processed","dedup_key":…}</c>, and
/// <c>400 {"status":"invalid event","message":"Event object is invalid","errors":[…]}</c> (which it does not retry); a refused
/// secret or signature (401) and a body too large (413) in the same shape with their own status and message, and storage
/// trouble (503, with <c>Retry-After</c>) too: <c>{"status":"temporarily unavailable","message":"Table Storage is not reachable; …"}</c>;
/// a test event (<c>?test=true</c>) as <c>200 {"status":"success","message":"Test event, nothing stored and nobody paged: would be opened",…}</c>.
/// </summary>
internal static class PagerDutyReplies
{
    /// <param name="ignored">Why the event changed nothing (<see cref="Core.Incidents.IgnoredReasons.Detail"/>), said in <c>message</c> after PagerDuty's own words.</param>
    public static JsonResult Accepted(string dedupKey, object onDuty, string? ignored = null) =>
        new(new { status = "success", message = ignored is null ? "Event processed" : $"Event processed; ignored: {ignored}", dedup_key = dedupKey, onDuty }, ApiJson.Options)
        {
            StatusCode = StatusCodes.Status202Accepted,
        };

    /// <summary>
    /// A test event (<c>?test=true</c>): 200 in the same shape, the prediction in <c>message</c> after "Test event, nothing stored and
    /// nobody paged:", and OnDuty's test answer (<c>test</c>, <c>outcome</c>, <c>paged</c>…) under <c>onDuty</c> as a real event's.
    /// </summary>
    public static JsonResult Tested(string dedupKey, object onDuty, string prediction) =>
        new(new { status = "success", message = $"Test event, nothing stored and nobody paged: {prediction}", dedup_key = dedupKey, onDuty }, ApiJson.Options)
        {
            StatusCode = StatusCodes.Status200OK,
        };

    public static JsonResult Invalid(IEnumerable<AlertParseError> errors) =>
        Invalid(errors.Select(e => e.ToString()));

    public static JsonResult Refused(int status, string message, IEnumerable<string> errors) =>
        new(new { status = "invalid event", message, errors = errors.ToList() }, ApiJson.Options) { StatusCode = status };

    public static JsonResult Invalid(IEnumerable<string> errors) =>
        new(new { status = "invalid event", message = "Event object is invalid", errors = errors.ToList() }, ApiJson.Options) { StatusCode = StatusCodes.Status400BadRequest };

    public static JsonResult Unavailable(string status, string message) =>
        new(new { status, message }, ApiJson.Options) { StatusCode = StatusCodes.Status503ServiceUnavailable };
}
