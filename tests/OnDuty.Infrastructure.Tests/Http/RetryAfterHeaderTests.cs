using Microsoft.Extensions.Time.Testing;
using OnDuty.Infrastructure.Http;

namespace OnDuty.Infrastructure.Tests.Http;

public sealed class RetryAfterHeaderTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 30, 1, 0, 0, TimeSpan.Zero));

    [Theory]
    [InlineData(0, true)]
    [InlineData(408, true)]
    [InlineData(429, true)]
    [InlineData(500, true)]
    [InlineData(503, true)]
    [InlineData(400, false)]
    [InlineData(401, false)]
    [InlineData(404, false)]
    [InlineData(409, false)]
    public void IsTransientStatus_Status_OnlyNoAnswerTimeoutThrottleAndServerErrors(int status, bool transient) =>
        Assert.Equal(transient, RetryAfterHeader.IsTransientStatus(status));

    [Theory]
    [InlineData("7", 7_000)]
    [InlineData("1.5", 1_500)]
    [InlineData("Mon, 30 Nov 2026 01:00:30 GMT", 30_000)]
    [InlineData("Mon, 30 Nov 2026 00:59:00 GMT", 0)]
    public void Parse_SecondsOrHttpDate_WaitOnTheInjectedClock(string value, int expectedMs) =>
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), RetryAfterHeader.Parse(value, _time));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("-3")]
    public void Parse_MissingOrUnreadable_Null(string? value) => Assert.Null(RetryAfterHeader.Parse(value, _time));

    [Fact]
    public void Read_MillisecondHeader_WinsOverSeconds()
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["retry-after-ms"] = "250", ["Retry-After"] = "9" };

        Assert.Equal(TimeSpan.FromMilliseconds(250), RetryAfterHeader.Read(headers.GetValueOrDefault, _time));
    }
}
