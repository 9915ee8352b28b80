using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using OnDuty.Core.Retros;
using OnDuty.Core.Team;
using OnDuty.Functions.Http;

namespace OnDuty.Functions.Retros;

/// <summary>
/// Retro notes of an incident: read (pre-filled before the first save), save as a new version, list versions — each member id
/// with their name beside it (<see cref="MemberNames"/>).
/// </summary>
public sealed class RetrosFunctions(RetroService retros, IRosterRepository roster, ILogger<RetrosFunctions> logger)
{
    [Function("GetRetro")]
    public Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Function, "get", Route = "incidents/{id}/retro")] HttpRequest request, string id) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            var state = await retros.GetAsync(id, ct);
            var saved = state.Saved?.Value;
            var names = await MemberNames.ReadAsync(roster, request, RetroViews.NamedIds(saved?.Version.SavedBy, saved?.Content, state.Prefill), ct);
            return HttpApi.Json(request, RetroViews.Retro(state, names), etag: state.Saved?.ETag);
        });

    /// <summary>Saves the whole retro as the next version: no If-Match (or <c>*</c>) for the first save, then the ETag read.</summary>
    [Function("SaveRetro")]
    public Task<IActionResult> Save([HttpTrigger(AuthorizationLevel.Function, "put", Route = "incidents/{id}/retro")] HttpRequest request, string id) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            var body = await RequestBody.ReadJsonAsync<RetroRequest>(request, ct, RetroRequest.MaxBytes);
            var saved = await retros.SaveAsync(id, body.ToContent(), By(body.By), HttpApi.IfMatch(request), ct, timelineOmitted: body.Timeline is null);
            var status = saved.Value.Version.Version == 1 ? StatusCodes.Status201Created : StatusCodes.Status200OK;
            var names = await MemberNames.ReadAfterWriteAsync(roster, request, RetroViews.NamedIds(saved.Value.Version.SavedBy, saved.Value.Content), logger, ct);
            return HttpApi.Json(request, RetroViews.Saved(saved.Value, names), status, saved.ETag);
        });

    [Function("ListRetroVersions")]
    public Task<IActionResult> Versions([HttpTrigger(AuthorizationLevel.Function, "get", Route = "incidents/{id}/retro/versions")] HttpRequest request, string id) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            var versions = await retros.ListVersionsAsync(id, ct);
            var names = await MemberNames.ReadAsync(roster, request, versions.Select(v => v.SavedBy), ct);
            return HttpApi.Json(request, new { incidentId = id, items = versions.Select(v => names.With(v, "savedBy")) });
        });

    [Function("GetRetroVersion")]
    public Task<IActionResult> Version([HttpTrigger(AuthorizationLevel.Function, "get", Route = "incidents/{id}/retro/versions/{version}")] HttpRequest request, string id, string version) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            if (!int.TryParse(version, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number))
            {
                throw new OnDuty.Core.Common.ValidationException("version", "must be a version number (1, 2, …)");
            }

            var (content, saved) = await retros.GetVersionAsync(id, number, ct);
            var names = await MemberNames.ReadAsync(roster, request, RetroViews.NamedIds(saved.SavedBy, content), ct);
            return HttpApi.Json(request, RetroViews.Version(id, content, saved, names));
        });

    internal static string By(string? by) => string.IsNullOrWhiteSpace(by) ? "api" : by.Trim();
}
