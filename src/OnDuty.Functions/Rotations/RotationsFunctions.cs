using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnDuty.Core.Common;
using OnDuty.Core.Messages;
using OnDuty.Core.Rotations;
using OnDuty.Functions.Http;

namespace OnDuty.Functions.Rotations;

/// <summary>Rotations: settings, the computed schedule, who is on call now, overrides and swaps.</summary>
public sealed class RotationsFunctions(
    RotationService rotations, ReaderLanguage languages, ILogger<RotationsFunctions> logger, IOptions<OnDuty.Core.Incidents.IncidentOptions> incidentOptions,
    OnDuty.Core.Calendar.IFeedTokenRepository feeds, OnDuty.Core.Team.IRosterRepository roster)
{
    [Function("ListRotations")]
    public Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Function, "get", Route = "rotations")] HttpRequest request) =>
        HttpApi.RunAsync(request, logger, async ct =>
            HttpApi.Json(request, new { items = (await rotations.ListAsync(ct)).Select(r => WithPaging(r.Value)) }));

    /// <summary>
    /// A rotation as the API shows it, with whether it pages for incidents (<c>pagesIncidents</c>): only <c>Incidents__RotationId</c>
    /// does; any other is announced, reminded and in calendars but never paged, and says so in <c>pagingNote</c> (ja and en), so a
    /// lead who made a second rotation is not left believing it pages (trial 30 M5).
    /// </summary>
    private JsonObject WithPaging(Rotation rotation) => View(rotation, incidentOptions.Value.RotationId);

    /// <summary>A rotation as GET answers it, <paramref name="paging"/> being the rotation that pages (<see cref="WithPaging"/>).</summary>
    public static JsonObject View(Rotation rotation, string paging)
    {
        var node = JsonSerializer.SerializeToNode(rotation, ApiJson.Options)!.AsObject();
        var pages = string.Equals(rotation.Id, paging, StringComparison.Ordinal);
        node["pagesIncidents"] = pages;
        if (!pages)
        {
            node["pagingNote"] = new JsonObject
            {
                ["ja"] = OnDuty.Messages.Phrases.For(OnDuty.Core.Team.Language.Ja).Format("Rotation.PagingNote", paging),
                ["en"] = OnDuty.Messages.Phrases.For(OnDuty.Core.Team.Language.En).Format("Rotation.PagingNote", paging),
            };
        }

        return node;
    }

    [Function("GetRotation")]
    public Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Function, "get", Route = "rotations/{id}")] HttpRequest request, string id) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            var rotation = await rotations.GetAsync(id, ct);
            return HttpApi.Json(request, WithPaging(rotation.Value), etag: rotation.ETag);
        });

    /// <summary>Creates the rotation; replacing one needs <c>If-Match</c>. Invalid settings are refused whole.</summary>
    [Function("PutRotation")]
    public Task<IActionResult> Put([HttpTrigger(AuthorizationLevel.Function, "put", Route = "rotations/{id}")] HttpRequest request, string id) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            var body = await RequestBody.ReadJsonTakingBackAsync<RotationRequest>(request, ct);
            var ifMatch = HttpApi.IfMatch(request);
            RotationSaved saved;
            try
            {
                saved = await HttpApi.CreateOrReplaceAsync($"Rotation '{id}'", ifMatch, () => rotations.SaveAsync(body.ToRotation(id, incidentOptions.Value.TimeZone), ifMatch, body.EffectiveFrom, body.By, ct));
            }
            catch (NotFoundException) when (ifMatch is not null)
            {
                // RFC 9110 §13.1.1: If-Match (even *) on something that does not exist fails the precondition; nothing is created.
                return HttpApi.Problem(request, StatusCodes.Status412PreconditionFailed, "Precondition failed",
                    $"Rotation '{id}' does not exist, so If-Match ({ifMatch}) cannot match: to create it, PUT without If-Match.");
            }

            var answer = WithPaging(saved.Value);
            if (saved.HeldOver is { } held)
            {
                // The start was moved later past the running or an announced shift: it keeps its pair until it ends, and nobody
                // may be on duty from then to the new first shift (pages go to the leads). Said in words, as the mail says it.
                answer["heldOver"] = new JsonObject
                {
                    ["weeks"] = new JsonArray([.. held.Weeks.Select(w => (JsonNode?)JsonValue.Create(w))]),
                    ["until"] = held.Until,
                    ["firstShiftStartsAt"] = held.FirstStartsAt,
                    ["nobodyOnDutyUntilFirstShift"] = held.Gap,
                    ["ja"] = string.Join("", OnDuty.Messages.NoticeRenderer.HeldOverLines(saved.Value, held, OnDuty.Core.Team.Language.Ja)),
                    ["en"] = string.Join(" ", OnDuty.Messages.NoticeRenderer.HeldOverLines(saved.Value, held, OnDuty.Core.Team.Language.En)),
                };
            }

            return HttpApi.Json(request, answer, ifMatch is null ? StatusCodes.Status201Created : StatusCodes.Status200OK, saved.ETag);
        });

    /// <summary>
    /// Deletes a rotation made by mistake (trial 32b M6): 204, with its overrides, frozen shifts and feed secrets, so it is no longer
    /// announced, reminded or in any calendar. 409 for the paging rotation (<c>Incidents__RotationId</c>), and while a shift of it
    /// that was announced has not ended, saying until when, unless <c>?force=true</c>; 404 when there is none.
    /// </summary>
    [Function("DeleteRotation")]
    public Task<IActionResult> Delete([HttpTrigger(AuthorizationLevel.Function, "delete", Route = "rotations/{id}")] HttpRequest request, string id) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            if (string.Equals(id, incidentOptions.Value.RotationId, StringComparison.Ordinal))
            {
                throw new ConflictException("id", $"Rotation '{id}' pages for incidents (Incidents__RotationId): point Incidents__RotationId at another rotation first.");
            }

            var force = string.Equals(request.Query["force"], "true", StringComparison.OrdinalIgnoreCase);
            await rotations.GetAsync(id, ct); // 404 before anything is touched
            var owner = new OnDuty.Core.Calendar.FeedOwner(OnDuty.Core.Calendar.FeedKind.Rotation, id);
            await rotations.DeleteAsync(id, force, async () =>
            {
                // Its feed URLs stop working first; the rotation goes last, so a failure half-way can be repeated.
                foreach (var feed in await feeds.ListAsync(owner, ct))
                {
                    await feeds.DeleteAsync(owner, feed.Id, ct);
                }
            }, ct);
            logger.LogInformation("Deleted rotation {RotationId}{Force}", id, force ? " (force)" : "");
            return new NoContentResult();
        });

    /// <summary>
    /// <c>?from=2026-12-01&amp;weeks=8&amp;lang=ja|en</c>: the shifts from the one containing <c>from</c> (default now), with the
    /// reason for each member as data and as text (in <c>lang</c> or Accept-Language, else each member's own language).
    /// </summary>
    [Function("GetSchedule")]
    public Task<IActionResult> Schedule([HttpTrigger(AuthorizationLevel.Function, "get", Route = "rotations/{id}/schedule")] HttpRequest request, string id) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            var from = QueryDate(request, "from");
            var weeks = HttpApi.QueryInt(request, "weeks", 8, 1, RotationService.MaxScheduleWeeks);
            var schedule = await rotations.GetScheduleAsync(id, from, weeks, ct);
            // A past week may name someone taken off the roster since: by the name they had (read only then), beside their id.
            var former = schedule.Shifts.SelectMany(s => s.MemberIds).Any(m => !schedule.Roster.ContainsKey(m)) ? await roster.ListFormerMembersAsync(ct) : [];
            return HttpApi.Json(request, ScheduleViews.Schedule(schedule, schedule.Roster, Readers(request), former));
        });

    [Function("GetOnCall")]
    public Task<IActionResult> OnCall([HttpTrigger(AuthorizationLevel.Function, "get", Route = "rotations/{id}/oncall")] HttpRequest request, string id) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            var onCall = await rotations.GetOnCallAsync(id, ct);
            return HttpApi.Json(request, ScheduleViews.OnCall(onCall, onCall.Roster, Readers(request)));
        });

    /// <summary>
    /// <c>?week=2026-W49&amp;memberId=sato&amp;lang=ja|en</c>: who could take over in a shift (default the one on now), best first —
    /// not away, not on duty the week before or after, fewest duty weeks around it — each with its counts and short hints (trial 32b M4).
    /// </summary>
    [Function("ListReplacements")]
    public Task<IActionResult> Replacements([HttpTrigger(AuthorizationLevel.Function, "get", Route = "rotations/{id}/replacements")] HttpRequest request, string id) =>
        HttpApi.RunAsync(request, logger, id, async ct =>
        {
            var list = await rotations.ReplacementsAsync(id, request.Query["week"].ToString(), request.Query["memberId"].ToString(), ct);
            return HttpApi.Json(request, ScheduleViews.Replacements(list, Readers(request)));
        });

    /// <summary><c>?count=1..10&amp;lang=ja|en</c>: a member's next duty shifts in the rotation, with their partners (trial 32b M4).</summary>
    [Function("GetMemberNextDuty")]
    public Task<IActionResult> NextDuty([HttpTrigger(AuthorizationLevel.Function, "get", Route = "rotations/{id}/members/{memberId}/next")] HttpRequest request, string id, string memberId) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            var count = HttpApi.QueryInt(request, "count", 1, 1, 10);
            var duties = await rotations.NextDutiesAsync(id, memberId, count, ct);
            return HttpApi.Json(request, ScheduleViews.NextDuties(duties, Readers(request)));
        });

    [Function("ListOverrides")]
    public Task<IActionResult> ListOverrides([HttpTrigger(AuthorizationLevel.Function, "get", Route = "rotations/{id}/overrides")] HttpRequest request, string id) =>
        HttpApi.RunAsync(request, logger, async ct =>
            HttpApi.Json(request, new { items = await rotations.ListOverridesAsync(id, ct) }));

    [Function("AddOverride")]
    public Task<IActionResult> AddOverride([HttpTrigger(AuthorizationLevel.Function, "post", Route = "rotations/{id}/overrides")] HttpRequest request, string id) =>
        HttpApi.RunAsync(request, logger, id, async ct =>
        {
            var body = await RequestBody.ReadJsonAsync<OverrideRequest>(request, ct);
            body.Validate();
            var result = await rotations.AddOverrideAsync(id, body.Week, body.MemberId!, body.ReplacementId!, body.Reason, body.By, body.From, body.To, body.Force, ct);
            return HttpApi.Json(request, ScheduleViews.Change(result.Items[0], result), StatusCodes.Status201Created);
        });

    [Function("AddSwap")]
    public Task<IActionResult> AddSwap([HttpTrigger(AuthorizationLevel.Function, "post", Route = "rotations/{id}/swaps")] HttpRequest request, string id) =>
        HttpApi.RunAsync(request, logger, id, async ct =>
        {
            var body = await RequestBody.ReadJsonAsync<SwapRequest>(request, ct);
            body.Validate();
            var result = await rotations.AddSwapAsync(id, body.MemberId!, body.Week!, body.OtherMemberId!, body.OtherWeek!, body.Reason, body.By, body.Force, ct);
            return HttpApi.Json(request, new { items = result.Items, changedNow = result.ChangedNow, warnings = result.Warnings }, StatusCodes.Status201Created);
        });

    /// <summary>
    /// Takes an override back: one of a week not yet announced is deleted (204, or 200 with the <c>warnings</c> the duty page
    /// shows when the deletion makes a cover apply again or unneeded); a change to an announced week is undone and the undo
    /// announced (200 with the undo, <c>?reason=</c> and <c>?by=</c> optional, told to the people concerned).
    /// </summary>
    [Function("DeleteOverride")]
    public Task<IActionResult> DeleteOverride([HttpTrigger(AuthorizationLevel.Function, "delete", Route = "rotations/{id}/overrides/{overrideId}")] HttpRequest request, string id, string overrideId) =>
        HttpApi.RunAsync(request, logger, id, async ct =>
        {
            var removal = await rotations.DeleteOverrideAsync(id, overrideId, request.Query["reason"].ToString(), request.Query["by"].ToString(), ct);
            return removal.Undos.Count == 0 && removal.Warnings.Count == 0
                ? new NoContentResult()
                : HttpApi.Json(request, new { deleted = removal.Deleted, undone = removal.Undos, changedNow = removal.ChangedNow, warnings = removal.Warnings });
        });


    private ScheduleViews.Readers Readers(HttpRequest request) => new(RequestLanguage.Of(request), languages);

    private static DateOnly? QueryDate(HttpRequest request, string name)
    {
        var raw = request.Query[name].ToString();
        if (string.IsNullOrEmpty(raw))
        {
            return null;
        }

        return DateOnly.TryParseExact(raw, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date)
            ? date
            : throw new OnDuty.Core.Common.ValidationException(name, "must be a date like 2026-12-01");
    }
}
