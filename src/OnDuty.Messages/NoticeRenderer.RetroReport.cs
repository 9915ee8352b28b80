using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Messages;
using OnDuty.Core.Retros;

namespace OnDuty.Messages;

/// <summary>
/// The post-incident report (障害報告書): one page laid out for printing (A4, no navigation on paper) with the sections in the
/// order Japanese teams write them — 概要, 発生・検知・復旧日時, 影響範囲, 対応経緯, 判断に迷ったこと, うまくいったこと,
/// 再発防止策, 判断基準の見直し. Everything typed is encoded by the template; line breaks are kept as paragraphs.
/// </summary>
public sealed partial class NoticeRenderer
{
    /// <summary>
    /// 「SEV1（16:05〜16:40）→ 」 for each severity the incident held before its final one: times only when all of them fall on one
    /// day, else each with its date (「SEV1（12/2 21:40〜12/3 21:50）→ 」: a two-day incident); empty when it never changed.
    /// </summary>
    private static string SeverityHistory(IReadOnlyList<SeverityStep> steps, Incident i, TimeZoneInfo zone, Phrases p)
    {
        var days = steps.Where(s => s.To is not null).SelectMany(s => new[] { s.From, s.To!.Value }).Select(at => TimeZoneInfo.ConvertTime(at, zone).Date).Distinct().Count();
        string At(DateTimeOffset at) => p.Time(at, zone, days <= 1 ? "Format.CoverEndSameDay" : "Format.ShortDateTime");
        return string.Concat(steps.Where(s => s.To is not null).Select(s => p.Format("RetroReport.SeverityStep", SevLabel(s.Severity), At(s.From), At(s.To!.Value))));
    }

    private string RetroReportPage(RetroReportNotice n)
    {
        var p = Phrases.For(n.Language);
        var zone = TimeZones.Find(n.TimeZone);
        var i = n.Incident;
        var c = n.Retro.Content;
        string When(DateTimeOffset at) => p.Time(at, zone);
        string Who(string id) => RetroActor(id, i, n.Members, n.Former, p);

        var facts = new List<Fact>
        {
            new(p["Incident.Severity"], $"{SeverityHistory(n.SeverityHistory, i, zone, p)}{SevLabel(i.Severity)} — {p[$"Severity.{i.Severity}"]}"),
            new(p["Incident.Status"], p[$"Status.{i.Status}"]),
            new(p["RetroReport.Started"], When(i.StartedAt)),
            new(p["RetroReport.Detected"], When(i.DetectedAt)),
            new(p["RetroReport.Resolved"], i.ResolvedAt is { } resolved ? When(resolved) : p["RetroReport.NotResolved"]),
        };
        // The same 影響時間 the recovery notice and 障害の状況 give (a reopened incident's counted to its last recovery).
        if (ImpactSpan.Of(i) is { } impact)
        {
            facts.Add(new(p["RetroReport.Duration"], DurationText.About(impact.Length, p)));
        }

        if (i.AffectedAreas.Count > 0)
        {
            facts.Add(new(p["RetroReport.Areas"], p.Join(i.AffectedAreas)));
        }

        if (i.Platforms.Count > 0)
        {
            facts.Add(new(p["RetroReport.Platforms"], p.Join(i.Platforms)));
        }

        // Who acted on it, not the pair it happened to page: a lead who took it over counts, a member asleep through it does not.
        if (n.Responders.Acted.Count > 0)
        {
            facts.Add(new(p["RetroReport.Responders"], p.JoinNames([.. n.Responders.Acted.Select(Who)])));
        }

        // Every duty member the page reached, those who then acted too: 伊藤 paged and acknowledging is still paged (trial 39, L6).
        var paged = n.Responders.Paged.Count > 0 ? n.Responders.Paged : n.Responders.PagedOnly;
        if (paged.Count > 0)
        {
            facts.Add(new(p["RetroReport.PagedOnly"], p.JoinNames([.. paged.Select(Who)])));
        }

        var sections = new List<RetroReportSectionView> { Section(p["Retro.Field.summary"], c.Summary) };
        // The retro's account of the impact and what the incident record said while it was open, each under its own label
        // (once, when they say the same).
        var retroImpact = string.IsNullOrWhiteSpace(c.Impact) ? null : c.Impact;
        var recordImpact = string.IsNullOrWhiteSpace(i.UserImpact) || string.Equals(i.UserImpact, retroImpact, StringComparison.Ordinal) ? null : i.UserImpact;
        if (retroImpact is not null || recordImpact is not null)
        {
            List<RetroReportPartView> parts = [];
            if (retroImpact is not null)
            {
                parts.Add(Part(recordImpact is null ? null : p["RetroReport.Impact.Retro"], retroImpact));
            }

            if (recordImpact is not null)
            {
                parts.Add(Part(p["RetroReport.Impact.Record"], recordImpact));
            }

            sections.Add(new RetroReportSectionView(p["Retro.Field.impact"], []) { Parts = parts });
        }

        // The cause and what comes next as the incident record holds them (what the recovery notice told stakeholders): the retro
        // form has no field of its own for them, and a report without 原因 is not one a Japanese team hands on.
        foreach (var (key, text) in new[] { ("RetroReport.Cause", i.Cause), ("RetroReport.NextSteps", i.NextSteps) })
        {
            if (!string.IsNullOrWhiteSpace(text))
            {
                sections.Add(Section(p[key], text));
            }
        }

        var after = new List<RetroReportSectionView>();
        foreach (var (field, text) in new[] { ("hardToJudge", c.HardToJudge), ("wentWell", c.WentWell), ("manualChanges", c.ManualChanges) })
        {
            if (!string.IsNullOrWhiteSpace(text))
            {
                after.Add(Section(p[$"Retro.Field.{field}"], text));
            }
        }

        // Who did each thing in a column of its own; which channel reached whom is left out unless asked for (?deliveries=true).
        var timeline = c.Timeline
            .Where(e => n.Deliveries || !string.Equals(e.Kind, "delivered", StringComparison.OrdinalIgnoreCase))
            .OrderBy(e => e.At)
            .Select(e => new RetroReportLineView(
                p.Time(e.At, zone, "Format.Stamp"),
                e.By is { Length: > 0 } by ? RetroLineActor(by, e.Kind, e.Via, i, n.Members, n.Former, p) : "",
                RetroLine(e, p, id => RetroMemberName(id, i, n.Members, n.Former, p), n.AudienceNames.GetValueOrDefault))).ToList();
        var actions = c.ActionItems.Select(a => new RetroReportActionView(
            a.Title, Who(a.Owner), a.Due is { } due ? p.Day(due, "Format.TableDay") : "", p[a.Status == ActionItemStatus.Done ? "Retro.Action.Done" : "Retro.Action.Open"])).ToList();
        // The note says what the retro wanted changed; the criterion's text as it stands now says what the team decided.
        // An English reader reads the criterion's English words, or the Japanese marked 「(in Japanese)」 (one line each: a printed report).
        var criteria = c.CriteriaChanges.Select(x => n.Criteria.FirstOrDefault(k => k.Id == x.CriterionId) is { } k
            ? new RetroReportCriterionView(
                CriterionWording.Of(k, p).TitleLine, x.Note, p.Format("RetroReport.Criterion.Current", CriterionWording.Of(k, p).TextLine),
                k.Retro == i.Id ? p.Format("RetroReport.Criterion.ChangedHere", k.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)) : null)
            : new RetroReportCriterionView(x.CriterionId, x.Note, null, null)).ToList();

        var model = new RetroReportView(
            LanguageTag(n.Language),
            p.Format("RetroReport.Title", i.Id),
            p["RetroReport.Document"],
            $"{i.Id} {IncidentTitle(i, p)}",
            // Bare: the report says 「時刻は JST です。」 once, just below.
            VersionLine(n.Retro.Version, RetroPerson(n.Retro.Version.SavedBy, i, n.Members, n.Former, p), zone, null, p),
            p.Format("RetroReport.TimesIn", p.ZoneName(n.TimeZone)),
            Uri.EscapeDataString(i.Id),
            Query(n.Language),
            facts,
            sections,
            timeline,
            after,
            actions,
            criteria)
        {
            // Bare time, as the version line: the report says its zone once.
            Reopened = ReopenedSince(i, n.Retro.Version, "RetroReport.ReopenedSince", at => p.Time(at, zone, "Format.Stamp"), p),
        };
        return templates.RenderHtml("retro-report.html", model, p);
    }

    private static RetroReportSectionView Section(string heading, string text) => new(heading, Lines(text));

    private static RetroReportPartView Part(string? label, string text) => new(label, Lines(text));

    private static IReadOnlyList<string> Lines(string text) => [.. text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n')];

    private sealed record RetroReportSectionView(string Heading, IReadOnlyList<string> Lines)
    {
        /// <summary>Labelled parts after the lines (the impact: the retro's, then the incident record's).</summary>
        public IReadOnlyList<RetroReportPartView> Parts { get; init; } = [];
    }

    private sealed record RetroReportPartView(string? Label, IReadOnlyList<string> Lines);

    private sealed record RetroReportLineView(string When, string Who, string What);

    private sealed record RetroReportCriterionView(string Title, string? Note, string? Current, string? ChangedHere);

    private sealed record RetroReportActionView(string Title, string Owner, string Due, string Status);

    /// <param name="Title">The browser's title (with the id, for a tab or a saved PDF's name).</param>
    /// <param name="Document">The page's heading: what the document is; the id and title follow once, in <paramref name="Heading"/>.</param>
    private sealed record RetroReportView(
        string Lang, string Title, string Document, string Heading, string Version, string TimesIn, string IdPath, string Query,
        IReadOnlyList<Fact> Facts, IReadOnlyList<RetroReportSectionView> Sections, IReadOnlyList<RetroReportLineView> Timeline,
        IReadOnlyList<RetroReportSectionView> After, IReadOnlyList<RetroReportActionView> Actions, IReadOnlyList<RetroReportCriterionView> Criteria)
    {
        /// <summary>「第2版の保存後、…に障害が再開されました。…」 when the incident reopened after the version reported; null otherwise.</summary>
        public string? Reopened { get; init; }
    }
}
