using System.Text;
using OnDuty.Core.Notifications;

namespace OnDuty.Core.Tests.Notifications;

public sealed class OutboxSignalTests
{
    [Fact]
    public void Chunk_LongJapaneseIds_EachQueueMessageStaysUnderItsByteLimitAndKeepsTheOrder()
    {
        var ids = Enumerable.Range(0, 60).Select(i => $"announce:{i:D2}:" + new string('障', 480)).ToList();

        var chunks = OutboxSignal.Chunk(ids);

        Assert.True(chunks.Count > 2);
        Assert.All(chunks, c => Assert.True(Encoding.UTF8.GetByteCount(OutboxSignal.Format(c)) <= OutboxSignal.MaxBytes));
        // Base64 (the host's default encoding) of the largest one still fits a 64 KiB queue message.
        Assert.True(chunks.Max(c => Convert.ToBase64String(Encoding.UTF8.GetBytes(OutboxSignal.Format(c))).Length) < 64 * 1024);
        Assert.Equal(ids, chunks.SelectMany(c => c));
    }

    [Fact]
    public void FormatThenParse_RoundTripsIds_AndAOneIdMessageIsTheIdItself()
    {
        string[] ids = ["incident:INC-2026-0001:page:email:ann@example.com", "incident:INC-2026-0001:page:teams"];

        Assert.Equal(ids, OutboxSignal.Parse(OutboxSignal.Format(ids)));
        Assert.Equal("duty:incident-duty:2026-W49", OutboxSignal.Format(["duty:incident-duty:2026-W49"]));
        Assert.Equal(["duty:incident-duty:2026-W49"], OutboxSignal.Parse("duty:incident-duty:2026-W49"));
    }

    [Fact]
    public void Format_NoIdsTooManyOrAnIdWithALineBreak_Refused()
    {
        Assert.Throws<ArgumentException>(() => OutboxSignal.Format([]));
        Assert.Throws<ArgumentException>(() => OutboxSignal.Format([.. Enumerable.Range(0, OutboxSignal.MaxIds + 1).Select(i => $"m{i}")]));
        Assert.Throws<ArgumentException>(() => OutboxSignal.Format(["a\nb"]));
        Assert.Throws<ArgumentException>(() => OutboxSignal.Format([""]));
    }
}
