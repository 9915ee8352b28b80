namespace OnDuty.Core.Alerts;

/// <summary>
/// Webhook ids (Standard Webhooks <c>webhook-id</c>) already applied, per source, so an exact replay is answered 2xx
/// without a second effect. An id is recorded only after its delivery was applied: a delivery that failed (5xx) is
/// retried by its sender with the same id and must not be taken for a replay.
/// </summary>
public interface IWebhookReceipts
{
    Task<bool> SeenAsync(string source, string webhookId, CancellationToken cancellationToken);

    Task RecordAsync(string source, string webhookId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Deletes the ids of <paramref name="source"/> recorded before <paramref name="before"/>; returns how many went.</summary>
    Task<int> PurgeAsync(string source, DateTimeOffset before, CancellationToken cancellationToken);
}
