using Microsoft.Extensions.Options;
using OnDuty.Core.Incidents;
using OnDuty.Core.Rotations;

namespace OnDuty.Core.Health;

/// <summary>
/// The rotations that page nobody (<c>pagesIncidents=false</c>): only <c>Incidents__RotationId</c> pages for incidents, so a second
/// rotation a lead made is announced, reminded and in calendars but never paged. Listed under <c>notes</c> as <c>paging</c>
/// (informative: health stays as it is), so it is seen without reading each rotation (trial 30 M5).
/// </summary>
public sealed class PagingNoteProbe(IRotationRepository rotations, IOptions<IncidentOptions> options) : IHealthProbe
{
    public string Name => "paging";

    public bool Critical => false;

    public Task<string?> CheckAsync(CancellationToken cancellationToken) => Task.FromResult<string?>(null);

    public async Task<HealthFinding?> ExamineAsync(CancellationToken cancellationToken)
    {
        var paging = options.Value.RotationId;
        var silent = (await rotations.ListAsync(cancellationToken))
            .Select(r => r.Value.Id)
            .Where(id => !string.Equals(id, paging, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        return silent.Count == 0
            ? null
            : new HealthFinding(
                $"{(silent.Count == 1 ? "rotation" : "rotations")} {string.Join(", ", silent.Select(id => $"'{id}'"))} {(silent.Count == 1 ? "pages" : "page")} nobody for incidents: pages go to '{paging}' (Incidents__RotationId)",
                Informative: true);
    }
}
