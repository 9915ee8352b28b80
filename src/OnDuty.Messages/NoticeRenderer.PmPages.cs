using OnDuty.Core.Heartbeats;
using System.Globalization;
using OnDuty.Core.Alerts;
using OnDuty.Core.Comms;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Messages;
using OnDuty.Core.Notifications;

namespace OnDuty.Messages;

/// <summary>
/// The PM pages: the declare form, the incident page and the status page. Server-rendered, phone-first, no script: every
/// form is a plain POST (post-redirect-get) carrying the anti-forgery field, every value encoded by the template set.
/// </summary>
public sealed partial class NoticeRenderer
{
    private static readonly string[] Statuses = ["investigating", "identified", "monitoring", "resolved"];

    private string IncidentFormPage(IncidentFormPageNotice n)
    {
        var p = Phrases.For(n.Language);
        var inputZone = p.ZoneName(n.TimeZone);
        var fields = DetailFields(n.Values, n.Errors, n.SeverityMeanings, p, requireSeverityChoice: true, new CriteriaBox([.. n.Criteria.Select(c => CriterionView.Of(c, null, null, p))]))
            .Select(f => ZonedLabel(f, inputZone, p)).ToList();
        var zone = TimeZones.Find(n.TimeZone);
        var model = new FormPageView(
            LanguageTag(n.Language), p["PmPage.Form.Title"], Query(n.Language), n.Token.FieldName, n.Token.Value, n.RequestId,
            Visitor(n.Visitor, n.Values, n.Errors, p), fields, n.Errors.Count > 0 ? p["PmPage.Form.Fix"] : null)
        {
            Open = [.. n.Open.Select(i => new OpenView(
                i.Id, Uri.EscapeDataString(i.Id), ShownTitle(i, p), SevLabel(i.Severity), p.TimeWithZone(i.DetectedAt, zone, n.TimeZone, "Format.Stamp"), p[$"Status.{i.Status}"]))],
            MoreOpen = n.OpenCount > n.Open.Count ? p.Format("PmPage.Form.MoreOpen", (n.OpenCount - n.Open.Count).ToString(CultureInfo.InvariantCulture)) : null,
            Readers = DeclareReaders(n, p),
            Confidential = n.Values.GetValueOrDefault("confidential") == "true",
        };
        var name = model.Visitor is { AskName: true, NameField.Error: not null } ? model.Visitor.NameField : null;
        model = model with { FirstError = (name ?? fields.FirstOrDefault(f => f.Error is not null))?.Name };
        return templates.RenderHtml("incident-form.html", model, p);
    }

    /// <summary>
    /// 「SEV1 で登録すると、報告は英語の読者（経営層：Emma Wilson）にも届きます。件名・内容は入力したまま届きます（翻訳はされません）。」: the
    /// severities whose notices reach readers of another language than the page's (trial 33, M2; per reader, trial 39 M5); null when none does.
    /// </summary>
    private static string? DeclareReaders(IncidentFormPageNotice n, Phrases p)
    {
        var severities = n.SeverityAudiences.OrderBy(s => s.Key)
            .Where(s => OtherReaders(AudienceReader.Reached(n.Readers, s.Value), n.AudienceNames, p).Any()).ToList();
        return severities.Count == 0 ? null : Sentences(p,
        [
            .. OtherReaders(AudienceReader.Reached(n.Readers, severities.SelectMany(s => s.Value)), n.AudienceNames, p)
                .Select(r => p.Format("PmPage.Readers.Declare", p.Join(severities.Select(s => SevLabel(s.Key))), r.Language, r.Readers)),
            p["PmPage.Readers.AsTyped"],
        ]);
    }

    /// <summary>
    /// Of <paramref name="reached"/>, those who read another language than the page, by language (its name; per audience, the
    /// audience's name and theirs — 「サポート：Emma Wilson」 — or how many when more than <see cref="ReadersNamed"/>): what they get is typed
    /// in the page's language, in a frame of theirs.
    /// </summary>
    private static IEnumerable<(string Language, string Readers)> OtherReaders(IReadOnlyList<AudienceReader> reached, IReadOnlyDictionary<string, string> names, Phrases p) =>
        reached.Where(r => r.Language != p.Language)
            .GroupBy(r => r.Language).OrderBy(g => g.Key)
            .Select(g => (p[$"Contact.Language.{g.Key}"], string.Join(p["PmPage.Readers.Separator"], g
                .GroupBy(r => r.Audience, StringComparer.OrdinalIgnoreCase).OrderBy(a => a.Key, StringComparer.OrdinalIgnoreCase)
                .Select(a => p.Format("PmPage.Readers.Of", names.GetValueOrDefault(a.Key) ?? a.Key, AudienceReaders([.. a], p))))));

    /// <summary>
    /// An audience's readers on a form: the people named (counted beyond <see cref="ReadersNamed"/>), then, once, each group whose
    /// people OnDuty cannot know (「Emma Wilson ほか、配布リスト support@example.com の読者」).
    /// </summary>
    private static string AudienceReaders(IReadOnlyList<AudienceReader> readers, Phrases p)
    {
        var people = readers.Where(r => !r.Group).ToList();
        var named = people.Count == 0 ? null : people.Count > ReadersNamed
            ? p.Format("PmPage.Readers.Count", people.Count.ToString(CultureInfo.InvariantCulture))
            : p.JoinNames([.. people.Select(r => r.Name)]);
        var lists = readers.Where(r => r.Group).Select(r => p.Format("PmPage.Readers.Group", r.Name)).ToList();
        return lists.Count == 0 ? named ?? "" : named is null ? p.JoinNames(lists) : p.Format("PmPage.Readers.AndGroups", named, p.JoinNames(lists));
    }

    /// <summary>Up to this many readers of an audience are named on a form; more are counted.</summary>
    private const int ReadersNamed = 3;

    /// <summary>
    /// 「この報告は英語の読者（サポート：Emma Wilson）にも届きます。」 for the notice's readers, then that the title and text go as typed
    /// (trial 33, M2; per reader, trial 39 M5); null when every reader, now or after a raise, reads the page's language. Those a raise
    /// adds are said with the raise itself (「重大度を SEV1 に上げると、経営層（第1報）にも送られ、英語の読者（…）にも届きます。」), not here.
    /// </summary>
    private static string? NoticeReaders(IncidentWorkPageNotice n, Phrases p)
    {
        List<string> now = [.. NowReaders(n, p)];
        return now.Count == 0 && !n.RaiseAudiences.Any(r => RaiseReaders(n, r.Value, p).Count > 0) ? null : Sentences(p, [.. now, p["PmPage.Readers.AsTyped"]]);
    }

    /// <summary>「この報告は英語の読者（サポート：Emma Wilson）にも届きます。」: the notice's readers of another language than the page.</summary>
    private static IEnumerable<string> NowReaders(IncidentWorkPageNotice n, Phrases p) =>
        OtherReaders(AudienceReader.Reached(n.Readers, n.NoticeAudiences), n.AudienceNames, p).Select(r => p.Format("PmPage.Readers", r.Language, r.Readers));

    /// <summary>Those a raise adding <paramref name="added"/> would reach who are not told now and read another language than the page.</summary>
    private static List<(string Language, string Readers)> RaiseReaders(IncidentWorkPageNotice n, IReadOnlyList<string> added, Phrases p)
    {
        var told = AudienceReader.Reached(n.Readers, n.NoticeAudiences);
        return [.. OtherReaders([.. AudienceReader.Reached(n.Readers, n.NoticeAudiences.Concat(added)).Where(x => !told.Any(t => t.Address == x.Address))], n.AudienceNames, p)];
    }

    /// <summary>「あと 5 分」 (under an hour, to the minute), 「あと約2時間」, or 「期限超過」 once the promised time has come.</summary>
    private static string PromiseLeft(TimeSpan left, Phrases p) =>
        left <= TimeSpan.Zero ? p["PmPage.Promise.Overdue"]
        : left < TimeSpan.FromHours(1) ? p.Format("PmPage.Promise.InMinutes", (int)Math.Ceiling(left.TotalMinutes))
        : p.Format("PmPage.Promise.In", DurationText.About(left.TotalMinutes, p));

    private string IncidentWorkPage(IncidentWorkPageNotice n)
    {
        var p = Phrases.For(n.Language);
        // Whoever the page names by an id the roster no longer has (an update, an acknowledgement): by the name they had, marked.
        n = n with { Names = WithFormer(n.Names, n.Former, p) };
        var zone = TimeZones.Find(n.TimeZone);
        var i = n.Details.Incident.Value;
        // A time on its own says its zone (「2027/01/12 11:00（JST）」); the timeline's rows say it once, in its heading.
        string When(DateTimeOffset at) => p.TimeWithZone(at, zone, n.TimeZone, "Format.Stamp");
        var facts = new List<Fact>
        {
            new(p["Incident.Severity"], $"{SevLabel(i.Severity)} — {SeverityMeaning(n.SeverityMeanings, i.Severity, p)}"),
            // A duplicate's own "resolved" would say fixed: it says where the work went and how that incident stands now.
            new(p["Incident.Status"], i.MergedInto is { } into && n.MergedIntoOpen is { } open ? p.Format(open ? "Status.MergedInto" : "Status.MergedIntoRecovered", into) : p[$"Status.{i.Status}"]),
            new(p["PmPage.Started"], When(i.StartedAt)),
            new(p["Incident.Detected"], When(i.DetectedAt)),
            // The incident's duty pair as the page names anyone (Name): one taken off the roster since marked (「小林 次郎（退任）」).
            new(p["Incident.OnDuty"], i.Assignees.Count == 0 ? p["Common.Nobody"] : p.Join(i.Assignees.Select(a => Name(i, a.Id, n.Names)!))),
            // Taken over: when the holder took it, not the first acknowledgement (「佐藤 花子 — 12/10 16:05」 though 佐藤 took it on the 14th).
            new(p["PmPage.Acknowledged"], i.AcknowledgedAt is { } ackAt
                ? p.Format(i.TakenOverAt is null ? "PmPage.Acknowledged.At" : "PmPage.Acknowledged.TookOverAt", HolderOnLeave(ActorText.Acknowledger(i.AcknowledgedBy, i.AcknowledgedVia, id => Name(i, id, n.Names), p) ?? "", n.HolderAwayUntil, p), When(i.TakenOverAt ?? ackAt))
                : p["PmPage.NotAcknowledged"]),
            new(p["Incident.UserImpact"], i.UserImpact ?? "—"),
            new(p["PmPage.Field.workaround"], i.Workaround ?? "—"),
            new(p["PmPage.Field.affectedAreas"], i.AffectedAreas.Count == 0 ? "—" : p.Join(i.AffectedAreas)),
            new(p["PmPage.Field.platforms"], i.Platforms.Count == 0 ? "—" : p.Join(i.Platforms)),
        };
        if (i.CommsLead is { } commsLead)
        {
            // 連絡担当: who keeps the stakeholders told, beside who holds it.
            facts.Insert(facts.FindIndex(f => f.Label == p["PmPage.Acknowledged"]) + 1, new(p["PmPage.CommsLead"], Name(i, commsLead, n.Names) ?? commsLead));
        }

        if (DeclarerFact(n, i, p) is { } declarer)
        {
            facts.Insert(facts.FindIndex(f => f.Label == p["Incident.Detected"]) + 1, declarer);
        }

        if (i.ResolvedAt is { } resolvedAt)
        {
            facts.Add(new(p["PmPage.Resolved"], When(resolvedAt)));
        }

        if (n.StakeholderPromise is { } promised)
        {
            // 「関係者への次回の更新予定：21:50（あと 5 分）」 or 「（期限超過）」: what the stakeholders hold the pair to (trial 31a, M5).
            facts.Add(new(p["PmPage.Promise"], p.TimeWithZone(promised, zone, n.TimeZone, "Format.Stamp", PromiseLeft(promised - n.Now, p))));
        }

        if (i.PagesNobodyFor is { } announces)
        {
            facts.Add(new(p["PmPage.PagesNobody"], p.Format("PmPage.PagesNobody.Value", TimelineText.AzureClass(announces, p))));
        }

        if (i is { PagesHeldBy: { } window, PagesHeldUntil: { } heldUntil })
        {
            // Linked to the maintenance page, where the window can be ended (its pages then go out) or moved.
            facts.Add(new(p["PmPage.PagesHeld"], p.Format(i.PagesHeldAt(n.Now) ? "PmPage.PagesHeld.Now" : "PmPage.PagesHeld.Was", When(heldUntil), window, i.PagesHeldFor ?? ""))
            {
                Href = $"/api/status/maintenance{Query(n.Language)}",
            });
        }

        if (i.IsOpen && (i.BridgeUrl ?? n.BridgeLink) is { } bridge && Incident.IsHttpsLink(bridge))
        {
            // The incident's own bridge, else the team's standing one (Incidents__BridgeUrl), while there is work to do.
            facts.Add(new(p["Incident.Bridge"], p["Incident.Bridge.Join"]) { Href = new Uri(bridge).AbsoluteUri });
        }

        if (i.JoinedGroups.Count > 0)
        {
            // Alert grouping: how many groups it holds, its own included (each joined one is named on the timeline when it joined).
            facts.Add(new(p["PmPage.JoinedGroups"], i.Groups.Count().ToString(CultureInfo.InvariantCulture)));
        }

        if (i.MergedInto is { } mergedInto)
        {
            facts.Insert(0, new(p["PmPage.MergedInto"], mergedInto) { Href = $"/api/incidents/{Uri.EscapeDataString(mergedInto)}/page{Query(n.Language)}" });
        }

        if (i.MergedIncidents.Count > 0)
        {
            facts.Add(new(p["PmPage.MergedIncidents"], p.Join(i.MergedIncidents))
            {
                Links = [.. i.MergedIncidents.Select(m => new FactLink(m, $"/api/incidents/{Uri.EscapeDataString(m)}/page{Query(n.Language)}"))],
            });
        }

        var alerts = n.Details.Alerts.Select(a => PageAlert(a, i.AlertSource, p, When, zone)).ToList();
        // Oldest first to know each update's status before; a bare update beside its severity row is left to that row.
        var rows = n.Details.Timeline.OrderBy(t => t.At).ToList();
        var statusBefore = TimelineStory.StatusesBefore(rows);
        string? Said(TimelineKind kind, string? text) => text is null ? null : TimelineText.For(kind, text, p, id => Name(i, id, n.Names), n.AudienceNames.GetValueOrDefault, id => Called(i, id, p));
        // Each of a row's lines starts in sentence case where OnDuty wrote it; a person's words stay as they wrote them.
        string? Row(TimelineKind kind, string? text) => text is null ? null : TimelineText.Row(kind, text, p, id => Name(i, id, n.Names), n.AudienceNames.GetValueOrDefault, id => Called(i, id, p));
        // A page step no provider took yet reads as waiting to be sent, not as paged (the delivery rows say when it went out).
        // One an acknowledgement or the resolve dropped before anything went out says so, not "paged".
        string? Paged(TimelineEntry t) => (RefusedRow(t, p, zone, n.TimeZone) ?? TimelineText.Assigned(t, p, id => Name(i, id, n.Names)) ?? TimelineText.CommsLeadBy(t, p, id => Name(i, id, n.Names)) ?? Said(t.Kind, t.Message)) is not { } said ? null
            : TimelineStory.CancelledBy(t, rows) is { } by
                ? t.Kind == TimelineKind.Notified ? p[$"Timeline.Text.Paged.Cancelled.{by}"] : p.Format($"Timeline.Text.Step.Cancelled.{by}", t.Step!.Value)
            : TimelineStory.AwaitingDelivery(t, rows)
                ? t.Kind == TimelineKind.Notified && t.Message == TimelineTexts.PagedDutyMembers ? p["Timeline.Text.Paged.Queued"] : p.Format("Timeline.Text.Queued", said)
            // A first page that went out is what its row's label already says (「当番に連絡」): not said twice.
            : t.Kind == TimelineKind.Notified && t.Message == TimelineTexts.PagedDutyMembers ? null
            : said;
        // Newest first: the oldest-first rows reversed, so rows written at the same instant read newest first too — 当番に連絡 above
        // the 起票 it followed, not under it (a stable sort by time kept them oldest first).
        var timeline = rows.Select((t, k) => (Entry: t, Before: statusBefore[k])).Where(x => !TimelineStory.SaysNothing(x.Entry, rows)).Reverse().Select(x =>
        {
            var t = x.Entry;
            var said = new[] { Row(t.Kind, TimelineStory.Changes(t)) }.Concat((t.Corrected?.Lines(zone) ?? []).Select(l => Row(t.Kind, l)))
                .Concat([Row(t.Kind, TimelineStory.Notice(t, i.Comms)) is { } notice ? notice + NoticeCorrects(t, i.Comms, p) : null, NoticeReach(t, p), AlsoToldLine(t, n.AudienceNames, p), Row(t.Kind, TimelineStory.RecoveryAsked(t)),
                    // Help asked of one member by name: whom (the whole organisation's call names nobody).
                    t.Kind == TimelineKind.HelpCalled && t.Recipients is [var asked] ? p.Format("PmPage.Timeline.HelpAsked", Name(i, asked, n.Names)) : null,
                    // A heartbeat's alert resolved: what was heard and how late (trial 58), instead of 「ハートビート復旧：…」.
                    t.Kind == TimelineKind.AlertResolved && HeartbeatHeard(i, t.At, p, zone, n.TimeZone) is { } heard ? heard : Paged(t) is { } paged ? p.LineStart(paged) : null, TimelineText.Late(t, p)]).OfType<string>().ToList();
            return new TimelineView(
                p.Time(t.At, zone, "Format.Stamp"),
                t.At.ToString("yyyy-MM-ddTHH:mm:ssK", CultureInfo.InvariantCulture),
                // A first page replaced by escalation 1 to the same person changed nobody's duty: not 当番交代.
                TimelineTexts.IsPageReplaced(t) ? p["PmPage.Timeline.PageReplaced"]
                : p.Has($"PmPage.Timeline.{t.Kind}") ? p[$"PmPage.Timeline.{t.Kind}"] : t.Kind.ToString(),
                ActorText.OfRow(t, i, id => Name(i, id, n.Names), p),
                t.Status is { } s
                    ? t.Kind is TimelineKind.Update or TimelineKind.Resolved && x.Before is { } from && from != s ? $"{p[$"Status.{from}"]} → {p[$"Status.{s}"]}" : p[$"Status.{s}"]
                    : null,
                said.Count == 0 ? null : string.Join("\n", said))
            {
                ResendId = t.Kind == TimelineKind.DeliveryFailed && n.Visitor.MayAct
                    ? n.Resendable.FirstOrDefault(r => r.At == t.At && t.Recipients.Contains(r.Recipient, StringComparer.Ordinal))?.MessageId
                    : null,
            };
        }).ToList();

        var failed = n.FailedForm;
        IReadOnlyDictionary<string, string> ValuesFor(string form, IReadOnlyDictionary<string, string> current) => failed == form ? n.Values : current;
        IReadOnlyDictionary<string, string[]> ErrorsFor(string form) => failed == form ? n.Errors : new Dictionary<string, string[]>();

        string Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, zone).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);
        var nextUpdateDefault = n.NextUpdateDefault is { } due ? Local(due) : "";
        // The field offers the open promise while it is ahead; once it has passed, a new time, saying the promise passed.
        var nextUpdateHint = n.StakeholderPromise is { } told
            ? p.Format(told > n.Now ? "PmPage.Hint.nextUpdateAtPromised" : "PmPage.Hint.nextUpdateAtPassed", When(told)) + p["PmPage.Hint.nextUpdateAt"]
            : null;
        var updateValues = ValuesFor("update", new Dictionary<string, string>
        {
            ["status"] = Statuses[(int)(i.IsOpen && n.PresetStatus is { } preset ? preset : i.Status)],
            ["severity"] = SevLabel(i.Severity),
            ["userImpact"] = i.UserImpact ?? "",
            ["workaround"] = i.Workaround ?? "",
            ["nextUpdateAt"] = nextUpdateDefault,
            ["cause"] = i.Cause ?? "",
            ["nextSteps"] = i.NextSteps ?? "",
        });
        FieldView UpdateField(string name, string kind, int max, string? hint = null, IReadOnlyList<OptionView>? options = null) => new(
            name, p[$"PmPage.Field.{name}"], hint ?? (p.Has($"PmPage.Hint.{name}") ? p[$"PmPage.Hint.{name}"] : null), kind,
            updateValues.GetValueOrDefault(name) ?? "", FirstError(ErrorsFor("update"), name, p), false, max, options ?? []);
        var chosenSeverity = updateValues.GetValueOrDefault("severity")?.Trim().ToUpperInvariant();
        var updateSeverity = UpdateField("severity", "select", 0, p["PmPage.Hint.updateSeverity"], [.. Enum.GetValues<AlertSeverity>()
            .Select(s => new OptionView(SevLabel(s), $"{SevLabel(s)} — {SeverityMeaning(n.SeverityMeanings, s, p)}", chosenSeverity == SevLabel(s)))]);
        // Shown as recorded: a raise that widens the impact says so in the same notice (■影響範囲), not in one more.
        // The impact as written while it was open goes into the recovery notice as it stands, in the present tense (trial 39 L9):
        // while a resolve from this form is still to come (or its notice is owed), the hint says to put it in the past. Never
        // rewritten for them: the words are the person's.
        var impactToRecover = !string.IsNullOrWhiteSpace(i.UserImpact) && (i.IsOpen || i.RecoveryNoticeOwed);
        var updateImpact = UpdateField("userImpact", "textarea", Incident.MaxTextLength, impactToRecover
            ? Sentences(p, p["PmPage.Hint.updateUserImpact"], p["PmPage.Hint.updateUserImpact.Recovery"])
            : p["PmPage.Hint.updateUserImpact"]);
        var updateWorkaround = UpdateField("workaround", "textarea", Incident.MaxTextLength);

        // While open: when the next update is promised (the cadence's time shown; kept, it stays the cadence) and, for the
        // update that resolves it, when it recovered.
        // A post of them that failed keeps them shown once it is no longer open (resolved by monitoring meanwhile): the problem is
        // said next to the field that had it, as typed (trial 33, M4).
        bool Posted(string form, string name) => failed == form && (!string.IsNullOrWhiteSpace(n.Values.GetValueOrDefault(name)) || n.Errors.ContainsKey(name));
        // The timeline's heading names the zone of its rows, so no page-wide line says it a second time.
        var inputZone = p.ZoneName(n.TimeZone);
        FieldView Zoned(FieldView f) => ZonedLabel(f, inputZone, p);
        List<FieldView> whileOpen = [.. new[] { UpdateField("nextUpdateAt", "datetime", 0, nextUpdateHint), UpdateField("resolvedAt", "datetime", 0) }
            .Where(f => i.IsOpen || Posted("update", f.Name)).Select(Zoned)];
        var statusField = new FieldView("status", p["Incident.Status"], null, "select", "", FirstError(ErrorsFor("update"), "status", p), true, 0,
            [.. Statuses.Select((s, k) => new OptionView(s, p[$"Status.{(IncidentStatus)k}"], updateValues.GetValueOrDefault("status") == s))]);
        var messageField = new FieldView("message", p["PmPage.Field.message"], p["PmPage.Hint.message"], "textarea",
            updateValues.GetValueOrDefault("message") ?? "", FirstError(ErrorsFor("update"), "message", p), false, Incident.MaxTextLength, []);

        // What the recovery notice says as ■原因 and ■今後の対応 (the team's defaults while empty).
        var causeField = new FieldView("cause", p["PmPage.Field.cause"], p["PmPage.Hint.cause"], "textarea",
            updateValues.GetValueOrDefault("cause") ?? "", FirstError(ErrorsFor("update"), "cause", p), false, Incident.MaxTextLength, []);
        var nextStepsField = new FieldView("nextSteps", p["PmPage.Field.nextSteps"], p["PmPage.Hint.nextSteps"], "textarea",
            updateValues.GetValueOrDefault("nextSteps") ?? "", FirstError(ErrorsFor("update"), "nextSteps", p), false, Incident.MaxTextLength, []);

        var current = new Dictionary<string, string>
        {
            ["title"] = i.Title,
            ["severity"] = SevLabel(i.Severity),
            ["userImpact"] = i.UserImpact ?? "",
            ["workaround"] = i.Workaround ?? "",
            ["affectedAreas"] = string.Join("\n", i.AffectedAreas),
            ["platforms"] = string.Join("\n", i.Platforms),
            ["startedAt"] = Local(i.StartedAt),
            ["bridgeUrl"] = i.BridgeUrl ?? "",
            ["resolvedAt"] = i.ResolvedAt is { } recovered ? Local(recovered) : "",
        };
        // The criteria relevant to this incident, each with the words it matched (or the latest ones, said so), and the link to all.
        var criteriaBox = new CriteriaBox(
            [.. n.Criteria.Shown.Select(r => CriterionView.Of(r.Criterion, r.Matched.Count == 0 ? null : p.Format("PmPage.Criteria.Matched", p.Join(r.Matched)),
                r.Says is { } says ? p.Format("PmPage.Criteria.Says", SevLabel(says), SevLabel(i.Severity)) : null, p))])
        {
            Note = n.Criteria.Shown.Count == 0 ? null : p[n.Criteria.Matched ? "PmPage.Criteria.Related" : "PmPage.Criteria.Recent"],
            AllLink = n.Criteria.Total > 0 ? $"/api/criteria/page{Query(n.Language)}" : null,
            AllText = p.Format("PmPage.Criteria.All", n.Criteria.Total),
        };
        var details = DetailFields(ValuesFor("details", current), ErrorsFor("details"), n.SeverityMeanings, p, requireSeverityChoice: false, criteriaBox);
        if ((!i.IsOpen && i.MergedInto is null) || Posted("details", "resolvedAt"))
        {
            // Resolved: its recovery time can be corrected (the notice's ■復旧日時, the report's duration, the monthly times).
            details.Add(new FieldView("resolvedAt", p["PmPage.Field.resolvedAt"], p["PmPage.Hint.resolvedAtEdit"], "datetime",
                ValuesFor("details", current).GetValueOrDefault("resolvedAt") ?? "", FirstError(ErrorsFor("details"), "resolvedAt", p), false, 0, []));
        }

        details = [.. details.Select(Zoned)];
        // Still the alert's name monitoring gave it: the stakeholders would get that as the subject. Said beside the field, never blocking.
        if (i.TitleFromMonitoring)
        {
            details = [.. details.Select(f => f.Name == "title" ? f with { Hint = Sentences(p, p["PmPage.Hint.titleFromMonitoring"], f.Hint ?? "") } : f)];
        }

        // Whether saving tells the stakeholders, said both ways and chosen each time (none preselected): a typo fixed must not
        // mail the executives, and a workaround added must not go untold by default. Nobody to tell: said so, nothing to choose.
        // Each audience numbers its own series (an audience a raise added read 第1報 first): the form says each one's number, as
        // their mails will, and who else a raise would tell (review day 28, M1 and L4).
        const string notify = IncidentWorkPageNotice.NotifyField;
        var number = i.Comms.Issued + 1;
        string Series(IEnumerable<string> audiences) => p.JoinNames([.. audiences.Select(a => p.Format("PmPage.Notify.Series", n.AudienceNames.GetValueOrDefault(a) ?? a, i.Comms.NumberIn(a, number)))]);
        // "Also" only when saving now tells someone.
        var raise = n.NoticeAudiences.Count > 0 ? "PmPage.Notify.Raise" : "PmPage.Notify.RaiseFirst";
        // Both forms say each raise once: whom it adds and, in the same sentence, those of them reading another language
        // (「重大度を SEV1 に上げると、経営層（第1報）にも送られ、英語の読者（経営層：…）にも届きます。」), not the condition twice.
        var raises = n.RaiseAudiences.OrderByDescending(r => r.Key).Select(r => RaiseReaders(n, r.Value, p) is { Count: > 0 } others
            ? p.Format($"{raise}.Readers", SevLabel(r.Key), Series(r.Value), p.Join(others.Select(o => p.Format("PmPage.Readers.Language", o.Language, o.Readers))))
            : p.Format(raise, SevLabel(r.Key), Series(r.Value))).ToList();
        if (n.NoticeAudiences.Count > 0)
        {
            var chosen = failed == "details" ? n.Values.GetValueOrDefault(notify)?.Trim() : null;
            details.Add(new FieldView(notify, p["PmPage.Field.notify"], p["PmPage.Hint.notify"], "radio", chosen ?? "", FirstError(ErrorsFor("details"), notify, p), true, 0,
            [
                new OptionView(IncidentWorkPageNotice.NotifyTell, Sentences(p, [p.Format("PmPage.Notify.Tell", Series(n.NoticeAudiences)), .. raises]), chosen == IncidentWorkPageNotice.NotifyTell),
                new OptionView(IncidentWorkPageNotice.NotifyQuiet, p["PmPage.Notify.Quiet"], chosen == IncidentWorkPageNotice.NotifyQuiet),
            ]));
        }
        else
        {
            // No audience, but followers: saving tells them (and only them).
            var nobody = n.FollowersTold.Count > 0 ? p.Format("PmPage.Notify.FollowersOnly", FollowerNames(n.FollowersTold, p)) : p["PmPage.Notify.Nobody"];
            details.Add(new FieldView(notify, p["PmPage.Field.notify"], null, "note", Sentences(p, [nobody, .. raises]), FirstError(ErrorsFor("details"), notify, p), false, 0, []));
        }
        // Optional, with an example of what to ask (trial 33, L3: calls went out with no words).
        var helpField = new FieldView("message", p["PmPage.Field.helpMessage"], p[n.HelpChoices.Count > 0 ? "PmPage.Hint.helpMessageAsk" : "PmPage.Hint.helpMessage"], "textarea",
            ValuesFor("help", new Dictionary<string, string>()).GetValueOrDefault("message") ?? "", FirstError(ErrorsFor("help"), "message", p), false, Incident.MaxTextLength, [])
        {
            Placeholder = p["PmPage.Placeholder.helpMessage"],
        };
        // Whom to ask (trial 61: PagerDuty's "add responders"): the whole organisation, as before, or one member by name.
        var askedOf = ValuesFor("help", new Dictionary<string, string>()).GetValueOrDefault(IncidentWorkPageNotice.HelpAskField) ?? "";
        var askField = new FieldView(IncidentWorkPageNotice.HelpAskField, p["PmPage.Field.helpAsk"], p["PmPage.Hint.helpAsk"], "select", askedOf,
            FirstError(ErrorsFor("help"), IncidentWorkPageNotice.HelpAskField, p), false, 0,
            [new OptionView("", p["PmPage.Help.Everyone"], askedOf.Length == 0), .. n.HelpChoices.Select(m => new OptionView(m.Id, m.DisplayName, m.Id == askedOf))]);

        // A text field suggesting the open incidents (a datalist): any id can be typed, the likely ones are offered. A merge that
        // raises the severity of the incident merged into asks first (trial day 33): the field says what it does, the form
        // posts that incident's id back as confirmed.
        var mergeErrors = ErrorsFor("merge");
        var raising = mergeErrors.GetValueOrDefault("into") is [var mergeError, ..] && mergeError.StartsWith(IncidentWorkPageNotice.MergeRaises + ":", StringComparison.Ordinal)
            ? mergeError[(IncidentWorkPageNotice.MergeRaises.Length + 1)..].Split('|') : null;
        // Another source's incident opened within minutes of this one is likely the same outage: named above the choices (M7).
        var siblings = n.MergeTargets
            .Where(t => t.Source != i.Source && (t.DetectedAt - i.DetectedAt).Duration() <= IncidentWorkPageNotice.SiblingWindow)
            .OrderBy(t => (t.DetectedAt - i.DetectedAt).Duration()).ThenBy(t => OpeningDistance(t.Id, i.Id)).Take(5)
            .Select(t => (t, Minutes: (int)Math.Round((t.DetectedAt - i.DetectedAt).Duration().TotalMinutes)))
            .Select(s => p.Format(s.Minutes == 0 ? "PmPage.Sibling.Same" : s.t.DetectedAt < i.DetectedAt ? "PmPage.Sibling.Before" : "PmPage.Sibling.After",
                s.t.Id, s.Minutes, ActorText.SourceName(s.t.Source, s.t.OpenedVia, p)))
            .ToList();
        var mergeHint = siblings.Count == 0 ? p["PmPage.Hint.into"] : p.Format("PmPage.Siblings", string.Join(p["PmPage.Sibling.Separator"], siblings)) + p["PmPage.Hint.into"];
        // The confirm step offers both: raise it, or keep the severity the person judged (trial 39 M2: the SEV1 came from a label mapping).
        var keepButton = raising is [var keptId, var keptFrom, _] && Enum.TryParse<AlertSeverity>(keptFrom, out var keptSeverity)
            ? p.Format("PmPage.Merge.Keep", keptId, SevLabel(keptSeverity)) : null;
        var mergeField = new FieldView("into", p["PmPage.Field.into"], mergeHint, "text",
            ValuesFor("merge", new Dictionary<string, string>()).GetValueOrDefault("into") ?? "",
            raising is [var raisedId, var from, var to] && Enum.TryParse<AlertSeverity>(from, out var fromSeverity) && Enum.TryParse<AlertSeverity>(to, out var toSeverity)
                ? p.Format("PmPage.Merge.Raises", raisedId, SevLabel(fromSeverity), SevLabel(toSeverity), p["PmPage.Merge.Confirm"], keepButton)
                : FirstError(mergeErrors, "into", p), true, 40,
            [.. n.MergeTargets.Select(t => new OptionView(t.Id, MergeChoice(t, false), false))]);

        // A choice's words: a confidential one the visitor may not read named 「非公開の障害 INC-…（SEV2）」, never by its title.
        string MergeChoice(Incident t, bool withId) =>
            t.Confidential && !n.Reads(t.Id) ? ConfidentialName(t, p)
                : withId ? $"{t.Id} {SevLabel(t.Severity)} {IncidentTitle(t, p)}" : $"{SevLabel(t.Severity)} {IncidentTitle(t, p)}";

        // A storm's duplicates merged into this one at once: the other open incidents, those detected within the hour of this one
        // ticked (the storm's), each with its severity and title.
        var mergeManyField = new FieldView("mergeIds", p["PmPage.MergeMany.Field"], p["PmPage.MergeMany.Hint"], "checks", "",
            FirstError(ErrorsFor("mergeMany"), "mergeIds", p), false, 0,
            [.. n.MergeTargets.OrderBy(t => (t.DetectedAt - i.DetectedAt).Duration())
                .Select(t => new OptionView(IncidentWorkPageNotice.MergeManyPrefix + t.Id, MergeChoice(t, true),
                    failed == "mergeMany" ? n.Values.GetValueOrDefault(IncidentWorkPageNotice.MergeManyPrefix + t.Id) == "true"
                        : (t.DetectedAt - i.DetectedAt).Duration() <= TimeSpan.FromHours(1)))]);

        // Undoing a merge (session 54): on the merged duplicate's page its own; on the page of the one merged into, which of those merged.
        // The first press asks, naming both incidents; the second, with the duplicate's id hidden, does it.
        var unmergeErrors = ErrorsFor("unmerge");
        var unmergeAsked = unmergeErrors.GetValueOrDefault(IncidentWorkPageNotice.UnmergeField) is [var unmergeError, ..] && unmergeError.StartsWith(IncidentWorkPageNotice.UnmergeAsks + ":", StringComparison.Ordinal)
            ? unmergeError[(IncidentWorkPageNotice.UnmergeAsks.Length + 1)..].Split('|') : null;
        FieldView? unmergeField = unmergeAsked is [var askedId, var askedInto]
            ? new FieldView(IncidentWorkPageNotice.UnmergeField, p["PmPage.Unmerge.Heading"], null, "note", p.Format("PmPage.Unmerge.Asks", askedId, askedInto), null, false, 0, [])
            : i.MergedInto is { } unmergeInto
                ? new FieldView(IncidentWorkPageNotice.UnmergeField, p["PmPage.Unmerge.Heading"], null, "note", p.Format("PmPage.Unmerge.Own", i.Id, unmergeInto), FirstError(unmergeErrors, IncidentWorkPageNotice.UnmergeField, p), false, 0, [])
                : i.MergedIncidents.Count > 0
                    ? new FieldView(IncidentWorkPageNotice.UnmergeField, p["PmPage.Unmerge.Field"], p["PmPage.Unmerge.Hint"], "radio", "", FirstError(unmergeErrors, IncidentWorkPageNotice.UnmergeField, p), true, 0,
                        [.. i.MergedIncidents.Select(m => new OptionView(m, m, failed == "unmerge" && n.Values.GetValueOrDefault(IncidentWorkPageNotice.UnmergeField) == m))])
                    : null;

        var readers = NoticeReaders(n, p);
        var allErrors = n.Errors;

        // Another person's update went out after this page's form was shown (409): said at the top and above the form, which is
        // sent again as it stands with the button (trial 33, H2).
        var updateStale = n.UpdateStale is { } staleBy
            ? p.Format(staleBy.Status is null ? "PmPage.UpdateStale.Update" : "PmPage.UpdateStale.Status",
                Called(i, staleBy.By, p) ?? Called(Name(i, staleBy.By, n.Names) ?? staleBy.By, null, p),
                p.TimeWithZone(staleBy.At, zone, n.TimeZone, "Format.Clock"),
                staleBy.Told ? p["PmPage.UpdateStale.Told"] : "",
                staleBy.Status is { } staleStatus ? p[$"Status.{staleStatus}"] : "")
            : null;
        var model = new WorkPageView(
            LanguageTag(n.Language),
            $"{i.Id} {IncidentTitle(i, p)}",
            i.Id,
            Uri.EscapeDataString(i.Id),
            Query(n.Language),
            n.Token.FieldName,
            n.Token.Value,
            n.ETag,
            n.RequestId,
            // Only a monitoring tool acknowledged it: a person on duty can still take it.
            i.IsOpen && !i.AcknowledgedByPerson && n.Visitor.MayAct,
            // A person holds it and a signed-in member who is someone else looks (after the handoff: the pair on duty now).
            i.IsOpen && i.AcknowledgedByPerson && n.Visitor is { MayAct: true, Member: { } looking } && looking.Id != i.AcknowledgedBy,
            n.Done is { } done && p.Has($"PmPage.Done.{done}") ? (done switch
            {
                "updated" or "edited" => UpdatePosted(n, done, p),
                "mergedMany" => MergedMany(n, p),
                // Whom the declaration paged and where whoever takes it shows (「当番の伊藤 さくらさん・Liam Chenさんに連絡しています。…」).
                "declared" when i.Assignees.Count > 0 => p.Format("PmPage.Done.declared.Paged", p.JoinNames([.. i.Assignees.Select(a => p.Honorific(a.DisplayName))])),
                // Who approved, as the drafts now say it (「文案を承認しました（伊藤 さくらさん）」).
                "draftsApproved" when n.Draft is { Status: DraftStatus.Approved, ApprovedBy: { Length: > 0 } approver } => p.Format("PmPage.Done.draftsApproved.By", p.Honorific(approver)),
                // Another person acknowledged it first: who, and when; nothing recorded for the visitor.
                "ackedByOther" when i is { AcknowledgedBy: { } other, AcknowledgedAt: { } otherAt } => p.Format(i.TakenOverAt is null ? "PmPage.Done.ackedByOther" : "PmPage.Done.ackedByOther.TookOver", p.Honorific(ActorText.Acknowledger(other, i.AcknowledgedVia, id => Name(i, id, n.Names), p) ?? other), When(i.TakenOverAt ?? otherAt)),
                // Merged since the page was loaded: where it went (linked below), and that acting on it is done there.
                // Handed to a member (「担当を割り当てる」): to whom, by full name, and that they are told (by family name in Japanese).
                "assigned" when i is { AcknowledgedBy: { } holder } && Name(i, holder, n.Names) is { } holderName =>
                    p.Format("PmPage.Done.assigned", p.Honorific(holderName), Called(holderName, null, p)),
                // Made someone the communications lead: whom, and that they are told (by family name in Japanese).
                "commsLeadAssigned" when i is { CommsLead: { } lead } && Name(i, lead, n.Names) is { } leadName =>
                    p.Format("PmPage.Done.commsLeadAssigned", p.Honorific(leadName), Called(leadName, null, p)),
                _ when MergedDone(done) && i.MergedInto is { } doneInto => p.Format($"PmPage.Done.{done}", doneInto),
                _ => p[$"PmPage.Done.{done}"],
            }) : null,
            allErrors.Count > 0 && !(allErrors.Count == 1 && (raising is not null || unmergeAsked is not null)) ? p["PmPage.Form.Fix"] : updateStale,
            WithReadersNote(Visitor(n.Visitor, failed is null ? new Dictionary<string, string>() : n.Values, allErrors, p), i.Confidential && !n.Visitor.MayAct && n.ManagesReaders, p),
            facts,
            alerts,
            timeline,
            !n.Visitor.MayAct ? [] : [
                Placed(new FormView("update", p["PmPage.Update.Heading"], p[updateStale is null ? "PmPage.Update.Submit" : "PmPage.Update.SubmitAnyway"], failed == "update",
                    [statusField, updateSeverity, updateImpact, messageField, updateWorkaround, .. whileOpen, causeField, nextStepsField,
                        // Something was told that this update may correct (【訂正】).
                        .. i.Comms.Queued > 0 && n.NoticeAudiences.Count > 0 ? [UpdateField("correction", "checkbox", 0, CorrectionHint(i, n, p))] : Array.Empty<FieldView>(), .. AlsoTellFields(n, ErrorsFor("update"), failed == "update", p)])
                {
                    // Who posting tells, as the details form says it (each audience's own notice number), above the button.
                    // The followers hear it too, or alone when the severity has no audience.
                    Readers = Sentences(p, [n.NoticeAudiences.Count > 0 ? p.Format("PmPage.Update.Tell", Series(n.NoticeAudiences))
                        : n.FollowersTold.Count > 0 ? p.Format("PmPage.Update.FollowersOnly", FollowerNames(n.FollowersTold, p)) : p["PmPage.Update.Nobody"],
                        .. n.NoticeAudiences.Count > 0 && n.FollowersTold.Count > 0 ? [p.Format("PmPage.Update.FollowersToo", FollowerNames(n.FollowersTold, p))] : Array.Empty<string>(),
                        .. NowReaders(n, p), .. raises, .. readers is null ? Array.Empty<string>() : [p["PmPage.Readers.AsTyped"]]]),
                    HiddenName = whileOpen.Count > 0 ? "nextUpdateDefault" : null,
                    HiddenValue = whileOpen.Count > 0 ? (failed == "update" ? n.Values.GetValueOrDefault("nextUpdateDefault") ?? "" : nextUpdateDefault) : null,
                    Warning = updateStale,
                }, ErrorsFor("update"), p),
                Placed(new FormView("details", p["PmPage.Details.Heading"], p["PmPage.Details.Submit"], failed == "details", details) { Readers = readers }, ErrorsFor("details"), p),
                Placed(new FormView("help", p["PmPage.Help.Heading"], p[n.HelpChoices.Count > 0 ? "PmPage.Help.SubmitAsk" : "PmPage.Help.Submit"], failed == "help", n.HelpChoices.Count > 0 ? [askField, helpField] : [helpField]), ErrorsFor("help"), p),
                .. n.Draft is { } draft && i.MergedInto is null ? [Placed(DraftForm(n, draft, failed == "drafts" ? n.Values : null, ErrorsFor("drafts"), failed == "drafts", p), ErrorsFor("drafts"), p)] : Array.Empty<FormView>(),
                .. i.IsOpen || failed == "merge" ? [Placed(new FormView("merge", p["PmPage.Merge.Heading"], p[raising is null ? "PmPage.Merge.Submit" : "PmPage.Merge.Confirm"], failed == "merge", [mergeField])
                {
                    HiddenName = raising is null ? null : IncidentWorkPageNotice.MergeConfirmField,
                    HiddenValue = raising?[0],
                    AltSubmit = keepButton,
                    AltName = keepButton is null ? null : IncidentWorkPageNotice.MergeKeepField,
                    AltValue = keepButton is null ? null : raising?[0],
                }, mergeErrors, p)] : Array.Empty<FormView>(),
                .. unmergeField is not null ? [Placed(new FormView("unmerge", p["PmPage.Unmerge.Heading"], p[unmergeAsked is null ? "PmPage.Unmerge.Submit" : "PmPage.Unmerge.Confirm"], failed == "unmerge", [unmergeField])
                {
                    HiddenName = unmergeAsked is null ? null : IncidentWorkPageNotice.UnmergeConfirmField,
                    HiddenValue = unmergeAsked?[0],
                }, unmergeErrors, p)] : Array.Empty<FormView>(),
                .. i.IsOpen && n.MergeTargets.Count > 0 ? [Placed(new FormView("mergeMany", p["PmPage.MergeMany.Heading"], p["PmPage.MergeMany.Submit"], failed == "mergeMany", [mergeManyField]), ErrorsFor("mergeMany"), p)] : Array.Empty<FormView>(),
            ])
        {
            // Once resolved, the page leads to the retro (it can be drafted earlier from its own URL); once one is saved, to
            // that version and its printable report.
            RetroLink = n.Retro is { } saved ? p.Format("Retro.Link.Edit", saved.Version) : i.IsOpen ? null : p["Retro.Link.Write"],
            RetroReport = n.Retro is not null,
            // Until one is written: owed and by when (a SEV1 that monitoring resolved within minutes still woke people: trial 52), or why it
            // is optional; nothing for an incident that owes none.
            RetroOwed = n.Retro is not null || i.IsOpen ? null
                : n.RetroDueOn is { } retroDue ? string.Join(" ", new[] { p.Format("PmPage.Retro.Owed", SevLabel(i.HighestSeverity), p.Day(retroDue)), RetroDueCounted(n.RetroDueCount, p) }.OfType<string>())
                : n.RetroSelfResolvedMinutes is { } minutes ? p.Format("Retro.Optional.SelfResolved", minutes)
                : null,
            // Named as its rows' times are (GMT for a London winter's incident); the zone's id only for rows across a change of clocks.
            TimelineHeading = p.Aside(p["PmPage.Timeline"], rows.Count > 0 ? p.ZoneName(n.TimeZone, rows[0].At, rows[^1].At) : p.ZoneName(n.TimeZone)),
            // The person update the update form was shown after (a 400 keeps the one its typing started from; a 409 the newest).
            UpdateShown = failed == "update" && n.UpdateStale is null && n.Values.TryGetValue(StaleUpdate.Field, out var shownUpdate) ? shownUpdate : StaleUpdate.VersionOf(i),
            // What its detail fields were filled in with (kept from the post when it failed: a field the person did not touch stays untouched).
            UpdateDetailsShown = failed == "update" && n.Values.TryGetValue(ShownDetails.Field, out var shownDetails) ? shownDetails : ShownDetails.Of(i),
            // No link to the ack button: it comes before the facts, on a phone's first screen (a 「対応します」 link beside it would only scroll).
            // The drafts for everyone who opens the page: a reader not on the roster (PR, support) reads them (trial 53, C).
            ReadDrafts = ReadDrafts(n, p),
            // Held by a maintenance window: one person may release this one now, the window holding the others (trial 55).
            CanReleaseHold = i.PagesHeldAt(n.Now) && n.Visitor.MayAct,
            // The runbooks of its alerts (a heartbeat's runbookUrl, an Alertmanager runbook_url) in the first screen, by 対応します:
            // under 詳細 they sat below the form, a phone's several screens down (trial 58). The alerts' list still links them.
            Runbooks = [.. n.Details.Alerts.OrderBy(a => a.Status == AlertStatus.Resolved ? 1 : 0).Select(a => a.Runbook).Where(FiredAlert.IsShowable)
                .Select(r => r!.AbsoluteUri).Distinct(StringComparer.Ordinal).Take(3).Select(href => new LinkView(p["Alert.Runbook"], href))],
            Jumps = [.. (n.Visitor.MayAct ? new[] { "update", "details", n.Draft is null ? null : "drafts" } : [n.Draft is null ? null : "drafts"]).OfType<string>()
                .Select(f => new LinkView(p[$"PmPage.Jump.{f}"], $"#h-{f}")), new LinkView(p["PmPage.Jump.timeline"], "#h-timeline")],
            RecoveryOwed = i.RecoveryNoticeOwed ? p["PmPage.RecoveryOwed"] : null,
            // Its holder is away (trial 56): above 「対応を引き継ぐ」, that it is for the visitor to take over.
            HolderAway = i.IsOpen && n.HolderAwayUntil is { } awayUntil ? p.OnLeave("PmPage.TakeOver.HolderOnLeave", awayUntil) : null,
            // 「スヌーズ」 (acknowledgement expiry): for the signed-in holder or one of the pair, once a person took it; the snooze shown to all.
            SnoozeOptions = i is { IsOpen: true, AcknowledgedByPerson: true } && n.Visitor.Member is { } snoozer
                && (snoozer.Id == i.AcknowledgedBy || i.Assignees.Any(a => a.Id == snoozer.Id))
                ? [.. IncidentService.SnoozeChoices.Select(m => new OptionView(m.ToString(System.Globalization.CultureInfo.InvariantCulture), DurationText.Exact(TimeSpan.FromMinutes(m), p), false))]
                : [],
            Snoozed = Snoozed(i, zone, n.TimeZone, p) ?? (i.StillYoursPending ? p["PmPage.StillYoursAsked"] : null),
            // 「担当を割り当てる」 beside 「対応を引き継ぐ」 (trial 61, PagerDuty's "Reassign"): whom it can be handed to.
            AssignOptions = i.IsOpen && n.Visitor.MayAct ? [.. n.AssignChoices.Select(m => new OptionView(m.Id, m.DisplayName, false))] : [],
            // 連絡担当 (the communications lead): who it is, and the forms to become it, make someone it, or stand it down.
            CommsLeadOptions = i.IsOpen && n.Visitor.MayAct ? [.. n.CommsLeadChoices.Select(m => new OptionView(m.Id, m.DisplayName, false))] : [],
            CanTakeCommsLead = i.IsOpen && n.Visitor.MayAct && !(n.Visitor.Member is { } leadSelf && string.Equals(leadSelf.Id, i.CommsLead, StringComparison.Ordinal)),
            CanClearCommsLead = i.IsOpen && n.Visitor.MayAct && i.CommsLead is not null,
            // Who the lead is, at the top of the box the forms are in (the walk of session 64: on a phone the facts that name them are a
            // screen further down, below forms that offer to change them).
            CommsLeadNow = i.IsOpen && i.CommsLead is { } leadNow ? p.Format("PmPage.CommsLead.Now", Name(i, leadNow, n.Names) ?? leadNow) : null,
            // Every monitoring alert resolved as monitoring would have resolved it on, but a person runs it, so it was left open: theirs
            // to resolve if it is over. Not for one a source does not resolve on its alerts, nor one nobody took over open for another reason.
            AlertsResolved = i.IsOpen && n.Details.AlertsResolvedLeftToPerson ? p["PmPage.AlertsResolved"] : null,
            AlertsResolvedLink = n.Visitor.MayAct ? p.Format("PmPage.AlertsResolved.Link", p["PmPage.Update.Heading"]) : null,
            AlertsResolvedHref = $"{Query(n.Language)}&status=resolved#h-update",
            RecoveryTold = RecoveryToldLine(i, null, zone, n.TimeZone, p),
            // What the stakeholders were told no longer matches the record (resolved again after a reopen, or corrected): shown,
            // never hidden — the 障害報告書 and the monthly report say the record's.
            RecoveryTimeDiffers = i.RecoveryTimeToldDiffers is { } toldAt && i.ResolvedAt is { } recordedAt
                ? p.Format("PmPage.RecoveryTimeDiffers", p.TimeWithZone(toldAt, zone, n.TimeZone, "Format.Clock"), p.TimeWithZone(recordedAt, zone, n.TimeZone, "Format.Clock"))
                : null,
            // Nobody was reached yet (trial 32a M2): 「未対応」 is about acknowledgement, this line about delivery. Each channel that
            // failed is named with its own error: 「（メール: …、3回試行／SMS: …、2回試行）」.
            Undelivered = n.Undelivered is not { } u ? null
                : u.Failures.Count == 0 ? p["PmPage.Undelivered"]
                : p.Format("PmPage.Undelivered.Failed", string.Join(p["PmPage.Undelivered.Separator"], u.Failures.Select(f => FailedChannel(f, p)))),
            CanResend = n.Visitor.MayAct && n.Resendable.Count > 0,
            DeliveriesHref = Core.Alerts.AlertSources.Names.Contains(i.AlertSource ?? "", StringComparer.Ordinal)
                ? $"/api/alerts/deliveries/page?source={Uri.EscapeDataString(i.AlertSource!)}&lang={LanguageTag(n.Language)}"
                : null,
            RecoveryOwedHow = i.RecoveryNoticeOwed ? p.Format("PmPage.RecoveryOwed.How", ToldAudiences(i, n.AudienceNames, p)) : null,
            RecoveryOwedLink = i.RecoveryNoticeOwed ? p.Format("PmPage.RecoveryOwed.Link", p["PmPage.Update.Heading"]) : null,
            // Other incidents open from before this one (trial 39 M1): said at the top, not only in the merge form's help far below.
            OtherOpen = OtherOpenLine(i.IsOpen ? OtherOpenIncidents.Of(i, n.MergeTargets, n.Now, id => n.Names.GetValueOrDefault(id)) : null, p) is { } others
                ? n.Visitor.MayAct ? Sentences(p, others, p["OtherOpen.Merge.Page"]) : others
                : null,
            OtherOpenLink = n.Visitor.MayAct ? p["OtherOpen.Merge.Link"] : null,
            DoneLink = n.Done is { } mergedDone && MergedDone(mergedDone) && i.MergedInto is { } linkInto
                ? new LinkView(p.Format("PmPage.Done.MergedInto.Link", linkInto), $"/api/incidents/{Uri.EscapeDataString(linkInto)}/page{Query(n.Language)}")
                : null,
            // Who follows it (full names, as lists give them), and the visitor's own button when the roster knows them.
            Followers = n.Followers.Count == 0 ? p["PmPage.Followers.None"] : p.Format("PmPage.Followers", FollowerNames(n.Followers, p)),
            FollowForm = n.Visitor.Member is null || !n.Visitor.MayAct ? null : n.Following ? "unfollow" : "follow",
            FollowHint = p[n.Following ? "PmPage.Following.Hint" : "PmPage.Follow.Hint"],
            FollowButton = p[n.Following ? "PmPage.Unfollow.Button" : "PmPage.Follow.Button"],
            // Confidential (security, personal data): a badge by the title and what is withheld where; the button marks it or lifts it.
            ConfidentialLine = i.Confidential ? p["PmPage.Confidential.Line"] : null,
            // Who else may read it (added on it): the list, each with its remove button, and the form to add one, for those who may act
            // and the security officer (who decides it, roster or not). A member's address by the name the roster has (finding F2).
            AddedReaders = i.Confidential ? [.. n.AddedReaders.Select(r => new ReaderView(r.Address, ReaderName(r.Address, n.Names), null))] : [],
            // Those its pages and calls for help reached, with how: kept (no remove button), as their mail linked them to its page.
            ReachedReaders = i.Confidential
                ? [.. n.ReachedReaders.Select(r => new ReaderView(r.Address, ReaderName(r.Address, n.Names), p[r.Kind == OnDuty.Core.Incidents.ReachedReader.Asked ? "PmPage.Readers.Asked" : "PmPage.Readers.Paged"]))]
                : [],
            ReadersForm = i.Confidential && (n.Visitor.MayAct || n.ManagesReaders),
            ConfidentialForm = !n.Visitor.MayAct ? null : i.Confidential ? "false" : "true",
            ConfidentialButton = p[i.Confidential ? "PmPage.Confidential.Lift" : "PmPage.Confidential.Mark"],
            ConfidentialHint = i.Confidential ? null : p["PmPage.Confidential.Mark.Hint"],
            // When each happened as the lessons search says it: 「発生 10:56・検知 11:00」 when it started before it was detected.
            // A confidential one: whole with the 「非公開」 badge for those who may read it, else 「非公開の障害」.
            Similar = [.. n.Similar.Select(h => n.Reads(h.IncidentId) ? h : Withheld(h, p)).Select(h => new SimilarView(
                h.IncidentId, Uri.EscapeDataString(h.IncidentId), IncidentTitle(h.Title, p), SevLabel(h.Severity), HitTime(h, zone, n.TimeZone, p),
                h.RetroVersion is not null, h.Snippet?.Text, h.Confidential && n.Reads(h.IncidentId) ? p["PmPage.Confidential.Badge"] : null))],
        };
        return templates.RenderHtml("incident-page.html", model, p);
    }

    /// <summary>
    /// One channel's failure as the incident page's 「まだ誰にも届いていません」 says it: 「SMS: 送信元の番号が拒否されました：…、2回試行」, a
    /// refused sender or a Teams workflow gone said in the reader's words before the provider's, the count left out when not known.
    /// </summary>
    private static string FailedChannel(ChannelFailure f, Phrases p)
    {
        var channel = f.Channel.Name();
        var error = SenderRefusal.IsIn(f.Error)
            ? p.Format(p.Has($"PmPage.Undelivered.SenderRefused.{channel}") ? $"PmPage.Undelivered.SenderRefused.{channel}" : "PmPage.Undelivered.SenderRefused", ProviderAnswer(f.Error))
            : TeamsWorkflowGone.IsIn(f.Error) ? p.Format("PmPage.Undelivered.TeamsWorkflowGone", ProviderAnswer(f.Error))
            : ProviderAnswer(f.Error);
        return f.Attempts == 0
            ? p.Format("PmPage.Undelivered.Channel.GivenUp", p.ChannelName(channel), error)
            : p.Format(p.Counted("PmPage.Undelivered.Channel", f.Attempts), p.ChannelName(channel), error, f.Attempts);
    }

    /// <summary>Who follows it, by full name (as lists give them).</summary>
    private static string FollowerNames(IReadOnlyList<OnDuty.Core.Team.Member> followers, Phrases p) => p.Join(followers.Select(f => f.DisplayName));

    /// <summary>
    /// 「起票者」: who declared it on the form. A roster member by their roster name, linked — for a visitor who may act — to their
    /// mail (<c>mailto:</c>) and, when the roster has one, their phone (<c>tel:</c>), so the pair can reach them; a name typed without
    /// sign-in as typed, with no contact; the API called without a name as the timeline says it, 「API（名前の指定なし）」, never 「api」.
    /// Null for an incident monitoring opened.
    /// </summary>
    private static Fact? DeclarerFact(IncidentWorkPageNotice n, Incident i, Phrases p)
    {
        if (i.Source != Incident.ManualSource || string.IsNullOrWhiteSpace(i.OpenedBy) || !Incident.IsPerson(i.OpenedBy))
        {
            return null;
        }

        if (n.Declarer is not { } member)
        {
            return new(p["PmPage.DeclaredBy"], Actor(i, i.OpenedBy, p, n.Names)!);
        }

        if (!n.Visitor.MayAct || !Core.Team.EmailAddress.IsValid(member.Email))
        {
            return new(p["PmPage.DeclaredBy"], member.DisplayName);
        }

        // The address as typed but for what a URL cannot hold ("@" kept: mail clients read mailto:a%40b as many ways).
        List<FactLink> links = [new(member.DisplayName, "mailto:" + Uri.EscapeDataString(member.Email.Trim()).Replace("%40", "@", StringComparison.Ordinal))];
        if (member.Phone is { } phone && Core.Notifications.PhoneNumber.IsValid(phone))
        {
            links.Add(new(Core.Notifications.PhoneNumber.Grouped(phone), "tel:" + phone));
        }

        return new(p["PmPage.DeclaredBy"], member.DisplayName) { Links = links };
    }

    /// <summary>
    /// A time field labelled with the zone a typed time is read in (「発生日時（JST）」), the one place a reader needs it, on the
    /// declare form and the incident page alike; any other field as it is.
    /// </summary>
    private static FieldView ZonedLabel(FieldView field, string zone, Phrases p) =>
        field.Kind == "datetime" ? field with { Label = p.Aside(field.Label, zone) } : field;

    /// <summary>
    /// A stakeholder notice row whose severity had no audience: 「関係者へ報告を送信」 alone read as sent, while the update form and
    /// its confirmation say nobody is told (brief trialdeclare) — the row says so too, or that it went only to the incident's
    /// followers, as many as its row counts (「…この障害をフォローしている2人にだけ送りました。」); with audiences, the followers it
    /// went to besides them. A row written before followers were counted reads as before. Null for any other row.
    /// </summary>
    private static string? NoticeReach(TimelineEntry t, Phrases p) => t switch
    {
        { Kind: TimelineKind.StakeholdersNotified, Step: not null, Recipients.Count: 0, Followers: > 0 and var n } =>
            p.Format(p.Counted("PmPage.Timeline.NoticeToFollowersOnly", n), n),
        { Kind: TimelineKind.StakeholdersNotified, Step: not null, Recipients.Count: 0 } => p["PmPage.Timeline.NoticeToNobody"],
        { Kind: TimelineKind.StakeholdersNotified, Step: not null, Followers: > 0 and var n } =>
            p.Format(p.Counted("PmPage.Timeline.NoticeToFollowersToo", n), n),
        _ => null,
    };

    /// <summary>
    /// The update's confirmation: which notice it queued for whom, as the timeline's row says it (「第2報を経営層・サポートに送ります」,
    /// each audience's own number when they differ), or that no audience was told; queued, so "will be sent", never "sent". Its row
    /// not among the rows read (an old link, a notice still owed): the update alone.
    /// </summary>
    private static string UpdatePosted(IncidentWorkPageNotice n, string done, Phrases p)
    {
        var i = n.Details.Incident.Value;
        if (n.DoneNotice is not { } number
            || n.Details.Timeline.FirstOrDefault(t => t.Kind == TimelineKind.StakeholdersNotified && t.Step == number) is not { } row)
        {
            return p[$"PmPage.Done.{done}"];
        }

        if (row.Recipients.Count == 0)
        {
            // No audience: the followers its row counts are who it went to, if anyone.
            return p[row.Followers > 0 ? $"PmPage.Done.{done}.FollowersOnly" : $"PmPage.Done.{done}.Nobody"];
        }

        var theirs = row.Recipients.Select(a => (Name: n.AudienceNames.GetValueOrDefault(a) ?? a, Number: i.Comms.NumberIn(a, number))).ToList();
        return theirs.Select(t => t.Number).Distinct().Count() == 1
            ? p.Format($"PmPage.Done.{done}.Notice", theirs[0].Number, p.JoinNames([.. theirs.Select(t => t.Name)]))
            : p.Format($"PmPage.Done.{done}.Notices", p.JoinNames([.. theirs.Select(t => p.Format("PmPage.Notify.Series", t.Name, t.Number))]));
    }

    private string AckTogetherPage(AckTogetherPageNotice n)
    {
        var p = Phrases.For(n.Language);
        var values = n.Values ?? new Dictionary<string, string>();
        var rows = IncidentOrder.ForAttention(n.Waiting).Select(i => new AckRowView(
            AckTogetherPageNotice.Field(i.Id), i.Id, Uri.EscapeDataString(i.Id), SevLabel(i.Severity), n.Reads(i.Id) ? IncidentTitle(i, p) : ShownTitle(i, p),
            // Only a monitoring tool acknowledged it: offered too (nobody on duty took it), and said so, as the status page's row does.
            ToolOnly(i, p) is { } toolOnly ? p.Format("PmPage.AckAll.OpenedToolOnly", Age(n.Now - i.DetectedAt, p), toolOnly)
                : p.Format("PmPage.AckAll.Opened", Age(n.Now - i.DetectedAt, p)),
            n.Values is null || values.GetValueOrDefault(AckTogetherPageNotice.Field(i.Id)) == "true")).ToList();
        var model = new AckTogetherPageView(
            LanguageTag(n.Language), p["PmPage.AckAll.Title"], Query(n.Language), n.Token.FieldName, n.Token.Value,
            Visitor(n.Visitor, values, n.Errors, p), rows,
            n.Acknowledged is { } done ? p.Format(p.Counted(n.OthersTold ? "PmPage.AckAll.Done" : "PmPage.AckAll.Done.NobodyElse", done), done) : null,
            n.Errors.Count > 0 ? p["PmPage.Form.Fix"] : null,
            FirstError(n.Errors, "ids", p));
        return templates.RenderHtml("ack-together-page.html", model, p);
    }

    /// <summary>
    /// Pages late by the health check's rule, said on top of the status page: how many, the latest error of the oldest, and that they
    /// are retried on their own (the list: 「届かなかった連絡」). Null while none is.
    /// </summary>
    private static string? LatePagesBanner(LatePages late, Phrases p)
    {
        if (late.Pages.Count == 0)
        {
            return null;
        }

        var count = late.More ? $"{LatePagesCheck.Counted}+" : late.Pages.Count.ToString(CultureInfo.InvariantCulture);
        return late.Pages.FirstOrDefault(m => !string.IsNullOrWhiteSpace(m.LastError))?.LastError is { } error
            ? p.Format(late.More ? "PmPage.Status.LatePages" : p.Counted("PmPage.Status.LatePages", late.Pages.Count), count, ProviderAnswer(error))
            : p.Format(late.More ? "PmPage.Status.LatePages.NoError" : p.Counted("PmPage.Status.LatePages.NoError", late.Pages.Count), count);
    }

    /// <summary>
    /// 「関係者にはまだ何も報告していません」 for an open, acknowledged incident of a severity stakeholders are told of that has told them
    /// nothing yet (opened by monitoring, nobody has updated it), 「関係者への次の報告（15:30頃の予定）が遅れています」 from the minute after the time
    /// its last notice gave (<see cref="NextUpdatePromise.IsLate"/>: at 15:30 it is due, not late); null otherwise.
    /// </summary>
    private static string? UpdateDue(Incident i, StatusPageNotice n, TimeZoneInfo zone, Phrases p) =>
        !i.IsOpen || i.MergedInto is not null ? null
        // Nobody has taken it: 「未対応」 says what comes first; the 第1報 is owed by whoever takes it.
        : i.Comms.ToldAudiences.Count == 0 ? (i.IsAcknowledged && i.Comms.Issued == 0 && n.SeveritiesTold.Contains(i.Severity) ? p["PmPage.Status.NothingTold"] : null)
        : i.Comms.LastNoticeSaid is { Closed: false, NextUpdateBy: { } due } && NextUpdatePromise.IsLate(due, n.Now) ? p.Format("PmPage.Status.UpdateOverdue", PromiseTime(due, n.Now, zone, p))
        : null;

    /// <summary>
    /// The time of a promised update on the status page: the clock when it is today (「15:30頃」), with the date when not — a promise
    /// made on Friday for Monday read 「10:00頃まで」 on Saturday as if it were that morning.
    /// </summary>
    private static string PromiseTime(DateTimeOffset at, DateTimeOffset now, TimeZoneInfo zone, Phrases p) =>
        p.Time(at, zone, TimeZones.DateAt(at, zone) == TimeZones.DateAt(now, zone) ? "Format.Clock" : "Format.ShortDateTime");

    private string StatusPage(StatusPageNotice n)
    {
        var p = Phrases.For(n.Language);
        // Whoever the page names by an id the roster no longer has: by the name they had, marked.
        // A confidential incident's row: its id, severity and status, no title and no update's words.
        n = n with { Names = WithFormer(n.Names, n.Former, p), Incidents = Withheld(n.Incidents, p) };
        var zone = TimeZones.Find(n.TimeZone);
        // Each row's time says its zone (「最終更新 2027/01/12 11:10（JST、2分前）」), as the incident page's facts do.
        string Stamp(DateTimeOffset at) => p.TimeWithZone(at, zone, n.TimeZone, "Format.Stamp");
        // Open ones first: those nobody has taken, then by severity, newest first within — as 「まとめて対応する」 and the brief list them.
        var rows = IncidentOrder.ForAttention(n.Incidents, e => e.Incident)
            .Select(e => new StatusRowView(
            e.Incident.Id,
            Uri.EscapeDataString(e.Incident.Id),
            IncidentTitle(e.Incident, p),
            SevLabel(e.Incident.Severity),
            p[$"Status.{e.Incident.Status}"],
            e.Incident.IsOpen,
            p.Time(e.LastUpdateAt, zone, "Format.Stamp"),
            Age(n.Now - e.LastUpdateAt, p),
            e.LastUpdate)
        {
            Waiting = !e.Incident.IsOpen || e.Incident.IsAcknowledged ? null
                : e.Incident.PagesNobodyFor is { } announces ? p.Format("PmPage.Status.NotPaged", TimelineText.AzureClass(announces, p))
                : e.Incident.PagesHeldAt(n.Now) ? p.Format("PmPage.Status.Held", Stamp(e.Incident.PagesHeldUntil!.Value))
                : p["PmPage.Status.Waiting"],
            // Only a tool acknowledged it, perhaps within seconds, before its page reached anyone: open or resolved, the row says so.
            ToolOnly = ToolOnly(e.Incident, p),
            // Snoozed by its holder (acknowledgement expiry): 「スヌーズ中（15:30まで）」; asked 「まだ対応中ですか？」 and not answered: 「再通知中」.
            Snoozed = Snoozed(e.Incident, zone, n.TimeZone, p) ?? (e.Incident.StillYoursPending ? p["PmPage.Status.StillYoursAsked"] : null),
            // Its pages have reached nobody yet and are being retried (trial 36 M2): 「未対応」 alone read as the pair ignoring it.
            Unreached = n.LatePages.Unreached.ContainsKey(e.Incident.Id) ? p["PmPage.Status.Unreached"] : null,
            AutoResolved = e.AutoResolvedAt is { } auto ? p.Format("PmPage.Status.AutoResolved", Stamp(auto)) : null,
            // Nobody has spoken: its detection, said as such, not as an update (trial day 28, L12); the last words after a full-width colon in Japanese.
            Meta = e.NobodyUpdated
                ? p.Format("PmPage.Status.DetectedNoUpdate", p.Time(e.LastUpdateAt, zone, "Format.Stamp"), Age(n.Now - e.LastUpdateAt, p), p.ZoneName(n.TimeZone, e.LastUpdateAt))
                : e.LastUpdate is { } said
                    ? p.Format("Format.Labelled", $"{p["PmPage.Status.LastUpdate"]} {p.TimeWithZone(e.LastUpdateAt, zone, n.TimeZone, "Format.Stamp", Age(n.Now - e.LastUpdateAt, p))}", said)
                    : $"{p["PmPage.Status.LastUpdate"]} {p.TimeWithZone(e.LastUpdateAt, zone, n.TimeZone, "Format.Stamp", Age(n.Now - e.LastUpdateAt, p))}",
            // Who took it, while open.
            AcknowledgedBy = e.Incident is { IsOpen: true, AcknowledgedBy: { } taker }
                ? p.Format("Format.Labelled", p["PmPage.Acknowledged"], HolderOnLeave(ActorText.Acknowledger(taker, e.Incident.AcknowledgedVia, id => Name(e.Incident, id, n.Names), p) ?? taker,
                    n.HoldersAway.TryGetValue(e.Incident.Id, out var away) ? away : null, p))
                : null,
            // 連絡担当, while open: whom the stakeholders hear from.
            CommsLead = e.Incident is { IsOpen: true, CommsLead: { } lead }
                ? p.Format("Format.Labelled", p["PmPage.CommsLead"], Name(e.Incident, lead, n.Names) ?? lead)
                : null,
            RecoveryOwed = e.Incident.RecoveryNoticeOwed ? p["PmPage.Status.RecoveryOwed"] : null,
            // Resolved at another time than the recovery notice told the stakeholders, as the incident page says it.
            RecoveryTimeDiffers = e.Incident.RecoveryTimeToldDiffers is { } toldAt && e.Incident.ResolvedAt is { } recordedAt
                ? p.Format("PmPage.Status.RecoveryTimeDiffers", p.TimeWithZone(toldAt, zone, n.TimeZone, "Format.Clock"), p.TimeWithZone(recordedAt, zone, n.TimeZone, "Format.Clock"))
                : null,
            // Open again, while its last line (the recovery notice) says fixed: what the stakeholders believe, and that they need word.
            RecoveryTold = RecoveryToldLine(e.Incident, null, zone, n.TimeZone, p),
            // Open again after monitoring (or a person) resolved it: its detection and 「更新なし」 alone read as an old one left alone.
            Refired = e.Incident is { IsOpen: true, ReopenCount: > 0, LastReopenedAt: { } refired } ? p.Format("PmPage.Status.Refired", p.Time(refired, zone, "Format.Clock")) : null,
            // Which open one owes its stakeholders word (trial 54: two at once, the reminders by mail only): its 第1報, or the update its
            // last notice promised by a time now past; the promise still ahead on the row's second line.
            UpdateDue = UpdateDue(e.Incident, n, zone, p),
            NextUpdate = e.Incident is { IsOpen: true, Comms.LastNoticeSaid: { Closed: false, NextUpdateBy: { } next } } && !NextUpdatePromise.IsLate(next, n.Now)
                ? p.Format("PmPage.Status.NextUpdate", PromiseTime(next, n.Now, zone, p))
                : null,
        }).ToList();
        var maintenance = n.Maintenance.OrderBy(w => w.From).Select(w => new MaintenanceView(
            w.Id,
            w.Title,
            p[w.IsActiveAt(n.Now) ? "PmPage.Maintenance.Active" : "PmPage.Maintenance.Planned"],
            MaintenancePeriod(w, p, n.TimeZone),
            MaintenanceScope(w, p))).ToList();
        var waiting = n.Incidents.Count(e => IncidentOrder.NotTaken(e.Incident));
        var resolved = rows.Where(r => !r.Open).ToList();
        var model = new StatusPageView(
            LanguageTag(n.Language), p["PmPage.Status.Title"], Query(n.Language), p.Format("PmPage.Status.AsOf", p.Time(n.Now, zone, "Format.Stamp"), p.ZoneName(n.TimeZone, n.Now)),
            [.. rows.Where(r => r.Open)], [.. resolved.Take(StatusPageNotice.MaxResolvedShown)],
            waiting > 0 ? p.Format("PmPage.AckAll.Link", waiting) : null,
            resolved.Count > StatusPageNotice.MaxResolvedShown ? p.Format("PmPage.Status.MoreResolved", resolved.Count - StatusPageNotice.MaxResolvedShown) : null)
        {
            Maintenance = maintenance,
            Heartbeats = HeartbeatRows(n, p, zone),
            LatePages = LatePagesBanner(n.LatePages, p),
        };
        return templates.RenderHtml("status-page.html", model, p);
    }

    private string PageProblemPage(PageProblemNotice n)
    {
        var p = Phrases.For(n.Language);
        var (title, body) = n.Problem switch
        {
            PageProblem.Forged => (p["PmPage.Invalid.Title"], p["PmPage.Invalid.Body"]),
            PageProblem.NotFound => (p["Ack.Title.NotFound"], p.Format("Ack.Body.NotFound", n.IncidentId)),
            PageProblem.MaintenanceNotFound => (p["Ack.Title.NotFound"], p.Format("PmPage.MaintenancePage.NotFound", n.IncidentId)),
            PageProblem.FormNotFound => (p["Ack.Title.NotFound"], p["PmPage.DutyPage.NotFound"]),
            PageProblem.RotationNotFound => (p["Ack.Title.NotFound"], p.Format("PmPage.DutyPage.RotationNotFound", n.IncidentId)),
            PageProblem.DutyChangeNotFound => (p["Ack.Title.NotFound"], p.Format("PmPage.DutyPage.ChangeNotFound", n.IncidentId)),
            PageProblem.LeaveNotFound => (p["Ack.Title.NotFound"], p.Format("PmPage.DutyPage.LeaveNotFound", n.IncidentId)),
            PageProblem.LinkInvalid => (p["Feed.Link.Title"], p["Feed.Link.Body"]),
            PageProblem.NotOnRoster => (p["PmPage.NotOnRoster.Title"], NotOnRosterBody(n, p)),
            PageProblem.Confidential => (p["PmPage.Confidential.Title"], n.DutyNames.Count == 0
                ? p.Format("PmPage.Confidential.BodyNoDuty", n.IncidentId)
                : p.Format("PmPage.Confidential.Body", n.IncidentId, p.JoinNames([.. n.DutyNames.Select(name => Called(name, null, p))]))),
            PageProblem.BadAddress when n.Rules.Count > 0 => (p["PmPage.BadAddress.Title"], BadAddressRules(n, p)),
            PageProblem.BadAddress => (p["PmPage.BadAddress.Title"], p.Format("PmPage.BadAddress.Body", n.IncidentId)),
            // A page read changes nothing either way: it says the page could not be read, a post that nothing was changed.
            _ => (p["Ack.Title.Unavailable"], p[n.Read ? "PmPage.Unavailable.Read" : "Ack.Body.Unavailable"]),
        };
        // A form posted while storage is down: what was typed, field by field as the form labels it, to copy and send again.
        var posted = n.Problem == PageProblem.Unavailable
            ? n.Posted.Where(f => !string.IsNullOrWhiteSpace(f.Value) && p.Has($"PmPage.Field.{f.Key}"))
                .Select(f => new PostedView(p[$"PmPage.Field.{f.Key}"], f.Value, Math.Clamp(f.Value.Count(c => c == '\n') + 2, 2, 12))).ToList()
            : [];
        return templates.RenderHtml("ack-page.html", new AckView(LanguageTag(n.Language), title, null, body, null)
        {
            Link = n.Back,
            LinkText = n.Back is null ? null : p["PmPage.Back"],
            Posted = posted,
            PostedTitle = posted.Count == 0 ? null : p["PmPage.Unavailable.Posted"],
        }, p);
    }

    /// <summary>
    /// A value of the page's address that was read but is not one it takes: what each must be (the range, the form), as the
    /// API says it, in the reader's language.
    /// </summary>
    private static string BadAddressRules(PageProblemNotice n, Phrases p)
    {
        // In the order the values are named (weeks, lang), then any other.
        var named = (n.IncidentId ?? "").Split(", ").ToList();
        var rules = n.Rules.OrderBy(r => named.IndexOf(r.Key) is var i and >= 0 ? i : named.Count).ThenBy(r => r.Key, StringComparer.Ordinal).Select(r => p.Format($"PmPage.BadAddress.Rule.{r.Value.Kind}", r.Key, r.Value.Low, r.Value.High));
        return string.Join(n.Language == OnDuty.Core.Team.Language.Ja ? "" : " ", [p.Format("PmPage.BadAddress.Refused", n.IncidentId), .. rules, p["PmPage.BadAddress.Again"]]);
    }

    /// <summary>
    /// The PR/CS drafts as a form: the notice, the workaround text and the FAQ as <c>Q: …</c> / <c>A: …</c> blocks, and an
    /// approval box with who approves. Hidden <c>draftEtag</c> makes a save by someone else in between a conflict. Saved drafts
    /// written for another state of the incident carry a warning and a link to drafts made afresh from the latest state.
    /// </summary>
    private static FormView DraftForm(IncidentWorkPageNotice n, IncidentDraft draft, IReadOnlyDictionary<string, string>? typed, IReadOnlyDictionary<string, string[]> errors, bool failed, Phrases p)
    {
        var etag = n.DraftETag;
        var incident = n.Details.Incident.Value;
        var values = typed ?? new Dictionary<string, string>(DraftTexts(draft, p))
        {
            ["approve"] = draft.Status == DraftStatus.Approved ? "true" : "",
            // One taken off the roster since is not offered as the approver of a save now: whoever saves it types their own name.
            ["approvedBy"] = draft.ApprovedBy is { } approver && !n.Former.Any(f => f.Id == approver) ? approver : "",
            // Empty: only if nobody saved the drafts meanwhile (the generated text is shown).
            ["draftEtag"] = etag ?? "",
        };
        FieldView Field(string name, string kind, int max) => new(
            name, p[$"PmPage.Field.{name}"], p.Has($"PmPage.Hint.{name}") ? p[$"PmPage.Hint.{name}"] : null, kind,
            values.GetValueOrDefault(name) ?? "", FirstError(errors, name, p), false, max, []);
        var stale = n.DraftRegenerated ? null : StaleWarning(draft, incident, p);
        return new FormView("drafts", p["PmPage.Drafts.Heading"], p["PmPage.Drafts.Submit"], failed,
        [
            // The notice is about 25 lines: shown whole, as are the workaround and the questions.
            Copyable(Field("customerNotice", "textarea", IncidentDraft.MaxNoticeLength) with { Hint = DraftStatusLine(n, draft, values, p), Rows = DraftRows["customerNotice"] }, p),
            Copyable(Field("draftWorkaround", "textarea", IncidentDraft.MaxTextLength) with { Rows = DraftRows["draftWorkaround"] }, p),
            Copyable(Field("faq", "textarea", IncidentDraft.MaxQuestions * (IncidentDraft.MaxQuestionLength + IncidentDraft.MaxTextLength + 8)) with { Rows = DraftRows["faq"] }, p),
            Field("approve", "checkbox", 0),
            Field("approvedBy", "text", 100),
        ])
        {
            HiddenName = "draftEtag",
            HiddenValue = values.GetValueOrDefault("draftEtag") ?? "",
            // What the incident was as this page showed it: the save records it as what the text was reviewed for (a change
            // made meanwhile leaves the saved text stale). A failed save keeps what the first page showed.
            InputsValue = typed?.GetValueOrDefault("draftInputs") ?? DraftInputs.Token(DraftInputs.Of(incident)),
            Warning = stale,
            // Offered whenever a saved text stands in for the generated one; in the warning's words when it went stale.
            Link = etag is not null && !n.DraftRegenerated ? $"/api/incidents/{Uri.EscapeDataString(incident.Id)}/page{Query(n.Language)}&drafts=regenerate#h-drafts" : null,
            LinkText = p["PmPage.Drafts.Regenerate"],
        };
    }

    /// <summary>The drafts' texts by their boxes' names (<see cref="DraftRows"/>), as the form and the read-only view show them.</summary>
    private static Dictionary<string, string> DraftTexts(IncidentDraft draft, Phrases p) => new(StringComparer.Ordinal)
    {
        ["customerNotice"] = draft.CustomerNotice,
        ["draftWorkaround"] = draft.Workaround,
        ["faq"] = FaqText(draft, p),
    };

    /// <summary>The questions as the FAQ template writes them (「Q：」 in Japanese), a blank line between; the save reads either colon back.</summary>
    private static string FaqText(IncidentDraft draft, Phrases p) =>
        string.Join("\n\n", draft.Faq.Select(q => $"Q{p["Format.Colon"]}{q.Question}\nA{p["Format.Colon"]}{q.Answer}"));

    /// <summary>
    /// A draft box with its 「コピー」 button (<see cref="CopyScript"/>), named for the box it copies (「お客様向けの回避策をコピー」):
    /// support and PR paste the texts into their own tools, and select-all in a box is fiddly on a phone.
    /// </summary>
    private static FieldView Copyable(FieldView field, Phrases p) => field with { Copy = p.Format("PmPage.Drafts.CopyLabel", field.Label) };

    /// <summary>The drafts' fields (the form's and the read-only view's) and their heights: the notice is about 25 lines, shown whole.</summary>
    private static readonly Dictionary<string, int> DraftRows = new(StringComparer.Ordinal) { ["customerNotice"] = 26, ["draftWorkaround"] = 8, ["faq"] = 20 };

    /// <summary>
    /// Where the drafts stand, said above the notice: generated, saved, or who approved them and when; while the text shown may hold
    /// a marker, what to do with the markers. An approved text has none left (trial 39 L4): its line says who approved it and when.
    /// </summary>
    private static string DraftStatusLine(IncidentWorkPageNotice n, IncidentDraft draft, IReadOnlyDictionary<string, string> values, Phrases p)
    {
        // Made afresh for a reader who cannot save them: they are only shown, and nothing is saved.
        var status = n.DraftRegenerated ? p[n.Visitor.MayAct ? "PmPage.Drafts.Regenerated" : "PmPage.Drafts.RegeneratedRead"]
            // Who approved, as typed, with the honorific (「広報 佐藤さん」: a typed name may carry a role, so it is not cut to a family name), and when in the team's zone: 「…さんが1月12日(火) 11:05（JST）に承認しました。」
            : draft.Status == DraftStatus.Approved ? draft.ApprovedAt is { } approvedAt
                ? p.Format("PmPage.Drafts.ApprovedAt", DraftApprover(n, draft.ApprovedBy, p),
                    p.TimeWithZone(approvedAt, TimeZones.Find(n.TimeZone), n.TimeZone, "Format.ShortDateTime"))
                : p.Format("PmPage.Drafts.Approved", DraftApprover(n, draft.ApprovedBy, p))
            : p[draft.SavedBy is null ? "PmPage.Drafts.Generated" : "PmPage.Drafts.Draft"];
        var markersLeft = n.DraftRegenerated || draft.Status != DraftStatus.Approved
            || DraftRows.Keys.Sum(field => DraftMarkers.Count(values.GetValueOrDefault(field))) > 0;
        return markersLeft ? string.Join(n.Language == Core.Team.Language.Ja ? "" : " ", status, p["PmPage.Drafts.Markers"]) : status;
    }

    /// <summary>
    /// Who approved the drafts, as typed, with the honorific; one whose personal data was erased since (the typed name rewritten to
    /// their id) as the page names them (<see cref="WithFormer"/>: 「退任したメンバー」), never by the id.
    /// </summary>
    private static string DraftApprover(IncidentWorkPageNotice n, string? typed, Phrases p) =>
        p.Honorific(typed is not null && n.Former.Any(f => f.Id == typed) && n.Names.TryGetValue(typed, out var had) ? had : typed);

    /// <summary>
    /// The drafts as a reader who has no forms reads them (signed in, not on the roster: PR and support, whose notices link
    /// <c>#h-drafts</c>): where they stand, why to review them, and each text in a read-only box to select and copy. A duplicate's
    /// drafts would tell customers it recovered when it was only merged: it points at the incident it goes on under instead, for
    /// everyone. Null when the page has the drafts form, or no drafts.
    /// </summary>
    private static ReadDraftsView? ReadDrafts(IncidentWorkPageNotice n, Phrases p)
    {
        var incident = n.Details.Incident.Value;
        if (n.Draft is not { } draft || (n.Visitor.MayAct && incident.MergedInto is null))
        {
            return null;
        }

        if (incident.MergedInto is { } into)
        {
            return new ReadDraftsView(p["PmPage.Drafts.Heading"], "", null, [])
            {
                Merged = p.Format("PmPage.Drafts.MergedInto", into),
                MergedLink = p.Format("PmPage.Drafts.MergedInto.Link", into),
                MergedHref = $"/api/incidents/{Uri.EscapeDataString(into)}/page{Query(n.Language)}#h-drafts",
            };
        }

        var values = DraftTexts(draft, p);
        return new ReadDraftsView(
            p["PmPage.Drafts.Heading"],
            DraftStatusLine(n, draft, values, p),
            n.DraftRegenerated ? null : StaleWarning(draft, incident, p),
            [.. DraftRows.Select(r => Copyable(new FieldView(r.Key, p[$"PmPage.Field.{r.Key}"], null, "textarea", values[r.Key], null, false, 0, []) { Rows = r.Value }, p))]);
    }

    /// <summary>
    /// Why saved drafts should be reviewed again, or null: what they are generated from changed since they were saved or approved
    /// (<see cref="IncidentDraft.StaleBecause"/>), 「承認後に回避策と影響範囲が変わりました。」; the state alone is said with its two
    /// states, as before 「障害の状態が承認後に変わりました（原因特定 → 復旧済み）。」. A workaround withdrawn while the incident goes on
    /// is said as withdrawn, with what to delete: 「…回避策は取り下げられています。お知らせと回避策の文案から削除してください。」.
    /// </summary>
    private static string? StaleWarning(IncidentDraft draft, Incident incident, Phrases p)
    {
        var changed = draft.StaleBecause(incident);
        if (changed.Count == 0)
        {
            return null;
        }

        // A recovery time comes with the state's change: said by it.
        if (changed.Contains("status"))
        {
            changed = [.. changed.Where(c => c != "resolvedAt")];
        }

        var approved = draft.Status == DraftStatus.Approved;
        var states = draft.SavedInStatus is { } then ? (p[$"Status.{then}"], p[$"Status.{incident.Status}"]) : default((string, string)?);
        if (changed is ["status"] && states is var (from, to))
        {
            return p.Format(approved ? "PmPage.Drafts.StaleApproved" : "PmPage.Drafts.StaleSaved", from, to);
        }

        // One name for what a customer reads as one section: user impact, areas and platforms are all 影響範囲.
        var names = changed
            .Select(c => c == "status" && states is var (a, b) ? p.Format("PmPage.Drafts.Input.statusChange", a, b) : p[$"PmPage.Drafts.Input.{c}"])
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var list = names.Count == 1 ? names[0] : p.Join(names.Take(names.Count - 1)) + p["PmPage.Drafts.Input.And"] + names[^1];
        var warning = p.Format(approved ? "PmPage.Drafts.StaleInputsApproved" : "PmPage.Drafts.StaleInputsSaved", list);
        // A workaround the PMs withdrew while it is still going on: the saved text may still offer it to customers, so say so.
        return changed.Contains("workaround") && incident.Workaround is null && incident.IsOpen ? p.Format("PmPage.Drafts.WorkaroundWithdrawn", warning) : warning;
    }

    /// <summary>The fields that describe an incident, on the declare form and in the incident page's edit form.</summary>
    private static List<FieldView> DetailFields(
        IReadOnlyDictionary<string, string> values, IReadOnlyDictionary<string, string[]> errors, SeverityMeanings meanings, Phrases p, bool requireSeverityChoice,
        CriteriaBox criteria)
    {
        FieldView Field(string name, string kind, bool required, int max, IReadOnlyList<OptionView>? options = null) => new(
            name, p[$"PmPage.Field.{name}"], p.Has($"PmPage.Hint.{name}") ? p[$"PmPage.Hint.{name}"] : null, kind,
            values.GetValueOrDefault(name) ?? "", FirstError(errors, name, p), required, max, options ?? []);

        var chosen = values.GetValueOrDefault("severity")?.Trim().ToUpperInvariant();
        var severities = Enum.GetValues<AlertSeverity>()
            .Select(s => new OptionView(SevLabel(s), $"{SevLabel(s)} — {SeverityMeaning(meanings, s, p)}", chosen == SevLabel(s)))
            .ToList();
        if (requireSeverityChoice)
        {
            severities.Insert(0, new OptionView("", p["PmPage.Choose"], string.IsNullOrEmpty(chosen)));
        }

        return
        [
            Field("title", "text", true, Incident.MaxTitleLength),
            Field("severity", "select", true, 0, severities) with
            {
                Criteria = criteria.Shown,
                CriteriaHeading = criteria.Shown.Count > 0 ? p["PmPage.Criteria"] : null,
                CriteriaNote = criteria.Note,
                CriteriaAllLink = criteria.AllLink,
                CriteriaAllText = criteria.AllLink is null ? null : criteria.AllText,
            },
            Field("userImpact", "textarea", false, Incident.MaxTextLength),
            Field("workaround", "textarea", false, Incident.MaxTextLength),
            Field("affectedAreas", "list", false, (Incident.MaxListItems * (Incident.MaxListItemLength + 1))),
            Field("platforms", "list", false, (Incident.MaxListItems * (Incident.MaxListItemLength + 1))),
            Field("startedAt", "datetime", false, 0),
            Field("bridgeUrl", "url", false, Incident.MaxBridgeUrlLength),
        ];
    }

    private static VisitorView Visitor(PageVisitor visitor, IReadOnlyDictionary<string, string> values, IReadOnlyDictionary<string, string[]> errors, Phrases p) =>
        visitor.SignedIn
            ? new VisitorView(false, p.Format("PmPage.SignedInAs", visitor.Name), null) { ReadOnly = ReadOnlyNote(visitor, p) }
            : new VisitorView(true, null, new FieldView("by", p["PmPage.Field.by"], p["PmPage.Hint.by"], "text", values.GetValueOrDefault("by") ?? "", FirstError(errors, "by", p), true, 100, []));

    /// <summary>
    /// The read-only note of the security officer on no roster (<see cref="IncidentWorkPageNotice.ManagesReaders"/>) on a confidential
    /// incident's page, when <paramref name="managesReaders"/>: that 「閲覧できる人」 is theirs to change all the same.
    /// </summary>
    private static VisitorView WithReadersNote(VisitorView visitor, bool managesReaders, Phrases p) =>
        managesReaders && visitor.ReadOnly is { } note ? visitor with { ReadOnly = Sentences(p, note, p["PmPage.ReadOnly.Readers"]) } : visitor;

    /// <summary>
    /// How 「閲覧できる人」 names <paramref name="address"/>: by the display name of the roster member it is an address of, as lists name
    /// people (the page's one roster read, <paramref name="names"/>), else as the address.
    /// </summary>
    private static string ReaderName(string address, IReadOnlyDictionary<string, string> names) =>
        names.FirstOrDefault(n => n.Key.Contains('@', StringComparison.Ordinal) && OnDuty.Core.Team.Member.SameAddress(n.Key, address)).Value ?? address;

    /// <summary>
    /// What a page says in place of the forms that act to a visitor who may not use them (<c>Pages__RequireRosterMember</c>: signed
    /// in, not on the roster): who they are signed in as and whom to ask. Null for everyone else.
    /// </summary>
    private static string? ReadOnlyNote(PageVisitor visitor, Phrases p) =>
        visitor.MayAct ? null
        : Sentences(p, visitor.Email is { } address ? p.Format("PmPage.ReadOnly", address) : p.Format("PmPage.ReadOnly.NoAddress", visitor.Name), AskToJoin(visitor, p));

    /// <summary>The refusal of a post by a visitor who may not act: nothing done, who they are signed in as, whom to ask.</summary>
    private static string NotOnRosterBody(PageProblemNotice n, Phrases p) =>
        Sentences(
            p,
            n.Visitor?.Email is { } address ? p.Format("PmPage.NotOnRoster.Body", address) : p.Format("PmPage.NotOnRoster.BodyNoAddress", n.Visitor?.Name),
            n.Visitor is { } v ? AskToJoin(v, p) : p["PmPage.NotOnRoster.AskAdmin"]);

    /// <summary>Whom to ask to be put on the roster: the leads (a roster name with its honorific, an address as it is), else the administrator.</summary>
    private static string AskToJoin(PageVisitor visitor, Phrases p) =>
        visitor.AskToJoin.Count == 0
            ? p["PmPage.NotOnRoster.AskAdmin"]
            : p.Format("PmPage.NotOnRoster.Ask", p.JoinNames([.. visitor.AskToJoin.Select(l => l.Contains('@', StringComparison.Ordinal) ? l : Called(l, null, p))]));

    /// <summary>Sentences one after the other: Japanese without a space between, English with one.</summary>
    /// <summary>What <paramref name="severity"/> means to the page's reader: the team's wording for their language (<see cref="SeverityMeanings.For"/>), else the phrase files'.</summary>
    private static string SeverityMeaning(SeverityMeanings meanings, AlertSeverity severity, Phrases p) =>
        meanings.For(severity, p.Language) ?? p[$"Severity.{severity}"];

    private static string Sentences(Phrases p, params string[] sentences) =>
        string.Join(p.Language == Core.Team.Language.Ja ? "" : " ", sentences);

    /// <summary>
    /// A field's first problem in the reader's language: the form's checks give codes (<c>required</c>, <c>future</c>,
    /// <c>tooLong:200</c>), phrased here; anything else (a rule only the domain knows) is shown as the domain states it.
    /// </summary>
    /// <summary>
    /// <paramref name="form"/> with the problems of fields it does not show said above its fields, with the field's name (a 400
    /// must never say 「該当する項目に印を付けています」 and mark nothing). The visitor's name (<c>by</c>) is shown by every form.
    /// </summary>
    /// <summary>
    /// How many incidents were opened between two (ids end in their sequence number, INC-2026-0014): the siblings detected at the
    /// same instant are named nearest in opening order first, so in a storm the one opened alongside is not crowded out.
    /// </summary>
    private static long OpeningDistance(string a, string b) =>
        long.TryParse(a.AsSpan(a.LastIndexOf('-') + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var x)
        && long.TryParse(b.AsSpan(b.LastIndexOf('-') + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var y)
            ? Math.Abs(x - y) : long.MaxValue;

    private static FormView Placed(FormView form, IReadOnlyDictionary<string, string[]> errors, Phrases p)
    {
        var unplaced = errors.Keys.Where(k => k != "by" && !form.Fields.Any(f => f.Name == k))
            .Select(k => p.Format("PmPage.Form.FieldProblem", p.Has($"PmPage.Field.{k}") ? p[$"PmPage.Field.{k}"] : k, FirstError(errors, k, p)))
            .ToList();
        return unplaced.Count == 0 ? form : form with { Warning = string.Join(" ", new[] { form.Warning }.Concat(unplaced).OfType<string>()) };
    }

    /// <summary>What the merge-many form did: 「INC-…、INC-… をこの障害に統合しました。INC-… は解決済みのため統合しませんでした。」</summary>
    private static string MergedMany(IncidentWorkPageNotice n, Phrases p)
    {
        string[] said = [
            .. n.MergedMany.Count > 0 ? [p.Format("PmPage.Done.mergedMany", p.Join(n.MergedMany))] : Array.Empty<string>(),
            .. n.SkippedMany.Select(s => p.Format(p.Has($"PmPage.MergeMany.Skipped.{s.Reason}") ? $"PmPage.MergeMany.Skipped.{s.Reason}" : "PmPage.MergeMany.Skipped.busy", s.Id, s.MergedInto ?? "")),
        ];
        return said.Length > 0 ? Sentences(p, said) : p["PmPage.MergeMany.None"];
    }

    private static string? FirstError(IReadOnlyDictionary<string, string[]> errors, string field, Phrases p)
    {
        if (!errors.TryGetValue(field, out var list) || list.Length == 0)
        {
            return null;
        }

        var parts = list[0].Split(':', 2);
        return p.Has($"PmPage.Error.{parts[0]}") ? p.Format($"PmPage.Error.{parts[0]}", parts.Length > 1 ? parts[1] : null) : list[0];
    }

    /// <summary>A timeline actor as people know it: a duty member's display name, else as recorded.</summary>
    private static string? Name(Incident i, string? by) => by is null ? null : i.Assignees.FirstOrDefault(a => a.Id == by)?.DisplayName ?? by;

    /// <summary>
    /// A member's display name by id, or by an address as it was recorded (a delivery row, a lead configured as <c>Yamada@…</c>):
    /// matched as <see cref="Core.Team.Member.IsMailedAt"/> matches, trimmed and in any case, against the pair and the roster's addresses.
    /// The page's <paramref name="names"/> first — the roster's, and one taken off it since by the name they had, marked
    /// (<see cref="WithFormer"/>), as the retro page names them — so a duty member who left is no longer named by the incident's
    /// copy of their name alone; that copy when the roster has no word of them (or cannot be read).
    /// </summary>
    private static string? Name(Incident i, string id, IReadOnlyDictionary<string, string>? names) =>
        names?.GetValueOrDefault(id) ?? i.Assignees.FirstOrDefault(a => a.Id == id)?.DisplayName
        ?? (id.Contains('@', StringComparison.Ordinal)
            ? i.Assignees.FirstOrDefault(a => Core.Team.Member.SameAddress(a.Email, id))?.DisplayName
                ?? names?.FirstOrDefault(n => n.Key.Contains('@', StringComparison.Ordinal) && Core.Team.Member.SameAddress(n.Key, id)).Value
            : null);

    /// <summary>
    /// A duty member of the incident (by id, address or number) in a sentence, as a colleague says them: 「山田さん」 for a Japanese
    /// reader of a Japanese member, else the display name with the reader's honorific; null for anyone else.
    /// </summary>
    private static string? Called(Incident i, string id, Phrases p) =>
        i.Assignees.FirstOrDefault(a => a.Id == id || a.Phone == id || id.Contains('@', StringComparison.Ordinal) && string.Equals(a.Email, id, StringComparison.OrdinalIgnoreCase)) is { } a
            ? Called(a.DisplayName, a.Language, p)
            : null;

    /// <summary>Who did it, as the reader says it: a member's name, OnDuty itself (<c>system</c>) or a monitoring tool (<c>alert:{source}</c>), else as recorded.</summary>
    private static string? Actor(Incident i, string? by, Phrases p, IReadOnlyDictionary<string, string>? names = null) =>
        ActorText.Name(by, id => Name(i, id, names), p);

    private static string Age(TimeSpan age, Phrases p) => age switch
    {
        { TotalMinutes: < 1 } => p["PmPage.Age.Now"],
        { TotalHours: < 1 } => p.Format("PmPage.Age.Minutes", (int)age.TotalMinutes),
        { TotalDays: < 2 } => p.Format("PmPage.Age.Hours", (int)age.TotalHours),
        _ => p.Format("PmPage.Age.Days", (int)age.TotalDays),
    };

    private static string Query(Core.Team.Language language) => $"?lang={LanguageTag(language)}";

    private sealed record FieldView(string Name, string Label, string? Hint, string Kind, string Value, string? Error, bool Required, int MaxLength, IReadOnlyList<OptionView> Options)
    {
        /// <summary>A textarea's height in lines.</summary>
        public int Rows { get; init; } = 3;

        /// <summary>The name of the 「コピー」 button beside a draft box (<see cref="Copyable"/>); null for a box without one.</summary>
        public string? Copy { get; init; }

        /// <summary>An example shown in an empty textarea (what an optional field is for).</summary>
        public string? Placeholder { get; init; }

        /// <summary>The judgement criteria shown under the severity choice.</summary>
        public IReadOnlyList<CriterionView> Criteria { get; init; } = [];

        public string? CriteriaHeading { get; init; }

        /// <summary>Which criteria these are: those this incident matches, or the latest ones when none does.</summary>
        public string? CriteriaNote { get; init; }

        /// <summary>The criteria page, 「すべての判断基準（n件）」.</summary>
        public string? CriteriaAllLink { get; init; }

        public string? CriteriaAllText { get; init; }
    }

    /// <summary>A criterion under the severity choice; <paramref name="Matched"/> says which of the incident's words it mentions;
    /// <paramref name="Says"/>: 「この基準では SEV1 です（現在 SEV2）」 when it names another severity for this incident's area.</summary>
    private sealed record CriterionView(string Title, string Text, string? Matched, string? Says)
    {
        /// <summary>「(in Japanese)」 after a title or text an English reader reads in Japanese (<see cref="CriterionWording"/>).</summary>
        public string? TitleMark { get; init; }

        public string? TextMark { get; init; }

        public static CriterionView Of(Core.Retros.Criterion c, string? matched, string? says, Phrases p)
        {
            var w = CriterionWording.Of(c, p);
            return new(w.Title, w.Text, matched, says) { TitleMark = w.TitleMark, TextMark = w.TextMark };
        }
    }

    /// <summary>The criteria box under the severity choice: the criteria, what they are, and the link to them all.</summary>
    private sealed record CriteriaBox(IReadOnlyList<CriterionView> Shown)
    {
        public string? Note { get; init; }

        public string? AllLink { get; init; }

        public string AllText { get; init; } = "";
    }

    private sealed record OptionView(string Value, string Label, bool Selected);

    private sealed record VisitorView(bool AskName, string? SignedInAs, FieldView? NameField)
    {
        /// <summary>Said in place of the forms that act, to a visitor who may not use them (<see cref="ReadOnlyNote"/>).</summary>
        public string? ReadOnly { get; init; }
    }

    private sealed record FormPageView(
        string Lang, string Title, string Query, string TokenField, string Token, string RequestId, VisitorView Visitor, IReadOnlyList<FieldView> Fields,
        string? Problem)
    {
        /// <summary>Incidents open right now, so a duplicate is not declared.</summary>
        public IReadOnlyList<OpenView> Open { get; init; } = [];

        public string? MoreOpen { get; init; }

        /// <summary>Said above the submit button: which severities' notices reach readers of another language, as typed.</summary>
        public string? Readers { get; init; }

        /// <summary>「非公開の障害として扱う」 ticked (kept when the form comes back with an error).</summary>
        public bool Confidential { get; init; }

        /// <summary>
        /// The form shown again (400): the first field with a problem, in the form's order, has the focus (<c>autofocus</c>), so a
        /// keyboard or screen-reader user lands on it and hears its problem, not at the top of the page; null when none has one.
        /// </summary>
        public string? FirstError { get; init; }
    }

    /// <summary>
    /// An alert's line on the incident page: the resource by its name (an ARM id's last segment; not said twice when the summary
    /// ends in it, as an Azure Monitor rule's 「login-api-p95 (app-login-prod)」 does), the full id on hover; the source's own
    /// severity when it reads as another SEV.
    /// </summary>
    private static PageAlertView PageAlert(TrackedAlert a, string? source, Phrases p, Func<DateTimeOffset, string> when, TimeZoneInfo? zone = null)
    {
        var name = ArmResourceId.ShortName(a.AffectedResource);
        return new PageAlertView(
            a.Refusal is { } refusal ? RefusedTitle(refusal, p) : TimelineText.AlertSummary(a.Summary, p), SevLabel(a.Severity), p[a.Status == AlertStatus.Resolved ? "Alert.Resolved" : "PmPage.Firing"], when(a.FirstFiredAt),
            name is null || a.Summary.Contains($"({name})", StringComparison.Ordinal) ? null : name)
        {
            ResourceId = name == a.AffectedResource?.Trim() ? null : a.AffectedResource,
            SeverityNote = SourceSeverity(a.Labels, a.Severity, source, p),
            // A heartbeat's: what was expected and last heard, in the house time phrase, what it is and whose (session 59), as its page mail says.
            Conditions = a.Heartbeat is { } heartbeat && zone is not null
                ? [.. HeartbeatDescription(heartbeat, p, zone).Split('\n').Where(l => l.Length > 0)]
                : [.. a.Conditions.Select(c => ConditionText(c, p))],
            Links = AlertLinks(a.Runbook, a.Links, p),
            HandNote = a.ResolvesOnlyByHand && a.Status != AlertStatus.Resolved ? p["Alert.ResolvesOnlyByHand"] : null,
        };
    }

    private sealed record PageAlertView(string Summary, string Severity, string State, string FirstFired, string? Resource)
    {
        /// <summary>The full id (an ARM resource id) when the line shows its short name, or none.</summary>
        public string? ResourceId { get; init; }

        /// <summary>「Azure Monitor の重大度 Sev1 → SEV2」, when the source's severity reads as another SEV.</summary>
        public string? SeverityNote { get; init; }

        /// <summary>Where to look (runbook, dashboard, portal, …) as the first page mail lists them: http(s) only.</summary>
        public IReadOnlyList<LinkView> Links { get; init; } = [];

        /// <summary>What it measured when it fired (「Http5xx（合計）42 &gt; 10（直近5分）」), one line per criterion.</summary>
        public IReadOnlyList<string> Conditions { get; init; } = [];

        /// <summary>「この種類のアラートは復旧を通知しません。…」 while an alert its tool never resolves fires.</summary>
        public string? HandNote { get; init; }
    }

    private sealed record TimelineView(string When, string WhenIso, string What, string? By, string? Status, string? Message)
    {
        /// <summary>A give-up whose message can be re-sent: its outbox id, posted by the row's 再送する button.</summary>
        public string? ResendId { get; init; }
    }

    /// <summary>
    /// What the incident page's forms answer when the incident was merged into another since the page was loaded: an acknowledgement
    /// recorded on that one (<c>ackMerged</c>) or not (<c>ackMergedNot</c>), a takeover refused (<c>takeoverMerged</c>).
    /// </summary>
    private static bool MergedDone(string done) => done is "ackMerged" or "ackMergedNot" or "takeoverMerged" or "commsLeadMerged";

    /// <summary>
    /// Under 「前回の報告の訂正として送る」: what the correction does, and the subject it goes out with — the next notice's, tagged 【訂正】
    /// (「件名：【訂正】【障害・調査中】INC-2026-0042 決済APIでエラー（第3報）」), its number that of the audiences told; 「次の報」 when they
    /// number it differently (an audience a raise added reads a lower one). The status is today's: a status chosen with it is said instead.
    /// </summary>
    private static string CorrectionHint(Incident i, IncidentWorkPageNotice n, Phrases p)
    {
        var next = i.Comms.Issued + 1;
        var numbers = n.NoticeAudiences.Where(a => i.Comms.ToldAudiences.Contains(a, StringComparer.OrdinalIgnoreCase)).Select(a => i.Comms.NumberIn(a, next)).Distinct().ToList();
        var subject = p["Stakeholder.Subject.Correction"] + (numbers.Count == 1 ? StakeholderSubject(i, p, numbers[0]) : StakeholderSubject(i, p) + p["PmPage.Hint.correction.NextNumber"]);
        return Sentences(p, p["PmPage.Hint.correction"], p.Format("PmPage.Hint.correction.Subject", subject));
    }

    /// <summary>「スヌーズ中（12/07 15:30（JST）まで）」 while its holder's snooze runs; null otherwise.</summary>
    private static string? Snoozed(Incident i, TimeZoneInfo zone, string timeZone, Phrases p) =>
        i.IsOpen && i.SnoozedUntil is { } until ? p.Format("PmPage.Snoozed", p.TimeWithZone(until, zone, timeZone, "Format.Stamp")) : null;

    /// <summary>Who holds an incident, with 「（2026年12月18日(金)まで休暇中）」 when they are on leave (trial 56).</summary>
    private static string HolderOnLeave(string holder, Core.Team.LeaveAbsence? awayUntil, Phrases p) =>
        awayUntil is { } until ? p.OnLeave("PmPage.Acknowledged.OnLeave", until, holder) : holder;

    private sealed record WorkPageView(
        string Lang, string Title, string Id, string IdPath, string Query, string TokenField, string Token, string ETag, string RequestId, bool CanAck, bool CanTakeOver, string? Done, string? Problem,
        VisitorView Visitor, IReadOnlyList<Fact> Facts, IReadOnlyList<PageAlertView> Alerts, IReadOnlyList<TimelineView> Timeline,
        IReadOnlyList<FormView> Forms)
    {
        /// <summary>The members 「連絡担当を割り当てる」 offers (<see cref="IncidentWorkPageNotice.CommsLeadChoices"/>); empty: no such form.</summary>
        public IReadOnlyList<OptionView> CommsLeadOptions { get; init; } = [];

        /// <summary>「連絡担当になる」 is offered: open, the visitor may act and is not the lead already.</summary>
        public bool CanTakeCommsLead { get; init; }

        /// <summary>Open with a lead: 「現在の連絡担当：佐藤 花子」, first in the box; null otherwise.</summary>
        public string? CommsLeadNow { get; init; }

        /// <summary>「連絡担当をやめる」 is offered: open, with a lead.</summary>
        public bool CanClearCommsLead { get; init; }

        /// <summary>The members 「担当を割り当てる」 offers (<see cref="IncidentWorkPageNotice.AssignChoices"/>); empty: no such form.</summary>
        public IReadOnlyList<OptionView> AssignOptions { get; init; } = [];

        /// <summary>A confidential incident's line under the badge 「非公開」: what is withheld where; null for any other.</summary>
        public string? ConfidentialLine { get; init; }

        /// <summary>A confidential incident's people added to read it, each listed with a remove button.</summary>
        public IReadOnlyList<ReaderView> AddedReaders { get; init; } = [];

        /// <summary>A confidential incident's people its pages or calls for help reached, each with how (no remove button).</summary>
        public IReadOnlyList<ReaderView> ReachedReaders { get; init; } = [];

        /// <summary>The form 「閲覧できる人を追加」 (a confidential incident, a visitor who may act).</summary>
        public bool ReadersForm { get; init; }

        /// <summary>The value the confidential form posts (<c>true</c> marks it, <c>false</c> lifts it); null: no form (a visitor who may not act).</summary>
        public string? ConfidentialForm { get; init; }

        public string? ConfidentialButton { get; init; }

        public string? ConfidentialHint { get; init; }

        /// <summary>
        /// Links to the page's parts at its top (更新・詳細・文案・タイムライン): on a phone the drafts are thousands of pixels down
        /// (trial 31a, L5). Each form's heading is <c>h-{name}</c>, the timeline's <c>h-timeline</c>.
        /// </summary>
        public IReadOnlyList<LinkView> Jumps { get; init; } = [];

        /// <summary>The 「呼び出し保留を解除して当番に連絡する」 button: the incident's pages are held by a maintenance window now.</summary>
        public bool CanReleaseHold { get; init; }

        /// <summary>Its alerts' runbooks (firing ones' first, at most 3), linked by the 対応します button; empty when none has one.</summary>
        public IReadOnlyList<LinkView> Runbooks { get; init; } = [];

        /// <summary>「対応者は2026年12月18日(金)まで休暇中です。引き継いでください。」 by 「対応を引き継ぐ」; null unless its holder is on leave.</summary>
        public string? HolderAway { get; init; }

        /// <summary>The snooze lengths 「スヌーズ」 offers (<see cref="IncidentService.SnoozeChoices"/>); empty: no such form.</summary>
        public IReadOnlyList<OptionView> SnoozeOptions { get; init; } = [];

        /// <summary>Snoozed until when, or its holder asked 「まだ対応中ですか？」 and not answered; null otherwise.</summary>
        public string? Snoozed { get; init; }

        /// <summary>The drafts for a reader without the form, or a duplicate's pointer to the other incident's (<c>h-drafts</c>); null otherwise.</summary>
        public ReadDraftsView? ReadDrafts { get; init; }

        /// <summary>The copy buttons' script (<see cref="CopyScript"/>), on a page that has one of them; null on one that has none.</summary>
        public string? Script => Forms.SelectMany(f => f.Fields).Concat(ReadDrafts?.Fields ?? []).Any(f => f.Copy is not null) ? CopyScript.Text : null;

        /// <summary>
        /// 「タイムライン（JST）」: the rows' times are bare (a column of them), so their zone is said once here — the zone they are
        /// written in.
        /// </summary>
        public string TimelineHeading { get; init; } = "";

        /// <summary>Other incidents open from before this one, and that it can be merged (<see cref="OtherOpenLine"/>); null when none.</summary>
        public string? OtherOpen { get; init; }

        /// <summary>The link to the merge form after <see cref="OtherOpen"/> (<c>#h-merge</c>); null for a visitor who has no forms.</summary>
        public string? OtherOpenLink { get; init; }

        /// <summary>After <see cref="Done"/>: the page of the incident this one was merged into, when what was done went there or is to be done there.</summary>
        public LinkView? DoneLink { get; init; }

        /// <summary>「フォローしている人：…」, or that nobody follows it.</summary>
        public string Followers { get; init; } = "";

        /// <summary>The visitor's follow form, <c>follow</c> or <c>unfollow</c>; null for a visitor the roster does not know.</summary>
        public string? FollowForm { get; init; }

        public string FollowHint { get; init; } = "";

        public string FollowButton { get; init; } = "";

        public string? RetroLink { get; init; }

        public bool RetroReport { get; init; }

        /// <summary>「SEV1 の障害のため、振り返りが必要です（期限 1月15日(金)）。」 or why it is optional, while no retro is saved; null otherwise.</summary>
        public string? RetroOwed { get; init; }

        public IReadOnlyList<SimilarView> Similar { get; init; } = [];

        /// <summary>The banner while the stakeholders told it started are owed word of its recovery, and how to send it; null otherwise.</summary>
        public string? RecoveryOwed { get; init; }

        /// <summary>Open again after the stakeholders were told it recovered: 「関係者には 04:02 に復旧したとお伝えしています。続報が必要です。」; null otherwise.</summary>
        public string? RecoveryTold { get; init; }

        /// <summary>Resolved at another time than the recovery notice said: 「関係者にお伝えした復旧日時（04:01）と記録（04:03）が異なります。」; null otherwise.</summary>
        public string? RecoveryTimeDiffers { get; init; }

        /// <summary>The update form's hidden <see cref="StaleUpdate.Field"/>: the person update the page was shown after.</summary>
        public string UpdateShown { get; init; } = "";

        /// <summary>The update form's hidden <see cref="ShownDetails.Field"/>: what its detail fields were filled in with.</summary>
        public string UpdateDetailsShown { get; init; } = "";

        /// <summary>The line while no page of this round reached anyone (with the last error and attempts when known); null otherwise.</summary>
        public string? Undelivered { get; init; }

        /// <summary>Opened by monitoring: its source's delivery list (<c>/api/alerts/deliveries/page?source=…</c>), where a refused delivery shows.</summary>
        public string? DeliveriesHref { get; init; }

        /// <summary>Some of its given-up messages can be re-sent: 「届かなかった連絡を再送する」 beside <see cref="Undelivered"/>.</summary>
        public bool CanResend { get; init; }

        /// <inheritdoc cref="RecoveryOwed"/>
        public string? RecoveryOwedHow { get; init; }

        /// <summary>The banner's link to the update form, where the recovery notice is posted.</summary>
        public string? RecoveryOwedLink { get; init; }

        /// <summary>
        /// 「監視のアラートはすべて解消しています…」: open with every alert resolved; <see cref="AlertsResolvedLink"/> (to a visitor who may
        /// act) goes to the update form with 復旧済み chosen (<see cref="AlertsResolvedHref"/>).
        /// </summary>
        public string? AlertsResolved { get; init; }

        /// <inheritdoc cref="AlertsResolved"/>
        public string? AlertsResolvedLink { get; init; }

        /// <inheritdoc cref="AlertsResolved"/>
        public string AlertsResolvedHref { get; init; } = "";
    }

    private sealed record OpenView(string Id, string IdPath, string Title, string Severity, string DetectedAt, string Status);

    /// <summary>Someone a confidential incident's pages reached, as its page lists them under 「閲覧できる人」: the address and how (「（呼び出しで通知）」).</summary>
    /// <summary>A person in 「閲覧できる人」: their address (the remove form's, the line's title), how they are named, how they were reached.</summary>
    private sealed record ReaderView(string Address, string Name, string? How);

    private sealed record SimilarView(string Id, string IdPath, string Title, string Severity, string DetectedAt, bool HasRetro, string? Snippet, string? Badge);

    /// <summary>The drafts read without the form (<see cref="ReadDrafts"/>); <see cref="Merged"/> in their place for a duplicate.</summary>
    private sealed record ReadDraftsView(string Heading, string Status, string? Warning, IReadOnlyList<FieldView> Fields)
    {
        /// <summary>「この障害は INC-… に統合されました。…」: the drafts to use are the other incident's (<see cref="MergedHref"/>).</summary>
        public string? Merged { get; init; }

        public string? MergedLink { get; init; }

        public string? MergedHref { get; init; }
    }

    private sealed record FormView(string Name, string Heading, string Submit, bool Failed, IReadOnlyList<FieldView> Fields)
    {
        /// <summary>A form's own hidden field (the drafts' ETag).</summary>
        public string? HiddenName { get; init; }

        public string? HiddenValue { get; init; }

        /// <summary>The drafts form's <c>draftInputs</c>: the incident's inputs as the page showed them (<see cref="DraftInputs.Token"/>).</summary>
        public string? InputsValue { get; init; }

        /// <summary>Said above the form's fields (the drafts went stale).</summary>
        public string? Warning { get; init; }

        /// <summary>A second submit button's words (the merge's "keep the severity"), and the name and value it posts; null: none.</summary>
        public string? AltSubmit { get; init; }

        public string? AltName { get; init; }

        public string? AltValue { get; init; }

        /// <summary>Said above the submit button: the notice it sends reaches readers of another language, as typed.</summary>
        public string? Readers { get; init; }

        /// <summary>A link offered above the fields (drafts made afresh from the incident's latest state), and its words.</summary>
        public string? Link { get; init; }

        public string? LinkText { get; init; }
    }

    private sealed record StatusRowView(string Id, string IdPath, string Title, string Severity, string Status, bool Open, string LastUpdateAt, string Age, string? LastUpdate)
    {
        /// <summary>Open and nobody has acknowledged it: said next to its status.</summary>
        public string? Waiting { get; init; }

        /// <summary>Open with a communications lead: 「連絡担当：山田 太郎」 beside who took it.</summary>
        public string? CommsLead { get; init; }

        /// <summary>Acknowledged only by a monitoring tool, nobody on duty did (<see cref="ToolOnly(Incident, Phrases)"/>): said next to its status.</summary>
        public string? ToolOnly { get; init; }

        /// <summary>Snoozed by its holder, until when; or its holder asked 「まだ対応中ですか？」 and not answered: said next to its status.</summary>
        public string? Snoozed { get; init; }

        /// <summary>Its pages of this round reached nobody yet and are late, being retried: said after <see cref="Waiting"/>.</summary>
        public string? Unreached { get; init; }

        /// <summary>Resolved by monitoring and nobody has spoken since: said instead of the last update (「監視により自動復旧（…）」).</summary>
        public string? AutoResolved { get; init; }

        /// <summary>The stakeholders told it started are owed word of its recovery: said next to its status.</summary>
        public string? RecoveryOwed { get; init; }

        /// <summary>Open again after the stakeholders were told it recovered: said next to its status.</summary>
        public string? RecoveryTold { get; init; }

        /// <summary>Resolved at another time than the recovery notice told the stakeholders: said next to its status.</summary>
        public string? RecoveryTimeDiffers { get; init; }

        /// <summary>Open again since it was resolved: 「再発 13:42」, the last reopen's time in the page's zone, said next to its status.</summary>
        public string? Refired { get; init; }

        /// <summary>Open and owing its stakeholders word: nothing told yet, or the promised update overdue. Said next to its status.</summary>
        public string? UpdateDue { get; init; }

        /// <summary>Open, and the next update its last notice promised still ahead: 「関係者への次の報告：15:30頃まで」 under the row.</summary>
        public string? NextUpdate { get; init; }

        /// <summary>The row's second line: when a person last spoke and what they said, or its detection when nobody has.</summary>
        public string Meta { get; init; } = "";

        /// <summary>Open and acknowledged: 「対応者：伊藤 さくら」.</summary>
        public string? AcknowledgedBy { get; init; }
    }

    private sealed record AckRowView(string Field, string Id, string IdPath, string Severity, string Title, string Opened, bool Checked);

    private sealed record AckTogetherPageView(
        string Lang, string Title, string Query, string TokenField, string Token, VisitorView Visitor, IReadOnlyList<AckRowView> Rows, string? Done, string? Problem, string? IdsError);

    private sealed record StatusPageView(string Lang, string Title, string Query, string AsOf, IReadOnlyList<StatusRowView> Open, IReadOnlyList<StatusRowView> Resolved, string? AckAll, string? MoreResolved)
    {
        public IReadOnlyList<MaintenanceView> Maintenance { get; init; } = [];

        public IReadOnlyList<HeartbeatRowView> Heartbeats { get; init; } = [];

        /// <summary>Pages late by the health check's rule: a banner on top (<see cref="LatePagesBanner"/>).</summary>
        public string? LatePages { get; init; }
    }

    private sealed record MaintenanceView(string Id, string Title, string State, string Period, string Scope);

    /// <summary>A heartbeat on the status page: the stopped and failed first (they have an incident open), then by name.</summary>
    private sealed record HeartbeatRowView(string Name, string Title, string State, bool Down, string Heard)
    {
        /// <summary>Its open incident, linked from the row as the incidents' rows link theirs (trial 58); null when none is open.</summary>
        public string? IncidentId { get; init; }

        public string? IncidentPath => IncidentId is null ? null : Uri.EscapeDataString(IncidentId);
    }

    private static List<HeartbeatRowView> HeartbeatRows(StatusPageNotice n, Phrases p, TimeZoneInfo zone) =>
        [.. n.Heartbeats
            .Select(h => (Heartbeat: h, State: h.StateAt(n.Now)))
            .OrderBy(x => x.State.IsStopped() ? 0 : 1)
            .ThenBy(x => x.Heartbeat.Name, StringComparer.Ordinal)
            .Select(x => new HeartbeatRowView(
                x.Heartbeat.Name,
                x.Heartbeat.Title,
                p[$"PmPage.Heartbeat.{x.State}"],
                x.State.IsStopped(),
                WithOwner(x.Heartbeat, p, x.State == HeartbeatState.Paused && x.Heartbeat.PausedUntil is { } until
                    ? p.Format("PmPage.Heartbeat.WithPause", x.Heartbeat.LastPingAt is { } heard ? p.Format("PmPage.Heartbeat.Heard", p.TimeWithZone(heard, zone, n.TimeZone), HeartbeatInterval(x.Heartbeat, p)) : p.Format("Heartbeat.Every", Duration(x.Heartbeat.Interval, p)), p.TimeWithZone(until, zone, n.TimeZone))
                : x.Heartbeat.LastPingAt is not { } last ? p.Format("PmPage.Heartbeat.NeverHeard", HeartbeatInterval(x.Heartbeat, p))
                // Up: by when it is expected again, so its owner sees a working-days job understood to skip a holiday (trial 58).
                : x.State == HeartbeatState.Up && x.Heartbeat.DueAt is { } due
                    ? p.Format("PmPage.Heartbeat.HeardDue", p.TimeWithZone(last, zone, n.TimeZone), HeartbeatInterval(x.Heartbeat, p), p.TimeWithZone(due, zone, n.TimeZone))
                    : p.Format("PmPage.Heartbeat.Heard", p.TimeWithZone(last, zone, n.TimeZone), HeartbeatInterval(x.Heartbeat, p))))
            {
                IncidentId = n.Incidents.FirstOrDefault(e => e.Incident is { IsOpen: true, Source: AlertSources.Heartbeat } i && i.GroupKey == x.Heartbeat.Name)?.Incident.Id,
            })];

    /// <summary>A heartbeat row's words, then whose it is (「…・担当者：中村さん」) when it has an owner (session 59).</summary>
    private static string WithOwner(Heartbeat h, Phrases p, string heard) =>
        h.Owner is { } owner ? p.Format("PmPage.Heartbeat.WithOwner", heard, owner.Name is { } name ? Called(name, null, p) : owner.Email) : heard;

    /// <summary>What a window holds, as a reader checks it: its sources and labels, or every alert.</summary>
    /// <summary>
    /// When a window runs, the one way every page, mail and card says it (<see cref="Phrases.DayPeriod"/>: the date once on a same-day
    /// window, 「2027/01/12 10:30〜13:00（JST）」 with <c>Format.Stamp</c>, the pages' and mails' rows; 「2027年1月12日(火) 10:30〜13:00（JST）」
    /// with <c>Format.DateTime</c>, the channel's card); one cancelled (ended before it began) by the period it had been planned for.
    /// </summary>
    private static string MaintenancePeriod(OnDuty.Core.Maintenance.MaintenanceWindow w, Phrases p, string zoneId, string formatKey = "Format.Stamp") =>
        p.DayPeriod(w.From, w.Until < w.From ? w.To : w.Until, zoneId, formatKey);

    private static string MaintenanceScope(OnDuty.Core.Maintenance.MaintenanceWindow w, Phrases p)
    {
        var parts = w.Sources.Select(s => ActorText.SourceName(s, p)).Concat(w.Severities.Select(SevLabel)).Concat(w.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}")).ToList();
        return parts.Count == 0 ? p["PmPage.Maintenance.AllAlerts"] : p.Join(parts);
    }
}
