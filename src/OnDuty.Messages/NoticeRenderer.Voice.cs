using OnDuty.Core.Messages;

namespace OnDuty.Messages;

public sealed partial class NoticeRenderer
{
    /// <summary>Characters of a title a call speaks: enough to tell incidents apart, short enough to hear twice in a minute.</summary>
    internal const int CallTitleLength = 60;

    /// <summary>Incident ids a call's answer reads out; more are counted, not read.</summary>
    private const int CallIdsRead = 3;

    /// <summary>
    /// <c>OnDuty からの呼び出しです。重大度 1 の障害、INC-2026-0042、決済画面が開かない。…1 を押してください。</c>; a 【再発】 after the
    /// stakeholders were told it recovered says so after the title (<c>関係者には復旧したとお伝えしています。続報が必要です。</c>).
    /// </summary>
    /// <remarks>
    /// A title the reader's voice cannot say (Japanese to the English voice) would be read as nothing, and with it the one thing
    /// that tells the incident apart: the call then says where it came from and its number instead
    /// ("a Grafana alert, incident 3, severity 1").
    /// </remarks>
    private static string PageCall(PageCallNotice n)
    {
        var p = Phrases.For(n.Language);
        var i = n.Incident;
        var title = IncidentTitle(i, p);
        // Back after the stakeholders were told it recovered: they need word, as the page mail and text say it.
        var told = i.ReopenedAfterRecoveryTold ? ".RecoveryTold" : "";
        return Sayable(title, n.Language)
            ? p.Format($"Call.Page{told}", (int)i.Severity, i.Id, Spoken(title))
            : p.Format($"Call.Page.Unsayable{told}", CallSource(i, p), CallNumber(i.Id), (int)i.Severity);
    }

    /// <summary>
    /// <c>OnDuty からの応援の依頼です。田中さんが、障害「決済画面が開かない」の応援をあなたに頼んでいます。応じる場合は 1 を押してください。</c>
    /// A name or title the reader's voice cannot say (Japanese to the English voice) is not read as nothing: "someone on the incident",
    /// and where the incident came from and its number, as a page call says them.
    /// </summary>
    private static string HelpCall(HelpCallNotice n)
    {
        var p = Phrases.For(n.Language);
        var i = n.Incident;
        var asker = Called(n.AskedBy, null, p);
        asker = asker.Length > 0 && Sayable(asker, n.Language) ? asker : p["Call.Help.Someone"];
        var title = IncidentTitle(i, p);
        return Sayable(title, n.Language)
            ? p.Format("Call.Help", asker, Spoken(title))
            : p.Format("Call.Help.Unsayable", asker, CallSource(i, p), CallNumber(i.Id));
    }

    /// <summary>How many wait, the most severe of them, and 1 to acknowledge all.</summary>
    private static string PagesCall(PagesCallNotice n)
    {
        var p = Phrases.For(n.Language);
        var first = n.Incidents[0];
        var title = IncidentTitle(first, p);
        return Sayable(title, n.Language)
            ? p.Format("Call.Pages", n.Incidents.Count, (int)first.Severity, first.Id, Spoken(title))
            : p.Format("Call.Pages.Unsayable", n.Incidents.Count, CallSource(first, p), CallNumber(first.Id), (int)first.Severity);
    }

    /// <summary>
    /// Whether the voice of <paramref name="language"/> can say <paramref name="title"/>: the English voice cannot read Japanese,
    /// Chinese or Korean script (kana, kanji, hangul, full-width forms); the Japanese voice reads Latin letters as well.
    /// </summary>
    internal static bool Sayable(string title, Core.Team.Language language) =>
        language == Core.Team.Language.Ja || !title.Any(c => c is (>= '\u1100' and <= '\u11FF') or (>= '\u2E80' and <= '\u9FFF') or (>= '\uA960' and <= '\uA97F')
            or (>= '\uAC00' and <= '\uD7FF') or (>= '\uF900' and <= '\uFAFF') or (>= '\uFE30' and <= '\uFE4F') or (>= '\uFF00' and <= '\uFFEF'));

    /// <summary>Where the incident came from, as a call says it: 「Grafana のアラート」, "a Grafana alert", "a missed heartbeat".</summary>
    private static string CallSource(Core.Incidents.Incident i, Phrases p) =>
        p.Has($"Call.Source.{i.Source}") ? p[$"Call.Source.{i.Source}"] : p.Format("Call.Source.Alert", ActorText.ToolName(i.Source));

    /// <summary>The incident's number as said: <c>INC-2026-0003</c> → <c>3</c>; an id not ending in digits as it is.</summary>
    private static string CallNumber(string id)
    {
        var digits = id.Length - id.Reverse().TakeWhile(char.IsAsciiDigit).Count();
        return digits < id.Length && int.TryParse(id[digits..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number)
            ? number.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : id;
    }

    /// <summary>What pressing 1 did: the incidents acknowledged (the first few read out), or nothing waiting.</summary>
    private static string CallAnswer(CallAnswerNotice n)
    {
        var p = Phrases.For(n.Language);
        if (n.IncidentIds.Count == 0)
        {
            // Who took it, when the voice can say their names: the English voice reads 「近藤 健」 as nothing, and "Nothing is
            // waiting for you. has acknowledged it." leaves the member wondering whether anyone did.
            var takers = string.Join(p["List.Separator"], n.TakenBy.Select(m => Taker(m, p)));
            return n.TakenBy.Count == 0 ? p["Call.NothingWaiting"]
                : Sayable(takers, n.Language) ? p.Format("Call.NothingWaiting.Taken", takers)
                : p["Call.NothingWaiting.TakenUnsayable"];
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
