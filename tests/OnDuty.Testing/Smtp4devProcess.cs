using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Serialization;

namespace OnDuty.Testing;

/// <summary>
/// A real SMTP server for tests: smtp4dev (pinned in .config/dotnet-tools.json) on free loopback ports,
/// in memory, IMAP and POP3 off. Messages are read back through its web API.
/// </summary>
public sealed class Smtp4devProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly HttpClient _http;

    private int _clears;

    private Smtp4devProcess(Process process, int smtpPort, int webPort)
    {
        _process = process;
        SmtpPort = smtpPort;
        WebPort = webPort;
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{webPort}/") };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
    }

    public int SmtpPort { get; }

    public int WebPort { get; }

    public static async Task<Smtp4devProcess> StartAsync()
    {
        // Its ports are free when picked; another process starting in parallel (an app, another smtp4dev) can take one before
        // smtp4dev binds it, and smtp4dev then exits. It starts again on others.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnceAsync();
            }
            catch (InvalidOperationException ex) when (attempt < 3 && ex.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
            }
        }
    }

    private static async Task<Smtp4devProcess> StartOnceAsync()
    {
        var root = RepoRoot.Find();
        var smtpPort = FreePort.Pick();
        var webPort = FreePort.Pick();
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     "tool", "run", "smtp4dev", "--", $"--urls=http://127.0.0.1:{webPort}", "--hostname=localhost",
                     $"--smtpport={smtpPort}", "--bindaddress=127.0.0.1", "--allowremoteconnections-",
                     "--imapport=", "--pop3port=", "--db=", "--nousersettings",
                     // A shared fixture's inbox outgrows smtp4dev's default of 100 messages; dropped mail would look like mail never sent.
                     "--messagestokeep=100000",
                 })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start smtp4dev");
        var server = new Smtp4devProcess(process, smtpPort, webPort);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            // Generous: on a loaded machine (several builds and test runs at once) smtp4dev can take minutes to start.
            await server.WaitUntilReadyAsync(TimeSpan.FromSeconds(240));
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>Every message received so far (all pages).</summary>
    public async Task<IReadOnlyList<ReceivedEmail>> MessagesAsync()
    {
        var page = await _http.GetFromJsonAsync<MessagePage>("api/messages?pageSize=1000") ?? new MessagePage();
        return page.Results;
    }

    /// <summary>The messages received so far whose subject names <paramref name="text"/> (an incident id, say).</summary>
    public async Task<List<ReceivedEmail>> AboutAsync(string text) =>
        [.. (await MessagesAsync()).Where(m => m.Subject.Contains(text, StringComparison.Ordinal))];

    /// <summary>
    /// Waits up to ten seconds for at least <paramref name="count"/> messages about <paramref name="text"/> (see
    /// <see cref="AboutAsync"/>) and returns those there are then, fewer if they did not come: the caller asserts.
    /// </summary>
    public async Task<List<ReceivedEmail>> WaitForAboutAsync(string text, int count = 1)
    {
        for (var i = 0; i < 100; i++)
        {
            if (await AboutAsync(text) is { } mails && mails.Count >= count)
            {
                return mails;
            }

            await Task.Delay(100);
        }

        return await AboutAsync(text);
    }

    /// <summary>The raw RFC 822 source of one message.</summary>
    public Task<string> SourceAsync(string id) => _http.GetStringAsync($"api/messages/{id}/source");

    /// <summary>The plain-text body of one message as smtp4dev extracts it (decoded).</summary>
    public Task<string> TextAsync(string id) => _http.GetStringAsync($"api/messages/{id}/plaintext");

    /// <summary>The HTML body of one message as smtp4dev extracts it.</summary>
    public Task<string> HtmlAsync(string id) => _http.GetStringAsync($"api/messages/{id}/html");

    /// <summary>
    /// Waits until at least <paramref name="count"/> messages have arrived and returns them; throws when they do not come.
    /// It does not wait for extras: an exact count or an absence needs <see cref="Settle"/> first.
    /// </summary>
    public async Task<IReadOnlyList<ReceivedEmail>> WaitForAtLeastAsync(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var messages = await MessagesAsync();
            if (messages.Count >= count)
            {
                return messages;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{messages.Count} of {count} messages arrived within {timeout}.");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>How many times <see cref="DeleteAllAsync"/> emptied the inbox: a count of messages taken before one is no base after it.</summary>
    public int Clears => Volatile.Read(ref _clears);

    public async Task DeleteAllAsync()
    {
        Interlocked.Increment(ref _clears);
        using var response = await _http.DeleteAsync("api/messages/*");
        response.EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"smtp4dev exited with {_process.ExitCode}. Run 'dotnet tool restore'. Output:\n{Output}");
            }

            if (await FreePort.IsListeningAsync(SmtpPort))
            {
                try
                {
                    using var response = await _http.GetAsync("api/messages");
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        return;
                    }
                }
                catch (HttpRequestException)
                {
                    // Web API not up yet.
                }
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"smtp4dev did not start within {timeout}. Output:\n{Output}");
    }

    private string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            if (_output.Length < 64_000)
            {
                _output.AppendLine(line);
            }
        }
    }

    private sealed class MessagePage
    {
        [JsonPropertyName("results")]
        public List<ReceivedEmail> Results { get; set; } = [];
    }
}

/// <summary>A message as smtp4dev lists it.</summary>
public sealed class ReceivedEmail
{
    [JsonPropertyName("id")]
    public string Id { get; set; } = "";

    [JsonPropertyName("from")]
    public string From { get; set; } = "";

    [JsonPropertyName("to")]
    public List<string> To { get; set; } = [];

    [JsonPropertyName("subject")]
    public string Subject { get; set; } = "";
}
