using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OnDuty.Core.Common;
using OnDuty.Core.Notifications;
using OnDuty.Core.Rotations;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Announcements;

public sealed class DutyWeekAnnouncerTests
{
    // Monday 2026-11-30 10:00 in Tokyo is 01:00 UTC: the handoff of 2026-W49 (shift 4 from 2026-11-02).
    private static readonly DateTimeOffset Handoff = new(2026, 11, 30, 1, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(Handoff.AddMinutes(-1));
    private readonly InMemoryOutbox _outbox = new();
    private readonly InMemoryOutboxQueue _queue = new();
    private readonly RecordingEmailSender _email = new();
    private readonly RecordingTeamsChannel _teams = new();

    private readonly InMemoryGroupDirectory _groups = new();

    /// <param name="tellLeave">Wires the mail asking the others on a shift and the leads to cover leave in it, as the app does.</param>
    private DutyWeekAnnouncer CreateSut(InMemoryRoster roster, InMemoryRotations rotations, OnDuty.Core.Calendar.OutlookLeaveSync? outlookLeave = null, OnDuty.Core.Incidents.IncidentOptions? incidents = null, bool tellLeave = false)
    {
        var dispatcher = new OutboxDispatcher(_outbox, _queue, [], _email, _teams, _time, Options.Create(new OutboxOptions()), NullLogger<OutboxDispatcher>.Instance);
        _queue.Consumer = id => dispatcher.SendAsync(id, default);
        var leaveTold = tellLeave
            ? new LeaveDutyNotifier(rotations, roster, _time, dispatcher, new AnnouncementComposer(TestRenderer.Instance), Options.Create(incidents ?? new OnDuty.Core.Incidents.IncidentOptions()), Options.Create(new TeamOptions { Language = "ja" }), NullLogger<LeaveDutyNotifier>.Instance)
            : null;
        return new DutyWeekAnnouncer(rotations, roster, dispatcher, _teams, new AnnouncementComposer(TestRenderer.Instance), _time, Options.Create(new TeamOptions { Language = "ja" }), NullLogger<DutyWeekAnnouncer>.Instance,
            audience: new OnDuty.Core.Team.AudienceExpander(_groups, new OnDuty.Core.Health.DependencyWarnings(), NullLogger<OnDuty.Core.Team.AudienceExpander>.Instance), outlookLeave: outlookLeave, incidents: incidents is null ? null : Options.Create(incidents), leaveTold: leaveTold);
    }

    /// <summary>
    /// Session 62: leave entered weeks ahead for the handoff Monday after 2026-W49's dates (7 Dec, whose morning to 10:00 is W49's)
    /// does not take her off W49 — it must not, for ten hours — and nobody was ever told of that morning. The announcement says it
    /// (「…さんは休暇のため、12月7日(月) 00:00〜10:00（JST）の代わりが必要です。」), and her partner and the lead get the cover-needed mail
    /// naming those hours, once across two runs; she does not.
    /// </summary>
    [Fact]
    public async Task AnnounceDueAsync_LeaveForTheHandoffMorningEnteredBefore_SaysItAndAsksThePartnerAndTheLeadToCoverOnce()
    {
        var (roster, rotations) = await TeamData.SeedAsync(TeamData.Rotation("pm-team@example.com"));
        var pair = (await new RotationService(rotations, roster, _time).GetScheduleAsync("incident-duty", new DateOnly(2026, 11, 30), 1, default)).Shifts[0].MemberIds;
        var away = pair.First(id => id != "emma");
        var partner = pair.Single(id => id != away);
        var name = TeamData.Members().Single(m => m.Id == away).DisplayName.Split(' ')[0];
        await roster.AddLeaveAsync(new OnDuty.Core.Team.Leave { Id = "20261207-20261207", MemberId = away, From = new DateOnly(2026, 12, 7), To = new DateOnly(2026, 12, 7) }, default);
        var sut = CreateSut(roster, rotations, incidents: new OnDuty.Core.Incidents.IncidentOptions { Leads = ["lead@example.com"], RotationId = "incident-duty" }, tellLeave: true);
        _time.SetUtcNow(Handoff.AddMinutes(5));

        await sut.AnnounceDueAsync(default);
        await sut.AnnounceDueAsync(default);

        Assert.Equal(pair, (await rotations.GetFrozenShiftAsync("incident-duty", new DateOnly(2026, 11, 30), default))!.Value.Members);
        var toList = Assert.Single(_email.Sent, s => s.Message.To == "pm-team@example.com").Message;
        Assert.Contains($"{name}さんは休暇のため、12月7日(月) 00:00〜10:00（JST）の代わりが必要です。", toList.TextBody, StringComparison.Ordinal);
        var coverNeeded = _email.Sent.Where(s => s.Message.Subject.StartsWith("【障害当番 代わりが必要】", StringComparison.Ordinal)).Select(s => s.Message).ToList();
        Assert.Equal(new[] { $"{partner}@example.com", "lead@example.com" }.Order(StringComparer.Ordinal), coverNeeded.Select(m => m.To).Order(StringComparer.Ordinal));
        Assert.All(coverNeeded, m => Assert.Equal($"【障害当番 代わりが必要】11月30日(月)からの週 {name}さんが休暇です（12月7日(月)）", m.Subject));
        Assert.Contains("この当番の期間にかかるのは、JSTで12月7日(月) 00:00〜10:00です。", coverNeeded[0].TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(_email.Sent, s => s.Message.To == $"{away}@example.com" && s.Message.Subject.Contains("代わりが必要", StringComparison.Ordinal));
    }

    /// <summary>Session 62: a cover booked for the handoff morning before the announcement leaves nothing to ask, and the announcement says nothing of it.</summary>
    [Fact]
    public async Task AnnounceDueAsync_HandoffMorningAlreadyCovered_AsksNobody()
    {
        var (roster, rotations) = await TeamData.SeedAsync(TeamData.Rotation("pm-team@example.com"));
        var service = new RotationService(rotations, roster, _time);
        var pair = (await service.GetScheduleAsync("incident-duty", new DateOnly(2026, 11, 30), 1, default)).Shifts[0].MemberIds;
        var away = pair.First(id => id != "emma");
        var spare = TeamData.Members().Select(m => m.Id).First(id => !pair.Contains(id));
        await roster.AddLeaveAsync(new OnDuty.Core.Team.Leave { Id = "20261207-20261207", MemberId = away, From = new DateOnly(2026, 12, 7), To = new DateOnly(2026, 12, 7) }, default);
        await service.AddOverrideAsync("incident-duty", null, away, spare, "休暇", "lead", "2026-12-07T00:00+09:00", "2026-12-07T10:00+09:00", false, default);
        var sut = CreateSut(roster, rotations, incidents: new OnDuty.Core.Incidents.IncidentOptions { Leads = ["lead@example.com"], RotationId = "incident-duty" }, tellLeave: true);
        _time.SetUtcNow(Handoff.AddMinutes(5));

        await sut.AnnounceDueAsync(default);

        Assert.DoesNotContain(_email.Sent, s => s.Message.Subject.StartsWith("【障害当番 代わりが必要】", StringComparison.Ordinal));
        Assert.DoesNotContain("の代わりが必要です。", Assert.Single(_email.Sent, s => s.Message.To == "pm-team@example.com").Message.TextBody, StringComparison.Ordinal);
    }

    /// <summary>
    /// Trial 34 H3: a week left with one of two members (the others on leave) says so in its announcement, and who an unanswered
    /// page goes to next: the leads, at once (escalation 1 has nobody else on duty to reach).
    /// </summary>
    [Fact]
    public async Task AnnounceDueAsync_OneOfTwoOnDuty_SaysSoAndThatTheLeadsArePagedAtOnce()
    {
        var (roster, rotations) = await TeamData.SeedAsync(TeamData.Rotation("pm-team@example.com"));
        foreach (var away in new[] { "yamada", "sato", "emma" })
        {
            await roster.AddLeaveAsync(new OnDuty.Core.Team.Leave { Id = "20261130-20261206", MemberId = away, From = new DateOnly(2026, 11, 30), To = new DateOnly(2026, 12, 6) }, default);
        }

        var sut = CreateSut(roster, rotations, incidents: new OnDuty.Core.Incidents.IncidentOptions { Leads = ["lead@example.com"], OrganisationList = "pm-org@example.com" });
        _time.SetUtcNow(Handoff.AddMinutes(5));

        await sut.AnnounceDueAsync(default);

        Assert.Equal(["tanaka"], (await rotations.GetFrozenShiftAsync("incident-duty", new DateOnly(2026, 11, 30), default))!.Value.Members);
        var toList = Assert.Single(_email.Sent, s => s.Message.To == "pm-team@example.com").Message;
        Assert.Contains("当番に入れるのは2人中1人だけです。応答がないときは、すぐにリーダー（lead@example.com）に連絡します。", toList.TextBody, StringComparison.Ordinal);
    }

    /// <summary>
    /// Session 52: leave entered weeks ahead that nobody could fill leaves the week to one member. The leads, paged at once then,
    /// get the announcement themselves (each in their language, once across runs), not only through the team lists.
    /// </summary>
    [Fact]
    public async Task AnnounceDueAsync_OneOfTwoOnDuty_TheLeadsGetTheAnnouncementOnce()
    {
        var (roster, rotations) = await TeamData.SeedAsync(TeamData.Rotation("pm-team@example.com"));
        foreach (var away in new[] { "yamada", "sato", "emma" })
        {
            await roster.AddLeaveAsync(new OnDuty.Core.Team.Leave { Id = "20261130-20261206", MemberId = away, From = new DateOnly(2026, 11, 30), To = new DateOnly(2026, 12, 6) }, default);
        }

        var sut = CreateSut(roster, rotations, incidents: new OnDuty.Core.Incidents.IncidentOptions { Leads = ["lead@example.com", "emma@example.com"], OrganisationList = "pm-org@example.com" });
        _time.SetUtcNow(Handoff.AddMinutes(5));

        await sut.AnnounceDueAsync(default);
        await sut.AnnounceDueAsync(default);

        Assert.Equal(["emma@example.com", "lead@example.com", "pm-team@example.com", "tanaka@example.com"], _email.Sent.Select(s => s.Message.To).Order(StringComparer.Ordinal).ToList());
        var lead = _email.Sent.Single(s => s.Message.To == "lead@example.com").Message;
        Assert.Contains("当番に入れるのは2人中1人だけです。応答がないときは、すぐにリーダー（", lead.TextBody, StringComparison.Ordinal);
        var emma = _email.Sent.Single(s => s.Message.To == "emma@example.com").Message;
        Assert.Contains("On duty: only 1 of 2 members. If a page goes unanswered, the leads (", emma.TextBody, StringComparison.Ordinal);
    }

    /// <summary>A week with its pair: the leads hear of it through the team lists only, as before.</summary>
    [Fact]
    public async Task AnnounceDueAsync_WholePairOnDuty_LeadsNotMailedThemselves()
    {
        var (roster, rotations) = await TeamData.SeedAsync(TeamData.Rotation("pm-team@example.com"));
        var sut = CreateSut(roster, rotations, incidents: new OnDuty.Core.Incidents.IncidentOptions { Leads = ["lead@example.com"], OrganisationList = "pm-org@example.com" });
        _time.SetUtcNow(Handoff.AddMinutes(5));

        await sut.AnnounceDueAsync(default);

        Assert.DoesNotContain(_email.Sent, s => s.Message.To == "lead@example.com");
        Assert.Contains(_email.Sent, s => s.Message.To == "pm-team@example.com");
    }

    /// <summary>
    /// Trial 34 H3: the only lead on leave some days of the week — the announcement says so, and who is paged then. Session 44
    /// reader pass: with one lead configured it said 「リーダー全員が休暇」; it says 「リーダーが休暇」.
    /// </summary>
    [Fact]
    public async Task AnnounceDueAsync_TheOnlyLeadOnLeaveSomeDays_SaysWhenAndThatTheOrganisationIsPagedInstead()
    {
        var (roster, rotations) = await TeamData.SeedAsync(TeamData.Rotation("pm-team@example.com"));
        await roster.AddLeaveAsync(new OnDuty.Core.Team.Leave { Id = "trip", MemberId = "yamada", From = new DateOnly(2026, 12, 2), To = new DateOnly(2026, 12, 4), Note = "家族旅行" }, default);
        var sut = CreateSut(roster, rotations, incidents: new OnDuty.Core.Incidents.IncidentOptions { Leads = ["yamada@example.com"], OrganisationList = "pm-org@example.com" });
        _time.SetUtcNow(Handoff.AddMinutes(5));

        await sut.AnnounceDueAsync(default);

        var toList = Assert.Single(_email.Sent, s => s.Message.To == "pm-team@example.com").Message;
        Assert.Contains("12月2日", toList.TextBody, StringComparison.Ordinal);
        Assert.Contains("12月4日", toList.TextBody, StringComparison.Ordinal);
        Assert.Contains("はリーダーが休暇のため、応答がないときはリーダーを飛ばして PM 組織の全員（pm-org@example.com）に連絡します。", toList.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("リーダー全員", toList.TextBody, StringComparison.Ordinal);
    }

    /// <summary>Two leads (one written twice, in another case: still two people) both on leave some days: 「リーダー全員」, as before.</summary>
    [Fact]
    public async Task AnnounceDueAsync_BothLeadsOnLeaveSomeDays_SaysEveryLead()
    {
        var (roster, rotations) = await TeamData.SeedAsync(TeamData.Rotation("pm-team@example.com"));
        await roster.AddLeaveAsync(new OnDuty.Core.Team.Leave { Id = "trip", MemberId = "yamada", From = new DateOnly(2026, 12, 2), To = new DateOnly(2026, 12, 4), Note = "家族旅行" }, default);
        await roster.AddLeaveAsync(new OnDuty.Core.Team.Leave { Id = "trip2", MemberId = "sato", From = new DateOnly(2026, 12, 2), To = new DateOnly(2026, 12, 4), Note = "研修" }, default);
        var sut = CreateSut(roster, rotations, incidents: new OnDuty.Core.Incidents.IncidentOptions { Leads = ["yamada@example.com", "sato@example.com", "YAMADA@example.com"], OrganisationList = "pm-org@example.com" });
        _time.SetUtcNow(Handoff.AddMinutes(5));

        await sut.AnnounceDueAsync(default);

        var toList = Assert.Single(_email.Sent, s => s.Message.To == "pm-team@example.com").Message;
        Assert.Contains("はリーダー全員が休暇のため、応答がないときはリーダーを飛ばして PM 組織の全員（pm-org@example.com）に連絡します。", toList.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnnounceDueAsync_GroupInTheTeamLists_EachMemberGetsOneEmailAcrossRuns()
    {
        const string group = "0f2b6a4c-1d2e-4f50-9a61-7b8c9d0e1f23";
        _groups.Groups[group] = [new("kim@example.com", "Kim"), new("pm-team@example.com", null), new("lee@example.com", "Lee")];
        var (roster, rotations) = await TeamData.SeedAsync(TeamData.Rotation("pm-team@example.com", "group:" + group));
        var sut = CreateSut(roster, rotations);
        _time.SetUtcNow(Handoff.AddMinutes(5));

        await sut.AnnounceDueAsync(default);
        await sut.AnnounceDueAsync(default);

        var frozen = (await rotations.GetFrozenShiftAsync("incident-duty", new DateOnly(2026, 11, 30), default))!.Value;
        var expected = frozen.Members.Select(id => $"{id}@example.com").Concat(["pm-team@example.com", "kim@example.com", "lee@example.com"]).Order().ToList();
        Assert.Equal(expected, _email.Sent.Select(s => s.Message.To).Order().ToList());
    }

    [Fact]
    public async Task AnnounceDueAsync_GroupUnreachable_OthersToldNowGroupMembersOnTheNextRun()
    {
        const string group = "pm-all@example.com";
        _groups.Groups[group] = [new("kim@example.com", "Kim")];
        _groups.Unreachable.Add(group);
        var (roster, rotations) = await TeamData.SeedAsync(TeamData.Rotation("pm-team@example.com", "group:" + group));
        var sut = CreateSut(roster, rotations);
        _time.SetUtcNow(Handoff.AddMinutes(5));

        // The only rotation failed, so the run fails visibly (the timer logs it) after telling everyone it could.
        var first = await Assert.ThrowsAsync<InvalidOperationException>(() => sut.AnnounceDueAsync(default));
        var told = _email.Sent.Count;
        _groups.Unreachable.Clear();
        var second = Assert.Single(await sut.AnnounceDueAsync(default));

        Assert.Contains("groups not expanded", first.Message);
        Assert.Equal(3, told); // the pair and the list
        Assert.Equal(AnnouncementOutcome.Announced, second.Outcome);
        Assert.Equal(["kim@example.com"], _email.Sent.Skip(told).Select(s => s.Message.To));
    }

    [Fact]
    public async Task AnnounceDueAsync_OutOfOfficeInOutlookBeforeFreezing_MemberIsNotAnnounced()
    {
        var (roster, rotations) = await TeamData.SeedAsync(TeamData.Rotation());
        var expectedBefore = (await new RotationService(rotations, roster, _time).GetScheduleAsync("incident-duty", new DateOnly(2026, 11, 30), 1, default)).Shifts[0].MemberIds;
        var away = expectedBefore[^1];
        var availability = new InMemoryAvailability();
        availability.OutOfOffice[$"{away}@example.com"] = [new(new DateTimeOffset(2026, 11, 29, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.Zero))];
        var leaveSync = new OnDuty.Core.Calendar.OutlookLeaveSync(rotations, roster, availability, Options.Create(new OnDuty.Core.Calendar.OutlookLeaveOptions()), _time, NullLogger<OnDuty.Core.Calendar.OutlookLeaveSync>.Instance);
        var sut = CreateSut(roster, rotations, leaveSync);
        _time.SetUtcNow(Handoff.AddMinutes(5));

        await sut.AnnounceDueAsync(default);

        var frozen = (await rotations.GetFrozenShiftAsync("incident-duty", new DateOnly(2026, 11, 30), default))!.Value;
        Assert.DoesNotContain(away, frozen.Members);
        Assert.Contains(await roster.ListLeaveAsync(default), l => l.MemberId == away && l.Source == "outlook");
    }

    [Fact]
    public async Task AnnounceDueAsync_BeforeHandoff_AnnouncesThePreviousWeekOnly()
    {
        var (roster, rotations) = await TeamData.SeedAsync(TeamData.Rotation());
        var sut = CreateSut(roster, rotations);

        var results = await sut.AnnounceDueAsync(default);

        Assert.Equal("2026-W48", Assert.Single(results).Week);
        Assert.Null(await rotations.GetFrozenShiftAsync("incident-duty", new DateOnly(2026, 11, 30), default));
    }

    /// <summary>
    /// Trial 32b M4: each of the pair reads their own next turn in their announcement (Yamada serves W48–W49, then W52 with Tanaka;
    /// Sato W49–W50, then W53 with Yamada); the team list's mail names nobody's.
    /// </summary>
    [Fact]
    public async Task AnnounceDueAsync_EachMemberOfThePairReadsTheirOwnNextTurn_TheTeamListNone()
    {
        var (roster, rotations) = await TeamData.SeedAsync(TeamData.Rotation("pm-team@example.com"));
        var sut = CreateSut(roster, rotations);
        _time.SetUtcNow(Handoff.AddMinutes(5));

        await sut.AnnounceDueAsync(default);

        string Body(string to) => Assert.Single(_email.Sent, s => s.Message.To == to).Message.TextBody;
        Assert.Contains("あなたの次回の当番：12月21日(月)からの週（田中さんと）", Body("yamada@example.com"), StringComparison.Ordinal);
        Assert.Contains("あなたの次回の当番：12月28日(月)からの週（山田さんと）", Body("sato@example.com"), StringComparison.Ordinal);
        Assert.DoesNotContain("あなたの次回の当番", Body("pm-team@example.com"), StringComparison.Ordinal);
        Assert.DoesNotContain("経験のあるメンバーがいない", Body("pm-team@example.com"), StringComparison.Ordinal);
    }

    /// <summary>
    /// Session 50 reader's pass (an English-speaking member in a Japanese team): the English member of the pair reads their next
    /// turn by its first day, as the welcome names a first shift and as the Japanese members read it (「12月21日(月)からの週」),
    /// not as an ISO week (2026-W52) they have to work out; the Japanese member's mail is as before.
    /// </summary>
    [Fact]
    public async Task AnnounceDueAsync_EnglishMemberOfAJapaneseTeam_ReadsTheirNextTurnByItsFirstDay()
    {
        var body = await AnnounceW49Async(TeamData.Members().Select(m => m.Id == "yamada" ? m with { Language = OnDuty.Core.Team.Language.En } : m));

        Assert.Contains("Your next duty: the week of Mon 21 Dec (with 田中 健)", body("yamada@example.com"), StringComparison.Ordinal);
        Assert.DoesNotContain("2026-W52", body("yamada@example.com"), StringComparison.Ordinal);
        Assert.Contains("あなたの次回の当番：12月28日(月)からの週（山田 太郎さんと）", body("sato@example.com"), StringComparison.Ordinal);
    }

    /// <summary>
    /// Trial 34 L2: a member whose last day comes before their next turn would read 「今後26週の当番表にはまだありません」, as if one
    /// would come; they read that there is none before they leave. Sato, staying, does not.
    /// </summary>
    [Fact]
    public async Task AnnounceDueAsync_MemberLeavingBeforeTheirNextTurn_ReadsThereIsNoneBeforeTheirLastDay()
    {
        var body = await AnnounceW49Async(TeamData.Members().Select(m => m.Id == "yamada" ? m with { LeavesOn = new DateOnly(2026, 12, 18) } : m));

        Assert.Contains("あなたの次回の当番：退職日までの当番はありません", body("yamada@example.com"), StringComparison.Ordinal);
        Assert.DoesNotContain("まだありません", body("yamada@example.com"), StringComparison.Ordinal);
        Assert.DoesNotContain("退職日", body("sato@example.com"), StringComparison.Ordinal);
    }

    /// <summary>
    /// Trial 34 L6: a week whose pair has no experienced member says so in its announcement (the team list's mail and each
    /// member's), in the words the duty page warned with once after the change.
    /// </summary>
    [Fact]
    public async Task AnnounceDueAsync_PairOfJuniors_TheAnnouncementSaysItHasNoExperiencedMember()
    {
        var body = await AnnounceW49Async(TeamData.Members().Select(m => m with { Level = OnDuty.Core.Team.ExperienceLevel.Junior }));

        foreach (var to in new[] { "pm-team@example.com", "yamada@example.com", "sato@example.com" })
        {
            Assert.Contains("この当番は経験のあるメンバーがいない組み合わせです。判断に迷うときはリーダーに相談してください。", body(to), StringComparison.Ordinal);
        }
    }

    /// <summary>Seeds <paramref name="members"/> with the team list pm-team@, announces 2026-W49 just after its handoff, and reads each recipient's one mail.</summary>
    private async Task<Func<string, string>> AnnounceW49Async(IEnumerable<OnDuty.Core.Team.Member> members)
    {
        var (roster, rotations) = await TeamData.SeedAsync(TeamData.Rotation("pm-team@example.com"), members);
        var sut = CreateSut(roster, rotations);
        _time.SetUtcNow(Handoff.AddMinutes(5));
        await sut.AnnounceDueAsync(default);
        return to => Assert.Single(_email.Sent, s => s.Message.To == to).Message.TextBody;
    }

    /// <summary>
    /// Trial 34 H2: a member of the pair who stays on the next week too reads the rest of the turn (Sato serves W49–W50), so she
    /// does not read herself free after the first; Yamada, whose turn ends with W49, and the team list read no such line.
    /// </summary>
    [Fact]
    public async Task AnnounceDueAsync_MemberStayingOnTheNextWeek_ReadsTheRestOfTheTurn()
    {
        var (roster, rotations) = await TeamData.SeedAsync(TeamData.Rotation("pm-team@example.com"));
        var sut = CreateSut(roster, rotations);
        _time.SetUtcNow(Handoff.AddMinutes(5));

        await sut.AnnounceDueAsync(default);

        string Body(string to) => Assert.Single(_email.Sent, s => s.Message.To == to).Message.TextBody;
        Assert.Contains("12月7日(月)からの週も続けて当番です。2週連続で、12月14日(月) 10:00（JST）までです。", Body("sato@example.com"), StringComparison.Ordinal);
        Assert.DoesNotContain("続けて当番です", Body("yamada@example.com"), StringComparison.Ordinal);
        Assert.DoesNotContain("続けて当番です", Body("pm-team@example.com"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnnounceDueAsync_RunTwiceAfterHandoff_EachRecipientGetsOneEmailAndTheChannelOneCard()
    {
        var (roster, rotations) = await TeamData.SeedAsync(TeamData.Rotation("pm-team@example.com"));
        var sut = CreateSut(roster, rotations);
        _time.SetUtcNow(Handoff.AddMinutes(5));

        var first = await sut.AnnounceDueAsync(default);
        var second = await sut.AnnounceDueAsync(default);

        Assert.Equal(AnnouncementOutcome.Announced, Assert.Single(first).Outcome);
        Assert.Equal(AnnouncementOutcome.AlreadyAnnounced, Assert.Single(second).Outcome);
        var frozen = (await rotations.GetFrozenShiftAsync("incident-duty", new DateOnly(2026, 11, 30), default))!.Value;
        Assert.Equal(FrozenShiftStatus.Announced, frozen.Status);
        Assert.Equal("2026-W49", frozen.Week);
        var recipients = _email.Sent.Select(s => s.Message.To).OrderBy(t => t).ToList();
        var expected = frozen.Members.Select(id => $"{id}@example.com").Append("pm-team@example.com").OrderBy(t => t).ToList();
        Assert.Equal(expected, recipients);
        Assert.Single(_teams.Cards);
        // Japanese readers by the week's first day, English ones by the ISO week.
        Assert.All(_email.Sent, s => Assert.Matches("^(【障害当番】11月30日\\(月\\)からの週 |\\[Incident duty\\] Week of Mon 30 Nov: )", s.Message.Subject));
    }

    [Fact]
    public async Task AnnounceDueAsync_MissedHandoff_IsCaughtUpOnTheNextRun()
    {
        var (roster, rotations) = await TeamData.SeedAsync(TeamData.Rotation());
        var sut = CreateSut(roster, rotations);
        _time.SetUtcNow(Handoff.AddDays(2)); // the app was down over the handoff

        var result = Assert.Single(await sut.AnnounceDueAsync(default));

        Assert.Equal(AnnouncementOutcome.Announced, result.Outcome);
        Assert.Equal("2026-W49", result.Week);
    }

    [Fact]
    public async Task AnnounceDueAsync_CrashAfterFreezing_NextRunQueuesTheFrozenMembersOnce()
    {
        var (roster, rotations) = await TeamData.SeedAsync(TeamData.Rotation());
        var shift = new FrozenShift
        {
            ShiftStart = new DateOnly(2026, 11, 30),
            Week = "2026-W49",
            Members = ["tanaka", "emma"],
            NextMembers = ["emma", "yamada"],
            Status = FrozenShiftStatus.Announcing,
        };
        await rotations.TryFreezeShiftAsync("incident-duty", shift, default);
        var sut = CreateSut(roster, rotations);
        _time.SetUtcNow(Handoff.AddMinutes(10));

        await sut.AnnounceDueAsync(default);
        await sut.AnnounceDueAsync(default);

        Assert.Equal(["emma@example.com", "tanaka@example.com"], _email.Sent.Select(s => s.Message.To).Order());
        Assert.Equal(FrozenShiftStatus.Announced, (await rotations.GetFrozenShiftAsync("incident-duty", shift.ShiftStart, default))!.Value.Status);
    }

    [Fact]
    public async Task AnnounceDueAsync_RosterChangedAfterAnnouncement_FrozenWeekIsNotRewritten()
    {
        var (roster, rotations) = await TeamData.SeedAsync(TeamData.Rotation());
        var sut = CreateSut(roster, rotations);
        _time.SetUtcNow(Handoff.AddMinutes(5));
        await sut.AnnounceDueAsync(default);
        var announced = (await rotations.GetFrozenShiftAsync("incident-duty", new DateOnly(2026, 11, 30), default))!.Value.Members;

        foreach (var id in announced)
        {
            await roster.AddLeaveAsync(new OnDuty.Core.Team.Leave { Id = "l", MemberId = id, From = new(2026, 11, 28), To = new(2026, 12, 10) }, default);
        }

        var service = new RotationService(rotations, roster, _time);
        var onCall = await service.GetOnCallAsync("incident-duty", default);
        Assert.Equal(announced, onCall.Current!.MemberIds);
        Assert.True(onCall.Current.Frozen);
    }

    [Fact]
    public async Task AnnounceDueAsync_RotationNotStarted_SendsNothing()
    {
        var (roster, rotations) = await TeamData.SeedAsync(TeamData.Rotation() with { StartDate = new DateOnly(2027, 1, 4) });
        var sut = CreateSut(roster, rotations);
        _time.SetUtcNow(Handoff.AddMinutes(5));

        var result = Assert.Single(await sut.AnnounceDueAsync(default));

        Assert.Equal(AnnouncementOutcome.NotStarted, result.Outcome);
        Assert.Empty(_outbox.All);
    }

    /// <summary>
    /// Session 49 (brief G): the start moved later (to 2026-W51) two minutes after W49's handoff, before the timer ran. W49 is held
    /// over with its pair (frozen by the edit, Announcing): the timer announces it as any other week — once, under the ids it would
    /// have had without the move — and, nobody being on duty in W50, says so and names the new start's first pair as the next shift
    /// (「次回の当番」, not 「来週の当番」).
    /// </summary>
    [Fact]
    public async Task AnnounceDueAsync_StartMovedLaterMinutesAfterTheHandoff_AnnouncesTheHeldOverShiftOnce_AndTheGapBeforeTheNextShift()
    {
        var (roster, rotations) = await TeamData.SeedAsync(TeamData.Rotation("pm-team@example.com"));
        _time.SetUtcNow(Handoff.AddMinutes(2));
        var service = new RotationService(rotations, roster, _time);
        var pair = (await service.GetOnCallAsync("incident-duty", default)).Current!.MemberIds;
        var stored = (await rotations.GetAsync("incident-duty", default))!;
        // The new start begins with the other two members, so the next shift named is told from the held-over one.
        await service.SaveAsync(stored.Value with { StartDate = new DateOnly(2026, 12, 14), Members = ["emma", "tanaka", "yamada", "sato"] }, stored.ETag, default);
        var firstPair = (await service.GetScheduleAsync("incident-duty", new DateOnly(2026, 12, 14), 1, default)).Shifts[0];
        Assert.Equal((0, "2026-W51"), (firstPair.Index, firstPair.Week));
        var sut = CreateSut(roster, rotations);
        _time.SetUtcNow(Handoff.AddMinutes(5));

        var first = Assert.Single(await sut.AnnounceDueAsync(default));
        var told = _outbox.All.Select(m => m.Id).ToList();
        var second = Assert.Single(await sut.AnnounceDueAsync(default));

        Assert.Equal((AnnouncementOutcome.Announced, "2026-W49"), (first.Outcome, first.Week));
        Assert.Equal(AnnouncementOutcome.AlreadyAnnounced, second.Outcome);
        Assert.Equal(told, _outbox.All.Select(m => m.Id).ToList());
        var frozen = (await rotations.GetFrozenShiftAsync("incident-duty", new DateOnly(2026, 11, 30), default))!.Value;
        Assert.Equal(FrozenShiftStatus.Announced, frozen.Status);
        Assert.Equal(pair, frozen.Members);
        // One stable key, the one the week had before the move.
        Assert.Equal(
            pair.Select(m => $"duty:incident-duty:2026-W49:email:{m}@example.com").Append("duty:incident-duty:2026-W49:email:pm-team@example.com").Order(StringComparer.Ordinal),
            told.Where(id => id.Contains(":email:", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.Equal(pair.Select(m => $"{m}@example.com").Append("pm-team@example.com").Order(StringComparer.Ordinal), _email.Sent.Select(s => s.Message.To).Order(StringComparer.Ordinal));
        var toList = Assert.Single(_email.Sent, s => s.Message.To == "pm-team@example.com").Message.TextBody;
        Assert.Contains("12月7日(月) 10:00から12月14日(月) 10:00（JST）までは当番がいません。そのあいだの呼び出しはリーダーに届きます。", toList, StringComparison.Ordinal);
        Assert.Equal(["emma", "tanaka"], firstPair.MemberIds);
        Assert.Contains("次回の当番（12月14日(月)からの週）：Emma Wilson、田中 健", toList, StringComparison.Ordinal);
        Assert.DoesNotContain("来週の当番", toList, StringComparison.Ordinal);
    }

    /// <summary>Announced at its handoff, then the start moved later past it: the held-over week is not announced again.</summary>
    [Fact]
    public async Task AnnounceDueAsync_WeekAnnouncedThenItsStartMovedLater_NothingIsQueuedAgain()
    {
        var (roster, rotations) = await TeamData.SeedAsync(TeamData.Rotation());
        var sut = CreateSut(roster, rotations);
        _time.SetUtcNow(Handoff.AddMinutes(5));
        Assert.Equal(AnnouncementOutcome.Announced, Assert.Single(await sut.AnnounceDueAsync(default)).Outcome);
        var told = _outbox.All.Select(m => m.Id).ToList();
        var stored = (await rotations.GetAsync("incident-duty", default))!;
        await new RotationService(rotations, roster, _time).SaveAsync(stored.Value with { StartDate = new DateOnly(2026, 12, 14) }, stored.ETag, default);
        _time.SetUtcNow(Handoff.AddMinutes(15));

        var again = Assert.Single(await sut.AnnounceDueAsync(default));

        Assert.Equal((AnnouncementOutcome.AlreadyAnnounced, "2026-W49"), (again.Outcome, again.Week));
        Assert.Equal(told, _outbox.All.Select(m => m.Id).Where(id => id.StartsWith("duty:", StringComparison.Ordinal)).ToList());
    }

    /// <summary>
    /// Session 49 (brief G): the held-over week, frozen by the move rather than by its announcement, gets the last look at Outlook
    /// any week gets before it is announced: a member of its pair out of office has Outlook leave (noted), and stays on it — the
    /// pair keeps the week.
    /// </summary>
    [Fact]
    public async Task AnnounceDueAsync_HeldOverShiftNotYetAnnounced_ReadsOutlookForIt_TheLeaveIsNotedAndReplacesNobody()
    {
        var (roster, rotations) = await TeamData.SeedAsync(TeamData.Rotation());
        _time.SetUtcNow(Handoff.AddMinutes(2));
        var service = new RotationService(rotations, roster, _time);
        var pair = (await service.GetOnCallAsync("incident-duty", default)).Current!.MemberIds;
        var stored = (await rotations.GetAsync("incident-duty", default))!;
        await service.SaveAsync(stored.Value with { StartDate = new DateOnly(2026, 12, 14) }, stored.ETag, default);
        var availability = new InMemoryAvailability();
        availability.OutOfOffice[$"{pair[1]}@example.com"] = [new(new DateTimeOffset(2026, 11, 29, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.Zero))];
        var leaveSync = new OnDuty.Core.Calendar.OutlookLeaveSync(rotations, roster, availability, Options.Create(new OnDuty.Core.Calendar.OutlookLeaveOptions()), _time, NullLogger<OnDuty.Core.Calendar.OutlookLeaveSync>.Instance);
        var sut = CreateSut(roster, rotations, leaveSync);
        _time.SetUtcNow(Handoff.AddMinutes(5));

        Assert.Equal(AnnouncementOutcome.Announced, Assert.Single(await sut.AnnounceDueAsync(default)).Outcome);

        var leave = Assert.Single(await roster.ListLeaveAsync(default));
        Assert.Equal(("outlook-2026-W49", pair[1], "outlook"), (leave.Id, leave.MemberId, leave.Source));
        Assert.Equal(pair, (await rotations.GetFrozenShiftAsync("incident-duty", new DateOnly(2026, 11, 30), default))!.Value.Members);
        var onCall = await service.GetOnCallAsync("incident-duty", default);
        Assert.Equal(pair, onCall.Current!.MemberIds);
        Assert.Contains(onCall.Current.Members, a => a.MemberId == pair[1] && a.Reason.Has(ReasonKind.AnnouncedOnLeave));
    }
}
