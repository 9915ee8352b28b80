using OnDuty.Core.Messages;
using OnDuty.Messages.Cards;

namespace OnDuty.Messages;

public sealed partial class NoticeRenderer
{
    private RenderedEmail MergedTogetherEmail(IncidentsMergedNotice n)
    {
        var model = MergedTogetherModel(n);
        var p = Phrases.For(n.Language);
        return new RenderedEmail(model.Subject, templates.RenderText("lines.txt", model, p), templates.RenderHtml("lines.html", model, p));
    }

    /// <summary>The channel's card: its lead, the link, one section per duplicate, then where things go on.</summary>
    private RenderedCard MergedTogetherCard(IncidentsMergedNotice n)
    {
        var model = MergedTogetherModel(n);
        var p = Phrases.For(n.Language);
        var card = new AdaptiveCardBuilder().Title(model.Subject).Text(model.Lines[0]).Text(MergedNext(n, p));
        if (IsShowable(n.Link) && Uri.TryCreate(n.Link, UriKind.Absolute, out var link))
        {
            card.Section(LinkLabel(n, p), null, [], [(n.Into.Id, link)]);
        }

        var listed = n.Duplicates.Take(IncidentsMergedNotice.MaxListed).ToList();
        foreach (var duplicate in listed)
        {
            card.Section(MergedLine(duplicate, p), null, [], []);
        }

        card.NotGiven = n.Duplicates.Count - listed.Count;
        card.Overflow = hidden => p.Format("Acks.More", hidden);
        return new RenderedCard(model.Subject, templates.RenderText("lines.txt", model, p), card.Build(model.Subject));
    }

    /// <summary>
    /// 「【統合】障害3件を INC-… に統合しました」, the lead naming the incident merged into, the duplicates one per line (「INC-…（件名）」),
    /// then where things go on in the reader's words (<see cref="MergedNoticeReader"/>), and the link.
    /// </summary>
    private static LinesView MergedTogetherModel(IncidentsMergedNotice n)
    {
        var p = Phrases.For(n.Language);
        var into = n.Into.Id;
        string Counted(string key) => MergedCounted(n, key);
        var subject = p.Format(Counted("MergedTogether.Subject"), n.Duplicates.Count, into, IncidentTitle(n.Into, p));
        var lead = n.Reader == MergedNoticeReader.Team && !string.IsNullOrWhiteSpace(n.By)
            ? p.Format(Counted("MergedTogether.Lead.Team"), Called(n.By, null, p), into, IncidentTitle(n.Into, p))
            : p.Format(Counted("MergedTogether.Lead"), into, IncidentTitle(n.Into, p));
        var lines = new List<string> { lead, "" };
        lines.AddRange(n.Duplicates.Take(IncidentsMergedNotice.MaxListed).Select(d => MergedLine(d, p)));
        if (n.Duplicates.Count > IncidentsMergedNotice.MaxListed)
        {
            lines.Add(p.Format("Acks.More", n.Duplicates.Count - IncidentsMergedNotice.MaxListed));
        }

        lines.Add("");
        lines.Add(MergedNext(n, p));
        var model = new LinesView(LanguageTag(n.Language), subject, lines);
        return IsShowable(n.Link)
            ? model with { Lines = [.. model.Lines, ""], Link = n.Link, LinkLabel = LinkLabel(n, p) + p["Format.Colon"] }
            : model;
    }

    /// <summary>The team opens the incident page (「障害ページを開く」), stakeholders and followers its view (「障害の状況」).</summary>
    private static string LinkLabel(IncidentsMergedNotice n, Phrases p) => p[n.Reader == MergedNoticeReader.Team ? "Incident.PageLink" : "Stakeholder.Link"];

    /// <summary>Where things go on, in the reader's words (「以降の続報は … でお知らせします。」).</summary>
    private static string MergedNext(IncidentsMergedNotice n, Phrases p) => p.Format(MergedCounted(n, $"MergedTogether.Next.{n.Reader}"), n.Into.Id);

    /// <summary>A reader told of one of them reads of "this incident" (「この障害」), not "these": the key's <c>.One</c>.</summary>
    private static string MergedCounted(IncidentsMergedNotice n, string key) => n.Duplicates.Count == 1 ? key + ".One" : key;

    private static string MergedLine(Core.Incidents.Incident duplicate, Phrases p) => p.Format("MergedTogether.Line", duplicate.Id, IncidentTitle(duplicate, p));
}
