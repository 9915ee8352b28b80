using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using OnDuty.Core.Retros;
using OnDuty.Functions.Http;

namespace OnDuty.Functions.Retros;

/// <summary>The team's judgement criteria: list, add, change with If-Match; each version kept with the retro that changed it.</summary>
public sealed class CriteriaFunctions(CriteriaService criteria, ILogger<CriteriaFunctions> logger)
{
    [Function("ListCriteria")]
    public Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Function, "get", Route = "criteria")] HttpRequest request) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            var items = await criteria.ListAsync(ct);
            return HttpApi.Json(request, new { items = items.Select(c => RetroViews.Criterion(c.Value)) });
        });

    [Function("GetCriterion")]
    public Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Function, "get", Route = "criteria/{id}")] HttpRequest request, string id) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            var (current, history) = await criteria.GetAsync(id, ct);
            return HttpApi.Json(request, new { criterion = RetroViews.Criterion(current.Value), history = history.Select(RetroViews.Criterion) }, etag: current.ETag);
        });

    [Function("CreateCriterion")]
    public Task<IActionResult> Create([HttpTrigger(AuthorizationLevel.Function, "post", Route = "criteria")] HttpRequest request) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            var body = await RequestBody.ReadJsonAsync<CriterionRequest>(request, ct);
            var saved = await criteria.AddAsync(body.ToCriterion(null), ct);
            request.HttpContext.Response.Headers.Location = $"/api/criteria/{saved.Value.Id}";
            return HttpApi.Json(request, RetroViews.Criterion(saved.Value), StatusCodes.Status201Created, saved.ETag);
        });

    [Function("UpdateCriterion")]
    public Task<IActionResult> Update([HttpTrigger(AuthorizationLevel.Function, "put", Route = "criteria/{id}")] HttpRequest request, string id) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            var body = await RequestBody.ReadJsonAsync<CriterionRequest>(request, ct);
            var saved = await criteria.ChangeAsync(body.ToCriterion(id), HttpApi.IfMatch(request), ct);
            return HttpApi.Json(request, RetroViews.Criterion(saved.Value), etag: saved.ETag);
        });
}
