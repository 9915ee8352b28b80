namespace OnDuty.Core.Retros;

/// <summary>
/// Every criteria change proposed by a retro, for the lead's monthly review (session 48): newest retro first, each with whether it
/// was adopted. A proposal is adopted when a version of its criterion was saved from its retro — the criteria page's edit opened
/// from the retro (or the list's link) records the retro's incident on the version (<see cref="Criterion.Retro"/>): the link
/// between the two is the criterion's own history, not a second mark to keep in step. Reads the proposals index (one query across
/// retros, <see cref="IRetroRepository.ListCriteriaChangesAsync"/>) and the criteria partition, never retro by retro.
/// </summary>
public sealed class CriterionProposals(IRetroRepository retros, ICriteriaRepository criteria)
{
    /// <summary>
    /// The proposals, newest retro save first (saved at the same moment: the later incident first), a retro's own in the order it
    /// wrote them; <paramref name="all"/> false: those not yet adopted.
    /// </summary>
    public async Task<CriterionProposalList> ListAsync(bool all, CancellationToken cancellationToken)
    {
        var proposed = await retros.ListCriteriaChangesAsync(cancellationToken);
        var current = (await criteria.ListAsync(cancellationToken)).ToDictionary(c => c.Value.Id, c => c.Value, StringComparer.Ordinal);
        var fromRetros = await criteria.ListFromRetrosAsync(cancellationToken);
        var adoptions = fromRetros
            .GroupBy(v => (v.Id, v.Retro!))
            .ToDictionary(g => g.Key, g => g.MinBy(v => v.Version)!);
        var rows = proposed
            .Select(p => new CriterionProposal(p, current.GetValueOrDefault(p.Change.CriterionId), adoptions.GetValueOrDefault((p.Change.CriterionId, p.IncidentId))))
            .OrderByDescending(p => p.Proposed.Saved.SavedAt)
            .ThenByDescending(p => p.Proposed.IncidentId, StringComparer.Ordinal)
            .ThenBy(p => p.Proposed.Position)
            .ToList();
        var open = rows.Count(r => !r.Adopted);
        return new CriterionProposalList(all ? rows : [.. rows.Where(r => !r.Adopted)], all, open, rows.Count);
    }
}
