using System.Globalization;
using System.Net;
using System.Text;
using OnDuty.Core.Common;
using OnDuty.Core.Rotations;
using OnDuty.Core.Team;

namespace OnDuty.Core.Calendar;

/// <summary>
/// The coming shifts as one small read-only HTML page that reads on a phone: a semantic table, inline CSS only
/// (no external resources, so the page works under <c>default-src 'none'</c>), every piece of text HTML-encoded.
/// </summary>
public static class SchedulePage
{
    public static string Render(RotationSchedule schedule, IReadOnlyDictionary<string, Member> roster, Language language, DateTimeOffset now)
    {
        static string E(string? s) => WebUtility.HtmlEncode(s ?? "");
        var ja = language == Language.Ja;
        var rotation = schedule.Rotation;
        var zone = TimeZones.Find(rotation.TimeZone);
        var culture = CultureInfo.GetCultureInfo(ja ? "ja-JP" : "en-GB");
        var format = ja ? "M/d (ddd) HH:mm" : "ddd d MMM HH:mm";
        var title = ja ? $"{rotation.DisplayName(language)}の予定" : $"{rotation.DisplayName(language)}: schedule";
        var html = new StringBuilder();
        html.Append($"<!DOCTYPE html><html lang=\"{(ja ? "ja" : "en")}\"><head><meta charset=\"utf-8\">");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        html.Append("<meta name=\"robots\" content=\"noindex, nofollow\"><meta name=\"referrer\" content=\"no-referrer\">");
        html.Append($"<title>{E(title)}</title><style>");
        html.Append("body{font-family:system-ui,sans-serif;margin:0 auto;padding:12px;max-width:720px;line-height:1.45;color:#222}");
        html.Append("h1{font-size:1.25rem;margin:0 0 4px}p.sub{color:#555;margin:0 0 12px;font-size:.9rem}");
        html.Append("table{border-collapse:collapse;width:100%}th,td{text-align:left;vertical-align:top;padding:8px 6px;border-bottom:1px solid #ddd}");
        html.Append("th{font-size:.8rem;color:#555}tr.now{background:#fff7d6}.moved{color:#b00020;font-size:.85rem;display:block}");
        html.Append(".kind{color:#555;font-size:.8rem}.note{color:#555;font-size:.8rem;display:block}ul{margin:0;padding-left:1.1em}");
        html.Append("@media (max-width:480px){th.when,td.when{white-space:normal}td{padding:6px 4px}}");
        html.Append("</style></head><body><main>");
        html.Append($"<h1>{E(title)}</h1>");
        html.Append($"<p class=\"sub\">{E(ja ? "時刻" : "Times in")} {E(rotation.TimeZone)} · {E(ja ? "更新" : "as of")} {E(TimeZoneInfo.ConvertTime(now, zone).ToString(ja ? "yyyy-MM-dd HH:mm" : "d MMM yyyy HH:mm", culture))}</p>");
        html.Append("<table><caption hidden>").Append(E(title)).Append("</caption><thead><tr>");
        html.Append($"<th scope=\"col\">{E(ja ? "週" : "Week")}</th><th scope=\"col\" class=\"when\">{E(ja ? "引き継ぎ" : "Handoff")}</th><th scope=\"col\">{E(ja ? "当番" : "On duty")}</th>");
        html.Append("</tr></thead><tbody>");
        foreach (var shift in schedule.Shifts)
        {
            var current = shift.StartsAt <= now && now < shift.EndsAt;
            html.Append(current ? "<tr class=\"now\">" : "<tr>");
            html.Append($"<th scope=\"row\">{E(shift.Week)}{(current ? $"<span class=\"kind\"> {E(ja ? "（今週）" : "(now)")}</span>" : "")}</th>");
            html.Append($"<td class=\"when\"><time datetime=\"{E(shift.StartsAt.ToString("yyyy-MM-ddTHH:mmzzz", CultureInfo.InvariantCulture))}\">{E(TimeZoneInfo.ConvertTime(shift.StartsAt, zone).ToString(format, culture))}</time>");
            if (shift.HandoffMoved is { } moved)
            {
                html.Append($"<span class=\"moved\">{E(HandoffMoveText.Describe(moved, rotation.HandoffTime, language))}</span>");
            }

            html.Append("</td><td><ul>");
            foreach (var a in shift.Members)
            {
                var name = roster.TryGetValue(a.MemberId, out var m) ? m.DisplayName : a.MemberId;
                html.Append($"<li>{E(name)} <span class=\"kind\">{E(KindText(a.Kind, language))}</span></li>");
            }

            if (shift.Members.Count == 0)
            {
                html.Append($"<li>{E(ja ? "当番なし" : "nobody on duty")}</li>");
            }

            html.Append("</ul>");
            foreach (var note in shift.Notes)
            {
                html.Append($"<span class=\"note\">{E(note)}</span>");
            }

            html.Append("</td></tr>");
        }

        html.Append("</tbody></table>");
        html.Append($"<p class=\"sub\">{E(ja ? "お知らせ前の週は予定です。引き継ぎ時のお知らせで確定します。" : "Weeks not yet announced are planned; the announcement at the handoff makes them final.")}</p>");
        html.Append("</main></body></html>");
        return html.ToString();
    }

    public static string KindText(AssignmentKind kind, Language language) => (kind, language == Language.Ja) switch
    {
        (AssignmentKind.RotatingIn, true) => "今週から",
        (AssignmentKind.RotatingIn, false) => "new this week",
        (AssignmentKind.Continuing, true) => "継続",
        (AssignmentKind.Continuing, false) => "continuing",
        (AssignmentKind.Override, true) => "交代",
        (AssignmentKind.Override, false) => "override",
        (AssignmentKind.Swap, true) => "入れ替え",
        (AssignmentKind.Swap, false) => "swap",
        (AssignmentKind.Frozen, true) => "確定",
        _ => "announced",
    };
}
