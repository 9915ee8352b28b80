using OnDuty.Core.Retros;
using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>
/// The lead's page of criteria changes proposed by retros (判断基準の見直し提案, session 48), in the order of
/// <see cref="CriterionProposals"/>: each with its retro, who wrote it and when, the criterion by its wording, and whether it was
/// adopted; <see cref="CriterionProposalList.All"/> false lists those not yet adopted.
/// </summary>
public sealed record CriterionProposalsPageNotice(Language Language, CriterionProposalList List, string TimeZone) : Notice(Language)
{
    /// <summary>Display names of the roster's members by id, for a retro or criterion saved by member id.</summary>
    public IReadOnlyDictionary<string, string> Names { get; init; } = new Dictionary<string, string>();

    /// <summary>Members taken off the roster since: named by the name they had (<c>FormerName</c>), not their id.</summary>
    public IReadOnlyList<FormerMember> Former { get; init; } = [];
}
