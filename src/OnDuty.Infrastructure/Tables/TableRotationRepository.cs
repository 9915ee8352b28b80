using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using OnDuty.Core.Common;
using OnDuty.Core.Rotations;

namespace OnDuty.Infrastructure.Tables;

/// <summary>
/// Rotation settings (table Rotations: PK "team", RK rotation id) and each rotation's state (table RotationState:
/// PK rotation id, RK <c>override|{shiftStart}|{overrideId}</c> or <c>shift|{shiftStart}</c>).
/// </summary>
public sealed class TableRotationRepository(OnDutyTables tables, Func<string> teamTimeZone) : IRotationRepository
{
    /// <param name="teamTimeZone">The team's zone, for a row without one of its own.</param>
    public TableRotationRepository(OnDutyTables tables, string teamTimeZone) : this(tables, () => teamTimeZone)
    {
    }

    internal const string SettingsPartition = "team";
    private const string OverridePrefix = "override|";
    private const string ShiftPrefix = "shift|";
    private const int MaxTransactionSize = 100;

    private readonly TableClient _rotations = tables.Rotations;
    private readonly TableClient _state = tables.RotationState;

    public Task<IReadOnlyList<Versioned<Rotation>>> ListAsync(CancellationToken cancellationToken) =>
        TableCall.RunAsync<IReadOnlyList<Versioned<Rotation>>>(async () =>
        {
            var result = new List<Versioned<Rotation>>();
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {SettingsPartition}");
            await foreach (var entity in _rotations.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                result.Add(new(RotationRow.ToRotation(entity, teamTimeZone), entity.ETag.ToString()));
            }

            return result;
        }, cancellationToken);

    public Task<Versioned<Rotation>?> GetAsync(string id, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            if (!TableKey.Fits(id))
            {
                return null; // no rotation can have it: storage would refuse the read with a 400
            }

            var response = await _rotations.GetEntityIfExistsAsync<TableEntity>(SettingsPartition, TableKey.Join(id), cancellationToken: cancellationToken).ConfigureAwait(false);
            return response.HasValue && response.Value is { } entity
                ? new Versioned<Rotation>(RotationRow.ToRotation(entity, teamTimeZone), entity.ETag.ToString())
                : null;
        }, cancellationToken);

    public Task<string> SaveAsync(Rotation rotation, string? ifMatch, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            var entity = RotationRow.ToEntity(rotation);
            try
            {
                var response = ifMatch is null
                    ? await _rotations.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false)
                    : await _rotations.UpdateEntityAsync(entity, TableCall.ClientETag(ifMatch, $"Rotation '{rotation.Id}'"), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                return response.Headers.ETag?.ToString() ?? throw new InvalidOperationException("Table Storage returned no ETag.");
            }
            catch (RequestFailedException ex) when (ex.IsConflict())
            {
                throw new ConcurrencyException($"Rotation '{rotation.Id}' already exists.");
            }
            catch (RequestFailedException ex) when (ex.IsPreconditionFailed())
            {
                throw ConcurrencyException.ChangedBySomeoneElse($"Rotation '{rotation.Id}'");
            }
            catch (RequestFailedException ex) when (ex.IsNotFound())
            {
                throw new NotFoundException("Rotation", rotation.Id);
            }
        }, cancellationToken);

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            if (!TableKey.Fits(id))
            {
                return false;
            }

            // The state first, the settings row last: until that goes the rotation is listed, and a repeat finishes the job.
            var rows = new List<TableEntity>();
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKey.Join(id)}");
            await foreach (var entity in _state.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                rows.Add(entity);
            }

            await _state.DeleteAllAsync(rows, cancellationToken).ConfigureAwait(false);
            // The client answers a missing row with its 404 rather than an exception.
            var response = await _rotations.DeleteEntityAsync(SettingsPartition, TableKey.Join(id), ETag.All, cancellationToken).ConfigureAwait(false);
            return response.Status != 404;
        }, cancellationToken);

    public Task<RotationState> GetStateAsync(string rotationId, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            var overrides = new List<RotationOverride>();
            var frozen = new List<FrozenShift>();
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKey.Join(rotationId)}");
            await foreach (var entity in _state.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                if (entity.RowKey.StartsWith(OverridePrefix, StringComparison.Ordinal))
                {
                    overrides.Add(OverrideRow.ToOverride(entity));
                }
                else if (entity.RowKey.StartsWith(ShiftPrefix, StringComparison.Ordinal))
                {
                    frozen.Add(ShiftRow.ToShift(entity));
                }
            }

            return overrides.Count == 0 && frozen.Count == 0 ? RotationState.Empty : new RotationState(overrides, frozen);
        }, cancellationToken);

    public Task AddOverridesAsync(string rotationId, IReadOnlyList<RotationOverride> overrides, CancellationToken cancellationToken)
    {
        if (overrides.Count == 0)
        {
            return Task.CompletedTask;
        }

        if (overrides.Count > MaxTransactionSize)
        {
            throw new ArgumentException($"At most {MaxTransactionSize} overrides can be stored together.", nameof(overrides));
        }

        var actions = overrides
            .Select(o => new TableTransactionAction(TableTransactionActionType.Add, OverrideRow.ToEntity(rotationId, o)))
            .ToList();
        if (actions.Select(a => a.Entity.RowKey).Distinct(StringComparer.Ordinal).Count() != actions.Count)
        {
            throw new ArgumentException("Overrides stored together must have distinct ids.", nameof(overrides));
        }

        return TableCall.RunAsync(async () =>
        {
            try
            {
                await _state.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.IsConflict())
            {
                throw new ConcurrencyException(
                    $"An override of rotation '{rotationId}' already exists ({string.Join(", ", overrides.Select(o => o.Id))}).");
            }
        }, cancellationToken);
    }

    public Task<bool> DeleteOverrideAsync(string rotationId, string overrideId, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            // The row key starts with the shift date, which the caller does not pass: find the row within the partition.
            var target = await FindOverridesAsync(rotationId, TableClient.CreateQueryFilter($"Id eq {overrideId}"), cancellationToken).ConfigureAwait(false);
            if (target.Count == 0)
            {
                return false;
            }

            var rows = target;
            if (target[0].GetString("Kind") == nameof(OverrideKind.Swap) && target[0].GetString("SwapId") is { Length: > 0 } swapId)
            {
                rows = await FindOverridesAsync(rotationId, TableClient.CreateQueryFilter($"SwapId eq {swapId}"), cancellationToken).ConfigureAwait(false);
            }

            try
            {
                await _state.SubmitTransactionAsync(
                    rows.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, r, r.ETag)),
                    cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (RequestFailedException ex) when (ex.IsNotFound())
            {
                // Someone else deleted it between our read and our delete.
                return false;
            }
            catch (RequestFailedException ex) when (ex.IsPreconditionFailed())
            {
                throw new ConcurrencyException($"Override '{overrideId}' of rotation '{rotationId}' changed while it was being deleted.");
            }
        }, cancellationToken);

    public Task<Versioned<FrozenShift>?> GetFrozenShiftAsync(string rotationId, DateOnly shiftStart, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            var response = await _state.GetEntityIfExistsAsync<TableEntity>(TableKey.Join(rotationId), ShiftRow.Key(shiftStart), cancellationToken: cancellationToken).ConfigureAwait(false);
            return response.HasValue && response.Value is { } entity
                ? new Versioned<FrozenShift>(ShiftRow.ToShift(entity), entity.ETag.ToString())
                : null;
        }, cancellationToken);

    public Task<string?> TryFreezeShiftAsync(string rotationId, FrozenShift shift, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            try
            {
                var response = await _state.AddEntityAsync(ShiftRow.ToEntity(rotationId, shift), cancellationToken).ConfigureAwait(false);
                return response.Headers.ETag?.ToString();
            }
            catch (RequestFailedException ex) when (ex.IsConflict())
            {
                return null;
            }
        }, cancellationToken);

    public Task UpdateFrozenShiftAsync(string rotationId, FrozenShift shift, string ifMatch, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            try
            {
                await _state.UpdateEntityAsync(ShiftRow.ToEntity(rotationId, shift), new ETag(ifMatch), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.IsPreconditionFailed())
            {
                throw new ConcurrencyException($"Frozen shift {EntityFormat.Date(shift.ShiftStart)} of rotation '{rotationId}' was changed by someone else.");
            }
            catch (RequestFailedException ex) when (ex.IsNotFound())
            {
                throw new NotFoundException("Frozen shift", $"{rotationId}/{EntityFormat.Date(shift.ShiftStart)}");
            }
        }, cancellationToken);

    private async Task<List<TableEntity>> FindOverridesAsync(string rotationId, string condition, CancellationToken cancellationToken)
    {
        var partition = TableKey.Join(rotationId);
        var end = TableKey.RangeEnd(OverridePrefix);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {OverridePrefix} and RowKey lt {end}") + $" and ({condition})";
        var rows = new List<TableEntity>();
        await foreach (var entity in _state.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows.Add(entity);
        }

        return rows;
    }

    private static class RotationRow
    {
        public static TableEntity ToEntity(Rotation r) => new TableEntity(SettingsPartition, TableKey.Join(r.Id))
        {
            ["Id"] = r.Id,
            ["Name"] = r.Name,
            ["NameJa"] = r.NameJa,
            ["Strategy"] = r.Strategy.ToString(),
            ["PeoplePerShift"] = r.PeoplePerShift,
            ["ShiftWeeks"] = r.ShiftWeeks,
            ["HandoffDay"] = r.HandoffDay.ToString(),
            ["HandoffTime"] = EntityFormat.Time(r.HandoffTime),
            ["TimeZone"] = r.TimeZone,
            ["StartDate"] = EntityFormat.Date(r.StartDate),
            ["Members"] = EntityFormat.List(r.Members),
            ["NotifyEmails"] = EntityFormat.List(r.NotifyEmails),
            ["MixExperience"] = r.MixExperience,
            ["MoveHandoffOffHolidays"] = r.MoveHandoffOffHolidays,

            // The current cadence stays in the columns above (a release before cadence changes reads it); the earlier ones,
            // oldest first, as "yyyy-MM-dd Monday 10:00 1" lines.
            ["PreviousCadences"] = r.PreviousCadences.Count == 0 ? null : string.Join("\n", r.PreviousCadences.Select(CadenceText)),
        }.WithoutNulls();

        private static string CadenceText(Cadence c) =>
            $"{EntityFormat.Date(c.StartDate)} {c.HandoffDay} {EntityFormat.Time(c.HandoffTime)} {c.ShiftWeeks.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

        private static IReadOnlyList<Cadence> Cadences(string? text) =>
            string.IsNullOrEmpty(text) ? [] : [.. text.Split('\n').Select(line =>
            {
                var parts = line.Split(' ');
                return new Cadence
                {
                    StartDate = DateOnly.ParseExact(parts[0], "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                    HandoffDay = Enum.Parse<DayOfWeek>(parts[1]),
                    HandoffTime = TimeOnly.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture),
                    ShiftWeeks = int.Parse(parts[3], System.Globalization.CultureInfo.InvariantCulture),
                };
            })];

        public static Rotation ToRotation(TableEntity e, Func<string> teamTimeZone) => new()
        {
            Id = e.RequiredString("Id"),
            Name = e.RequiredString("Name"),
            NameJa = e.GetString("NameJa"),
            Strategy = e.RequiredEnum<RotationStrategy>("Strategy"),
            PeoplePerShift = e.RequiredInt("PeoplePerShift"),
            ShiftWeeks = e.RequiredInt("ShiftWeeks"),
            HandoffDay = e.RequiredEnum<DayOfWeek>("HandoffDay"),
            HandoffTime = e.RequiredTime("HandoffTime"),
            // Every row written has one; a row without (written by hand) is the team's, said so here rather than by a default on Rotation.
            TimeZone = e.GetString("TimeZone") is { Length: > 0 } zone ? zone : teamTimeZone(),
            StartDate = e.RequiredDate("StartDate"),
            Members = e.List("Members"),
            NotifyEmails = e.List("NotifyEmails"),
            MixExperience = e.RequiredBool("MixExperience"),

            // Rows stored before handoffs could move keep their nominal handoffs until the setting is turned on.
            MoveHandoffOffHolidays = e.GetBoolean("MoveHandoffOffHolidays") ?? false,
            PreviousCadences = Cadences(e.GetString("PreviousCadences")),
        };
    }

    private static class OverrideRow
    {
        public static TableEntity ToEntity(string rotationId, RotationOverride o) =>
            new TableEntity(TableKey.Join(rotationId), OverridePrefix + TableKey.Join(EntityFormat.Date(o.ShiftStart), o.Id))
            {
                ["Id"] = o.Id,
                ["Kind"] = o.Kind.ToString(),
                ["ShiftStart"] = EntityFormat.Date(o.ShiftStart),
                ["MemberId"] = o.MemberId,
                ["ReplacementId"] = o.ReplacementId,
                ["SwapId"] = o.SwapId,
                ["Reason"] = o.Reason,
                ["By"] = o.By,
                ["CreatedAt"] = EntityFormat.Timestamp(o.CreatedAt),
                ["From"] = o.From,
                ["To"] = o.To,
            }.WithoutNulls();

        public static RotationOverride ToOverride(TableEntity e) => new()
        {
            Id = e.RequiredString("Id"),
            Kind = e.RequiredEnum<OverrideKind>("Kind"),
            ShiftStart = e.RequiredDate("ShiftStart"),
            MemberId = e.RequiredString("MemberId"),
            ReplacementId = e.RequiredString("ReplacementId"),
            SwapId = e.GetString("SwapId"),
            Reason = e.GetString("Reason"),
            By = e.GetString("By"),
            CreatedAt = e.Timestamp("CreatedAt"),

            // Rows stored before covers have neither: the whole shift.
            From = e.GetDateTimeOffset("From"),
            To = e.GetDateTimeOffset("To"),
        };
    }

    private static class ShiftRow
    {
        public static string Key(DateOnly shiftStart) => ShiftPrefix + EntityFormat.Date(shiftStart);

        public static TableEntity ToEntity(string rotationId, FrozenShift s) => new TableEntity(TableKey.Join(rotationId), Key(s.ShiftStart))
        {
            ["ShiftStart"] = EntityFormat.Date(s.ShiftStart),
            ["Week"] = s.Week,
            ["Members"] = EntityFormat.List(s.Members),
            ["NextMembers"] = EntityFormat.List(s.NextMembers),
            ["Status"] = s.Status.ToString(),
            ["FrozenAt"] = EntityFormat.Timestamp(s.FrozenAt),
            ["Changes"] = s.Changes.Count == 0 ? null : JsonSerializer.Serialize(s.Changes, ChangesJson),
        }.WithoutNulls();

        public static FrozenShift ToShift(TableEntity e) => new()
        {
            ShiftStart = e.RequiredDate("ShiftStart"),
            Week = e.RequiredString("Week"),
            Members = e.List("Members"),
            NextMembers = e.List("NextMembers"),
            Status = e.RequiredEnum<FrozenShiftStatus>("Status"),
            FrozenAt = e.Timestamp("FrozenAt"),
            Changes = e.GetString("Changes") is { Length: > 0 } changes ? JsonSerializer.Deserialize<List<DutyChange>>(changes, ChangesJson) ?? [] : [],
        };

        private static readonly JsonSerializerOptions ChangesJson = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };
    }
}
