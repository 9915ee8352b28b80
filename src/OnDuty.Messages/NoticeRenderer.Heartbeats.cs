using OnDuty.Core.Alerts;
using OnDuty.Core.Common;
using OnDuty.Core.Heartbeats;
using OnDuty.Core.Incidents;
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
        return n.Part == HeartbeatText.Title
            ? HeartbeatTitle(n.Heartbeat, n.Now, p)
            : HeartbeatDescription(n.Heartbeat, n.Now, p, TimeZones.Find(n.TimeZone));
    }

    /// <summary>A heartbeat alert's title in the reader's language, from what the alert keeps as data.</summary>
    private static string HeartbeatTitle(HeartbeatFacts f, Phrases p) => HeartbeatTitle(f.Heartbeat, f.At, p);

    /// <summary>A heartbeat alert's text in the reader's language and zone, from what the alert keeps as data.</summary>
    private static string HeartbeatDescription(HeartbeatFacts f, Phrases p, TimeZoneInfo zone) => HeartbeatDescription(f.Heartbeat, f.At, p, zone);

    /// <summary>
    /// 「ハートビート途絶：夜間バッチ」, "Heartbeat missed: 夜間バッチ": what stopped and how; no time, so the title stays true when
    /// the incident reopens (the text has it). The heartbeat's own title is the team's and stays as written.
    /// </summary>
    private static string HeartbeatTitle(Heartbeat h, DateTimeOffset now, Phrases p) => p.Format(HeartbeatTitleKey(h, now), h.Title);

    private static string HeartbeatTitleKey(Heartbeat h, DateTimeOffset now) =>
        h.Reported != HeartbeatReport.Firing ? "Heartbeat.Title.Back"
        : h.StateAt(now) switch
        {
            HeartbeatState.Failed => "Heartbeat.Title.Failed",
            HeartbeatState.Overrun => "Heartbeat.Title.Overrun",
            _ => "Heartbeat.Title.Late",
        };

    /// <summary>What was expected and did not come (or what it said on failing, or that it was heard again), and what it is.</summary>
    private static string HeartbeatDescription(Heartbeat h, DateTimeOffset now, Phrases p, TimeZoneInfo zone)
    {
        // The house time phrase (「2026年12月15日(火) 04:00（JST）」), as the same mail's 検知 says it (trial 58).
        string At(DateTimeOffset? at) => at is { } value ? p.TimeWithZone(value, zone, zone.Id) : "-";
        var firing = h.Reported == HeartbeatReport.Firing;
        var state = h.StateAt(now);
        var lines = new List<string>
        {
            !firing ? p.Format("Heartbeat.Lead.Back", h.Title, At(h.LastPingAt ?? now))
            : state == HeartbeatState.Failed ? p.Format("Heartbeat.Lead.Failed", h.Title, At(h.LastFailAt))
            : state == HeartbeatState.Overrun ? p.Format("Heartbeat.Lead.Overrun", h.Title, At(h.LastStartAt), Duration(h.MaxRun ?? h.Grace, p), At(h.FinishBy))
            : h.LastPingAt is { } last ? p.Format("Heartbeat.Lead.Late", h.Title, HeartbeatInterval(h, p), At(h.DueAt), At(last))
            // Never pinged (it only said it failed or started): no due time nor last ping to name, 「最終受信は -です」 said nothing.
            : p.Format("Heartbeat.Lead.NeverHeard", h.Title, HeartbeatInterval(h, p)),
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

        if (h.Owner is { } owner)
        {
            // Whom the pair may call about it: the page at night is all they have (session 59).
            lines.Add(p.Format("Heartbeat.Owner", OwnerText(owner, p)));
        }

        return string.Join('\n', lines);
    }

    /// <summary>「中村さん（nakamura@example.com）」, or the address alone when no name was given.</summary>
    private static string OwnerText(HeartbeatOwner owner, Phrases p) =>
        owner.Name is { } name ? p.Format("Heartbeat.Owner.Named", Called(name, null, p), owner.Email) : owner.Email;

    /// <summary>
    /// The mail to a heartbeat's owner, for her information: 「【OnDuty】ハートビート途絶：夜間バッチ」 with what was expected and when
    /// it was last heard (as the page says it) and the incident the duty pair were paged with; or 「【OnDuty】ハートビート復旧：…」 with
    /// when it was heard again.
    /// </summary>
    private RenderedEmail HeartbeatOwnerEmail(HeartbeatOwnerNotice n)
    {
        var p = Phrases.For(n.Language);
        var h = n.Heartbeat;
        var zone = TimeZones.Find(n.TimeZone);
        var back = h.Reported != HeartbeatReport.Firing;
        var lines = new List<string>();
        if (h.Owner?.Name is { } name)
        {
            lines.Add(p.Format("Reminder.Greeting", Addressed(name, n.Language)));
            lines.Add("");
        }

        lines.Add(p.Format(back ? "HeartbeatOwner.Back" : "HeartbeatOwner.Down", h.Title));
        if (n.Incident is { } incident)
        {
            lines.Add(p.Format("HeartbeatOwner.Incident", incident.Id));
        }

        lines.Add("");
        if (back)
        {
            // As the pair's recovery mail says it (how late, when its incident knows); else when it was heard.
            var heardAt = h.LastPingAt ?? n.Now;
            lines.Add(n.Incident is { } closed && HeartbeatHeard(closed, heardAt, p, zone, n.TimeZone) is { } heard ? heard
                : p.Format("Heartbeat.Heard", h.Title, p.TimeWithZone(heardAt, zone, n.TimeZone)));
        }
        else
        {
            // What the pair's page says of it, without her own description and name (she wrote them).
            lines.AddRange(HeartbeatDescription(h with { Description = null, Owner = null }, n.Now, p, zone).Split('\n'));
            lines.Add("");
            lines.Add(p["HeartbeatOwner.Next"]);
        }

        // Her heartbeat on the status page, and the incident's page as the pair's mails link it (session 59: the id alone led nowhere).
        List<LinkLineView> links = [];
        if (IsShowable(n.StatusLink))
        {
            links.Add(new(p["HeartbeatOwner.StatusLink"] + p["Format.Colon"], n.StatusLink!));
        }

        if (n.Incident is not null && IsShowable(n.PageLink))
        {
            links.Add(new(p["Incident.PageLink"] + p["Format.Colon"], n.PageLink!));
        }

        if (links.Count > 0)
        {
            lines.Add("");
        }

        var model = new LinesView(LanguageTag(n.Language), p.Format("HeartbeatOwner.Subject", HeartbeatTitle(h, n.Now, p)), lines) { Links = links };
        return new RenderedEmail(model.Subject, templates.RenderText("lines.txt", model, p), templates.RenderHtml("lines.html", model, p));
    }

    private static readonly string[] HeartbeatTitleKeys = ["Heartbeat.Title.Late", "Heartbeat.Title.Failed", "Heartbeat.Title.Overrun", "Heartbeat.Title.Back"];

    /// <summary>
    /// Grafana's no-data and data-source-error alerts, titled by the intake in the English of these keys with the rule's name
    /// (<c>No data from the data source: CPU使用率</c>, Core's <c>GrafanaDatasourceAlert</c>): worded in the reader's language as a
    /// heartbeat's title is (「データソースにデータがありません：CPU使用率」).
    /// </summary>
    private static readonly string[] DatasourceTitleKeys = ["Alert.Title.NoData", "Alert.Title.DatasourceError"];

    /// <summary>
    /// How heartbeat titles were worded before the Japanese ones took the full-width colon (JA-STYLE): incidents stored then
    /// carry them. Each with the key its wording stands for.
    /// </summary>
    private static readonly (string Key, string Format)[] FormerHeartbeatTitles =
    [
        ("Heartbeat.Title.Late", "ハートビート途絶: {0}"),
        ("Heartbeat.Title.Failed", "ハートビートが失敗を報告: {0}"),
        ("Heartbeat.Title.Overrun", "ジョブが終了しません: {0}"),
        ("Heartbeat.Title.Back", "ハートビート復旧: {0}"),
    ];

    /// <summary>
    /// Every wording of a heartbeat title (or a Grafana data source alert's) an incident may have stored — each language's now, and the former ones — as the part
    /// before the heartbeat's name, longest first, with its key.
    /// </summary>
    private static readonly (string Prefix, string Key)[] StoredHeartbeatTitles =
    [
        .. Enum.GetValues<Core.Team.Language>()
            .SelectMany(l => HeartbeatTitleKeys.Concat(DatasourceTitleKeys).Select(k => (Key: k, Format: Phrases.For(l)[k])))
            .Concat(FormerHeartbeatTitles)
            .Where(x => x.Format.EndsWith("{0}", StringComparison.Ordinal) && x.Format.IndexOf('{') == x.Format.Length - 3)
            .Select(x => (Prefix: x.Format[..^3], x.Key))
            .Distinct()
            .OrderByDescending(x => x.Prefix.Length),
    ];

    /// <summary>
    /// An incident's title as the reader reads it. OnDuty's own title for a heartbeat's incident was stored in the team's
    /// language (「ハートビート途絶: 夜間バッチ」): it is worded again in the reader's (“Heartbeat missed: 夜間バッチ”), the
    /// heartbeat's name as it is. The title of an incident about a refused delivery is worded from its data
    /// (<see cref="IncidentTitle(Incident, Phrases)"/>). Any other title is the team's words and is shown as written.
    /// </summary>
    internal static string IncidentTitle(string stored, Phrases p) => StoredHeartbeatTitle(stored) is { } title ? p.Format(title.Key, title.Name) : stored;

    /// <summary>The key of the wording of a heartbeat title OnDuty stored, and the heartbeat's title in it; null for any other title.</summary>
    private static (string Key, string Name)? StoredHeartbeatTitle(string stored)
    {
        foreach (var (prefix, key) in StoredHeartbeatTitles)
        {
            if (stored.Length > prefix.Length && stored.StartsWith(prefix, StringComparison.Ordinal))
            {
                return (key, stored[prefix.Length..]);
            }
        }

        return null;
    }

    /// <summary>
    /// 「ハートビート「請求データ夜間エクスポート」を 2026年12月15日(火) 04:40（JST）に受信しました（期限 04:00 から40分遅れ）。」: what
    /// closed a heartbeat's incident at <paramref name="heardAt"/> (trial 58: 「監視で自動復旧しました」 said nothing of it). How late,
    /// for a missed or unfinished run's incident on its first close (its start is the time it was due); null for another incident.
    /// </summary>
    private static string? HeartbeatHeard(Incident i, DateTimeOffset heardAt, Phrases p, TimeZoneInfo zone, string? timeZoneId)
    {
        if (HeardLate(i, heardAt) is not var (stored, late))
        {
            return null;
        }

        var heard = p.TimeWithZone(heardAt, zone, timeZoneId);
        if (late is null)
        {
            return p.Format("Heartbeat.Heard", stored.Name, heard);
        }

        // 「期限 04:00」 on the day it was heard; the date too when it was due another day.
        var sameDay = TimeZoneInfo.ConvertTime(i.StartedAt, zone).Date == TimeZoneInfo.ConvertTime(heardAt, zone).Date;
        return p.Format("Heartbeat.Heard.Late", stored.Name, heard, p.Time(i.StartedAt, zone, sameDay ? "Format.Clock" : "Format.ShortDateTime"), Duration(late.Value, p));
    }

    /// <summary>
    /// A heartbeat's incident <paramref name="i"/> heard again at <paramref name="heardAt"/>: its stored title, and how late after it was
    /// due — null when that is not worth saying (it failed rather than went late, it reopened, or it was less than a minute late);
    /// null as a whole for another incident.
    /// </summary>
    private static ((string Key, string Name) Stored, TimeSpan? Late)? HeardLate(Incident i, DateTimeOffset heardAt)
    {
        if (i.Source != AlertSources.Heartbeat || StoredHeartbeatTitle(i.Title) is not { } stored)
        {
            return null;
        }

        var late = heardAt - i.StartedAt;
        return (stored, stored.Key is not ("Heartbeat.Title.Late" or "Heartbeat.Title.Overrun") || i.ReopenCount > 0 || late < TimeSpan.FromMinutes(1) ? null : late);
    }

    /// <summary>
    /// 「04:40（JST）に受信しました（期限 04:00 から40分遅れ）。対応は不要です。」: <see cref="HeartbeatHeard"/> cut to a text's length for
    /// a heartbeat's incident resolved by its ping (its subject already names the heartbeat); null for another incident.
    /// </summary>
    private static string? HeartbeatHeardShort(Incident i, Phrases p, string? timeZoneId)
    {
        if (timeZoneId is null || i.ResolvedAt is not { } heardAt || HeardLate(i, heardAt) is not var (_, late))
        {
            return null;
        }

        var zone = TimeZones.Find(timeZoneId);
        var heard = p.TimeWithZone(heardAt, zone, timeZoneId, "Format.Clock");
        return late is null
            ? p.Format("Sms.Recovered.Heartbeat", heard)
            : p.Format("Sms.Recovered.Heartbeat.Late", heard, p.Time(i.StartedAt, zone, "Format.Clock"), Duration(late.Value, p));
    }

    /// <summary><c>24時間ごと</c>, or <c>24時間ごと（営業日のみ）</c> for one expected on working days only.</summary>
    private static string HeartbeatInterval(Heartbeat h, Phrases p)
    {
        var every = p.Format("Heartbeat.Every", Duration(h.Interval, p));
        return h.WorkingDaysOnly ? p.Format("Heartbeat.WorkingDays", every) : every;
    }
}
