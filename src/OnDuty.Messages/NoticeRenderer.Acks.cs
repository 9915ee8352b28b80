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
        var card = new AdaptiveCardBuilder().Title(model.Subject).Text(model.Lines[0]); // the lead

        // The link first: the incidents after it are the sections a card too large for Teams loses from the end.
        if (Uri.TryCreate(n.StatusLink, UriKind.Absolute, out var status))
        {
            card.Section(p["PmPage.Status.Title"], null, [], [(p["PmPage.Status.Title"], status)]);
        }

        var listed = n.Incidents.Take(IncidentsAcknowledgedNotice.MaxListed).ToList();
        foreach (var i in listed)
        {
            card.Section(p.Format("Acks.Line", i.Id, SevLabel(i.Severity), IncidentTitle(i.Title, p)), null, [], []);
        }

        card.NotGiven = n.Incidents.Count - listed.Count;
        card.Overflow = hidden => p.Format("Acks.More", hidden);
        return new RenderedCard(model.Subject, templates.RenderText("lines.txt", model, p), card.Build(model.Subject));
    }

    /// <summary><c>【対応開始】障害 12 件 — 伊藤さんが対応します</c>, then each incident (most severe first) and the status page.</summary>
    private static LinesView AcknowledgedTogetherModel(IncidentsAcknowledgedNotice n)
    {
        var p = Phrases.For(n.Language);
        // A duty member by family name for a Japanese reader (「田中さん」), as the incidents' own mails name them; anyone else as recorded.
        var member = n.Incidents.SelectMany(i => i.Assignees).FirstOrDefault(a => a.DisplayName == n.By);
        var name = Called(member?.DisplayName ?? n.By, member?.Language, p);
        var subject = p.Format("Acks.Subject", n.Incidents.Count, name);
        var lines = new List<string> { p.Format("Acks.Lead", name, n.Incidents.Count), "" };
        lines.AddRange(n.Incidents.Take(IncidentsAcknowledgedNotice.MaxListed).Select(i => p.Format("Acks.Line", i.Id, SevLabel(i.Severity), IncidentTitle(i.Title, p))));
        if (n.Incidents.Count > IncidentsAcknowledgedNotice.MaxListed)
        {
            lines.Add(p.Format("Acks.More", n.Incidents.Count - IncidentsAcknowledgedNotice.MaxListed));
        }

        lines.Add("");
        lines.Add(p.Format("Acks.Status", n.StatusLink));
        return new LinesView(LanguageTag(n.Language), subject, lines);
    }

    private RenderedEmail RecoveredTogetherEmail(IncidentsRecoveredNotice n)
    {
        var model = RecoveredTogetherModel(n);
        var p = Phrases.For(n.Language);
        return new RenderedEmail(model.Subject, templates.RenderText("lines.txt", model, p), templates.RenderHtml("lines.html", model, p));
    }

    private RenderedCard RecoveredTogetherCard(IncidentsRecoveredNotice n)
    {
        var model = RecoveredTogetherModel(n);
        var p = Phrases.For(n.Language);
        var card = new AdaptiveCardBuilder().Title(model.Subject).Text(model.Lines[0]);
        if (Uri.TryCreate(n.StatusLink, UriKind.Absolute, out var status))
        {
            card.Section(p["PmPage.Status.Title"], null, [], [(p["PmPage.Status.Title"], status)]);
        }

        var listed = n.Incidents.Take(IncidentsRecoveredNotice.MaxListed).ToList();
        foreach (var i in listed)
        {
            card.Section(p.Format("Acks.Line", i.Id, SevLabel(i.Severity), IncidentTitle(i.Title, p)), null, [], []);
        }

        card.NotGiven = n.Incidents.Count - listed.Count;
        card.Overflow = hidden => p.Format("Acks.More", hidden);
        return new RenderedCard(model.Subject, templates.RenderText("lines.txt", model, p), card.Build(model.Subject));
    }

    /// <summary><c>【復旧】障害 12 件（監視で自動復旧）</c>, that nothing is needed, then each incident (most severe first) and the status page.</summary>
    private static LinesView RecoveredTogetherModel(IncidentsRecoveredNotice n)
    {
        var p = Phrases.For(n.Language);
        var subject = p.Format("Recovered.Subject", n.Incidents.Count, SevLabel(n.Incidents.Min(i => i.Severity)));
        var lines = new List<string> { p.Format("Recovered.Lead", n.Incidents.Count), "" };
        lines.AddRange(n.Incidents.Take(IncidentsRecoveredNotice.MaxListed).Select(i => p.Format("Acks.Line", i.Id, SevLabel(i.Severity), IncidentTitle(i.Title, p))));
        if (n.Incidents.Count > IncidentsRecoveredNotice.MaxListed)
        {
            lines.Add(p.Format("Acks.More", n.Incidents.Count - IncidentsRecoveredNotice.MaxListed));
        }

        lines.Add("");
        lines.Add(p.Format("Acks.Status", n.StatusLink));
        return new LinesView(LanguageTag(n.Language), subject, lines);
    }

    /// <summary><c>【SEV2 復旧 12 件】INC-2026-0042 決済画面が開かない ほか</c>, then that monitoring resolved them and nothing is needed.</summary>
    private static string RecoveredTogetherText(IncidentsRecoveredTextNotice n)
    {
        var p = Phrases.For(n.Language);
        var first = n.Incidents[0];
        return $"{p.Format("Recovered.Text.Subject", SevLabel(n.Incidents.Min(i => i.Severity)), n.Incidents.Count, first.Id, ShortTitle(IncidentTitle(first.Title, p)))}\n{p["Recovered.Text"]}";
    }
}
