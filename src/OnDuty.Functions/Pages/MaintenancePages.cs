using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Maintenance;
using OnDuty.Core.Messages;
using OnDuty.Core.Team;

namespace OnDuty.Functions.Pages;

/// <summary>
/// The maintenance page over <see cref="MaintenanceService"/>, with the sign-in, anti-forgery, headers and post-redirect-get of
/// the other PM pages (<see cref="PmPages"/>): plan a window, move its end, end it now, hold the open incidents it covers. Local times are read in the team's zone.
/// </summary>
public sealed class MaintenancePages(
    PmPages pages,
    MaintenanceService maintenance,
    INoticeRenderer renderer,
    TimeProvider time,
    IOptions<IncidentOptions> incidentOptions)
{
    public const string Path = "/api/status/maintenance";

    private IncidentOptions Options => incidentOptions.Value;

    /// <summary><c>GET /api/status/maintenance</c>: the windows running or planned, those ended lately and the plan form; after a post, what it did.</summary>
    public Task<IActionResult> ShowAsync(HttpRequest request) =>
        pages.RunAsync(request, Path, async (visitor, language, ct) =>
        {
            var done = request.Query["done"].ToString();
            var page = await PageAsync(request, visitor, language, ct) with
            {
                Done = done.Length > 0 ? done : null,
                PlannedWindow = request.Query["planned"].ToString() is { Length: > 0 } planned ? planned : null,
                Paged = int.TryParse(request.Query["paged"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var paged) ? paged : null,
                Held = int.TryParse(request.Query["held"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var held) ? held : null,
            };
            return PmPages.Html(request, StatusCodes.Status200OK, renderer.Page(page));
        }, acts: true);

    /// <summary>
    /// <c>POST /api/status/maintenance</c>: plans a window, then 303 back to the page. A form with problems is shown again (400)
    /// with what was typed and every problem at once: the form's own and the window's rules (checked, nothing stored).
    /// </summary>
    public Task<IActionResult> PlanAsync(HttpRequest request) =>
        pages.PostAsync(request, Path, null, async (form, visitor, language, ct) =>
        {
            var by = PmPages.By(form, visitor);
            var plan = form.MaintenancePlan(Options.Zone);
            try
            {
                if (form.Valid && by is not null)
                {
                    var planned = await maintenance.PlanAsync(plan, by, ct);
                    return SeeOther(request, language, "planned", $"&planned={Uri.EscapeDataString(planned.Value.Id)}");
                }

                // Only checked: what the window's rules say is shown beside what the form found.
                MaintenanceWindow.Plan(plan, MaintenanceWindow.NewId(), by ?? "", time.GetUtcNow());
            }
            catch (ValidationException ex)
            {
                form.AddAll(ex.Errors);
            }

            return await FailedAsync(request, visitor, language, form, "plan", null, ct);
        });

    /// <summary>
    /// <c>POST /api/status/maintenance/{id}/end</c>: ends it now (one not begun is cancelled); the incidents it held are paged now,
    /// and the page says how many.
    /// </summary>
    public Task<IActionResult> EndAsync(HttpRequest request, string id) => WindowPostAsync(request, id, "end");

    /// <summary><c>POST /api/status/maintenance/{id}/move</c>: its end moves to the form's <c>to</c>; what it holds waits until then.</summary>
    public Task<IActionResult> MoveAsync(HttpRequest request, string id) => WindowPostAsync(request, id, "move");

    /// <summary>
    /// <c>POST /api/status/maintenance/{id}/hold</c>: the window holds the open incidents it covers too, as planning it with
    /// 「対応中の障害も止める」 would have (<see cref="MaintenanceService.HoldOpenMatchesAsync"/>); the page then says which it held.
    /// </summary>
    public Task<IActionResult> HoldAsync(HttpRequest request, string id) => WindowPostAsync(request, id, "hold");

    /// <summary>One of a window's forms: 303 back to the page, or the page again with the form's problems (400); an unknown window is 404.</summary>
    private Task<IActionResult> WindowPostAsync(HttpRequest request, string id, string formName) =>
        pages.PostAsync(request, Path, null, async (form, visitor, language, ct) =>
        {
            try
            {
                await maintenance.GetAsync(id, ct);
            }
            catch (NotFoundException)
            {
                return PmPages.Html(request, StatusCodes.Status404NotFound, renderer.Page(new PageProblemNotice(language, PageProblem.MaintenanceNotFound, id)));
            }

            var by = PmPages.By(form, visitor);
            try
            {
                if (formName == "end" && by is not null)
                {
                    var (_, released) = await maintenance.EndAsync(id, by, ct);
                    return SeeOther(request, language, "ended", $"&paged={released.Count}");
                }

                if (formName == "hold" && by is not null)
                {
                    var (_, matches) = await maintenance.HoldOpenMatchesAsync(id, by, ct);
                    return SeeOther(request, language, "held", $"&planned={Uri.EscapeDataString(id)}&held={matches.Count(m => m.Held)}");
                }

                if (formName == "move")
                {
                    var to = form.LocalTime("to", Options.Zone);
                    if (to is null && !form.Errors.ContainsKey("to"))
                    {
                        form.Add("to", "required");
                    }

                    if (form.Valid && by is not null && to is { } end)
                    {
                        await maintenance.MoveEndAsync(id, end, by, ct);
                        return SeeOther(request, language, "moved");
                    }
                }
            }
            catch (ValidationException ex)
            {
                form.AddAll(ex.Errors);
            }

            return await FailedAsync(request, visitor, language, form, formName, id, ct);
        });

    private async Task<IActionResult> FailedAsync(
        HttpRequest request, PageVisitor visitor, Language language, PageForm form, string formName, string? windowId, CancellationToken ct)
    {
        var page = await PageAsync(request, visitor, language, ct) with
        {
            FailedForm = formName,
            FailedWindow = windowId,
            Values = form.Values,
            Errors = form.Errors,
        };
        return PmPages.Html(request, StatusCodes.Status400BadRequest, renderer.Page(page));
    }

    /// <summary>
    /// The page as it stands: one read of the windows, and of the open incidents when any runs or is planned (what each holds now,
    /// and the open ones each covers but does not hold: their pages go on).
    /// </summary>
    private async Task<MaintenancePageNotice> PageAsync(HttpRequest request, PageVisitor visitor, Language language, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var windows = (await maintenance.ListAsync(ended: true, ct)).Select(w => w.Value).ToList();
        var current = windows.Where(w => w.Until > now).ToList();
        var running = current.Where(w => w.IsActiveAt(now)).Select(w => w.Id).ToList();
        var holdingMatches = running.Count == 0 ? new Dictionary<string, IReadOnlyList<MaintenanceMatch>>(StringComparer.Ordinal) : await maintenance.HoldingMatchesAsync(running, ct);
        var holding = holdingMatches.ToDictionary(h => h.Key, h => h.Value.Count, StringComparer.Ordinal);

        var (heldOpen, openIncidents) = await maintenance.HeldOpenAsync([.. current.Select(w => w.Id)], ct);
        return new MaintenancePageNotice(
            language, current, [.. windows.Where(w => w.Until <= now && w.Until > now - MaintenancePageNotice.EndedShown)], pages.Token(request), visitor, Options.TimeZone, now)
        {
            Holding = holding,
            HoldingMatches = holdingMatches,
            HeldOpen = heldOpen,
            OpenIncidents = openIncidents,
            OpenMatches = current.Count == 0 ? new Dictionary<string, IReadOnlyList<MaintenanceMatch>>() : await maintenance.OpenMatchesAsync(current, ct),
            Names = await pages.NamesAsync(ct),
            Former = await pages.FormerAsync(ct),
        };
    }

    private static StatusCodeResult SeeOther(HttpRequest request, Language language, string done, string more = "") =>
        PmPages.Done(request, Path, language, done, more);
}
