using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OnDuty.Core.Calendar;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Notifications;
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

    /// <summary>The sync with whom it tells of the leave it adds (the lead <c>boss@example.com</c>), and the outbox it records to.</summary>
    private sealed record Told(OutlookLeaveSync Sync, LeaveDutyNotifier Notifier, InMemoryOutbox Outbox, IOptions<IncidentOptions> Incidents)
    {
        /// <summary>The mails telling of leave during duty (not a schedule change's), by recipient.</summary>
        public IReadOnlyList<OutboxMessage> LeaveMails => [.. Outbox.All.Where(m => m.Topic.Contains(":leave:", StringComparison.Ordinal)).OrderBy(m => m.Recipient, StringComparer.Ordinal)];
    }

    private Told CreateToldSut(InMemoryRoster roster, InMemoryRotations rotations, FakeTimeProvider time, int weeksAhead = 2, StartedShiftFreezer? freezer = null)
    {
        var outbox = new InMemoryOutbox();
        var dispatcher = new OutboxDispatcher(outbox, new InMemoryOutboxQueue(time), [], new RecordingEmailSender(), new RecordingTeamsChannel(), time, Options.Create(new OutboxOptions()), NullLogger<OutboxDispatcher>.Instance);
        var incidents = Options.Create(new IncidentOptions { Leads = ["boss@example.com"], OrganisationList = "pm-org@example.com", RotationId = "incident-duty" });
        var notifier = new LeaveDutyNotifier(
            rotations, roster, time, dispatcher, new AnnouncementComposer(TestRenderer.Instance), incidents, Options.Create(new TeamOptions { Language = "ja" }), NullLogger<LeaveDutyNotifier>.Instance);
        var sync = new OutlookLeaveSync(rotations, roster, _availability, Options.Create(new OutlookLeaveOptions { WeeksAhead = weeksAhead }), time, NullLogger<OutlookLeaveSync>.Instance,
            freezer: freezer, leaveTold: notifier);
        return new Told(sync, notifier, outbox, incidents);
    }

    /// <summary>2026-W50's pair, with the other two members on (typed) leave that week: nobody is free to take a place in it.</summary>
    private async Task<IReadOnlyList<string>> W50WithNobodySpareAsync(InMemoryRoster roster, InMemoryRotations rotations)
    {
        var pair = (await new RotationService(rotations, roster, _time).GetScheduleAsync("incident-duty", new DateOnly(2026, 12, 7), 1, default)).Shifts[0].MemberIds;
        foreach (var id in TeamData.Rotation().Members.Where(id => !pair.Contains(id)))
        {
            await roster.AddLeaveAsync(new Leave { Id = "20261207-20261213", MemberId = id, From = new DateOnly(2026, 12, 7), To = new DateOnly(2026, 12, 13) }, default);
        }

        return pair;
    }

    private static string FamilyName(string id) => TeamData.Members().Single(m => m.Id == id).DisplayName.Split(' ')[0];

    /// <summary>
    /// Session 52: a PM of the running pair is off sick and it is in her Outlook calendar. The shift is frozen with her in it, so
    /// pages keep reaching her: her partner and the lead are told at once, as when she types the leave in — with where it came
    /// from — and the next run (every run reads the calendar again) tells nobody twice. She is not told.
    /// </summary>
    [Fact]
    public async Task SyncAsync_OutOfOfficeInTheRunningShift_TellsThePartnerAndTheLeadOnce()
    {
        var (roster, rotations) = await TeamData.SeedAsync(TeamData.Rotation());
        var justAfterHandoff = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 10, 5, 0, TimeSpan.FromHours(9)));
        var pair = (await new RotationService(rotations, roster, justAfterHandoff).GetOnCallAsync("incident-duty", default)).Current!.MemberIds;
        var (sick, partner) = (pair[1], pair[0]);
        _availability.OutOfOffice[$"{sick}@example.com"] = [new TimeRange(new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.FromHours(9)), new DateTimeOffset(2026, 12, 5, 0, 0, 0, TimeSpan.FromHours(9)))];
        var sut = CreateToldSut(roster, rotations, justAfterHandoff, weeksAhead: 1, freezer: new StartedShiftFreezer(rotations, roster, justAfterHandoff));

        await sut.Sync.SyncAsync(default);
        await sut.Sync.SyncAsync(default);

        var mails = sut.LeaveMails;
        Assert.Equal(["boss@example.com", $"{partner}@example.com"], [.. mails.Select(m => m.Recipient)]);
        Assert.All(mails, m => Assert.Equal($"duty:incident-duty:2026-W49:leave:{sick}:20261130-20261206", m.Topic));
        var boss = mails[0];
        Assert.Equal($"【障害当番 代わりが必要】11月30日(月)からの週 {FamilyName(sick)}さんが休暇です（11月30日(月)〜12月6日(日)）", boss.Subject);
        Assert.Contains($"{FamilyName(sick)}さんの Outlook の予定表に不在（11月30日(月)〜12月6日(日)）が入りました。", boss.TextBody, StringComparison.Ordinal);
        Assert.Contains($"代わりが決まるまで呼び出し（メール・SMS・電話）は{FamilyName(sick)}さんに届き続けます。", boss.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("が登録されました", boss.TextBody, StringComparison.Ordinal);
    }

    /// <summary>
    /// Out of office booked ahead takes a member off a week not yet announced that nobody else is free for: the one left on it and
    /// the lead are told, as for leave typed in. Every later run, and the out-of-office taken out and put back with the same
    /// dates, tells nobody again.
    /// </summary>
    [Fact]
    public async Task SyncAsync_OutOfOfficeLeavesAWeekShort_TellsTheOneLeftAndTheLeadOnceAcrossRuns()
    {
        var (roster, rotations) = await TeamData.SeedAsync(TeamData.Rotation());
        var pair = await W50WithNobodySpareAsync(roster, rotations);
        var (sick, partner) = (pair[0], pair[1]);
        _availability.OutOfOffice[$"{sick}@example.com"] = [WeekW50];
        var sut = CreateToldSut(roster, rotations, _time);

        await sut.Sync.SyncAsync(default);
        await sut.Sync.SyncAsync(default);
        _availability.OutOfOffice.Clear();
        var withdrawn = await sut.Sync.SyncAsync(default);
        _availability.OutOfOffice[$"{sick}@example.com"] = [WeekW50];
        var putBack = await sut.Sync.SyncAsync(default);

        Assert.Equal((1, 1), (withdrawn.Removed, putBack.Added));
        var mails = sut.LeaveMails;
        Assert.Equal(["boss@example.com", $"{partner}@example.com"], [.. mails.Select(m => m.Recipient)]);
        Assert.All(mails, m => Assert.Equal($"duty:incident-duty:2026-W50:leave:{sick}:20261207-20261213", m.Topic));
        var boss = mails[0];
        Assert.Contains($"{FamilyName(sick)}さんの Outlook の予定表に不在（12月7日(月)〜12月13日(日)）が入りました。", boss.TextBody, StringComparison.Ordinal);
        Assert.Contains($"この週の当番はまだお知らせ前のため、{FamilyName(sick)}さんは当番から外れました。ただ、ほかに入れるメンバーがいないため、代わりはいません。", boss.TextBody, StringComparison.Ordinal);
    }

    /// <summary>
    /// The same days typed in on the duty page (told then), cancelled, then found in Outlook: told once, as typed — the mail is
    /// keyed by the leave's dates, not by where it came from.
    /// </summary>
    [Fact]
    public async Task SyncAsync_SameDaysTypedInBefore_NotToldAgain()
    {
        var (roster, rotations) = await TeamData.SeedAsync(TeamData.Rotation());
        var pair = await W50WithNobodySpareAsync(roster, rotations);
        var sick = pair[0];
        var sut = CreateToldSut(roster, rotations, _time);
        var entry = new LeaveEntry(new RosterService(roster, time: _time), new RotationService(rotations, roster, _time), roster, sut.Incidents, sut.Notifier);
        var typed = await entry.AddAsync(sick, new DateOnly(2026, 12, 7), new DateOnly(2026, 12, 13), null, null, default);
        await roster.DeleteLeaveAsync(sick, typed.Leave.Id, default);
        _availability.OutOfOffice[$"{sick}@example.com"] = [WeekW50];

        var synced = await sut.Sync.SyncAsync(default);

        Assert.Equal(1, synced.Added);
        Assert.Contains(await roster.ListLeaveForMemberAsync(sick, default), l => l.Source == Leave.OutlookSource);
        var boss = Assert.Single(sut.LeaveMails, m => m.Recipient == "boss@example.com");
        Assert.Contains("が登録されました。", boss.TextBody, StringComparison.Ordinal);
        Assert.Equal(2, sut.LeaveMails.Count);
    }

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

    /// <summary>
    /// Session 53 (year-end closure 12/29–1/3): the week from Monday 12/28 holds one working day. A PM with 年末年始 blocked as out
    /// of office in Outlook, as everyone has, is not on leave from duty — the announcement says 「休業中も当番です」 — while one out
    /// of office from the Monday on is. Counted over weekdays, the first was 4 of 5 days out (80%, the threshold): the closure week
    /// lost its pair to "leave" and nobody was left to page.
    /// </summary>
    [Fact]
    public async Task SyncAsync_OutOfOfficeOnlyOverTheYearEndClosure_NoLeaveButOutFromTheWorkingDayIs()
    {
        var (roster, rotations) = await TeamData.SeedAsync(TeamData.Rotation());
        var closure = new WorkingCalendar("JP", [new ClosureOptions { From = new DateOnly(2026, 12, 29), To = new DateOnly(2027, 1, 3), Name = "年末年始休業", NameEn = "Year-end closure" }]);
        var weekBefore = new FakeTimeProvider(new DateTimeOffset(2026, 12, 22, 12, 0, 0, TimeSpan.FromHours(9)));
        _availability.OutOfOffice["sato@example.com"] = [new TimeRange(new DateTimeOffset(2026, 12, 29, 0, 0, 0, TimeSpan.FromHours(9)), new DateTimeOffset(2027, 1, 4, 0, 0, 0, TimeSpan.FromHours(9)))];
        _availability.OutOfOffice["emma@example.com"] = [new TimeRange(new DateTimeOffset(2026, 12, 28, 0, 0, 0, TimeSpan.FromHours(9)), new DateTimeOffset(2027, 1, 4, 0, 0, 0, TimeSpan.FromHours(9)))];
        var sut = new OutlookLeaveSync(rotations, roster, _availability, Options.Create(new OutlookLeaveOptions { WeeksAhead = 2 }), weekBefore, NullLogger<OutlookLeaveSync>.Instance, closure);

        var result = await sut.SyncAsync(default);

        Assert.Equal(1, result.Added);
        var leave = Assert.Single(await roster.ListLeaveAsync(default));
        Assert.Equal(("emma", new DateOnly(2026, 12, 28), new DateOnly(2027, 1, 3)), (leave.MemberId, leave.From, leave.To));
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
