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
        Id = id,
        DisplayName = name,
        Email = $"{id}@example.com",
        Language = Language.Ja,
        JoinedOn = new DateOnly(2020, 4, 1),
    };

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
