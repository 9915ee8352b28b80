using OnDuty.Core.Messages;
using OnDuty.Core.Rotations;

namespace OnDuty.Messages;

/// <summary>
/// The welcome mail to a member added to the roster: their first duty as the reminder says a shift, how pages reach them (the
/// channels set up, as their own page says it), that 「対応します」 takes a page (and a reply of 「1」 to its text, where replies are
/// accepted), and with a public base URL the duty page and
/// their own page.
/// </summary>
public sealed partial class NoticeRenderer
{
    private RenderedEmail WelcomeEmail(MemberWelcomeNotice n)
    {
        var p = Phrases.For(n.Language);
        var lines = new List<string>
        {
            p.Format("Reminder.Greeting", NameFor(n.Member, p.Language)),
            "",
            p["Welcome.Lead"],
        };
        if (n is { Rotation: { } rotation, FirstDuty: { } first })
        {
            lines.AddRange(FirstDutyLines(rotation, first, p));
        }
        else
        {
            lines.Add(p.Format("Welcome.FirstDuty.None", NextDuty.LookAhead));
        }

        lines.Add("");
        lines.Add(p[Channels("Contact.Lead", n.TeamsEnabled)]);
        if (n.SmsEnabled)
        {
            // Not the own page's 「…saved here」: the number is on their roster entry, wherever it was entered.
            lines.Add(n.TextedSeverities.Count == 0 ? p["Welcome.SmsAll"] : p.Format("Welcome.SmsSome", p.Join(n.TextedSeverities.Select(SevLabel))));
        }

        if (n.CallsFromStep is { } fromStep)
        {
            lines.Add(CallsLine(fromStep, n.CalledSeverities, p));
        }

        if ((n.SmsEnabled || n.CallsFromStep is not null) && string.IsNullOrWhiteSpace(n.Member.Phone))
        {
            // Only where a link below says where: without one, no wording about a page the mail does not link.
            lines.Add(p[n.BaseUrl is null ? "Welcome.NoPhone" : "Welcome.NoPhone.Link"]);
        }

        lines.Add(p[Channels("Welcome.Ack", n.TeamsEnabled)]);
        if (n is { SmsEnabled: true, RepliesAccepted: true })
        {
            // At night the text is what wakes them: its reply takes the page too, as their own page says (session 49).
            lines.Add(p["Contact.Lead.Replies"]);
        }

        lines.Add(p["Common.Shout"]);
        var model = new LinesView(LanguageTag(n.Language), p["Welcome.Subject"], lines);
        if (n.BaseUrl is { } baseUrl)
        {
            model = model with
            {
                Links =
                [
                    new(p.Format("Announce.LinkLine", p["Announce.DutyPageLink"], ""), n.Rotation is { } r ? DutyPageLink(baseUrl, r, n.OwnDutyPage) : $"{baseUrl}/api/status/duty"),
                    new(p.Format("Announce.LinkLine", p["Welcome.OwnPageLink"], ""), $"{baseUrl}/api/status/me"),
                ],
            };
        }

        return new RenderedEmail(model.Subject, templates.RenderText("lines.txt", model, p), templates.RenderHtml("lines.html", model, p));
    }

    /// <summary>
    /// A newcomer's first duty: its days with weekday, times and zone, then who is on it with them —
    /// 「最初の当番は1月18日(月)からの週の障害当番です：1月18日(月) 10:00〜1月25日(月) 10:00（JST）」「一緒に担当：Liam Chen」. The welcome
    /// says it, and the schedule-change mail of a member's first weeks (added to a rotation after the welcome said none yet).
    /// </summary>
    private static IEnumerable<string> FirstDutyLines(Rotation rotation, NextDuty first, Phrases p)
    {
        yield return p.Format("Welcome.FirstDuty", rotation.DisplayName(p.Language), WeekSpan(rotation, first.Shift, p, "Brief"),
            p.Period(first.Shift.StartsAt, first.Shift.EndsAt, rotation.TimeZone, "Format.ShortDateTime"));
        if (first.Partners.Count > 0)
        {
            yield return p.Format("Reminder.With", p.Join(first.Partners.Select(m => WorkingDaysText.Named(m.DisplayName, m, p))));
        }
    }
}
