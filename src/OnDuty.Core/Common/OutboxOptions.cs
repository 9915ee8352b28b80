using System.ComponentModel.DataAnnotations;

namespace OnDuty.Core.Common;

/// <summary>Outbox delivery settings (section <c>Outbox</c>).</summary>
public sealed class OutboxOptions
{
    public const string SectionName = "Outbox";

    [Range(1, 50, ErrorMessage = "Outbox__MaxAttempts must be between 1 and 50.")]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>First retry delay; doubles each attempt up to <see cref="MaxDelay"/>, never sooner than a provider's Retry-After.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long a sender holds a message before another instance may try it. Short, so a sender that died mid-way
    /// holds a page up only briefly; a sender renews it every third of this while a send is in flight and stops the
    /// send before the lease runs out when it cannot renew, so a slow send is never taken over while still going.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00", ErrorMessage = "Outbox__LeaseDuration must be between 00:00:10 and 01:00:00.")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The retry timer (the sweeper) takes a message only when it has been due this long: until then its queue
    /// message is expected to bring it, and the timer would only race the queue consumer.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00", ErrorMessage = "Outbox__SweepAfter must be between 00:00:00 and 01:00:00.")]
    public TimeSpan SweepAfter { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Pages and escalations are not given up by count: they are retried until this old (while they still apply).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00", ErrorMessage = "Outbox__PageGiveUpAfter must be between 00:01:00 and 7.00:00:00.")]
    public TimeSpan PageGiveUpAfter { get; set; } = TimeSpan.FromHours(6);

    /// <summary>Longest wait between two attempts of a page, whatever the backoff (a provider's Retry-After still wins).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "Outbox__PageMaxDelay must be between 00:00:01 and 01:00:00.")]
    public TimeSpan PageMaxDelay { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Sent messages (full bodies) are kept this long, then purged by <c>PurgeExpiredData</c>.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00", ErrorMessage = "Outbox__Retention must be between 1.00:00:00 and 3650.00:00:00.")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);

    [Range(1, 1000, ErrorMessage = "Outbox__BatchSize must be between 1 and 1000.")]
    public int BatchSize { get; set; } = 100;
}
