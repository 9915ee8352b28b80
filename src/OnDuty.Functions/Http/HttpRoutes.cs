using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.Azure.Functions.Worker;

namespace OnDuty.Functions.Http;

/// <summary>
/// The app's HTTP routes and the methods each takes, read from the <c>[HttpTrigger]</c> attributes of its functions (as both
/// hosts read them), so that a request no function took can be told apart: a route that takes other methods, or no route.
/// </summary>
public sealed class HttpRoutes
{
    /// <summary>The <c>extensions.http.routePrefix</c> of host.json.</summary>
    public const string Prefix = "/api";

    private static readonly string[] MethodOrder = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

    private readonly IReadOnlyList<(TemplateMatcher Matcher, IReadOnlyList<string>? Methods)> _routes;

    private HttpRoutes(IReadOnlyList<(TemplateMatcher, IReadOnlyList<string>?)> routes)
    {
        _routes = routes;
    }

    /// <summary>The routes of OnDuty.Functions, but <paramref name="except"/> (the catch-all itself).</summary>
    public static HttpRoutes Of(Assembly assembly, string except)
    {
        var routes = new List<(TemplateMatcher, IReadOnlyList<string>?)>();
        foreach (var method in assembly.GetTypes().SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)))
        {
            var function = method.GetCustomAttribute<FunctionAttribute>();
            var trigger = method.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(a => a is not null);
            if (function is null || trigger is null || function.Name == except)
            {
                continue;
            }

            // The Functions host serves a trigger without a route on its function name.
            var template = string.IsNullOrWhiteSpace(trigger.Route) ? function.Name : trigger.Route.Trim('/');
            var methods = trigger.Methods is { Length: > 0 } listed ? listed.Select(m => m.ToUpperInvariant()).ToList() : null;
            routes.Add((new TemplateMatcher(TemplateParser.Parse(template), new RouteValueDictionary()), methods));
        }

        return new HttpRoutes(routes);
    }

    /// <summary>
    /// The methods some route takes at <paramref name="path"/> (under <see cref="Prefix"/>), in the usual order; empty when no
    /// route has that path; null when one takes any method.
    /// </summary>
    public IReadOnlyList<string>? MethodsAt(PathString path)
    {
        if (!path.StartsWithSegments(Prefix, out var rest))
        {
            return [];
        }

        var methods = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (matcher, routeMethods) in _routes)
        {
            if (matcher.TryMatch(rest, []))
            {
                if (routeMethods is null)
                {
                    return null;
                }

                methods.UnionWith(routeMethods);
            }
        }

        return [.. methods.OrderBy(m => Array.IndexOf(MethodOrder, m) is var i and >= 0 ? i : MethodOrder.Length).ThenBy(m => m, StringComparer.Ordinal)];
    }
}
