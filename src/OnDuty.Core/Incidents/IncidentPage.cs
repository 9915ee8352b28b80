namespace OnDuty.Core.Incidents;

/// <summary>One page of a list; <see cref="ContinuationToken"/> asks for the next (null on the last page).</summary>
public sealed record IncidentPage(IReadOnlyList<Incident> Items, string? ContinuationToken);
