using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OnDuty.Testing;

/// <summary>
/// A loopback HTTP endpoint standing in for a Teams Workflows webhook: records every request and
/// answers 202 like the real one, or with scripted failures (e.g. 429 + Retry-After, 500).
/// </summary>
public sealed class LoopbackWebhook : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ScriptedResponse> _script = new();
    private readonly List<(Func<string, bool> Matches, ScriptedResponse Response)> _scriptWhen = [];
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    private LoopbackWebhook(WebApplication app)
    {
        _app = app;
    }

    public string Url { get; private set; } = "";

    public IReadOnlyList<RecordedRequest> Requests => _requests.ToArray();

    public static async Task<LoopbackWebhook> StartAsync(string path = "/workflows/teams-webhook")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var webhook = new LoopbackWebhook(app);
        app.MapPost(path, async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            webhook._requests.Enqueue(new RecordedRequest(context.Request.ContentType, body, context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString())));
            if (webhook.TakeScriptFor(body) is { } scripted)
            {
                if (scripted.RetryAfterSeconds is { } seconds)
                {
                    context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                context.Response.StatusCode = scripted.Status;
                await context.Response.WriteAsync(scripted.Body ?? "");
                return;
            }

            context.Response.StatusCode = StatusCodes.Status202Accepted;
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        webhook.Url = address.TrimEnd('/') + path;
        return webhook;
    }

    /// <summary>The next requests get these answers, in order; after that, 202.</summary>
    public void Script(params ScriptedResponse[] responses)
    {
        foreach (var response in responses)
        {
            _script.Enqueue(response);
        }
    }

    /// <summary>The next request whose body <paramref name="matches"/> gets <paramref name="response"/> (once), whatever else is posted first.</summary>
    public void ScriptWhen(Func<string, bool> matches, ScriptedResponse response)
    {
        lock (_scriptWhen)
        {
            _scriptWhen.Add((matches, response));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private ScriptedResponse? TakeScriptFor(string body)
    {
        lock (_scriptWhen)
        {
            var index = _scriptWhen.FindIndex(s => s.Matches(body));
            if (index >= 0)
            {
                var response = _scriptWhen[index].Response;
                _scriptWhen.RemoveAt(index);
                return response;
            }
        }

        return _script.TryDequeue(out var scripted) ? scripted : null;
    }
}

public sealed record ScriptedResponse(int Status, int? RetryAfterSeconds = null, string? Body = null);

public sealed record RecordedRequest(string? ContentType, string Body, IReadOnlyDictionary<string, string> Headers);
