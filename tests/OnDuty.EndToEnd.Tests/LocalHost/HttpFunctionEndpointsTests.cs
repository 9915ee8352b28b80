using System.Net;
using System.Net.Http.Json;
using OnDuty.LocalHost.TestFunctions;

namespace OnDuty.EndToEnd.Tests.LocalHost;

public sealed class HttpFunctionEndpointsTests(TestLocalHostFixture fixture) : IClassFixture<TestLocalHostFixture>
{
    private HttpClient Client => fixture.Host.Client;

    [Fact]
    public async Task Request_LiteralSegmentAndParameterBothMatch_LiteralRouteWins()
    {
        var echo = await Client.GetFromJsonAsync<Echo>("/api/rotations/import");

        Assert.Equal(new Echo("ImportRotations", "GET"), echo);
    }

    [Fact]
    public async Task Request_RouteParameter_BindsToMethodParameterByName()
    {
        var echo = await Client.GetFromJsonAsync<Echo>("/api/rotations/weekly-pm%20duty");

        Assert.Equal(new Echo("GetRotation", "weekly-pm duty"), echo);
    }

    [Fact]
    public async Task Request_IntConstraint_ConvertsValueAndPassesCancellationToken()
    {
        var echo = await Client.GetFromJsonAsync<Echo>("/api/rotations/41/schedule");

        Assert.Equal(new Echo("GetRotationSchedule", "42:True"), echo);
    }

    [Fact]
    public async Task Request_ValueViolatingConstraint_IsNotFound()
    {
        using var response = await Client.GetAsync("/api/rotations/abc/schedule");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Request_GuidRouteValue_BindsAsGuid()
    {
        var id = Guid.NewGuid();

        var echo = await Client.GetFromJsonAsync<Echo>($"/api/alert-items/{id}");

        Assert.Equal(new Echo("GetAlert", id.ToString("N")), echo);
    }

    [Theory]
    [InlineData("/api/alerts/grafana", "grafana")]
    [InlineData("/api/alerts", null)]
    public async Task Request_OptionalRouteParameter_BindsValueOrNull(string path, string? expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        request.Headers.Add("x-functions-key", TestLocalHost.FunctionKey);

        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new Echo("ReceiveAlert", expected), await response.Content.ReadFromJsonAsync<Echo>());
    }

    [Fact]
    public async Task Request_MethodNotInAttribute_IsMethodNotAllowed()
    {
        using var response = await Client.DeleteAsync("/api/rotations/r1");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Theory]
    [InlineData("/api/unknown")]
    [InlineData("/rotations/r1")]
    public async Task Request_NoFunctionOnPath_IsNotFound(string path)
    {
        using var response = await Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("PUT", "/api/Ping")]
    [InlineData("PATCH", "/api/ping")]
    public async Task Request_TriggerWithoutRouteOrMethods_ServedOnFunctionNameForAnyMethod(string method, string path)
    {
        using var response = await Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(method, response.Headers.GetValues("x-ping").Single());
    }

    [Fact]
    public async Task Request_FunctionThrows_Answers500ProblemWithTheError()
    {
        using var response = await Client.GetAsync("/api/explode");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        // The function's own exception, not reflection's TargetInvocationException around it.
        Assert.Contains("threw InvalidOperationException: Boom from a test function", await response.Content.ReadAsStringAsync());
    }
}
