using Microsoft.AspNetCore.Http;
using OnDuty.Functions.Http;

namespace OnDuty.EndToEnd.Tests.Http;

/// <summary>Both ways a body arrives: with a Content-Length (read straight into one array) and chunked (read until the cap).</summary>
public sealed class RequestBodyTests
{
    private const int MaxBytes = 64 * 1024;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ReadBytesAsync_BodyWithinTheCap_ReturnsItWhole(bool declaresLength)
    {
        var body = Enumerable.Range(0, 40_000).Select(i => (byte)(i % 251)).ToArray(); // more than one 16 KiB chunk

        var read = await RequestBody.ReadBytesAsync(Request(body, declaresLength), MaxBytes, CancellationToken.None);

        Assert.Equal(body, read);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ReadBytesAsync_BodyOverTheCap_Is413(bool declaresLength)
    {
        var body = new byte[MaxBytes + 1];

        var error = await Assert.ThrowsAsync<BadRequestBodyException>(() => RequestBody.ReadBytesAsync(Request(body, declaresLength), MaxBytes, CancellationToken.None));

        Assert.Equal(StatusCodes.Status413PayloadTooLarge, error.Status);
    }

    [Fact]
    public async Task ReadBytesAsync_EmptyBodyWithContentLengthZero_ReturnsNothing()
    {
        var read = await RequestBody.ReadBytesAsync(Request([], declaresLength: true), MaxBytes, CancellationToken.None);

        Assert.Empty(read);
    }

    private static HttpRequest Request(byte[] body, bool declaresLength)
    {
        var context = new DefaultHttpContext();
        context.Request.Body = new MemoryStream(body);
        context.Request.ContentLength = declaresLength ? body.Length : null;
        return context.Request;
    }
}
