using OnDuty.Core.Calendar;

namespace OnDuty.Core.Tests.Calendar;

public sealed class FeedSecretTests
{
    [Fact]
    public void Generate_Is43Base64UrlCharactersOf32RandomBytes()
    {
        var tokens = Enumerable.Range(0, 50).Select(_ => FeedSecret.Generate()).ToList();

        Assert.All(tokens, t => Assert.Matches("^[A-Za-z0-9_-]{43}$", t));
        Assert.All(tokens, t => Assert.True(FeedSecret.IsWellFormed(t)));
        Assert.Equal(tokens.Count, tokens.Distinct().Count());
    }

    [Fact]
    public void Hash_IsLowerHexSha256OfTheText()
    {
        // echo -n abc | sha256sum
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", FeedSecret.Hash("abc"));
        Assert.Equal("ba7816bf8f01cfea", FeedSecret.IdOf(FeedSecret.Hash("abc")));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+")] // 43 characters, but '+' is not base64url
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")] // 44 characters
    public void IsWellFormed_Malformed_False(string? token) => Assert.False(FeedSecret.IsWellFormed(token));

    [Fact]
    public void HashesEqual_ComparesWholeValues()
    {
        var a = FeedSecret.Hash("one");
        Assert.True(FeedSecret.HashesEqual(a, FeedSecret.Hash("one")));
        Assert.False(FeedSecret.HashesEqual(a, FeedSecret.Hash("two")));
        Assert.False(FeedSecret.HashesEqual(a, a[..63]));
    }
}
