using OnDuty.Core.Common;
using OnDuty.Core.Messages;

namespace OnDuty.Messages;

public sealed partial class NoticeRenderer
{
    /// <summary>
    /// Characters of a title an SMS keeps: a Japanese text message is sent in UCS-2, 70 characters a segment (67 when joined),
    /// so the subject, a cut title and the link make about three segments.
    /// </summary>
    internal const int SmsTitleLength = 40;

    /// <summary>
    /// <c>【SEV1 障害】INC-2026-0042 決済画面が開かない</c>, then <c>対応します：{link}</c> on its own line; a 【再発】 after the stakeholders
    /// were told it recovered says so between them (<c>関係者に復旧連絡済み。続報要</c>), a 【再発】 first when it came back (<c>再発：11:05（JST）</c>).
    /// </summary>
    private static string PageText(PageTextNotice n)
    {
        var p = Phrases.For(n.Language);
        var subject = IncidentSubject(n.Incident, n.Stage, p, ShortTitle(IncidentTitle(n.Incident, p)));
        // The leads' step to a lead: why it comes to them (the pair's silence), as their mail says it.
        var why = n.AsLead is { } asLead ? $"\n{p.Format("Sms.AsLead", PairNames(asLead, p), Duration(asLead.Unanswered, p))}" : "";
        // Back after the stakeholders were told it recovered: they need word, as the page mail says it (short: a text's length).
        var told = n.Incident.ReopenedAfterRecoveryTold ? $"\n{p["Sms.RecoveryTold"]}" : "";
        // A 【再発】 page: when it came back, as its mail says it (the clock only: the text is sent as it happens); a member abroad reads hers first (trial 59).
        var reopened = n.Stage.Kind == "page" && n.Incident is { ReopenCount: > 0, LastReopenedAt: { } at }
            ? $"\n{p.Format("Sms.Reopened", new ReaderClock(p, n.TimeZone, n.ReaderTimeZone).ClockAt(at))}"
            : "";
        return $"{subject}{why}{reopened}{told}\n{p.Format("Sms.Ack", n.AckLink)}" + (n.RepliesAccepted ? $"\n{p["Sms.Reply"]}" : "")
            + (n.QuietFor is { } quiet ? "\n" + (n.AckTogetherLink is { } together ? p.Format(Channels("Sms.QuietTogether", n.TeamsEnabled), Minutes(quiet), together) : p.Format(Channels("Sms.Quiet", n.TeamsEnabled), Minutes(quiet))) : "");
    }

    /// <summary>
    /// <c>【SEV2 応援要請】INC-2026-0042 決済画面が開かない</c>, then <c>佐藤さんから応援の依頼です。障害ページ：{link}</c> (help asked of one
    /// member), <c>山田さんがあなたに割り当てました。障害ページ：{link}</c> (an assignment) or <c>山田さんがあなたを連絡担当にしました。障害ページ：{link}</c>
    /// (made the communications lead): the mail's subject and who asks, as short as a page's text.
    /// </summary>
    private static string AskedText(AskedTextNotice n)
    {
        var p = Phrases.For(n.Language);
        var (key, by) = n.Stage.Kind switch
        {
            "assigned" => ("Sms.Assigned", n.Stage.TookOverBy),
            "commsLead" => ("Sms.CommsLeadAssigned", n.Stage.TookOverBy),
            _ => ("Sms.HelpAsked", n.Stage.CalledBy),
        };
        return $"{IncidentSubject(n.Incident, n.Stage, p, ShortTitle(IncidentTitle(n.Incident, p)))}\n{p.Format(key, Called(by ?? "", null, p), n.PageLink)}";
    }

    /// <summary><c>【SEV2 復旧】INC-2026-0042 決済画面が開かない</c>, then that monitoring resolved it and nothing is needed.</summary>
    private static string RecoveredText(RecoveredTextNotice n)
    {
        var p = Phrases.For(n.Language);
        var said = ByTool(n.Incident.AcknowledgedBy) is null
            ? HeartbeatHeardShort(n.Incident, p, n.TimeZone) ?? p["Sms.Recovered"]
            : p.Format("Sms.RecoveredAfterToolAck", SendingTool(n.Incident) ?? p["Incident.AcknowledgedByUnnamedTool"]);
        return $"{IncidentSubject(n.Incident, Core.Incidents.IncidentNotice.Recovered(n.Incident.PageRound), p, ShortTitle(IncidentTitle(n.Incident, p)))}\n{said}";
    }

    /// <summary><c>【SEV1 障害 12 件】INC-2026-0042 決済画面が開かない ほか</c>, then <c>まとめて対応します：{link}</c> — the action the mail's button 「まとめて対応する」 names, in the single link's form.</summary>
    private static string PagesText(PagesTextNotice n)
    {
        var p = Phrases.For(n.Language);
        var first = n.Incidents[0];
        var kind = n.Step == 0 ? "Page" : "Escalation";
        var subject = p.Format($"Escalated.Subject.{kind}", SevLabel(first.Severity), n.Incidents.Count, first.Id, ShortTitle(IncidentTitle(first, p)), n.Step);
        // The leads' step to a lead: why it comes to them, as the single text says it (the pair named when all share one).
        var why = n.AsLead is not { } asLead ? ""
            : asLead.Pair.Count > 0 ? $"\n{p.Format("Sms.AsLead", PairNames(asLead, p), Duration(asLead.Unanswered, p))}"
            : $"\n{p.Format("Sms.AsLead.Pairs", Duration(asLead.Unanswered, p))}";
        return $"{subject}{why}\n{p.Format("Sms.AckTogether", n.AckTogetherLink)}" + (n.RepliesAccepted ? $"\n{p["Sms.Reply"]}" : "")
            + (n.QuietFor is { } quiet ? "\n" + p.Format(Channels("Sms.Quiet", n.TeamsEnabled), Minutes(quiet)) : "");
    }

    /// <summary>The answer to a member's reply: what it acknowledged (ids, the first few), nothing waiting, or how to reply.</summary>
    private static string SmsReplyText(SmsReplyNotice n)
    {
        var p = Phrases.For(n.Language);
        const int listed = 5;
        return n.Kind switch
        {
            SmsReplyKind.Acknowledged => p.Format(p.Counted("SmsReply.Acknowledged", n.IncidentIds.Count), n.IncidentIds.Count, string.Join(", ", n.IncidentIds.Take(listed)) + (n.IncidentIds.Count > listed ? p.Format("SmsReply.More", n.IncidentIds.Count - listed) : "")),
            // The partner took it meanwhile: by whom, so the one who replied knows they can rest (「すでに誰かが対応中か」 left them guessing).
            SmsReplyKind.NothingWaiting when n.Taken.Count > 0 => p.Format("SmsReply.NothingWaiting.Taken",
                string.Join(p["List.Separator"], n.Taken.Take(listed).Select(t => p.Format("Format.Aside", t.IncidentId, Taker(t.By, p))))
                + (n.Taken.Count > listed ? p.Format("SmsReply.More", n.Taken.Count - listed) : "")),
            SmsReplyKind.NothingWaiting => p["SmsReply.NothingWaiting"],
            _ => p["SmsReply.Help"],
        };
    }

    private static int Minutes(TimeSpan span) => (int)Math.Ceiling(span.TotalMinutes);

    /// <summary>
    /// A phrase that says how pages reach a member — 「メールと Teams」 — as the team has it: <paramref name="key"/> when pages go to
    /// the Teams channel too, else its <c>.NoTeams</c> twin (「メールだけで届きます」): a team without Teams is not promised it.
    /// </summary>
    private static string Channels(string key, bool teamsEnabled) => teamsEnabled ? key : key + ".NoTeams";

    private static string ShortTitle(string title) => OnDuty.Core.Common.TextCut.WithEllipsis(title, SmsTitleLength);
}
