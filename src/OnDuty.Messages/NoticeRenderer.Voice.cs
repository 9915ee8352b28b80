using OnDuty.Core.Messages;

namespace OnDuty.Messages;

public sealed partial class NoticeRenderer
{
    /// <summary>Characters of a title a call speaks: enough to tell incidents apart, short enough to hear twice in a minute.</summary>
    internal const int CallTitleLength = 60;

    /// <summary>Incident ids a call's answer reads out; more are counted, not read.</summary>
    private const int CallIdsRead = 3;

    /// <summary><c>OnDuty からの呼び出しです。重大度 1 の障害、INC-2026-0042、決済画面が開かない。…1 を押してください。</c></summary>
    private static string PageCall(PageCallNotice n) =>
        Phrases.For(n.Language).Format("Call.Page", (int)n.Incident.Severity, n.Incident.Id, Spoken(n.Incident.Title));

    /// <summary>How many wait, the most severe of them, and 1 to acknowledge all.</summary>
    private static string PagesCall(PagesCallNotice n)
    {
        var first = n.Incidents[0];
        return Phrases.For(n.Language).Format("Call.Pages", n.Incidents.Count, (int)first.Severity, first.Id, Spoken(first.Title));
    }

    /// <summary>What pressing 1 did: the incidents acknowledged (the first few read out), or nothing waiting.</summary>
    private static string CallAnswer(CallAnswerNotice n)
    {
        var p = Phrases.For(n.Language);
        if (n.IncidentIds.Count == 0)
        {
            return p["Call.NothingWaiting"];
        }

        var read = string.Join(", ", n.IncidentIds.Take(CallIdsRead)) + (n.IncidentIds.Count > CallIdsRead ? p.Format("SmsReply.More", n.IncidentIds.Count - CallIdsRead) : "");
        return p.Format("Call.Acknowledged", n.IncidentIds.Count, read);
    }

    private static string CallTest(CallTestNotice n) => Phrases.For(n.Language).Format("Call.Test", Addressed(n.Name, n.Language));

    private static string CallTestPassed(CallTestPassedNotice n) => Phrases.For(n.Language)["Call.TestPassed"];

    /// <summary>
    /// A title as a voice reads it: one line, cut short. Its characters stay as typed (the TwiML around it is XML, so nothing in a
    /// title can become markup there).
    /// </summary>
    private static string Spoken(string title)
    {
        var line = string.Join(' ', title.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return line.Length <= CallTitleLength
            ? line
            : line[..(char.IsHighSurrogate(line[CallTitleLength - 1]) ? CallTitleLength - 1 : CallTitleLength)];
    }
}
