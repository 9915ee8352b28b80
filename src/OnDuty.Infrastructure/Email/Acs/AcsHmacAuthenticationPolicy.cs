using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;

namespace OnDuty.Infrastructure.Email.Acs;

/// <summary>
/// Signs every request with the ACS access key the way the service checks it: HMAC-SHA256 over
/// the verb, path and query, <c>x-ms-date</c>, host (with a non-default port) and the body's SHA-256.
/// </summary>
internal sealed class AcsHmacAuthenticationPolicy(byte[] accessKey, TimeProvider time) : HttpPipelinePolicy
{
    internal const string SignedHeaders = "x-ms-date;host;x-ms-content-sha256";

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        var contentHash = await ContentHashAsync(message.Request.Content, message.CancellationToken);
        Sign(message.Request, contentHash);
        await ProcessNextAsync(message, pipeline);
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        var contentHash = ContentHashAsync(message.Request.Content, message.CancellationToken).AsTask().GetAwaiter().GetResult();
        Sign(message.Request, contentHash);
        ProcessNext(message, pipeline);
    }

    /// <summary>The string the service signs: <c>VERB\npathAndQuery\ndate;host;contentHash</c>.</summary>
    internal static string StringToSign(string method, Uri uri, string date, string contentHash) =>
        $"{method.ToUpperInvariant()}\n{uri.PathAndQuery}\n{date};{uri.Authority};{contentHash}";

    internal static string Signature(byte[] accessKey, string stringToSign) =>
        Convert.ToBase64String(HMACSHA256.HashData(accessKey, Encoding.UTF8.GetBytes(stringToSign)));

    private void Sign(Request request, string contentHash)
    {
        var date = time.GetUtcNow().ToString("r", CultureInfo.InvariantCulture);
        var uri = request.Uri.ToUri();
        var signature = Signature(accessKey, StringToSign(request.Method.Method, uri, date, contentHash));
        request.Headers.SetValue("x-ms-date", date);
        request.Headers.SetValue("x-ms-content-sha256", contentHash);
        request.Headers.SetValue(HttpHeader.Names.Authorization, $"HMAC-SHA256 SignedHeaders={SignedHeaders}&Signature={signature}");
    }

    private static async ValueTask<string> ContentHashAsync(RequestContent? content, CancellationToken cancellationToken)
    {
        if (content is null)
        {
            return Convert.ToBase64String(SHA256.HashData(ReadOnlySpan<byte>.Empty));
        }

        using var buffer = new MemoryStream();
        await content.WriteToAsync(buffer, cancellationToken);
        return Convert.ToBase64String(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));
    }
}
