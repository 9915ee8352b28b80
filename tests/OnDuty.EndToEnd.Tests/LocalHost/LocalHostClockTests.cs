using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OnDuty.EndToEnd.Tests.Support;
using OnDuty.LocalHost;

namespace OnDuty.EndToEnd.Tests.LocalHost;

/// <summary>
/// <c>LocalHost__Now</c> (trial 34 M8): a team tries locally what happens on another day — the New Year week's announcement,
/// an alert at 03:00 on a holiday — with the app's clock started there; only in Development.
/// </summary>
public sealed class LocalHostClockTests
{
    [Fact]
    public void From_ATimeWithItsOffset_InDevelopment_StartsThereAndRunsOn()
    {
        var real = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 23, 0, 0, TimeSpan.Zero));

        var clock = LocalHostClock.From("2027-01-01T03:00+09:00", new TestHostEnvironment("Development"), real)!;
        real.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(new DateTimeOffset(2026, 12, 31, 18, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 3, 23, 0, 0, TimeSpan.Zero) + clock.Offset);
        Assert.Equal(new DateTimeOffset(2026, 12, 31, 18, 5, 0, TimeSpan.Zero), clock.GetUtcNow());
        real.Advance(TimeSpan.FromHours(7));
        Assert.Equal(new DateTimeOffset(2027, 1, 1, 1, 5, 0, TimeSpan.Zero), clock.GetUtcNow());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void From_Unset_IsRealTime(string? now) =>
        Assert.Null(LocalHostClock.From(now, new TestHostEnvironment("Production")));

    [Theory]
    [InlineData("Production", "2027-01-01T03:00+09:00", "refused outside the Development environment")]
    [InlineData("Staging", "2027-01-01T03:00Z", "refused outside the Development environment")]
    [InlineData("Development", "2027-01-01T03:00", "with its offset")]
    [InlineData("Development", "2027-01-01", "with its offset")]
    [InlineData("Development", "2027-13-01T03:00+09:00", "with its offset")]
    [InlineData("Development", "tomorrow", "with its offset")]
    public void From_OutsideDevelopmentOrWithoutAnOffset_StopsTheStartNamingTheSetting(string environment, string now, string said)
    {
        var error = Assert.Throws<OnDuty.Core.Common.SettingRefusedException>(() => LocalHostClock.From(now, new TestHostEnvironment(environment)));

        Assert.Contains("LocalHost__Now", error.Message, StringComparison.Ordinal);
        Assert.Contains(said, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LocalHost_WithNowSet_TheAppsClockIsShifted()
    {
        await using var app = TestLocalHost.Build(s => s["LocalHost:Now"] = "2027-01-01T03:00+09:00");

        var now = app.Services.GetRequiredService<TimeProvider>().GetUtcNow();

        Assert.InRange(now, new DateTimeOffset(2026, 12, 31, 17, 59, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 31, 18, 10, 0, TimeSpan.Zero));
    }
}
