using OnDuty.Core.Alerts;
using OnDuty.Core.Calendar;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Retros;
using OnDuty.Core.Tests.Incidents;
using Opts = Microsoft.Extensions.Options.Options;

namespace OnDuty.Core.Tests.Retros;

/// <summary>
/// The duty report through the real rotation service, pager and in-memory stores (the TeamData rotation: staggered pairs, Monday
/// 10:00 handoffs in Tokyo, moved off holidays by the Japanese calendar), from the harness's Tue 2026-12-01 10:00.
/// </summary>
public sealed class DutyReportServiceTests
{
    private static readonly TimeSpan Jst = TimeSpan.FromHours(9);

    private static readonly WorkingCalendar Japan = new("JP", []);

    [Fact]
    public async Task Compute_HandoffMovedOffAHolidayToTuesday1000_EachCountsTheDaysTheyHeldAnyPartAndTheHolidayOnlyForThoseOnDutyThen()
    {
        var (h, sut) = await CreateAsync();
        var shifts = (await h.Rotations.GetScheduleAsync("incident-duty", new DateOnly(2026, 11, 16), 2, default)).Shifts;
        // 勤労感謝の日 (Mon 23 Nov) is a holiday: the handoff moved to Tue 24 Nov 10:00, so the pair of 16 Nov held the holiday.
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 10, 0, 0, Jst), shifts[1].StartsAt);
        var leaving = shifts[0].MemberIds.Single(m => !shifts[1].MemberIds.Contains(m));
        var staying = shifts[0].MemberIds.Single(m => shifts[1].MemberIds.Contains(m));
        var joining = shifts[1].MemberIds.Single(m => !shifts[0].MemberIds.Contains(m));

        var report = await sut.ComputeAsync("incident-duty", new DateOnly(2026, 11, 23), new DateOnly(2026, 11, 24), default);

        var members = report.Members.ToDictionary(m => m.MemberId);
        Assert.Equal(new[] { leaving, staying, joining }.Order(StringComparer.Ordinal), members.Keys.Order(StringComparer.Ordinal));
        // The handoff day counts for both sides of it; the hours say how much of it each held.
        Assert.Equal((2, 1, 34.0), (members[leaving].DutyDays, members[leaving].HolidayDutyDays, members[leaving].DutyHours));
        Assert.Equal((2, 1, 48.0), (members[staying].DutyDays, members[staying].HolidayDutyDays, members[staying].DutyHours));
        Assert.Equal((1, 0, 14.0), (members[joining].DutyDays, members[joining].HolidayDutyDays, members[joining].DutyHours));
        Assert.Equal([new DateOnly(2026, 11, 23)], members[leaving].HolidayDays);
        Assert.Equal([new DateOnly(2026, 11, 24)], members[joining].Days);
        Assert.Equal(("Asia/Tokyo", true, false), (report.TimeZone, report.PagesIncidents, report.Truncated));
    }

    [Fact]
    public async Task Compute_CoverFrom1900To2300_ReplacementHasTheDayFourHoursAndThePageThenOutOfHours()
    {
        var (h, sut) = await CreateAsync();
        var pair = (await h.Rotations.GetOnCallAsync("incident-duty", default)).Members.Select(m => m.Id).ToList();
        var replacement = (await h.Roster.ListMembersAsync(default)).First(m => !pair.Contains(m.Value.Id)).Value.Id;
        await h.Rotations.AddOverrideAsync("incident-duty", null, pair[0], replacement, "通院", "lead", "2026-12-02T19:00", "2026-12-02T23:00", default);

        // Wed 2 Dec 14:00, a working hour: the pair is paged, the first of them acknowledges.
        h.MoveTo(new DateTimeOffset(2026, 12, 2, 14, 0, 0, Jst));
        var day = (await h.Service.CreateAsync(new NewIncident { Title = "昼の障害", Severity = AlertSeverity.Sev2 }, "api", null, default)).Incident.Value.Id;
        await h.Service.AcknowledgeAsync(day, pair[0], null, default);
        // 22:30, inside the cover: the replacement is paged in the member's place, out of hours, and acknowledges.
        h.MoveTo(new DateTimeOffset(2026, 12, 2, 22, 30, 0, Jst));
        var night = (await h.Service.CreateAsync(new NewIncident { Title = "夜の障害", Severity = AlertSeverity.Sev2 }, "api", null, default)).Incident.Value.Id;
        Assert.Contains(replacement, (await h.IncidentAsync(night)).Assignees.Select(a => a.Id));
        await h.Service.AcknowledgeAsync(night, replacement, null, default);

        var report = await sut.ComputeAsync("incident-duty", new DateOnly(2026, 12, 2), new DateOnly(2026, 12, 2), default);

        var members = report.Members.ToDictionary(m => m.MemberId);
        Assert.Equal(3, members.Count);
        // The member covered still held the rest of the day: the day counts for both, the hours do not.
        Assert.Equal((1, 0, 20.0), (members[pair[0]].DutyDays, members[pair[0]].HolidayDutyDays, members[pair[0]].DutyHours));
        Assert.Equal((1, 4.0), (members[replacement].DutyDays, members[replacement].DutyHours));
        Assert.Equal((1, 24.0), (members[pair[1]].DutyDays, members[pair[1]].DutyHours));
        Assert.Equal((1, 0, 1, 1), (members[pair[0]].Pages, members[pair[0]].PagesOutOfHours, members[pair[0]].IncidentsPaged, members[pair[0]].Acknowledged));
        Assert.Equal((1, 1, 1, 1), (members[replacement].Pages, members[replacement].PagesOutOfHours, members[replacement].IncidentsPaged, members[replacement].Acknowledged));
        Assert.Equal((2, 1, 2, 0), (members[pair[1]].Pages, members[pair[1]].PagesOutOfHours, members[pair[1]].IncidentsPaged, members[pair[1]].Acknowledged));
    }

    [Fact]
    public async Task Compute_SwappedWeeks_EachCountedInTheWeekTheyTookNotTheOneTheyGaveAway()
    {
        var (h, sut) = await CreateAsync();
        var shifts = (await h.Rotations.GetScheduleAsync("incident-duty", new DateOnly(2026, 12, 14), 3, default)).Shifts;
        var (first, third) = (shifts[0], shifts[2]);
        var a = first.MemberIds.First(m => !third.MemberIds.Contains(m));
        var b = third.MemberIds.First(m => !first.MemberIds.Contains(m));
        await h.Rotations.AddSwapAsync("incident-duty", a, first.Week, b, third.Week, "法事", default);

        var inFirst = await sut.ComputeAsync("incident-duty", new DateOnly(2026, 12, 15), new DateOnly(2026, 12, 15), default);
        var inThird = await sut.ComputeAsync("incident-duty", new DateOnly(2026, 12, 29), new DateOnly(2026, 12, 29), default);

        Assert.Contains(inFirst.Members, m => m.MemberId == b && m.DutyHours == 24.0);
        Assert.DoesNotContain(inFirst.Members, m => m.MemberId == a);
        Assert.Contains(inThird.Members, m => m.MemberId == a && m.DutyHours == 24.0);
        Assert.DoesNotContain(inThird.Members, m => m.MemberId == b);
        Assert.Equal(2, inFirst.Members.Count);
    }

    [Theory]
    [InlineData("2026-12-31", "2026-12-01", "from")]
    [InlineData("2026-01-01", "2027-01-02", "to")]
    [InlineData(null, "2026-12-01", "from")]
    [InlineData("2026-12-01", null, "to")]
    [InlineData("1999-12-31", "2000-01-02", "from")]
    public async Task Compute_BadRange_RefusedNamingTheField(string? from, string? to, string field)
    {
        var (_, sut) = await CreateAsync();

        var e = await Assert.ThrowsAsync<ValidationException>(() => sut.ComputeAsync("incident-duty", Date(from), Date(to), default));

        Assert.Equal([field], e.Errors.Keys);
    }

    [Fact]
    public async Task Compute_UnknownRotation_NotFound()
    {
        var (_, sut) = await CreateAsync();

        await Assert.ThrowsAsync<NotFoundException>(() => sut.ComputeAsync("no-such", new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 2), default));
    }

    [Fact]
    public async Task Compute_AcknowledgedByNameOrByTheAddressPagedAtSinceChanged_CountedForTheMember_AsTheLoadReportCountsResponders()
    {
        var (h, sut) = await CreateAsync();
        var pair = (await h.Rotations.GetOnCallAsync("incident-duty", default)).Members.Select(m => m.Id).ToList();
        var first = (await h.Roster.GetMemberAsync(pair[0], default))!.Value;
        var second = (await h.Roster.GetMemberAsync(pair[1], default))!;

        // Wed 2 Dec: the first acknowledges by name (the JSON API's free `by`), the second by the address the page went to …
        h.MoveTo(new DateTimeOffset(2026, 12, 2, 14, 0, 0, Jst));
        var byName = (await h.Service.CreateAsync(new NewIncident { Title = "名前で対応", Severity = AlertSeverity.Sev2 }, "api", null, default)).Incident.Value.Id;
        await h.Service.AcknowledgeAsync(byName, first.DisplayName, null, default);
        h.MoveTo(new DateTimeOffset(2026, 12, 2, 15, 0, 0, Jst));
        var byAddress = (await h.Service.CreateAsync(new NewIncident { Title = "アドレスで対応", Severity = AlertSeverity.Sev2 }, "api", null, default)).Incident.Value.Id;
        await h.Service.AcknowledgeAsync(byAddress, second.Value.Email.ToUpperInvariant(), null, default);
        // … and has a new address by the time payroll reads the month.
        await h.Roster.SaveMemberAsync(second.Value with { Email = "new-" + second.Value.Email }, second.ETag, default);

        var report = await sut.ComputeAsync("incident-duty", new DateOnly(2026, 12, 2), new DateOnly(2026, 12, 2), default);

        var members = report.Members.ToDictionary(m => m.MemberId);
        Assert.Equal((2, 1), (members[pair[0]].IncidentsPaged, members[pair[0]].Acknowledged));
        Assert.Equal((2, 1), (members[pair[1]].IncidentsPaged, members[pair[1]].Acknowledged));
    }

    [Fact]
    public async Task LastMonth_OnTheFirstOfDecember_IsTheWholeOfNovember()
    {
        var (_, sut) = await CreateAsync();

        var report = await sut.LastMonthAsync("incident-duty", default);

        Assert.Equal((new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30)), (report.From, report.To));
        // From the rotation's start on Mon 2 Nov 10:00: each of the four held part of November, two of them every day from then.
        Assert.Equal(4, report.Members.Count);
        Assert.Equal(2 * (29 * 24 - 10), report.Members.Sum(m => m.DutyHours), 1);
    }

    private static DateOnly? Date(string? text) => text is null ? null : DateOnly.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<(IncidentHarness, DutyReportService)> CreateAsync()
    {
        var h = await IncidentHarness.CreateAsync(working: Japan);
        var sut = new DutyReportService(h.Rotations, h.RotationStore, h.Roster, h.Incidents, Japan, Opts.Create(h.Options), Opts.Create(new ReportOptions()), h.Time);
        return (h, sut);
    }
}
