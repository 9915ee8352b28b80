using OnDuty.Core.Common;
using OnDuty.Core.Messages;
using OnDuty.Messages.Cards;

namespace OnDuty.Messages;

public sealed partial class NoticeRenderer
{
    private RenderedEmail EscalatedTogetherEmail(IncidentsEscalatedNotice n)
    {
        var p = Phrases.For(n.Language);
        var model = EscalatedTogetherModel(n, p);
        return new RenderedEmail(model.Subject, templates.RenderText("incidents.txt", model, p), templates.RenderHtml("incidents.html", model, p));
    }

    private RenderedCard EscalatedTogetherCard(IncidentsEscalatedNotice n)
    {
        var p = Phrases.For(n.Language);
        var model = EscalatedTogetherModel(n, p);
        var card = new AdaptiveCardBuilder().Title(model.Subject).Text(model.Lead).Mentions(n.Mentions);

        // The links first: the incidents after them are the sections a card too large for Teams loses from the end.
        if (model.AckTogetherLink is not null)
        {
            card.Section(p["Incident.AckTogether"], null, [], [(p["Incident.AckTogether.Button"], new Uri(model.AckTogetherLink))]);
        }

        if (model.StatusLink is not null)
        {
            card.Section(p["PmPage.Status.Title"], null, [], [(p["PmPage.Status.Title"], new Uri(model.StatusLink))]);
        }

        if (model.BridgeLink is not null)
        {
            card.Section(p["Incident.Bridge"], null, [], [(p["Incident.Bridge.Join"], new Uri(model.BridgeLink))]);
        }

        foreach (var i in model.Incidents)
        {
            // Each incident's own next step and page: the channel has no one-click link, the page is where it is acknowledged.
            card.Section($"{i.Sev} {i.Id} {i.Title}", i.Detected, [], i.PageLink is null ? [] : [(p["Incident.PageLink"], new Uri(i.PageLink))], i.Next);
        }

        card.NotGiven = model.More;
        card.Overflow = hidden => p.Format("Acks.More", hidden);
        return new RenderedCard(model.Subject, templates.RenderText("incidents.txt", model, p), card.Build(model.Subject));
    }

    /// <summary>
    /// <c>【SEV1 未応答・エスカレーション2】障害 12 件: INC-2027-0042 決済できない ほか</c> (the most severe named), the lead, then each
    /// incident with its acknowledge link, its page and (on an escalation) what its own next step is, the page that acknowledges
    /// them together, and the status page.
    /// </summary>
    private static EscalatedView EscalatedTogetherModel(IncidentsEscalatedNotice n, Phrases p)
    {
        var zone = TimeZones.Find(n.TimeZone);
        var first = n.Incidents[0].Incident;
        var kind = n.Step == 0 ? "Page" : "Escalation";
        var subject = p.Format($"Escalated.Subject.{kind}", SevLabel(first.Severity), n.Incidents.Count, first.Id, IncidentTitle(first.Title, p), n.Step);
        var listed = n.Incidents.Take(IncidentsEscalatedNotice.MaxListed)
            .Select(e => new EscalatedLine(SevLabel(e.Incident.Severity), e.Incident.Id, IncidentTitle(e.Incident.Title, p), $"{p["Incident.Detected"]} {p.TimeWithZone(e.Incident.DetectedAt, zone, n.TimeZone)}", IsShowable(e.AckLink) ? e.AckLink : null)
            {
                Next = n.Step > 0 ? NextText(e.Next, e.IsLastStep, p) : null,
                PageLink = IsShowable(e.PageLink) ? e.PageLink : null,
                // Handed over unanswered to this reader (the pair changed since it was paged): whose silence it was, as the single mail says.
                HandedOver = e.HandedOverFrom is { Count: > 0 } from
                    ? p.Format("Escalated.HandedOver", p.JoinNames([.. from.Select(name => Called(name, null, p))]))
                    : null,
            })
            .ToList();
        // Some of those the step was told for were acknowledged before it went out: how many of all still wait, not "nobody answered".
        var lead = n.Answered > 0 && n.Step > 0
            ? p.Format("Escalated.Lead.Escalation.SomeAnswered", n.Incidents.Count + n.Answered, n.Incidents.Count, n.Answered)
            : p.Format($"Escalated.Lead.{kind}", n.Incidents.Count);
        return new EscalatedView(
            LanguageTag(n.Language), subject, lead, listed, n.Incidents.Count - listed.Count,
            IsShowable(n.AckTogetherLink) ? n.AckTogetherLink : null, IsShowable(n.StatusLink) ? n.StatusLink : null)
        {
            BridgeLink = IsShowable(n.BridgeLink) ? n.BridgeLink : null,
        };
    }

    private sealed record EscalatedView(
        string Lang, string Subject, string Lead, IReadOnlyList<EscalatedLine> Incidents, int More, string? AckTogetherLink, string? StatusLink)
    {
        public string? BridgeLink { get; init; }
    }

    private sealed record EscalatedLine(string Sev, string Id, string Title, string Detected, string? AckLink)
    {
        /// <summary>On an escalation: what happens to this incident next if nobody answers.</summary>
        public string? Next { get; init; }

        public string? PageLink { get; init; }

        /// <summary>On escalation 1 to a member new to it: who had it and did not answer.</summary>
        public string? HandedOver { get; init; }
    }
}
