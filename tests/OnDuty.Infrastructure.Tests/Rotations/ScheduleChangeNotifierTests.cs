using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OnDuty.Core.Calendar;
using OnDuty.Core.Notifications;
using OnDuty.Core.Rotations;
using OnDuty.Core.Team;
using OnDuty.Testing;

namespace OnDuty.Infrastructure.Tests.Rotations;

/// <summary>
/// Who is mailed when a swap, a replacement or leave moves weeks not yet announced, as the app composes it on Azurite's tables:
/// the outbox rows recorded (recipients, ids, texts), once per change.
/// </summary>
public sealed class ScheduleChangeNotifierTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string RotationId = "incident-duty";

    // Thursday 2026-12-03 16:00 in Tokyo: 2026-W49 is on, nothing announced.
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 3, 7, 0, 0, TimeSpan.Zero));

    private static readonly Member[] Members =
    [
        Member("yamada", "山田 太郎", Language.Ja),
        Member("sato", "佐藤 花子", Language.Ja),
        Member("emma", "Emma Wilson", Language.En),
        Member("tanaka", "田中 健", Language.Ja),
        Member("liam", "Liam Smith", Language.En),
    ];

    /// <summary>
    /// 山田 trades a week with Emma weeks ahead: both are mailed (the other party always), in their language, with the week they
    /// now have, who entered it and why — and nobody else, since a swap does not move the queue; but the one who stays on the
    /// week traded away next week hears their partner changed (session 52), not the one on the week a month away.
    /// </summary>
    [Fact]
    public async Task AddSwapAsync_UnannouncedWeeks_BothPartiesMailedInTheirLanguage_NobodyElse()
    {
        await using var services = await BuildAsync();
        var rotations = services.GetRequiredService<RotationService>();
        var shifts = (await rotations.GetScheduleAsync(RotationId, null, 8, default)).Shifts;
        var (a, weekA, b, weekB) = SwapPair(shifts);

        var result = await rotations.AddSwapAsync(RotationId, a, weekA.Week, b, weekB.Week, "家族の用事", "山田 太郎", default);

        var mails = await ScheduleMailsAsync(services);
        Assert.Equal(new[] { $"{a}@example.com", $"{b}@example.com" }.Order(StringComparer.Ordinal), mails.Select(m => m.Recipient).Order(StringComparer.Ordinal));
        var swapId = result.Items[0].SwapId;
        Assert.All(mails, m => Assert.StartsWith($"schedule:{RotationId}:change:{swapId}:email:", m.Id, StringComparison.Ordinal));
        foreach (var (reader, gained, lost) in new[] { (a, weekB, weekA), (b, weekA, weekB) })
        {
            var mail = mails.Single(m => m.Recipient == $"{reader}@example.com");
            Assert.Contains(GainedLine(reader, gained), mail.TextBody, StringComparison.Ordinal);
            Assert.Contains(LostLine(reader, lost), mail.TextBody, StringComparison.Ordinal);
            Assert.Contains("家族の用事", mail.TextBody, StringComparison.Ordinal);
            Assert.Contains("山田 太郎", mail.TextBody, StringComparison.Ordinal);
        }

        var staying = weekA.MemberIds.Single(id => id != a);
        var partner = Assert.Single(await PartnerMailsAsync(services));
        Assert.Equal($"schedule:{RotationId}:change:{swapId}:partner:email:{staying}@example.com", partner.Id);
    }

    /// <summary>
    /// Leave in a week not yet announced moves turns (the member skipped, someone else earlier): every member whose coming weeks
    /// differ is mailed once, with the leave and who entered it, and nobody whose weeks stayed.
    /// </summary>
    [Fact]
    public async Task AddLeaveAsync_MovesTurns_EveryMemberMovedIsMailed_AndOnlyThey()
    {
        await using var services = await BuildAsync();
        var rotations = services.GetRequiredService<RotationService>();
        var before = (await rotations.GetScheduleAsync(RotationId, null, ScheduleChangeNotifier.Horizon, default)).Shifts;
        var week = before[2];
        var away = week.MemberIds[0];

        await services.GetRequiredService<RosterService>().AddLeaveAsync(away, week.StartDate, week.EndDate, "夏季休暇", "高橋 一郎", default);

        var after = (await rotations.GetScheduleAsync(RotationId, null, ScheduleChangeNotifier.Horizon, default)).Shifts;
        var moved = Members.Select(m => m.Id).Where(id => !WeeksOf(before, id).SequenceEqual(WeeksOf(after, id))).ToList();
        Assert.Contains(away, moved);
        Assert.True(moved.Count >= 2, "leave should move someone into the member's place");
        var mails = await ScheduleMailsAsync(services);
        Assert.Equal(moved.Select(id => $"{id}@example.com").Order(StringComparer.Ordinal), mails.Select(m => m.Recipient).Order(StringComparer.Ordinal));
        Assert.All(mails, m => Assert.StartsWith($"schedule:{RotationId}:change:leave-{away}-", m.Id, StringComparison.Ordinal));
        Assert.All(mails, m => Assert.Contains("高橋 一郎", m.TextBody, StringComparison.Ordinal));
        var awayMail = mails.Single(m => m.Recipient == $"{away}@example.com");
        // The week of the leave is said lost, and no line gives it back (the lists before and after are said only when a week
        // stays, trial 46 L: else they repeated the lines gained and lost).
        var awayLines = awayMail.TextBody.Split('\n');
        Assert.Contains(Label(away, week.Week), awayLines.Single(l => l.Contains(IsJa(away) ? "はあなたの当番ではなくなりました。" : "You are no longer on duty in", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.DoesNotContain(awayLines, l => l.Contains(Label(away, week.Week), StringComparison.Ordinal)
            && (l.StartsWith(AfterLabel(away), StringComparison.Ordinal) || l.Contains(IsJa(away) ? "があなたの当番になりました。" : "You are now on duty in", StringComparison.Ordinal)));
    }

    /// <summary>A member made inactive drops out of their coming weeks: whoever that moves is mailed, and the mail says why.</summary>
    [Fact]
    public async Task SaveMemberAsync_MemberMadeInactive_EveryMemberMovedIsMailed()
    {
        await using var services = await BuildAsync();
        var rotations = services.GetRequiredService<RotationService>();
        var before = (await rotations.GetScheduleAsync(RotationId, null, ScheduleChangeNotifier.Horizon, default)).Shifts;
        var gone = before[2].MemberIds[0];
        var team = services.GetRequiredService<RosterService>();
        var stored = await team.GetMemberAsync(gone, default);

        await team.SaveMemberAsync(stored.Value with { Active = false }, stored.ETag, default);

        var after = (await rotations.GetScheduleAsync(RotationId, null, ScheduleChangeNotifier.Horizon, default)).Shifts;
        var moved = Members.Select(m => m.Id).Where(id => !WeeksOf(before, id).SequenceEqual(WeeksOf(after, id))).ToList();
        Assert.Contains(gone, moved);
        var mails = await ScheduleMailsAsync(services);
        Assert.Equal(moved.Select(id => $"{id}@example.com").Order(StringComparer.Ordinal), mails.Select(m => m.Recipient).Order(StringComparer.Ordinal));
        Assert.All(mails, m => Assert.StartsWith($"schedule:{RotationId}:change:member-{gone}-", m.Id, StringComparison.Ordinal));
        // It says what the edit was (trial 37 M2), not only that the roster entry changed.
        Assert.All(mails.Where(m => IsJa(m.Recipient.Split('@')[0])), m => Assert.Contains("は休止中になりました。休止のあいだは当番に入りません。", m.TextBody, StringComparison.Ordinal));
        Assert.All(mails.Where(m => IsJa(m.Recipient.Split('@')[0])), m => Assert.Contains("そのため、お知らせ前の当番を組み直しました。", m.TextBody, StringComparison.Ordinal));
        Assert.DoesNotContain(mails, m => m.TextBody.Contains("メンバー登録（休止・経験など）", StringComparison.Ordinal));
    }

    /// <summary>The same change told twice (a retry) queues nothing new: one mail per member.</summary>
    [Fact]
    public async Task TellAsync_SameChangeTwice_OneMailPerMember()
    {
        await using var services = await BuildAsync();
        var notifier = services.GetRequiredService<ScheduleChangeNotifier>();
        var before = await notifier.TakeAsync(default);
        var shifts = (await services.GetRequiredService<RotationService>().GetScheduleAsync(RotationId, null, 8, default)).Shifts;
        var (a, weekA, b, weekB) = SwapPair(shifts);
        await services.GetRequiredService<IRotationRepository>().AddOverridesAsync(RotationId,
        [
            new RotationOverride { Id = "s1-a", Kind = OverrideKind.Swap, SwapId = "s1", ShiftStart = weekA.StartDate, MemberId = a, ReplacementId = b, CreatedAt = _time.GetUtcNow() },
            new RotationOverride { Id = "s1-b", Kind = OverrideKind.Swap, SwapId = "s1", ShiftStart = weekB.StartDate, MemberId = b, ReplacementId = a, CreatedAt = _time.GetUtcNow() },
        ], default);
        var cause = new ScheduleChangeCause { Id = "s1", Kind = ScheduleChangeKind.Swap, MemberId = a, OtherMemberId = b, Week = weekA.Week, OtherWeek = weekB.Week };

        // The two parties, and the one staying on next week's traded week (its partner changed).
        Assert.Equal(3, await notifier.TellAsync(before, cause, default));
        Assert.Equal(0, await notifier.TellAsync(before, cause, default));

        Assert.Equal(2, (await ScheduleMailsAsync(services)).Count);
        Assert.Single(await PartnerMailsAsync(services));
    }

    /// <summary>A replacement in the announced week has its own change notices: no schedule-change mail on top.</summary>
    [Fact]
    public async Task AddOverrideAsync_AnnouncedWeek_NoScheduleChangeMail()
    {
        await using var services = await BuildAsync();
        var rotations = services.GetRequiredService<RotationService>();
        var current = await AnnounceCurrentAsync(services);
        var replacement = Members.Select(m => m.Id).First(id => !current.MemberIds.Contains(id));

        await rotations.AddOverrideAsync(RotationId, current.Week, current.MemberIds[0], replacement, "体調不良", "佐藤 花子", default);

        Assert.Empty(await ScheduleMailsAsync(services));
        Assert.Contains(await services.GetRequiredService<IOutboxStore>().ListAsync(OutboxStatus.Pending, 100, default), m => m.Id.StartsWith($"duty:{RotationId}:{current.Week}:change:", StringComparison.Ordinal));
    }

    /// <summary>
    /// The rotation's member order edited (PUT with If-Match): every member whose coming weeks moved is mailed once, with the
    /// weeks before and after and that the settings changed — and nobody whose weeks stayed.
    /// </summary>
    [Fact]
    public async Task SaveAsync_MemberOrderEdited_EveryMemberMovedIsMailed_AndOnlyThey()
    {
        await using var services = await BuildAsync();
        var rotations = services.GetRequiredService<RotationService>();
        var before = (await rotations.GetScheduleAsync(RotationId, null, ScheduleChangeNotifier.Horizon, default)).Shifts;
        var stored = await rotations.GetAsync(RotationId, default);

        var saved = await rotations.SaveAsync(stored.Value with { Members = [.. stored.Value.Members.Reverse()] }, stored.ETag, default);

        var after = (await rotations.GetScheduleAsync(RotationId, null, ScheduleChangeNotifier.Horizon, default)).Shifts;
        var moved = Members.Select(m => m.Id).Where(id => !OpenWeeks(before, id).SequenceEqual(OpenWeeks(after, id))).ToList();
        Assert.True(moved.Count >= 2, "reversing the order should move someone");
        var mails = await ScheduleMailsAsync(services);
        Assert.Equal(moved.Select(id => $"{id}@example.com").Order(StringComparer.Ordinal), mails.Select(m => m.Recipient).Order(StringComparer.Ordinal));
        Assert.All(mails, m => Assert.StartsWith($"schedule:{RotationId}:change:rotation-{RotationId}-", m.Id, StringComparison.Ordinal));
        foreach (var id in moved)
        {
            var mail = mails.Single(m => m.Recipient == $"{id}@example.com");
            // It says what changed (trial 37 M8): the order as it was and is.
            Assert.Contains(IsJa(id) ? "ローテーションの設定が次のとおり変更されたため" : "The rotation's settings were changed as below", mail.TextBody, StringComparison.Ordinal);
            Assert.Contains(IsJa(id) ? "・当番の順番：山田 太郎、佐藤 花子、Emma Wilson、田中 健、Liam Smith → Liam Smith、田中 健、Emma Wilson、佐藤 花子、山田 太郎" : "- Member order: 山田 太郎, 佐藤 花子, Emma Wilson, 田中 健, Liam Smith → Liam Smith, 田中 健, Emma Wilson, 佐藤 花子, 山田 太郎", mail.TextBody, StringComparison.Ordinal);
            Assert.Contains(IsJa(id) ? "比べたのは今後8週分です。それより先の当番も変わることがあります。" : "Only the next 8 weeks are compared here; later weeks may change too.", mail.TextBody, StringComparison.Ordinal);
        }

        // Whose partner it changed in a week soon but whose own weeks stayed reads that alone; those moved read it in their mail.
        Assert.All(await PartnerMailsAsync(services), m => Assert.DoesNotContain(m.Recipient.Split('@')[0], moved));

        // Saving the same settings again is a change that moves nobody: nothing more is queued.
        var count = mails.Count;
        await rotations.SaveAsync((await rotations.GetAsync(RotationId, default)).Value, saved.ETag, default);
        Assert.Equal(count, (await ScheduleMailsAsync(services)).Count);
    }

    /// <summary>
    /// The start moved months ahead (the rotation postponed): everyone on a coming week is told it is gone; moved back, they are
    /// told their weeks from now again — each edit once, compared from the shift running now, not from the old calendar's days.
    /// </summary>
    [Fact]
    public async Task SaveAsync_StartMovedAheadAndBack_EveryoneOnComingWeeksMailedEachTime()
    {
        await using var services = await BuildAsync();
        var rotations = services.GetRequiredService<RotationService>();
        var before = (await rotations.GetScheduleAsync(RotationId, null, ScheduleChangeNotifier.Horizon, default)).Shifts;
        var onComing = Members.Select(m => m.Id).Where(id => OpenWeeks(before, id).Count > 0).ToList();
        // Weeks named by their Monday (a week whose handoff moved off a holiday, 2027-01-11, is named by its Tuesday), not yet
        // running: the edit freezes the running shift with its pair first, so it is not said lost or gained (trial 46 L).
        List<string> Plain(string id) => [.. before.Where(s => s.HandoffMoved is null && s.StartsAt > _time.GetUtcNow() && s.MemberIds.Contains(id)).Select(s => s.Week)];
        var stored = await rotations.GetAsync(RotationId, default);

        var postponed = await rotations.SaveAsync(stored.Value with { StartDate = new DateOnly(2027, 6, 7) }, stored.ETag, default);

        var gone = await ScheduleMailsAsync(services);
        Assert.Equal(onComing.Select(id => $"{id}@example.com").Order(StringComparer.Ordinal), gone.Select(m => m.Recipient).Order(StringComparer.Ordinal));
        foreach (var id in onComing)
        {
            var lost = gone.Single(m => m.Recipient == $"{id}@example.com").TextBody.Split('\n').Single(l => l.Contains(IsJa(id) ? "はあなたの当番ではなくなりました。" : "You are no longer on duty in", StringComparison.Ordinal));
            Assert.All(Plain(id), week => Assert.Contains(Label(id, week), lost, StringComparison.Ordinal));
        }

        await rotations.SaveAsync(stored.Value, postponed.ETag, default);

        var back = (await ScheduleMailsAsync(services)).Where(m => !gone.Any(g => g.Id == m.Id)).ToList();
        Assert.Equal(onComing.Select(id => $"{id}@example.com").Order(StringComparer.Ordinal), back.Select(m => m.Recipient).Order(StringComparer.Ordinal));
        foreach (var id in onComing)
        {
            var gained = back.Single(m => m.Recipient == $"{id}@example.com").TextBody.Split('\n').Single(l => l.Contains(IsJa(id) ? "があなたの当番になりました。" : "You are now on duty in", StringComparison.Ordinal));
            Assert.All(Plain(id), week => Assert.Contains(Label(id, week), gained, StringComparison.Ordinal));
        }
    }

    /// <summary>
    /// Session 47 (brief I): the start moved later past the running shift, stored on Azurite. That shift keeps its pair on call
    /// until it ends; then nobody (pages go to the leads) until the new first handoff; from then the new start's first pair. The
    /// pair's mail says their week goes on until when, and that nobody is on duty after it until the new start.
    /// </summary>
    [Fact]
    public async Task SaveAsync_StartMovedLaterPastTheRunningShift_PairOnCallUntilItsEnd_NobodyInTheGap_FirstPairFromTheNewStart()
    {
        await using var services = await BuildAsync();
        var rotations = services.GetRequiredService<RotationService>();
        var pair = (await rotations.GetOnCallAsync(RotationId, default)).Current!.MemberIds;
        var stored = await rotations.GetAsync(RotationId, default);

        await rotations.SaveAsync(stored.Value with { StartDate = new DateOnly(2026, 12, 21) }, stored.ETag, null, "高橋 一郎", default);

        var running = await rotations.GetOnCallAsync(RotationId, default);
        Assert.Equal("2026-W49", running.Current!.Week);
        Assert.Equal(pair, running.Members.Select(m => m.Id));
        var first = (await rotations.GetScheduleAsync(RotationId, new DateOnly(2026, 12, 21), 1, default)).Shifts.Single();
        Assert.Equal(0, first.Index);
        var mails = await ScheduleMailsAsync(services);
        Assert.All(pair, id =>
        {
            var mail = mails.Single(m => m.Recipient == $"{id}@example.com");
            Assert.Contains(IsJa(id) ? "11月30日(月)からの週の当番は、お知らせどおりの担当のまま12月7日(月) 10:00（JST）まで続きます。" : "The duty for the week of Mon 30 Nov stays with whoever was announced for it, until Mon 7 Dec 2026 10:00 (JST).", mail.TextBody, StringComparison.Ordinal);
            Assert.Contains(IsJa(id) ? "12月7日(月) 10:00から12月21日(月) 10:00（JST）までは当番がいません。そのあいだの呼び出しはリーダーに届きます。" : "Nobody is on duty from Mon 7 Dec 2026 10:00 to Mon 21 Dec 2026 10:00 (JST): pages in that time go to the leads.", mail.TextBody, StringComparison.Ordinal);
        });

        // A minute before its end the pair is still on call; in the gap nobody; from the new start its first pair.
        _time.SetUtcNow(new DateTimeOffset(2026, 12, 7, 0, 59, 0, TimeSpan.Zero));
        Assert.Equal(pair, (await rotations.GetOnCallAsync(RotationId, default)).Members.Select(m => m.Id));
        _time.SetUtcNow(new DateTimeOffset(2026, 12, 14, 3, 0, 0, TimeSpan.Zero));
        var gap = await rotations.GetOnCallAsync(RotationId, default);
        Assert.Null(gap.Current);
        Assert.Empty(gap.Members);
        _time.SetUtcNow(new DateTimeOffset(2026, 12, 21, 1, 0, 0, TimeSpan.Zero));
        var started = await rotations.GetOnCallAsync(RotationId, default);
        Assert.Equal("2026-W52", started.Current!.Week);
        Assert.Equal(first.MemberIds, started.Members.Select(m => m.Id));
        Assert.NotEmpty(first.MemberIds);
    }

    /// <summary>
    /// Session 48 (brief F): the PUT's <c>heldOver</c> comes from the save itself (it read the frozen shifts, roster and leave
    /// already), no second read of the schedule: nothing held over by an edit that keeps the start; the running week held over
    /// until its end, then nobody until the new start, when the start moves later past it — what a fresh read of the stored
    /// rotation says; and again for a later edit while that week still runs (the answer said it then too).
    /// </summary>
    [Fact]
    public async Task SaveAsync_StartMovedLaterPastTheRunningShift_TheSaveCarriesWhatIsHeldOver_AsAFreshReadSaysIt()
    {
        await using var services = await BuildAsync();
        var rotations = services.GetRequiredService<RotationService>();
        var stored = await rotations.GetAsync(RotationId, default);

        var renamed = await rotations.SaveAsync(stored.Value with { Name = "Incident duty (renamed)" }, stored.ETag, null, null, default);
        var moved = await rotations.SaveAsync(renamed.Value with { StartDate = new DateOnly(2026, 12, 21) }, renamed.ETag, null, "高橋 一郎", default);
        var again = await rotations.SaveAsync(moved.Value with { Name = "Incident duty" }, moved.ETag, null, null, default);

        Assert.Null(renamed.HeldOver);
        var fresh = HeldOverShifts.Of(new ScheduleInput(
            (await rotations.GetAsync(RotationId, default)).Value,
            (await rotations.RosterAsync(default)).ToDictionary(m => m.Key, m => m.Value),
            [],
            await services.GetRequiredService<IRotationRepository>().GetStateAsync(RotationId, default)) { WorkingCalendar = services.GetService<IWorkingCalendar>() }, _time.GetUtcNow());
        foreach (var held in new[] { moved.HeldOver, again.HeldOver, fresh })
        {
            Assert.NotNull(held);
            Assert.Equal(["2026-W49"], held.Weeks);
            Assert.Equal([new DateOnly(2026, 11, 30)], held.StartsOn);
            Assert.Equal(new DateTimeOffset(2026, 12, 7, 1, 0, 0, TimeSpan.Zero), held.Until);
            Assert.Equal(new DateTimeOffset(2026, 12, 21, 1, 0, 0, TimeSpan.Zero), held.FirstStartsAt);
            Assert.True(held.Gap);
        }

        Assert.Equal(again.ETag, (await rotations.GetAsync(RotationId, default)).ETag);
    }

    /// <summary>
    /// Session 48 (brief F), storage reads counted: a save that moves the start later past the running shift reads the rotation's
    /// state (its frozen shifts and overrides) once more than a save that only renames it — for the start's own check —, none
    /// for what is held over: that comes from the input the save read already (it loaded the schedule again for that, and the
    /// PUT's answer once more).
    /// </summary>
    [Fact]
    public async Task SaveAsync_StartMovedLater_WhatIsHeldOverCostsNoStateRead()
    {
        var counting = await Retros.CountingTables.CreateAsync(azurite.ConnectionString, "heldreads");
        await using var services = await new AzuriteApp(azurite, "heldreads").WithTime(_time).Replace(s => s.AddSingleton(counting.Tables)).BuildAsync();
        await StaggeredPairRotation.SeedAsync(services, RotationId, Members);
        var rotations = services.GetRequiredService<RotationService>();
        var stored = await rotations.GetAsync(RotationId, default);

        var before = counting.ReadsOf("RotationState");
        var renamed = await rotations.SaveAsync(stored.Value with { Name = "Incident duty (renamed)" }, stored.ETag, null, null, default);
        var renameReads = counting.ReadsOf("RotationState") - before;
        before = counting.ReadsOf("RotationState");
        var moved = await rotations.SaveAsync(renamed.Value with { StartDate = new DateOnly(2026, 12, 21) }, renamed.ETag, null, "高橋 一郎", default);
        var moveReads = counting.ReadsOf("RotationState") - before;

        Assert.Null(renamed.HeldOver);
        Assert.Equal(["2026-W49"], moved.HeldOver!.Weeks);
        Assert.InRange(renameReads, 1, 10);

        // One more: a start that changes is checked against the shifts it would move (started, announced, keyed), with a read
        // of its own; what is held over costs none (before: two more, the save's reload and the PUT answer's).
        Assert.Equal(renameReads + 1, moveReads);
    }

    /// <summary>
    /// A member taken out of the rotation's members: they are told their weeks are gone (変更後：なし), and those who take their
    /// weeks are told they have them — by one mail each, naming the member taken out.
    /// </summary>
    [Fact]
    public async Task SaveAsync_MemberTakenOut_TheyAndThoseTakingTheirWeeksAreMailed()
    {
        await using var services = await BuildAsync();
        var rotations = services.GetRequiredService<RotationService>();
        var before = (await rotations.GetScheduleAsync(RotationId, null, ScheduleChangeNotifier.Horizon, default)).Shifts;
        var gone = before[2].MemberIds[0];
        var stored = await rotations.GetAsync(RotationId, default);

        await rotations.SaveAsync(stored.Value with { Members = [.. stored.Value.Members.Where(m => m != gone)] }, stored.ETag, default);

        var after = (await rotations.GetScheduleAsync(RotationId, null, ScheduleChangeNotifier.Horizon, default)).Shifts;
        Assert.Empty(OpenWeeks(after, gone));
        var takers = Members.Select(m => m.Id).Where(id => id != gone && OpenWeeks(after, id).Except(OpenWeeks(before, id)).Any()).ToList();
        Assert.NotEmpty(takers);
        var moved = Members.Select(m => m.Id).Where(id => id == gone || !OpenWeeks(before, id).SequenceEqual(OpenWeeks(after, id))).ToList();
        var mails = await ScheduleMailsAsync(services);
        Assert.Equal(moved.Select(id => $"{id}@example.com").Order(StringComparer.Ordinal), mails.Select(m => m.Recipient).Order(StringComparer.Ordinal));
        var goneMail = mails.Single(m => m.Recipient == $"{gone}@example.com");
        Assert.Contains(AfterLabel(gone) + (IsJa(gone) ? "なし" : " none"), goneMail.TextBody, StringComparison.Ordinal);
        Assert.Contains(IsJa(gone) ? "あなたがローテーションのメンバーから外れたため" : "The rotation's members no longer include you", goneMail.TextBody, StringComparison.Ordinal);
        foreach (var taker in takers)
        {
            var mail = mails.Single(m => m.Recipient == $"{taker}@example.com");
            var gained = after.First(s => s.MemberIds.Contains(taker) && !OpenWeeks(before, taker).Contains(s.Week));
            var gainedLine = mail.TextBody.Split('\n').Single(l => l.EndsWith(IsJa(taker) ? "があなたの当番になりました。" : ".", StringComparison.Ordinal) && l.Contains(IsJa(taker) ? "からの週" : "You are now on duty in", StringComparison.Ordinal));
            Assert.Contains(Label(taker, gained.Week), gainedLine, StringComparison.Ordinal);
            if (IsJa(gone) && IsJa(taker))
            {
                Assert.Contains($"{Members.Single(m => m.Id == gone).DisplayName.Split(' ')[0]}さんがローテーションのメンバーから外れたため", mail.TextBody, StringComparison.Ordinal);
            }
        }
    }

    /// <summary>
    /// Trial 34 M1: two members taken out in one edit each read that they were taken out (「あなたがローテーションのメンバーから
    /// 外れたため…」), not the generic "settings changed"; those taking their weeks read both names.
    /// </summary>
    [Fact]
    public async Task SaveAsync_TwoMembersTakenOutInOneEdit_EachToldTheyWereTakenOut()
    {
        await using var services = await BuildAsync();
        var rotations = services.GetRequiredService<RotationService>();
        var stored = await rotations.GetAsync(RotationId, default);

        await rotations.SaveAsync(stored.Value with { Members = [.. stored.Value.Members.Where(m => m is not "emma" and not "tanaka")] }, stored.ETag, default);

        var mails = await ScheduleMailsAsync(services);
        Assert.Contains("あなたがローテーションのメンバーから外れたため", mails.Single(m => m.Recipient == "tanaka@example.com").TextBody, StringComparison.Ordinal);
        Assert.Contains("The rotation's members no longer include you", mails.Single(m => m.Recipient == "emma@example.com").TextBody, StringComparison.Ordinal);
        var others = mails.Where(m => m.Recipient is not "tanaka@example.com" and not "emma@example.com").ToList();
        Assert.NotEmpty(others);
        Assert.All(others, m => Assert.Contains(m.TextBody.Contains("メンバーから外れた", StringComparison.Ordinal) ? "Emma Wilsonさん・田中さんが" : "no longer include Emma Wilson & 田中", m.TextBody, StringComparison.Ordinal));
        Assert.DoesNotContain(mails, m => m.TextBody.Contains("設定（人数", StringComparison.Ordinal) || m.TextBody.Contains("settings were changed", StringComparison.Ordinal));
    }

    /// <summary>
    /// Trial 34 H1: the running, announced week's member is taken out of the rotation, then replaced for the week by a member
    /// with a later week of her own. The replacement serves that week only: every week not yet announced stays as it was, so
    /// nobody gets a schedule-change mail (before, the cover counted as her turn: she lost her later week, someone else got
    /// it, and neither was told).
    /// </summary>
    [Fact]
    public async Task AddOverrideAsync_AnnouncedWeekReplacementWithALaterWeek_KeepsIt_LaterWeeksStay()
    {
        await using var services = await BuildAsync();
        var rotations = services.GetRequiredService<RotationService>();
        var current = await AnnounceCurrentAsync(services);
        var sick = current.MemberIds[0];
        var stored = await rotations.GetAsync(RotationId, default);
        await rotations.SaveAsync(stored.Value with { Members = [.. stored.Value.Members.Where(m => m != sick)] }, stored.ETag, default);
        var before = (await rotations.GetScheduleAsync(RotationId, null, ScheduleChangeNotifier.Horizon, default)).Shifts;
        // The member whose own turn comes last: not the one the queue would have put in the sick member's place.
        var replacement = before.Skip(1).SelectMany(s => s.MemberIds).Where(id => !current.MemberIds.Contains(id)).Distinct().Last();
        var mailsBefore = (await ScheduleMailsAsync(services)).Count;

        var result = await rotations.AddOverrideAsync(RotationId, current.Week, sick, replacement, "発熱のため", "山田 太郎", default);

        var after = (await rotations.GetScheduleAsync(RotationId, null, ScheduleChangeNotifier.Horizon, default)).Shifts;
        Assert.Contains(replacement, after[0].MemberIds);
        Assert.Equal(before.Skip(1).Select(s => s.MemberIds), after.Skip(1).Select(s => s.MemberIds));
        Assert.Equal(mailsBefore, (await ScheduleMailsAsync(services)).Count);
        Assert.DoesNotContain(await ScheduleMailsAsync(services), m => m.Id.Contains(result.Items[0].Id, StringComparison.Ordinal));
    }

    /// <summary>
    /// Leave cancelled and entered again with the same id (same dates) is a new entry: each of the three changes mails the
    /// members it moved, under its own id — the third is not swallowed as the first one again.
    /// </summary>
    [Fact]
    public async Task AddLeaveAsync_CancelledAndEnteredAgain_MailedAgain()
    {
        await using var services = await BuildAsync();
        var rotations = services.GetRequiredService<RotationService>();
        var week = (await rotations.GetScheduleAsync(RotationId, null, ScheduleChangeNotifier.Horizon, default)).Shifts[2];
        var away = week.MemberIds[0];
        var team = services.GetRequiredService<RosterService>();

        var first = await team.AddLeaveAsync(away, week.StartDate, week.EndDate, "夏季休暇", "高橋 一郎", default);
        var entered = (await ScheduleMailsAsync(services)).Where(m => m.Recipient == $"{away}@example.com").Select(m => m.Id).ToList();
        _time.Advance(TimeSpan.FromMinutes(5));
        await team.DeleteLeaveAsync(away, first.Id, "高橋 一郎", default);
        _time.Advance(TimeSpan.FromMinutes(5));
        var again = await team.AddLeaveAsync(away, week.StartDate, week.EndDate, "夏季休暇", "高橋 一郎", default);

        Assert.Equal(first.Id, again.Id);
        var awayMails = (await ScheduleMailsAsync(services)).Where(m => m.Recipient == $"{away}@example.com").ToList();
        Assert.Single(entered);
        Assert.Equal(3, awayMails.Count);
        Assert.Single(awayMails, m => m.Id.Contains("-cancelled:", StringComparison.Ordinal));
        Assert.Equal(3, awayMails.Select(m => m.Id).Distinct(StringComparer.Ordinal).Count());
    }

    /// <summary>
    /// Out of office found in Outlook enters leave as a person would: the members it moves get the same mail (「Outlook の予定表に
    /// 不在…が入ったため」, no 変更者). The sync running again finds nothing to change and mails nobody; the out-of-office gone, the
    /// leave goes and the members it moves back are told.
    /// </summary>
    [Fact]
    public async Task OutlookLeaveSync_AddsLeave_MovedMembersMailedOnce_AndToldWhenItGoes()
    {
        await using var services = await BuildAsync();
        var rotations = services.GetRequiredService<RotationService>();
        var before = (await rotations.GetScheduleAsync(RotationId, null, ScheduleChangeNotifier.Horizon, default)).Shifts;
        var week = before[2];
        var away = week.MemberIds[0];
        var outlook = new OutOfOffice { Address = $"{away}@example.com", Week = week };
        var sync = new OutlookLeaveSync(
            services.GetRequiredService<IRotationRepository>(),
            services.GetRequiredService<IRosterRepository>(),
            outlook,
            Options.Create(new OutlookLeaveOptions { WeeksAhead = 4 }),
            _time,
            NullLogger<OutlookLeaveSync>.Instance,
            null,
            services.GetRequiredService<ScheduleChangeNotifier>());

        Assert.Equal(1, (await sync.SyncAsync(default)).Added);

        var after = (await rotations.GetScheduleAsync(RotationId, null, ScheduleChangeNotifier.Horizon, default)).Shifts;
        var moved = Members.Select(m => m.Id).Where(id => !OpenWeeks(before, id).SequenceEqual(OpenWeeks(after, id))).ToList();
        Assert.Contains(away, moved);
        var mails = await ScheduleMailsAsync(services);
        Assert.Equal(moved.Select(id => $"{id}@example.com").Order(StringComparer.Ordinal), mails.Select(m => m.Recipient).Order(StringComparer.Ordinal));
        Assert.All(mails, m => Assert.StartsWith($"schedule:{RotationId}:change:leave-{away}-outlook-{week.Week}-", m.Id, StringComparison.Ordinal));
        Assert.All(mails.Where(m => IsJa(m.Recipient.Split('@')[0])), m => Assert.Contains("の Outlook の予定表に不在（", m.TextBody, StringComparison.Ordinal));
        Assert.All(mails, m => Assert.DoesNotContain("Outlook: out of office", m.TextBody, StringComparison.Ordinal));

        // Every n minutes: the leave is there, nothing is changed, nobody is mailed again.
        _time.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(0, (await sync.SyncAsync(default)).Added);
        Assert.Equal(mails.Count, (await ScheduleMailsAsync(services)).Count);

        outlook.Week = null;
        Assert.Equal(1, (await sync.SyncAsync(default)).Removed);
        var cancelled = (await ScheduleMailsAsync(services)).Where(m => m.Id.Contains("-cancelled:", StringComparison.Ordinal)).ToList();
        Assert.Equal(moved.Select(id => $"{id}@example.com").Order(StringComparer.Ordinal), cancelled.Select(m => m.Recipient).Order(StringComparer.Ordinal));
        Assert.All(cancelled.Where(m => IsJa(m.Recipient.Split('@')[0])), m => Assert.Contains("の Outlook の予定表から不在（", m.TextBody, StringComparison.Ordinal));
    }

    /// <summary>One address out of office for the whole of one shift (the sync asks per shift, a day either side).</summary>
    private sealed class OutOfOffice : IAvailabilitySource
    {
        public required string Address { get; init; }

        public ScheduledShift? Week { get; set; }

        public bool Enabled => true;

        public Task<IReadOnlyDictionary<string, IReadOnlyList<TimeRange>>> GetOutOfOfficeAsync(IReadOnlyList<string> addresses, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyDictionary<string, IReadOnlyList<TimeRange>>>(addresses.ToDictionary(
                a => a,
                a => (IReadOnlyList<TimeRange>)(a == Address && Week is { } week && DateOnly.FromDateTime(start.UtcDateTime) == week.StartDate.AddDays(-1) ? [new TimeRange(start, end)] : [])));
    }

    /// <summary>The weeks of a member not yet announced (nothing is announced in these tests but what a test freezes).</summary>
    private static List<string> OpenWeeks(IReadOnlyList<ScheduledShift> shifts, string id) => [.. shifts.Where(s => !s.Frozen && s.MemberIds.Contains(id)).Select(s => s.Week)];

    /// <summary>Two members each on one later week and not on the other's: who trades.</summary>
    private static (string A, ScheduledShift WeekA, string B, ScheduledShift WeekB) SwapPair(IReadOnlyList<ScheduledShift> shifts)
    {
        var weekA = shifts[1];
        foreach (var weekB in shifts.Skip(3))
        {
            var a = weekA.MemberIds.FirstOrDefault(id => !weekB.MemberIds.Contains(id));
            var b = weekB.MemberIds.FirstOrDefault(id => !weekA.MemberIds.Contains(id));
            if (a is not null && b is not null)
            {
                return (a, weekA, b, weekB);
            }
        }

        throw new InvalidOperationException("no pair to swap");
    }

    private static List<string> WeeksOf(IReadOnlyList<ScheduledShift> shifts, string id) => [.. shifts.Where(s => s.MemberIds.Contains(id)).Select(s => s.Week)];

    private static bool IsJa(string id) => Members.Single(m => m.Id == id).Language == Language.Ja;

    /// <summary>A week as the reader's mail names it, by its Monday: 「12月14日」 (before 「(月)からの週」) in Japanese, "the week of Mon 14 Dec" in English.</summary>
    private static string Label(string reader, string week)
    {
        var monday = System.Globalization.ISOWeek.ToDateTime(int.Parse(week[..4]), int.Parse(week[6..]), DayOfWeek.Monday);
        return IsJa(reader) ? $"{monday:M月d日}" : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"the week of {monday:ddd d MMM}");
    }

    private static string GainedLine(string reader, ScheduledShift week) =>
        IsJa(reader) ? $"{Label(reader, week.Week)}(月)からの週があなたの当番になりました。" : $"You are now on duty in {Said(week)}.";

    private static string LostLine(string reader, ScheduledShift week) =>
        IsJa(reader) ? $"{Label(reader, week.Week)}(月)からの週はあなたの当番ではなくなりました。" : $"You are no longer on duty in {Said(week)}.";

    /// <summary>
    /// A week in an English mail by the day it starts (session 48: "the week of Mon 28 Dec", not 2026-W53 with its days), and
    /// until when if a holiday moved its end.
    /// </summary>
    private static string Said(ScheduledShift week)
    {
        var first = week.HandoffMoved?.Date ?? week.StartDate;
        var next = week.EndDate.AddDays(1);
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"the week of {first:ddd d MMM}")
            + (next == first.AddDays(7) ? "" : string.Create(System.Globalization.CultureInfo.InvariantCulture, $" (until {next:ddd d MMM})"));
    }

    private static string AfterLabel(string reader) => IsJa(reader) ? "変更後：" : "Now:";

    /// <summary>Freezes the shift running now as announced with its members (as <c>AnnounceDutyWeek</c> would) and returns it.</summary>
    private async Task<ScheduledShift> AnnounceCurrentAsync(IServiceProvider services)
    {
        var current = (await services.GetRequiredService<RotationService>().GetScheduleAsync(RotationId, null, 1, default)).Shifts[0];
        await services.GetRequiredService<IRotationRepository>().TryFreezeShiftAsync(RotationId, new FrozenShift
        {
            ShiftStart = current.StartDate,
            Week = current.Week,
            Members = current.MemberIds,
            Status = FrozenShiftStatus.Announced,
            FrozenAt = _time.GetUtcNow(),
        }, default);
        return current;
    }

    /// <summary>The schedule-change mails queued (【予定の変更】), not the partner-change ones.</summary>
    private static async Task<List<OutboxMessage>> ScheduleMailsAsync(IServiceProvider services) =>
        [.. (await services.GetRequiredService<IOutboxStore>().ListAsync(OutboxStatus.Pending, 100, default))
            .Where(m => m.Id.StartsWith("schedule:", StringComparison.Ordinal) && !m.Id.Contains(":partner:", StringComparison.Ordinal))];

    /// <summary>The partner-change mails queued (【相手の変更】): to those who stay on a week soon whose partner a change replaced.</summary>
    private static async Task<List<OutboxMessage>> PartnerMailsAsync(IServiceProvider services) =>
        [.. (await services.GetRequiredService<IOutboxStore>().ListAsync(OutboxStatus.Pending, 100, default))
            .Where(m => m.Id.StartsWith("schedule:", StringComparison.Ordinal) && m.Id.Contains(":partner:", StringComparison.Ordinal))];

    private static Member Member(string id, string name, Language language) => new()
    {
        TimeZone = TestZones.Tokyo,
        Id = id,
        DisplayName = name,
        Email = $"{id}@example.com",
        Language = language,
        JoinedOn = new DateOnly(2020, 4, 1),
    };

    private async Task<ServiceProvider> BuildAsync()
    {
        var provider = await new AzuriteApp(azurite, "schedchg").WithTime(_time).BuildAsync();
        await StaggeredPairRotation.SeedAsync(provider, RotationId, Members);
        return provider;
    }
}
