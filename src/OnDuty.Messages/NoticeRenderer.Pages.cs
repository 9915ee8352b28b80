using System.Globalization;
using OnDuty.Core.Common;
using OnDuty.Core.Messages;

namespace OnDuty.Messages;

public sealed partial class NoticeRenderer
{
    /// <summary>
    /// The coming shifts as one small read-only page that reads on a phone: a semantic table, inline CSS only (no external
    /// resources, so it works under <c>default-src 'none'</c>).
    /// </summary>
    private string SchedulePage(SchedulePageNotice n)
    {
        var p = Phrases.For(n.Language);
        var rotation = n.Schedule.Rotation;
        var zone = TimeZones.Find(rotation.TimeZone);
        var text = new ScheduleText(p, n.Schedule.Roster, rotation.HandoffDay, Merged(n.Schedule.MovedStarts, ScheduleText.MovedStarts(n.Schedule.Shifts)), rotation);
        // Each row named by its first day as the duty page lists it ("Week of Mon 18 Jan", 「1月18日(月)からの週」), never 2027-W03.
        var shifts = n.Schedule.Shifts.Select(s => new ShiftView(
            WeekSpan(rotation, s, p, "DutyList"),
            s.StartsAt <= n.Now && n.Now < s.EndsAt,
            s.StartsAt.ToString("yyyy-MM-ddTHH:mmzzz", CultureInfo.InvariantCulture),
            p.Time(s.StartsAt, zone, "Format.TableDateTime"),
            s.HandoffMoved is { } moved ? HandoffMoveText.Describe(moved, rotation.HandoffTime, rotation.TimeZone, p) : null,
            [.. s.Members.Select(a => new KindView(n.Schedule.Roster.TryGetValue(a.MemberId, out var m) ? m.DisplayName : a.MemberId, KindLabel(a.Kind, s.StartsAt <= n.Now && n.Now < s.EndsAt, rotation, p), text.Reason(a.Reason)))],
            [
                .. text.NoteLines(s.Notes),

                // Covers for part of the shift, in the rotation's time zone with why and who made them.
                .. s.Covers.Where(c => c.Applies).Select(c => string.Join(" · ", new[]
                {
                    text.Cover(c, zone),
                    c.Reason is { Length: > 0 } why ? p.Format("Change.Reason", why) : null,
                    c.By is { Length: > 0 } who ? p.Format("Change.By", who) : null,
                }.Where(t => t is not null))),
            ])).ToList();
        var model = new ScheduleView(
            LanguageTag(n.Language), p.Format("Schedule.Title", rotation.DisplayName(n.Language)), p.ZoneName(rotation.TimeZone), p.Time(n.Now, zone, "Format.Stamp"), shifts,
            n.PagingRotationId is { } paging ? p.Format("Rotation.PagingNote", paging) : null)
        {
            WeekHeading = p[ShiftKey(rotation, "Schedule.Week")],
            Now = p[ShiftKey(rotation, "Schedule.Now")],
        };
        return templates.RenderHtml("schedule-page.html", model, p);
    }

    /// <summary>
    /// How a member came onto a shift, as a badge: a member rotating in is 「今週から」 on the current shift and 「この週から」 on any
    /// other (a later row saying "from this week" reads as now); 「今回から」 / 「この回から」 for shifts longer than a week.
    /// </summary>
    internal static string KindLabel(Core.Rotations.AssignmentKind kind, bool current, Core.Rotations.Rotation rotation, Phrases p) =>
        p[ShiftPhrase(rotation, kind == Core.Rotations.AssignmentKind.RotatingIn && !current ? "Kind.RotatingIn.Other" : $"Kind.{kind}", p)];

    private string AckPage(AckPageNotice n)
    {
        var p = Phrases.For(n.Language);
        var zone = TimeZones.Find(n.TimeZone);
        var incident = n.Title is null ? null : $"{n.IncidentId} {IncidentTitle(n.Title, n.Refusal, p)}";
        var at = n.AcknowledgedAt is { } acknowledged ? p.TimeWithZone(acknowledged, zone, n.TimeZone) : "";
        // A tool's acknowledgement names the tool as it named itself (Events v2 `client`), never the route: often no PagerDuty is involved.
        // A tool that did not name itself reads in one phrase (「送信元の監視ツールで」), a named one set off by spaces (「 Datadog で」).
        var byTool = ActorText.ToolOf(n.AcknowledgedBy) is null ? null
            : n.AcknowledgedVia is { Length: > 0 } via ? p.Format("Ack.DoneByTool", via, at) : p.Format("Ack.DoneByUnnamedTool", "", at);
        var (title, body) = n.Kind switch
        {
            AckPageKind.Invalid => (p["Ack.Title.Invalid"], p["Ack.Body.Invalid"]),
            AckPageKind.Expired => (p["Ack.Title.Expired"], p.Format("Ack.Body.Expired", n.IncidentId)),
            AckPageKind.NotFound => (p["Ack.Title.NotFound"], p.Format("Ack.Body.NotFound", n.IncidentId)),
            // Nothing acknowledged: the page escalates on meanwhile, and the link works again once storage answers (trial 36 L4).
            AckPageKind.Unavailable => (p["Ack.Title.Unavailable"], p[n.Read ? "Ack.Body.Unavailable.Link" : "Ack.Body.Unavailable.Ack"]),
            // The member who pressed it took it: said to them (「対応開始にしました（12月6日(日) 03:12 JST）。」). Someone else earlier (a
            // press that lost the race) in the third person, and a name typed on a list's link as typed: that is what was recorded.
            AckPageKind.Acknowledged => (incident ?? "", byTool ?? (n is { ByReader: true, Acknowledger: not null, AcknowledgedAt: { } took }
                ? p.Format("Ack.DoneByYou", p.Time(took, zone, "Format.ShortDateTime"), p.ZoneName(n.TimeZone, took))
                : p.Format("Ack.Done", Acknowledger(n, p), at))),
            AckPageKind.Resolved => (incident ?? "", p.Format("Ack.Resolved", n.ResolvedAt is { } resolved ? p.TimeWithZone(resolved, zone, n.TimeZone) : "")),
            // Taken over since: who holds it and when they took it over (「…に対応を引き継いでいます」), not the first acknowledgement.
            AckPageKind.Taken => (incident ?? "", n.TakenOverAt is { } tookOver
                ? p.Format("Ack.TakenOver", Acknowledger(n, p), p.TimeWithZone(tookOver, zone, n.TimeZone))
                : p.Format(n.AcknowledgedAt is null ? "Ack.Already" : "Ack.Taken", Acknowledger(n, p), at)),
            // Only a tool acknowledged it: said as the tool named itself, with the button that takes it over.
            _ => (incident ?? "", n.AcknowledgedBy is null ? null : byTool ?? p.Format("Ack.Already", Acknowledger(n, p))),
        };
        // Above the button, what the incident is: its severity with what that means, and its status.
        var facts = n.Severity is { } sev && n.Status is { } status
            ? n.Kind == AckPageKind.Confirm ? $"{SevLabel(sev)} — {p[$"Severity.{sev}"]} · {p[$"Status.{status}"]}" : $"{SevLabel(sev)} · {p[$"Status.{status}"]}"
            : null;
        var button = n.Kind != AckPageKind.Confirm ? null : n.AskName ? p["PmPage.Ack.Button"] : p.Format("Ack.Button", n.ActingAs);
        if (n.Kind == AckPageKind.Confirm && n.AskName)
        {
            // Sent to a list: who is taking it goes on the record and to the pair.
            body = p.Format("Ack.AskName", n.ActingAs) + (body is null ? "" : " " + body);
        }


        // Acknowledged: the next step is the incident page (post the first update). Taken by the partner: where to follow it — it
        // showed a button that recorded nothing. Recovered: where to read what happened instead of a button. Expired (a day-old
        // text scrolled back to at night): where it can still be acknowledged — it was a dead end.
        // The page is the same app's, so the path is enough; it keeps this page's language (the link holder's, not the browser's),
        // as the pages' own links do: an English member on a Japanese-locale phone read the incident page in Japanese.
        var link = (n.Kind is AckPageKind.Acknowledged or AckPageKind.Taken or AckPageKind.Resolved or AckPageKind.Expired) && n.IncidentId is { } id
            ? $"/api/incidents/{Uri.EscapeDataString(id)}/page{Query(n.Language)}" : null;
        return templates.RenderHtml("ack-page.html", new AckView(LanguageTag(n.Language), title, facts, body, button)
        {
            Link = link,
            LinkText = link is null ? null : p["Incident.PageLink"],

            // Acknowledged by the reader: what comes next, in the words of the incident page's form (a new member's first night).
            Next = n.Kind == AckPageKind.Acknowledged && n.ByReader && byTool is null ? p.Format("Ack.Next", p["PmPage.Update.Heading"]) : null,
            NameLabel = n.Kind == AckPageKind.Confirm && n.AskName ? p["Ack.NameLabel"] : null,

            // Why the link asks for a press instead of acknowledging when opened (a mail scanner opens links too).
            Why = button is null ? null : p["Ack.Why"],
            NameError = n.NameMissing ? p["Ack.NameMissing"] : n.NameRefused ? p["Ack.NameRefused"] : null,
        }, p);
    }

    /// <summary>Who acknowledged, in a sentence: 「伊藤さん」 / "Sakura Ito" for a member, 「PagerDuty 連携」 for a tool, else as recorded.</summary>
    private static string? Acknowledger(AckPageNotice n, Phrases p) => n.AcknowledgedBy switch
    {
        null => null,
        var by when by == "system" || ActorText.ToolOf(by) is not null => ActorText.Name(by, _ => null, p),
        _ when n.Acknowledger is { } m => Called(m.DisplayName, m.Language, p),
        var by => p.Honorific(by), // a name the person typed: shown back to them as they typed it
    };

    private sealed record ScheduleView(string Lang, string Title, string TimeZone, string AsOf, IReadOnlyList<ShiftView> Shifts, string? PagingNote = null)
    {
        /// <summary>The first column's heading: 「週」, or 「当番期間」 for shifts longer than a week.</summary>
        public string WeekHeading { get; init; } = "";

        /// <summary>Beside the current shift: 「（今週）」, or 「（今回）」 for shifts longer than a week.</summary>
        public string Now { get; init; } = "";
    }

    private sealed record ShiftView(string Week, bool Current, string StartsAtIso, string StartsAt, string? Moved, IReadOnlyList<KindView> Members, IReadOnlyList<string> Notes);

    private sealed record KindView(string Name, string Kind, string Reason);

    private sealed record AckView(string Lang, string Title, string? Facts, string? Body, string? Button)
    {
        public string? Link { get; init; }

        public string? LinkText { get; init; }

        /// <summary>What to do next, above <see cref="Link"/>.</summary>
        public string? Next { get; init; }

        /// <summary>The name field's label, when the link went to a list.</summary>
        public string? NameLabel { get; init; }

        /// <summary>What pressing the button does, above it.</summary>
        public string? Why { get; init; }

        public string? NameError { get; init; }

        /// <summary>A form's fields as typed, when its post met storage down (<see cref="PageProblemNotice.Posted"/>).</summary>
        public IReadOnlyList<PostedView> Posted { get; init; } = [];

        public string? PostedTitle { get; init; }
    }

    /// <summary>One field as typed: its label, its text, and the rows to show it in.</summary>
    private sealed record PostedView(string Label, string Value, int Rows);
}
