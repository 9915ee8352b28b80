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
        var overview = await OverviewAsync(incident.Value, audience, language, cancellationToken);

        // Incidents merged into it: what their readers were told about them is this outage's history too, and their series go on here.
        var befores = new List<(string Id, IncidentOverview Overview)>();
        foreach (var mergedId in incident.Value.MergedIncidents)
        {
            if (await incidents.GetAsync(mergedId, cancellationToken) is { } merged)
            {
                befores.Add((mergedId, await OverviewAsync(merged.Value, audience, language, cancellationToken)));
            }
        }

        // The view for one audience holds only what it was sent: a duplicate that never told it is not its history (trial day 33 M1).
        var series = overview.Audience ?? befores.Select(b => b.Overview.Audience).FirstOrDefault(a => a is not null);
        if (series is not null)
        {
            befores.RemoveAll(b => b.Overview.Audience is null);
            overview = overview with { MergedShown = [.. befores.Select(b => b.Id)] };
        }

        var earlier = befores.SelectMany(b => b.Overview.Notices.Select(n => n with { Incident = b.Id })).ToList();

        if (earlier.Count > 0)
        {
            var open = incident.Value.IsOpen || incident.Value.RecoveryNoticeOwed;
            overview = overview with
            {
                Notices = [.. overview.Notices.Concat(earlier).OrderByDescending(n => n.At)],
                Audience = overview.Audience ?? series,
                // Nothing told here yet: the next update is the one the duplicate's readers were promised (carried over by the merge).
                NextUpdateBy = overview.NextUpdateBy ?? (open && overview.Notices.Count == 0 ? NextUpdatePromise.LastTold(incident.Value.Comms, Interval(incident.Value), incidentOptions.Value.Zone) : null),
            };
        }

        // A duplicate: when the update it goes on under is due (trial day 29, L8); or that it is over, once that one recovered.
        if (incident.Value.MergedInto is { } into && await incidents.GetAsync(into, cancellationToken) is { Value: { } target })
        {
            overview = target.IsOpen
                ? overview with { ContinuedNextUpdateBy = NextUpdatePromise.LastTold(target.Comms, Interval(target), incidentOptions.Value.Zone) }
                : overview with { ContinuedRecovered = !target.RecoveryNoticeOwed };
        }

        return overview;
    }

    private TimeSpan? Interval(Incident incident) => comms.Value.UpdateInterval.For(incident.Comms.ToldSeverity ?? incident.Severity);

    private async Task<IncidentOverview> OverviewAsync(Incident incident, string? audience, Language? language, CancellationToken cancellationToken)
    {
        var timeline = await incidents.GetTimelineAsync(incident.Id, cancellationToken);
        return IncidentOverview.From(
            incident, timeline, Interval(incident), incidentOptions.Value.Zone,
            language is { } reader ? a => comms.Value.DisplayNameOf(a, reader) : comms.Value.DisplayNameOf,
            audience);
    }
}
