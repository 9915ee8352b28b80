using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Messages;
using OnDuty.Core.Retros;
using OnDuty.Core.Team;

namespace OnDuty.Functions.Pages;

/// <summary>
/// The judgement criteria page (判断基準) and the lessons search page (過去の教訓を探す) over <see cref="CriteriaService"/> and
/// <see cref="LessonSearch"/>, with the sign-in, anti-forgery, headers and post-redirect-get of the other PM pages
/// (<see cref="PmPages"/>): what the JSON API does with a function key, a signed-in PM does here. A change that lost the race
/// (someone saved the criterion since the page was read) answers 409 with what this person typed still in the form.
/// </summary>
public sealed class CriteriaPages(
    PmPages pages,
    CriteriaService criteria,
    RetroService retros,
    LessonSearch lessons,
    CriteriaSearch criteriaSearch,
    CriterionProposals proposals,
    IRosterRepository roster,
    INoticeRenderer renderer,
    IOptions<IncidentOptions> incidentOptions)
{
    public const string Path = "/api/criteria/page";

    public const string LessonsPath = "/api/retros/page";

    public const string ProposalsPath = "/api/criteria/proposals/page";

    /// <summary>How many hits the lessons page shows.</summary>
    public const int LessonsShown = 20;

    /// <summary>
    /// <c>GET /api/criteria/page?edit={id}&amp;retro={incident}</c>: the criteria, and the one asked for opened with its history
    /// and edit form, started from the retro's note when <c>retro</c> names one.
    /// </summary>
    public Task<IActionResult> ShowAsync(HttpRequest request) =>
        pages.RunAsync(request, ShowPath(request), async (visitor, language, ct) =>
        {
            var done = request.Query["done"].ToString();
            var page = await PageAsync(request, visitor, language, Asked(request, "edit"), Asked(request, "retro"), ct) with { Done = done.Length > 0 ? done : null };
            return PmPages.Html(request, page.Missing is null ? StatusCodes.Status200OK : StatusCodes.Status404NotFound, renderer.Page(page));
        }, acts: true);

    /// <summary>
    /// <c>POST /api/criteria/page/{form}</c>: <c>add</c> a criterion (version 1) or <c>edit</c> one at the ETag the page showed;
    /// 303 to it, or the page again with what was typed (400; 409 when someone saved it first — nothing of theirs is overwritten).
    /// </summary>
    public Task<IActionResult> PostAsync(HttpRequest request, string formName) =>
        pages.PostAsync(request, Path, null, async (form, visitor, language, ct) =>
        {
            if (formName is not ("add" or "edit"))
            {
                return PmPages.Html(request, StatusCodes.Status404NotFound, renderer.Page(new PageProblemNotice(language, PageProblem.FormNotFound)));
            }

            var by = PmPages.By(form, visitor);
            var editing = formName == "edit" ? form.Text("id", 100, required: true) : null;
            var title = form.Text("title", Criterion.MaxTitle, required: true);
            var text = form.Text("text", Criterion.MaxText, required: true);
            var titleEn = form.Text("titleEn", Criterion.MaxTitle);
            var textEn = form.Text("textEn", Criterion.MaxText);
            var topic = form.Text("topic", Criterion.MaxTopic);
            var topicName = form.Text("topicName", Criterion.MaxTopicName);
            var topicNameEn = form.Text("topicNameEn", Criterion.MaxTopicName);
            foreach (var (field, name) in new[] { ("topicName", topicName), ("topicNameEn", topicNameEn) })
            {
                if (name is not null && topic is null)
                {
                    // A name for no topic would be dropped on the list: said next to the field, not lost.
                    form.Add(field, "topicNameNeedsTopic");
                }
            }

            var note = form.Text("note", Criterion.MaxNote);
            var retro = form.Text("retro", 40);
            var stale = false;
            var values = form.Values;
            if (form.Valid && by is not null && title is not null && text is not null && (formName == "add" || editing is not null))
            {
                var criterion = new Criterion
                {
                    Id = editing ?? "c-" + Guid.NewGuid().ToString("N")[..10],
                    Title = title,
                    Text = text,
                    TitleEn = titleEn,
                    TextEn = textEn,
                    Topic = topic,
                    TopicName = topicName,
                    TopicNameEn = topicNameEn,
                    // The box is shown on both forms: unticked, it is not posted.
                    Active = form.Values.GetValueOrDefault("active") == "true",
                    Note = note,
                    Retro = retro,
                    UpdatedBy = by,
                };
                try
                {
                    if (editing is null)
                    {
                        var added = await criteria.AddAsync(criterion, ct);
                        return PmPages.Done(request, Path, language, "added", $"&edit={Uri.EscapeDataString(added.Value.Id)}");
                    }

                    // Only the version the page read: a posted "*" (overwrite whatever is there) is no version, so it is checked as one
                    // that is stale, and the person sees what changed before saving again.
                    var etag = form.Values.GetValueOrDefault("etag");
                    var changed = await criteria.ChangeAsync(criterion, string.IsNullOrEmpty(etag) || etag.Trim() == "*" ? null : etag, ct);
                    return PmPages.Done(request, Path, language, "changed", $"&edit={Uri.EscapeDataString(changed.Value.Id)}");
                }
                catch (ValidationException ex)
                {
                    // The retro's incident gone meanwhile: said in the page's words (PmPage.Error.retroGone), not the API's English.
                    form.AddAll(ex.Errors.ToDictionary(e => e.Key, e => e.Key == "retro" && retro is not null ? [$"retroGone:{retro}"] : e.Value, StringComparer.Ordinal));
                }
                catch (NotFoundException) when (editing is not null)
                {
                    // Its id changed on the way (the form only edits criteria it listed): said as the page says an unknown one.
                    var missing = await PageAsync(request, visitor, language, null, null, ct) with { Missing = editing };
                    return PmPages.Html(request, StatusCodes.Status404NotFound, renderer.Page(missing));
                }
                catch (ConcurrencyException)
                {
                    // Someone saved it first: what this person typed stays, with the current version's ETag, so saving again
                    // (after reading theirs) replaces it knowingly.
                    stale = true;
                    form.Add("title", "criterionStale");
                }
            }

            var page = await PageAsync(request, visitor, language, editing, retro, ct);
            if (stale && page.Missing is not null)
            {
                // No version posted for an id no criterion has: said as an unknown one, not as someone else's save.
                return PmPages.Html(request, StatusCodes.Status404NotFound, renderer.Page(page));
            }

            if (stale && page.EditingETag is { } current)
            {
                values = new Dictionary<string, string>(form.Values, StringComparer.Ordinal) { ["etag"] = current };
            }

            page = page with { FailedForm = formName, Values = values, Errors = form.Errors, Stale = stale };
            return PmPages.Html(request, stale ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest, renderer.Page(page));
        });

    /// <summary>
    /// <c>GET /api/criteria/proposals/page?show=all</c>: 判断基準の見直し提案, every criteria change proposed by a retro, newest first —
    /// those not yet adopted, or with <c>show=all</c> all of them (<see cref="CriterionProposals"/>).
    /// </summary>
    public Task<IActionResult> ProposalsAsync(HttpRequest request)
    {
        var all = request.Query["show"].ToString().Trim() == "all";
        return pages.RunAsync(request, all ? ProposalsPath + "?show=all" : ProposalsPath, async (_, language, ct) =>
        {
            var list = await proposals.ListAsync(all, ct);
            return PmPages.Html(request, StatusCodes.Status200OK, renderer.Page(new CriterionProposalsPageNotice(language, list, incidentOptions.Value.TimeZone)
            {
                Names = await pages.NamesAsync(ct),
                Former = await roster.ListFormerMembersAsync(ct),
            }));
        });
    }

    /// <summary>
    /// <c>GET /api/retros/page?q=</c>: the lessons search as <c>GET /api/retros?q=</c> runs it, as a page, with the judgement criteria
    /// the words find above the incidents; a query it refuses is said next to the box (400).
    /// </summary>
    public Task<IActionResult> LessonsAsync(HttpRequest request) =>
        pages.RunAsync(request, LessonsPath + (Asked(request, "q") is { } asked ? "?q=" + Uri.EscapeDataString(asked) : ""), async (visitor, language, ct) =>
        {
            var q = request.Query["q"].ToString().Trim();
            try
            {
                // One more than shown: whether more match than the page lists ("20 件" alone read as all there are).
                // A confidential incident the visitor may not read is found only by its id and severity (no oracle of its words).
                // One they were added on is theirs to find and read whole (one query of the index; none for a member).
                var addedOn = await pages.ConfidentialAddedOnAsync(visitor, ct);
                var hits = await lessons.SearchAsync(q, null, null, null, null, LessonsShown + 1, ct, i => ConfidentialAccess.MayReadBySetting(i, visitor, incidentOptions.Value) || addedOn.Contains(i.Id));
                var found = await criteriaSearch.FindAsync(q, CriteriaSearch.Shown, ct);
                return PmPages.Html(request, StatusCodes.Status200OK, renderer.Page(new LessonsPageNotice(language, q, [.. hits.Take(LessonsShown)], incidentOptions.Value.TimeZone)
                {
                    ReadsConfidential = ConfidentialAccess.ReadsConfidentialBySetting(visitor, incidentOptions.Value),
                    AddedOn = addedOn,
                    Criteria = found,
                    More = q.Length > 0 && hits.Count > LessonsShown,
                }));
            }
            catch (ValidationException ex) when (ex.Errors.ContainsKey("q"))
            {
                var code = q.Length > LessonSearch.MaxQueryLength ? $"tooLong:{LessonSearch.MaxQueryLength}" : "searchNothing";
                return PmPages.Html(request, StatusCodes.Status400BadRequest, renderer.Page(new LessonsPageNotice(language, q, [], incidentOptions.Value.TimeZone) { QueryError = code }));
            }
        });

    private async Task<CriteriaPageNotice> PageAsync(HttpRequest request, PageVisitor visitor, Language language, string? edit, string? retro, CancellationToken ct)
    {
        var all = (await criteria.ListAsync(ct)).Select(c => c.Value).ToList();
        var page = new CriteriaPageNotice(language, all, pages.Token(request), visitor, incidentOptions.Value.TimeZone) { Names = await pages.NamesAsync(ct), Former = await pages.FormerAsync(ct) };
        if (edit is null)
        {
            return page;
        }

        try
        {
            var (current, history) = await criteria.GetAsync(edit, ct);
            page = page with { Editing = current.Value, EditingETag = current.ETag, History = history };
        }
        catch (NotFoundException)
        {
            return page with { Missing = edit };
        }

        if (retro is not null)
        {
            // The retro's note on this criterion, as saved (what was typed on the retro page and not saved is not known here).
            // A retro id naming no incident (a mistyped link, a merged-away one) opens the plain edit form: never the incident 404,
            // which would lose what the person typed.
            try
            {
                var state = await retros.GetAsync(retro, ct);
                var note = state.Saved?.Value.Content.CriteriaChanges.FirstOrDefault(c => c.CriterionId == edit)?.Note;
                page = page with { FromRetro = new CriterionRetroNote(state.Incident.Id, state.Incident.Title, note) };
            }
            catch (NotFoundException)
            {
            }
        }

        return page;
    }

    /// <summary>A query value, trimmed; null when not given.</summary>
    private static string? Asked(HttpRequest request, string name) =>
        request.Query[name].ToString().Trim() is { Length: > 0 } value ? value : null;

    /// <summary>Where sign-in comes back to: the criterion and retro asked for.</summary>
    private static string ShowPath(HttpRequest request)
    {
        var query = new List<string>();
        foreach (var name in new[] { "edit", "retro" })
        {
            if (Asked(request, name) is { } value)
            {
                query.Add($"{name}={Uri.EscapeDataString(value)}");
            }
        }

        return query.Count == 0 ? Path : $"{Path}?{string.Join('&', query)}";
    }
}
