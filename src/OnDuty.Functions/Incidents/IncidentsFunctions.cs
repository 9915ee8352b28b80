using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Team;
using OnDuty.Functions.Http;

namespace OnDuty.Functions.Incidents;

/// <summary>The incident API for people: list, read, open, update, acknowledge, merge (and undo it), follow.</summary>
public sealed class IncidentsFunctions(
    IncidentService incidents, PagesUndeliveredReader undelivered, IncidentMerger merger, IncidentUnmerger unmerger, IncidentFollowing following, IncidentReaders readers, IRosterRepository roster, IOptions<IncidentOptions> options, ILogger<IncidentsFunctions> logger)
{
    /// <summary>
    /// <c>GET /api/incidents?status=open|resolved|all&amp;year=2026&amp;pageSize=200&amp;continuationToken=…</c> (default all of this
    /// year, newest first, a page at a time); <c>status=open</c> without a year lists every open incident at once.
    /// </summary>
    [Function("ListIncidents")]
    public Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Function, "get", Route = "incidents")] HttpRequest request) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            bool? open = request.Query["status"].ToString().ToLowerInvariant() switch
            {
                "" or "all" => null,
                "open" => true,
                "resolved" => false,
                _ => throw new ValidationException("status", "must be open, resolved or all"),
            };
            int? year = string.IsNullOrEmpty(request.Query["year"]) ? null : HttpApi.QueryInt(request, "year", 0, 2000, 2200);
            var pageSize = HttpApi.QueryInt(request, "pageSize", IncidentService.MaxListed, 1, IncidentService.MaxPageSize);
            var token = request.Query["continuationToken"].ToString();
            var page = await incidents.ListAsync(open, year, pageSize, token.Length == 0 ? null : token, ct);
            var names = await MemberNames.ReadAsync(roster, request, page.Items.SelectMany(IncidentViews.NamedIds), ct);
            return HttpApi.Json(request, new { items = page.Items.Select(i => IncidentViews.Summary(i, names)), continuationToken = page.ContinuationToken });
        });

    [Function("GetIncident")]
    public Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Function, "get", Route = "incidents/{id}")] HttpRequest request, string id) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            var pageSize = HttpApi.QueryInt(request, "pageSize", IncidentService.TimelinePageSize, 1, IncidentService.MaxPageSize);
            var token = request.Query["continuationToken"].ToString();
            var details = await incidents.GetAsync(id, ct, pageSize, token.Length == 0 ? null : token);
            var names = await MemberNames.ReadAsync(roster, request, IncidentViews.NamedIds(details), ct);
            return HttpApi.Json(request, IncidentViews.Details(details, names, await undelivered.OfAsync(details, ct)), etag: details.Incident.ETag);
        });

    /// <summary>Opens an incident by hand; with <c>Idempotency-Key</c> a repeat returns the first one's incident (200).</summary>
    [Function("CreateIncident")]
    public Task<IActionResult> Create([HttpTrigger(AuthorizationLevel.Function, "post", Route = "incidents")] HttpRequest request) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            var body = await RequestBody.ReadJsonAsync<CreateIncidentRequest>(request, ct);
            var (saved, created) = await incidents.CreateAsync(body.ToNewIncident(), HttpApi.By(body.By), IdempotencyKey(request), ct);
            request.HttpContext.Response.Headers.Location = $"/api/incidents/{saved.Value.Id}";
            return HttpApi.Json(request, await SummaryAsync(request, saved.Value, ct), created ? StatusCodes.Status201Created : StatusCodes.Status200OK, saved.ETag);
        });

    /// <summary>
    /// A status change and/or a note; <c>If-Match</c> optional (without it the update applies to the latest version). With
    /// <c>"notifyStakeholders": false</c> a quiet correction of details instead: nobody is told.
    /// </summary>
    [Function("PostIncidentUpdate")]
    public Task<IActionResult> Update([HttpTrigger(AuthorizationLevel.Function, "post", Route = "incidents/{id}/updates")] HttpRequest request, string id) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            var body = await RequestBody.ReadJsonAsync<IncidentUpdateRequest>(request, ct);
            var saved = body.NotifyStakeholders == false
                ? await incidents.CorrectAsync(id, body.Correction(options.Value.Zone), HttpApi.By(body.By), HttpApi.IfMatch(request), IdempotencyKey(request), ct)
                : await incidents.PostUpdateAsync(id, body.Status, body.Message, body.EditAlsoTelling(options.Value.Zone), HttpApi.By(body.By), HttpApi.IfMatch(request), IdempotencyKey(request), ct);
            return HttpApi.Json(request, await SummaryAsync(request, saved.Value, ct), etag: saved.ETag);
        });

    [Function("AcknowledgeIncident")]
    public Task<IActionResult> Ack([HttpTrigger(AuthorizationLevel.Function, "post", Route = "incidents/{id}/ack")] HttpRequest request, string id) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            var body = await RequestBody.ReadJsonAsync<AckRequest>(request, ct);
            var saved = await incidents.AcknowledgeAsMemberAsync(id, body.MemberId, IdempotencyKey(request), ct);
            if (IncidentService.RefusedAsResolved(saved.Value, body.MemberId!))
            {
                // Not acknowledged, nobody told: as POST /incidents/ack skips it with reason "resolved".
                var problem = HttpApi.Problem(request, StatusCodes.Status409Conflict, "Already resolved",
                    $"Incident {saved.Value.Id} is resolved (since {saved.Value.ResolvedAt:O}); it was not acknowledged and nobody was told.");
                ((ProblemDetails)problem.Value!).Extensions["reason"] = "resolved";
                ((ProblemDetails)problem.Value!).Extensions["incidentId"] = saved.Value.Id;
                ((ProblemDetails)problem.Value!).Extensions["resolvedAt"] = saved.Value.ResolvedAt;
                return problem;
            }

            return HttpApi.Json(request, await SummaryAsync(request, saved.Value, ct), etag: saved.ETag);
        });

    /// <summary>
    /// <c>POST /api/incidents/{id}/takeover</c> <c>{"by":"ito"}</c> (a member id or address): the member takes the open incident over
    /// from whoever holds it (one nobody acknowledged: acknowledges it). 200 with the incident; 400 naming <c>by</c> for someone not
    /// on the roster; 409 for a resolved or merged incident. With <c>"assignedBy":"yamada"</c> a lead hands it to the member, who is
    /// told by mail (trial 61: reassigned through the API, the new holder never heard of it).
    /// </summary>
    [Function("TakeOverIncident")]
    public Task<IActionResult> TakeOver([HttpTrigger(AuthorizationLevel.Function, "post", Route = "incidents/{id}/takeover")] HttpRequest request, string id) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            var body = await RequestBody.ReadJsonAsync<TakeOverRequest>(request, ct);
            var saved = await incidents.TakeOverAsync(id, body.By, null, ct, body.AssignedBy);
            return HttpApi.Json(request, await SummaryAsync(request, saved.Value, ct), etag: saved.ETag);
        });

    /// <summary>
    /// <c>POST /api/incidents/{id}/snooze</c> <c>{"by":"sato","minutes":60}</c>: the acknowledgement expires in that many minutes and
    /// pages the holder again (「まだ対応中ですか？」); the update reminders by mail wait until then. 200 with the incident; 400 naming
    /// <c>minutes</c> (5–1440) or <c>by</c> (not on the roster); 409 for one resolved, merged, or not acknowledged by a person.
    /// </summary>
    [Function("SnoozeIncident")]
    public Task<IActionResult> Snooze([HttpTrigger(AuthorizationLevel.Function, "post", Route = "incidents/{id}/snooze")] HttpRequest request, string id) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            var body = await RequestBody.ReadJsonAsync<SnoozeRequest>(request, ct);
            var saved = await incidents.SnoozeAsync(id, body.By, body.Minutes, ct);
            return HttpApi.Json(request, await SummaryAsync(request, saved.Value, ct), etag: saved.ETag);
        });

    /// <summary>
    /// <c>POST /api/incidents/{id}/help</c> <c>{"by":"sato","message":"…","ask":"suzuki"}</c>: calls for help as the incident page's form
    /// does — the whole PM organisation, or with <c>ask</c> one roster member by name (trial 61: a lead from PagerDuty looked for "add
    /// responders" in the API and found none). 200 with the incident; 400 naming <c>ask</c> when it is not an active member with an
    /// address (nothing recorded, nobody told); repeating it with the same <c>Idempotency-Key</c> sends nothing twice.
    /// </summary>
    [Function("CallIncidentHelp")]
    public Task<IActionResult> Help([HttpTrigger(AuthorizationLevel.Function, "post", Route = "incidents/{id}/help")] HttpRequest request, string id) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            var body = await RequestBody.ReadJsonAsync<HelpRequest>(request, ct);
            var saved = await incidents.CallForHelpAsync(id, HttpApi.By(body.By), body.Message, IdempotencyKey(request), ct, string.IsNullOrWhiteSpace(body.Ask) ? null : body.Ask.Trim());
            return HttpApi.Json(request, await SummaryAsync(request, saved.Value, ct), etag: saved.ETag);
        });

    /// <summary>
    /// <c>POST /api/incidents/{id}/confidential</c> <c>{"confidential":true,"by":"sato","reason":"…"}</c>: marks the incident confidential (false lifts
    /// it), with a timeline row naming <c>by</c>; <c>reason</c> (optional) is said in the security officer's mail. 200 with the incident; 400 naming <c>confidential</c> when it is left out.
    /// </summary>
    [Function("MarkIncidentConfidential")]
    public Task<IActionResult> Confidential([HttpTrigger(AuthorizationLevel.Function, "post", Route = "incidents/{id}/confidential")] HttpRequest request, string id) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            var body = await RequestBody.ReadJsonAsync<ConfidentialRequest>(request, ct);
            new ValidationErrors().When(body.Confidential is null, "confidential", "is required (true or false)")
                .When(body.Reason is { Length: > IncidentService.ConfidentialReasonMaxLength }, "reason", $"must be at most {IncidentService.ConfidentialReasonMaxLength} characters").ThrowIfAny();
            var saved = await incidents.MarkConfidentialAsync(id, body.Confidential!.Value, HttpApi.By(body.By), ct, body.Reason);
            return HttpApi.Json(request, await SummaryAsync(request, saved.Value, ct), etag: saved.ETag);
        });

    /// <summary>
    /// <c>POST /api/incidents/ack</c> <c>{"memberId":"ito","ids":["INC-…",…]}</c> (ids left out: every open incident nobody
    /// has acknowledged): acknowledges them together, one notice to the others. 200 <c>{"acknowledged":[…],"skipped":[{"id","reason"}]}</c>.
    /// </summary>
    [Function("AcknowledgeIncidents")]
    public Task<IActionResult> AckMany([HttpTrigger(AuthorizationLevel.Function, "post", Route = "incidents/ack")] HttpRequest request) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            var body = await RequestBody.ReadJsonAsync<AckManyRequest>(request, ct);
            var member = await incidents.CheckMemberAsync(body.MemberId, ct);
            var done = await incidents.AcknowledgeManyAsync(body.Ids, member, ct);
            return HttpApi.Json(request, new { acknowledged = done.Acknowledged, skipped = done.Skipped.Select(s => new { id = s.Id, reason = s.Reason }) });
        });

    /// <summary>
    /// <c>POST /api/incidents/{id}/merge</c> <c>{"into":"INC-…","by":"…"}</c>: merges the duplicate <c>{id}</c> into <c>into</c> (its alert
    /// groups and alerts move there; it resolves as merged). 200 with the incident merged into; repeating it changes nothing more.
    /// 409 when either is resolved or the one merged into holds as many alert groups as it can, and when the merge would raise the
    /// severity of the one merged into unless <c>confirmSeverity</c> is true (it takes the more urgent severity) or <c>keepSeverity</c> is
    /// true (it keeps its own, as the person merging judged; trial 39 M2). 400 when both are.
    /// </summary>
    [Function("MergeIncident")]
    public Task<IActionResult> Merge([HttpTrigger(AuthorizationLevel.Function, "post", Route = "incidents/{id}/merge")] HttpRequest request, string id) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            var body = await RequestBody.ReadJsonAsync<MergeRequest>(request, ct);
            new ValidationErrors()
                .When(body.ConfirmSeverity == true && body.KeepSeverity == true, "keepSeverity", "cannot be true with confirmSeverity: send one, to raise the severity or to keep it")
                .ThrowIfAny();
            var saved = await merger.MergeAsync(id, body.Into, HttpApi.By(body.By), ct, confirmSeverity: body.ConfirmSeverity == true, keepSeverity: body.KeepSeverity == true);
            request.HttpContext.Response.Headers.Location = $"/api/incidents/{saved.Value.Id}";
            return HttpApi.Json(request, await SummaryAsync(request, saved.Value, ct), etag: saved.ETag);
        });

    /// <summary>
    /// <c>POST /api/incidents/{id}/merge-many</c> <c>{"ids":["INC-…","INC-…"],"by":"…"}</c>: merges the duplicates <c>ids</c> into <c>{id}</c>
    /// (note: <c>{id}</c> is the one kept, where <c>…/merge</c>'s is the duplicate), each as <c>…/merge</c> merges one; one refused leaves
    /// the others merged. 200 <c>{"into","merged":[…],"skipped":[{"id","reason","mergedInto"}]}</c>; repeating it changes nothing more.
    /// A merge that would raise <c>{id}</c>'s severity is skipped (<c>severity</c>) unless <c>confirmSeverity</c> or <c>keepSeverity</c> is
    /// true. 400 no <c>ids</c>, more than 50, or both flags; 404 unknown <c>{id}</c>.
    /// </summary>
    [Function("MergeIncidents")]
    public Task<IActionResult> MergeMany([HttpTrigger(AuthorizationLevel.Function, "post", Route = "incidents/{id}/merge-many")] HttpRequest request, string id) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            var body = await RequestBody.ReadJsonAsync<MergeManyRequest>(request, ct);
            new ValidationErrors()
                .When(body.ConfirmSeverity == true && body.KeepSeverity == true, "keepSeverity", "cannot be true with confirmSeverity: send one, to raise the severity or to keep it")
                .ThrowIfAny();
            var done = await merger.MergeManyAsync(id, body.Ids, HttpApi.By(body.By), ct, confirmSeverity: body.ConfirmSeverity == true, keepSeverity: body.KeepSeverity == true);
            return HttpApi.Json(request, new { into = done.Into, merged = done.Merged, skipped = done.Skipped.Select(s => new { id = s.Id, reason = s.Reason, mergedInto = s.MergedInto }) });
        });

    /// <summary>
    /// <c>POST /api/incidents/{id}/unmerge</c> <c>{"by":"…"}</c>: undoes the merge of <c>{id}</c> (a duplicate merged by mistake) into the
    /// incident it was merged into (<see cref="IncidentUnmerger.UnmergeAsync"/>): it is its own incident again, its alert groups and alerts
    /// come back, the other forgets it. 200 with <c>{id}</c> as <c>GET /api/incidents/{id}</c> answers it; repeating it changes nothing
    /// more. 404 unknown <c>{id}</c>; 409 when it was not merged, or the incident it was merged into was merged into a third one since
    /// (the problem says which merge to undo first).
    /// </summary>
    [Function("UnmergeIncident")]
    public Task<IActionResult> Unmerge([HttpTrigger(AuthorizationLevel.Function, "post", Route = "incidents/{id}/unmerge")] HttpRequest request, string id) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            var body = await RequestBody.ReadJsonAsync<UnmergeRequest>(request, ct);
            var saved = await unmerger.UnmergeAsync(id, HttpApi.By(body.By), ct);
            var details = await incidents.GetAsync(saved.Value.Id, ct, IncidentService.TimelinePageSize, null);
            var names = await MemberNames.ReadAfterWriteAsync(roster, request, IncidentViews.NamedIds(details), logger, ct);
            request.HttpContext.Response.Headers.Location = $"/api/incidents/{saved.Value.Id}";
            return HttpApi.Json(request, IncidentViews.Details(details, names, await undelivered.OfAsync(details, ct)), etag: details.Incident.ETag);
        });

    /// <summary><c>GET /api/incidents/{id}/followers</c>: who gets its stakeholder notices besides the audiences — active roster members only.</summary>
    [Function("ListIncidentFollowers")]
    public Task<IActionResult> Followers([HttpTrigger(AuthorizationLevel.Function, "get", Route = "incidents/{id}/followers")] HttpRequest request, string id) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            _ = await incidents.GetRecordAsync(id, ct);
            return HttpApi.Json(request, new { followers = FollowerViews(await following.ListAsync(id, ct)) });
        });

    /// <summary>
    /// <c>POST /api/incidents/{id}/followers</c> <c>{"memberId":"sato"}</c>: the member follows the incident — its status updates and
    /// recovery come to them as the stakeholders' mail. 201 when they were not following, 200 when they were (nothing changes).
    /// </summary>
    [Function("FollowIncident")]
    public Task<IActionResult> Follow([HttpTrigger(AuthorizationLevel.Function, "post", Route = "incidents/{id}/followers")] HttpRequest request, string id) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            var body = await RequestBody.ReadJsonAsync<FollowRequest>(request, ct);
            var added = await following.FollowAsync(id, body.MemberId, ct);
            return HttpApi.Json(request, new { followers = FollowerViews(await following.ListAsync(id, ct)) }, added ? StatusCodes.Status201Created : StatusCodes.Status200OK);
        });

    /// <summary>
    /// <c>POST /api/incidents/{id}/comms-lead</c> <c>{"member":"yamada","by":"sato"}</c>: the member (id or address: active, with an
    /// address) becomes the open incident's communications lead (連絡担当): the requests for updates go to them, ■お問い合わせ先 names them
    /// first, and, made it by someone else, they are told once by mail. 200 with the incident (<c>commsLead {id,name}</c>); 400 naming
    /// <c>member</c>; 404; 409 for a resolved or merged incident. Nothing is written on a refusal.
    /// </summary>
    [Function("SetIncidentCommsLead")]
    public Task<IActionResult> SetCommsLead([HttpTrigger(AuthorizationLevel.Function, "post", Route = "incidents/{id}/comms-lead")] HttpRequest request, string id) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            var body = await RequestBody.ReadJsonAsync<CommsLeadRequest>(request, ct);
            var saved = await incidents.SetCommsLeadAsync(id, body.Member, body.By is null ? null : HttpApi.By(body.By), ct);
            return HttpApi.Json(request, await SummaryAsync(request, saved.Value, ct), etag: saved.ETag);
        });

    /// <summary>
    /// <c>DELETE /api/incidents/{id}/comms-lead</c> (optional body <c>{"by":"sato"}</c>): no communications lead any more; the requests for
    /// updates go back to the pair and the holder. 200 with the incident, also when it had none; 404; 409 for a resolved or merged incident.
    /// </summary>
    [Function("ClearIncidentCommsLead")]
    public Task<IActionResult> ClearCommsLead([HttpTrigger(AuthorizationLevel.Function, "delete", Route = "incidents/{id}/comms-lead")] HttpRequest request, string id) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            var body = request.ContentLength is null or 0 && !request.Headers.ContentType.Any() ? new CommsLeadRequest(null, null) : await RequestBody.ReadJsonAsync<CommsLeadRequest>(request, ct);
            var saved = await incidents.ClearCommsLeadAsync(id, body.By is null ? null : HttpApi.By(body.By), ct);
            return HttpApi.Json(request, await SummaryAsync(request, saved.Value, ct), etag: saved.ETag);
        });

    /// <summary><c>DELETE /api/incidents/{id}/followers/{memberId}</c>: stops following; 204, also when they were not following.</summary>
    [Function("UnfollowIncident")]
    public Task<IActionResult> Unfollow([HttpTrigger(AuthorizationLevel.Function, "delete", Route = "incidents/{id}/followers/{memberId}")] HttpRequest request, string id, string memberId) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            await following.UnfollowAsync(id, memberId, ct);
            return new NoContentResult();
        });

    /// <summary>
    /// <c>GET /api/incidents/{id}/readers</c>: the people added on it who may read it while it is confidential
    /// (<c>{"readers":[{"address","kind":"added","addedAt","addedBy"}],"reached":[{"address","kind":"paged"|"asked","at"}]}</c>), besides
    /// active members, the leads and <c>Incidents__ConfidentialReaders</c>; <c>reached</c>: those its pages, escalation steps and calls
    /// for help reached (not added too), who may read it too and cannot be taken off.
    /// </summary>
    [Function("ListIncidentReaders")]
    public Task<IActionResult> Readers([HttpTrigger(AuthorizationLevel.Function, "get", Route = "incidents/{id}/readers")] HttpRequest request, string id) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            _ = await incidents.GetRecordAsync(id, ct);
            var onIt = await readers.ListWithReachedAsync(id, ct);
            return HttpApi.Json(request, new
            {
                readers = ReaderViews(onIt.Added),
                reached = onIt.ReachedOnly.Select(r => new { address = r.Address, kind = r.Kind, at = r.At }),
            });
        });

    /// <summary>
    /// <c>POST /api/incidents/{id}/readers</c> <c>{"address":"yamada@partner.example","by":"sato"}</c>: that address may read the
    /// confidential incident's pages; a timeline row names who added them. 201 when added, 200 when they were already (nothing changes);
    /// 400 naming <c>address</c> for anything not a mail address.
    /// </summary>
    [Function("AddIncidentReader")]
    public Task<IActionResult> AddReader([HttpTrigger(AuthorizationLevel.Function, "post", Route = "incidents/{id}/readers")] HttpRequest request, string id) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            var body = await RequestBody.ReadJsonAsync<ReaderRequest>(request, ct);
            var added = await readers.AddAsync(id, body.Address, HttpApi.By(body.By), ct);
            return HttpApi.Json(request, new { readers = ReaderViews(await readers.ListAsync(id, ct)) }, added ? StatusCodes.Status201Created : StatusCodes.Status200OK);
        });

    /// <summary>
    /// <c>DELETE /api/incidents/{id}/readers</c> <c>{"address":"yamada@partner.example","by":"sato"}</c>: takes the address off (a
    /// timeline row when it was on); 204, also when it was not.
    /// </summary>
    [Function("RemoveIncidentReader")]
    public Task<IActionResult> RemoveReader([HttpTrigger(AuthorizationLevel.Function, "delete", Route = "incidents/{id}/readers")] HttpRequest request, string id) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            var body = await RequestBody.ReadJsonAsync<ReaderRequest>(request, ct);
            await readers.RemoveAsync(id, body.Address, HttpApi.By(body.By), ct);
            return new NoContentResult();
        });

    private static IEnumerable<object> ReaderViews(IReadOnlyList<IncidentReader> list) =>
        list.Select(r => new { address = r.Address, kind = "added", addedAt = r.AddedAt, addedBy = r.AddedBy });

    /// <summary>The incident just saved, as its summary with the name beside whoever acknowledged it (<see cref="MemberNames.ReadAfterWriteAsync"/>).</summary>
    private async Task<object> SummaryAsync(HttpRequest request, Incident incident, CancellationToken ct) =>
        IncidentViews.Summary(incident, await MemberNames.ReadAfterWriteAsync(roster, request, IncidentViews.NamedIds(incident), logger, ct));

    private static IEnumerable<object> FollowerViews(IReadOnlyList<OnDuty.Core.Team.Member> members) =>
        members.Select(m => new { memberId = m.Id, displayName = m.DisplayName });

    private static string? IdempotencyKey(HttpRequest request)
    {
        var value = request.Headers["Idempotency-Key"].ToString();
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }
}
