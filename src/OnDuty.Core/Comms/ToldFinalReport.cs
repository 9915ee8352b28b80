namespace OnDuty.Core.Comms;

/// <summary>
/// The final report (最終報) as the 障害の状況 view lists it (<see cref="IncidentOverview.FinalReport"/>): when it went, who sent it, to
/// which audiences (by the names people call them) and what it said.
/// </summary>
/// <param name="Text">What it said; null for a final report sent before its text was kept, or once the incident text retention removed it.</param>
public sealed record ToldFinalReport(DateTimeOffset At, string? By, IReadOnlyList<string> Audiences, FinalReportText? Text);
