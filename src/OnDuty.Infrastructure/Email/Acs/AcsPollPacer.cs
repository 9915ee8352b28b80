namespace OnDuty.Infrastructure.Email.Acs;

/// <summary>
/// Spaces ACS status polls across every send of the process: at most <c>maxPollsPerMinute</c>, and none while the
/// service's last 429 retry-after runs. ACS counts polls against per-minute limits (about 60 a minute for a custom
/// domain, about 10 for an Azure-managed one), so the more sends are waiting, the less each one polls.
/// </summary>
internal sealed class AcsPollPacer(TimeProvider time, int maxPollsPerMinute)
{
    private readonly TimeSpan _spacing = TimeSpan.FromMinutes(1) / Math.Max(1, maxPollsPerMinute);
    private readonly Lock _gate = new();
    private DateTimeOffset _nextSlot = DateTimeOffset.MinValue;

    /// <summary>
    /// Takes the first poll slot at least <paramref name="notBefore"/> from now and returns how long to wait for it,
    /// or null (nothing taken) when that is later than <paramref name="within"/>.
    /// </summary>
    public TimeSpan? Reserve(TimeSpan notBefore, TimeSpan within)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            var earliest = now + notBefore;
            var slot = earliest > _nextSlot ? earliest : _nextSlot;
            if (slot - now > within)
            {
                return null;
            }

            _nextSlot = slot + _spacing;
            return slot - now;
        }
    }

    /// <summary>The service answered a poll with 429: no poll before <paramref name="retryAfter"/> has passed.</summary>
    public void Throttled(TimeSpan retryAfter)
    {
        lock (_gate)
        {
            var until = time.GetUtcNow() + retryAfter;
            _nextSlot = until > _nextSlot ? until : _nextSlot;
        }
    }

    /// <summary>How long until the next free slot (zero when one is free now).</summary>
    public TimeSpan NextSlotIn()
    {
        lock (_gate)
        {
            var wait = _nextSlot - time.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }
    }
}
