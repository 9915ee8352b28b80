namespace OnDuty.Core.Incidents;

/// <summary>
/// The final report (最終報) of an incident as it was queued: when, by whom (a roster member id), to which audiences and how many
/// addresses in all (each reader once).
/// </summary>
public sealed record SentFinalReport(DateTimeOffset At, string By, IReadOnlyList<string> Audiences, int Addresses);
