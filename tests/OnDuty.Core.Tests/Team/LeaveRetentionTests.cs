using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Team;

public sealed class LeaveRetentionTests
{
    [Fact]
    public async Task PurgeAsync_DeletesOnlyLeaveThatEndedLongerAgoThanTheRetention()
    {
        var roster = new InMemoryRoster();
        await roster.AddLeaveAsync(Leave("old", new DateOnly(2025, 11, 1), new DateOnly(2025, 11, 28)), CancellationToken.None);
        await roster.AddLeaveAsync(Leave("edge", new DateOnly(2025, 11, 20), new DateOnly(2025, 11, 30)), CancellationToken.None);
        await roster.AddLeaveAsync(Leave("recent", new DateOnly(2026, 8, 1), new DateOnly(2026, 8, 5)), CancellationToken.None);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 3, 30, 0, TimeSpan.Zero));
        var retention = new LeaveRetention(roster, time, Options.Create(new RetentionOptions { Leave = TimeSpan.FromDays(365) }));

        var purged = await retention.PurgeAsync(CancellationToken.None);

        Assert.Equal(1, purged);
        Assert.Equal(["edge", "recent"], (await roster.ListLeaveAsync(CancellationToken.None)).Select(l => l.Id).Order());
    }

    private static Leave Leave(string id, DateOnly from, DateOnly to) => new() { Id = id, MemberId = "sato", From = from, To = to };
}
