namespace OnDuty.Core.Incidents;

/// <summary>
/// The final report (最終報) of an incident as it was queued: when, by whom (a roster member id), to which audiences and how many
/// addresses in all (each reader once); and the corrections sent since (【訂正】, <see cref="Incident.MarkFinalReportCorrected"/>).
/// </summary>
public sealed record SentFinalReport(DateTimeOffset At, string By, IReadOnlyList<string> Audiences, int Addresses)
{
    /// <summary>How many corrections were sent (0: none); the next one is numbered one more.</summary>
    public int Corrections { get; init; }

    /// <summary>When the last correction went; null before the first.</summary>
    public DateTimeOffset? CorrectedAt { get; init; }
}
