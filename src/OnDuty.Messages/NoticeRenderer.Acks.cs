using OnDuty.Core.Messages;
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

    private RenderedCard AcknowledgedTogetherCard(IncidentsAcknowledgedNotice n)
    {
        var model = AcknowledgedTogetherModel(n);
        var p = Phrases.For(n.Language);
        var card = new AdaptiveCardBuilder().Title(model.Subject);
        var statusLine = StatusLine(n, p);
        foreach (var line in model.Lines.Where(l => l.Length > 0 && l != statusLine))
        {
            card.Text(line);
        }

        if (Uri.TryCreate(n.StatusLink, UriKind.Absolute, out var status))
        {
            card.Section(p["PmPage.Status.Title"], null, [], [(p["PmPage.Status.Title"], status)]);
        }

        return new RenderedCard(model.Subject, templates.RenderText("lines.txt", model, p), card.Build(model.Subject));
    }

    /// <summary><c>【対応開始】障害 12 件 — 伊藤さんが対応します</c>, then each incident (most severe first) and the status page.</summary>
    private static LinesView AcknowledgedTogetherModel(IncidentsAcknowledgedNotice n)
    {
        var p = Phrases.For(n.Language);
        var name = p.Format("Name.Honorific", n.By);
        var subject = p.Format("Acks.Subject", n.Incidents.Count, name);
        var lines = new List<string> { p.Format("Acks.Lead", name, n.Incidents.Count), "" };
        lines.AddRange(n.Incidents.Take(IncidentsAcknowledgedNotice.MaxListed).Select(i => p.Format("Acks.Line", i.Id, SevLabel(i.Severity), i.Title)));
        if (n.Incidents.Count > IncidentsAcknowledgedNotice.MaxListed)
        {
            lines.Add(p.Format("Acks.More", n.Incidents.Count - IncidentsAcknowledgedNotice.MaxListed));
        }

        lines.Add("");
        lines.Add(StatusLine(n, p));
        return new LinesView(LanguageTag(n.Language), subject, lines);
    }

    private static string StatusLine(IncidentsAcknowledgedNotice n, Phrases p) => p.Format("Acks.Status", n.StatusLink);
}
