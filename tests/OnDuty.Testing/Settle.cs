namespace OnDuty.Testing;

/// <summary>
/// Waits for a running system to finish, for absence checks ("no second page", "nothing to the organisation list after
/// the ack"): a sleep proves nothing on a loaded machine, and checking at once proves less. Settled means every watched
/// count (inbox, loopback servers) stayed the same for a quiet period while the idle check (the outbox has nothing
/// left to send) held throughout.
/// </summary>
public static class Settle
{
    public static readonly TimeSpan DefaultQuietPeriod = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Returns once <paramref name="counts"/> have not moved for <paramref name="quietPeriod"/> with <paramref name="idle"/>
    /// true; throws on timeout, with <paramref name="describeBusy"/>'s account of what kept the system busy (the due outbox
    /// items) so a failure names the stuck message instead of only saying that something was. <paramref name="cancellationToken"/>
    /// stops the wait (another check found the system settled first).
    /// </summary>
    public static async Task UntilQuietAsync(
        IReadOnlyList<Func<Task<int>>> counts,
        Func<Task<bool>> idle,
        TimeSpan? quietPeriod = null,
        TimeSpan? timeout = null,
        Func<Task<string>>? describeBusy = null,
        CancellationToken cancellationToken = default)
    {
        var quiet = quietPeriod ?? DefaultQuietPeriod;
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        int[]? last = null;
        var quietSince = DateTime.UtcNow;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var current = new int[counts.Count];
            for (var i = 0; i < counts.Count; i++)
            {
                current[i] = await counts[i]();
            }

            if (!await idle() || last is null || !current.AsSpan().SequenceEqual(last))
            {
                last = current;
                quietSince = DateTime.UtcNow;
            }
            else if (DateTime.UtcNow - quietSince >= quiet)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                var held = await idle();
                var busy = held || describeBusy is null ? "" : " Busy with: " + await describeBusy();
                throw new TimeoutException($"The system did not settle: counts [{string.Join(", ", current)}], idle check {(held ? "held" : "failed")}.{busy}");
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }
}
