using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using OnDuty.Core.Retros;
using OnDuty.Core.Team;
using OnDuty.Functions.Http;

namespace OnDuty.Functions.Retros;

/// <summary>
/// The team's judgement criteria: list, add, change with If-Match; each version kept with the retro that changed it, and who
/// saved it by id with their name beside it (<c>updatedByName</c>, <see cref="MemberNames"/>).
/// </summary>
public sealed class CriteriaFunctions(CriteriaService criteria, IRosterRepository roster, ILogger<CriteriaFunctions> logger)
{
    [Function("ListCriteria")]
    public Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Function, "get", Route = "criteria")] HttpRequest request) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            var items = await criteria.ListAsync(ct);
            var names = await MemberNames.ReadAsync(roster, request, items.Select(c => c.Value.UpdatedBy), ct);
            return HttpApi.Json(request, new { items = items.Select(c => RetroViews.Criterion(c.Value, names)) });
        });

    [Function("GetCriterion")]
    public Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Function, "get", Route = "criteria/{id}")] HttpRequest request, string id) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            var (current, history) = await criteria.GetAsync(id, ct);
            var names = await MemberNames.ReadAsync(roster, request, [current.Value.UpdatedBy, .. history.Select(c => c.UpdatedBy)], ct);
            return HttpApi.Json(request, new { criterion = RetroViews.Criterion(current.Value, names), history = history.Select(c => RetroViews.Criterion(c, names)) }, etag: current.ETag);
        });

    [Function("CreateCriterion")]
    public Task<IActionResult> Create([HttpTrigger(AuthorizationLevel.Function, "post", Route = "criteria")] HttpRequest request) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            var body = await RequestBody.ReadJsonAsync<CriterionRequest>(request, ct);
            var saved = await criteria.AddAsync(body.ToCriterion(null), ct);
            request.HttpContext.Response.Headers.Location = $"/api/criteria/{saved.Value.Id}";
            var names = await MemberNames.ReadAfterWriteAsync(roster, request, [saved.Value.UpdatedBy], logger, ct);
            return HttpApi.Json(request, RetroViews.Criterion(saved.Value, names), StatusCodes.Status201Created, saved.ETag);
        });

    [Function("UpdateCriterion")]
    public Task<IActionResult> Update([HttpTrigger(AuthorizationLevel.Function, "put", Route = "criteria/{id}")] HttpRequest request, string id) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            var body = await RequestBody.ReadJsonAsync<CriterionRequest>(request, ct);
            var saved = await criteria.ChangeAsync(body.ToCriterion(id), HttpApi.IfMatch(request), ct);
            var names = await MemberNames.ReadAfterWriteAsync(roster, request, [saved.Value.UpdatedBy], logger, ct);
            return HttpApi.Json(request, RetroViews.Criterion(saved.Value, names), etag: saved.ETag);
        });
}
