using OnDuty.Core.Common;

namespace OnDuty.Core.Incidents;

/// <summary>A person's update sent as a correction of the notice before (【訂正】, <c>"correction": true</c>).</summary>
public sealed partial class Incident
{
    /// <summary>Code of the refusal when an update asks to correct and nothing the readers were told differs from now.</summary>
    public const string NothingToCorrect = "nothingToCorrect";

    /// <summary>
    /// Code of the refusal when what the readers were last told is not kept (a notice queued before 12-06, session 56): it cannot be
    /// quoted, and 「変わっていない」 would be untrue.
    /// </summary>
    public const string ToldNotKept = "toldNotKept";

    /// <summary>
    /// What the notice a correction issues puts right: each detail stated now otherwise than the last notice queued said it
    /// (<see cref="IncidentComms.Told"/>); empty before the first notice, or when what it said is not known (a record stored before
    /// 12-06, or its text removed by the retention).
    /// </summary>
    public IReadOnlyList<DetailCorrection> CorrectionsSinceTold(ToldDetails? now = null) =>
        Comms.Queued > 0 && Comms.Told is { } told ? told.CorrectedBy(now ?? ToldDetails.Of(this)) : [];

    /// <summary>
    /// The notice this update issues (<see cref="IssueStakeholderNotice"/>, next) is a correction. Called with the edit applied;
    /// refused, nothing kept, when nothing the readers were told differs from the record now.
    /// </summary>
    private void IssueAsCorrection()
    {
        if (Comms.Queued > 0 && Comms.Told is null)
        {
            throw new ValidationException(
                "correction",
                "what the last notice told the stakeholders is not kept (it was sent before corrections were kept), so it cannot be quoted; send an ordinary update that says what was wrong",
                Common.Refusal.Of(ToldNotKept));
        }

        if (CorrectionsSinceTold().Count == 0)
        {
            throw new ValidationException(
                "correction",
                "nothing to correct: the details the stakeholders were last told (title, start, impact, affected areas, platforms, workaround) are the same now; change the wrong one, or send an ordinary update",
                Common.Refusal.Of(NothingToCorrect));
        }

        Comms = Comms with { CorrectionIssued = Comms.Issued + 1 };
    }
}
