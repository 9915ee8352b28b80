using System.ComponentModel;
using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;
using OnDuty.Functions;

namespace OnDuty.LocalHost;

/// <summary>
/// The <c>[Function]</c> methods of an assembly, found by reflection and checked against what LocalHost can serve,
/// so an unsupported shape fails at start rather than on the first request.
/// </summary>
public sealed class FunctionCatalog
{
    private static readonly HashSet<Type> SupportedResultTypes = [typeof(IActionResult), typeof(IResult)];

    private FunctionCatalog(IReadOnlyList<FunctionDescriptor> functions)
    {
        Functions = functions;
    }

    public IReadOnlyList<FunctionDescriptor> Functions { get; }

    /// <summary>The functions of OnDuty.Functions, the app both hosts run.</summary>
    public static FunctionCatalog ForOnDutyFunctions() => FromAssembly(typeof(AppServices).Assembly);

    public static FunctionCatalog FromAssembly(Assembly assembly, Func<Type, bool>? typeFilter = null)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        return FromTypes(assembly.GetTypes().Where(t => typeFilter?.Invoke(t) ?? true));
    }

    public static FunctionCatalog FromTypes(IEnumerable<Type> types)
    {
        ArgumentNullException.ThrowIfNull(types);
        var functions = new List<FunctionDescriptor>();
        foreach (var type in types.Where(t => t.IsClass).OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            foreach (var method in type.GetMethods(Declared))
            {
                var function = method.GetCustomAttribute<FunctionAttribute>();
                if (function is not null)
                {
                    functions.Add(Describe(function.Name, method));
                }
            }
        }

        var duplicate = functions.GroupBy(f => f.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException(
                $"Function name '{duplicate.Key}' is used by {string.Join(" and ", duplicate.Select(f => f.EntryPoint))}; function names must be unique.");
        }

        return new FunctionCatalog(functions.OrderBy(f => f.Name, StringComparer.OrdinalIgnoreCase).ToList());
    }

    public FunctionDescriptor? Find(string name) =>
        Functions.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));

    private static FunctionDescriptor Describe(string name, MethodInfo method)
    {
        string Where() => $"Function '{name}' ({method.DeclaringType!.FullName}.{method.Name})";

        if (method.IsAbstract || method.IsGenericMethodDefinition || method.DeclaringType!.IsGenericTypeDefinition || (!method.IsStatic && method.DeclaringType.IsAbstract))
        {
            throw new InvalidOperationException($"{Where()}: LocalHost cannot invoke an abstract or generic method.");
        }

        RejectBindingAttributes(method.GetCustomAttributes(), $"{Where()}, method");
        RejectBindingAttributes(method.ReturnParameter.GetCustomAttributes(), $"{Where()}, return value");

        var parameters = method.GetParameters();
        foreach (var parameter in parameters)
        {
            RejectBindingAttributes(
                parameter.GetCustomAttributes().Where(a => a is not (HttpTriggerAttribute or TimerTriggerAttribute or QueueTriggerAttribute)),
                $"{Where()}, parameter '{parameter.Name}'");
        }

        var http = parameters.Select(p => (Parameter: p, Attribute: p.GetCustomAttribute<HttpTriggerAttribute>())).Where(x => x.Attribute is not null).ToList();
        var timer = parameters.Select(p => (Parameter: p, Attribute: p.GetCustomAttribute<TimerTriggerAttribute>())).Where(x => x.Attribute is not null).ToList();
        var queue = parameters.Select(p => (Parameter: p, Attribute: p.GetCustomAttribute<QueueTriggerAttribute>())).Where(x => x.Attribute is not null).ToList();
        if (http.Count + timer.Count + queue.Count != 1)
        {
            throw new InvalidOperationException(
                $"{Where()}: expected exactly one [HttpTrigger], [TimerTrigger] or [QueueTrigger] parameter, found {http.Count + timer.Count + queue.Count}.");
        }

        return http.Count == 1 ? DescribeHttp(name, method, http[0].Attribute!, Where())
            : timer.Count == 1 ? DescribeTimer(name, method, timer[0].Attribute!, Where())
            : DescribeQueue(name, method, queue[0].Attribute!, Where());
    }

    private static FunctionDescriptor DescribeHttp(string name, MethodInfo method, HttpTriggerAttribute trigger, string where)
    {
        if (trigger.AuthLevel is not (AuthorizationLevel.Anonymous or AuthorizationLevel.Function or AuthorizationLevel.Admin))
        {
            throw new InvalidOperationException($"{where}: authorization level {trigger.AuthLevel} is not supported by LocalHost (use Anonymous, Function or Admin).");
        }

        // The Functions host serves a trigger without a route on its function name.
        var route = string.IsNullOrWhiteSpace(trigger.Route) ? name : trigger.Route.Trim('/');
        RoutePattern pattern;
        try
        {
            pattern = RoutePatternFactory.Parse(route);
        }
        catch (RoutePatternException e)
        {
            throw new InvalidOperationException($"{where}: route '{route}' is not a valid route template: {e.Message}", e);
        }

        var parameters = new List<FunctionParameter>();
        foreach (var parameter in method.GetParameters())
        {
            if (parameter.IsDefined(typeof(HttpTriggerAttribute)))
            {
                if (parameter.ParameterType != typeof(HttpRequest))
                {
                    throw new InvalidOperationException(
                        $"{where}, parameter '{parameter.Name}': the [HttpTrigger] parameter must be Microsoft.AspNetCore.Http.HttpRequest, not {parameter.ParameterType.Name}.");
                }

                parameters.Add(new FunctionParameter(parameter, ParameterSource.HttpRequest));
            }
            else if (parameter.ParameterType == typeof(CancellationToken))
            {
                parameters.Add(new FunctionParameter(parameter, ParameterSource.CancellationToken));
            }
            else if (pattern.GetParameter(parameter.Name!) is not null)
            {
                if (!TypeDescriptor.GetConverter(parameter.ParameterType).CanConvertFrom(typeof(string)))
                {
                    throw new InvalidOperationException(
                        $"{where}, parameter '{parameter.Name}': route values cannot be converted to {parameter.ParameterType.Name}.");
                }

                parameters.Add(new FunctionParameter(parameter, ParameterSource.RouteValue));
            }
            else
            {
                throw Unsupported(where, parameter, $"it is neither the [HttpTrigger] HttpRequest, a CancellationToken, nor a value of route '{route}'");
            }
        }

        return new FunctionDescriptor(name, FunctionTriggerKind.Http, method, parameters, DescribeReturn(method, where, allowResult: true))
        {
            Route = route,
            Methods = trigger.Methods is { Length: > 0 } methods ? methods.Select(m => m.ToUpperInvariant()).ToList() : null,
            AuthLevel = trigger.AuthLevel,
        };
    }

    private static FunctionDescriptor DescribeTimer(string name, MethodInfo method, TimerTriggerAttribute trigger, string where)
    {
        var parameters = new List<FunctionParameter>();
        foreach (var parameter in method.GetParameters())
        {
            if (parameter.IsDefined(typeof(TimerTriggerAttribute)))
            {
                if (parameter.ParameterType != typeof(TimerInfo))
                {
                    throw new InvalidOperationException(
                        $"{where}, parameter '{parameter.Name}': the [TimerTrigger] parameter must be TimerInfo, not {parameter.ParameterType.Name}.");
                }

                parameters.Add(new FunctionParameter(parameter, ParameterSource.TimerInfo));
            }
            else if (parameter.ParameterType == typeof(CancellationToken))
            {
                parameters.Add(new FunctionParameter(parameter, ParameterSource.CancellationToken));
            }
            else
            {
                throw Unsupported(where, parameter, "a timer function takes only its [TimerTrigger] TimerInfo and a CancellationToken");
            }
        }

        return new FunctionDescriptor(name, FunctionTriggerKind.Timer, method, parameters, DescribeReturn(method, where, allowResult: false))
        {
            Schedule = trigger.Schedule,
            RunOnStartup = trigger.RunOnStartup,
        };
    }

    private static FunctionDescriptor DescribeQueue(string name, MethodInfo method, QueueTriggerAttribute trigger, string where)
    {
        var parameters = new List<FunctionParameter>();
        foreach (var parameter in method.GetParameters())
        {
            if (parameter.IsDefined(typeof(QueueTriggerAttribute)))
            {
                if (parameter.ParameterType != typeof(string))
                {
                    throw new InvalidOperationException(
                        $"{where}, parameter '{parameter.Name}': LocalHost binds a [QueueTrigger] parameter as string, not {parameter.ParameterType.Name}.");
                }

                parameters.Add(new FunctionParameter(parameter, ParameterSource.QueueMessage));
            }
            else if (parameter.ParameterType == typeof(CancellationToken))
            {
                parameters.Add(new FunctionParameter(parameter, ParameterSource.CancellationToken));
            }
            else
            {
                throw Unsupported(where, parameter, "a queue function takes only its [QueueTrigger] string and a CancellationToken");
            }
        }

        return new FunctionDescriptor(name, FunctionTriggerKind.Queue, method, parameters, DescribeReturn(method, where, allowResult: false))
        {
            QueueName = trigger.QueueName,
            Connection = string.IsNullOrWhiteSpace(trigger.Connection) ? QueueHostOptions.DefaultConnection : trigger.Connection,
        };
    }

    private static FunctionReturn DescribeReturn(MethodInfo method, string where, bool allowResult)
    {
        var type = method.ReturnType;
        if (type == typeof(void))
        {
            return new FunctionReturn(IsTask: false, TaskResult: null);
        }

        if (type == typeof(Task))
        {
            return new FunctionReturn(IsTask: true, TaskResult: null);
        }

        if (allowResult && IsResultType(type))
        {
            return new FunctionReturn(IsTask: false, TaskResult: null);
        }

        if (allowResult && type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Task<>) && IsResultType(type.GetGenericArguments()[0]))
        {
            return new FunctionReturn(IsTask: true, TaskResult: type.GetProperty(nameof(Task<object>.Result)));
        }

        var allowed = allowResult ? "IActionResult, Task<IActionResult>, IResult, Task<IResult>, Task or void" : "Task or void";
        throw new InvalidOperationException($"{where}: return type {type.Name} is not supported by LocalHost (use {allowed}).");
    }

    private static bool IsResultType(Type type) => SupportedResultTypes.Any(t => t.IsAssignableFrom(type));

    private static void RejectBindingAttributes(IEnumerable<Attribute> attributes, string where)
    {
        var binding = attributes.FirstOrDefault(a => a is BindingAttribute);
        if (binding is not null)
        {
            throw new InvalidOperationException(
                $"{where}: binding [{binding.GetType().Name}] is not supported by LocalHost; only [HttpTrigger], [TimerTrigger] and [QueueTrigger] are.");
        }
    }

    private static InvalidOperationException Unsupported(string where, ParameterInfo parameter, string reason)
    {
        var hint = parameter.ParameterType == typeof(FunctionContext) ? " FunctionContext is not available under LocalHost." : string.Empty;
        return new InvalidOperationException(
            $"{where}, parameter '{parameter.Name}' ({parameter.ParameterType.Name}) is not supported: {reason}.{hint}");
    }
}
