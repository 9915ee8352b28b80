using OnDuty.Core.Common;
using OnDuty.Core.Heartbeats;
using OnDuty.Core.Messages;

namespace OnDuty.Messages;

/// <summary>
/// The alert a heartbeat raises: its title (the incident's, so every page carries it) and its text, saying what was expected
/// and what to check; and the resolve when it is heard again.
/// </summary>
public sealed partial class NoticeRenderer
{
    private static string HeartbeatAlertText(HeartbeatAlertNotice n)
    {
        var p = Phrases.For(n.Language);
        var h = n.Heartbeat;
        var zone = TimeZones.Find(n.TimeZone);
        string At(DateTimeOffset? at) => at is { } value ? p.Time(value, zone, "Format.Stamp") : "-";
        var firing = h.Reported == HeartbeatReport.Firing;
        var state = h.StateAt(n.Now);
        if (n.Part == HeartbeatText.Title)
        {
            return !firing ? p.Format("Heartbeat.Title.Back", h.Title)
                : state == HeartbeatState.Failed ? p.Format("Heartbeat.Title.Failed", h.Title)
                : state == HeartbeatState.Overrun ? p.Format("Heartbeat.Title.Overrun", h.Title)
                : p.Format("Heartbeat.Title.Late", h.Title); // no time: the title stays true when the incident reopens (the lead has it)
        }

        var lines = new List<string>
        {
            !firing ? p.Format("Heartbeat.Lead.Back", h.Title, At(h.LastPingAt ?? n.Now))
            : state == HeartbeatState.Failed ? p.Format("Heartbeat.Lead.Failed", h.Title, At(h.LastFailAt))
            : state == HeartbeatState.Overrun ? p.Format("Heartbeat.Lead.Overrun", h.Title, At(h.LastStartAt), Duration(h.MaxRun ?? h.Grace, p), At(h.FinishBy))
            : p.Format("Heartbeat.Lead.Late", h.Title, HeartbeatInterval(h, p), At(h.DueAt), At(h.LastPingAt)),
        };
        if (firing && state == HeartbeatState.Failed && h.LastFailure is { } said)
        {
            lines.Add(p.Format("Heartbeat.Failure", said));
        }

        if (h.Description is { } about)
        {
            lines.Add("");
            lines.Add(p.Format("Heartbeat.About", about));
        }

        return string.Join('\n', lines);
    }

    /// <summary><c>24時間ごと</c>, or <c>24時間ごと（営業日のみ）</c> for one expected on working days only.</summary>
    private static string HeartbeatInterval(Heartbeat h, Phrases p)
    {
        var every = p.Format("Heartbeat.Every", Duration(h.Interval, p));
        return h.WorkingDaysOnly ? p.Format("Heartbeat.WorkingDays", every) : every;
    }
}
