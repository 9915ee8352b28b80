using Microsoft.Extensions.Options;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Team;

namespace OnDuty.Core.Retros;

/// <summary>
/// The open action items across retros, for the lead (trial 37 M4): overdue first, then by due date (undated last). Read from
/// the action-item index (<see cref="IRetroRepository.ListOpenActionItemsAsync"/>), one query, so every retro counts however
/// long ago its incident resolved (session 39; before, only the retros of the last <see cref="RetroOptions.LookBackDays"/>).
/// </summary>
public sealed class OpenActionItemList(IRetroRepository retros, IRosterRepository roster, TimeProvider time, IOptions<IncidentOptions> incidentOptions, IIncidentRepository? incidents = null)
{
    /// <param name="readUnknown">
    /// For a reader who may not read confidential incidents: an item whose index row does not say whether its incident is confidential
    /// (written before it kept that) reads the incident, one point read per incident; one that cannot be read counts as confidential
    /// (masked). Without it (the lead's API, members) such an item reads as not confidential.
    /// </param>
    public async Task<IReadOnlyList<OpenActionItem>> ListAsync(CancellationToken cancellationToken, bool readUnknown = false)
    {
        var today = TimeZones.DateAt(time.GetUtcNow(), incidentOptions.Value.Zone);
        var members = await roster.LoadRosterAsync(cancellationToken);
        var former = (await roster.ListFormerMembersAsync(cancellationToken)).ToDictionary(f => f.Id, StringComparer.Ordinal);
        var items = new List<OpenActionItem>();
        var unknown = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var indexed in await retros.ListOpenActionItemsAsync(cancellationToken))
        {
            var confidential = indexed.Confidential
                ?? (readUnknown && (unknown.TryGetValue(indexed.IncidentId, out var known) ? known : unknown[indexed.IncidentId] = await ConfidentialAsync(indexed.IncidentId, cancellationToken)));
            var (incidentId, incidentTitle, item) = indexed;
            var owner = members.GetValueOrDefault(item.Owner) ?? Member.Missing(item.Owner, incidentOptions.Value.TimeZone, former.GetValueOrDefault(item.Owner));
            var left = !owner.Active || owner.LeavesOn < today;
            items.Add(new OpenActionItem(incidentId, incidentTitle, item, owner.DisplayName, left, item.Due < today, indexed.MergedInto) { Confidential = confidential });
        }

        return [.. items
            .OrderByDescending(i => i.Overdue)
            .ThenBy(i => i.Item.Due is null)
            .ThenBy(i => i.Item.Due)
            .ThenBy(i => i.IncidentId, StringComparer.Ordinal)
            .ThenBy(i => i.Item.Title, StringComparer.Ordinal)];
    }

    /// <summary>Whether incident <paramref name="id"/> is confidential as stored now; true (masked) when it cannot be read or is not found.</summary>
    private async Task<bool> ConfidentialAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            return incidents is null || (await incidents.GetAsync(id, cancellationToken))?.Value.Confidential != false;
        }
        catch (DependencyUnavailableException)
        {
            return true;
        }
    }
}
