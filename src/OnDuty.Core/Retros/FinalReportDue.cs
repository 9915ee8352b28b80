using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;

namespace OnDuty.Core.Retros;

/// <summary>
/// Which incidents owe their stakeholders a final report (最終報) the incident report counts (JSON, page, email, card and CSV alike): a
/// resolved SEV1–SEV2 outage (by the highest severity it held, as the retros owed) that some audience was told about, whose retro is
/// written and whose final report has not gone. Owed from the retro's writing on, with no grace days: the final report is made from the
/// retro, so once that is written nothing it waits on is missing, and the stakeholders told about the outage are the ones waiting.
/// </summary>
public static class FinalReportDue
{
    /// <summary>Stakeholders were told about this resolved SEV1–SEV2 outage: a final report is expected once its retro is written.</summary>
    public static bool IsExpected(Incident incident) =>
        incident is { MergedInto: null, IsOpen: false, HighestSeverity: AlertSeverity.Sev1 or AlertSeverity.Sev2 } && incident.Comms.ToldAudiences.Count > 0;

    /// <summary>Expected (<see cref="IsExpected"/>), the retro written and no final report sent yet.</summary>
    public static bool IsOwed(Incident incident, bool retroWritten) =>
        IsExpected(incident) && retroWritten && incident.Comms.FinalReport is null;
}
