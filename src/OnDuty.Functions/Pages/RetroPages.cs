using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using OnDuty.Core.Comms;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Messages;
using OnDuty.Core.Retros;
using OnDuty.Core.Team;

using OnDuty.Messages;

namespace OnDuty.Functions.Pages;

/// <summary>
/// The retro page over <see cref="RetroService"/>, with the same sign-in, anti-forgery and headers as the incident pages
/// (<see cref="PmPages"/>). A save that lost the race (someone saved since the page was read) answers 409 with what this
/// person typed still in the form and the current version shown next to it: nothing of either is lost.
/// </summary>
public sealed class RetroPages(
    PmPages pages,
    RetroService retros,
    CriteriaService criteria,
    LoadReportService reports,
    IncidentReportService incidentReports,
    PastDueRetroService pastDueRetros,
    IRosterRepository roster,
    INoticeRenderer renderer,
    IOptions<IncidentOptions> incidentOptions,
    IOptions<CommsOptions> commsOptions,
    TimeProvider time,
    IOptions<RetroOptions> retroOptions,
    OpenActionItemList actionItems,
    FinalReportService finalReports,
    ConfidentialGate gate)
{
    /// <summary>The team's day now: action items due before it are past due.</summary>
    private DateOnly Today => TimeZones.DateAt(time.GetUtcNow(), Zone);

    /// <summary>
    /// Stakeholder audiences' names for readers of <paramref name="language"/>, for the lines that say which notice went to whom:
    /// an English reader reads an audience's <c>DisplayNameEn</c> where it is set (<see cref="CommsOptions.DisplayNameOf(string, Language)"/>), as on the other pages.
    /// </summary>
    private Func<string, string?> AudienceName(Language language) => commsOptions.Value.AudienceNames(language).GetValueOrDefault;

    private TimeZoneInfo Zone => incidentOptions.Value.Zone;

    public Task<IActionResult> ShowAsync(HttpRequest request, string id) =>
        pages.RunAsync(request, PagePath(id), async (visitor, language, ct) =>
        {
            var state = await retros.GetAsync(id, ct);
            await gate.EnsureMayReadAsync(state.Incident, visitor, ct);
            var names = await pages.NamesAsync(ct);
            // Not saved yet: the incident's timeline as a start. What OnDuty wrote itself stays in its stored English (a merged
            // incident's lines say theirs in the reader's words, after the incident's id); the form shows it in the reader's language.
            var content = state.Saved?.Value.Content ?? new RetroContent
            {
                Summary = "",
                Timeline = state.Prefill,
            };
            var done = request.Query["done"].ToString();
            // Owners told by id, named as the roster has them; an id it no longer has is left out rather than shown as an id.
            var told = request.Query["told"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(t => names.GetValueOrDefault(t)).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
            var page = await PageAsync(request, state, visitor, language, SaidIn(RetroFormFields.From(content, state.Saved?.ETag, Zone), language, names.GetValueOrDefault, AudienceName(language)), ct) with
            {
                Done = done.Length > 0 ? done : null,
                DoneOwnersTold = told,
            };
            return PmPages.Html(request, StatusCodes.Status200OK, renderer.Page(page));
        }, acts: true);

    /// <summary>The saved retro as a post-incident report (障害報告書); before a version is saved, 303 to the retro page to write one.</summary>
    public Task<IActionResult> ReportAsync(HttpRequest request, string id) =>
        pages.RunAsync(request, $"/api/incidents/{Uri.EscapeDataString(id)}/retro/report", async (visitor, language, ct) =>
        {
            var state = await retros.GetAsync(id, ct);
            await gate.EnsureMayReadAsync(state.Incident, visitor, ct);
            if (state.Saved?.Value is not { } saved)
            {
                request.HttpContext.Response.Headers.Location = PagePath(id) + PmPages.Lang(language);
                return new StatusCodeResult(StatusCodes.Status303SeeOther);
            }

            var members = (await roster.ListMembersAsync(ct)).Select(m => m.Value).ToList();
            var current = (await criteria.ListAsync(ct)).Select(c => c.Value).ToList();
            var responders = await retros.RespondersAsync(state.Incident, members, ct);
            var severities = await retros.SeverityHistoryAsync(state.Incident, ct);
            return PmPages.Html(request, StatusCodes.Status200OK, renderer.Page(new RetroReportNotice(language, state.Incident, saved, members, current, incidentOptions.Value.TimeZone)
            {
                Responders = responders,
                SeverityHistory = severities,
                AudienceNames = commsOptions.Value.AudienceNames(language),
                Former = await pages.FormerAsync(ct),
                Deliveries = string.Equals(request.Query["deliveries"].ToString(), "true", StringComparison.OrdinalIgnoreCase),
            }));
        });

    /// <summary>A line from a duplicate merged into the incident says which one (<c>INC-2026-0043: …</c>): the form keeps lines as text.</summary>
    /// <summary>
    /// The timeline's lines OnDuty wrote itself (stored in English, as the incident's timeline keeps them) shown in the reader's
    /// words, with the stored text kept beside them (<c>t{n}.system</c>): saved unchanged, a line stays OnDuty's, so a report in
    /// another language says it in that one, and never as the kind's name followed by the same words.
    /// </summary>
    /// <param name="displayName">Members' display names by id or address, for the lines that name members (a duty change, a failed delivery): people read names.</param>
    /// <param name="audienceName">Stakeholder audiences' display names, for the lines that say which notice went to whom.</param>
    internal static Dictionary<string, string> SaidIn(Dictionary<string, string> values, Language language, Func<string, string?> displayName, Func<string, string?>? audienceName = null)
    {
        for (var i = 0; i < RetroFormFields.Rows(values, RetroFormFields.TimelineRows, RetroRules.MaxTimelineEntries); i++)
        {
            var text = values.GetValueOrDefault(RetroFormFields.Timeline(i, "text"));
            var kind = values.GetValueOrDefault(RetroFormFields.Timeline(i, "kind"));
            var merged = values.GetValueOrDefault(RetroFormFields.Timeline(i, "incident"));
            if (!string.IsNullOrEmpty(text) && !string.IsNullOrEmpty(kind) && TimelineText.For(kind, text, Language.Ja) is { } ja && ja != text
                && TimelineText.For(kind, text, language, displayName, audienceName) is { } said)
            {
                values[RetroFormFields.Timeline(i, "system")] = text;
                // Starting its box, in the reader's sentence case as the page's view says it (「Paged the duty members」); after a
                // duplicate's id as it is. Saved unchanged, the stored English stays as it was.
                values[RetroFormFields.Timeline(i, "text")] = string.IsNullOrEmpty(merged) ? Phrases.For(language).LineStart(said) : FromMerged(merged, said)!;
            }
            else if (!string.IsNullOrEmpty(merged))
            {
                // A duplicate's line says which one it came from (「INC-2026-0002: …」); left so, it is saved as it was, its
                // incident kept as data (trial 39, M8: an English report read the duplicate's lines in the Japanese they were saved in).
                values[RetroFormFields.Timeline(i, "system")] = text ?? "";
                values[RetroFormFields.Timeline(i, "text")] = FromMerged(merged, text)!;
            }
        }

        return values;
    }

    internal static string? FromMerged(string? incident, string? text) => string.IsNullOrEmpty(incident) ? text : string.IsNullOrEmpty(text) ? incident : $"{incident}: {text}";

    public Task<IActionResult> SaveAsync(HttpRequest request, string id) =>
        pages.PostAsync(request, PagePath(id), id, async (form, visitor, language, ct) =>
        {
            var state = await retros.GetAsync(id, ct);
            await gate.EnsureMayReadAsync(state.Incident, visitor, ct);
            if (form.Values.GetValueOrDefault("more") is { Length: > 0 } more)
            {
                var grown = RetroPageForm.WithMoreRows(form.Values, more);
                return PmPages.Html(request, StatusCodes.Status200OK, renderer.Page(await PageAsync(request, state, visitor, language, grown, ct)));
            }

            var by = PmPages.By(form, visitor);
            var rosterMembers = await roster.LoadRosterAsync(ct);
            var members = rosterMembers.Keys.ToHashSet(StringComparer.Ordinal);
            var names = await pages.NamesAsync(ct);
            var content = RetroPageForm.Read(form, Zone, members, names.GetValueOrDefault, AudienceName(Language.Ja), Today, state.Saved?.Value.Content.ActionItems, AudienceName(Language.En));
            var status = StatusCodes.Status400BadRequest;
            var values = form.Values;
            if (content is not null && by is not null)
            {
                var etag = form.Values.GetValueOrDefault(RetroFormFields.ETag);
                try
                {
                    var saved = await retros.SaveTellingAsync(id, content, by, string.IsNullOrEmpty(etag) ? null : etag, ct);
                    // Whom the save mailed their action items, by member id: the page names them (never their addresses).
                    return PmPages.Done(request, PagePath(id), language, "saved",
                        saved.OwnersTold.Count == 0 ? "" : "&told=" + string.Join(",", saved.OwnersTold.Select(m => Uri.EscapeDataString(m.Id))));
                }
                catch (ValidationException ex)
                {
                    form.AddAll(ex.Errors);
                }
                catch (ConcurrencyException)
                {
                    // Someone saved first: show their version next to this one. The form now carries their ETag, so saving
                    // again (after merging by hand) replaces theirs knowingly.
                    state = await retros.GetAsync(id, ct);
                    values = new Dictionary<string, string>(form.Values, StringComparer.Ordinal) { [RetroFormFields.ETag] = state.Saved?.ETag ?? "" };
                    status = StatusCodes.Status409Conflict;
                }
            }

            var page = await PageAsync(request, state, visitor, language, values, ct) with
            {
                Errors = form.Errors,
                Stale = status == StatusCodes.Status409Conflict,
            };
            return PmPages.Html(request, status, renderer.Page(page));
        }, RetroPageForm.Limits);

    /// <summary>The fair-load report as a page (<c>?from=&amp;to=</c> as the JSON route, default the last 12 weeks).</summary>
    public Task<IActionResult> LoadAsync(HttpRequest request) =>
        pages.RunAsync(request, "/api/reports/load/page", async (_, language, ct) =>
        {
            var (from, to) = AskedRange(request);
            // Not asked: the service's default, which leaves the look-ahead out of a range already over.
            int? ahead = request.Query.ContainsKey("ahead")
                ? OnDuty.Functions.Http.HttpApi.QueryInt(request, "ahead", LoadReportService.DefaultAheadWeeks, 0, LoadReportService.MaxAheadWeeks)
                : null;
            var report = await reports.ComputeAsync(from, to, ahead, ct);
            return PmPages.Html(request, StatusCodes.Status200OK, renderer.Page(new LoadReportPageNotice(language, report)));
        });

    /// <summary>The open action items across retros as a page (<c>GET /api/action-items?status=open</c>'s list), for the lead.</summary>
    public Task<IActionResult> ActionItemsAsync(HttpRequest request) =>
        pages.RunAsync(request, "/api/action-items/page", async (visitor, language, ct) =>
        {
            // A confidential incident's items are listed whole to those who may read every one; to anyone else masked, reading the
            // incident for a row that does not say (written before the index kept it).
            var reads = ConfidentialAccess.ReadsConfidentialBySetting(visitor, incidentOptions.Value);
            var items = await actionItems.ListAsync(ct, readUnknown: !reads);
            return PmPages.Html(request, StatusCodes.Status200OK, renderer.Page(new ActionItemsPageNotice(language, items)
            {
                UndatedReminderDays = retroOptions.Value.UndatedReminderDays,
                ReadsConfidential = reads,
                // Those of incidents an outsider was added on are theirs to read whole (one query, only when one is listed masked).
                AddedOn = !reads && items.Any(i => i.Confidential) ? await gate.AddedOnAsync(visitor, ct) : new HashSet<string>(),
            }));
        });

    /// <summary>The incident report as a page (<c>?from=&amp;to=</c> as the JSON route, default this month so far).</summary>
    public Task<IActionResult> IncidentReportAsync(HttpRequest request) =>
        pages.RunAsync(request, RangePath("/api/reports/incidents/page", request), async (_, language, ct) =>
        {
            var (from, to) = AskedRange(request);
            var report = await incidentReports.ComputeAsync(from, to, ct);
            // Retros owed from before the report's days and past due today, as the monthly email lists them: a month long past
            // still shows what is owed now (the page says the day), since that is what a lead opening it has to chase.
            var pastDue = await pastDueRetros.ComputeAsync(report.From, ct);
            return PmPages.Html(request, StatusCodes.Status200OK, renderer.Page(new IncidentReportNotice(language, report) { PastDue = pastDue }));
        });

    /// <summary>
    /// The report's incidents as a CSV download (same range as the page). UTF-8 with a byte-order mark, which Excel needs to
    /// read Japanese in a CSV; not cached, like the pages.
    /// </summary>
    public Task<IActionResult> IncidentReportCsvAsync(HttpRequest request) =>
        pages.RunAsync(request, RangePath("/api/reports/incidents/csv", request), async (_, language, ct) =>
        {
            var (from, to) = AskedRange(request);
            var list = await incidentReports.ListAsync(from, to, ct);
            var csv = renderer.Text(new IncidentReportCsvNotice(language, list));
            // Truncated: more incidents than one report reads (Reports__MaxIncidents).
            return OnDuty.Functions.Http.CsvDownload.Of(request, csv,
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $"incidents-{list.From:yyyy-MM-dd}-{list.To:yyyy-MM-dd}.csv"), list.Truncated);
        });

    /// <summary>
    /// <c>POST /api/incidents/{id}/retro/final-report</c>: 「プレビュー」 shows the mail as it will go and the confirmation naming the audiences
    /// and how many addresses; 「送信する」 sends it (303 back to the retro page, which says so), or shows the form again with the problem
    /// (400, or 409 when it cannot go: open, merged, nobody told, no retro). Sent once: a repeat sends nothing and the page says it went.
    /// </summary>
    public Task<IActionResult> FinalReportAsync(HttpRequest request, string id) =>
        pages.PostAsync(request, PagePath(id), id, async (form, visitor, language, ct) =>
        {
            await gate.EnsureMayReadAsync(id, visitor, ct);
            var text = FinalReportFormFields.Read(form.Values);
            var by = PmPages.By(form, visitor);
            var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
            var status = StatusCodes.Status400BadRequest;
            RenderedEmail? preview = null;
            IReadOnlyDictionary<Language, RenderedEmail> others = new Dictionary<Language, RenderedEmail>();
            FinalReportDraft? draft = null;
            try
            {
                var step = form.Values.GetValueOrDefault(FinalReportFormFields.Step);
                if (step == FinalReportFormFields.Send)
                {
                    await finalReports.SendAsync(id, text, by ?? "", ct);
                    return PmPages.Done(request, PagePath(id), language, "finalReport");
                }

                if (step == FinalReportFormFields.Correct)
                {
                    var (_, sentNow) = await finalReports.CorrectAsync(id, text, by ?? "", ct);
                    return PmPages.Done(request, PagePath(id), language, sentNow ? "finalReportCorrected" : "finalReportUnchanged");
                }

                text.Validate(by);
                draft = await finalReports.GetAsync(id, ct);
                var shown = draft;
                var holder = await ContactHolder.FindAsync(shown.Incident, roster, ct);
                var commsLead = await ContactHolder.CommsLeadAsync(shown.Incident, roster, ct);
                // Once sent, the preview is the correction's mail (【訂正】, what was said and what is right).
                var correction = shown.Sent is { } sent ? new FinalReportCorrection(sent.At, shown.Last) : null;
                preview = renderer.Email(new FinalReportNotice(language, shown.Incident, incidentOptions.Value.TimeZone, text.Trimmed()) { Holder = holder, CommsLead = commsLead, Correction = correction });
                // Each other language its readers read, as they will get it (an English reader in a Japanese audience, trial 55).
                others = shown.Languages.Where(l => l != language).ToDictionary(
                    l => l, l => renderer.Email(new FinalReportNotice(l, shown.Incident, incidentOptions.Value.TimeZone, text.Trimmed()) { Holder = holder, CommsLead = commsLead, Correction = correction }));
                status = StatusCodes.Status200OK;
            }
            catch (ValidationException ex)
            {
                foreach (var (field, messages) in ex.Errors)
                {
                    errors[FinalReportFormFields.Of(field)] = messages;
                }
            }
            catch (ConflictException ex)
            {
                // A refusal with words of its own (another correction sent meanwhile) is said in the page's language, not the API's English.
                errors[ex.Field] = [ex.Refusal is { } refusal && RefusalText.Knows(refusal.Code) ? RefusalText.Say(refusal, language, RefusalReader.Page) : ex.Reason];
                status = StatusCodes.Status409Conflict;
            }

            var state = await retros.GetAsync(id, ct);
            var names = await pages.NamesAsync(ct);
            var content = state.Saved?.Value.Content ?? new RetroContent { Summary = "", Timeline = state.Prefill };
            // The draft the preview was made from (its audiences resolved once), else read now.
            var section = new FinalReportSection(draft ?? await finalReports.GetAsync(id, ct))
            {
                Values = form.Values,
                Preview = preview,
                OtherPreviews = others,
                Errors = errors,
                MayAct = visitor.MayAct,
            };
            var page = await PageAsync(request, state, visitor, language, SaidIn(RetroFormFields.From(content, state.Saved?.ETag, Zone), language, names.GetValueOrDefault, AudienceName(language)), ct, section);
            return PmPages.Html(request, status, renderer.Page(page));
        }, RetroPageForm.Limits);

    private async Task<RetroPageNotice> PageAsync(
        HttpRequest request, RetroState state, PageVisitor visitor, Language language, IReadOnlyDictionary<string, string> values, CancellationToken ct,
        FinalReportSection? finalReport = null)
    {
        // Owners and criteria to choose from: the active ones, and any inactive one the retro already names (kept, not dropped).
        var named = values.Values.ToHashSet(StringComparer.Ordinal);
        var members = (await roster.ListMembersAsync(ct)).Select(m => m.Value)
            .Where(m => m.Active || named.Contains(m.Id))
            .OrderBy(m => m.DisplayName, StringComparer.Ordinal)
            .ToList();
        var current = (await criteria.ListAsync(ct)).Select(c => c.Value)
            .Where(c => c.Active || values.GetValueOrDefault(RetroFormFields.Criterion(c.Id)) == "true")
            .ToList();
        return new RetroPageNotice(language, state, members, current, pages.Token(request), visitor, incidentOptions.Value.TimeZone)
        {
            Values = values,
            AudienceNames = commsOptions.Value.AudienceNames(language),
            Former = await pages.FormerAsync(ct),
            Today = Today,
            SelfResolvedMinutes = RetroDue.SelfResolvedMinutes(state.Incident, retroOptions.Value.SelfResolvedGrace),
            // 「関係者への最終報」 once stakeholders were told about it; the draft as the retro and the record have it.
            FinalReport = finalReport ?? (state.Incident.Comms.ToldAudiences.Count == 0 ? null
                : new FinalReportSection(await finalReports.GetAsync(state.Incident.Id, ct)) { MayAct = visitor.MayAct }),
        };
    }

    private static string PagePath(string id) => $"/api/incidents/{Uri.EscapeDataString(id)}/retro/page";

    /// <summary>A report's <c>?from=&amp;to=</c> (either may be left out; a value not a date is a 400 naming it).</summary>
    private static (DateOnly? From, DateOnly? To) AskedRange(HttpRequest request) =>
        (Retros.LessonsFunctions.QueryDate(request, "from"), Retros.LessonsFunctions.QueryDate(request, "to"));

    /// <summary>
    /// A report's path with the range asked for (<c>?from=&amp;to=</c>, as parsed dates only), for sign-in to come back to the
    /// same month: a lead opening the monthly email's link signed out lands on that month. A date that does not parse is left
    /// out (the page then says what is wrong with it).
    /// </summary>
    private static string RangePath(string path, HttpRequest request)
    {
        var query = new List<string>();
        foreach (var name in new[] { "from", "to" })
        {
            if (Retros.LessonsFunctions.TryQueryDate(request, name, out var date))
            {
                query.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{name}={date:yyyy-MM-dd}"));
            }
        }

        return query.Count == 0 ? path : $"{path}?{string.Join('&', query)}";
    }
}
