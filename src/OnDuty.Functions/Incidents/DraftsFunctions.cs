using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Team;
using OnDuty.Functions.Http;

namespace OnDuty.Functions.Incidents;

/// <summary>
/// Drafts for PR and customer support (<c>GET</c>/<c>PUT /api/incidents/{id}/drafts?lang=ja|en</c>, function key): generated
/// from the incident by templates in the repo until saved; reviewed text saved with If-Match. Never published or sent.
/// </summary>
public sealed class DraftsFunctions(IncidentDraftService drafts, ILogger<DraftsFunctions> logger)
{
    [Function("GetIncidentDrafts")]
    public Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Function, "get", Route = "incidents/{id}/drafts")] HttpRequest request, string id) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            var (draft, etag) = await drafts.GetAsync(id, Lang(request), ct);
            return HttpApi.Json(request, View(id, draft, etag is not null), etag: etag);
        });

    [Function("PutIncidentDrafts")]
    public Task<IActionResult> Put([HttpTrigger(AuthorizationLevel.Function, "put", Route = "incidents/{id}/drafts")] HttpRequest request, string id) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            var language = Lang(request);
            var body = await RequestBody.ReadJsonAsync<DraftRequest>(request, ct);
            var input = new IncidentDraft
            {
                Language = language,
                CustomerNotice = body.CustomerNotice ?? "",
                Workaround = body.Workaround ?? "",
                Faq = body.Faq ?? [],
                Status = body.Status ?? DraftStatus.Draft,
                ApprovedBy = body.ApprovedBy,
            };
            var by = string.IsNullOrWhiteSpace(body.By) ? body.ApprovedBy?.Trim() ?? "api" : body.By.Trim();
            var (saved, etag) = await drafts.SaveAsync(id, input, HttpApi.IfMatch(request), by.Length > 100 ? by[..100] : by, ct);
            return HttpApi.Json(request, View(id, saved, saved: true), etag: etag);
        });

    private static object View(string id, IncidentDraft d, bool saved) => new
    {
        incidentId = id,
        lang = d.Language == Language.Ja ? "ja" : "en",
        d.CustomerNotice,
        d.Workaround,
        faq = d.Faq.Select(q => new { question = q.Question, answer = q.Answer }),
        d.Status,
        saved,
        d.ApprovedBy,
        d.ApprovedAt,
        d.SavedBy,
        d.SavedAt,
        note = "Drafts for review by PR and customer support; OnDuty never publishes or sends them.",
    };

    private static Language Lang(HttpRequest request) => request.Query["lang"].ToString() switch
    {
        "ja" => Language.Ja,
        "en" => Language.En,
        _ => throw new ValidationException("lang", "is required: ja or en"),
    };
}
