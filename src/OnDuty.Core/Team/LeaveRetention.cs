using Microsoft.Extensions.Options;

namespace OnDuty.Core.Team;

/// <summary>Deletes leave that ended longer ago than <see cref="RetentionOptions.Leave"/> (the <c>PurgeExpiredData</c> timer).</summary>
public sealed class LeaveRetention(IRosterRepository roster, TimeProvider time, IOptions<RetentionOptions> options)
{
    public async Task<int> PurgeAsync(CancellationToken cancellationToken)
    {
        var before = Cutoff(time.GetUtcNow(), options.Value.Leave);
        var purged = 0;
        foreach (var leave in (await roster.ListLeaveAsync(cancellationToken)).Where(l => l.To < before))
        {
            purged += await roster.DeleteLeaveAsync(leave.MemberId, leave.Id, cancellationToken) ? 1 : 0;
        }

        return purged;
    }

    /// <summary>The first day leave may end on and be kept at <paramref name="now"/>: leave ended before it is deleted.</summary>
    public static DateOnly Cutoff(DateTimeOffset now, TimeSpan kept) => DateOnly.FromDateTime((now - kept).UtcDateTime);
}
