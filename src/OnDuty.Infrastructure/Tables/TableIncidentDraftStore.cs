using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Data.Tables;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Team;

namespace OnDuty.Infrastructure.Tables;

/// <summary>Reviewed PR/CS drafts in the Incidents table: the incident's partition, RK <c>draft|{lang}</c>, one point read or write each.</summary>
public sealed class TableIncidentDraftStore(OnDutyTables tables) : IIncidentDraftStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly TableClient _table = tables.Incidents;

    public Task<Versioned<IncidentDraft>?> GetAsync(string incidentId, Language language, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            if (!TableKey.Fits(incidentId))
            {
                return null; // no incident can have it: storage would refuse the read with a 400
            }

            var response = await _table.GetEntityIfExistsAsync<TableEntity>(TableKey.Escape(incidentId), RowKey(language), cancellationToken: cancellationToken).ConfigureAwait(false);
            return response.HasValue && response.Value is { } entity
                ? new Versioned<IncidentDraft>(JsonSerializer.Deserialize<IncidentDraft>(entity.RequiredString("Data"), Json)!, entity.ETag.ToString())
                : null;
        }, cancellationToken);

    public Task<string> SaveAsync(string incidentId, IncidentDraft draft, string ifMatch, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            var entity = new TableEntity(TableKey.Escape(incidentId), RowKey(draft.Language)) { ["Data"] = JsonSerializer.Serialize(draft, Json) };
            try
            {
                var response = ifMatch switch
                {
                    "" => await _table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false),
                    "*" => await _table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false),
                    _ => await _table.UpdateEntityAsync(entity, TableCall.ClientETag(ifMatch, "draft"), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false),
                };
                return response.Headers.ETag?.ToString() ?? throw new InvalidOperationException("Table Storage returned no ETag.");
            }
            catch (RequestFailedException ex) when (ex.IsPreconditionFailed() || ex.IsNotFound() || ex.IsConflict())
            {
                throw new ConcurrencyException($"The {draft.Language} draft of {incidentId} was changed (or not yet saved) since it was read.");
            }
        }, cancellationToken);

    private static string RowKey(Language language) => language == Language.Ja ? "draft|ja" : "draft|en";
}
