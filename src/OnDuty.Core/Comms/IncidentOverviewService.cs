using Microsoft.Extensions.Options;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Team;

namespace OnDuty.Core.Comms;

/// <summary>Reads what the stakeholders have been told about an incident (<see cref="IncidentOverview"/>): one point read and its timeline.</summary>
public sealed class IncidentOverviewService(IIncidentRepository incidents, IOptions<CommsOptions> comms, IOptions<IncidentOptions> incidentOptions)
{
    /// <param name="audience">
    /// The reader's audience (<c>?for=</c>, an audience's configured name): the view in its series, or the general one when this
    /// incident never told it (a link outlives the settings it was sent under); null: the general view.
    /// </param>
    /// <exception cref="NotFoundException">No incident has <paramref name="id"/>.</exception>
    public Task<IncidentOverview> GetAsync(string id, string? audience, CancellationToken cancellationToken) => GetAsync(id, audience, null, cancellationToken);

    /// <inheritdoc cref="GetAsync(string, string?, CancellationToken)"/>
    /// <param name="language">The reader's language: audiences are named for it (<see cref="CommsOptions.DisplayNameOf(string, Language)"/>); null: by their display names.</param>
    public async Task<IncidentOverview> GetAsync(string id, string? audience, Language? language, CancellationToken cancellationToken)
    {
        var incident = await incidents.GetAsync(id, cancellationToken) ?? throw new NotFoundException("Incident", id);
        var timeline = await incidents.GetTimelineAsync(id, cancellationToken);
        return IncidentOverview.From(
            incident.Value, timeline, comms.Value.UpdateInterval.For(incident.Value.Comms.ToldSeverity ?? incident.Value.Severity), incidentOptions.Value.Zone,
            language is { } reader ? a => comms.Value.DisplayNameOf(a, reader) : comms.Value.DisplayNameOf,
            audience);
    }
}
