using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using OnDuty.Core.Alerts;
using OnDuty.Core.Notifications;
using OnDuty.Core.Rendering;
using OnDuty.Core.Team;

namespace OnDuty.Core.Incidents;

/// <summary>A person or list a page goes to; <see cref="TokenSubject"/> is who an ack from their link is recorded as.</summary>
public sealed record PageRecipient(string Email, string? Name, Language Language, string TokenSubject);

/// <summary>What kind of notice: the first page, an escalation step, or "acknowledged by".</summary>
/// <remarks><see cref="Round"/> is the incident's reopen count: a reopen restarts escalation from step 0 under new ids.</remarks>
public sealed record IncidentNotice(string Kind, int Step, string? AcknowledgedBy = null, int Round = 0)
{
    public static IncidentNotice Page { get; } = new("page", 0);

    public static IncidentNotice Escalation(int step) => new("escalation", step);

    /// <summary>Step <paramref name="step"/> of escalation round <paramref name="round"/> (0 = the first page).</summary>
    public static IncidentNotice ForStep(int step, int round) => step == 0 ? Page with { Round = round } : Escalation(step) with { Round = round };

    public static IncidentNotice Ack(string by) => new("ack", 0, by);

    /// <summary>The message-id part after the incident: <c>page</c>, <c>escalation:2</c>, <c>ack</c>; after a reopen <c>page:r1</c>, <c>escalation:2:r1</c>.</summary>
    public string IdPart => (Kind == "escalation" ? $"escalation:{Step}" : Kind) + (Round > 0 ? $":r{Round}" : "");
}

/// <summary>
/// Emails and Teams cards about an incident, each reader in their language, with user-typed text HTML-encoded
/// in email and markdown-escaped in cards. Message ids are <c>incident:{id}:{notice}:email:{address}</c> and
/// <c>incident:{id}:{notice}:teams</c>: the outbox refuses a second insert, so each recipient gets a notice once.
/// </summary>
public sealed class IncidentMessages(AckToken tokens)
{
    public IReadOnlyList<OutboxMessage> Compose(Incident incident, IncidentNotice notice, IReadOnlyList<PageRecipient> recipients, IReadOnlyList<AssignedMember> mention,
        Language teamLanguage, bool includeTeams, string baseUrl, IncidentOptions options)
    {
        var messages = new List<OutboxMessage>();
        var topic = $"incident:{incident.Id}:{notice.IdPart}";
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var r in recipients.Where(r => !string.IsNullOrWhiteSpace(r.Email)))
        {
            if (!seen.Add(r.Email))
            {
                continue;
            }

            var link = notice.Kind == "ack" ? null : $"{baseUrl.TrimEnd('/')}/api/ack/{tokens.Issue(incident.Id, r.TokenSubject)}";
            messages.Add(new OutboxMessage
            {
                Id = $"{topic}:email:{r.Email.ToLowerInvariant()}",
                Channel = Channel.Email,
                Recipient = r.Email,
                RecipientName = r.Name,
                Subject = Subject(incident, notice, r.Language),
                TextBody = Text(incident, notice, r.Language, link, options),
                HtmlBody = Html(incident, notice, r.Language, link, options),
                Topic = topic,
            });
        }

        if (includeTeams)
        {
            messages.Add(new OutboxMessage
            {
                Id = $"{topic}:teams",
                Channel = Channel.Teams,
                Recipient = "teams",
                Subject = Subject(incident, notice, teamLanguage),
                TextBody = Text(incident, notice, teamLanguage, null, options),
                CardJson = Card(incident, notice, teamLanguage, mention, options),
                Topic = topic,
            });
        }

        return messages;
    }

    public static string Subject(Incident i, IncidentNotice notice, Language language)
    {
        var sev = SevLabel(i.Severity);
        return (language, notice.Kind) switch
        {
            (Language.Ja, "page") => $"【{sev} 障害】{i.Id} {i.Title}",
            (Language.Ja, "escalation") => $"【{sev} 未応答・エスカレーション{notice.Step}】{i.Id} {i.Title}",
            (Language.Ja, _) => $"【{sev} 対応開始】{i.Id} {i.Title}",
            (_, "page") => $"[{sev} incident] {i.Id}: {i.Title}",
            (_, "escalation") => $"[{sev} not acknowledged, escalation {notice.Step}] {i.Id}: {i.Title}",
            _ => $"[{sev} acknowledged] {i.Id}: {i.Title}",
        };
    }

    public static string SevLabel(AlertSeverity severity) => $"SEV{(int)severity}";

    private static IReadOnlyList<(string Label, string Value)> Facts(Incident i, IncidentNotice notice, Language language, IncidentOptions options)
    {
        var ja = language == Language.Ja;
        var zone = options.Zone;
        var detected = TimeZoneInfo.ConvertTime(i.DetectedAt, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + $" ({options.TimeZone})";
        var facts = new List<(string, string)>
        {
            (ja ? "重大度" : "Severity", $"{SevLabel(i.Severity)} — {options.SeverityMeanings.For(i.Severity)}"),
            (ja ? "状態" : "Status", i.Status.ToString().ToLowerInvariant()),
            (ja ? "検知" : "Detected", detected),
            (ja ? "発生元" : "Source", i.Source),
            (ja ? "担当" : "On duty", i.Assignees.Count == 0 ? (ja ? "当番なし" : "nobody on duty") : string.Join(ja ? "、" : ", ", i.Assignees.Select(a => a.DisplayName))),
        };
        if (i.UserImpact is not null)
        {
            facts.Add((ja ? "ユーザー影響" : "User impact", i.UserImpact));
        }

        if (notice.AcknowledgedBy is not null)
        {
            facts.Add((ja ? "対応者" : "Acknowledged by", notice.AcknowledgedBy));
        }

        return facts;
    }

    private static string Lead(IncidentNotice notice, Language language) => (language, notice.Kind) switch
    {
        (Language.Ja, "page") => "障害が検知されました。当番の方は確認して「対応します」を押してください。",
        (Language.Ja, "escalation") => "まだ誰も応答していません。対応できる方は「対応します」を押してください。迷ったら声をかけましょう。みんなで助けます。",
        (Language.Ja, _) => "担当者が対応を始めました。",
        (_, "page") => "An incident was detected. If you are on duty, please acknowledge it.",
        (_, "escalation") => "Nobody has acknowledged this yet. If you can help, acknowledge it. If in doubt, shout: everyone helps.",
        _ => "Someone has acknowledged this incident and is on it.",
    };

    private static string Text(Incident i, IncidentNotice notice, Language language, string? link, IncidentOptions options)
    {
        var text = new StringBuilder();
        text.AppendLine($"{i.Id} {i.Title}");
        text.AppendLine(Lead(notice, language));
        text.AppendLine();
        foreach (var (label, value) in Facts(i, notice, language, options))
        {
            text.AppendLine($"{label}: {value}");
        }

        if (link is not null)
        {
            text.AppendLine();
            text.AppendLine((language == Language.Ja ? "対応します（ワンクリック）: " : "Acknowledge (one click): ") + link);
        }

        return text.ToString();
    }

    private static string Html(Incident i, IncidentNotice notice, Language language, string? link, IncidentOptions options)
    {
        static string E(string? value) => WebUtility.HtmlEncode(value ?? "");
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html><body style=\"font-family:sans-serif\">");
        html.Append($"<h2>{E(i.Id)} {E(i.Title)}</h2><p>{E(Lead(notice, language))}</p><table>");
        foreach (var (label, value) in Facts(i, notice, language, options))
        {
            html.Append($"<tr><th style=\"text-align:left;padding-right:1em\">{E(label)}</th><td>{E(value)}</td></tr>");
        }

        html.Append("</table>");
        if (link is not null)
        {
            html.Append($"<p><a href=\"{E(link)}\" style=\"font-size:1.2em\">{E(language == Language.Ja ? "対応します" : "Acknowledge")}</a></p>");
        }

        html.Append("</body></html>");
        return html.ToString();
    }

    /// <summary>
    /// Adaptive Card for a Teams Workflows webhook. Members are mentioned with <c>&lt;at&gt;Name&lt;/at&gt;</c> in the text and a
    /// matching <c>msteams.entities</c> mention whose id is their UPN or Entra object id (Teams does not resolve a mail
    /// address, which differs from the UPN for some people); a member without one is named in plain text instead of a
    /// mention that would not arrive.
    /// </summary>
    private static string Card(Incident i, IncidentNotice notice, Language language, IReadOnlyList<AssignedMember> mention, IncidentOptions options)
    {
        var entities = new JsonArray();
        var mentions = new List<string>();
        foreach (var m in mention.Where(m => !string.IsNullOrWhiteSpace(m.Email)))
        {
            if (string.IsNullOrWhiteSpace(m.Upn))
            {
                mentions.Add(CardText.Escape(m.DisplayName));
                continue;
            }

            var text = $"<at>{CardText.Escape(m.DisplayName)}</at>";
            mentions.Add(text);
            entities.Add(new JsonObject
            {
                ["type"] = "mention",
                ["text"] = text,
                ["mentioned"] = new JsonObject { ["id"] = m.Upn, ["name"] = m.DisplayName },
            });
        }

        var facts = new JsonArray();
        foreach (var (label, value) in Facts(i, notice, language, options))
        {
            facts.Add(new JsonObject { ["title"] = label, ["value"] = CardText.Escape(value) });
        }

        var body = new JsonArray
        {
            new JsonObject { ["type"] = "TextBlock", ["text"] = CardText.Escape(Subject(i, notice, language)), ["weight"] = "Bolder", ["size"] = "Medium", ["wrap"] = true },
            new JsonObject { ["type"] = "TextBlock", ["text"] = CardText.Escape(Lead(notice, language)), ["wrap"] = true },
        };
        if (mentions.Count > 0 && notice.Kind != "ack")
        {
            body.Add(new JsonObject { ["type"] = "TextBlock", ["text"] = string.Join(" ", mentions), ["wrap"] = true });
        }

        body.Add(new JsonObject { ["type"] = "FactSet", ["facts"] = facts });
        var msteams = new JsonObject { ["width"] = "Full" };
        if (entities.Count > 0 && notice.Kind != "ack")
        {
            msteams["entities"] = entities;
        }

        return new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["version"] = "1.4",
            ["fallbackText"] = Subject(i, notice, language),
            ["msteams"] = msteams,
            ["body"] = body,
        }.ToJsonString();
    }
}
