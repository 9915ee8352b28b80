using System.Net.Sockets;
using Azure;
using Azure.Data.Tables;
using Azure.Data.Tables.Models;
using Azure.Identity;
using OnDuty.Core.Common;

namespace OnDuty.Infrastructure.Tables;

/// <summary>Turns Table Storage failures into the domain's errors, in one place for every repository.</summary>
internal static class TableCall
{
    public const string Dependency = "Table Storage";

    /// <summary>Runs a storage operation; failures to reach storage become <see cref="DependencyUnavailableException"/>.</summary>
    public static async Task<T> RunAsync<T>(Func<Task<T>> operation, CancellationToken cancellationToken)
    {
        try
        {
            return await operation().ConfigureAwait(false);
        }
        catch (Exception ex) when (IsUnavailable(ex, cancellationToken))
        {
            throw new DependencyUnavailableException(Dependency, ex);
        }
        catch (RequestFailedException ex) when (ex.Status == 400 && IsTooLarge(ex.ErrorCode))
        {
            // Input that passed validation yet does not fit a row: the caller's to shorten (400), never a 500. The write was
            // one operation or one transaction, so nothing of it is stored.
            throw new ValidationException("body", $"is too large to store ({ex.ErrorCode}); shorten the longest text and send it again");
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == TableErrorCode.TableNotFound)
        {
            throw new InvalidOperationException(
                "A table does not exist: StorageInitializer.EnsureTablesAsync must run at start. " + ex.Message, ex);
        }
    }

    public static Task RunAsync(Func<Task> operation, CancellationToken cancellationToken) =>
        RunAsync(async () =>
        {
            await operation().ConfigureAwait(false);
            return true;
        }, cancellationToken);

    /// <summary>
    /// A caller's If-Match as an <see cref="ETag"/>: <c>*</c>, or an ETag of the shape Table Storage hands out
    /// (<c>W/"datetime'{url-encoded timestamp}'"</c>). Anything else can match no row, and storage would refuse it as
    /// invalid input (400), so it fails the precondition here with a <see cref="ConcurrencyException"/>.
    /// </summary>
    public static ETag ClientETag(string ifMatch, string what)
    {
        const string Prefix = "W/\"datetime'";
        const string Suffix = "'\"";
        if (ifMatch == "*")
        {
            return ETag.All;
        }

        if (ifMatch.Length > Prefix.Length + Suffix.Length
            && ifMatch.StartsWith(Prefix, StringComparison.Ordinal)
            && ifMatch.EndsWith(Suffix, StringComparison.Ordinal)
            && DateTimeOffset.TryParse(
                Uri.UnescapeDataString(ifMatch[Prefix.Length..^Suffix.Length]),
                System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AssumeUniversal,
                out _))
        {
            return new ETag(ifMatch);
        }

        throw new ConcurrencyException($"{what} was not changed: If-Match '{ifMatch}' is not an ETag this service handed out.");
    }

    public static bool IsConflict(this RequestFailedException ex) => ex.Status == 409;

    public static bool IsPreconditionFailed(this RequestFailedException ex) => ex.Status == 412;

    public static bool IsNotFound(this RequestFailedException ex) => ex.Status == 404;

    /// <summary>Network failures, timeouts, throttling and server errors: storage is (for now) not reachable.</summary>
    private static bool IsTooLarge(string? code) =>
        code is "PropertyValueTooLarge" or "EntityTooLarge" or "RequestBodyTooLarge";

    public static bool IsUnavailable(Exception ex, CancellationToken cancellationToken) => ex switch
    {
        // The caller gave up: that is not storage's fault.
        OperationCanceledException when cancellationToken.IsCancellationRequested => false,
        RequestFailedException r => r.Status is 0 or 408 or 429 or >= 500,
        AggregateException a => a.InnerExceptions.Count > 0 && a.InnerExceptions.All(i => IsUnavailable(i, cancellationToken)),
        OperationCanceledException => true,
        HttpRequestException or IOException or SocketException or TimeoutException => true,
        AuthenticationFailedException or CredentialUnavailableException => true,
        _ => false,
    };
}
