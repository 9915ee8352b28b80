using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OnDuty.Core;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Functions.Health;
using OnDuty.Functions.Pages;
using OnDuty.Infrastructure;
using OnDuty.Messages;

namespace OnDuty.Functions;

/// <summary>The one composition root both hosts (Functions worker and LocalHost) call.</summary>
public static class AppServices
{
    public static IServiceCollection AddOnDutyApp(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOnDutyCore();
        // No host environment (a bare container, as the deployment tests build) counts as not Development.
        services.AddOptions<IncidentOptions>()
            .Validate<IServiceProvider>(
                (o, provider) => o.AckTokenSecret != SampleSecrets.AckTokenSecret || (provider.GetService<IHostEnvironment>()?.IsDevelopment() ?? false),
                "Incidents__AckTokenSecret is the public sample value from local.settings.sample.json, refused outside the Development environment: set your own (e.g. `openssl rand -base64 32`).")
            .ValidateOnStart();
        services.AddOnDutyInfrastructure();
        services.AddOnDutyMessages();
        services.AddOnDutyPages();
        services.AddSingleton<StartupState>();
        services.AddSingleton<Sms.TwilioWebhook>();
        services.AddSingleton<Incidents.DeliveryRecorder>();
        services.AddHostedService<StartupWork>();
        services.AddHostedService<Incidents.AlertIntakeDrain>();
        // Before the host is built, so an unreadable value stops the start as one error naming them all (the hosts' Program prints it),
        // not in the host's start-failure log with a stack trace.
        SettingsFormatException.ThrowIfAny(configuration, services.Select(d => d.ImplementationInstance).OfType<SettingsSection>());
        return services;
    }
}
