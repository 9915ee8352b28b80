using System.Text;
using OnDuty.Core.Alerts;

namespace OnDuty.Core.Tests.Alerts;

public sealed class StandardWebhookSignatureTests
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string Id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const string Timestamp = "1614265330";
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("{\"test\": 2432232314}");

    /// <summary>The example of the Standard Webhooks specification and its reference libraries.</summary>
    [Fact]
    public void Sign_SpecificationExample_MatchesTheReferenceSignature() =>
        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", StandardWebhookSignature.Sign(Secret, Id, Timestamp, Body));

    [Theory]
    [InlineData("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", true)]
    [InlineData("v1,AAAAM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE= v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", true)]
    [InlineData("v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", false)]
    [InlineData("v1,AAAAM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", false)]
    [InlineData("g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", false)]
    [InlineData("", false)]
    public void Verify_SignatureList_AnyV1MatchPasses(string header, bool expected) =>
        Assert.Equal(expected, StandardWebhookSignature.Verify(Secret, Id, Timestamp, Body, header));

    [Fact]
    public void Verify_BodyIdOrTimestampChanged_Fails()
    {
        var header = StandardWebhookSignature.Sign(Secret, Id, Timestamp, Body);

        Assert.False(StandardWebhookSignature.Verify(Secret, Id, Timestamp, Encoding.UTF8.GetBytes("{\"test\": 2432232315}"), header));
        Assert.False(StandardWebhookSignature.Verify(Secret, "msg_other", Timestamp, Body, header));
        Assert.False(StandardWebhookSignature.Verify(Secret, Id, "1614265331", Body, header));
    }
}
