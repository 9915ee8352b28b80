using System.Net;
using System.Security.Cryptography;
using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.Extensions.Time.Testing;
using OnDuty.Infrastructure.Email.Acs;

namespace OnDuty.Infrastructure.Tests.Email;

/// <summary>
/// Pins the signature to the documented algorithm, computed here independently, so a signer that only
/// agrees with itself (or with the loopback server written alongside it) cannot pass.
/// </summary>
public sealed class AcsHmacAuthenticationPolicyTests
{
    private static readonly byte[] Key = Encoding.ASCII.GetBytes("onduty-fixed-test-access-key-0123456789");
    private static readonly DateTimeOffset SignedAt = new(2026, 12, 1, 9, 30, 0, TimeSpan.Zero);
    private const string Date = "Tue, 01 Dec 2026 09:30:00 GMT";

    [Fact]
    public async Task ProcessAsync_PostWithBody_SignsDateHostAndBodyHash()
    {
        const string body = """{"senderAddress":"onduty@onduty.example"}""";
        var request = await SendThroughPolicyAsync(RequestMethod.Post, "https://contoso.communication.azure.com/emails:send?api-version=2025-09-01", body);

        var contentHash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(body)));
        var stringToSign = "POST\n/emails:send?api-version=2025-09-01\n" + Date + ";contoso.communication.azure.com;" + contentHash;
        var signature = Convert.ToBase64String(new HMACSHA256(Key).ComputeHash(Encoding.UTF8.GetBytes(stringToSign)));
        Assert.Equal(Date, Header(request, "x-ms-date"));
        Assert.Equal(contentHash, Header(request, "x-ms-content-sha256"));
        Assert.Equal($"HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature={signature}", Header(request, "Authorization"));
    }

    [Fact]
    public async Task ProcessAsync_GetOnNonDefaultPort_SignsEmptyBodyHashAndHostWithPort()
    {
        var request = await SendThroughPolicyAsync(RequestMethod.Get, "https://contoso.communication.azure.com:8443/emails/operations/2f1c?api-version=2025-09-01", body: null);

        // SHA-256 of zero bytes, a well-known constant.
        const string emptyHash = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";
        var stringToSign = "GET\n/emails/operations/2f1c?api-version=2025-09-01\n" + Date + ";contoso.communication.azure.com:8443;" + emptyHash;
        var signature = Convert.ToBase64String(new HMACSHA256(Key).ComputeHash(Encoding.UTF8.GetBytes(stringToSign)));
        Assert.Equal(emptyHash, Header(request, "x-ms-content-sha256"));
        Assert.Equal($"HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature={signature}", Header(request, "Authorization"));
    }

    private static async Task<HttpRequestMessage> SendThroughPolicyAsync(RequestMethod method, string uri, string? body)
    {
        var handler = new CapturingHandler();
        var options = new TestClientOptions { Transport = new HttpClientTransport(new HttpClient(handler)) };
        options.Retry.MaxRetries = 0;
        var pipeline = HttpPipelineBuilder.Build(options, new AcsHmacAuthenticationPolicy(Key, new FakeTimeProvider(SignedAt)));
        using var message = pipeline.CreateMessage();
        message.Request.Method = method;
        message.Request.Uri.Reset(new Uri(uri));
        if (body is not null)
        {
            message.Request.Content = RequestContent.Create(Encoding.UTF8.GetBytes(body));
        }

        await pipeline.SendAsync(message, CancellationToken.None);
        return handler.Request!;
    }

    private static string Header(HttpRequestMessage request, string name) =>
        request.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : "";

    private sealed class TestClientOptions : ClientOptions;

    private sealed class CapturingHandler : HttpMessageHandler
    {
        public HttpRequestMessage? Request { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Request = request;
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.Accepted));
        }
    }
}
