using System.Security.Cryptography;
using System.Text;
using OnDuty.Core.Alerts;

namespace OnDuty.Core.Tests.Alerts;

public sealed class WebhookSignatureTests
{
    private const string Secret = "s3cr3t-shared-with-grafana";
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("{\"status\":\"firing\",\"alerts\":[]}");

    /// <summary>Computed independently of the code under test.</summary>
    private static byte[] Mac(string secret, byte[] message) => HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message);

    [Fact]
    public void ComputeHex_Rfc4231Case2_MatchesKnownVector()
    {
        var hex = WebhookSignature.ComputeHex("Jefe", "what do ya want for nothing?"u8);

        Assert.Equal("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", hex);
    }

    [Fact]
    public void Verify_BareLowercaseHex_AsGrafanaSends_IsValid()
    {
        var header = Convert.ToHexStringLower(Mac(Secret, Body));

        Assert.True(WebhookSignature.Verify(Secret, Body, header));
    }

    [Fact]
    public void Verify_Sha256PrefixedUppercaseHex_IsValid()
    {
        var header = "SHA256=" + Convert.ToHexString(Mac(Secret, Body));

        Assert.True(WebhookSignature.Verify(Secret, Body, header));
    }

    [Fact]
    public void Verify_Base64_IsValid()
    {
        var header = Convert.ToBase64String(Mac(Secret, Body));

        Assert.True(WebhookSignature.Verify(Secret, Body, header));
    }

    [Fact]
    public void Verify_SurroundingWhitespace_IsIgnored()
    {
        var header = "  sha256=" + Convert.ToHexStringLower(Mac(Secret, Body)) + " ";

        Assert.True(WebhookSignature.Verify(Secret, Body, header));
    }

    [Fact]
    public void Verify_TamperedBody_IsInvalid()
    {
        var header = Convert.ToHexStringLower(Mac(Secret, Body));
        var tampered = Encoding.UTF8.GetBytes("{\"status\":\"resolved\",\"alerts\":[]}");

        Assert.False(WebhookSignature.Verify(Secret, tampered, header));
    }

    [Fact]
    public void Verify_WrongSecret_IsInvalid()
    {
        var header = Convert.ToHexStringLower(Mac("another-secret", Body));

        Assert.False(WebhookSignature.Verify(Secret, Body, header));
    }

    [Fact]
    public void Verify_WithTimestamp_SignsTimestampColonBody()
    {
        const string timestamp = "1767225600";
        var signed = Encoding.UTF8.GetBytes(timestamp + ":").Concat(Body).ToArray();
        var header = Convert.ToHexStringLower(Mac(Secret, signed));

        Assert.True(WebhookSignature.Verify(Secret, Body, header, timestamp));
        Assert.False(WebhookSignature.Verify(Secret, Body, header));
        Assert.False(WebhookSignature.Verify(Secret, Body, header, "1767225601"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("sha256=")]
    [InlineData("not a signature")]
    [InlineData("sha1=2fd4e1c67a2d28fced849ee1bb76e7391b93eb12")]
    [InlineData("abcdef")]
    [InlineData("zz9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    public void Verify_MalformedHeader_IsInvalid(string? header)
    {
        Assert.False(WebhookSignature.Verify(Secret, Body, header));
    }

    [Fact]
    public void Verify_TruncatedSignature_IsInvalid()
    {
        var header = Convert.ToHexStringLower(Mac(Secret, Body))[..62];

        Assert.False(WebhookSignature.Verify(Secret, Body, header));
    }

    [Fact]
    public void Verify_EmptySecret_Throws()
    {
        Assert.Throws<ArgumentException>(() => WebhookSignature.Verify("", Body, "00"));
    }

    [Fact]
    public void SharedSecretEquals_SameValue_IsTrue()
    {
        Assert.True(WebhookSignature.SharedSecretEquals("token-123", "token-123"));
    }

    [Theory]
    [InlineData("token-124")]
    [InlineData("token-12")]
    [InlineData("TOKEN-123")]
    [InlineData("token-1234567890")]
    [InlineData("")]
    [InlineData(null)]
    public void SharedSecretEquals_DifferentValue_IsFalse(string? presented)
    {
        Assert.False(WebhookSignature.SharedSecretEquals("token-123", presented));
    }
}
