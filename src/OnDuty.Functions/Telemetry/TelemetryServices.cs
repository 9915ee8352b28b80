using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OnDuty.Core.Notifications;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Logs;

namespace OnDuty.Functions.Telemetry;

/// <summary>
/// OpenTelemetry for the isolated worker, exported to Application Insights when
/// <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set (in Azure); off otherwise, so local runs and tests send nothing.
/// host.json's <c>telemetryMode: OpenTelemetry</c> makes the host itself use the same pipeline.
/// </summary>
public static class TelemetryServices
{
    public const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    public const string AuthenticationStringSetting = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    public static IServiceCollection AddOnDutyTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration[ConnectionStringSetting];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return services;
        }

        var credential = ApplicationInsightsAuthentication.CredentialFor(configuration[AuthenticationStringSetting]);
        services.AddOpenTelemetry()
            .UseFunctionsWorkerDefaults()
            // The outbox's delivery delay and give-ups (OutboxMetrics): how long pages took, where a team can alert on it.
            .WithMetrics(metrics => metrics.AddMeter(OutboxMetrics.MeterName))
            .UseAzureMonitorExporter(options =>
            {
                options.ConnectionString = connectionString;
                // The template turns off Application Insights' local (key) auth: telemetry is sent with the app's identity.
                if (credential is not null)
                {
                    options.Credential = credential;
                }
            });

        // Scopes carry IncidentId / RotationId (LogScopes) into every record's dimensions; message templates stay
        // structured. No message template here logs a secret, token or email body.
        services.Configure<OpenTelemetryLoggerOptions>(options =>
        {
            options.IncludeScopes = true;
            options.IncludeFormattedMessage = true;
        });
        return services;
    }
}
