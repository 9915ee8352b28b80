namespace OnDuty.Core.Incidents;

/// <summary>What <see cref="IncidentService.AcknowledgeManyAsync"/> did: the incidents it acknowledged and the ones it left, with why.</summary>
public sealed record AcknowledgedTogether(IReadOnlyList<string> Acknowledged, IReadOnlyList<SkippedAcknowledgement> Skipped)
{
    /// <summary>How many people were told of them (by mail; the channel not counted): none when nobody else was on them.</summary>
    public int Told { get; init; }
}

/// <param name="Reason"><c>acknowledged</c> (already, by someone), <c>resolved</c> or <c>notFound</c>.</param>
public sealed record SkippedAcknowledgement(string Id, string Reason);
