namespace OnDuty.Core.Team;

/// <summary>One recipient of a team-list message; <see cref="Language"/> is set when the address belongs to a roster member.</summary>
public sealed record AudienceRecipient(string Address, string? Name, Language? Language);
