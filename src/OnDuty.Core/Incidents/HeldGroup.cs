namespace OnDuty.Core.Incidents;

/// <summary>An alert group an incident holds: its alerts fold into that incident while it is open.</summary>
/// <param name="Source">The alert source's route name (<c>alertmanager</c>, <c>azure-monitor</c>, …).</param>
/// <param name="GroupKey">The group's key within that source.</param>
public sealed record HeldGroup(string Source, string GroupKey)
{
    /// <summary>
    /// A short stable fingerprint of the source and the group key (<see cref="MarkOf"/>), kept on each alert that came through the
    /// group (<see cref="TrackedAlert.Group"/>): group keys can run to hundreds of characters, an alert row's budget does not.
    /// </summary>
    public string Mark => MarkOf(Source, GroupKey);

    /// <summary>24 hex digits of the SHA-256 of <paramref name="source"/> and <paramref name="groupKey"/> joined by a line break (neither holds one).</summary>
    public static string MarkOf(string source, string groupKey) => MergeTaking.Fingerprint(source + "\n" + groupKey)!;
}
