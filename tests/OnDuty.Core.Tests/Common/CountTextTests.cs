using OnDuty.Core.Common;

namespace OnDuty.Core.Tests.Common;

/// <summary>Counts in operator texts as plain English: one thing singular, any other number plural, a full read "100+".</summary>
public sealed class CountTextTests
{
    [Theory]
    [InlineData(0, "0 pages")]
    [InlineData(1, "1 page")]
    [InlineData(3, "3 pages")]
    public void Of_SingularForOneOnly(int count, string said) => Assert.Equal(said, CountText.Of(count, "page", "pages"));

    [Theory]
    [InlineData(1, "1 message")]
    [InlineData(3, "3 messages")]
    [InlineData(100, "100+ messages")]
    public void UpTo_AtTheCap_SaysPlus(int count, string said) => Assert.Equal(said, CountText.UpTo(count, 100, "message", "messages"));
}
