namespace OnDuty.Functions.Calendar;

/// <summary>Body of <c>POST /api/rotations/{id}/feeds</c> and <c>POST /api/members/{id}/feeds</c> (optional).</summary>
public sealed record FeedRequest(string? Note);
