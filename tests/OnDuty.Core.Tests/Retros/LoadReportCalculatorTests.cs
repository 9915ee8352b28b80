using OnDuty.Core.Alerts;
using OnDuty.Core.Calendar;
using OnDuty.Core.Incidents;
using OnDuty.Core.Retros;
using OnDuty.Core.Rotations;
using OnDuty.Core.Team;

namespace OnDuty.Core.Tests.Retros;

/// <summary>A fortnight worked out by hand (2026-11-02 … 2026-11-15, Tokyo); the expected numbers are explained line by line.</summary>
public sealed class LoadReportCalculatorTests
{
    private static readonly DateOnly From = new(2026, 11, 2);
    private static readonly DateOnly To = new(2026, 11, 15);
    private static readonly TimeZoneInfo Tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

    private static readonly Dictionary<string, Member> Roster = new()
    {
        ["ito"] = new Member { Id = "ito", DisplayName = "伊藤 健", Email = "ito@example.com", TimeZone = "Asia/Tokyo", JoinedOn = new(2020, 1, 1) },
        ["liam"] = new Member { Id = "liam", DisplayName = "Liam Smith", Email = "liam@example.com", TimeZone = "Europe/London", JoinedOn = new(2020, 1, 1) },
        ["sato"] = new Member { Id = "sato", DisplayName = "佐藤 花子", Email = "Sato@Example.com", TimeZone = "Asia/Tokyo", JoinedOn = new(2020, 1, 1) },
    };

    private static DateTimeOffset Utc(int day, int hour, int minute = 0) => new(2026, 11, day, hour, minute, 0, TimeSpan.Zero);

    private static LoadIncident Incident(string id, DateTimeOffset detected, string[] assignees, TimelineEntry[] timeline, params RetroVersion[] retro) =>
        new(OnDuty.Core.Incidents.Incident.Restore(new IncidentSnapshot
        {
            Id = id,
            Title = id,
            Severity = AlertSeverity.Sev2,
            Status = IncidentStatus.Resolved,
            DetectedAt = detected,
            StartedAt = detected,
            Assignees = [.. assignees.Select(a => new AssignedMember(a, Roster[a].DisplayName, Roster[a].Email, Language.Ja))],
        }), timeline, retro);

    [Fact]
    public void Compute_HandWorkedFortnight_MatchesTheHandCount()
    {
        var shifts = new[]
        {
            new LoadShift(new(2026, 11, 2), ["sato", "liam"]),
            new LoadShift(new(2026, 11, 9), ["sato", "ito"]),
            new LoadShift(new(2026, 11, 16), ["ito", "liam"]), // starts after the range
        };
        var incidents = new[]
        {
            // Tue 3 Nov, 文化の日 (a holiday): 10:00 in Tokyo, 01:00 in London.
            Incident("INC-1", Utc(3, 1), ["sato", "liam"],
            [
                new() { At = Utc(3, 1), Kind = TimelineKind.Notified, Recipients = ["sato@example.com", "liam@example.com", "teams"] }, // sato: holiday; liam: 01:00 → both out of hours
                new() { At = Utc(3, 1, 5), Kind = TimelineKind.Acknowledged, By = "sato" },
                new() { At = Utc(3, 2), Kind = TimelineKind.Update, By = "sato", Message = "found it" },
                new() { At = Utc(3, 3), Kind = TimelineKind.Resolved, By = "liam" },
            ],
            new RetroVersion(1, "sato", Utc(4, 2)), new RetroVersion(2, "liam", Utc(5, 9)), new RetroVersion(3, "sato", Utc(6, 2))),

            // Wed 11 Nov 03:00 UTC = 12:00 Tokyo (working), 03:00 London (out of hours).
            Incident("INC-2", Utc(11, 3), ["sato", "ito"],
            [
                new() { At = Utc(11, 3), Kind = TimelineKind.Notified, Recipients = ["sato@example.com", "ito@example.com"] }, // working time for both
                new() { At = Utc(11, 9, 15), Kind = TimelineKind.Escalated, Step = 1, Recipients = ["sato@example.com", "ito@example.com"] }, // 18:15 Tokyo: out of hours for both
                new() { At = Utc(11, 10), Kind = TimelineKind.Escalated, Step = 2, Recipients = ["lead@example.com"] },
                new() { At = Utc(11, 11), Kind = TimelineKind.Update, By = "liam", Message = "helping" }, // liam handled it without being on duty
            ]),

            // Detected after the range: nothing counts, not even liam's retro of it.
            Incident("INC-3", Utc(20, 3), ["ito", "liam"],
            [
                new() { At = Utc(20, 3), Kind = TimelineKind.Notified, Recipients = ["ito@example.com", "liam@example.com"] },
                new() { At = Utc(20, 4), Kind = TimelineKind.Update, By = "ito" },
            ],
            new RetroVersion(1, "liam", Utc(21, 1))),
        };

        var loads = LoadReportCalculator.Compute(Roster, shifts, incidents, Start(From), Start(To.AddDays(1)), From, To,
            Tokyo, new WorkingCalendar("JP", []), new ReportOptions()).ToDictionary(l => l.MemberId);

        // member: duty weeks, incidents handled (acted on), pages out of hours, updates posted, retros written
        Assert.Equal((1, 0, 1, 0, 0), Row(loads["ito"]));   // week 11-09; on INC-2 but did nothing on it; its 18:15 escalation
        Assert.Equal((1, 2, 1, 2, 1), Row(loads["liam"]));  // week 11-02; INC-1 (resolved) + INC-2 (helped, not on duty); INC-1's page at 01:00; resolve + update; INC-1 retro
        Assert.Equal((2, 1, 2, 1, 1), Row(loads["sato"]));  // two weeks; INC-1 (acked); holiday page + 18:15; one update; INC-1 retro (twice = once)

        // incidents on duty: those each was put on, acted or not
        Assert.Equal((1, 1, 2), (loads["ito"].IncidentsOnDuty, loads["liam"].IncidentsOnDuty, loads["sato"].IncidentsOnDuty));
    }

    /// <summary>
    /// Trial 32b M7: 年末年始 weighs on fairness. The week of 28 Dec holds the closure's 29–31 Dec and 1–3 Jan and New Year's Day is
    /// also a holiday (one day, counted once); the closure's Saturday and Sunday (2–3 Jan) are a weekend every pair serves, so 4 days
    /// count; the days off count for the pair the week ended with, served or scheduled.
    /// </summary>
    [Fact]
    public void Compute_HolidaysAndClosureDaysServed_AndTheComingWeeksScheduled_CountedPerMember()
    {
        static NonWorkingDay Off(int month, int day, NonWorkingKind kind) => new(new DateOnly(month == 1 ? 2027 : 2026, month, day), kind, "New Year", "年末年始");
        var newYear = new ScheduleNote(NoteKind.IncludesClosure) { Days = [Off(12, 29, NonWorkingKind.Closure), Off(12, 30, NonWorkingKind.Closure), Off(12, 31, NonWorkingKind.Closure), Off(1, 1, NonWorkingKind.Closure), Off(1, 2, NonWorkingKind.Closure), Off(1, 3, NonWorkingKind.Closure)] };
        var holiday = new ScheduleNote(NoteKind.IncludesHolidays) { Days = [Off(1, 1, NonWorkingKind.PublicHoliday)] };
        ScheduledShift Shift(int index, DateOnly start, string[] members, params ScheduleNote[] notes) => new(
            index, DutyCalendar.IsoWeekLabel(start), start, start.AddDays(6), new DateTimeOffset(start.ToDateTime(new TimeOnly(1, 0)), TimeSpan.Zero),
            new DateTimeOffset(start.AddDays(7).ToDateTime(new TimeOnly(1, 0)), TimeSpan.Zero),
            [.. members.Select(m => new Assignment(m, AssignmentKind.RotatingIn, AssignmentReason.None))], false, notes);

        var served = Shift(0, new DateOnly(2026, 12, 28), ["sato", "liam"], newYear, holiday);
        Assert.Equal(4, LoadShift.DaysOffIn(served));
        var loads = LoadReportCalculator.Compute(Roster, [LoadShift.Of(served, RotationState.Empty)], [], Start(new DateOnly(2026, 12, 28)), Start(new DateOnly(2027, 1, 4)),
            new DateOnly(2026, 12, 28), new DateOnly(2027, 1, 3), Tokyo, new WorkingCalendar("JP", []), new ReportOptions());
        var ahead = new[]
        {
            Shift(1, new DateOnly(2027, 1, 4), ["liam", "ito"]),
            Shift(2, new DateOnly(2027, 1, 11), ["ito", "sato"], new ScheduleNote(NoteKind.IncludesHolidays) { Days = [Off(1, 11, NonWorkingKind.PublicHoliday)] }),
        };

        var withAhead = LoadReportCalculator.WithAhead(loads, ahead).ToDictionary(l => l.MemberId);

        // member: days off served, coming weeks scheduled, days off in them
        Assert.Equal((4, 1, 1), (withAhead["sato"].HolidayDays, withAhead["sato"].ScheduledWeeks, withAhead["sato"].ScheduledHolidayDays));
        Assert.Equal((4, 1, 0), (withAhead["liam"].HolidayDays, withAhead["liam"].ScheduledWeeks, withAhead["liam"].ScheduledHolidayDays));
        Assert.Equal((0, 2, 1), (withAhead["ito"].HolidayDays, withAhead["ito"].ScheduledWeeks, withAhead["ito"].ScheduledHolidayDays));

        // What was served is unchanged by the look-ahead.
        Assert.Equal(loads.Select(l => (l.MemberId, l.DutyWeeks, l.DutyHours)), withAhead.Values.OrderBy(l => l.MemberId, StringComparer.Ordinal).Select(l => (l.MemberId, l.DutyWeeks, l.DutyHours)));
    }

    [Fact]
    public void Compute_ADuplicateMergedIntoAnother_IsOneIncidentHandled_ItsPagesStillCount()
    {
        var kept = Incident("INC-1", Utc(4, 1), ["sato", "ito"],
        [
            new() { At = Utc(4, 1), Kind = TimelineKind.Notified, Recipients = ["sato@example.com", "ito@example.com"] },
            new() { At = Utc(4, 2), Kind = TimelineKind.Update, By = "sato", Message = "rolling back" },
        ]);
        var duplicate = Incident("INC-2", Utc(4, 12), ["sato", "ito"],
        [
            new() { At = Utc(4, 12), Kind = TimelineKind.Notified, Recipients = ["sato@example.com", "ito@example.com"] }, // 21:00 Tokyo
            new() { At = Utc(4, 12, 5), Kind = TimelineKind.Acknowledged, By = "ito" },
        ]);
        var snapshot = duplicate.Incident.ToSnapshot() with { Status = IncidentStatus.Resolved, MergedInto = "INC-1" };
        var merged = duplicate with { Incident = OnDuty.Core.Incidents.Incident.Restore(snapshot) };

        var loads = LoadReportCalculator.Compute(Roster, [], [kept, merged], Start(From), Start(To.AddDays(1)), From, To,
            Tokyo, new WorkingCalendar("JP", []), new ReportOptions()).ToDictionary(l => l.MemberId);
        var unmerged = LoadReportCalculator.Compute(Roster, [], [kept, duplicate], Start(From), Start(To.AddDays(1)), From, To,
            Tokyo, new WorkingCalendar("JP", []), new ReportOptions()).ToDictionary(l => l.MemberId);

        Assert.Equal((0, 1, 1, 0, 0), Row(loads["ito"]));   // acted on one outage (acked the duplicate); the duplicate's 21:00 page
        Assert.Equal((0, 1, 1, 1, 0), Row(loads["sato"]));
        Assert.Equal((1, 1), (loads["ito"].IncidentsOnDuty, loads["sato"].IncidentsOnDuty)); // on duty for one outage
        Assert.Equal((0, 1, 1, 0, 0), Row(unmerged["ito"])); // the same two, not merged: acted on one of them …
        Assert.Equal(2, unmerged["ito"].IncidentsOnDuty);   // … on duty for two
    }

    /// <summary>
    /// Trial 53: an incident open across the handoff. sato (the week ending) acknowledged it; ito took it over after the handoff
    /// and held it until monitoring resolved it. Both handled it — ito by taking it over, though he posted nothing — and it is
    /// one incident for each.
    /// </summary>
    [Fact]
    public void Compute_TakenOverAfterTheHandoff_TheNewHolderHandledItToo()
    {
        var incident = Incident("INC-1", Utc(9, 0), ["sato", "liam"],
        [
            new() { At = Utc(9, 0), Kind = TimelineKind.Notified, Recipients = ["sato@example.com", "liam@example.com"] },
            new() { At = Utc(9, 0, 4), Kind = TimelineKind.Acknowledged, By = "sato" },
            new() { At = Utc(9, 2), Kind = TimelineKind.TookOver, By = "ito", Message = "ito took over from sato" },
            new() { At = Utc(9, 5), Kind = TimelineKind.Resolved, By = "alert:grafana" },
        ]);

        var loads = LoadReportCalculator.Compute(Roster, [], [incident], Start(From), Start(To.AddDays(1)), From, To,
            Tokyo, new WorkingCalendar("JP", []), new ReportOptions()).ToDictionary(l => l.MemberId);

        Assert.Equal((1, 1, 0), (loads["ito"].IncidentsHandled, loads["sato"].IncidentsHandled, loads["liam"].IncidentsHandled));
    }

    /// <summary>
    /// Trial 53: an incident detected at 23:50 on Sun 1 Nov (Tokyo), the night before the range, escalated to sato at 00:10 and
    /// updated by her at 00:30 on Mon 2 Nov — in the range. Its page and update count in the range (before, in neither month);
    /// the incident itself is the range before's, so not handled here.
    /// </summary>
    [Fact]
    public void Compute_IncidentDetectedJustBeforeTheRange_ItsPagesAndUpdatesInTheRangeCount()
    {
        var incident = Incident("INC-0", Utc(1, 14, 50), ["sato", "liam"],
        [
            new() { At = Utc(1, 14, 50), Kind = TimelineKind.Notified, Recipients = ["sato@example.com"] },             // Sun 23:50: before the range
            new() { At = Utc(1, 15, 10), Kind = TimelineKind.Escalated, Step = 1, Recipients = ["sato@example.com"] },  // Mon 00:10
            new() { At = Utc(1, 15, 30), Kind = TimelineKind.Update, By = "sato", Message = "rolling back" },          // Mon 00:30
        ]);

        var loads = LoadReportCalculator.Compute(Roster, [], [incident], Start(From), Start(To.AddDays(1)), From, To,
            Tokyo, new WorkingCalendar("JP", []), new ReportOptions()).ToDictionary(l => l.MemberId);

        Assert.Equal((0, 1, 1, 0), (loads["sato"].IncidentsHandled, loads["sato"].PagesOutOfHours, loads["sato"].UpdatesPosted, loads["sato"].IncidentsOnDuty));
    }

    /// <summary>
    /// The load report counts a member's pages by the duty report's rule (<see cref="TimelineEntry.PagesMember"/>): a step that named
    /// them as a paged member counts though the address it went to is no longer theirs (they changed it since), and an address
    /// recorded with spaces around it is theirs. Before, only their current address exactly (any case) counted: 0 here.
    /// </summary>
    [Fact]
    public void Compute_PagedAsAMemberAtAnAddressChangedSince_OrRecordedWithSpaces_CountsAsTheDutyReportCountsIt()
    {
        var incident = Incident("INC-1", Utc(7, 3), ["sato"],
        [
            // Sat 12:00 Tokyo: to her old address, naming her as the paged member.
            new() { At = Utc(7, 3), Kind = TimelineKind.Notified, Recipients = ["hanako.sato@example.com"], Members = [new PagedMember("hanako.sato@example.com", "sato", null)] },
            // Sat 12:10: to her address as a lead was configured, with a space.
            new() { At = Utc(7, 3, 10), Kind = TimelineKind.Escalated, Step = 1, Recipients = [" sato@example.com "] },
            // Sat 12:20: to someone else, naming no one.
            new() { At = Utc(7, 3, 20), Kind = TimelineKind.Escalated, Step = 2, Recipients = ["hanako.sato@example.com"] },
        ]);

        var loads = LoadReportCalculator.Compute(Roster, [], [incident], Start(From), Start(To.AddDays(1)), From, To,
            Tokyo, new WorkingCalendar("JP", []), new ReportOptions()).ToDictionary(l => l.MemberId);

        Assert.Equal(2, loads["sato"].PagesOutOfHours);
        Assert.Equal(0, loads["ito"].PagesOutOfHours);
    }

    [Theory]
    [InlineData("2026-11-04T00:00:00Z", true)]   // Wed 09:00 Tokyo
    [InlineData("2026-11-03T23:59:00Z", false)]  // Wed 08:59
    [InlineData("2026-11-04T09:00:00Z", false)]  // Wed 18:00 (end is exclusive)
    [InlineData("2026-11-07T03:00:00Z", false)]  // Saturday noon
    [InlineData("2026-11-03T03:00:00Z", false)]  // 文化の日
    public void IsWorkingTime_TokyoMember(string at, bool expected) =>
        Assert.Equal(expected, LoadReportCalculator.IsWorkingTime(DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture), Tokyo, new WorkingCalendar("JP", []), new ReportOptions()));

    /// <summary>
    /// A member whose zone this machine cannot read is in the team's (the rotation's, the <c>zone</c> given), as the duty report
    /// reads them: of pages at Wed 4 Nov 10:00, 14:00 and 19:00 in Tokyo one is out of hours. Before, UTC: two (01:00, 05:00).
    /// </summary>
    [Fact]
    public void Compute_MemberZoneCannotBeRead_TheTeamsZone_AsTheDutyReport()
    {
        var roster = new Dictionary<string, Member>(Roster) { ["ito"] = Roster["ito"] with { TimeZone = "Mars/Olympus_Mons" } };
        var incident = new LoadIncident(Incident("INC-1", Utc(4, 1), ["ito"], []).Incident,
        [
            new() { At = Utc(4, 1), Kind = TimelineKind.Notified, Recipients = ["ito@example.com"] },              // Wed 10:00 Tokyo: in hours (01:00 UTC: out)
            new() { At = Utc(4, 5), Kind = TimelineKind.Escalated, Step = 1, Recipients = ["ito@example.com"] }, // 14:00 Tokyo: in hours (05:00 UTC: out)
            new() { At = Utc(4, 10), Kind = TimelineKind.Notified, Recipients = ["ito@example.com"] },             // 19:00 Tokyo: out (10:00 UTC: in)
        ], []);

        var loads = LoadReportCalculator.Compute(roster, [], [incident], Start(From), Start(To.AddDays(1)), From, To,
            Tokyo, new WorkingCalendar("JP", []), new ReportOptions()).ToDictionary(l => l.MemberId);

        Assert.Equal(1, loads["ito"].PagesOutOfHours);
    }

    private static (int, int, int, int, int) Row(MemberLoad load) =>
        (load.DutyWeeks, load.IncidentsHandled, load.PagesOutOfHours, load.UpdatesPosted, load.RetrosWritten);

    private static DateTimeOffset Start(DateOnly date) => new(date.ToDateTime(TimeOnly.MinValue), Tokyo.GetUtcOffset(date.ToDateTime(TimeOnly.MinValue)));

    /// <summary>
    /// A four-hour cover moves four hours of the week from the member to the replacement; the week still counts as the
    /// member's (the pair is unchanged). A cover that does not apply moves nothing.
    /// </summary>
    [Fact]
    public void Compute_CoverOfFourHours_MovesItsHoursFromTheMemberToTheReplacement()
    {
        var start = new DateTimeOffset(2026, 11, 2, 10, 0, 0, TimeSpan.FromHours(9));
        var cover = new OnDuty.Core.Rotations.Cover { Id = "cv1", MemberId = "sato", ReplacementId = "ito", From = start.AddDays(2).AddHours(9), To = start.AddDays(2).AddHours(13) };
        var shifts = new[]
        {
            new LoadShift(new(2026, 11, 2), ["sato", "liam"])
            {
                StartsAt = start,
                EndsAt = start.AddDays(7),
                Covers = [cover, cover with { Id = "cv2", MemberId = "liam", NotApplied = OnDuty.Core.Rotations.NoteKind.CoverConflicts }],
            },
        };

        var loads = LoadReportCalculator.Compute(Roster, shifts, [], Start(From), Start(To.AddDays(1)), From, To, Tokyo, new WorkingCalendar("JP", []), new ReportOptions())
            .ToDictionary(l => l.MemberId);

        Assert.Equal((1, 164.0), (loads["sato"].DutyWeeks, loads["sato"].DutyHours));
        Assert.Equal((0, 4.0), (loads["ito"].DutyWeeks, loads["ito"].DutyHours));
        Assert.Equal((1, 168.0), (loads["liam"].DutyWeeks, loads["liam"].DutyHours));
    }

    /// <summary>
    /// Review day 28, M1: 伊藤 (ito) replaced by 高橋 (liam here) for the rest of the week on Thursday 13:40 — 伊藤 held the week
    /// from Monday 10:00 to then, the replacement the rest; neither held a whole week. Before, the report gave the replacement
    /// the whole week (1 week, 168 h) and 伊藤 nothing.
    /// </summary>
    [Fact]
    public void Compute_ReplacedForTheRestOfTheWeekOnThursday_EachHasTheHoursTheyHeld()
    {
        var start = new DateTimeOffset(2026, 11, 2, 10, 0, 0, TimeSpan.FromHours(9));
        var at = start.AddDays(3).AddHours(3).AddMinutes(40); // Thu 13:40
        var shifts = new[]
        {
            new LoadShift(new(2026, 11, 2), ["sato", "liam"]) { StartsAt = start, EndsAt = start.AddDays(7), Handovers = [new LoadHandover("ito", "liam", at)] },
        };

        var loads = LoadReportCalculator.Compute(Roster, shifts, [], Start(From), Start(To.AddDays(1)), From, To, Tokyo, new WorkingCalendar("JP", []), new ReportOptions())
            .ToDictionary(l => l.MemberId);

        // weeks, partial weeks, weeks served, hours
        Assert.Equal((0, 1, 0.45, 75.7), (loads["ito"].DutyWeeks, loads["ito"].PartialWeeks, loads["ito"].DutyWeeksServed, loads["ito"].DutyHours));
        Assert.Equal((0, 1, 0.55, 92.3), (loads["liam"].DutyWeeks, loads["liam"].PartialWeeks, loads["liam"].DutyWeeksServed, loads["liam"].DutyHours));
        Assert.Equal((1, 0, 1.0, 168.0), (loads["sato"].DutyWeeks, loads["sato"].PartialWeeks, loads["sato"].DutyWeeksServed, loads["sato"].DutyHours));
    }

    /// <summary>
    /// The load report's hours are the duty report's (<see cref="DutySpans"/>): 佐藤 covered 劉 (liam) on Tuesday evening while
    /// still in the pair, and was replaced by 伊藤 on Thursday. The pager kept liam on duty then (佐藤 already was); the load report
    /// used to take the four hours from liam and add them to 佐藤 — 79.7 h and 164 h, 4 hours more than the week held.
    /// </summary>
    [Fact]
    public void Compute_CoverByAMemberStillInThePairBeforeAHandover_MovesNoHours_AsTheDutyReportCounts()
    {
        var start = new DateTimeOffset(2026, 11, 2, 10, 0, 0, TimeSpan.FromHours(9));
        var at = start.AddDays(3).AddHours(3).AddMinutes(40); // Thu 13:40
        var cover = new OnDuty.Core.Rotations.Cover { Id = "cv1", MemberId = "liam", ReplacementId = "sato", From = start.AddDays(1).AddHours(9), To = start.AddDays(1).AddHours(13) };
        var shift = new LoadShift(new(2026, 11, 2), ["ito", "liam"]) { StartsAt = start, EndsAt = start.AddDays(7), Covers = [cover], Handovers = [new LoadHandover("sato", "ito", at)] };

        var loads = LoadReportCalculator.Compute(Roster, [shift], [], Start(From), Start(To.AddDays(1)), From, To, Tokyo, new WorkingCalendar("JP", []), new ReportOptions())
            .ToDictionary(l => l.MemberId);

        Assert.Equal((75.7, 168.0, 92.3), (loads["sato"].DutyHours, loads["liam"].DutyHours, loads["ito"].DutyHours));
        Assert.Equal(2 * 168.0, loads.Values.Sum(l => l.DutyHours), 1);
    }

    /// <summary>A cover of the replacement after the handover moves its hours from the replacement; one of the replaced member before it from them.</summary>
    [Fact]
    public void Compute_HandoverAndCovers_CoversMoveHoursOfWhoeverHeldTheSlot()
    {
        var start = new DateTimeOffset(2026, 11, 2, 10, 0, 0, TimeSpan.FromHours(9));
        var at = start.AddDays(3); // Thu 10:00
        var friday = new OnDuty.Core.Rotations.Cover { Id = "cv1", MemberId = "liam", ReplacementId = "sato", From = start.AddDays(4), To = start.AddDays(4).AddHours(4) };
        var shifts = new[]
        {
            new LoadShift(new(2026, 11, 2), ["liam"]) { StartsAt = start, EndsAt = start.AddDays(7), Handovers = [new LoadHandover("ito", "liam", at)], Covers = [friday] },
        };

        var loads = LoadReportCalculator.Compute(Roster, shifts, [], Start(From), Start(To.AddDays(1)), From, To, Tokyo, new WorkingCalendar("JP", []), new ReportOptions())
            .ToDictionary(l => l.MemberId);

        Assert.Equal((72.0, 92.0, 4.0), (loads["ito"].DutyHours, loads["liam"].DutyHours, loads["sato"].DutyHours));
        Assert.Equal((0, 0, 0), (loads["ito"].DutyWeeks, loads["liam"].DutyWeeks, loads["sato"].DutyWeeks)); // a cover is not a week
        Assert.Equal(0, loads["sato"].PartialWeeks);
    }

    /// <summary>
    /// Trial 34 M3: a report up to a date after today counted the weeks to come as served (木村, joining later, 2 weeks and
    /// 336 h). Served is what began by now: the week running now counts its hours so far, a week not begun counts nothing.
    /// </summary>
    [Fact]
    public void Compute_WeeksNotBegunByNow_AreNotServed_TheRunningWeekCountsItsHoursSoFar()
    {
        var start = new DateTimeOffset(2026, 11, 2, 10, 0, 0, TimeSpan.FromHours(9));
        var shifts = new[]
        {
            new LoadShift(new(2026, 11, 2), ["sato", "liam"]) { StartsAt = start, EndsAt = start.AddDays(7) },
            new LoadShift(new(2026, 11, 9), ["sato", "ito"]) { StartsAt = start.AddDays(7), EndsAt = start.AddDays(14) },
        };
        var now = start.AddDays(2); // Wednesday 4 Nov 10:00: the first week runs, the second has not begun

        var loads = LoadReportCalculator.Compute(Roster, shifts, [], Start(From), Start(To.AddDays(1)), From, To, Tokyo, new WorkingCalendar("JP", []), new ReportOptions(), now)
            .ToDictionary(l => l.MemberId);

        Assert.Equal((1, 48.0), (loads["sato"].DutyWeeks, loads["sato"].DutyHours));
        Assert.Equal((1, 48.0), (loads["liam"].DutyWeeks, loads["liam"].DutyHours));
        Assert.Equal((0, 0.0, 0.0), (loads["ito"].DutyWeeks, loads["ito"].DutyHours, loads["ito"].DutyWeeksServed));
    }
}
