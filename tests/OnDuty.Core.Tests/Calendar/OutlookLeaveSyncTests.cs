using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OnDuty.Core.Calendar;
using OnDuty.Core.Rotations;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Calendar;

public sealed class OutlookLeaveSyncTests
{
    // Tuesday 2026-12-01 (2026-W49 running); 2026-W50 starts Monday 2026-12-07 10:00 Tokyo.
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly InMemoryAvailability _availability = new();

    private static readonly TimeRange WeekW50 = new(new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.FromHours(9)), new DateTimeOffset(2026, 12, 12, 0, 0, 0, TimeSpan.FromHours(9)));

    private OutlookLeaveSync CreateSut(InMemoryRoster roster, InMemoryRotations rotations, OutlookLeaveOptions? options = null) =>
        new(rotations, roster, _availability, Options.Create(options ?? new OutlookLeaveOptions()), _time, NullLogger<OutlookLeaveSync>.Instance);

    /// <summary>
    /// Monday 2026-11-23 is a holiday (勤労感謝の日): W48's handoff moves to Tuesday 10:00, so at Monday noon W47 is still the
    /// running shift — as the announcement, feeds and page say — and it is the first one the sync looks at.
    /// </summary>
    [Fact]
    public async Task SyncAsync_HandoffMovedByAHoliday_TheShiftStillRunningIsSyncedAsEverywhereElse()
    {
        var (roster, rotations) = await TeamData.SeedAsync(TeamData.Rotation());
        var mondayNoon = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.FromHours(9)));
        _availability.OutOfOffice["sato@example.com"] = [new TimeRange(new DateTimeOffset(2026, 11, 16, 0, 0, 0, TimeSpan.FromHours(9)), new DateTimeOffset(2026, 11, 21, 0, 0, 0, TimeSpan.FromHours(9)))];

        var sut = new OutlookLeaveSync(rotations, roster, _availability, Options.Create(new OutlookLeaveOptions { WeeksAhead = 1 }), mondayNoon, NullLogger<OutlookLeaveSync>.Instance, new WorkingCalendar("JP", []));

        var result = await sut.SyncAsync(default);

        Assert.Equal(1, result.Added);
        Assert.Equal("outlook-2026-W47", Assert.Single(await roster.ListLeaveAsync(default)).Id);
    }

    /// <summary>
    /// Trial 30 H2 for Outlook: at Monday 10:05, five minutes into 2026-W49 and before the first announcement run froze it, the
    /// sync finds a member of the running pair out of office for the week. The running shift is frozen with its pair first, so
    /// the leave does not change who is on duty now.
    /// </summary>
    [Fact]
    public async Task SyncAsync_OutOfOfficeInTheRunningShiftsFirstMinutes_FreezesTheRunningPairFirst()
    {
        var (roster, rotations) = await TeamData.SeedAsync(TeamData.Rotation());
        var justAfterHandoff = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 10, 5, 0, TimeSpan.FromHours(9)));
        var service = new RotationService(rotations, roster, justAfterHandoff);
        var pair = (await service.GetOnCallAsync("incident-duty", default)).Current!.MemberIds;
        _availability.OutOfOffice[$"{pair[1]}@example.com"] = [new TimeRange(new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.FromHours(9)), new DateTimeOffset(2026, 12, 5, 0, 0, 0, TimeSpan.FromHours(9)))];
        var sut = new OutlookLeaveSync(rotations, roster, _availability, Options.Create(new OutlookLeaveOptions { WeeksAhead = 1 }), justAfterHandoff, NullLogger<OutlookLeaveSync>.Instance,
            freezer: new StartedShiftFreezer(rotations, roster, justAfterHandoff));

        var result = await sut.SyncAsync(default);

        var frozen = (await rotations.GetFrozenShiftAsync("incident-duty", new DateOnly(2026, 11, 30), default))!.Value;
        Assert.Equal(pair, frozen.Members);
        Assert.Equal(FrozenShiftStatus.Announcing, frozen.Status);

        // The leave is stored (the schedule notes it), but inside a frozen shift it replaces nobody: replace them by hand.
        Assert.Equal(1, result.Added);
        Assert.Equal(pair[1], Assert.Single(await roster.ListLeaveAsync(default)).MemberId);
        Assert.Equal(pair, (await service.GetOnCallAsync("incident-duty", default)).Current!.MemberIds);
    }

    /// <summary>
    /// Session 49 (brief G): the start moved from W49 (running) to W51. The sync counts its weeks from the shift running now, the
    /// held-over W49, as every reader does — not from the new start: with three weeks ahead it reads W49 (frozen: left alone), W50
    /// (nobody's: nothing to read) and W51, and no further.
    /// </summary>
    [Fact]
    public async Task SyncAsync_InAShiftHeldOverPastAStartMovedLater_CountsTheWeeksFromIt()
    {
        var (roster, rotations) = await TeamData.SeedAsync(TeamData.Rotation());
        var stored = (await rotations.GetAsync("incident-duty", default))!;
        await new RotationService(rotations, roster, _time).SaveAsync(stored.Value with { StartDate = new DateOnly(2026, 12, 14) }, stored.ETag, default);
        Assert.Equal(FrozenShiftStatus.Announcing, (await rotations.GetFrozenShiftAsync("incident-duty", new DateOnly(2026, 11, 30), default))!.Value.Status);
        _availability.OutOfOffice["sato@example.com"] = [new TimeRange(new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.FromHours(9)), new DateTimeOffset(2027, 1, 31, 0, 0, 0, TimeSpan.FromHours(9)))];
        var sut = CreateSut(roster, rotations, new OutlookLeaveOptions { WeeksAhead = 3 });

        var result = await sut.SyncAsync(default);

        Assert.Equal(["outlook-2026-W51"], (await roster.ListLeaveAsync(default)).Select(l => l.Id));
        Assert.Equal((1, 1), (result.Added, _availability.Calls));
    }

    [Fact]
    public async Task SyncAsync_WeekOutOfOffice_AddsOutlookLeaveOnceAndTheScheduleSaysSo()
    {
        var (roster, rotations) = await TeamData.SeedAsync(TeamData.Rotation());
        _availability.OutOfOffice["sato@example.com"] = [WeekW50];
        var sut = CreateSut(roster, rotations);

        var first = await sut.SyncAsync(default);
        var second = await sut.SyncAsync(default);

        Assert.Equal(1, first.Added);
        Assert.Equal(0, second.Added);
        var leave = Assert.Single(await roster.ListLeaveAsync(default));
        Assert.Equal(("outlook-2026-W50", "sato", new DateOnly(2026, 12, 7), new DateOnly(2026, 12, 13), Leave.OutlookSource), (leave.Id, leave.MemberId, leave.From, leave.To, leave.Source));
        var schedule = await new RotationService(rotations, roster, _time).GetScheduleAsync("incident-duty", new DateOnly(2026, 12, 7), 1, default);
        Assert.DoesNotContain("sato", schedule.Shifts[0].MemberIds);
        var text = OnDuty.Messages.ScheduleText.For(Language.En, schedule.Roster);
        Assert.Contains(text.Notes(schedule.Shifts[0].Notes).Concat(schedule.Shifts[0].Members.Select(m => text.Reason(m.Reason))), n => n.Contains("(Outlook)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SyncAsync_OutOfOfficeWithdrawn_RemovesTheOutlookLeaveButNotManualLeave()
    {
        var (roster, rotations) = await TeamData.SeedAsync(TeamData.Rotation());
        _availability.OutOfOffice["sato@example.com"] = [WeekW50];
        await roster.AddLeaveAsync(new Leave { Id = "manual-1", MemberId = "emma", From = new DateOnly(2026, 12, 8), To = new DateOnly(2026, 12, 9) }, default);
        var sut = CreateSut(roster, rotations);
        await sut.SyncAsync(default);
        _availability.OutOfOffice.Clear();

        var result = await sut.SyncAsync(default);

        Assert.Equal(1, result.Removed);
        Assert.Equal(["manual-1"], (await roster.ListLeaveAsync(default)).Select(l => l.Id));
    }

    [Fact]
    public async Task SyncAsync_BelowThreshold_NoLeave()
    {
        var (roster, rotations) = await TeamData.SeedAsync(TeamData.Rotation());
        _availability.OutOfOffice["sato@example.com"] = [WeekW50 with { End = WeekW50.Start.AddDays(3) }]; // 3 of 5 days

        var result = await CreateSut(roster, rotations).SyncAsync(default);

        Assert.Equal(0, result.Added);
        Assert.Empty(await roster.ListLeaveAsync(default));
    }

    [Fact]
    public async Task SyncAsync_ExcludedMember_NeverRead()
    {
        var (roster, rotations) = await TeamData.SeedAsync(TeamData.Rotation());
        _availability.OutOfOffice["sato@example.com"] = [WeekW50];

        var result = await CreateSut(roster, rotations, new OutlookLeaveOptions { ExcludedMembers = ["sato"] }).SyncAsync(default);

        Assert.Equal(0, result.Added);
        Assert.Empty(await roster.ListLeaveAsync(default));
    }

    [Fact]
    public async Task SyncAsync_FrozenShift_LeftAlone()
    {
        var (roster, rotations) = await TeamData.SeedAsync(TeamData.Rotation());
        await rotations.TryFreezeShiftAsync("incident-duty", new FrozenShift { ShiftStart = new DateOnly(2026, 12, 7), Week = "2026-W50", Members = ["sato", "emma"] }, default);
        _availability.OutOfOffice["sato@example.com"] = [WeekW50];

        var result = await CreateSut(roster, rotations).SyncAsync(default);

        Assert.Equal(0, result.Added);
        Assert.Empty(await roster.ListLeaveAsync(default));
    }

    [Fact]
    public async Task SyncAsync_GraphDown_ReportsTheErrorAndChangesNothing()
    {
        var (roster, rotations) = await TeamData.SeedAsync(TeamData.Rotation());
        _availability.Down = true;

        var result = await CreateSut(roster, rotations).SyncAsync(default);

        Assert.Equal(2, result.Errors.Count); // the current and the next shift
        Assert.Empty(await roster.ListLeaveAsync(default));
    }
}
