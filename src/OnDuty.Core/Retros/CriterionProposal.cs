namespace OnDuty.Core.Retros;

/// <summary>
/// A retro's proposal to change a judgement criterion, as the lead's list shows it (<see cref="CriterionProposals"/>): the retro
/// (its incident, who saved the version holding it and when), the criterion as it reads now, the retro's note, and the version
/// of the criterion that adopted it — the first one saved from that retro (<see cref="Criterion.Retro"/>), null while none is.
/// </summary>
/// <param name="Criterion">The criterion as it stands now; null for one no longer stored (the retro's note is still listed).</param>
public sealed record CriterionProposal(IndexedCriterionChange Proposed, Criterion? Criterion, Criterion? AdoptedBy)
{
    public bool Adopted => AdoptedBy is not null;
}
