using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using OnDuty.EndToEnd.Tests.LocalHost;
using OnDuty.LocalHost;

namespace OnDuty.EndToEnd.Tests.Incidents;

/// <summary>
/// The incident API with storage down (the host's storage is a closed loopback port, as in <see cref="AlertAuthTests"/>):
/// every route answers 503 problem+json with Retry-After so the caller retries, never a 500.
/// </summary>
public sealed class IncidentStorageDownTests : IAsyncLifetime
{
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _app = LocalHostApp.Build(TestLocalHost.Args(), settings: TestLocalHost.Settings());
        await _app.StartAsync();
        _client = new HttpClient { BaseAddress = new Uri(_app.Urls.Single()), Timeout = TimeSpan.FromSeconds(60) };
        _client.DefaultRequestHeaders.Add("x-functions-key", TestLocalHost.MasterKey);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public static TheoryData<string, string, object?> Requests => new()
    {
        { "POST", "/api/incidents", new { title = "Checkout down", severity = "sev1" } },
        { "GET", "/api/incidents?status=open", null },
        { "GET", "/api/incidents", null },
        { "GET", "/api/incidents/INC-2026-0001", null },
        { "POST", "/api/incidents/INC-2026-0001/updates", new { status = "identified", message = "x" } },
        { "POST", "/api/incidents/INC-2026-0001/ack", new { memberId = "sato" } },
        { "POST", "/api/incidents/INC-2026-0001/merge", new { into = "INC-2026-0002", by = "sato" } },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task IncidentApi_StorageDown_Is503ProblemWithRetryAfter(string method, string path, object? body)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        using var response = await _client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{method} {path}: {(int)response.StatusCode} {text}");
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(503, JsonDocument.Parse(text).RootElement.GetProperty("status").GetInt32());
    }
}
