namespace OnDuty.Testing;

/// <summary>
/// An Azurite Table endpoint for tests, as a class or collection fixture. Every fixture in a test run shares one
/// Azurite process (started on first use, killed when the test process exits), so test classes that each use their
/// own table prefix run in parallel against it. Set <c>ONDUTY_TEST_AZURITE_TABLE</c> to a connection string to use
/// an Azurite (or storage account) you started yourself.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    public const string ConnectionStringVariable = "ONDUTY_TEST_AZURITE_TABLE";

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static AzuriteProcess? _shared;

    /// <summary>Connection string of the Table endpoint (TableEndpoint=http://127.0.0.1:port/devstoreaccount1).</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>Port Azurite listens on, or null when <see cref="ConnectionStringVariable"/> supplied the endpoint.</summary>
    public int? Port { get; private set; }

    public async Task InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable(ConnectionStringVariable) is { Length: > 0 } configured)
        {
            ConnectionString = configured;
            return;
        }

        var azurite = await GetSharedAsync();
        ConnectionString = azurite.ConnectionString;
        Port = azurite.Port;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>A name unique to this test run, usable as a table prefix (letters and digits, starts with a letter).</summary>
    public static string UniquePrefix(string hint = "t") =>
        (string.Concat(hint.Where(char.IsAsciiLetter).Take(16)) is { Length: > 0 } letters ? letters : "t")
        + Guid.NewGuid().ToString("N")[..10];

    private static async Task<AzuriteProcess> GetSharedAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_shared is null)
            {
                _shared = await AzuriteProcess.StartAsync();
                AppDomain.CurrentDomain.ProcessExit += (_, _) => _shared.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }

            return _shared;
        }
        finally
        {
            Gate.Release();
        }
    }
}
