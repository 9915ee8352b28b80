namespace OnDuty.Core.Notifications;

/// <summary>A send lease on one message; <see cref="Token"/> tells this holder's lease from a later one.</summary>
public sealed record OutboxLease(string MessageId, string Token, DateTimeOffset Until);
