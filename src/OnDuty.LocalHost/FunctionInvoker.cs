using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OnDuty.LocalHost;

/// <summary>
/// Creates the function class from the caller's DI scope and runs the method; the one invocation path for
/// HTTP requests, timer ticks and the admin endpoint.
/// </summary>
/// <remarks>
/// An HTTP invocation logs its start and end at Debug, timer and queue runs at Information, a failure always at Error:
/// during an alert storm two console lines per request cost more CPU than parsing the alert, and say nothing a
/// person reads at hundreds a second (the functions log what they changed: an incident opened, resolved…).
/// </remarks>
internal sealed partial class FunctionInvoker(ILoggerFactory loggerFactory)
{
    private readonly ConcurrentDictionary<FunctionDescriptor, Invocation> _invocations = new();

    /// <returns>What the method produced once awaited: an IActionResult, an IResult or null.</returns>
    public async Task<object?> InvokeAsync(FunctionDescriptor function, IServiceProvider scopedServices, object?[] arguments, string reason)
    {
        var invocation = _invocations.GetOrAdd(function, static (f, factory) => Invocation.Prepare(f, factory), loggerFactory);
        var logger = invocation.Logger;
        var level = function.Trigger == FunctionTriggerKind.Http ? LogLevel.Debug : LogLevel.Information;
        var invocationId = Guid.NewGuid();
        Executing(logger, level, function.Name, reason, invocationId);
        var started = Stopwatch.GetTimestamp();
        object? instance = null;
        try
        {
            instance = invocation.Create?.Invoke(scopedServices, null);
            var returned = invocation.Method.Invoke(instance, arguments.AsSpan());
            if (function.Returns.IsTask)
            {
                var task = (Task?)returned ?? throw new InvalidOperationException($"Function '{function.Name}' returned a null Task.");
                await task;
                returned = task switch
                {
                    Task<IActionResult> actionResult => actionResult.Result,
                    Task<IResult> result => result.Result,
                    _ => function.Returns.TaskResult?.GetValue(task),
                };
            }

            Succeeded(logger, level, function.Name, invocationId, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return returned;
        }
        catch (Exception e)
        {
            Failed(logger, e, function.Name, invocationId, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            throw;
        }
        finally
        {
            switch (instance)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync();
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }
    }

    // The Functions host's wording and category ("Function.{name}"), so log filters written for Azure work here too.
    [LoggerMessage(Message = "Executing 'Functions.{FunctionName}' (Reason='{Reason}', Id={InvocationId})")]
    private static partial void Executing(ILogger logger, LogLevel level, string functionName, string reason, Guid invocationId);

    [LoggerMessage(Message = "Executed 'Functions.{FunctionName}' (Succeeded, Id={InvocationId}, Duration={DurationMs}ms)")]
    private static partial void Succeeded(ILogger logger, LogLevel level, string functionName, Guid invocationId, long durationMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Executed 'Functions.{FunctionName}' (Failed, Id={InvocationId}, Duration={DurationMs}ms)")]
    private static partial void Failed(ILogger logger, Exception exception, string functionName, Guid invocationId, long durationMs);

    /// <summary>
    /// What every invocation of one function reuses: its logger, a constructor call bound once (instead of looking the
    /// constructor up per request) and a method invoker that passes exceptions through unwrapped.
    /// </summary>
    private sealed record Invocation(ILogger Logger, ObjectFactory? Create, MethodInvoker Method)
    {
        public static Invocation Prepare(FunctionDescriptor function, ILoggerFactory loggerFactory) => new(
            loggerFactory.CreateLogger($"Function.{function.Name}"),
            function.Method.IsStatic ? null : ActivatorUtilities.CreateFactory(function.Method.DeclaringType!, Type.EmptyTypes),
            MethodInvoker.Create(function.Method));
    }
}
