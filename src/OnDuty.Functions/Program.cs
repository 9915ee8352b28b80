using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using OnDuty.Functions;
using OnDuty.Functions.Telemetry;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddOnDutyTelemetry(builder.Configuration);
builder.Services.AddOnDutyApp(builder.Configuration);
builder.Build().Run();
