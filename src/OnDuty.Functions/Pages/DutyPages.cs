using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Messages;
using OnDuty.Core.Rotations;
using OnDuty.Core.Team;

namespace OnDuty.Functions.Pages;

/// <summary>
/// The duty page (当番表) of the paging rotation (<c>Incidents__RotationId</c>), or of another one (<c>?rotation={id}</c>), over <see cref="RotationService"/> and
/// <see cref="RosterService"/>, with the sign-in, anti-forgery, headers and post-redirect-get of the other PM pages
/// (<see cref="PmPages"/>): replace a member, trade weeks, enter leave, take a change back, cancel leave. Each form calls the
/// same use case as the JSON API, so a change to the current or an announced week applies at once and is announced.
/// </summary>
public sealed partial class DutyPages(
    PmPages pages,
    RotationService rotations,
    RosterService roster,
    LeaveEntry leaveEntry,
    INoticeRenderer renderer,
    TimeProvider time,
    IOptions<IncidentOptions> incidentOptions,
    RepeatedPosts repeats,
    ILogger<DutyPages> logger)
{
    public const string Path = "/api/status/duty";

    /// <summary>The forms <c>POST /api/status/duty/{form}</c> takes.</summary>
    public static readonly IReadOnlySet<string> Forms = new HashSet<string>(["replace", "swap", "leave", "undo", "cancel-leave"], StringComparer.Ordinal);

    private string PagingRotationId => incidentOptions.Value.RotationId;

    /// <summary>
    /// The rotation a request's page is about: <c>?rotation={id}</c> (a maintenance rotation's mail links its own page, trial 37
    /// M6), else the paging rotation. An id that is not a valid slug is not looked up (404 as any unknown one).
    /// </summary>
    private static string? RequestedRotation(HttpRequest request) =>
        request.Query["rotation"].ToString() is { Length: > 0 } id ? id : null;

    private string RotationOf(HttpRequest request) => RequestedRotation(request) ?? PagingRotationId;

    /// <summary>
    /// Null when the request's rotation exists (or none was asked for); else the 404 page that says so. The rotations are
    /// <paramref name="listed"/> when the caller read them already (the page links them all), else read here if needed.
    /// </summary>
    private async Task<IActionResult?> UnknownRotationAsync(HttpRequest request, Language language, CancellationToken ct, IReadOnlyList<Versioned<Rotation>>? listed = null) =>
        RequestedRotation(request) is { } id && id != PagingRotationId
            && !(Slug.IsValid(id) && (listed ?? await rotations.ListAsync(ct)).Any(r => r.Value.Id == id))
            ? NotFound(request, language, PageProblem.RotationNotFound, id)
            : null;

    /// <summary><c>GET /api/status/duty</c>: the shifts, people's changes, leave and the forms; after a post, what it did.</summary>
    public Task<IActionResult> ShowAsync(HttpRequest request) =>
        pages.RunAsync(request, Path, async (visitor, language, ct) =>
        {
            // Read once: whether the asked rotation exists, and the page's links to the others.
            var listed = await rotations.ListAsync(ct);
            if (await UnknownRotationAsync(request, language, ct, listed) is { } unknown)
            {
                return unknown;
            }

            var done = request.Query["done"].ToString();
            var page = await PageAsync(request, visitor, language, ct, listed) with
            {
                Done = DutyPageNotice.DoneCodes.Contains(done) ? done : null,
                // Only week labels are read back from the address: it is a link anyone can make.
                Warned = [.. request.Query["warn"].ToString().Split(',').Where(w => WeekLabel().IsMatch(w)).Distinct().Take(2)],
                // Member ids only, shown by their roster names (an id not on the roster is left out).
                OnLeave = [.. request.Query["onleave"].ToString().Split(',').Where(Slug.IsValid).Distinct(StringComparer.Ordinal).Take(2)],
                LongRun = LongRunQuery().Match(request.Query["run"].ToString()) is { Success: true } run && Slug.IsValid(run.Groups[1].Value)
                    ? (run.Groups[1].Value, int.Parse(run.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), run.Groups[3].Value)
                    : null,
                ShortHanded = [.. request.Query["short"].ToString().Split(',').Where(w => WeekLabel().IsMatch(w)).Distinct().Take(4)],
                ShortHandedTold = request.Query["told"] == "1",
                Kept = [.. request.Query["kept"].ToString().Split(',').Where(w => WeekLabel().IsMatch(w)).Distinct().Take(2)],
                OnDutyDuringLeave = [.. request.Query["onduty"].ToString().Split(',').Where(Slug.IsValid).Distinct(StringComparer.Ordinal).Take(1)],
                // Dates only (two, in order), said as days: the leave's days from today on, and those already past.
                LeaveDays = LeaveDays.Parse(request.Query["days"].ToString()),
                PastLeaveDays = LeaveDays.Parse(request.Query["past"].ToString()),
                // Cover ids only, shown from the schedule (an id that names no cover of the shifts shown is left out).
                CoversCancelled = [.. request.Query["covers"].ToString().Split(',').Where(Slug.IsValid).Distinct(StringComparer.Ordinal).Take(4)],
                CoversRestored = [.. request.Query["restored"].ToString().Split(',').Where(Slug.IsValid).Distinct(StringComparer.Ordinal).Take(4)],
            };
            return PmPages.Html(request, StatusCodes.Status200OK, renderer.Page(page));
        }, acts: true);

    /// <summary>
    /// <c>POST /api/status/duty/{form}</c>: one use case, then 303 back to the page; a form with problems is shown again (400) with
    /// what was typed and every problem, nothing stored. An unknown form is 404.
    /// </summary>
    public Task<IActionResult> PostAsync(HttpRequest request, string formName)
    {
        if (!Forms.Contains(formName))
        {
            return pages.RunAsync(request, Path, (_, language, _) =>
                Task.FromResult<IActionResult>(PmPages.Html(request, StatusCodes.Status404NotFound, renderer.Page(new PageProblemNotice(language, PageProblem.FormNotFound)))));
        }

        return pages.PostAsync(request, Path, null, async (form, visitor, language, ct) =>
        {
            if (await UnknownRotationAsync(request, language, ct) is { } unknown)
            {
                return unknown;
            }

            // The same form posted again (a double click, a reload after the submit) gets the first post's 303, not a refusal of
            // what it already did (trial 34 M2); a form that was refused runs again when sent again.
            var (answer, repeated) = await repeats.RunOnceAsync(
                RepeatKey(form, formName),
                async () => Answered(request, await ActAsync(request, formName, form, visitor, language, ct)),
                a => a.Location is not null,
                ct);
            if (repeated)
            {
                logger.LogInformation("Duty page: {Form} posted again with the same request id, answered as the first post", formName);
                request.HttpContext.Response.Headers.Location = answer.Location;
                return new StatusCodeResult(StatusCodes.Status303SeeOther);
            }

            return answer.Result;
        });
    }

    /// <summary>
    /// A post's request id with the form and every value sent: each form of the page carries the page's id, and a row's form
    /// (take back this change, cancel this leave) is told apart by its values. Null without an id (a client of its own).
    /// </summary>
    private static string? RepeatKey(PageForm form, string formName)
    {
        if (form.RequestKey(formName) is not { } key)
        {
            return null;
        }

        var values = string.Join("\n", form.Values.Where(v => v.Key != "requestId").OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => $"{v.Key}={v.Value}"));
        return key + "-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(values)));
    }

    /// <summary>What a post answered, with where its 303 sends the browser (null for any other answer: not kept).</summary>
    private static AnsweredPost Answered(HttpRequest request, IActionResult result) =>
        new(result, result is StatusCodeResult { StatusCode: StatusCodes.Status303SeeOther } ? request.HttpContext.Response.Headers.Location.ToString() : null);

    private sealed record AnsweredPost(IActionResult Result, string? Location);

    private async Task<IActionResult> ActAsync(HttpRequest request, string formName, PageForm form, PageVisitor visitor, Language language, CancellationToken ct)
    {
        var rotationId = RotationOf(request);
        var by = PmPages.By(form, visitor);
        string? item = null;
        var refusals = new Dictionary<string, Refusal>(StringComparer.Ordinal);
        try
        {
            switch (formName)
            {
                case "replace":
                {
                    var week = form.Text("week", 20, required: true);
                    var memberId = form.Text("memberId", Slug.MaxLength, required: true);
                    var replacementId = form.Text("replacementId", Slug.MaxLength, required: true);
                    var reason = form.Text("reason", RotationService.MaxReasonLength);

                    // Optional: both empty replace for the whole shift as before; both set cover only that part of it.
                    var from = form.Text("from", 40);
                    var to = form.Text("to", 40);
                    var force = form.Text("force", 5) == "true";
                    if (form.Valid && by is not null)
                    {
                        var result = await rotations.AddOverrideAsync(rotationId, week!, memberId!, replacementId!, reason, by, from, to, force, ct);
                        logger.LogInformation("Duty page: {By} replaced {MemberId} by {ReplacementId} in {Week} of {RotationId} ({From} to {To})", LoggedText.Escape(by), memberId, replacementId, week, rotationId, from ?? "whole shift", to ?? "");
                        return SeeOther(request, language, result.ChangedNow.Count > 0 ? "replacedNow" : "replaced", Warned(result.Warnings));
                    }

                    break;
                }

                case "swap":
                {
                    var memberId = form.Text("memberId", Slug.MaxLength, required: true);
                    var week = form.Text("week", 20, required: true);
                    var otherMemberId = form.Text("otherMemberId", Slug.MaxLength, required: true);
                    var otherWeek = form.Text("otherWeek", 20, required: true);
                    var reason = form.Text("reason", RotationService.MaxReasonLength);
                    var force = form.Text("force", 5) == "true";
                    if (form.Valid && by is not null)
                    {
                        var result = await rotations.AddSwapAsync(rotationId, memberId!, week!, otherMemberId!, otherWeek!, reason, by, force, ct);
                        logger.LogInformation("Duty page: {By} swapped {MemberId} ({Week}) with {OtherMemberId} ({OtherWeek}) of {RotationId}", LoggedText.Escape(by), memberId, week, otherMemberId, otherWeek, rotationId);
                        return SeeOther(request, language, result.ChangedNow.Count > 0 ? "swappedNow" : "swapped", Warned(result.Warnings));
                    }

                    break;
                }

                case "leave":
                {
                    var memberId = form.Text("memberId", Slug.MaxLength, required: true);
                    var from = form.Date("from", required: true);
                    var to = form.Date("to", required: true);
                    var note = form.Text("note", 500);
                    if (form.Valid && by is not null && from is { } first && to is { } last)
                    {
                        try
                        {
                            var entered = await leaveEntry.AddAsync(memberId!, first, last, note, by, ct);
                            logger.LogInformation("Duty page: {By} entered leave {LeaveId} of {MemberId}", LoggedText.Escape(by), entered.Leave.Id, memberId);

                            // Days already past are recorded only: the page says so, with no advice to replace anyone.
                            if (entered.Days.Past is { } past && entered.Days.AllPast)
                            {
                                return SeeOther(request, language, "leavePast", "&days=" + Uri.EscapeDataString(LeaveDays.Format(past)));
                            }

                            // From today on: an announced week it falls in (replace them for it), a week of this page's rotation it
                            // leaves with one person or nobody on duty (trial 34 H3), each said naming the days or the week.
                            var shortWeeks = entered.ShortHanded
                                .Select(w => ShortHandedWarning().Match(w)).Where(m => m.Success && m.Groups[2].Value == rotationId).Select(m => m.Groups[1].Value).Distinct().Take(4).ToList();
                            return SeeOther(request, language, "leaveAdded", (entered.AnnouncedDuty.Count > 0 ? "&onduty=" + Uri.EscapeDataString(memberId!) : "")
                                + (shortWeeks.Count > 0 ? "&short=" + Uri.EscapeDataString(string.Join(",", shortWeeks)) : "")
                                // Weeks it took her off are told to the one left on them and the leads (session 52): the note says so.
                                + (shortWeeks.Count > 0 && shortWeeks.All(w => entered.ShortHandedTold.Contains((rotationId, w))) ? "&told=1" : "")
                                // A week not yet announced it keeps her on for its handoff morning (session 62): said with those hours.
                                + (entered.KeptWeeks.Where(w => w.RotationId == rotationId).Select(w => w.Week).Distinct().Take(2).ToList() is { Count: > 0 } kept ? "&kept=" + Uri.EscapeDataString(string.Join(",", kept)) : "")
                                + (entered.Days.Past is { } before ? "&past=" + Uri.EscapeDataString(LeaveDays.Format(before)) + "&days=" + Uri.EscapeDataString(LeaveDays.Format(entered.Days.Coming!.Value)) : ""));
                        }
                        catch (NotFoundException)
                        {
                            form.Add("memberId", "dutyUnknownMember");
                        }
                    }

                    break;
                }

                case "undo":
                {
                    var overrideId = form.Text("overrideId", 40, required: true) ?? "";
                    item = overrideId;
                    var entry = (await rotations.ListOverridesAsync(rotationId, ct)).FirstOrDefault(e => e.Id == overrideId);
                    if (entry is null)
                    {
                        return NotFound(request, language, PageProblem.DutyChangeNotFound, overrideId);
                    }

                    // Optional, as in the API: taking a change back is what someone does in a hurry (the wrong person was put on,
                    // the sick member is back); the people concerned are told either way, with the reason when one is given.
                    var reason = form.Text("reason", RotationService.MaxReasonLength);
                    if (form.Valid && by is not null)
                    {
                        var removal = await rotations.DeleteOverrideAsync(rotationId, overrideId, reason, by, ct);
                        logger.LogInformation("Duty page: {By} took back {OverrideId} of {RotationId}", LoggedText.Escape(by), overrideId, rotationId);
                        return SeeOther(request, language, removal.ChangedNow.Count > 0 ? "undoneNow" : "undone", Warned(removal.Warnings));
                    }

                    break;
                }

                default:
                {
                    var memberId = form.Text("memberId", Slug.MaxLength, required: true) ?? "";
                    var leaveId = form.Text("leaveId", 40, required: true) ?? "";
                    item = $"{memberId}/{leaveId}";
                    if (form.Valid && by is not null)
                    {
                        try
                        {
                            await roster.DeleteLeaveAsync(memberId, leaveId, by, ct);
                        }
                        catch (NotFoundException)
                        {
                            return NotFound(request, language, PageProblem.LeaveNotFound, item);
                        }

                        logger.LogInformation("Duty page: {By} cancelled leave {LeaveId} of {MemberId}", LoggedText.Escape(by), leaveId, memberId);
                        return SeeOther(request, language, "leaveCancelled");
                    }

                    break;
                }
            }
        }
        catch (ValidationException ex)
        {
            form.AddAll(ex.Errors);
            foreach (var (field, refusal) in ex.Refusals)
            {
                refusals[field] = refusal;
            }
        }
        catch (ConflictException ex) when (formName is "replace" or "swap")
        {
            // Someone on leave, leaving or not joined yet: said at the field it names, what was chosen kept (tick 「休暇中と承知のうえで変更する」 to force).
            form.Add(ex.Field, ex.Reason);
            if (ex.Refusal is { } refusal)
            {
                refusals[ex.Field] = refusal;
            }
        }
        catch (NotFoundException ex) when (formName == "undo")
        {
            // Taken back by someone else between the list and the delete.
            return NotFound(request, language, PageProblem.DutyChangeNotFound, ex.Id);
        }
        catch (ConcurrencyException ex)
        {
            logger.LogInformation("Duty page: {Form} of {RotationId} lost a race: {Reason}", formName, rotationId, ex.Message);
            var field = formName is "swap" ? "otherWeek" : formName is "undo" ? "overrideId" : "week";
            form.Add(field, "dutyBusy");
            if (ex.Refusal is { } refusal)
            {
                refusals[field] = refusal;
            }
        }

        return await FailedAsync(request, visitor, language, form, formName, item, refusals, ct);
    }

    private async Task<IActionResult> FailedAsync(
        HttpRequest request, PageVisitor visitor, Language language, PageForm form, string formName, string? item, IReadOnlyDictionary<string, Refusal> refusals, CancellationToken ct)
    {
        var page = await PageAsync(request, visitor, language, ct) with
        {
            FailedForm = formName,
            FailedItem = item,
            Values = form.Values,
            Errors = form.Errors,
            Refusals = refusals,
        };
        return PmPages.Html(request, StatusCodes.Status400BadRequest, renderer.Page(page));
    }

    /// <summary>
    /// The page as it stands: the schedule (the rotation's state, roster and leave, as the API loads it), the changes and the
    /// members (the roster partition), and the leave (the leave partition, one query for everyone).
    /// </summary>
    private async Task<DutyPageNotice> PageAsync(HttpRequest request, PageVisitor visitor, Language language, CancellationToken ct, IReadOnlyList<Versioned<Rotation>>? listed = null)
    {
        var rotationId = RotationOf(request);
        var now = time.GetUtcNow();
        var schedule = await rotations.GetScheduleAsync(rotationId, null, DutyPageNotice.ShiftsShown, ct);
        var changes = await rotations.ListOverridesAsync(rotationId, ct);
        var members = (await roster.ListMembersAsync(ct)).Select(m => m.Value).ToList();
        var today = TimeZones.DateAt(now, TimeZones.Find(schedule.Rotation.TimeZone));
        var active = members.Where(m => m.Active).Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
        var leave = (await roster.ListLeaveFromAsync(today, ct)).Where(l => active.Contains(l.MemberId)).ToList();
        // The member the sign-in was found to be (PageAccess); by the roster read here when that read failed.
        var me = visitor.Member?.Id ?? visitor.FindIn(members, m => m)?.Id;
        var byId = members.ToDictionary(m => m.Id, StringComparer.Ordinal);
        // The leads' escalation step follows the paging rotation: another rotation's page says nothing of it.
        var paging = rotationId == PagingRotationId;
        var leadsOnDuty = schedule.Shifts.Where(_ => paging)
            .Select(s => (s.Week, Leads: LeadsOnDuty.For(s.MemberIds.Where(byId.ContainsKey).Select(id => byId[id]), members, incidentOptions.Value, language)))
            .Where(x => x.Leads is not null)
            .GroupBy(x => x.Week, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Leads!, StringComparer.Ordinal);
        // The replace form lists who could take over this week best first (trial 32b M4); a rotation not started has no week yet.
        var current = schedule.Shifts.FirstOrDefault(s => s.StartsAt <= now && now < s.EndsAt);
        var replacements = current is null ? null : await rotations.ReplacementsAsync(rotationId, null, null, ct);
        return new DutyPageNotice(language, schedule, changes, leave, members, pages.Token(request), visitor, now)
        {
            Rotations = [.. (listed ?? await rotations.ListAsync(ct)).Select(r => r.Value)],
            PagingRotationId = PagingRotationId,
            VisitorMemberId = me,
            // Each showing of the page: its forms posted twice (a double click, a reload) are one post (trial 34 M2).
            RequestId = Guid.NewGuid().ToString("N"),
            LeadsOnDuty = leadsOnDuty,
            LeadsOnLeave = schedule.Shifts.Where(_ => paging)
                .Select(s => (s.Week, Away: LeadsOnLeave.Days(s.StartDate, s.EndDate, incidentOptions.Value, members, leave)))
                .Where(x => x.Away is not null)
                .GroupBy(x => x.Week, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.First().Away!, StringComparer.Ordinal),
            Replacements = replacements,
            Former = await pages.FormerAsync(ct),
        };
    }

    /// <summary>
    /// What a change (or an undo) warned of, for the page after the redirect: the weeks left without an experienced member
    /// (<c>&amp;warn=</c>), members put on during leave, and the covers it made unneeded or apply again.
    /// </summary>
    private static string Warned(IReadOnlyList<string> warnings)
    {
        List<string> Matches(Regex regex) => [.. warnings.Select(w => regex.Match(w)).Where(m => m.Success).Select(m => m.Groups[1].Value).Distinct()];
        var weeks = Matches(NoExperienced());
        var away = Matches(OnLeaveWarning());
        var covers = Matches(CoverCancelledWarning());
        var restored = Matches(CoverRestoredWarning());
        var run = warnings.Select(w => LongRunWarning().Match(w)).FirstOrDefault(m => m.Success);
        return (weeks.Count == 0 ? "" : "&warn=" + Uri.EscapeDataString(string.Join(",", weeks)))
            + (away.Count == 0 ? "" : "&onleave=" + Uri.EscapeDataString(string.Join(",", away)))
            + (covers.Count == 0 ? "" : "&covers=" + Uri.EscapeDataString(string.Join(",", covers)))
            + (restored.Count == 0 ? "" : "&restored=" + Uri.EscapeDataString(string.Join(",", restored)))
            + (run is null ? "" : "&run=" + Uri.EscapeDataString($"{run.Groups[1].Value}:{run.Groups[2].Value}:{run.Groups[3].Value}"));
    }

    private IActionResult NotFound(HttpRequest request, Language language, PageProblem problem, string id) =>
        PmPages.Html(request, StatusCodes.Status404NotFound, renderer.Page(new PageProblemNotice(language, problem, id)));

    /// <summary>303 back to the page, of the rotation the post was about (<c>&amp;rotation=</c> unless the paging one).</summary>
    private StatusCodeResult SeeOther(HttpRequest request, Language language, string done, string more = "") =>
        PmPages.Done(request, Path, language, done, DutyPageNotice.RotationParameter(RotationOf(request), PagingRotationId) + more);

    /// <summary>What <see cref="RotationService"/> says of a week left without an experienced member (its first word is the week).</summary>
    [GeneratedRegex("^([0-9]{4}-W[0-9]{2}) now has no experienced member", RegexOptions.CultureInvariant)]
    private static partial Regex NoExperienced();

    [GeneratedRegex("^[0-9]{4}-W[0-9]{2}$", RegexOptions.CultureInvariant)]
    private static partial Regex WeekLabel();

    /// <summary>What <see cref="RotationService.ShortHandedDuringAsync"/> says of a week leave leaves short (the week, then its rotation: this page shows the paging one's).</summary>
    [GeneratedRegex("^([0-9]{4}-W[0-9]{2}) of ([a-z0-9-]+) has only [0-9]+ of [0-9]+ members on duty", RegexOptions.CultureInvariant)]
    private static partial Regex ShortHandedWarning();

    /// <summary>What <see cref="RotationService"/> says of a replacement who now serves weeks in a row (id, weeks, first week).</summary>
    [GeneratedRegex("^'([^']+)' now serves ([0-9]{1,2}) weeks in a row \\(([0-9]{4}-W[0-9]{2}) to ", RegexOptions.CultureInvariant)]
    private static partial Regex LongRunWarning();

    /// <summary>The page's <c>run=</c>: member id, weeks (two digits at most) and the first week's label.</summary>
    [GeneratedRegex("^([^:]+):([0-9]{1,2}):([0-9]{4}-W[0-9]{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex LongRunQuery();

    [GeneratedRegex("^'([^']+)' is on leave ", RegexOptions.CultureInvariant)]
    private static partial Regex OnLeaveWarning();

    /// <summary>What <see cref="RotationService"/> says of a cover a whole-week change made unneeded (its id second).</summary>
    [GeneratedRegex("^cover ([^ ]+) \\(.* no longer applies: ", RegexOptions.CultureInvariant)]
    private static partial Regex CoverCancelledWarning();

    /// <summary>What <see cref="RotationService"/> says of a cover a change made apply again (its id second).</summary>
    [GeneratedRegex("^cover ([^ ]+) \\(.* applies again: ", RegexOptions.CultureInvariant)]
    private static partial Regex CoverRestoredWarning();
}
