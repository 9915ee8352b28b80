using Azure.Data.Tables;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OnDuty.Core.Notifications;
using OnDuty.Infrastructure.Tables;
using OnDuty.Testing;

namespace OnDuty.Benchmarks;

/// <summary>
/// Queuing a message writes the message row and its due-index row in one entity-group transaction
/// (what makes "exactly once" and "never silently dropped" hold). Baseline: one plain entity insert
/// into the same Azurite, so the ratio is the price of that guarantee.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 10, invocationCount: 200)]
public class OutboxBenchmarks
{
    private AzuriteProcess _azurite = null!;
    private TableClient _raw = null!;
    private TableOutboxStore _outbox = null!;
    private int _next;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _azurite = await AzuriteProcess.StartAsync();
        var options = new StorageOptions { ConnectionString = _azurite.ConnectionString, TablePrefix = "bench", MaxRetries = 0 };
        var service = new TableServiceClient(_azurite.ConnectionString);
        var tables = new OnDutyTables(service, Options.Create(options));
        await new StorageInitializer(tables, NullLogger<StorageInitializer>.Instance).EnsureTablesAsync(CancellationToken.None);
        _raw = service.GetTableClient("benchraw");
        await _raw.CreateIfNotExistsAsync();
        _outbox = new TableOutboxStore(tables);
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await _azurite.DisposeAsync();

    [Benchmark(Baseline = true, Description = "plain entity insert")]
    public async Task RawInsert()
    {
        var id = Interlocked.Increment(ref _next);
        await _raw.AddEntityAsync(new TableEntity("p", $"m{id:D9}") { ["Subject"] = "【障害当番】2026-W49", ["TextBody"] = Body });
    }

    [Benchmark(Description = "outbox enqueue (message + due row, one transaction)")]
    public async Task Enqueue()
    {
        var id = Interlocked.Increment(ref _next);
        var now = DateTimeOffset.UtcNow;
        await _outbox.TryEnqueueAsync(
            new OutboxMessage { Id = $"bench:{id:D9}:email:a@example.com", Channel = Channel.Email, Recipient = "a@example.com", Subject = "【障害当番】2026-W49", TextBody = Body, CreatedAt = now, NextAttemptAt = now },
            now.AddMinutes(2),
            CancellationToken.None);
    }

    private const string Body = "障害当番 2026-W49\n- 山田 太郎 (継続)\n- 佐藤 花子 (今週から)\n迷ったら声をかけましょう。";
}
