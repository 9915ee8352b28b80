using Azure;
using Azure.Data.Tables;
using Azure.Data.Tables.Models;
using Microsoft.Extensions.Logging;
using OnDuty.Core.Health;

namespace OnDuty.Infrastructure.Tables;

/// <summary>Creates the app's tables at start and probes that storage answers.</summary>
public sealed class StorageInitializer(OnDutyTables tables, ILogger<StorageInitializer> logger, StorageTransportErrors? transportErrors = null) : IHealthProbe
{
    /// <summary>
    /// How long the health probe waits for storage before calling it unreachable: within the health answer's own 5 s, so the
    /// answer says what the probe found (<c>connection refused</c>) rather than only that it did not finish.
    /// </summary>
    internal static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(4);

    public string Name => "storage";

    public Task EnsureTablesAsync(CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            // All at once: start-up (and /api/health's first 200) waits for the slowest, not for the sum of 16 round trips.
            await Task.WhenAll(tables.All.Select(table => table.CreateIfNotExistsAsync(cancellationToken))).ConfigureAwait(false);

            logger.LogInformation("Table Storage ready: {TableCount} tables at {Endpoint}", tables.All.Count, tables.Outbox.Uri.GetLeftPart(UriPartial.Authority));
        }, cancellationToken);

    /// <summary>
    /// Looks up one key that need not exist: cheap, and proves the endpoint, credentials and table. A query rather than
    /// GetEntityIfExists, because that one reports a missing table as a missing row.
    /// </summary>
    public async Task<string?> CheckAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProbeTimeout);
        var started = Environment.TickCount64;
        try
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {"health"} and RowKey eq {"probe"}");
            await using var pages = tables.Outbox.QueryAsync<TableEntity>(filter, maxPerPage: 1, select: ["PartitionKey"], cancellationToken: timeout.Token)
                .AsPages().GetAsyncEnumerator(timeout.Token);
            await pages.MoveNextAsync().ConfigureAwait(false);
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The client was still retrying: what its attempts met is said, in words (never the host or port).
            return transportErrors?.CauseSince(started) is { } cause
                ? $"Table Storage did not answer within {ProbeTimeout.TotalSeconds:0} s ({cause}, retried)."
                : $"Table Storage did not answer within {ProbeTimeout.TotalSeconds:0} s.";
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == TableErrorCode.TableNotFound)
        {
            return $"Table {tables.Outbox.Name} does not exist (tables are created at start).";
        }
        catch (Exception ex) when (TableCall.IsUnavailable(ex, cancellationToken) || ex is RequestFailedException)
        {
            // The answer is anonymous: the status says what failed; the exception (host, port) goes to the log only.
            logger.LogWarning("Table Storage health probe failed: {Error}", FirstLine(ex.Message));
            return ex is RequestFailedException { Status: > 0 } failed
                ? $"Table Storage answered {failed.Status} ({failed.ErrorCode ?? "no error code"})."
                : $"Table Storage is not reachable ({StorageTransportErrors.Describe(ex) ?? "no connection"}; the error is in the app log).";
        }
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
