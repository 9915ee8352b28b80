using OnDuty.Core.Team;

namespace OnDuty.Core.Tests.Team;

public sealed class IncompleteGroupExceptionTests
{
    /// <summary>A group with members Graph gave no address for: the warning a person reads counts them in plain English.</summary>
    [Theory]
    [InlineData(1, "group pm-all@example.com: 1 member came back without an address (no User.ReadBasic.All)")]
    [InlineData(3, "group pm-all@example.com: 3 members came back without an address (no User.ReadBasic.All)")]
    public void Message_CountsTheUnaddressedInPlainEnglish(int unaddressed, string said) =>
        Assert.Equal(said, new IncompleteGroupException("pm-all@example.com", [], unaddressed, "no User.ReadBasic.All").Message);
}
