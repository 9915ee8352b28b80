using OnDuty.Core.Alerts;

namespace OnDuty.Core.Incidents;

/// <summary>Fields a person may change with an update; null leaves a field as it is.</summary>
public sealed record IncidentEdit
{
    public string? Title { get; init; }

    public AlertSeverity? Severity { get; init; }

    public IReadOnlyList<string>? AffectedAreas { get; init; }

    public IReadOnlyList<string>? Platforms { get; init; }

    public string? UserImpact { get; init; }

    public string? Workaround { get; init; }

    /// <summary>The cause as far as it is known (the recovery notice's ■原因); empty clears it.</summary>
    public string? Cause { get; init; }

    /// <summary>What the team will do next (the recovery notice's ■今後の対応); empty clears it.</summary>
    public string? NextSteps { get; init; }

    /// <summary>This incident's own bridge (an https call URL); empty clears it (the team's, if any, is offered again).</summary>
    public string? BridgeUrl { get; init; }

    /// <summary>When users started to be affected, as a person now knows it.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>
    /// When users stopped being affected, as a person knows it: with the update that resolves it, or later on a resolved
    /// incident. Null: the time of the resolving update (or as recorded).
    /// </summary>
    public DateTimeOffset? ResolvedAt { get; init; }

    /// <summary>
    /// When the writer promises the next update (the notice's ■次回の更新予定, and when the duty members are reminded); null:
    /// the severity's update interval from this update.
    /// </summary>
    public DateTimeOffset? NextUpdateAt { get; init; }

    /// <summary>
    /// The notice this update issues corrects the one before (【訂正】): what the readers were told of each detail stated otherwise
    /// now, and what is right (<see cref="IncidentComms.CorrectionIssued"/>). Refused when nothing told differs.
    /// </summary>
    public bool Correction { get; init; }

    /// <summary>
    /// Audiences (<c>Comms__Audiences__{name}</c>) the notice this update issues goes to besides those told so far and the severity's:
    /// one the severity did not choose (support for a SEV2 that only tells the executives). Kept on the incident until the notice is
    /// queued (<see cref="IncidentComms.AlsoTell"/>), then told with every later notice. Null or empty: nobody more.
    /// </summary>
    public IReadOnlyList<string>? AlsoTell { get; init; }
}
