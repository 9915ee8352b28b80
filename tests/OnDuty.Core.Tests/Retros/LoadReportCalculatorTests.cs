using OnDuty.Core.Alerts;
using OnDuty.Core.Calendar;
using OnDuty.Core.Incidents;
using OnDuty.Core.Retros;
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
            new WorkingCalendar("JP", []), new ReportOptions()).ToDictionary(l => l.MemberId);

        // member: duty weeks, incidents handled, pages out of hours, updates posted, retros written
        Assert.Equal((1, 1, 1, 0, 0), Row(loads["ito"]));   // week 11-09; INC-2; its 18:15 escalation
        Assert.Equal((1, 2, 1, 2, 1), Row(loads["liam"]));  // week 11-02; INC-1 + INC-2; INC-1's page at 01:00; resolve + update; INC-1 retro
        Assert.Equal((2, 2, 2, 1, 1), Row(loads["sato"]));  // two weeks; INC-1 + INC-2; holiday page + 18:15; one update; INC-1 retro (twice = once)
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
            new WorkingCalendar("JP", []), new ReportOptions()).ToDictionary(l => l.MemberId);
        var unmerged = LoadReportCalculator.Compute(Roster, [], [kept, duplicate], Start(From), Start(To.AddDays(1)), From, To,
            new WorkingCalendar("JP", []), new ReportOptions()).ToDictionary(l => l.MemberId);

        Assert.Equal((0, 1, 1, 0, 0), Row(loads["ito"]));   // one outage; the duplicate's 21:00 page
        Assert.Equal((0, 1, 1, 1, 0), Row(loads["sato"]));
        Assert.Equal((0, 2, 1, 0, 0), Row(unmerged["ito"])); // the same two, not merged: two incidents
    }

    [Theory]
    [InlineData("2026-11-04T00:00:00Z", true)]   // Wed 09:00 Tokyo
    [InlineData("2026-11-03T23:59:00Z", false)]  // Wed 08:59
    [InlineData("2026-11-04T09:00:00Z", false)]  // Wed 18:00 (end is exclusive)
    [InlineData("2026-11-07T03:00:00Z", false)]  // Saturday noon
    [InlineData("2026-11-03T03:00:00Z", false)]  // 文化の日
    public void IsWorkingTime_TokyoMember(string at, bool expected) =>
        Assert.Equal(expected, LoadReportCalculator.IsWorkingTime(DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture), Tokyo, new WorkingCalendar("JP", []), new ReportOptions()));

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

        var loads = LoadReportCalculator.Compute(Roster, shifts, [], Start(From), Start(To.AddDays(1)), From, To, new WorkingCalendar("JP", []), new ReportOptions())
            .ToDictionary(l => l.MemberId);

        Assert.Equal((1, 164.0), (loads["sato"].DutyWeeks, loads["sato"].DutyHours));
        Assert.Equal((0, 4.0), (loads["ito"].DutyWeeks, loads["ito"].DutyHours));
        Assert.Equal((1, 168.0), (loads["liam"].DutyWeeks, loads["liam"].DutyHours));
    }
}
