using OnDuty.Core.Alerts;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Messages;
using OnDuty.Messages.Cards;

namespace OnDuty.Messages;

public sealed partial class NoticeRenderer
{
    private RenderedEmail IncidentEmail(IncidentPageNotice n)
    {
        var p = Phrases.For(n.Language);
        var model = IncidentModel(n, p);
        return new RenderedEmail(model.Subject, templates.RenderText("incident.txt", model, p), templates.RenderHtml("incident.html", model, p));
    }

    private RenderedCard IncidentCard(IncidentPageNotice n)
    {
        var p = Phrases.For(n.Language);
        var model = IncidentModel(n, p);
        var card = new AdaptiveCardBuilder().Title(model.Subject);
        if (ConfidentialCardLine(n.Incident, p) is { } withheld)
        {
            card.Text(withheld);
        }

        if (model.Description is not null)
        {
            card.Text(model.Description);
        }

        card.Text(model.Lead);
        if (model.Next is not null)
        {
            card.Text(model.Next);
        }

        if (model.OtherOpen is not null)
        {
            card.Text(model.OtherOpen);
        }

        if (n.Stage.Kind is not ("ack" or "merged" or "recovered" or "resolved" or "tookOver" or "assigned" or "commsLead" or "unmerged" or "reader" or "confidential"))
        {
            card.Mentions(n.Mentions);
        }

        card.Facts(model.Facts.Select(f => (f.Label, f.Value)));
        var page = model.PageLink is null ? null : new Uri(model.PageLink);
        if (page is not null && n.Stage.Kind is "help" or "merged")
        {
            card.Section(p["Incident.PageLink"], null, [], [(n.Stage.MergedInto ?? model.Id, page)]);
        }
        else if (page is not null)
        {
            // The channel has no acknowledge link (that is per person): the page is where a duty member acknowledges, and then
            // posts the first update. Kept however many alerts the card drops.
            card.Actions([(p["Incident.PageLink"], page)]);
        }

        if (model.AckTogetherLink is not null)
        {
            card.Section(p["Incident.AckTogether"], null, [], [(p["Incident.AckTogether.Button"], new Uri(model.AckTogetherLink))]);
        }

        if (model.BridgeLink is not null)
        {
            card.Section(p["Incident.Bridge"], null, [], [(p["Incident.Bridge.Join"], new Uri(model.BridgeLink))]);
        }

        foreach (var a in model.Alerts)
        {
            var heading = a.Resolved ? p.Aside(a.Summary, p["Alert.Resolved"]) : a.Summary;
            var links = a.Links.Select(l => (l.Text, new Uri(l.Href)));
            // What it measured in plain text, not with the subtle notes: the value the person judges the alert by.
            card.Section(heading, string.Join("\n", new[] { a.SeverityNote, a.HandNote, a.Description }.OfType<string>()), a.Labels.Select(l => (l.Key, l.Value)), links,
                a.Conditions.Count == 0 ? null : string.Join(" · ", a.Conditions));
        }

        card.NotGiven = n.MoreAlerts;
        card.Overflow = hidden => MoreAlertsLine(hidden, page is not null, p);
        card.OverflowLink = page is null ? null : (p["Incident.PageLink"], page);
        return new RenderedCard(model.Subject, templates.RenderText("incident.txt", model, p), card.Build(model.Subject));
    }

    /// <summary>Subject: the severity tag and <c>障害</c> (ja) or <c>incident</c> (en), the incident id, the title.</summary>
    public static string IncidentSubject(Incident i, IncidentNotice stage, Phrases p, string? title = null)
    {
        var key = stage.Kind switch
        {
            // Paged again because it came back after resolving: said, or the page reads as the first one sent twice.
            "page" when i.ReopenCount > 0 => "Incident.Subject.PageReopened",
            "page" => "Incident.Subject.Page",
            "escalation" => "Incident.Subject.Escalation",
            // A call again says which (trial 33, L3: two calls 25 s apart read as one mail sent twice).
            "help" when stage.Step > 1 => "Incident.Subject.HelpAgain",
            "help" => "Incident.Subject.Help",
            "helpAccepted" => "Incident.Subject.HelpAccepted",
            "merged" => "Incident.Subject.Merged",
            "recovered" => "Incident.Subject.Recovered",
            "resolved" => "Incident.Subject.Resolved",
            "handedOver" => "Incident.Subject.HandedOver",
            "tookOver" => "Incident.Subject.TookOver",
            "assigned" => "Incident.Subject.Assigned",
            "commsLead" => "Incident.Subject.CommsLead",
            "reader" => "Incident.Subject.Reader",
            "confidential" => "Incident.Subject.Confidential",
            "stillYours" => "Incident.Subject.StillYours",
            "unmerged" => "Incident.Subject.Unmerged",
            _ => "Incident.Subject.Ack",
        };
        return p.Format(key, SevLabel(i.Severity), i.Id, title ?? IncidentTitle(i, p), stage.Step, Called(stage.AnsweredBy ?? "", null, p));
    }

    public static string SevLabel(AlertSeverity severity) => $"SEV{(int)severity}";

    /// <summary>The tool behind an actor such as <c>alert:pagerduty</c> (a sender's acknowledge), else null (a person).</summary>
    private static string? ByTool(string? by) => ActorText.ToolOf(by);

    /// <summary>The name the acknowledging tool gave itself (Events v2 <c>client</c>); null when it gave none.</summary>
    private static string? SendingTool(Incident i) => i.AcknowledgedVia is { Length: > 0 } via ? via : null;

    /// <summary>
    /// Acknowledged only by a monitoring tool, nobody on duty pressed 対応します: 「監視ツール（Datadog）が受付済み・当番は未確認」. A tool
    /// may acknowledge within seconds, before its page reached anyone (the pair then hears it only from the tool's 対応開始 notice), so the
    /// status page's row and the handoff brief say it, open or resolved. Null otherwise.
    /// </summary>
    private static string? ToolOnly(Incident i, Phrases p) =>
        ByTool(i.AcknowledgedBy) is null ? null
        : SendingTool(i) is { } tool ? p.Format("PmPage.Status.ToolOnly", tool)
        : p["PmPage.Status.UnnamedToolOnly"];

    private static IncidentView IncidentModel(IncidentPageNotice n, Phrases p)
    {
        var i = n.Incident;
        var zone = TimeZones.Find(n.TimeZone);
        var facts = new List<Fact>
        {
            new(p["Incident.Severity"], $"{SevLabel(i.Severity)} — {n.SeverityMeaning ?? p[$"Severity.{i.Severity}"]}"),
            // A merged duplicate's own status reads "resolved", which would say fixed while the outage goes on under the other one.
            new(p["Incident.Status"], i.MergedInto is { } mergedInto ? p.Format("Status.MergedInto", mergedInto) : p[$"Status.{i.Status}"]),
            // A member abroad reads it in her own time first, the team's beside it: 「Mon 7 Dec 2026 10:00 PST (8 Dec 03:00 JST)」 (trial 59).
            new(p["Incident.Detected"], new ReaderClock(p, n.TimeZone, n.ReaderTimeZone).At(i.DetectedAt)),
        };
        var (startedZone, startedZoneId) = n.ReaderTimeZone is { } readerId && TimeZones.TryFind(readerId, out var reader) ? (reader, readerId) : (zone, n.TimeZone);
        if (StartedBeforeDetection(i, startedZone, startedZoneId, p) is { } started)
        {
            facts.Add(new(p["Incident.Started"], started));
        }

        if (n.Stage.Kind == "page" && i.ReopenCount > 0 && i.LastReopenedAt is { } reopenedAt)
        {
            // The 【再発】 page: when it came back, beside when it was first detected (that may be days ago).
            facts.Add(new(p["Incident.Reopened"], p.TimeWithZone(reopenedAt, zone, n.TimeZone)));
        }

        if (n.Stage.Kind is "recovered" or "resolved" && i.ResolvedAt is { } recoveredAt)
        {
            facts.Add(new(p["Incident.Recovered"], p.TimeWithZone(recoveredAt, zone, n.TimeZone)));
        }

        facts.AddRange(
        [
            new(p["Incident.Source"], SourceText(i, n.ReportedBy, p)),
            new(p["Incident.OnDuty"], i.Assignees.Count == 0 ? p["Common.Nobody"] : p.Join(i.Assignees.Select(a => a.DisplayName))),
        ]);
        if (i.UserImpact is not null)
        {
            facts.Add(new(p["Incident.UserImpact"], i.UserImpact));
        }

        if (n.Stage.AcknowledgedBy is not null)
        {
            // Who, and when (「伊藤 — 2026/12/05 03:12（JST）」): the partner reading it at 3 a.m. knows how long it has been in hand.
            var taker = ByTool(n.Stage.AcknowledgedBy) is null ? n.Stage.AcknowledgedBy
                : SendingTool(i) is { } tool ? p.Format("Incident.AcknowledgedByTool", tool) : p["Incident.AcknowledgedByUnnamedTool"];
            facts.Add(new(p["Incident.AcknowledgedBy"], i.AcknowledgedAt is { } takenAt
                ? p.Format("Incident.AcknowledgedBy.At", taker, p.TimeWithZone(takenAt, zone, n.TimeZone)) : taker));
        }

        if (n.Stage.CalledBy is not null)
        {
            facts.Add(new(p["Incident.HelpFrom"], n.Stage.CalledBy));
        }

        if (n.Stage.Note is not null)
        {
            facts.Add(new(p[n.Stage.Kind switch { "resolved" => "Incident.ResolvedMessage", "confidential" => "Incident.ConfidentialReason", _ => "Incident.HelpMessage" }], n.Stage.Note));
        }

        if (n.Stage.MergedBy is not null)
        {
            facts.Add(new(p["Incident.MergedBy"], n.Stage.MergedBy));
        }

        if (n.Stage.Kind is "page" or "escalation" && i is { PagesHeldBy: { } window, PagesHeldUntil: { } heldUntil })
        {
            // Paged when a maintenance window ended, about an incident opened during it: why now, and not when it opened.
            facts.Add(new(p["PmPage.PagesHeld"], p.Format("PmPage.PagesHeld.Was", p.TimeWithZone(heldUntil, zone, n.TimeZone), window, i.PagesHeldFor ?? "")));
        }

        var pageLink = IsShowable(n.PageLink) ? n.PageLink : null;
        (string key, object? arg) = n.Stage.Kind switch
        {
            // Monitoring reopened what a person resolved: why the pair is paged although someone had it.
            // Came back after the stakeholders were told it recovered (either order: a person resolved, or confirmed monitoring's
            // resolve): said plainly, with what they were told, below.
            // Raised to SEV1 while only the sending tool had acknowledged it (trial 35 H3): why the pair is paged now.
            // The holder's acknowledgement lapsed unanswered (acknowledgement expiry): why the pair is paged although someone had it.
            "page" when i.PagedAfterAckLapsed && (n.LapsedHolder ?? i.AckLapsedBy) is { } lapsed => ("Incident.Lead.PageAckLapsed", Acknowledger(i, lapsed, p)),
            "page" when i.RaisedOverToolAck is { } tool => ("Incident.Lead.PageRaisedOverToolAck", tool.Length > 0 ? tool : p["Incident.AcknowledgedByUnnamedTool"]),
            "page" when i.ReopenedAfterRecoveryTold => (p.Counted("Incident.Lead.PageReopened", i.ReopenCount), (object)i.ReopenCount),
            "page" when i is { ReopenCount: > 0, ReopenedOverPerson: true } => (p.Counted("Incident.Lead.PageReopenedOverPerson", i.ReopenCount), (object)i.ReopenCount),
            "page" when i.ReopenCount > 0 => (p.Counted("Incident.Lead.PageReopened", i.ReopenCount), (object)i.ReopenCount),
            "page" when i.Source == Incident.ManualSource && n.ReportedBy is { } reporter => ("Incident.Lead.PageReported", Called(reporter, null, p)),
            "page" when i.Source == Incident.ManualSource => ("Incident.Lead.PageDeclared", null),
            // Its first page held by a maintenance window (trial 55): why it comes now, long after it was detected (the fact says until when).
            "page" when i is { PagesHeldBy: not null, PagesHeldUntil: not null, PagesHeldFromStep: null } => ("Incident.Lead.PageHeld", null),
            "page" => ("Incident.Lead.Page", null),
            // Handed over unanswered at the handoff: whose silence it was, and that it opened before this pair's shift.
            // A staggered handover: the reader took over from the member(s) named, and the partner named stays on duty.
            "escalation" when n.HandedOverFrom is { Count: > 0 } from && n.StillOnDuty is { Count: > 0 } => ("Incident.Lead.HandedOver.Staying",
                p.JoinNames([.. from.Select(name => Called(name, null, p))])),
            "escalation" when n.HandedOverFrom is { Count: > 0 } from => ("Incident.Lead.HandedOver",
                p.JoinNames([.. from.Select(name => PersonName(name, TextScript.HasCjk(name) ? OnDuty.Core.Team.Language.Ja : OnDuty.Core.Team.Language.En, n.Language))])),
            "escalation" => ("Incident.Lead.Escalation", null),
            // Asked by name (trial 61): who asks them, not "the people on this incident" to a whole list.
            "help" when n.Stage is { Asked: not null, CalledBy: { } caller } => ("Incident.Lead.HelpAsked", Called(caller, null, p)),
            "help" when n.Stage.Step > 1 => ("Incident.Lead.HelpAgain", n.Stage.Step),
            "help" => ("Incident.Lead.Help", null),
            // To the one who asked a member by name: they pressed 1 on the request's call and are coming (not an acknowledgement).
            "helpAccepted" => ("Incident.Lead.HelpAccepted", Called(n.Stage.AnsweredBy ?? "", null, p)),
            "merged" => ("Incident.Lead.Merged", n.Stage.MergedInto),
            // Only the sending tool had acknowledged it: those paged hear that it ended, and that the tool had it (trial 35 M4).
            "recovered" when ByTool(i.AcknowledgedBy) is not null => ("Incident.Lead.RecoveredAfterToolAck", SendingTool(i) ?? p["Incident.AcknowledgedByUnnamedTool"]),
            // A heartbeat heard again: what was heard, when, and how late (trial 58), not 「監視で自動復旧しました」.
            "recovered" when i.ResolvedAt is { } back && HeartbeatHeard(i, back, p, zone, n.TimeZone) is { } heard => ("Incident.Lead.Recovered.Heartbeat", heard),
            "recovered" => ("Incident.Lead.Recovered", i.Id),
            // Resolved by hand (trial 48): the partner of the one who took it hears who closed it, when, and that nothing is asked.
            // A script that called the API without a name: not 「apiさん」.
            "resolved" when n.Stage.ResolvedBy is null or "api" => ("Incident.Lead.ResolvedByApi", null),
            "resolved" => ("Incident.Lead.ResolvedBy", Acknowledger(i, n.Stage.ResolvedBy, p)),
            // To the one who held it: who took it over, and that the requests for updates go to them now.
            // To the holder whose acknowledgement expired: 「まだ対応中ですか？」, how long it was quiet, and when the pair is paged.
            "stillYours" => (n.Stage.SnoozeEnded ? "Incident.Lead.StillYours.Snooze" : "Incident.Lead.StillYours", null),
            "assigned" => ("Incident.Lead.Assigned", Called(n.Stage.TookOverBy ?? "", null, p)),
            // To the member made 連絡担当: who made them it, and that the requests for updates come to them.
            "commsLead" => ("Incident.Lead.CommsLead", Called(n.Stage.TookOverBy ?? "", null, p)),
            // To someone added as a reader of a confidential incident: who added them, and that it is not to be forwarded.
            // Added by someone on no roster (the security officer): by name with the address in brackets after it, kept whole.
            "reader" => ("Incident.Lead.Reader", CalledWithNote(n.Stage.TookOverBy ?? "", p)),
            // To the security officer (Incidents__ConfidentialReaders): who marked it and when, that its page is open to them, not to forward.
            "confidential" => ("Incident.Lead.Confidential", Called(n.Stage.TookOverBy ?? "", null, p)),
            "tookOver" => (n.Stage.PreviousStillOnDuty ? "Incident.Lead.TookOver.StillOnDuty" : "Incident.Lead.TookOver", Acknowledger(i, n.Stage.TookOverBy ?? "", p)),
            // To whoever had taken it before a merge now undone: it is theirs again (session 54).
            "unmerged" => ("Incident.Lead.Unmerged", n.Stage.UnmergedFrom),
            // To those taken off it in a staggered handover: who came on duty, and (below) who stays.
            "handedOver" when n.StillOnDuty is { Count: > 0 } staying => ("Incident.Lead.HandedOverTo.Staying",
                p.JoinNames([.. i.Assignees.Where(a => !staying.Contains(a.DisplayName)).Select(a => Called(a.DisplayName, a.Language, p))])),
            "handedOver" => ("Incident.Lead.HandedOverTo",
                p.JoinNames([.. i.Assignees.Select(a => PersonName(a.DisplayName, a.Language, n.Language))])),
            // The sending tool said someone is on it (an Events v2 acknowledge): no person of the team took it here. Named as the
            // tool named itself (its `client`), never as the route: "PagerDuty" is only the format, often no PagerDuty is involved.
            _ when ByTool(n.Stage.AcknowledgedBy) is not null && SendingTool(i) is { } tool => ("Incident.Lead.AckByTool", tool),
            _ when ByTool(n.Stage.AcknowledgedBy) is not null => ("Incident.Lead.AckByUnnamedTool", null),
            // A person took it over the tool's acknowledgement: those told "the tool has it" hear that someone in OnDuty has it now,
            // and that it is the one the tool had (session 39 left it unsaid, as if it were a fresh acknowledgement).
            _ when n.Stage is { OverToolAck: true, AcknowledgedBy: { } taker } => (n.Stage.OverTool is null ? "Incident.Lead.AckOverUnnamedTool" : "Incident.Lead.AckOverTool",
                Acknowledger(i, taker, p)),
            _ when n.Stage.AcknowledgedBy is { } by => ("Incident.Lead.AckBy", Acknowledger(i, by, p)),
            _ => ("Incident.Lead.Ack", null),
        };

        // A channel card has no acknowledge link (that is per person): its ask points to the page, which the card links.
        if (n.Stage.IsPage && n.AckLink is null && pageLink is not null)
        {
            key += ".Channel";
        }

        // The leads' step to a lead: it comes to them as the lead, because the pair (named) has not answered for so long.
        // The channel's card on that step says who is paged now and why (the pair's silence), then the general ask.
        var lead = n.AsLead is { } asLead && n.AckLink is not null
            ? p.Format("Incident.Lead.EscalationAsLead", PairNames(asLead, p), Duration(asLead.Unanswered, p))
            : n.LeadsPaged is { Leads.Count: > 0 } paged && n.AckLink is null
                ? Sentences(p, p.Format(PagedKey(paged), PairNames(paged, p), Duration(paged.Unanswered, p),
                    p.JoinNames([.. paged.Leads.Select(l => l.Contains('@', StringComparison.Ordinal) ? l : Called(l, null, p))])),
                    // "Nobody has acknowledged" is said by the sentence before: only the ask follows.
                    p[key.EndsWith(".Channel", StringComparison.Ordinal) ? "Incident.Lead.Escalation.Ask.Channel" : "Incident.Lead.Escalation.Ask"])
                : key.StartsWith("Incident.Lead.HandedOverTo", StringComparison.Ordinal) ? p.Format(key, arg, i.Id, StillOnDuty(n, p))
                : key.StartsWith("Incident.Lead.HandedOver", StringComparison.Ordinal) ? p.Format(key, arg, p.TimeWithZone(i.DetectedAt, zone, n.TimeZone), StillOnDuty(n, p))
                : key is "Incident.Lead.RecoveredAfterToolAck" or "Incident.Lead.Recovered.Heartbeat" or "Incident.Lead.TookOver" or "Incident.Lead.TookOver.StillOnDuty" ? p.Format(key, i.Id, arg)
                : key == "Incident.Lead.Unmerged" ? p.Format(key, i.Id, arg, Acknowledger(i, n.Stage.UnmergedBy ?? "", p))
                : key.StartsWith("Incident.Lead.ResolvedBy", StringComparison.Ordinal) ? p.Format(key, arg, i.ResolvedAt is { } resolvedAt ? p.TimeWithZone(resolvedAt, zone, n.TimeZone) : "")
                : key.StartsWith("Incident.Lead.StillYours", StringComparison.Ordinal) ? p.Format(key, Duration(n.Stage.QuietFor ?? TimeSpan.Zero, p), Duration(n.Stage.LapsesIn ?? TimeSpan.Zero, p))
                : key == "Incident.Lead.AckOverTool" ? p.Format(key, arg, n.Stage.OverTool)
                : key == "Incident.Lead.Confidential" ? p.Format(key, arg, n.Stage.MarkedAt is { } markedAt ? p.TimeWithZone(markedAt, zone, n.TimeZone) : "")
                // 「伊藤さんが 2026/12/05 03:12（JST）に対応を開始しました。」: when, as the acknowledge page says it (Ack.Taken).
                : key == "Incident.Lead.AckBy" && i.AcknowledgedAt is { } ackAt ? p.Format("Incident.Lead.AckBy.At", arg, p.TimeWithZone(ackAt, zone, n.TimeZone))
                : p.Format(key, arg);
        if (n.Stage.Kind == "resolved" && i.Comms.ToldAudiences.Count > 0 && i.Comms.Queued >= i.Comms.Issued)
        {
            // The stakeholders told it started were sent the update that resolved it: nobody is to send a recovery notice again.
            lead = Sentences(p, lead, p["Incident.Lead.ResolvedBy.Told"]);
        }

        if (n.Stage.Kind is "recovered" or "resolved" && i.HighestSeverity == AlertSeverity.Sev1)
        {
            // "Nothing needs doing" is about the outage: a SEV1 still owes its retro.
            lead = Sentences(p, lead, p["Incident.Lead.RecoveredRetroOwed"]);
        }

        if (n.LeadsOnLeave is { Count: > 0 } away)
        {
            // 「リーダーの山田さんは休暇中のため、連絡していません。」: whoever reads the leads' step or the organisation's knows why.
            lead = Sentences(p, lead, p.Format("Incident.Lead.LeadsOnLeave", p.JoinNames([.. away.Select(l => l.Contains('@', StringComparison.Ordinal) ? l : Called(l, null, p))])));
        }

        if (n.Stage.Kind == "escalation" && n.NotReached is { Count: > 0 } unreached)
        {
            // 「当番（伊藤さん・山田さん）には、まだ連絡が届いていません（メールの送信を再試行中です）。」: not silent — not reached.
            lead = Sentences(p, lead, p.Format("Incident.Lead.PairNotReached", p.JoinNames([.. unreached.Select(name => Called(name, null, p))])));
        }

        if (n.Stage.IsPage && RecoveryToldLine(i, n.StakeholderUpdateBy, zone, n.TimeZone, p) is { } told)
        {
            lead = Sentences(p, lead, told);
        }

        if (n.Stage.Kind == "page" && i is { IsOpen: true, ReopenCount: > 0 } && i.Comms.RecoveryAskWithdrawn is { } withdrawn && withdrawn.Round == i.ReopenCount)
        {
            // Its pair had been asked to send the recovery notice for the close this reopen ended (session 57): not to send it.
            lead = Sentences(p, lead, p.Format("Incident.Lead.RecoveryAskWithdrawn", p.TimeWithZone(withdrawn.RecoveredAt, zone, n.TimeZone, "Format.ShortDateTime")));
        }

        // One alert (an Azure Monitor rule, a single Alertmanager alert): the title is its rule or summary, often in English, and
        // what it says (「ログインAPIの応答時間(p95)が3秒を超えています」) goes right under the title instead of in its block.
        var only = n.Alerts is [var single] && (single.Description is { Length: > 0 } || single.Heartbeat is not null || single.Refusal is not null) && n.MoreAlerts == 0 ? single : null;
        return new IncidentView(
            LanguageTag(n.Language), IncidentSubject(i, n.Stage, p), lead, i.Id, IncidentTitle(i, p), facts, n.AckLink,
            [.. n.Alerts.Select(a => AlertModel(a, i.AlertSource, p, zone, i.Source == AlertSources.Heartbeat) is var view && ReferenceEquals(a, only) ? view with { Description = null } : view)], n.MoreAlerts, pageLink)
        {
            MoreAlertsText = n.MoreAlerts > 0 ? MoreAlertsLine(n.MoreAlerts, pageLink is not null, p) : null,
            Description = only is null ? null
                : only.Heartbeat is { } heartbeat ? HeartbeatDescription(heartbeat, p, zone)
                : only.Refusal is { } refusal ? RefusedText(refusal, RefusedDeliveryText.Description, p, zone, n.TimeZone)
                : only.Description,
            Next = NextText(n, p),
            AckTogetherLink = IsShowable(n.AckTogetherLink) ? n.AckTogetherLink : null,
            BridgeLink = IsShowable(n.BridgeLink) ? n.BridgeLink : null,
            OtherOpen = OtherOpenLine(n.OtherOpen, p) is { } others ? Sentences(p, others, p["OtherOpen.Merge.Mail"]) : null,
        };
    }

    /// <summary>
    /// When it started, when that is a minute or more before it was detected (an alert's <c>startsAt</c>/<c>firedDateTime</c> from
    /// before a pending period or a late delivery; a start a reporter gave): 「10:02（検知の10分前）」, the date too when it was
    /// another day; null otherwise. The time the person judges the alert by, beside 検知.
    /// </summary>
    internal static string? StartedBeforeDetection(Incident i, TimeZoneInfo zone, string? timeZoneId, Phrases p)
    {
        var before = i.DetectedAt - i.StartedAt;
        if (before < TimeSpan.FromMinutes(1))
        {
            return null;
        }

        var sameDay = TimeZoneInfo.ConvertTime(i.StartedAt, zone).Date == TimeZoneInfo.ConvertTime(i.DetectedAt, zone).Date;
        return p.TimeWithZone(i.StartedAt, zone, timeZoneId, sameDay ? "Format.Clock" : "Format.ShortDateTime", p.Format("Incident.Started.Before", DurationText.Exact(before, p)));
    }

    /// <summary>
    /// Reopened after the stakeholders were told it recovered: 「関係者には 04:02（JST）に復旧したとお伝えしています。続報が必要です…」, with
    /// when their update is due (<paramref name="updateBy"/>) when known; null otherwise. The page mails, the incident page and the
    /// status page say it alike.
    /// </summary>
    internal static string? RecoveryToldLine(Incident i, DateTimeOffset? updateBy, TimeZoneInfo zone, string? timeZoneId, Phrases p) =>
        !i.ReopenedAfterRecoveryTold || i.RecoveryToldAt is not { } told ? null
        : updateBy is { } by ? p.Format("Incident.RecoveryTold.Due", p.TimeWithZone(told, zone, timeZoneId, "Format.Clock"), p.Time(by, zone, "Format.Clock"), p.ZoneName(timeZoneId, by))
        : p.Format("Incident.RecoveryTold", p.TimeWithZone(told, zone, timeZoneId, "Format.Clock"));

    /// <summary>The members still on duty through a staggered handover, as the reader calls them (「山田さん」); empty when none.</summary>
    private static string StillOnDuty(IncidentPageNotice n, Phrases p) =>
        n.StillOnDuty is { Count: > 0 } staying ? p.JoinNames([.. staying.Select(name => Called(name, null, p))]) : "";

    /// <summary>
    /// The channel card's sentence of who a step pages and why: the lead, the leads, or the whole organisation (after the leads too,
    /// when some lead is not on duty).
    /// </summary>
    private static string PagedKey(LeadsStep paged) =>
        paged.Step > Core.Incidents.EscalationPolicy.LeadsStep ? paged.LeadsToo ? "Incident.Lead.OrganisationPaged" : "Incident.Lead.OrganisationPaged.NoLeads"
        : paged.Leads.Count == 1 ? "Incident.Lead.LeadPaged" : "Incident.Lead.LeadsPaged";

    /// <summary>The duty pair of the leads' step as colleagues say them: 「田中さん・Liam Chenさん」, "Ken Tanaka &amp; Liam Chen".</summary>
    private static string PairNames(LeadsStep step, Phrases p) =>
        p.JoinNames([.. step.Pair.Select(a => p.Honorific(PersonName(a.DisplayName, a.Language, p.Language)))]);

    /// <summary>
    /// Where it came from, as the incident page names it: 「Alertmanager 連携」 for monitoring — with the name the opening tool gave
    /// itself, 「PagerDuty 連携（Datadog）」 — and 「手動起票（佐藤 花子）」 for one reported by hand (who, when known).
    /// </summary>
    private static string SourceText(Incident i, string? reportedBy, Phrases p) => i.Source switch
    {
        Incident.ManualSource when reportedBy is not null => p.Format("Incident.Source.manualBy", reportedBy),
        _ => ActorText.SourceName(i.Source, i.OpenedVia, p),
    };

    /// <summary>
    /// Who acknowledged (<paramref name="by"/>: the stage's display name), in a sentence, as <see cref="Taker"/> says them: a duty
    /// member of Japanese by family name with さん for a Japanese reader (「山田さん」), anyone else as recorded.
    /// </summary>
    private static string Acknowledger(Incident i, string by, Phrases p) =>
        Taker(new IncidentTaker(by, i.Assignees.FirstOrDefault(a => a.DisplayName == by)?.Language), p);

    /// <summary>
    /// Who took an incident, in a sentence, the same words in the mail, the SMS answer and the call's answer: a member by their
    /// name as colleagues say it (「伊藤さん」 for a Japanese reader, "Sakura Ito" in English), a name as recorded with the
    /// reader's honorific (a Japanese one by its family name, as a member's).
    /// </summary>
    internal static string Taker(IncidentTaker taker, Phrases p) => Called(taker.Name, taker.Language, p);

    /// <summary>
    /// What an escalation says comes next if nobody answers: within how long, and to whom, the next step goes
    /// (「15分以内に応答がなければ、リーダー（鈴木さん）にも連絡します。」), or that this was the last one.
    /// </summary>
    private static string? NextText(IncidentPageNotice n, Phrases p) => n.Stage.Kind == "escalation" ? NextText(n.Next, n.IsLastStep, p) : null;

    /// <summary>The sentence for <paramref name="next"/>, or that <paramref name="isLastStep"/>; null when neither is said.</summary>
    private static string? NextText(NextEscalation? next, bool isLastStep, Phrases p)
    {
        if (next is not null)
        {
            // Names get the reader's honorific; an address (a lead not on the roster, the organisation's list) is shown as it is.
            var to = p.Join(next.To.Select(t => t.Contains('@', StringComparison.Ordinal) ? t : Called(t, null, p)));
            // A step whose people were all paged already (every lead on duty) is passed over: the one named is the one reached.
            // One lead is "the lead … is", more are "the leads … are".
            var key = next.Step != 2 ? "Incident.Next.Organisation" : next.To.Count == 1 ? "Incident.Next.Lead" : "Incident.Next.Leads";
            return next.Sent ? p.Format(key + ".Sent", to) : p.Format(key, Duration(next.After, p), to);
        }

        return isLastStep ? p["Incident.Next.Last"] : null;
    }

    /// <summary>What the Azure Monitor parser called its portal links before their kind alone named them: English, and saying no more than the kind.</summary>
    /// <summary>Texts the parsers give a link of a known kind (and older builds stored): the kind's label in the reader's language says it instead.</summary>
    private static readonly HashSet<string> LegacyLinkTexts = new(["Alert in the Azure portal", "Resource in the Azure portal", "Search results"], StringComparer.Ordinal);

    /// <summary>
    /// What an alert's source called its severity, when its words read as another SEV (Azure Monitor's <c>Sev1</c> pages as SEV2
    /// here): 「Azure Monitor の重大度 Sev1 → SEV2」; null when the word is the same SEV or not a numbered one (<c>critical</c>).
    /// </summary>
    /// <param name="source">The monitoring source of the alert; null when not known (then 「発生元の重大度 …」).</param>
    private static string? SourceSeverity(IEnumerable<KeyValuePair<string, string>> labels, AlertSeverity severity, string? source, Phrases p)
    {
        var raw = labels.FirstOrDefault(l => l.Key == "severity").Value?.Trim();
        if (raw is not { Length: 4 } || !raw.StartsWith("sev", StringComparison.OrdinalIgnoreCase) || !char.IsAsciiDigit(raw[3])
            || string.Equals(raw, SevLabel(severity), StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return source is null
            ? p.Format("Alert.SourceSeverity.Unknown", raw, SevLabel(severity))
            : p.Format("Alert.SourceSeverity", ActorText.ToolName(source), raw, SevLabel(severity));
    }

    private static AlertView AlertModel(FiredAlert a, string? source, Phrases p, TimeZoneInfo zone, bool fromHeartbeat)
    {
        // A heartbeat's alert is OnDuty's own wording: said from its data in the reader's language; a row stored before it kept the
        // data has its summary worded again (as the incident's title is) and its text as stored.
        if (a.Heartbeat is { } heartbeat)
        {
            a = a with { Summary = HeartbeatTitle(heartbeat, p), Description = HeartbeatDescription(heartbeat, p, zone) };
        }
        else if (a.Refusal is { } refusal)
        {
            // So is a refused delivery's: a row stored before it kept the refusal shows its summary and text as stored.
            a = a with { Summary = RefusedTitle(refusal, p), Description = RefusedText(refusal, RefusedDeliveryText.Description, p, zone, zone.Id) };
        }
        else if (fromHeartbeat)
        {
            a = a with { Summary = IncidentTitle(a.Summary, p) };
        }
        else
        {
            // The alerts of its group a sender did not list: OnDuty's own words, in the reader's language.
            a = a with { Summary = TimelineText.AlertSummary(a.Summary, p) };
        }

        var links = AlertLinks(a.Runbook, a.Links, p);

        // Said as a sentence instead of the raw label when the source's severity reads as another SEV.
        var severityNote = SourceSeverity(a.Labels, a.Severity, source, p);
        var labels = a.Labels.Where(l => severityNote is null || l.Key != "severity").Select(l => new Fact(l.Key, l.Value));
        return new AlertView(a.Summary, a.Description, a.Status == AlertStatus.Resolved, [.. labels], links)
        {
            Conditions = [.. a.Conditions.Select(c => ConditionText(c, p))],
            SeverityNote = severityNote,
            HandNote = a.ResolvesOnlyByHand && a.Status != AlertStatus.Resolved ? p["Alert.ResolvesOnlyByHand"] : null,
        };
    }

    /// <summary>
    /// What a metric or log search alert measured, in the reader's words: 「Http5xx（合計）42 &gt; 10（直近5分）」, "Http5xx (Total)
    /// 42 &gt; 10 over 5 min"; a log search counting rows 「検索結果の件数 3 &gt; 0（直近1時間）」; a dynamic threshold says so.
    /// </summary>
    internal static string ConditionText(AlertCondition c, Phrases p)
    {
        var name = c.Metric ?? p["Alert.Condition.Rows"];
        // A count of rows is said by its name; another aggregation (Total, Average, …) in the reader's word, or as Azure names it.
        var aggregation = c.Aggregation is not { } raw || (c.Metric is null && raw.Equals("Count", StringComparison.OrdinalIgnoreCase)) ? null
            : p.Has($"Alert.Aggregation.{raw}") ? p[$"Alert.Aggregation.{raw}"] : raw;
        var text = aggregation is null
            ? p.Format("Alert.Condition", name, Measure(c.Value), c.Operator, Measure(c.Threshold))
            : p.Format("Alert.Condition.Aggregated", name, Measure(c.Value), c.Operator, Measure(c.Threshold), aggregation);
        return (c.Window, c.Dynamic) switch
        {
            ({ } window, true) => p.Format("Alert.Condition.Window.Dynamic", text, Duration(window, p)),
            ({ } window, false) => p.Format("Alert.Condition.Window", text, Duration(window, p)),
            (null, true) => p.Format("Alert.Condition.Dynamic", text),
            _ => text,
        };
    }

    /// <summary>A measured value as a person reads it: 42, 78.09, 0.125 (not 42.0 or 78.0912345).</summary>
    private static string Measure(double value) =>
        value.ToString(Math.Abs(value) >= 1 || value == 0 ? "0.##" : "0.####", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// An alert's links as the page mail, the incident page and its card show them: the runbook first, then the source's links
    /// (generator, dashboard, portal, PagerDuty links and images, …), http(s) only, each named by its kind in the reader's language.
    /// </summary>
    private static List<LinkView> AlertLinks(Uri? runbook, IEnumerable<AlertLink> alertLinks, Phrases p)
    {
        var links = new List<LinkView>();
        if (FiredAlert.IsShowable(runbook))
        {
            links.Add(new LinkView(p["Alert.Runbook"], runbook!.AbsoluteUri));
        }

        foreach (var link in alertLinks.Where(l => FiredAlert.IsShowable(l.Href)))
        {
            var label = p.Has($"Link.{link.Kind}") ? p[$"Link.{link.Kind}"] : p["Link.link"];
            var text = string.IsNullOrWhiteSpace(link.Text) || LegacyLinkTexts.Contains(link.Text) ? null : link.Text;
            // The tool's own words beside the kind (「リンク（Status board）」), so the text line's colon before the address is the only one.
            links.Add(new LinkView(text is null ? label : p.Aside(label, text), link.Href.AbsoluteUri));
        }

        return links;
    }

    /// <summary>
    /// The line under the alerts listed for those left out (<paramref name="hidden"/>), mail and card alike: where the message links
    /// the incident page (<paramref name="onPage"/>), that all of them are there — 「ほか 7 件のアラート：すべて障害ページで確認できます」.
    /// </summary>
    private static string MoreAlertsLine(int hidden, bool onPage, Phrases p) =>
        p.Format(onPage ? "Incident.MoreAlerts.OnIncidentPage" : "Incident.MoreAlerts", hidden);

    private sealed record IncidentView(
        string Lang, string Subject, string Lead, string Id, string Title, IReadOnlyList<Fact> Facts, string? AckLink,
        IReadOnlyList<AlertView> Alerts, int MoreAlerts, string? PageLink)
    {
        /// <summary>On an escalation: what happens next if nobody answers.</summary>
        public string? Next { get; init; }

        /// <summary>The alerts not listed (<see cref="MoreAlerts"/>), as <see cref="MoreAlertsLine(int, bool, Phrases)"/> says it; null when none.</summary>
        public string? MoreAlertsText { get; init; }

        /// <summary>The incident's one alert's description, shown under the title.</summary>
        public string? Description { get; init; }

        public string? AckTogetherLink { get; init; }

        public string? BridgeLink { get; init; }

        /// <summary>On a new incident's first page: the other open incidents and that it can be merged (under the lead).</summary>
        public string? OtherOpen { get; init; }
    }

    private static bool IsShowable(string? link) => Uri.TryCreate(link, UriKind.Absolute, out var uri) && FiredAlert.IsShowable(uri);

    private sealed record AlertView(string Summary, string? Description, bool Resolved, IReadOnlyList<Fact> Labels, IReadOnlyList<LinkView> Links)
    {
        /// <summary>What it measured (<see cref="ConditionText"/>), one line per criterion.</summary>
        public IReadOnlyList<string> Conditions { get; init; } = [];

        /// <summary>「Azure Monitor の重大度 Sev1 → SEV2」, when the source's severity reads as another SEV.</summary>
        public string? SeverityNote { get; init; }

        /// <summary>「この種類のアラートは復旧を通知しません。…」 for an alert its tool never resolves (<see cref="FiredAlert.ResolvesOnlyByHand"/>).</summary>
        public string? HandNote { get; init; }

        /// <summary>
        /// Each label as the source wrote it, 「severity=critical」: the HTML and the text part show them in one line set apart by
        /// 「 · 」 (the card shows them as its facts). One value each, so the HTML isolates a bidi override within its label.
        /// </summary>
        public IReadOnlyList<string> LabelTexts => [.. Labels.Select(l => $"{l.Key}={l.Value}")];
    }

    /// <summary>
    /// As <see cref="Called"/>, keeping a note in brackets after the name whole: 「CISO Personさん (ciso@…)」, 「情報さん (ciso@…)」 — the
    /// address by which the person added on a confidential incident can tell who the security officer that added them is.
    /// </summary>
    private static string CalledWithNote(string name, Phrases p) =>
        Phrases.TrailingBracket().Match(name) is { Success: true, Index: > 0 } note
            ? Called(name[..note.Index], null, p) + name[note.Index..].TrimEnd()
            : Called(name, null, p);
}
