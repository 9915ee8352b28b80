using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Team;
using OnDuty.Functions.Http;
using OnDuty.Messages;

namespace OnDuty.Functions.Incidents;

/// <summary>
/// Drafts for PR and customer support (<c>GET</c>/<c>PUT /api/incidents/{id}/drafts?lang=ja|en</c>, function key): generated
/// from the incident by templates in the repo until saved; reviewed text saved with If-Match. Never published or sent. Who
/// approved and who saved them with their names beside (<see cref="MemberNames"/>); a body read can be PUT back as it is.
/// </summary>
public sealed class DraftsFunctions(IncidentDraftService drafts, IRosterRepository roster, ILogger<DraftsFunctions> logger)
{
    [Function("GetIncidentDrafts")]
    public Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Function, "get", Route = "incidents/{id}/drafts")] HttpRequest request, string id) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            var read = await drafts.GetAsync(id, Lang(request), ct);
            var names = await MemberNames.ReadAsync(roster, request, [read.Draft.ApprovedBy, read.Draft.SavedBy], ct);
            return HttpApi.Json(request, View(id, read.Draft, read.ETag is not null, read.IncidentStatus, read.StaleBecause, read.Inputs, names, read.MergedInto), etag: read.ETag);
        });

    [Function("PutIncidentDrafts")]
    public Task<IActionResult> Put([HttpTrigger(AuthorizationLevel.Function, "put", Route = "incidents/{id}/drafts")] HttpRequest request, string id) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            var language = Lang(request);
            var body = await RequestBody.ReadJsonTakingBackAsync<DraftRequest>(request, ct);
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
            var (saved, etag) = await drafts.SaveAsync(id, input, HttpApi.IfMatch(request), by.Length > 100 ? by[..100] : by, ct, body.Inputs);
            // Read back as GET answers it: stale at once when the incident changed while the reviewer read it.
            var read = await drafts.GetAsync(id, language, ct);
            var names = await MemberNames.ReadAfterWriteAsync(roster, request, [saved.ApprovedBy, saved.SavedBy], logger, ct);
            return HttpApi.Json(request, View(id, saved, saved: true, saved.SavedInStatus!.Value, read.ETag == etag ? read.StaleBecause : [], read.Inputs, names, read.MergedInto), etag: etag);
        });

    /// <summary>
    /// The drafts as the API answers: <c>stale</c> when anything they are generated from changed since they were saved, and
    /// <c>staleBecause</c> what (<see cref="DraftInputs.Names"/>: <c>workaround</c>, <c>userImpact</c>, <c>status</c> …;
    /// <see cref="IncidentDraft.StaleBecause"/>; <c>savedInStatus</c> null for drafts saved before OnDuty recorded it); <c>inputs</c>
    /// the incident as read, to send back with the PUT; <c>note</c> in the drafts' language; <c>approvedByName</c> and
    /// <c>savedByName</c> the names beside a member id (<paramref name="names"/>; null for a name typed as the approver);
    /// <c>mergedInto</c> the incident a duplicate was merged into (its drafts say 【復旧】 while the outage goes on there: use that
    /// one's), null for any other (<see cref="IncidentDraftRead.MergedInto"/>).
    /// </summary>
    public static object View(string id, IncidentDraft d, bool saved, IncidentStatus incidentStatus, IReadOnlyList<string> staleBecause, string inputs, MemberNames names, string? mergedInto = null) => new
    {
        incidentId = id,
        lang = d.Language == Language.Ja ? "ja" : "en",
        d.CustomerNotice,
        d.Workaround,
        faq = d.Faq.Select(q => new { question = q.Question, answer = q.Answer }),
        d.Status,
        saved,
        d.ApprovedBy,
        approvedByName = names.Of(d.ApprovedBy),
        d.ApprovedAt,
        d.SavedBy,
        savedByName = names.Of(d.SavedBy),
        d.SavedAt,
        d.SavedInStatus,
        incidentStatus,
        mergedInto,
        stale = staleBecause.Count > 0,
        staleBecause,
        inputs,
        note = Phrases.For(d.Language)["Drafts.Note"],
    };

    private static Language Lang(HttpRequest request) => request.Query["lang"].ToString() switch
    {
        "ja" => Language.Ja,
        "en" => Language.En,
        _ => throw new ValidationException("lang", "is required: ja or en"),
    };
}
