using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OnDuty.Core.Calendar;
using OnDuty.Core.Common;
using OnDuty.Core.Notifications;
using OnDuty.Core.Rotations;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Rotations;

public sealed class IncomingDutyReminderTests
{
    private static readonly TimeSpan Tokyo = TimeSpan.FromHours(9);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 10, 1, 0, 0, 0, Tokyo));
    private readonly InMemoryOutbox _outbox = new();
    private readonly InMemoryOutboxQueue _queue = new();
    private readonly RecordingEmailSender _email = new();
    private InMemoryRoster? _roster;

    private async Task<(IncomingDutyReminder Sut, InMemoryRotations Rotations)> CreateSutAsync()
    {
        var (roster, rotations) = await TeamData.SeedAsync(TeamData.Rotation("pm-team@example.com"));
        _roster = roster;
        var dispatcher = new OutboxDispatcher(_outbox, _queue, [], _email, new RecordingTeamsChannel(), _time, Options.Create(new OutboxOptions()), NullLogger<OutboxDispatcher>.Instance);
        _queue.Consumer = id => dispatcher.SendAsync(id, default);
        var sut = new IncomingDutyReminder(rotations, roster, dispatcher, new WorkingCalendar("JP", []), TestRenderer.Instance, _time, Options.Create(new ReminderOptions()), NullLogger<IncomingDutyReminder>.Instance);
        return (sut, rotations);
    }

    [Fact]
    public async Task RemindDueAsync_BeforeTheLocalTimeOnTheFridayBeforeAMondayHandoff_SendsNothing()
    {
        var (sut, _) = await CreateSutAsync();
        _time.SetUtcNow(new DateTimeOffset(2026, 11, 27, 9, 59, 0, Tokyo));

        var results = await sut.RemindDueAsync(default);

        Assert.Null(Assert.Single(results).Week);
        Assert.Empty(_email.Sent);
    }

    [Fact]
    public async Task RemindDueAsync_FridayBeforeMondayHandoff_OnlyIncomingMembersOnceEach()
    {
        var (sut, _) = await CreateSutAsync();
        _time.SetUtcNow(new DateTimeOffset(2026, 11, 27, 10, 0, 0, Tokyo));

        var first = await sut.RemindDueAsync(default);
        _time.Advance(TimeSpan.FromMinutes(10));
        var second = await sut.RemindDueAsync(default);
        _time.SetUtcNow(new DateTimeOffset(2026, 11, 30, 9, 59, 0, Tokyo)); // Monday, just before the handoff
        await sut.RemindDueAsync(default);

        Assert.Equal("2026-W49", Assert.Single(first).Week);
        Assert.Equal(0, Assert.Single(second).EmailsQueued);
        // Worked by hand from the staggered rules (yamada, sato, emma, tanaka from 2026-W45): W45 yamada+sato,
        // W46 sato+emma, W47 emma+tanaka, W48 tanaka+yamada, W49 yamada+sato. In W49 yamada continues and sato rotates in.
        var (message, id) = Assert.Single(_email.Sent);
        Assert.Equal("sato@example.com", message.To);
        Assert.Equal("remind:incident-duty:2026-W49:email:sato@example.com", id);
        Assert.Equal("【障害当番】11月30日(月) 10:00（JST）から当番です", message.Subject);
        Assert.Contains("11月30日(月)からの週の障害当番です：11月30日(月) 10:00〜12月7日(月) 10:00（JST）", message.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("休暇明け", message.TextBody, StringComparison.Ordinal);
    }

    /// <summary>
    /// Trial 34 L7: the reminder is sent on the working day before the handoff, which may fall in the member's leave; it then
    /// says the duty starts after the leave, so it does not read as a call to act now. Without leave it does not.
    /// </summary>
    [Fact]
    public async Task RemindDueAsync_MemberOnLeaveTheDayItIsSent_SaysTheDutyStartsAfterTheLeave()
    {
        var (sut, _) = await CreateSutAsync();
        await _roster!.AddLeaveAsync(new OnDuty.Core.Team.Leave { Id = "20261125-20261127", MemberId = "sato", From = new DateOnly(2026, 11, 25), To = new DateOnly(2026, 11, 27) }, default);
        _time.SetUtcNow(new DateTimeOffset(2026, 11, 27, 10, 0, 0, Tokyo));

        await sut.RemindDueAsync(default);

        var (message, _) = Assert.Single(_email.Sent);
        Assert.Equal("sato@example.com", message.To);
        Assert.Contains("休暇明けの11月30日(月) 10:00（JST）から当番です（休暇中のため前もってお送りしています）。", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("休暇明けの11月30日(月) 10:00（JST）から当番です", message.HtmlBody, StringComparison.Ordinal);
    }

    /// <summary>
    /// Trial 32b M4: the reminder says when the member's own next turn is and with whom. Sato serves W49–W50 (one turn), then
    /// W53 with Yamada (worked by hand from the order above: W51 emma+tanaka, W52 tanaka+yamada, W53 yamada+sato).
    /// </summary>
    [Fact]
    public async Task RemindDueAsync_SaysTheMembersNextTurnAfterThisOneWithThePartner()
    {
        var (sut, _) = await CreateSutAsync();
        _time.SetUtcNow(new DateTimeOffset(2026, 11, 27, 10, 0, 0, Tokyo));

        await sut.RemindDueAsync(default);

        var (message, _) = Assert.Single(_email.Sent);
        Assert.Contains("あなたの次回の当番：12月28日(月)からの週（山田さんと）", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("あなたの次回の当番：12月28日(月)からの週（山田さんと）", message.HtmlBody, StringComparison.Ordinal);
    }

    /// <summary>
    /// Trial 34 H2: a member on several weeks in a row reads the whole turn, not a one-week duty and a next turn after it. Sato
    /// serves W49–W50 by the order above and replaces Emma in W51 too: three weeks in a row, to 12/21 10:00.
    /// </summary>
    [Fact]
    public async Task RemindDueAsync_MemberOnSeveralWeeksInARow_SaysTheWholeTurn()
    {
        var (sut, rotations) = await CreateSutAsync();
        await rotations.AddOverridesAsync("incident-duty", [new RotationOverride
        {
            Id = "o1", ShiftStart = new DateOnly(2026, 12, 14), MemberId = "emma", ReplacementId = "sato", CreatedAt = _time.GetUtcNow(),
        }], default);
        _time.SetUtcNow(new DateTimeOffset(2026, 11, 27, 10, 0, 0, Tokyo));

        await sut.RemindDueAsync(default);

        var (message, _) = Assert.Single(_email.Sent);
        Assert.Contains("12月7日(月)からの週・12月14日(月)からの週も続けて当番です。3週連続で、12月21日(月) 10:00（JST）までです。", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("12月7日(月)からの週・12月14日(月)からの週も続けて当番です", message.HtmlBody, StringComparison.Ordinal);
    }

    /// <summary>
    /// A cadence change from Thursday 2027-02-04: the Monday 2/1 shift (2027-W05) is cut short by the first Thursday shift, which
    /// is labelled 2027-W05 too. Its reminder id carries its start date; the Monday one keeps the plain id; a retry sends nothing twice.
    /// </summary>
    [Fact]
    public async Task RemindDueAsync_ShiftSharingItsLabelWithTheShortenedOne_IdCarriesTheShiftStart_OnceEach()
    {
        var (sut, rotations) = await CreateSutAsync();
        var stored = (await rotations.GetAsync("incident-duty", default))!;
        await rotations.SaveAsync(stored.Value with
        {
            PreviousCadences = [Cadence.Of(stored.Value)],
            StartDate = new DateOnly(2027, 2, 4),
            HandoffDay = DayOfWeek.Thursday,
            HandoffTime = new TimeOnly(19, 0),
        }, stored.ETag, default);

        _time.SetUtcNow(new DateTimeOffset(2027, 1, 29, 10, 0, 0, Tokyo)); // Friday before the Monday 2/1 handoff
        await sut.RemindDueAsync(default);
        var monday = _email.Sent.Select(s => s.Id).ToList();
        _time.SetUtcNow(new DateTimeOffset(2027, 2, 3, 10, 0, 0, Tokyo)); // Wednesday before the Thursday 2/4 handoff
        var results = await sut.RemindDueAsync(default);
        _time.Advance(TimeSpan.FromMinutes(10));
        var retry = await sut.RemindDueAsync(default);

        Assert.NotEmpty(monday);
        Assert.All(monday, id => Assert.StartsWith("remind:incident-duty:2027-W05:email:", id, StringComparison.Ordinal));
        Assert.Equal("2027-W05", Assert.Single(results).Week);
        var thursday = _email.Sent.Select(s => s.Id).Except(monday).ToList();
        Assert.NotEmpty(thursday);
        Assert.All(thursday, id => Assert.StartsWith("remind:incident-duty:2027-W05@2027-02-04:email:", id, StringComparison.Ordinal));
        Assert.Equal(0, Assert.Single(retry).EmailsQueued);
        Assert.Equal(monday.Count + thursday.Count, _email.Sent.Count);
    }

    [Fact]
    public async Task RemindDueAsync_WeekWithACover_ListsItWithItsRange()
    {
        var (sut, rotations) = await CreateSutAsync();
        _time.SetUtcNow(new DateTimeOffset(2026, 11, 27, 9, 0, 0, Tokyo));
        var service = new RotationService(rotations, _roster!, _time);
        // W49 is yamada and sato (see above); emma covers yamada on Wednesday evening.
        await service.AddOverrideAsync("incident-duty", null, "yamada", "emma", "通院", "Liam", "2026-12-02T19:00", "2026-12-02T23:00", default);
        _time.SetUtcNow(new DateTimeOffset(2026, 11, 27, 10, 0, 0, Tokyo));

        await sut.RemindDueAsync(default);

        var (message, _) = Assert.Single(_email.Sent);
        Assert.Equal("sato@example.com", message.To);
        Assert.Contains("一時交代：12月2日(水) 19:00〜23:00（JST）は山田さんに代わってEmma Wilsonさんが当番です", message.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RemindDueAsync_AfterTheHandoff_RemindsTheFollowingShiftOnlyWhenItsDayComes()
    {
        var (sut, _) = await CreateSutAsync();
        _time.SetUtcNow(new DateTimeOffset(2026, 11, 30, 10, 0, 0, Tokyo));

        var results = await sut.RemindDueAsync(default);

        Assert.Null(Assert.Single(results).Week);
        Assert.Empty(_email.Sent);
    }

    [Fact]
    public async Task RemindDueAsync_HandoffMovedOffHoliday_RemindsTheWorkingDayBeforeAndSaysWhy()
    {
        // 2026-11-23 (Mon) is 勤労感謝の日: the handoff is Tuesday 11-24, the working day before it Friday 11-20.
        var (sut, _) = await CreateSutAsync();
        _time.SetUtcNow(new DateTimeOffset(2026, 11, 20, 10, 0, 0, Tokyo));

        var results = await sut.RemindDueAsync(default);

        Assert.Equal("2026-W48", Assert.Single(results).Week);
        var (message, _) = Assert.Single(_email.Sent);
        Assert.Contains("11月24日(火) 10:00", message.Subject + message.TextBody);
        Assert.Contains("勤労感謝の日", message.TextBody);
        Assert.Contains("確定", message.TextBody); // computed, not final yet
    }

    [Fact]
    public async Task RemindDueAsync_BeforeTheRotationStarts_RemindsEveryoneOnTheFirstShift()
    {
        var (sut, _) = await CreateSutAsync();
        _time.SetUtcNow(new DateTimeOffset(2026, 10, 30, 10, 0, 0, Tokyo));

        await sut.RemindDueAsync(default);

        Assert.Equal(2, _email.Sent.Count);
        Assert.All(_email.Sent, s => Assert.StartsWith("remind:incident-duty:2026-W45:email:", s.Id));
    }

    /// <summary>
    /// Trial 48: the reminder says 「都合が悪い場合は早めに交代を登録してください」 — now with the duty page where that is done, as the
    /// schedule-change mail links it: the paging rotation's plain page, another rotation's own; no link without a public address.
    /// </summary>
    [Theory]
    [InlineData("incident-duty", "https://onduty.example/api/status/duty")]
    [InlineData("maintenance", "https://onduty.example/api/status/duty?rotation=")]
    public void Compose_WithThePublicAddress_LinksTheDutyPage(string pagingRotation, string expected)
    {
        var rotation = TeamData.Rotation();
        var shift = ScheduleCalculator.Compute(new ScheduleInput(rotation, TeamData.Members().ToDictionary(m => m.Id), [], RotationState.Empty), 0, 1)[0];
        var member = TeamData.Members().First(m => m.Language == OnDuty.Core.Team.Language.Ja);
        var links = new AnnouncementComposer(
            TestRenderer.Instance, Options.Create(new TeamOptions { PublicBaseUrl = "https://onduty.example/" }),
            Options.Create(new OnDuty.Core.Incidents.IncidentOptions { RotationId = pagingRotation == "incident-duty" ? rotation.Id : pagingRotation }));

        var message = IncomingDutyReminder.Compose(TestRenderer.Instance, rotation, shift, member, ["山田 太郎"], links: links);
        var unlinked = IncomingDutyReminder.Compose(TestRenderer.Instance, rotation, shift, member, ["山田 太郎"],
            links: new AnnouncementComposer(TestRenderer.Instance, Options.Create(new TeamOptions())));

        var link = expected.EndsWith('=') ? expected + Uri.EscapeDataString(rotation.Id) : expected;
        Assert.Contains($"都合が悪い場合は早めに交代を登録してください。\n迷ったら声をかけましょう。みんなで助けます。\n当番表を開く：{link}", message.TextBody, StringComparison.Ordinal);
        Assert.Contains($"当番表を開く：<a href=\"{link}\">", message.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("当番表を開く", unlinked.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compose_EnglishMember_EncodesHtmlAndNamesPartners()
    {
        await Task.CompletedTask;
        var rotation = TeamData.Rotation() with { Name = "Duty <b>ops</b>" };
        var shift = ScheduleCalculator.Compute(new ScheduleInput(rotation, TeamData.Members().ToDictionary(m => m.Id), [], RotationState.Empty), 0, 1)[0];
        var member = TeamData.Member("emma", "Emma <script>", OnDuty.Core.Team.Language.En);

        var message = IncomingDutyReminder.Compose(TestRenderer.Instance, rotation, shift, member, ["山田 太郎"]);

        Assert.Equal("[Duty <b>ops</b>] Your duty for the week of Mon 2 Nov starts Mon 2 Nov 2026 10:00 (JST)", message.Subject);
        Assert.Contains("With: 山田 太郎", message.TextBody);
        Assert.DoesNotContain("<script>", message.HtmlBody);
        Assert.Contains("Emma &lt;script&gt;", message.HtmlBody);
    }
}
