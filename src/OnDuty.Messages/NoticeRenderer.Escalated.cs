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
        var model = EscalatedTogetherModel(n, p, channel: true);
        var card = new AdaptiveCardBuilder().Title(model.Subject).Text(model.Lead).Mentions(n.Mentions);
        if (model.OtherOpen is not null)
        {
            card.Text(model.OtherOpen);
        }

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
            // Each incident's own next step and page: the channel has no acknowledge link, the page is where it is acknowledged.
            // Only a tool acknowledged it (a first page held in a storm: no next step to say) — said where the next step goes.
            card.Section($"{i.Sev} {i.Id} {i.Title}", i.Detected, [], i.PageLink is null ? [] : [(p["Incident.PageLink"], new Uri(i.PageLink))], i.ToolOnly ?? i.Held ?? i.Next);
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
    /// <remarks>
    /// Handed over unanswered (<see cref="IncidentsEscalatedNotice.HandedOverFrom"/>, trial 36 L6):
    /// <c>【SEV1 引き継ぎ・未応答】障害 20 件（INC-… ほか）</c>, and the opening says they were open and unanswered when duty passed
    /// to the reader, from whom (and who stays on duty), as the single handed-over mail does; the lines then need not say it again.
    /// </remarks>
    private static EscalatedView EscalatedTogetherModel(IncidentsEscalatedNotice n, Phrases p, bool channel = false)
    {
        // A member abroad reads each time in hers first, the team's beside it, as her single page mail says it (trial 59).
        var clock = new ReaderClock(p, n.TimeZone, n.ReaderTimeZone);
        var first = n.Incidents[0].Incident;
        var kind = n.Step == 0 ? "Page" : "Escalation";
        var handedOverFrom = n.Step == 1 && n.HandedOverFrom is { Count: > 0 } from ? from : null;
        var subject = n.HandedOverAway
            ? p.Format("Escalated.Subject.HandedOverTo", SevLabel(first.Severity), n.Incidents.Count, first.Id, IncidentTitle(first, p))
            : handedOverFrom is not null
            ? p.Format("Escalated.Subject.HandedOver", SevLabel(first.Severity), n.Incidents.Count, first.Id, IncidentTitle(first, p))
            : p.Format($"Escalated.Subject.{kind}", SevLabel(first.Severity), n.Incidents.Count, first.Id, IncidentTitle(first, p), n.Step);
        var listed = n.Incidents.Take(IncidentsEscalatedNotice.MaxListed)
            .Select(e => new EscalatedLine(
                SevLabel(e.Incident.Severity), e.Incident.Id, IncidentTitle(e.Incident, p), $"{p["Incident.Detected"]} {clock.At(e.Incident.DetectedAt)}",
                IsShowable(e.AckLink) && ToolOnly(e.Incident, p) is null ? e.AckLink : null)
            {
                // A storm's first page held, and the tool acknowledged it meanwhile: listed as the status page says it, without the
                // signed acknowledge link — the reader sees it is in the tool's hands and nobody on duty has confirmed it; its page can take it.
                ToolOnly = ToolOnly(e.Incident, p) is { } toolOnly ? Capitalized(toolOnly) : null,
                Next = n.Step > 0 ? NextText(e.Next, e.IsLastStep, p) : null,
                PageLink = IsShowable(e.PageLink) ? e.PageLink : null,
                // A first page held by a maintenance window until it ended (trial 55: at 04:00, about what fired at 01:05 and 02:40):
                // why it comes now and not when it was detected, as the single page says it.
                Held = n.Step == 0 ? HeldText(e.Incident, clock, p) : null,
                // Handed over unanswered to this reader (the pair changed since it was paged): whose silence it was, as the single mail says.
                HandedOver = e.HandedOverFrom is { Count: > 0 } from && !(handedOverFrom is not null && n.Answered == 0 && from.All(handedOverFrom.Contains))
                    ? p.Format("Escalated.HandedOver", p.JoinNames([.. from.Select(name => Called(name, null, p))]))
                    : null,
            })
            .ToList();
        // Some of those the step was told for were acknowledged before it went out: how many of all still wait, not "nobody answered".
        var lead = n.HandedOverAway ? HandedOverAwayLead(n, p)
            // The leads' step to a lead: it comes to them as the lead because the pair has not answered, as the single mail says it.
            // The organisation's step: the pair and the leads (by name) paged before it did not answer, and for how long — or that
            // no lead was paged first.
            : n.AsLead is { } asLead && !channel
            ? asLead.Pair.Count > 0
                ? p.Format(AfterLeads(asLead, "Escalated.Lead.EscalationAsLead"), n.Incidents.Count, PairNames(asLead, p), Duration(asLead.Unanswered, p), PagedLeads(asLead, p))
                : p.Format(AfterLeads(asLead, "Escalated.Lead.EscalationAsLead.Pairs"), n.Incidents.Count, Duration(asLead.Unanswered, p), PagedLeads(asLead, p))
            // The channel on the leads' step: who is paged now and why, as each incident's single card says it; on the organisation's,
            // the leads did not answer either, or none was paged first.
            : n.LeadsPaged is { Leads.Count: > 0 } paged && channel && handedOverFrom is null
            ? paged.Pair.Count > 0
                ? p.Format(AfterLeads(paged, "Escalated.Lead.LeadsPaged.Channel"), n.Incidents.Count, PairNames(paged, p), Duration(paged.Unanswered, p), PagedLeads(paged, p))
                : p.Format(AfterLeads(paged, "Escalated.Lead.LeadsPaged.Channel.Pairs"), n.Incidents.Count, Duration(paged.Unanswered, p), PagedLeads(paged, p))
            : n.Answered > 0 && n.Step > 0
            ? p.Format("Escalated.Lead.Escalation.SomeAnswered", n.Incidents.Count + n.Answered, n.Incidents.Count, n.Answered)
            : handedOverFrom is null && n.Step == 0 && listed.All(l => l.Held is not null) ? p.Format("Escalated.Lead.PageHeld", n.Incidents.Count)
            : handedOverFrom is null ? p.Format($"Escalated.Lead.{kind}", n.Incidents.Count)
            : channel ? p.Format("Escalated.Lead.HandedOver.Channel", n.Incidents.Count, p.JoinNames([.. handedOverFrom.Select(name => Addressed(name, n.Language))]))
            // A staggered handover: the reader took over from the member(s) named, and the partner named stays on duty.
            : n.StillOnDuty is { Count: > 0 } staying
                ? p.Format("Escalated.Lead.HandedOver.Staying", n.Incidents.Count, p.JoinNames([.. handedOverFrom.Select(name => Called(name, null, p))]),
                    p.JoinNames([.. staying.Select(name => Called(name, null, p))]))
                : p.Format("Escalated.Lead.HandedOver", n.Incidents.Count, p.JoinNames([.. handedOverFrom.Select(name => Addressed(name, n.Language))]));
        return new EscalatedView(
            LanguageTag(n.Language), subject, lead, listed, n.Incidents.Count - listed.Count,
            IsShowable(n.AckTogetherLink) ? n.AckTogetherLink : null, IsShowable(n.StatusLink) ? n.StatusLink : null)
        {
            BridgeLink = IsShowable(n.BridgeLink) ? n.BridgeLink : null,
            OtherOpen = OtherOpenLine(n.OtherOpen, p),
        };
    }

    /// <summary>
    /// A first page a maintenance window held (not one held after it was paged: <see cref="Core.Incidents.Incident.PagesHeldFromStep"/>):
    /// 「呼び出し保留：2026年12月12日(土) 04:00（JST）まで保留していました（メンテナンス MW-…：決済DBの移行）」; null for any other.
    /// </summary>
    private static string? HeldText(Core.Incidents.Incident i, ReaderClock clock, Phrases p) =>
        i is { PagesHeldBy: { } window, PagesHeldUntil: { } until, PagesHeldFromStep: null }
            ? p.Format("Format.Labelled", p["PmPage.PagesHeld"], p.Format("PmPage.PagesHeld.Was", clock.At(until), window, i.PagesHeldFor ?? ""))
            : null;

    /// <summary>
    /// The organisation's step's words when <paramref name="step"/> is that step — <c>{key}.AfterLeads</c> when the leads were paged
    /// before it, <c>{key}.NoLeads</c> when no lead was (the leads' step passed over) — else <paramref name="key"/>.
    /// </summary>
    private static string AfterLeads(LeadsStep step, string key) =>
        step.Step <= Core.Incidents.EscalationPolicy.LeadsStep ? key : step.LeadsToo ? key + ".AfterLeads" : key + ".NoLeads";

    /// <summary>The leads a step paged, as the single card names them: a roster name as colleagues say it, an address as it is.</summary>
    private static string PagedLeads(LeadsStep paged, Phrases p) =>
        p.JoinNames([.. paged.Leads.Select(l => l.Contains('@', StringComparison.Ordinal) ? l : Called(l, null, p))]);

    /// <summary>
    /// To a member taken off them: 「次の障害 3 件を新しい当番（田中・Liam Chen）に引き継ぎました。…」, or in a staggered handover who
    /// they went to from the reader and who stays, as the single mail (<c>Incident.Lead.HandedOverTo</c>) says it of one.
    /// </summary>
    private static string HandedOverAwayLead(IncidentsEscalatedNotice n, Phrases p)
    {
        var now = n.Incidents.SelectMany(e => e.Incident.Assignees).DistinctBy(a => a.Id, StringComparer.Ordinal).ToList();
        return n.StillOnDuty is { Count: > 0 } staying
            ? p.Format("Escalated.Lead.HandedOverTo.Staying", n.Incidents.Count,
                p.JoinNames([.. now.Where(a => !staying.Contains(a.DisplayName)).Select(a => Called(a.DisplayName, a.Language, p))]),
                p.JoinNames([.. staying.Select(name => Called(name, null, p))]))
            : p.Format("Escalated.Lead.HandedOverTo", n.Incidents.Count, p.JoinNames([.. now.Select(a => PersonName(a.DisplayName, a.Language, n.Language))]));
    }

    private sealed record EscalatedView(
        string Lang, string Subject, string Lead, IReadOnlyList<EscalatedLine> Incidents, int More, string? AckTogetherLink, string? StatusLink)
    {
        public string? BridgeLink { get; init; }

        /// <summary>A storm's first pages: the other open incidents, not listed (「対応中の障害がほかにあります：…」).</summary>
        public string? OtherOpen { get; init; }
    }

    private sealed record EscalatedLine(string Sev, string Id, string Title, string Detected, string? AckLink)
    {
        /// <summary>On an escalation: what happens to this incident next if nobody answers.</summary>
        public string? Next { get; init; }

        public string? PageLink { get; init; }

        /// <summary>On escalation 1 to a member new to it: who had it and did not answer.</summary>
        public string? HandedOver { get; init; }

        /// <summary>A first page held by a maintenance window: until when, and by which (「呼び出し保留：…まで保留していました（メンテナンス MW-…：…）」).</summary>
        public string? Held { get; init; }

        /// <summary>Acknowledged only by a monitoring tool since the step was due: 「監視ツール（Datadog）が受付済み・当番は未確認」.</summary>
        public string? ToolOnly { get; init; }
    }
}
