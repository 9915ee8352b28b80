using System.Net;
using System.Text.Json;

namespace OnDuty.EndToEnd.Tests.LocalHost;

public sealed class FunctionKeyAuthorizationTests(TestLocalHostFixture fixture) : IClassFixture<TestLocalHostFixture>
{
    public enum KeyIn
    {
        None,
        Header,
        Query,
    }

    [Theory]
    // Anonymous: no key needed, a wrong one does no harm.
    [InlineData("GET", "/api/rotations/r1", KeyIn.None, null, HttpStatusCode.OK)]
    [InlineData("GET", "/api/rotations/r1", KeyIn.Header, "wrong", HttpStatusCode.OK)]
    // Function: a function key or the master key.
    [InlineData("POST", "/api/alerts/grafana", KeyIn.None, null, HttpStatusCode.Unauthorized)]
    [InlineData("POST", "/api/alerts/grafana", KeyIn.Header, "wrong", HttpStatusCode.Unauthorized)]
    [InlineData("POST", "/api/alerts/grafana", KeyIn.Query, "wrong", HttpStatusCode.Unauthorized)]
    [InlineData("POST", "/api/alerts/grafana", KeyIn.Header, TestLocalHost.FunctionKey, HttpStatusCode.OK)]
    [InlineData("POST", "/api/alerts/grafana", KeyIn.Query, TestLocalHost.FunctionKey, HttpStatusCode.OK)]
    [InlineData("POST", "/api/alerts/grafana", KeyIn.Header, TestLocalHost.MasterKey, HttpStatusCode.OK)]
    [InlineData("POST", "/api/alerts/grafana", KeyIn.Query, TestLocalHost.MasterKey, HttpStatusCode.OK)]
    [InlineData("POST", "/api/alerts/grafana", KeyIn.Header, TestLocalHost.FunctionKey + "x", HttpStatusCode.Unauthorized)]
    // Admin: the master key only.
    [InlineData("DELETE", "/api/alerts", KeyIn.None, null, HttpStatusCode.Unauthorized)]
    [InlineData("DELETE", "/api/alerts", KeyIn.Header, TestLocalHost.FunctionKey, HttpStatusCode.Unauthorized)]
    [InlineData("DELETE", "/api/alerts", KeyIn.Query, TestLocalHost.FunctionKey, HttpStatusCode.Unauthorized)]
    [InlineData("DELETE", "/api/alerts", KeyIn.Header, TestLocalHost.MasterKey, HttpStatusCode.NoContent)]
    [InlineData("DELETE", "/api/alerts", KeyIn.Query, TestLocalHost.MasterKey, HttpStatusCode.NoContent)]
    public async Task Request_KeyForLevel_AuthorizedAsInAzure(string method, string path, KeyIn keyIn, string? key, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), keyIn == KeyIn.Query ? $"{path}?code={Uri.EscapeDataString(key!)}" : path);
        if (keyIn == KeyIn.Header)
        {
            request.Headers.Add("x-functions-key", key);
        }

        using var response = await fixture.Host.Client.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task Request_MissingKey_Answers401ProblemDetails()
    {
        using var response = await fixture.Host.Client.PostAsync("/api/alerts/grafana", content: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(401, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Equal("Unauthorized", problem.RootElement.GetProperty("title").GetString());
        Assert.False(string.IsNullOrEmpty(problem.RootElement.GetProperty("type").GetString()));
        Assert.Contains("x-functions-key", problem.RootElement.GetProperty("detail").GetString());
    }
}
