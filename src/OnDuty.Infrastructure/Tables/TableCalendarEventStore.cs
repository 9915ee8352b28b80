using Azure.Data.Tables;
using OnDuty.Core.Calendar;

namespace OnDuty.Infrastructure.Tables;

/// <summary>Calendar events put in members' calendars: PK rotation id, RK <c>{shiftStart}|{memberId}</c> (a cover's: <c>…|cover|{coverId}</c>).</summary>
public sealed class TableCalendarEventStore(OnDutyTables tables) : ICalendarEventStore
{
    private readonly TableClient _table = tables.CalendarEvents;

    public Task<IReadOnlyList<CalendarEventRecord>> ListAsync(string rotationId, DateOnly from, CancellationToken cancellationToken) =>
        TableCall.RunAsync<IReadOnlyList<CalendarEventRecord>>(async () =>
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKey.Join(rotationId)} and RowKey ge {EntityFormat.Date(from)}");
            var records = new List<CalendarEventRecord>();
            await foreach (var entity in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                records.Add(ToRecord(entity));
            }

            return records;
        }, cancellationToken);

    public Task SaveAsync(CalendarEventRecord record, CancellationToken cancellationToken) =>
        TableCall.RunAsync(() => _table.UpsertEntityAsync(ToEntity(record), TableUpdateMode.Replace, cancellationToken), cancellationToken);

    /// <summary><c>{shiftStart}|{memberId}</c>, and <c>|cover|{coverId}</c> for a cover's event (beside the member's own, if any).</summary>
    internal static string Key(DateOnly shiftStart, string memberId, string? coverId = null) => coverId is null
        ? TableKey.Join(EntityFormat.Date(shiftStart), memberId)
        : TableKey.Join(EntityFormat.Date(shiftStart), memberId, "cover", coverId);

    private static TableEntity ToEntity(CalendarEventRecord r) => new TableEntity(TableKey.Join(r.RotationId), Key(r.ShiftStart, r.MemberId, r.CoverId))
    {
        ["RotationId"] = r.RotationId,
        ["ShiftStart"] = EntityFormat.Date(r.ShiftStart),
        ["MemberId"] = r.MemberId,
        ["CoverId"] = r.CoverId,
        ["Mailbox"] = r.Mailbox,
        ["Week"] = r.Week,
        ["EventId"] = r.EventId,
        ["Fingerprint"] = r.Fingerprint,
        ["Status"] = r.Status.ToString(),
        ["Generation"] = r.Generation,
        ["UpdatedAt"] = EntityFormat.Timestamp(r.UpdatedAt),
    }.WithoutNulls();

    private static CalendarEventRecord ToRecord(TableEntity e) => new()
    {
        RotationId = e.RequiredString("RotationId"),
        ShiftStart = e.RequiredDate("ShiftStart"),
        MemberId = e.RequiredString("MemberId"),
        CoverId = e.GetString("CoverId"),
        Mailbox = e.RequiredString("Mailbox"),
        Week = e.RequiredString("Week"),
        EventId = e.RequiredString("EventId"),
        Fingerprint = e.RequiredString("Fingerprint"),
        Status = e.RequiredEnum<CalendarEventStatus>("Status"),
        Generation = e.RequiredInt("Generation"),
        UpdatedAt = e.Timestamp("UpdatedAt"),
    };
}
