using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using OnDuty.Core.Calendar;
using OnDuty.Core.Common;
using OnDuty.Core.Messages;
using OnDuty.Core.Team;
using OnDuty.Functions.Http;

namespace OnDuty.Functions.Calendar;

/// <summary>
/// Calendar feeds: iCalendar per rotation and per member, and the read-only schedule page. Managing feed URLs needs a
/// function key (a member makes and revokes their own on their page, <see cref="Pages.ContactPages"/>); reading a feed is anonymous with the feed's secret in the URL (calendar servers and phones cannot send
/// a key, and a function key in a URL would open the whole API). A wrong or revoked secret answers 404, like an unknown id.
/// </summary>
public sealed class FeedFunctions(FeedService feeds, IOptions<TeamOptions> team, INoticeRenderer renderer, ILogger<FeedFunctions> logger)
{
    [Function("CreateRotationFeed")]
    public Task<IActionResult> CreateRotationFeed([HttpTrigger(AuthorizationLevel.Function, "post", Route = "rotations/{id}/feeds")] HttpRequest request, string id) =>
        CreateAsync(request, new FeedOwner(FeedKind.Rotation, id));

    [Function("ListRotationFeeds")]
    public Task<IActionResult> ListRotationFeeds([HttpTrigger(AuthorizationLevel.Function, "get", Route = "rotations/{id}/feeds")] HttpRequest request, string id) =>
        ListAsync(request, new FeedOwner(FeedKind.Rotation, id));

    [Function("RevokeRotationFeed")]
    public Task<IActionResult> RevokeRotationFeed([HttpTrigger(AuthorizationLevel.Function, "delete", Route = "rotations/{id}/feeds/{feedId}")] HttpRequest request, string id, string feedId) =>
        RevokeAsync(request, new FeedOwner(FeedKind.Rotation, id), feedId);

    [Function("CreateMemberFeed")]
    public Task<IActionResult> CreateMemberFeed([HttpTrigger(AuthorizationLevel.Function, "post", Route = "members/{id}/feeds")] HttpRequest request, string id) =>
        CreateAsync(request, new FeedOwner(FeedKind.Member, id));

    [Function("ListMemberFeeds")]
    public Task<IActionResult> ListMemberFeeds([HttpTrigger(AuthorizationLevel.Function, "get", Route = "members/{id}/feeds")] HttpRequest request, string id) =>
        ListAsync(request, new FeedOwner(FeedKind.Member, id));

    [Function("RevokeMemberFeed")]
    public Task<IActionResult> RevokeMemberFeed([HttpTrigger(AuthorizationLevel.Function, "delete", Route = "members/{id}/feeds/{feedId}")] HttpRequest request, string id, string feedId) =>
        RevokeAsync(request, new FeedOwner(FeedKind.Member, id), feedId);

    [Function("GetRotationCalendar")]
    public Task<IActionResult> RotationCalendar([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "rotations/{id}/calendar.ics")] HttpRequest request, string id) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            await feeds.AuthorizeAsync(new FeedOwner(FeedKind.Rotation, id), Token(request), ct);
            return Calendar(request, id, await feeds.RotationCalendarAsync(id, ct));
        });

    [Function("GetMemberCalendar")]
    public Task<IActionResult> MemberCalendar([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "members/{id}/calendar.ics")] HttpRequest request, string id) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            await feeds.AuthorizeAsync(new FeedOwner(FeedKind.Member, id), Token(request), ct);
            return Calendar(request, id, await feeds.MemberCalendarAsync(id, ct));
        });

    /// <summary><c>?token=…&amp;lang=ja|en&amp;weeks=8</c>: the coming shifts as a small HTML page (language from <c>lang</c>, else Accept-Language, else the team's).</summary>
    [Function("GetSchedulePage")]
    public Task<IActionResult> SchedulePage([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "rotations/{id}/schedule.html")] HttpRequest request, string id) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            // What a page that says something is wrong is written in: a lang it cannot read passes to Accept-Language, then the team's.
            var readable = RequestLanguage.Readable(request) ?? team.Value.TeamLanguage;
            try
            {
                await feeds.AuthorizeAsync(new FeedOwner(FeedKind.Rotation, id), Token(request), ct);
            }
            catch (NotFoundException) when (WantsHtml(request))
            {
                // A person on a phone with an old link gets a page that says what to do, not a problem document.
                return Page(request, renderer.Page(new PageProblemNotice(readable, PageProblem.LinkInvalid)), StatusCodes.Status404NotFound);
            }

            // A browser with a link whose weeks or lang cannot be read: a page naming each. Scripts keep the problem document.
            var unreadable = new List<string>();
            var rules = new Dictionary<string, ValueRule>();
            var weeks = 8;
            var language = readable;
            try
            {
                weeks = HttpApi.QueryInt(request, "weeks", 8, 1, 26);
            }
            catch (ValidationException ex) when (WantsHtml(request))
            {
                unreadable.Add("weeks");
                rules = rules.Concat(ex.Rules).ToDictionary();
            }

            try
            {
                language = RequestLanguage.Of(request) ?? team.Value.TeamLanguage;
            }
            catch (ValidationException ex) when (WantsHtml(request))
            {
                unreadable.Add("lang");
                rules = rules.Concat(ex.Rules).ToDictionary();
            }

            if (unreadable.Count > 0)
            {
                return Page(request, renderer.Page(new PageProblemNotice(readable, PageProblem.BadAddress, string.Join(", ", unreadable)) { Rules = rules }), StatusCodes.Status400BadRequest);
            }

            return Page(request, await feeds.SchedulePageAsync(id, language, weeks, ct), StatusCodes.Status200OK);
        });

    private static ContentResult Page(HttpRequest request, string html, int status) =>
        HttpApi.Html(request, status, html, "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'", "private, no-store");

    /// <summary>A browser (its Accept names text/html); scripts and monitors asking for JSON or anything keep the problem document.</summary>
    private static bool WantsHtml(HttpRequest request) =>
        request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase));

    private Task<IActionResult> CreateAsync(HttpRequest request, FeedOwner owner) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            var body = request.ContentLength is null or 0 && !request.Headers.TransferEncoding.Any()
                ? new FeedRequest(null)
                : await RequestBody.ReadJsonAsync<FeedRequest>(request, ct);
            var created = await feeds.CreateAsync(owner, body.Note, ct);
            var feedUrl = FeedUrl(request, team.Value, owner, "calendar.ics", created.Token);
            request.HttpContext.Response.Headers.Location = $"/api/{Segment(owner)}/{owner.Id}/feeds/{created.Feed.Id}";
            return HttpApi.Json(request, new
            {
                id = created.Feed.Id,
                url = feedUrl,
                webcal = FeedService.Webcal(feedUrl),
                pageUrl = owner.Kind == FeedKind.Rotation ? FeedUrl(request, team.Value, owner, "schedule.html", created.Token) : null,
                token = created.Token,
                createdAt = created.Feed.CreatedAt,
                note = created.Feed.Note,
            }, StatusCodes.Status201Created);
        });

    private Task<IActionResult> ListAsync(HttpRequest request, FeedOwner owner) =>
        HttpApi.RunAsync(request, logger, async ct =>
            HttpApi.Json(request, new { items = (await feeds.ListAsync(owner, ct)).Select(f => new { id = f.Id, createdAt = f.CreatedAt, note = f.Note, byMember = f.ByMember }) }));

    private Task<IActionResult> RevokeAsync(HttpRequest request, FeedOwner owner, string feedId) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            await feeds.RevokeAsync(owner, feedId, ct);
            return new NoContentResult();
        });

    private static string? Token(HttpRequest request) => request.Query["token"].ToString();

    private static string Segment(FeedOwner owner) => owner.Kind == FeedKind.Rotation ? "rotations" : "members";

    /// <summary>Absolute feed URL, at <see cref="HttpApi.PublicOrigin"/> (the admin API's and the member's own page's).</summary>
    internal static string FeedUrl(HttpRequest request, TeamOptions team, FeedOwner owner, string file, string token) =>
        $"{HttpApi.PublicOrigin(request, team)}/api/{Segment(owner)}/{Uri.EscapeDataString(owner.Id)}/{file}?token={token}";

    private static IActionResult Calendar(HttpRequest request, string id, string ics)
    {
        var headers = request.HttpContext.Response.Headers;
        headers.CacheControl = "private, max-age=900";
        headers.XContentTypeOptions = "nosniff";
        headers.ContentDisposition = new ContentDispositionHeaderValue("inline") { FileName = $"{id}.ics" }.ToString();
        return new FileContentResult(Encoding.UTF8.GetBytes(ics), "text/calendar; charset=utf-8");
    }

    /// <summary>The page is for the Japanese team unless the request asks otherwise.</summary>
}
