using Azure.Core;
using Azure.Identity;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OnDuty.Core.Notifications;

namespace OnDuty.Infrastructure.Queues;

public static class QueuesServiceCollectionExtensions
{
    /// <summary>The send queues on the host's storage (<c>AzureWebJobsStorage</c>), as the queue trigger reads them.</summary>
    public static IServiceCollection AddOnDutyQueues(this IServiceCollection services)
    {
        services.AddOptions<QueueStorageOptions>()
            .Configure<IConfiguration>((options, configuration) =>
            {
                // The host's connection format: a plain value is a connection string; children describe an identity-based one.
                var section = configuration.GetSection(QueueStorageOptions.SectionName);
                options.ConnectionString = section.Value;
                options.QueueServiceUri = section["queueServiceUri"]
                    ?? (section["accountName"] is { Length: > 0 } account ? $"https://{account}.queue.core.windows.net" : null);
                options.ClientId = section["clientId"];
            })
            .Validate(o => o.IsConfigured,
                "Set AzureWebJobsStorage (a connection string, e.g. UseDevelopmentStorage=true) or AzureWebJobsStorage__queueServiceUri / AzureWebJobsStorage__accountName: the send queues live there.")
            .ValidateOnStart();
        // A garbled connection string fails the start naming the setting and what is wrong, never the key.
        services.AddSingleton<IValidateOptions<QueueStorageOptions>>(new ProblemValidation<QueueStorageOptions>(o => o.ConnectionStringProblem()));
        services.AddSingleton(sp => CreateServiceClient(sp.GetRequiredService<IOptions<QueueStorageOptions>>().Value));
        // Signals made while one is in flight go out together (a storm of new incidents: one queue message per batch).
        services.AddSingleton<StorageOutboxQueue>();
        services.AddSingleton<IOutboxQueue>(sp => new CoalescingOutboxQueue(sp.GetRequiredService<StorageOutboxQueue>()));
        // The outbox sweep reads the poison queues and removes what is settled; health counts what they still hold.
        services.AddSingleton<PoisonQueueSettler>();
        services.AddSingleton<OnDuty.Core.Health.IDegradationCheck, PoisonQueuesCheck>();
        return services;
    }

    /// <summary>
    /// A client of the host's queues; messages in base64, as the Functions queue trigger expects by default (host.json
    /// extensions.queues.messageEncoding), unless <paramref name="encoding"/> says otherwise (the poison queues are read as stored).
    /// </summary>
    internal static QueueServiceClient CreateServiceClient(QueueStorageOptions options, QueueMessageEncoding encoding = QueueMessageEncoding.Base64)
    {
        var clientOptions = new QueueClientOptions { MessageEncoding = encoding };
        clientOptions.Retry.Mode = RetryMode.Exponential;
        clientOptions.Retry.MaxRetries = 2;
        clientOptions.Retry.NetworkTimeout = TimeSpan.FromSeconds(10);
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return new QueueServiceClient(options.ConnectionString, clientOptions);
        }

        var credential = new DefaultAzureCredential(new DefaultAzureCredentialOptions
        {
            ManagedIdentityClientId = string.IsNullOrWhiteSpace(options.ClientId) ? null : options.ClientId,
        });
        return new QueueServiceClient(new Uri(options.QueueServiceUri!), credential, clientOptions);
    }
}
