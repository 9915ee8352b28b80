using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace OnDuty.LocalHost;

/// <summary>
/// One discovered <c>[Function]</c> method, described the way <c>functions.metadata</c> describes it.
/// </summary>
public sealed class FunctionDescriptor
{
    internal FunctionDescriptor(
        string name,
        FunctionTriggerKind trigger,
        MethodInfo method,
        IReadOnlyList<FunctionParameter> parameters,
        FunctionReturn returns)
    {
        Name = name;
        Trigger = trigger;
        Method = method;
        Parameters = parameters;
        Returns = returns;
    }

    public string Name { get; }

    public FunctionTriggerKind Trigger { get; }

    /// <summary>Full type name and method name, as in the metadata's <c>entryPoint</c>.</summary>
    public string EntryPoint => $"{Method.DeclaringType!.FullName!.Replace('+', '.')}.{Method.Name}";

    /// <summary>Route template relative to <c>/api/</c>; the function name when the attribute gives none.</summary>
    public string? Route { get; init; }

    /// <summary>Upper-case HTTP methods, or null when every method is accepted.</summary>
    public IReadOnlyList<string>? Methods { get; init; }

    public AuthorizationLevel? AuthLevel { get; init; }

    /// <summary>The schedule as written in the attribute, <c>%Setting%</c> names unresolved.</summary>
    public string? Schedule { get; init; }

    public bool RunOnStartup { get; init; }

    /// <summary>The queue a queue trigger reads, as written in the attribute (<c>%Setting%</c> names unresolved).</summary>
    public string? QueueName { get; init; }

    /// <summary>The setting naming the queue's storage connection; <c>AzureWebJobsStorage</c> when the attribute gives none.</summary>
    public string? Connection { get; init; }

    internal MethodInfo Method { get; }

    internal IReadOnlyList<FunctionParameter> Parameters { get; }

    internal FunctionReturn Returns { get; }

    public override string ToString() => Trigger switch
    {
        FunctionTriggerKind.Http => $"{Name}: [{(Methods is null ? "*" : string.Join(',', Methods))}] /api/{Route} ({AuthLevel})",
        FunctionTriggerKind.Queue => $"{Name}: queue '{QueueName}' ({Connection})",
        _ => $"{Name}: timer '{Schedule}'",
    };
}
