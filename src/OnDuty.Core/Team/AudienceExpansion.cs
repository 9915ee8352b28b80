namespace OnDuty.Core.Team;

/// <summary>The people a list of audience entries reaches, and the entries that could not be expanded this time.</summary>
public sealed record AudienceExpansion(IReadOnlyList<AudienceRecipient> Recipients, IReadOnlyList<string> Failures);
