using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OnDuty.Infrastructure.Tables;
using OnDuty.Testing;

namespace OnDuty.Infrastructure.Tests.Retros;

/// <summary>
/// The app's tables on Azurite through a client that counts every HTTP request it sends (reads: GET), so a test
/// can assert how many storage reads an operation took — the real number, not calls on a port.
/// </summary>
public sealed class CountingTables
{
    private readonly CountingPolicy _counter = new();
    private readonly HookPolicy _hook = new();

    private CountingTables(string connectionString, string prefix)
    {
        var options = new TableClientOptions();
        options.Retry.MaxRetries = 0;
        options.AddPolicy(_counter, HttpPipelinePosition.PerRetry);
        options.AddPolicy(_hook, HttpPipelinePosition.PerRetry);
        Tables = new OnDutyTables(new TableServiceClient(connectionString, options), Options.Create(new StorageOptions { TablePrefix = prefix }));
    }

    public OnDutyTables Tables { get; }

    public int Reads => _counter.Reads;

    /// <summary>Requests other than reads (writes, deletes, transactions) so far.</summary>
    public int Writes => _counter.Writes;

    public static async Task<CountingTables> CreateAsync(string connectionString, string hint)
    {
        var tables = new CountingTables(connectionString, AzuriteFixture.UniquePrefix(hint));
        await new StorageInitializer(tables.Tables, NullLogger<StorageInitializer>.Instance).EnsureTablesAsync(CancellationToken.None);
        return tables;
    }

    /// <summary>Reads (GET requests) of the table <paramref name="table"/> (its name without the prefix: <c>RotationState</c>) so far.</summary>
    public int ReadsOf(string table) => _counter.ReadsOf(Tables.RotationState.Name[..^"RotationState".Length] + table);

    /// <summary>Storage reads (GET requests) while <paramref name="action"/> runs.</summary>
    public async Task<(T Result, int Reads)> CountReadsAsync<T>(Func<Task<T>> action)
    {
        var before = Reads;
        var result = await action();
        return (result, Reads - before);
    }

    /// <summary>
    /// <paramref name="hook"/> run once, when the answer to the next read (GET) of <paramref name="table"/> has come and before its
    /// caller sees it: a write made "while a read is in flight", in a set order.
    /// </summary>
    public void AfterNextRead(string table, Func<Task> hook) =>
        _hook.Arm(Tables.RotationState.Name[..^"RotationState".Length] + table, hook);

    private sealed class HookPolicy : HttpPipelinePolicy
    {
        private Armed? _armed;

        public void Arm(string table, Func<Task> hook) => Volatile.Write(ref _armed, new Armed(table, hook));

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            await ProcessNextAsync(message, pipeline);
            if (message.Request.Method == RequestMethod.Get && Volatile.Read(ref _armed) is { } armed
                && message.Request.Uri.Path.Contains("/" + armed.Table + "(", StringComparison.Ordinal)
                && ReferenceEquals(Interlocked.CompareExchange(ref _armed, null, armed), armed))
            {
                await armed.Hook();
            }
        }

        private sealed record Armed(string Table, Func<Task> Hook);
    }

    private sealed class CountingPolicy : HttpPipelineSynchronousPolicy
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _paths = new();
        private int _reads;
        private int _writes;

        public int Reads => Volatile.Read(ref _reads);

        public int Writes => Volatile.Read(ref _writes);

        /// <summary>GETs whose path names <paramref name="table"/> (a query <c>/{table}()</c> or a point read <c>/{table}(PartitionKey=…)</c>).</summary>
        public int ReadsOf(string table) => _paths.Count(p => p.Contains("/" + table + "(", StringComparison.Ordinal));

        public override void OnSendingRequest(HttpMessage message)
        {
            if (message.Request.Method == RequestMethod.Get)
            {
                Interlocked.Increment(ref _reads);
                _paths.Enqueue(message.Request.Uri.Path);
            }
            else
            {
                Interlocked.Increment(ref _writes);
            }
        }
    }
}
