namespace OnDuty.Core.Team;

/// <summary>A person in a directory group.</summary>
public sealed record DirectoryPerson(string Email, string? DisplayName);
