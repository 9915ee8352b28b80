using OnDuty.Core.Incidents;

namespace OnDuty.Core.Messages;

/// <summary>A stakeholder notice sent as a correction of the one before (【訂正】), for its readers.</summary>
public static class StakeholderCorrection
{
    /// <summary>
    /// <paramref name="notice"/> (number <paramref name="number"/> in its readers' series) with what it corrects, when the incident's
    /// owed notice is a correction and its readers read the notice before (the last queued, numbered in their series); as it is otherwise.
    /// </summary>
    public static StakeholderNotice AsCorrection(this StakeholderNotice notice, Incident incident, int number)
    {
        var comms = incident.Comms;
        // The notice corrected is the last queued; a notice owed but never queued (two updates during an outage) was never read.
        var corrects = number - (comms.Issued - comms.Queued);
        if (comms.CorrectionIssued != comms.Issued || comms.Queued >= comms.Issued || corrects < 1)
        {
            return notice;
        }

        var corrections = incident.CorrectionsSinceTold();
        return corrections.Count == 0 ? notice : notice with { Corrections = corrections, Corrects = corrects };
    }
}
