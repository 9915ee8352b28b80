using OnDuty.Core.Heartbeats;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Messages;
using OnDuty.Core.Retros;

namespace OnDuty.Messages;

/// <summary>The handoff brief: short lists, each line one incident or action item, linked to its page; the empty lists named in one closing line.</summary>
public sealed partial class NoticeRenderer
{
    /// <summary>
    /// 「原因特定、2026/12/03 21:44 から」; impact from before detection (a late declaration) from its start, the detection beside it:
    /// 「原因特定、2026/12/02 21:40 から（検知 2026/12/03 21:44）」 (trial 31a, L8).
    /// </summary>
    private static string OpenSince(Incident i, TimeZoneInfo zone, Phrases p) =>
        i.DetectedAt - i.StartedAt >= TimeSpan.FromMinutes(1)
            ? p.Format("Brief.OpenLineStarted", p[$"Status.{i.Status}"], p.Time(i.StartedAt, zone, "Format.Stamp"), p.Time(i.DetectedAt, zone, "Format.Stamp"))
            : p.Format("Brief.OpenLine", p[$"Status.{i.Status}"], p.Time(i.DetectedAt, zone, "Format.Stamp"));

    /// <summary>
    /// Who holds an open incident, as the status page tells it: 「対応者：伊藤さん（当番外）」 when the one who acknowledged is not on duty
    /// this week (the incoming member knows whom to ask), 「未対応（エスカレーション3まで済み）」 when nobody did, with how far it escalated
    /// (trial 36, M5).
    /// </summary>
    private static string Holder(Incident i, HandoffBrief b, TimeZoneInfo zone, Phrases p)
    {
        if (ToolOnly(i, p) is { } toolOnly)
        {
            // Nobody on duty took it: the tool did, perhaps before its page reached anyone — as the status page says it.
            return Capitalized(toolOnly);
        }

        if (i.AcknowledgedBy is { } by)
        {
            var member = b.Roster.TryGetValue(by, out var m) ? m
                : by.Contains('@', StringComparison.Ordinal) ? b.Roster.Values.FirstOrDefault(r => Core.Team.Member.SameAddress(r.Email, by)) : null;
            var name = member is not null ? Called(member.DisplayName, member.Language, p)
                : by == "system" || ActorText.ToolOf(by) is not null ? ActorText.Acknowledger(by, i.AcknowledgedVia, _ => null, p) ?? by
                : p.Honorific(by);
            // On leave (trial 56): the incoming pair take it over rather than wait for someone away.
            return member is not null && b.HoldersAway.TryGetValue(member.Id, out var until) ? p.OnLeave("Brief.Holder.OnLeave", until, name)
                : p.Format(member is not null && !b.OnDuty.Contains(member.Id) ? "Brief.Holder.OffDuty" : "Brief.Holder", name);
        }

        // The status page's words, as the line's first (an English sentence starts with a capital).
        return i.PagesNobodyFor is { } announces ? Capitalized(p.Format("PmPage.Status.NotPaged", TimelineText.AzureClass(announces, p)))
            : i.PagesHeldAt(b.MadeAt) ? Capitalized(p.Format("PmPage.Status.Held", p.Time(i.PagesHeldUntil!.Value, zone, "Format.Stamp")))
            : i.NotifiedStep > 0 ? p.Format("Brief.Waiting.Escalated", i.NotifiedStep)
            : p["Brief.Waiting"];
    }

    /// <summary>
    /// An open incident's line: who holds it, its status and since when, then its last update by a person and the next update the
    /// stakeholders were told to expect (「最終更新 2026/12/07 08:40、関係者への次回の更新予定 2026/12/07 09:40（期限超過）」): the
    /// incoming pair keep that promise from the handoff, whoever took it.
    /// </summary>
    private static string OpenDetail(Incident i, HandoffBrief b, TimeZoneInfo zone, Phrases p)
    {
        var held = p.Format("Brief.OpenHeld", Holder(i, b, zone, p), OpenSince(i, zone, p));
        if (i.Comms.LastPersonUpdateAt is not { } last)
        {
            return held;
        }

        var updated = b.StakeholderPromises.TryGetValue(i.Id, out var due)
            ? p.Format(due <= b.MadeAt ? "Brief.OpenUpdated.Overdue" : "Brief.OpenUpdated.Promised", p.Time(last, zone, "Format.Stamp"), p.Time(due, zone, "Format.Stamp"))
            : p.Format("Brief.OpenUpdated", p.Time(last, zone, "Format.Stamp"));
        return p.Format("Brief.OpenHeld", held, updated);
    }

    private static string Capitalized(string text) => text.Length > 0 && char.IsLower(text[0]) ? char.ToUpperInvariant(text[0]) + text[1..] : text;

    private RenderedEmail HandoffBriefEmail(HandoffBriefNotice n)
    {
        var p = Phrases.For(n.Language);
        var b = n.Brief;
        var zone = TimeZones.Find(n.TimeZone);
        var listZone = p.ZoneName(n.TimeZone);
        string? Page(string id, string page) => n.BaseUrl is null ? null : $"{n.BaseUrl}/api/incidents/{Uri.EscapeDataString(id)}/{page}";
        BriefLineView Line(Incident i, string detail, string page) => new(i.Id, BriefSeverity(i, p), IncidentTitle(i, p), detail, Page(i.Id, page));

        var sections = new List<BriefSectionView>
        {
            // A list of times says their zone once, in its heading (「対応中の障害（2 件、時刻は JST）」); its lines stay short.
            Listed(p, "Brief.Open", b.Open.Select(i => Line(i, OpenDetail(i, b, zone, p), "page")).ToList(), listZone),
            Listed(p, "Brief.Retros", b.RetrosMissing.Select(r => Line(
                r.Incident, p.Format(r.DueOn < n.Today ? "Brief.RetroOverdue" : "Brief.RetroDue", p.Day(r.DueOn)), "retro/page")).ToList()),
            Listed(p, ShiftKey(b.ShiftWeeks, "Brief.Actions"), b.ActionItems.Select(a => new BriefLineView(
                a.IncidentId, null, a.Item.Title,
                p.Format(a.Item.Due < n.Today ? "Brief.ActionOverdue" : "Brief.ActionDue", a.OwnerName, a.Item.Due is { } due ? p.Day(due) : "—"),
                Page(a.IncidentId, "retro/page"))).ToList()),
            Listed(p, "Brief.LastWeek", b.LastWeek.Select(i => Line(
                i, ToolOnly(i, p) is { } toolOnly ? p.Format("Brief.LastWeekNote", p[$"Status.{i.Status}"], Capitalized(toolOnly)) : p[$"Status.{i.Status}"], "page")).ToList()),
        };
        if (b.RecoveryNoticesOwed.Count > 0)
        {
            // Only when there are some: stakeholders told an incident started who were never told it ended (monitoring resolved it).
            sections.Insert(1, Section(p, "Brief.RecoveryOwed", b.RecoveryNoticesOwed.Select(i => Line(
                i, p.Format("Brief.RecoveryOwedLine", i.ResolvedAt is { } at ? p.Time(at, zone, "Format.Stamp") : "—", ToldAudiences(i, n.AudienceNames, p)), "page")).ToList(), listZone));
        }

        if (b.Maintenance.Count > 0)
        {
            // Only in a week that has maintenance: which alerts will page nobody until when.
            sections.Insert(1, Section(p, ShiftKey(b.ShiftWeeks, "Brief.Maintenance"), b.Maintenance.Select(w => new BriefLineView(
                w.Id, null, w.Title,
                p.Format("Brief.MaintenanceLine", MaintenancePeriod(w, p, n.TimeZone), MaintenanceScope(w, p)),
                n.BaseUrl is null ? null : $"{n.BaseUrl}/api/status/maintenance")).ToList()));
        }

        if (b.Heartbeats.Count > 0)
        {
            // Only when monitoring itself needs a look: stopped, or never heard (it could not page).
            sections.Add(Section(p, "Brief.Heartbeats", b.Heartbeats.Select(h => new BriefLineView(
                h.Name, null, h.Title,
                h.StateAt(b.MadeAt).IsStopped()
                    ? h.LastPingAt is { } last
                        // The house phrase the heartbeat's page and mails use (「2026年12月15日(火) 04:00（JST）」), its zone with it (session 59).
                        ? p.Format("Brief.HeartbeatStopped", p[$"PmPage.Heartbeat.{h.StateAt(b.MadeAt)}"], p.TimeWithZone(last, zone, n.TimeZone))
                        : p.Format("Brief.HeartbeatStoppedNeverHeard", p[$"PmPage.Heartbeat.{h.StateAt(b.MadeAt)}"])
                    : p["Brief.HeartbeatNeverHeard"],
                n.BaseUrl is null ? null : IncidentMessages.HeartbeatsStatusLink(n.BaseUrl))).ToList()));
        }

        var rotation = n.Language == Core.Team.Language.Ja ? b.RotationNameJa : b.RotationName;
        var contact = n.BaseUrl is null ? "/api/status/me" : $"{n.BaseUrl}/api/status/me";
        List<BriefNoteView> notes = [];
        if (n.NoPhoneForSms)
        {
            notes.Add(BriefNoteView.Linking(contact, n.BaseUrl is not null, at => p.Format(Channels(n.OnDutyAlready ? "Brief.NoPhone.OnDuty" : "Brief.NoPhone", n.TeamsEnabled), at)));
        }

        if (n.Undelivered is [var latest, ..])
        {
            notes.Add(BriefNoteView.Linking(contact, n.BaseUrl is not null, at => p.Format(p.Counted(n.OnDutyAlready ? "Brief.Undelivered.OnDuty" : "Brief.Undelivered", n.Undelivered.Count),
                n.Undelivered.Count, p.TimeWithZone(latest.SentAt ?? latest.CreatedAt, zone, n.TimeZone, "Format.Stamp"), Headline(latest), latest.LastError ?? "", at)));
        }

        if (n.LatePages.Count > 0)
        {
            // Pages that did reach them, late: a mail outage the reader may have felt as a pair that did not answer (trial 36, M3).
            var worst = n.LatePages.MaxBy(m => m.SentAt!.Value - m.CreatedAt)!;
            notes.Add(new BriefNoteView(p.Format(p.Counted("Brief.LatePages", n.LatePages.Count), n.LatePages.Count, p.TimeWithZone(worst.CreatedAt, zone, n.TimeZone, "Format.Stamp"), Headline(worst),
                (int)(worst.SentAt!.Value - worst.CreatedAt).TotalMinutes, worst.Attempts)));
        }

        // The week by its first day, in both languages (「12月7日(月)からの週」, "the week of Mon 7 Dec"), as the other lists write days.
        var week = b.WeekStarts is { } starts ? ShiftLabel(b.Week, starts, b.ShiftWeeks, p, "Brief") : b.Week;
        // What needs the reader comes first; the lists with nothing in them are named together in one line at the end (session 44).
        var empty = sections.Where(s => s.Lines.Count == 0).ToList();
        var model = new BriefView(LanguageTag(n.Language), p.Format("Brief.Subject", rotation, week), p.Format("Brief.Lead", rotation, week), [.. sections.Where(s => s.Lines.Count > 0)])
        {
            Notes = notes,
            Nothing = empty.Count == 0 ? null : p.Format("Brief.Nothing", p.Join(empty.Select(s => s.Name!))),
        };
        return new RenderedEmail(model.Subject, templates.RenderText("handoff-brief.txt", model, p), templates.RenderHtml("handoff-brief.html", model, p));
    }

    /// <summary>
    /// To a member off duty from the handoff who still holds open incidents: 「当番が交代しましたが、次の障害はまだあなたの対応中です。
    /// 新しい当番（伊藤さん・佐藤さん）に引き継ぐ場合は…」, then the incidents as the brief lists them, each linked to its page — where
    /// the new pair press 「対応を引き継ぐ」 (the holder cannot hand it over themselves: the button is for whoever takes it).
    /// </summary>
    private RenderedEmail StillHeldEmail(StillHeldNotice n)
    {
        var p = Phrases.For(n.Language);
        var zone = TimeZones.Find(n.TimeZone);
        List<BriefLineView> lines = [.. n.Held.Select(i => new BriefLineView(i.Id, BriefSeverity(i, p), IncidentTitle(i, p), OpenSince(i, zone, p),
            n.BaseUrl is null ? null : n.BaseUrl + IncidentPath(i.Id)))];
        var subject = n.Held is [var one] ? p.Format("Brief.StillHeld.Subject.One", one.Id, IncidentTitle(one, p)) : p.Format("Brief.StillHeld.Subject", n.Held.Count);
        var pair = p.JoinAnd([.. n.OnDuty.Select(m => Called(m.DisplayName, m.Language, p))]);
        // To the holder herself: her leave in her own dates (「until Fri 22 Jan」 to a member in San Francisco), not the team's hours.
        var lead = n.AwayUntil is { } until
            ? p.OnLeave(p.Counted("Brief.StillHeld.Lead.Away", n.Held.Count), until with { Abroad = null }, pair)
            : p.Format(p.Counted("Brief.StillHeld.Lead", n.Held.Count), pair);
        var model = new BriefView(LanguageTag(n.Language), subject, lead, [Listed(p, "Brief.Open", lines, p.ZoneName(n.TimeZone))]);
        return new RenderedEmail(model.Subject, templates.RenderText("handoff-brief.txt", model, p), templates.RenderHtml("handoff-brief.html", model, p));
    }

    /// <summary>「SEV3（最大 SEV1）」 for an incident that held a higher severity (lowered since, or a more severe duplicate merged into it): the retro it owes is the highest's.</summary>
    private static string BriefSeverity(Incident i, Phrases p) =>
        i.HighestSeverity < i.Severity ? p.Format("Brief.SeverityHighest", SevLabel(i.Severity), SevLabel(i.HighestSeverity)) : SevLabel(i.Severity);

    /// <summary>A section shown only when it has lines, its heading saying how many: 「今週のメンテナンス（1 件、…）」.</summary>
    /// <param name="zone">The zone of the list's times, said in its heading (<c>{key}.Zoned</c>); null for a list without times.</param>
    private static BriefSectionView Section(Phrases p, string key, List<BriefLineView> lines, string? zone = null) =>
        Section(zone is null ? p.Format(key, lines.Count) : p.Format(key + ".Zoned", lines.Count, zone), null, lines, p);

    /// <summary>
    /// One of the four lists every brief has: 「対応中の障害（2 件）」 with its lines, or, when empty, its name in the closing
    /// 「なし：対応中の障害、未記入の振り返り」 (a heading followed by 「なし」 four times over said nothing the reader needed first).
    /// </summary>
    /// <param name="zone">The zone of the list's times, said in its heading when it has lines (「対応中の障害（2 件、時刻は JST）」); null for a list without times.</param>
    private static BriefSectionView Listed(Phrases p, string key, List<BriefLineView> lines, string? zone = null) =>
        Section(Capitalized(zone is null ? p.Format("Brief.Section", p[key], lines.Count) : p.Format("Brief.Section.Zoned", p[key], lines.Count, zone)), p[key], lines, p);

    private static BriefSectionView Section(string heading, string? name, List<BriefLineView> lines, Phrases p) =>
        new(heading, lines.Take(HandoffBriefer.MaxLines).ToList(), lines.Count > HandoffBriefer.MaxLines ? p.Format("Brief.More", lines.Count - HandoffBriefer.MaxLines) : null) { Name = name };

    private sealed record BriefLineView(string Id, string? Severity, string Title, string Detail, string? Link);

    private sealed record BriefSectionView(string Heading, IReadOnlyList<BriefLineView> Lines, string? More)
    {
        /// <summary>The list's name as the closing 「なし：…」 line names it; null for a section shown only when it has lines.</summary>
        public string? Name { get; init; }
    }

    /// <summary>
    /// A note after the lead; where it names the contact page, the address is cut out (<see cref="Link"/>) so the HTML part can
    /// make it a link — a bare address in HTML is a link only where the mail client guesses it.
    /// </summary>
    private sealed record BriefNoteView(string Before, string? Link = null, string After = "")
    {
        public string Text => Before + Link + After;

        /// <summary>The note <paramref name="say"/> writes around <paramref name="address"/>, the address a link when it is absolute.</summary>
        public static BriefNoteView Linking(string address, bool absolute, Func<string, string> say)
        {
            if (!absolute)
            {
                return new BriefNoteView(say(address));
            }

            const string Marker = "\uE000";
            var text = say(Marker);
            var at = text.LastIndexOf(Marker, StringComparison.Ordinal);
            return at < 0 ? new BriefNoteView(text) : new BriefNoteView(text[..at], address, text[(at + Marker.Length)..]);
        }
    }

    private sealed record BriefView(string Lang, string Subject, string Lead, IReadOnlyList<BriefSectionView> Sections)
    {
        /// <summary>Said right after the lead: the reader has no number for pages by SMS; what recently did not reach them.</summary>
        public IReadOnlyList<BriefNoteView> Notes { get; init; } = [];

        /// <summary>「なし：未記入の振り返り、先週の障害」: the lists with nothing in them, after those that have something.</summary>
        public string? Nothing { get; init; }
    }
}
