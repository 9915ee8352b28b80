using OnDuty.Core.Alerts;

namespace OnDuty.Core.Incidents;

/// <summary>
/// What merging <see cref="From"/> changed on the incident merged into (<see cref="Incident.MergeIn"/>): each value as it was and as
/// the merge made it, so undoing the merge (<see cref="Incident.ForgetMerged"/>) gives back what nobody changed since. Null members:
/// the merge did not change that value. Records merged before 12-06 have none: undoing such a merge leaves every value as it is
/// (and merges recorded before the highest severity and the declared flag were kept leave those as they are).
/// The long texts it took (impact, areas, platforms, workaround: it had none of each before) are kept as fingerprints
/// (<see cref="Fingerprint"/>): enough to tell whether they are still as taken, without a second copy in the record's 32K characters.
/// </summary>
public sealed record MergeTaking
{
    /// <summary>The incident merged in.</summary>
    public required string From { get; init; }

    public Corrected<string>? Title { get; init; }

    public Corrected<DateTimeOffset>? StartedAt { get; init; }

    public Corrected<AlertSeverity>? Severity { get; init; }

    /// <summary>
    /// The highest severity it held (<see cref="Incident.MaxSeverity"/>, what its retro is owed for) as it was and as the merge made
    /// it, when the merge raised it (a SEV1 duplicate into a SEV3); null when the merge left it (and on merges recorded before 12-06).
    /// </summary>
    public Corrected<AlertSeverity?>? MaxSeverity { get; init; }

    /// <summary>
    /// The highest severity its stakeholders were told (<see cref="IncidentComms.HighestToldSeverity"/>), as it was and as the merge
    /// made it, when it took <see cref="From"/>'s (its own readers had been told nothing): it too counts for the retro. Given back
    /// while no notice was queued here since (<see cref="QueuedAtMerge"/>).
    /// </summary>
    public Corrected<AlertSeverity?>? HighestTold { get; init; }

    /// <summary>The notices queued here when it was merged (<see cref="IncidentComms.Queued"/>), for <see cref="HighestTold"/>.</summary>
    public int QueuedAtMerge { get; init; }

    /// <summary>
    /// The merge made it run by a person (<see cref="Incident.DeclaredMergedIn"/>: <see cref="From"/> was declared, or had one merged
    /// in) when it was not before; false when it was already, or the merge did not (and on merges recorded before 12-06).
    /// </summary>
    public bool DeclaredSet { get; init; }

    /// <summary>
    /// Whether <see cref="From"/> was a person's (declared, or had one merged in): what keeps <see cref="Incident.DeclaredMergedIn"/>
    /// on after another merge is undone. Null on merges recorded before 12-06 (not known: the flag then stays as it is).
    /// </summary>
    public bool? Declared { get; init; }

    /// <summary>
    /// The communications lead (<see cref="Incident.CommsLead"/>, a member id) it took from <see cref="From"/>, having none; null when the
    /// merge gave it none (and on merges recorded before 12-07). Undone while they still are it, they go back with <see cref="From"/>.
    /// </summary>
    public string? CommsLead { get; init; }

    /// <summary>The fingerprint of the user impact it took (it had none before).</summary>
    public string? UserImpact { get; init; }

    /// <summary>The fingerprint of the affected areas it took (it had none before).</summary>
    public string? AffectedAreas { get; init; }

    /// <summary>The fingerprint of the platforms it took (it had none before).</summary>
    public string? Platforms { get; init; }

    /// <summary>The fingerprint of the workaround it took (it had none before).</summary>
    public string? Workaround { get; init; }

    /// <summary>The stakeholder audiences whose series of notices began on <see cref="From"/> and went on here from the merge.</summary>
    public IReadOnlyList<string> Audiences { get; init; } = [];

    /// <summary>
    /// Members who followed <see cref="From"/> and not this one when it was merged: the merge made them followers here
    /// (<see cref="IncidentFollowing.CarryOverAsync"/>), the undo takes them off again (they still follow <see cref="From"/>). At most
    /// <see cref="MaxFollowers"/>: those past it stay followers here after an undo. Empty on merges recorded before 12-06.
    /// </summary>
    public IReadOnlyList<string> Followers { get; init; } = [];

    /// <summary>The most followers a merge keeps (<see cref="Followers"/>): member ids are short, the record's characters are not endless.</summary>
    public const int MaxFollowers = 30;

    /// <summary>A short fingerprint of a text (a list: its items joined by line breaks); null for none.</summary>
    public static string? Fingerprint(string? text) =>
        string.IsNullOrEmpty(text)
            ? null
            : Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)), 0, 12);

    /// <inheritdoc cref="Fingerprint(string?)"/>
    public static string? Fingerprint(IReadOnlyList<string> items) => items.Count == 0 ? null : Fingerprint(string.Join('\n', items));
}
