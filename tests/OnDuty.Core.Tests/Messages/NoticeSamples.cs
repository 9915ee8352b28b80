using OnDuty.Testing;
using System.Globalization;
using OnDuty.Core.Alerts;
using OnDuty.Core.Calendar;
using OnDuty.Core.Comms;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Maintenance;
using OnDuty.Core.Messages;
using OnDuty.Core.Notifications;
using OnDuty.Core.Retros;
using OnDuty.Core.Rotations;
using OnDuty.Core.Seeding;
using OnDuty.Core.Team;

namespace OnDuty.Core.Tests.Messages;

/// <summary>How a sample is rendered.</summary>
public enum NoticeForm
{
    Email,
    Card,
    Page,
    Text,
}

/// <summary>One notice of each kind for the demo roster, with every user-supplied text replaceable (for the encoding test).</summary>
internal static class NoticeSamples
{
    /// <summary>Tuesday 2027-01-12 11:00 in Tokyo: the week whose handoff moved off 成人の日 (Mon 2027-01-11).</summary>
    public static readonly DateTimeOffset Now = new(2027, 1, 12, 2, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Leave of a member in San Francisco to her <paramref name="lastDay"/>, read on <paramref name="asOf"/> (her date), back on her
    /// <paramref name="backOn"/> (trial 61): its ends at her midnights, said in Tokyo's terms (17:00 JST in January).
    /// </summary>
    private static LeaveAbsence AwayAbroad(DateOnly lastDay, DateOnly backOn, DateOnly asOf)
    {
        var la = TimeZones.Find("America/Los_Angeles");
        return new LeaveAbsence(lastDay, backOn, asOf) { Abroad = (TimeZones.StartOfDay(lastDay.AddDays(1), la), TimeZones.StartOfDay(backOn, la), TimeZones.Find(TestZones.Tokyo)) };
    }

    public static IEnumerable<(string Name, NoticeForm Form, Notice Notice)> All(Language language, string? userText = null)
    {
        string U(string text) => userText is null ? text : $"{text} {userText}";

        // Signed in, not on the roster, with Pages__RequireRosterMember on: reads the pages, told whom to ask instead of the forms.
        var notOnRoster = new PageVisitor(U("Partner Person"), "partner@vendor.example").NotOnRoster([U("山田 太郎"), "lead@onduty.example"]);
        var today = new DateOnly(2026, 12, 1);
        var rotation = DemoRoster.Rotations("Asia/Tokyo")[0] with { Name = U("Incident duty"), NameJa = U("障害当番"), NotifyEmails = ["pm-team@onduty.example"] };
        // The samples' schedule is simulated from the rotation's start (2026-01-05) without announced history: members the demo has
        // join later would be left out before their joinedOn. They are taken as on the team from the start, with the experience
        // they have today, so the samples keep the pairs they were written for.
        var members = DemoRoster.Members(today, "Asia/Tokyo").Select(m => m with
        {
            DisplayName = U(m.DisplayName),
            JoinedOn = m.JoinedOn < rotation.StartDate ? m.JoinedOn : rotation.StartDate,
            Level = m.Level != ExperienceLevel.Auto ? m.Level : m.IsExperiencedOn(today) ? ExperienceLevel.Senior : ExperienceLevel.Junior,
        }).ToDictionary(m => m.Id);
        var working = new WorkingCalendar("JP", [new ClosureOptions { From = new DateOnly(2026, 12, 29), To = new DateOnly(2027, 1, 3), Name = U("年末年始"), NameEn = U("New Year closure") }]);
        var input = new ScheduleInput(rotation, members, [new Leave { Id = "l1", MemberId = "suzuki", From = new DateOnly(2027, 1, 18), To = new DateOnly(2027, 1, 22), Note = U("夏季休暇") }], RotationState.Empty)
        {
            WorkingCalendar = working,
        };
        var calendar = input.Calendar();
        var index = calendar.ShiftIndexAt(Now);
        var shifts = ScheduleCalculator.Compute(input, index - 1, 4);
        var shift = shifts[1];
        var next = shifts[2];
        Member M(string id) => members[id];

        var announcement = new DutyAnnouncement(
            rotation, shift.Week, shift.StartsAt, shift.EndsAt, [.. shift.MemberIds.Select(M)], [.. shift.MemberIds.Where(shifts[0].MemberIds.Contains)],
            next.Week, [.. next.MemberIds.Select(M)])
        {
            HandoffMoved = shift.HandoffMoved,
            NextHandoffMoved = next.HandoffMoved,
        };
        yield return ("announcement", NoticeForm.Email, new DutyAnnouncementNotice(language, announcement) { BaseUrl = "https://onduty.example" });
        yield return ("announcement", NoticeForm.Card, new DutyAnnouncementNotice(language, announcement) { BaseUrl = "https://onduty.example" });

        // Trial 32b M4: a member of the pair reads their own next turn (the team lists and the card read none).
        var ahead = ScheduleCalculator.Compute(input, index, NextDuty.LookAhead + 1);
        var toMember = announcement with
        {
            NextDuties = shift.MemberIds.Select(id => (Id: id, Next: NextDuty.After(ahead, id, members, rotation.TimeZone))).Where(x => x.Next is not null).ToDictionary(x => x.Id, x => x.Next!),
        };
        yield return ("announcement-to-member", NoticeForm.Email, new DutyAnnouncementNotice(language, toMember) { BaseUrl = "https://onduty.example", ReaderId = shift.MemberIds[0] });
        // Trial 59: a member of the pair who lives in another zone (San Francisco on the Tokyo rotation) reads the week in hers too.
        var abroad = toMember with { Members = [.. toMember.Members.Select(m => m.Id == shift.MemberIds[0] ? m with { TimeZone = "America/Los_Angeles" } : m)] };
        yield return ("announcement-to-member-abroad", NoticeForm.Email, new DutyAnnouncementNotice(language, abroad) { BaseUrl = "https://onduty.example", ReaderId = shift.MemberIds[0] });

        // Session 49: a week held over past a start moved later, nobody on duty from its end to the new start's first shift (the one
        // after next here): the gap is said and that shift is 「次回の当番」 / "Next shift", not next week's.
        var afterGap = shifts[3];
        var heldOver = announcement with { NextWeek = afterGap.Week, NextMembers = [.. afterGap.MemberIds.Select(M)], NextHandoffMoved = afterGap.HandoffMoved, NobodyUntil = afterGap.StartsAt };
        yield return ("announcement-held-over", NoticeForm.Email, new DutyAnnouncementNotice(language, heldOver) { BaseUrl = "https://onduty.example" });
        yield return ("announcement-held-over", NoticeForm.Card, new DutyAnnouncementNotice(language, heldOver) { BaseUrl = "https://onduty.example" });

        // A block rotation (four-week shifts): "this shift" and the weeks it covers, not "this week" and its first week.
        var block = announcement with { Rotation = rotation with { ShiftWeeks = 4 } };
        yield return ("announcement-block", NoticeForm.Email, new DutyAnnouncementNotice(language, block));
        yield return ("announcement-block", NoticeForm.Card, new DutyAnnouncementNotice(language, block));

        // The pair over 年末年始: the announcement says the closure lies in their own week (trial 32b M1).
        var yearEndIndex = calendar.ShiftIndexOn(new DateOnly(2026, 12, 28));
        var yearEnd = ScheduleCalculator.Compute(input, yearEndIndex, 1)[0];
        var yearEndWeek = announcement with
        {
            Week = yearEnd.Week, StartsAt = yearEnd.StartsAt, EndsAt = yearEnd.EndsAt, NextWeek = calendar.WeekLabel(yearEndIndex + 1),
            HandoffMoved = yearEnd.HandoffMoved, NextHandoffMoved = calendar.HandoffMoveOf(yearEndIndex + 1),
            DaysOff = [.. yearEnd.Notes.Where(n => n.Kind is NoteKind.IncludesClosure or NoteKind.IncludesHolidays)],
        };
        yield return ("announcement-closure", NoticeForm.Email, new DutyAnnouncementNotice(language, yearEndWeek) { BaseUrl = "https://onduty.example" });
        yield return ("announcement-closure", NoticeForm.Card, new DutyAnnouncementNotice(language, yearEndWeek) { BaseUrl = "https://onduty.example" });

        // The same week with one of two on duty (the others on leave): said, with who an unanswered page reaches next (trial 34 H3).
        var alone = yearEndWeek with { Members = [yearEndWeek.Members[0]], ShortHanded = new ShortHandedWeek(1, 2, ["山田 太郎"], null) };
        yield return ("announcement-closure-one-on-duty", NoticeForm.Email, new DutyAnnouncementNotice(language, alone) { BaseUrl = "https://onduty.example" });
        yield return ("announcement-closure-one-on-duty", NoticeForm.Card, new DutyAnnouncementNotice(language, alone) { BaseUrl = "https://onduty.example" });

        // A cover made before the week was announced: listed with its range, in the rotation's time zone.
        var tokyo = TimeSpan.FromHours(9);
        var coverer = M(members.Keys.Order(StringComparer.Ordinal).First(id => !shift.MemberIds.Contains(id)));
        var earlyCover = new Cover { Id = "cv1", MemberId = shift.MemberIds[0], ReplacementId = coverer.Id, From = new DateTimeOffset(2027, 1, 13, 19, 0, 0, tokyo), To = new DateTimeOffset(2027, 1, 13, 23, 0, 0, tokyo), Reason = U("通院") };
        var coveredWeek = announcement with { Covers = [new NamedCover(earlyCover, M(earlyCover.MemberId), coverer)] };
        yield return ("announcement-cover", NoticeForm.Email, new DutyAnnouncementNotice(language, coveredWeek));
        yield return ("announcement-cover", NoticeForm.Card, new DutyAnnouncementNotice(language, coveredWeek));

        // Session 62: leave entered before the week was announced for the handoff morning after its dates keeps its member on it:
        // said with the hours a cover is needed for (00:00 of that Monday to the handoff).
        var morningStart = new DateTimeOffset(announcement.EndsAt.ToOffset(tokyo).Date, tokyo);
        var morningWeek = announcement with { Away = [new AwayInShift(announcement.Members[0], morningStart, announcement.EndsAt)] };
        yield return ("announcement-handoff-morning", NoticeForm.Email, new DutyAnnouncementNotice(language, morningWeek) { BaseUrl = "https://onduty.example" });
        yield return ("announcement-handoff-morning", NoticeForm.Card, new DutyAnnouncementNotice(language, morningWeek) { BaseUrl = "https://onduty.example" });

        // Every lead is on duty this week: one sentence says the leads' step is passed over and who hears instead (trial day 28, H1).
        var leadsWeek = announcement with { LeadsOnDuty = new LeadsOnDuty("pm-org@onduty.example") };
        yield return ("announcement-leads-on-duty", NoticeForm.Email, new DutyAnnouncementNotice(language, leadsWeek) { BaseUrl = "https://onduty.example" });
        yield return ("announcement-leads-on-duty", NoticeForm.Card, new DutyAnnouncementNotice(language, leadsWeek) { BaseUrl = "https://onduty.example" });
        // Every lead on leave some days of the week (trial 34 H3: the only lead away over 年末年始): said with who is paged then.
        var leadsAway = announcement with { LeadsOnLeave = new LeadsAwayDays(new DateOnly(2027, 1, 12), new DateOnly(2027, 1, 15), "pm-org@onduty.example") };
        yield return ("announcement-leads-on-leave", NoticeForm.Email, new DutyAnnouncementNotice(language, leadsAway) { BaseUrl = "https://onduty.example" });
        yield return ("announcement-leads-on-leave", NoticeForm.Card, new DutyAnnouncementNotice(language, leadsAway) { BaseUrl = "https://onduty.example" });
        // The same in a four-week shift: the sentence names the shift's span, not 「今週」.
        yield return ("announcement-block-leads-on-duty", NoticeForm.Email, new DutyAnnouncementNotice(language, block with { LeadsOnDuty = new LeadsOnDuty("pm-org@onduty.example") }));

        var incoming = M(next.MemberIds.First(id => !shift.MemberIds.Contains(id)));
        var partners = next.MemberIds.Where(id => id != incoming.Id).Select(id => M(id).DisplayName).ToList();
        yield return ("reminder", NoticeForm.Email, new DutyReminderNotice(language, rotation, next, incoming with { Language = language }, partners));
        yield return ("reminder-after-leave", NoticeForm.Email, new DutyReminderNotice(language, rotation, next, incoming with { Language = language }, partners) { SentDuringLeave = true });
        // Trial 59: the incoming member lives in San Francisco: the subject and the shift in her time, Tokyo's beside it.
        yield return ("reminder-abroad", NoticeForm.Email, new DutyReminderNotice(language, rotation, next, incoming with { Language = language, TimeZone = "America/Los_Angeles" }, partners));
        // With the duty page, where "register a swap if it does not suit you" is done (trial 48: the reminder linked nothing).
        yield return ("reminder-next-duty", NoticeForm.Email, new DutyReminderNotice(language, rotation, next, incoming with { Language = language }, partners)
        {
            BaseUrl = "https://onduty.example",
            NextDuty = NextDuty.After(ScheduleCalculator.Compute(input, next.Index, NextDuty.LookAhead + 1), incoming.Id, members, rotation.TimeZone),
            NextDutyKnown = true,
        });
        // The welcome mail to a member just added to the roster: their first duty with their partner, how pages reach them (SMS
        // and calls set up, no number of theirs yet: said, pointing at their page), 「対応します」, and the two pages linked.
        var welcomed = incoming with { Language = language, Phone = null };
        yield return ("welcome", NoticeForm.Email, new MemberWelcomeNotice(language, welcomed)
        {
            Rotation = rotation, FirstDuty = NextDuty.Of(next, incoming.Id, members, rotation.TimeZone), SmsEnabled = true, RepliesAccepted = true, CallsFromStep = 1, BaseUrl = "https://onduty.example",
        });
        // Without Team__PublicBaseUrl: no links, and no wording about a page the mail cannot link; SMS for some severities, calls at once.
        yield return ("welcome-no-links", NoticeForm.Email, new MemberWelcomeNotice(language, welcomed)
        {
            Rotation = rotation, FirstDuty = NextDuty.Of(next, incoming.Id, members, rotation.TimeZone), SmsEnabled = true, TextedSeverities = [AlertSeverity.Sev1, AlertSeverity.Sev2],
            CallsFromStep = 0, CalledSeverities = [AlertSeverity.Sev1],
        });
        // Not on any rotation yet (as every member is when first added), mail only: the first duty is not scheduled yet.
        yield return ("welcome-not-scheduled", NoticeForm.Email, new MemberWelcomeNotice(language, welcomed) { TeamsEnabled = false, BaseUrl = "https://onduty.example" });
        // The reminder for the week over 年末年始 says the closure is in it (trial 32b M1).
        yield return ("reminder-closure", NoticeForm.Email, new DutyReminderNotice(language, rotation, yearEnd, incoming with { Language = language }, partners));
        // A turn of two weeks in a row, the second over 年末年始: the reminder says the whole turn (trial 34 H2).
        var beforeYearEnd = ScheduleCalculator.Compute(input, yearEnd.Index - 1, 1)[0];
        yield return ("reminder-turn", NoticeForm.Email, new DutyReminderNotice(language, rotation, beforeYearEnd, incoming with { Language = language }, partners) { RestOfTurn = [yearEnd] });
        var nightCoverer = M(members.Keys.Order(StringComparer.Ordinal).First(id => !next.MemberIds.Contains(id)));
        var night = new Cover { Id = "cv2", MemberId = next.MemberIds[0], ReplacementId = nightCoverer.Id, From = new DateTimeOffset(2027, 1, 20, 19, 0, 0, tokyo), To = new DateTimeOffset(2027, 1, 21, 9, 0, 0, tokyo) };
        yield return ("reminder-cover", NoticeForm.Email, new DutyReminderNotice(language, rotation, next, incoming with { Language = language }, partners)
        {
            Covers = [new NamedCover(night, M(night.MemberId), nightCoverer)],
        });
        // The reminder of a shift whose Monday handoff moved to Tuesday (a holiday): its week named by Tuesday.
        var movedIncoming = M(shift.MemberIds.First(id => !shifts[0].MemberIds.Contains(id)));
        yield return ("reminder-moved", NoticeForm.Email, new DutyReminderNotice(language, rotation, shift, movedIncoming with { Language = language }, [.. shift.MemberIds.Where(id => id != movedIncoming.Id).Select(id => M(id).DisplayName)]));
        // A part-timer on the pair (trial 32b M2): named with their days; Thursday and Friday are the partner's alone.
        var partTimer = M(shift.MemberIds[0]) with { WorkingDays = ["mon", "tue", "wed"] };
        var partTimePartner = M(shift.MemberIds[1]);
        var withPartTimer = new Dictionary<string, Member>(members) { [partTimer.Id] = partTimer };
        var thin = new ScheduleNote(NoteKind.WorkingDaysThin) { WorkingDays = ["thu", "fri"], MemberIds = [partTimePartner.Id] };
        yield return ("announcement-part-time", NoticeForm.Email, new DutyAnnouncementNotice(language, announcement with { Members = [partTimer, partTimePartner], ThinDays = [thin] }));
        yield return ("reminder-part-time", NoticeForm.Email, new DutyReminderNotice(language, rotation, shift with { Notes = [.. shift.Notes, thin] }, partTimePartner with { Language = language }, [partTimer.DisplayName])
        {
            Roster = withPartTimer,
        });
        yield return ("reminder-part-timer", NoticeForm.Email, new DutyReminderNotice(language, rotation, shift with { Notes = [.. shift.Notes, thin] }, partTimer with { Language = language }, [partTimePartner.DisplayName])
        {
            Roster = withPartTimer,
        });
        yield return ("feed-event-part-time", NoticeForm.Email, new FeedEventNotice(language, rotation, shift with { Notes = [.. shift.Notes, thin] }, withPartTimer, null) { MovedStarts = calendar.MovedStarts([shift]) });
        yield return ("calendar-event", NoticeForm.Email, new DutyCalendarEventNotice(language, rotation, shift, M(shift.MemberIds[0]), members));
        // The Outlook event of a week with a part-timer: in the partner's calendar named with their days, in their own with who is paged when.
        yield return ("calendar-event-part-time", NoticeForm.Email, new DutyCalendarEventNotice(language, rotation, shift, partTimePartner, withPartTimer));
        yield return ("calendar-event-part-timer", NoticeForm.Email, new DutyCalendarEventNotice(language, rotation, shift, partTimer, withPartTimer));
        yield return ("calendar-event-cover", NoticeForm.Email, new DutyCalendarEventNotice(language, rotation, shift, coverer, members) { Cover = new NamedCover(earlyCover, M(earlyCover.MemberId), coverer) });
        yield return ("calendar-event-cancelled", NoticeForm.Text, new DutyEventCancelledNotice(language, shift.Week) { Rotation = rotation, ShiftStart = shift.HandoffMoved?.Date ?? shift.StartDate });
        yield return ("feed-event", NoticeForm.Email, new FeedEventNotice(language, rotation, shift, members, null) { MovedStarts = calendar.MovedStarts([shift]) });
        yield return ("feed-event-member", NoticeForm.Email, new FeedEventNotice(language, rotation, shift, members, shift.MemberIds[0]) { MovedStarts = calendar.MovedStarts([shift]) });
        yield return ("feed-name", NoticeForm.Text, new MemberFeedNameNotice(language, M("yamada").DisplayName));
        yield return ("handoff-move", NoticeForm.Text, new HandoffMoveNotice(language, shift.HandoffMoved!, rotation.HandoffTime, rotation.TimeZone));
        yield return ("schedule-page", NoticeForm.Page, new SchedulePageNotice(language, new RotationSchedule(rotation, shifts, members) { MovedStarts = calendar.MovedStarts(shifts) }, Now));

        // The first member of the announced week is replaced by someone off duty, with a reason a person typed.
        var replaced = M(shift.MemberIds[0]);
        var replacement = M("ito");
        var change = new DutyChange { Id = "c1", MemberId = replaced.Id, ReplacementId = replacement.Id, Reason = U("通院のため"), By = U("佐藤 花子"), At = Now };
        var changed = new DutyChangeNotice(rotation, shift.Week, shift.StartsAt, shift.EndsAt, change, replaced, replacement, [replacement, .. shift.MemberIds.Skip(1).Select(M)]);
        yield return ("duty-changed", NoticeForm.Email, new DutyChangedNotice(language, changed) { BaseUrl = "https://onduty.example" });
        yield return ("duty-changed", NoticeForm.Card, new DutyChangedNotice(language, changed));
        // Trial 32b M4: the replacement's own mail says the weeks in a row; the others' (the sample above) do not.
        yield return ("duty-changed-long-run", NoticeForm.Email, new DutyChangedNotice(language, changed with { ReplacementWeeksInARow = 3 }) { ToReplacement = true });
        // Trial 46 N1: the change is half of a trade; the replaced member serves 2027-W04 (from Mon 25 Jan 10:00 JST) in return.
        var tradeHalf = changed with { Change = change with { Kind = OverrideKind.Swap, SwapId = "s1" }, Trade = new TradedShift("2027-W04", new DateTimeOffset(2027, 1, 25, 10, 0, 0, TimeSpan.FromHours(9))) };
        yield return ("duty-traded", NoticeForm.Email, new DutyChangedNotice(language, tradeHalf));
        yield return ("duty-traded", NoticeForm.Card, new DutyChangedNotice(language, tradeHalf));

        // The change replaces the member an earlier cover was for: the cover's replacement hears it is not needed.
        var unneeded = new NamedCover(earlyCover, replaced, coverer);
        // The shift's Monday handoff moved to Tuesday (a holiday): its Japanese week is named by Tuesday, as the announcement said.
        yield return ("cover-cancelled", NoticeForm.Email, new CoverCancelledNotice(language, rotation, shift.Week, unneeded, replacement, change) { HandoffDate = shift.HandoffMoved?.Date });
        yield return ("cover-cancelled-joined", NoticeForm.Email, new CoverCancelledNotice(language, rotation, shift.Week, unneeded, coverer, change with { MemberId = shift.MemberIds[1], ReplacementId = coverer.Id }) { HandoffDate = shift.HandoffMoved?.Date });

        // Session 51: the first member of the announced week, off sick, enters leave from its second day: the others on it and the
        // leads are told that pages still reach them and where to put someone in their place (a colleague entered it: named).
        yield return ("leave-during-duty", NoticeForm.Email, new LeaveDuringDutyNotice(language, rotation, shift.Week, replaced, shift.StartDate.AddDays(1), shift.EndDate)
        {
            HandoffDate = shift.HandoffMoved?.Date, By = U("佐藤 花子"), BaseUrl = "https://onduty.example",
        });
        // The same in a rotation that pages nobody (a maintenance rotation): the member stays on duty, no page is said to reach them.
        yield return ("leave-during-duty-not-paging", NoticeForm.Email, new LeaveDuringDutyNotice(language, rotation, shift.Week, replaced, shift.StartDate.AddDays(1), shift.EndDate)
        {
            HandoffDate = shift.HandoffMoved?.Date, Paged = false,
        });
        // Sessions 61–62: leave for the handoff Monday alone, the day after the shift's dates: the hours in the shift are said.
        var morningFrom = new DateTimeOffset(shift.EndsAt.ToOffset(TimeSpan.FromHours(9)).Date, TimeSpan.FromHours(9));
        yield return ("leave-during-duty-handoff-morning", NoticeForm.Email, new LeaveDuringDutyNotice(language, rotation, shift.Week, replaced, DateOnly.FromDateTime(morningFrom.Date), DateOnly.FromDateTime(morningFrom.Date))
        {
            HandoffDate = shift.HandoffMoved?.Date, Hours = (morningFrom, shift.EndsAt), BaseUrl = "https://onduty.example",
        });
        // Trial 59: the same leave of a member in San Francisco: her dates, and the hours they are in the rotation's zone beside them.
        yield return ("leave-during-duty-abroad", NoticeForm.Email, new LeaveDuringDutyNotice(language, rotation, shift.Week, replaced with { TimeZone = "America/Los_Angeles" }, shift.StartDate.AddDays(1), shift.StartDate.AddDays(2))
        {
            HandoffDate = shift.HandoffMoved?.Date, BaseUrl = "https://onduty.example",
        });
        // Session 52: the same sick week read from her Outlook calendar, entered by nobody: said where it came from.
        yield return ("leave-during-duty-outlook", NoticeForm.Email, new LeaveDuringDutyNotice(language, rotation, shift.Week, replaced, shift.StartDate.AddDays(1), shift.EndDate)
        {
            HandoffDate = shift.HandoffMoved?.Date, FromOutlook = true, BaseUrl = "https://onduty.example",
        });
        // Session 52: leave booked weeks ahead takes the first member of next week (not announced yet) off it, and nobody else is
        // free: her partner and the leads hear the week is short and that an unanswered page goes to the leads at once.
        yield return ("leave-during-duty-short-handed", NoticeForm.Email, new LeaveDuringDutyNotice(language, rotation, next.Week, M(next.MemberIds[0]), next.StartDate, next.EndDate)
        {
            HandoffDate = next.HandoffMoved?.Date, BaseUrl = "https://onduty.example",
            ShortHanded = new ShortHandedWeek(1, 2, [M("yamada").DisplayName], null),
        });

        // The change taken back: the cover applies again, and its replacement hears so.
        var undone = change.UndoneAs("c4", U("退院したため"), Now, U("佐藤 花子"));
        yield return ("cover-restored", NoticeForm.Email, new CoverRestoredNotice(language, rotation, shift.Week, unneeded, undone) { HandoffDate = shift.HandoffMoved?.Date });

        // A week not yet announced traded: the other party hears which week they now have and which they no longer have.
        var trader = M(next.MemberIds[0]);
        var partner = M("ito") with { Language = language };
        var traded = new ScheduleChangeCause { Id = "s1", Kind = ScheduleChangeKind.Swap, MemberId = trader.Id, OtherMemberId = partner.Id, Week = next.Week, OtherWeek = shifts[3].Week, Reason = U("家族の用事"), By = U("山田 太郎") };
        yield return ("schedule-changed-swap", NoticeForm.Email, new ScheduleChangedNotice(language, rotation, traded, partner, trader, partner,
            [new DutyWeek(shifts[3].Week, null, false)], [new DutyWeek(next.Week, next.HandoffMoved?.Date, false)], 8) { BaseUrl = "https://onduty.example" });

        // Session 52: that swap replaced the partner of the member who stays on next week (within two weeks): told in a short mail.
        yield return ("partner-changed", NoticeForm.Email, new PartnerChangedNotice(language, rotation, M(next.MemberIds[1]) with { Language = language },
            [new PartnerChange(next.Week, next.HandoffMoved?.Date, [trader], [partner])]) { By = U("山田 太郎"), BaseUrl = "https://onduty.example" });

        // Leave entered for someone else moved the reader's turn a week earlier (the announced week listed as it stands).
        var leaveEntered = new ScheduleChangeCause { Id = "leave-suzuki-l1", Kind = ScheduleChangeKind.Leave, MemberId = "suzuki", From = new DateOnly(2027, 1, 18), To = new DateOnly(2027, 1, 22), Reason = U("夏季休暇"), By = U("高橋 一郎") };
        yield return ("schedule-changed-leave", NoticeForm.Email, new ScheduleChangedNotice(language, rotation, leaveEntered, trader with { Language = language }, M("suzuki"), null,
            [new DutyWeek(shift.Week, shift.HandoffMoved?.Date, true), new DutyWeek(shifts[3].Week, null, false)], [new DutyWeek(shift.Week, shift.HandoffMoved?.Date, true), new DutyWeek(next.Week, null, false)], 8));

        // Session 52: the same leave also replaced the reader's partner in a week they stay on soon: said in this one mail.
        yield return ("schedule-changed-leave-partner", NoticeForm.Email, new ScheduleChangedNotice(language, rotation, leaveEntered, trader with { Language = language }, M("suzuki"), null,
            [new DutyWeek(next.Week, next.HandoffMoved?.Date, false), new DutyWeek(shifts[3].Week, null, false)], [new DutyWeek(next.Week, next.HandoffMoved?.Date, false)], 8)
        {
            Partners = [new PartnerChange(next.Week, next.HandoffMoved?.Date, [M("suzuki")], [partner])],
        });

        // The reader taken out of the rotation's members: their week not yet announced is gone, the announced one stays.
        var removedCause = new ScheduleChangeCause { Id = "rotation-r1-v2", Kind = ScheduleChangeKind.MemberRemoved, MemberId = trader.Id, AlwaysTell = [trader.Id] };
        yield return ("schedule-changed-member-removed", NoticeForm.Email, new ScheduleChangedNotice(language, rotation, removedCause, trader with { Language = language }, trader with { Language = language }, null,
            [new DutyWeek(shift.Week, shift.HandoffMoved?.Date, true), new DutyWeek(shifts[3].Week, null, false)], [new DutyWeek(shift.Week, shift.HandoffMoved?.Date, true)], 8) { BaseUrl = "https://onduty.example" });

        // Trial 37 M2: a leaving date given to the reader: told as one, their week after it listed as gone.
        var leaving = new ScheduleChangeCause { Id = "member-r1-v2", Kind = ScheduleChangeKind.Roster, MemberId = trader.Id, AlwaysTell = [trader.Id], Details = [new ScheduleChangeDetail(ScheduleChangeDetailKind.Leaving) { NewDate = new DateOnly(2027, 1, 15) }] };
        yield return ("schedule-changed-leaving", NoticeForm.Email, new ScheduleChangedNotice(language, rotation, leaving, trader with { Language = language }, trader with { Language = language }, null,
            [new DutyWeek(shift.Week, shift.HandoffMoved?.Date, true), new DutyWeek(shifts[3].Week, null, false)], [new DutyWeek(shift.Week, shift.HandoffMoved?.Date, true)], 8));

        // Trial 37 M8: a settings edit says what changed, each setting as it was and is.
        var settings = new ScheduleChangeCause
        {
            Id = "rotation-r1-v3", Kind = ScheduleChangeKind.Settings, MemberId = "", By = U("高橋 一郎"),
            Details =
            [
                new ScheduleChangeDetail(ScheduleChangeDetailKind.PairSize) { OldCount = 2, NewCount = 3 },
                new ScheduleChangeDetail(ScheduleChangeDetailKind.MembersAdded) { NewMembers = ["ito"] },
                new ScheduleChangeDetail(ScheduleChangeDetailKind.Handoff)
                {
                    OldCadence = new Cadence { StartDate = rotation.StartDate, HandoffDay = DayOfWeek.Monday, HandoffTime = new TimeOnly(10, 0), ShiftWeeks = 1 },
                    NewCadence = new Cadence { StartDate = rotation.StartDate, HandoffDay = DayOfWeek.Monday, HandoffTime = new TimeOnly(9, 0), ShiftWeeks = 1 },
                },
            ],
        };
        yield return ("schedule-changed-settings", NoticeForm.Email, new ScheduleChangedNotice(language, rotation, settings, trader with { Language = language }, trader with { Language = language }, null,
            [new DutyWeek(shifts[3].Week, null, false)], [new DutyWeek(next.Week, null, false)], 8) { People = new Dictionary<string, Member> { ["ito"] = M("ito") } });

        // Brief J (session 49): the welcomed member (no rotation yet, 「まだありません」) then added to one: their first weeks, and
        // their first shift with its times and partner as the welcome says it.
        var newcomer = new ScheduleChangeCause
        {
            Id = "rotation-r1-v4", Kind = ScheduleChangeKind.Settings, MemberId = "", By = U("高橋 一郎"),
            Details = [new ScheduleChangeDetail(ScheduleChangeDetailKind.MembersAdded) { NewMembers = [incoming.Id] }],
        };
        yield return ("schedule-changed-first-duty", NoticeForm.Email, new ScheduleChangedNotice(language, rotation, newcomer, incoming with { Language = language }, incoming with { Language = language }, null,
            [], [new DutyWeek(next.Week, next.HandoffMoved?.Date, false)], 8)
        {
            People = new Dictionary<string, Member> { [incoming.Id] = incoming }, FirstDuty = NextDuty.Of(next, incoming.Id, members, rotation.TimeZone), BaseUrl = "https://onduty.example",
        });

        // Out of office found in someone's Outlook calendar moved the reader's turn (no 変更者: the sync entered it).
        var outlookLeave = new ScheduleChangeCause { Id = "leave-suzuki-outlook-2027-W03-abc", Kind = ScheduleChangeKind.Leave, MemberId = "suzuki", From = new DateOnly(2027, 1, 18), To = new DateOnly(2027, 1, 24), Outlook = true };
        yield return ("schedule-changed-outlook-leave", NoticeForm.Email, new ScheduleChangedNotice(language, rotation, outlookLeave, trader with { Language = language }, M("suzuki"), null,
            [new DutyWeek(shifts[3].Week, null, false)], [new DutyWeek(next.Week, null, false)], 8));

        // The same member covered for one evening of the week (19:00–23:00 in Tokyo): the pair stays; then the cover taken back.
        var evening = TimeZones.StartOfDay(shift.StartDate.AddDays(2), TimeZones.Find(rotation.TimeZone)).AddHours(19);
        var cover = change with { Id = "c2", From = evening, To = evening.AddHours(4) };
        var covered = new DutyChangeNotice(rotation, shift.Week, shift.StartsAt, shift.EndsAt, cover, replaced, replacement, [.. shift.MemberIds.Select(M)]);
        yield return ("duty-covered", NoticeForm.Email, new DutyChangedNotice(language, covered) { BaseUrl = "https://onduty.example" });
        yield return ("duty-covered", NoticeForm.Card, new DutyChangedNotice(language, covered));
        var uncover = cover.UndoneAs("c3", U("予定が変わったため"), Now, U("佐藤 花子"));
        var uncovered = new DutyChangeNotice(rotation, shift.Week, shift.StartsAt, shift.EndsAt, uncover, replacement, replaced, [.. shift.MemberIds.Select(M)]);
        yield return ("duty-cover-cancelled", NoticeForm.Email, new DutyChangedNotice(language, uncovered));
        var coverEvent = new Cover { Id = "c2", MemberId = replaced.Id, ReplacementId = replacement.Id, From = evening, To = evening.AddHours(4), Reason = U("通院のため"), By = U("佐藤 花子") };
        yield return ("feed-event-cover", NoticeForm.Email, new FeedEventNotice(language, rotation, shift with { Covers = [coverEvent] }, members, replacement.Id) { Cover = coverEvent });

        var assignees = shift.MemberIds.Select(id => AssignedMember.From(M(id))).ToList();
        var incident = Incident.Open(
            "INC-20270112-001",
            new NewIncident { Title = U("Checkout fails for card payments"), Severity = AlertSeverity.Sev1, Source = "alertmanager", UserImpact = U("Users cannot pay by card") },
            assignees, "alert:alertmanager", Now);
        var alerts = new List<FiredAlert>
        {
            new(U("High 5xx rate on checkout-api"), AlertSeverity.Sev1, AlertStatus.Firing)
            {
                Description = U("5xx ratio above 5% for 5 minutes on checkout-api."),
                Labels = [new("severity", "critical"), new("instance", U("checkout-api-7f9c"))],
                Links =
                [
                    new AlertLink(AlertLinkKinds.Generator, new Uri("https://prometheus.example/graph?g0.expr=rate%28http_5xx%5B5m%5D%29&g0.tab=0")),
                    new AlertLink(AlertLinkKinds.Silence, new Uri("https://alertmanager.example/#/silences/new?filter=%7Balertname%3D%22Checkout5xx%22%7D")),
                    new AlertLink(AlertLinkKinds.Link, new Uri("https://status.example/checkout"), U("Status board")),
                ],
                Runbook = new Uri("https://wiki.example/runbooks/checkout-5xx"),
            },
            new(U("Payment provider latency"), AlertSeverity.Sev2, AlertStatus.Resolved)
            {
                Labels = [new("resource", U("payments-gw"))],
                // An Azure Monitor alert's portal links: named by their kind; the English text stored before is left out.
                Links =
                [
                    new AlertLink(AlertLinkKinds.Portal, new Uri("https://portal.azure.com/#blade/Microsoft_Azure_Monitoring/AlertDetailsTemplateBlade/alertId/%2Fsubscriptions%2Fs%2Falerts%2Fa1")),
                    new AlertLink(AlertLinkKinds.Resource, new Uri("https://portal.azure.com/#resource/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/payments-gw"), "Resource in the Azure portal"),
                    new AlertLink(AlertLinkKinds.SearchResults, new Uri("https://portal.azure.com/#blade/Microsoft_Azure_Monitoring_Logs/LogsBlade/source/Alerts.EmailLinks"), "Search results"),
                ],
            },
        };
        IncidentPageNotice Page(IncidentNotice stage, string? link) =>
            new(language, incident, stage, "Asia/Tokyo", link)
            {
                Alerts = alerts, MoreAlerts = 7, Mentions = [.. assignees.Select(a => new Mention(a.DisplayName, a.Email))],
                AckTogetherLink = stage.IsPage ? "https://onduty.example/api/status/ack" : null,
                // Every notice of an incident links its page: where a duty member acknowledges and posts the first update.
                PageLink = "https://onduty.example/api/incidents/INC-20270112-001/page",
            };
        var ackLink = "https://onduty.example/api/ack/eyJ0.sig";
        // The team's standing bridge (Incidents__BridgeUrl): a Teams meeting link, its query with an '&' to encode.
        var bridge = "https://teams.microsoft.com/l/meetup-join/19%3ameeting_Zjk0%40thread.v2/0?context=%7b%22Tid%22%3a%22t%22%7d&anon=true";
        yield return ("incident-page", NoticeForm.Email, Page(IncidentNotice.Page, ackLink));
        yield return ("incident-page", NoticeForm.Card, Page(IncidentNotice.Page, null));
        // A confidential incident (個人情報の漏えいの疑い): the pair's mail reads it whole, the channel's card by id and severity only.
        var confidential = Incident.Restore(incident.ToSnapshot() with { Confidential = true });
        yield return ("incident-page-confidential", NoticeForm.Email, Page(IncidentNotice.Page, ackLink) with { Incident = confidential });
        yield return ("incident-page-confidential", NoticeForm.Card, Page(IncidentNotice.Page, null) with { Incident = confidential });
        yield return ("pm-status-page-confidential", NoticeForm.Page, new StatusPageNotice(language,
            [new StatusBoardEntry(confidential, Now.AddMinutes(5), U("Rotated the leaked keys."))], "Asia/Tokyo", Now.AddMinutes(6)));
        // Each escalation says what comes next if nobody answers: step 2 (the leads) is followed by the organisation's list.
        var toOrganisation = new NextEscalation(3, TimeSpan.FromMinutes(5), ["pm-org@onduty.example"]);
        // The leads' step to a lead: it comes to them as the lead, because the pair has not answered for two ack timeouts (L9).
        yield return ("incident-escalation", NoticeForm.Email, Page(IncidentNotice.Escalation(2), ackLink) with
        {
            BridgeLink = bridge, Next = toOrganisation, AsLead = new LeadsStep([.. incident.Assignees], TimeSpan.FromMinutes(10)),
        });
        // The channel's card of that step says who is paged now and why (the pair, silent for two ack timeouts): one lead, or more.
        var pair = new LeadsStep([.. incident.Assignees], TimeSpan.FromMinutes(10));
        yield return ("incident-escalation", NoticeForm.Card, Page(IncidentNotice.Escalation(2), null) with
        {
            BridgeLink = bridge, Next = toOrganisation, LeadsPaged = pair with { Leads = [U("鈴木 一郎")] },
        });
        yield return ("incident-escalation-two-leads", NoticeForm.Card, Page(IncidentNotice.Escalation(2), null) with
        {
            Next = toOrganisation, LeadsPaged = pair with { Leads = [U("鈴木 一郎"), "lead2@onduty.example"] },
        });
        yield return ("incident-escalation-first", NoticeForm.Email, Page(IncidentNotice.Escalation(1), ackLink) with { Next = new NextEscalation(2, TimeSpan.FromMinutes(15), [U("鈴木 一郎"), "lead2@onduty.example"]) });
        // One lead: "the lead (…) is paged too", not "the leads … are" (trial day 29, L3).
        yield return ("incident-escalation-first-one-lead", NoticeForm.Email, Page(IncidentNotice.Escalation(1), ackLink) with { Next = new NextEscalation(2, TimeSpan.FromMinutes(2), [U("山田 太郎")]) });
        // Every lead is on duty: the leads' step would page nobody new and is passed over, so the pair reads the organisation next (H1).
        yield return ("incident-escalation-first-leads-on-duty", NoticeForm.Email, Page(IncidentNotice.Escalation(1), ackLink) with { Next = toOrganisation });
        // Handed over unanswered at the handoff (trial 30 M3): escalation 1 to a member new to it says whose silence and that it
        // opened before their shift; the member taken off it is told who has it now.
        yield return ("incident-escalation-handed-over", NoticeForm.Email, Page(IncidentNotice.Escalation(1), ackLink) with
        {
            Next = new NextEscalation(2, TimeSpan.FromMinutes(15), [U("鈴木 一郎")]), HandedOverFrom = ["Liam Chen", "伊藤 さくら"],
        });
        yield return ("incident-handed-over", NoticeForm.Email, Page(IncidentNotice.HandedOver(0), null));
        yield return ("incident-escalation-last", NoticeForm.Email, Page(IncidentNotice.Escalation(3), ackLink) with { IsLastStep = true });
        // The partner reads who took it and when (session 47, brief J): the incident as the pager enqueues it, acknowledged.
        var acknowledged = Incident.Open(
            "INC-20270112-001",
            new NewIncident { Title = U("Checkout fails for card payments"), Severity = AlertSeverity.Sev1, Source = "alertmanager", UserImpact = U("Users cannot pay by card") },
            assignees, "alert:alertmanager", Now);
        acknowledged.Acknowledge(assignees[0].Id, Now.AddMinutes(12));
        yield return ("incident-ack", NoticeForm.Email, Page(IncidentNotice.Ack(assignees[0].DisplayName), null) with { Incident = acknowledged });
        yield return ("incident-ack", NoticeForm.Card, Page(IncidentNotice.Ack(assignees[0].DisplayName), null) with { Incident = acknowledged });
        // Session 62, acknowledgement expiry: the holder, quiet for an hour and five minutes, is asked 「まだ対応中ですか？」 with the
        // acknowledge link (by mail, and by text where the severity pages by text); or their snooze ended.
        var stillYours = IncidentNotice.StillYours(1, TimeSpan.FromMinutes(65), TimeSpan.FromMinutes(5), snoozed: false);
        yield return ("incident-still-yours", NoticeForm.Email, Page(stillYours, ackLink) with { Incident = acknowledged });
        yield return ("incident-still-yours-snooze", NoticeForm.Email, Page(IncidentNotice.StillYours(1, TimeSpan.FromMinutes(60), TimeSpan.FromMinutes(5), snoozed: true), ackLink) with { Incident = acknowledged });
        yield return ("sms-still-yours", NoticeForm.Text, new PageTextNotice(language, acknowledged, stillYours, ackLink));
        // Unanswered for the ack timeout: the acknowledgement lapsed and the pair is paged again, told whose it was.
        var lapsed = Incident.Open(
            "INC-20270112-001",
            new NewIncident { Title = U("Checkout fails for card payments"), Severity = AlertSeverity.Sev1, Source = "alertmanager", UserImpact = U("Users cannot pay by card") },
            assignees, "alert:alertmanager", Now.AddMinutes(-90));
        lapsed.Acknowledge(assignees[0].Id, Now.AddMinutes(-85));
        Assert.True(lapsed.RecordAckExpired(Now.AddMinutes(-20), new UpdateIntervals { Sev1 = "01:00:00" }));
        Assert.True(lapsed.ExpireAcknowledgement(Now, new AckTimeouts()));
        yield return ("incident-page-ack-lapsed", NoticeForm.Email, Page(IncidentNotice.Page, ackLink) with { Incident = lapsed, LapsedHolder = assignees[0].DisplayName });
        yield return ("incident-page-ack-lapsed", NoticeForm.Card, Page(IncidentNotice.Page, null) with { Incident = lapsed, LapsedHolder = assignees[0].DisplayName });
        // The one who acknowledged resolved it by hand, the update sent to the stakeholders as the recovery notice: the partner is
        // told who closed it, when, what they wrote, and that nothing is asked of them (trial 48).
        var resolvedByHand = Incident.Open(
            "INC-20270112-001",
            new NewIncident { Title = U("Checkout fails for card payments"), Severity = AlertSeverity.Sev2, Source = "alertmanager", UserImpact = U("Users cannot pay by card") },
            assignees, "alert:alertmanager", Now);
        resolvedByHand.Acknowledge(assignees[0].Id, Now.AddMinutes(12));
        resolvedByHand.PostUpdate(IncidentStatus.Investigating, U("決済APIで5xxエラーが発生しており、調査中です。"), assignees[0].Id, Now.AddMinutes(15));
        resolvedByHand.MarkStakeholderNoticeQueued(resolvedByHand.IssueStakeholderNotice(Now.AddMinutes(15)), ["execs"], AlertSeverity.Sev2, Now.AddMinutes(15));
        const string resolvedSaid = "決済APIの設定を戻し、復旧しました。原因は設定変更の誤りです。";
        resolvedByHand.PostUpdate(IncidentStatus.Resolved, resolvedSaid, assignees[0].Id, Now.AddMinutes(40));
        resolvedByHand.MarkStakeholderNoticeQueued(resolvedByHand.IssueStakeholderNotice(Now.AddMinutes(40)), ["execs"], AlertSeverity.Sev2, Now.AddMinutes(40));
        yield return ("incident-resolved-by-hand", NoticeForm.Email, Page(IncidentNotice.Resolved(assignees[0].DisplayName, 0, U(resolvedSaid)), null) with
        {
            Incident = resolvedByHand, Alerts = [], MoreAlerts = 0,
        });
        // A sender's acknowledge (PagerDuty): the tool is named, and nobody of the team is said to have started.
        yield return ("incident-ack-by-tool", NoticeForm.Email, Page(IncidentNotice.Ack("alert:pagerduty"), null));
        // The same from a tool that named itself (Events v2 `client`, trial day 29 M2): that tool is named, not the route (PagerDuty).
        var ackedByDatadog = Incident.Open(
            "INC-20270112-005",
            new NewIncident { Title = U("検索APIのレイテンシ上昇"), Severity = AlertSeverity.Sev2, Source = "pagerduty" },
            assignees, "alert:pagerduty", Now);
        ackedByDatadog.Acknowledge("alert:pagerduty", Now.AddMinutes(3), via: "Datadog");
        yield return ("incident-ack-by-named-tool", NoticeForm.Email, Page(IncidentNotice.Ack("alert:pagerduty"), null) with { Incident = ackedByDatadog, Alerts = [], MoreAlerts = 0 });
        // A person on duty took over what only Datadog had acknowledged (brief toolack3, 2): the partner reads that it is the one the
        // tool had, now taken in OnDuty; and with a tool that gave no name.
        var takenOver = Incident.Open(
            "INC-20270112-005",
            new NewIncident { Title = U("検索APIのレイテンシ上昇"), Severity = AlertSeverity.Sev2, Source = "pagerduty" },
            assignees, "alert:pagerduty", Now);
        takenOver.Acknowledge("alert:pagerduty", Now.AddMinutes(3), via: "Datadog");
        takenOver.Acknowledge(assignees[0].Id, Now.AddMinutes(5));
        yield return ("incident-ack-over-tool", NoticeForm.Email, Page(IncidentNotice.Ack(assignees[0].DisplayName, overTool: true, tool: "Datadog"), null) with { Incident = takenOver, Alerts = [], MoreAlerts = 0 });
        yield return ("incident-ack-over-tool", NoticeForm.Card, Page(IncidentNotice.Ack(assignees[0].DisplayName, overTool: true, tool: "Datadog"), null) with { Incident = takenOver, Alerts = [], MoreAlerts = 0 });
        yield return ("incident-ack-over-unnamed-tool", NoticeForm.Email, Page(IncidentNotice.Ack(assignees[0].DisplayName, overTool: true), null) with { Incident = takenOver, Alerts = [], MoreAlerts = 0 });
        // An Azure Monitor rule: its Sev1 pages as SEV2 here, said with the alert instead of a bare severity label, and its
        // description (in Japanese, where the title is the rule's name) right under the title; what it measured (trial day 35, L1),
        // and when it fired, 10 minutes before it was detected (L8: a late delivery).
        var armId = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/app-login-prod";
        var azure = Incident.Open(
            "INC-20270112-005",
            new NewIncident { Title = U("login-api-response-time-p95 (app-login-prod)"), Severity = AlertSeverity.Sev2, Source = "azure-monitor", GroupKey = "/subscriptions/s/providers/Microsoft.AlertsManagement/alerts/a2", StartedAt = Now.AddMinutes(-10) },
            assignees, "alert:azure-monitor", Now);
        var azureCondition = new AlertCondition(U("HttpResponseTime"), ">", 3.4215, 3) { Aggregation = "Average", Window = TimeSpan.FromMinutes(5) };
        var azureAlert = new FiredAlert(U("login-api-response-time-p95 (app-login-prod)"), AlertSeverity.Sev2, AlertStatus.Firing)
        {
            Description = U("ログインAPIの応答時間(p95)が3秒を超えています"),
            Labels = [new("severity", "Sev1"), new("resource", armId)],
            Conditions = [azureCondition],
        };
        IncidentPageNotice AzurePage(string? link) => Page(IncidentNotice.Page, link) with
        {
            Incident = azure, Alerts = [azureAlert], MoreAlerts = 0, PageLink = "https://onduty.example/api/incidents/INC-20270112-005/page",
        };
        yield return ("incident-page-azure", NoticeForm.Email, AzurePage(ackLink));
        yield return ("incident-page-azure", NoticeForm.Card, AzurePage(null));
        var mergedPageLink = "https://onduty.example/api/incidents/INC-2027-0001/page";

        // The duplicate as it is when its notice goes: merged (its own status "resolved" is not said: the outage goes on).
        var duplicate = Incident.Open(
            "INC-20270112-001",
            new NewIncident { Title = U("Checkout fails for card payments"), Severity = AlertSeverity.Sev1, Source = "alertmanager", UserImpact = U("Users cannot pay by card") },
            assignees, "alert:alertmanager", Now);
        duplicate.MarkMergedInto("INC-2027-0001", "sato", Now);
        IncidentPageNotice Merged() => Page(IncidentNotice.Merged("INC-2027-0001", U("伊藤 さくら")), null) with { Incident = duplicate, PageLink = mergedPageLink };
        yield return ("incident-merged", NoticeForm.Email, Merged());
        yield return ("incident-merged", NoticeForm.Card, Merged());

        // The merge undone (session 54): whoever had taken it before the merge is told by mail, once, that it is theirs again; it is
        // open with the status it had, its alerts land on it again.
        var unmerged = Incident.Open(
            "INC-20270112-002",
            new NewIncident { Title = U("ログイン失敗率の上昇"), Severity = AlertSeverity.Sev2, Source = "alertmanager", UserImpact = U("一部の利用者がログインできません") },
            assignees, "alert:alertmanager", Now);
        unmerged.Acknowledge(assignees[0].Id, Now.AddMinutes(5));
        unmerged.MarkMergedInto("INC-2027-0001", "sato", Now.AddMinutes(10));
        unmerged.Unmerge("sato", Now.AddMinutes(30), null);
        yield return ("incident-unmerged", NoticeForm.Email, Page(IncidentNotice.Unmerged("INC-2027-0001", U("伊藤 さくら"), unmerged.PageRound), null) with
        {
            Incident = unmerged, Alerts = [new FiredAlert(U("ログイン失敗率が5%を超えています"), AlertSeverity.Sev2, AlertStatus.Firing)], MoreAlerts = 0,
            PageLink = "https://onduty.example/api/incidents/INC-20270112-002/page",
        });

        // Resolved by monitoring a minute after the page, before anyone acknowledged it: those paged hear that nothing is needed.
        var recovered = Incident.Open(
            "INC-20270112-006",
            new NewIncident { Title = U("Checkout fails for card payments"), Severity = AlertSeverity.Sev2, Source = "alertmanager" },
            assignees, "alert:alertmanager", Now);
        recovered.Resolve("alert:alertmanager", Now.AddMinutes(1));
        IncidentPageNotice Recovered() =>
            new(language, recovered, IncidentNotice.Recovered(0), "Asia/Tokyo", null) { PageLink = "https://onduty.example/api/incidents/INC-20270112-006/page" };
        yield return ("incident-recovered", NoticeForm.Email, Recovered());
        yield return ("incident-recovered", NoticeForm.Card, Recovered());
        yield return ("sms-recovered", NoticeForm.Text, new RecoveredTextNotice(language, recovered));

        // Reported by a PM on the form: the first page says who reported it, not detected, and the source reads as such.
        var declaredByPm = Incident.Open(
            "INC-20270112-003",
            new NewIncident { Title = U("管理画面にログインできない"), Severity = AlertSeverity.Sev3, Source = Incident.ManualSource },
            assignees, "sato", Now);
        // Paged again because it came back after resolving: the subject and the first line say so.
        var cameBack = Incident.Open(
            "INC-20270112-004",
            new NewIncident { Title = U("ログイン成功率低下"), Severity = AlertSeverity.Sev1, Source = "grafana" },
            assignees, "alert:grafana", Now);
        cameBack.Resolve("alert:grafana", Now.AddMinutes(20));
        cameBack.Reopen("alert:grafana", Now.AddMinutes(22), "the alert fired again within the reopen window");
        yield return ("incident-page-reopened", NoticeForm.Email, Page(IncidentNotice.Page, ackLink) with { Incident = cameBack, Alerts = [], MoreAlerts = 0, PageLink = "https://onduty.example/api/incidents/INC-20270112-004/page" });
        // A person resolved it while the alert still fired, and monitoring reopened it (trial day 29 M1): the page says why.
        var stillFiring = Incident.Open(
            "INC-20270112-006",
            new NewIncident { Title = U("ログイン失敗率"), Severity = AlertSeverity.Sev2, Source = "grafana" },
            assignees, "alert:grafana", Now);
        stillFiring.Acknowledge(assignees[0].Id, Now.AddMinutes(2));
        stillFiring.Resolve(assignees[0].Id, Now.AddMinutes(20), "fixed");
        stillFiring.Reopen("alert:grafana", Now.AddMinutes(21), "the alert fired again within the reopen window");
        yield return ("incident-page-reopened-over-person", NoticeForm.Email, Page(IncidentNotice.Page, ackLink) with { Incident = stillFiring, Alerts = [], MoreAlerts = 0, PageLink = "https://onduty.example/api/incidents/INC-20270112-006/page" });
        yield return ("incident-page-reopened-over-person", NoticeForm.Card, Page(IncidentNotice.Page, null) with { Incident = stillFiring, Alerts = [], MoreAlerts = 0, PageLink = "https://onduty.example/api/incidents/INC-20270112-006/page" });
        // Trial day 33, H1: monitoring resolved, 山田 told the execs it recovered (the recovery notice), and it fired again: paged as
        // 【再発】 with what the stakeholders were told and when their update is due.
        var toldFixed = Incident.Open(
            "INC-20270112-007",
            new NewIncident { Title = U("カード決済が完了しない"), Severity = AlertSeverity.Sev1, Source = "alertmanager" },
            assignees, "alert:alertmanager", Now);
        toldFixed.Acknowledge(assignees[0].Id, Now.AddMinutes(2));
        toldFixed.PostUpdate(IncidentStatus.Investigating, U("調査中です。"), assignees[0].Id, Now.AddMinutes(3));
        toldFixed.MarkStakeholderNoticeQueued(toldFixed.IssueStakeholderNotice(Now.AddMinutes(3)), ["execs"], AlertSeverity.Sev1, Now.AddMinutes(3));
        toldFixed.Resolve("alert:alertmanager", Now.AddMinutes(16), TimelineTexts.EveryAlertResolved);
        toldFixed.PostUpdate(IncidentStatus.Resolved, U("正常に完了することを確認しました。"), assignees[0].Id, Now.AddMinutes(17));
        toldFixed.MarkStakeholderNoticeQueued(toldFixed.IssueStakeholderNotice(Now.AddMinutes(17)), ["execs"], AlertSeverity.Sev1, Now.AddMinutes(17),
            new NoticePromise { Closed = true, RecoveredAt = Now.AddMinutes(16), Round = 0 });
        toldFixed.Reopen("alert:alertmanager", Now.AddMinutes(18), TimelineTexts.FiredWithinReopenWindow);
        yield return ("incident-page-reopened-after-recovery-notice", NoticeForm.Email, Page(IncidentNotice.Page, ackLink) with { Incident = toldFixed, Alerts = [], MoreAlerts = 0, StakeholderUpdateBy = Now.AddMinutes(50), PageLink = "https://onduty.example/api/incidents/INC-20270112-007/page" });
        yield return ("incident-page-reopened-after-recovery-notice", NoticeForm.Card, Page(IncidentNotice.Page, null) with { Incident = toldFixed, Alerts = [], MoreAlerts = 0, StakeholderUpdateBy = Now.AddMinutes(50), PageLink = "https://onduty.example/api/incidents/INC-20270112-007/page" });
        yield return ("pm-status-page-reopened-after-recovery-notice", NoticeForm.Page, new StatusPageNotice(language,
            [new StatusBoardEntry(toldFixed, Now.AddMinutes(17), U("正常に完了することを確認しました。"))], "Asia/Tokyo", Now.AddMinutes(19)));
        // Resolved again two minutes later, nobody having told them: a new recovery notice is owed, and the times differ.
        var resolvedAgain = Incident.Restore(toldFixed.ToSnapshot());
        resolvedAgain.Resolve("alert:alertmanager", Now.AddMinutes(20), TimelineTexts.EveryAlertResolved);
        yield return ("recovery-owed-recurred", NoticeForm.Email, new RecoveryNoticeOwedNotice(language, resolvedAgain, "Asia/Tokyo") { Link = "https://onduty.example/api/incidents/INC-20270112-007/page" });
        yield return ("pm-incident-page-recovery-time-differs", NoticeForm.Page, new IncidentWorkPageNotice(
            language, new IncidentDetails(new Versioned<Incident>(resolvedAgain, "W/\"r\""), [], [.. toldFixed.PendingTimeline, .. resolvedAgain.PendingTimeline]), "W/\"etag\"", new FormToken("__RequestVerificationToken", "CfDJ8-token"), PageVisitor.Anonymous, "Asia/Tokyo", Now.AddMinutes(22))
        {
            RequestId = "req-33",
        });
        // Where else a PM looks (trial 34): the status page's row, and the general 障害の状況 (the execs' own view leaves it out).
        yield return ("pm-status-page-recovery-time-differs", NoticeForm.Page, new StatusPageNotice(language,
            [new StatusBoardEntry(resolvedAgain, Now.AddMinutes(20), U("正常に完了することを確認しました。"))], "Asia/Tokyo", Now.AddMinutes(22)));
        yield return ("incident-overview-recovery-time-differs", NoticeForm.Page, new IncidentOverviewNotice(language,
            IncidentOverview.From(resolvedAgain, [.. toldFixed.PendingTimeline, .. resolvedAgain.PendingTimeline], TimeSpan.FromMinutes(30), TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo")),
            "Asia/Tokyo", Now.AddMinutes(22)));
        // The 【再発】 page's text and the escalation's call say what the stakeholders were told, as the mail does (short in the text).
        yield return ("sms-page-reopened-after-recovery-notice", NoticeForm.Text, new PageTextNotice(language, toldFixed, IncidentNotice.Page, ackLink) { TimeZone = "Asia/Tokyo" });
        // Trial 59 follow-up: the same text to a duty member in San Francisco says when it came back in her time, Tokyo's beside it.
        yield return ("sms-page-reopened-abroad", NoticeForm.Text, new PageTextNotice(language, toldFixed, IncidentNotice.Page, ackLink) { TimeZone = "Asia/Tokyo", ReaderTimeZone = "America/Los_Angeles" });
        yield return ("call-escalation-reopened-after-recovery-notice", NoticeForm.Text, new PageCallNotice(language, toldFixed, IncidentNotice.Escalation(1)));
        yield return ("incident-page-declared", NoticeForm.Email, Page(IncidentNotice.Page, ackLink) with { Incident = declaredByPm, Alerts = [], MoreAlerts = 0, ReportedBy = U("佐藤 花子"), PageLink = "https://onduty.example/api/incidents/INC-20270112-003/page" });
        yield return ("incident-page-declared", NoticeForm.Card, Page(IncidentNotice.Page, null) with { Incident = declaredByPm, Alerts = [], MoreAlerts = 0, ReportedBy = U("佐藤 花子"), PageLink = "https://onduty.example/api/incidents/INC-20270112-003/page" });
        // Trial 39 M1: a new incident's first page names what else is open under its lead — a person's, taken a minute before, and
        // monitoring's, nobody on it — newest first, then 「ほか 2 件」.
        var openBefore = Incident.Open("INC-20270112-008", new NewIncident { Title = U("決済画面でエラーが表示される"), Severity = AlertSeverity.Sev2 }, assignees, "ito", Now.AddMinutes(-1));
        openBefore.Acknowledge("ito", Now.AddMinutes(-1));
        var monitoringBefore = Incident.Open("INC-20270112-009", new NewIncident { Title = U("[FIRING:1] PaymentApiLatency"), Severity = AlertSeverity.Sev3, Source = "grafana" }, assignees, "alert:grafana", Now.AddMinutes(-95));
        var othersOpen = new OtherOpenIncidents([new(openBefore, U("伊藤 さくら")), new(monitoringBefore, null)], 2, Now);
        yield return ("incident-page-others-open", NoticeForm.Email, Page(IncidentNotice.Page, ackLink) with { OtherOpen = othersOpen });
        yield return ("incident-page-others-open", NoticeForm.Card, Page(IncidentNotice.Page, null) with { OtherOpen = othersOpen });
        var pageLink = "https://onduty.example/api/incidents/INC-20270112-001/page";
        yield return ("incident-help", NoticeForm.Email, Page(IncidentNotice.Help(1, U("伊藤 さくら"), U("決済に詳しい方、障害ページへ")), null) with { PageLink = pageLink, BridgeLink = bridge });
        yield return ("incident-help", NoticeForm.Card, Page(IncidentNotice.Help(1, U("伊藤 さくら"), U("決済に詳しい方、障害ページへ")), null) with { PageLink = pageLink });
        // Trial 61: a lead reassigned it through the API: the new holder is told it is theirs.
        yield return ("incident-assigned", NoticeForm.Email, Page(IncidentNotice.Assigned(U("山田 太郎"), "ito"), null) with { PageLink = pageLink });
        // Session 63: made the communications lead (連絡担当) by 山田: the requests for updates come to them, the notices name them first.
        yield return ("incident-comms-lead", NoticeForm.Email, Page(IncidentNotice.CommsLeadAssigned(U("山田 太郎"), "ito", 1), null) with { PageLink = pageLink });
        // Trial 61: one member asked by name (PagerDuty's "add responders"): the mail says who asks them; no card is sent for it.
        yield return ("incident-help-asked", NoticeForm.Email, Page(IncidentNotice.Help(1, U("伊藤 さくら"), U("決済に詳しい方、障害ページへ")) with { Asked = U("鈴木 一郎") }, null) with { PageLink = pageLink, BridgeLink = bridge });
        var second = Incident.Open("INC-20270112-002", new NewIncident { Title = U("Search returns nothing"), Severity = AlertSeverity.Sev3, Source = "grafana" }, assignees, "alert:grafana", Now);
        // The second only a monitoring tool had acknowledged before: its line says so.
        var together = new IncidentsAcknowledgedNotice(language, U(assignees[0].DisplayName), [incident, second], "https://onduty.example/api/status")
        {
            OverTool = new Dictionary<string, string> { [second.Id] = U("Datadog") },
        };
        yield return ("incidents-acknowledged", NoticeForm.Email, together);
        yield return ("incidents-acknowledged", NoticeForm.Card, together);
        // Monitoring resolved both before anyone took them (a storm): one mail lists them, the status page its last line.
        var recoveredTogether = new IncidentsRecoveredNotice(language, [incident, second], "https://onduty.example/api/status");
        yield return ("incidents-recovered", NoticeForm.Email, recoveredTogether);
        yield return ("incidents-recovered", NoticeForm.Card, recoveredTogether);
        // A storm's duplicates merged into the cause by one request (trial 51): one 統合 notice to each reader listing the duplicates
        // they were told of — the team's names who merged them and links the page, the stakeholders' and followers' their view.
        var mergedTogether = new IncidentsMergedNotice(language, incident, [second, openBefore], MergedNoticeReader.Team) { By = U(assignees[0].DisplayName), Link = pageLink };
        yield return ("incidents-merged", NoticeForm.Email, mergedTogether);
        yield return ("incidents-merged", NoticeForm.Card, mergedTogether);
        yield return ("incidents-merged-stakeholders", NoticeForm.Email, mergedTogether with
        {
            Reader = MergedNoticeReader.Stakeholders, By = null, Link = IncidentMessages.IncidentOverviewLink("https://onduty.example", incident.Id, language, "execs"),
        });
        // A reader told of only one of them (support, told of the SEV1 alone) reads "this incident".
        yield return ("incidents-merged-stakeholders-one", NoticeForm.Email, mergedTogether with
        {
            Duplicates = [second], Reader = MergedNoticeReader.Stakeholders, By = null, Link = IncidentMessages.IncidentOverviewLink("https://onduty.example", incident.Id, language, "support"),
        });
        yield return ("incidents-merged-followers", NoticeForm.Email, mergedTogether with
        {
            Reader = MergedNoticeReader.Followers, By = null, Link = IncidentMessages.IncidentOverviewLink("https://onduty.example", incident.Id, language, null),
        });
        // Each incident listed with its page and, on an escalation, its own next step: the SEV1's timeout is 5 minutes, the SEV3's an hour.
        IncidentsEscalatedNotice Escalated(int step, string? firstLink, string? secondLink) =>
            new(language, step,
                [
                    new(incident, firstLink) { PageLink = pageLink, Next = step > 0 ? new NextEscalation(3, TimeSpan.FromMinutes(5), ["pm-org@onduty.example"]) : null },
                    new(second, secondLink) { PageLink = "https://onduty.example/api/incidents/INC-20270112-002/page", Next = step > 0 ? new NextEscalation(3, TimeSpan.FromHours(1), ["pm-org@onduty.example"]) : null },
                ],
                "Asia/Tokyo", "https://onduty.example/api/status")
            {
                AckTogetherLink = "https://onduty.example/api/status/ack",
            };
        yield return ("incidents-escalated", NoticeForm.Email, Escalated(2, ackLink, "https://onduty.example/api/ack/eyJ1.sig") with { BridgeLink = bridge });
        yield return ("incidents-escalated", NoticeForm.Card, Escalated(2, null, null) with { Mentions = [.. assignees.Select(a => new Mention(a.DisplayName, a.Email))], BridgeLink = bridge });
        // The leads' step to a lead paged about several at night: it comes to them as the lead, the pair named (or, with different
        // pairs, none), as the single mail and the grouped text say it.
        yield return ("incidents-escalated-as-lead", NoticeForm.Email, Escalated(2, ackLink, "https://onduty.example/api/ack/eyJ1.sig") with
        {
            AsLead = new LeadsStep([.. incident.Assignees], TimeSpan.FromMinutes(10)),
        });
        yield return ("incidents-escalated-as-lead-pairs", NoticeForm.Email, Escalated(2, ackLink, "https://onduty.example/api/ack/eyJ1.sig") with
        {
            AsLead = new LeadsStep([], TimeSpan.FromMinutes(10)),
        });
        // The channel's one card on the leads' step: who is paged now and why, as each incident's single card says it.
        yield return ("incidents-escalated-leads-paged", NoticeForm.Card, Escalated(2, null, null) with
        {
            Mentions = [.. assignees.Select(a => new Mention(a.DisplayName, a.Email))],
            LeadsPaged = new LeadsStep([.. incident.Assignees], TimeSpan.FromMinutes(10)) { Leads = [U("鈴木 一郎")] },
        });
        // The organisation's step after the leads were paged: the mail and the card say the pair and the leads did not answer, and
        // for how long (three ack timeouts); the mail names the leads paged before, the card the list paged now.
        IncidentsEscalatedNotice ToOrganisation(IncidentsEscalatedNotice n) =>
            n with { Incidents = [.. n.Incidents.Select(e => e with { Next = null, IsLastStep = true })] };
        yield return ("incidents-escalated-after-leads", NoticeForm.Email, ToOrganisation(Escalated(3, ackLink, "https://onduty.example/api/ack/eyJ1.sig")) with
        {
            AsLead = new LeadsStep([.. incident.Assignees], TimeSpan.FromMinutes(15)) { Leads = [U("鈴木 一郎")], Step = 3, LeadsToo = true },
        });
        yield return ("incidents-escalated-after-leads-pairs", NoticeForm.Email, ToOrganisation(Escalated(3, ackLink, "https://onduty.example/api/ack/eyJ1.sig")) with
        {
            AsLead = new LeadsStep([], TimeSpan.FromMinutes(15)) { Leads = [U("鈴木 一郎"), "lead2@onduty.example"], Step = 3, LeadsToo = true },
        });
        yield return ("incidents-escalated-organisation-paged", NoticeForm.Card, ToOrganisation(Escalated(3, null, null)) with
        {
            Mentions = [.. assignees.Select(a => new Mention(a.DisplayName, a.Email))],
            LeadsPaged = new LeadsStep([.. incident.Assignees], TimeSpan.FromMinutes(15)) { Leads = ["pm-org@onduty.example"], Step = 3, LeadsToo = true },
        });
        // The organisation's step when the leads' step was passed over (no lead besides the pair): the mail and the card say no lead
        // was paged first, not the general wording, and the pair's silence when it went (when the leads' step was due: two ack timeouts).
        yield return ("incidents-escalated-no-leads", NoticeForm.Email, ToOrganisation(Escalated(3, ackLink, "https://onduty.example/api/ack/eyJ1.sig")) with
        {
            AsLead = new LeadsStep([.. incident.Assignees], TimeSpan.FromMinutes(10)) { Step = 3 },
        });
        yield return ("incidents-escalated-no-leads-pairs", NoticeForm.Email, ToOrganisation(Escalated(3, ackLink, "https://onduty.example/api/ack/eyJ1.sig")) with
        {
            AsLead = new LeadsStep([], TimeSpan.FromMinutes(10)) { Step = 3 },
        });
        yield return ("incidents-escalated-no-leads", NoticeForm.Card, ToOrganisation(Escalated(3, null, null)) with
        {
            Mentions = [.. assignees.Select(a => new Mention(a.DisplayName, a.Email))],
            LeadsPaged = new LeadsStep([.. incident.Assignees], TimeSpan.FromMinutes(10)) { Leads = ["pm-org@onduty.example"], Step = 3 },
        });
        yield return ("incidents-escalated-no-leads-pairs", NoticeForm.Card, ToOrganisation(Escalated(3, null, null)) with
        {
            LeadsPaged = new LeadsStep([], TimeSpan.FromMinutes(10)) { Leads = ["pm-org@onduty.example"], Step = 3 },
        });
        yield return ("incidents-paged", NoticeForm.Email, Escalated(0, ackLink, "https://onduty.example/api/ack/eyJ1.sig"));
        // Trial 51: a storm's held first pages name the incidents paged on their own just before the hold (often the cause).
        yield return ("incidents-paged-others-open", NoticeForm.Email, Escalated(0, ackLink, "https://onduty.example/api/ack/eyJ1.sig") with { OtherOpen = othersOpen });
        yield return ("incidents-paged-others-open", NoticeForm.Card, Escalated(0, null, null) with { OtherOpen = othersOpen });
        // Trial 55: first pages a maintenance window held until its end (planned to 03:00, moved to 04:00, never ended by hand): the
        // lead says they were held during maintenance and nobody has answered, each line until when and by which window.
        var migration = new MaintenanceWindow
        {
            Id = "MW-4cf5d9d1", Title = U("決済DBの移行"), From = Now.AddHours(-3), To = Now, Sources = ["alertmanager"],
            Labels = new Dictionary<string, string> { ["service"] = "payments" }, CreatedBy = "ito", CreatedAt = Now.AddDays(-3),
        };
        Incident HeldBy(MaintenanceWindow window, string id, string title, AlertSeverity severity, DateTimeOffset at)
        {
            var held = Incident.Open(id, new NewIncident { Title = U(title), Severity = severity, Source = "alertmanager" }, assignees, "alert:alertmanager", at);
            held.HoldPages(window, at);
            return held;
        }

        var heldOutage = HeldBy(migration, "INC-20270112-010", "決済APIが応答しない", AlertSeverity.Sev1, Now.AddMinutes(-80));
        var heldLag = HeldBy(migration, "INC-20270112-011", "決済DBのレプリケーション遅延", AlertSeverity.Sev3, Now.AddMinutes(-175));
        IncidentsEscalatedNotice HeldPaged() =>
            new(language, 0,
                [
                    new(heldOutage, ackLink) { PageLink = "https://onduty.example/api/incidents/INC-20270112-010/page" },
                    new(heldLag, "https://onduty.example/api/ack/eyJ1.sig") { PageLink = "https://onduty.example/api/incidents/INC-20270112-011/page" },
                ],
                "Asia/Tokyo", "https://onduty.example/api/status")
            {
                AckTogetherLink = "https://onduty.example/api/status/ack",
            };
        yield return ("incidents-paged-after-maintenance", NoticeForm.Email, HeldPaged());
        // Trial 59 follow-up: the combined mail to a duty member in San Francisco says each incident's times in hers first, Tokyo's beside.
        yield return ("incidents-escalated-abroad", NoticeForm.Email, Escalated(1, ackLink, "https://onduty.example/api/ack/eyJ1.sig") with { ReaderTimeZone = "America/Los_Angeles" });
        yield return ("incidents-paged-after-maintenance-abroad", NoticeForm.Email, HeldPaged() with { ReaderTimeZone = "America/Los_Angeles" });
        yield return ("incidents-paged-after-maintenance", NoticeForm.Card, HeldPaged() with { Incidents = [.. HeldPaged().Incidents.Select(e => e with { AckLink = null })] });
        yield return ("incident-page-after-maintenance", NoticeForm.Email, Page(IncidentNotice.Page, ackLink) with { Incident = heldOutage, PageLink = "https://onduty.example/api/incidents/INC-20270112-010/page" });
        // Trial 55: paged at 02:40 about another service while the migration's alert is held: that one is planned work, held, not 「未対応」.
        yield return ("incident-page-others-open-held", NoticeForm.Email, Page(IncidentNotice.Page, ackLink) with { OtherOpen = new OtherOpenIncidents([new(heldLag, null)], 0, Now.AddMinutes(-20)) });
        yield return ("incident-page-after-maintenance", NoticeForm.Card, Page(IncidentNotice.Page, null) with { Incident = heldOutage, PageLink = "https://onduty.example/api/incidents/INC-20270112-010/page" });
        // Trial 36 L6: a storm still open at the handoff, handed over unanswered: one mail listing them, saying they were open and
        // unanswered when duty passed to the reader, and from whom (the whole pair changed; a staggered pair: who stays), and one card.
        IncidentsEscalatedNotice HandedOver(IncidentsEscalatedNotice n, IReadOnlyList<string> from) =>
            n with { Incidents = [.. n.Incidents.Select(e => e with { HandedOverFrom = from, Next = e.Next! with { Step = 2, To = [U("鈴木 一郎")] } })], HandedOverFrom = from };
        yield return ("incidents-handed-over", NoticeForm.Email, HandedOver(Escalated(1, ackLink, "https://onduty.example/api/ack/eyJ1.sig"), ["Liam Chen", "伊藤 さくら"]));
        yield return ("incidents-handed-over-staying", NoticeForm.Email, HandedOver(Escalated(1, ackLink, "https://onduty.example/api/ack/eyJ1.sig"), ["伊藤 さくら"]) with { StillOnDuty = ["Liam Chen"] });
        yield return ("incidents-handed-over", NoticeForm.Card, HandedOver(Escalated(1, null, null), ["Liam Chen", "伊藤 さくら"]) with { Mentions = [.. assignees.Select(a => new Mention(a.DisplayName, a.Email))] });
        // To the member taken off them: one mail saying who has them now (the whole pair changed; a staggered pair: who stays),
        // each listed with its page, no acknowledge link.
        IncidentsEscalatedNotice HandedOverAway() =>
            new(language, 1, [new(incident, null) { PageLink = pageLink }, new(second, null) { PageLink = "https://onduty.example/api/incidents/INC-20270112-002/page" }],
                "Asia/Tokyo", "https://onduty.example/api/status") { HandedOverAway = true };
        yield return ("incidents-handed-over-away", NoticeForm.Email, HandedOverAway());
        yield return ("incidents-handed-over-away-staying", NoticeForm.Email, HandedOverAway() with { StillOnDuty = ["Liam Chen"] });
        yield return ("sms-page", NoticeForm.Text, new PageTextNotice(language, incident, IncidentNotice.Page, ackLink));
        yield return ("sms-escalation", NoticeForm.Text, new PageTextNotice(language, incident, IncidentNotice.Escalation(1), ackLink));
        // Trial 61: one member asked by name to help, or handed the incident, where its severity pages by SMS: who asks, and the page.
        yield return ("sms-help-asked", NoticeForm.Text, new AskedTextNotice(language, incident, IncidentNotice.Help(1, "佐藤 花子", null) with { Asked = "鈴木 一郎" }, pageLink));
        yield return ("sms-assigned", NoticeForm.Text, new AskedTextNotice(language, incident, IncidentNotice.Assigned("山田 太郎", "suzuki"), pageLink));
        yield return ("sms-comms-lead-assigned", NoticeForm.Text, new AskedTextNotice(language, incident, IncidentNotice.CommsLeadAssigned("山田 太郎", "sato", 1), pageLink));
        // The leads' step to a lead: why it comes to them, as their mail says it.
        yield return ("sms-escalation-lead", NoticeForm.Text, new PageTextNotice(language, incident, IncidentNotice.Escalation(2), ackLink)
        {
            AsLead = new LeadsStep([.. incident.Assignees], TimeSpan.FromMinutes(10)),
        });
        yield return ("sms-pages-together", NoticeForm.Text, new PagesTextNotice(language, 0, [incident, second], "https://onduty.example/api/status/ack"));
        yield return ("sms-escalations-together", NoticeForm.Text, new PagesTextNotice(language, 1, [incident, second], "https://onduty.example/api/status/ack"));
        yield return ("sms-page-last-for-a-while", NoticeForm.Text, new PageTextNotice(language, incident, IncidentNotice.Page, ackLink)
        {
            QuietFor = TimeSpan.FromMinutes(15),
            AckTogetherLink = "https://onduty.example/api/status/ack",
        });
        yield return ("sms-pages-last-for-a-while", NoticeForm.Text, new PagesTextNotice(language, 0, [incident, second], "https://onduty.example/api/status/ack") { QuietFor = TimeSpan.FromMinutes(15) });
        yield return ("sms-page-replies", NoticeForm.Text, new PageTextNotice(language, incident, IncidentNotice.Page, ackLink) { RepliesAccepted = true });
        yield return ("sms-reply-acknowledged", NoticeForm.Text, new SmsReplyNotice(language, SmsReplyKind.Acknowledged, [.. Enumerable.Range(1, 7).Select(i => $"INC-2027-{i:0000}")]));
        yield return ("sms-reply-nothing", NoticeForm.Text, new SmsReplyNotice(language, SmsReplyKind.NothingWaiting, []));
        // The partner replied 「1」 after the other on duty took it (trial E): who did.
        yield return ("sms-reply-nothing-taken", NoticeForm.Text, new SmsReplyNotice(language, SmsReplyKind.NothingWaiting, [])
        {
            Taken = [new(incident.Id, IncidentTaker.Of(assignees[1])), new(second.Id, IncidentTaker.Of(assignees[0]))],
        });
        yield return ("sms-reply-help", NoticeForm.Text, new SmsReplyNotice(language, SmsReplyKind.Help, []));
        yield return ("call-escalation", NoticeForm.Text, new PageCallNotice(language, incident, IncidentNotice.Escalation(1)));
        yield return ("call-escalations-together", NoticeForm.Text, new PagesCallNotice(language, 1, [incident, second]));
        yield return ("call-answer-acknowledged", NoticeForm.Text, new CallAnswerNotice(language, [.. Enumerable.Range(1, 5).Select(i => $"INC-2027-{i:0000}")]));
        yield return ("call-answer-nothing", NoticeForm.Text, new CallAnswerNotice(language, []));
        yield return ("call-answer-nothing-taken", NoticeForm.Text, new CallAnswerNotice(language, []) { TakenBy = [IncidentTaker.Of(assignees[1])] });
        yield return ("missed-call", NoticeForm.Email, new MissedCallNotice(language, U("+815011112222"), Now, "Asia/Tokyo"));
        yield return ("missed-call-text", NoticeForm.Text, new MissedCallNotice(language, U("+815011112222"), Now, "Asia/Tokyo"));
        yield return ("missed-call-withheld", NoticeForm.Text, new MissedCallNotice(language, null, Now, "Asia/Tokyo"));
        yield return ("duty-line-connecting", NoticeForm.Text, new DutyLineSpeech(language, DutyLineSpeechKind.Connecting, M("ito")));
        yield return ("duty-line-next", NoticeForm.Text, new DutyLineSpeech(language, DutyLineSpeechKind.Connecting, M("yamada"), M("ito")));
        yield return ("duty-line-missed", NoticeForm.Text, new DutyLineSpeech(language, DutyLineSpeechKind.Missed));
        var heartbeat = new OnDuty.Core.Heartbeats.Heartbeat
        {
            Name = "nightly-batch",
            Title = U("夜間バッチ"),
            Description = U("受注データの夜間集計。止まると翌朝の出荷指示が出ません。"),
            Interval = TimeSpan.FromHours(24),
            Grace = TimeSpan.FromHours(1),
            CreatedBy = "sato",
            CreatedAt = Now.AddDays(-30),
            LastPingAt = Now.AddHours(-26),
            Reported = OnDuty.Core.Heartbeats.HeartbeatReport.Firing,
            DownSince = Now.AddHours(-1),
        };
        yield return ("heartbeat-late-working-days-text", NoticeForm.Text, new HeartbeatAlertNotice(language, heartbeat with { WorkingDaysOnly = true, ExpectedBy = Now.AddHours(-1) }, HeartbeatText.Description, Now, "Asia/Tokyo"));
        var failed = heartbeat with { LastFailAt = Now.AddMinutes(-3), LastFailure = U("exit code 3: 接続タイムアウト") };
        var back = heartbeat with { LastPingAt = Now, Reported = OnDuty.Core.Heartbeats.HeartbeatReport.Resolved, DownSince = null };
        var overrun = heartbeat with { LastStartAt = Now.AddMinutes(-45), MaxRun = TimeSpan.FromMinutes(30) };
        foreach (var (name, h) in new[] { ("late", heartbeat), ("failed", failed), ("back", back), ("overrun", overrun) })
        {
            yield return ($"heartbeat-{name}-title", NoticeForm.Text, new HeartbeatAlertNotice(language, h, HeartbeatText.Title, Now, "Asia/Tokyo"));
            yield return ($"heartbeat-{name}-text", NoticeForm.Text, new HeartbeatAlertNotice(language, h, HeartbeatText.Description, Now, "Asia/Tokyo"));
        }
        // A heartbeat's incident: its title and alert text were stored in the team's language (ja); the alert keeps what it says as
        // data, so every reader's page, SMS, call and ack page word it in their own language (M4). The heartbeat's name stays as typed.
        var heartbeatIncident = Incident.Open(
            "INC-20270112-007",
            new NewIncident { Title = $"ハートビート途絶：{heartbeat.Title}", Severity = AlertSeverity.Sev2, Source = "heartbeat" },
            assignees, "alert:heartbeat", Now);
        var heartbeatAlert = new FiredAlert(heartbeatIncident.Title, AlertSeverity.Sev2, AlertStatus.Firing)
        {
            Description = "（チームの言語で保存された本文：表示には使わない）",
            Labels = [new("resource", "heartbeat/nightly-batch")],
            Heartbeat = OnDuty.Core.Heartbeats.HeartbeatFacts.Of(heartbeat, Now),
        };
        yield return ("heartbeat-incident-page", NoticeForm.Email, new IncidentPageNotice(language, heartbeatIncident, IncidentNotice.Page, "Asia/Tokyo", ackLink)
        {
            Alerts = [heartbeatAlert], PageLink = "https://onduty.example/api/incidents/INC-20270112-007/page",
        });
        // The owner's runbook given with the heartbeat (runbookUrl) is linked as an Alertmanager alert's runbook_url (trial 58).
        yield return ("heartbeat-incident-page-runbook", NoticeForm.Email, new IncidentPageNotice(language, heartbeatIncident, IncidentNotice.Page, "Asia/Tokyo", ackLink)
        {
            Alerts = [heartbeatAlert with { Runbook = new Uri("https://wiki.example.com/runbooks/nightly-batch") }],
            PageLink = "https://onduty.example/api/incidents/INC-20270112-007/page",
        });
        // Heard again 40 minutes after it was due, before anyone acknowledged it: those paged read what was heard and how late (trial 58).
        var heartbeatBack = Incident.Open(
            "INC-20270112-008",
            new NewIncident { Title = $"ハートビート途絶：{heartbeat.Title}", Severity = AlertSeverity.Sev2, Source = "heartbeat", StartedAt = Now.AddMinutes(-1) },
            assignees, "alert:heartbeat", Now);
        heartbeatBack.Resolve("alert:heartbeat", Now.AddMinutes(39));
        IncidentPageNotice HeartbeatRecovered() =>
            new(language, heartbeatBack, IncidentNotice.Recovered(0), "Asia/Tokyo", null) { PageLink = "https://onduty.example/api/incidents/INC-20270112-008/page" };
        yield return ("heartbeat-incident-recovered", NoticeForm.Email, HeartbeatRecovered());
        yield return ("heartbeat-incident-recovered", NoticeForm.Card, HeartbeatRecovered());
        // Session 59: the heartbeat's owner (not on the roster) is named in the page and told, for her information, when it stops and
        // when it is heard again; the recovery text and a storm's combined recovery mail say what was heard and how late.
        var owned = heartbeat with { Owner = new OnDuty.Core.Heartbeats.HeartbeatOwner("nakamura@onduty.example", U("中村")) };
        yield return ("heartbeat-incident-page-owner", NoticeForm.Email, new IncidentPageNotice(language, heartbeatIncident, IncidentNotice.Page, "Asia/Tokyo", ackLink)
        {
            Alerts = [heartbeatAlert with { Heartbeat = OnDuty.Core.Heartbeats.HeartbeatFacts.Of(owned, Now) }],
            PageLink = "https://onduty.example/api/incidents/INC-20270112-007/page",
        });
        // With the team's base URL, her heartbeat's status page and the incident's page are linked, as the pair's mails link them.
        yield return ("heartbeat-owner-down", NoticeForm.Email, new HeartbeatOwnerNotice(language, owned, Now, "Asia/Tokyo", heartbeatIncident)
        {
            StatusLink = "https://onduty.example/api/status#h-heartbeats", PageLink = "https://onduty.example/api/incidents/INC-20270112-007/page",
        });
        yield return ("heartbeat-owner-back", NoticeForm.Email, new HeartbeatOwnerNotice(
            language, owned with { LastPingAt = Now.AddMinutes(39), Reported = OnDuty.Core.Heartbeats.HeartbeatReport.Resolved, DownSince = null }, Now.AddMinutes(39), "Asia/Tokyo", heartbeatBack)
        {
            StatusLink = "https://onduty.example/api/status#h-heartbeats", PageLink = $"https://onduty.example/api/incidents/{heartbeatBack.Id}/page",
        });
        yield return ("heartbeat-owner-down-address-only", NoticeForm.Email, new HeartbeatOwnerNotice(language, owned with { Owner = new("nakamura@onduty.example") }, Now, "Asia/Tokyo", null));
        yield return ("sms-heartbeat-recovered", NoticeForm.Text, new RecoveredTextNotice(language, heartbeatBack) { TimeZone = "Asia/Tokyo" });
        yield return ("recovered-together-heartbeat", NoticeForm.Email, new IncidentsRecoveredNotice(language, [heartbeatBack], "https://onduty.example/api/status") { TimeZone = "Asia/Tokyo" });
        yield return ("sms-heartbeat-incident", NoticeForm.Text, new PageTextNotice(language, heartbeatIncident, IncidentNotice.Page, ackLink));
        yield return ("call-heartbeat-incident", NoticeForm.Text, new PageCallNotice(language, heartbeatIncident, IncidentNotice.Page));
        // Stored before the alert kept its data: the title (half-width colon then) is still worded for the reader, the text as stored.
        var heartbeatBefore = Incident.Open(
            "INC-20270112-008",
            new NewIncident { Title = $"ハートビート途絶: {heartbeat.Title}", Severity = AlertSeverity.Sev2, Source = "heartbeat" },
            assignees, "alert:heartbeat", Now);
        yield return ("heartbeat-incident-page-stored-before", NoticeForm.Email, new IncidentPageNotice(language, heartbeatBefore, IncidentNotice.Page, "Asia/Tokyo", ackLink)
        {
            Alerts = [new FiredAlert(heartbeatBefore.Title, AlertSeverity.Sev2, AlertStatus.Firing) { Description = $"{heartbeat.Title} は 24時間ごとに届く予定ですが、2027/01/12 09:00 を過ぎても届いていません。" }],
        });
        // An incident about refused deliveries: title, alert text and rows stored in the team's language (ja), the refusal kept as data
        // beside them, so every reader's page, SMS and call word it in their own language. One stored before the data was kept reads as stored.
        var refusal = new RefusedDelivery(AlertSource.Grafana, RefusalCause.Unreadable, Now.AddMinutes(-2), [U("$.alerts[0].labels: expected an object")],
            Path: "$.alerts[0].labels", PostTo: AlertSource.Alertmanager).Stored();
        var refusalIncident = Incident.Open(
            "INC-20270112-009",
            new NewIncident { Title = "Grafana からの通知を読めませんでした（形式の誤り）", Severity = AlertSeverity.Sev2, Source = "grafana", GroupKey = refusal.GroupKey, Refusal = refusal },
            assignees, "alert:grafana", Now);
        yield return ("refusal-incident-page", NoticeForm.Email, new IncidentPageNotice(language, refusalIncident, IncidentNotice.Page, "Asia/Tokyo", ackLink)
        {
            Alerts = [new FiredAlert(refusalIncident.Title, AlertSeverity.Sev2, AlertStatus.Firing) { Description = "（チームの言語で保存された本文：表示には使わない）", Refusal = refusal }],
            PageLink = "https://onduty.example/api/incidents/INC-20270112-009/page",
        });
        yield return ("sms-refusal-incident", NoticeForm.Text, new PageTextNotice(language, refusalIncident, IncidentNotice.Page, ackLink));
        var refusalBefore = Incident.Open(
            "INC-20270112-010",
            new NewIncident { Title = "Grafana からの通知を読めませんでした（形式の誤り）", Severity = AlertSeverity.Sev2, Source = "grafana", GroupKey = refusal.GroupKey },
            assignees, "alert:grafana", Now);
        yield return ("refusal-incident-page-stored-before", NoticeForm.Email, new IncidentPageNotice(language, refusalBefore, IncidentNotice.Page, "Asia/Tokyo", ackLink)
        {
            Alerts = [new FiredAlert(refusalBefore.Title, AlertSeverity.Sev2, AlertStatus.Firing) { Description = "2027年1月12日(火) 10:58（JST）に Grafana から届いた通知（/api/alerts/grafana）を、OnDuty は 400 で受け付けませんでした。" }],
        });
        // A title the English voice cannot say: the call says the source and number instead; the Japanese voice reads it.
        var unsayable = Incident.Open("INC-2026-0003", new NewIncident { Title = U("[FIRING:1] ログイン失敗率 (auth)"), Severity = AlertSeverity.Sev1, Source = "grafana" }, assignees, "alert:grafana", Now);
        yield return ("call-title-not-in-voice", NoticeForm.Text, new PageCallNotice(language, unsayable, IncidentNotice.Page));
        yield return ("call-titles-not-in-voice", NoticeForm.Text, new PagesCallNotice(language, 1, [unsayable, second]));
        yield return ("call-test", NoticeForm.Text, new CallTestNotice(language, M("ito").DisplayName));
        yield return ("call-test-passed", NoticeForm.Text, new CallTestPassedNotice(language));
        var anonymous = new FormToken("__RequestVerificationToken", "CfDJ8-token");
        yield return ("ack-together-page", NoticeForm.Page, new AckTogetherPageNotice(language, [incident, second], anonymous, PageVisitor.Anonymous, "Asia/Tokyo", Now.AddMinutes(12)));
        yield return ("ack-together-page-none-ticked", NoticeForm.Page, new AckTogetherPageNotice(language, [incident, second], anonymous, PageVisitor.Anonymous, "Asia/Tokyo", Now.AddMinutes(12))
        {
            Values = new Dictionary<string, string> { ["by"] = "" },
            Errors = new Dictionary<string, string[]> { ["by"] = ["required"], ["ids"] = ["noneTicked"] },
        });
        yield return ("ack-together-page-not-on-roster", NoticeForm.Page, new AckTogetherPageNotice(language, [incident, second], anonymous, notOnRoster, "Asia/Tokyo", Now.AddMinutes(12)));
        // Only a monitoring tool acknowledged the second (brief toolack3, 1): offered too, and its row says so.
        var toolOnly = Incident.Open(
            "INC-20270112-009",
            new NewIncident { Title = U("検索APIのレイテンシ上昇"), Severity = AlertSeverity.Sev2, Source = "pagerduty" },
            assignees, "alert:pagerduty", Now.AddMinutes(4));
        toolOnly.Acknowledge("alert:pagerduty", Now.AddMinutes(5), via: "Datadog");
        yield return ("ack-together-page-tool-only", NoticeForm.Page, new AckTogetherPageNotice(language, [incident, toolOnly], anonymous, PageVisitor.Anonymous, "Asia/Tokyo", Now.AddMinutes(12)));
        yield return ("ack-together-page-done", NoticeForm.Page, new AckTogetherPageNotice(language, [], anonymous, new PageVisitor(U("伊藤 さくら"), "ito@onduty.example"), "Asia/Tokyo", Now) { Acknowledged = 2 });

        var declared = Incident.Open(
            "INC-2027-0007",
            new NewIncident
            {
                Title = U("決済画面が開かない"),
                Severity = AlertSeverity.Sev2,
                UserImpact = U("Some users cannot open the checkout screen"),
                Workaround = U("Pay from the web site instead of the app"),
                AffectedAreas = [U("checkout")],
                Platforms = [U("iOS"), "Android"],
                StartedAt = Now.AddMinutes(-20),
            },
            assignees, assignees[0].Id, Now.AddMinutes(-10));
        StakeholderNotice Told(Incident about, int number, string? update) => new(language, about, number, "Asia/Tokyo")
        {
            Update = update,
            UpdatedBy = assignees[0].DisplayName,
            UpdatedAt = Now,
            NextUpdateBy = about.IsOpen ? Now.AddHours(1) : null,
            Link = $"https://onduty.example/api/incidents/{about.Id}/overview?lang={(language == Language.Ja ? "ja" : "en")}",
        };
        yield return ("stakeholder-first", NoticeForm.Email, Told(declared, 1, null) with { NextUpdateBy = null });
        yield return ("stakeholder-update", NoticeForm.Email, Told(declared, 2, U("Rolled back the 10:05 release; errors are falling.")));
        yield return ("stakeholder-update", NoticeForm.Card, Told(declared, 2, U("Rolled back the 10:05 release; errors are falling.")) with { SentTo = ["経営層", "サポート"] });
        // Confidential: the audience picked reads it whole; the channel's card says only that a confidential incident was updated.
        var declaredConfidential = Incident.Restore(declared.ToSnapshot() with { Confidential = true });
        yield return ("stakeholder-update-confidential", NoticeForm.Email, Told(declaredConfidential, 2, U("Rolled back the 10:05 release; errors are falling.")));
        yield return ("stakeholder-update-confidential", NoticeForm.Card, Told(declaredConfidential, 2, U("Rolled back the 10:05 release; errors are falling.")) with { SentTo = ["経営層"] });
        var resolved = Incident.Restore(declared.ToSnapshot());
        resolved.PostUpdate(IncidentStatus.Resolved, U("Checkout works again for everyone."), assignees[0].Id, Now.AddMinutes(30));
        yield return ("stakeholder-resolved", NoticeForm.Email, Told(resolved, 3, U("Checkout works again for everyone.")));
        // The final report (最終報) after the retro: prefilled from the record and the retro, two action items of which the PM kept one
        // (the other is internal), the cause as they wrote it; the retro's hard-to-judge notes are not in it.
        var retroForReport = new RetroContent
        {
            Summary = U("The 10:05 release broke the checkout screen for some app users; rolling it back restored it."),
            Impact = U("Some app users could not open the checkout screen."),
            HardToJudge = U("Whether to roll back before the cause was known."),
            ActionItems =
            [
                new ActionItem { Title = U("Add a checkout smoke test to the release pipeline"), Owner = assignees[0].Id, Due = new DateOnly(2027, 1, 29) },
                new ActionItem { Title = U("Update the on-call manual's rollback section"), Owner = assignees[1].Id },
            ],
        };
        var prefilled = FinalReportService.Prefill(resolved, retroForReport);
        yield return ("final-report", NoticeForm.Email, new FinalReportNotice(language, resolved, "Asia/Tokyo", prefilled with
        {
            Cause = U("A configuration change in the 10:05 release."),
            Measures = [prefilled.Measures[0]],
        })
        {
            Link = $"https://onduty.example/api/incidents/{resolved.Id}/overview?lang={(language == Language.Ja ? "ja" : "en")}",
        });
        // A correction of that final report (【訂正】): what the readers were told and what is right, the impact in words and a measure's
        // due date, then the corrected report in full; and one whose text before was too long to keep.
        var reportSaid = prefilled with { Cause = U("A configuration change in the 10:05 release."), Measures = [prefilled.Measures[0]] };
        var reportRight = reportSaid with
        {
            Impact = U("Card payments of iOS app users failed; other payments worked."),
            Measures = [reportSaid.Measures[0] with { Due = new DateOnly(2027, 2, 26) }],
        };
        yield return ("final-report-correction", NoticeForm.Email, new FinalReportNotice(language, resolved, "Asia/Tokyo", reportRight)
        {
            Link = $"https://onduty.example/api/incidents/{resolved.Id}/overview?lang={(language == Language.Ja ? "ja" : "en")}",
            Correction = new FinalReportCorrection(resolved.ResolvedAt!.Value.AddDays(3), reportSaid),
        });
        yield return ("final-report-correction-unkept", NoticeForm.Email, new FinalReportNotice(language, resolved, "Asia/Tokyo", reportRight)
        {
            Correction = new FinalReportCorrection(resolved.ResolvedAt!.Value.AddDays(3), null),
        });
        // An audience of PR or support (Comms__Audiences__{name}__Drafts) with its own contact (…__Contact): ■お問い合わせ先 says that,
        // not the duty pair, and the customer drafts are linked with their state — 未承認 while open, 承認済み once approved.
        var drafts = $"https://onduty.example/api/incidents/{declared.Id}/page?lang={(language == Language.Ja ? "ja" : "en")}#h-drafts";
        yield return ("stakeholder-update-drafts", NoticeForm.Email, Told(declared, 2, U("Rolled back the 10:05 release; errors are falling.")) with
        {
            Contact = U("広報部 山田（pr@onduty.example）"), DraftsLink = drafts,
        });
        yield return ("stakeholder-resolved-drafts", NoticeForm.Email, Told(resolved, 3, U("Checkout works again for everyone.")) with { DraftsLink = drafts, DraftsState = StakeholderDraftsState.Approved, AnswersCustomers = true });
        // Approved while it was going on, then it recovered: as the page warns under the approver's name, not 未承認.
        yield return ("stakeholder-resolved-drafts-changed", NoticeForm.Email, Told(resolved, 3, U("Checkout works again for everyone.")) with { DraftsLink = drafts, DraftsState = StakeholderDraftsState.ChangedSinceApproved, AnswersCustomers = true });
        yield return ("stakeholder-resolved-cause", NoticeForm.Email, Told(resolved, 3, U("Checkout works again for everyone.")) with
        {
            Cause = U("決済代行の証明書の期限切れ"), NextSteps = U("証明書の期限を監視し、30 日前に通知します。"),
        });
        // A recovery that also changed the impact, the cause and the next steps: only the impact is said to have changed (the
        // ■原因 and ■今後の対応 sections are there in full).
        yield return ("stakeholder-resolved-changes", NoticeForm.Email, Told(resolved, 3, U("Checkout works again for everyone.")) with
        {
            Cause = U("決済代行の証明書の期限切れ"), NextSteps = U("証明書の期限を監視し、30 日前に通知します。"),
            Changes = [IncidentChange.Impact, IncidentChange.Cause, IncidentChange.NextSteps],
        });
        // Raised from SEV3: the first notice of an audience the raise added, and the next one of those told before.
        yield return ("stakeholder-raised-first", NoticeForm.Email, Told(declared, 1, U("Every user is affected now.")) with { SeverityBefore = AlertSeverity.Sev3 });
        // A details edit with no message, raising the severity and adding a workaround: a reader the raise added reads the latest
        // status message a person wrote before it; every reader reads what changed.
        yield return ("stakeholder-details-first", NoticeForm.Email, Told(declared, 1, null) with
        {
            SeverityBefore = AlertSeverity.Sev3,
            EarlierUpdate = U("原因は iOS アプリ v5.12.0 の設定誤りと判明しました。"),
            Changes = [IncidentChange.WorkaroundAdded, IncidentChange.Impact],
        });
        yield return ("stakeholder-details-update", NoticeForm.Email, Told(declared, 3, null) with { Changes = [IncidentChange.WorkaroundChanged] });
        // Sent as a correction of 第2報 (【訂正】, session 56): what the readers were told of the impact and the start, and what is right,
        // once apologised for; 「影響範囲を更新しました。」 is not said besides.
        yield return ("stakeholder-correction", NoticeForm.Email, Told(declared, 3, U("第2報の影響範囲と発生日時に誤りがありました。")) with
        {
            Changes = [IncidentChange.Impact, IncidentChange.StartedAt],
            Corrections =
            [
                new DetailCorrection(ToldDetail.StartedAt, null, null) { StartWas = declared.StartedAt.AddMinutes(45), StartIs = declared.StartedAt },
                new DetailCorrection(ToldDetail.Impact, U("Every user cannot pay"), declared.UserImpact),
                new DetailCorrection(ToldDetail.Workaround, null, declared.Workaround),
            ],
            Corrects = 2,
        });
        // An update that only asked to tell support too (alsoTell): readers told before read why it came.
        yield return ("stakeholder-also-told", NoticeForm.Email, Told(declared, 3, null) with { AlsoTold = [language == Language.Ja ? "サポート" : "Support"] });
        yield return ("stakeholder-lowered", NoticeForm.Card, Told(declared, 4, U("Only iOS is affected now.")) with { SeverityBefore = AlertSeverity.Sev1 });
        // The cause found and the severity raised in one update: the status change, then the raise, open the notice (what the
        // lock screen shows), and ■重大度 says where it was raised from.
        var identified = Incident.Restore(declared.ToSnapshot());
        identified.PostUpdate(IncidentStatus.Identified, U("原因は iOS アプリ v5.12.0 の設定誤りと判明しました。"), assignees[0].Id, Now);
        yield return ("stakeholder-status-raised", NoticeForm.Email, Told(identified, 2, U("原因は iOS アプリ v5.12.0 の設定誤りと判明しました。")) with
        {
            StatusBefore = IncidentStatus.Investigating,
            SeverityBefore = AlertSeverity.Sev3,
        });
        // The incident a declared duplicate was merged into: its readers, told 第1報 and the 【統合】 第2報 about the duplicate, read
        // 第3報 here, saying once what they were told it as, and that the severity is higher than the duplicate's notices said.
        yield return ("stakeholder-continued", NoticeForm.Email, Told(declared, 3, U("Rolled back the 10:05 release; errors are falling.")) with
        {
            ContinuesFrom = "INC-2027-0006",
            SeverityBefore = AlertSeverity.Sev3,
        });
        var merged = Incident.Restore(declared.ToSnapshot());
        merged.MarkMergedInto("INC-2027-0001", assignees[0].Id, Now.AddMinutes(20));
        yield return ("stakeholder-merged", NoticeForm.Email, Told(merged, 3, null));
        // The followers' copy (in no audience): they follow the incident merged into now, and its updates come to them from there.
        yield return ("stakeholder-merged-followers", NoticeForm.Email, Told(merged, 3, null) with { ToFollowers = true });
        // The incident merged into promised its next update: the duplicate's readers learn by when (trial day 29, L8).
        // ... and it is SEV1 while they were told of a SEV2: ■重大度 is the one they follow now (trial day 33, M8).
        yield return ("stakeholder-merged-next-update", NoticeForm.Email, Told(merged, 3, null) with { ContinuedNextUpdateBy = Now.AddMinutes(50), ContinuedSeverity = AlertSeverity.Sev1 });
        // An audience in London (Comms__Audiences__{name}__TimeZone): every time in GMT with JST beside it, as their update and
        // as the recovery with its impact span.
        // 田中 is on leave today (trial 56): ■お問い合わせ先 names the other duty member only, not someone away for two weeks.
        yield return ("stakeholder-update-contact-away", NoticeForm.Email, Told(declared, 2, U("Rolled back the 10:05 release; errors are falling.")) with
        {
            ContactsAway = new HashSet<string>([declared.Assignees[0].Id], StringComparer.Ordinal),
        });
        // A lead outside the duty pair took it over (trial 54): ■お問い合わせ先 names them first, then the pair.
        yield return ("stakeholder-update-contact-holder", NoticeForm.Email, Told(declared, 2, U("Rolled back the 10:05 release; errors are falling.")) with
        {
            Holder = new AssignedMember("kato", U("加藤 誠"), "kato@example.com", Language.Ja),
        });
        // Session 63: a communications lead (連絡担当) set: ■お問い合わせ先 names them first, then the holder from outside the pair, then the pair.
        yield return ("stakeholder-update-contact-comms-lead", NoticeForm.Email, Told(declared, 2, U("Rolled back the 10:05 release; errors are falling.")) with
        {
            Holder = new AssignedMember("kato", U("加藤 誠"), "kato@example.com", Language.Ja),
            CommsLead = new AssignedMember("ito", U("伊藤 さくら"), "ito@example.com", Language.Ja),
        });
        yield return ("stakeholder-update-london", NoticeForm.Email, Told(declared, 2, U("Rolled back the 10:05 release; errors are falling.")) with { ReaderTimeZone = "Europe/London" });
        yield return ("stakeholder-resolved-london", NoticeForm.Email, Told(resolved, 3, U("Checkout works again for everyone.")) with { ReaderTimeZone = "Europe/London" });
        // Trial 51: told 「第2報：障害は復旧しました。」 and it came back: the next notice says so first, with the recovery time they were told.
        yield return ("stakeholder-recurred", NoticeForm.Email, Told(toldFixed, 3, U("The errors are back; we are looking into it.")));
        yield return ("stakeholder-recurred-london", NoticeForm.Email, Told(toldFixed, 3, U("The errors are back; we are looking into it.")) with { ReaderTimeZone = "Europe/London" });
        // Stakeholders were told to expect the next update by 11:05 (JST), and it is past: the reminder says so.
        yield return ("update-nudge", NoticeForm.Email, new UpdateNudgeNotice(language, declared, TimeSpan.FromMinutes(90), Now.AddMinutes(-95), "Asia/Tokyo")
        {
            Link = $"https://onduty.example/api/incidents/{declared.Id}/page",
            PromisedBy = Now.AddMinutes(-5),
            PromisePassed = true,
            Holder = new Acknowledger("tanaka", "tanaka", "tanaka@example.com", U("田中 健"), Language.Ja),
        });
        // The communications lead 佐藤 let two reminders pass: the pair and the holder are reminded too, and read why; 佐藤 reads that they are.
        yield return ("update-nudge-comms-lead-unanswered", NoticeForm.Email, new UpdateNudgeNotice(language, declared, TimeSpan.FromMinutes(150), Now.AddMinutes(-155), "Asia/Tokyo")
        {
            Link = $"https://onduty.example/api/incidents/{declared.Id}/page",
            PromisedBy = Now.AddMinutes(-65),
            PromisePassed = true,
            Holder = new Acknowledger("tanaka", "tanaka", "tanaka@example.com", U("田中 健"), Language.Ja),
            CommsLeadUnanswered = new AssignedMember("sato", U("佐藤 花子"), "sato@example.com", Language.Ja),
        });
        yield return ("update-nudge-comms-lead-unanswered-to-lead", NoticeForm.Email, new UpdateNudgeNotice(language, declared, TimeSpan.FromMinutes(150), Now.AddMinutes(-155), "Asia/Tokyo")
        {
            Link = $"https://onduty.example/api/incidents/{declared.Id}/page",
            PromisedBy = Now.AddMinutes(-65),
            PromisePassed = true,
            Holder = new Acknowledger("tanaka", "tanaka", "tanaka@example.com", U("田中 健"), Language.Ja),
            CommsLeadUnanswered = new AssignedMember("sato", U("佐藤 花子"), "sato@example.com", Language.Ja),
            ToCommsLead = true,
        });
        // After the weekly handoff: the pair on duty now is reminded with 田中, who took it last week and is off duty now.
        yield return ("update-nudge-after-handoff", NoticeForm.Email, new UpdateNudgeNotice(language, declared, TimeSpan.FromMinutes(90), Now.AddMinutes(-95), "Asia/Tokyo")
        {
            Link = $"https://onduty.example/api/incidents/{declared.Id}/page",
            Holder = new Acknowledger("tanaka", "tanaka", "tanaka@example.com", U("田中 健"), Language.Ja),
            HolderOffDuty = true,
        });
        // 田中 took it and went on leave with it open (trial 56): the pair on duty is reminded, not him, and reads that he is away.
        yield return ("update-nudge-holder-on-leave", NoticeForm.Email, new UpdateNudgeNotice(language, declared, TimeSpan.FromMinutes(90), Now.AddMinutes(-95), "Asia/Tokyo")
        {
            Link = $"https://onduty.example/api/incidents/{declared.Id}/page",
            Holder = new Acknowledger("tanaka", "tanaka", "tanaka@example.com", U("田中 健"), Language.Ja),
            HolderOffDuty = true,
            HolderAwayUntil = new LeaveAbsence(new DateOnly(2027, 1, 22), new DateOnly(2027, 1, 25), new DateOnly(2027, 1, 12)),
        });
        // The Saturday after 田中's leave to Friday 22 Jan: he is back on Monday 25, and the line names that day, not 「22日(金)まで休暇中」.
        yield return ("update-nudge-holder-back-monday", NoticeForm.Email, new UpdateNudgeNotice(language, declared, TimeSpan.FromMinutes(90), Now.AddMinutes(-95), "Asia/Tokyo")
        {
            Link = $"https://onduty.example/api/incidents/{declared.Id}/page",
            Holder = new Acknowledger("tanaka", "tanaka", "tanaka@example.com", U("田中 健"), Language.Ja),
            HolderOffDuty = true,
            HolderAwayUntil = new LeaveAbsence(new DateOnly(2027, 1, 22), new DateOnly(2027, 1, 25), new DateOnly(2027, 1, 23)),
        });
        // Trial 61: the holder works from San Francisco; her leave to her Friday 22 Jan ends at 23 Jan 00:00 PST, 17:00 JST: said to the
        // minute in the team's terms; on her weekend after it, the time she is back (her Monday 00:00, 25 Jan 17:00 JST).
        yield return ("update-nudge-holder-abroad-on-leave", NoticeForm.Email, new UpdateNudgeNotice(language, declared, TimeSpan.FromMinutes(90), Now.AddMinutes(-95), "Asia/Tokyo")
        {
            Link = $"https://onduty.example/api/incidents/{declared.Id}/page",
            Holder = new Acknowledger("emma", "emma", "emma@example.com", "Emma Wilson", Language.En),
            HolderOffDuty = true,
            HolderAwayUntil = AwayAbroad(new DateOnly(2027, 1, 22), new DateOnly(2027, 1, 25), new DateOnly(2027, 1, 12)),
        });
        yield return ("update-nudge-holder-abroad-back-monday", NoticeForm.Email, new UpdateNudgeNotice(language, declared, TimeSpan.FromMinutes(90), Now.AddMinutes(-95), "Asia/Tokyo")
        {
            Link = $"https://onduty.example/api/incidents/{declared.Id}/page",
            Holder = new Acknowledger("emma", "emma", "emma@example.com", "Emma Wilson", Language.En),
            HolderOffDuty = true,
            HolderAwayUntil = AwayAbroad(new DateOnly(2027, 1, 22), new DateOnly(2027, 1, 25), new DateOnly(2027, 1, 23)),
        });
        // Opened by monitoring and acknowledged, nobody updated: no stakeholder has heard anything, and the update sends the 第1報.
        yield return ("update-nudge-nothing-told", NoticeForm.Email, new UpdateNudgeNotice(language, declared, TimeSpan.FromMinutes(12), Now.AddMinutes(-12), "Asia/Tokyo")
        {
            Link = $"https://onduty.example/api/incidents/{declared.Id}/page",
            NothingToldYet = true,
            FirstAudiences = [U("経営層"), U("サポート")],
        });

        // Opened by monitoring, the execs and support told (第1報), then resolved by monitoring: the recovery notice is owed.
        var autoResolved = Incident.Open(
            "INC-2027-0011",
            new NewIncident { Title = U("決済APIの5xxエラー率が10%を超えています"), Severity = AlertSeverity.Sev1, Source = "alertmanager", StartedAt = Now.AddMinutes(-2) },
            assignees, "alert:alertmanager", Now);
        autoResolved.PostUpdate(IncidentStatus.Investigating, U("決済APIで5xxエラーが発生しており、エンジニアが調査中です。"), assignees[0].Id, Now.AddMinutes(5));
        autoResolved.MarkStakeholderNoticeQueued(autoResolved.IssueStakeholderNotice(Now.AddMinutes(5)), ["execs", "support"], AlertSeverity.Sev1, Now.AddMinutes(5));
        autoResolved.Resolve("alert:alertmanager", Now.AddMinutes(20), TimelineTexts.EveryAlertResolved);
        var incidentLink = $"https://onduty.example/api/incidents/{autoResolved.Id}/page";
        // The execs by the name the team gives them (Comms__Audiences__execs__DisplayName); support has none and reads as its key.
        var audienceNames = new Dictionary<string, string> { ["execs"] = language == Language.Ja ? "経営層" : "Executives" };
        yield return ("recovery-owed", NoticeForm.Email, new RecoveryNoticeOwedNotice(language, autoResolved, "Asia/Tokyo") { Link = incidentLink, AudienceNames = audienceNames });
        yield return ("recovery-owed", NoticeForm.Card, new RecoveryNoticeOwedNotice(language, autoResolved, "Asia/Tokyo") { Link = incidentLink });
        // Acknowledged by 田中, who sent the 第1報: the partner reads that it is 田中's to send, and theirs only if 田中 cannot; 田中
        // reads that it is theirs; the channel, whose it is (trial 48).
        var ackedThenRecovered = Incident.Open(
            "INC-2027-0011",
            new NewIncident { Title = U("決済APIの5xxエラー率が10%を超えています"), Severity = AlertSeverity.Sev1, Source = "alertmanager", StartedAt = Now.AddMinutes(-2) },
            assignees, "alert:alertmanager", Now);
        ackedThenRecovered.Acknowledge(assignees[0].Id, Now.AddMinutes(3));
        ackedThenRecovered.PostUpdate(IncidentStatus.Investigating, U("決済APIで5xxエラーが発生しており、エンジニアが調査中です。"), assignees[0].Id, Now.AddMinutes(5));
        ackedThenRecovered.MarkStakeholderNoticeQueued(ackedThenRecovered.IssueStakeholderNotice(Now.AddMinutes(5)), ["execs", "support"], AlertSeverity.Sev1, Now.AddMinutes(5));
        ackedThenRecovered.Resolve("alert:alertmanager", Now.AddMinutes(20), TimelineTexts.EveryAlertResolved);
        RecoveryNoticeOwedNotice Owed(bool readerTookIt) => new(language, ackedThenRecovered, "Asia/Tokyo")
        {
            Link = incidentLink, AudienceNames = audienceNames, TakenBy = assignees[0].DisplayName, ReaderTookIt = readerTookIt, FirstNoticeBy = assignees[0].DisplayName,
        };
        yield return ("recovery-owed-taken", NoticeForm.Email, Owed(readerTookIt: false));
        yield return ("recovery-owed-taken", NoticeForm.Card, Owed(readerTookIt: false));
        yield return ("recovery-owed-taken-by-reader", NoticeForm.Email, Owed(readerTookIt: true));
        // Taken over (「対応を引き継ぐ」) by the other of the pair after 田中 sent the 第1報: the holder is named with when they took it
        // over (not 田中's acknowledgement), and 田中, no longer asked, is still named as the 第1報's sender (the five-day walk, F3).
        RecoveryNoticeOwedNotice TakenOver(bool readerTookIt) => new(language, ackedThenRecovered, "Asia/Tokyo")
        {
            Link = incidentLink, AudienceNames = audienceNames, TakenBy = assignees[1].DisplayName, ReaderTookIt = readerTookIt, FirstNoticeBy = assignees[0].DisplayName,
            TookOverAt = Now.AddMinutes(12),
        };
        yield return ("recovery-owed-taken-over", NoticeForm.Email, TakenOver(readerTookIt: false));
        yield return ("recovery-owed-taken-over", NoticeForm.Card, TakenOver(readerTookIt: false));
        yield return ("recovery-owed-taken-over-by-reader", NoticeForm.Email, TakenOver(readerTookIt: true));
        yield return ("recovery-owed-again", NoticeForm.Email, new RecoveryNoticeOwedNotice(language, autoResolved, "Asia/Tokyo")
        {
            Reminder = 2, Interval = TimeSpan.FromMinutes(30), Link = incidentLink,
        });

        // Session 57: 田中 had it, monitoring resolved it and the pair was asked to report the recovery; it fired again 40 minutes later
        // and reopened under 田中's acknowledgement, paging nobody: those asked read not to send it (mail and card).
        var refired = Incident.Restore(ackedThenRecovered.ToSnapshot());
        refired.RecordRecoveryReminder(1, Now.AddMinutes(30));
        refired.Reopen("alert:alertmanager", Now.AddMinutes(60), TimelineTexts.FiredWithinReopenWindow);
        var withdrawn = refired.Comms.RecoveryAskWithdrawn!;
        yield return ("recovery-ask-withdrawn", NoticeForm.Email, new RecoveryAskWithdrawnNotice(language, refired, withdrawn, "Asia/Tokyo") { Link = incidentLink, TakenBy = assignees[0].DisplayName });
        yield return ("recovery-ask-withdrawn", NoticeForm.Card, new RecoveryAskWithdrawnNotice(language, refired, withdrawn, "Asia/Tokyo") { Link = incidentLink, TakenBy = assignees[0].DisplayName });
        // Nobody had taken it: the reopen pages the pair (【再発】), and the page says the ask is withdrawn.
        var refiredUntaken = Incident.Restore(autoResolved.ToSnapshot());
        refiredUntaken.RecordRecoveryReminder(1, Now.AddMinutes(30));
        refiredUntaken.Reopen("alert:alertmanager", Now.AddMinutes(60), TimelineTexts.FiredWithinReopenWindow);
        yield return ("incident-page-reopened-recovery-ask-withdrawn", NoticeForm.Email, Page(IncidentNotice.Page, ackLink) with { Incident = refiredUntaken, Alerts = [], MoreAlerts = 0, PageLink = incidentLink });

        // Declared by a PM, an Alertmanager alert merged in, set to 経過観察中: every alert resolved, and it stays open (trial 39 M4).
        var watched = Incident.Open(
            "INC-2027-0014",
            new NewIncident { Title = U("決済画面が開かない"), Severity = AlertSeverity.Sev2, StartedAt = Now.AddMinutes(-50) },
            assignees, U("佐藤 花子"), Now.AddMinutes(-45));
        watched.PostUpdate(IncidentStatus.Monitoring, U("念のため1時間経過観察します。"), assignees[0].Id, Now.AddMinutes(-10));
        yield return ("alerts-resolved", NoticeForm.Email, new AlertsResolvedNotice(language, watched, "Asia/Tokyo")
        {
            Source = "alertmanager", ResolvedAt = Now.AddMinutes(-1), Link = $"https://onduty.example/api/incidents/{watched.Id}/page?status=resolved#h-update",
        });
        yield return ("alerts-resolved", NoticeForm.Card, new AlertsResolvedNotice(language, watched, "Asia/Tokyo")
        {
            Source = "alertmanager", ResolvedAt = Now.AddMinutes(-1), Link = $"https://onduty.example/api/incidents/{watched.Id}/page?status=resolved#h-update",
        });

        // The same, with Grafana's alert and one Datadog sent through the Events v2 format merged in: the mail names both tools.
        yield return ("alerts-resolved-tools", NoticeForm.Email, new AlertsResolvedNotice(language, watched, "Asia/Tokyo")
        {
            Source = "pagerduty", Tools = [new AlertTool("grafana", null), new AlertTool("pagerduty", U("Datadog"))], ResolvedAt = Now.AddMinutes(-1),
            Link = $"https://onduty.example/api/incidents/{watched.Id}/page?status=resolved#h-update",
        });

        // 「障害の状況」, the view the notices link: declared SEV3 (support told, 第1報), then raised to SEV2 with a message and a
        // promised next update (execs added: their 第1報, support's 第2報); then recovered with the cause; and the one above,
        // resolved by monitoring with the recovery not yet told.
        var told = Incident.Open(
            "INC-2027-0013",
            new NewIncident
            {
                Title = U("iOSアプリで請求書PDFがダウンロードできない"), Severity = AlertSeverity.Sev3, UserImpact = U("iOS アプリから請求書 PDF を開けません。"),
                Workaround = U("Web 版から同じ PDF をダウンロードできます。"), AffectedAreas = [U("請求書")], Platforms = ["iOS"], StartedAt = Now.AddMinutes(-40),
            },
            assignees, U("佐藤 花子"), Now.AddMinutes(-30));
        told.MarkStakeholderNoticeQueued(told.IssueStakeholderNotice(Now.AddMinutes(-30)), ["support"], AlertSeverity.Sev3, Now.AddMinutes(-30));
        told.PostUpdate(IncidentStatus.Identified, U("原因は PDF 取得先の URL 設定の誤りと判明しました。"), assignees[1].Id, Now.AddMinutes(-5),
            new IncidentEdit { Severity = AlertSeverity.Sev2, NextUpdateAt = Now.AddMinutes(40) }, new AckTimeouts());
        told.MarkStakeholderNoticeQueued(told.IssueStakeholderNotice(Now.AddMinutes(-5)), ["execs", "support"], AlertSeverity.Sev2, Now.AddMinutes(-5));
        IncidentOverviewNotice Overview(Incident about, IReadOnlyList<TimelineEntry> timeline, string? reader = null) =>
            new(language, IncidentOverview.From(about, timeline, TimeSpan.FromHours(1), TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo"), reader: reader), "Asia/Tokyo", Now)
            {
                Names = members.Values.ToDictionary(m => m.Id, m => m.DisplayName),
            };
        yield return ("incident-overview", NoticeForm.Page, Overview(told, [.. told.PendingTimeline]));
        // As an executive's mail links it (?for=execs): only their notice, as their 第1報; support's link reads its 第2報 and 第1報.
        yield return ("incident-overview-for-execs", NoticeForm.Page, Overview(told, [.. told.PendingTimeline], "execs"));
        // Support's own contact (Comms__Audiences__support__Contact) ends the facts, as its mails end; the executives' view names the duty pair.
        yield return ("incident-overview-for-support", NoticeForm.Page, Overview(told, [.. told.PendingTimeline], "support") with { Contact = U("サポート窓口 当番（内線 1234）") });
        // The execs in London (their TimeZone): the times of their view as their mail gave them.
        yield return ("incident-overview-for-execs-london", NoticeForm.Page, Overview(told, [.. told.PendingTimeline], "execs") with { ReaderTimeZone = "Europe/London" });
        var toldRecovered = Incident.Restore(told.ToSnapshot());
        toldRecovered.PostUpdate(IncidentStatus.Resolved, U("修正版 v5.12.1 を配信し、復旧しました。"), assignees[1].Id, Now.AddMinutes(30),
            new IncidentEdit { ResolvedAt = Now.AddMinutes(20), NextSteps = U("リリース前の設定レビューを必須にします。") });
        toldRecovered.MarkStakeholderNoticeQueued(toldRecovered.IssueStakeholderNotice(Now.AddMinutes(30)), ["execs", "support"], AlertSeverity.Sev2, Now.AddMinutes(30));
        yield return ("incident-overview-resolved", NoticeForm.Page, Overview(toldRecovered, [.. told.PendingTimeline, .. toldRecovered.PendingTimeline]));
        // Trial 55: the final report sent three days on, as support's view (?for=support) lists it to a lead coming back a week later:
        // the latest word, ■原因 and ■再発防止策 as it said them, and what it said at the top of the history; the general view names its audiences.
        var finalReported = Incident.Restore(toldRecovered.ToSnapshot());
        finalReported.MarkFinalReportSent(Now.AddDays(3), assignees[1].Id, ["execs", "support"], 3, new FinalReportText
        {
            Summary = U("iOS アプリ v5.12.0 の設定誤りで、請求書 PDF を開けない状態が約1時間続きました。"),
            Impact = U("iOS アプリで請求書 PDF を開こうとした利用者（Web 版・Android 版は影響なし）。"),
            Cause = U("v5.12.0 のリリースで、PDF 取得先の URL 設定が検証環境のものになっていました。"),
            Measures = [new FinalReportMeasure(U("リリース前の設定レビューを必須にする"), new DateOnly(2027, 1, 29)), new FinalReportMeasure(U("PDF 取得の外形監視を追加する"), null)],
        });
        IReadOnlyList<TimelineEntry> reportedTimeline = [.. told.PendingTimeline, .. toldRecovered.PendingTimeline, .. finalReported.PendingTimeline];
        yield return ("incident-overview-final-report-for-support", NoticeForm.Page, Overview(finalReported, reportedTimeline, "support"));
        yield return ("incident-overview-final-report", NoticeForm.Page, Overview(finalReported, reportedTimeline));
        // Notice 3 sent because a details edit changed the impact: the history says so.
        var impactChanged = Incident.Restore(told.ToSnapshot());
        impactChanged.PostUpdate(null, null, assignees[1].Id, Now.AddMinutes(5), new IncidentEdit { UserImpact = U("iOS と Android のアプリから請求書 PDF を開けません。") });
        impactChanged.MarkStakeholderNoticeQueued(impactChanged.IssueStakeholderNotice(Now.AddMinutes(5)), ["execs", "support"], AlertSeverity.Sev2, Now.AddMinutes(5));
        yield return ("incident-overview-impact", NoticeForm.Page, Overview(impactChanged, [.. told.PendingTimeline, .. impactChanged.PendingTimeline]));
        // Audiences by the names their readers use: the execs as 経営層 in Japanese and Executives in English
        // (Comms__Audiences__execs__DisplayNameEn), support with no English name as the team knows it (サポート), not by its key.
        var named = new CommsOptions
        {
            Audiences =
            {
                ["execs"] = new AudienceOptions { Members = ["ceo@onduty.example"], DisplayName = "経営層", DisplayNameEn = "Executives" },
                ["support"] = new AudienceOptions { Members = ["cs@onduty.example"], DisplayName = "サポート" },
            },
        };
        yield return ("incident-overview-names", NoticeForm.Page, new IncidentOverviewNotice(
            language,
            IncidentOverview.From(told, [.. told.PendingTimeline], TimeSpan.FromHours(1), TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo"), a => named.DisplayNameOf(a, language)),
            "Asia/Tokyo",
            Now)
        {
            Names = members.Values.ToDictionary(m => m.Id, m => m.DisplayName),
        });
        yield return ("incident-overview-recovery-owed", NoticeForm.Page, Overview(autoResolved, [.. autoResolved.PendingTimeline]));
        var toldMerged = Incident.Restore(told.ToSnapshot());
        toldMerged.MarkMergedInto("INC-2027-0001", assignees[0].Id, Now.AddMinutes(10));
        toldMerged.MarkStakeholderNoticeQueued(3, ["execs", "support"], AlertSeverity.Sev2, Now.AddMinutes(10));
        yield return ("incident-overview-merged", NoticeForm.Page, Overview(toldMerged, [.. told.PendingTimeline, .. toldMerged.PendingTimeline]));
        // The execs' link: the incident it goes on under is linked for them too.
        yield return ("incident-overview-merged-for-execs", NoticeForm.Page, Overview(toldMerged, [.. told.PendingTimeline, .. toldMerged.PendingTimeline], "execs"));
        // The one it goes on under has promised its next update: the duplicate's view gives that time (trial day 29, L8).
        yield return ("incident-overview-merged-next-time", NoticeForm.Page, Overview(toldMerged, [.. told.PendingTimeline, .. toldMerged.PendingTimeline], "execs") with
        {
            Overview = Overview(toldMerged, [.. told.PendingTimeline, .. toldMerged.PendingTimeline], "execs").Overview with { ContinuedNextUpdateBy = Now.AddMinutes(50) },
        });
        // The one it went on under has recovered (its recovery told): the duplicate's view says so, not 「… で対応中」, and promises nothing more.
        yield return ("incident-overview-merged-target-recovered", NoticeForm.Page, Overview(toldMerged, [.. told.PendingTimeline, .. toldMerged.PendingTimeline], "execs") with
        {
            Overview = Overview(toldMerged, [.. told.PendingTimeline, .. toldMerged.PendingTimeline], "execs").Overview with { ContinuedRecovered = true },
        });
        // The view of the incident it was merged into, before it told anyone itself: the execs' notices about the duplicate, said
        // which incident they were about, and the next update they were promised (trial day 29, H2).
        var before = Overview(toldMerged, [.. told.PendingTimeline, .. toldMerged.PendingTimeline], "execs").Overview;
        yield return ("incident-overview-merged-into-for-execs", NoticeForm.Page, new IncidentOverviewNotice(
            language,
            new IncidentOverview(incident, [.. before.Notices.Select(n => n with { Incident = toldMerged.Id })]) { Audience = "execs", NextUpdateBy = Now.AddMinutes(35) },
            "Asia/Tokyo",
            Now)
        {
            Names = members.Values.ToDictionary(m => m.Id, m => m.DisplayName),
        });

        AckPageNotice Ack(AckPageKind kind) => new(language, kind, incident.Id)
        {
            Title = incident.Title,
            Severity = incident.Severity,
            Status = incident.Status,
            AcknowledgedBy = kind == AckPageKind.Acknowledged ? assignees[0].Id : null,
            Acknowledger = kind == AckPageKind.Acknowledged ? assignees[0] : null,
            AcknowledgedAt = kind == AckPageKind.Acknowledged ? Now.AddMinutes(3) : null,
            ByReader = kind == AckPageKind.Acknowledged,
            ActingAs = assignees[0].DisplayName,
            TimeZone = "Asia/Tokyo",
        };
        yield return ("ack-page-confirm", NoticeForm.Page, Ack(AckPageKind.Confirm));
        // Sent to the organisation's list: the name is asked; and posted without one.
        yield return ("ack-page-list", NoticeForm.Page, Ack(AckPageKind.Confirm) with { ActingAs = "pm-org@onduty.example", AskName = true });
        yield return ("ack-page-list-nameless", NoticeForm.Page, Ack(AckPageKind.Confirm) with { ActingAs = "pm-org@onduty.example", AskName = true, NameMissing = true });
        // Posted with an address (or OnDuty's, the API's or a tool's name) for a name: refused, the form again saying why.
        yield return ("ack-page-list-address", NoticeForm.Page, Ack(AckPageKind.Confirm) with { ActingAs = "pm-org@onduty.example", AskName = true, NameRefused = true });
        yield return ("ack-page-done", NoticeForm.Page, Ack(AckPageKind.Acknowledged));
        // The partner's press came first (the reader's lost the race): theirs, in the third person.
        yield return ("ack-page-done-by-partner", NoticeForm.Page, Ack(AckPageKind.Acknowledged) with { AcknowledgedBy = assignees[1].Id, Acknowledger = assignees[1], ByReader = false });
        yield return ("ack-page-done-by-tool", NoticeForm.Page, Ack(AckPageKind.Acknowledged) with { AcknowledgedBy = "alert:pagerduty", Acknowledger = null });
        yield return ("ack-page-done-by-named-tool", NoticeForm.Page, Ack(AckPageKind.Acknowledged) with { AcknowledgedBy = "alert:pagerduty", AcknowledgedVia = "Datadog", Acknowledger = null });
        // The partner took it first: who and when, the incident page, no button (a press recorded nothing, trial E night).
        yield return ("ack-page-already", NoticeForm.Page, Ack(AckPageKind.Taken) with { AcknowledgedBy = assignees[1].Id, Acknowledger = assignees[1], AcknowledgedAt = Now.AddMinutes(2) });
        // Only a monitoring tool acknowledged it: the button stays, a person's press takes it over.
        yield return ("ack-page-already-by-tool", NoticeForm.Page, Ack(AckPageKind.Confirm) with { AcknowledgedBy = "alert:pagerduty", AcknowledgedVia = "Datadog", AcknowledgedAt = Now.AddMinutes(2) });
        yield return ("ack-page-resolved", NoticeForm.Page, Ack(AckPageKind.Resolved) with { Status = IncidentStatus.Resolved, ResolvedAt = Now.AddMinutes(20) });
        yield return ("ack-page-expired", NoticeForm.Page, Ack(AckPageKind.Expired) with { Title = null });
        yield return ("ack-page-invalid", NoticeForm.Page, new AckPageNotice(language, AckPageKind.Invalid, null));
        // Storage down (trial 36 L4): the link opened says the page could not be opened, the button pressed that nothing was
        // recorded; both that the escalation continues and to try again in a minute.
        yield return ("ack-page-unavailable-link", NoticeForm.Page, new AckPageNotice(language, AckPageKind.Unavailable, incident.Id) { Read = true });
        yield return ("ack-page-unavailable-ack", NoticeForm.Page, new AckPageNotice(language, AckPageKind.Unavailable, incident.Id));
        yield return ("ack-page-heartbeat", NoticeForm.Page, Ack(AckPageKind.Confirm) with { IncidentId = heartbeatIncident.Id, Title = heartbeatIncident.Title });

        var token = new FormToken("__RequestVerificationToken", "CfDJ8-token");
        yield return ("pm-form", NoticeForm.Page, new IncidentFormPageNotice(language, token, PageVisitor.Anonymous, "Asia/Tokyo") { RequestId = "req-1" });
        // Readers of another language: the form says so above the button (trial 33, M2), per reader (trial 39, M5) — the executives
        // read English (SEV1 only), and so does support's Emma, a roster member, in an audience reading Japanese.
        yield return ("pm-form-readers", NoticeForm.Page, new IncidentFormPageNotice(language, token, PageVisitor.Anonymous, "Asia/Tokyo")
        {
            RequestId = "req-1",
            SeverityAudiences = new Dictionary<AlertSeverity, IReadOnlyList<string>> { [AlertSeverity.Sev1] = ["execs", "support"], [AlertSeverity.Sev2] = ["support"] },
            Readers =
            [
                new("execs", "ceo@onduty.example", Language.En, "ceo@onduty.example"),
                new("execs", "cto@onduty.example", Language.En, "cto@onduty.example"),
                new("support", "support-leads@onduty.example", Language.Ja, "support-leads@onduty.example"),
                new("support", "emma@onduty.example", Language.En, "Emma Wilson"),
            ],
            AudienceNames = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["execs"] = language == Language.Ja ? U("経営層") : U("Executives"), ["support"] = language == Language.Ja ? U("サポート") : U("Support") },
        });
        yield return ("pm-form-invalid", NoticeForm.Page, new IncidentFormPageNotice(language, token, new PageVisitor(U("伊藤 さくら"), "ito@onduty.example"), "Asia/Tokyo")
        {
            RequestId = "req-1",
            Values = new Dictionary<string, string> { ["title"] = "", ["severity"] = "SEV2", ["userImpact"] = U("Users cannot pay"), ["startedAt"] = "2027-01-13T10:30" },
            Errors = new Dictionary<string, string[]> { ["title"] = ["required"], ["startedAt"] = ["future"] },
            Criteria = [new Criterion { Id = "declare-sev2", Title = U("SEV2 を宣言する"), Text = U("決済が 5 分止まったら") }],
            Open = [incident],
            OpenCount = 12,
        });
        var worked = Incident.Open(
            "INC-2027-0003",
            new NewIncident
            {
                Title = U("決済画面が開かない"), Severity = AlertSeverity.Sev2, UserImpact = U("iOS の一部ユーザーが決済できない"), Workaround = U("Web 版から決済"),
                AffectedAreas = [U("決済")], Platforms = ["iOS", U("Web")], StartedAt = Now.AddMinutes(-20),
            },
            assignees, U("伊藤 さくら"), Now);
        worked.PostUpdate(IncidentStatus.Identified, U("決済代行のタイムアウト。次回 11:30 に更新"), U("伊藤 さくら"), Now.AddMinutes(10));
        // A notice to two audiences (one with a display name), a details edit (its changes said), a lowering by edit (its bare
        // update row left to the severity row) and a page delivered by email (the member named, not the address).
        var workedOnPage = Incident.Open(
            "INC-2027-0003",
            new NewIncident
            {
                Title = U("決済画面が開かない"), Severity = AlertSeverity.Sev2, UserImpact = U("iOS の一部ユーザーが決済できない"), Workaround = U("Web 版から決済"),
                AffectedAreas = [U("決済")], Platforms = ["iOS", U("Web")], StartedAt = Now.AddMinutes(-20),
            },
            assignees, U("伊藤 さくら"), Now);
        workedOnPage.PostUpdate(IncidentStatus.Identified, U("決済代行のタイムアウト。次回 11:30 に更新"), U("伊藤 さくら"), Now.AddMinutes(10));
        workedOnPage.MarkStakeholderNoticeQueued(workedOnPage.IssueStakeholderNotice(Now.AddMinutes(10)), ["execs", "support"], AlertSeverity.Sev2, Now.AddMinutes(10));
        workedOnPage.PostUpdate(null, null, "ito", Now.AddMinutes(10.5), new IncidentEdit { Workaround = U("Web 版かアプリの再起動"), UserImpact = U("iOS のほぼ全ユーザーが決済できない") });
        workedOnPage.PostUpdate(null, null, "ito", Now.AddMinutes(10.75), new IncidentEdit { Severity = AlertSeverity.Sev3 });
        var timeline = new List<TimelineEntry>(workedOnPage.PendingTimeline)
        {
            Incident.DeliveryEntry(0, "email", members["ito"].Email, null, Now.AddMinutes(1)),
            // A mid-week replacement, stored by ids: the page names the pair before and after (the one who left is on the roster only).
            new()
            {
                At = Now.AddMinutes(11), Kind = TimelineKind.DutyChanged, By = "system",
                Message = string.Format(System.Globalization.CultureInfo.InvariantCulture, TimelineTexts.OnDutyNow,
                    string.Join(", ", [assignees[0].Id, "ito-not-on-roster"]), string.Join(", ", assignees.Select(a => a.Id))),
            },
        };
        var details = new IncidentDetails(new Versioned<Incident>(workedOnPage, "W/\"datetime'2027-01-12T02%3A10%3A00Z'\""), [], timeline);
        // Marked confidential: the badge 「非公開」 and what is withheld where, the row who marked it, the button that lifts it, and the
        // audience choice saying only those picked are told.
        var secret = Incident.Restore(workedOnPage.ToSnapshot() with { Confidential = true });
        yield return ("pm-incident-page-confidential", NoticeForm.Page, new IncidentWorkPageNotice(language,
            new IncidentDetails(new Versioned<Incident>(secret, "W/\"c\""), [], [.. timeline, new TimelineEntry
            {
                At = Now.AddMinutes(11), Kind = TimelineKind.ConfidentialityChanged, By = assignees[0].Id,
                Message = string.Format(System.Globalization.CultureInfo.InvariantCulture, TimelineTexts.MarkedConfidential, assignees[0].Id),
            }, new TimelineEntry
            {
                // Someone outside the roster given access on it (legal's counsel): the row names the address and who added it.
                At = Now.AddMinutes(11), Kind = TimelineKind.ConfidentialityChanged, By = assignees[0].Id,
                Message = string.Format(System.Globalization.CultureInfo.InvariantCulture, TimelineTexts.ReaderAdded, "counsel@lawfirm.example", assignees[0].Id),
            }]), "W/\"etag\"", token, PageVisitor.Anonymous, "Asia/Tokyo", Now.AddMinutes(12))
        {
            AddedReaders = [new IncidentReader("counsel@lawfirm.example", Now.AddMinutes(11), assignees[0].Id)],
            RequestId = "req-c",
            Names = members.Values.Select(m => (m.Id, m.DisplayName)).ToDictionary(m => m.Id, m => m.DisplayName),
            AudienceNames = new Dictionary<string, string> { ["execs"] = U("経営層") },
            AlsoTellChoices = ["execs"],
        });
        yield return ("pm-incident-page", NoticeForm.Page, new IncidentWorkPageNotice(language, details, "W/\"etag\"", token, PageVisitor.Anonymous, "Asia/Tokyo", Now.AddMinutes(12))
        {
            RequestId = "req-2",
            BridgeLink = bridge,
            NextUpdateDefault = Now.AddMinutes(72),
            Names = members.Values.Select(m => (m.Id, m.DisplayName)).Concat(members.Values.Select(m => (Id: m.Email, m.DisplayName))).ToDictionary(m => m.Id, m => m.DisplayName),
            AudienceNames = new Dictionary<string, string> { ["execs"] = U("経営層") },
            NoticeAudiences = ["execs"],
            // Alertmanager opened one three minutes before: the merge form names it (trial day 33, M7).
            MergeTargets =
            [
                incident, Incident.Open("INC-2027-0009", new NewIncident { Title = U("決済が遅い"), Severity = AlertSeverity.Sev3 }, assignees, "ito", Now),
                Incident.Open("INC-2027-0010", new NewIncident { Title = U("[FIRING:1] PaymentApiErrors"), Severity = AlertSeverity.Sev1, Source = "alertmanager" }, assignees, "alert:alertmanager", workedOnPage.DetectedAt.AddMinutes(-3)),
            ],
            Done = "updated",
            Draft = new IncidentDraft
            {
                Language = language, CustomerNotice = U("【障害】決済画面が開かない事象について"), Workaround = U("Web 版から決済してください"),
                Faq = [new DraftQuestion(U("二重に請求されますか？"), U("いいえ。"))], Status = DraftStatus.Approved, ApprovedBy = U("広報 佐藤"), SavedBy = "ito",
                ApprovedAt = Now.AddMinutes(5), SavedAt = Now.AddMinutes(5),
                // Approved while it was resolved; it has been reopened since: stale (a change between open states would not be).
                SavedInStatus = IncidentStatus.Resolved,
            },
            DraftETag = "W/\"draft\"",
            // The box: the criteria that mention this incident's area (決済), each with what it matched; the others behind the link.
            Criteria = CriteriaSelection.For(workedOnPage, [], [
                new Criterion { Id = "declare-sev2", Title = U("SEV2 を宣言する"), Text = U("決済が 5 分止まったら"), UpdatedAt = Now.AddDays(-1) },
                .. DemoRoster.Criteria().Select(c => c with { Title = U(c.Title), Text = U(c.Text), UpdatedAt = Now.AddDays(-30) }),
            ]),
        });
        // Declared on the form by a roster member: 起票者 links to their mail and phone for the pair; the visitor, a member who
        // follows it, sees who follows and 「フォローをやめる」.
        var declaredByMember = Incident.Open("INC-2027-0011", new NewIncident { Title = U("検索結果が表示されない"), Severity = AlertSeverity.Sev3 }, assignees, "sato", Now);
        yield return ("pm-incident-page-followed", NoticeForm.Page, new IncidentWorkPageNotice(
            language, new IncidentDetails(new Versioned<Incident>(declaredByMember, "W/\"f\""), [], [.. declaredByMember.PendingTimeline]), "W/\"etag\"", token,
            new PageVisitor(M("emma").DisplayName, M("emma").Email) { Member = M("emma") }, "Asia/Tokyo", Now.AddMinutes(5))
        {
            RequestId = "req-follow",
            Names = members.Values.ToDictionary(m => m.Id, m => m.DisplayName),
            Declarer = M("sato") with { Phone = "+819012345678" },
            Followers = [M("emma"), M("sato")],
            Following = true,
            Done = "followed",
        });
        // Session 53: 佐藤 holds it; Emma, signed in, is someone else — 「対応を引き継ぐ」 is offered her (PhoneWidthPagesTests opens it at 390 px).
        var heldBySato = Incident.Open("INC-2027-0012", new NewIncident { Title = U("通知メールが届かない"), Severity = AlertSeverity.Sev2 }, assignees, "alert:alertmanager", Now);
        heldBySato.Acknowledge("sato", Now.AddMinutes(3));
        var emmaLooking = new PageVisitor(M("emma").DisplayName, M("emma").Email) { Member = M("emma") };
        yield return ("pm-incident-page-takeover", NoticeForm.Page, new IncidentWorkPageNotice(
            language, new IncidentDetails(new Versioned<Incident>(heldBySato, "W/\"t\""), [], [.. heldBySato.PendingTimeline]), "W/\"etag\"", token, emmaLooking, "Asia/Tokyo", Now.AddMinutes(5))
        {
            RequestId = "req-takeover",
            Names = members.Values.ToDictionary(m => m.Id, m => m.DisplayName),
            // 「担当を割り当てる」 beside it (trial 61): whom she can hand it to.
            AssignChoices = [M("ito"), M("suzuki"), M("yamada")],
        });
        // Trial 61: 山田, the lead (locally, not signed in: the form asks her name), handed 佐藤's incident to 鈴木 from the page: the
        // page says so, the timeline row says who assigned it to whom from whom, and the form offers the others.
        var assignedToSuzuki = Incident.Open("INC-2027-0014", new NewIncident { Title = U("通知メールが届かない"), Severity = AlertSeverity.Sev2 }, assignees, "alert:alertmanager", Now);
        assignedToSuzuki.Acknowledge("sato", Now.AddMinutes(3));
        assignedToSuzuki.TakeOver("suzuki", Now.AddMinutes(4), null, out _, assignedBy: "yamada");
        yield return ("pm-incident-page-assigned", NoticeForm.Page, new IncidentWorkPageNotice(
            language, new IncidentDetails(new Versioned<Incident>(assignedToSuzuki, "W/\"a\""), [], [.. assignedToSuzuki.PendingTimeline]), "W/\"etag\"", token, PageVisitor.Anonymous, "Asia/Tokyo", Now.AddMinutes(5))
        {
            RequestId = "req-assigned",
            Names = members.Values.ToDictionary(m => m.Id, m => m.DisplayName),
            AssignChoices = [M("emma"), M("ito"), M("sato")],
            Done = "assigned",
        });
        // Session 63: 山田 (not signed in: the form asks her name) made 伊藤 the communications lead of 佐藤's incident: the facts name
        // 伊藤 as 連絡担当, the timeline row says who made whom it, and the box offers to take it, hand it on or stand it down.
        var withCommsLead = Incident.Open("INC-2027-0015", new NewIncident { Title = U("通知メールが届かない"), Severity = AlertSeverity.Sev2 }, assignees, "alert:alertmanager", Now);
        withCommsLead.Acknowledge("sato", Now.AddMinutes(3));
        withCommsLead.SetCommsLead("ito", "yamada", Now.AddMinutes(4));
        yield return ("pm-incident-page-comms-lead", NoticeForm.Page, new IncidentWorkPageNotice(
            language, new IncidentDetails(new Versioned<Incident>(withCommsLead, "W/\"c\""), [], [.. withCommsLead.PendingTimeline]), "W/\"etag\"", token, PageVisitor.Anonymous, "Asia/Tokyo", Now.AddMinutes(5))
        {
            RequestId = "req-comms-lead",
            Names = members.Values.ToDictionary(m => m.Id, m => m.DisplayName),
            CommsLeadChoices = [M("emma"), M("sato"), M("suzuki")],
            Done = "commsLeadAssigned",
        });
        // Merged into another while her page was open: her takeover was not recorded, and the page says where to take it over, linked.
        var heldThenMerged = Incident.Open("INC-2027-0013", new NewIncident { Title = U("通知メールが遅れる"), Severity = AlertSeverity.Sev3 }, assignees, "alert:alertmanager", Now);
        heldThenMerged.Acknowledge("sato", Now.AddMinutes(3));
        heldThenMerged.MarkMergedInto(heldBySato.Id, "sato", Now.AddMinutes(4));
        yield return ("pm-incident-page-takeover-merged", NoticeForm.Page, new IncidentWorkPageNotice(
            language, new IncidentDetails(new Versioned<Incident>(heldThenMerged, "W/\"m\""), [], [.. heldThenMerged.PendingTimeline]), "W/\"etag\"", token, emmaLooking, "Asia/Tokyo", Now.AddMinutes(5))
        {
            RequestId = "req-takeover-merged",
            Names = members.Values.ToDictionary(m => m.Id, m => m.DisplayName),
            MergedIntoOpen = true,
            Done = "takeoverMerged",
        });
        // Trial 55: a SEV1 a running window holds (the migration really broke payments): 「呼び出し保留を解除して当番に連絡する」 is
        // offered; pressed, the page says the pair is paged and the timeline row names who released it.
        var heldNow = HeldBy(migration with { To = Now.AddHours(1) }, "INC-20270112-012", "決済APIが応答しない", AlertSeverity.Sev1, Now.AddMinutes(-20));
        // The window's end moved out an hour while it held it: the row says the new end.
        heldNow.MoveHold(migration.Id, Now.AddHours(2), Now.AddMinutes(-10), OnDuty.Core.Common.TimeZones.Find("Asia/Tokyo"));
        yield return ("pm-incident-page-held", NoticeForm.Page, new IncidentWorkPageNotice(
            language, new IncidentDetails(new Versioned<Incident>(heldNow, "W/\"h\""), [], [.. heldNow.PendingTimeline]), "W/\"etag\"", token, PageVisitor.Anonymous, "Asia/Tokyo", Now)
        {
            RequestId = "req-release-hold",
            Names = members.Values.ToDictionary(m => m.Id, m => m.DisplayName),
        });
        var releasedNow = HeldBy(migration with { To = Now.AddHours(1) }, "INC-20270112-012", "決済APIが応答しない", AlertSeverity.Sev1, Now.AddMinutes(-20));
        releasedNow.ReleasePages(migration.Id, U("伊藤"), Now.AddMinutes(-1), TimelineTexts.PagesReleasedByHand);
        yield return ("pm-incident-page-hold-released", NoticeForm.Page, new IncidentWorkPageNotice(
            language, new IncidentDetails(new Versioned<Incident>(releasedNow, "W/\"r\""), [], [.. releasedNow.PendingTimeline]), "W/\"etag\"", token, PageVisitor.Anonymous, "Asia/Tokyo", Now)
        {
            RequestId = "req-hold-released",
            Names = members.Values.ToDictionary(m => m.Id, m => m.DisplayName),
            Done = "holdReleased",
        });
        yield return ("draft-notice", NoticeForm.Text, new IncidentDraftNotice(language, worked, DraftPart.CustomerNotice, "Asia/Tokyo"));
        yield return ("draft-workaround", NoticeForm.Text, new IncidentDraftNotice(language, worked, DraftPart.Workaround, "Asia/Tokyo"));
        yield return ("draft-faq", NoticeForm.Text, new IncidentDraftNotice(language, worked, DraftPart.Faq, "Asia/Tokyo"));
        var resolvedDraft = Incident.Open("INC-2027-0004", new NewIncident { Title = U("ログインできない"), Severity = AlertSeverity.Sev1, StartedAt = Now.AddMinutes(-50) }, assignees, "ito", Now);
        resolvedDraft.Resolve("ito", Now.AddMinutes(40));
        yield return ("draft-notice-resolved", NoticeForm.Text, new IncidentDraftNotice(language, resolvedDraft, DraftPart.CustomerNotice, "Asia/Tokyo"));
        yield return ("draft-faq-resolved", NoticeForm.Text, new IncidentDraftNotice(language, resolvedDraft, DraftPart.Faq, "Asia/Tokyo"));
        // A noun title takes の; a polite predicate with a note in brackets is quoted (「…しましたという事象」).
        var nounDraft = Incident.Open("INC-2027-0008", new NewIncident { Title = U("決済障害"), Severity = AlertSeverity.Sev2, Workaround = U("Web 版から決済"), StartedAt = Now }, assignees, "ito", Now);
        yield return ("draft-notice-noun", NoticeForm.Text, new IncidentDraftNotice(language, nounDraft, DraftPart.CustomerNotice, "Asia/Tokyo"));
        yield return ("draft-workaround-noun", NoticeForm.Text, new IncidentDraftNotice(language, nounDraft, DraftPart.Workaround, "Asia/Tokyo"));
        var politeDraft = Incident.Open("INC-2027-0010", new NewIncident { Title = U("夜間エクスポートが失敗しました（exit 137）"), Severity = AlertSeverity.Sev3, StartedAt = Now }, assignees, "ito", Now);
        yield return ("draft-workaround-polite", NoticeForm.Text, new IncidentDraftNotice(language, politeDraft, DraftPart.Workaround, "Asia/Tokyo"));
        // A polite negative title reads plain (「届かない」), and ■現象 ends as a sentence.
        var politeNegative = Incident.Open("INC-2027-0011", new NewIncident { Title = U("Androidアプリでプッシュ通知が届きません"), Severity = AlertSeverity.Sev3, Platforms = ["Android"], StartedAt = Now }, assignees, "ito", Now);
        yield return ("draft-notice-polite", NoticeForm.Text, new IncidentDraftNotice(language, politeNegative, DraftPart.CustomerNotice, "Asia/Tokyo"));
        // Trial 31a: a subject and a する-noun without する (「決済が一部失敗」) reads as a predicate; the areas a PM typed are marked.
        var suruDraft = Incident.Open("INC-2027-0013", new NewIncident
        {
            Title = U("決済が一部失敗"), Severity = AlertSeverity.Sev1, AffectedAreas = ["決済", "PSP-B連携(psp-gw-02)"], Platforms = ["Web", "iOS", "Android"], StartedAt = Now.AddDays(-1),
        }, assignees, "sato", Now);
        yield return ("draft-notice-suru", NoticeForm.Text, new IncidentDraftNotice(language, suruDraft, DraftPart.CustomerNotice, "Asia/Tokyo"));
        yield return ("draft-faq-suru", NoticeForm.Text, new IncidentDraftNotice(language, suruDraft, DraftPart.Faq, "Asia/Tokyo"));
        // Neither a noun nor a predicate (「決済が障害」): marked wherever it stands.
        var rewordDraft = Incident.Open("INC-2027-0014", new NewIncident { Title = U("決済が障害"), Severity = AlertSeverity.Sev2, StartedAt = Now }, assignees, "sato", Now);
        yield return ("draft-notice-reword", NoticeForm.Text, new IncidentDraftNotice(language, rewordDraft, DraftPart.CustomerNotice, "Asia/Tokyo"));
        // Declared with the team's own words for it and no areas (「api-7 OOM（exit 137）」): the subject and ■現象 keep the title behind
        // the marker that blocks approval, so a person rewrites it before customers read it.
        var internalTitle = Incident.Open("INC-2027-0015", new NewIncident { Title = U("api-7 OOM（exit 137）"), Severity = AlertSeverity.Sev2, StartedAt = Now }, assignees, "sato", Now);
        yield return ("draft-notice-internal-title", NoticeForm.Text, new IncidentDraftNotice(language, internalTitle, DraftPart.CustomerNotice, "Asia/Tokyo"));
        // Opened by monitoring, then resolved with a workaround, a cause and next steps the PMs wrote for each other: the alert's
        // summary is no customer title, internal texts are marked for rewriting, the cause is asked for, and the workaround is past.
        var monitored = Incident.Open("INC-2027-0012", new NewIncident
        {
            Title = U("決済APIの5xxエラー率が10%を超えています"), Severity = AlertSeverity.Sev1, Source = "alertmanager", GroupKey = "g1",
            UserImpact = U("全ユーザーが決済できない。問い合わせ30件"), Workaround = U("Web版から決済できる"), StartedAt = Now.AddMinutes(-44),
        }, assignees, "alert:alertmanager", Now);
        monitored.PostUpdate(IncidentStatus.Resolved, null, "ito", Now.AddMinutes(30), new IncidentEdit { Cause = U("決済代行の証明書の期限切れ"), NextSteps = U("1. 証明書の期限監視を追加\n\n2. 手順書を更新") });
        yield return ("draft-notice-monitored", NoticeForm.Text, new IncidentDraftNotice(language, monitored, DraftPart.CustomerNotice, "Asia/Tokyo"));
        yield return ("draft-workaround-monitored", NoticeForm.Text, new IncidentDraftNotice(language, monitored, DraftPart.Workaround, "Asia/Tokyo"));
        yield return ("draft-faq-monitored", NoticeForm.Text, new IncidentDraftNotice(language, monitored, DraftPart.Faq, "Asia/Tokyo"));
        yield return ("pm-status-page", NoticeForm.Page, new StatusPageNotice(language,
            [new StatusBoardEntry(worked, Now.AddMinutes(10), U("決済代行のタイムアウト。次回 11:30 に更新")), new StatusBoardEntry(incident, Now.AddHours(-30), null) { NobodyUpdated = true }],
            "Asia/Tokyo", Now.AddMinutes(12)));
        // Trial 54: two or three open at once, which owes its stakeholders word — one has told them nothing yet, one's promised update is
        // past, one's is still ahead (under the row).
        var nothingTold = Incident.Open("INC-20270112-021", new NewIncident { Title = U("ログイン失敗率の上昇"), Severity = AlertSeverity.Sev2 }, assignees, "alert:alertmanager", Now);
        nothingTold.Acknowledge(assignees[0].Id, Now.AddMinutes(2));
        var promiseLate = Incident.Open("INC-20270112-022", new NewIncident { Title = U("決済APIの応答遅延"), Severity = AlertSeverity.Sev2 }, assignees, "alert:azure-monitor", Now.AddMinutes(-70));
        promiseLate.Acknowledge(assignees[0].Id, Now.AddMinutes(-68));
        promiseLate.PostUpdate(IncidentStatus.Investigating, U("調査中です。"), assignees[0].Id, Now.AddMinutes(-65));
        promiseLate.MarkStakeholderNoticeQueued(promiseLate.IssueStakeholderNotice(Now.AddMinutes(-65)), ["execs"], AlertSeverity.Sev2, Now.AddMinutes(-65), new NoticePromise { NextUpdateBy = Now.AddMinutes(5) });
        var promiseAhead = Incident.Open("INC-20270112-023", new NewIncident { Title = U("通知の配信遅延"), Severity = AlertSeverity.Sev2 }, assignees, "alert:azure-monitor", Now.AddMinutes(-20));
        promiseAhead.Acknowledge(assignees[1].Id, Now.AddMinutes(-18));
        promiseAhead.PostUpdate(IncidentStatus.Identified, U("原因を特定しました。"), assignees[1].Id, Now.AddMinutes(-10));
        promiseAhead.MarkStakeholderNoticeQueued(promiseAhead.IssueStakeholderNotice(Now.AddMinutes(-10)), ["execs"], AlertSeverity.Sev2, Now.AddMinutes(-10), new NoticePromise { NextUpdateBy = Now.AddMinutes(50) });
        yield return ("pm-status-page-update-due", NoticeForm.Page, new StatusPageNotice(language,
            [new StatusBoardEntry(nothingTold, Now, null) { NobodyUpdated = true }, new StatusBoardEntry(promiseLate, Now.AddMinutes(-65), U("調査中です。")),
             new StatusBoardEntry(promiseAhead, Now.AddMinutes(-10), U("原因を特定しました。"))],
            "Asia/Tokyo", Now.AddMinutes(12)) { SeveritiesTold = new HashSet<AlertSeverity> { AlertSeverity.Sev2 } });
        // Mail down (trial 36 M2): pages late by the health check's rule, a banner on top; the incident they left unreached says so.
        var latePage = new OutboxMessage
        {
            Id = $"incident:{incident.Id}:page:email:ito@onduty.example", Channel = Channel.Email, Recipient = "ito@onduty.example",
            Subject = U("【SEV1 障害】決済 <b>至急</b>"), Topic = $"incident:{incident.Id}:page", Priority = OutboxPriority.Page, Status = OutboxStatus.Pending,
            Attempts = 4, CreatedAt = Now.AddMinutes(4), NextAttemptAt = Now.AddMinutes(13), LastError = U("SMTP: Connection refused <x>"),
        };
        var mailDown = new LatePages([latePage, latePage with { Id = latePage.Id.Replace("ito@", "yamada@", StringComparison.Ordinal), Recipient = "yamada@onduty.example" }],
            new Dictionary<string, PagesUndelivered> { [incident.Id] = new PagesUndelivered(Now.AddMinutes(4), [new ChannelFailure(Channel.Email, 4, "SMTP: Connection refused", Now.AddMinutes(13))]) });
        yield return ("pm-status-page-mail-down", NoticeForm.Page, new StatusPageNotice(language,
            [new StatusBoardEntry(incident, Now.AddHours(-30), null) { NobodyUpdated = true }], "Asia/Tokyo", Now.AddMinutes(12)) { LatePages = mailDown });
        yield return ("undelivered-page-retrying", NoticeForm.Page, new UndeliveredPageNotice(language, [], new FormToken("__RequestVerificationToken", "CfDJ8-token"),
            new PageVisitor(U("伊藤 さくら"), "ito@onduty.example"), "Asia/Tokyo", Now.AddMinutes(12))
        {
            LatePages = mailDown,
            Names = new Dictionary<string, string> { ["ito@onduty.example"] = U("伊藤 さくら") },
        });
        // Acknowledged and updated: who took it is said under the last update.
        var workedTaken = Incident.Restore(worked.ToSnapshot());
        workedTaken.Acknowledge(assignees[0].Id, Now.AddMinutes(3));
        yield return ("pm-status-page-acknowledged", NoticeForm.Page, new StatusPageNotice(language,
            [new StatusBoardEntry(workedTaken, Now.AddMinutes(10), U("決済代行のタイムアウト。次回 11:30 に更新"))], "Asia/Tokyo", Now.AddMinutes(12)));
        yield return ("pm-status-page-auto-resolved", NoticeForm.Page, new StatusPageNotice(language,
            [new StatusBoardEntry(autoResolved, Now.AddMinutes(5), U("決済APIで5xxエラーが発生しており、エンジニアが調査中です。")) { AutoResolvedAt = autoResolved.ResolvedAt }],
            "Asia/Tokyo", Now.AddMinutes(30)));
        yield return ("pm-incident-page-recovery-owed", NoticeForm.Page, new IncidentWorkPageNotice(
            language, new IncidentDetails(new Versioned<Incident>(autoResolved, "W/\"a\""), [], [.. autoResolved.PendingTimeline]), "W/\"etag\"", token, PageVisitor.Anonymous, "Asia/Tokyo", Now.AddMinutes(30))
        {
            RequestId = "req-5",
        });
        // The same incident corrected quietly (a title typo, the recovery time, SEV1 lowered): the form asks again whether to tell
        // the execs and support (notice 2), the timeline shows the correction, the recovery notice is still owed.
        var corrected = Incident.Restore(autoResolved.ToSnapshot());
        corrected.Correct(new IncidentEdit { Title = U("決済APIの5xxエラー率が10%を超えた"), Severity = AlertSeverity.Sev2, ResolvedAt = Now.AddMinutes(18) }, assignees[0].Id, Now.AddMinutes(25));
        var correctedDetails = new IncidentDetails(new Versioned<Incident>(corrected, "W/\"c\""), [], [.. autoResolved.PendingTimeline, .. corrected.PendingTimeline]);
        yield return ("pm-incident-page-corrected", NoticeForm.Page, new IncidentWorkPageNotice(language, correctedDetails, "W/\"etag\"", token, PageVisitor.Anonymous, "Asia/Tokyo", Now.AddMinutes(30))
        {
            RequestId = "req-6",
            Done = "corrected",
            AudienceNames = new Dictionary<string, string> { ["execs"] = U("経営層") },
            NoticeAudiences = ["execs", "support"],
        });

        // Two series: support told since notice 1, the execs since notice 2 (a raise added them); the details form says each one's
        // number, and who a raise to SEV1 would add.
        yield return ("pm-incident-page-two-series", NoticeForm.Page, new IncidentWorkPageNotice(
            language, new IncidentDetails(new Versioned<Incident>(told, "W/\"t\""), [], [.. told.PendingTimeline]), "W/\"etag\"", token, PageVisitor.Anonymous, "Asia/Tokyo", Now)
        {
            RequestId = "req-8",
            AudienceNames = new Dictionary<string, string> { ["execs"] = U("経営層"), ["support"] = U("サポート") },
            NoticeAudiences = ["execs", "support"],
            RaiseAudiences = new Dictionary<AlertSeverity, IReadOnlyList<string>> { [AlertSeverity.Sev1] = ["legal"] },
        });
        // Nobody to tell at this severity, but a raise to SEV1 would tell the execs: said after the note.
        yield return ("pm-incident-page-nobody-raise", NoticeForm.Page, new IncidentWorkPageNotice(
            language, new IncidentDetails(new Versioned<Incident>(worked, "W/\"w\""), [], [.. worked.PendingTimeline]), "W/\"etag\"", token, PageVisitor.Anonymous, "Asia/Tokyo", Now.AddMinutes(12))
        {
            RequestId = "req-9",
            AudienceNames = new Dictionary<string, string> { ["execs"] = U("経営層") },
            RaiseAudiences = new Dictionary<AlertSeverity, IReadOnlyList<string>> { [AlertSeverity.Sev1] = ["execs"] },
        });
        // Raised back to SEV1 with 「関係者には知らせない」 chosen: refused, the choice kept as made.
        yield return ("pm-incident-page-quiet-raise", NoticeForm.Page, new IncidentWorkPageNotice(language, correctedDetails, "W/\"etag\"", token, PageVisitor.Anonymous, "Asia/Tokyo", Now.AddMinutes(31))
        {
            RequestId = "req-7",
            AudienceNames = new Dictionary<string, string> { ["execs"] = U("経営層") },
            NoticeAudiences = ["execs", "support"],
            FailedForm = "details",
            Values = new Dictionary<string, string> { ["title"] = corrected.Title, ["severity"] = "SEV1", ["notify"] = IncidentWorkPageNotice.NotifyQuiet },
            Errors = new Dictionary<string, string[]> { ["severity"] = ["quietRaise"] },
        });
        // Approval of drafts still holding a marker and a blank: refused, what was typed kept, said next to the notice.
        var typedNotice = language == Language.Ja
            ? "【障害】決済画面が開かない事象について\n■影響範囲\n【要修正：社内向けの記載】iOS の一部ユーザー\n■お問い合わせ先\n（お問い合わせ窓口をご記入ください）"
            : "[Incident] Payment page not opening\nImpact\n[EDIT: internal wording] some iOS users\nContact\n(add the support contact here)";
        yield return ("pm-incident-page-drafts-refused", NoticeForm.Page, new IncidentWorkPageNotice(language, correctedDetails, "W/\"etag\"", token, PageVisitor.Anonymous, "Asia/Tokyo", Now.AddMinutes(31))
        {
            RequestId = "req-8",
            Draft = new IncidentDraft { Language = language, CustomerNotice = typedNotice, Workaround = "" },
            FailedForm = "drafts",
            Values = new Dictionary<string, string> { ["customerNotice"] = typedNotice, ["draftWorkaround"] = "", ["faq"] = "", ["approve"] = "true", ["approvedBy"] = U("広報 佐藤"), ["draftEtag"] = "" },
            Errors = new Dictionary<string, string[]> { ["customerNotice"] = ["draftMarkers:2"] },
        });
        // Trial 31a H1: approved while 原因特定, then 第3報 gave a workaround and new impact: the approval is stale, saying what changed.
        var approvedThen = Incident.Open("INC-2026-0001", new NewIncident
        {
            Title = U("決済が一部失敗"), Severity = AlertSeverity.Sev1, AffectedAreas = ["決済"], UserImpact = U("カード決済の約15%が失敗"), StartedAt = Now.AddMinutes(-30),
        }, assignees, "sato", Now);
        approvedThen.PostUpdate(IncidentStatus.Identified, U("原因特定"), "ito", Now.AddMinutes(2));
        var approvedDraft = ApprovedDraftSample.For(language, approvedThen);
        approvedThen.PostUpdate(IncidentStatus.Monitoring, U("第3報"), "ito", Now.AddMinutes(20), new IncidentEdit { UserImpact = U("現在は約2%"), Workaround = U("コンビニ払いを選ぶと決済できます。") });
        yield return ("pm-incident-page-drafts-stale", NoticeForm.Page, new IncidentWorkPageNotice(
            language, new IncidentDetails(new Versioned<Incident>(approvedThen, "W/\"s\""), [], [.. approvedThen.PendingTimeline]), "W/\"etag\"", token, PageVisitor.Anonymous, "Asia/Tokyo", Now.AddMinutes(21))
        {
            RequestId = "req-10",
            Draft = approvedDraft,
            DraftETag = "W/\"d\"",
        });
        yield return ("pm-page-forged", NoticeForm.Page, new PageProblemNotice(language, PageProblem.Forged));
        // Storage down: a page read says it could not be read (trial 36 L4); a post, that nothing was changed.
        yield return ("pm-page-unavailable-read", NoticeForm.Page, new PageProblemNotice(language, PageProblem.Unavailable) { Read = true });
        yield return ("pm-page-unavailable-post", NoticeForm.Page, new PageProblemNotice(language, PageProblem.Unavailable));
        yield return ("pm-page-not-on-roster", NoticeForm.Page, new PageProblemNotice(language, PageProblem.NotOnRoster, "INC-2027-0001")
        {
            Visitor = notOnRoster,
            Back = "/api/incidents/INC-2027-0001/page?lang=" + (language == Language.Ja ? "ja" : "en"),
        });
        // A confidential incident opened by someone signed in who may not read it: its id and the pair on duty now, not its title.
        yield return ("pm-page-confidential", NoticeForm.Page, new PageProblemNotice(language, PageProblem.Confidential, "INC-2027-0001") { DutyNames = ["佐藤 花子", U("Emma Wilson")] });
        yield return ("pm-page-not-on-roster-no-lead", NoticeForm.Page, new PageProblemNotice(language, PageProblem.NotOnRoster)
        {
            // A sign-in without a mail claim is named by its name; no lead to name (start-up requires one, the text does not).
            Visitor = new PageVisitor(U("Partner Person"), null).NotOnRoster([]),
        });
        yield return ("pm-incident-page-not-on-roster", NoticeForm.Page, new IncidentWorkPageNotice(language, details, "W/\"etag\"", token, notOnRoster, "Asia/Tokyo", Now.AddMinutes(12))
        {
            RequestId = "req-2",
            BridgeLink = bridge,
        });
        // Session 53: the support lead not on the roster reads the drafts made afresh (?drafts=regenerate), nothing saved, each box
        // with its copy button.
        yield return ("pm-incident-page-drafts-read", NoticeForm.Page, new IncidentWorkPageNotice(language, details, "W/\"etag\"", token, notOnRoster, "Asia/Tokyo", Now.AddMinutes(12))
        {
            RequestId = "req-2",
            Draft = new IncidentDraft
            {
                Language = language, CustomerNotice = U("【障害】決済画面が開かない事象について\n■回避策\nWeb 版から決済してください"), Workaround = U("Web 版から決済してください"),
                Faq = [new DraftQuestion(U("二重に請求されますか？"), U("いいえ。"))],
            },
            DraftETag = "W/\"draft\"",
            DraftRegenerated = true,
        });
        yield return ("schedule-link-invalid", NoticeForm.Page, new PageProblemNotice(language, PageProblem.LinkInvalid));
        yield return ("pm-page-bad-address", NoticeForm.Page, new PageProblemNotice(language, PageProblem.BadAddress, U("from, to")));
        yield return ("pm-page-bad-address-range", NoticeForm.Page, new PageProblemNotice(language, PageProblem.BadAddress, U("to, weeks"))
        {
            Rules = new Dictionary<string, ValueRule> { ["to"] = ValueRule.DaysAtMost(366), ["weeks"] = ValueRule.WholeNumber(1, 26) },
        });
        // 「障害の状況」 with a ?for= that cannot be an audience's name.
        yield return ("pm-page-bad-address-for", NoticeForm.Page, new PageProblemNotice(language, PageProblem.BadAddress, U("for"))
        {
            Rules = new Dictionary<string, ValueRule> { ["for"] = OnDuty.Core.Comms.AudienceName.Rule },
        });

        var resolvedDetails = new IncidentDetails(new Versioned<Incident>(resolvedDraft, "W/\"r\""), [], [.. resolvedDraft.PendingTimeline]);
        var retroContent = new RetroContent
        {
            Summary = U("決済代行のタイムアウトで 40 分間ログインできなかった"),
            Impact = U("全ユーザー"),
            HardToJudge = U("SEV1 か SEV2 か迷った"),
            // OnDuty's duty change lists member ids, a tool and a member no longer in the roster acted: names, the tool, the id.
            Timeline =
            [
                RetroService.Prefill(resolvedDetails.Timeline)[0],
                new RetroTimelineEntry { At = Now.AddMinutes(5), Kind = "alertFired", By = "alert:alertmanager", Text = "HighErrorRate" },
                new RetroTimelineEntry { At = Now.AddMinutes(10), Kind = "dutyChanged", By = "system", Text = string.Format(CultureInfo.InvariantCulture, TimelineTexts.OnDutyNow, "tanaka, liam", "ito, liam") },
                new RetroTimelineEntry { At = Now.AddMinutes(20), Kind = "update", By = "gone-member", Text = U("決済代行に問い合わせ") },
                .. RetroService.Prefill(resolvedDetails.Timeline).Skip(1),
            ],
            CriteriaChanges = [new CriterionChange { CriterionId = "declare-sev1", Note = U("ログイン不可は SEV1") }],
            ActionItems =
            [
                new ActionItem { Title = U("タイムアウト値を見直す"), Owner = assignees[0].Id, Due = new DateOnly(2027, 1, 20) },
                new ActionItem { Title = U("監視を追加"), Owner = assignees[1].Id, Status = ActionItemStatus.Done },
            ],
        };
        var theirs = retroContent with { Summary = U("ログイン障害（他の人の版）") };
        var stored = new StoredRetro(resolvedDraft.Id, theirs, new RetroVersion(2, U("山田 太郎"), Now.AddHours(2)), LessonDocument.For(resolvedDraft, theirs));
        var criteria = new[] { new Criterion { Id = "declare-sev1", Title = U("SEV1 を宣言する"), Text = U("ログインできないときは SEV1") } };
        var retroMembers = members.Values.OrderBy(m => m.Id, StringComparer.Ordinal).ToList();
        yield return ("pm-incident-page-resolved", NoticeForm.Page, new IncidentWorkPageNotice(language, resolvedDetails, "W/\"etag\"", token, PageVisitor.Anonymous, "Asia/Tokyo", Now.AddHours(1))
        {
            RequestId = "req-3",
            BridgeLink = bridge, // resolved: not offered
        });
        yield return ("pm-incident-page-retro", NoticeForm.Page, new IncidentWorkPageNotice(language, resolvedDetails, "W/\"etag\"", token, PageVisitor.Anonymous, "Asia/Tokyo", Now.AddHours(3))
        {
            RequestId = "req-3",
            Retro = new RetroVersion(2, U("山田 太郎"), Now.AddHours(2)),
        });
        var grouped = Incident.Open(
            "INC-2027-0005",
            new NewIncident { Title = U("ProbeFailure"), Severity = AlertSeverity.Sev2, Source = "alertmanager", GroupKey = U("{}:{cluster=\"tokyo\", job=\"api\"}"), StartedAt = Now },
            assignees, "alert:alertmanager", Now);
        grouped.RecordNotified(0, [.. assignees.Select(a => a.Id)], Now);
        grouped.JoinGroup(U("{}:{cluster=\"tokyo\", job=\"web\"}"), "alert:alertmanager", Now.AddMinutes(2));
        grouped.RaiseSeverity(AlertSeverity.Sev1, "alert:alertmanager", Now.AddMinutes(2), new AckTimeouts());
        // Two duplicates merged in: a PM's declaration and another source's incident (the facts link to both).
        grouped.MergeIn(Incident.Open("INC-2027-0006", new NewIncident { Title = U("決済が遅い"), Severity = AlertSeverity.Sev3 }, assignees, assignees[0].Id, Now), assignees[0].Id, Now.AddMinutes(4), new AckTimeouts());
        grouped.MergeIn(Incident.Open("INC-2027-0007", new NewIncident { Title = "CPU", Severity = AlertSeverity.Sev3, Source = "azure-monitor", GroupKey = "rule-1" }, assignees, "alert:azure-monitor", Now), assignees[0].Id, Now.AddMinutes(5), new AckTimeouts());
        IReadOnlyList<TimelineEntry> groupedTimeline =
            [.. grouped.PendingTimeline, Incident.DeliveryEntry(0, "email", assignees[0].Email, null, Now.AddSeconds(5)), Incident.DeliveryEntry(0, "teams", "teams", U("429 Too Many Requests"), Now.AddSeconds(6))];
        yield return ("pm-incident-page-grouped", NoticeForm.Page, new IncidentWorkPageNotice(
            language, new IncidentDetails(new Versioned<Incident>(grouped, "W/\"g\""), [], groupedTimeline), "W/\"etag\"", token, PageVisitor.Anonymous, "Asia/Tokyo", Now.AddMinutes(3))
        {
            RequestId = "req-4",
            // No criterion mentions anything of this incident: the most recently updated ones, said so.
            Criteria = CriteriaSelection.For(grouped, [], [
                new Criterion { Id = "help", Title = U("応援は 30 分で呼ぶ"), Text = U("30 分で復旧の見込みが立たなければ応援を呼ぶ"), UpdatedAt = Now.AddDays(-2) },
                new Criterion { Id = "night", Title = U("夜間は電話で呼ぶ"), Text = U("22 時以降はメールでなく電話"), UpdatedAt = Now.AddDays(-5) },
            ]),
        });
        // The Azure Monitor incident's page: the alert's resource by name (the full ARM id on hover), its Sev1 said as SEV2; an
        // activity-log alert (a3) says Azure never resolves it.
        var azureTracked = new TrackedAlert
        {
            DedupKey = "/subscriptions/s/providers/Microsoft.AlertsManagement/alerts/a2", Status = AlertStatus.Firing, Severity = AlertSeverity.Sev2,
            Summary = U("login-api-response-time-p95"), FirstFiredAt = Now, AffectedResource = armId,
            Labels = [new("severity", "Sev1"), new("resource", armId)],
            Conditions = [azureCondition],
        };
        yield return ("pm-incident-page-azure", NoticeForm.Page, new IncidentWorkPageNotice(
            language, new IncidentDetails(new Versioned<Incident>(azure, "W/\"a\""), [azureTracked, azureTracked with { DedupKey = "a3", Summary = U("login-api-errors (app-login-prod)"), ResolvesOnlyByHand = true, Conditions = [] }], []),
            "W/\"etag\"", token, PageVisitor.Anonymous, "Asia/Tokyo", Now.AddMinutes(3))
        {
            RequestId = "req-5",
        });
        yield return ("retro-page", NoticeForm.Page, new RetroPageNotice(
            language, new RetroState(resolvedDraft, null, retroContent.Timeline), retroMembers, criteria, token, PageVisitor.Anonymous, "Asia/Tokyo")
        {
            Values = RetroFormFields.From(retroContent with { Timeline = retroContent.Timeline }, null, TimeZones.Find("Asia/Tokyo")),
            Done = "saved",
            // The open item was due 20 Jan: 期限切れ beside its date; the done one is not.
            Today = new DateOnly(2027, 1, 25),
        });
        yield return ("retro-page-not-on-roster", NoticeForm.Page, new RetroPageNotice(
            language, new RetroState(resolvedDraft, null, retroContent.Timeline), retroMembers, criteria, token, notOnRoster, "Asia/Tokyo")
        {
            Values = RetroFormFields.From(retroContent, null, TimeZones.Find("Asia/Tokyo")),
        });
        yield return ("retro-due", NoticeForm.Email, new RetroDueNotice(language, resolvedDraft, new DateOnly(2027, 1, 15), "Asia/Tokyo")
        {
            Link = "https://onduty.example/api/incidents/INC-2027-0004/retro/page",
        });
        yield return ("retro-due-today", NoticeForm.Email, new RetroDueNotice(language, resolvedDraft, new DateOnly(2027, 1, 15), "Asia/Tokyo")
        {
            Link = "https://onduty.example/api/incidents/INC-2027-0004/retro/page",
            Today = new DateOnly(2027, 1, 15),
        });
        yield return ("action-item-due", NoticeForm.Email, new ActionItemDueNotice(language, resolvedDraft.Id, resolvedDraft.Title, retroContent.ActionItems[0])
        {
            Link = "https://onduty.example/api/incidents/INC-2027-0004/retro/page",
        });
        // Due while its owner is on leave (trial 56): to a lead, whose it is and until when.
        yield return ("action-item-due-owner-away", NoticeForm.Email, new ActionItemDueNotice(language, resolvedDraft.Id, resolvedDraft.Title, retroContent.ActionItems[0])
        {
            Link = "https://onduty.example/api/incidents/INC-2027-0004/retro/page",
            OwnerAwayUntil = new LeaveAbsence(new DateOnly(2027, 1, 22), new DateOnly(2027, 1, 25), new DateOnly(2027, 1, 12)),
            OwnerName = U("田中 健"),
        });
        yield return ("action-item-due-owner-abroad", NoticeForm.Email, new ActionItemDueNotice(language, resolvedDraft.Id, resolvedDraft.Title, retroContent.ActionItems[0])
        {
            Link = "https://onduty.example/api/incidents/INC-2027-0004/retro/page",
            OwnerAwayUntil = AwayAbroad(new DateOnly(2027, 1, 22), new DateOnly(2027, 1, 25), new DateOnly(2027, 1, 12)),
            OwnerName = "Emma Wilson",
        });
        yield return ("action-item-undated", NoticeForm.Email, new ActionItemDueNotice(language, resolvedDraft.Id, resolvedDraft.Title, retroContent.ActionItems[0] with { Due = null })
        {
            Link = "https://onduty.example/api/incidents/INC-2027-0004/retro/page",
            UndatedDays = 14,
        });
        // To an owner when a retro gives them items (trial 39 M7): two, one dated; and one alone.
        yield return ("action-items-assigned", NoticeForm.Email, new ActionItemAssignedNotice(language, resolvedDraft.Id, resolvedDraft.Title, U("田中 健"),
            [retroContent.ActionItems[0], new ActionItem { Title = U("監視の閾値を見直す"), Owner = assignees[0].Id }])
        {
            Link = "https://onduty.example/api/incidents/INC-2027-0004/retro/page",
        });
        yield return ("action-item-assigned", NoticeForm.Email, new ActionItemAssignedNotice(language, resolvedDraft.Id, resolvedDraft.Title, "Emma Wilson", [retroContent.ActionItems[0]]));
        // One mail per leaver (session 39): every open item of theirs, from two retros, overdue or not, dated or not.
        const string retroLink = "https://onduty.example/api/incidents/INC-2027-0004/retro/page";
        yield return ("action-item-owner-left", NoticeForm.Email, new ActionItemNewOwnerNotice(language, U("佐藤 花子"), null,
        [
            new ActionItemToReassign(resolvedDraft.Id, resolvedDraft.Title, retroContent.ActionItems[0], Overdue: true) { Link = retroLink },
            new ActionItemToReassign("INC-2027-0002", U("決済が失敗する"), new ActionItem { Title = U("監視の閾値を見直す"), Owner = "sato" }, Overdue: false)
            {
                Link = "https://onduty.example/api/incidents/INC-2027-0002/retro/page",
            },
        ]));
        yield return ("action-item-owner-leaves", NoticeForm.Email, new ActionItemNewOwnerNotice(language, U("Emma Wilson"), new DateOnly(2027, 1, 29),
        [
            new ActionItemToReassign(resolvedDraft.Id, resolvedDraft.Title, retroContent.ActionItems[0], Overdue: false) { Link = retroLink },
        ]));
        yield return ("action-items-page", NoticeForm.Page, new ActionItemsPageNotice(language,
        [
            new OpenActionItem(resolvedDraft.Id, resolvedDraft.Title, retroContent.ActionItems[0], U("佐藤 花子"), OwnerLeft: true, Overdue: true),
            new OpenActionItem(resolvedDraft.Id, resolvedDraft.Title, retroContent.ActionItems[0] with { Title = U("監視を追加"), Due = null }, U("Emma Wilson"), OwnerLeft: false, Overdue: false),
            new OpenActionItem("INC-2027-0007", U("決済が遅い（重複）"), retroContent.ActionItems[0] with { Title = U("再試行の上限を決める"), Due = null }, U("Emma Wilson"), OwnerLeft: false, Overdue: false, MergedInto: resolvedDraft.Id),
        ]));
        yield return ("action-items-page-empty", NoticeForm.Page, new ActionItemsPageNotice(language, []));
        var brief = new HandoffBrief(
            U("Incident duty"), U("障害当番"), "2027-W03", new DateOnly(2027, 1, 18),
            [worked], [new HandoffBriefRetro(resolvedDraft, new DateOnly(2027, 1, 15))],
            [new HandoffBriefAction(resolvedDraft.Id, retroContent.ActionItems[0], U("佐藤 花子"))], [worked, resolvedDraft])
        {
            WeekStarts = new DateOnly(2027, 1, 18),
        };
        yield return ("handoff-brief", NoticeForm.Email, new HandoffBriefNotice(language, brief, "Asia/Tokyo", new DateOnly(2027, 1, 18)) { BaseUrl = "https://onduty.example" });
        // Its holder off duty and on leave (trial 56): the incoming pair read until when, not 「（当番外）」.
        var heldByAway = Incident.Open("INC-2027-0009", new NewIncident { Title = U("通知が遅れる"), Severity = AlertSeverity.Sev3 }, assignees, U("伊藤 さくら"), Now.AddHours(-30));
        heldByAway.Acknowledge("tanaka", Now.AddHours(-29));
        yield return ("handoff-brief-holder-on-leave", NoticeForm.Email, new HandoffBriefNotice(language, brief with
        {
            Open = [heldByAway],
            OnDuty = ["ito"],
            Roster = new Dictionary<string, Member> { ["tanaka"] = OnDuty.Core.Tests.Fakes.TeamData.Member("tanaka", U("田中 健")) },
            HoldersAway = new Dictionary<string, LeaveAbsence> { ["tanaka"] = new LeaveAbsence(new DateOnly(2027, 1, 22), new DateOnly(2027, 1, 25), new DateOnly(2027, 1, 12)) },
        }, "Asia/Tokyo", new DateOnly(2027, 1, 18)) { BaseUrl = "https://onduty.example" });
        // Trial 61: its holder works from San Francisco: until when in Tokyo's terms, to the minute.
        var heldByAbroad = Incident.Open("INC-2027-0009", new NewIncident { Title = U("通知が遅れる"), Severity = AlertSeverity.Sev3 }, assignees, U("伊藤 さくら"), Now.AddHours(-30));
        heldByAbroad.Acknowledge("emma", Now.AddHours(-29));
        yield return ("handoff-brief-holder-abroad-on-leave", NoticeForm.Email, new HandoffBriefNotice(language, brief with
        {
            Open = [heldByAbroad],
            OnDuty = ["ito"],
            Roster = new Dictionary<string, Member> { ["emma"] = OnDuty.Core.Tests.Fakes.TeamData.Member("emma", "Emma Wilson") with { Language = Language.En, TimeZone = "America/Los_Angeles" } },
            HoldersAway = new Dictionary<string, LeaveAbsence> { ["emma"] = AwayAbroad(new DateOnly(2027, 1, 22), new DateOnly(2027, 1, 25), new DateOnly(2027, 1, 12)) },
        }, "Asia/Tokyo", new DateOnly(2027, 1, 18)) { BaseUrl = "https://onduty.example" });
        // A quiet week: the one list with something in it, then the empty ones named together in one line (session 44).
        yield return ("handoff-brief-quiet", NoticeForm.Email, new HandoffBriefNotice(language, brief with { Open = [], RetrosMissing = [], ActionItems = [] }, "Asia/Tokyo", new DateOnly(2027, 1, 18))
        {
            BaseUrl = "https://onduty.example",
        });
        yield return ("handoff-brief-recovery-owed", NoticeForm.Email, new HandoffBriefNotice(language, brief with { RecoveryNoticesOwed = [autoResolved] }, "Asia/Tokyo", new DateOnly(2027, 1, 18))
        {
            BaseUrl = "https://onduty.example",
        });
        // A SEV1 duplicate, lowered to SEV3 before it was merged into a SEV3 incident: the incident merged into held a SEV1's
        // weight (it owes a SEV1's retro), so the brief says 「SEV3（最大 SEV1）」 (session 33, retro4).
        var absorbing = Incident.Open("INC-2027-0009", new NewIncident { Title = U("検索が遅い"), Severity = AlertSeverity.Sev3, StartedAt = Now }, assignees, "ito", Now);
        var lowered = Incident.Open("INC-2027-0010", new NewIncident { Title = U("検索できない"), Severity = AlertSeverity.Sev1, StartedAt = Now }, assignees, "ito", Now);
        lowered.PostUpdate(null, U("一部の検索だけと判明"), "ito", Now.AddMinutes(5), new IncidentEdit { Severity = AlertSeverity.Sev3 }, new AckTimeouts());
        absorbing.MergeIn(lowered, "ito", Now.AddMinutes(10), new AckTimeouts());
        yield return ("handoff-brief-max-severity", NoticeForm.Email, new HandoffBriefNotice(language, brief with { Open = [absorbing] }, "Asia/Tokyo", new DateOnly(2027, 1, 18))
        {
            BaseUrl = "https://onduty.example",
        });
        // Session 53: to a member the handoff took off duty who still holds open incidents — which, and that the pair now on duty
        // can take each over on its page (「対応を引き継ぐ」); one incident, and two.
        IReadOnlyList<Member> newPair =
        [
            new() { Id = "ito", DisplayName = U("伊藤 さくら"), Email = "ito@onduty.example", Language = Language.Ja, TimeZone = TestZones.Tokyo },
            new() { Id = "emma", DisplayName = U("Emma Wilson"), Email = "emma@onduty.example", Language = Language.En, TimeZone = TestZones.Tokyo },
        ];
        yield return ("handoff-still-held", NoticeForm.Email, new StillHeldNotice(language, [worked], newPair, "Asia/Tokyo") { BaseUrl = "https://onduty.example" });
        // The holder is on leave at the handoff (trial 56): the reminders go to the new pair only while away.
        yield return ("handoff-still-held-on-leave", NoticeForm.Email, new StillHeldNotice(language, [worked], newPair, "Asia/Tokyo") { BaseUrl = "https://onduty.example", AwayUntil = new LeaveAbsence(new DateOnly(2027, 1, 22), new DateOnly(2027, 1, 25), new DateOnly(2027, 1, 12)) });
        // To the holder abroad herself: her own last day, not the team's hours (trial 61).
        yield return ("handoff-still-held-abroad-on-leave", NoticeForm.Email, new StillHeldNotice(language, [worked], newPair, "Asia/Tokyo") { BaseUrl = "https://onduty.example", AwayUntil = AwayAbroad(new DateOnly(2027, 1, 22), new DateOnly(2027, 1, 25), new DateOnly(2027, 1, 12)) });
        yield return ("handoff-still-held-two", NoticeForm.Email, new StillHeldNotice(language, [worked, absorbing], newPair, "Asia/Tokyo") { BaseUrl = "https://onduty.example" });
        yield return ("handoff-brief-no-phone", NoticeForm.Email, new HandoffBriefNotice(language, brief, "Asia/Tokyo", new DateOnly(2027, 1, 18)) { BaseUrl = "https://onduty.example", NoPhoneForSms = true });
        // A replacement who took over mid-week: already on duty, so the fix is asked for now, not "before your week starts" (L3).
        yield return ("handoff-brief-mid-shift", NoticeForm.Email, new HandoffBriefNotice(language, brief, "Asia/Tokyo", new DateOnly(2027, 1, 18)) { BaseUrl = "https://onduty.example", NoPhoneForSms = true, OnDutyAlready = true });
        // No number, and a page that bounced last week (its subject and ACS's words as written, encoded).
        yield return ("handoff-brief-undelivered", NoticeForm.Email, new HandoffBriefNotice(language, brief, "Asia/Tokyo", new DateOnly(2027, 1, 18))
        {
            BaseUrl = "https://onduty.example",
            NoPhoneForSms = true,
            Undelivered =
            [
                new OutboxMessage
                {
                    Id = "incident:INC-2027-0003:page:email:ito@onduty.example", Channel = Channel.Email, Recipient = "ito@onduty.example", Status = OutboxStatus.Failed,
                    Subject = U("【障害・SEV1】INC-2027-0003 決済画面が開かない"), CreatedAt = Now.AddDays(-3), SentAt = Now.AddDays(-3),
                    LastError = U("not delivered to ito@onduty.example (Suppressed)"),
                },
                new OutboxMessage { Id = "x", Channel = Channel.Email, Recipient = "ito@onduty.example", Status = OutboxStatus.Failed, Subject = "older", CreatedAt = Now.AddDays(-9), LastError = "550" },
            ],
        });
        yield return ("load-page", NoticeForm.Page, new LoadReportPageNotice(language, new LoadReport(new DateOnly(2026, 10, 19), new DateOnly(2027, 1, 10), "Asia/Tokyo", 9, false,
        [
            new MemberLoad("yamada", U("山田 太郎"), true, 4, 5, 2, 7, 3) { DutyWeeksServed = 4.45, PartialWeeks = 1, HolidayDays = 6, ScheduledWeeks = 2 },
            new MemberLoad("emma", U("Emma Wilson"), true, 2, 1, 0, 2, 1) { DutyWeeksServed = 2.55, PartialWeeks = 1, ScheduledWeeks = 3, ScheduledHolidayDays = 1 },
            new MemberLoad("liam", U("Liam Chen"), false, 0, 0, 0, 0, 0),
            new MemberLoad("olivia", U("Olivia <b>Brown</b>, \"Jr\"; & co — Customer Success, Tokyo office"), true, 1, 12, 3, 0, 0) { DutyWeeksServed = 1, HolidayDays = 1, ScheduledWeeks = 2 },
        ]) { AheadWeeks = 12, AheadTo = new DateOnly(2027, 4, 4), AsOf = new DateOnly(2027, 1, 10) }));
        // A past quarter read on 4 Jan: no look-ahead columns; steps by quarter and links its months.
        yield return ("load-page-quarter", NoticeForm.Page, new LoadReportPageNotice(language, new LoadReport(new DateOnly(2026, 10, 1), new DateOnly(2026, 12, 31), "Asia/Tokyo", 12, false,
        [
            new MemberLoad("yamada", U("山田 太郎"), true, 7, 5, 6, 7, 3) { DutyWeeksServed = 6.5, DutyHours = 1092, HolidayDays = 6 },
            new MemberLoad("emma", U("Emma Wilson"), true, 6, 4, 1, 2, 1) { DutyWeeksServed = 6.5, DutyHours = 1092, HolidayDays = 3 },
        ]) { AsOf = new DateOnly(2027, 1, 4) }));
        // November's duty report read on 7 Dec: holiday duty fell on 佐藤 (4 days, the others 1 and 2), a former member's row greyed.
        yield return ("duty-report-page", NoticeForm.Page, new DutyReportPageNotice(language, new DutyReport("incident-duty", U("Incident duty"), new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30), "Asia/Tokyo", true, false,
        [
            new MemberDuty("emma", U("Emma Wilson"), true, 8, 2, 168, 3, 1, 1) { IncidentsPaged = 2 },
            new MemberDuty("sato", U("佐藤 花子"), true, 9, 4, 192.5, 5, 4, 2) { IncidentsPaged = 3 },
            new MemberDuty("tanaka", U("田中 健"), false, 8, 1, 159.5, 2, 0, 1) { IncidentsPaged = 2 },
        ]) { AsOf = new DateOnly(2026, 12, 7), RotationNameJa = U("障害当番") }));
        // More incidents than one report reads: the lead is told in words, the setting left to the admin.
        yield return ("load-page-truncated", NoticeForm.Page, new LoadReportPageNotice(language, new LoadReport(new DateOnly(2026, 10, 19), new DateOnly(2027, 1, 10), "Asia/Tokyo", 5000, true,
        [
            new MemberLoad("yamada", U("山田 太郎"), true, 4, 5, 2, 7, 3) { DutyWeeksServed = 4, ScheduledWeeks = 2 },
        ])));
        yield return ("deliveries-page", NoticeForm.Page, new DeliveriesPageNotice(language, "Asia/Tokyo", Now, null,
        [
            new SourceDeliveries(AlertSources.Alertmanager,
            [
                new ListedDelivery(new DeliveryRecord
                {
                    At = Now.AddMinutes(-3), Source = AlertSources.Alertmanager, Bytes = 1843, Status = 401, Outcome = "refused", Title = "Not authenticated",
                    Messages = [U("The shared secret is missing or wrong (X-OnDuty-Secret header, Authorization: Bearer, or ?secret=).")],
                }, false),
                new ListedDelivery(new DeliveryRecord
                {
                    At = Now.AddMinutes(-20), Source = AlertSources.Alertmanager, Bytes = 2_310_400, Status = 202, Outcome = "opened", IncidentId = "INC-2027-0003",
                    GroupKey = U("{}/{severity=\"critical\"}:{alertname=\"PaymentsDown\"}"), Messages = [U("$.alerts[0].generatorURL: not an absolute http(s) URL, dropped")],
                }, true),
                new ListedDelivery(new DeliveryRecord
                {
                    At = Now.AddMinutes(-90), Source = AlertSources.Alertmanager, Bytes = 8_388_608, Status = 413, Outcome = "refused", Title = "Payload too large",
                }, false),
                new ListedDelivery(new DeliveryRecord
                {
                    At = Now.AddMinutes(-100), Source = AlertSources.Alertmanager, Bytes = 512, Status = 202, Outcome = "ignored", Reason = IgnoredReasons.ResolveWithoutIncident,
                    GroupKey = "{}:{alertname=\"DiskFull\"}",
                }, true),
                new ListedDelivery(new DeliveryRecord
                {
                    At = Now.AddHours(-2), Source = AlertSources.Alertmanager, Bytes = 640, Status = 200, Outcome = "test", Test = true, IncidentId = "INC-2027-0001",
                    GroupKey = "{}:{alertname=\"Trial\"}", WouldBe = "alertsResolved",
                }, true),
            ], 31),
            new SourceDeliveries(AlertSources.Grafana, [], 0),
        ]));
        yield return ("undelivered-page", NoticeForm.Page, new UndeliveredPageNotice(language,
        [
            new UndeliveredMessage(new OutboxMessage
            {
                Id = "incident:INC-2027-0007:page:email:yamada@onduty.example", Channel = Channel.Email, Recipient = "yamada@onduty.example",
                Subject = U("【SEV1】決済APIのタイムアウト <b>至急</b>"), Topic = "incident:INC-2027-0007:page", Priority = OutboxPriority.Page,
                Status = OutboxStatus.Failed, Attempts = 6, CreatedAt = Now.AddMinutes(-12),
                LastError = SenderRefusal.Prefix + U("SMTP 553: 5.7.1 Sender address rejected: not owned by user <x>"),
            }, null),
            new UndeliveredMessage(new OutboxMessage
            {
                Id = "comms:INC-2027-0005:2:execs", Channel = Channel.Email, Recipient = "", Bcc = ["a@example.com", "b@example.com"],
                Subject = "[Update 2] Payments API timeouts", Topic = "incident:INC-2027-0005:comms", Status = OutboxStatus.Failed, Attempts = 8,
                CreatedAt = Now.AddHours(-3), LastError = "ACS 503: service unavailable", ResentAs = "resend:1:comms:INC-2027-0005:2:execs",
            }, new OutboxMessage
            {
                Id = "resend:1:comms:INC-2027-0005:2:execs", Channel = Channel.Email, Recipient = "", Status = OutboxStatus.Sent,
                SentAt = Now.AddHours(-2), CreatedAt = Now.AddHours(-2).AddMinutes(-1),
            }),
            new UndeliveredMessage(new OutboxMessage
            {
                Id = "incident:INC-2027-0006:escalation1:sms:sato", Channel = Channel.Sms, Recipient = "+819012345678",
                TextBody = "【SEV2】INC-2027-0006 在庫同期の遅延\n確認: https://onduty.example/ack/x", Topic = "incident:INC-2027-0006:escalation1",
                Priority = OutboxPriority.Page, Status = OutboxStatus.Failed, Attempts = 3, CreatedAt = Now.AddHours(-1),
                LastError = "Twilio 21610: unsubscribed recipient", ResentAs = "resend:1:incident:INC-2027-0006:escalation1:sms:sato",
            }, new OutboxMessage
            {
                Id = "resend:1:incident:INC-2027-0006:escalation1:sms:sato", Channel = Channel.Sms, Recipient = "+819012345678",
                Status = OutboxStatus.Pending, Attempts = 1, CreatedAt = Now.AddMinutes(-2),
            }),
        ], new FormToken("__RequestVerificationToken", "CfDJ8-token"), new PageVisitor(U("伊藤 さくら"), "ito@onduty.example"), "Asia/Tokyo", Now)
        {
            More = true,
            Names = new Dictionary<string, string> { ["yamada@onduty.example"] = U("山田 太郎"), ["+819012345678"] = U("佐藤 花子") },
            Done = "resent",
            DoneMessage = "incident:INC-2027-0006:escalation1:sms:sato",
        });
        var report = new IncidentReport(
            new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30), "Asia/Tokyo", false,
            new IncidentTotals(12, 2, 4, 10, 1, 1, 2, 1, 4, 9, 2, 4.5, 12, 48, 195) { DeclaredMerged = 1, FromMonitoringMerged = 1, HeldForMaintenance = 1, AckMinutesMax = 41, ResolveMinutesMax = 310 },
            new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31),
            new IncidentTotals(9, 0, 2, 7, 0, 0, 1, 0, 2, 8, 1, 6, 20, 55, 240),
            [
                new SeverityStats(AlertSeverity.Sev1, 1, 1, 2, 2, 1, 95, 95, 1, 0) { AckMinutesMax = 2, ResolveMinutesMax = 95 },
                new SeverityStats(AlertSeverity.Sev2, 3, 3, 4.5, 9, 3, 48, 130, 1, 0) { AckMinutesMax = 9, ResolveMinutesMax = 130 },
                new SeverityStats(AlertSeverity.Sev3, 6, 5, 6, 12, 5, 30, 195, 0, 1) { AckMinutesMax = 14, ResolveMinutesMax = 250 },
                new SeverityStats(AlertSeverity.Sev4, 2, 0, null, null, 2, 20, 41.5, 0, 1) { ResolveMinutesMax = 41.5 },
            ],
            new RetroStats(5, 3, 1, 10, 6, 2, [new ReportIncidentRef("INC-2026-0042", U("決済画面が開かない"), AlertSeverity.Sev2) { RetroDue = new DateOnly(2026, 11, 12) }])
            {
                PendingIncidents = [new ReportIncidentRef("INC-2026-0051", U("ログインできない"), AlertSeverity.Sev1) { RetroDue = new DateOnly(2026, 12, 3) }],
                // Of the three written, one late; four told outages, one final report sent, one owed (its retro written).
                WrittenLate = 1,
                FinalReportsExpected = 4,
                FinalReportsSent = 1,
                FinalReportsOwed = 1,
                FinalReportOwedIncidents = [new ReportIncidentRef("INC-2026-0045", U("請求書PDFが開けない"), AlertSeverity.Sev2)],
            },
            [new RecurringAlert("alertmanager|abc", U("API 5xx 増加"), 3, Now.AddDays(-3), ["INC-2026-0050", "INC-2026-0044", "INC-2026-0041"])],
            [new AreaCount(U("決済"), 4), new AreaCount(U("ログイン"), 2)])
        {
            // Newest first: one still open, one resolved the next day, and one of each retro state.
            Incidents =
            [
                new ReportIncidentRow("INC-2026-0053", U("検索が遅い"), AlertSeverity.Sev2, IncidentStatus.Investigating, new DateTimeOffset(2026, 11, 30, 14, 55, 0, TimeSpan.Zero), null, null, ReportRetroStatus.AfterRecovery, null),
                // About a refused delivery: its stored title worded for the reader from the refusal it keeps.
                new ReportIncidentRow("INC-2026-0052", "Grafana からの通知を読めませんでした（形式の誤り）", AlertSeverity.Sev2, IncidentStatus.Resolved, new DateTimeOffset(2026, 11, 28, 1, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 28, 1, 20, 0, TimeSpan.Zero), 20, ReportRetroStatus.NotNeeded, null)
                {
                    Refusal = new RefusedDelivery(AlertSource.Grafana, RefusalCause.Unreadable, new DateTimeOffset(2026, 11, 28, 1, 0, 0, TimeSpan.Zero), ["$: malformed JSON"], Path: "$"),
                },
                new ReportIncidentRow("INC-2026-0051", U("ログインできない"), AlertSeverity.Sev1, IncidentStatus.Resolved, new DateTimeOffset(2026, 11, 27, 14, 30, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 27, 15, 50, 12, TimeSpan.Zero), 80.2, ReportRetroStatus.Owed, new DateOnly(2026, 12, 3))
                {
                    FinalReportSentAt = new DateTimeOffset(2026, 11, 28, 3, 0, 0, TimeSpan.Zero),
                },
                new ReportIncidentRow("INC-2026-0050", U("API 5xx 増加"), AlertSeverity.Sev3, IncidentStatus.Resolved, new DateTimeOffset(2026, 11, 20, 1, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 20, 1, 0, 36, TimeSpan.Zero), 0.6, ReportRetroStatus.NotNeeded, null),
                new ReportIncidentRow("INC-2026-0045", U("請求書PDFが開けない"), AlertSeverity.Sev2, IncidentStatus.Resolved, new DateTimeOffset(2026, 11, 15, 2, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 15, 2, 44, 48, TimeSpan.Zero), 44.8, ReportRetroStatus.Written, new DateOnly(2026, 11, 18)) { RetroLate = true, FinalReportOwed = true },
                new ReportIncidentRow("INC-2026-0042", U("決済画面が開かない"), AlertSeverity.Sev2, IncidentStatus.Resolved, new DateTimeOffset(2026, 11, 6, 3, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 6, 3, 1, 18, TimeSpan.Zero), 1.3, ReportRetroStatus.Overdue, new DateOnly(2026, 11, 12)),
            ],
        };
        // Retros still owed from October, past due on 1 Dec: two listed of twelve; the second with no duty member recorded.
        var pastDue = new PastDueRetroList(new DateOnly(2026, 12, 1), new DateOnly(2026, 11, 1),
        [
            new PastDueRetro("INC-2026-0031", U("決済画面が開かない <script>"), AlertSeverity.Sev1, new DateOnly(2026, 10, 28), new DateOnly(2026, 11, 2), [U("田中 健"), U("Olivia <b>Brown</b> (CS)")])
            {
                Link = "https://onduty.example/api/incidents/INC-2026-0031/retro/page",
            },
            new PastDueRetro("INC-2026-0027", U("通知メールの遅延"), AlertSeverity.Sev2, new DateOnly(2026, 10, 20), new DateOnly(2026, 10, 23), []),
        ], 12);
        // The month's load: Emma replaced a sick member for the rest of her week (1.55 weeks, the nights of it hers), 伊藤 handled
        // one off duty, Liam (left since) did nothing and is not listed; most pages out of hours first.
        yield return ("incident-report", NoticeForm.Email, new IncidentReportNotice(language, report)
        {
            Link = "https://onduty.example/api/reports/incidents/page?lang=ja&from=2026-11-01&to=2026-11-30",
            Load =
            [
                new MemberLoad("olivia", U("Olivia <b>Brown</b>, \"Jr\"; & co — Customer Success, Tokyo office"), true, 0, 1, 0, 0, 0) { DutyWeeksServed = 0.45, DutyHours = 75.7 },
                new MemberLoad("emma", U("Emma Wilson"), true, 1, 2, 3, 2, 0) { DutyWeeksServed = 1.55, DutyHours = 260.3 },
                new MemberLoad("yamada", U("山田 太郎"), true, 2, 4, 5, 7, 1) { DutyWeeksServed = 2, DutyHours = 336 },
                new MemberLoad("liam", U("Liam Chen"), false, 0, 0, 0, 0, 0),
                new MemberLoad("ito", U("伊藤 健"), false, 0, 1, 0, 1, 0),
            ],
            PastDue = pastDue,
        });
        // Read on 2 Dec: the next month is running, so its link has no end (the page shows it so far, against 前月同期). It lists
        // 5 of its 12 incidents (cut: the CSV has them all); the range below lists all it has.
        // The page lists them too, linked to their retro pages on this host, under the day they were past due on.
        yield return ("incident-report-page", NoticeForm.Page, new IncidentReportNotice(language, report with { AsOf = new DateOnly(2026, 12, 2) }) { PastDue = pastDue with { AsOf = new DateOnly(2026, 12, 2) } });
        // The card names the first five of seven listed (twelve in all), each with a button to its retro page; the one without a link has none.
        yield return ("incident-report-card", NoticeForm.Card, new IncidentReportNotice(language, report with { Truncated = true })
        {
            Link = "https://onduty.example/api/reports/incidents/page?lang=ja&from=2026-11-01&to=2026-11-30",
            PastDue = pastDue with
            {
                Listed =
                [
                    .. pastDue.Listed,
                    .. Enumerable.Range(1, 5).Select(k => new PastDueRetro($"INC-2026-00{20 - k}", U($"古い障害 {k}"), AlertSeverity.Sev2, new DateOnly(2026, 10, 15 - k), new DateOnly(2026, 10, 19), [U("山田 太郎")])
                    {
                        Link = $"https://onduty.example/api/incidents/INC-2026-00{20 - k}/retro/page",
                    }),
                ],
            },
        });
        yield return ("incident-report-month-to-date", NoticeForm.Page, new IncidentReportNotice(language, report with { From = new DateOnly(2026, 12, 1), To = new DateOnly(2026, 12, 2), PreviousFrom = new DateOnly(2026, 11, 1), PreviousTo = new DateOnly(2026, 11, 2), AsOf = new DateOnly(2026, 12, 2) }));
        // A quarter (Oct–Dec) reviewed in January: stepped by quarter, its months linked, the outages month by month.
        yield return ("incident-report-quarter", NoticeForm.Page, new IncidentReportNotice(language, report with
        {
            From = new DateOnly(2026, 10, 1), To = new DateOnly(2026, 12, 31), PreviousFrom = new DateOnly(2026, 7, 1), PreviousTo = new DateOnly(2026, 9, 30), AsOf = new DateOnly(2027, 1, 4),
            Months = [new MonthCount(new DateOnly(2026, 10, 1), 4, 1, 1, 2, 0), new MonthCount(new DateOnly(2026, 11, 1), 3, 0, 2, 1, 0), new MonthCount(new DateOnly(2026, 12, 1), 5, 1, 1, 2, 1)],
        }));
        yield return ("incident-report-page-range", NoticeForm.Page, new IncidentReportNotice(language, report with { From = new DateOnly(2026, 11, 10), To = new DateOnly(2026, 11, 23), Truncated = true, Recurring = [], Areas = [], AsOf = new DateOnly(2026, 11, 23), Totals = report.Totals with { Incidents = report.Incidents.Count } }));
        var reported = new StoredRetro(resolvedDraft.Id, retroContent with { WentWell = U("検知は 2 分で早かった\n連絡も早かった"), ManualChanges = U("手順書に再起動手順を追記") },
            new RetroVersion(3, assignees[0].Id, Now.AddDays(2)), LessonDocument.For(resolvedDraft, retroContent));
        yield return ("retro-report", NoticeForm.Page, new RetroReportNotice(language, resolvedDraft, reported, retroMembers, criteria, "Asia/Tokyo")
        {
            Responders = IncidentResponders.Of(resolvedDraft, resolvedDraft.PendingTimeline, retroMembers),
        });
        // What the incident record said of the impact beside the retro's (each labelled); OnDuty's lines of a notice, a details
        // edit and a status change said in the reader's words; a delivery row left out; a criterion changed after this retro.
        var impactRecorded = Incident.Open(
            "INC-2027-0004", new NewIncident { Title = U("ログインできない"), Severity = AlertSeverity.Sev1, StartedAt = Now.AddMinutes(-50), UserImpact = U("ログイン画面でエラー。問い合わせ 12 件") }, assignees, "ito", Now);
        // Resolved with the cause and next steps its recovery notice told: the report says them (the retro form has no field for them).
        impactRecorded.PostUpdate(IncidentStatus.Resolved, null, "ito", Now.AddMinutes(40), new IncidentEdit { Cause = U("認証サーバーの証明書の期限切れ"), NextSteps = U("証明書の期限監視を追加") });
        var fuller = reported with
        {
            Content = reported.Content with
            {
                Timeline =
                [
                    .. reported.Content.Timeline,
                    new RetroTimelineEntry { At = Now.AddMinutes(1), Kind = "delivered", By = "system", Text = string.Format(CultureInfo.InvariantCulture, TimelineTexts.Delivered, "email", "ito@onduty.example") },
                    new RetroTimelineEntry { At = Now.AddMinutes(12), Kind = "update", By = assignees[1].Id, Text = string.Format(CultureInfo.InvariantCulture, TimelineTexts.StatusChanged, "investigating", "identified") },
                    new RetroTimelineEntry { At = Now.AddMinutes(13), Kind = "update", By = assignees[1].Id, Text = string.Format(CultureInfo.InvariantCulture, TimelineTexts.DetailsChanged, "workaroundAdded, impact") },
                    new RetroTimelineEntry { At = Now.AddMinutes(14), Kind = "stakeholdersNotified", By = "system", Text = string.Format(CultureInfo.InvariantCulture, TimelineTexts.StakeholderNotice, 2, "execs, support") },
                    new RetroTimelineEntry { At = Now.AddMinutes(15), Kind = "update", By = assignees[1].Id, Text = TimelineTexts.DetailsEdited },
                ],
            },
        };
        yield return ("retro-report-full", NoticeForm.Page, new RetroReportNotice(language, impactRecorded, fuller, retroMembers, [criteria[0] with { Retro = "INC-2027-0004", Version = 2 }], "Asia/Tokyo")
        {
            AudienceNames = new Dictionary<string, string> { ["execs"] = U("経営層"), ["support"] = U("サポート") },
            // Who acted, by first action (a name typed on a list's link among them); the other duty member was paged and did not.
            Responders = new IncidentResponders(["ito", assignees[1].Id, U("外部 次郎")], [assignees[0].Id]),
            // SEV2 when declared, raised to SEV1 twelve minutes in (the record's severity is the final one).
            SeverityHistory = [new SeverityStep(AlertSeverity.Sev2, Now, Now.AddMinutes(12)), new SeverityStep(AlertSeverity.Sev1, Now.AddMinutes(12), null)],
        });
        yield return ("retro-page-stale", NoticeForm.Page, new RetroPageNotice(
            language, new RetroState(resolvedDraft, new Versioned<StoredRetro>(stored, "W/\"v2\""), []), retroMembers, criteria, token,
            new PageVisitor(U("伊藤 さくら"), "ito@onduty.example"), "Asia/Tokyo")
        {
            Values = RetroFormFields.From(retroContent, "W/\"v2\"", TimeZones.Find("Asia/Tokyo")),
            Errors = new Dictionary<string, string[]> { ["a0.owner"] = ["owner"] },
            Stale = true,
        });

        // Judgement criteria: the demo's, one changed by a retro, one retired; one opened from a retro with its history.
        var criterionNames = members.Values.ToDictionary(m => m.Id, m => m.DisplayName, StringComparer.Ordinal);
        var sev1 = DemoRoster.Criteria()[0] with { Title = U(DemoRoster.Criteria()[0].Title), Text = U(DemoRoster.Criteria()[0].Text), TitleEn = U("Anything affecting payments or billing is SEV1"), TextEn = U("Declare SEV1 for any outage that touches the flow of money, even for a few customers."), TopicNameEn = U("Severity calls"), Version = 1, UpdatedAt = Now.AddDays(-30) };
        var login = DemoRoster.Criteria()[1] with { Title = U(DemoRoster.Criteria()[1].Title), Text = U(DemoRoster.Criteria()[1].Text), TitleEn = null, TextEn = null, TopicNameEn = null, Version = 1, UpdatedAt = Now.AddDays(-30) };
        var loginV2 = login with { Text = U("ログインの失敗率が 5% を超えた状態が 5 分続いたら SEV2。"), Version = 2, UpdatedAt = Now.AddDays(-2), UpdatedBy = U("鈴木 一郎"), Retro = resolvedDraft.Id, Note = U("10 分待つと問い合わせが先に来る") };
        var retired = new Criterion { Id = "old-help", Title = U("応援は 1 時間後に呼ぶ"), Text = U("1 時間で復旧しなければ応援を呼ぶ"), Topic = "help", Active = false, Version = 3, UpdatedAt = Now.AddDays(-9), UpdatedBy = "api" };
        IReadOnlyList<Criterion> allCriteria = [sev1, loginV2, retired];
        yield return ("criteria-page", NoticeForm.Page, new CriteriaPageNotice(language, allCriteria, token, PageVisitor.Anonymous, "Asia/Tokyo")
        {
            Names = criterionNames,
            Done = "added",
        });
        CriteriaPageNotice Editing(PageVisitor visitor) => new(language, allCriteria, token, visitor, "Asia/Tokyo")
        {
            Names = criterionNames,
            Editing = loginV2,
            EditingETag = "W/\"c2\"",
            History = [login, loginV2],
            FromRetro = new CriterionRetroNote(resolvedDraft.Id, resolvedDraft.Title, U("失敗率 5% が 5 分続いたら SEV2 にする")),
        };
        yield return ("criteria-page-edit", NoticeForm.Page, Editing(new PageVisitor(U("伊藤 さくら"), "ito@onduty.example")) with { Done = "changed" });
        yield return ("criteria-page-edit-not-on-roster", NoticeForm.Page, Editing(notOnRoster));
        yield return ("criteria-page-stale", NoticeForm.Page, Editing(new PageVisitor(U("伊藤 さくら"), "ito@onduty.example")) with
        {
            FailedForm = "edit",
            Stale = true,
            Values = new Dictionary<string, string>
            {
                ["id"] = loginV2.Id, ["etag"] = "W/\"c2\"", ["retro"] = resolvedDraft.Id, ["title"] = U("ログイン失敗率で SEV2"), ["text"] = U("3 分で SEV2"), ["active"] = "true", ["note"] = U("伊藤の案"),
            },
            Errors = new Dictionary<string, string[]> { ["title"] = ["criterionStale"] },
        });
        yield return ("criteria-page-invalid", NoticeForm.Page, new CriteriaPageNotice(language, [], token, PageVisitor.Anonymous, "Asia/Tokyo")
        {
            FailedForm = "add",
            Values = new Dictionary<string, string> { ["title"] = "", ["text"] = U("決済が止まったら"), ["topic"] = U("とても長い分類名") },
            Errors = new Dictionary<string, string[]> { ["by"] = ["required"], ["title"] = ["required"], ["topic"] = ["tooLong:40"], ["retro"] = ["retroGone:INC-1999-0001"] },
        });
        // The lead's list of proposals: one from a member taken off the roster since (by the name they had), one with no note on a
        // retired criterion under a merged duplicate's retro; with all, the adopted one says which version took it, when and by whom.
        var written = new IndexedCriterionChange(resolvedDraft.Id, resolvedDraft.Title, new CriterionChange { CriterionId = login.Id, Note = U("失敗率 5% が 5 分続いたら SEV2 にする") },
            new RetroVersion(2, "kimura", Now.AddDays(-3)));
        var unnoted = new IndexedCriterionChange("INC-2027-0007", U("決済が遅い（重複）"), new CriterionChange { CriterionId = retired.Id }, new RetroVersion(1, "tanaka", Now.AddDays(-6)))
        {
            MergedInto = resolvedDraft.Id,
        };
        var adopted = new IndexedCriterionChange("INC-2027-0002", U("ログインできない"), new CriterionChange { CriterionId = sev1.Id, Note = U("金額に関わるものは SEV1") }, new RetroVersion(1, U("鈴木 一郎"), Now.AddDays(-40)));
        CriterionProposalsPageNotice Proposals(bool all, params CriterionProposal[] rows) => new(language, new CriterionProposalList(rows, all, 2, 3), "Asia/Tokyo")
        {
            Names = criterionNames,
            Former = [new FormerMember("kimura", U("木村 健"), Language.Ja, Now.AddDays(-1))],
        };
        var open = new[] { new CriterionProposal(written, loginV2, null), new CriterionProposal(unnoted, retired, null) };
        yield return ("criterion-proposals-page", NoticeForm.Page, Proposals(false, open));
        yield return ("criterion-proposals-page-all", NoticeForm.Page, Proposals(true, [.. open, new CriterionProposal(adopted, sev1, sev1 with { Version = 2, Retro = adopted.IncidentId, UpdatedBy = "tanaka", UpdatedAt = Now.AddDays(-35) })]));
        yield return ("criterion-proposals-page-empty", NoticeForm.Page, new CriterionProposalsPageNotice(language, new CriterionProposalList([], false, 0, 0), "Asia/Tokyo"));
        var billingSummary = U("月末の請求書の締め処理が遅れ、PDF ダウンロードが 40 分できなかった");
        var mark = billingSummary.IndexOf("締め", StringComparison.Ordinal);
        IReadOnlyList<LessonHit> lessonHits =
        [
            new LessonHit(resolvedDraft.Id, resolvedDraft.Title, AlertSeverity.Sev2, [U("請求")], Now.AddDays(-20), 2, 2, 7.5,
                new LessonSnippet("summary", billingSummary, [new TextSpan(mark, 2), new TextSpan(billingSummary.IndexOf("PDF", StringComparison.Ordinal), 3)]))
            {
                // Started 4 minutes before it was detected: both shown (trial 39 L3).
                StartedAt = Now.AddDays(-20).AddMinutes(-4),
            },
            new LessonHit("INC-2026-0101", U("請求画面 <b>遅延</b>"), AlertSeverity.Sev3, [], Now.AddDays(-60), null, 1, 2.1,
                new LessonSnippet("title", U("請求画面 <b>遅延</b>"), [new TextSpan(0, 2)]), Partial: true),
            new LessonHit("INC-2026-0102", U("[Alertmanager] billing PDF"), AlertSeverity.Sev1, [], Now.AddDays(-20), null, 1, 1.2,
                new LessonSnippet("title", U("[Alertmanager] billing PDF"), [new TextSpan(23, 3)]))
            {
                MergedInto = resolvedDraft.Id,
                MergedIntoRetroVersion = 2,
            },
        ];
        yield return ("lessons-page", NoticeForm.Page, new LessonsPageNotice(language, U("締め PDF"), lessonHits, "Asia/Tokyo"));
        // The judgement criteria the words find, above the incidents: one in both languages, one Japanese only (an English reader's marked).
        static LessonSnippet Marked(string field, string text, params string[] words) =>
            new(field, text, [.. words.Select(w => new TextSpan(text.IndexOf(w, StringComparison.Ordinal), w.Length)).OrderBy(t => t.Start)]);
        IReadOnlyList<CriterionHit> criterionHits =
        [
            new CriterionHit(sev1.Id, sev1.Title, sev1.TitleEn, sev1.Text, sev1.TextEn, sev1.Topic, sev1.TopicName, sev1.TopicNameEn, sev1.UpdatedAt, 2,
                Marked("text", sev1.Text, "決済", "SEV1"), Marked("textEn", sev1.TextEn!, "SEV1")),
            new CriterionHit(login.Id, login.Title, null, login.Text, null, login.Topic, login.TopicName, null, login.UpdatedAt, 1, Marked("text", login.Text, "SEV1"), null),
        ];
        yield return ("lessons-page-criteria", NoticeForm.Page, new LessonsPageNotice(language, U("決済 SEV1"), [lessonHits[0]], "Asia/Tokyo") { Criteria = criterionHits });
        yield return ("lessons-page-refused", NoticeForm.Page, new LessonsPageNotice(language, U("a"), [], "Asia/Tokyo") { QueryError = "searchNothing" });

        // Maintenance: one running (holding two incidents), one planned for every alert, one ended early and one cancelled.
        var running = new MaintenanceWindow
        {
            Id = "MW-1a2b3c4d", Title = U("決済DBの移行 <b>夜間</b>"), From = Now.AddMinutes(-30), To = Now.AddHours(2), Sources = ["alertmanager"],
            Labels = new Dictionary<string, string> { ["service"] = U("payments"), ["env"] = "prod" }, Severities = [AlertSeverity.Sev3, AlertSeverity.Sev4],
            CreatedBy = U("佐藤 花子"), CreatedAt = Now.AddHours(-1),
        };
        var planned = new MaintenanceWindow
        {
            Id = "MW-5e6f7a8b", Title = U("検索クラスタの再起動"), From = Now.AddDays(1), To = Now.AddDays(1).AddHours(1), CreatedBy = "ito", CreatedAt = Now.AddHours(-2),
            CustomerImpact = U("検索が最大1時間ご利用いただけません"), // customers are told of it: the page offers the draft
        };
        var endedEarly = new MaintenanceWindow
        {
            Id = "MW-9c0d1e2f", Title = U("CDN 設定の変更"), From = Now.AddDays(-2), To = Now.AddDays(-2).AddHours(2), Sources = ["azure-monitor", "grafana"],
            CreatedBy = "ito", CreatedAt = Now.AddDays(-3), EndedAt = Now.AddDays(-2).AddHours(1), EndedBy = U("鈴木 一郎"),
        };
        var cancelled = new MaintenanceWindow
        {
            Id = "MW-0a0b0c0d", Title = U("証明書の更新"), From = Now.AddDays(-1), To = Now.AddDays(-1).AddHours(1), Labels = new Dictionary<string, string> { ["team"] = "web" },
            CreatedBy = "ito", CreatedAt = Now.AddDays(-4), EndedAt = Now.AddDays(-3), EndedBy = "ito",
        };
        // Planned and ended through the API by member id ("ito"): shown by display name; a typed name as typed.
        var rosterNames = members.Values.ToDictionary(m => m.Id, m => m.DisplayName, StringComparer.Ordinal);
        MaintenancePageNotice Maintenance(PageVisitor visitor) => new(language, [running, planned], [endedEarly, cancelled], token, visitor, "Asia/Tokyo", Now)
        {
            Holding = new Dictionary<string, int> { [running.Id] = 2 },
            // Which two (trial 55): the SEV1 marked, each linked.
            HoldingMatches = new Dictionary<string, IReadOnlyList<MaintenanceMatch>>
            {
                [running.Id] = [new(heldOutage.Id, heldOutage.Title, AlertSeverity.Sev1, false) { Held = true }, new(heldLag.Id, heldLag.Title, AlertSeverity.Sev3, false) { Held = true }],
            },
            Names = rosterNames,
        };
        yield return ("maintenance-page", NoticeForm.Page, Maintenance(PageVisitor.Anonymous) with { Done = "ended", Paged = 2 });
        // Trial 55: planned with no severities: the confirmation says SEV1 is held too.
        yield return ("maintenance-page-planned-all-severities", NoticeForm.Page, Maintenance(PageVisitor.Anonymous) with { Done = "planned", PlannedWindow = planned.Id });
        // Session 52: planned mid-storm over two open incidents it covers but does not hold: the note points at the window's button.
        yield return ("maintenance-page-open-matches", NoticeForm.Page, Maintenance(PageVisitor.Anonymous) with
        {
            Done = "planned",
            PlannedWindow = running.Id,
            OpenMatches = new Dictionary<string, IReadOnlyList<MaintenanceMatch>>
            {
                [running.Id] =
                [
                    new("INC-2027-0001", U("決済 API の 5xx <急増>"), AlertSeverity.Sev3, false),
                    new("INC-2027-0002", U("決済キューの遅延"), AlertSeverity.Sev4, false),
                ],
            },
        });
        yield return ("maintenance-page-not-on-roster", NoticeForm.Page, Maintenance(notOnRoster));
        yield return ("maintenance-page-invalid", NoticeForm.Page, Maintenance(PageVisitor.Anonymous) with
        {
            FailedForm = "plan",
            Values = new Dictionary<string, string>
            {
                ["by"] = U("佐藤"), ["title"] = "", ["from"] = "2027-01-12T15:00", ["to"] = "2027-01-12T13:00", ["sources"] = "alertmanager,grafana",
                ["labels"] = U("service payments") + "\nenv=prod",
            },
            // As the page gets them: the form's codes first, then what MaintenanceWindow.Plan refused, in its words.
            Errors = new Dictionary<string, string[]>
            {
                ["title"] = ["required", "is required"], ["to"] = ["must be after from"], ["labels"] = ["maintenanceLabelLine:1"],
            },
        });
        yield return ("maintenance-page-move-failed", NoticeForm.Page, Maintenance(new PageVisitor(U("伊藤 さくら"), "ito@onduty.example")) with
        {
            Ended = [],
            FailedForm = "move",
            FailedWindow = running.Id,
            Values = new Dictionary<string, string> { ["to"] = "2027-01-12T09:00" },
            Errors = new Dictionary<string, string[]> { ["to"] = ["must be in the future", "must be after from"] },
        });

        // The duty page: this week announced, then changed by people (one change taken back, one in effect), a later week's
        // replacement waiting for its announcement, two later weeks traded; leave entered by hand and read from Outlook.
        var plain = ScheduleCalculator.Compute(input, index, DutyPageNotice.ShiftsShown);
        var thisWeek = plain[0];
        var sick = thisWeek.MemberIds[0];
        var stand = members.Keys.Order(StringComparer.Ordinal).First(id => !thisWeek.MemberIds.Contains(id) && id != "ito");
        var firstTry = new DutyChange { Id = "c0", MemberId = sick, ReplacementId = "ito", Reason = U("体調不良"), By = U("佐藤 花子"), At = Now.AddHours(-3), Announced = true };
        var takenBack = firstTry.UndoneAs("c0u", U("伊藤さんは研修中"), Now.AddHours(-2), U("山田 <i>太郎</i>")) with { Announced = true };
        var inEffect = new DutyChange { Id = "c1", MemberId = sick, ReplacementId = stand, Reason = U("体調不良 <b>発熱</b>"), By = U("佐藤 花子"), At = Now.AddHours(-1), Announced = true };
        var frozenNow = new FrozenShift
        {
            ShiftStart = thisWeek.StartDate, Week = thisWeek.Week, Members = thisWeek.MemberIds, NextMembers = plain[1].MemberIds, Status = FrozenShiftStatus.Announced, FrozenAt = thisWeek.StartsAt,
        }.With(firstTry).With(takenBack).With(inEffect);
        var later = plain[2];
        var laterOverride = new RotationOverride
        {
            Id = "o1", ShiftStart = later.StartDate, MemberId = later.MemberIds[0], ReplacementId = members.Keys.Order(StringComparer.Ordinal).First(id => !later.MemberIds.Contains(id)),
            Reason = U("出張"), By = U("Liam <b>Chen</b>"), CreatedAt = Now.AddDays(-1),
        };
        var (swapWeek, otherSwapWeek) = (plain[4], plain[6]);
        var swapper = swapWeek.MemberIds.First(id => !otherSwapWeek.MemberIds.Contains(id));
        var swappee = otherSwapWeek.MemberIds.First(id => !swapWeek.MemberIds.Contains(id));
        RotationOverride[] swap =
        [
            new() { Id = "s1-a", Kind = OverrideKind.Swap, SwapId = "s1", ShiftStart = swapWeek.StartDate, MemberId = swapper, ReplacementId = swappee, Reason = U("家族の予定"), By = U("Emma"), CreatedAt = Now.AddDays(-2) },
            new() { Id = "s1-b", Kind = OverrideKind.Swap, SwapId = "s1", ShiftStart = otherSwapWeek.StartDate, MemberId = swappee, ReplacementId = swapper, Reason = U("家族の予定"), By = U("Emma"), CreatedAt = Now.AddDays(-2) },
        ];
        var dutyState = new RotationState([laterOverride, .. swap], [frozenNow]);
        var dutyLeave = new[]
        {
            new Leave { Id = "20270118-20270122", MemberId = "suzuki", From = new DateOnly(2027, 1, 18), To = new DateOnly(2027, 1, 22), Note = U("夏季休暇 <b>旅行</b>"), By = U("佐藤 <i>花子</i>") },
            new Leave { Id = Leave.OutlookId("2027-W05"), MemberId = "liam", From = new DateOnly(2027, 2, 1), To = new DateOnly(2027, 2, 5), Source = Leave.OutlookSource },
            new Leave { Id = "20270210-20270210", MemberId = "emma", From = new DateOnly(2027, 2, 10), To = new DateOnly(2027, 2, 10) },
        };
        var dutyInput = input with { State = dutyState, Leave = dutyLeave };
        var dutySchedule = new RotationSchedule(rotation, ScheduleCalculator.Compute(dutyInput, index, DutyPageNotice.ShiftsShown), members);
        IReadOnlyList<OverrideEntry> dutyChanges =
        [
            .. frozenNow.Changes.Select(c => OverrideEntry.Of(frozenNow, c)),
            OverrideEntry.Of(laterOverride, later.Week),
            OverrideEntry.Of(swap[0], swapWeek.Week),
            OverrideEntry.Of(swap[1], otherSwapWeek.Week),
        ];
        var signedIn = new PageVisitor(U("伊藤 さくら"), "ito@onduty.example");
        DutyPageNotice Duty(PageVisitor visitor) => new(language, dutySchedule, dutyChanges, dutyLeave, [.. members.Values], token, visitor, Now);
        // The replace form lists who could take over this week best first, with hints (trial 32b M4).
        yield return ("duty-page", NoticeForm.Page, Duty(signedIn) with
        {
            VisitorMemberId = "ito",
            RequestId = "0f3c9a1e5b7d4c2a8e6f1b3d5a7c9e0f",
            Replacements = ReplacementList.For(dutyInput, dutySchedule.Shifts[0], null, TimeZones.DateAt(Now, TimeZones.Find(rotation.TimeZone)), current: true),
        });
        yield return ("duty-page-not-on-roster", NoticeForm.Page, Duty(notOnRoster));
        // Every lead is on duty in a later week: that week's row says the leads' step is passed over, and who hears instead (H1).
        yield return ("duty-page-leads-on-duty", NoticeForm.Page, Duty(signedIn) with
        {
            VisitorMemberId = "ito", LeadsOnDuty = new Dictionary<string, LeadsOnDuty> { [later.Week] = new("pm-org@onduty.example") },
        });
        // Every lead on leave some days of a later week, with no organisation's list: paged all the same, said on the row.
        yield return ("duty-page-leads-on-leave", NoticeForm.Page, Duty(signedIn) with
        {
            VisitorMemberId = "ito", LeadsOnLeave = new Dictionary<string, LeadsAwayDays> { [later.Week] = new(later.StartDate, later.StartDate.AddDays(2), null) },
        });
        yield return ("duty-page-replace-failed", NoticeForm.Page, Duty(PageVisitor.Anonymous) with
        {
            FailedForm = "replace",
            Values = new Dictionary<string, string>
            {
                ["by"] = U("佐藤 <i>花子</i>"), ["week"] = thisWeek.Week, ["memberId"] = frozenNow.Members[1], ["replacementId"] = stand, ["reason"] = "",
            },
            // As the page gets them: what RotationService refused, in its words (the rule turned into the reader's).
            Errors = new Dictionary<string, string[]>
            {
                ["reason"] = [$"is required to change {thisWeek.Week}, which was already announced (the people told read it)"],
                ["replacementId"] = [$"'{stand}' is already on duty in {thisWeek.Week}"],
            },
            // …with the rule as a code and arguments, said with names and the week's first day.
            Refusals = new Dictionary<string, Refusal>
            {
                ["reason"] = Refusal.Of(DutyRefusals.ReasonRequired, ("week", thisWeek.Week), ("weekStart", thisWeek.StartDate)),
                ["replacementId"] = Refusal.Of(DutyRefusals.AlreadyOn, ("week", thisWeek.Week), ("weekStart", thisWeek.StartDate), ("member", stand)),
            },
        });
        // Trial 32b M5: a swap putting someone on leave on duty is refused at the field; the box to confirm is there, unticked.
        yield return ("duty-page-swap-on-leave", NoticeForm.Page, Duty(signedIn) with
        {
            VisitorMemberId = "ito",
            FailedForm = "swap",
            Values = new Dictionary<string, string>
            {
                ["memberId"] = frozenNow.Members[1], ["week"] = thisWeek.Week, ["otherMemberId"] = "emma", ["otherWeek"] = later.Week, ["reason"] = U("帰省"),
            },
            Errors = new Dictionary<string, string[]>
            {
                ["otherMemberId"] = [$"'emma' is on leave 2027-02-10 to 2027-02-10 during {thisWeek.Week}: pages would reach someone away; send \"force\": true to make the change anyway"],
            },
            Refusals = new Dictionary<string, Refusal>
            {
                ["otherMemberId"] = Refusal.Of(DutyRefusals.OnLeave, ("week", thisWeek.Week), ("weekStart", thisWeek.StartDate), ("member", "emma"), ("from", new DateOnly(2027, 2, 10)), ("to", new DateOnly(2027, 2, 10))),
            },
        });
        yield return ("duty-page-done-warned", NoticeForm.Page, Duty(signedIn) with { Done = "replacedNow", Warned = [thisWeek.Week], OnLeave = ["ito", "no-such-member"], LongRun = ("ito", 3, thisWeek.Week), VisitorMemberId = "ito" });
        yield return ("duty-page-undo-failed", NoticeForm.Page, Duty(signedIn) with
        {
            FailedForm = "undo",
            FailedItem = "c1",
            Values = new Dictionary<string, string> { ["overrideId"] = "c1", ["reason"] = "" },
            Errors = new Dictionary<string, string[]> { ["reason"] = ["dutyUndoReason"], ["overrideId"] = [$"'{sick}' is no longer on duty in {thisWeek.Week} (a, b)"] },
            Refusals = new Dictionary<string, Refusal>
            {
                ["overrideId"] = Refusal.Of(DutyRefusals.NoLongerOnShift, ("week", thisWeek.Week), ("weekStart", thisWeek.StartDate), ("member", sick)),
            },
        });
        yield return ("duty-page-leave-failed", NoticeForm.Page, Duty(PageVisitor.Anonymous) with
        {
            FailedForm = "leave",
            Values = new Dictionary<string, string> { ["by"] = "", ["memberId"] = "suzuki", ["from"] = "2027-01-20", ["to"] = "2027-01-19", ["note"] = U("通院") },
            Errors = new Dictionary<string, string[]> { ["by"] = ["required"], ["to"] = ["must not be before from"], ["from"] = ["overlaps existing leave 2027-01-18..2027-01-22 (20270118-20270122)"] },
            Refusals = new Dictionary<string, Refusal>
            {
                ["to"] = Refusal.Of(LeaveRefusals.Order),
                ["from"] = Refusal.Of(LeaveRefusals.Overlaps, ("from", new DateOnly(2027, 1, 18)), ("to", new DateOnly(2027, 1, 22)), ("leave", "20270118-20270122")),
            },
        });

        // A block rotation (four-week shifts): the duty and schedule pages say 「今回」「当番を交換する」, not 「今週」「週を交換する」.
        var blockInput = input with { Rotation = rotation with { ShiftWeeks = 4 } };
        var blockCalendar = blockInput.Calendar();
        var blockShifts = ScheduleCalculator.Compute(blockInput, blockCalendar.ShiftIndexAt(Now), 3);
        var blockSchedule = new RotationSchedule(blockInput.Rotation, blockShifts, members) { MovedStarts = blockCalendar.MovedStarts(blockShifts) };
        yield return ("duty-page-four-week-shifts", NoticeForm.Page, new DutyPageNotice(language, blockSchedule, [], dutyLeave, [.. members.Values], token, signedIn, Now)
        {
            VisitorMemberId = "ito", Done = "swappedNow",
        });
        yield return ("schedule-page-four-week-shifts", NoticeForm.Page, new SchedulePageNotice(language, blockSchedule, Now));

        // How pages reach me: a signed-in member with a number (SEV1 and SEV2 texted, replies accepted); without sign-in, the
        // roster to choose from and a national number refused (in Core's words); someone signed in who is not on the roster;
        // SMS not set up; and after a save (every page texted).
        var ito = new PageVisitor(U("伊藤 さくら"), "ito@onduty.example");
        ContactPageNotice Contact(Member? member, PageVisitor visitor) => new(language, member, token, visitor)
        {
            SmsEnabled = true, RepliesAccepted = true, TextedSeverities = [AlertSeverity.Sev1, AlertSeverity.Sev2], TimeZone = "Asia/Tokyo",
        };
        yield return ("contact-page", NoticeForm.Page, Contact(M("ito") with { Phone = "+819012345678" }, ito));
        yield return ("contact-page-choose", NoticeForm.Page, Contact(M("sato") with { Phone = "+818011112222" }, PageVisitor.Anonymous) with
        {
            Choices = [.. members.Values.OrderBy(m => m.DisplayName, StringComparer.Ordinal)],
            Values = new Dictionary<string, string> { ["member"] = "sato", ["phone"] = U("090-1234-5678") },
            Errors = new Dictionary<string, string[]> { ["phone"] = [PhoneNumber.Refusal("090-1234-5678", null)] },
        });
        // With the team's country code (Team__PhoneCountryCode 81): the hint says a national number is saved with +81, and 00 first is refused saying so, naming it.
        yield return ("contact-page-national", NoticeForm.Page, Contact(M("ito") with { Phone = "+819012345678" }, ito) with
        {
            PhoneCountryCode = "81",
            Values = new Dictionary<string, string> { ["phone"] = U("0081 80-1111-2222") },
            Errors = new Dictionary<string, string[]> { ["phone"] = [PhoneNumber.Refusal("0081 80-1111-2222", "81")] },
        });
        yield return ("contact-page-not-on-roster", NoticeForm.Page, Contact(null, new PageVisitor(U("Visitor"), "visitor@onduty.example")));
        yield return ("contact-page-sms-off", NoticeForm.Page, Contact(M("emma") with { Phone = "+447700900123" }, new PageVisitor(U("Emma Wilson"), "emma@onduty.example")) with
        {
            SmsEnabled = false, RepliesAccepted = false, TextedSeverities = [],
        });
        yield return ("contact-page-calls", NoticeForm.Page, Contact(M("ito") with { Phone = "+819012345678" }, ito) with
        {
            CallsFromStep = 1,
            CalledSeverities = [AlertSeverity.Sev1],
            Done = "called",
        });
        // Voice__FromStep=2: only the leads ring; a duty member is not told their number is called (their own rule still can).
        yield return ("contact-page-calls-leads", NoticeForm.Page, Contact(M("ito") with { Phone = "+819012345678" }, ito) with
        {
            CallsFromStep = 2,
            NextStepAfter = [(AlertSeverity.Sev1, TimeSpan.FromMinutes(5)), (AlertSeverity.Sev2, TimeSpan.FromMinutes(15)), (AlertSeverity.Sev3, TimeSpan.FromHours(1)), (AlertSeverity.Sev4, TimeSpan.FromHours(4))],
        });
        // 「自分への電話を早める」: a rule of 10 minutes saved, no sooner than SEV1's next step (5 minutes), which the page says; without a
        // number, that one is needed first and no choice is offered.
        yield return ("contact-page-call-rule", NoticeForm.Page, Contact(M("ito") with { Phone = "+819012345678", CallAfterMinutes = 10 }, ito) with
        {
            CallsFromStep = 1,
            CalledSeverities = [AlertSeverity.Sev1, AlertSeverity.Sev2],
            NextStepAfter = [(AlertSeverity.Sev1, TimeSpan.FromMinutes(5)), (AlertSeverity.Sev2, TimeSpan.FromMinutes(15))],
            Done = "ruleSaved",
        });
        yield return ("contact-page-call-rule-no-phone", NoticeForm.Page, Contact(M("ito") with { Phone = null }, ito) with
        {
            CallsFromStep = 1,
            NextStepAfter = [(AlertSeverity.Sev1, TimeSpan.FromMinutes(5)), (AlertSeverity.Sev2, TimeSpan.FromMinutes(15)), (AlertSeverity.Sev3, TimeSpan.FromHours(1)), (AlertSeverity.Sev4, TimeSpan.FromHours(4))],
        });
        yield return ("contact-page-saved", NoticeForm.Page, Contact(M("ito") with { Phone = "+819012345678" }, ito) with { TextedSeverities = [], Done = "saved" });
        // The open incidents the member follows (titles encoded), each linked with its unfollow button; after an unfollow.
        yield return ("contact-page-following", NoticeForm.Page, Contact(M("ito") with { Phone = "+819012345678" }, ito) with
        {
            Done = "unfollowed",
            Following =
            [
                Incident.Open("INC-2027-0012", new NewIncident { Title = U("決済画面が<b>開かない</b>"), Severity = AlertSeverity.Sev2 }, [], "ito", Now),
                Incident.Open("INC-2027-0009", new NewIncident { Title = U("ログインが遅い"), Severity = AlertSeverity.Sev3 }, [], "ito", Now.AddMinutes(-40)),
            ],
        });
        // 「カレンダーに追加」: just made (the URL shown this once, with its webcal link and the Outlook/Google lines), two of hers
        // listed (a note encoded); at the cap, nothing made and the note typed kept.
        FeedToken Feed(string id, int daysAgo, string? note) => new()
        {
            Owner = new FeedOwner(FeedKind.Member, "ito"), Id = id, TokenHash = id + new string('0', 48), CreatedAt = Now.AddDays(-daysAgo), Note = note, ByMember = true,
        };
        yield return ("contact-page-calendar", NoticeForm.Page, Contact(M("ito") with { Phone = "+819012345678" }, ito) with
        {
            NewCalendarUrl = "https://onduty.example/api/members/ito/calendar.ics?token=" + new string('x', 43),
            CalendarFeeds = [Feed("0a1b2c3d4e5f6a7b", 30, U("会社の <b>Outlook</b>")), Feed("1b2c3d4e5f6a7b8c", 0, null)],
        });
        yield return ("contact-page-calendar-cap", NoticeForm.Page, Contact(M("ito") with { Phone = "+819012345678" }, ito) with
        {
            CalendarFeeds = [Feed("0a1b2c3d4e5f6a7b", 30, "iPhone")],
            Values = new Dictionary<string, string> { ["note"] = U("私用の iPad") },
            Errors = new Dictionary<string, string[]> { ["feeds"] = ["at most 20 feed URLs per member; revoke one first"] },
        });
        yield return ("sms-test", NoticeForm.Text, new SmsTestNotice(language, M("ito").DisplayName));

        // What did not reach the member (a page that bounced, a text the carrier blocked; their subjects and the providers' words
        // as written, encoded), after a test email.
        yield return ("contact-page-undelivered", NoticeForm.Page, Contact(M("ito") with { Phone = "+819012345678" }, ito) with
        {
            Done = "emailed",
            Undelivered =
            [
                new OutboxMessage
                {
                    Id = "incident:INC-2027-0003:page:email:ito@onduty.example", Channel = Channel.Email, Recipient = "ito@onduty.example", Status = OutboxStatus.Failed,
                    Subject = U("【障害・SEV1】INC-2027-0003 決済画面が開かない"), CreatedAt = Now.AddDays(-1), SentAt = Now.AddDays(-1).AddSeconds(2),
                    LastError = U("not delivered to ito@onduty.example (Bounced: 550 5.1.1 The email account that you tried to reach does not exist.)"),
                },
                new OutboxMessage
                {
                    Id = "incident:INC-2027-0003:page:sms:ito", Channel = Channel.Sms, Recipient = "+819012345678", Status = OutboxStatus.Failed,
                    Subject = U("OnDuty: INC-2027-0003"), CreatedAt = Now.AddDays(-1), LastError = "not delivered (Failed: Blocked by the carrier)",
                },
            ],
        });
        yield return ("email-test", NoticeForm.Email, new EmailTestNotice(language, M("ito").DisplayName, "ito@onduty.example"));
        yield return ("handoff-brief-maintenance", NoticeForm.Email, new HandoffBriefNotice(language, brief with { Maintenance = [running, planned] }, "Asia/Tokyo", new DateOnly(2027, 1, 12))
        {
            BaseUrl = "https://onduty.example",
        });
        // The brief of a four-week shift: its maintenance and action items are those of the shift, said so.
        yield return ("handoff-brief-four-week-shift", NoticeForm.Email, new HandoffBriefNotice(language, brief with { Maintenance = [running, planned], ShiftWeeks = 4 }, "Asia/Tokyo", new DateOnly(2027, 1, 12))
        {
            BaseUrl = "https://onduty.example",
        });
        yield return ("pm-status-page-maintenance", NoticeForm.Page, new StatusPageNotice(language, [], "Asia/Tokyo", Now) { Maintenance = [running, planned] });
        OnDuty.Core.Heartbeats.Heartbeat Beat(string name, string title, TimeSpan interval, DateTimeOffset? lastPing) => new()
        {
            Name = name, Title = U(title), Interval = interval, Grace = OnDuty.Core.Heartbeats.Heartbeat.DefaultGrace(interval), CreatedBy = "sato",
            CreatedAt = Now.AddDays(-3), LastPingAt = lastPing,
        };
        yield return ("handoff-brief-heartbeats", NoticeForm.Email, new HandoffBriefNotice(language, brief with
        {
            MadeAt = Now,
            Heartbeats =
            [
                Beat("alertmanager-watchdog", "Alertmanager Watchdog", TimeSpan.FromMinutes(5), Now.AddHours(-3)),
                Beat("grafana-heartbeat", "Grafana", TimeSpan.FromMinutes(1), null),
            ],
        }, "Asia/Tokyo", new DateOnly(2027, 1, 12))
        {
            BaseUrl = "https://onduty.example",
        });
        yield return ("pm-status-page-heartbeats", NoticeForm.Page, new StatusPageNotice(language, [], "Asia/Tokyo", Now)
        {
            Heartbeats =
            [
                Beat("alertmanager-watchdog", "Alertmanager Watchdog", TimeSpan.FromMinutes(5), Now.AddMinutes(-2)),
                Beat("nightly-batch", "夜間バッチ", TimeSpan.FromDays(1), Now.AddHours(-27)) with { WorkingDaysOnly = true, ExpectedBy = Now.AddHours(-1) },
                Beat("billing-export", "請求データ出力", TimeSpan.FromHours(1), Now.AddMinutes(-30)) with { LastFailAt = Now.AddMinutes(-5), LastFailure = U("disk full") },
                Beat("grafana-heartbeat", "Grafana", TimeSpan.FromMinutes(1), null),
                Beat("hourly-export", "時間ごとの出力", TimeSpan.FromHours(1), Now.AddMinutes(-50)) with { LastStartAt = Now.AddMinutes(-5), MaxRun = TimeSpan.FromMinutes(30) },
            ],
        });

        // The channel's cards: planned, moved, ended early (two held incidents paged), cancelled.
        const string maintenanceLink = "https://onduty.example/api/status/maintenance";
        yield return ("maintenance-planned", NoticeForm.Card, new MaintenanceNotice(language, running, MaintenanceEvent.Planned, 0, "Asia/Tokyo", maintenanceLink));
        yield return ("maintenance-planned-all-severities", NoticeForm.Card, new MaintenanceNotice(language, planned, MaintenanceEvent.Planned, 0, "Asia/Tokyo", maintenanceLink) { Names = rosterNames });
        yield return ("maintenance-moved", NoticeForm.Card, new MaintenanceNotice(language, running with { To = Now.AddHours(3) }, MaintenanceEvent.Moved, 0, "Asia/Tokyo", maintenanceLink));
        yield return ("maintenance-ended", NoticeForm.Card, new MaintenanceNotice(language, endedEarly, MaintenanceEvent.Ended, 2, "Asia/Tokyo", maintenanceLink));
        // Begun and ended by themselves, as the escalation run tells them: a same-day period says its date once.
        yield return ("maintenance-began", NoticeForm.Card, new MaintenanceNotice(language, planned with { From = Now.AddMinutes(-1), To = Now.AddHours(1) }, MaintenanceEvent.Began, 0, "Asia/Tokyo", maintenanceLink) { Names = rosterNames });
        yield return ("maintenance-finished", NoticeForm.Card, new MaintenanceNotice(language, running with { To = Now }, MaintenanceEvent.Finished, 1, "Asia/Tokyo", maintenanceLink) { Held = 3 });
        yield return ("maintenance-finished-settled", NoticeForm.Card, new MaintenanceNotice(language, running with { To = Now }, MaintenanceEvent.Finished, 0, "Asia/Tokyo", maintenanceLink) { Held = 2 });
        yield return ("maintenance-cancelled", NoticeForm.Card, new MaintenanceNotice(language, cancelled, MaintenanceEvent.Cancelled, 0, "Asia/Tokyo", maintenanceLink)
        {
            Names = members.Values.ToDictionary(m => m.Id, m => m.DisplayName, StringComparer.Ordinal),
        });

        // A person added as a reader of a confidential incident (legal, an auditor): who added them, its title and page, and that it is
        // not to be forwarded; no alerts (the reader was not paged about them).
        yield return ("incident-reader-added", NoticeForm.Email, Page(IncidentNotice.ReaderAdded(U("佐藤 花子"), "counsel@law.example"), null) with { Incident = confidential, Alerts = [], MoreAlerts = 0 });

        // The security officer (Incidents__ConfidentialReaders) when an incident is marked confidential: who marked it, when (the reader's
        // clock), why, that its page is open to them and not to forward it; no alerts.
        yield return ("incident-confidential-marked", NoticeForm.Email, Page(IncidentNotice.MarkedConfidential(U("佐藤 花子"), new DateTimeOffset(2027, 1, 12, 2, 30, 0, TimeSpan.Zero),
            "管理画面に不審なログインがあり、顧客情報の閲覧履歴を確認中"), null) with { Incident = confidential, Alerts = [], MoreAlerts = 0 });
    }
}

/// <summary>A draft approved by PR for an incident as it stands, as the service saves one.</summary>
internal static class ApprovedDraftSample
{
    public static IncidentDraft For(Language language, Incident incident) => new()
    {
        Language = language,
        CustomerNotice = language == Language.Ja ? "【障害】決済が一部失敗する事象について\n■回避策\n回避策は現在確認中です。" : "[Incident] Some payments failing\nWorkaround\nWe are still looking for one.",
        Workaround = "",
        Status = DraftStatus.Approved,
        ApprovedBy = "広報 高橋",
        ApprovedAt = NoticeSamples.Now.AddMinutes(5),
        SavedBy = "takahashi",
        SavedAt = NoticeSamples.Now.AddMinutes(5),
        SavedInStatus = incident.Status,
        Inputs = DraftInputs.Of(incident),
    };
}
