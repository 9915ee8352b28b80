using System.Reflection;
using Microsoft.Extensions.DependencyInjection;

namespace OnDuty.LocalHost;

/// <summary>
/// Checks at start that every function class can be built from the container, so a missing registration names
/// the class and parameter instead of failing the first request.
/// </summary>
internal static class FunctionActivation
{
    public static void EnsureConstructorsResolvable(FunctionCatalog catalog, IServiceProvider services)
    {
        var isService = services.GetRequiredService<IServiceProviderIsService>();
        foreach (var type in catalog.Functions.Where(f => !f.Method.IsStatic).Select(f => f.Method.DeclaringType!).Distinct())
        {
            var constructors = type.GetConstructors(BindingFlags.Public | BindingFlags.Instance);
            if (constructors.Length == 0)
            {
                throw new InvalidOperationException($"Function class {type.FullName} has no public constructor.");
            }

            bool Resolvable(ParameterInfo p) => p.HasDefaultValue || isService.IsService(p.ParameterType);
            if (!constructors.Any(c => c.GetParameters().All(Resolvable)))
            {
                var parameter = constructors.MaxBy(c => c.GetParameters().Length)!.GetParameters().First(p => !Resolvable(p));
                throw new InvalidOperationException(
                    $"Function class {type.FullName}: constructor parameter '{parameter.Name}' ({parameter.ParameterType.Name}) is not registered; add it in AddOnDutyApp.");
            }
        }
    }
}
