using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using OnDuty.Core.Comms;
using OnDuty.Functions.Http;

namespace OnDuty.Functions.Comms;

/// <summary>
/// The final report (最終報) to the stakeholders after the retro: read its prefilled draft and whether it went, or send it once.
/// </summary>
public sealed class FinalReportFunctions(FinalReportService reports, ILogger<FinalReportFunctions> logger)
{
    /// <summary><c>GET /api/incidents/{id}/final-report</c>: the prefilled draft, its audiences and addresses, why it cannot go now, and what was sent.</summary>
    [Function("GetFinalReport")]
    public Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Function, "get", Route = "incidents/{id}/final-report")] HttpRequest request, string id) =>
        HttpApi.RunAsync(request, logger, async ct => HttpApi.Json(request, View(await reports.GetAsync(id, ct))));

    /// <summary>
    /// <c>POST /api/incidents/{id}/final-report</c>: sends the edited final report to the audiences told about the incident — 201 when this
    /// call sent it, 200 with what went when it was sent before (nothing is sent twice); 409 when the incident is open or merged, nobody
    /// was told, or the retro is not written.
    /// </summary>
    [Function("SendFinalReport")]
    public Task<IActionResult> Send([HttpTrigger(AuthorizationLevel.Function, "post", Route = "incidents/{id}/final-report")] HttpRequest request, string id) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            var body = await RequestBody.ReadJsonAsync<FinalReportRequest>(request, ct, FinalReportRequest.MaxBytes);
            var (draft, sentNow) = await reports.SendAsync(id, body.ToText(), body.By ?? "", ct);
            return HttpApi.Json(request, View(draft), sentNow ? StatusCodes.Status201Created : StatusCodes.Status200OK);
        });

    /// <summary>
    /// <c>POST /api/incidents/{id}/final-report/correction</c>: sends the corrected final report (【訂正】) to the audiences the final report went
    /// to — 201 when this call sent it, 200 when the text is what the readers last read (nothing sent); 409 when no final report was sent.
    /// </summary>
    [Function("CorrectFinalReport")]
    public Task<IActionResult> Correct([HttpTrigger(AuthorizationLevel.Function, "post", Route = "incidents/{id}/final-report/correction")] HttpRequest request, string id) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            var body = await RequestBody.ReadJsonAsync<FinalReportRequest>(request, ct, FinalReportRequest.MaxBytes);
            var (draft, sentNow) = await reports.CorrectAsync(id, body.ToText(), body.By ?? "", ct);
            return HttpApi.Json(request, View(draft), sentNow ? StatusCodes.Status201Created : StatusCodes.Status200OK);
        });

    private static object View(FinalReportDraft d) => new
    {
        incidentId = d.Incident.Id,
        status = d.Incident.Status,
        canSend = d.Refused is null && d.Sent is null,
        refused = d.Refused,
        audiences = d.Audiences,
        addresses = d.Addresses,
        draft = new
        {
            summary = d.Text.Summary,
            impact = d.Text.Impact,
            cause = d.Text.Cause,
            measures = d.Text.Measures.Select(m => new { title = m.Title, due = m.Due }),
        },
        sent = d.Sent is { } s ? new { at = s.At, by = s.By, audiences = s.Audiences, addresses = s.Addresses, corrections = s.Corrections, correctedAt = s.CorrectedAt } : null,
    };
}
