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
/// answers 202 like the real one, or with scripted failures (e.g. 429 + Retry-After, 500), or not at all (a stall: the
/// request is accepted and hangs until the client aborts it).
/// </summary>
/// <remarks>
/// Mentions are judged as Teams documents them ("Format cards in Teams", mention support within Adaptive Cards):
/// a <c>msteams.entities</c> mention reaches someone only when <c>mentioned.id</c> is their Microsoft Entra object id or
/// user principal name and its <c>text</c> (<c>&lt;at&gt;…&lt;/at&gt;</c>) appears in the card's text. A mail address that
/// is not the UPN reaches nobody, and Teams still answers 202. Teams looks for the <c>&lt;at&gt;</c> text only in TextBlock
/// and FactSet elements (a RichTextBlock's TextRuns are shown as typed), so a mention elsewhere reaches nobody either.
/// <see cref="Mentions"/> records each with that verdict; the tenant's UPNs are <see cref="KnownUsers"/> (object ids, GUIDs,
/// always count).
/// </remarks>
public sealed class LoopbackWebhook : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ScriptedResponse> _script = new();
    private readonly List<(Func<string, bool> Matches, ScriptedResponse Response)> _scriptWhen = [];
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly ConcurrentQueue<string> _stalled = new();
    private readonly ConcurrentQueue<string> _abandoned = new();

    private LoopbackWebhook(WebApplication app)
    {
        _app = app;
    }

    public string Url { get; private set; } = "";

    public IReadOnlyList<RecordedRequest> Requests => _requests.ToArray();

    /// <summary>Bodies of requests answered with a stall (<see cref="ScriptedResponse.Stall"/>): never delivered.</summary>
    public IReadOnlyList<string> Stalled => _stalled.ToArray();

    /// <summary>Bodies of stalled requests the client gave up on.</summary>
    public IReadOnlyList<string> Abandoned => _abandoned.ToArray();

    /// <summary>Requests answered (delivered or refused), stalled ones left out, whose body matches.</summary>
    public int Answered(Func<string, bool> matches) =>
        Requests.Count(r => matches(r.Body)) - Stalled.Count(matches);

    /// <summary>UPNs of the fake tenant's users; a mention by any other non-GUID id is not delivered.</summary>
    public ISet<string> KnownUsers { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Every mention entity of every card received, with whether Teams would deliver it.</summary>
    public IReadOnlyList<TeamsMention> Mentions => _requests.SelectMany(r => ReadMentions(r.Body)).ToList();

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
            var script = webhook.TakeScriptFor(body);
            if (script is { Stall: true })
            {
                // Accepted and never answered, as a flow in a brownout: the request stays in flight until the client aborts it.
                webhook._stalled.Enqueue(body);
                try
                {
                    await Task.Delay(Timeout.Infinite, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    webhook._abandoned.Enqueue(body);
                }

                return;
            }

            if (script is { } scripted)
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

    private List<TeamsMention> ReadMentions(string body)
    {
        var found = new List<TeamsMention>();
        try
        {
            var root = System.Text.Json.Nodes.JsonNode.Parse(body);
            foreach (var attachment in root?["attachments"] as System.Text.Json.Nodes.JsonArray ?? [])
            {
                var card = attachment?["content"];
                IReadOnlyList<string> markdown = card is null ? [] : CardTexts.Markdown(card.ToJsonString());
                foreach (var entity in card?["msteams"]?["entities"] as System.Text.Json.Nodes.JsonArray ?? [])
                {
                    var id = entity?["mentioned"]?["id"]?.GetValue<string>() ?? "";
                    var tag = entity?["text"]?.GetValue<string>() ?? "";
                    var shown = tag.Length > 0 && markdown.Any(t => t.Contains(tag, StringComparison.Ordinal));
                    found.Add(new TeamsMention(id, tag, shown && (Guid.TryParse(id, out _) || KnownUsers.Contains(id))));
                }
            }
        }
        catch (System.Text.Json.JsonException)
        {
            // Not a card: nothing is mentioned.
        }

        return found;
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

/// <summary>A mention in a card: the id it names, its <c>&lt;at&gt;</c> text, and whether Teams would notify anyone.</summary>
public sealed record TeamsMention(string Id, string Text, bool Delivered);

/// <summary>A scripted answer; with <paramref name="Stall"/> the webhook answers nothing at all until the client gives up.</summary>
public sealed record ScriptedResponse(int Status, int? RetryAfterSeconds = null, string? Body = null, bool Stall = false);

public sealed record RecordedRequest(string? ContentType, string Body, IReadOnlyDictionary<string, string> Headers);
