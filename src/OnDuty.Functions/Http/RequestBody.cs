using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using OnDuty.Core.Common;

namespace OnDuty.Functions.Http;

public static class RequestBody
{
    public const int DefaultMaxBytes = 64 * 1024;

    /// <summary>Reads at most <paramref name="maxBytes"/> (413 beyond), whatever Content-Length claims.</summary>
    public static async Task<byte[]> ReadBytesAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            throw TooLarge(maxBytes);
        }

        if (request.ContentLength is { } declared)
        {
            // The usual case: the server holds the body to its Content-Length, so read it straight into its own array.
            var body = new byte[declared];
            await request.Body.ReadExactlyAsync(body, cancellationToken);
            return body;
        }

        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    throw TooLarge(maxBytes);
                }

                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// Reads a JSON body into <typeparamref name="T"/>; 415 for another media type, 400 "Malformed JSON" naming the JSON path for
    /// text that is not JSON, and 400 naming the field with what it must be for a value of the wrong kind (an unknown enum value,
    /// a date that is not one): <see cref="JsonBodyError"/>.
    /// </summary>
    public static async Task<T> ReadJsonAsync<T>(HttpRequest request, CancellationToken cancellationToken, int maxBytes = DefaultMaxBytes)
        where T : class
    {
        if (request.ContentType is { } contentType && !contentType.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            throw new BadRequestBodyException(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", $"Send application/json, not '{contentType}'.")
            {
                Refusal = Refusal.Of("bodyMediaType", ("type", contentType)),
            };
        }

        var bytes = await ReadBytesAsync(request, maxBytes, cancellationToken);
        if (bytes.Length == 0)
        {
            throw new BadRequestBodyException(StatusCodes.Status400BadRequest, "Missing body", "The request needs a JSON body.") { Refusal = Refusal.Of("bodyMissing") };
        }

        T value;
        try
        {
            value = JsonSerializer.Deserialize<T>(bytes, ApiJson.Options)
                ?? throw new BadRequestBodyException(StatusCodes.Status400BadRequest, "Invalid body", "The JSON body must be an object, not null.") { Refusal = Refusal.Of("bodyNull") };
        }
        catch (JsonException ex)
        {
            throw JsonBodyError.Describe(typeof(T), bytes, ex, ApiJson.Options);
        }

        return value;
    }

    /// <summary>
    /// <see cref="ReadJsonAsync{T}"/> for a body that takes back its GET's read-only fields (<see cref="ITakesBackReadOnlyFields"/>):
    /// those are ignored; any other field the type does not declare is refused as for every request (400 naming it).
    /// </summary>
    public static async Task<T> ReadJsonTakingBackAsync<T>(HttpRequest request, CancellationToken cancellationToken, int maxBytes = DefaultMaxBytes)
        where T : class, ITakesBackReadOnlyFields
    {
        var value = await ReadJsonAsync<T>(request, cancellationToken, maxBytes);
        if (value.Undeclared?.Keys.FirstOrDefault(k => !T.ReadOnlyFields.Contains(k, StringComparer.OrdinalIgnoreCase)) is { } unknown)
        {
            throw JsonBodyError.NotDeclared(typeof(T), unknown, T.ReadOnlyFields, ApiJson.Options);
        }

        return value;
    }

    private static BadRequestBodyException TooLarge(int maxBytes) =>
        new(StatusCodes.Status413PayloadTooLarge, "Body too large", $"The body is larger than {ByteSize.Limit(maxBytes)}.")
        {
            Refusal = Refusal.Of("bodyTooLarge", ("limit", ByteSize.Limit(maxBytes))),
        };
}
