namespace OnDuty.Core.Notifications;

/// <summary>
/// A message a provider took, to be recorded as sent: delivered outright (<see cref="ProviderId"/> null), or accepted under
/// <see cref="ProviderId"/> and listed for a status check at <see cref="ConfirmAt"/>.
/// </summary>
public sealed record OutboxDelivery(string Id, DateTimeOffset SentAt, string? ProviderId = null, DateTimeOffset? ConfirmAt = null);
