using OnDuty.Core.Incidents;
using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>
/// Several incidents merged into <paramref name="Into"/> by one request (<see cref="IncidentMerger.MergeManyAsync"/>): one 統合 notice
/// to each reader instead of one per duplicate, listing the duplicates <em>they</em> were told about (<paramref name="Duplicates"/>),
/// in the words of <paramref name="Reader"/>'s single notice — stakeholders' 「以降の続報は … でお知らせします」, followers' 「… をフォローする
/// ようにしました」, the team's 「この障害での対応は不要です」.
/// </summary>
public sealed record IncidentsMergedNotice(Language Language, Incident Into, IReadOnlyList<Incident> Duplicates, MergedNoticeReader Reader) : Notice(Language)
{
    /// <summary>Incidents listed one per line; the rest are counted (as many as one incident can take in).</summary>
    public const int MaxListed = Incident.MaxMergedIncidents;

    /// <summary>Who merged them, as the team knows them (the team's notice names them); null for stakeholders.</summary>
    public string? By { get; init; }

    /// <summary>
    /// The incident merged into, as the reader follows it from now on: the stakeholders' view (<c>…/overview?for=</c> their audience)
    /// or the incident page for the team; null when there is no public address.
    /// </summary>
    public string? Link { get; init; }
}

/// <summary>Whom an <see cref="IncidentsMergedNotice"/> is for: its words are those of the single 統合 notice they would have had.</summary>
public enum MergedNoticeReader
{
    /// <summary>An audience told about the duplicates (<c>Comms__Audiences__…</c>).</summary>
    Stakeholders,

    /// <summary>Followers of the duplicates in no audience: they follow the incident merged into from now on.</summary>
    Followers,

    /// <summary>The others paged about the duplicates, those who worked on them, and the channel.</summary>
    Team,
}
