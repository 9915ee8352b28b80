using System.Globalization;
using OnDuty.Core.Common;
using OnDuty.Core.Messages;
using OnDuty.Core.Team;
using OnDuty.Core.Retros;

namespace OnDuty.Messages;

/// <summary>
/// The retro page: every field of a retro as one form (timeline and action-item rows, criteria to tick), and — after a
/// save that lost the race — the current version read-only below what the person typed.
/// </summary>
public sealed partial class NoticeRenderer
{
    private string RetroPage(RetroPageNotice n)
    {
        var p = Phrases.For(n.Language);
        var zone = TimeZones.Find(n.TimeZone);
        var i = n.State.Incident;
        var v = n.Values;
        string Value(string field) => v.GetValueOrDefault(field) ?? "";
        string? Error(string field) => FirstError(n.Errors, field, p);
        FieldView Text(string name, string kind, int max, bool required = false) => new(
            name, p[$"Retro.Field.{name}"], p.Has($"Retro.Hint.{name}") ? p[$"Retro.Hint.{name}"] : null, kind, Value(name), Error(name), required, max, []);

        var facts = new List<Fact>
        {
            new(p["Incident.Severity"], SevLabel(i.Severity)),
            new(p["Incident.Status"], p[$"Status.{i.Status}"]),
            // Each fact says its zone, as the incident page's do; the version line keeps the bare stamp its brackets hold.
            new(p["PmPage.Started"], p.TimeWithZone(i.StartedAt, zone, n.TimeZone, "Format.Stamp")),
        };
        if (i.ResolvedAt is { } resolvedAt)
        {
            facts.Add(new(p["PmPage.Resolved"], p.TimeWithZone(resolvedAt, zone, n.TimeZone, "Format.Stamp")));
        }

        var timeline = Enumerable.Range(0, RetroFormFields.Rows(v, RetroFormFields.TimelineRows, RetroRules.MaxTimelineEntries)).Select(k =>
        {
            var kind = Value(RetroFormFields.Timeline(k, "kind"));
            var by = Value(RetroFormFields.Timeline(k, "by"));
            var via = Value(RetroFormFields.Timeline(k, "via"));
            string LineWho(string id) => RetroLineActor(id, kind, via, i, n.Members, n.Former, p);
            var system = Value(RetroFormFields.Timeline(k, "system"));
            var incident = Value(RetroFormFields.Timeline(k, "incident"));
            // A merge resolves the duplicate, but it is no recovery: its row reads 統合, not 復旧 (trial 39, L2).
            var what = kind.Length == 0 ? null
                : kind == "resolved" && TimelineText.IsMergedInto(system.Length > 0 ? system : Value(RetroFormFields.Timeline(k, "text"))) ? p["PmPage.Timeline.MergedInto"]
                : p.Has($"PmPage.Timeline.{Pascal(kind)}") ? p[$"PmPage.Timeline.{Pascal(kind)}"] : kind;
            return new RetroLineView(
                k, Value(RetroFormFields.Timeline(k, "at")), Error(RetroFormFields.Timeline(k, "at")), Value(RetroFormFields.Timeline(k, "text")),
                Error(RetroFormFields.Timeline(k, "text")), kind, by, what is null ? (by.Length == 0 ? null : LineWho(by)) : by.Length == 0 ? what : $"{what} — {LineWho(by)}",
                Value(RetroFormFields.Timeline(k, "remove")) == "true")
            {
                System = system.Length > 0 ? system : null,
                Incident = incident.Length > 0 ? incident : null,
                Via = via.Length > 0 ? via : null,
            };
        }).ToList();

        var actions = Enumerable.Range(0, RetroFormFields.Rows(v, RetroFormFields.ActionRows, RetroRules.MaxActionItems)).Select(k =>
        {
            var owner = Value(RetroFormFields.Action(k, "owner"));
            var status = Value(RetroFormFields.Action(k, "status"));
            var dueError = Error(RetroFormFields.Action(k, "due"));

            // An open item gone past its date (kept from a saved version; a new one is refused): said beside the date.
            var overdue = dueError is null && status != "done" && n.Today is { } today && Value(RetroFormFields.Action(k, "title")).Length > 0
                && DateOnly.TryParseExact(Value(RetroFormFields.Action(k, "due")), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var due) && due < today
                ? p["Retro.Action.Overdue"] : null;
            return new RetroActionView(
                k, Value(RetroFormFields.Action(k, "title")), Error(RetroFormFields.Action(k, "title")),
                [new OptionView("", p["PmPage.Choose"], owner.Length == 0), .. n.Members.Select(m => new OptionView(m.Id, m.DisplayName, m.Id == owner)),
                    // An owner taken off the roster since: kept, by the name they had, so saving again does not drop the item's owner.
                    .. n.Former.Where(f => f.Id == owner && !n.Members.Any(m => m.Id == owner)).Select(f => new OptionView(f.Id, FormerName(f, p), true))],
                Error(RetroFormFields.Action(k, "owner")),
                Value(RetroFormFields.Action(k, "due")), dueError,
                [new OptionView("open", p["Retro.Action.Open"], status != "done"), new OptionView("done", p["Retro.Action.Done"], status == "done")])
            {
                Overdue = overdue,
            };
        }).ToList();

        // A criterion the saved retro names: 「この振り返りから変更」 opens its edit form, started from the note saved here.
        var named = n.State.Saved?.Value.Content.CriteriaChanges.Select(c => c.CriterionId).ToHashSet(StringComparer.Ordinal) ?? [];
        var criteria = n.Criteria.Select(c =>
        {
            var w = CriterionWording.Of(c, p);
            return new RetroCriterionView(
                RetroFormFields.Criterion(c.Id), RetroFormFields.CriterionNote(c.Id), w.Title, w.Text,
                Value(RetroFormFields.Criterion(c.Id)) is "true" or "on" || !string.IsNullOrWhiteSpace(Value(RetroFormFields.CriterionNote(c.Id))), Value(RetroFormFields.CriterionNote(c.Id)), Error(RetroFormFields.CriterionNote(c.Id)))
            {
                ChangeLink = named.Contains(c.Id) ? CriterionFromRetroHref(n.Language, c.Id, i.Id) : null,
                TitleMark = w.TitleMark,
                TextMark = w.TextMark,
            };
        }).ToList();

        var saved = n.State.Saved?.Value;
        var version = saved is null
            ? p["Retro.NotSaved"]
            : VersionLine(saved.Version, RetroPerson(saved.Version.SavedBy, i, n.Members, n.Former, p), zone, n.TimeZone, p);
        var stale = n.Stale && saved is not null
            ? p.Format("Retro.Stale", RetroPerson(saved.Version.SavedBy, i, n.Members, n.Former, p), saved.Version.Version, p.TimeWithZone(saved.Version.SavedAt, zone, n.TimeZone, "Format.Stamp"))
            : null;

        // Problems only the domain knew (named by its API field, not a form field) are listed at the top as it states them.
        var formFields = new HashSet<string>([RetroFormFields.Summary, "by", .. RetroFormFields.LongTexts], StringComparer.Ordinal);
        // A problem the page has words for (the whole retro too long, its rows the longest part) in them.
        var other = n.Errors.Where(e => !formFields.Contains(e.Key) && !IsRowField(e.Key))
            .Select(e => e.Value is [var code] && p.Has($"PmPage.Error.{code.Split(':', 2)[0]}") ? FirstError(n.Errors, e.Key, p)! : $"{e.Key}: {string.Join(" ", e.Value)}")
            .ToList();

        var model = new RetroPageView(
            LanguageTag(n.Language),
            p.Format("Retro.Title", $"{i.Id} {IncidentTitle(i, p)}"),
            Uri.EscapeDataString(i.Id),
            Query(n.Language),
            n.Token.FieldName,
            n.Token.Value,
            [
                new HiddenView(RetroFormFields.ETag, Value(RetroFormFields.ETag)),
                new HiddenView(RetroFormFields.TimelineRows, timeline.Count.ToString(CultureInfo.InvariantCulture)),
                new HiddenView(RetroFormFields.ActionRows, actions.Count.ToString(CultureInfo.InvariantCulture)),
            ],
            n.Done is { } done && p.Has($"Retro.Done.{done}")
                // 「山田さんにアクションアイテムをお知らせします」 only when this save queued their mail.
                ? done == "saved" && n.DoneOwnersTold.Count > 0 ? p.Format("Retro.Done.saved.Told", p.JoinNames([.. n.DoneOwnersTold.Select(o => Called(o, null, p))])) : p[$"Retro.Done.{done}"]
                : null,
            n.Errors.Count > 0 && stale is null ? p["PmPage.Form.Fix"] : null,
            other,
            stale,
            Visitor(n.Visitor, n.Values, n.Errors, p),
            facts,
            version,
            Text(RetroFormFields.Summary, "textarea", RetroRules.MaxSummary, required: true),
            [.. RetroFormFields.LongTexts.Select(f => Text(f, "textarea", RetroRules.MaxLongText))],
            p.Format("Retro.Timeline.Hint", p.ZoneName(n.TimeZone)),
            timeline,
            actions,
            criteria,
            stale is null || saved is null ? null : Current(saved, i, n.Members, n.Former, n.Criteria, p, zone, n.AudienceNames))
        {
            Saved = saved is not null,
            Optional = n.SelfResolvedMinutes is { } minutes ? p.Format("Retro.Optional.SelfResolved", minutes) : OwedAtHighest(i, p),
            // Reopened after the saved version: what happened since is in no line of it, and nothing else says so.
            Reopened = saved is null ? null : ReopenedSince(i, saved.Version, "Retro.ReopenedSince", at => p.TimeWithZone(at, zone, n.TimeZone, "Format.Stamp"), p),
            FinalReport = n.FinalReport is { } report ? FinalReportSectionModel(report, i, n.Members, n.Former, n.AudienceNames, zone, n.TimeZone, p) : null,
        };
        return templates.RenderHtml("retro-page.html", model, p);
    }

    /// <summary>
    /// Why a retro is owed by an incident lowered since to SEV3–SEV4: 「最大重大度 SEV1 の障害のため振り返りが必要です（現在の重大度は SEV3）。」;
    /// null for any other (its own severity says it).
    /// </summary>
    internal static string? OwedAtHighest(Core.Incidents.Incident i, Phrases p) =>
        i.HighestSeverity is Core.Alerts.AlertSeverity.Sev1 or Core.Alerts.AlertSeverity.Sev2 && i.Severity is Core.Alerts.AlertSeverity.Sev3 or Core.Alerts.AlertSeverity.Sev4 && i.MergedInto is null
            ? p.Format("Retro.Owed.MaxSeverity", SevLabel(i.HighestSeverity), SevLabel(i.Severity))
            : null;

    /// <summary>The saved version, read-only, as the other person left it.</summary>
    private static RetroCurrentView Current(
        StoredRetro saved, Core.Incidents.Incident i, IReadOnlyList<Member> members, IReadOnlyList<FormerMember> former, IReadOnlyList<Criterion> criteria,
        Phrases p, TimeZoneInfo zone, IReadOnlyDictionary<string, string> audienceNames)
    {
        string Owner(string id) => RetroActor(id, i, members, former, p);
        var c = saved.Content;
        var fields = new List<Fact> { new(p["Retro.Field.summary"], c.Summary) };
        foreach (var (label, text) in new[] { ("impact", c.Impact), ("wentWell", c.WentWell), ("hardToJudge", c.HardToJudge), ("manualChanges", c.ManualChanges) })
        {
            if (text is not null)
            {
                fields.Add(new(p[$"Retro.Field.{label}"], text));
            }
        }

        if (c.CriteriaChanges.Count > 0)
        {
            // Each criterion by its title, as the form above names it (its id only when it is no longer on the list, as the report does).
            fields.Add(new(p["Retro.Criteria"], string.Join("\n", c.CriteriaChanges.Select(x =>
            {
                var title = criteria.FirstOrDefault(k => k.Id == x.CriterionId) is { } k ? CriterionWording.Of(k, p).TitleLine : x.CriterionId;
                return x.Note is null ? title : p.Format("Format.Labelled", title, x.Note);
            }))));
        }

        if (c.ActionItems.Count > 0)
        {
            fields.Add(new(p["Retro.Actions"], string.Join("\n", c.ActionItems.Select(a =>
                $"{a.Title} — {Owner(a.Owner)}{(a.Due is { } due ? p.Format("Format.Paren", p.Day(due)) : "")} [{p[a.Status == ActionItemStatus.Done ? "Retro.Action.Done" : "Retro.Action.Open"]}]"))));
        }

        if (c.Timeline.Count > 0)
        {
            fields.Add(new(p["Retro.Timeline"], string.Join("\n", c.Timeline.Select(e => $"{p.Time(e.At, zone, "Format.Stamp")} {RetroLine(e with { Incident = null }, p, id => RetroMemberName(id, i, members, former, p), audienceNames.GetValueOrDefault)}".TrimEnd()))));
        }

        return new RetroCurrentView(p["Retro.Current"], fields);
    }

    /// <summary>
    /// The version line: "Version 2, saved by 山田 on 3 Dec 2026 12:50 (JST).", 「第2版：2026/12/03 12:50（JST、山田さんが保存）」 — in Japanese
    /// who saved it joins the zone in its one pair of brackets. <paramref name="zoneId"/> null: bare times, for a page that says its zone once.
    /// </summary>
    private static string VersionLine(Core.Retros.RetroVersion v, string who, TimeZoneInfo zone, string? zoneId, Phrases p)
    {
        var savedBy = p.Format("Retro.Version.SavedBy", who);
        var (at, atBy) = zoneId is null
            ? (p.Time(v.SavedAt, zone, "Format.Stamp"), p.Aside(p.Time(v.SavedAt, zone, "Format.Stamp"), savedBy))
            : (p.TimeWithZone(v.SavedAt, zone, zoneId, "Format.Stamp"), p.TimeWithZone(v.SavedAt, zone, zoneId, "Format.Stamp", savedBy));
        return p.Format("Retro.Version", v.Version, who, at, atBy);
    }

    /// <summary>
    /// Who wrote, owns or did something in a retro, as people know them: a member by display name (the roster's, else the
    /// incident's duty members'), one taken off the roster by the name they had (<see cref="FormerName"/>), OnDuty itself or a tool by
    /// name (<see cref="ActorText"/>); a name someone typed as recorded.
    /// </summary>
    private static string RetroActor(string by, Core.Incidents.Incident i, IReadOnlyList<Member> members, IReadOnlyList<FormerMember> former, Phrases p) =>
        ActorText.Name(by, id => RetroMemberName(id, i, members, former, p), p) ?? by;

    /// <summary>
    /// Who did what a retro line records: a tool's acknowledgement by the name the tool gave itself (<see cref="Core.Retros.RetroTimelineEntry.Via"/>),
    /// as the incident page names it; a line without it (saved before it was kept, or anyone else's) as <see cref="RetroActor"/>.
    /// </summary>
    /// <remarks>
    /// A tool's 起票 line (<paramref name="kind"/> <c>opened</c>) names the integration with the tool's name, as the incident page's
    /// row does (<see cref="ActorText.Opener"/>: 「PagerDuty 連携（Datadog）」).
    /// </remarks>
    private static string RetroLineActor(
        string by, string? kind, string? via, Core.Incidents.Incident i, IReadOnlyList<Member> members, IReadOnlyList<FormerMember> former, Phrases p) =>
        via is { Length: > 0 } && ActorText.ToolOf(by) is not null
            ? string.Equals(kind, "opened", StringComparison.Ordinal) ? ActorText.Opener(by, via, _ => null, p)! : via
            : RetroActor(by, i, members, former, p);

    /// <summary>
    /// Who did something, in a sentence: a member as a colleague calls them (「佐藤さん」 for a Japanese reader, JA-STYLE; Emma
    /// Wilson), a name someone typed as typed with the honorific, OnDuty or a tool by name (<see cref="RetroActor"/>).
    /// </summary>
    private static string RetroPerson(string by, Core.Incidents.Incident i, IReadOnlyList<Member> members, IReadOnlyList<FormerMember> former, Phrases p)
    {
        if (members.FirstOrDefault(m => m.Id == by) is { } member)
        {
            return Called(member.DisplayName, member.Language, p);
        }

        // Taken off the roster since: as colleagues called them by the name they had (a sentence's brackets hold no second pair for
        // 退任; the lists and fields say it); erased, as a former member.
        if (former.FirstOrDefault(f => f.Id == by) is { } gone)
        {
            return gone.DisplayName is { Length: > 0 } had ? Called(had, gone.Language, p) : p["Member.Former.Erased"];
        }

        if (i.Assignees.FirstOrDefault(a => a.Id == by) is { } assignee)
        {
            return Called(assignee.DisplayName, assignee.Language, p);
        }

        // A name as signed in or typed: the member it names (ignoring spaces), else as written.
        var named = members.FirstOrDefault(m => string.Concat(m.DisplayName.Where(c => !char.IsWhiteSpace(c))) == string.Concat(by.Where(c => !char.IsWhiteSpace(c))));
        var name = RetroActor(by, i, members, former, p);
        return named is not null ? Called(named.DisplayName, named.Language, p) : name == by ? Called(by, null, p) : name;
    }

    /// <summary>
    /// A member's display name by id — one taken off the roster since as <see cref="FormerName"/>, before the incident's copy of a
    /// duty member's name, so the reader sees they left — else by address or phone number (a delivery row names its recipient by
    /// where it went); null for none.
    /// </summary>
    private static string? RetroMemberName(string id, Core.Incidents.Incident i, IReadOnlyList<Member> members, IReadOnlyList<FormerMember> former, Phrases p) =>
        members.FirstOrDefault(m => m.Id == id)?.DisplayName
        ?? (former.FirstOrDefault(f => f.Id == id) is { } gone ? FormerName(gone, p) : null)
        ?? Name(i, id, null)
        ?? members.FirstOrDefault(m => string.Equals(m.Email, id, StringComparison.OrdinalIgnoreCase) || m.Phone == id)?.DisplayName;

    /// <summary>
    /// The incident reopened after retro version <paramref name="saved"/> was saved — what happened since is in no line of it —
    /// said in <paramref name="key"/>'s words with the version and the reopen's time (<paramref name="when"/>); null when it did not.
    /// </summary>
    internal static string? ReopenedSince(Core.Incidents.Incident i, RetroVersion saved, string key, Func<DateTimeOffset, string> when, Phrases p) =>
        i.LastReopenedAt is { } reopened && reopened > saved.SavedAt ? p.Format(key, saved.Version, when(reopened)) : null;

    /// <summary>
    /// Someone taken off the roster, as a list or a field names them: the name they had, marked — 「田中 太郎（退任）」, "Taro Tanaka
    /// (no longer on the roster)" — or, their data erased, 「退任したメンバー」/"a former member"; never their bare id.
    /// </summary>
    public static string FormerName(FormerMember former, Phrases p) =>
        former.DisplayName is { Length: > 0 } name ? p.Format("Member.Former", name) : p["Member.Former.Erased"];

    /// <summary>A page's display names by id (<paramref name="names"/>) with those taken off the roster since, each as <see cref="FormerName"/>.</summary>
    internal static IReadOnlyDictionary<string, string> WithFormer(IReadOnlyDictionary<string, string> names, IReadOnlyList<FormerMember> former, Phrases p)
    {
        if (former.Count == 0)
        {
            return names;
        }

        var all = names.ToDictionary(n => n.Key, n => n.Value, StringComparer.Ordinal);
        foreach (var gone in former)
        {
            all.TryAdd(gone.Id, FormerName(gone, p));
        }

        return all;
    }

    private static bool IsRowField(string field) =>
        (field.StartsWith('t') || field.StartsWith('a')) && field.Contains('.', StringComparison.Ordinal) && char.IsAsciiDigit(field[1])
        || field.StartsWith("c:", StringComparison.Ordinal);

    private static string Pascal(string camel) => camel.Length == 0 ? camel : char.ToUpperInvariant(camel[0]) + camel[1..];

    private sealed record HiddenView(string Name, string Value);

    private sealed record RetroLineView(int Row, string At, string? AtError, string Text, string? TextError, string Kind, string By, string? Label, bool Removed)
    {
        /// <summary>A line OnDuty wrote: its stored English, kept while the box shows it in the reader's words.</summary>
        public string? System { get; init; }

        /// <summary>The duplicate merged into the incident the line came from; null for the incident's own and people's lines.</summary>
        public string? Incident { get; init; }

        /// <summary>A tool's acknowledgement: the name the tool gave itself (<see cref="Core.Retros.RetroTimelineEntry.Via"/>), kept through a save.</summary>
        public string? Via { get; init; }
    }

    /// <summary>
    /// A retro timeline line as read: one OnDuty wrote (stored in English) in the reader's words alone; a person's line after its
    /// kind's name (<c>対応開始 …</c>).
    /// </summary>
    private static string RetroLine(RetroTimelineEntry e, Phrases p, Func<string, string?> displayName, Func<string, string?>? audienceName = null)
    {
        var merged = e.Incident is null ? "" : e.Incident + ": ";
        // OnDuty's own line whatever the reader's language: its stored English is a form the Japanese phrases say differently
        // (an English reader's translation is the text itself, which must not read as a person's words after the kind's name).
        if (e.Kind is { } k && e.Text is { } text && TimelineText.For(k, text, Language.Ja) is { } ja && ja != text)
        {
            // Starting the line, in the reader's sentence case (「Every alert resolved」, trial 39 L5); after a duplicate's id as it is.
            var own = TimelineText.For(k, text, p.Language, displayName, audienceName) ?? text;
            return merged.Length == 0 ? p.LineStart(own) : merged + own;
        }

        // A merge resolves the duplicate, but it is no recovery: its row reads 統合, not 復旧 (trial day 29, L5).
        var label = e.Kind is { } kind && p.Has($"PmPage.Timeline.{Pascal(kind)}")
            ? p[kind == "resolved" && e.Text is { } said && TimelineText.IsMergedInto(said) ? "PmPage.Timeline.MergedInto" : $"PmPage.Timeline.{Pascal(kind)}"] + " "
            : "";
        return $"{label}{merged}{e.Text}".TrimEnd();
    }

    private sealed record RetroActionView(
        int Row, string Title, string? TitleError, IReadOnlyList<OptionView> Owners, string? OwnerError, string Due, string? DueError, IReadOnlyList<OptionView> Statuses)
    {
        /// <summary>「期限切れ」 beside the date of an open item past it; null otherwise.</summary>
        public string? Overdue { get; init; }
    }

    private sealed record RetroCriterionView(string Field, string NoteField, string Title, string Text, bool Checked, string Note, string? NoteError)
    {
        /// <summary>The criteria page's edit form for it, from this retro (only once the retro saved a note on it).</summary>
        public string? ChangeLink { get; init; }

        /// <summary>「(in Japanese)」 after a title or text an English reader reads in Japanese (<see cref="CriterionWording"/>).</summary>
        public string? TitleMark { get; init; }

        public string? TextMark { get; init; }
    }

    private sealed record RetroCurrentView(string Heading, IReadOnlyList<Fact> Fields);

    private sealed record RetroPageView(
        string Lang, string Title, string IdPath, string Query, string TokenField, string Token, IReadOnlyList<HiddenView> Hidden, string? Done, string? Problem,
        IReadOnlyList<string> OtherProblems, string? Stale, VisitorView Visitor, IReadOnlyList<Fact> Facts, string Version, FieldView Summary,
        IReadOnlyList<FieldView> Texts, string TimelineHint, IReadOnlyList<RetroLineView> Timeline, IReadOnlyList<RetroActionView> Actions,
        IReadOnlyList<RetroCriterionView> Criteria, RetroCurrentView? Current)
    {
        /// <summary>Whether a version is saved: the post-incident report (障害報告書) is made from it.</summary>
        public bool Saved { get; init; }

        /// <summary>Why no retro is owed (a blip monitoring resolved by itself, nobody acted on); null when one is.</summary>
        public string? Optional { get; init; }

        /// <summary>That the incident was reopened after the saved version (when, in the reader's zone); null when it was not.</summary>
        public string? Reopened { get; init; }

        /// <summary>「関係者への最終報」; null: not shown.</summary>
        public FinalReportSectionView? FinalReport { get; init; }
    }
}
