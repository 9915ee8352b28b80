using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using OnDuty.Core.Common;
using OnDuty.Core.Retros;
using OnDuty.Core.Team;
using OnDuty.Functions.Http;

namespace OnDuty.Functions.Retros;

/// <summary>The lead's list of open action items across retros (trial 37 M4).</summary>
public sealed class ActionItemsFunctions(OpenActionItemList list, IRosterRepository roster, ILogger<ActionItemsFunctions> logger)
{
    /// <summary><c>GET /api/action-items?status=open</c>: overdue first, then by due date; <c>status</c> may be left out (open is the only one).</summary>
    [Function("ListActionItems")]
    public Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Function, "get", Route = "action-items")] HttpRequest request) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            var status = request.Query["status"].ToString();
            if (status is not ("" or "open"))
            {
                throw new ValidationException("status", "must be open (done items are listed on each retro)");
            }

            var items = await list.ListAsync(ct);
            var names = await MemberNames.ReadAsync(roster, request, items.Select(i => i.Item.Owner), ct);
            return HttpApi.Json(request, new { status = "open", items = items.Select(i => RetroViews.OpenActionItem(i, names)) });
        });
}
