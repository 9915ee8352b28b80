using Microsoft.Extensions.Logging;
using OnDuty.Core.Common;

namespace OnDuty.Core.Tests.Common;

public sealed class LogScopesTests
{
    [Fact]
    public void BeginIncidentAndRotationScope_PutTheIdsOnRecordsWrittenInside()
    {
        using var provider = new ScopeCapturingProvider();
        var logger = provider.CreateLogger("test");

        using (logger.BeginRotationScope("incident-duty"))
        using (logger.BeginIncidentScope("INC-2026-0001"))
        {
            logger.LogInformation("inside");
        }

        logger.LogInformation("outside");

        Assert.Equal(
            new Dictionary<string, object?> { ["RotationId"] = "incident-duty", ["IncidentId"] = "INC-2026-0001" },
            provider.Records["inside"]);
        Assert.Empty(provider.Records["outside"]);
    }

    /// <summary>Collects, per message, the key/value pairs of the scopes it was written in (as OpenTelemetry's IncludeScopes does).</summary>
    private sealed class ScopeCapturingProvider : ILoggerProvider
    {
        private readonly LoggerExternalScopeProvider _scopes = new();

        public Dictionary<string, Dictionary<string, object?>> Records { get; } = [];

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void Dispose()
        {
        }

        private sealed class Logger(ScopeCapturingProvider owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => owner._scopes.Push(state);

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var values = new Dictionary<string, object?>();
                owner._scopes.ForEachScope(
                    (scope, into) =>
                    {
                        if (scope is IEnumerable<KeyValuePair<string, object>> pairs)
                        {
                            foreach (var (key, value) in pairs)
                            {
                                into[key] = value;
                            }
                        }
                    },
                    values);
                owner.Records[formatter(state, exception)] = values;
            }
        }
    }
}
