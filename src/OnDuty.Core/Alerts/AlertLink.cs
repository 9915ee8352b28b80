namespace OnDuty.Core.Alerts;

/// <summary>An absolute http(s) link that came with an alert.</summary>
public sealed record AlertLink(string Kind, Uri Href, string? Text = null);
