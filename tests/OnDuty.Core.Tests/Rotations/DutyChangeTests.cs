using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OnDuty.Core.Common;
using OnDuty.Core.Messages;
using OnDuty.Core.Notifications;
using OnDuty.Core.Rotations;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;
using OnDuty.Messages;

namespace OnDuty.Core.Tests.Rotations;

/// <summary>A person replacing a member of the current, already-announced week: applied at once and announced once.</summary>
public sealed class DutyChangeTests
{
    // Monday 2026-11-30 10:05 in Tokyo: 2026-W49 (shift 4) has just been handed off.
    private static readonly DateTimeOffset AfterHandoff = new(2026, 11, 30, 1, 5, 0, TimeSpan.Zero);
    private static readonly DateOnly W49 = new(2026, 11, 30);

    private readonly FakeTimeProvider _time = new(AfterHandoff);
    private readonly InMemoryOutbox _outbox = new();
    private readonly RecordingEmailSender _email = new();
    private readonly RecordingTeamsChannel _teams = new();

    private sealed record Sut(RotationService Service, DutyWeekAnnouncer Announcer, InMemoryRotations Rotations, IReadOnlyList<string> Announced, string Replacement)
    {
        public InMemoryRoster Roster { get; init; } = null!;
    }

    private readonly RecordingBriefs _briefs = new();

    /// <summary><c>Team__PublicBaseUrl</c> for the composer the announcer uses; null: none set (the mails link nothing).</summary>
    private string? _baseUrl;

    /// <summary>Counts the briefs asked for; <see cref="Fail"/> makes the next one throw (storage down while briefing).</summary>
    private sealed class RecordingBriefs : IHandoffBriefs
    {
        public int Calls { get; private set; }

        public bool Fail { get; set; }

        public Task<int> BriefAsync(CancellationToken cancellationToken)
        {
            Calls++;
            return Fail ? throw new InvalidOperationException("storage down") : Task.FromResult(1);
        }
    }

    private Task<Sut> CreateAnnouncedAsync(IEnumerable<Member>? members = null, Rotation? rotation = null) =>
        CreateAnnouncedAsync(members, rotation, tellMoves: false);

    /// <param name="tellMoves">Wires the schedule-change mail (【予定の変更】) as the app does: whoever a change moves in the coming weeks is mailed.</param>
    private async Task<Sut> CreateAnnouncedAsync(IEnumerable<Member>? members, Rotation? rotation, bool tellMoves)
    {
        var (roster, rotations) = await TeamData.SeedAsync(rotation ?? TeamData.Rotation(), members);
        var queue = new InMemoryOutboxQueue(_time);
        var dispatcher = new OutboxDispatcher(_outbox, queue, [], _email, _teams, _time, Options.Create(new OutboxOptions()), NullLogger<OutboxDispatcher>.Instance);
        queue.Consumer = id => dispatcher.SendAsync(id, default);
        var composer = new AnnouncementComposer(TestRenderer.Instance, Options.Create(new TeamOptions { Language = "ja", PublicBaseUrl = _baseUrl }));
        var announcer = new DutyWeekAnnouncer(rotations, roster, dispatcher, _teams, composer, _time, Options.Create(new TeamOptions { Language = "ja" }), NullLogger<DutyWeekAnnouncer>.Instance, briefs: _briefs);
        var moves = tellMoves
            ? new ScheduleChangeNotifier(rotations, roster, dispatcher, new AnnouncementComposer(TestRenderer.Instance), _time, NullLogger<ScheduleChangeNotifier>.Instance)
            : null;
        var service = new RotationService(rotations, roster, _time, announcer: announcer, scheduleChanges: moves);
        await announcer.AnnounceDueAsync(default);
        var announced = (await rotations.GetFrozenShiftAsync("incident-duty", W49, default))!.Value.Members;
        var replacement = TeamData.Members().Select(m => m.Id).First(id => !announced.Contains(id));
        _email.Sent.Clear();
        _teams.Cards.Clear();
        return new Sut(service, announcer, rotations, announced, replacement) { Roster = roster };
    }

    [Fact]
    public async Task AddOverrideAsync_CurrentAnnouncedWeek_AppliesAtOnceAndOnCallAnswersTheNewPair()
    {
        var sut = await CreateAnnouncedAsync();
        var sick = sut.Announced[0];
        var nextBefore = (await sut.Service.GetScheduleAsync("incident-duty", W49.AddDays(7), 2, default)).Shifts.Select(s => s.MemberIds).ToList();

        var result = await sut.Service.AddOverrideAsync("incident-duty", "2026-W49", sick, sut.Replacement, "sick", default);

        Assert.Equal(["2026-W49"], result.ChangedNow);
        var onCall = await sut.Service.GetOnCallAsync("incident-duty", default);
        Assert.Equal(sut.Announced.Select(m => m == sick ? sut.Replacement : m), onCall.Current!.MemberIds);
        Assert.True(onCall.Current.Frozen);
        Assert.Equal("sick", onCall.Current.Members.Single(m => m.MemberId == sut.Replacement).Reason.Parts.Select(p => p.Note).Single(n => n is not null));
        // The replacement serves this week only: the following weeks are as before.
        Assert.Equal(nextBefore, (await sut.Service.GetScheduleAsync("incident-duty", W49.AddDays(7), 2, default)).Shifts.Select(s => s.MemberIds));
    }

    /// <summary>
    /// Someone taking over mid-week needs the open incidents first: the brief goes out with the change, not at the timer's
    /// next run; a brief that fails does not undo or refuse the change (the timer's next run sends it).
    /// </summary>
    [Fact]
    public async Task AddOverrideAsync_CurrentAnnouncedWeek_TheReplacementIsBriefedWithTheChange_AndAFailedBriefKeepsTheChange()
    {
        var sut = await CreateAnnouncedAsync();
        var before = _briefs.Calls;

        await sut.Service.AddOverrideAsync("incident-duty", "2026-W49", sut.Announced[0], sut.Replacement, "sick", default);

        Assert.Equal(before + 1, _briefs.Calls);

        _briefs.Fail = true;
        var other = TeamData.Members().Select(m => m.Id).First(id => !sut.Announced.Contains(id) && id != sut.Replacement);
        var result = await sut.Service.AddOverrideAsync("incident-duty", "2026-W49", sut.Announced[1], other, "sick too", default);

        Assert.Equal(["2026-W49"], result.ChangedNow);
        Assert.Equal(before + 2, _briefs.Calls);
        var frozen = (await sut.Rotations.GetFrozenShiftAsync("incident-duty", W49, default))!.Value;
        Assert.Contains(other, frozen.Members);
        Assert.All(frozen.Changes, c => Assert.True(c.Announced));
    }

    [Fact]
    public async Task AddOverrideAsync_CurrentAnnouncedWeek_ReplacementReplacedAndChannelToldOnceEachWithTheWeek()
    {
        var sut = await CreateAnnouncedAsync();
        var sick = sut.Announced[0];

        await sut.Service.AddOverrideAsync("incident-duty", "2026-W49", sick, sut.Replacement, "sick", default);
        await sut.Announcer.AnnounceDueAsync(default);
        await sut.Announcer.AnnounceChangesAsync(TeamData.Rotation(), W49, default);

        // The partner on the shift is told personally too (L15): whom they are paired with changed.
        var partner = sut.Announced.Single(m => m != sick);
        Assert.Equal(new[] { $"{sick}@example.com", $"{sut.Replacement}@example.com", $"{partner}@example.com" }.Order(StringComparer.Ordinal), _email.Sent.Select(s => s.Message.To).Order(StringComparer.Ordinal));
        Assert.All(_email.Sent, s => AssertNamesW49(s.Message.Subject));
        Assert.All(_email.Sent, s => Assert.Contains("sick", s.Message.TextBody));
        var card = Assert.Single(_teams.Cards);
        AssertNamesW49(CardSubject(card));
        Assert.All(_outbox.All.Where(m => m.Topic.Contains(":change:", StringComparison.Ordinal)), m => Assert.StartsWith("duty:incident-duty:2026-W49:change:", m.Id, StringComparison.Ordinal));
        Assert.True((await sut.Rotations.GetFrozenShiftAsync("incident-duty", W49, default))!.Value.Changes.Single().Announced);
    }

    /// <summary>
    /// Session 49, a new PM put in for a colleague mid-week: 【障害当番 交代】 told her she is on duty from now and linked nothing — the
    /// announcement it changes links the duty page, and so does each of its mails now (the replacement's, the one replaced, who may
    /// take it back there, the partner's); without <c>Team__PublicBaseUrl</c> none.
    /// </summary>
    [Theory]
    [InlineData("https://onduty.example/", true)]
    [InlineData(null, false)]
    public async Task AddOverrideAsync_CurrentAnnouncedWeek_EachChangeMailLinksTheDutyPage(string? baseUrl, bool linked)
    {
        _baseUrl = baseUrl;
        var sut = await CreateAnnouncedAsync();

        await sut.Service.AddOverrideAsync("incident-duty", "2026-W49", sut.Announced[0], sut.Replacement, "sick", default);
        await sut.Announcer.AnnounceChangesAsync(TeamData.Rotation(), W49, default);

        Assert.Equal(3, _email.Sent.Count);
        Assert.All(_email.Sent, s =>
        {
            var text = s.Message.TextBody.ReplaceLineEndings("\n");
            var (shout, label) = s.Message.Subject.StartsWith('【')
                ? ("迷ったら声をかけましょう。みんなで助けます。\n", "当番表を開く：")
                : ("If in doubt, shout: everyone helps.\n", "Open the duty page: ");
            if (linked)
            {
                Assert.EndsWith($"{shout}{label}https://onduty.example/api/status/duty\n", text, StringComparison.Ordinal);
            }
            else
            {
                Assert.EndsWith(shout, text, StringComparison.Ordinal);
                Assert.DoesNotContain(label, text, StringComparison.Ordinal);
            }
        });
    }

    [Fact]
    public async Task AddOverrideAsync_WithWhoMadeIt_KeptOnTheChangeListedAndNamedInTheAnnouncement_AndTheUndoKeepsItsOwn()
    {
        var sut = await CreateAnnouncedAsync();
        var sick = sut.Announced[0];

        var result = await sut.Service.AddOverrideAsync("incident-duty", "2026-W49", sick, sut.Replacement, "sick", " 佐藤 花子 ", default);
        await sut.Announcer.AnnounceChangesAsync(TeamData.Rotation(), W49, default);

        Assert.Equal("佐藤 花子", result.Items[0].By);
        var change = (await sut.Rotations.GetFrozenShiftAsync("incident-duty", W49, default))!.Value.Changes.Single();
        Assert.Equal("佐藤 花子", change.By);
        Assert.Equal("佐藤 花子", (await sut.Service.ListOverridesAsync("incident-duty", default)).Single().By);
        Assert.NotEmpty(_email.Sent);
        Assert.All(_email.Sent, s => Assert.Contains("佐藤 花子", s.Message.TextBody));

        var removal = await sut.Service.DeleteOverrideAsync("incident-duty", change.Id, "better", "Liam", default);

        Assert.Equal("Liam", removal.Undos.Single().By);
        var listed = await sut.Service.ListOverridesAsync("incident-duty", default);
        Assert.Equal(("佐藤 花子", "Liam"), (listed.Single(e => e.Id == change.Id).By, listed.Single(e => e.Undoes == change.Id).By));
    }

    [Fact]
    public async Task AddOverrideAsync_ByAMemberId_TheAnnouncementNamesTheMemberAndTheChangeKeepsTheId()
    {
        var sut = await CreateAnnouncedAsync();
        var lead = TeamData.Members().First(m => !sut.Announced.Contains(m.Id) && m.Id != sut.Replacement);

        await sut.Service.AddOverrideAsync("incident-duty", "2026-W49", sut.Announced[0], sut.Replacement, "sick", lead.Id, default);
        await sut.Announcer.AnnounceChangesAsync(TeamData.Rotation(), W49, default);

        Assert.Equal(lead.Id, (await sut.Rotations.GetFrozenShiftAsync("incident-duty", W49, default))!.Value.Changes.Single().By);
        Assert.NotEmpty(_email.Sent);
        Assert.All(_email.Sent, s => Assert.Matches($"(変更者：|Changed by: ){System.Text.RegularExpressions.Regex.Escape(lead.DisplayName)}\\r?\\n", s.Message.TextBody));
    }

    [Fact]
    public async Task AddOverrideAndSwap_WhoMadeItTooLong_RefusedNamingByAndNothingStored()
    {
        var sut = await CreateAnnouncedAsync();
        var tooLong = new string('x', RotationService.MaxByLength + 1);

        var replace = await Assert.ThrowsAsync<ValidationException>(() => sut.Service.AddOverrideAsync("incident-duty", "2026-W49", sut.Announced[0], sut.Replacement, "sick", tooLong, default));
        var swap = await Assert.ThrowsAsync<ValidationException>(() => sut.Service.AddSwapAsync("incident-duty", sut.Announced[0], "2026-W49", sut.Replacement, "2026-W51", "trade", tooLong, default));

        Assert.Contains("by", replace.Errors.Keys);
        Assert.Contains("by", swap.Errors.Keys);
        Assert.Empty(await sut.Service.ListOverridesAsync("incident-duty", default));
    }

    [Fact]
    public async Task AddOverrideAsync_CurrentAnnouncedWeek_TheTeamListTheWeekWasAnnouncedToIsToldOnceToo()
    {
        var rotation = TeamData.Rotation("pm-team@example.com");
        var sut = await CreateAnnouncedAsync(rotation: rotation);
        var sick = sut.Announced[0];

        await sut.Service.AddOverrideAsync("incident-duty", "2026-W49", sick, sut.Replacement, "sick", default);
        await sut.Announcer.AnnounceChangesAsync(rotation, W49, default);
        await sut.Announcer.AnnounceChangesAsync(rotation, W49, default);

        // The partner hears personally (L15), not only through the team list.
        var partner = sut.Announced.Single(m => m != sick);
        Assert.Equal(new[] { $"{sick}@example.com", $"{sut.Replacement}@example.com", $"{partner}@example.com", "pm-team@example.com" }.Order(StringComparer.Ordinal), _email.Sent.Select(s => s.Message.To).Order(StringComparer.Ordinal));
        AssertNamesW49(_email.Sent.Single(s => s.Message.To == "pm-team@example.com").Message.Subject);
    }

    [Fact]
    public async Task AnnounceDueAsync_ChangeStoredButNotAnnounced_TheNextRunAnnouncesItOnce()
    {
        var sut = await CreateAnnouncedAsync();
        var frozen = (await sut.Rotations.GetFrozenShiftAsync("incident-duty", W49, default))!;
        var change = new DutyChange { Id = "c1", MemberId = sut.Announced[0], ReplacementId = sut.Replacement, Reason = "sick", At = _time.GetUtcNow() };
        await sut.Rotations.UpdateFrozenShiftAsync("incident-duty", frozen.Value.With(change), frozen.ETag, default); // a crash before announcing

        await sut.Announcer.AnnounceDueAsync(default);
        await sut.Announcer.AnnounceDueAsync(default);

        // The replaced member, the replacement and the partner (L15), once each.
        Assert.Equal(3, _email.Sent.Count);
        Assert.Single(_teams.Cards);
    }

    [Fact]
    public async Task AddOverrideAsync_AnnouncedWeekWithoutReason_NamesReasonAndChangesNothing()
    {
        var sut = await CreateAnnouncedAsync();

        var ex = await Assert.ThrowsAsync<ValidationException>(() => sut.Service.AddOverrideAsync("incident-duty", "2026-W49", sut.Announced[0], sut.Replacement, " ", default));

        Assert.Contains("reason", ex.Errors.Keys);
        Assert.Equal(sut.Announced, (await sut.Rotations.GetFrozenShiftAsync("incident-duty", W49, default))!.Value.Members);
        Assert.DoesNotContain(_outbox.All, m => m.Topic.Contains(":change:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AddOverrideAsync_AnnouncedWeekThatIsOver_IsRefused()
    {
        var sut = await CreateAnnouncedAsync();
        _time.Advance(TimeSpan.FromDays(8));

        var ex = await Assert.ThrowsAsync<ValidationException>(() => sut.Service.AddOverrideAsync("incident-duty", "2026-W49", sut.Announced[0], sut.Replacement, "sick", default));

        Assert.Contains("is over", ex.Errors["week"][0]);
    }

    /// <summary>
    /// A week that is over cannot be changed even though it was never announced (a fresh instance, or a rotation created
    /// mid-week): it would rewrite who was on duty then, and the load report and feeds after the fact.
    /// </summary>
    [Fact]
    public async Task AddOverrideAsync_UnannouncedWeekThatIsOver_IsRefused()
    {
        var sut = await CreateAnnouncedAsync();
        var w48 = (await sut.Service.GetScheduleAsync("incident-duty", W49.AddDays(-7), 1, default)).Shifts.Single();
        Assert.False(w48.Frozen);
        var replacement = TeamData.Members().Select(m => m.Id).First(id => !w48.MemberIds.Contains(id));

        var ex = await Assert.ThrowsAsync<ValidationException>(() => sut.Service.AddOverrideAsync("incident-duty", "2026-W48", w48.MemberIds[0], replacement, "x", default));

        Assert.Contains("is over", ex.Errors["week"][0]);
        Assert.Equal(DutyRefusals.Over, ex.Refusals["week"].Code);
        Assert.Equal("11月23日(月)からの週はすでに終わっているため変更できません。", RefusalText.Say(ex.Refusals["week"], Language.Ja, RefusalReader.Page));
        Assert.Empty(await sut.Service.ListOverridesAsync("incident-duty", default));
    }

    /// <summary>
    /// The sick member replaced by someone on leave during what is left of the week (trial 32b M5): refused, 409 naming the
    /// replacement and the leave — their pages, texts and calls would reach a person who is away — and nothing stored or told.
    /// </summary>
    [Fact]
    public async Task AddOverrideAsync_ReplacementOnLeaveThisWeek_RefusedWithoutForce_NothingStored()
    {
        var sut = await CreateAnnouncedAsync();
        await sut.Roster.AddLeaveAsync(new Leave { Id = "20261202-20261204", MemberId = sut.Replacement, From = new DateOnly(2026, 12, 2), To = new DateOnly(2026, 12, 4) }, default);

        var ex = await Assert.ThrowsAsync<ConflictException>(() => sut.Service.AddOverrideAsync("incident-duty", "2026-W49", sut.Announced[0], sut.Replacement, "sick", null, force: false, default));

        Assert.Equal("replacementId", ex.Field);
        Assert.Contains($"'{sut.Replacement}' is on leave 2026-12-02 to 2026-12-04 during 2026-W49", ex.Reason);
        Assert.Contains("\"force\": true", ex.Reason);
        Assert.Equal(DutyRefusals.OnLeave, ex.Refusal!.Code);
        Assert.Equal([sut.Replacement, "2026-12-02", "2026-12-04", "2026-W49", "2026-11-30"], new[] { "member", "from", "to", "week", "weekStart" }.Select(a => ex.Refusal.Args[a]));
        var roster = (await sut.Roster.ListMembersAsync(default)).ToDictionary(m => m.Value.Id, m => m.Value);
        Assert.Contains("は12月2日(水)〜12月4日(金)に休暇が登録されています（11月30日(月)からの週）。", RefusalText.Say(ex.Refusal, Language.Ja, RefusalReader.Api, roster), StringComparison.Ordinal);
        Assert.Empty((await sut.Rotations.GetStateAsync("incident-duty", default)).Overrides);
        Assert.Equal(sut.Announced, (await sut.Service.GetOnCallAsync("incident-duty", default)).Current!.MemberIds);
        Assert.Empty(_email.Sent);
    }

    /// <summary>A swap into a week of the other member's leave: refused naming <c>otherMemberId</c> (trial 32b M5: 田中's leave in W52).</summary>
    /// <summary>
    /// Trial 46 N1: half of a trade in the announced week read as a plain replacement. Every mail (both members, the partner) and
    /// the card say it is a trade and name the later shift the replaced member serves in return.
    /// </summary>
    [Fact]
    public async Task AddSwapAsync_CurrentAnnouncedWeek_EveryoneToldItIsATradeNamingTheOtherShift()
    {
        var sut = await CreateAnnouncedAsync();
        var later = (await sut.Service.GetScheduleAsync("incident-duty", W49.AddDays(21), 1, default)).Shifts[0];
        var a = sut.Announced.First(id => !later.MemberIds.Contains(id));
        var b = later.MemberIds.First(id => !sut.Announced.Contains(id));

        await sut.Service.AddSwapAsync("incident-duty", a, "2026-W49", b, later.Week, "family matter", default);
        await sut.Announcer.AnnounceChangesAsync(TeamData.Rotation(), W49, default);

        Assert.Equal("2026-W52", later.Week);
        var trade = new System.Text.RegularExpressions.Regex(
            "^(入れ替えのため、12月21日\\(月\\)からの週は.+さんに代わって.+さんが担当します。|This is a trade: in return, .+ serves the week of Mon 21 Dec in place of .+\\.)\r?$",
            System.Text.RegularExpressions.RegexOptions.Multiline);
        var partner = sut.Announced.Single(m => m != a);
        Assert.Equal(new[] { $"{a}@example.com", $"{b}@example.com", $"{partner}@example.com" }.Order(StringComparer.Ordinal), _email.Sent.Select(s => s.Message.To).Order(StringComparer.Ordinal));
        Assert.All(_email.Sent, s => Assert.Matches(trade, s.Message.TextBody));
        var card = System.Text.Json.Nodes.JsonNode.Parse(Assert.Single(_teams.Cards))!;
        var texts = card["body"]!.AsArray().SelectMany(b => b?["inlines"]?.AsArray() ?? []).Select(i => (string?)i?["text"]);
        Assert.Contains(texts, t => t is not null && t.StartsWith("入れ替えのため、12月21日(月)からの週は", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AddOverrideAsync_CurrentAnnouncedWeek_APlainReplacementIsNotCalledATrade()
    {
        var sut = await CreateAnnouncedAsync();

        await sut.Service.AddOverrideAsync("incident-duty", "2026-W49", sut.Announced[0], sut.Replacement, "sick", default);
        await sut.Announcer.AnnounceChangesAsync(TeamData.Rotation(), W49, default);

        Assert.NotEmpty(_email.Sent);
        Assert.All(_email.Sent, s => Assert.DoesNotContain("入れ替え", s.Message.TextBody, StringComparison.Ordinal));
        Assert.All(_email.Sent, s => Assert.DoesNotContain("trade", s.Message.TextBody, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AddSwapAsync_OtherMemberOnLeaveInTheWeekTheyTake_Refused409NamingOtherMemberId()
    {
        var sut = await CreateAnnouncedAsync();
        var later = (await sut.Service.GetScheduleAsync("incident-duty", W49.AddDays(21), 1, default)).Shifts[0];
        var a = sut.Announced.First(id => !later.MemberIds.Contains(id));
        var b = later.MemberIds.First(id => !sut.Announced.Contains(id));
        await sut.Roster.AddLeaveAsync(new Leave { Id = "20261201-20261201", MemberId = b, From = new DateOnly(2026, 12, 1), To = new DateOnly(2026, 12, 1) }, default);

        var ex = await Assert.ThrowsAsync<ConflictException>(() => sut.Service.AddSwapAsync("incident-duty", a, "2026-W49", b, later.Week, "family matter", default));

        Assert.Equal("otherMemberId", ex.Field);
        Assert.Contains($"'{b}' is on leave 2026-12-01 to 2026-12-01 during 2026-W49", ex.Reason);
        Assert.Empty((await sut.Rotations.GetStateAsync("incident-duty", default)).Overrides);
    }

    /// <summary>
    /// Trial 59: the same swap for a member in San Francisco. Her leave on 12/7 (her date) starts at 17:00 JST, after W49 ends at
    /// 10:00: no overlap, the swap is made (before: read as Tokyo's 12/7, refused). Her 12/6 runs to 12/7 17:00 JST: refused, saying
    /// the hours in the team's zone, and her dates.
    /// </summary>
    [Fact]
    public async Task AddSwapAsync_MemberAbroad_LeaveComparedInHerOwnDays()
    {
        var sut = await CreateAnnouncedAsync();
        var later = (await sut.Service.GetScheduleAsync("incident-duty", W49.AddDays(21), 1, default)).Shifts[0];
        var a = sut.Announced.First(id => !later.MemberIds.Contains(id));
        var b = later.MemberIds.First(id => !sut.Announced.Contains(id));
        var stored = (await sut.Roster.GetMemberAsync(b, default))!;
        await sut.Roster.SaveMemberAsync(stored.Value with { TimeZone = "America/Los_Angeles" }, stored.ETag, default);
        await sut.Roster.AddLeaveAsync(new Leave { Id = "20261206-20261206", MemberId = b, From = new DateOnly(2026, 12, 6), To = new DateOnly(2026, 12, 6) }, default);

        var ex = await Assert.ThrowsAsync<ConflictException>(() => sut.Service.AddSwapAsync("incident-duty", a, "2026-W49", b, later.Week, "family matter", default));

        Assert.Contains($"'{b}' is on leave 2026-12-06 to 2026-12-06 during 2026-W49 (on duty 2026-12-06T17:00+09:00 to 2026-12-07T10:00+09:00)", ex.Reason, StringComparison.Ordinal);

        await sut.Roster.DeleteLeaveAsync(b, "20261206-20261206", default);
        await sut.Roster.AddLeaveAsync(new Leave { Id = "20261207-20261207", MemberId = b, From = new DateOnly(2026, 12, 7), To = new DateOnly(2026, 12, 7) }, default);
        await sut.Service.AddSwapAsync("incident-duty", a, "2026-W49", b, later.Week, "family matter", default);
        Assert.NotEmpty((await sut.Rotations.GetStateAsync("incident-duty", default)).Overrides);
    }

    /// <summary>
    /// Trial 34 L1: a swap putting a member on a week that ends at 10:00 on the first day of their leave (W49 until 12/7 10:00,
    /// leave from 12/7) is refused as leave inside the week is — he would be paged from 00:00 to 10:00 of a leave day — and the
    /// refusal says those hours. Leave counted by its days against the shift's instants in the team's zone.
    /// </summary>
    [Fact]
    public async Task AddSwapAsync_LeaveStartingOnTheHandoffDayTheWeekEnds_Refused_SayingTheHoursItOverlaps()
    {
        var sut = await CreateAnnouncedAsync();
        var later = (await sut.Service.GetScheduleAsync("incident-duty", W49.AddDays(21), 1, default)).Shifts[0];
        var a = sut.Announced.First(id => !later.MemberIds.Contains(id));
        var b = later.MemberIds.First(id => !sut.Announced.Contains(id));
        await sut.Roster.AddLeaveAsync(new Leave { Id = "20261207-20261207", MemberId = b, From = new DateOnly(2026, 12, 7), To = new DateOnly(2026, 12, 7) }, default);

        var ex = await Assert.ThrowsAsync<ConflictException>(() => sut.Service.AddSwapAsync("incident-duty", a, "2026-W49", b, later.Week, "family matter", default));

        Assert.Equal("otherMemberId", ex.Field);
        Assert.Contains($"'{b}' is on leave 2026-12-07 to 2026-12-07 during 2026-W49 (on duty 2026-12-07T00:00+09:00 to 2026-12-07T10:00+09:00)", ex.Reason, StringComparison.Ordinal);
        Assert.Equal(["2026-12-07T00:00+09:00", "2026-12-07T10:00+09:00", "Asia/Tokyo"], new[] { "overlapFrom", "overlapTo", "timeZone" }.Select(k => ex.Refusal!.Args[k]));
        var roster = (await sut.Roster.ListMembersAsync(default)).ToDictionary(m => m.Value.Id, m => m.Value);
        Assert.Contains("は12月7日(月)〜12月7日(月)に休暇が登録されていて、11月30日(月)からの週の当番と12月7日(月) 00:00〜12月7日(月) 10:00（JST）が重なります。",
            RefusalText.Say(ex.Refusal!, Language.Ja, RefusalReader.Page, roster), StringComparison.Ordinal);
        Assert.Empty((await sut.Rotations.GetStateAsync("incident-duty", default)).Overrides);

        // Ticked 「休暇中と承知のうえで変更する」: made, and warned of the leave as for leave inside the week.
        var forced = await sut.Service.AddSwapAsync("incident-duty", a, "2026-W49", b, later.Week, "family matter", null, force: true, default);
        Assert.Contains(forced.Warnings, w => w.StartsWith($"'{b}' is on leave 2026-12-07 to 2026-12-07 during 2026-W49", StringComparison.Ordinal));
    }

    /// <summary>Trial 37 L3: replacing in the running week from today, the refusal names today, not the day the week began.</summary>
    [Fact]
    public async Task AddOverrideAsync_ReplacementJoiningLaterThisWeek_RefusalNamesTodayNotTheWeeksStart()
    {
        var members = TeamData.Members().Append(TeamData.Members()[0] with { Id = "kimura", DisplayName = "木村 翔", Email = "kimura@example.com", JoinedOn = W49.AddDays(4) });
        var sut = await CreateAnnouncedAsync(members);
        _time.Advance(TimeSpan.FromDays(1));

        var ex = await Assert.ThrowsAsync<ConflictException>(() => sut.Service.AddOverrideAsync("incident-duty", "2026-W49", sut.Announced[0], "kimura", "体調不良", null, force: true, default));

        Assert.Equal($"'kimura' joins on {W49.AddDays(4):yyyy-MM-dd}, after {W49.AddDays(1):yyyy-MM-dd}, when they would start in 2026-W49: someone who has not joined cannot be put on duty", ex.Reason);
    }

    /// <summary>Someone who has not joined yet (trial 32b H1: 木村, joining 2027-01-12) cannot be put on duty, force or not.</summary>
    [Fact]
    public async Task AddOverrideAsync_ReplacementNotJoinedYet_RefusedEvenWithForce()
    {
        var members = TeamData.Members().Append(TeamData.Members()[0] with { Id = "kimura", DisplayName = "木村 翔", Email = "kimura@example.com", JoinedOn = new DateOnly(2027, 1, 12) });
        var sut = await CreateAnnouncedAsync(members);

        var w50 = (await sut.Service.GetScheduleAsync("incident-duty", W49.AddDays(7), 1, default)).Shifts[0];
        Assert.DoesNotContain("kimura", w50.MemberIds);

        var ex = await Assert.ThrowsAsync<ConflictException>(() => sut.Service.AddOverrideAsync("incident-duty", "2026-W50", w50.MemberIds[0], "kimura", "test", null, force: true, default));

        Assert.Equal("replacementId", ex.Field);
        Assert.Contains("'kimura' joins on 2027-01-12, after 2026-W50 begins (2026-12-07)", ex.Reason);
        Assert.Empty((await sut.Rotations.GetStateAsync("incident-duty", default)).Overrides);
        // As data, for a reader in their language and for scripts (the code, never the text).
        Assert.Equal(DutyRefusals.NotJoined, ex.Refusal!.Code);
        Assert.Equal(("kimura", "2027-01-12", "2026-W50"), (ex.Refusal.Args["member"], ex.Refusal.Args["joinedOn"], ex.Refusal.Args["week"]));
        var roster = (await sut.Roster.ListMembersAsync(default)).ToDictionary(m => m.Value.Id, m => m.Value);
        Assert.Equal("1月12日(火)入社の木村さんは、それより前の週には入れません。別の方を選んでください。", RefusalText.Say(ex.Refusal, Language.Ja, RefusalReader.Page, roster));
        Assert.Equal("木村 翔 joins on Tue 12 Jan and cannot be on duty in a week before that. Choose someone else.", RefusalText.Say(ex.Refusal, Language.En, RefusalReader.Api, roster));
    }

    /// <summary>A replacement whose last day comes before the week ends (trial 32b M3/M5): refused without force, made and warned with it.</summary>
    [Fact]
    public async Task AddOverrideAsync_ReplacementLeavingBeforeTheWeekEnds_RefusedWithoutForce_WarnedWithIt()
    {
        var sut = await CreateAnnouncedAsync();
        var leaving = (await sut.Roster.GetMemberAsync(sut.Replacement, default))!.Value;
        await sut.Roster.SaveMemberAsync(leaving with { LeavesOn = new DateOnly(2026, 12, 3) }, "*", default);

        var ex = await Assert.ThrowsAsync<ConflictException>(() => sut.Service.AddOverrideAsync("incident-duty", "2026-W49", sut.Announced[0], sut.Replacement, "sick", default));
        var result = await sut.Service.AddOverrideAsync("incident-duty", "2026-W49", sut.Announced[0], sut.Replacement, "sick", null, force: true, default);

        Assert.Equal("replacementId", ex.Field);
        Assert.Contains($"'{sut.Replacement}' leaves on 2026-12-03", ex.Reason);
        Assert.Contains(result.Warnings, w => w.StartsWith($"'{sut.Replacement}' leaves on 2026-12-03", StringComparison.Ordinal));
        Assert.Contains(sut.Replacement, (await sut.Service.GetOnCallAsync("incident-duty", default)).Current!.MemberIds);
    }

    /// <summary>
    /// Trial 32b M6: a rotation whose shift was announced and runs is not deleted without force (its pair was told), and the answer
    /// says until when; a rotation never announced (a mistaken test rotation starting later) is deleted with its overrides.
    /// </summary>
    [Fact]
    public async Task DeleteAsync_AnnouncedShiftRunning_RefusedWithoutForce_NotAnnounced_DeletedWithItsState()
    {
        var sut = await CreateAnnouncedAsync();
        await sut.Rotations.SaveAsync(TeamData.Rotation() with { Id = "probe", StartDate = W49.AddDays(7) }, null, default);
        var w50 = (await sut.Service.GetScheduleAsync("probe", W49.AddDays(7), 1, default)).Shifts[0];
        var other = TeamData.Members().Select(m => m.Id).First(id => !w50.MemberIds.Contains(id));
        await sut.Service.AddOverrideAsync("probe", w50.Week, w50.MemberIds[0], other, null, default);

        var ex = await Assert.ThrowsAsync<ConflictException>(() => sut.Service.DeleteAsync("incident-duty", force: false, null, default));
        await sut.Service.DeleteAsync("probe", force: false, null, default);

        Assert.Equal("id", ex.Field);
        Assert.Contains("2026-W49", ex.Reason);
        Assert.Contains("announced until 2026-12-07T10:00+09:00", ex.Reason);
        Assert.NotNull(await sut.Rotations.GetAsync("incident-duty", default));
        Assert.Null(await sut.Rotations.GetAsync("probe", default));
        Assert.Empty((await sut.Rotations.GetStateAsync("probe", default)).Overrides);
        await Assert.ThrowsAsync<NotFoundException>(() => sut.Service.GetScheduleAsync("probe", null, 1, default));
    }

    /// <summary>
    /// With <c>force</c> the change is made (they may have offered to cover from home), and the answer says so, as before M5.
    /// </summary>
    [Fact]
    public async Task AddOverrideAsync_ReplacementOnLeaveThisWeek_WithForce_DoneAndTheAnswerSaysSo()
    {
        var sut = await CreateAnnouncedAsync();
        await sut.Roster.AddLeaveAsync(new Leave { Id = "20261202-20261204", MemberId = sut.Replacement, From = new DateOnly(2026, 12, 2), To = new DateOnly(2026, 12, 4) }, default);
        await sut.Roster.AddLeaveAsync(new Leave { Id = "20261110-20261112", MemberId = sut.Replacement, From = new DateOnly(2026, 11, 10), To = new DateOnly(2026, 11, 12) }, default);

        var result = await sut.Service.AddOverrideAsync("incident-duty", "2026-W49", sut.Announced[0], sut.Replacement, "sick", null, force: true, default);

        Assert.Equal($"'{sut.Replacement}' is on leave 2026-12-02 to 2026-12-04 during 2026-W49; the change was made anyway", Assert.Single(result.Warnings, w => w.Contains("on leave", StringComparison.Ordinal)));
        Assert.Contains(sut.Replacement, (await sut.Service.GetOnCallAsync("incident-duty", default)).Current!.MemberIds);
    }

    /// <summary>
    /// Trial 32b M4: the replacement is on the next two weeks already, so taking this one makes three in a row. Done, and the
    /// answer says so; someone whose own turns are not next to it is not warned.
    /// </summary>
    [Fact]
    public async Task AddOverrideAsync_ReplacementOnTheNextTwoWeeks_WarnedOfThreeWeeksInARow()
    {
        var sut = await CreateAnnouncedAsync();
        var next = (await sut.Service.GetScheduleAsync("incident-duty", W49.AddDays(7), 2, default)).Shifts;
        var incoming = next[0].MemberIds.Single(id => !sut.Announced.Contains(id));
        Assert.Contains(incoming, next[1].MemberIds);

        var result = await sut.Service.AddOverrideAsync("incident-duty", "2026-W49", sut.Announced[0], incoming, "sick", default);

        Assert.Equal($"'{incoming}' now serves 3 weeks in a row (2026-W49 to 2026-W51); the change was made anyway", Assert.Single(result.Warnings, w => w.Contains("in a row", StringComparison.Ordinal)));

        // Their own mail says it too, in their language; nobody else's does.
        var own = Assert.Single(_email.Sent, s => s.Message.To == $"{incoming}@example.com").Message;
        Assert.Matches("(3週連続の当番になります。|This makes 3 weeks in a row on duty for you\\.)", own.TextBody);
        Assert.All(_email.Sent.Where(s => s.Message.To != own.To), s => Assert.DoesNotMatch("(週連続|weeks in a row)", s.Message.TextBody));
    }

    [Fact]
    public async Task AddOverrideAsync_ReplacementWithNoTurnNextToTheWeek_NoRunWarning()
    {
        // Six members: two of them are off the week before and the two after.
        var extra = new[] { ("ito", "伊藤 さくら"), ("kato", "加藤 誠") }.Select(x => TeamData.Members()[1] with { Id = x.Item1, DisplayName = x.Item2, Email = $"{x.Item1}@onduty.example" });
        var sut = await CreateAnnouncedAsync([.. TeamData.Members(), .. extra], TeamData.Rotation() with { Members = ["yamada", "sato", "emma", "tanaka", "ito", "kato"] });
        var around = (await sut.Service.GetScheduleAsync("incident-duty", W49.AddDays(-7), 4, default)).Shifts;
        var free = new[] { "yamada", "sato", "emma", "tanaka", "ito", "kato" }.First(id => around.All(s => !s.MemberIds.Contains(id)) || (!around[0].MemberIds.Contains(id) && !around[1].MemberIds.Contains(id) && !around[2].MemberIds.Contains(id)));

        var result = await sut.Service.AddOverrideAsync("incident-duty", "2026-W49", sut.Announced[0], free, "sick", default);

        Assert.DoesNotContain(result.Warnings, w => w.Contains("in a row", StringComparison.Ordinal));
    }

    /// <summary>Leave that ended before today, though in the same week, is no reason to warn: what is left of the week is clear.</summary>
    [Fact]
    public async Task AddOverrideAsync_ReplacementsLeaveEndedEarlierThisWeek_NoWarning()
    {
        var sut = await CreateAnnouncedAsync();
        _time.Advance(TimeSpan.FromDays(3)); // Thursday 3 December
        await sut.Roster.AddLeaveAsync(new Leave { Id = "20261130-20261202", MemberId = sut.Replacement, From = new DateOnly(2026, 11, 30), To = new DateOnly(2026, 12, 2) }, default);

        var result = await sut.Service.AddOverrideAsync("incident-duty", "2026-W49", sut.Announced[0], sut.Replacement, "sick", default);

        Assert.DoesNotContain(result.Warnings, w => w.Contains("on leave", StringComparison.Ordinal));
    }

    /// <summary>
    /// Leave entered for a member on duty in the announced week changes nothing there (announced weeks never move): whoever entered
    /// it is told, so the member is replaced instead of paged while off sick. Leave in a week not yet announced moves it: no warning.
    /// </summary>
    [Fact]
    public async Task AnnouncedDutyDuringAsync_LeaveInTheAnnouncedWeek_Warns_LeaveInALaterWeek_DoesNot()
    {
        var sut = await CreateAnnouncedAsync();
        var onDuty = sut.Announced[0];

        var now = await sut.Service.AnnouncedDutyDuringAsync(onDuty, new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 2), default);
        var later = await sut.Service.AnnouncedDutyDuringAsync(onDuty, new DateOnly(2026, 12, 21), new DateOnly(2026, 12, 23), default);
        var notOnDuty = await sut.Service.AnnouncedDutyDuringAsync(sut.Replacement, new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 2), default);

        Assert.Equal([$"'{onDuty}' is on duty in 2026-W49 of incident-duty, which was announced: leave does not change it; replace them for that week"], now);
        Assert.Empty(later);
        Assert.Empty(notOnDuty);
    }

    /// <summary>
    /// Trial 34 H3: leave that leaves a coming week with one person on duty (the others away too) answers with a warning naming
    /// that week, for whoever entered it — never refused. A week it leaves with two says nothing.
    /// </summary>
    [Fact]
    public async Task ShortHandedDuringAsync_LeaveLeavingAComingWeekWithOnePerson_WarnsNamingTheWeek()
    {
        var sut = await CreateAnnouncedAsync();
        var w52 = (From: new DateOnly(2026, 12, 21), To: new DateOnly(2026, 12, 27));
        await sut.Roster.AddLeaveAsync(new Leave { Id = "20261221-20261227", MemberId = "yamada", From = w52.From, To = w52.To }, default);
        Assert.Empty(await sut.Service.ShortHandedDuringAsync("yamada", w52.From, w52.To, default)); // three left: still a pair
        await sut.Roster.AddLeaveAsync(new Leave { Id = "20261221-20261227", MemberId = "sato", From = w52.From, To = w52.To }, default);
        Assert.Empty(await sut.Service.ShortHandedDuringAsync("sato", w52.From, w52.To, default));

        await sut.Roster.AddLeaveAsync(new Leave { Id = "20261221-20261227", MemberId = "emma", From = w52.From, To = w52.To }, default);
        var warnings = await sut.Service.ShortHandedDuringAsync("emma", w52.From, w52.To, default);

        Assert.Equal(["2026-W52 of incident-duty has only 1 of 2 members on duty with this leave: an unanswered page goes on to the leads at once; replace or swap to fill it"], warnings);
        var shift = (await sut.Service.GetScheduleAsync("incident-duty", w52.From, 1, default)).Shifts[0];
        Assert.Equal(["tanaka"], shift.MemberIds);
        // Leave in another week of hers says nothing of W52.
        Assert.Empty(await sut.Service.ShortHandedDuringAsync("emma", new DateOnly(2027, 1, 11), new DateOnly(2027, 1, 12), default));
    }

    [Fact]
    public async Task AddOverrideAsync_LeavesNoExperiencedMember_DoneAnywayAndTheAnswerSaysSo()
    {
        var members = TeamData.Members().Select(m => m with { Level = ExperienceLevel.Junior }).ToList();
        var sut = await CreateAnnouncedAsync(members);

        var result = await sut.Service.AddOverrideAsync("incident-duty", "2026-W49", sut.Announced[0], sut.Replacement, "sick", default);

        Assert.Contains(result.Warnings, w => w.Contains("no experienced member", StringComparison.Ordinal));
        Assert.Contains(sut.Replacement, (await sut.Service.GetOnCallAsync("incident-duty", default)).Current!.MemberIds);
    }

    [Fact]
    public async Task AddSwapAsync_CurrentWeekWithALaterWeek_CurrentHalfNowLaterHalfAsAnOverride()
    {
        var sut = await CreateAnnouncedAsync();
        var later = (await sut.Service.GetScheduleAsync("incident-duty", W49.AddDays(14), 1, default)).Shifts[0];
        var a = sut.Announced.First(id => !later.MemberIds.Contains(id));
        var b = later.MemberIds.First(id => !sut.Announced.Contains(id));

        var result = await sut.Service.AddSwapAsync("incident-duty", a, "2026-W49", b, later.Week, "family matter", default);

        Assert.Equal(["2026-W49"], result.ChangedNow);
        Assert.Contains(b, (await sut.Service.GetOnCallAsync("incident-duty", default)).Current!.MemberIds);
        Assert.Contains(a, (await sut.Service.GetScheduleAsync("incident-duty", later.StartDate, 1, default)).Shifts[0].MemberIds);
        Assert.Single((await sut.Rotations.GetStateAsync("incident-duty", default)).Overrides);
    }

    /// <summary>
    /// Trial 34 H1, as the app is wired (schedule-change mail on): the running, announced week's member, already taken out of the
    /// rotation, is replaced by the member whose own turn comes last. She serves that week only and keeps her later week; the
    /// weeks not yet announced stay, so the replaced member, the replacement and the partner read the change notice — the
    /// replacement's saying her next duty is still her own week — and nobody gets a 【予定の変更】 mail (before, her later week
    /// went to someone else and neither was told).
    /// </summary>
    [Fact]
    public async Task AddOverrideAsync_RunningWeekReplacedByOneWithALaterWeek_SheKeepsIt_OnlyTheChangeIsTold()
    {
        var sut = await CreateAnnouncedAsync(null, null, tellMoves: true);
        var sick = sut.Announced[0];
        var partner = sut.Announced[1];
        var stored = await sut.Rotations.GetAsync("incident-duty", default);
        await sut.Service.SaveAsync(stored!.Value with { Members = [.. stored.Value.Members.Where(m => m != sick)] }, stored.ETag, default);
        var before = (await sut.Service.GetScheduleAsync("incident-duty", W49, ScheduleChangeNotifier.Horizon, default)).Shifts;
        var replacement = before.Skip(1).SelectMany(s => s.MemberIds).Where(id => !sut.Announced.Contains(id)).Distinct().Last();
        var own = before.Skip(1).First(s => s.MemberIds.Contains(replacement));
        _email.Sent.Clear();

        await sut.Service.AddOverrideAsync("incident-duty", "2026-W49", sick, replacement, "発熱のため", "山田 太郎", default);
        await sut.Announcer.AnnounceChangesAsync(TeamData.Rotation(), W49, default);

        var after = (await sut.Service.GetScheduleAsync("incident-duty", W49, ScheduleChangeNotifier.Horizon, default)).Shifts;
        Assert.Equal(before.Skip(1).Select(s => s.MemberIds), after.Skip(1).Select(s => s.MemberIds));
        var sent = _email.Sent.Select(s => s.Message).ToList();
        Assert.DoesNotContain(sent, m => m.Subject.Contains("予定の変更", StringComparison.Ordinal) || m.Subject.Contains("Schedule change", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(new[] { sick, replacement, partner }.Select(id => $"{id}@example.com").Order(StringComparer.Ordinal), sent.Select(m => m.To).Order(StringComparer.Ordinal));
        Assert.All(sent, m => Assert.Contains("発熱のため", m.TextBody, StringComparison.Ordinal));
        Assert.All(sent, m => AssertNamesW49(m.Subject));
        Assert.Contains(replacement, after.Skip(1).Single(sh => sh.StartDate == own.StartDate).MemberIds);
    }

    /// <summary>
    /// The running, announced week swapped with a week not yet announced: the later half moves that week, so its two members
    /// each get one 【予定の変更】 mail — the one taking it that it is now theirs, the one giving it up that it no longer is, with
    /// the swap, its reason and who made it — and nobody else whose weeks stayed.
    /// </summary>
    [Fact]
    public async Task AddSwapAsync_RunningWeekWithALaterWeek_TheTwoWhoseComingWeeksMovedAreMailedTheScheduleChange()
    {
        var sut = await CreateAnnouncedAsync(null, null, tellMoves: true);
        var later = (await sut.Service.GetScheduleAsync("incident-duty", W49.AddDays(14), 1, default)).Shifts[0];
        var a = sut.Announced.First(id => !later.MemberIds.Contains(id) && IsJa(id));
        var b = later.MemberIds.First(id => !sut.Announced.Contains(id) && IsJa(id));
        var week = NoticeRenderer.WeekSpan(TeamData.Rotation(), later, Phrases.For(Language.Ja));

        await sut.Service.AddSwapAsync("incident-duty", a, "2026-W49", b, later.Week, "家庭の事情", "佐藤 花子", default);

        var moved = _email.Sent.Select(s => s.Message).Where(m => m.Subject.StartsWith("【障害当番 予定の変更】", StringComparison.Ordinal)).ToList();
        Assert.Equal(new[] { a, b }.Select(id => $"{id}@example.com").Order(StringComparer.Ordinal), moved.Select(m => m.To).Order(StringComparer.Ordinal));
        var gains = moved.Single(m => m.To == $"{a}@example.com");
        var loses = moved.Single(m => m.To == $"{b}@example.com");
        Assert.Contains($"{week}があなたの当番になりました。", gains.TextBody, StringComparison.Ordinal);
        Assert.Contains($"{week}はあなたの当番ではなくなりました。", loses.TextBody, StringComparison.Ordinal);
        Assert.All(moved, m => Assert.Contains("当番を交換しました。", m.TextBody, StringComparison.Ordinal));
        Assert.All(moved, m => Assert.Contains("理由：家庭の事情", m.TextBody, StringComparison.Ordinal));
        Assert.All(moved, m => Assert.Contains("変更者：佐藤 花子", m.TextBody, StringComparison.Ordinal));
    }

    /// <summary>
    /// Trial 34 L3: a member on the roster whom the rotation no longer lists (伊藤, taken out) was offered first as a replacement,
    /// having served least of late. Neither the list nor the duty page's 代わりを立てる offers her now.
    /// </summary>
    [Fact]
    public async Task Replacements_MemberTakenOutOfTheRotation_NotOffered_NorOnTheDutyPage()
    {
        var sut = await CreateAnnouncedAsync([.. TeamData.Members(), TeamData.Member("ito", "伊藤 さくら")], null);

        var list = await sut.Service.ReplacementsAsync("incident-duty", null, null, default);
        var schedule = await sut.Service.GetScheduleAsync("incident-duty", W49, 2, default);
        var members = (await sut.Roster.ListMembersAsync(default)).Select(m => m.Value).ToList();
        var page = TestRenderer.Instance.Page(new DutyPageNotice(Language.Ja, schedule, [], [], members, new FormToken("t", "v"), new PageVisitor(null, null), AfterHandoff) { Replacements = list });

        Assert.DoesNotContain(list.Candidates, c => c.MemberId == "ito");
        Assert.NotEmpty(list.Candidates);
        var select = System.Text.RegularExpressions.Regex.Match(page, "<select id=\"replace-replacementId\".*?</select>", System.Text.RegularExpressions.RegexOptions.Singleline).Value;
        Assert.Contains($"<option value=\"{sut.Replacement}\"", select, StringComparison.Ordinal);
        Assert.DoesNotContain("value=\"ito\"", select, StringComparison.Ordinal);
    }

    /// <summary>
    /// Session 62: on the handoff Monday morning the week still runs to 10:00, and the list of who can take over is for those hours.
    /// Someone whose leave ended the day before (Sunday, the week's last date) is free then and offered as free; before, leave to the
    /// week's last date kept them off the list.
    /// </summary>
    [Fact]
    public async Task ReplacementsAsync_HandoffMorning_OffersSomeoneWhoseLeaveEndedTheDayBefore()
    {
        var sut = await CreateAnnouncedAsync();
        await sut.Roster.AddLeaveAsync(new Leave { Id = "20261201-20261206", MemberId = sut.Replacement, From = new DateOnly(2026, 12, 1), To = new DateOnly(2026, 12, 6) }, default);
        _time.SetUtcNow(new DateTimeOffset(2026, 12, 7, 8, 0, 0, TimeSpan.FromHours(9)));

        var list = await sut.Service.ReplacementsAsync("incident-duty", null, null, default);

        Assert.Equal("2026-W49", list.Shift.Week);
        var free = Assert.Single(list.Candidates, c => c.MemberId == sut.Replacement);
        Assert.Null(free.Leave);
        Assert.False(free.Away);
    }

    /// <summary>
    /// Session 62: someone on leave for the handoff Monday alone is away for the week's last hours (00:00〜10:00 that morning): the
    /// list says so and puts them after those free for all of it. Before, their leave after the week's dates was not seen.
    /// </summary>
    [Fact]
    public async Task ReplacementsAsync_CandidateOnLeaveForTheHandoffMorning_ListedAsAwayAfterThoseFree()
    {
        var sut = await CreateAnnouncedAsync();
        var handoffMonday = new DateOnly(2026, 12, 7);
        await sut.Roster.AddLeaveAsync(new Leave { Id = "20261207-20261207", MemberId = sut.Replacement, From = handoffMonday, To = handoffMonday }, default);

        var list = await sut.Service.ReplacementsAsync("incident-duty", null, null, default);

        var away = Assert.Single(list.Candidates, c => c.MemberId == sut.Replacement);
        Assert.Equal(handoffMonday, away.Leave?.From);
        Assert.True(away.Away);
        Assert.Equal(sut.Replacement, list.Candidates[^1].MemberId);
        Assert.True(list.Candidates.Count > 1);
    }

    /// <summary>
    /// Session 62: after leave for a coming week's handoff morning (<c>kept=2026-W50</c>), the duty page says those hours are that
    /// week's and that its announcement asks for a cover, in either language.
    /// </summary>
    [Fact]
    public async Task DutyPage_LeaveKeptOnAComingWeek_SaysItsHandoffMorning()
    {
        var sut = await CreateAnnouncedAsync();
        var schedule = await sut.Service.GetScheduleAsync("incident-duty", W49, 2, default);
        var members = (await sut.Roster.ListMembersAsync(default)).Select(m => m.Value).ToList();

        var ja = TestRenderer.Instance.Page(new DutyPageNotice(Language.Ja, schedule, [], [], members, new FormToken("t", "v"), new PageVisitor(null, null), AfterHandoff) { Kept = ["2026-W50"] });
        var en = TestRenderer.Instance.Page(new DutyPageNotice(Language.En, schedule, [], [], members, new FormToken("t", "v"), new PageVisitor(null, null), AfterHandoff) { Kept = ["2026-W50"] });

        Assert.Contains("ご注意：12月14日(月) 00:00〜10:00（JST）は12月7日(月)からの週の当番時間です。この休暇では当番から外れないため、週の案内のときに、同じ当番の方とリーダーにこの時間の代わりをお願いするメールを送ります。", ja, StringComparison.Ordinal);
        Assert.Contains("Note: Mon 14 Dec 2026 00:00 – 10:00 (JST) is part of the duty of the week of Mon 7 Dec.", en, StringComparison.Ordinal);
    }

    private static bool IsJa(string id) => TeamData.Members().Single(m => m.Id == id).Language == Language.Ja;

    [Fact]
    public async Task ListOverridesAsync_ChangeToAnnouncedWeek_ListedSayingSoWithWhoWhyAndWhen()
    {
        var sut = await CreateAnnouncedAsync();
        var sick = sut.Announced[0];
        var result = await sut.Service.AddOverrideAsync("incident-duty", "2026-W49", sick, sut.Replacement, "sick", default);

        var entry = Assert.Single(await sut.Service.ListOverridesAsync("incident-duty", default));

        Assert.Equal(result.Items[0].Id, entry.Id);
        Assert.True(entry.AnnouncedWeek);
        Assert.Equal("2026-W49", entry.Week);
        Assert.Equal((sick, sut.Replacement, "sick", AfterHandoff), (entry.MemberId, entry.ReplacementId, entry.Reason, entry.CreatedAt));
        Assert.True(entry.Announced);
        Assert.Null(entry.UndoneBy);
    }

    [Fact]
    public async Task DeleteOverrideAsync_ChangeToAnnouncedWeek_RestoresTheAnnouncedPairAndAnnouncesTheUndoOnceEach()
    {
        var sut = await CreateAnnouncedAsync();
        var sick = sut.Announced[0];
        var change = await sut.Service.AddOverrideAsync("incident-duty", "2026-W49", sick, sut.Replacement, "sick", default);
        var changeIds = _outbox.All.Where(m => m.Topic.Contains(":change:", StringComparison.Ordinal)).Select(m => m.Id).ToList();
        _email.Sent.Clear();
        _teams.Cards.Clear();
        _time.Advance(TimeSpan.FromHours(2));

        var removal = await sut.Service.DeleteOverrideAsync("incident-duty", change.Items[0].Id, "feeling better", default);
        await sut.Announcer.AnnounceDueAsync(default);
        await sut.Announcer.AnnounceChangesAsync(TeamData.Rotation(), W49, default);

        Assert.Equal(["2026-W49"], removal.ChangedNow);
        var undo = Assert.Single(removal.Undos);
        Assert.Equal((sut.Replacement, sick, change.Items[0].Id), (undo.MemberId, undo.ReplacementId, undo.Undoes));
        var onCall = await sut.Service.GetOnCallAsync("incident-duty", default);
        Assert.Equal(sut.Announced, onCall.Current!.MemberIds);
        Assert.All(onCall.Current.Members, m => Assert.Equal(AssignmentKind.Frozen, m.Kind));
        Assert.DoesNotContain(onCall.Current.Notes, n => n.Kind == NoteKind.FrozenDiffers);
        // Taken back, the change no longer explains the week: nobody "replaces" anyone in it.
        Assert.DoesNotContain(onCall.Current.Members.SelectMany(m => m.Reason.Parts), p => p.Kind == ReasonKind.Replaces);

        // Each person concerned and the channel told once, the week in the subject, under ids of the undo, not the change.
        // The partner on the shift is told personally too (L15): whom they are paired with changed.
        var partner = sut.Announced.Single(m => m != sick);
        Assert.Equal(new[] { $"{sick}@example.com", $"{sut.Replacement}@example.com", $"{partner}@example.com" }.Order(StringComparer.Ordinal), _email.Sent.Select(s => s.Message.To).Order(StringComparer.Ordinal));
        Assert.All(_email.Sent, s => AssertNamesW49(s.Message.Subject));
        Assert.All(_email.Sent, s => Assert.Contains("feeling better", s.Message.TextBody));
        AssertNamesW49(CardSubject(Assert.Single(_teams.Cards)));
        var undoIds = _outbox.All.Where(m => m.Topic.Contains($":change:{undo.Id}", StringComparison.Ordinal)).Select(m => m.Id).ToList();
        Assert.Equal(4, undoIds.Count); // three mails and the card
        Assert.Empty(undoIds.Intersect(changeIds));

        var listed = await sut.Service.ListOverridesAsync("incident-duty", default);
        Assert.Equal(undo.Id, listed.Single(e => e.Id == change.Items[0].Id).UndoneBy);
        Assert.Equal(change.Items[0].Id, listed.Single(e => e.Id == undo.Id).Undoes);
    }

    [Fact]
    public async Task DeleteOverrideAsync_ChangeAlreadyTakenBack_RefusedNamingOverrideIdAndNothingMoreAnnounced()
    {
        var sut = await CreateAnnouncedAsync();
        var change = await sut.Service.AddOverrideAsync("incident-duty", "2026-W49", sut.Announced[0], sut.Replacement, "sick", default);
        var removal = await sut.Service.DeleteOverrideAsync("incident-duty", change.Items[0].Id, null, default);
        var queued = _outbox.All.Count;

        var again = await Assert.ThrowsAsync<ValidationException>(() => sut.Service.DeleteOverrideAsync("incident-duty", change.Items[0].Id, null, default));
        var ofUndo = await Assert.ThrowsAsync<ValidationException>(() => sut.Service.DeleteOverrideAsync("incident-duty", removal.Undos[0].Id, null, default));

        Assert.Contains("overrideId", again.Errors.Keys);
        Assert.Contains("overrideId", ofUndo.Errors.Keys);
        Assert.Equal(queued, _outbox.All.Count);
        Assert.Equal(sut.Announced, (await sut.Service.GetOnCallAsync("incident-duty", default)).Current!.MemberIds);
    }

    [Fact]
    public async Task DeleteOverrideAsync_ReplacementReplacedAgain_TheFirstChangeCannotBeTakenBackFirst()
    {
        var sut = await CreateAnnouncedAsync();
        var first = await sut.Service.AddOverrideAsync("incident-duty", "2026-W49", sut.Announced[0], sut.Replacement, "sick", default);
        var third = TeamData.Members().Select(m => m.Id).First(id => !sut.Announced.Contains(id) && id != sut.Replacement);
        var second = await sut.Service.AddOverrideAsync("incident-duty", "2026-W49", sut.Replacement, third, "also sick", default);

        var ex = await Assert.ThrowsAsync<ValidationException>(() => sut.Service.DeleteOverrideAsync("incident-duty", first.Items[0].Id, null, default));
        Assert.Contains("overrideId", ex.Errors.Keys);

        await sut.Service.DeleteOverrideAsync("incident-duty", second.Items[0].Id, null, default);
        await sut.Service.DeleteOverrideAsync("incident-duty", first.Items[0].Id, null, default);
        Assert.Equal(sut.Announced, (await sut.Service.GetOnCallAsync("incident-duty", default)).Current!.MemberIds);
    }

    [Fact]
    public async Task DeleteOverrideAsync_WeekOver_Refused()
    {
        var sut = await CreateAnnouncedAsync();
        var change = await sut.Service.AddOverrideAsync("incident-duty", "2026-W49", sut.Announced[0], sut.Replacement, "sick", default);
        _time.Advance(TimeSpan.FromDays(8));

        var ex = await Assert.ThrowsAsync<ValidationException>(() => sut.Service.DeleteOverrideAsync("incident-duty", change.Items[0].Id, null, default));

        Assert.Contains("is over", ex.Errors["overrideId"][0]);
    }

    [Fact]
    public async Task DeleteOverrideAsync_SwapWithAnAnnouncedHalf_BothHalvesTakenBack()
    {
        var sut = await CreateAnnouncedAsync();
        var before = (await sut.Service.GetScheduleAsync("incident-duty", W49, 4, default)).Shifts.Select(s => s.MemberIds).ToList();
        var later = (await sut.Service.GetScheduleAsync("incident-duty", W49.AddDays(14), 1, default)).Shifts[0];
        var a = sut.Announced.First(id => !later.MemberIds.Contains(id));
        var b = later.MemberIds.First(id => !sut.Announced.Contains(id));
        var result = await sut.Service.AddSwapAsync("incident-duty", a, "2026-W49", b, later.Week, "family matter", default);

        // Either half's id takes the whole swap back: the later half is deleted, the announced half undone and announced.
        var removal = await sut.Service.DeleteOverrideAsync("incident-duty", result.Items[1].Id, "plans changed", default);

        Assert.Equal([result.Items[1].Id], removal.Deleted);
        Assert.Equal(["2026-W49"], removal.ChangedNow);
        Assert.Empty((await sut.Rotations.GetStateAsync("incident-duty", default)).Overrides);
        Assert.Equal(before, (await sut.Service.GetScheduleAsync("incident-duty", W49, 4, default)).Shifts.Select(s => s.MemberIds));
    }

    [Fact]
    public async Task DeleteOverrideAsync_OverrideAnnouncedWithItsWeek_RefusedAndKept()
    {
        var (roster, rotations) = await TeamData.SeedAsync(TeamData.Rotation());
        var service = new RotationService(rotations, roster, new FakeTimeProvider(AfterHandoff.AddDays(-7)));
        var shift = (await service.GetScheduleAsync("incident-duty", W49, 1, default)).Shifts[0];
        var other = TeamData.Members().Select(m => m.Id).First(id => !shift.MemberIds.Contains(id));
        var planned = await service.AddOverrideAsync("incident-duty", "2026-W49", shift.MemberIds[0], other, null, default);
        var announced = shift.MemberIds.Select(m => m == shift.MemberIds[0] ? other : m).ToList();
        await rotations.TryFreezeShiftAsync("incident-duty", new FrozenShift { ShiftStart = W49, Week = "2026-W49", Members = announced, Status = FrozenShiftStatus.Announced }, default);

        var ex = await Assert.ThrowsAsync<ValidationException>(() => service.DeleteOverrideAsync("incident-duty", planned.Items[0].Id, null, default));

        Assert.Contains("announced with its week", ex.Errors["overrideId"][0]);
        Assert.Single((await rotations.GetStateAsync("incident-duty", default)).Overrides);
    }

    private static string CardSubject(string card) => System.Text.Json.JsonDocument.Parse(card).RootElement.GetProperty("fallbackText").GetString()!;

    /// <summary>The week as its reader names it, by its first day: 「11月30日(月)からの週」 in Japanese, "Week of Mon 30 Nov" in English (2026-W49 until 12-06).</summary>
    private static void AssertNamesW49(string text) =>
        Assert.True(text.Contains("11月30日(月)からの週", StringComparison.Ordinal) || text.Contains("Week of Mon 30 Nov", StringComparison.Ordinal), text);
}
