using Azure;
using Azure.Data.Tables;
using OnDuty.Core.Incidents;

namespace OnDuty.Infrastructure.Tables;

/// <summary>
/// Accepted alert deliveries in the <c>AlertGroups</c> table: PK <c>inbox|{instance}</c>, RK the delivery's id (accept order),
/// so an instance's group commit is one transaction in its own partition and a sweep one range query over the inboxes.
/// Deliveries set aside as unreadable keep their row key under PK <c>unreadable|{instance}</c>, outside the sweep's range.
/// </summary>
public sealed class TableAlertInbox(OnDutyTables tables) : IAlertInbox
{
    private const string Prefix = "inbox|";

    private const string SetAsidePrefix = "unreadable|";

    private readonly TableClient _table = tables.AlertGroups;

    public Task AppendAsync(IReadOnlyList<InboxDelivery> deliveries, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            if (deliveries.Count == 0)
            {
                return;
            }

            if (deliveries.Count > IAlertInbox.MaxPerAppend || deliveries.Any(d => d.Inbox != deliveries[0].Inbox))
            {
                throw new ArgumentException($"One append holds at most {IAlertInbox.MaxPerAppend} deliveries of one inbox.", nameof(deliveries));
            }

            await _table.SubmitTransactionAsync(deliveries.Select(d => new TableTransactionAction(TableTransactionActionType.Add, Entity(d))), cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    public Task<InboxDelivery?> FindAsync(InboxDelivery delivery, CancellationToken cancellationToken) =>
        TableCall.RunAsync<InboxDelivery?>(async () =>
        {
            var row = await _table.GetEntityIfExistsAsync<TableEntity>(Prefix + delivery.Inbox, delivery.Id, cancellationToken: cancellationToken).ConfigureAwait(false);
            return row.HasValue ? Delivery(row.Value!, Prefix) : null;
        }, cancellationToken);

    public Task RemoveAsync(IReadOnlyList<InboxDelivery> deliveries, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            // A sweep and the instance itself may both remove a delivery: one already gone is done.
            await _table.DeleteAllAsync(deliveries.Select(d => new TableEntity(Prefix + d.Inbox, d.Id)), cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    public Task<IReadOnlyList<InboxDelivery>> ListAcceptedBeforeAsync(DateTimeOffset before, int max, CancellationToken cancellationToken) =>
        TableCall.RunAsync<IReadOnlyList<InboxDelivery>>(async () =>
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey ge {Prefix} and PartitionKey lt {TableKey.RangeEnd(Prefix)} and AcceptedAt lt {before}");
            var found = new List<InboxDelivery>();
            await foreach (var row in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                found.Add(Delivery(row, Prefix));
                if (found.Count >= max)
                {
                    break;
                }
            }

            return found;
        }, cancellationToken);

    public Task SetAsideAsync(IReadOnlyList<InboxDelivery> deliveries, string error, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            // Kept first, removed after: a failure in between leaves it in both places, and the next sweep moves it again.
            foreach (var d in deliveries)
            {
                var kept = Entity(d, SetAsidePrefix);
                kept["Error"] = error.Length > 4_000 ? error[..4_000] : error;
                await _table.UpsertEntityAsync(kept, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            }

            await _table.DeleteAllAsync(deliveries.Select(d => new TableEntity(Prefix + d.Inbox, d.Id)), cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    public Task RemoveSetAsideAsync(IReadOnlyList<InboxDelivery> deliveries, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            await _table.DeleteAllAsync(deliveries.Select(d => new TableEntity(SetAsidePrefix + d.Inbox, d.Id)), cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    public Task<IReadOnlyList<InboxDelivery>> ListSetAsideAsync(int max, CancellationToken cancellationToken) =>
        TableCall.RunAsync<IReadOnlyList<InboxDelivery>>(async () =>
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey ge {SetAsidePrefix} and PartitionKey lt {TableKey.RangeEnd(SetAsidePrefix)}");
            var found = new List<InboxDelivery>();
            await foreach (var row in _table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(max, 1000), cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                found.Add(Delivery(row, SetAsidePrefix));
                if (found.Count >= max)
                {
                    break;
                }
            }

            return found;
        }, cancellationToken);

    private static InboxDelivery Delivery(TableEntity row, string prefix) => new()
    {
        Inbox = row.PartitionKey[prefix.Length..],
        Id = row.RowKey,
        IncidentId = row.GetString("IncidentId"),
        AlertVersion = row.GetInt64("AlertVersion") ?? 0,
        AcceptedAt = row.GetDateTimeOffset("AcceptedAt") ?? DateTimeOffset.MinValue,
        Notification = row.GetString("Notification"),
    };

    private static TableEntity Entity(InboxDelivery d, string prefix = Prefix) => new(prefix + d.Inbox, d.Id)
    {
        ["IncidentId"] = d.IncidentId,
        ["AlertVersion"] = d.AlertVersion,
        ["AcceptedAt"] = d.AcceptedAt,
        ["Notification"] = d.Notification,
    };
}
