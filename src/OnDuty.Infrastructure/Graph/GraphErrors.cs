using System.Net.Sockets;
using Azure.Identity;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;
using OnDuty.Core.Common;
using OnDuty.Infrastructure.Http;

namespace OnDuty.Infrastructure.Graph;

/// <summary>What a failed Graph call means for the caller: worth retrying later or not, and the service's Retry-After.</summary>
internal static class GraphErrors
{
    public const string Dependency = "Microsoft Graph";

    /// <summary>HTTP status of a Graph error (0 when no response came back).</summary>
    public static int Status(Exception ex) => Unwrap(ex) is ApiException api ? api.ResponseStatusCode : 0;

    /// <summary>The retry handler gives up with an AggregateException of every attempt's error; the last one is the answer.</summary>
    public static Exception Unwrap(Exception ex) =>
        ex is AggregateException { InnerExceptions.Count: > 0 } aggregate ? Unwrap(aggregate.InnerExceptions[^1]) : ex;

    public static bool IsNotFound(Exception ex) => Status(ex) == 404;

    /// <summary>Network trouble, throttling, server errors and token failures: try again later.</summary>
    public static bool IsTransient(Exception ex, CancellationToken cancellationToken) => Unwrap(ex) switch
    {
        OperationCanceledException when cancellationToken.IsCancellationRequested => false,
        ApiException api => RetryAfterHeader.IsTransientStatus(api.ResponseStatusCode),
        OperationCanceledException or HttpRequestException or IOException or SocketException or TimeoutException => true,
        AuthenticationFailedException or CredentialUnavailableException => true,
        _ => false,
    };

    /// <summary>The Retry-After Graph sent with the final answer (the retry handler has already honoured earlier ones).</summary>
    public static TimeSpan? RetryAfter(Exception ex, TimeProvider time) =>
        Unwrap(ex) is ApiException { ResponseHeaders: { } headers }
            ? RetryAfterHeader.Read(name => headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault(), time)
            : null;

    /// <summary>"429 TooManyRequests: …" from an OData error, or the exception's message.</summary>
    public static string Describe(Exception ex) => Unwrap(ex) switch
    {
        ODataError { Error: { } error } odata => $"{odata.ResponseStatusCode} {error.Code}: {error.Message}",
        ApiException api => $"{api.ResponseStatusCode}: {api.Message}",
        var other => other.Message,
    };

    /// <summary>Rethrows a transient failure as <see cref="DependencyUnavailableException"/>; others pass through.</summary>
    public static Exception Translate(Exception ex, CancellationToken cancellationToken) =>
        IsTransient(ex, cancellationToken) ? new DependencyUnavailableException(Dependency, ex) : ex;
}
