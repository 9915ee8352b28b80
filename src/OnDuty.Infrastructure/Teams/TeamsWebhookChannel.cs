using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnDuty.Core.Notifications;
using OnDuty.Infrastructure.Http;

namespace OnDuty.Infrastructure.Teams;

/// <summary>
/// Posts Adaptive Cards to a Teams channel through a Workflows webhook ("post to a channel when a webhook
/// request is received"). The webhook answers 202 with no message id, so every post is a new card. A webhook that hangs or keeps
/// failing opens the channel's circuit (<see cref="TeamsWebhookCircuit"/>): cards are then left queued at once for a while, instead
/// of each waiting 30 s behind the one before.
/// </summary>
public sealed class TeamsWebhookChannel(HttpClient http, IOptions<TeamsOptions> options, TimeProvider time, TeamsWebhookCircuit circuit, ILogger<TeamsWebhookChannel> logger) : ITeamsChannel
{
    // Teams throttles per channel; posts from this process are spaced in real (not injected) time.
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static long _lastPostTimestamp;
    private readonly TeamsOptions _options = options.Value;

    public bool Enabled => _options.Enabled;

    public async Task<SendResult> PostCardAsync(string cardJson, CancellationToken cancellationToken)
    {
        var payload = new JsonObject
        {
            ["type"] = "message",
            ["attachments"] = new JsonArray
            {
                new JsonObject
                {
                    ["contentType"] = "application/vnd.microsoft.card.adaptive",
                    ["contentUrl"] = null,
                    ["content"] = JsonNode.Parse(cardJson),
                },
            },
        };

        if (circuit.Refusal("Teams webhook") is { } skipped)
        {
            return skipped;
        }

        await Gate.WaitAsync(cancellationToken);
        try
        {
            if (circuit.Refusal("Teams webhook") is { } opened)
            {
                return opened; // waited behind the posts that opened it
            }

            var wait = _options.MinInterval - Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastPostTimestamp));
            if (_lastPostTimestamp != 0 && wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken);
            }

            using var content = new StringContent(payload.ToJsonString(), Encoding.UTF8, "application/json");
            using var response = await http.PostAsync(_options.WebhookUrl, content, cancellationToken);
            Interlocked.Exchange(ref _lastPostTimestamp, Stopwatch.GetTimestamp());
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                circuit.Answered();
                return new SendResult.Delivered();
            }

            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            var error = $"Teams webhook answered {status} {response.ReasonPhrase}: {Truncate(body)}";
            if (status >= 500)
            {
                Failed(error);
            }
            else
            {
                circuit.Answered();
            }

            if (status is 401 or 403 or 404 or 410)
            {
                // OnDuty's setting, not this card: the cards stay queued (pages retried until Outbox__PageGiveUpAfter) and go out
                // once the URL is replaced, instead of each being given up at once.
                return TeamsWorkflowGone.Of(error);
            }

            return RetryAfterHeader.IsTransientStatus(status)
                ? new SendResult.Transient(error, RetryAfterHeader.Read(name => response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null, time))
                : new SendResult.Permanent(error);
        }
        catch (HttpRequestException ex)
        {
            return Failed($"Teams webhook unreachable: {ex.Message}");
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            return Failed($"Teams webhook timed out: {ex.Message}");
        }
        finally
        {
            Gate.Release();
        }
    }

    private SendResult.Transient Failed(string error)
    {
        if (circuit.Failed(error))
        {
            logger.LogWarning("Teams webhook failed {Failures} times in a row (last: {Error}); cards stay queued and are not tried for {CoolDown}",
                CircuitBreaker.Threshold, error, CircuitBreaker.CoolDown);
        }

        return new SendResult.Transient(error);
    }

    private static string Truncate(string value) => value.Length <= 300 ? value : value[..300] + "…";
}
