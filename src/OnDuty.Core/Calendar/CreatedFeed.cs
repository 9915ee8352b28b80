namespace OnDuty.Core.Calendar;

/// <summary>A new feed secret: shown once, then only its hash is kept.</summary>
public sealed record CreatedFeed(FeedToken Feed, string Token);
