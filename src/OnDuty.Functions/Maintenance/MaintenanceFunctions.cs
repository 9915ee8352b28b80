using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using OnDuty.Core.Common;
using OnDuty.Core.Maintenance;
using OnDuty.Core.Team;
using OnDuty.Functions.Http;

namespace OnDuty.Functions.Maintenance;

/// <summary>
/// Maintenance windows: planned work during which the alerts it names are expected. An incident such an alert opens is recorded
/// and listed, and its pages are held until the window ends (then sent if it is still open and nobody acknowledged it).
/// </summary>
public sealed class MaintenanceFunctions(MaintenanceService maintenance, IRosterRepository roster, TimeProvider time, ILogger<MaintenanceFunctions> logger)
{
    /// <summary><c>GET /api/maintenance?ended=true</c>: the windows running or planned (with <c>ended</c>, also those over in the last 90 days).</summary>
    [Function("ListMaintenance")]
    public Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Function, "get", Route = "maintenance")] HttpRequest request) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            var ended = request.Query["ended"].ToString().ToLowerInvariant() switch
            {
                "" or "false" => false,
                "true" => true,
                _ => throw new ValidationException("ended", "must be true or false"),
            };
            var windows = await maintenance.ListAsync(ended, ct);
            var now = time.GetUtcNow();
            var current = windows.Select(w => w.Value).Where(w => w.Until > now).ToList();
            var matches = current.Count == 0 ? null : await maintenance.OpenMatchesAsync(current, ct);
            var names = await MemberNames.ReadAsync(roster, request, windows.SelectMany(w => MaintenanceViews.NamedIds(w.Value)), ct);
            return HttpApi.Json(request, new { items = windows.Select(w => MaintenanceViews.Window(w.Value, now, names) with { OpenMatches = MaintenanceViews.Matches(matches?.GetValueOrDefault(w.Value.Id)) }) });
        });

    /// <summary><c>POST /api/maintenance</c> <c>{"title","from","to","sources":[…],"labels":{…},"by"}</c> → 201 with the window.</summary>
    [Function("PlanMaintenance")]
    public Task<IActionResult> Plan([HttpTrigger(AuthorizationLevel.Function, "post", Route = "maintenance")] HttpRequest request) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            var body = await RequestBody.ReadJsonAsync<MaintenanceBody>(request, ct);
            var saved = await maintenance.PlanAsync(body.ToRequest(), HttpApi.By(body.By), ct);
            request.HttpContext.Response.Headers.Location = $"/api/maintenance/{saved.Value.Id}";
            var names = await MemberNames.ReadAfterWriteAsync(roster, request, MaintenanceViews.NamedIds(saved.Value), logger, ct);
            return HttpApi.Json(request, MaintenanceViews.Window(saved.Value, time.GetUtcNow(), names) with
                {
                    OpenMatches = MaintenanceViews.Matches(saved.OpenMatches),
                    OpenMatchesNote = MaintenanceViews.NotHeldNote(saved.Value, time.GetUtcNow(), saved.OpenMatches),
                },
                StatusCodes.Status201Created, saved.ETag);
        });

    /// <summary><c>GET /api/maintenance/{id}</c>: the window and the incidents whose pages it holds right now.</summary>
    [Function("GetMaintenance")]
    public Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Function, "get", Route = "maintenance/{id}")] HttpRequest request, string id) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            var window = await maintenance.GetAsync(id, ct);
            var held = await maintenance.HoldingAsync(id, ct);
            var now = time.GetUtcNow();
            // Only a window not over can cover an open incident: an ended one reads no incidents.
            var matches = window.Value.Until > now ? (await maintenance.OpenMatchesAsync([window.Value], ct))[window.Value.Id] : null;
            var names = await MemberNames.ReadAsync(roster, request, MaintenanceViews.NamedIds(window.Value), ct);
            return HttpApi.Json(request, MaintenanceViews.Window(window.Value, now, names, held) with { OpenMatches = matches is null ? null : MaintenanceViews.Matches(matches) },
                etag: window.ETag);
        });

    /// <summary>
    /// <c>PATCH /api/maintenance/{id}</c> <c>{"to","holdOpen","customerImpact","by"}</c>: <c>to</c> moves its end (the incidents it holds are held until
    /// the new end); <c>holdOpen: true</c> holds the open incidents it covers too, as planning it so would have (one running holds
    /// them now: <c>openMatches</c> marks those held, <c>openMatchesNote</c> says which go on paging); <c>customerImpact</c> sets what
    /// customers will notice (<c>""</c> clears it; the page's 「メンテナンスのお知らせ」 draft follows it). At least one of them.
    /// </summary>
    [Function("ChangeMaintenance")]
    public Task<IActionResult> Change([HttpTrigger(AuthorizationLevel.Function, "patch", Route = "maintenance/{id}")] HttpRequest request, string id) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            var body = await RequestBody.ReadJsonAsync<MaintenanceBody>(request, ct);
            var errors = new ValidationErrors()
                .When(body.To is null && body.HoldOpen is null && body.CustomerImpact is null, "to", "is required (the new end, ISO 8601 with an offset), unless holdOpen or customerImpact is given")
                .When(body.HoldOpen == false, "holdOpen", "can only be true (ending the window releases what it holds)");

            MaintenanceWindow.CheckCustomerImpact(errors, body.CustomerImpact);
            errors.ThrowIfAny(); // nothing half-written: a bad impact refuses the move too

            // The end first: a window it leaves running holds its open matches until the new end.
            var by = HttpApi.By(body.By);
            Versioned<MaintenanceWindow>? window = null;
            IReadOnlyList<string>? held = null;
            if (body.To is { } to)
            {
                (window, held) = await maintenance.MoveEndAsync(id, to, by, ct);
            }

            IReadOnlyList<MaintenanceMatch>? matches = null;
            if (body.HoldOpen == true)
            {
                (window, matches) = await maintenance.HoldOpenMatchesAsync(id, by, ct);
                held = await maintenance.HoldingAsync(id, ct);
            }

            if (body.CustomerImpact is { } impact)
            {
                window = await maintenance.SetCustomerImpactAsync(id, impact, by, ct);
                held ??= await maintenance.HoldingAsync(id, ct);
            }

            window = window ?? throw new InvalidOperationException("to, holdOpen or customerImpact was checked above");
            var now = time.GetUtcNow();
            var names = await MemberNames.ReadAfterWriteAsync(roster, request, MaintenanceViews.NamedIds(window.Value), logger, ct);
            return HttpApi.Json(request, MaintenanceViews.Window(window.Value, now, names, held) with
            {
                OpenMatches = MaintenanceViews.Matches(matches),
                OpenMatchesNote = matches is null ? null : MaintenanceViews.NotHeldNote(window.Value, now, matches),
            }, etag: window.ETag);
        });

    /// <summary>
    /// <c>DELETE /api/maintenance/{id}?by=…</c>: ends it now (one not begun is cancelled); the incidents it held page now. 200 with the
    /// window and <c>released</c>; repeating it releases any left held and changes nothing else.
    /// </summary>
    [Function("EndMaintenance")]
    public Task<IActionResult> End([HttpTrigger(AuthorizationLevel.Function, "delete", Route = "maintenance/{id}")] HttpRequest request, string id) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            var (window, released) = await maintenance.EndAsync(id, HttpApi.By(request.Query["by"].ToString()), ct);
            var names = await MemberNames.ReadAfterWriteAsync(roster, request, MaintenanceViews.NamedIds(window.Value), logger, ct);
            return HttpApi.Json(request, new { window = MaintenanceViews.Window(window.Value, time.GetUtcNow(), names), released }, etag: window.ETag);
        });

    /// <summary>
    /// <c>POST /api/incidents/{id}/release-hold</c> <c>{"by":"ito"}</c>: stops holding one incident's pages now (its first page goes
    /// out) while the window goes on holding the others. 200 with <c>released</c> (false on a repeat); 409 when no window holds it.
    /// </summary>
    [Function("ReleaseIncidentHold")]
    public Task<IActionResult> ReleaseHold([HttpTrigger(AuthorizationLevel.Function, "post", Route = "incidents/{id}/release-hold")] HttpRequest request, string id) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            var body = await RequestBody.ReadJsonAsync<ReleaseHoldBody>(request, ct);
            var (saved, released) = await maintenance.ReleaseOneAsync(id, HttpApi.By(body.By), ct);
            return HttpApi.Json(request, new { id = saved.Value.Id, released, window = saved.Value.PagesHeldBy, heldUntil = saved.Value.PagesHeldUntil }, etag: saved.ETag);
        });
}

/// <summary>Body of <c>POST /api/incidents/{id}/release-hold</c>.</summary>
public sealed record ReleaseHoldBody(string? By);

/// <summary>Body of <c>POST</c> and <c>PATCH /api/maintenance</c>.</summary>
public sealed record MaintenanceBody(
    string? Title, DateTimeOffset? From, DateTimeOffset? To, IReadOnlyList<string?>? Sources, IReadOnlyDictionary<string, string>? Labels, bool? AllAlerts, string? By,
    IReadOnlyList<string?>? Severities = null, bool? HoldOpen = null, string? CustomerImpact = null)
{
    public MaintenanceRequest ToRequest() => new() { Title = Title, From = From, To = To, Sources = Sources, Labels = Labels, Severities = Severities, AllAlerts = AllAlerts, HoldOpen = HoldOpen, CustomerImpact = CustomerImpact };
}

public static class MaintenanceViews
{
    /// <summary>The member ids a window names someone by: who planned it and who ended it.</summary>
    public static IEnumerable<string?> NamedIds(MaintenanceWindow w) => [w.CreatedBy, w.EndedBy];

    /// <param name="names">The names beside <c>createdBy</c> and <c>endedBy</c> (<see cref="MemberNames"/>).</param>
    public static WindowView Window(MaintenanceWindow w, DateTimeOffset now, MemberNames names, IReadOnlyList<string>? holding = null) => new(
        w.Id,
        w.Title,
        w.From,
        w.To,
        w.Until,
        w.Until <= now ? (w.EndedAt is not null && w.EndedAt < w.From ? "cancelled" : "ended") : w.From <= now ? "active" : "planned",
        w.Sources,
        [.. w.Severities.Select(Core.Incidents.IncidentMessages.SevLabel)],
        w.Labels,
        w.CreatedBy,
        w.CreatedAt,
        w.EndedAt,
        w.EndedBy,
        w.HoldOpen)
    {
        CustomerImpact = w.CustomerImpact,
        Holding = holding,
        CreatedByName = names.Of(w.CreatedBy),
        EndedByName = names.Of(w.EndedBy),
    };

    /// <summary>The API's <c>openMatches</c>: open incidents a window covers but does not hold (their pages go on); null for none given.</summary>
    public static IReadOnlyList<OpenMatchView>? Matches(IReadOnlyList<MaintenanceMatch>? matches) =>
        matches is null ? null : [.. matches.Select(m => new OpenMatchView(m.Id, m.Title, Core.Incidents.IncidentMessages.SevLabel(m.Severity), m.Acknowledged, m.Held))];

    /// <summary>
    /// The <c>openMatchesNote</c> of the plan's and the <c>holdOpen</c> <c>PATCH</c>'s answers, <c>{"ja","en"}</c>: in words, the open
    /// incidents it covers whose escalation goes on and how to stop it (the page's button, <c>holdOpen</c> here), as the page says
    /// it; null when none is left paging, or the window holds them when it begins (<c>holdOpen</c>, planned ahead).
    /// </summary>
    public static IReadOnlyDictionary<string, string>? NotHeldNote(MaintenanceWindow window, DateTimeOffset now, IReadOnlyList<MaintenanceMatch> matches) =>
        !(window.HoldOpen && window.From > now)
        && OnDuty.Messages.MaintenanceText.NotHeld(matches, OnDuty.Messages.Phrases.For(OnDuty.Core.Team.Language.Ja)) is { } ja
            ? new Dictionary<string, string> { ["ja"] = ja, ["en"] = OnDuty.Messages.MaintenanceText.NotHeld(matches, OnDuty.Messages.Phrases.For(OnDuty.Core.Team.Language.En))! }
            : null;

    /// <summary><see cref="Held"/>: held by a <c>holdOpen</c> window just planned, or just given it (its escalation paused until the window ends).</summary>
    public sealed record OpenMatchView(string Id, string Title, string Severity, bool Acknowledged, bool Held);

    /// <summary>A window as the API shows it; <see cref="Holding"/> only where it was asked for (one window's <c>GET</c> and <c>PATCH</c>).</summary>
    public sealed record WindowView(
        string Id, string Title, DateTimeOffset From, DateTimeOffset To, DateTimeOffset Until, string State, IReadOnlyList<string> Sources,
        IReadOnlyList<string> Severities, IReadOnlyDictionary<string, string> Labels, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset? EndedAt, string? EndedBy,
        bool HoldOpen)
    {
        [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
        public IReadOnlyList<string>? Holding { get; init; }

        /// <summary>What customers will notice (<c>customerImpact</c>); null: customers are not told of it.</summary>
        public string? CustomerImpact { get; init; }

        /// <summary>The name beside <see cref="CreatedBy"/> (<see cref="MemberNames"/>): null when it is no member id.</summary>
        public string? CreatedByName { get; init; }

        /// <summary>The name beside <see cref="EndedBy"/>, as <see cref="CreatedByName"/>.</summary>
        public string? EndedByName { get; init; }

        /// <summary>
        /// Running or planned: the open, unacknowledged incidents it would cover but does not hold (a window holds only what opens
        /// during it), so their pages go on. Given by <c>POST</c>, <c>GET</c>, the list and a <c>holdOpen</c> <c>PATCH</c> (those it
        /// just held marked <c>held</c>); an empty list when there are none.
        /// </summary>
        [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
        public IReadOnlyList<OpenMatchView>? OpenMatches { get; init; }

        /// <summary>Only in the plan's and the <c>holdOpen</c> <c>PATCH</c>'s answers, when open incidents it covers go on paging: <see cref="MaintenanceViews.NotHeldNote"/>.</summary>
        [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
        public IReadOnlyDictionary<string, string>? OpenMatchesNote { get; init; }
    }
}
