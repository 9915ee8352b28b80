using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Notifications;
using OnDuty.Core.Rotations;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Rotations;

/// <summary>
/// Leave entered for days already past (a sick day reported afterwards): recorded as it is, and what it warns of looks at the days
/// from today (the team's date) on only — nobody can be replaced for a day that is over.
/// </summary>
public sealed class LeaveEntryTests
{
    // Monday 2026-11-30 10:05 in Tokyo: 2026-W49 has just been handed off and announced.
    private static readonly DateTimeOffset AfterHandoff = new(2026, 11, 30, 1, 5, 0, TimeSpan.Zero);

    // Wednesday 2026-12-02 09:00 in Tokyo: the PM enters leave for Monday on.
    private static readonly DateTimeOffset Wednesday = new(2026, 12, 2, 0, 0, 0, TimeSpan.Zero);

    private static readonly DateOnly Monday = new(2026, 11, 30);

    private readonly FakeTimeProvider _time = new(AfterHandoff);

    /// <summary><c>Incidents__RotationId</c>: the rotation of the tests pages for incidents unless a test says otherwise.</summary>
    private string _pagingRotation = "incident-duty";

    private sealed record Sut(LeaveEntry Entry, InMemoryRoster Roster, IReadOnlyList<string> Announced, InMemoryOutbox Outbox, RotationService Service)
    {
        /// <summary>The mails about leave during an announced shift (not the announcement's or a change's), by recipient.</summary>
        public IReadOnlyList<OutboxMessage> LeaveMails => [.. Outbox.All.Where(m => m.Topic.Contains(":leave:", StringComparison.Ordinal)).OrderBy(m => m.Recipient, StringComparer.Ordinal)];
    }

    /// <param name="leads">The leads' addresses (<c>Incidents__Leads</c>): none by default.</param>
    private async Task<Sut> CreateSutAsync(params string[] leads)
    {
        var members = TeamData.Members().Append(TeamData.Member("suzuki", "鈴木 一郎"));
        var (roster, rotations) = await TeamData.SeedAsync(TeamData.Rotation(), members);
        var outbox = new InMemoryOutbox();
        var queue = new InMemoryOutboxQueue(_time);
        var dispatcher = new OutboxDispatcher(outbox, queue, [], new RecordingEmailSender(), new RecordingTeamsChannel(), _time, Options.Create(new OutboxOptions()), NullLogger<OutboxDispatcher>.Instance);
        queue.Consumer = id => dispatcher.SendAsync(id, default);
        var announcer = new DutyWeekAnnouncer(rotations, roster, dispatcher, new RecordingTeamsChannel(), new AnnouncementComposer(TestRenderer.Instance), _time, Options.Create(new TeamOptions { Language = "ja" }), NullLogger<DutyWeekAnnouncer>.Instance);
        var service = new RotationService(rotations, roster, _time, announcer: announcer);
        await announcer.AnnounceDueAsync(default);
        var announced = (await rotations.GetFrozenShiftAsync("incident-duty", Monday, default))!.Value.Members;
        _time.SetUtcNow(Wednesday);
        var options = new IncidentOptions { Leads = [.. leads.Select(l => (string?)l)], OrganisationList = "pm-org@example.com", RotationId = _pagingRotation };
        var notifier = new LeaveDutyNotifier(
            rotations, roster, _time, dispatcher, new AnnouncementComposer(TestRenderer.Instance), Options.Create(options), Options.Create(new TeamOptions { Language = "ja" }),
            NullLogger<LeaveDutyNotifier>.Instance);
        var entry = new LeaveEntry(new RosterService(roster, time: _time), service, roster, Options.Create(options), notifier);
        return new Sut(entry, roster, announced, outbox, service);
    }

    [Fact]
    public async Task AddAsync_LeaveEntirelyPast_RecordedWithNoWarningAndNotedAsPast()
    {
        var sut = await CreateSutAsync();
        var sick = sut.Announced[0];

        var entered = await sut.Entry.AddAsync(sick, Monday, Monday.AddDays(1), "発熱", "佐藤 花子", default);

        var stored = Assert.Single(await sut.Roster.ListLeaveForMemberAsync(sick, default));
        Assert.Equal(("20261130-20261201", Monday, Monday.AddDays(1), "発熱"), (stored.Id, stored.From, stored.To, stored.Note));
        Assert.Empty(entered.Warnings);
        Assert.True(entered.Days.AllPast);
        Assert.Equal(["2026-11-30 to 2026-12-01 are past days: the leave is recorded and the duty rota does not change"], entered.Days.Notes);
    }

    [Fact]
    public async Task AddAsync_LeaveStartedInThePastRunningOn_WarnsOfTheAnnouncedWeekFromTodayAndNotesThePastDays()
    {
        var sut = await CreateSutAsync();
        var sick = sut.Announced[0];

        var entered = await sut.Entry.AddAsync(sick, Monday, Monday.AddDays(4), null, null, default);

        Assert.Equal([$"'{sick}' is on duty in 2026-W49 of incident-duty, which was announced: leave does not change it; replace them for that week"], entered.Warnings);
        Assert.Equal((Monday, Monday.AddDays(1)), entered.Days.Past);
        Assert.Equal((Monday.AddDays(2), Monday.AddDays(4)), entered.Days.Coming);
        Assert.Equal(["2026-11-30 to 2026-12-01 are past days and only recorded; the warnings consider 2026-12-02 to 2026-12-04"], entered.Days.Notes);
        Assert.Single(await sut.Roster.ListLeaveForMemberAsync(sick, default));
    }

    /// <summary>
    /// The only lead's sick days reported afterwards: no "every lead is on leave" warning for days that are over; leave that runs on
    /// warns naming the days from today only.
    /// </summary>
    [Fact]
    public async Task AddAsync_LeadsLeave_WarnsOfTheDaysFromTodayOnly()
    {
        var sut = await CreateSutAsync("suzuki@example.com");

        var past = await sut.Entry.AddAsync("suzuki", Monday, Monday.AddDays(1), null, null, default);
        var runningOn = await sut.Entry.AddAsync("suzuki", Monday.AddDays(7), Monday.AddDays(9), null, null, default);
        await sut.Roster.DeleteLeaveAsync("suzuki", past.Leave.Id, default);
        var both = await sut.Entry.AddAsync("suzuki", Monday, Monday.AddDays(3), null, null, default);

        Assert.Empty(past.Warnings);
        Assert.Equal(
            ["every lead (Incidents__Leads) is on leave from 2026-12-07 to 2026-12-09 with this leave: the leads' escalation step is passed over and an unanswered page goes straight to the organisation's list (pm-org@example.com)"],
            runningOn.Warnings);
        Assert.Equal(
            ["every lead (Incidents__Leads) is on leave from 2026-12-02 to 2026-12-03 with this leave: the leads' escalation step is passed over and an unanswered page goes straight to the organisation's list (pm-org@example.com)"],
            both.Warnings);
    }

    /// <summary>
    /// A PM on duty falls ill and enters leave from her phone: her partner and the leads hear of it by mail (each in their
    /// language), with what to do, and she does not (session 51 reader pass: nobody was told).
    /// </summary>
    [Fact]
    public async Task AddAsync_LeaveInTheAnnouncedWeek_TellsThePartnerAndTheLeadsNotTheMemberOnLeave()
    {
        var sut = await CreateSutAsync("boss@example.com", "emma@example.com");
        var sick = sut.Announced.First(id => id != "emma");
        var partner = sut.Announced.Single(id => id != sick);
        var name = TeamData.Members().Single(m => m.Id == sick).DisplayName.Split(' ')[0];

        await sut.Entry.AddAsync(sick, new DateOnly(2026, 12, 2), new DateOnly(2026, 12, 6), "発熱", sick, default);

        var mails = sut.LeaveMails;
        Assert.Equal(["boss@example.com", "emma@example.com", $"{partner}@example.com"], [.. mails.Select(m => m.Recipient).Distinct().Order(StringComparer.Ordinal)]);
        Assert.DoesNotContain(mails, m => m.Recipient == $"{sick}@example.com");
        Assert.All(mails, m => Assert.Equal($"duty:incident-duty:2026-W49:leave:{sick}:20261202-20261206", m.Topic));
        var ja = mails.First(m => m.Recipient == "boss@example.com");
        Assert.Equal($"【障害当番 代わりが必要】11月30日(月)からの週 {name}さんが休暇です（12月2日(水)〜12月6日(日)）", ja.Subject);
        Assert.Contains($"{name}さんの休暇・不在（12月2日(水)〜12月6日(日)）が登録されました。", ja.TextBody, StringComparison.Ordinal);
        Assert.Contains($"お知らせ済みの当番は休暇では変わらないため、代わりが決まるまで呼び出し（メール・SMS・電話）は{name}さんに届き続けます。", ja.TextBody, StringComparison.Ordinal);
        Assert.Contains("当番表の「代わりを立てる」で、休暇の間に入る方を決めてください（一部の日時だけの交代もできます）。", ja.TextBody, StringComparison.Ordinal);
        // Entered by the member herself: no 入力者 line; the leave's note (a reason for being off) is not passed on.
        Assert.DoesNotContain("入力者", ja.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("発熱", ja.TextBody, StringComparison.Ordinal);
        var en = mails.Single(m => m.Recipient == "emma@example.com");
        Assert.StartsWith("[Incident duty cover needed] ", en.Subject, StringComparison.Ordinal);
        Assert.EndsWith($": {TeamData.Members().Single(m => m.Id == sick).DisplayName} is on leave (Wed 2 Dec – Sun 6 Dec)", en.Subject, StringComparison.Ordinal);
        Assert.Contains("Put someone in their place for those days with “Replace a member” on the duty page (a part of the shift can be covered too).", en.TextBody, StringComparison.Ordinal);
    }

    /// <summary>
    /// Session 61: a member in San Francisco enters leave whose last day runs past the handoff in Tokyo (5–7 Dec, hers; W49 ends Mon
    /// 7 Dec 10:00 JST, her Sunday 17:00). The hours said in JST end at the handoff — what a replacement for the week can be booked
    /// for — not at the end of her Sunday (7 Dec 17:00 JST), which the cover form refuses as past the week.
    /// </summary>
    [Fact]
    public async Task AddAsync_MemberAbroad_LeaveRunningPastTheHandoff_SaysItsHoursInTheShift()
    {
        var sut = await CreateSutAsync("boss@example.com");
        var away = sut.Announced[0];
        var stored = (await sut.Roster.GetMemberAsync(away, default))!;
        await sut.Roster.SaveMemberAsync(stored.Value with { TimeZone = "America/Los_Angeles" }, stored.ETag, default);

        await sut.Entry.AddAsync(away, new DateOnly(2026, 12, 5), new DateOnly(2026, 12, 7), null, null, default);

        var ja = sut.LeaveMails.Single(m => m.Recipient == "boss@example.com");
        Assert.EndsWith("が休暇です（12月5日(土)〜12月6日(日)）", ja.Subject, StringComparison.Ordinal);
        Assert.Contains("の現地時間です。この当番の期間にかかるのは、JSTで12月5日(土) 17:00〜12月7日(月) 10:00です。\n", ja.TextBody.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.DoesNotContain("12月7日(月) 17:00", ja.TextBody, StringComparison.Ordinal);
    }

    /// <summary>
    /// Session 61 (found by the DST walk): a member of the outgoing pair enters leave for the handoff Monday alone (7 Dec; W49 runs
    /// to 10:00 that morning). The shift's dates stop on the Sunday, but its last ten hours are hers on leave: whoever entered it is
    /// warned, the partner and the leads are told the hours 00:00〜10:00 to replace her for. Until someone is put in her place she is
    /// still paged with her partner (pages reach a person), as on any other leave day of an announced week; a cover for those
    /// hours takes her off them.
    /// </summary>
    [Fact]
    public async Task AddAsync_LeaveOnTheHandoffMondayOnly_OutgoingMember_TellsItsHoursAndACoverTakesHerPages()
    {
        var sut = await CreateSutAsync("boss@example.com");
        var sick = sut.Announced.First(id => id != "emma");
        var partner = sut.Announced.Single(id => id != sick);
        var spare = TeamData.Members().Select(m => m.Id).First(id => !sut.Announced.Contains(id));
        var name = TeamData.Members().Single(m => m.Id == sick).DisplayName.Split(' ')[0];
        var handoffMonday = new DateOnly(2026, 12, 7);
        var threeAm = new DateTimeOffset(2026, 12, 7, 3, 0, 0, TimeSpan.FromHours(9));

        var entered = await sut.Entry.AddAsync(sick, handoffMonday, handoffMonday, null, null, default);

        Assert.Contains($"'{sick}' is on duty in 2026-W49 of incident-duty, which was announced: leave does not change it; replace them for that week", entered.Warnings);
        var mails = sut.LeaveMails;
        Assert.Equal(["boss@example.com", $"{partner}@example.com"], [.. mails.Select(m => m.Recipient).Distinct().Order(StringComparer.Ordinal)]);
        Assert.All(mails, m => Assert.Equal($"duty:incident-duty:2026-W49:leave:{sick}:20261207-20261207", m.Topic));
        var ja = mails.First(m => m.Recipient == "boss@example.com");
        Assert.Equal($"【障害当番 代わりが必要】11月30日(月)からの週 {name}さんが休暇です（12月7日(月)）", ja.Subject);
        Assert.Contains($"{name}さんの休暇・不在（12月7日(月)）が登録されました。", ja.TextBody, StringComparison.Ordinal);
        Assert.Contains("この当番の期間にかかるのは、JSTで12月7日(月) 00:00〜10:00です。", ja.TextBody, StringComparison.Ordinal);

        // Nobody put in her place yet: she and her partner are paged at 01:00 (the mail says pages reach her until then).
        var pagedBefore = await OnDutyAtAsync(sut, threeAm.AddHours(-2));
        Assert.Equal(new[] { partner, sick }.Order(StringComparer.Ordinal), pagedBefore.Order(StringComparer.Ordinal));

        // The lead, woken, books a cover for the rest of those hours: at 03:00 her partner and the one covering are paged, not her.
        await sut.Service.AddOverrideAsync("incident-duty", null, sick, spare, "休暇", "boss", "2026-12-07T02:00+09:00", "2026-12-07T10:00+09:00", false, default);
        var pagedAfter = await OnDutyAtAsync(sut, threeAm);
        Assert.Equal(new[] { partner, spare }.Order(StringComparer.Ordinal), pagedAfter.Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// The incoming pair's member with leave on the handoff Monday (W50 from 7 Dec 10:00, not yet announced) is taken off W50 as
    /// before, and nobody is told of W49, which she is not on.
    /// </summary>
    [Fact]
    public async Task AddAsync_LeaveOnTheHandoffMonday_IncomingMember_OffHerWeekAndNothingOfTheOutgoing()
    {
        var sut = await CreateSutAsync("boss@example.com");
        var w50 = new DateOnly(2026, 12, 7);
        var incoming = (await sut.Service.GetScheduleAsync("incident-duty", w50, 1, default)).Shifts[0].MemberIds.First(id => !sut.Announced.Contains(id));

        await sut.Entry.AddAsync(incoming, w50, w50, null, null, default);

        Assert.DoesNotContain(incoming, (await sut.Service.GetScheduleAsync("incident-duty", w50, 1, default)).Shifts[0].MemberIds);
        Assert.DoesNotContain(sut.LeaveMails, m => m.Topic.Contains("2026-W49", StringComparison.Ordinal));
    }

    /// <summary>
    /// Session 62: leave for the handoff Monday after 2026-W50's dates (14 Dec), entered before W50 is announced, keeps its outgoing
    /// member on W50 (it must: not the whole week for ten hours). Whoever entered it is told now that those hours are W50's and
    /// that its announcement asks for a cover; nobody is mailed yet (W50's announcement does it). Before, nothing was said.
    /// </summary>
    [Fact]
    public async Task AddAsync_LeaveForTheHandoffMorningOfAWeekNotAnnounced_KeepsHerOnItAndSaysTheHours()
    {
        var sut = await CreateSutAsync("boss@example.com");
        var w50 = new DateOnly(2026, 12, 7);
        var handoffMonday = new DateOnly(2026, 12, 14);
        var schedule = await sut.Service.GetScheduleAsync("incident-duty", w50, 2, default);
        var outgoing = schedule.Shifts[0].MemberIds.First(id => !schedule.Shifts[1].MemberIds.Contains(id));

        var entered = await sut.Entry.AddAsync(outgoing, handoffMonday, handoffMonday, null, null, default);

        Assert.Contains(outgoing, (await sut.Service.GetScheduleAsync("incident-duty", w50, 1, default)).Shifts[0].MemberIds);
        Assert.Equal(
            [$"'{outgoing}' stays on duty in 2026-W50 of incident-duty (not announced yet) from 2026-12-14T00:00+09:00 to 2026-12-14T10:00+09:00: leave for the handoff morning does not take them off the week; when it is announced, the others on it and the leads are asked to cover those hours"],
            entered.Warnings);
        Assert.Equal([("incident-duty", "2026-W50")], entered.KeptWeeks);
        Assert.Empty(sut.LeaveMails);
    }

    private async Task<IReadOnlyList<string>> OnDutyAtAsync(Sut sut, DateTimeOffset at)
    {
        _time.SetUtcNow(at);
        return [.. (await sut.Service.GetOnCallAsync("incident-duty", default)).Members.Select(m => m.Id)];
    }

    /// <summary>Leave entered by a colleague for someone sick names who entered it; the same leave entered twice is told once.</summary>
    [Fact]
    public async Task AddAsync_LeaveEnteredBySomeoneElse_NamesThemAndIsToldOnce()
    {
        var sut = await CreateSutAsync("boss@example.com");
        var sick = sut.Announced[0];

        var first = await sut.Entry.AddAsync(sick, new DateOnly(2026, 12, 3), new DateOnly(2026, 12, 3), null, "伊藤 さくら", default);
        await sut.Roster.DeleteLeaveAsync(sick, first.Leave.Id, default);
        await sut.Entry.AddAsync(sick, new DateOnly(2026, 12, 3), new DateOnly(2026, 12, 3), null, "伊藤 さくら", default);

        var boss = Assert.Single(sut.LeaveMails, m => m.Recipient == "boss@example.com");
        Assert.Contains("（12月3日(木)）", boss.Subject, StringComparison.Ordinal);
        Assert.Contains("入力者：伊藤 さくら", boss.TextBody, StringComparison.Ordinal);
    }

    /// <summary>Leave only in weeks not yet announced moves the schedule (its own mail) and asks nobody to replace anyone.</summary>
    [Fact]
    public async Task AddAsync_LeaveInAWeekNotAnnounced_TellsNobodyToReplace()
    {
        var sut = await CreateSutAsync("boss@example.com");

        await sut.Entry.AddAsync(sut.Announced[0], new DateOnly(2026, 12, 21), new DateOnly(2026, 12, 23), null, null, default);

        Assert.Empty(sut.LeaveMails);
    }

    /// <summary>
    /// Session 52 (known gap): leave booked weeks ahead takes her off a week not yet announced, and nobody else is free (the others
    /// away too). Her partner and the leads hear at once, each in their language, that the week is short and that pages go on to
    /// the leads; she does not. Only whoever entered it read that before.
    /// </summary>
    [Fact]
    public async Task AddAsync_LeaveAheadLeavesAWeekShort_TellsThePartnerAndTheLeads()
    {
        var sut = await CreateSutAsync("boss@example.com", "emma@example.com");
        var w52 = (From: new DateOnly(2026, 12, 21), To: new DateOnly(2026, 12, 27));
        var pair = (await sut.Service.GetScheduleAsync("incident-duty", w52.From, 1, default)).Shifts[0].MemberIds;
        var away = TeamData.Rotation().Members.Where(id => !pair.Contains(id)).ToList();
        foreach (var id in away)
        {
            await sut.Roster.AddLeaveAsync(new Leave { Id = "20261221-20261227", MemberId = id, From = w52.From, To = w52.To }, default);
        }

        var sick = pair.First(id => id != "emma");
        var partner = pair.Single(id => id != sick);
        var name = TeamData.Members().Single(m => m.Id == sick).DisplayName.Split(' ')[0];

        var entered = await sut.Entry.AddAsync(sick, w52.From, w52.To, "家族の用事", sick, default);

        // Session 62: the leave's first day is also W51's handoff morning, which it keeps him on (W51 is not announced yet).
        Assert.Equal(
            [
                $"'{sick}' stays on duty in 2026-W51 of incident-duty (not announced yet) from 2026-12-21T00:00+09:00 to 2026-12-21T10:00+09:00: leave for the handoff morning does not take them off the week; when it is announced, the others on it and the leads are asked to cover those hours",
                "2026-W52 of incident-duty has only 1 of 2 members on duty with this leave: an unanswered page goes on to the leads at once; replace or swap to fill it",
            ],
            entered.Warnings);
        Assert.Equal([("incident-duty", "2026-W52")], entered.ShortHandedTold);
        Assert.Equal([partner], (await sut.Service.GetScheduleAsync("incident-duty", w52.From, 1, default)).Shifts[0].MemberIds);
        var mails = sut.LeaveMails;
        Assert.Equal(["boss@example.com", "emma@example.com", $"{partner}@example.com"], [.. mails.Select(m => m.Recipient).Distinct().Order(StringComparer.Ordinal)]);
        Assert.All(mails, m => Assert.Equal($"duty:incident-duty:2026-W52:leave:{sick}:20261221-20261227", m.Topic));
        var ja = mails.Single(m => m.Recipient == "boss@example.com");
        Assert.Equal($"【障害当番 代わりが必要】12月21日(月)からの週 {name}さんが休暇です（12月21日(月)〜12月27日(日)）", ja.Subject);
        Assert.Contains($"{name}さんの休暇・不在（12月21日(月)〜12月27日(日)）が登録されました。", ja.TextBody, StringComparison.Ordinal);
        Assert.Contains($"この週の当番はまだお知らせ前のため、{name}さんは当番から外れました。ただ、ほかに入れるメンバーがいないため、代わりはいません。", ja.TextBody, StringComparison.Ordinal);
        Assert.Contains("当番に入れるのは2人中1人だけです。応答がないときは、すぐにリーダー（", ja.TextBody, StringComparison.Ordinal);
        Assert.Contains("この週に入れる方がいないか、チームで相談してください。", ja.TextBody, StringComparison.Ordinal);
        // Not the announced week's wording: she is not paged, and there is nobody to put in her place.
        Assert.DoesNotContain("お知らせ済み", ja.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("代わりを立てる", ja.TextBody, StringComparison.Ordinal);
        var en = mails.Single(m => m.Recipient == "emma@example.com");
        Assert.StartsWith("[Incident duty cover needed] ", en.Subject, StringComparison.Ordinal);
        Assert.Contains($"This week has not been announced yet, so {TeamData.Members().Single(m => m.Id == sick).DisplayName} is off it, but no other member is free to take their place.", en.TextBody, StringComparison.Ordinal);
        Assert.Contains("On duty: only 1 of 2 members. If a page goes unanswered, the leads (", en.TextBody, StringComparison.Ordinal);
        Assert.Contains("Please find someone in the team who can take this week.", en.TextBody, StringComparison.Ordinal);
    }

    /// <summary>
    /// A week already short without her (her earlier leave keeps her off it): more leave of hers in it warns as before, but
    /// nobody is told she is off a week she was not on.
    /// </summary>
    [Fact]
    public async Task AddAsync_MoreLeaveInAWeekShortWithoutHer_TellsNobody()
    {
        var sut = await CreateSutAsync("boss@example.com");
        var w52 = (From: new DateOnly(2026, 12, 21), To: new DateOnly(2026, 12, 27));
        var pair = (await sut.Service.GetScheduleAsync("incident-duty", w52.From, 1, default)).Shifts[0].MemberIds;
        var away = TeamData.Rotation().Members.Where(id => !pair.Contains(id)).ToList();
        await sut.Roster.AddLeaveAsync(new Leave { Id = "20261221-20261223", MemberId = away[0], From = w52.From, To = new DateOnly(2026, 12, 23) }, default);
        await sut.Roster.AddLeaveAsync(new Leave { Id = "20261221-20261227", MemberId = away[1], From = w52.From, To = w52.To }, default);
        await sut.Roster.AddLeaveAsync(new Leave { Id = "20261221-20261227", MemberId = pair[0], From = w52.From, To = w52.To }, default);

        var entered = await sut.Entry.AddAsync(away[0], new DateOnly(2026, 12, 24), new DateOnly(2026, 12, 25), null, null, default);

        Assert.Equal(["2026-W52 of incident-duty has only 1 of 2 members on duty with this leave: an unanswered page goes on to the leads at once; replace or swap to fill it"], entered.Warnings);
        Assert.Empty(entered.ShortHandedTold);
        Assert.Empty(sut.LeaveMails);
    }

    /// <summary>Someone was already put in her place for all of the days: nobody is asked to find one.</summary>
    [Fact]
    public async Task AddAsync_AlreadyCoveredForTheDays_TellsNobody()
    {
        var sut = await CreateSutAsync("boss@example.com");
        var sick = sut.Announced[0];
        var spare = TeamData.Members().Select(m => m.Id).First(id => !sut.Announced.Contains(id));
        await sut.Service.AddOverrideAsync("incident-duty", null, sick, spare, "発熱", "山田 太郎", "2026-12-02T09:00:00+09:00", "2026-12-07T10:00:00+09:00", default);

        await sut.Entry.AddAsync(sick, new DateOnly(2026, 12, 3), new DateOnly(2026, 12, 4), null, null, default);

        Assert.Empty(sut.LeaveMails);
    }

    /// <summary>A rotation that pages nobody (maintenance): the mail says the member stays on duty, not that pages reach them.</summary>
    [Fact]
    public async Task AddAsync_RotationThatPagesNobody_SaysTheyStayOnDuty()
    {
        _pagingRotation = "release-duty";
        var sut = await CreateSutAsync("boss@example.com");
        var sick = sut.Announced[0];
        var name = TeamData.Members().Single(m => m.Id == sick).DisplayName.Split(' ')[0];

        await sut.Entry.AddAsync(sick, new DateOnly(2026, 12, 3), new DateOnly(2026, 12, 4), null, null, default);

        var boss = Assert.Single(sut.LeaveMails, m => m.Recipient == "boss@example.com");
        Assert.Contains($"お知らせ済みの当番は休暇では変わらないため、代わりが決まるまで{name}さんが当番のままです。", boss.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("呼び出し（メール・SMS・電話）", boss.TextBody, StringComparison.Ordinal);
    }
}
