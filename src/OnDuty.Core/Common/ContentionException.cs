namespace OnDuty.Core.Common;

/// <summary>
/// Parallel writers kept colliding (an ETag race, a hot row, a claim still being opened) and the retries did not get through:
/// nothing is refused and nothing was lost, so it maps to 503 with Retry-After — senders retry a 5xx, not a 409.
/// </summary>
public sealed class ContentionException(string message) : Exception(message);
