namespace OnDuty.Infrastructure.Queues;

/// <summary>
/// Where the send queues are: the Functions host's own storage connection <c>AzureWebJobsStorage</c>, read the way the
/// host reads it for the queue trigger: a connection string, or identity-based <c>AzureWebJobsStorage__queueServiceUri</c>
/// (or <c>__accountName</c>) with an optional <c>__clientId</c> of a user-assigned managed identity.
/// </summary>
public sealed class QueueStorageOptions
{
    public const string SectionName = "AzureWebJobsStorage";

    public string? ConnectionString { get; set; }

    public string? QueueServiceUri { get; set; }

    public string? ClientId { get; set; }

    /// <summary>What is wrong with <see cref="ConnectionString"/>, naming <c>AzureWebJobsStorage</c> and never the key; null when it is empty or the queue client takes it.</summary>
    internal string? ConnectionStringProblem() =>
        StorageConnectionStrings.Problem(SectionName, ConnectionString, value => _ = new Azure.Storage.Queues.QueueServiceClient(value));

    internal bool IsConfigured => !string.IsNullOrWhiteSpace(ConnectionString) || Uri.TryCreate(QueueServiceUri, UriKind.Absolute, out _);
}
