namespace OnDuty.Core.Incidents;

/// <summary>What <see cref="IncidentService.AcknowledgeManyAsync"/> did: the incidents it acknowledged and the ones it left, with why.</summary>
public sealed record AcknowledgedTogether(IReadOnlyList<string> Acknowledged, IReadOnlyList<SkippedAcknowledgement> Skipped);

/// <param name="Reason"><c>acknowledged</c> (already, by someone), <c>resolved</c> or <c>notFound</c>.</param>
public sealed record SkippedAcknowledgement(string Id, string Reason);
