using System.Diagnostics;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OnDuty.LocalHost;

/// <summary>
/// Creates the function class from the caller's DI scope and runs the method; the one invocation path for
/// HTTP requests, timer ticks and the admin endpoint.
/// </summary>
internal sealed class FunctionInvoker(ILoggerFactory loggerFactory)
{
    /// <returns>What the method produced once awaited: an IActionResult, an IResult or null.</returns>
    public async Task<object?> InvokeAsync(FunctionDescriptor function, IServiceProvider scopedServices, object?[] arguments, string reason)
    {
        // The same category the Functions host uses, so log filters written for Azure work here too.
        var logger = loggerFactory.CreateLogger($"Function.{function.Name}");
        var invocationId = Guid.NewGuid();
        logger.LogInformation("Executing 'Functions.{FunctionName}' (Reason='{Reason}', Id={InvocationId})", function.Name, reason, invocationId);
        var started = Stopwatch.GetTimestamp();
        object? instance = null;
        try
        {
            instance = function.Method.IsStatic ? null : ActivatorUtilities.CreateInstance(scopedServices, function.Method.DeclaringType!);
            var returned = function.Method.Invoke(instance, BindingFlags.DoNotWrapExceptions, binder: null, arguments, culture: null);
            if (function.Returns.IsTask)
            {
                var task = (Task?)returned ?? throw new InvalidOperationException($"Function '{function.Name}' returned a null Task.");
                await task;
                returned = function.Returns.TaskResult?.GetValue(task);
            }

            logger.LogInformation(
                "Executed 'Functions.{FunctionName}' (Succeeded, Id={InvocationId}, Duration={DurationMs}ms)",
                function.Name, invocationId, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return returned;
        }
        catch (Exception e)
        {
            logger.LogError(
                e, "Executed 'Functions.{FunctionName}' (Failed, Id={InvocationId}, Duration={DurationMs}ms)",
                function.Name, invocationId, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
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
}
