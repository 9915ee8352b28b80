using System.Text.Json;
using System.Text.Json.Serialization;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Team;
using OnDuty.Testing;

namespace OnDuty.Core.Tests.Fakes;

/// <summary>
/// Reviewed PR/CS drafts in memory as the table adapter keeps them (one row per incident and language, stored as its JSON so nothing
/// shares a reference with the caller): <c>""</c> adds only when none is saved, <c>*</c> replaces whatever is there, an ETag only that one.
/// </summary>
internal sealed class InMemoryIncidentDraftStore : IIncidentDraftStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly Dictionary<(string Incident, Language Language), (string Data, string ETag)> _rows = [];
    private int _etag;

    public Task<Versioned<IncidentDraft>?> GetAsync(string incidentId, Language language, CancellationToken cancellationToken)
    {
        lock (_rows)
        {
            return Task.FromResult(_rows.TryGetValue((incidentId, language), out var row)
                ? new Versioned<IncidentDraft>(JsonSerializer.Deserialize<IncidentDraft>(row.Data, Json)!, row.ETag)
                : null);
        }
    }

    public Task<string> SaveAsync(string incidentId, IncidentDraft draft, string ifMatch, CancellationToken cancellationToken)
    {
        TableStorageRules.CheckKey(incidentId);
        lock (_rows)
        {
            var exists = _rows.TryGetValue((incidentId, draft.Language), out var row);
            if ((ifMatch == "" && exists) || (ifMatch is not ("" or "*") && (!exists || row.ETag != ifMatch)))
            {
                throw new ConcurrencyException($"The {draft.Language} draft of {incidentId} was changed (or not yet saved) since it was read.");
            }

            var next = $"W/\"d{++_etag}\"";
            _rows[(incidentId, draft.Language)] = (JsonSerializer.Serialize(draft, Json), next);
            return Task.FromResult(next);
        }
    }
}
