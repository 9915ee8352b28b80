using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Messages;
using OnDuty.Core.Team;
using OnDuty.Messages.Cards;

namespace OnDuty.Messages;

public sealed partial class NoticeRenderer
{
    private RenderedEmail AcknowledgedTogetherEmail(IncidentsAcknowledgedNotice n)
    {
        var model = AcknowledgedTogetherModel(n);
        var p = Phrases.For(n.Language);
        return new RenderedEmail(model.Subject, templates.RenderText("lines.txt", model, p), templates.RenderHtml("lines.html", model, p));
    }

    private RenderedCard AcknowledgedTogetherCard(IncidentsAcknowledgedNotice n) =>
        IncidentListCard(AcknowledgedTogetherModel(n), n.Language, n.StatusLink, n.Incidents, IncidentsAcknowledgedNotice.MaxListed, AcknowledgedLine(n));

    /// <summary>
    /// An incident's line in the list, marked when a monitoring tool alone had acknowledged it before (「…（監視ツール Datadog で
    /// 受付済みだったもの）」), as the single mail says it took it over.
    /// </summary>
    private static Func<Incident, Phrases, string> AcknowledgedLine(IncidentsAcknowledgedNotice n) => (i, p) =>
        n.OverTool.TryGetValue(i.Id, out var tool)
            ? p.Aside(IncidentListLine(i, p), string.IsNullOrWhiteSpace(tool) ? p["Acks.OverUnnamedTool"] : p.Format("Acks.OverTool", tool))
            : IncidentListLine(i, p);

    /// <summary>
    /// The card of a mail that lists incidents (acknowledged or recovered together): its lead, the status page's link first — the
    /// incidents after it are the sections a card too large for Teams loses from the end —, then one section per incident.
    /// </summary>
    private RenderedCard IncidentListCard(
        LinesView model, Language language, string statusLink, IReadOnlyList<Incident> incidents, int maxListed, Func<Incident, Phrases, string>? line = null)
    {
        line ??= IncidentListLine;
        var p = Phrases.For(language);
        var card = new AdaptiveCardBuilder().Title(model.Subject).Text(model.Lines[0]); // the lead
        if (Uri.TryCreate(statusLink, UriKind.Absolute, out var status))
        {
            card.Section(p["PmPage.Status.Title"], null, [], [(p["PmPage.Status.Title"], status)]);
        }

        var listed = incidents.Take(maxListed).ToList();
        foreach (var i in listed)
        {
            card.Section(line(i, p), null, [], []);
        }

        card.NotGiven = incidents.Count - listed.Count;
        card.Overflow = hidden => p.Format("Acks.More", hidden);
        return new RenderedCard(model.Subject, templates.RenderText("lines.txt", model, p), card.Build(model.Subject));
    }

    /// <summary>The incidents listed one per line (「INC-… SEV2 …」), then how many more there are.</summary>
    private static IEnumerable<string> IncidentListLines(IReadOnlyList<Incident> incidents, int maxListed, Phrases p, Func<Incident, Phrases, string>? line = null)
    {
        line ??= IncidentListLine;
        foreach (var i in incidents.Take(maxListed))
        {
            yield return line(i, p);
        }

        if (incidents.Count > maxListed)
        {
            yield return p.Format("Acks.More", incidents.Count - maxListed);
        }
    }

    private static string IncidentListLine(Incident i, Phrases p) => p.Format("Acks.Line", i.Id, SevLabel(i.Severity), IncidentTitle(i, p));

    /// <summary><c>【対応開始】障害 12 件 — 伊藤さんが対応します</c>, then each incident (most severe first) and the status page.</summary>
    private static LinesView AcknowledgedTogetherModel(IncidentsAcknowledgedNotice n)
    {
        var p = Phrases.For(n.Language);
        // A duty member by family name for a Japanese reader (「田中さん」), as the incidents' own mails name them; anyone else as recorded.
        var member = n.Incidents.SelectMany(i => i.Assignees).FirstOrDefault(a => a.DisplayName == n.By);
        var name = Called(member?.DisplayName ?? n.By, member?.Language, p);
        var subject = p.Format("Acks.Subject", n.Incidents.Count, name);
        var lines = new List<string> { p.Format("Acks.Lead", name, n.Incidents.Count), "" };
        lines.AddRange(IncidentListLines(n.Incidents, IncidentsAcknowledgedNotice.MaxListed, p, AcknowledgedLine(n)));

        return WithStatusLink(new LinesView(LanguageTag(n.Language), subject, lines), n.StatusLink, p);
    }

    private RenderedEmail RecoveredTogetherEmail(IncidentsRecoveredNotice n)
    {
        var model = RecoveredTogetherModel(n);
        var p = Phrases.For(n.Language);
        return new RenderedEmail(model.Subject, templates.RenderText("lines.txt", model, p), templates.RenderHtml("lines.html", model, p));
    }

    private RenderedCard RecoveredTogetherCard(IncidentsRecoveredNotice n) =>
        IncidentListCard(RecoveredTogetherModel(n), n.Language, n.StatusLink, n.Incidents, IncidentsRecoveredNotice.MaxListed);

    /// <summary><c>【復旧】障害 12 件（監視で自動復旧）</c>, that nothing is needed, then each incident (most severe first) and the status page.</summary>
    private static LinesView RecoveredTogetherModel(IncidentsRecoveredNotice n)
    {
        var p = Phrases.For(n.Language);
        var subject = p.Format("Recovered.Subject", n.Incidents.Count, SevLabel(n.Incidents.Min(i => i.Severity)));
        // A tool's acknowledgement is not a person's, but "before anyone acknowledged them" would be untrue of those a tool had.
        var byTool = n.Incidents.Count(i => ByTool(i.AcknowledgedBy) is not null);
        var lines = new List<string> { byTool == 0 ? p.Format("Recovered.Lead", n.Incidents.Count) : p.Format("Recovered.LeadToolAck", n.Incidents.Count, byTool), "" };
        // A heartbeat's line says what was heard, when and how late, as its own recovery mail does (session 59).
        lines.AddRange(IncidentListLines(n.Incidents, IncidentsRecoveredNotice.MaxListed, p, (i, p) =>
            n.TimeZone is { } zoneId && i.ResolvedAt is { } back && HeartbeatHeard(i, back, p, TimeZones.Find(zoneId), zoneId) is { } heard
                ? p.Format("Recovered.Line.Heartbeat", IncidentListLine(i, p), heard)
                : IncidentListLine(i, p)));

        return WithStatusLink(new LinesView(LanguageTag(n.Language), subject, lines), n.StatusLink, p);
    }

    /// <summary>
    /// The status page as the mail's last line, 「障害ステータス：https://…」, the address an anchor in the HTML part (a bare address
    /// in HTML is a link only where the mail client guesses it); nothing when there is no showable link.
    /// </summary>
    private static LinesView WithStatusLink(LinesView model, string? statusLink, Phrases p) => IsShowable(statusLink)
        ? model with { Lines = [.. model.Lines, ""], Link = statusLink, LinkLabel = p["PmPage.Status.Title"] + p["Format.Colon"] }
        : model;

    /// <summary><c>【SEV2 復旧 12 件】INC-2026-0042 決済画面が開かない ほか</c>, then that monitoring resolved them and nothing is needed.</summary>
    private static string RecoveredTogetherText(IncidentsRecoveredTextNotice n)
    {
        var p = Phrases.For(n.Language);
        var first = n.Incidents[0];
        return $"{p.Format("Recovered.Text.Subject", SevLabel(n.Incidents.Min(i => i.Severity)), n.Incidents.Count, first.Id, ShortTitle(IncidentTitle(first, p)))}\n{p["Recovered.Text"]}";
    }
}
