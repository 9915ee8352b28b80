using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using OnDuty.Core.Common;
using OnDuty.Core.Team;
using OnDuty.Functions.Http;
using OnDuty.Core.Rotations;

namespace OnDuty.Functions.Team;

/// <summary>The roster: members and their leave.</summary>
public sealed class MembersFunctions(RosterService roster, LeaveEntry leaveEntry, MemberRemoval removal, ILogger<MembersFunctions> logger,
    Microsoft.Extensions.Options.IOptions<TeamOptions> team, Microsoft.Extensions.Options.IOptions<OnDuty.Core.Incidents.IncidentOptions> incidents)
{
    [Function("ListMembers")]
    public Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Function, "get", Route = "members")] HttpRequest request) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            var members = await roster.ListMembersAsync(ct);
            return HttpApi.Json(request, new { items = members.Select(m => m.Value) });
        });

    [Function("GetMember")]
    public Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Function, "get", Route = "members/{id}")] HttpRequest request, string id) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            var member = await roster.GetMemberAsync(id, ct);
            return HttpApi.Json(request, member.Value, etag: member.ETag);
        });

    [Function("CreateMember")]
    public Task<IActionResult> Create([HttpTrigger(AuthorizationLevel.Function, "post", Route = "members")] HttpRequest request) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            var body = await RequestBody.ReadJsonAsync<MemberRequest>(request, ct);
            var member = body.ToMember(null, team.Value.PhoneCountry, incidents.Value.TimeZone);
            Versioned<Member> saved;
            try
            {
                saved = await roster.SaveMemberAsync(member, null, ct);
            }
            catch (ConcurrencyException)
            {
                // A lead running the roster loop again after fixing one line: say what changes an existing member.
                throw new ConcurrencyException($"Member '{member.Id}' is already on the roster: POST only adds; to change them, PUT /api/members/{member.Id} with If-Match (the ETag from GET, or *).");
            }

            request.HttpContext.Response.Headers.Location = $"/api/members/{saved.Value.Id}";
            return HttpApi.Json(request, saved.Value, StatusCodes.Status201Created, saved.ETag);
        });

    /// <summary>Creates the member; replacing an existing one needs <c>If-Match</c> with its ETag (or <c>*</c>), so concurrent edits are never lost.</summary>
    [Function("PutMember")]
    public Task<IActionResult> Put([HttpTrigger(AuthorizationLevel.Function, "put", Route = "members/{id}")] HttpRequest request, string id) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            var body = await RequestBody.ReadJsonAsync<MemberRequest>(request, ct);
            var ifMatch = HttpApi.IfMatch(request);
            var saved = await HttpApi.CreateOrReplaceAsync($"Member '{id}'", ifMatch, () => roster.SaveMemberAsync(body.ToMember(id, team.Value.PhoneCountry, incidents.Value.TimeZone), ifMatch, ct));
            return HttpApi.Json(request, saved.Value, ifMatch is null ? StatusCodes.Status201Created : StatusCodes.Status200OK, saved.ETag);
        });

    /// <summary>
    /// Takes the member off the roster (their leave and personal feeds go with them); <c>?erase=true</c> also replaces their
    /// name and addresses with their id everywhere OnDuty kept them and deletes the messages addressed to them. 409 while
    /// they are still in a rotation or on duty this week or in a week already announced: replace them first.
    /// </summary>
    [Function("DeleteMember")]
    public Task<IActionResult> Delete([HttpTrigger(AuthorizationLevel.Function, "delete", Route = "members/{id}")] HttpRequest request, string id) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            var erase = request.Query["erase"].ToString() switch
            {
                "" or "false" => false,
                "true" => true,
                _ => throw new ValidationException("erase", "must be true or false"),
            };
            var result = await removal.RemoveAsync(id, erase, ct);
            return HttpApi.Json(request, new
            {
                id = result.MemberId,
                erased = result.Erased,
                leaveDeleted = result.LeaveDeleted,
                feedsRevoked = result.FeedsRevoked,
                rowsScrubbed = result.Erasure?.RowsScrubbed,
                messagesDeleted = result.Erasure?.RowsDeleted,
                followsDeleted = result.Erased ? result.FollowsDeleted : (int?)null,
                commsLeadCleared = result.CommsLeadCleared,
            });
        });

    [Function("ListLeave")]
    public Task<IActionResult> ListLeave([HttpTrigger(AuthorizationLevel.Function, "get", Route = "members/{id}/leave")] HttpRequest request, string id) =>
        HttpApi.RunAsync(request, logger, async ct =>
            HttpApi.Json(request, new { items = await roster.ListLeaveAsync(id, ct) }));

    [Function("AddLeave")]
    public Task<IActionResult> AddLeave([HttpTrigger(AuthorizationLevel.Function, "post", Route = "members/{id}/leave")] HttpRequest request, string id) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            var body = await RequestBody.ReadJsonAsync<LeaveRequest>(request, ct);
            var (from, to) = body.Dates();
            var entered = await leaveEntry.AddAsync(id, from, to, body.Note, body.By, ct);

            // Said, never refused, for the days from today on: leave in an announced week leaves that week as it is (the member
            // is still paged), a week left with one person (trial 34 H3) or days with every lead away. Days already past are
            // recorded only, and the answer notes it.
            return HttpApi.Json(request, HttpApi.WithTexts(entered.Leave, ("warnings", entered.Warnings), ("notes", entered.Days.Notes)), StatusCodes.Status201Created);
        });

    [Function("DeleteLeave")]
    public Task<IActionResult> DeleteLeave([HttpTrigger(AuthorizationLevel.Function, "delete", Route = "members/{id}/leave/{leaveId}")] HttpRequest request, string id, string leaveId) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            await roster.DeleteLeaveAsync(id, leaveId, ct);
            return new NoContentResult();
        });
}
