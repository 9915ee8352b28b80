using System.Security.Cryptography;
using System.Text;
using OnDuty.Infrastructure.Sms;

namespace OnDuty.Infrastructure.Tests.Sms;

public sealed class TwilioSignatureTests
{
    // Twilio's published example (the request validator tests of twilio-csharp and the other helper libraries): Auth Token
    // 12345, this URL and these parameters (given out of order) are signed RSOYDt4T1cUTdK1PDd93/VVr8B8=.
    private const string ExampleToken = "12345";
    private const string ExampleUrl = "https://mycompany.com/myapp.php?foo=1&bar=2";
    private const string ExampleSignature = "RSOYDt4T1cUTdK1PDd93/VVr8B8=";

    private static readonly KeyValuePair<string, string>[] ExampleForm =
    [
        new("CallSid", "CA1234567890ABCDE"),
        new("From", "+14158675309"),
        new("Digits", "1234"),
        new("To", "+18005551212"),
        new("Caller", "+14158675309"),
    ];

    private const string Token = "f00dfeedf00dfeedf00dfeedf00dfeed";
    private const string Url = "https://onduty.example.com/api/voice/twilio?tag=incident%3AINC-2026-0001%3Anotice%3A2%3Avoice%3Asato%40example.com";

    private static readonly KeyValuePair<string, string>[] Form =
    [
        new("Digits", "1"),
        new("CallSid", "CA0123456789abcdef0123456789abcdef"),
        new("AccountSid", "AC0123456789abcdef0123456789abcdef"),
        new("CallStatus", "in-progress"),
    ];

    [Fact]
    public void Compute_TwiliosPublishedExample_MatchesItsSignature()
    {
        Assert.Equal(ExampleSignature, TwilioSignature.Compute(ExampleToken, ExampleUrl, ExampleForm));
    }

    [Fact]
    public void IsValid_TwiliosPublishedExample_True()
    {
        Assert.True(TwilioSignature.IsValid(ExampleToken, ExampleSignature, ExampleUrl, ExampleForm));
    }

    [Fact]
    public void Compute_CallbackForm_IsTheHmacOfTheUrlAndTheSortedParameters()
    {
        // Written out by hand: the URL, then each parameter sorted by name, name and value with nothing between them.
        const string signed = Url + "AccountSidAC0123456789abcdef0123456789abcdef" + "CallSidCA0123456789abcdef0123456789abcdef" + "CallStatusin-progress" + "Digits1";
        var expected = Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(Token), Encoding.UTF8.GetBytes(signed)));

        Assert.Equal(expected, TwilioSignature.Compute(Token, Url, Form));
    }

    [Fact]
    public void Compute_NameGivenTwice_BothValuesInOrder()
    {
        var expected = Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(Token), Encoding.UTF8.GetBytes(Url + "Ba" + "Eventanswered" + "Eventcompleted")));

        Assert.Equal(expected, TwilioSignature.Compute(Token, Url, [new("Event", "completed"), new("B", "a"), new("Event", "answered")]));
    }

    [Fact]
    public void Compute_NonAsciiValue_SignedAsUtf8()
    {
        var expected = Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(Token), Encoding.UTF8.GetBytes(Url + "Body了解")));

        Assert.Equal(expected, TwilioSignature.Compute(Token, Url, [new("Body", "了解")]));
    }

    [Fact]
    public void Compute_NamesSortedOrdinally_UpperCaseBeforeLowerCase()
    {
        var expected = Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(Token), Encoding.UTF8.GetBytes(Url + "To1" + "bodySHA2562")));

        Assert.Equal(expected, TwilioSignature.Compute(Token, Url, [new("bodySHA256", "2"), new("To", "1")]));
    }

    [Fact]
    public void IsValid_ParametersInAnotherOrder_True()
    {
        var signature = TwilioSignature.Compute(Token, Url, Form);

        Assert.True(TwilioSignature.IsValid(Token, signature, Url, Form.Reverse()));
    }

    [Fact]
    public void IsValid_ChangedParameter_False()
    {
        var signature = TwilioSignature.Compute(Token, Url, Form);
        KeyValuePair<string, string>[] forged = [.. Form.Select(p => p.Key == "Digits" ? new KeyValuePair<string, string>("Digits", "2") : p)];

        Assert.False(TwilioSignature.IsValid(Token, signature, Url, forged));
    }

    [Fact]
    public void IsValid_AddedParameter_False()
    {
        var signature = TwilioSignature.Compute(Token, Url, Form);

        Assert.False(TwilioSignature.IsValid(Token, signature, Url, [.. Form, new("Extra", "")]));
    }

    [Fact]
    public void IsValid_AnotherCallsTag_False()
    {
        var signature = TwilioSignature.Compute(Token, Url, Form);

        Assert.False(TwilioSignature.IsValid(Token, signature, Url.Replace("notice%3A2", "notice%3A3", StringComparison.Ordinal), Form));
    }

    [Fact]
    public void IsValid_AnotherPath_False()
    {
        var signature = TwilioSignature.Compute(Token, Url, Form);

        Assert.False(TwilioSignature.IsValid(Token, signature, Url.Replace("/api/voice/", "/api/sms/", StringComparison.Ordinal), Form));
    }

    [Fact]
    public void IsValid_AnotherAuthToken_False()
    {
        var signature = TwilioSignature.Compute(Token, Url, Form);

        Assert.False(TwilioSignature.IsValid(new string('0', 32), signature, Url, Form));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not base64 at all")]
    [InlineData("RSOYDt4T1cUTdK1PDd93/VVr8B8")]
    public void IsValid_MissingOrMalformedSignature_False(string? signature)
    {
        Assert.False(TwilioSignature.IsValid(ExampleToken, signature, ExampleUrl, ExampleForm));
    }

    [Fact]
    public void IsValid_EmptyAuthToken_FalseEvenForTheSignatureOfAnEmptyKey()
    {
        var signedWithNoKey = Convert.ToBase64String(HMACSHA1.HashData(Array.Empty<byte>(), Encoding.UTF8.GetBytes(Url)));

        Assert.False(TwilioSignature.IsValid("", signedWithNoKey, Url, []));
    }
}
