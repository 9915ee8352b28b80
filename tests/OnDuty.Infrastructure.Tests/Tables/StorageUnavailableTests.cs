using OnDuty.Core.Common;
using OnDuty.Core.Notifications;
using OnDuty.Core.Rotations;
using OnDuty.Testing;

namespace OnDuty.Infrastructure.Tests.Tables;

/// <summary>Every adapter pointed at a loopback port nothing listens on: the caller gets a 503-shaped error at once.</summary>
public sealed class StorageUnavailableTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TablesHarness _harness = TablesHarness.Unreachable();

    public static TheoryData<string> Operations() =>
    [
        "roster.get", "roster.list", "roster.save", "leave.add", "leave.delete",
        "rotation.get", "rotation.state", "rotation.overrides", "rotation.freeze",
        "outbox.enqueue", "outbox.due", "outbox.lease", "outbox.sent", "tables.ensure",
    ];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Operation_StorageUnreachable_ThrowsDependencyUnavailableQuickly(string operation)
    {
        var started = TimeProvider.System.GetTimestamp();

        var ex = await Assert.ThrowsAsync<DependencyUnavailableException>(() => Run(operation));

        Assert.Equal("Table Storage", ex.Dependency);
        Assert.True(TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Operation_CallerCancels_ThrowsOperationCanceledNotUnavailable()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _harness.Roster.ListMembersAsync(cancelled.Token));
    }

    private Task Run(string operation)
    {
        var at = new DateTimeOffset(2026, 12, 7, 1, 0, 0, TimeSpan.Zero);
        var message = new OutboxMessage { Id = "m1", Channel = Channel.Email, Recipient = "a@example.com" };
        var shift = new FrozenShift { ShiftStart = new DateOnly(2026, 12, 7), Week = "2026-W50", Members = ["ann"] };
        var ovr = new RotationOverride { Id = "o1", ShiftStart = new DateOnly(2026, 12, 7), MemberId = "ann", ReplacementId = "bob" };
        return operation switch
        {
            "roster.get" => _harness.Roster.GetMemberAsync("ann", None),
            "roster.list" => _harness.Roster.ListMembersAsync(None),
            "roster.save" => _harness.Roster.SaveMemberAsync(new() { Id = "ann", DisplayName = "Ann", Email = "ann@example.com", TimeZone = TestZones.Tokyo }, null, None),
            "leave.add" => _harness.Roster.AddLeaveAsync(new() { Id = "l1", MemberId = "ann", From = new(2026, 1, 1), To = new(2026, 1, 2) }, None),
            "leave.delete" => _harness.Roster.DeleteLeaveAsync("ann", "l1", None),
            "rotation.get" => _harness.Rotations.GetAsync("ops", None),
            "rotation.state" => _harness.Rotations.GetStateAsync("ops", None),
            "rotation.overrides" => _harness.Rotations.AddOverridesAsync("ops", [ovr], None),
            "rotation.freeze" => _harness.Rotations.TryFreezeShiftAsync("ops", shift, None),
            "outbox.enqueue" => _harness.Outbox.TryEnqueueAsync(message, at, None),
            "outbox.due" => _harness.Outbox.ListDueAsync(at, 10, None),
            "outbox.lease" => _harness.Outbox.TryLeaseAsync("m1", at, at, None),
            "outbox.sent" => _harness.Outbox.MarkSentAsync("m1", at, None),
            "tables.ensure" => _harness.Initializer.EnsureTablesAsync(None),
            _ => throw new ArgumentOutOfRangeException(nameof(operation)),
        };
    }
}
