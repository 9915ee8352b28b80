using Microsoft.Extensions.Time.Testing;
using OnDuty.Infrastructure.Email.Acs;

namespace OnDuty.Infrastructure.Tests.Email;

public sealed class AcsPollPacerTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 30, 1, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Reserve_ManySendsWaiting_EachPollsLessAndTheLimitHolds()
    {
        var pacer = new AcsPollPacer(_time, maxPollsPerMinute: 10);

        var waits = Enumerable.Range(0, 12).Select(_ => pacer.Reserve(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(2))).ToList();

        Assert.Equal(
            Enumerable.Range(0, 12).Select(i => (TimeSpan?)(TimeSpan.FromSeconds(1) + (TimeSpan.FromSeconds(6) * i))),
            waits);
    }

    [Fact]
    public void Reserve_NoSlotWithinTheTimeout_NullAndNothingTaken()
    {
        var pacer = new AcsPollPacer(_time, maxPollsPerMinute: 1);
        pacer.Reserve(TimeSpan.Zero, TimeSpan.FromMinutes(2));

        var none = pacer.Reserve(TimeSpan.Zero, TimeSpan.FromSeconds(30));
        var later = pacer.Reserve(TimeSpan.Zero, TimeSpan.FromMinutes(2));

        Assert.Null(none);
        Assert.Equal(TimeSpan.FromMinutes(1), later);
    }

    [Fact]
    public void Throttled_RetryAfter_NoPollBeforeItPasses()
    {
        var pacer = new AcsPollPacer(_time, maxPollsPerMinute: 60);

        pacer.Throttled(TimeSpan.FromSeconds(45));

        Assert.Equal(TimeSpan.FromSeconds(45), pacer.NextSlotIn());
        Assert.Null(pacer.Reserve(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30)));
        Assert.Equal(TimeSpan.FromSeconds(45), pacer.Reserve(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(2)));
    }
}
