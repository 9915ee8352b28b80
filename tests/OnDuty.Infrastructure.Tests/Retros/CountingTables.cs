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

    private CountingTables(string connectionString, string prefix)
    {
        var options = new TableClientOptions();
        options.Retry.MaxRetries = 0;
        options.AddPolicy(_counter, HttpPipelinePosition.PerRetry);
        Tables = new OnDutyTables(new TableServiceClient(connectionString, options), Options.Create(new StorageOptions { TablePrefix = prefix }));
    }

    public OnDutyTables Tables { get; }

    public int Reads => _counter.Reads;

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

    private sealed class CountingPolicy : HttpPipelineSynchronousPolicy
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _paths = new();
        private int _reads;

        public int Reads => Volatile.Read(ref _reads);

        /// <summary>GETs whose path names <paramref name="table"/> (a query <c>/{table}()</c> or a point read <c>/{table}(PartitionKey=…)</c>).</summary>
        public int ReadsOf(string table) => _paths.Count(p => p.Contains("/" + table + "(", StringComparison.Ordinal));

        public override void OnSendingRequest(HttpMessage message)
        {
            if (message.Request.Method == RequestMethod.Get)
            {
                Interlocked.Increment(ref _reads);
                _paths.Enqueue(message.Request.Uri.Path);
            }
        }
    }
}
