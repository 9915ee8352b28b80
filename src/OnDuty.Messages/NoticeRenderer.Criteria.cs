using System.Globalization;
using OnDuty.Core.Common;
using OnDuty.Core.Messages;
using OnDuty.Core.Retros;
using OnDuty.Core.Team;

namespace OnDuty.Messages;

/// <summary>
/// The judgement criteria page (every criterion, one opened with its history and edit form, the add form) and the lessons
/// search page (hits with the matched words marked, each encoded piece by piece).
/// </summary>
public sealed partial class NoticeRenderer
{
    /// <summary>The fields of the criteria forms a problem is said next to; any other (a rule only the domain knew) is listed at the top.</summary>
    private static readonly HashSet<string> CriteriaFormFields = new(["by", "title", "text", "titleEn", "textEn", "topic", "topicName", "topicNameEn", "note"], StringComparer.Ordinal);

    private string CriteriaPage(CriteriaPageNotice n)
    {
        var p = Phrases.For(n.Language);
        // Whoever the page names by an id the roster no longer has: by the name they had, marked.
        n = n with { Names = WithFormer(n.Names, n.Former, p) };
        var zone = TimeZones.Find(n.TimeZone);
        var query = Query(n.Language);
        string Who(string by) => ActorText.Name(by, n.Names.GetValueOrDefault, p) ?? by;
        string Changed(Criterion c) => string.Join(" · ", new[]
        {
            p.Format("Criteria.Version", c.Version),
            p.TimeWithZone(c.UpdatedAt, zone, n.TimeZone, "Format.Stamp"),
            Who(c.UpdatedBy),
        });
        string? RetroLink(string? incident) => incident is null ? null : $"/api/incidents/{Uri.EscapeDataString(incident)}/retro/page{query}";

        var none = new Dictionary<string, string[]>();
        IReadOnlyDictionary<string, string[]> ErrorsFor(string form) => n.FailedForm == form ? n.Errors : none;
        FieldView Field(string form, IReadOnlyDictionary<string, string> values, string name, string kind, bool required, int max) => new(
            name, p[$"Criteria.Field.{name}"], p.Has($"Criteria.Hint.{name}") ? p[$"Criteria.Hint.{name}"] : null, kind,
            values.GetValueOrDefault(name) ?? "", FirstError(ErrorsFor(form), name, p), required, max, []);
        FieldView? Name(string form, IReadOnlyDictionary<string, string> values) =>
            Visitor(n.Visitor, values, ErrorsFor(form), p).NameField is { } field ? field with { Hint = p["Criteria.Hint.by"] } : null;

        // Topics as people read them, and the ones in use offered on both forms (a datalist: any other can still be typed).
        var topics = CriterionTopics.Of(n.Criteria);
        IReadOnlyList<OptionView> topicChoices = [.. topics.All.Select(t => new OptionView(t.Slug, (n.Language == Language.Ja ? t.Name : t.NameEn ?? t.Name) ?? "", false))];
        FieldView TopicFields(string form, IReadOnlyDictionary<string, string> values, string name) => name == "topic"
            ? Field(form, values, "topic", "text", false, Criterion.MaxTopic) with { Options = topicChoices }
            : Field(form, values, name, "text", false, Criterion.MaxTopicName);

        // The English words are optional: the Japanese stay required, and English readers see them marked where none are given.
        FieldView[] Words(string form, IReadOnlyDictionary<string, string> values) =>
        [
            Field(form, values, "title", "text", true, Criterion.MaxTitle),
            Field(form, values, "text", "textarea", true, Criterion.MaxText) with { Rows = 6 },
            Field(form, values, "titleEn", "text", false, Criterion.MaxTitle),
            Field(form, values, "textEn", "textarea", false, Criterion.MaxText) with { Rows = 4 },
            TopicFields(form, values, "topic"),
            TopicFields(form, values, "topicName"),
            TopicFields(form, values, "topicNameEn"),
        ];
        CriterionVersionView Version(Criterion v, string? fromRetro, string? retroLink)
        {
            var w = CriterionWording.Of(v, p);
            return new CriterionVersionView(
                p.Format("Criteria.Version", v.Version), p.TimeWithZone(v.UpdatedAt, zone, n.TimeZone, "Format.Stamp"), Who(v.UpdatedBy), fromRetro, retroLink, v.Note, w.Title, w.Text,
                v.Active ? null : p["Criteria.Inactive"])
            {
                TitleMark = w.TitleMark,
                TextMark = w.TextMark,
            };
        }

        var list = n.Criteria
            .OrderBy(c => c.Active ? 0 : 1)
            .ThenBy(c => c.Topic ?? "~", StringComparer.Ordinal)
            .ThenBy(c => CriterionWording.Of(c, p).Title, StringComparer.Ordinal)
            .Select(c =>
            {
                var w = CriterionWording.Of(c, p);
                var (topic, topicMark) = CriterionWording.Topic(topics, c.Topic, p);
                return new CriterionRowView(
                    c.Id, w.Title, w.Text, topic, c.Active ? null : p["Criteria.Inactive"], Changed(c),
                    c.Retro is { } retro ? p.Format("Criteria.FromRetro", retro) : null, RetroLink(c.Retro),
                    $"{CriteriaPath}{query}&edit={Uri.EscapeDataString(c.Id)}#edit")
                {
                    TitleMark = w.TitleMark,
                    TextMark = w.TextMark,
                    TopicMark = topicMark,
                };
            })
            .ToList();

        var forms = new List<CriteriaFormView>();
        if (n.Editing is { } e)
        {
            var values = n.FailedForm == "edit" ? n.Values : new Dictionary<string, string>
            {
                ["title"] = e.Title,
                ["text"] = e.Text,
                ["titleEn"] = e.TitleEn ?? "",
                ["textEn"] = e.TextEn ?? "",
                ["topic"] = e.Topic ?? "",
                // The name the list shows for its topic, so saving keeps what people read.
                ["topicName"] = e.TopicName ?? topics.NameOf(e.Topic) ?? "",
                ["topicNameEn"] = e.TopicNameEn ?? topics.NameEnOf(e.Topic) ?? "",
                ["active"] = e.Active ? "true" : "",
                // From a retro: its note is why the criterion changes, written already.
                ["note"] = n.FromRetro?.Note ?? "",
                ["etag"] = n.EditingETag ?? "",
                ["retro"] = n.FromRetro?.IncidentId ?? "",
            };
            var versions = n.History.OrderBy(v => v.Version).ToList();
            var history = versions
                .Select((v, i) => Version(v, v.Retro is { } retro ? p.Format("Criteria.FromRetro", retro) : null, RetroLink(v.Retro)) with
                {
                    EnglishChange = i == 0 ? null : EnglishChange(versions[i - 1], v, p),
                })
                .Reverse()
                .ToList();
            forms.Add(new CriteriaFormView(
                "edit", EditHeading(CriterionWording.Of(e, p), p), p.Format("Criteria.Edit.Current", Changed(e)), p["Criteria.Edit.Submit"],
                [
                    new HiddenView("id", e.Id),
                    new HiddenView("etag", values.GetValueOrDefault("etag") ?? ""),
                    new HiddenView("retro", values.GetValueOrDefault("retro") ?? ""),
                ],
                [
                    .. Present(Name("edit", values)),
                    .. Words("edit", values),
                    Field("edit", values, "active", "checkbox", false, 0),
                    Field("edit", values, "note", "textarea", false, Criterion.MaxNote) with { Rows = 4 },
                ],
                history)
            {
                FromRetro = n.FromRetro is { } from
                    ? p.Format(from.Note is null ? "Criteria.FromRetro.NoNote" : "Criteria.FromRetro.Context", from.IncidentId, IncidentTitle(from.IncidentTitle, p))
                    : null,
                FromRetroNote = n.FromRetro?.Note,
                FromRetroLink = RetroLink(n.FromRetro?.IncidentId),
                Stale = n.Stale ? p.Format("Criteria.Stale", Called(Who(e.UpdatedBy), null, p), e.Version, p.TimeWithZone(e.UpdatedAt, zone, n.TimeZone, "Format.Stamp")) : null,
                Current = n.Stale ? Version(e, null, null) : null,
            });
        }

        var addValues = n.FailedForm == "add" ? n.Values : new Dictionary<string, string>();
        forms.Add(new CriteriaFormView(
            "add", p["Criteria.Add.Heading"], p["Criteria.Add.Hint"], p["Criteria.Add.Submit"],
            [new HiddenView("active", "true")],
            [
                .. Present(Name("add", addValues)),
                .. Words("add", addValues),
            ],
            []));
        // A problem the page has words for (the retro's incident gone) in them; any other as the domain said it, with its field.
        var other = n.Errors.Where(x => !CriteriaFormFields.Contains(x.Key))
            .Select(x => x.Value is [var code] && p.Has($"PmPage.Error.{code.Split(':', 2)[0]}") ? FirstError(n.Errors, x.Key, p)! : $"{x.Key}: {string.Join(" ", x.Value)}")
            .ToList();

        var model = new CriteriaPageView(
            LanguageTag(n.Language), p["Criteria.Title"], query, n.Token.FieldName, n.Token.Value,
            n.Done is { } done && p.Has($"Criteria.Done.{done}") ? p.Format($"Criteria.Done.{done}", n.Editing?.Version ?? 0) : null,
            n.Missing is { } missing ? p.Format("Criteria.NotFound", missing) : n.Errors.Count > 0 && !n.Stale ? p["PmPage.Form.Fix"] : null,
            other,
            n.Visitor.SignedIn ? p.Format("PmPage.SignedInAs", n.Visitor.Name) : null,
            // One who may not act reads a criterion's text and history (its form shown disabled), and adds none.
            list, n.Visitor.MayAct ? forms : [.. forms.Where(f => f.Name != "add")])
        {
            ReadOnly = ReadOnlyNote(n.Visitor, p),
        };
        return templates.RenderHtml("criteria-page.html", model, p);
    }

    private string LessonsPage(LessonsPageNotice n)
    {
        var p = Phrases.For(n.Language);
        var zone = TimeZones.Find(n.TimeZone);
        var query = Query(n.Language);
        // A confidential hit: whole with the 「非公開」 badge for those who may read it, else 「非公開の障害」 with its link only.
        var hits = n.Hits.Select(h => n.Reads(h.IncidentId) ? h : Withheld(h, p)).Select(h => new LessonHitView(
            h.IncidentId,
            h.RetroVersion is not null
                ? $"/api/incidents/{Uri.EscapeDataString(h.IncidentId)}/retro/page{query}"
                : $"/api/incidents/{Uri.EscapeDataString(h.IncidentId)}/page{query}",
            p[h.RetroVersion is not null ? "Lessons.OpenRetro" : "Lessons.OpenIncident"],
            IncidentTitle(h.Title, p), SevLabel(h.Severity), HitTime(h, zone, n.TimeZone, p), h.Areas.Count == 0 ? null : p.Join(h.Areas),
            h.Snippet is { } s ? p.Format("Lessons.Where", LessonField(s.Field, p)) : null,
            h.Snippet is { } snippet ? Pieces(snippet) : [],
            h.Partial ? p["Lessons.Partial"] : null)
        {
            Badge = h.Confidential && n.Reads(h.IncidentId) ? p["PmPage.Confidential.Badge"] : null,
            // A merged duplicate points to the incident it went into, and to that incident's retro where the lessons are.
            Merged = h.MergedInto is { } into ? p.Format("Lessons.MergedInto", into) : null,
            MergedLink = h.MergedInto is { } target
                ? h.MergedIntoRetroVersion is not null
                    ? $"/api/incidents/{Uri.EscapeDataString(target)}/retro/page{query}"
                    : $"/api/incidents/{Uri.EscapeDataString(target)}/page{query}"
                : null,
            MergedLinkText = h.MergedInto is { } t2 ? p.Format(h.MergedIntoRetroVersion is not null ? "Lessons.OpenMergedRetro" : "Lessons.OpenMergedIncident", t2) : null,
        }).ToList();
        var criteria = n.QueryError is not null || n.Query.Length == 0 ? [] : n.Criteria.Select(c =>
        {
            var w = CriterionWording.Of(c, p);
            var (topic, topicMark) = CriterionWording.Topic(c, p);
            var (snippet, japanese) = CriterionSnippet(c, p.Language);
            return new CriterionHitView(
                $"{CriteriaPath}{query}&edit={Uri.EscapeDataString(c.Id)}#edit", w.Title, w.TitleMark, topic, topicMark, Pieces(snippet),
                japanese && p.Language != Language.Ja && TextScript.HasCjk(snippet.Text) ? p["Criteria.JapaneseOnly"] : null);
        }).ToList();
        var model = new LessonsPageView(
            LanguageTag(n.Language), p["Lessons.Title"], query, n.Query,
            n.QueryError is { } code ? FirstError(new Dictionary<string, string[]> { ["q"] = [code] }, "q", p) : null,
            // Under criteria found above, the count is of the past incidents, said as such (「…の検索結果：0 件」 read as if none were found).
            n.Query.Length == 0 ? p["Lessons.Newest"] : p.Format(criteria.Count > 0 ? "Lessons.FoundIncidents" : "Lessons.Found", hits.Count, n.Query),
            // With criteria found above, "nothing found" would read as if they were not: said of the incidents only.
            n.QueryError is null && n.Query.Length > 0 && hits.Count == 0 ? p[criteria.Count > 0 ? "Lessons.NoIncidents" : "Lessons.None"] : null,
            hits)
        {
            Criteria = criteria,
            More = n.More && n.QueryError is null ? p.Format("Lessons.More", hits.Count) : null,
        };
        return templates.RenderHtml("lessons-page.html", model, p);
    }

    /// <summary>
    /// The piece of a found criterion's text a reader reads, and whether it is the Japanese text: the text in the reader's language
    /// where it holds a word of the query, else the other language's where that does (an English reader's marked 「(in Japanese)」),
    /// else the start of the text the reader reads, nothing marked (the query matched its title or topic).
    /// </summary>
    private static (LessonSnippet Snippet, bool Japanese) CriterionSnippet(CriterionHit c, Language language)
    {
        if ((language == Language.Ja ? c.Snippet : c.SnippetEn) is { } own)
        {
            return (own, language == Language.Ja);
        }

        if ((language == Language.Ja ? c.SnippetEn : c.Snippet) is { } other)
        {
            return (other, language != Language.Ja);
        }

        var text = language == Language.Ja ? c.Text : c.TextEn ?? c.Text;
        return (LessonSnippet.Lead("text", text), language == Language.Ja || c.TextEn is null);
    }

    /// <summary>A snippet cut at its highlights: each piece encoded by the template, the matched ones marked.</summary>
    private static List<SnippetPiece> Pieces(LessonSnippet snippet)
    {
        var pieces = new List<SnippetPiece>();
        var at = 0;
        foreach (var h in snippet.Highlights.Where(h => h.Start >= 0 && h.Length > 0 && h.Start + h.Length <= snippet.Text.Length).OrderBy(h => h.Start))
        {
            if (h.Start < at)
            {
                continue;
            }

            if (h.Start > at)
            {
                pieces.Add(new SnippetPiece(snippet.Text[at..h.Start], false));
            }

            pieces.Add(new SnippetPiece(snippet.Text.Substring(h.Start, h.Length), true));
            at = h.Start + h.Length;
        }

        if (at < snippet.Text.Length)
        {
            pieces.Add(new SnippetPiece(snippet.Text[at..], false));
        }

        return pieces;
    }

    /// <summary>Where a snippet was found, as the retro and incident pages name that field.</summary>
    private static string LessonField(string field, Phrases p) => field switch
    {
        "title" => p["Criteria.Field.title"],
        "userImpact" => p["Incident.UserImpact"],
        "workaround" => p["PmPage.Field.workaround"],
        "cause" => p["Lessons.Field.cause"],
        "nextSteps" => p["Lessons.Field.nextSteps"],
        "lastUpdate" => p["Lessons.Field.lastUpdate"],
        "updates" => p["Lessons.Field.updates"],
        "dutyMembers" => p["Incident.OnDuty"],
        "actionItems" => p["Retro.Actions"],
        "actionItemOwners" => p["Lessons.Field.actionItemOwners"],
        "criteriaChanges" => p["Retro.Criteria"],
        "timeline" => p["Retro.Timeline"],
        _ when p.Has($"Retro.Field.{field}") => p[$"Retro.Field.{field}"],
        _ => field,
    };

    /// <summary>
    /// 「英語の表記を変更しました（タイトル、説明）。」 / "English wording changed: title “…”, description." for a version whose English
    /// words differ from the version before: a Japanese reader's history otherwise shows the same words twice for a change to the
    /// English alone. English readers read the new title and topic name (the description is the version's own text). Null when the
    /// English words did not change. A topic name given where the version before had none is not said: saving a criterion stores the
    /// name its topic already shows (the form starts with it), which nobody changed.
    /// </summary>
    private static string? EnglishChange(Criterion before, Criterion after, Phrases p)
    {
        string? Part(string field, string? was, string? now, bool quote)
        {
            if (string.Equals(was, now, StringComparison.Ordinal))
            {
                return null;
            }

            var name = p[$"Criteria.History.English.{field}"];
            return now is null ? p.Format("Criteria.History.English.Removed", name)
                : quote ? p.Format("Criteria.History.English.Words", name, now)
                : name;
        }

        string?[] parts =
        [
            Part("title", before.TitleEn, after.TitleEn, quote: true),
            Part("text", before.TextEn, after.TextEn, quote: false),
            before.TopicNameEn is null ? null : Part("topicName", before.TopicNameEn, after.TopicNameEn, quote: true),
        ];
        var said = parts.OfType<string>().ToList();
        return said.Count == 0 ? null : p.Format("Criteria.History.EnglishChanged", p.Join(said));
    }

    private const string CriteriaPath = "/api/criteria/page";

    /// <summary>The criterion's edit form opened from a retro: what it saves records the retro (<c>Criterion.Retro</c>), adopting its proposal.</summary>
    private static string CriterionFromRetroHref(Core.Team.Language language, string criterionId, string incidentId) =>
        $"{CriteriaPath}{Query(language)}&edit={Uri.EscapeDataString(criterionId)}&retro={Uri.EscapeDataString(incidentId)}#edit";

    /// <summary>「「…」を編集」 / Edit “…”, the Japanese-only marker after the quotes rather than inside them.</summary>
    private static string EditHeading(CriterionWording w, Phrases p) =>
        w.TitleMark is null ? p.Format("Criteria.Edit.Heading", w.Title) : $"{p.Format("Criteria.Edit.Heading", w.Title)} {w.TitleMark}";

    private sealed record CriterionRowView(
        string Id, string Title, string Text, string? Topic, string? Inactive, string Changed, string? FromRetro, string? RetroLink, string EditLink)
    {
        /// <summary>「(in Japanese)」 after a title, text or topic an English reader reads in Japanese (<see cref="CriterionWording"/>).</summary>
        public string? TitleMark { get; init; }

        public string? TextMark { get; init; }

        public string? TopicMark { get; init; }
    }

    private sealed record CriterionVersionView(
        string Version, string At, string By, string? FromRetro, string? RetroLink, string? Note, string Title, string Text, string? Inactive)
    {
        public string? TitleMark { get; init; }

        public string? TextMark { get; init; }

        /// <summary>What changed in the English words since the version before (<see cref="EnglishChange"/>); null when nothing did.</summary>
        public string? EnglishChange { get; init; }
    }

    /// <summary>One of the page's forms: <c>edit</c> (with the criterion's history, and where it was opened from) or <c>add</c>.</summary>
    private sealed record CriteriaFormView(
        string Name, string Heading, string Meta, string Submit, IReadOnlyList<HiddenView> Hidden, IReadOnlyList<FieldView> Fields, IReadOnlyList<CriterionVersionView> History)
    {
        public string? FromRetro { get; init; }

        public string? FromRetroNote { get; init; }

        public string? FromRetroLink { get; init; }

        public string? Stale { get; init; }

        /// <summary>After a stale save: the version someone else saved, read-only beside what this person typed.</summary>
        public CriterionVersionView? Current { get; init; }
    }

    private sealed record CriteriaPageView(
        string Lang, string Title, string Query, string TokenField, string Token, string? Done, string? Problem, IReadOnlyList<string> OtherProblems, string? SignedInAs,
        IReadOnlyList<CriterionRowView> Criteria, IReadOnlyList<CriteriaFormView> Forms)
    {
        /// <summary>Said in place of the forms to a visitor who may not use them.</summary>
        public string? ReadOnly { get; init; }
    }

    private sealed record SnippetPiece(string Text, bool Mark);

    /// <summary>
    /// When a hit's incident happened, with its zone: its detection time, or 「発生 2026/12/05 03:05・検知 03:09（JST）」 when it started (as stored now)
    /// in another minute (trial 39 L3: the hit showed 03:09 where the incident's start was 03:05); the detection's date left out on the same day.
    /// </summary>
    private static string HitTime(LessonHit h, TimeZoneInfo zone, string zoneId, Phrases p)
    {
        var detected = p.Time(h.At, zone, "Format.Stamp");
        var start = h.StartedAt is { } started ? p.Time(started, zone, "Format.Stamp") : detected;
        if (start == detected)
        {
            return p.TimeWithZone(h.At, zone, zoneId, "Format.Stamp");
        }

        // The two times share one zone, said once after both (「発生 2027/01/12 10:56・検知 11:00（JST）」), as a period says its zone.
        var sameDay = TimeZoneInfo.ConvertTime(h.StartedAt!.Value, zone).Date == TimeZoneInfo.ConvertTime(h.At, zone).Date;
        return p.Aside(p.Format("Lessons.StartedDetected", start, sameDay ? p.Time(h.At, zone, "Format.CoverEndSameDay") : detected), p.ZoneName(zoneId, h.StartedAt!.Value, h.At));
    }

    private sealed record LessonHitView(
        string Id, string Link, string LinkText, string Title, string Severity, string DetectedAt, string? Areas, string? Field, IReadOnlyList<SnippetPiece> Snippet, string? Partial)
    {
        /// <summary>「非公開」 before the title of a confidential incident shown whole (to one who may read it); null: none.</summary>
        public string? Badge { get; init; }

        /// <summary>「INC-… に統合」: this hit is a duplicate merged into that incident.</summary>
        public string? Merged { get; init; }

        public string? MergedLink { get; init; }

        public string? MergedLinkText { get; init; }
    }

    private sealed record LessonsPageView(string Lang, string Title, string Query, string Q, string? QueryError, string Heading, string? None, IReadOnlyList<LessonHitView> Hits)
    {
        /// <summary>The judgement criteria the query finds, shown above the incidents; empty: no section.</summary>
        public IReadOnlyList<CriterionHitView> Criteria { get; init; } = [];

        /// <summary>That more incidents match than are listed (the most relevant shown); null when all are.</summary>
        public string? More { get; init; }
    }

    /// <summary>A criterion found by the query: its title and topic in the reader's language, a piece of its text with the query's words marked.</summary>
    private sealed record CriterionHitView(
        string Link, string Title, string? TitleMark, string? Topic, string? TopicMark, IReadOnlyList<SnippetPiece> Snippet, string? SnippetMark);
}
