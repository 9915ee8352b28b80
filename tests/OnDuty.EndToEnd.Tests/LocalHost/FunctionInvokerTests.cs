using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OnDuty.EndToEnd.Tests.LocalHost;

/// <summary>
/// What the invoker tells the console: an HTTP request's start and end only at Debug (an alert storm would otherwise print
/// two lines per request and spend more CPU on them than on the alert), a timer run at Information, a failure at Error.
/// </summary>
public sealed class FunctionInvokerTests
{
    [Fact]
    public async Task InvokeAsync_HttpFunctionSucceeds_LogsStartAndEndAtDebugOnly()
    {
        var logs = new RecordingLoggerProvider();
        await using var host = await StartAsync(logs);

        using var response = await host.Client.GetAsync("/api/rotations/r1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var invoker = logs.Records.Where(r => r.Category == "Function.GetRotation" && r.Message.StartsWith("Execut", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, invoker.Count);
        Assert.All(invoker, r => Assert.Equal(LogLevel.Debug, r.Level));
        Assert.Contains(invoker, r => r.Message.StartsWith("Executed 'Functions.GetRotation' (Succeeded", StringComparison.Ordinal));
        // What the function itself logs keeps its own level.
        Assert.Contains(logs.Records, r => r.Level == LogLevel.Information && r.Message == "Reading rotation r1");
    }

    [Fact]
    public async Task InvokeAsync_HttpFunctionThrows_LogsTheFailureAtErrorWithTheException()
    {
        var logs = new RecordingLoggerProvider();
        await using var host = await StartAsync(logs);

        using var response = await host.Client.GetAsync("/api/explode");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var failed = Assert.Single(logs.Records, r => r.Message.Contains("(Failed,", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Error, failed.Level);
        Assert.Equal("Boom from a test function", failed.Exception?.Message);
    }

    [Fact]
    public async Task InvokeAsync_TimerFunction_LogsStartAndEndAtInformation()
    {
        var logs = new RecordingLoggerProvider();
        await using var host = await StartAsync(logs);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/admin/functions/Tick");
        request.Headers.Add("x-functions-key", TestLocalHost.MasterKey);
        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var invoker = logs.Records.Where(r => r.Category == "Function.Tick" && r.Message.StartsWith("Execut", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, invoker.Count);
        Assert.All(invoker, r => Assert.Equal(LogLevel.Information, r.Level));
    }

    private static Task<TestLocalHost> StartAsync(RecordingLoggerProvider logs) => TestLocalHost.StartAsync(
        settings => settings["Logging:LogLevel:Default"] = "Debug",
        services => services.AddSingleton<ILoggerProvider>(logs));

    private sealed record LogRecord(string Category, LogLevel Level, string Message, Exception? Exception);

    private sealed class RecordingLoggerProvider : ILoggerProvider
    {
        private readonly ConcurrentQueue<LogRecord> _records = new();

        public IReadOnlyList<LogRecord> Records => [.. _records];

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _records);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<LogRecord> records) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                records.Enqueue(new LogRecord(category, logLevel, formatter(state, exception), exception));
        }
    }
}
