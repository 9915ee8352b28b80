namespace OnDuty.Core.Messages;

/// <summary>A Teams mention: <see cref="Id"/> is the Entra object id or UPN; null names the person in plain text (no notification).</summary>
public sealed record Mention(string Name, string? Id);
