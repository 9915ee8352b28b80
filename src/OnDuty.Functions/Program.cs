using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using OnDuty.Core.Common;
using OnDuty.Functions;
using OnDuty.Functions.Telemetry;

try
{
    var builder = FunctionsApplication.CreateBuilder(args);
    builder.ConfigureFunctionsWebApplication();
    builder.Services.AddOnDutyTelemetry(builder.Configuration);
    builder.Services.AddOnDutyApp(builder.Configuration);
    builder.Build().Run();
    return 0;
}
catch (SettingsFormatException error)
{
    // The settings to fix, one a line, in the admin's words (the Functions host logs the worker's error output).
    Console.Error.WriteLine(error.Message);
    return 1;
}
