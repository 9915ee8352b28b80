using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OnDuty.Core.Common;
using OnDuty.Core.Notifications;
using OnDuty.Core.Rotations;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Rotations;

/// <summary>
/// Covers for part of a shift ("cover me tonight 19:00–23:00"): the shift's pair and the queue stay, and who is on duty at an
/// instant — what <c>oncall</c> and every page use — has the replacement in the member's place for [from, to).
/// </summary>
public sealed class CoverTests
{
    // Monday 2026-11-30 10:05 in Tokyo: 2026-W49 (shift 4) has just been handed off.
    private static readonly DateTimeOffset AfterHandoff = new(2026, 11, 30, 1, 5, 0, TimeSpan.Zero);
    private static readonly DateOnly W49 = new(2026, 11, 30);
    private static readonly TimeSpan Tokyo = TimeSpan.FromHours(9);

    // Wednesday 2026-12-02 19:00–23:00 in Tokyo.
    private static readonly DateTimeOffset Tonight = new(2026, 12, 2, 19, 0, 0, Tokyo);
    private static readonly DateTimeOffset TonightEnds = new(2026, 12, 2, 23, 0, 0, Tokyo);

    private readonly FakeTimeProvider _time = new(AfterHandoff);
    private readonly InMemoryOutbox _outbox = new();
    private readonly RecordingEmailSender _email = new();
    private readonly RecordingTeamsChannel _teams = new();

    private sealed record Sut(RotationService Service, DutyWeekAnnouncer Announcer, InMemoryRotations Rotations, InMemoryRoster Roster, IReadOnlyList<string> Pair, IReadOnlyList<string> Others);

    private async Task<Sut> CreateSutAsync(bool announce, Rotation? rotation = null, ScheduleInputCache? cache = null)
    {
        var (roster, rotations) = await TeamData.SeedAsync(rotation ?? TeamData.Rotation());
        var queue = new InMemoryOutboxQueue(_time);
        var dispatcher = new OutboxDispatcher(_outbox, queue, [], _email, _teams, _time, Options.Create(new OutboxOptions()), NullLogger<OutboxDispatcher>.Instance);
        queue.Consumer = id => dispatcher.SendAsync(id, default);
        var announcer = new DutyWeekAnnouncer(rotations, roster, dispatcher, _teams, new AnnouncementComposer(TestRenderer.Instance), _time, Options.Create(new TeamOptions { Language = "ja" }), NullLogger<DutyWeekAnnouncer>.Instance);
        var service = new RotationService(rotations, roster, _time, announcer: announcer, onCallCache: cache);
        if (announce)
        {
            await announcer.AnnounceDueAsync(default);
            _email.Sent.Clear();
            _teams.Cards.Clear();
        }

        var pair = (await service.GetScheduleAsync("incident-duty", W49, 1, default)).Shifts[0].MemberIds;
        return new Sut(service, announcer, rotations, roster, pair, [.. TeamData.Members().Select(m => m.Id).Where(id => !pair.Contains(id))]);
    }

    private static Task<DutyChangeResult> CoverAsync(Sut sut, string member, string replacement, DateTimeOffset from, DateTimeOffset to, string? reason = "通院", string? week = null, bool force = false) =>
        sut.Service.AddOverrideAsync("incident-duty", week, member, replacement, reason, "Liam", from.ToString("yyyy-MM-dd'T'HH:mmzzz"), to.ToString("yyyy-MM-dd'T'HH:mmzzz"), force, default);

    private async Task<IReadOnlyList<string>> OnDutyAtAsync(Sut sut, DateTimeOffset at)
    {
        _time.SetUtcNow(at);
        return [.. (await sut.Service.GetOnCallAsync("incident-duty", default)).Members.Select(m => m.Id)];
    }

    /// <summary>
    /// Trial 34 M5: a cover by someone whose last day comes before it ends is refused naming the cover's own range — its end said
    /// as the last day it includes (until 12/4 00:00 is 「12月3日(木)まで」) — not 「…からの週の終わりまで」; nothing stored.
    /// </summary>
    [Fact]
    public async Task AddOverrideAsync_CoverByMemberLeavingBeforeItEnds_RefusalNamesTheCoversRange()
    {
        var sut = await CreateSutAsync(announce: true);
        var leaving = (await sut.Roster.GetMemberAsync(sut.Others[0], default))!.Value;
        await sut.Roster.SaveMemberAsync(leaving with { LeavesOn = new DateOnly(2026, 12, 2) }, "*", default);

        var ex = await Assert.ThrowsAsync<ConflictException>(() => CoverAsync(sut, sut.Pair[0], sut.Others[0], Tonight, new DateTimeOffset(2026, 12, 4, 0, 0, 0, Tokyo)));

        Assert.Equal("replacementId", ex.Field);
        Assert.Contains("before the cover in 2026-W49 ends (2026-12-04T00:00+09:00)", ex.Reason, StringComparison.Ordinal);
        Assert.Equal(DutyRefusals.Leaving, ex.Refusal!.Code);
        Assert.Equal(["2026-12-02T19:00+09:00", "2026-12-03", "Asia/Tokyo"], new[] { "coverFrom", "coverUntil", "timeZone" }.Select(a => ex.Refusal.Args[a]));
        var roster = (await sut.Roster.ListMembersAsync(default)).ToDictionary(m => m.Value.Id, m => m.Value);
        Assert.Contains("さんは12月2日(水)が最終出社日のため、12月2日(水) 19:00（JST）から12月3日(木)までの交代を務められません。",
            OnDuty.Messages.RefusalText.Say(ex.Refusal, Language.Ja, OnDuty.Messages.RefusalReader.Page, roster), StringComparison.Ordinal);
        Assert.Empty((await sut.Rotations.GetStateAsync("incident-duty", default)).Overrides);
    }

    /// <summary>
    /// Trial 34 M6: a cover that leaves only a junior on duty in a week of one member (the others on leave) is warned about, as a
    /// pair left without an experienced member is — made anyway.
    /// </summary>
    [Fact]
    public async Task AddOverrideAsync_CoverLeavingOnlyAJuniorInAOnePersonWeek_Warns()
    {
        var sut = await CreateSutAsync(announce: false);
        await sut.Roster.SaveMemberAsync(TeamData.Member("ito", "伊藤 さくら", senior: false), null, default);
        foreach (var away in new[] { "yamada", "sato", "emma" })
        {
            await sut.Roster.AddLeaveAsync(new Leave { Id = "20261214-20261220", MemberId = away, From = new DateOnly(2026, 12, 14), To = new DateOnly(2026, 12, 20) }, default);
        }

        Assert.Equal(["tanaka"], (await sut.Service.GetScheduleAsync("incident-duty", new DateOnly(2026, 12, 14), 1, default)).Shifts[0].MemberIds);
        var result = await CoverAsync(sut, "tanaka", "ito", new DateTimeOffset(2026, 12, 16, 19, 0, 0, Tokyo), new DateTimeOffset(2026, 12, 16, 23, 0, 0, Tokyo), week: "2026-W51");

        Assert.Contains("2026-W51 now has no experienced member (ito); the change was made anyway", result.Warnings);
    }

    [Fact]
    public async Task GetOnCallAsync_CoverTonight_TheReplacementOnlyFromItsStartUntilItsEnd()
    {
        var sut = await CreateSutAsync(announce: false);
        var (member, replacement) = (sut.Pair[0], sut.Others[0]);
        var later = (await sut.Service.GetScheduleAsync("incident-duty", W49.AddDays(7), 6, default)).Shifts.Select(s => s.MemberIds).ToList();

        var result = await CoverAsync(sut, member, replacement, Tonight, TonightEnds);

        Assert.Equal((Tonight, TonightEnds), (result.Items[0].From, result.Items[0].To));
        Assert.Empty(result.ChangedNow);
        Assert.Equal(sut.Pair, await OnDutyAtAsync(sut, Tonight.AddTicks(-1)));
        Assert.Equal(sut.Pair.Select(m => m == member ? replacement : m), await OnDutyAtAsync(sut, Tonight));
        Assert.Equal(sut.Pair.Select(m => m == member ? replacement : m), await OnDutyAtAsync(sut, TonightEnds.AddTicks(-1)));
        Assert.Equal(sut.Pair, await OnDutyAtAsync(sut, TonightEnds));

        // The shift's pair and the queue stay: the week counts as served by the member.
        var schedule = await sut.Service.GetScheduleAsync("incident-duty", W49, 7, default);
        Assert.Equal(sut.Pair, schedule.Shifts[0].MemberIds);
        Assert.Equal(later, schedule.Shifts.Skip(1).Select(s => s.MemberIds));
        var cover = Assert.Single(schedule.Shifts[0].Covers);
        Assert.Equal((member, replacement, "通院", "Liam", true), (cover.MemberId, cover.ReplacementId, cover.Reason, cover.By, cover.Applies));
    }

    [Fact]
    public async Task GetOnCallAsync_DuringACover_SaysWhoIsCoveredAndWhy()
    {
        var sut = await CreateSutAsync(announce: false);
        await CoverAsync(sut, sut.Pair[0], sut.Others[0], Tonight, TonightEnds);
        _time.SetUtcNow(Tonight.AddHours(1));

        var onCall = await sut.Service.GetOnCallAsync("incident-duty", default);

        var covering = onCall.Duty.Single(a => a.MemberId == sut.Others[0]);
        Assert.Equal(AssignmentKind.Cover, covering.Kind);
        Assert.Equal(new ReasonPart(ReasonKind.Covers) { MemberId = sut.Pair[0], Note = "通院" }, covering.Reason.Parts.Single());
        Assert.Equal(sut.Pair, onCall.Current!.MemberIds);
    }

    [Fact]
    public async Task AddOverrideAsync_LocalTimesWithoutOffset_ReadInTheRotationsTimeZone_AndTheWeekFromTheStart()
    {
        var sut = await CreateSutAsync(announce: false);

        var result = await sut.Service.AddOverrideAsync("incident-duty", null, sut.Pair[0], sut.Others[0], null, null, "2026-12-02T19:00", "2026-12-02T23:00", default);

        Assert.Equal(new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.Zero), result.Items[0].From);
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 14, 0, 0, TimeSpan.Zero), result.Items[0].To);
        Assert.Equal(W49, result.Items[0].ShiftStart);
        var listed = Assert.Single(await sut.Service.ListOverridesAsync("incident-duty", default));
        Assert.Equal((result.Items[0].From, result.Items[0].To, "2026-W49"), (listed.From, listed.To, listed.Week));
    }

    [Fact]
    public async Task GetOnCallAsync_TwoCovers_BothMembersAndOneAfterAnother()
    {
        var sut = await CreateSutAsync(announce: false);
        var (a, b) = (sut.Pair[0], sut.Pair[1]);
        var (x, y) = (sut.Others[0], sut.Others[1]);
        await CoverAsync(sut, a, x, Tonight, Tonight.AddHours(2));
        await CoverAsync(sut, a, y, Tonight.AddHours(2), TonightEnds);
        await CoverAsync(sut, b, x, Tonight.AddHours(3), TonightEnds.AddHours(1));

        Assert.Equal([x, b], await OnDutyAtAsync(sut, Tonight.AddHours(1)));
        Assert.Equal([y, b], await OnDutyAtAsync(sut, Tonight.AddHours(2)));
        Assert.Equal([y, x], await OnDutyAtAsync(sut, Tonight.AddHours(3.5)));
        Assert.Equal([a, x], await OnDutyAtAsync(sut, TonightEnds.AddMinutes(30)));
        Assert.Equal([a, b], await OnDutyAtAsync(sut, TonightEnds.AddHours(1)));
    }

    [Fact]
    public async Task GetOnCallAsync_CoverOfAMemberSwappedIntoTheWeek_PutsTheCoversReplacementInTheirPlace()
    {
        var sut = await CreateSutAsync(announce: false);
        var w50 = W49.AddDays(7);
        var shifts = (await sut.Service.GetScheduleAsync("incident-duty", w50, 2, default)).Shifts;
        var inW50 = shifts[0].MemberIds.First(m => !shifts[1].MemberIds.Contains(m));
        var fromW51 = shifts[1].MemberIds.First(m => !shifts[0].MemberIds.Contains(m));
        await sut.Service.AddSwapAsync("incident-duty", inW50, "2026-W50", fromW51, "2026-W51", "trade", default);
        var swappedPair = (await sut.Service.GetScheduleAsync("incident-duty", w50, 1, default)).Shifts[0].MemberIds;
        var replacement = TeamData.Members().Select(m => m.Id).First(id => !swappedPair.Contains(id));
        var from = new DateTimeOffset(2026, 12, 9, 9, 0, 0, Tokyo);

        await CoverAsync(sut, fromW51, replacement, from, from.AddHours(8));

        Assert.Equal(swappedPair.Select(m => m == fromW51 ? replacement : m), await OnDutyAtAsync(sut, from.AddHours(1)));
        Assert.Equal(swappedPair, await OnDutyAtAsync(sut, from.AddHours(8)));
    }

    /// <summary>Paging never reaches nobody: the cover of a replacement who left the roster does not apply, and says so.</summary>
    [Fact]
    public async Task GetOnCallAsync_CoversReplacementRemovedFromTheRoster_TheMemberStaysOnDutyWithANote()
    {
        // Announced, so taking someone off the roster leaves the week's pair as it is.
        var sut = await CreateSutAsync(announce: true);
        var (member, replacement) = (sut.Pair[0], sut.Others[0]);
        await CoverAsync(sut, member, replacement, Tonight, TonightEnds);
        var gone = await sut.Roster.GetMemberAsync(replacement, default);
        await sut.Roster.SaveMemberAsync(gone!.Value with { Active = false }, gone.ETag, default);

        Assert.Equal(sut.Pair, await OnDutyAtAsync(sut, Tonight.AddHours(1)));
        var shift = (await sut.Service.GetOnCallAsync("incident-duty", default)).Current!;
        Assert.Contains(new ScheduleNote(NoteKind.CoverReplacementGone) { MemberId = member, ReplacementId = replacement }, shift.Notes);
        Assert.Equal(NoteKind.CoverReplacementGone, Assert.Single(shift.Covers).NotApplied);

        await sut.Roster.DeleteMemberAsync(replacement, default);
        Assert.Equal(sut.Pair, await OnDutyAtAsync(sut, Tonight.AddHours(2)));
    }

    /// <summary>The on-call answer is kept per input and shift; a cover starting or ending inside the shift is seen at once all the same.</summary>
    /// <summary>
    /// A pair never becomes one person, whatever order changes and undos come in: a cover suspended by a whole-week change
    /// comes back when it is taken back, while a newer cover by the same replacement was accepted meanwhile. The older one
    /// applies, the newer one does not (the member it would cover stays on duty and is paged) and the shift says why. Before,
    /// the replacement was on duty twice and the other member not at all.
    /// </summary>
    [Fact]
    public async Task GetOnCallAsync_CoverBackAfterAnUndoAndANewerCoverBySameReplacement_NobodyTwice_TheNewerNotApplied()
    {
        var sut = await CreateSutAsync(announce: false);
        var (first, second, replacement, weekly) = (sut.Pair[0], sut.Pair[1], sut.Others[0], sut.Others[1]);
        await CoverAsync(sut, first, replacement, Tonight, TonightEnds);
        _time.Advance(TimeSpan.FromMinutes(1)); // the covers' order is their creation's
        var whole = await sut.Service.AddOverrideAsync("incident-duty", "2026-W49", first, weekly, "sick", default);
        _time.Advance(TimeSpan.FromMinutes(1));
        await CoverAsync(sut, second, replacement, Tonight, TonightEnds);

        await sut.Service.DeleteOverrideAsync("incident-duty", whole.Items[0].Id, null, default);

        var duty = await OnDutyAtAsync(sut, Tonight.AddHours(1));
        Assert.Equal([replacement, second], duty);
        var shift = (await sut.Service.GetScheduleAsync("incident-duty", W49, 1, default)).Shifts[0];
        Assert.Contains(new ScheduleNote(NoteKind.CoverConflicts) { MemberId = second, ReplacementId = replacement }, shift.Notes);
        Assert.Equal([null, NoteKind.CoverConflicts], shift.Covers.Select(c => c.NotApplied));
    }

    [Fact]
    public async Task GetOnCallAsync_WithTheInputCache_ACoverStartingAndEndingIsSeenAtOnce()
    {
        var sut = await CreateSutAsync(announce: false, cache: new ScheduleInputCache());
        var (member, replacement) = (sut.Pair[0], sut.Others[0]);
        await CoverAsync(sut, member, replacement, Tonight, TonightEnds);

        var before = await OnDutyAtAsync(sut, Tonight.AddMinutes(-1));
        var again = await sut.Service.GetOnCallAsync("incident-duty", default);
        var during = await OnDutyAtAsync(sut, Tonight);
        var after = await OnDutyAtAsync(sut, TonightEnds);

        Assert.Equal(sut.Pair, before);
        Assert.Equal(sut.Pair, again.Members.Select(m => m.Id));
        Assert.Equal(sut.Pair.Select(m => m == member ? replacement : m), during);
        Assert.Equal(sut.Pair, after);
    }

    [Fact]
    public async Task AddOverrideAsync_CurrentAnnouncedWeek_StoredOnTheShiftWithoutChangingItsPair_AndToldOnceEachWithTheRange()
    {
        var sut = await CreateSutAsync(announce: true, rotation: TeamData.Rotation("pm-team@example.com"));
        var (member, replacement) = (sut.Pair[0], sut.Others[0]);

        var result = await CoverAsync(sut, member, replacement, Tonight, TonightEnds, "歯医者");
        await sut.Announcer.AnnounceDueAsync(default);
        await sut.Announcer.AnnounceChangesAsync(TeamData.Rotation("pm-team@example.com"), W49, default);

        Assert.Equal(["2026-W49"], result.ChangedNow);
        var frozen = (await sut.Rotations.GetFrozenShiftAsync("incident-duty", W49, default))!.Value;
        Assert.Equal(sut.Pair, frozen.Members);
        var change = Assert.Single(frozen.Changes);
        Assert.Equal((member, replacement, (DateTimeOffset?)Tonight, (DateTimeOffset?)TonightEnds, true), (change.MemberId, change.ReplacementId, change.From, change.To, change.Announced));
        Assert.Empty((await sut.Rotations.GetStateAsync("incident-duty", default)).Overrides);
        // The partner on the shift hears personally too (L15): who they are on duty with tonight changes.
        var partner = sut.Pair.Single(m => m != member);
        Assert.Equal(new[] { $"{member}@example.com", $"{replacement}@example.com", $"{partner}@example.com", "pm-team@example.com" }.Order(StringComparer.Ordinal), _email.Sent.Select(s => s.Message.To).Order(StringComparer.Ordinal));
        Assert.All(_email.Sent, s => Assert.Contains("19:00", s.Message.TextBody));
        Assert.All(_email.Sent, s => Assert.Contains("23:00", s.Message.TextBody));
        Assert.All(_email.Sent, s => Assert.Contains("歯医者", s.Message.TextBody));
        Assert.Single(_teams.Cards);

        Assert.Equal(sut.Pair, await OnDutyAtAsync(sut, Tonight.AddMinutes(-1)));
        Assert.Equal(sut.Pair.Select(m => m == member ? replacement : m), await OnDutyAtAsync(sut, Tonight));
        Assert.Equal(sut.Pair, await OnDutyAtAsync(sut, TonightEnds));
        var next = (await sut.Service.GetScheduleAsync("incident-duty", W49.AddDays(7), 1, default)).Shifts[0];
        Assert.Empty(next.Covers);
    }

    /// <summary>A cover made before its week is announced is told with the announcement: listed with its time, and its replacement gets the mail too.</summary>
    [Fact]
    public async Task AnnounceDueAsync_CoverMadeBeforeTheAnnouncement_ListedWithItsRangeToEveryone_AndItsReplacementTold()
    {
        var sut = await CreateSutAsync(announce: false, rotation: TeamData.Rotation("pm-team@example.com"));
        var member = sut.Pair[0];
        var replacement = sut.Others.First(id => id != "emma");
        await CoverAsync(sut, member, replacement, Tonight, TonightEnds);
        var short_ = Member.ShortNameOf(TeamData.Members().Single(m => m.Id == member).DisplayName);
        var replacementShort = Member.ShortNameOf(TeamData.Members().Single(m => m.Id == replacement).DisplayName);

        await sut.Announcer.AnnounceDueAsync(default);

        var line = $"一時交代：12月2日(水) 19:00〜23:00（JST）は{short_}さんに代わって{replacementShort}さんが当番です";
        Assert.Equal(
            new[] { $"{sut.Pair[0]}@example.com", $"{sut.Pair[1]}@example.com", $"{replacement}@example.com", "pm-team@example.com" }.Order(StringComparer.Ordinal),
            _email.Sent.Select(s => s.Message.To).Order(StringComparer.Ordinal));
        Assert.All(_email.Sent, s => Assert.Contains(line, s.Message.TextBody, StringComparison.Ordinal));
        Assert.All(_email.Sent, s => Assert.Contains(line, s.Message.HtmlBody, StringComparison.Ordinal));
        Assert.Contains(line, CardText(Assert.Single(_teams.Cards)), StringComparison.Ordinal);
    }

    /// <summary>The texts of a card's body, unescaped (the card's JSON escapes non-ASCII).</summary>
    private static string CardText(string card)
    {
        static IEnumerable<string> Texts(System.Text.Json.Nodes.JsonNode? node) => node switch
        {
            System.Text.Json.Nodes.JsonObject o => o.SelectMany(p => p.Key == "text" && p.Value is System.Text.Json.Nodes.JsonValue v ? [v.GetValue<string>()] : Texts(p.Value)),
            System.Text.Json.Nodes.JsonArray a => a.SelectMany(Texts),
            _ => [],
        };

        return string.Join("\n", Texts(System.Text.Json.Nodes.JsonNode.Parse(card)));
    }

    [Fact]
    public async Task AnnounceDueAsync_CoverThatDoesNotApply_NotListedAndItsReplacementNotTold()
    {
        var sut = await CreateSutAsync(announce: false);
        var (member, replacement, weekly) = (sut.Pair[0], sut.Others[0], sut.Others[1]);
        await CoverAsync(sut, member, replacement, Tonight, TonightEnds);
        _time.Advance(TimeSpan.FromMinutes(1));
        await sut.Service.AddOverrideAsync("incident-duty", "2026-W49", member, weekly, "sick", default);

        await sut.Announcer.AnnounceDueAsync(default);

        Assert.Equal(new[] { weekly, sut.Pair[1] }.Select(id => $"{id}@example.com").Order(StringComparer.Ordinal), _email.Sent.Select(s => s.Message.To).Order(StringComparer.Ordinal));
        Assert.All(_email.Sent, s => Assert.DoesNotContain("一時交代", s.Message.TextBody, StringComparison.Ordinal));
    }

    /// <summary>
    /// Replacing the covered member for the whole (announced) week makes the cover unneeded: the answer names the cover, and its
    /// replacement is told once. Who is on duty is as before: the new member all week.
    /// </summary>
    [Fact]
    public async Task AddOverrideAsync_WholeWeekReplacesTheCoveredMemberOfAnAnnouncedWeek_WarnsNamingTheCover_AndItsReplacementToldOnce()
    {
        var sut = await CreateSutAsync(announce: true);
        var (member, replacement) = (sut.Pair[0], sut.Others.First(id => id != "emma")); // told in Japanese
        var weekly = sut.Others.First(id => id != replacement);
        var cover = (await CoverAsync(sut, member, replacement, Tonight, TonightEnds, "歯医者")).Items[0];
        _email.Sent.Clear();
        _time.Advance(TimeSpan.FromMinutes(1));

        var result = await sut.Service.AddOverrideAsync("incident-duty", "2026-W49", member, weekly, "入院", "Liam", default);
        await sut.Announcer.AnnounceDueAsync(default);
        await sut.Announcer.AnnounceChangesAsync(TeamData.Rotation(), W49, default);

        Assert.Contains(result.Warnings, w => w.Contains($"cover {cover.Id} ", StringComparison.Ordinal) && w.Contains("no longer applies", StringComparison.Ordinal));
        var told = _email.Sent.Where(s => s.Message.To == $"{replacement}@example.com").ToList();
        var (message, id) = Assert.Single(told);
        Assert.Equal($"duty:incident-duty:2026-W49:change:{result.Items[0].Id}:cover:{cover.Id}:email:{replacement}@example.com", id);
        var (covered, incoming) = (Short(member), Short(weekly));
        Assert.Contains($"12月2日(水) 19:00〜23:00（JST）に予定していた{covered}さんの代わり（一時交代）は不要になりました。11月30日(月)からの週の当番は{covered}さんに代わって{incoming}さんが担当します。", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("入院", message.TextBody, StringComparison.Ordinal);
        Assert.Equal([weekly, sut.Pair[1]], await OnDutyAtAsync(sut, Tonight.AddHours(1)));
    }

    [Fact]
    public async Task AddOverrideAsync_CoversReplacementPutOnTheWholeWeekNotAnnounced_WarnsNamingTheCover_NobodyTold()
    {
        var sut = await CreateSutAsync(announce: false);
        var (member, replacement) = (sut.Pair[0], sut.Others[0]);
        var cover = (await CoverAsync(sut, member, replacement, Tonight, TonightEnds)).Items[0];
        _time.Advance(TimeSpan.FromMinutes(1));

        var result = await sut.Service.AddOverrideAsync("incident-duty", "2026-W49", sut.Pair[1], replacement, null, default);

        var warning = Assert.Single(result.Warnings, w => w.StartsWith($"cover {cover.Id} ", StringComparison.Ordinal));
        Assert.Contains($"'{replacement}' is now on duty for all of 2026-W49", warning, StringComparison.Ordinal);
        Assert.Empty(_email.Sent);
        Assert.Equal([member, replacement], await OnDutyAtAsync(sut, Tonight.AddHours(1)));
    }

    [Fact]
    public async Task AddSwapAsync_CoveredMemberSwappedOutOfTheWeek_WarnsNamingTheCover()
    {
        var sut = await CreateSutAsync(announce: false);
        var w50 = W49.AddDays(7);
        var shifts = (await sut.Service.GetScheduleAsync("incident-duty", w50, 2, default)).Shifts;
        var inW50 = shifts[0].MemberIds.First(m => !shifts[1].MemberIds.Contains(m));
        var fromW51 = shifts[1].MemberIds.First(m => !shifts[0].MemberIds.Contains(m));
        var replacement = TeamData.Members().Select(m => m.Id).First(id => !shifts[0].MemberIds.Contains(id) && id != fromW51);
        var evening = new DateTimeOffset(2026, 12, 9, 19, 0, 0, Tokyo);
        var cover = (await CoverAsync(sut, inW50, replacement, evening, evening.AddHours(4))).Items[0];
        _time.Advance(TimeSpan.FromMinutes(1));

        var result = await sut.Service.AddSwapAsync("incident-duty", inW50, "2026-W50", fromW51, "2026-W51", "trade", default);

        var warning = Assert.Single(result.Warnings, w => w.StartsWith($"cover {cover.Id} ", StringComparison.Ordinal));
        Assert.Contains($"'{inW50}' is replaced by '{fromW51}' for 2026-W50", warning, StringComparison.Ordinal);
        Assert.DoesNotContain(replacement, await OnDutyAtAsync(sut, evening.AddHours(1)));
    }

    /// <summary>Taking back a whole-week change whose replacement was covered since: that cover's replacement is told it is not needed.</summary>
    [Fact]
    public async Task DeleteOverrideAsync_UndoOfAChangeWhoseReplacementWasCovered_TheCoversReplacementToldOnce()
    {
        var sut = await CreateSutAsync(announce: true);
        var (member, weekly) = (sut.Pair[0], sut.Others.First(id => id != "emma"));
        var coverer = sut.Others.First(id => id != weekly);
        var change = await sut.Service.AddOverrideAsync("incident-duty", "2026-W49", member, weekly, "入院", default);
        _time.Advance(TimeSpan.FromMinutes(1));
        var cover = (await CoverAsync(sut, weekly, coverer, Tonight, TonightEnds, "歯医者")).Items[0];
        _email.Sent.Clear();

        var removal = await sut.Service.DeleteOverrideAsync("incident-duty", change.Items[0].Id, "退院した", "Liam", default);
        await sut.Announcer.AnnounceChangesAsync(TeamData.Rotation(), W49, default);

        var undo = Assert.Single(removal.Undos);
        var (_, id) = Assert.Single(_email.Sent, s => s.Message.To == $"{coverer}@example.com");
        Assert.Equal($"duty:incident-duty:2026-W49:change:{undo.Id}:cover:{cover.Id}:email:{coverer}@example.com", id);
        Assert.Equal(sut.Pair, await OnDutyAtAsync(sut, Tonight.AddHours(1)));
    }

    /// <summary>
    /// Taking back the whole-week change that made a cover unneeded makes the cover apply again: its replacement, told 「不要です」,
    /// is told once that it applies after all (and is paged then), and the answer names the cover.
    /// </summary>
    [Fact]
    public async Task DeleteOverrideAsync_UndoOfAChangeThatCancelledACover_TheCoversReplacementToldItAppliesAgain_AndIsOnDuty()
    {
        var sut = await CreateSutAsync(announce: true);
        var (member, coverer) = (sut.Pair[0], sut.Others.First(id => id != "emma")); // told in Japanese
        var weekly = sut.Others.First(id => id != coverer);
        var cover = (await CoverAsync(sut, member, coverer, Tonight, TonightEnds, "歯医者")).Items[0];
        _time.Advance(TimeSpan.FromMinutes(1));
        var change = await sut.Service.AddOverrideAsync("incident-duty", "2026-W49", member, weekly, "入院", "Liam", default);
        Assert.Single(_email.Sent, s => s.Id == $"duty:incident-duty:2026-W49:change:{change.Items[0].Id}:cover:{cover.Id}:email:{coverer}@example.com");
        _email.Sent.Clear();
        _time.Advance(TimeSpan.FromMinutes(1));

        var removal = await sut.Service.DeleteOverrideAsync("incident-duty", change.Items[0].Id, "退院した", "Liam", default);
        await sut.Announcer.AnnounceChangesAsync(TeamData.Rotation(), W49, default);

        var undo = Assert.Single(removal.Undos);
        var warning = Assert.Single(removal.Warnings, w => w.StartsWith($"cover {cover.Id} ", StringComparison.Ordinal));
        Assert.Contains($"applies again: '{coverer}' is on duty then in '{member}'s place in 2026-W49; '{coverer}' is told", warning, StringComparison.Ordinal);
        var stored = (await sut.Rotations.GetFrozenShiftAsync("incident-duty", W49, default))!.Value.Changes.Single(c => c.Id == undo.Id);
        Assert.Equal([cover.Id], stored.RestoresCovers!.Select(c => c.Id));
        Assert.Null(stored.CancelsCovers);
        var (message, id) = Assert.Single(_email.Sent, s => s.Message.To == $"{coverer}@example.com");
        Assert.Equal($"duty:incident-duty:2026-W49:change:{undo.Id}:cover:{cover.Id}:restored:email:{coverer}@example.com", id);
        Assert.Equal($"【障害当番 一時交代の再開】11月30日(月)からの週 {Short(member)}さんの代わり（12月2日(水) 19:00〜23:00 JST）はあなたが当番です", message.Subject);
        Assert.Contains($"12月2日(水) 19:00〜23:00（JST）は、予定どおりあなたが{Short(member)}さんの代わりに当番です。", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("理由：退院した", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("この時間の障害の呼び出しはあなたに届きます。", message.TextBody, StringComparison.Ordinal);
        Assert.Equal(sut.Pair, await OnDutyAtAsync(sut, Tonight.AddMinutes(-1)));
        Assert.Equal([coverer, sut.Pair[1]], await OnDutyAtAsync(sut, Tonight.AddHours(1)));
    }

    /// <summary>Deleting the override of a week not yet announced that had made a cover unneeded: the answer names the cover, nobody is told.</summary>
    [Fact]
    public async Task DeleteOverrideAsync_OverrideOfAWeekNotAnnouncedThatCancelledACover_WarnsTheCoverAppliesAgain_NobodyTold()
    {
        var sut = await CreateSutAsync(announce: false);
        var (member, coverer) = (sut.Pair[0], sut.Others[0]);
        var cover = (await CoverAsync(sut, member, coverer, Tonight, TonightEnds)).Items[0];
        _time.Advance(TimeSpan.FromMinutes(1));
        var change = await sut.Service.AddOverrideAsync("incident-duty", "2026-W49", member, sut.Others[1], null, default);
        Assert.Contains(change.Warnings, w => w.StartsWith($"cover {cover.Id} ", StringComparison.Ordinal));

        var removal = await sut.Service.DeleteOverrideAsync("incident-duty", change.Items[0].Id, null, default);

        Assert.Equal([change.Items[0].Id], removal.Deleted);
        var warning = Assert.Single(removal.Warnings);
        Assert.StartsWith($"cover {cover.Id} ('{coverer}' for '{member}' from 2026-12-02T19:00+09:00 to 2026-12-02T23:00+09:00) applies again: ", warning, StringComparison.Ordinal);
        Assert.DoesNotContain("is told", warning, StringComparison.Ordinal);
        Assert.Empty(_email.Sent);
        Assert.Equal([coverer, sut.Pair[1]], await OnDutyAtAsync(sut, Tonight.AddHours(1)));
    }

    /// <summary>
    /// The duty page after a change says definitely, per cover, whether its replacement was told: by mail for an announced week,
    /// not yet for a week not announced (the announcement lists the covers as they are then). Covers made unneeded and ones that
    /// apply again each get their sentence.
    /// </summary>
    [Fact]
    public async Task DutyPage_CoversCancelledAndRestored_SaysForEachWeekWhetherTheReplacementWasTold()
    {
        var sut = await CreateSutAsync(announce: true);
        var thisWeek = (await CoverAsync(sut, sut.Pair[0], sut.Others[0], Tonight, TonightEnds)).Items[0];
        var w50 = (await sut.Service.GetScheduleAsync("incident-duty", W49.AddDays(7), 1, default)).Shifts[0];
        var nextWeekEvening = Tonight.AddDays(7);
        var nextWeek = (await CoverAsync(sut, w50.MemberIds[0], TeamData.Members().Select(m => m.Id).First(id => !w50.MemberIds.Contains(id)), nextWeekEvening, nextWeekEvening.AddHours(4), week: "2026-W50")).Items[0];
        var schedule = await sut.Service.GetScheduleAsync("incident-duty", W49, 2, default);
        var page = new Core.Messages.DutyPageNotice(Language.Ja, schedule, [], [], [.. TeamData.Members()], new Core.Messages.FormToken("t", "v"), new Core.Messages.PageVisitor(null, null), AfterHandoff);

        var cancelled = TestRenderer.Instance.Page(page with { CoversCancelled = [thisWeek.Id, nextWeek.Id] });
        var restored = TestRenderer.Instance.Page(page with { CoversRestored = [thisWeek.Id, nextWeek.Id] });

        Assert.Matches("ご注意：この変更で一時交代（12月2日\\(水\\) 19:00〜23:00 は[^）]+）は不要になりました。代わりの方にはメールでお知らせしました。", cancelled);
        Assert.Matches("ご注意：この変更で一時交代（12月9日\\(水\\) 19:00〜23:00 は[^）]+）は不要になりました。まだお知らせ前の当番のため、代わりの方への連絡はしていません。", cancelled);
        Assert.Matches("ご注意：この変更で一時交代（12月2日\\(水\\) 19:00〜23:00 は[^）]+）が再び有効になりました。代わりの方にはメールでお知らせしました。", restored);
        Assert.Matches("ご注意：この変更で一時交代（12月9日\\(水\\) 19:00〜23:00 は[^）]+）が再び有効になりました。まだお知らせ前の当番のため、代わりの方への連絡はしていません。", restored);
        Assert.DoesNotContain("お知らせ済みの週であれば", cancelled, StringComparison.Ordinal);
    }

    /// <summary>
    /// A change and its undo announced together (the announcement failed in between): the cover's replacement hears only the end
    /// state — that the cover applies — never just 「不要」.
    /// </summary>
    [Fact]
    public async Task AnnounceChangesAsync_ChangeCancellingACoverAndItsUndoTogether_TheReplacementToldOnlyThatItApplies()
    {
        var sut = await CreateSutAsync(announce: true);
        var (member, coverer) = (sut.Pair[0], sut.Others.First(id => id != "emma"));
        var weekly = sut.Others.First(id => id != coverer);
        var cover = (await CoverAsync(sut, member, coverer, Tonight, TonightEnds, "歯医者")).Items[0];
        _email.Sent.Clear();
        var unannounced = new RotationService(sut.Rotations, sut.Roster, _time);
        _time.Advance(TimeSpan.FromMinutes(1));
        var change = await unannounced.AddOverrideAsync("incident-duty", "2026-W49", member, weekly, "入院", "Liam", default);
        _time.Advance(TimeSpan.FromMinutes(1));
        var undo = Assert.Single((await unannounced.DeleteOverrideAsync("incident-duty", change.Items[0].Id, "退院した", "Liam", default)).Undos);
        Assert.Empty(_email.Sent);

        await sut.Announcer.AnnounceChangesAsync(TeamData.Rotation(), W49, default);

        var (message, id) = Assert.Single(_email.Sent, s => s.Message.To == $"{coverer}@example.com");
        Assert.Equal($"duty:incident-duty:2026-W49:change:{undo.Id}:cover:{cover.Id}:restored:email:{coverer}@example.com", id);
        Assert.Contains("予定どおりあなたが", message.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(_email.Sent, s => s.Message.TextBody.Contains("不要", StringComparison.Ordinal));
        Assert.Equal([coverer, sut.Pair[1]], await OnDutyAtAsync(sut, Tonight.AddHours(1)));
    }

    /// <summary>The other way round in one batch: the cover ends up unneeded, and that is what its replacement hears (once).</summary>
    [Fact]
    public async Task AnnounceChangesAsync_UndoRestoringACoverThenANewChangeCancellingIt_TheReplacementToldItIsNotNeeded()
    {
        var sut = await CreateSutAsync(announce: true);
        var (member, coverer) = (sut.Pair[0], sut.Others.First(id => id != "emma"));
        var weekly = sut.Others.First(id => id != coverer);
        var cover = (await CoverAsync(sut, member, coverer, Tonight, TonightEnds, "歯医者")).Items[0];
        _time.Advance(TimeSpan.FromMinutes(1));
        var change = await sut.Service.AddOverrideAsync("incident-duty", "2026-W49", member, weekly, "入院", "Liam", default);
        _email.Sent.Clear();
        var unannounced = new RotationService(sut.Rotations, sut.Roster, _time);
        _time.Advance(TimeSpan.FromMinutes(1));
        await unannounced.DeleteOverrideAsync("incident-duty", change.Items[0].Id, "退院した", "Liam", default);
        _time.Advance(TimeSpan.FromMinutes(1));
        var again = await unannounced.AddOverrideAsync("incident-duty", "2026-W49", member, weekly, "再入院", "Liam", default);

        await sut.Announcer.AnnounceChangesAsync(TeamData.Rotation(), W49, default);

        var (message, id) = Assert.Single(_email.Sent, s => s.Message.To == $"{coverer}@example.com");
        Assert.Equal($"duty:incident-duty:2026-W49:change:{again.Items[0].Id}:cover:{cover.Id}:email:{coverer}@example.com", id);
        Assert.Contains("不要になりました", message.TextBody, StringComparison.Ordinal);
        Assert.Equal([weekly, sut.Pair[1]], await OnDutyAtAsync(sut, Tonight.AddHours(1)));
    }

    /// <summary>
    /// Not only an undo: a new change can make a cover apply again — its replacement had joined the week (so it did not apply),
    /// and is now replaced for the week. The answer names the cover and its replacement is told they cover the member after all.
    /// </summary>
    [Fact]
    public async Task AddOverrideAsync_CoversReplacementWhoJoinedTheWeekReplacedInTurn_TheCoverAppliesAgainAndItsReplacementIsTold()
    {
        var sut = await CreateSutAsync(announce: true);
        var (member, coverer) = (sut.Pair[0], sut.Others.First(id => id != "emma"));
        var weekly = sut.Others.First(id => id != coverer);
        var cover = (await CoverAsync(sut, member, coverer, Tonight, TonightEnds, "歯医者")).Items[0];
        _time.Advance(TimeSpan.FromMinutes(1));
        await sut.Service.AddOverrideAsync("incident-duty", "2026-W49", sut.Pair[1], coverer, "入院", "Liam", default);
        _email.Sent.Clear();
        _time.Advance(TimeSpan.FromMinutes(1));

        var result = await sut.Service.AddOverrideAsync("incident-duty", "2026-W49", coverer, weekly, "出張", "Liam", default);

        Assert.Single(result.Warnings, w => w.StartsWith($"cover {cover.Id} ", StringComparison.Ordinal) && w.Contains("applies again", StringComparison.Ordinal));
        var (message, id) = Assert.Single(_email.Sent, s => s.Id.Contains(":cover:", StringComparison.Ordinal));
        Assert.Equal($"duty:incident-duty:2026-W49:change:{result.Items[0].Id}:cover:{cover.Id}:restored:email:{coverer}@example.com", id);
        Assert.Contains($"予定どおりあなたが{Short(member)}さんの代わりに当番です。", message.TextBody, StringComparison.Ordinal);
        Assert.Equal([coverer, weekly], await OnDutyAtAsync(sut, Tonight.AddHours(1)));
    }

    [Fact]
    public async Task AddOverrideAsync_WholeWeekChangeNotTouchingTheCover_NoCoverWarning()
    {
        var sut = await CreateSutAsync(announce: true);
        await CoverAsync(sut, sut.Pair[0], sut.Others[0], Tonight, TonightEnds, "歯医者");
        _email.Sent.Clear();

        var result = await sut.Service.AddOverrideAsync("incident-duty", "2026-W49", sut.Pair[1], sut.Others[1], "入院", default);

        Assert.DoesNotContain(result.Warnings, w => w.StartsWith("cover ", StringComparison.Ordinal));
        Assert.DoesNotContain(_email.Sent, s => s.Id.Contains(":cover:", StringComparison.Ordinal));
    }

    /// <summary>A member as a Japanese reader sees them: Japanese colleagues by family name, others by display name.</summary>
    private static string Short(string id) => TeamData.Members().Single(m => m.Id == id) is var m && m.Language == Language.Ja ? Member.ShortNameOf(m.DisplayName) : m.DisplayName;

    [Fact]
    public async Task AddOverrideAsync_CoverOfAnAnnouncedWeekWithoutReason_NamesReasonAndNothingStoredOrSent()
    {
        var sut = await CreateSutAsync(announce: true);

        var ex = await Assert.ThrowsAsync<ValidationException>(() => CoverAsync(sut, sut.Pair[0], sut.Others[0], Tonight, TonightEnds, reason: " "));

        Assert.Contains("reason", ex.Errors.Keys);
        Assert.Empty((await sut.Rotations.GetFrozenShiftAsync("incident-duty", W49, default))!.Value.Changes);
        Assert.Empty(_email.Sent);
    }

    public static TheoryData<string, string?, string?, string> BadRanges => new()
    {
        { "from without to", "2026-12-02T19:00+09:00", null, "to" },
        { "to without from", null, "2026-12-02T23:00+09:00", "from" },
        { "not a date-time", "tonight", "2026-12-02T23:00+09:00", "from" },
        { "date only", "2026-12-02", "2026-12-03", "from" },
        { "to before from", "2026-12-02T23:00+09:00", "2026-12-02T19:00+09:00", "to" },
        { "empty range", "2026-12-02T19:00+09:00", "2026-12-02T19:00+09:00", "to" },
        { "beyond the shift's end", "2026-12-06T19:00+09:00", "2026-12-07T12:00+09:00", "to" },
        { "in the past", "2026-11-30T08:00+09:00", "2026-11-30T09:00+09:00", "to" },
    };

    [Theory]
    [MemberData(nameof(BadRanges))]
    public async Task AddOverrideAsync_BadRange_RefusedNamingTheFieldAndNothingStored(string what, string? from, string? to, string field)
    {
        var sut = await CreateSutAsync(announce: false);

        var ex = await Assert.ThrowsAsync<ValidationException>(() =>
            sut.Service.AddOverrideAsync("incident-duty", "2026-W49", sut.Pair[0], sut.Others[0], null, null, from, to, default));

        Assert.True(ex.Errors.ContainsKey(field), $"{what}: {string.Join("; ", ex.Errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"))}");
        Assert.Empty(await sut.Service.ListOverridesAsync("incident-duty", default));
    }

    [Fact]
    public async Task AddOverrideAsync_RangeOutsideTheNamedWeek_RefusedNamingFrom()
    {
        var sut = await CreateSutAsync(announce: false);

        var ex = await Assert.ThrowsAsync<ValidationException>(() => CoverAsync(sut, sut.Pair[0], sut.Others[0], Tonight.AddDays(7), TonightEnds.AddDays(7), week: "2026-W49"));

        Assert.Contains("within 2026-W49", ex.Errors["from"][0]);
        Assert.Empty(await sut.Service.ListOverridesAsync("incident-duty", default));
    }

    [Fact]
    public async Task AddOverrideAsync_MemberNotOnTheShiftOrReplacementAlreadyOnIt_Refused()
    {
        var sut = await CreateSutAsync(announce: false);

        var notOn = await Assert.ThrowsAsync<ValidationException>(() => CoverAsync(sut, sut.Others[0], sut.Others[1], Tonight, TonightEnds));
        var alreadyOn = await Assert.ThrowsAsync<ValidationException>(() => CoverAsync(sut, sut.Pair[0], sut.Pair[1], Tonight, TonightEnds));
        var unknown = await Assert.ThrowsAsync<ValidationException>(() => CoverAsync(sut, sut.Pair[0], "nobody", Tonight, TonightEnds));

        Assert.Contains("memberId", notOn.Errors.Keys);
        Assert.Contains("replacementId", alreadyOn.Errors.Keys);
        Assert.Contains("replacementId", unknown.Errors.Keys);
        Assert.Empty(await sut.Service.ListOverridesAsync("incident-duty", default));
    }

    [Fact]
    public async Task AddOverrideAsync_OverlappingCoverOfTheSameMember_RefusedNamingFrom_AdjacentOneIsFine()
    {
        var sut = await CreateSutAsync(announce: false);
        await CoverAsync(sut, sut.Pair[0], sut.Others[0], Tonight, TonightEnds);

        var ex = await Assert.ThrowsAsync<ValidationException>(() => CoverAsync(sut, sut.Pair[0], sut.Others[1], TonightEnds.AddHours(-1), TonightEnds.AddHours(1)));
        await CoverAsync(sut, sut.Pair[0], sut.Others[1], TonightEnds, TonightEnds.AddHours(1));

        Assert.Contains("must not overlap", ex.Errors["from"][0]);
        Assert.Equal(2, (await sut.Service.ListOverridesAsync("incident-duty", default)).Count);
    }

    [Fact]
    public async Task AddOverrideAsync_ReplacementAlreadyCoveringTheOtherMemberThen_RefusedNamingReplacementId()
    {
        var sut = await CreateSutAsync(announce: true);
        await CoverAsync(sut, sut.Pair[0], sut.Others[0], Tonight, TonightEnds);
        _email.Sent.Clear();

        var ex = await Assert.ThrowsAsync<ValidationException>(() => CoverAsync(sut, sut.Pair[1], sut.Others[0], TonightEnds.AddHours(-1), TonightEnds.AddHours(2)));

        Assert.Contains("covering", ex.Errors["replacementId"][0]);
        Assert.Single((await sut.Rotations.GetFrozenShiftAsync("incident-duty", W49, default))!.Value.Changes);
        Assert.Empty(_email.Sent);
    }

    [Fact]
    public async Task AddOverrideAsync_ReplacementOnLeaveDuringTheCover_RefusedWithoutForce_DoneWithForceAndWarned_LeaveOnAnotherDayNot()
    {
        var sut = await CreateSutAsync(announce: false);
        await sut.Roster.AddLeaveAsync(new Leave { Id = "20261202-20261202", MemberId = sut.Others[0], From = new DateOnly(2026, 12, 2), To = new DateOnly(2026, 12, 2) }, default);
        await sut.Roster.AddLeaveAsync(new Leave { Id = "20261204-20261204", MemberId = sut.Others[1], From = new DateOnly(2026, 12, 4), To = new DateOnly(2026, 12, 4) }, default);

        var refused = await Assert.ThrowsAsync<ConflictException>(() => CoverAsync(sut, sut.Pair[0], sut.Others[0], Tonight, TonightEnds));
        Assert.Empty((await sut.Rotations.GetStateAsync("incident-duty", default)).Overrides);
        var warned = await CoverAsync(sut, sut.Pair[0], sut.Others[0], Tonight, TonightEnds, force: true);
        var quiet = await CoverAsync(sut, sut.Pair[1], sut.Others[1], Tonight, TonightEnds);

        Assert.Equal("replacementId", refused.Field);
        Assert.Contains(warned.Warnings, w => w.Contains("on leave 2026-12-02", StringComparison.Ordinal));
        Assert.DoesNotContain(quiet.Warnings, w => w.Contains("leave", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DeleteOverrideAsync_CoverOfAWeekNotAnnounced_DeletedAndTheMemberIsOnDutyAgain()
    {
        var sut = await CreateSutAsync(announce: false);
        var cover = (await CoverAsync(sut, sut.Pair[0], sut.Others[0], Tonight, TonightEnds)).Items[0];
        _time.SetUtcNow(Tonight.AddHours(1));

        var removal = await sut.Service.DeleteOverrideAsync("incident-duty", cover.Id, null, default);

        Assert.Equal([cover.Id], removal.Deleted);
        Assert.Equal(sut.Pair, await OnDutyAtAsync(sut, Tonight.AddHours(1)));
    }

    [Fact]
    public async Task DeleteOverrideAsync_CoverOfTheAnnouncedWeek_UndoneAndToldOnceEach_AndTheMemberIsOnDutyAgain()
    {
        var sut = await CreateSutAsync(announce: true);
        var (member, replacement) = (sut.Pair[0], sut.Others[0]);
        var cover = (await CoverAsync(sut, member, replacement, Tonight, TonightEnds, "歯医者")).Items[0];
        _email.Sent.Clear();
        _time.SetUtcNow(Tonight.AddHours(1));

        var removal = await sut.Service.DeleteOverrideAsync("incident-duty", cover.Id, "予定が変わった", "Liam", default);

        var undo = Assert.Single(removal.Undos);
        Assert.Equal((cover.Id, (DateTimeOffset?)Tonight, (DateTimeOffset?)TonightEnds), (undo.Undoes, undo.From, undo.To));
        Assert.Equal(sut.Pair, await OnDutyAtAsync(sut, Tonight.AddHours(1)));
        Assert.Equal(sut.Pair, (await sut.Rotations.GetFrozenShiftAsync("incident-duty", W49, default))!.Value.Members);
        var partner = sut.Pair.Single(m => m != member);
        Assert.Equal(new[] { $"{member}@example.com", $"{replacement}@example.com", $"{partner}@example.com" }.Order(StringComparer.Ordinal), _email.Sent.Select(s => s.Message.To).Order(StringComparer.Ordinal));

        _time.SetUtcNow(TonightEnds);
        var over = await CoverAsync(sut, member, replacement, TonightEnds.AddHours(1), TonightEnds.AddHours(2), "again");
        _time.SetUtcNow(TonightEnds.AddHours(3));
        var ex = await Assert.ThrowsAsync<ValidationException>(() => sut.Service.DeleteOverrideAsync("incident-duty", over.Items[0].Id, null, default));
        Assert.Contains("over", ex.Errors["overrideId"][0]);
    }

    [Fact]
    public async Task AddOverrideAsync_WholeShiftWithoutFromAndTo_AsBefore()
    {
        var sut = await CreateSutAsync(announce: false);

        var result = await sut.Service.AddOverrideAsync("incident-duty", "2026-W49", sut.Pair[0], sut.Others[0], null, null, null, null, default);

        Assert.False(result.Items[0].IsCover);
        Assert.Equal(sut.Pair.Select(m => m == sut.Pair[0] ? sut.Others[0] : m), (await sut.Service.GetScheduleAsync("incident-duty", W49, 1, default)).Shifts[0].MemberIds);
        var ex = await Assert.ThrowsAsync<ValidationException>(() => sut.Service.AddOverrideAsync("incident-duty", null, sut.Pair[1], sut.Others[1], null, null, null, null, default));
        Assert.Contains("week", ex.Errors.Keys);
    }
}
