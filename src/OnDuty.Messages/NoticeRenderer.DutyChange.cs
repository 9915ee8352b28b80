using OnDuty.Core.Common;
using OnDuty.Core.Messages;
using OnDuty.Messages.Cards;

namespace OnDuty.Messages;

public sealed partial class NoticeRenderer
{
    private RenderedEmail DutyChangeEmail(DutyChangedNotice n)
    {
        var p = Phrases.For(n.Language);
        var model = WithDutyPageLink(DutyChangeModel(n).Model, n.BaseUrl, n.Change.Rotation, n.OwnDutyPage, p);
        return new RenderedEmail(model.Subject, templates.RenderText("lines.txt", model, p), templates.RenderHtml("lines.html", model, p));
    }

    private RenderedCard DutyChangeCard(DutyChangedNotice n)
    {
        var (model, period) = DutyChangeModel(n);
        var p = Phrases.For(n.Language);
        var card = new AdaptiveCardBuilder().Title(model.Subject).Subtle(period);
        foreach (var line in model.Lines.Skip(2).Where(l => l.Length > 0))
        {
            card.Text(line);
        }

        return new RenderedCard(model.Subject, templates.RenderText("lines.txt", model, p), card.Build(model.Subject));
    }

    /// <summary>Keeps the ISO week label in the subject: <c>【障害当番 交代】2026-W49 佐藤さん → 伊藤さん</c>.</summary>
    private static (LinesView Model, string Period) DutyChangeModel(DutyChangedNotice n)
    {
        if (n.Change.Change.IsCover)
        {
            return CoverChangeModel(n);
        }

        var c = n.Change;
        var p = Phrases.For(n.Language);
        var name = c.Rotation.DisplayName(n.Language);
        var subject = p.Format("Change.Subject", name, WeekSpan(c.Rotation, c.Week, p, StartDay(c.Rotation, c.StartsAt), "DutyList"),
            p.Honorific(NameFor(c.Replaced, n.Language)), p.Honorific(NameFor(c.Replacement, n.Language)));
        var period = p.Period(c.StartsAt, c.EndsAt, c.Rotation.TimeZone);
        var lines = new List<string>
        {
            DutyHeading(name, WeekSpan(c.Rotation, c.Week, p, StartDay(c.Rotation, c.StartsAt), "Brief"), p),
            period,
            // From when to when the change holds, with the zone (trial 46 L): from the moment it was made (a member replaced on the
            // Tuesday of a Monday week served until then), or from the handoff when it was made before the shift began.
            p.Format("Change.Line", WeekSpan(c.Rotation, c.Week, p, StartDay(c.Rotation, c.StartsAt), "Brief"),
                p.Honorific(NameFor(c.Replaced, n.Language)), p.Honorific(NameFor(c.Replacement, n.Language)),
                p.CoverPeriod(c.Change.At > c.StartsAt ? c.Change.At : c.StartsAt, c.EndsAt, c.Rotation.TimeZone)),
        };
        if (c.Trade is { } trade)
        {
            // Half of a trade: said as one, with the shift the replaced member serves in return (trial 46 N1), to everyone told.
            lines.Add(p.Format("Change.Trade", p.Honorific(NameFor(c.Replaced, n.Language)), p.Honorific(NameFor(c.Replacement, n.Language)),
                WeekSpan(c.Rotation, trade.Week, p, StartDay(c.Rotation, trade.StartsAt), "Brief")));
        }

        if (!string.IsNullOrWhiteSpace(c.Change.Reason))
        {
            lines.Add(p.Format("Change.Reason", c.Change.Reason));
        }

        if (!string.IsNullOrWhiteSpace(c.Change.By))
        {
            lines.Add(p.Format("Change.By", c.Change.By));
        }

        lines.Add(p.Format("Format.Labelled", p[ShiftKey(c.Rotation, "Announce.ThisWeekTitle")], c.Members.Count == 0 ? p["Common.Nobody"] : p.Join(c.Members.Select(m => m.DisplayName))));
        if (n.ToReplacement && c.ReplacementWeeksInARow is { } run)
        {
            // Said to the replacement only (trial 32b M4): the lead saw the warning; the person taking it on should too.
            lines.Add(p.Format("Change.LongRun", run));
        }

        lines.Add(p["Change.PagesGoToNewPair"]);
        lines.Add("");
        lines.Add(p["Common.Shout"]);
        return (new LinesView(LanguageTag(n.Language), subject, lines), period);
    }

    /// <summary>
    /// To a cover's replacement whose cover a whole-shift change made unneeded:
    /// <c>【障害当番 一時交代の取りやめ】12月7日(月)からの週 山田さんの代わり（12月3日(木) 19:00〜23:00）は不要です</c>.
    /// </summary>
    private RenderedEmail CoverCancelledEmail(CoverCancelledNotice n)
    {
        var p = Phrases.For(n.Language);
        var zone = TimeZones.Find(n.Rotation.TimeZone);
        var name = n.Rotation.DisplayName(n.Language);
        var range = p.CoverRange(n.Cover.Cover.From, n.Cover.Cover.To, zone);
        var zoneName = p.ZoneName(n.Rotation.TimeZone, n.Cover.Cover.From, n.Cover.Cover.To);
        // The body says the zone (no line of the mail did, trial 46 L); the subject keeps the short range, with the zone's abbreviation.
        var when = p.CoverPeriod(n.Cover.Cover.From, n.Cover.Cover.To, n.Rotation.TimeZone);
        string Called(Core.Team.Member m) => p.Honorific(NameFor(m, n.Language));
        var lines = new List<string>
        {
            DutyHeading(name, WeekSpan(n.Rotation, n.Week, p, n.HandoffDate, "Brief"), p),
            n.MemberReplaced
                ? p.Format("CoverCancelled.MemberReplaced", when, Called(n.Cover.Member), WeekSpan(n.Rotation, n.Week, p, n.HandoffDate, "Brief"), Called(n.NewMember))
                : p.Format("CoverCancelled.ReplacementOnShift", when, Called(n.Cover.Member), WeekSpan(n.Rotation, n.Week, p, n.HandoffDate, "Brief"), Called(n.NewMember)),
        };
        if (!string.IsNullOrWhiteSpace(n.Change.Reason))
        {
            lines.Add(p.Format("Change.Reason", n.Change.Reason));
        }

        if (!string.IsNullOrWhiteSpace(n.Change.By))
        {
            lines.Add(p.Format("Change.By", n.Change.By));
        }

        // Then the member replaced for the shift is off duty and the new one is paged. Else the reader joined the shift: they
        // are paged then too, with the covered member, so the line says so rather than naming only the member.
        lines.Add(n.MemberReplaced ? p.Format("Change.CoverUndonePages", Called(n.NewMember)) : p.Format("CoverCancelled.JoinedPages", WeekSpan(n.Rotation, n.Week, p, n.HandoffDate, "Brief")));
        lines.Add("");
        lines.Add(p["Common.Shout"]);
        var model = new LinesView(LanguageTag(n.Language), p.Format("CoverCancelled.Subject", name, WeekSpan(n.Rotation, n.Week, p, n.HandoffDate, "DutyList"), Called(n.Cover.Member), range, zoneName), lines);
        return new RenderedEmail(model.Subject, templates.RenderText("lines.txt", model, p), templates.RenderHtml("lines.html", model, p));
    }

    /// <summary>
    /// To the others on an announced shift and the leads, when a member on it entered leave for days of it:
    /// <c>【障害当番 代わりが必要】12月7日(月)からの週 鈴木さんが休暇です（12月8日(火)〜12月13日(日)）</c>, then that pages still
    /// reach them and where to put someone in their place. For a week not yet announced that the leave left short-handed: that she is
    /// off it, nobody took her place, how short it is and who an unanswered page goes to.
    /// </summary>
    private RenderedEmail LeaveDuringDutyEmail(LeaveDuringDutyNotice n)
    {
        var p = Phrases.For(n.Language);
        var name = n.Rotation.DisplayName(n.Language);
        // Said as the duty page says leave days (「12月8日(火)〜12月13日(日)」, "Tue 8 Dec – Sun 13 Dec"), her dates; the subject
        // without, the body with the team's hours beside them for a member in another zone (trial 59).
        string Day(DateOnly d) => p.Day(d, "Format.DayOffDay");
        var days = n.From == n.To ? Day(n.From) : p.Format("PmPage.DutyPage.Leave.Range", Day(n.From), Day(n.To));
        var called = p.Honorific(NameFor(n.OnLeave, n.Language));
        var lines = new List<string>
        {
            DutyHeading(name, WeekSpan(n.Rotation, n.Week, p, n.HandoffDate, "Brief"), p),
            // Leave read from Outlook was entered by nobody: said where it came from (and so where it is changed).
            p.Format(n.FromOutlook ? "LeaveDuringDuty.Outlook" : "LeaveDuringDuty.Entered", called, days),
        };
        if (p.LeaveHours(n.From, n.To, n.OnLeave.TimeZone, n.Rotation.TimeZone) is { } hours)
        {
            // Her days cut at the shift's start or end (her last day runs past the handoff): the hours in the shift, which is what a
            // replacement is booked for — her whole days would name hours after the handoff (session 61).
            lines.Add(n.Hours is { } inShift && (inShift.From, inShift.To) != OnDuty.Core.Team.Leave.SpanOf(n.From, n.To, TimeZones.Find(n.OnLeave.TimeZone))
                ? p.Format("LeaveDuringDuty.OtherZone.InShift", called, p.CoverRange(inShift.From, inShift.To, TimeZones.Find(n.Rotation.TimeZone)), p.ZoneName(n.Rotation.TimeZone, inShift.From, inShift.To))
                : p.Format("LeaveDuringDuty.OtherZone", called, hours.Range, hours.Zone));
        }
        else if (n.Hours is { } morning)
        {
            // Leave for the handoff's day alone: the shift's part of it is the morning to the handoff (session 61).
            lines.Add(p.Format("LeaveDuringDuty.InShift", p.CoverRange(morning.From, morning.To, TimeZones.Find(n.Rotation.TimeZone)), p.ZoneName(n.Rotation.TimeZone, morning.From, morning.To)));
        }

        if (n.ShortHanded is { } shortHanded)
        {
            // A week not yet announced: she is off it already, but nobody was free to take her place.
            lines.Add(p.Format(ShiftPhrase(n.Rotation, "LeaveDuringDuty.NotAnnounced", p), called));
            lines.Add(ShortHandedLine(shortHanded, p));
            lines.Add(p[ShiftPhrase(n.Rotation, "LeaveDuringDuty.FindSomeone", p)]);
        }
        else
        {
            lines.Add(p.Format(n.Paged ? "LeaveDuringDuty.StillPaged" : "LeaveDuringDuty.StillOnDuty", called));
            lines.Add(p["LeaveDuringDuty.Replace"]);
        }

        if (!string.IsNullOrWhiteSpace(n.By))
        {
            lines.Add(p.Format("LeaveDuringDuty.By", n.By));
        }

        lines.Add("");
        lines.Add(p["Common.Shout"]);
        var model = WithDutyPageLink(
            new LinesView(LanguageTag(n.Language), p.Format("LeaveDuringDuty.Subject", name, WeekSpan(n.Rotation, n.Week, p, n.HandoffDate, "DutyList"), called, days), lines),
            n.BaseUrl, n.Rotation, n.OwnDutyPage, p);
        return new RenderedEmail(model.Subject, templates.RenderText("lines.txt", model, p), templates.RenderHtml("lines.html", model, p));
    }

    /// <summary>
    /// To a cover's replacement whose cover a change made apply again (often the taking-back of the change that made it
    /// unneeded): <c>【障害当番 一時交代の再開】12月7日(月)からの週 山田さんの代わり（12月3日(木) 19:00〜23:00）はあなたが当番です</c>.
    /// Said as the final state, so it reads right whether or not they were told it was not needed.
    /// </summary>
    private RenderedEmail CoverRestoredEmail(CoverRestoredNotice n)
    {
        var p = Phrases.For(n.Language);
        var zone = TimeZones.Find(n.Rotation.TimeZone);
        var name = n.Rotation.DisplayName(n.Language);
        var range = p.CoverRange(n.Cover.Cover.From, n.Cover.Cover.To, zone);
        var zoneName = p.ZoneName(n.Rotation.TimeZone, n.Cover.Cover.From, n.Cover.Cover.To);
        var covered = p.Honorific(NameFor(n.Cover.Member, n.Language));
        var lines = new List<string>
        {
            DutyHeading(name, WeekSpan(n.Rotation, n.Week, p, n.HandoffDate, "Brief"), p),
            p.Format("CoverRestored.Line", p.CoverPeriod(n.Cover.Cover.From, n.Cover.Cover.To, n.Rotation.TimeZone), covered),
        };
        if (!string.IsNullOrWhiteSpace(n.Change.Reason))
        {
            lines.Add(p.Format("Change.Reason", n.Change.Reason));
        }

        if (!string.IsNullOrWhiteSpace(n.Change.By))
        {
            lines.Add(p.Format("Change.By", n.Change.By));
        }

        lines.Add(p["CoverRestored.Pages"]);
        lines.Add("");
        lines.Add(p["Common.Shout"]);
        var model = new LinesView(LanguageTag(n.Language), p.Format("CoverRestored.Subject", name, WeekSpan(n.Rotation, n.Week, p, n.HandoffDate, "DutyList"), covered, range, zoneName), lines);
        return new RenderedEmail(model.Subject, templates.RenderText("lines.txt", model, p), templates.RenderHtml("lines.html", model, p));
    }

    /// <summary>
    /// A cover for part of an announced shift (or its taking-back), with its time range in the rotation's time zone:
    /// <c>【障害当番 一時交代】12月7日(月)からの週 山田さん → 木村さん（12月3日(木) 19:00〜23:00）</c>.
    /// </summary>
    private static (LinesView Model, string Period) CoverChangeModel(DutyChangedNotice n)
    {
        var c = n.Change;
        var p = Phrases.For(n.Language);
        var zone = TimeZones.Find(c.Rotation.TimeZone);
        var name = c.Rotation.DisplayName(n.Language);
        var range = p.CoverPeriod(c.Change.From!.Value, c.Change.To!.Value, c.Rotation.TimeZone);
        var shortRange = p.CoverRange(c.Change.From!.Value, c.Change.To!.Value, zone);
        var zoneName = p.ZoneName(c.Rotation.TimeZone, c.Change.From!.Value, c.Change.To!.Value);
        string Called(Core.Team.Member m) => p.Honorific(NameFor(m, n.Language));

        // A taking-back names the cover as it was: its replacement (now leaving) covering the member (now back).
        var undo = c.Change.Undoes is not null;
        var (covered, covering) = undo ? (c.Replacement, c.Replaced) : (c.Replaced, c.Replacement);
        var subject = undo
            ? p.Format("Change.CoverUndoneSubject", name, WeekSpan(c.Rotation, c.Week, p, StartDay(c.Rotation, c.StartsAt), "DutyList"), Called(covered), shortRange, zoneName)
            : p.Format("Change.CoverSubject", name, WeekSpan(c.Rotation, c.Week, p, StartDay(c.Rotation, c.StartsAt), "DutyList"), Called(covered), Called(covering), shortRange, zoneName);
        var period = p.Format("Format.Period", p.Time(c.StartsAt, zone), p.Time(c.EndsAt, zone), p.ZoneName(c.Rotation.TimeZone, c.StartsAt, c.EndsAt));
        var lines = new List<string>
        {
            DutyHeading(name, WeekSpan(c.Rotation, c.Week, p, StartDay(c.Rotation, c.StartsAt), "Brief"), p),
            period,
            undo
                ? p.Format("Change.CoverUndoneLine", range, Called(covering), Called(covered))
                : p.Format("Change.CoverLine", range, Called(covered), Called(covering), WeekSpan(c.Rotation, c.Week, p, StartDay(c.Rotation, c.StartsAt), "Brief")),
        };
        // A reader in another zone (a member abroad covered for her leave) reads its hours on her clock too (session 61).
        if (n.Reader is { } reader && YourTimeLine(reader, c.Change.From!.Value, c.Change.To!.Value, c.Rotation.TimeZone, p) is { } yours)
        {
            lines.Add(yours);
        }

        if (!string.IsNullOrWhiteSpace(c.Change.Reason))
        {
            lines.Add(p.Format("Change.Reason", c.Change.Reason));
        }

        if (!string.IsNullOrWhiteSpace(c.Change.By))
        {
            lines.Add(p.Format("Change.By", c.Change.By));
        }

        // Who is on duty in the cover's time — the replacement with the partner, not the scheduled pair with the member covered
        // (trial 51): the week's pair is no line of its own, as the cover line names the member covered and says the rest of the
        // week stays as scheduled. A taking-back: the scheduled pair, the member back among them.
        var onDuty = undo ? c.Members : [.. c.Members.Select(m => m.Id == covered.Id ? covering : m).DistinctBy(m => m.Id)];
        lines.Add(p.Format("Format.Labelled", p["Change.CoverOnDuty"], onDuty.Count == 0 ? p["Common.Nobody"] : p.Join(onDuty.Select(m => m.DisplayName))));
        // A cover to the shift's end (a sick PM replaced for the rest of the week) hands nothing back: pages go to the
        // replacement until the next shift, never "to 鈴木さん again" (trial 51 H).
        lines.Add(undo ? p.Format("Change.CoverUndonePages", Called(covered))
            : p.Format(c.Change.To >= c.EndsAt ? "Change.CoverPagesToEnd" : "Change.CoverPages", Called(covering), Called(covered)));
        lines.Add("");
        lines.Add(p["Common.Shout"]);
        return (new LinesView(LanguageTag(n.Language), subject, lines), period);
    }
}
