using OnDuty.Core.Notifications;

namespace OnDuty.Core.Tests.Notifications;

/// <summary>
/// A call is <c>call</c> on the timeline and in the re-send filter, <c>voice</c> in <c>GET /api/outbox</c> and health's <c>pages</c>
/// counts (the <c>Voice__*</c> settings): both names read back as the same channel, and the other channels have one name.
/// </summary>
public sealed class ChannelNamesTests
{
    [Theory]
    [InlineData(Channel.Email, "email", "email")]
    [InlineData(Channel.Teams, "teams", "teams")]
    [InlineData(Channel.Sms, "sms", "sms")]
    [InlineData(Channel.Voice, "call", "voice")]
    public void NameAndOutboxName_EachReadsBackAsTheChannel(Channel channel, string name, string outboxName)
    {
        Assert.Equal((name, outboxName), (channel.Name(), channel.OutboxName()));
        Assert.True(ChannelNames.TryParse(name, out var byName));
        Assert.True(ChannelNames.TryParse(outboxName, out var byOutboxName));
        Assert.Equal((channel, channel), (byName, byOutboxName));
    }

    [Theory]
    [InlineData("fax")]
    [InlineData("Voice")]
    [InlineData("")]
    [InlineData(null)]
    public void TryParse_AnythingElse_IsNoChannel(string? name) => Assert.False(ChannelNames.TryParse(name, out _));
}
