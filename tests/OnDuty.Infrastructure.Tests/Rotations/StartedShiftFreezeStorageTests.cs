using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OnDuty.Core.Common;
using OnDuty.Core.Notifications;
using OnDuty.Core.Rotations;
using OnDuty.Core.Team;
using OnDuty.Testing;

namespace OnDuty.Infrastructure.Tests.Rotations;

/// <summary>
/// Trial 30 H1/H2 on Azurite, wired as the app is: the running shift is frozen (stored) before a rotation, member or leave edit
/// applies, so the edit never changes who is on duty now, and the timer's next run announces that pair; a cadence change that
/// would move the running shift is refused with nothing stored.
/// </summary>
public sealed class StartedShiftFreezeStorageTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string RotationId = "incident-duty";
    private static readonly DateOnly W49 = new(2026, 11, 30);

    // Monday 2026-11-30 10:05 in Tokyo: 2026-W49 was handed off five minutes ago; AnnounceDutyWeek has not run yet.
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 30, 1, 5, 0, TimeSpan.Zero));

    private static readonly Member[] Members =
    [
        Member("yamada", "山田 太郎"),
        Member("sato", "佐藤 花子"),
        Member("suzuki", "鈴木 一郎"),
        Member("tanaka", "田中 健"),
        Member("liam", "Liam Chen"),
    ];

    [Fact]
    public async Task SaveAsync_MemberOfTheRunningPairTakenOut_StoresTheRunningPairFrozen_AndTheTimerAnnouncesThatPair()
    {
        await using var services = await BuildAsync();
        var rotations = services.GetRequiredService<RotationService>();
        var repository = services.GetRequiredService<IRotationRepository>();
        var pair = (await rotations.GetOnCallAsync(RotationId, default)).Current!.MemberIds;
        var stored = (await repository.GetAsync(RotationId, default))!;

        await rotations.SaveAsync(stored.Value with { Members = [.. stored.Value.Members.Where(m => m != pair[0])] }, stored.ETag, default);

        var frozen = (await repository.GetFrozenShiftAsync(RotationId, W49, default))!.Value;
        Assert.Equal(pair, frozen.Members);
        Assert.Equal(FrozenShiftStatus.Announcing, frozen.Status);
        Assert.DoesNotContain(pair[0], (await repository.GetAsync(RotationId, default))!.Value.Members);
        Assert.Equal(pair, (await rotations.GetOnCallAsync(RotationId, default)).Current!.MemberIds);

        await services.GetRequiredService<DutyWeekAnnouncer>().AnnounceDueAsync(default);

        var announced = (await services.GetRequiredService<IOutboxStore>().ListAsync(OutboxStatus.Pending, 100, default))
            .Where(m => m.Id.StartsWith($"duty:{RotationId}:2026-W49:email:", StringComparison.Ordinal)).Select(m => m.Recipient).Order(StringComparer.Ordinal);
        Assert.Equal(pair.Select(m => $"{m}@example.com").Order(StringComparer.Ordinal), announced);
        Assert.Equal(FrozenShiftStatus.Announced, (await repository.GetFrozenShiftAsync(RotationId, W49, default))!.Value.Status);
    }

    [Fact]
    public async Task AddLeaveAsync_ForAMemberOfTheRunningPair_StoresTheRunningPairFrozenFirst()
    {
        await using var services = await BuildAsync();
        var rotations = services.GetRequiredService<RotationService>();
        var pair = (await rotations.GetOnCallAsync(RotationId, default)).Current!.MemberIds;

        await services.GetRequiredService<RosterService>().AddLeaveAsync(pair[1], W49.AddDays(1), W49.AddDays(4), "発熱", "鈴木 一郎", default);

        Assert.Equal(pair, (await services.GetRequiredService<IRotationRepository>().GetFrozenShiftAsync(RotationId, W49, default))!.Value.Members);
        Assert.Equal(pair, (await rotations.GetOnCallAsync(RotationId, default)).Current!.MemberIds);
    }

    [Fact]
    public async Task SaveAsync_HandoffMovedMidShift_IsRefusedNamingThePairOnDuty_AndNothingIsStored()
    {
        await using var services = await BuildAsync();
        var rotations = services.GetRequiredService<RotationService>();
        var repository = services.GetRequiredService<IRotationRepository>();
        var pair = (await rotations.GetOnCallAsync(RotationId, default)).Current!.MemberIds;
        var stored = (await repository.GetAsync(RotationId, default))!;

        var ex = await Assert.ThrowsAsync<ConflictException>(() => rotations.SaveAsync(
            stored.Value with { HandoffDay = DayOfWeek.Thursday, HandoffTime = new TimeOnly(19, 4), StartDate = new DateOnly(2026, 1, 8) }, stored.ETag, default));

        Assert.Equal("handoffDay", ex.Field);
        Assert.Contains($"On duty now: 2026-W49 (2026-11-30T10:00+09:00 to 2026-12-07T10:00+09:00: {pair[0]}, {pair[1]}", ex.Reason, StringComparison.Ordinal);
        var after = (await repository.GetAsync(RotationId, default))!;
        Assert.Equal(stored.ETag, after.ETag);
        Assert.Equal(DayOfWeek.Monday, after.Value.HandoffDay);
        Assert.Null(await repository.GetFrozenShiftAsync(RotationId, W49, default));
    }

    private static Member Member(string id, string name) => new()
    {
        TimeZone = TestZones.Tokyo,
        Id = id,
        DisplayName = name,
        Email = $"{id}@example.com",
        Language = Language.Ja,
        JoinedOn = new DateOnly(2020, 4, 1),
    };

    /// <summary>
    /// A cadence change from a date on Azurite: the earlier cadence is stored and read back, the weeks before keep their times,
    /// and the schedule-change mail says from when, what happens to the shortened shift and who made the change (変更者).
    /// </summary>
    [Fact]
    public async Task SaveAsync_WithEffectiveFrom_StoresThePreviousCadence_AndTheMailSaysFromWhenAndBy()
    {
        await using var services = await BuildAsync();
        var rotations = services.GetRequiredService<RotationService>();
        var repository = services.GetRequiredService<IRotationRepository>();
        var stored = (await repository.GetAsync(RotationId, default))!;
        var thursday = new DateOnly(2027, 1, 7);

        await rotations.SaveAsync(stored.Value with { HandoffDay = DayOfWeek.Thursday, HandoffTime = new TimeOnly(19, 0) }, stored.ETag, thursday, "鈴木 一郎", default);

        var read = (await repository.GetAsync(RotationId, default))!.Value;
        Assert.Equal(thursday, read.StartDate);
        Assert.Equal((DayOfWeek.Thursday, new TimeOnly(19, 0)), (read.HandoffDay, read.HandoffTime));
        var earlier = Assert.Single(read.PreviousCadences);
        Assert.Equal(new Cadence { StartDate = new DateOnly(2026, 11, 2), HandoffDay = DayOfWeek.Monday, HandoffTime = new TimeOnly(10, 0), ShiftWeeks = 1 }, earlier);
        var onCall = await rotations.GetOnCallAsync(RotationId, default);
        Assert.Equal(("2026-W49", new DateTimeOffset(2026, 12, 7, 10, 0, 0, TimeSpan.FromHours(9))), (onCall.Current!.Week, onCall.Current.EndsAt));

        var mails = (await services.GetRequiredService<IOutboxStore>().ListAsync(OutboxStatus.Pending, 100, default))
            .Where(m => m.Id.StartsWith($"schedule:{RotationId}:change:rotation-", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(mails);
        Assert.All(mails, m =>
        {
            Assert.Contains("2027年1月7日(木)から、交代を毎週木曜日 19:00に変更しました。", m.TextBody, StringComparison.Ordinal);
            Assert.Contains("変更者：鈴木 一郎", m.TextBody, StringComparison.Ordinal);
        });

        // The Monday 1/4 shift ends at the first Thursday handoff: its pair is told so.
        var shortened = (await rotations.GetScheduleAsync(RotationId, new DateOnly(2027, 1, 4), 1, default)).Shifts[0];
        Assert.Equal(new DateTimeOffset(2027, 1, 7, 19, 0, 0, TimeSpan.FromHours(9)), shortened.EndsAt);
        foreach (var member in shortened.MemberIds)
        {
            var mail = Assert.Single(mails, m => m.Recipient == $"{member}@example.com");
            Assert.Contains("1月4日(月) 10:00（JST）からの当番は、新しい交代の初回となる 2027年1月7日(木) 19:00（JST）で終わります。", mail.TextBody, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task SaveAsync_WithEffectiveFromInsideTheRunningShift_Is409AndStoresNothing()
    {
        await using var services = await BuildAsync();
        var rotations = services.GetRequiredService<RotationService>();
        var repository = services.GetRequiredService<IRotationRepository>();
        var stored = (await repository.GetAsync(RotationId, default))!;

        var ex = await Assert.ThrowsAsync<ConflictException>(() => rotations.SaveAsync(stored.Value with { HandoffTime = new TimeOnly(9, 0) }, stored.ETag, new DateOnly(2026, 12, 7), null, default));

        Assert.Equal("effectiveFrom", ex.Field);
        Assert.Contains("would cut short 2026-W49", ex.Reason, StringComparison.Ordinal);
        Assert.Contains("The earliest date allowed is 2026-12-14 (Monday)", ex.Reason, StringComparison.Ordinal);
        var after = (await repository.GetAsync(RotationId, default))!;
        Assert.Equal(stored.ETag, after.ETag);
        Assert.Empty(after.Value.PreviousCadences);
    }

    private async Task<ServiceProvider> BuildAsync()
    {
        var provider = await new AzuriteApp(azurite, "rotfreeze")
            .WithEscalation("pm-all@example.com", "lead@example.com")
            .WithTime(_time)
            .BuildAsync();
        await StaggeredPairRotation.SeedAsync(provider, RotationId, Members);
        return provider;
    }
}
