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
        var card = new AdaptiveCardBuilder()
            .Title(model.Subject)
            .Text(model.Lead);
        if (n.Stage.Kind is not ("ack" or "merged"))
        {
            card.Mentions(n.Mentions);
        }

        card.Facts(model.Facts.Select(f => (f.Label, f.Value)));
        if (model.PageLink is not null)
        {
            card.Section(p["Incident.PageLink"], null, [], [(n.Stage.MergedInto ?? model.Id, new Uri(model.PageLink))]);
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
            card.Section(heading, a.Description, a.Labels.Select(l => (l.Key, l.Value)), links);
        }

        card.NotGiven = n.MoreAlerts;
        card.Overflow = hidden => p.Format("Incident.MoreAlertsCard", hidden);
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
            "help" => "Incident.Subject.Help",
            "merged" => "Incident.Subject.Merged",
            _ => "Incident.Subject.Ack",
        };
        return p.Format(key, SevLabel(i.Severity), i.Id, title ?? i.Title, stage.Step);
    }

    public static string SevLabel(AlertSeverity severity) => $"SEV{(int)severity}";

    /// <summary>The tool behind an actor such as <c>alert:pagerduty</c> (a sender's acknowledge), else null (a person).</summary>
    private static string? ByTool(string? by) => ActorText.ToolOf(by);

    private static IncidentView IncidentModel(IncidentPageNotice n, Phrases p)
    {
        var i = n.Incident;
        var zone = TimeZones.Find(n.TimeZone);
        var facts = new List<Fact>
        {
            new(p["Incident.Severity"], $"{SevLabel(i.Severity)} — {n.SeverityMeaning ?? p[$"Severity.{i.Severity}"]}"),
            // A merged duplicate's own status reads "resolved", which would say fixed while the outage goes on under the other one.
            new(p["Incident.Status"], i.MergedInto is { } mergedInto ? p.Format("Status.MergedInto", mergedInto) : p[$"Status.{i.Status}"]),
            new(p["Incident.Detected"], p.TimeWithZone(i.DetectedAt, zone, n.TimeZone)),
            new(p["Incident.Source"], p.Has($"Incident.Source.{i.Source}") ? p[$"Incident.Source.{i.Source}"] : i.Source),
            new(p["Incident.OnDuty"], i.Assignees.Count == 0 ? p["Common.Nobody"] : p.Join(i.Assignees.Select(a => a.DisplayName))),
        };
        if (i.UserImpact is not null)
        {
            facts.Add(new(p["Incident.UserImpact"], i.UserImpact));
        }

        if (n.Stage.AcknowledgedBy is not null)
        {
            facts.Add(new(p["Incident.AcknowledgedBy"], ByTool(n.Stage.AcknowledgedBy) is { } tool ? p.Format("Incident.AcknowledgedByTool", tool) : n.Stage.AcknowledgedBy));
        }

        if (n.Stage.CalledBy is not null)
        {
            facts.Add(new(p["Incident.HelpFrom"], n.Stage.CalledBy));
        }

        if (n.Stage.Note is not null)
        {
            facts.Add(new(p["Incident.HelpMessage"], n.Stage.Note));
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

        var lead = p.Format(n.Stage.Kind switch
        {
            "page" when i.ReopenCount > 0 => "Incident.Lead.PageReopened",
            "page" when i.Source == Incident.ManualSource => "Incident.Lead.PageDeclared",
            "page" => "Incident.Lead.Page",
            "escalation" => "Incident.Lead.Escalation",
            "help" => "Incident.Lead.Help",
            "merged" => "Incident.Lead.Merged",
            // The monitoring tool said someone is on it (PagerDuty acknowledge): no person of the team took it here.
            _ when ByTool(n.Stage.AcknowledgedBy) is not null => "Incident.Lead.AckByTool",
            _ => "Incident.Lead.Ack",
        }, n.Stage.MergedInto ?? ByTool(n.Stage.AcknowledgedBy) ?? (object)i.ReopenCount);
        return new IncidentView(
            LanguageTag(n.Language), IncidentSubject(i, n.Stage, p), lead, i.Id, i.Title, facts, n.AckLink,
            [.. n.Alerts.Select(a => AlertModel(a, p))], n.MoreAlerts, IsShowable(n.PageLink) ? n.PageLink : null)
        {
            AckTogetherLink = IsShowable(n.AckTogetherLink) ? n.AckTogetherLink : null,
            BridgeLink = IsShowable(n.BridgeLink) ? n.BridgeLink : null,
        };
    }

    /// <summary>What the Azure Monitor parser called its portal links before their kind alone named them: English, and saying no more than the kind.</summary>
    /// <summary>Texts the parsers give a link of a known kind (and older builds stored): the kind's label in the reader's language says it instead.</summary>
    private static readonly HashSet<string> LegacyLinkTexts = new(["Alert in the Azure portal", "Resource in the Azure portal", "Search results"], StringComparer.Ordinal);

    private static AlertView AlertModel(FiredAlert a, Phrases p)
    {
        var links = new List<LinkView>();
        if (FiredAlert.IsShowable(a.Runbook))
        {
            links.Add(new LinkView(p["Alert.Runbook"], a.Runbook!.AbsoluteUri));
        }

        foreach (var link in a.Links.Where(l => FiredAlert.IsShowable(l.Href)))
        {
            var label = p.Has($"Link.{link.Kind}") ? p[$"Link.{link.Kind}"] : p["Link.link"];
            var text = string.IsNullOrWhiteSpace(link.Text) || LegacyLinkTexts.Contains(link.Text) ? null : link.Text;
            links.Add(new LinkView(text is null ? label : $"{label}: {text}", link.Href.AbsoluteUri));
        }

        return new AlertView(a.Summary, a.Description, a.Status == AlertStatus.Resolved, [.. a.Labels.Select(l => new Fact(l.Key, l.Value))], links);
    }

    private sealed record IncidentView(
        string Lang, string Subject, string Lead, string Id, string Title, IReadOnlyList<Fact> Facts, string? AckLink,
        IReadOnlyList<AlertView> Alerts, int MoreAlerts, string? PageLink)
    {
        public string? AckTogetherLink { get; init; }

        public string? BridgeLink { get; init; }
    }

    private static bool IsShowable(string? link) => Uri.TryCreate(link, UriKind.Absolute, out var uri) && FiredAlert.IsShowable(uri);

    private sealed record AlertView(string Summary, string? Description, bool Resolved, IReadOnlyList<Fact> Labels, IReadOnlyList<LinkView> Links);
}
