using System.ComponentModel.DataAnnotations;
using OnDuty.Core.Health;

namespace OnDuty.Core.Tests.Heartbeats;

/// <summary><c>Watch__PingUrl</c> is checked at start: https, or http only to a loopback address; unset sends nothing.</summary>
public sealed class WatchOptionsTests
{
    [Theory]
    [InlineData(null, true)]
    [InlineData("", true)]
    [InlineData("https://hc-ping.com/5f2c1b7e-0000-4000-8000-000000000000", true)]
    [InlineData("http://127.0.0.1:8080/ping", true)]
    [InlineData("http://hc-ping.com/5f2c1b7e", false)]
    [InlineData("hc-ping.com/5f2c1b7e", false)]
    [InlineData("ftp://example.com/ping", false)]
    public void PingUrl_HttpsOrLoopback(string? url, bool valid)
    {
        var options = new WatchOptions { PingUrl = url };
        var results = new List<ValidationResult>();

        var ok = Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);

        Assert.Equal(valid, ok);
        Assert.Equal(valid ? [] : ["Watch__PingUrl must be an absolute https URL (http only to a loopback address), e.g. https://hc-ping.com/<uuid>."], results.Select(r => r.ErrorMessage));
    }
}
