using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OnDuty.Core.Common;
using OnDuty.Core.Notifications;
using OnDuty.Core.Rotations;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Rotations;

/// <summary>
/// Session 47 B4: a week replaced and then traded showed only the trade — the member now on duty "traded with" the replacement,
/// and nothing said whom the replacement had stood in for. The member's reason says both: who holds the week now, and how it came
/// to be (the later change first, then the one before it), in a week not yet announced (<see cref="ShiftOverrides"/>) and in
/// the running, announced one (<see cref="FrozenShiftReconciler"/>).
/// </summary>
public sealed class ChangeAfterChangeTests
{
    // Monday 2026-11-30 10:05 in Tokyo: 2026-W49 has just been handed off.
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 30, 1, 5, 0, TimeSpan.Zero));

    /// <param name="announce">Runs the weekly announcement first, as the timer does at the handoff: 2026-W49 is then announced (frozen).</param>
    private async Task<RotationService> CreateAsync(bool announce = false)
    {
        var (roster, rotations) = await TeamData.SeedAsync(TeamData.Rotation());
        var teams = new RecordingTeamsChannel();
        var queue = new InMemoryOutboxQueue(_time);
        var dispatcher = new OutboxDispatcher(new InMemoryOutbox(), queue, [], new RecordingEmailSender(), teams, _time, Options.Create(new OutboxOptions()), NullLogger<OutboxDispatcher>.Instance);
        queue.Consumer = id => dispatcher.SendAsync(id, default);
        var announcer = new DutyWeekAnnouncer(rotations, roster, dispatcher, teams, new AnnouncementComposer(TestRenderer.Instance), _time, Options.Create(new TeamOptions { Language = "ja" }), NullLogger<DutyWeekAnnouncer>.Instance);
        if (announce)
        {
            await announcer.AnnounceDueAsync(default);
            Assert.NotNull(await rotations.GetFrozenShiftAsync("incident-duty", new DateOnly(2026, 11, 30), default));
        }

        return new RotationService(rotations, roster, _time, announcer: announcer);
    }

    /// <summary>The week's pair, the two off it, and a later week where <c>c</c> serves and <c>b</c> does not.</summary>
    private static async Task<(string A, string B, string C, string OtherWeek)> PickAsync(RotationService service, DateOnly from)
    {
        var shifts = (await service.GetScheduleAsync("incident-duty", from, 6, default)).Shifts;
        var a = shifts[0].MemberIds[0];
        var off = new[] { "yamada", "sato", "emma", "tanaka" }.Where(id => !shifts[0].MemberIds.Contains(id)).ToList();
        foreach (var (b, c) in new[] { (off[0], off[1]), (off[1], off[0]) })
        {
            if (shifts.Skip(1).FirstOrDefault(s => s.MemberIds.Contains(c) && !s.MemberIds.Contains(b)) is { } other)
            {
                return (a, b, c, other.Week);
            }
        }

        throw new InvalidOperationException("no week to trade with");
    }

    [Fact]
    public async Task ReplaceThenTrade_WeekNotYetAnnounced_TheMemberOnDutySaysTheTradeAndTheReplaceBeforeIt()
    {
        var service = await CreateAsync();
        var (a, b, c, otherWeek) = await PickAsync(service, new DateOnly(2026, 12, 14));

        await service.AddOverrideAsync("incident-duty", "2026-W51", a, b, "通院", default);
        await service.AddSwapAsync("incident-duty", b, "2026-W51", c, otherWeek, null, default);

        var w51 = (await service.GetScheduleAsync("incident-duty", new DateOnly(2026, 12, 14), 1, default)).Shifts[0];
        var held = Assert.Single(w51.Members, m => m.MemberId == c);
        Assert.Equal(AssignmentKind.Swap, held.Kind);
        Assert.Equal(
            new AssignmentReason(
                new ReasonPart(ReasonKind.Swapped) { MemberId = b, Week = otherWeek },
                new ReasonPart(ReasonKind.ReplacedEarlier) { MemberId = a, MemberIds = [b], Note = "通院" }),
            held.Reason);
        Assert.DoesNotContain(a, w51.MemberIds);
        Assert.DoesNotContain(b, w51.MemberIds);
    }

    [Fact]
    public async Task ReplaceThenTrade_RunningAnnouncedWeek_TheMemberOnDutySaysTheTradeAndTheReplaceBeforeIt()
    {
        var service = await CreateAsync(announce: true);
        var (a, b, c, otherWeek) = await PickAsync(service, new DateOnly(2026, 11, 30));

        await service.AddOverrideAsync("incident-duty", "2026-W49", a, b, "発熱", default);
        await service.AddSwapAsync("incident-duty", b, "2026-W49", c, otherWeek, "家族の用事", default);

        var now = (await service.GetOnCallAsync("incident-duty", default)).Current!;
        Assert.Equal("2026-W49", now.Week);
        var held = Assert.Single(now.Members, m => m.MemberId == c);
        Assert.Equal(
            new AssignmentReason(
                new ReasonPart(ReasonKind.ChangedAfterAnnouncement) { Week = "2026-W49" },
                new ReasonPart(ReasonKind.Swapped) { MemberId = b, Note = "家族の用事" },
                new ReasonPart(ReasonKind.ReplacedEarlier) { MemberId = a, MemberIds = [b], Note = "発熱" }),
            held.Reason);
    }

    [Fact]
    public async Task OneChange_ReasonAsBefore_NoEarlierChangeSaid()
    {
        var service = await CreateAsync();
        var (a, b, _, _) = await PickAsync(service, new DateOnly(2026, 12, 14));

        await service.AddOverrideAsync("incident-duty", "2026-W51", a, b, null, default);

        var w51 = (await service.GetScheduleAsync("incident-duty", new DateOnly(2026, 12, 14), 1, default)).Shifts[0];
        Assert.Equal(new AssignmentReason(new ReasonPart(ReasonKind.Replaces) { MemberId = a }), Assert.Single(w51.Members, m => m.MemberId == b).Reason);
    }
}
