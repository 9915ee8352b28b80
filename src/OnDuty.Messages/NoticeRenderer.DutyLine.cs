using OnDuty.Core.Common;
using OnDuty.Core.Messages;
using OnDuty.Core.Team;

namespace OnDuty.Messages;

/// <summary>
/// The duty line (当番ダイヤル): what it says to a caller while it puts them through, or when nobody on duty answered; and the
/// missed call the duty members get, by email and text, with the caller's number to call back.
/// </summary>
public sealed partial class NoticeRenderer
{
    /// <summary>Names as the team says them (<c>伊藤さん</c>), no apology: the callers are colleagues (JA-STYLE, internal register).</summary>
    private static string DutyLineSpeechText(DutyLineSpeech n)
    {
        var p = Phrases.For(n.Language);
        string Name(Member m) => p.Honorific(NameFor(m, n.Language));
        return n.Kind switch
        {
            DutyLineSpeechKind.Connecting when n.Next is { } next && n.Previous is { } previous => p.Format("DutyLine.Next", Name(previous), Name(next)),
            DutyLineSpeechKind.Connecting when n.Next is { } next => p.Format("DutyLine.Connecting", Name(next)),
            _ => p["DutyLine.Missed"],
        };
    }

    /// <summary><c>【当番ダイヤル】不在着信 +81… 12/02 03:14</c>, then what happened and to call back.</summary>
    private RenderedEmail MissedCallEmail(MissedCallNotice n)
    {
        var p = Phrases.For(n.Language);
        var (caller, at) = MissedCallParts(n, p);
        var model = new LinesView(LanguageTag(n.Language), p.Format("MissedCall.Subject", caller, at), [p.Format("MissedCall.Lead", caller, at), "", p["MissedCall.CallBack"]]);
        return new RenderedEmail(model.Subject, templates.RenderText("lines.txt", model, p), templates.RenderHtml("lines.html", model, p));
    }

    private static string MissedCallText(MissedCallNotice n)
    {
        var p = Phrases.For(n.Language);
        var (caller, at) = MissedCallParts(n, p);
        return p.Format("MissedCall.Text", caller, at);
    }

    private static (string Caller, string At) MissedCallParts(MissedCallNotice n, Phrases p) =>
        (n.Caller ?? p["MissedCall.UnknownCaller"], p.TimeWithZone(n.At, TimeZones.Find(n.TimeZone), n.TimeZone, "Format.Stamp"));
}
