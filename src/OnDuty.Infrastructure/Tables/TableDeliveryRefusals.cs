using System.Text.Json;
using Azure.Data.Tables;
using OnDuty.Core.Alerts;
using OnDuty.Core.Common;

namespace OnDuty.Infrastructure.Tables;

/// <summary>
/// Refused webhook deliveries in the <c>AlertGroups</c> table: PK <c>refused|{source}</c>, RK the inverted ticks of the time
/// plus a random suffix (newest first). After each insert the partition is trimmed to <see cref="IDeliveryRefusals.KeptPerSource"/>.
/// Only refusals come here (rare): an accepted alert's path makes no request for its delivery log. A test delivery's refusal
/// (<c>?test=true</c>) keeps its <c>Test</c> flag: the stored copy is the one listed. A refusal of the body as a whole keeps its code
/// (<c>ProblemCode</c>, <c>ProblemArgs</c> as JSON; none on rows kept before 12-07).
/// </summary>
public sealed class TableDeliveryRefusals(OnDutyTables tables) : IDeliveryRefusals
{
    private readonly TableClient _table = tables.AlertGroups;

    public Task RecordAsync(DeliveryRecord refusal, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            var partition = Partition(refusal.Source);
            var entity = new TableEntity(partition, TableKey.LatestFirst(refusal.At) + "-" + Guid.NewGuid().ToString("N")[..8])
            {
                ["At"] = refusal.At,
                ["Bytes"] = refusal.Bytes,
                ["Outcome"] = refusal.Outcome,
                ["Status"] = refusal.Status,
                ["Title"] = refusal.Title,
                ["Messages"] = JsonSerializer.Serialize(refusal.Messages),
                ["ProblemCode"] = refusal.Problem?.Code,
                ["ProblemArgs"] = refusal.Problem is { } problem ? JsonSerializer.Serialize(problem.Args) : null,
                ["IncidentId"] = refusal.IncidentId,
                ["GroupKey"] = refusal.GroupKey,
                ["Test"] = refusal.Test,
            };
            await _table.AddEntityAsync(entity.WithoutNulls(), cancellationToken).ConfigureAwait(false);
            await TrimAsync(partition, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    /// <summary>Deletes the partition's rows after the newest <see cref="IDeliveryRefusals.KeptPerSource"/>.</summary>
    private async Task TrimAsync(string partition, CancellationToken cancellationToken)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in _table.QueryAsync<TableEntity>(InPartition(partition), select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows.Add(row);
        }

        await _table.DeleteAllAsync(rows.Skip(IDeliveryRefusals.KeptPerSource), cancellationToken).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<DeliveryRecord>> ListAsync(string source, CancellationToken cancellationToken) =>
        TableCall.RunAsync<IReadOnlyList<DeliveryRecord>>(async () =>
        {
            var partition = Partition(source);
            var list = new List<DeliveryRecord>();
            await foreach (var e in _table.QueryAsync<TableEntity>(InPartition(partition), cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                list.Add(new DeliveryRecord
                {
                    At = e.GetDateTimeOffset("At") ?? default,
                    Source = source,
                    Bytes = e.GetInt64("Bytes") ?? 0,
                    Outcome = e.GetString("Outcome") ?? "refused",
                    Status = e.GetInt32("Status") ?? 400,
                    Title = e.GetString("Title"),
                    Messages = e.GetString("Messages") is { } json ? JsonSerializer.Deserialize<List<string>>(json) ?? [] : [],
                    Problem = e.GetString("ProblemCode") is { Length: > 0 } code
                        ? new Refusal(code, (e.GetString("ProblemArgs") is { } args ? JsonSerializer.Deserialize<Dictionary<string, string>>(args) : null) ?? new Dictionary<string, string>())
                        : null,
                    IncidentId = e.GetString("IncidentId"),
                    GroupKey = e.GetString("GroupKey"),
                    Test = e.GetBoolean("Test") ?? false,
                });
                if (list.Count == IDeliveryRefusals.KeptPerSource)
                {
                    break;
                }
            }

            return list;
        }, cancellationToken);

    private static string Partition(string source) => $"refused|{source}";

    private static string InPartition(string partition) => TableClient.CreateQueryFilter($"PartitionKey eq {partition}");
}
