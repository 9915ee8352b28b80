using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;

namespace OnDuty.Functions.Incidents;

/// <summary>
/// The one-click acknowledge link from a page. Anonymous, because an email link cannot carry a function key: the signed,
/// expiring token is the credential. GET only shows a confirmation page (mail scanners prefetch links, so GET must not
/// change anything); its button POSTs to the same URL, which acknowledges. Every value shown is HTML-encoded.
/// </summary>
public sealed class AckFunction(AckToken tokens, IncidentService incidents, ILogger<AckFunction> logger)
{
    [Function("AckLinkPage")]
    public Task<IActionResult> Show([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "ack/{token}")] HttpRequest request, string token) =>
        RunAsync(request, token, async (check, ct) =>
        {
            var details = await incidents.GetAsync(check.IncidentId!, ct);
            var i = details.Incident.Value;
            var state = i.IsAcknowledged
                ? $"<p>Already acknowledged by {E(i.AcknowledgedBy)} / {E(i.AcknowledgedBy)} さんが対応済みです。</p>"
                : "";
            return Page(StatusCodes.Status200OK, $"{i.Id} {i.Title}",
                $"<p>{E(IncidentMessages.SevLabel(i.Severity))} · {E(i.Status.ToString().ToLowerInvariant())}</p>{state}" +
                $"<form method=\"post\"><button type=\"submit\" style=\"font-size:1.3em\">Acknowledge as {E(check.MemberId)} / 対応します</button></form>");
        });

    [Function("AckLinkConfirm")]
    public Task<IActionResult> Confirm([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "ack/{token}")] HttpRequest request, string token) =>
        RunAsync(request, token, async (check, ct) =>
        {
            var saved = await incidents.AcknowledgeAsync(check.IncidentId!, check.MemberId!, null, ct);
            var i = saved.Value;
            return Page(StatusCodes.Status200OK, $"{i.Id} {i.Title}",
                $"<p>Acknowledged by {E(i.AcknowledgedBy)} at {E(i.AcknowledgedAt?.ToString("u"))}. / 対応者: {E(i.AcknowledgedBy)}</p>");
        });

    private async Task<IActionResult> RunAsync(HttpRequest request, string token, Func<AckTokenCheck, CancellationToken, Task<IActionResult>> action)
    {
        var check = tokens.Verify(token);
        switch (check.Status)
        {
            case AckTokenStatus.Invalid:
                logger.LogWarning("Refused an acknowledge link with an invalid token");
                return Page(StatusCodes.Status403Forbidden, "Invalid link / 無効なリンク", "<p>This acknowledge link is not valid. / このリンクは無効です。</p>");
            case AckTokenStatus.Expired:
                return Page(StatusCodes.Status410Gone, "Expired link / 期限切れ", $"<p>This acknowledge link for {E(check.IncidentId)} has expired. / このリンクは期限切れです。</p>");
        }

        using var scope = logger.BeginIncidentScope(check.IncidentId!);
        try
        {
            return await action(check, request.HttpContext.RequestAborted);
        }
        catch (NotFoundException)
        {
            return Page(StatusCodes.Status404NotFound, "Not found", $"<p>Incident {E(check.IncidentId)} does not exist.</p>");
        }
        catch (DependencyUnavailableException ex)
        {
            logger.LogWarning(ex, "Storage unavailable while acknowledging {IncidentId}", check.IncidentId);
            request.HttpContext.Response.Headers.RetryAfter = "10";
            return Page(StatusCodes.Status503ServiceUnavailable, "Try again", "<p>Storage is not reachable right now; nothing was changed. Please try again shortly.</p>");
        }
    }

    private static string E(string? value) => WebUtility.HtmlEncode(value ?? "");

    private static ContentResult Page(int status, string title, string bodyHtml) => new()
    {
        StatusCode = status,
        ContentType = "text/html; charset=utf-8",
        Content = "<!DOCTYPE html><html lang=\"ja\"><head><meta charset=\"utf-8\"><meta name=\"robots\" content=\"noindex\">" +
                  $"<title>{E(title)}</title></head><body style=\"font-family:sans-serif;max-width:40em;margin:2em auto\"><h1>{E(title)}</h1>{bodyHtml}</body></html>",
    };
}
