namespace OnDuty.Core.Alerts;

/// <summary>What the per-source checks decided about one delivery.</summary>
/// <param name="Refusal">Why it is refused (401; never the secret), or null.</param>
/// <param name="WebhookId">The Standard Webhooks id that came with it, to drop exact replays by.</param>
/// <param name="Setting">With a refusal: the source's setting it is about (<c>SharedSecret</c>, <c>HmacSecret</c>), named to whoever fixes it.</param>
public sealed record WebhookCheck(string? Refusal, string? WebhookId = null, string? Setting = null);
