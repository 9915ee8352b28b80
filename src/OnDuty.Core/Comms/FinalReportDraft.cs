using OnDuty.Core.Incidents;
using OnDuty.Core.Team;

namespace OnDuty.Core.Comms;

/// <summary>
/// A final report as the send form shows it: the text prefilled from the incident and its retro (<see cref="FinalReportService.Prefill"/>),
/// the audiences it would go to and how many addresses, whether it can be sent now (<see cref="Refused"/>) and, once sent, what went.
/// </summary>
/// <param name="Text">The prefilled text; every retro action item as a measure (the PM unticks those that are not for stakeholders).</param>
public sealed record FinalReportDraft(Incident Incident, FinalReportText Text, IReadOnlyList<string> Audiences)
{
    /// <summary>How many addresses the audiences hold (each reader once); null when they were not resolved (sent, or refused).</summary>
    public int? Addresses { get; init; }

    /// <summary>The languages its readers read, with <see cref="Addresses"/> (the retro page previews each: an English reader in a Japanese
    /// audience gets the English mail); empty when they were not resolved.</summary>
    public IReadOnlyList<Language> Languages { get; init; } = [];

    /// <summary>Why it cannot be sent now (the incident open or merged, nobody told, no retro), as a conflict's reason; null: it can.</summary>
    public FinalReportRefusal? Refused { get; init; }

    /// <summary>
    /// Once sent: the text its readers last read (the final report, or its last correction) as the timeline kept it, which a correction starts
    /// from; null before it was sent, or when it was too long to keep.
    /// </summary>
    public FinalReportText? Last { get; init; }

    /// <summary>The final report sent; null before.</summary>
    public SentFinalReport? Sent => Incident.Comms.FinalReport;
}

/// <summary>Why a final report cannot be sent.</summary>
public enum FinalReportRefusal
{
    /// <summary>The incident is still open: the final report follows its recovery and retro.</summary>
    Open,

    /// <summary>Merged into another incident: the final report is that one's.</summary>
    Merged,

    /// <summary>No audience was told about it: nobody awaits a final report.</summary>
    NobodyTold,

    /// <summary>Its retro is not written yet: the final report's cause and measures come from it.</summary>
    NoRetro,
}
