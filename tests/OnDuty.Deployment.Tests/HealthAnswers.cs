using System.Reflection;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using OnDuty.Core.Health;
using OnDuty.Functions.Health;

namespace OnDuty.Deployment.Tests;

/// <summary>The health functions' answers as the ASP.NET Core integration writes them (status and body bytes).</summary>
internal static class HealthAnswers
{
    /// <summary>
    /// <c>GET /api/health</c> (anonymous), or with <paramref name="details"/> <c>GET /api/health/details</c>, over these checks and
    /// <paramref name="warnings"/>, start-up work done.
    /// </summary>
    public static async Task<(int Status, string Body)> GetAsync(
        IHealthProbe[] probes, IDegradationCheck[] degradations, DependencyWarnings? warnings = null, bool details = false)
    {
        var startup = new StartupState();
        // Start-up work (table creation) is done: what StartupWork reports once storage answered.
        typeof(StartupState).GetMethod("Done", BindingFlags.Instance | BindingFlags.NonPublic)!.Invoke(startup, null);
        var function = new HealthFunction(startup, probes, degradations, warnings ?? new DependencyWarnings(), [], NullLogger<HealthFunction>.Instance);

        await using var services = new ServiceCollection().AddLogging().AddMvcCore().Services.BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.Method = "GET";
        context.Request.Path = details ? "/api/health/details" : "/api/health";
        using var body = new MemoryStream();
        context.Response.Body = body;

        var result = details ? await function.Details(context.Request) : await function.Run(context.Request);
        await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));

        return (context.Response.StatusCode, Encoding.UTF8.GetString(body.ToArray()));
    }
}
