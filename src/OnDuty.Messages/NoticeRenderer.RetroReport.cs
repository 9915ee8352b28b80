using OnDuty.Core.Common;
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
    private string RetroReportPage(RetroReportNotice n)
    {
        var p = Phrases.For(n.Language);
        var zone = TimeZones.Find(n.TimeZone);
        var i = n.Incident;
        var c = n.Retro.Content;
        string When(DateTimeOffset at) => p.Time(at, zone);
        string Who(string id) => RetroActor(id, i, n.Members, p);

        var facts = new List<Fact>
        {
            new(p["Incident.Severity"], $"{SevLabel(i.Severity)} — {p[$"Severity.{i.Severity}"]}"),
            new(p["Incident.Status"], p[$"Status.{i.Status}"]),
            new(p["RetroReport.Started"], When(i.StartedAt)),
            new(p["RetroReport.Detected"], When(i.DetectedAt)),
            new(p["RetroReport.Resolved"], i.ResolvedAt is { } resolved ? When(resolved) : p["RetroReport.NotResolved"]),
        };
        if (i.ResolvedAt is { } end)
        {
            facts.Add(new(p["RetroReport.Duration"], Duration((end - i.StartedAt).TotalMinutes, p)));
        }

        if (i.AffectedAreas.Count > 0)
        {
            facts.Add(new(p["RetroReport.Areas"], p.Join(i.AffectedAreas)));
        }

        if (i.Platforms.Count > 0)
        {
            facts.Add(new(p["RetroReport.Platforms"], p.Join(i.Platforms)));
        }

        if (i.Assignees.Count > 0)
        {
            facts.Add(new(p["RetroReport.Responders"], p.JoinNames([.. i.Assignees.Select(a => a.DisplayName)])));
        }

        var sections = new List<RetroReportSectionView> { Section(p["Retro.Field.summary"], c.Summary) };
        var impact = string.Join("\n\n", new[] { c.Impact, i.UserImpact }.Where(t => !string.IsNullOrWhiteSpace(t)).Distinct(StringComparer.Ordinal));
        if (impact.Length > 0)
        {
            sections.Add(Section(p["Retro.Field.impact"], impact));
        }

        var after = new List<RetroReportSectionView>();
        foreach (var (field, text) in new[] { ("hardToJudge", c.HardToJudge), ("wentWell", c.WentWell), ("manualChanges", c.ManualChanges) })
        {
            if (!string.IsNullOrWhiteSpace(text))
            {
                after.Add(Section(p[$"Retro.Field.{field}"], text));
            }
        }

        var timeline = c.Timeline.OrderBy(e => e.At).Select(e => new Fact(
            p.Time(e.At, zone, "Format.Stamp"),
            RetroLine(e, p, id => RetroMemberName(id, i, n.Members)))).ToList();
        var actions = c.ActionItems.Select(a => new RetroReportActionView(
            a.Title, Who(a.Owner), a.Due is { } due ? p.Day(due) : "", p[a.Status == ActionItemStatus.Done ? "Retro.Action.Done" : "Retro.Action.Open"])).ToList();
        var criteria = c.CriteriaChanges.Select(x => new Fact(
            n.Criteria.FirstOrDefault(k => k.Id == x.CriterionId)?.Title ?? x.CriterionId, x.Note ?? "")).ToList();

        var model = new RetroReportView(
            LanguageTag(n.Language),
            p.Format("RetroReport.Title", i.Id),
            $"{i.Id} {i.Title}",
            p.Format("Retro.Version", n.Retro.Version.Version, Who(n.Retro.Version.SavedBy), p.Time(n.Retro.Version.SavedAt, zone, "Format.Stamp")),
            p.Format("RetroReport.TimesIn", p.ZoneName(n.TimeZone)),
            Uri.EscapeDataString(i.Id),
            Query(n.Language),
            facts,
            sections,
            timeline,
            after,
            actions,
            criteria);
        return templates.RenderHtml("retro-report.html", model, p);
    }

    private static RetroReportSectionView Section(string heading, string text) =>
        new(heading, [.. text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n')]);

    private sealed record RetroReportSectionView(string Heading, IReadOnlyList<string> Lines);

    private sealed record RetroReportActionView(string Title, string Owner, string Due, string Status);

    private sealed record RetroReportView(
        string Lang, string Title, string Heading, string Version, string TimesIn, string IdPath, string Query,
        IReadOnlyList<Fact> Facts, IReadOnlyList<RetroReportSectionView> Sections, IReadOnlyList<Fact> Timeline,
        IReadOnlyList<RetroReportSectionView> After, IReadOnlyList<RetroReportActionView> Actions, IReadOnlyList<Fact> Criteria);
}
