namespace OnDuty.Core.Notifications;

/// <summary>An accepted message waiting for its provider's final status.</summary>
public sealed record PendingConfirmation(string MessageId, string ProviderId, DateTimeOffset SentAt, DateTimeOffset ConfirmAt);
