namespace OnDuty.Core.Retros;

/// <summary>The proposals listed (<paramref name="All"/>: adopted ones too), how many are not yet adopted and how many there are.</summary>
public sealed record CriterionProposalList(IReadOnlyList<CriterionProposal> Proposals, bool All, int Open, int Total);
