using System.Net.Http.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnDuty.Core.Health;

namespace OnDuty.Infrastructure.Http;

/// <summary>
/// POSTs <c>{"app":"OnDuty","at":…}</c> to <c>Watch__PingUrl</c> with a 10-second limit. A failure is logged as a warning and
/// never fails the run that pings: the watcher's own timeout is what raises the alarm.
/// </summary>
public sealed class HttpWatchPing(HttpClient http, IOptions<WatchOptions> options, TimeProvider time, ILogger<HttpWatchPing> logger) : IWatchPing
{
    public async Task PingAsync(CancellationToken cancellationToken)
    {
        var url = options.Value.PingUrl?.Trim();
        if (string.IsNullOrEmpty(url))
        {
            return;
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            using var response = await http.PostAsJsonAsync(url, new { app = "OnDuty", at = time.GetUtcNow() }, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                logger.LogWarning("The watch ping (Watch__PingUrl) was answered {Status}; the watcher will take OnDuty for stopped if this goes on", (int)response.StatusCode);
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("The watch ping (Watch__PingUrl) failed ({Reason}); the watcher will take OnDuty for stopped if this goes on", ex.GetType().Name);
        }
    }
}
