using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OnDuty.Core.Common;
using OnDuty.Core.Messages;
using OnDuty.Core.Notifications;
using OnDuty.Core.Rotations;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Rotations;

/// <summary>
/// The schedule-change mail (【予定の変更】) says what the edit was — a leaving date as a leaving date, a rotation's settings
/// as they were and are — reaches everyone whose duty it moved, their hours included, and comes once per person per edit
/// (trial 37 M2, M7, M8).
/// </summary>
public sealed class ScheduleChangeNotifierTests
{
    // Monday 2026-11-30 10:05 in Tokyo: 2026-W49 has just been handed off.
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 30, 1, 5, 0, TimeSpan.Zero));
    private readonly RecordingEmailSender _email = new();

    private sealed record Sut(RotationService Rotations, RosterService Roster, InMemoryRotations Store, InMemoryRoster Members);

    private async Task<Sut> CreateSut(OnDuty.Core.Calendar.IWorkingCalendar? calendar = null)
    {
        var (roster, rotations) = await TeamData.SeedAsync(TeamData.Rotation());
        var queue = new InMemoryOutboxQueue(_time);
        var dispatcher = new OutboxDispatcher(new InMemoryOutbox(), queue, [], _email, new RecordingTeamsChannel(), _time, Options.Create(new OutboxOptions()), NullLogger<OutboxDispatcher>.Instance);
        queue.Consumer = id => dispatcher.SendAsync(id, default);
        var notifier = new ScheduleChangeNotifier(rotations, roster, dispatcher, new AnnouncementComposer(TestRenderer.Instance), _time, NullLogger<ScheduleChangeNotifier>.Instance, calendar);
        return new Sut(
            new RotationService(rotations, roster, _time, calendar, scheduleChanges: notifier),
            new RosterService(roster, notifier, new StartedShiftFreezer(rotations, roster, _time), _time),
            rotations,
            roster);
    }

    /// <summary>The schedule-change mails sent, by address: each one's text lines.</summary>
    private Dictionary<string, List<string[]>> Mails() =>
        _email.Sent.Select(s => s.Message)
            .Where(m => m.Subject.Contains(" 予定の変更】", StringComparison.Ordinal) || m.Subject.Contains(" schedule change]", StringComparison.Ordinal))
            .GroupBy(m => m.To)
            .ToDictionary(g => g.Key, g => g.Select(m => m.TextBody.Split('\n').Select(l => l.TrimEnd('\r')).ToArray()).ToList());

    /// <summary>The partner-change mails sent (【相手の変更】): outbox id, address and text lines.</summary>
    private List<(string Id, string To, string Subject, string[] Lines)> PartnerMails() =>
        [.. _email.Sent
            .Where(s => s.Message.Subject.Contains(" 相手の変更】", StringComparison.Ordinal) || s.Message.Subject.Contains(" partner change]", StringComparison.Ordinal))
            .Select(s => (s.Id, s.Message.To, s.Message.Subject, s.Message.TextBody.Split('\n').Select(l => l.TrimEnd('\r')).ToArray()))];

    /// <summary>Next week (2026-W50), the member of it who swaps it away and the one who stays, and a week three or more away with neither.</summary>
    private static async Task<(ScheduledShift Next, string Leaving, string Staying, ScheduledShift Far)> SwapAwayAsync(Sut sut)
    {
        var shifts = (await sut.Rotations.GetScheduleAsync("incident-duty", null, 8, default)).Shifts;
        var next = shifts.Single(s => s.Week == "2026-W50");
        var (leaving, staying) = (next.MemberIds[0], next.MemberIds[1]);
        return (next, leaving, staying, shifts.First(s => s.StartsAt >= next.StartsAt.AddDays(21) && !s.MemberIds.Contains(leaving) && !s.MemberIds.Contains(staying)));
    }

    private static string Family(string id) => TeamData.Members().Single(m => m.Id == id).DisplayName is var n && n.Contains(' ', StringComparison.Ordinal) && id != "emma" ? n.Split(' ')[0] : n;

    /// <summary>The line a partner-change mail to <paramref name="reader"/> says of next week (2026-W50), in the reader's language.</summary>
    private static string PartnerLine(string reader, string left, string joined) => reader == "emma"
        ? $"Your partner on duty in the week of Mon 7 Dec is now {TeamData.Members().Single(m => m.Id == joined).DisplayName} instead of {TeamData.Members().Single(m => m.Id == left).DisplayName}."
        : $"12月7日(月)からの週の当番の相手が{Family(left)}さんから{Family(joined)}さんに変わりました。";

    /// <summary>
    /// Session 52: a member of next week's pair swaps it for a week a month away. The one who stays on next week is told, once, who
    /// her partner is now (her own weeks did not move, so the schedule-change mail never reached her); the one who stays on the
    /// week a month away is not (past two weeks the pair is likely to change again; the announcement names it).
    /// </summary>
    [Fact]
    public async Task AddSwapAsync_NextWeeksPartnerSwapsAway_TheOneWhoStaysIsToldOnce_NotForAWeekAMonthAway()
    {
        var sut = await CreateSut();
        var (next, leaving, staying, far) = await SwapAwayAsync(sut);
        var (joining, stayingFar) = (far.MemberIds[0], far.MemberIds[1]);

        await sut.Rotations.AddSwapAsync("incident-duty", leaving, next.Week, joining, far.Week, "family visit", "山田 太郎", default);

        var (id, to, subject, lines) = Assert.Single(PartnerMails());
        Assert.Equal($"{staying}@example.com", to);
        Assert.Matches("^schedule:incident-duty:change:[^:]+:partner:email:", id);
        Assert.Contains(PartnerLine(staying, leaving, joining), lines);
        if (staying != "emma")
        {
            Assert.Equal($"【障害当番 相手の変更】12月7日(月)からの週の当番の相手：{Family(joining)}さん", subject);
            Assert.Contains("あなたの当番はそのままです。", lines);
            Assert.Contains("変更者：山田 太郎", lines);
        }

        Assert.DoesNotContain(PartnerMails(), m => m.To == $"{stayingFar}@example.com");
    }

    /// <summary>The one staying on the week made the swap themselves (signed in by name): they know, so no partner mail.</summary>
    [Fact]
    public async Task AddSwapAsync_MadeByTheOneWhoStays_NoPartnerMail()
    {
        var sut = await CreateSut();
        var (next, leaving, staying, far) = await SwapAwayAsync(sut);

        await sut.Rotations.AddSwapAsync("incident-duty", leaving, next.Week, far.MemberIds[0], far.Week, null, TeamData.Members().Single(m => m.Id == staying).DisplayName, default);

        Assert.Empty(PartnerMails());
        Assert.NotEmpty(Mails());
    }

    /// <summary>
    /// Leave takes 佐藤 off next week (with Emma); the seeded queue moves 田中 up from the week after into her place, and 山田 takes
    /// his beside Emma there… every one of them had weeks moved, so each reads the partner changes of the weeks they stay on in
    /// their one schedule-change mail: Emma of next week, 田中 of the week after. Nobody gets a second mail.
    /// </summary>
    [Fact]
    public async Task AddLeaveAsync_NextWeeksPartnerOnLeave_ThoseWhoStayReadTheirNewPartnerInTheirOneMail()
    {
        var sut = await CreateSut();

        await sut.Roster.AddLeaveAsync("sato", new DateOnly(2026, 12, 7), new DateOnly(2026, 12, 13), null, null, default);

        var schedule = (await sut.Rotations.GetScheduleAsync("incident-duty", new DateOnly(2026, 12, 7), 2, default)).Shifts;
        Assert.Equal(["emma", "tanaka"], schedule[0].MemberIds.Order(StringComparer.Ordinal));
        var mails = Mails();
        Assert.Contains(PartnerLine("emma", "sato", "tanaka"), Assert.Single(mails["emma@example.com"]));
        Assert.Contains("12月14日(月)からの週の当番の相手がEmma Wilsonさんから山田さんに変わりました。", Assert.Single(mails["tanaka@example.com"]));
        Assert.DoesNotContain(mails["sato@example.com"].Single(), l => l.Contains("相手が", StringComparison.Ordinal));
        Assert.Empty(PartnerMails());
        Assert.All(_email.Sent.GroupBy(m => m.Message.To), g => Assert.Single(g));
    }

    private static async Task<Member> MemberAsync(Sut sut, string id) => (await sut.Members.GetMemberAsync(id, default))!.Value;

    /// <summary>
    /// Session 44 reader pass: Emma's swap mail gave 2027-W01 as "(4 Jan – 11 Jan)", though 成人の日 (Mon 11 Jan) moves the next
    /// handoff to Tue 12 Jan — the week she reads next as "(12 Jan – …)". A week ends on the day the next one really starts; since
    /// session 48 weeks are named by their day ("the week of Mon 4 Jan"), and one a holiday lengthened says until when.
    /// </summary>
    [Fact]
    public async Task AddSwapAsync_AWeekBeforeAMovedHandoff_TheEnglishMailEndsItOnTheMovedDay()
    {
        var sut = await CreateSut(new OnDuty.Core.Calendar.WorkingCalendar("JP", []));
        var schedule = await sut.Rotations.GetScheduleAsync("incident-duty", null, 8, default);
        var w01 = schedule.Shifts.Single(s => s.Week == "2027-W01");
        Assert.Equal(new DateTimeOffset(2027, 1, 12, 10, 0, 0, TimeSpan.FromHours(9)), w01.EndsAt);
        Assert.Contains("emma", w01.MemberIds);
        var other = schedule.Roster.Keys.First(id => !w01.MemberIds.Contains(id) && schedule.Shifts.Any(s => s.StartsAt > _time.GetUtcNow() && s.MemberIds.Contains(id) && !s.MemberIds.Contains("emma")));
        var othersWeek = schedule.Shifts.First(s => s.StartsAt > _time.GetUtcNow() && s.MemberIds.Contains(other) && !s.MemberIds.Contains("emma")).Week;

        await sut.Rotations.AddSwapAsync("incident-duty", "emma", "2027-W01", other, othersWeek, "family visit", "Emma Wilson", default);

        var hers = Assert.Single(Mails()["emma@example.com"]);
        Assert.Contains("You are no longer on duty in the week of Mon 4 Jan (until Tue 12 Jan).", hers);
        Assert.Contains(hers, l => l.StartsWith("Duty weeks traded: you in the week of Mon 4 Jan (until Tue 12 Jan) and ", StringComparison.Ordinal));
        Assert.DoesNotContain(hers, l => l.Contains("11 Jan", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SaveMemberAsync_LeavingDateSet_TheMailSaysSheLeavesOnThatDay_ToHerAndEveryoneMoved_InTheirLanguage()
    {
        var sut = await CreateSut();
        var sato = await sut.Members.GetMemberAsync("sato", default);

        await sut.Roster.SaveMemberAsync(sato!.Value with { LeavesOn = new DateOnly(2026, 12, 18) }, sato.ETag, default);

        var mails = Mails();
        Assert.All(mails.Values, m => Assert.Single(m));
        Assert.Contains("sato@example.com", mails.Keys);
        var hers = mails["sato@example.com"][0];
        Assert.Contains("あなたの最終日（チームを離れる日）が2026年12月18日(金)に登録されました。最終日をまたぐ週からは当番に入りません。", hers);
        Assert.Contains("そのため、お知らせ前の当番を組み直しました。", hers);
        Assert.Contains(hers, l => l.EndsWith("はあなたの当番ではなくなりました。", StringComparison.Ordinal));
        Assert.DoesNotContain(hers, l => l.Contains("メンバー登録（休止・経験など）", StringComparison.Ordinal));
        foreach (var (to, list) in mails.Where(m => m.Key is not "sato@example.com" and not "emma@example.com"))
        {
            Assert.Contains("佐藤さんは2026年12月18日(金)を最終日にチームを離れるため、最終日をまたぐ週からは当番に入りません。", list[0]);
        }

        Assert.Contains("emma@example.com", mails.Keys);
        Assert.Contains("The last day with the team for 佐藤 花子 is now Fri 18 Dec 2026: no duty from the week that runs past it.", mails["emma@example.com"][0]);
        Assert.Contains("So the shifts not yet announced were worked out again.", mails["emma@example.com"][0]);
    }

    /// <summary>
    /// Trial 38: the leaver read "The last day with the team for you is now …". Their own mail says it as theirs — set, moved,
    /// taken back — in their language; everyone else reads the leaver's name, in theirs.
    /// </summary>
    [Theory]
    [InlineData("sato")]
    [InlineData("emma")]
    public async Task SaveMemberAsync_LeavingDateSetMovedTakenBack_TheLeaverReadsItAsTheirOwn_OthersByName(string leaver)
    {
        var sut = await CreateSut();
        var own = leaver + "@example.com";
        string[] Line(string[] mail) => [mail[1]];
        async Task EditAsync(DateOnly? leavesOn)
        {
            _email.Sent.Clear();
            var stored = await sut.Members.GetMemberAsync(leaver, default);
            await sut.Roster.SaveMemberAsync(stored!.Value with { LeavesOn = leavesOn }, stored.ETag, default);
        }

        (string Ja, string En) Others(string ja, string en) =>
            leaver == "sato" ? (ja.Replace("{0}", "佐藤さん", StringComparison.Ordinal), en.Replace("{0}", "佐藤 花子", StringComparison.Ordinal)) : (ja.Replace("{0}", "Emma Wilsonさん", StringComparison.Ordinal), en);
        void AssertMails(string mine, (string Ja, string En) others)
        {
            var mails = Mails();
            Assert.Equal([mine], Line(Assert.Single(mails[own])));
            var rest = mails.Where(m => m.Key != own).ToList();
            Assert.NotEmpty(rest);
            Assert.All(rest, m => Assert.Equal([m.Key == "emma@example.com" ? others.En : others.Ja], Line(Assert.Single(m.Value))));
        }

        await EditAsync(new DateOnly(2026, 12, 18));
        AssertMails(
            leaver == "sato" ? "あなたの最終日（チームを離れる日）が2026年12月18日(金)に登録されました。最終日をまたぐ週からは当番に入りません。"
                : "Your last day with the team is now Fri 18 Dec 2026: no duty from the week that runs past it.",
            Others("{0}は2026年12月18日(金)を最終日にチームを離れるため、最終日をまたぐ週からは当番に入りません。", "The last day with the team for {0} is now Fri 18 Dec 2026: no duty from the week that runs past it."));

        await EditAsync(new DateOnly(2026, 12, 4));
        AssertMails(
            leaver == "sato" ? "あなたの最終日が2026年12月18日(金)から2026年12月4日(金)に変わりました。最終日をまたぐ週からは当番に入りません。"
                : "Your last day with the team moved from Fri 18 Dec 2026 to Fri 4 Dec 2026: no duty from the week that runs past it.",
            Others("{0}の最終日が2026年12月18日(金)から2026年12月4日(金)に変わりました。最終日をまたぐ週からは当番に入りません。", "The last day with the team for {0} moved from Fri 18 Dec 2026 to Fri 4 Dec 2026: no duty from the week that runs past it."));

        await EditAsync(null);
        AssertMails(
            leaver == "sato" ? "あなたの最終日（2026年12月4日(金)）の登録が取り消されました。引き続き当番に入ります。"
                : "Your last day with the team (Fri 4 Dec 2026) was taken back: you stay on duty.",
            Others("{0}の最終日（2026年12月4日(金)）の登録が取り消されました。引き続き当番に入ります。", "The last day with the team for {0} (Fri 4 Dec 2026) was taken back: staying on duty."));
    }

    [Fact]
    public async Task SaveMemberAsync_LeavingDateAfterTheComparedWeeks_SheIsToldAnyway_OnceForHerRotation_NobodyElse()
    {
        var sut = await CreateSut();
        await sut.Store.SaveAsync(TeamData.Rotation() with { Id = "ops-duty", Name = "Ops duty", NameJa = "運用当番", Members = ["yamada", "emma", "tanaka"] }, null, default);
        var sato = await sut.Members.GetMemberAsync("sato", default);

        await sut.Roster.SaveMemberAsync(sato!.Value with { LeavesOn = new DateOnly(2027, 6, 30) }, sato.ETag, default);

        var mails = Mails();
        Assert.Equal(["sato@example.com"], mails.Keys);
        var hers = Assert.Single(mails["sato@example.com"]);
        Assert.Equal("障害当番", hers[0]);
        Assert.Contains("あなたの最終日（チームを離れる日）が2027年6月30日(水)に登録されました。最終日をまたぐ週からは当番に入りません。", hers);
    }

    [Fact]
    public async Task SaveMemberAsync_MadeInactive_OrJoiningDateMoved_TheMailSaysWhich()
    {
        var sut = await CreateSut();
        var tanaka = await sut.Members.GetMemberAsync("tanaka", default);

        await sut.Roster.SaveMemberAsync(tanaka!.Value with { Active = false }, tanaka.ETag, default);

        var inactive = Mails();
        Assert.Contains("あなたは休止中になりました。休止のあいだは当番に入りません。", inactive["tanaka@example.com"][0]);
        Assert.Contains("The roster entry of 田中 健 was made inactive: no duty until it is active again.", inactive["emma@example.com"][0]);
        Assert.All(inactive.Values, m => Assert.Single(m));

        _email.Sent.Clear();
        var emma = await sut.Members.GetMemberAsync("emma", default);
        await sut.Roster.SaveMemberAsync(emma!.Value with { JoinedOn = new DateOnly(2027, 1, 4) }, emma.ETag, default);

        var joining = Mails();
        Assert.Contains("Your first day with the team moved from Wed 1 Apr 2020 to Mon 4 Jan 2027: no duty in a week that starts before it.", joining["emma@example.com"][0]);
        Assert.Contains("So the shifts not yet announced were worked out again.", joining["emma@example.com"][0]);
        Assert.Contains(joining, m => m.Key != "emma@example.com" && m.Value[0].Contains("Emma Wilsonさんの参加日（チームに加わる日）が2020年4月1日(水)から2027年1月4日(月)に変わりました。参加日より前に始まる週の当番には入りません。"));
    }

    [Fact]
    public async Task SaveAsync_PairSizeAndOrderChangedInOneEdit_EachPersonGetsOneMailSayingWhatChanged()
    {
        var sut = await CreateSut();
        var stored = (await sut.Store.GetAsync("incident-duty", default))!;

        await sut.Rotations.SaveAsync(stored.Value with { PeoplePerShift = 3, Members = ["sato", "yamada", "emma", "tanaka"] }, stored.ETag, null, "鈴木 一郎", default);

        var mails = Mails();
        Assert.NotEmpty(mails);
        Assert.Equal(_email.Sent.Count(s => s.Message.Subject.Contains("予定の変更", StringComparison.Ordinal) || s.Message.Subject.Contains("schedule change", StringComparison.Ordinal)), mails.Count);
        Assert.All(mails.Values, m => Assert.Single(m));
        var ja = mails.First(m => m.Key != "emma@example.com").Value[0];
        Assert.Equal(
            ["障害当番", "ローテーションの設定が次のとおり変更されたため、お知らせ前の当番を組み直しました。", "・1回の当番の人数：2人 → 3人", "・当番の順番：山田 太郎、佐藤 花子、Emma Wilson、田中 健 → 佐藤 花子、山田 太郎、Emma Wilson、田中 健", "変更者：鈴木 一郎"],
            ja[..5]);
        var en = mails["emma@example.com"][0];
        Assert.Equal(
            ["Incident duty", "The rotation's settings were changed as below, so the shifts not yet announced were worked out again.", "- People per shift: 2 → 3", "- Member order: 山田 太郎, 佐藤 花子, Emma Wilson, 田中 健 → 佐藤 花子, 山田 太郎, Emma Wilson, 田中 健"],
            en[..4]);
    }

    /// <summary>
    /// Brief J (session 49): a member is welcomed before any rotation lists them (「最初の当番：…まだありません。」); the lead then adds
    /// them to one. Their schedule-change mail says their first shift as the welcome would have — days with weekday, times, zone,
    /// partner — and nobody else's mail (weeks moved, not their first) does.
    /// </summary>
    [Fact]
    public async Task SaveAsync_NewcomerAddedToTheRotation_TheirMailSaysTheirFirstShiftWithTimesAndPartner_OthersDoNot()
    {
        var sut = await CreateSut();
        await sut.Members.SaveMemberAsync(TeamData.Member("ito", "伊藤 さくら"), null, default);
        var stored = (await sut.Store.GetAsync("incident-duty", default))!;

        await sut.Rotations.SaveAsync(stored.Value with { Members = ["yamada", "sato", "emma", "tanaka", "ito"] }, stored.ETag, null, "鈴木 一郎", default);

        var schedule = await sut.Rotations.GetScheduleAsync("incident-duty", null, ScheduleChangeNotifier.Horizon, default);
        var first = schedule.Shifts.First(s => s.MemberIds.Contains("ito") && s.StartsAt > _time.GetUtcNow());
        var partner = await MemberAsync(sut, first.MemberIds.Single(id => id != "ito"));
        var mails = Mails();
        var ito = Assert.Single(mails["ito@example.com"]);
        var tokyo = TimeZones.Find("Asia/Tokyo");
        string Day(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, tokyo).ToString("M月d日(ddd) HH:mm", System.Globalization.CultureInfo.GetCultureInfo("ja-JP"));
        var line = Array.IndexOf(ito, $"最初の当番は{first.StartDate:M月d日}({System.Globalization.CultureInfo.GetCultureInfo("ja-JP").DateTimeFormat.GetShortestDayName(first.StartDate.DayOfWeek)})からの週の障害当番です：{Day(first.StartsAt)}〜{Day(first.EndsAt)}（JST）");
        Assert.True(line > 0, string.Join("\n", ito));
        Assert.Equal($"一緒に担当：{partner.DisplayName}", ito[line + 1]);
        Assert.EndsWith("があなたの当番になりました。", ito[line - 1]);
        Assert.All(mails.Where(m => m.Key != "ito@example.com").SelectMany(m => m.Value), m => Assert.DoesNotContain(m, l => l.StartsWith("最初の当番", StringComparison.Ordinal)));
        Assert.NotEqual(1, mails.Count);
    }

    [Fact]
    public async Task SaveAsync_HandoffTimeChangedFromADate_EveryoneOnDutyFromThenIsTold_NotOnlyThePairWhoseShiftEndMoved()
    {
        var sut = await CreateSut();
        var stored = (await sut.Store.GetAsync("incident-duty", default))!;
        var from = new DateOnly(2026, 12, 14);
        var planned = (await sut.Rotations.GetScheduleAsync("incident-duty", from, 6, default)).Shifts.SelectMany(s => s.MemberIds).Distinct().Order(StringComparer.Ordinal).ToList();

        await sut.Rotations.SaveAsync(stored.Value with { HandoffTime = new TimeOnly(9, 0) }, stored.ETag, from, null, default);

        var mails = Mails();
        Assert.Equal(planned.Select(id => $"{id}@example.com"), mails.Keys.Order(StringComparer.Ordinal));
        Assert.All(mails.Values, m => Assert.Single(m));
        Assert.All(mails.Where(m => m.Key != "emma@example.com"), m =>
        {
            Assert.Contains("・交代：毎週月曜日 10:00 → 毎週月曜日 09:00", m.Value[0]);
            Assert.Contains("2026年12月14日(月)から、交代を毎週月曜日 09:00に変更しました。それより前の週はこれまでどおりで、当番の順番はそのまま続きます。", m.Value[0]);
        });
        Assert.Contains("- Handoff: every Monday at 10:00 → every Monday at 09:00", mails["emma@example.com"][0]);
    }
    /// <summary>
    /// Session 47 B5, decided in brief I: the start moved later, past the running shift (a postponement, accepted by design, see the
    /// Infrastructure test <c>SaveAsync_StartMovedAheadAndBack_EveryoneOnComingWeeksMailedEachTime</c>). The running shift keeps its
    /// pair until it ends (pages must reach a person), and the mail says so — 変更後 lists it — and that nobody is on duty from its
    /// end to the new first handoff, in ja and en.
    /// </summary>
    [Fact]
    public async Task SaveAsync_StartMovedLaterPastTheRunningShift_ThePairStaysOnDuty_TheirMailSaysTheirWeekGoesOn()
    {
        var sut = await CreateSut();
        var stored = (await sut.Store.GetAsync("incident-duty", default))!;
        var pair = (await sut.Rotations.GetOnCallAsync("incident-duty", default)).Current!.MemberIds;

        await sut.Rotations.SaveAsync(stored.Value with { StartDate = new DateOnly(2026, 12, 14) }, stored.ETag, null, "鈴木 一郎", default);

        Assert.Equal(pair, (await sut.Rotations.GetOnCallAsync("incident-duty", default)).Current?.MemberIds);
        var mails = Mails();
        var hers = mails["sato@example.com"][0];
        Assert.Contains(hers, l => l.StartsWith("変更後：11月30日(月)からの週", StringComparison.Ordinal));
        Assert.Contains("11月30日(月)からの週の当番は、お知らせどおりの担当のまま12月7日(月) 10:00（JST）まで続きます。", hers);
        Assert.Contains("12月7日(月) 10:00から12月14日(月) 10:00（JST）までは当番がいません。そのあいだの呼び出しはリーダーに届きます。", hers);
        var emmas = mails["emma@example.com"][0];
        Assert.Contains("The duty for the week of Mon 30 Nov stays with whoever was announced for it, until Mon 7 Dec 2026 10:00 (JST).", emmas);
        Assert.Contains("Nobody is on duty from Mon 7 Dec 2026 10:00 to Mon 14 Dec 2026 10:00 (JST): pages in that time go to the leads.", emmas);
        Assert.All(mails.Values, m => Assert.Single(m));
    }

    /// <summary>A start moved later that leaves no gap (the new first handoff is the running shift's end): only that the week goes on.</summary>
    [Fact]
    public async Task SaveAsync_StartMovedToTheRunningShiftsEnd_TheMailSaysItGoesOn_NotThatNobodyIsOnDuty()
    {
        var sut = await CreateSut();
        var stored = (await sut.Store.GetAsync("incident-duty", default))!;

        await sut.Rotations.SaveAsync(stored.Value with { StartDate = new DateOnly(2026, 12, 7) }, stored.ETag, null, null, default);

        var hers = Mails()["sato@example.com"][0];
        Assert.Contains("11月30日(月)からの週の当番は、お知らせどおりの担当のまま12月7日(月) 10:00（JST）まで続きます。", hers);
        Assert.DoesNotContain(hers, l => l.Contains("当番がいません", StringComparison.Ordinal));
    }
}
