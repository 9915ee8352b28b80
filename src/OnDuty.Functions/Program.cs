using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using OnDuty.Core.Common;
using OnDuty.Functions;
using OnDuty.Functions.Telemetry;

// A refused setting ends the start as its sentences alone, one a line, exit code 1 (the Functions host logs the worker's error
// output); any other exception keeps its stack trace.
return await StartupRefusal.RunAsync(
    () =>
    {
        var builder = FunctionsApplication.CreateBuilder(args);
        builder.ConfigureFunctionsWebApplication();
        builder.Services.AddOnDutyTelemetry(builder.Configuration);
        builder.Services.AddOnDutyApp(builder.Configuration);
        var host = builder.Build();
        // Every section's checks before any service is created: one that reads its options (Email) would fail alone.
        StartupRefusal.CheckSettings(host.Services);
        return host.RunAsync();
    },
    Console.Error);
