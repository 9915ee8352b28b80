using System.Collections.Concurrent;
using System.Diagnostics;
using Azure;
using Azure.Data.Tables;
using OnDuty.Core.Common;

namespace OnDuty.Infrastructure.Tables;

/// <summary>
/// Incident numbers handed out from blocks this instance reserves on the year's counter row (PK <c>counter</c>, RK
/// <c>INC-2026</c>, <c>Last</c> = the highest number reserved by anyone). A reservation is an ETag-guarded update, so two
/// instances never get the same number; numbers of a block are then handed out here in order without touching storage.
/// A block is one number while incidents open now and then (numbers stay consecutive), and doubles, up to
/// <see cref="MaxBlock"/>, while they open in quick succession: a storm of new groups does not queue on one hot row. What a
/// stopped instance had reserved and not used is a gap, never a duplicate.
/// </summary>
internal sealed class IncidentIdBlocks(TableClient index)
{
    public const string CounterPartition = "counter";

    /// <summary>The largest block, i.e. the most numbers a stopped instance can leave unused.</summary>
    public const int MaxBlock = 32;

    /// <summary>A reservation this soon after the previous one means incidents are opening fast: the next block doubles.</summary>
    private static readonly TimeSpan Busy = TimeSpan.FromSeconds(10);

    private const int MaxAttempts = 100;

    private readonly ConcurrentDictionary<int, YearBlock> _years = new();

    public async Task<string> NextAsync(int year, CancellationToken cancellationToken)
    {
        var block = _years.GetOrAdd(year, _ => new YearBlock());
        await block.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (block.Next > block.Last)
            {
                var size = block.Reserved is { } at && Stopwatch.GetElapsedTime(at) < Busy ? Math.Min(MaxBlock, block.Size * 2) : 1;
                block.Last = await ReserveAsync(year, size, cancellationToken).ConfigureAwait(false);
                block.Next = block.Last - size + 1;
                block.Size = size;
                block.Reserved = Stopwatch.GetTimestamp();
            }

            return $"INC-{year:D4}-{block.Next++:D4}";
        }
        finally
        {
            block.Gate.Release();
        }
    }

    /// <summary>Moves the year's counter on by <paramref name="size"/>; returns the last number now this instance's.</summary>
    private async Task<int> ReserveAsync(int year, int size, CancellationToken cancellationToken)
    {
        var counter = $"INC-{year:D4}";
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var existing = await index.GetEntityIfExistsAsync<TableEntity>(CounterPartition, counter, cancellationToken: cancellationToken).ConfigureAwait(false);
                if (existing.HasValue && existing.Value is { } entity)
                {
                    var last = entity.RequiredInt("Last") + size;
                    entity["Last"] = last;
                    await index.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                    return last;
                }

                await index.AddEntityAsync(new TableEntity(CounterPartition, counter) { ["Last"] = size }, cancellationToken).ConfigureAwait(false);
                return size;
            }
            catch (RequestFailedException ex) when (ex.IsConflict() || ex.IsPreconditionFailed())
            {
                if (attempt >= MaxAttempts)
                {
                    // Senders retry a 5xx: contention is "try again shortly" (the intake answers 503 with Retry-After).
                    throw new ContentionException($"Incident numbers of {year} are contended; retry.");
                }

                await Task.Delay(Random.Shared.Next(2, 10 + (Math.Min(attempt, 20) * 5)), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private sealed class YearBlock
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        /// <summary>The next number to hand out; beyond <see cref="Last"/> when the block is used up.</summary>
        public int Next { get; set; } = 1;

        public int Last { get; set; }

        public int Size { get; set; } = 1;

        public long? Reserved { get; set; }
    }
}
