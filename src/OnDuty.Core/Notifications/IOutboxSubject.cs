namespace OnDuty.Core.Notifications;

/// <summary>
/// Knows whether a message about its kind of subject still applies, checked right before each attempt, and hears
/// how each attempt ended (so an incident's timeline can say which channel reached whom).
/// </summary>
public interface IOutboxSubject
{
    /// <summary>Null when the message still applies (or is not about this subject); otherwise why it no longer does.</summary>
    Task<string?> NoLongerAppliesAsync(OutboxMessage message, CancellationToken cancellationToken);

    /// <summary>
    /// The message as it is to go out now, when what it says changed since it was queued (a step told for several incidents,
    /// some of them acknowledged meanwhile: the list and the count said again); null to send it as stored. Asked right before
    /// each attempt, after <see cref="NoLongerAppliesAsync"/>; never a reason not to send.
    /// </summary>
    Task<OutboxMessage?> AsOfNowAsync(OutboxMessage message, CancellationToken cancellationToken) => Task.FromResult<OutboxMessage?>(null);

    /// <summary>Called once a message is delivered or given up; <paramref name="error"/> is null when delivered.</summary>
    Task SettledAsync(OutboxMessage message, string? error, CancellationToken cancellationToken);

    /// <summary>
    /// Its provider reported, after taking it, that <paramref name="message"/> did not reach <paramref name="recipient"/>: an
    /// email that bounced, or that the provider suppressed or filtered (<paramref name="status"/> as the provider names it,
    /// <paramref name="details"/> what it said, if anything). Heard once per report, whatever the message's other readers got.
    /// </summary>
    Task UndeliveredAsync(OutboxMessage message, string recipient, string status, string? details, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    /// <summary><see cref="SettledAsync"/> for messages settled together (one queue message's ids, recorded in one write).</summary>
    async Task SettledManyAsync(IReadOnlyList<(OutboxMessage Message, string? Error)> settled, CancellationToken cancellationToken)
    {
        foreach (var (message, error) in settled)
        {
            await SettledAsync(message, error, cancellationToken);
        }
    }
}
