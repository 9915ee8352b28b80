using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace OnDuty.EndToEnd.Tests.LocalHost;

public sealed class AdminEndpointsTests
{
    [Fact]
    public async Task RunFunction_TimerFunction_RunsItBeforeAnswering202()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero));
        await using var host = await TestLocalHost.StartAsync(configureServices: services => services.AddSingleton<TimeProvider>(clock));

        using var response = await host.Client.SendAsync(AdminRequest("Tick", TestLocalHost.MasterKey, """{"input":"ignored"}"""));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var run = Assert.Single(host.Recorder.Runs);
        Assert.Equal("Tick", run.Function);
        Assert.False(run.Timer!.IsPastDue);
        Assert.Equal(new DateTime(2026, 3, 3, 3, 0, 0, DateTimeKind.Utc), run.Timer.ScheduleStatus!.Next);
    }

    [Fact]
    public async Task RunFunction_NoBody_RunsTheFunction()
    {
        await using var host = await TestLocalHost.StartAsync();

        using var response = await host.Client.SendAsync(AdminRequest("tick", TestLocalHost.MasterKey, body: null));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(1, host.Recorder.CountOf("Tick"));
    }

    [Fact]
    public async Task RunFunction_FunctionThrows_Answers500ProblemWithTheError()
    {
        await using var host = await TestLocalHost.StartAsync();

        using var response = await host.Client.SendAsync(AdminRequest("FailingTimer", TestLocalHost.MasterKey, "{}"));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Timer boom", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("Tick", null, HttpStatusCode.Unauthorized)]
    [InlineData("Tick", TestLocalHost.FunctionKey, HttpStatusCode.Unauthorized)]
    [InlineData("NoSuchFunction", TestLocalHost.MasterKey, HttpStatusCode.NotFound)]
    [InlineData("GetRotation", TestLocalHost.MasterKey, HttpStatusCode.BadRequest)]
    public async Task RunFunction_NotRunnable_AnswersProblemAndRunsNothing(string function, string? key, HttpStatusCode expected)
    {
        await using var host = await TestLocalHost.StartAsync();

        using var response = await host.Client.SendAsync(AdminRequest(function, key, body: null));

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(host.Recorder.Runs);
    }

    [Fact]
    public async Task RunFunction_BodyNotJson_Answers400()
    {
        await using var host = await TestLocalHost.StartAsync();

        using var response = await host.Client.SendAsync(AdminRequest("Tick", TestLocalHost.MasterKey, "not json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(host.Recorder.Runs);
    }

    private static HttpRequestMessage AdminRequest(string function, string? key, string? body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/admin/functions/{function}");
        if (key is not null)
        {
            request.Headers.Add("x-functions-key", key);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        return request;
    }
}
