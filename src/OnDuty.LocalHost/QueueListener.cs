using System.Text;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OnDuty.LocalHost;

/// <summary>
/// Runs queue-triggered functions with the Functions host's semantics: poll (100 ms, doubling while idle up to
/// <c>maxPollingInterval</c>), take a batch invisible for the run (the next batch as soon as at most half a batch
/// still runs, the host's <c>newBatchThreshold</c>), delete a message when its function succeeds, make
/// it visible again after <c>visibilityTimeout</c> when it fails, and move it to <c>{queue}-poison</c> once it has
/// been dequeued <c>maxDequeueCount</c> times. Waits run on the wall clock, like the storage service's own timeouts.
/// </summary>
internal sealed class QueueListener(
    FunctionCatalog catalog,
    IConfiguration configuration,
    QueueHostOptions options,
    IServiceScopeFactory scopes,
    FunctionInvoker invoker,
    LocalHostOptions hostOptions,
    DisabledFunctions disabled,
    ILogger<QueueListener> logger) : BackgroundService
{
    private static readonly TimeSpan MinPollingInterval = TimeSpan.FromMilliseconds(100);

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var functions = catalog.Functions.Where(f => f.Trigger == FunctionTriggerKind.Queue && !disabled.IsDisabled(f.Name)).ToList();
        if (functions.Count > 0 && hostOptions.DisableQueues)
        {
            logger.LogInformation("Queue triggers are disabled by {Setting}; queue functions that do not run: {Count}", "LocalHost__DisableQueues", functions.Count);
            return Task.CompletedTask;
        }

        return Task.WhenAll(functions.Select(f => ListenAsync(f, stoppingToken)));
    }

    /// <summary>The queue client of a function: its connection setting holds a connection string (Azurite locally).</summary>
    public static (QueueClient Queue, QueueClient Poison) CreateClients(FunctionDescriptor function, IConfiguration configuration, QueueHostOptions options)
    {
        var connection = configuration[function.Connection!]
            ?? configuration[$"ConnectionStrings:{function.Connection}"]
            ?? throw new InvalidOperationException(
                $"Queue function '{function.Name}' reads its queue through setting '{function.Connection}', which is not configured (e.g. UseDevelopmentStorage=true).");
        var name = ResolveName(function, configuration);
        var service = new QueueServiceClient(connection, ClientOptions(options));
        return (service.GetQueueClient(name), service.GetQueueClient(name + "-poison"));
    }

    private static QueueClientOptions ClientOptions(QueueHostOptions options) =>
        new() { MessageEncoding = options.MessageEncoding == "base64" ? QueueMessageEncoding.Base64 : QueueMessageEncoding.None };

    private static string ResolveName(FunctionDescriptor function, IConfiguration configuration)
    {
        var name = function.QueueName!;
        if (name.Length > 2 && name[0] == '%' && name[^1] == '%')
        {
            var setting = name[1..^1];
            name = configuration[setting] ?? configuration[setting.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal)]
                ?? throw new InvalidOperationException($"Queue function '{function.Name}' takes its queue name from setting '{setting}', which is not configured.");
        }

        return name.ToLowerInvariant();
    }

    private async Task ListenAsync(FunctionDescriptor function, CancellationToken stoppingToken)
    {
        QueueClient queue;
        QueueClient poison;
        try
        {
            (queue, poison) = CreateClients(function, configuration, options);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException)
        {
            logger.LogError("Queue function {FunctionName} cannot listen: {Error}", function.Name, e.Message);
            return;
        }

        var wait = MinPollingInterval;
        var created = false;
        // As the host: a new batch is fetched once the messages still running are at most newBatchThreshold (half a
        // batch), so one slow message never holds up the queue behind it.
        var threshold = Math.Max(1, options.BatchSize / 2);
        var inFlight = new List<Task>();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                inFlight.RemoveAll(t => t.IsCompleted);
                if (inFlight.Count > threshold)
                {
                    await Task.WhenAny(inFlight);
                    continue;
                }

                try
                {
                    if (!created)
                    {
                        await queue.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
                        created = true;
                    }

                    QueueMessage[] messages = await queue.ReceiveMessagesAsync(options.BatchSize, options.InFlightVisibility, stoppingToken);
                    if (messages.Length > 0)
                    {
                        wait = MinPollingInterval;
                        inFlight.AddRange(messages.Select(m => RunAsync(function, queue, poison, m, stoppingToken)));
                        continue;
                    }
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e) when (e is RequestFailedException or AggregateException or HttpRequestException)
                {
                    logger.LogWarning("Polling queue {Queue} for {FunctionName} failed: {Error}", queue.Name, function.Name, e.Message);
                }

                try
                {
                    await Task.Delay(wait, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, Math.Max(options.MaxPollingInterval.Ticks, MinPollingInterval.Ticks)));
            }
        }
        finally
        {
            // Stopping: the runs in flight end (each handles its own failure) before the listener does.
            await Task.WhenAll(inFlight);
        }
    }

    private async Task RunAsync(FunctionDescriptor function, QueueClient queue, QueueClient poison, QueueMessage message, CancellationToken stoppingToken)
    {
        var body = message.Body.ToString();
        try
        {
            var arguments = function.Parameters
                .Select(p => p.Source == ParameterSource.QueueMessage ? body : (object)stoppingToken)
                .ToArray();
            await using (var scope = scopes.CreateAsyncScope())
            {
                await invoker.InvokeAsync(function, scope.ServiceProvider, arguments, $"New queue message detected on '{queue.Name}'.");
            }

            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, CancellationToken.None);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested || e is not OperationCanceledException)
        {
            await FailedAsync(function, queue, poison, message, body, e);
        }
        catch (OperationCanceledException)
        {
            // Stopping: the message becomes visible again when its in-flight timeout ends, as under the host.
        }
    }

    private async Task FailedAsync(FunctionDescriptor function, QueueClient queue, QueueClient poison, QueueMessage message, string body, Exception error)
    {
        try
        {
            if (message.DequeueCount >= options.MaxDequeueCount)
            {
                await poison.CreateIfNotExistsAsync();
                await poison.SendMessageAsync(body);
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                logger.LogError("Message {MessageId} on {Queue} failed {Count} times ({Error}); moved to {Poison}", message.MessageId, queue.Name, message.DequeueCount, error.Message, poison.Name);
            }
            else
            {
                await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: options.VisibilityTimeout);
                logger.LogWarning("Message {MessageId} on {Queue} failed (dequeue {Count} of {Max}); visible again in {Delay}", message.MessageId, queue.Name, message.DequeueCount, options.MaxDequeueCount, options.VisibilityTimeout);
            }
        }
        catch (Exception e) when (e is RequestFailedException or AggregateException or HttpRequestException)
        {
            // The message reappears when its in-flight timeout ends; the next attempt counts again.
            logger.LogWarning("Returning message {MessageId} to {Queue} after {FunctionName} failed did not work: {Error}", message.MessageId, queue.Name, function.Name, e.Message);
        }
    }
}
