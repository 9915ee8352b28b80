using Microsoft.Extensions.Time.Testing;
using OnDuty.Core.Rotations;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Rotations;

/// <summary>
/// On call from the per-instance cache: a change through this instance's repositories is answered at once, a change another
/// instance wrote (straight into the shared store, past this instance's wrappers) within <see cref="ScheduleInputCache.MaxAge"/>.
/// </summary>
public sealed class ScheduleInputCacheTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 18, 3, 0, 0, TimeSpan.Zero));
    private readonly FakeTimeProvider _elapsed = new();

    [Fact]
    public async Task GetOnCallAsync_OverrideThroughThisInstance_AnsweredAtOnce()
    {
        var (sut, _, _) = await CreateSutAsync();
        var before = await sut.GetOnCallAsync("incident-duty", default);
        var replacement = TeamData.Members().Select(m => m.Id).First(id => !before.Current!.MemberIds.Contains(id));

        await sut.AddOverrideAsync("incident-duty", before.Current!.Week, before.Current.MemberIds[0], replacement, "sick", default);

        Assert.Contains(replacement, (await sut.GetOnCallAsync("incident-duty", default)).Current!.MemberIds);
    }

    [Fact]
    public async Task GetOnCallAsync_LeaveThroughThisInstancesRoster_AnsweredAtOnce()
    {
        var (sut, roster, _) = await CreateSutAsync();
        var next = (await sut.GetOnCallAsync("incident-duty", default)).Next!;
        var away = next.MemberIds[0];

        await roster.AddLeaveAsync(new OnDuty.Core.Team.Leave { Id = "l1", MemberId = away, From = next.StartDate, To = next.StartDate.AddDays(6) }, default);

        Assert.DoesNotContain(away, (await sut.GetOnCallAsync("incident-duty", default)).Next!.MemberIds);
    }

    [Fact]
    public async Task GetOnCallAsync_ChangeByAnotherInstance_ServedFromTheCopyThenSeenWithinMaxAge()
    {
        var (sut, _, shared) = await CreateSutAsync();
        var before = await sut.GetOnCallAsync("incident-duty", default);
        var replacement = TeamData.Members().Select(m => m.Id).First(id => !before.Current!.MemberIds.Contains(id));

        // Another instance replaces a member of this week: written to the shared store, this instance is not told.
        var other = new RotationService(shared.Rotations, shared.Roster, _time);
        await other.AddOverrideAsync("incident-duty", before.Current!.Week, before.Current.MemberIds[0], replacement, "sick", default);

        Assert.Equal(before.Current.MemberIds, (await sut.GetOnCallAsync("incident-duty", default)).Current!.MemberIds); // no storage read
        _elapsed.Advance(ScheduleInputCache.MaxAge);
        Assert.Contains(replacement, (await sut.GetOnCallAsync("incident-duty", default)).Current!.MemberIds);
    }

    [Fact]
    public async Task GetOnCallAsync_PastHalfItsAge_ServesTheCopyAndReloadsItBehind()
    {
        var (sut, _, shared) = await CreateSutAsync();
        var before = await sut.GetOnCallAsync("incident-duty", default);
        var replacement = TeamData.Members().Select(m => m.Id).First(id => !before.Current!.MemberIds.Contains(id));
        await new RotationService(shared.Rotations, shared.Roster, _time).AddOverrideAsync("incident-duty", before.Current!.Week, before.Current.MemberIds[0], replacement, "sick", default);
        _elapsed.Advance(ScheduleInputCache.MaxAge / 2);

        Assert.Equal(before.Current.MemberIds, (await sut.GetOnCallAsync("incident-duty", default)).Current!.MemberIds);
        for (var i = 0; i < 100 && !(await sut.GetOnCallAsync("incident-duty", default)).Current!.MemberIds.Contains(replacement); i++)
        {
            await Task.Delay(10); // the reload runs on its own; no time passes for the cache meanwhile
        }

        Assert.Contains(replacement, (await sut.GetOnCallAsync("incident-duty", default)).Current!.MemberIds);
    }

    /// <summary>
    /// The answer is kept with the copy and shift it came from: the handover to the next shift is answered at once, from the
    /// same copy (no time passes for the cache), not the last week's answer kept for that copy.
    /// </summary>
    [Fact]
    public async Task GetOnCallAsync_ShiftHandsOverWhileTheCopyIsFresh_AnswersTheNewShift()
    {
        var (sut, _, _) = await CreateSutAsync();
        var before = await sut.GetOnCallAsync("incident-duty", default);
        Assert.Same(before, await sut.GetOnCallAsync("incident-duty", default));

        _time.Advance(TimeSpan.FromDays(7));

        var after = await sut.GetOnCallAsync("incident-duty", default);
        Assert.Equal(before.Next!.Week, after.Current!.Week);
        Assert.Equal(before.Next.MemberIds, after.Current.MemberIds);
    }

    /// <summary>
    /// The members the pages know a signed-in visitor by: read once for many views; a change through this instance's roster is
    /// read at once, one another instance wrote within <see cref="ScheduleInputCache.MaxAge"/>.
    /// </summary>
    [Fact]
    public async Task GetMembersAsync_ReadOnceForManyViews_ChangeHereAtOnce_ChangeElsewhereWithinMaxAge()
    {
        var (_, _, shared) = await CreateSutAsync();
        var cache = new ScheduleInputCache(_elapsed);
        var tracked = new ScheduleChangeTrackingRosterRepository(shared.Roster, cache);
        var reads = 0;
        Task<IReadOnlyList<OnDuty.Core.Team.Member>> Load(CancellationToken ct)
        {
            reads++;
            return ListAsync(shared.Roster, ct);
        }

        var first = await cache.GetMembersAsync(Load, default);
        for (var i = 0; i < 9; i++)
        {
            Assert.Same(first, await cache.GetMembersAsync(Load, default));
        }

        Assert.Equal(1, reads);

        // Changed through this instance's roster: the next view reads it.
        var member = first[0];
        var other = member.Language == OnDuty.Core.Team.Language.Ja ? OnDuty.Core.Team.Language.En : OnDuty.Core.Team.Language.Ja;
        var stored = await shared.Roster.GetMemberAsync(member.Id, default);
        await tracked.SaveMemberAsync(member with { Language = other }, stored!.ETag, default);
        Assert.Equal(other, (await cache.GetMembersAsync(Load, default)).Single(m => m.Id == member.Id).Language);
        Assert.Equal(2, reads);

        // Changed by another instance (straight into the shared store): the copy until MaxAge, then the change.
        stored = await shared.Roster.GetMemberAsync(member.Id, default);
        await shared.Roster.SaveMemberAsync(member with { Language = member.Language }, stored!.ETag, default);
        Assert.Equal(other, (await cache.GetMembersAsync(Load, default)).Single(m => m.Id == member.Id).Language);
        _elapsed.Advance(ScheduleInputCache.MaxAge);
        Assert.Equal(member.Language, (await cache.GetMembersAsync(Load, default)).Single(m => m.Id == member.Id).Language);
        Assert.Equal(3, reads);

        // A schedule kept in the same cache is an entry of its own: the members' copy is still served, not replaced.
        Assert.Equal("incident-duty", (await new RotationService(shared.Rotations, shared.Roster, _time, onCallCache: cache).GetOnCallAsync("incident-duty", default)).Rotation.Id);
        await cache.GetMembersAsync(Load, default);
        Assert.Equal(3, reads);
    }

    [Fact]
    public async Task GetMembersAsync_RosterUnreadable_Throws_AndTheNextViewReadsAgain()
    {
        var (_, _, shared) = await CreateSutAsync();
        var cache = new ScheduleInputCache(_elapsed);
        shared.Roster.FailMemberReads = true;

        await Assert.ThrowsAsync<OnDuty.Core.Common.DependencyUnavailableException>(() => cache.GetMembersAsync(ct => ListAsync(shared.Roster, ct), default));
        shared.Roster.FailMemberReads = false;

        Assert.Equal(TeamData.Members().Count, (await cache.GetMembersAsync(ct => ListAsync(shared.Roster, ct), default)).Count);
    }

    private static async Task<IReadOnlyList<OnDuty.Core.Team.Member>> ListAsync(InMemoryRoster roster, CancellationToken ct) =>
        [.. (await roster.ListMembersAsync(ct)).Select(m => m.Value)];

    private async Task<(RotationService Sut, ScheduleChangeTrackingRosterRepository Roster, (InMemoryRoster Roster, InMemoryRotations Rotations) Shared)> CreateSutAsync()
    {
        var (roster, rotations) = await TeamData.SeedAsync(TeamData.Rotation());
        var cache = new ScheduleInputCache(_elapsed);
        var trackedRoster = new ScheduleChangeTrackingRosterRepository(roster, cache);
        var sut = new RotationService(new ScheduleChangeTrackingRotationRepository(rotations, cache), trackedRoster, _time, onCallCache: cache);
        return (sut, trackedRoster, (roster, rotations));
    }
}
